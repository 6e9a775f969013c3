"""A fast path gives the answer of the general way it stands in front of, on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extraction.dom import word_chars

_NOT_WORD = re.compile(r"\W+")


@settings(max_examples=400)
@given(st.text(st.characters(max_codepoint=0x7F)) | st.text())
def test_word_chars_of_ascii_bytes_are_the_patterns(text: str) -> None:
    # word_chars folds an ASCII text through its bytes, any other through the pattern
    assert word_chars(text) == _NOT_WORD.sub("", text).casefold()


def test_word_chars_keep_letters_digits_and_underscores() -> None:
    assert word_chars("Re: The Clinic's 2nd_Floor -- OPEN!") == "retheclinics2nd_flooropen"
    assert word_chars("Ärzte am Zürichsee") == "ärzteamzürichsee"
