"""The reporting verbs, the subordinators and the words that make "<word> to <verb>" a claim,
read from the lexicon's tuples, match what they name and nothing beside it."""

from __future__ import annotations

import pytest

from tracker.comparison.claim_features import (
    _REPORT_RE,
    _SUBORD_RE,
    _SUBORDINATE_BEFORE_RE,
    read_cues,
    rule_strength,
)
from tracker.comparison.claims import _PURPOSE_RE, assess


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


@pytest.mark.parametrize(
    ("sentence", "level"),
    [
        ("This signalling pathway underlies the resistance of tumour cells to cisplatin.", 3),
        ("Our data identify the kinase as a key regulator of bone remodelling.", 3),
        ("The compound was protective against kidney injury in ageing rats.", 3),
        ("Weight and blood pressure moved in the same direction over the year.", 1),
        ("Sleep length and mood scores went in opposite directions in winter.", 1),
        ("Patients with underlying heart conditions were excluded.", 0),
        ("The regulator of the gas market issued a statement on Monday.", 0),
        ("Protective gloves are sold at the front desk.", 0),
    ],
)
def test_how_abstracts_name_a_mechanism_or_a_comovement(sentence: str, level: int) -> None:
    assert rule_strength(read_cues(sentence)) == level


@pytest.mark.parametrize(
    "sentence",
    [
        "This signalling pathway underlies the resistance of tumour cells to cisplatin.",
        "Our data identify the kinase as a key regulator of bone remodelling.",
        "The compound was protective against kidney injury in ageing rats.",
    ],
)
def test_the_shipped_reading_of_a_named_mechanism_is_direct_causal(sentence: str) -> None:
    assert assess(sentence).strength == 3
