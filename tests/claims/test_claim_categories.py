"""What a claim is about: every category a watchdog reads, on sentences written for it."""

from __future__ import annotations

import pytest

from tracker.comparison.claims import CATEGORIES, assess


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("Knee injections relieve arthritis pain within weeks.", "efficacy"),
        ("Our success rate is 94% for rotator cuff repair.", "efficacy"),
        ("The procedure is safe and well tolerated.", "safety"),
        ("There are no side effects.", "safety"),
        ("Injections may cause bleeding or infection at the site.", "warning"),
        ("Do not use this product if you are pregnant.", "warning"),
        ("Serious risks include stroke and pulmonary embolism.", "warning"),
        ("We have treated over 1,200 patients since opening.", "count"),
        ("Our findings rest on 14 randomized trials.", "count"),
        ("A single injection costs $4,500.", "price"),
        ("Most plans of insurance do not cover the procedure.", "price"),
        ("A 2021 systematic review found the same benefit.", "evidence"),
        ("Our device is FDA-cleared for chronic back pain.", "approval"),
        ("The laboratory is licensed and registered with the state.", "approval"),
        ("This treatment is not approved by the FDA.", "disclaimer"),
        (
            "These statements have not been evaluated by the Food and Drug Administration.",
            "disclaimer",
        ),
        ("The kit is sold for research use only.", "disclaimer"),
        (
            "This product is not intended to diagnose, treat, cure or prevent any disease.",
            "disclaimer",
        ),
        ("Individual results may vary.", "disclaimer"),
        ("Microsoft does not access private data without your consent.", "commitment"),
        ("We may only use the data consistent with this statement.", "commitment"),
        ("We will never sell your personal information to third parties.", "commitment"),
        ("We delete your account data within 30 days of a request.", "commitment"),
        ("Dr. Reyes is a board-certified orthopedic surgeon.", "credential"),
        ("Our clinic is accredited by the Joint Commission.", "credential"),
        ("We are the leading stem cell clinic in Texas.", "superlative"),
        ("It is the only treatment of its kind in Mexico.", "superlative"),
    ],
)
def test_each_category_is_read(sentence: str, category: str) -> None:
    assessment = assess(sentence)
    assert assessment.is_claim
    assert category in assessment.categories, assessment.categories


def test_categories_are_the_declared_vocabulary() -> None:
    found = {
        c
        for s in ("We may only use your data.", "Not approved by the FDA.")
        for c in assess(s).categories
    }
    assert found <= set(CATEGORIES)


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("There are no side effects and no complications.", "warning"),  # a safety claim
        ("We may only use the data consistent with this statement.", "superlative"),
        ("We may only use the data consistent with this statement.", "evidence"),
        ("Cells were stored in liquid nitrogen.", "commitment"),  # no promise, nothing of yours
        ("The study data were shared with the journal.", "commitment"),
        ("The clinic opened its doors in 2012.", "count"),
    ],
)
def test_what_a_sentence_is_not_about(sentence: str, absent: str) -> None:
    assert absent not in assess(sentence).categories


def test_a_commitment_measures_how_much_it_binds() -> None:
    assert assess("We may only use the data consistent with this statement.").protection == 1
    assert assess("We may use the data consistent with this statement.").protection == 0
    assert assess("The app does not access private data without your consent.").protection == 0
    assert assess("The app does not access private data.").protection == 1
    assert assess("Stem cells relieve pain.").protection is None  # no promise at all


def test_limitations_are_listed_in_order() -> None:
    found = assess("In some patients the injections may help, but they are not FDA approved.")
    assert found.limitations[0] == "in some patients"
    assert any("not" in limit and "approved" in limit for limit in found.limitations)
    assert assess("Stem cells relieve pain.").limitations == ()
