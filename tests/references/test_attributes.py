"""The token model's attributes are the ones it was trained with: any change to how they are
built (memoised per token, per neighbour offset, per context state) must leave them alone."""

from __future__ import annotations

from tracker.extraction.ref_model import attributes
from tracker.memo import forget_all


def test_attributes_of_a_two_token_reference() -> None:
    expected = [
        ["bias=1.0", "pos=0", "rel=0", "w=vries", "shape=Xxx,", "p3=vri", "s3=ies", "last=,",
         "first=A", "cap", "cue=", "len=5", "stops=0", "commas=0", "frac=0", "stops_last=0|,",
         "-3:edge", "-2:edge", "-1:edge", "1:w=2019", "1:shape=(dd).", "1:last=.", "1:year",
         "1:cue=", "1:digits", "2:edge", "3:edge", "w|+1w=vries|2019", "last|+1first=,|("],
        ["bias=1.0", "pos=1", "rel=5", "w=2019", "shape=(dd).", "p3=201", "s3=019", "last=.",
         "first=(", "digits", "year", "cue=", "paren_open", "paren_close", "len=4", "stops=0",
         "commas=1", "frac=2", "stops_last=0|.", "-3:edge", "-2:edge", "-1:w=vries",
         "-1:shape=Xxx,", "-1:last=,", "-1:cap", "-1:cue=", "1:edge", "2:edge", "3:edge",
         "-1w|w=vries|2019", "-1last|shape=,|(dd)."],
    ]  # fmt: skip
    forget_all()
    assert attributes(["Vries,", "(2019)."]) == expected
    assert attributes(["Vries,", "(2019)."]) == expected  # remembered alike


def test_far_neighbours_are_seen_by_word_and_last_character_only() -> None:
    tokens = ["Lind", "E.", "Sauna", "use", "in", "Tampere.", "Acta", "Med.", "2020;4:1-9."]
    middle = attributes(tokens)[3]
    assert [a for a in middle if a.startswith(("-3:", "3:"))] == [
        "-3:w=lind", "-3:last=a", "3:w=acta", "3:last=a",
    ]  # fmt: skip
    assert "-2:w=e" in middle and "-2:initial" in middle and "2:cap" in middle


def test_shapes_and_flags_of_ascii_and_other_tokens_alike() -> None:
    forget_all()
    own = [set(item) for item in attributes(["Ødegård,", "J.-P.", "ABC.", "1999–2001", "Müller"])]
    assert "shape=Xxx," in own[0] and "inits" not in own[0]
    assert {"shape=X.-X.", "initial"} <= own[1] and "inits" not in own[1]
    assert {"shape=XX.", "inits", "upper"} <= own[2] and "initial" not in own[2]
    assert {"shape=dd–dd", "digits", "range"} <= own[3] and "year" not in own[3]
    assert "shape=Xxx" in own[4] and "digits" not in own[4]


def test_a_shape_cuts_each_run_to_two() -> None:
    from tracker.extraction.ref_features import _shape

    assert _shape("Mississippi,") == "Xxx,"
    assert _shape("1999–2001") == "dd–dd"
    assert _shape("AAAbbb...") == "XXxx.."
    assert _shape("a\n\n\nb") == "x\n\n\nx"  # a line end is no run, as the pattern read it
