"""Word lists written as tuples and joined by ``one_of`` match what their alternation did."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.extraction.boilerplate import _STATES, _ends_in_state, _words
from tracker.extraction.date_cues import CHANGE_LOG_HEADING, CHANGE_VERB, NOT_THE_PAGES
from tracker.extraction.patterns import one_of
from tracker.extraction.reference_authors import ORG_WORDS
from tracker.extraction.reference_list import REFERENCE_HEADING


@given(
    st.text("-_a", max_size=4),
    st.sampled_from([*_STATES, "pen", "x", ""]),
    st.text("-_", max_size=2),
)
def test_a_token_ends_in_state_as_the_endings_say(before: str, state: str, edge: str) -> None:
    # the part after the last edge looked up: what ``endswith`` of every "-state" and
    # "_state" said
    token = before + edge + state
    endings = tuple(f"{edge}{state}" for edge in "-_" for state in _STATES)
    assert _ends_in_state(_words(token)) == token.endswith(endings)


def _token_ends_in_state(token: str) -> bool:
    return _ends_in_state(_words(token))


WORDS = st.lists(st.text("abc", min_size=1, max_size=3), min_size=1, max_size=5)


@given(WORDS, st.text("abcxy", max_size=12))
def test_one_of_matches_any_word_as_one_group(words: list[str], text: str) -> None:
    # the words stay one group between what stands before and after them
    found = re.search("x" + one_of(words) + "y", text)
    assert bool(found) == any(f"x{word}y" in text for word in words)
    assert bool(re.fullmatch(one_of(words), text)) == (text in words)


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (CHANGE_VERB.match, "Added a section on cookies", True),
        (CHANGE_VERB.match, "Mise à jour des conditions", True),
        (CHANGE_VERB.match, "aggiornata la sezione 3", True),
        (CHANGE_VERB.match, "Initially we", True),  # a stem: "initial" opens it
        (CHANGE_VERB.match, "The section was added", False),
        (CHANGE_LOG_HEADING.search, "Document history", True),
        (CHANGE_LOG_HEADING.search, "Historial de versiones", True),
        (CHANGE_LOG_HEADING.search, "History of revisions", True),
        (CHANGE_LOG_HEADING.search, "Contact us", False),
        (NOT_THE_PAGES.search, "Member since: 2019", True),
        (NOT_THE_PAGES.search, "Mitglied seit 2020", True),
        (NOT_THE_PAGES.search, "membro desde 2021", True),
        (NOT_THE_PAGES.search, "rejoined in 2020", False),
        (NOT_THE_PAGES.search, "Last updated: 2024-01-27", False),
        (REFERENCE_HEADING.match, "References", True),
        (REFERENCE_HEADING.match, "2. References and further reading:", True),
        (REFERENCE_HEADING.match, "Quellen", True),
        (REFERENCE_HEADING.match, "Endnotes", True),
        (REFERENCE_HEADING.match, "References to other pages", False),
        (ORG_WORDS.search, "World Health Organization", True),
        (ORG_WORDS.search, "COVID-19 Task Force", True),
        (ORG_WORDS.search, "Smith J, Institutional", False),
        (_token_ends_in_state, "menu-open", True),
        (_token_ends_in_state, "header_sticky", True),
        (_token_ends_in_state, "subscription-eligible", True),
        (_token_ends_in_state, "open-menu", False),
        (_token_ends_in_state, "reopened", False),
    ],
)
def test_word_list_patterns(pattern: Callable[[str], object], text: str, found: bool) -> None:
    assert bool(pattern(text)) == found
