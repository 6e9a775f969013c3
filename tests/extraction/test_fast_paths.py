"""A fast path gives the answer of the general way it stands in front of, on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extraction.clean import hidden_rules
from tracker.extraction.dom import parse, word_chars
from tracker.extraction.segment import segment

_NOT_WORD = re.compile(r"\W+")


@settings(max_examples=400)
@given(st.text(st.characters(max_codepoint=0x7F)) | st.text())
def test_word_chars_of_ascii_bytes_are_the_patterns(text: str) -> None:
    # word_chars folds an ASCII text through its bytes, any other through the pattern
    assert word_chars(text) == _NOT_WORD.sub("", text).casefold()


def test_word_chars_keep_letters_digits_and_underscores() -> None:
    assert word_chars("Re: The Clinic's 2nd_Floor -- OPEN!") == "retheclinics2nd_flooropen"
    assert word_chars("Ärzte am Zürichsee") == "ärzteamzürichsee"


def test_a_blocks_marked_elements_are_its_element_and_ancestors() -> None:
    # revoke_wrapping_marks credits a block's text to its marked elements without climbing
    # to them: the segmenter passes an element's mark down to the blocks inside it
    html = (
        "<html><body><div class='sidebar'><section id='newsletter'><p>Sign up for the "
        "weekly letter <span class='share-count'>12</span></p><ul><li>One item</li></ul>"
        "</section></div><article><p>The clinic opens on Monday.</p></article></body></html>"
    )
    root = parse(html)
    blocks = segment(root, hidden_rules(root))
    assert any(block.marks for block in blocks)
    for block in blocks:
        path = {block.element, *block.element.iterancestors()}
        assert all(mark[2] in path for mark in block.marks)
