"""The reporting verbs and the words that make "<word> to <verb>" a claim, read from the
lexicon's tuples, match what they name and nothing beside it."""

from __future__ import annotations

import pytest

from tracker.comparison.claim_features import _REPORT_RE
from tracker.comparison.claims import _PURPOSE_RE


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the study showed that", "showed"),
        ("researchers concluded", "concluded"),
        ("according to the authors", "according to"),
        ("the findings suggest", "findings"),
        ("showcase events", None),
        ("a reporter's notes", None),
    ],
)
def test_reporting_verbs(text: str, found: str | None) -> None:
    match = _REPORT_RE.search(text)
    assert (match.group(0) if match else None) == found


@pytest.mark.parametrize(
    ("before", "purpose"),
    [
        ("in order to ", True),
        ("a plan to ", True),
        ("it helps to ", False),
        ("was shown to ", False),
        ("it tends to ", False),
        ("a chopper is used to ", False),
        ("the unhelped to ", True),  # a word that only ends like one of the list
    ],
)
def test_purpose_unless_a_word_makes_it_a_claim(before: str, purpose: bool) -> None:
    assert bool(_PURPOSE_RE.search(before)) == purpose
