"""assess never crashes on any text, is deterministic, and keeps its invariants."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.comparison.claims import CATEGORIES, assess

VALUE = re.compile(r"\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?")
WORDS = st.sampled_from(
    [
        "may",
        "might",
        "could",
        "can",
        "reduces",
        "cures",
        "is",
        "associated",
        "with",
        "linked",
        "not",
        "no",
        "never",
        "1,000",
        "$5",
        "2.5",
        "mg",
        "ten",
        "years",
        "over",
        "%",
        "percent",
        "most",
        "some",
        "clearly",
        "proven",
        "patients",
        "studies",
        "FDA",
        "best",
        "(",
        ")",
        "[3]",
        ",",
        ".",
        "?",
        "!",
        "-",
        "–",
        "“",
        "”",
        "'",
        "the",
        "a",
        "who",
        "that",
        "which",
    ]
)
SENTENCES = st.one_of(
    st.text(max_size=400),
    st.text(alphabet="0123456789,.$%€- and", max_size=6000),
    st.lists(WORDS, max_size=40).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(SENTENCES, st.booleans())
def test_assess_never_crashes_and_is_deterministic(text: str, cites: bool) -> None:
    first = assess(text, cites_reference=cites)
    second = assess(text, cites_reference=cites)
    assert first == second
    assert first.text == text
    assert first.strength in (0, 1, 2, 3)
    assert 0.0 <= first.certainty <= 1.0
    assert set(first.categories) <= set(CATEGORIES)
    assert cites is ("cites_reference" in first.categories)
    if cites:
        assert first.is_claim
    for quantity in first.numbers:
        assert quantity.text
        assert VALUE.fullmatch(quantity.value), quantity


@settings(max_examples=100, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=30).map(" ".join))
def test_hedges_and_boosters_are_words_of_the_sentence(text: str) -> None:
    found = assess(text)
    lowered = text.lower()
    for phrase in (*found.hedges, *found.boosters):
        assert phrase in lowered
