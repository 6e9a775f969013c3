"""The class/id vocabulary gives the answer of searching every pattern in order."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extraction.boilerplate import _VOCABULARY
from tracker.extraction.patterns import EdgeVocabulary, spellings

VOCABULARY = EdgeVocabulary(_VOCABULARY)
SEARCHED = [
    (value, re.compile(rf"(?:^|(?<=[-_]))(?:{pattern})(?:$|[-_])"))
    for value, pattern in _VOCABULARY
]
# words of the vocabulary cut up, so generated tokens often touch a pattern's edge
PIECES = sorted({piece for _, pattern in _VOCABULARY for piece in re.split(r"[|()?]", pattern)})


def searched(token: str) -> object:
    return next((value for value, pattern in SEARCHED if pattern.search(token)), None)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(PIECES), st.text("abcdeilnorstw0-_", max_size=6)), max_size=5
    ).map("".join)
)
def test_first_is_the_first_pattern_searched(token: str) -> None:
    assert VOCABULARY.first(token) == searched(token)


def test_tokens_at_and_between_edges() -> None:
    for token in [
        "share-buttons",
        "shareholder",
        "post-share",
        "x--nav",
        "cookie-banner-2",
        "navbar",
    ]:
        assert VOCABULARY.first(token) == searched(token), token


def test_spellings_of_a_finite_pattern_and_none_for_an_open_one() -> None:
    assert spellings("cookie-?(banner|bar)s?") == {
        f"cookie{dash}{word}{s}"
        for dash in ("", "-")
        for word in ("banner", "bar")
        for s in ("", "s")
    }
    assert spellings(r"ad\d+") is None
    assert spellings("a+") is None
    assert spellings("(?=a)b") is None


def test_an_open_pattern_is_searched_in_its_turn() -> None:
    vocabulary = EdgeVocabulary([("late", "promo"), ("open", r"ad\d+"), ("plain", "ad7")])
    assert vocabulary.first("promo-ad7") == "late"
    assert vocabulary.first("x-ad7") == "open"
    assert vocabulary.first("x-ad") is None


def test_a_word_opening_strings_of_several_patterns_gives_the_first_pattern_matched() -> None:
    vocabulary = EdgeVocabulary([("bar", "cookie-bar"), ("any", "cookie|banner")])
    assert vocabulary.first("banner-cookie-bar") == "bar"  # the first pattern, at a later word
    assert vocabulary.first("x-cookie-barn") == "any"  # "cookie-bar" ends inside a word
    assert vocabulary.first("cookie_bar") == "any"  # the string's own "-" is no "_"
    assert vocabulary.first("x-cookies") is None
