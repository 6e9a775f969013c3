"""date_labels skips the label scan only where no label can be: it finds what DATE_LABEL finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tracker.extraction.date_cues import (
    _KIND_WORDS,
    DATE_LABEL,
    LABEL_FIRST_PAIRS,
    LABEL_FIRST_WORDS,
    date_labels,
    label_line,
)
from tracker.memo import forget_all

# every label as written (one space for each run of spaces: the first word is what counts)
_LABELS = st.one_of(
    [
        st.from_regex(re.compile(words.replace(r"\s+", " ")), fullmatch=True)
        for words in _KIND_WORDS.values()
    ]
)
_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123_", min_size=1, max_size=9)
# words beyond ASCII, some with a letter that ignoring case reads as an ASCII one ("ı", "ſ")
_WORDS_BEYOND_ASCII = st.text(alphabet="abdeiklpstuéüÉÜıİſK’0_", min_size=1, max_size=9)
_SEPARATORS = st.sampled_from(
    [" ", ": ", ", ", " (", "_", "-", "|", "  ", ". ", " — ", "’", "\xa0", " · "]
)


@given(_LABELS)
def test_every_label_opens_with_listed_first_words(label: str) -> None:
    words = [word.lower() for word in re.findall(r"\w+", label)]
    assert words[0] in LABEL_FIRST_WORDS or tuple(words[:2]) in LABEL_FIRST_PAIRS


@given(
    st.lists(
        st.tuples(
            st.one_of(
                _LABELS.map(str.title),
                _LABELS.map(str.upper),
                _LABELS,
                _WORDS,
                _WORDS_BEYOND_ASCII,
            ),
            _SEPARATORS,
        ),
        max_size=12,
    )
)
def test_date_labels_finds_what_the_pattern_finds(pieces: list[tuple[str, str]]) -> None:
    text = "".join(piece + separator for piece, separator in pieces) + "2024-05-01"
    forget_all()
    found = [(label.span(), label.group()) for label in date_labels(text)]
    assert found == [(label.span(), label.group()) for label in DATE_LABEL.finditer(text)]


@given(
    st.one_of(_LABELS.map(str.title), _LABELS.map(str.upper), _LABELS, _WORDS),
    _SEPARATORS,
    st.one_of(_LABELS, _WORDS, st.just("")),
)
def test_a_label_line_is_what_the_pattern_reads_as_a_whole_line(
    opening: str, separator: str, rest: str
) -> None:
    # an ASCII line is asked of the pattern only when its first word opens a label
    for text in (opening, opening + separator, opening + separator + rest):
        found = label_line(text)
        whole = DATE_LABEL.fullmatch(text)
        assert (found and found.span()) == (whole and whole.span())


def test_a_text_without_labels_has_none() -> None:
    assert date_labels("In 5000 patients the dose reduced pain (3) in trials.") == ()
    assert date_labels("Rules in effect from 2024-05-01")[0].group("label") == "in effect"
    assert date_labels("Last updated: 2024-05-01")[0].group("label") == "Last updated"
    assert date_labels("“Quoted” — no label in 2024") == ()
    assert date_labels("— PUBLIÉ LE 1er mai 2024")[0].group("label") == "PUBLIÉ"
    assert date_labels("— UPDATED: 1 May 2024 — ſo")[0].group("label") == "UPDATED"
