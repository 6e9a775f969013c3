"""Sentence frames that carry a relation word without asserting a relation."""

from __future__ import annotations

import pytest

from tracker.comparison.claim_features import features


@pytest.mark.parametrize(
    ("sentence", "frame"),
    [
        ("Hip fracture rates increased 20% between 2001 and 2011.", "frame:main_is_trend"),
        ("The trial aims to test whether aspirin lowers blood pressure.", "frame:aim"),
        ("The results appear in the March issue of the journal Gut.", "frame:publication"),
        ("Doctors should ask every patient about sleep.", "frame:deontic"),
        ("Gout is a painful disease that affects the joints.", "frame:copula_definition"),
        ("Previous studies have linked noise to stress.", "frame:prior"),
        ("Researchers followed 900 children for ten years.", "frame:method"),
        ("Clinics saw no increase in visits this winter.", "frame:main_nominal"),
    ],
)
def test_descriptive_frames_are_named(sentence: str, frame: str) -> None:
    assert frame in features(sentence)


def test_an_asserted_relation_is_not_a_trend_or_aim() -> None:
    found = features("Regular exercise lowers blood pressure in older adults.")
    assert "frame:asserted_1" in found
    assert not any(
        name in found for name in ("frame:main_is_trend", "frame:aim", "frame:no_asserted_relation")
    )
