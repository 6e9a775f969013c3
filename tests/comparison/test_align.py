"""Alignment: exact, rewritten, moved, split, merged; and its invariants on random input."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.comparison.align import AlignOp, align, similarity
from tracker.comparison.normalize import match_key

OLD = [
    "Knee pain affects millions of adults.",
    "Stem cell therapy may reduce inflammation in the joint.",
    "Our clinic has treated over 800 patients since 2015.",
    "Recovery",
    "Most patients walk unaided within two days of the procedure.",
    "Swelling usually settles after a week.",
    "Costs",
    "A single treatment costs 4,500 dollars, and financing is available for most patients.",
]


def kinds(ops: list[AlignOp]) -> Counter[str]:
    return Counter(op.kind for op in ops)


def accounted(ops: list[AlignOp], old: list[str], new: list[str]) -> None:
    assert sorted(i for op in ops for i in op.old) == list(range(len(old)))
    assert sorted(j for op in ops for j in op.new) == list(range(len(new)))


def test_identical_is_all_equal() -> None:
    ops = align(OLD, OLD)
    assert kinds(ops) == Counter({"equal": len(OLD)})
    accounted(ops, OLD, OLD)


def test_rewrite_is_one_modification_in_place() -> None:
    new = list(OLD)
    new[1] = "Stem cell therapy reduces inflammation in the joint."
    ops = align(OLD, new)
    changed = [op for op in ops if op.kind != "equal"]
    assert changed == [AlignOp("modified", (1,), (1,), changed[0].score)]


def test_added_and_removed() -> None:
    new = [*OLD[:2], "A brand new paragraph about cartilage growth.", *OLD[3:]]
    ops = align(OLD, new)
    assert kinds(ops)["removed"] == 1 and kinds(ops)["added"] == 1
    accounted(ops, OLD, new)


def test_moved_section_is_moved_not_removed_and_added() -> None:
    new = [*OLD[:3], *OLD[6:], *OLD[3:6]]  # the Costs section now comes before Recovery
    ops = align(OLD, new)
    counts = kinds(ops)
    assert counts["removed"] == counts["added"] == 0
    assert counts["moved"] == 2  # the lighter block (Costs) moved, Recovery stayed
    moved = {OLD[i] for op in ops if op.kind == "moved" for i in op.old}
    assert moved == set(OLD[6:])


def test_moved_and_rewritten() -> None:
    new = [*OLD[:3], *OLD[6:], *OLD[3:6]]
    new[4] = "A single treatment costs 5,200 dollars, and financing is available for most patients."
    ops = align(OLD, new)
    assert kinds(ops)["removed"] == kinds(ops)["added"] == 0
    rewritten = [op for op in ops if op.score < 100]
    assert [(op.kind, op.old, op.new) for op in rewritten] == [("moved", (7,), (4,))]


def test_split_sentence_is_one_change() -> None:
    new = list(OLD)
    new[7:8] = [
        "A single treatment costs 4,500 dollars.",
        "Financing is available for most patients.",
    ]
    ops = align(OLD, new)
    changed = [op for op in ops if op.kind != "equal"]
    assert len(changed) == 1
    assert changed[0].old == (7,) and changed[0].new == (7, 8)


def test_merged_sentences_are_one_change() -> None:
    new = [
        *OLD[:4],
        "Most patients walk unaided within two days, and swelling settles after a week.",
        *OLD[6:],
    ]
    ops = align(OLD, new)
    changed = [op for op in ops if op.kind != "equal"]
    assert len(changed) == 1
    assert changed[0].old == (4, 5) and changed[0].new == (4,)


def test_duplicates_pair_in_order() -> None:
    old = ["Learn more.", "A.", "Learn more.", "B."]
    new = ["Learn more.", "A.", "Learn more.", "B.", "Learn more."]
    ops = align(old, new)
    assert kinds(ops) == Counter({"equal": 4, "added": 1})


def test_long_documents_stay_cheap() -> None:
    old = [
        f"Sentence number {n} talks about topic {n % 97} and detail {n * 7}." for n in range(6000)
    ]
    new = [*old[:3000], "An inserted sentence.", *old[3000:]]
    new[100] = new[100].replace("detail", "a detail")
    ops = align(old, new)
    assert kinds(ops) == Counter({"equal": 5999, "modified": 1, "added": 1})


sentences = st.lists(
    st.sampled_from(
        [
            "Pain fell in most patients.",
            "Pain fell in some patients.",
            "The trial enrolled 40 adults.",
            "The trial enrolled 400 adults.",
            "Costs vary.",
            "Results may differ.",
            "Book a consultation today.",
            "Swelling settles within a week, and most walk the same day.",
        ]
    )
    | st.text(min_size=0, max_size=40),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(sentences, sentences)
def test_every_unit_is_accounted_for_once(old: list[str], new: list[str]) -> None:
    keys_old = [match_key(s) for s in old]
    keys_new = [match_key(s) for s in new]
    accounted(align(keys_old, keys_new), keys_old, keys_new)


@settings(max_examples=100, deadline=None)
@given(sentences)
def test_self_alignment_has_no_changes(old: list[str]) -> None:
    keys = [match_key(s) for s in old]
    assert all(op.kind == "equal" for op in align(keys, keys))


@settings(max_examples=150, deadline=None)
@given(sentences, sentences)
def test_swapping_versions_swaps_added_and_removed(old: list[str], new: list[str]) -> None:
    keys_old = [match_key(s) for s in old]
    keys_new = [match_key(s) for s in new]
    forward = align(keys_old, keys_new)
    backward = align(keys_new, keys_old)
    added = sorted(keys_new[j] for op in forward if op.kind == "added" for j in op.new)
    removed = sorted(keys_new[i] for op in backward if op.kind == "removed" for i in op.old)
    assert added == removed
    gone = sorted(keys_old[i] for op in forward if op.kind == "removed" for i in op.old)
    back = sorted(keys_old[j] for op in backward if op.kind == "added" for j in op.new)
    assert gone == back


def test_huge_units_are_compared_by_words_in_linear_time() -> None:
    giant = " ".join(f"word{n}" for n in range(60_000))  # one 500 KB "sentence"
    edited = giant.replace("word100 ", "changed ")
    ops = align([giant, "Tail."], [edited, "Tail."])
    assert [op.kind for op in ops] == ["modified", "equal"]
    assert similarity("a b c", "a b c") == 100.0
    assert similarity("x " * 4000, "y " * 4000) == 0.0


def test_repeated_cells_follow_their_context() -> None:
    old = ["Plan", "Price", "One bottle", "$39.99", "$39.99", "Three bottles", "$104.97"]
    new = ["Plan", "Price", "One bottle", "$44.99", "$39.99", "Three bottles", "$104.97"]
    changed = [op for op in align(old, new) if op.kind != "equal"]
    assert [(op.kind, op.old, op.new) for op in changed] == [("modified", (3,), (3,))]


def test_a_short_piece_cut_off_a_long_sentence_is_still_a_split() -> None:
    old = [
        "The hearing was moved.",
        "Last month, a judge rejected the request to delay the extradition hearing, which "
        "is now scheduled to take place at the magistrates' court in February.",
        "Reporters were allowed in.",
    ]
    new = [
        old[0],
        "Last month.",
        "A judge rejected the request to delay the extradition hearing, which is now "
        "scheduled to take place at the magistrates' court in February.",
        old[2],
    ]
    changed = [op for op in align(old, new) if op.kind != "equal"]
    assert [(op.kind, op.old, op.new) for op in changed] == [("modified", (1,), (1, 2))]


def test_an_unrelated_new_sentence_does_not_ride_along_with_a_rewrite() -> None:
    old = ["Intro.", "Stem cell therapy may reduce knee pain in older adults.", "Outro."]
    new = [
        "Intro.",
        "Stem cell therapy reduces knee pain in older adults.",
        "Call our front desk to book a visit.",
        "Outro.",
    ]
    changed = [(op.kind, op.old, op.new) for op in align(old, new) if op.kind != "equal"]
    assert changed == [("modified", (1,), (1,)), ("added", (), (2,))]
