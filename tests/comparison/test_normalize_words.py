"""Normalisation keys and the inline word diff."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tracker.comparison.normalize import clean, loose_key, loose_key_of_clean, match_key
from tracker.comparison.words import side, word_diff


def test_typography_folds_to_one_key() -> None:
    curly = "The clinic\u2019s \u201cprotocol\u201d\u00a0works \u2014 in 2\u00a0weeks (3)."
    plain = 'The clinic\'s "protocol" works - in 2 weeks.'
    assert match_key(curly, ("(3)",)) == match_key(plain)


def test_numeric_markers_are_stripped_even_unlisted() -> None:
    assert match_key("Pain fell [2, 4] in most patients (7).") == "Pain fell in most patients."


def test_case_and_words_still_count() -> None:
    assert match_key("Stem cells may help.") != match_key("Stem cells help.")
    assert match_key("stem cells help.") != match_key("Stem cells help.")


def test_nfkc_and_invisible_characters() -> None:
    assert clean("ﬁbrosis\u200b  treatment\u00ad") == "fibrosis treatment"
    assert loose_key("Pain—Relief, Now!") == "pain relief now"


@given(st.text(alphabet=st.sampled_from("ab Z.,;(])[\u2019\u00ad\u200de\u0301\ufb01`1")))
def test_loose_key_of_a_clean_text_is_the_loose_key_of_what_was_cleaned(text: str) -> None:
    # the ledger keys a sentence from its remembered comparison key, never cleaning twice
    assert loose_key_of_clean(clean(text)) == loose_key(text)


def test_word_diff_marks_whole_words() -> None:
    segments = word_diff(
        "Stem cells may reduce pain in 200 patients.", "Stem cells reduce pain in 2,000 patients."
    )
    deleted = [s.text for s in segments if s.op == "delete"]
    inserted = [s.text for s in segments if s.op == "insert"]
    assert "may " in deleted
    assert any("2,000" in text for text in inserted)
    assert all(s.text.strip() or s.op == "equal" for s in segments)


def test_word_diff_of_equal_and_empty() -> None:
    assert word_diff("", "") == []
    assert [s.op for s in word_diff("same", "same")] == ["equal"]
    assert [s.op for s in word_diff("", "new words")] == ["insert"]


@given(st.text(max_size=120), st.text(max_size=120))
def test_word_diff_rebuilds_both_sides(old: str, new: str) -> None:
    segments = word_diff(old, new)
    assert side(segments, "old") == old
    assert side(segments, "new") == new


def test_numbers_change_as_whole_numbers() -> None:
    segments = word_diff("treated 1,000 patients at 4.5 mg", "treated 1,200 patients at 4.0 mg")
    changed = [(s.op, s.text) for s in segments if s.op != "equal"]
    assert changed == [
        ("delete", "1,000"),
        ("insert", "1,200"),
        ("delete", "4.5"),
        ("insert", "4.0"),
    ]
