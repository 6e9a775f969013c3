"""No strengthened / weakened from the real assessor when only a number or a word moved."""

from __future__ import annotations

import pytest
from support.documents import doc

from tracker.comparison.claims import assess
from tracker.comparison.report import build_report
from tracker.model import ClaimTag

DIRECTION = {ClaimTag.STRENGTHENED, ClaimTag.WEAKENED}

# Written for this test: claim sentences edited in a number, a spelling, an unrelated word.
QUIET_EDITS = [
    (
        "Our PRP injections reduce knee pain in 80% of patients.",
        "Our PRP injections reduce knee pain in 85% of patients.",
    ),
    (
        "Stem cell therapy may help 1,200 patients with arthritis each year.",
        "Stem cell therapy may help 1,500 patients with arthritis each year.",
    ),
    (
        "Vitamin D intake was associated with fewer fractures in a study of 4,000 women.",
        "Vitamin D intake was associated with fewer fractures in a study of 5,200 women.",
    ),
    (
        "Since 2015 our surgeons have treated 3,000 patients with keyhole techniques.",
        "Since 2016 our surgeons have treated 3,400 patients with keyhole techniques.",
    ),
    (
        "Acupuncture relieves chronic back pain in most adults.",
        "Acupuncture relieves chronic back pian in most adults.",
    ),
    (
        "The clinic offers infusions that could lower blood pressure within weeks.",
        "The clinic ofers infusions that could lower blood pressure within weeks.",
    ),
    (
        "Regular sauna use is linked to a lower risk of dementia in men.",
        "Regular sauna use is linked to a lower risk of dementia in Finnish men.",
    ),
    (
        "Our laser treatment removes 95 percent of tattoo ink in six sessions.",
        "Our laser treatment removes 90 percent of tattoo ink in eight sessions.",
    ),
]


@pytest.mark.parametrize(("old", "new"), QUIET_EDITS)
def test_number_and_typo_edits_carry_no_direction(old: str, new: str) -> None:
    report = build_report(doc([old]), doc([new]), assess)
    (change,) = report.claim_changes
    assert not DIRECTION & set(change.tags), (change.tags, change.old_strength, change.new_strength)


def test_a_real_move_still_shows() -> None:
    old = "Daily stretching may ease lower back pain."
    new = "Daily stretching eases lower back pain."
    (change,) = build_report(doc([old]), doc([new]), assess).claim_changes
    assert ClaimTag.STRENGTHENED in change.tags and ClaimTag.HEDGE_REMOVED in change.tags
