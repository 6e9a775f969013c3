"""The reporting verbs, the subordinators and the words that make "<word> to <verb>" a claim,
read from the lexicon's tuples, match what they name and nothing beside it."""

from __future__ import annotations

import pytest

from tracker.comparison.claim_features import _REPORT_RE, _SUBORD_RE, _SUBORDINATE_BEFORE_RE
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


@pytest.mark.parametrize(
    ("clause", "anywhere", "ending_before_cue"),
    [
        ("if the drug", True, True),
        ("because patients who", True, True),
        ("after the trial", False, True),
        ("the drug itself", False, False),
        ("sincere thanks to", False, False),
    ],
)
def test_subordinate_clauses(clause: str, anywhere: bool, ending_before_cue: bool) -> None:
    assert bool(_SUBORD_RE.search(clause)) == anywhere
    assert bool(_SUBORDINATE_BEFORE_RE.search(clause + " ")) == ending_before_cue
