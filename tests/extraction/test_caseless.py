"""A caseless pattern finds what the same pattern searched ignoring case finds, on text
of any case and alphabet (class names written by hand, by a framework, in Turkish)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extraction.patterns import Caseless

PATTERN = r"-ad-|^hid$| hid |banner|foot(?:er)?|\bnav\b|kit\w*s"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["-ad-", "hid", "Banner", "FOOTER", "nav", "Kits", " ", "\n"]),
            st.text("abdefhiknorstAHIKNS -_\u017f\u0131\u0130\u212a\u00e9", max_size=5),
        ),
        max_size=6,
    ).map("".join)
)
def test_the_same_answer_as_ignoring_case(text: str) -> None:
    folded = re.compile(PATTERN, re.IGNORECASE)
    assert Caseless(PATTERN).search(text) is (folded.search(text) is not None)


def test_class_names_in_any_case() -> None:
    weights = Caseless(r"sidebar|widget")
    assert weights.search("col-md-4 Site-Sidebar")
    assert weights.search("WIDGET_AREA")
    assert not weights.search("article-body entry-content")
    assert weights.search("wıdget")  # a dotless i is an "i" when case is ignored


def test_a_pattern_with_capitals_is_refused() -> None:
    with pytest.raises(ValueError):
        Caseless(r"Sidebar")
    assert Caseless(r"\bfoot\S*").search("Page FOOTER")  # escapes are no capitals
