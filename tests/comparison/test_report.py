"""compare() on Documents built from the model: the change facts researchers rely on."""

from __future__ import annotations

import json
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from support.documents import doc, heading, ref

from tracker import compare
from tracker.model import ChangeReport, ClaimTag, Reference

INTRO = [
    "Knee osteoarthritis wears away the cartilage that cushions the joint.",
    "Stem cell therapy may reduce pain and stiffness in arthritic knees (1).",
    "Our clinic has treated more than 800 patients with knee arthritis.",
]
RECOVERY = [
    "Most patients walk without crutches within two days of the injection (2).",
    "There is no evidence that the injection harms healthy cartilage (3).",
]
COSTS = ["A single treatment costs $4,500 and includes two follow-up visits."]
REFS = [
    ref("1", "Mesenchymal stem cells for knee osteoarthritis", doi="10.1000/msc.1"),
    ref("2", "Early mobilisation after intra-articular injection", authors=["Lee H"], year="2020"),
    ref("3", "Safety of autologous cell injections", authors=["Okafor B"], pmid="31234567"),
]


def base(**changes: object) -> dict[str, object]:
    parts: dict[str, object] = {
        "intro": list(INTRO),
        "recovery": list(RECOVERY),
        "costs": list(COSTS),
        "refs": list(REFS),
        "updated": "2024-04-11",
        "chrome": ["Join our newsletter", "Thank you! Your submission has been received!"],
    }
    parts.update(changes)
    return parts


def build(parts: dict[str, object]) -> object:
    return doc(
        parts["intro"],
        heading("Recovery"),
        parts["recovery"],
        heading("Costs"),
        parts["costs"],
        refs=parts["refs"],
        updated=parts["updated"],
        chrome=parts["chrome"],
    )


def diff(old: dict[str, object], new: dict[str, object]) -> ChangeReport:
    return compare(build(old), build(new))


def tags(report: ChangeReport) -> set[str]:
    return {str(tag) for change in report.claim_changes for tag in change.tags}


def nothing_in_article(report: ChangeReport) -> None:
    assert not report.article_changed
    assert report.claim_changes == report.text_changes == report.reference_changes == []


def test_same_document_has_no_changes() -> None:
    report = diff(base(), base())
    nothing_in_article(report)
    assert not report.silent_edit and not report.date_only_bump
    assert report.metadata_changes == report.boilerplate_changes == []
    assert not report.has_changes


def test_hedge_removed_is_a_silent_strengthening() -> None:
    intro = list(INTRO)
    intro[1] = "Stem cell therapy reduces pain and stiffness in arthritic knees (1)."
    report = diff(base(), base(intro=intro))
    assert report.article_changed and report.silent_edit
    [change] = report.claim_changes
    assert change.kind == "modified"
    assert {ClaimTag.HEDGE_REMOVED, ClaimTag.STRENGTHENED} <= set(change.tags)
    assert change.citations == {"old": ["1"], "new": ["1"]}
    assert ClaimTag.CITATION_CHANGED not in change.tags


def test_hedge_added_with_a_date_bump_is_not_silent() -> None:
    recovery = list(RECOVERY)
    recovery[0] = "Some patients may walk without crutches within two days of the injection (2)."
    report = diff(base(), base(recovery=recovery, updated="2024-06-02"))
    assert report.article_changed and not report.silent_edit
    assert {"hedge_added", "weakened"} <= tags(report)
    assert [(m.field, m.old, m.new) for m in report.metadata_changes] == [
        ("updated", "2024-04-11", "2024-06-02")
    ]


def test_number_changed_with_old_and_new_values() -> None:
    intro = list(INTRO)
    intro[2] = "Our clinic has treated more than 2,000 patients with knee arthritis."
    report = diff(base(), base(intro=intro))
    [change] = report.claim_changes
    assert ClaimTag.NUMBER_CHANGED in change.tags
    assert len(change.numbers) == 1
    assert "800" in (change.numbers[0].old or "") and "2,000" in (change.numbers[0].new or "")


def test_negation_changed() -> None:
    recovery = list(RECOVERY)
    recovery[1] = "There is evidence that the injection harms healthy cartilage (3)."
    report = diff(base(), base(recovery=recovery))
    assert "negation_changed" in tags(report)


def test_inserted_reference_with_renumbered_markers_changes_no_claim() -> None:
    new_refs = [
        REFS[0],
        ref("2", "Exercise therapy before injection", authors=["Ng P"], year="2022"),
        ref(
            "3",
            "Early mobilisation after intra-articular injection",
            authors=["Lee H"],
            year="2020",
        ),
        ref("4", "Safety of autologous cell injections", authors=["Okafor B"], pmid="31234567"),
    ]
    recovery = [s.replace("(3)", "(4)").replace("(2)", "(3)") for s in RECOVERY]
    report = diff(base(), base(recovery=recovery, refs=new_refs))
    assert report.claim_changes == [] and report.text_changes == []
    assert Counter(str(c.kind) for c in report.reference_changes) == Counter(
        {"added": 1, "renumbered": 2}
    )
    assert report.article_changed  # the reference list is part of the article


def test_removed_reference_orphans_the_claim_that_still_cites_it() -> None:
    # reference 2 leaves the list, 3 becomes 2; the mobilisation claim still prints "(2)"
    new_refs = [
        REFS[0],
        ref("2", "Safety of autologous cell injections", authors=["Okafor B"], pmid="31234567"),
    ]
    recovery = [RECOVERY[0], RECOVERY[1].replace("(3)", "(2)")]
    report = diff(base(), base(recovery=recovery, refs=new_refs))
    assert [str(c.kind) for c in report.reference_changes] == ["removed", "renumbered"]
    [change] = report.claim_changes
    assert change.old == RECOVERY[0]
    assert change.orphaned_citations == ["2"]
    assert ClaimTag.CITATION_CHANGED in change.tags


def test_citation_detached() -> None:
    intro = list(INTRO)
    intro[1] = "Stem cell therapy may reduce pain and stiffness in arthritic knees."
    [change] = diff(base(), base(intro=intro)).claim_changes
    assert change.tags == [ClaimTag.CITATION_REMOVED]
    assert change.citations == {"old": ["1"], "new": []}


def test_citation_added_and_changed() -> None:
    costs = ["A single treatment costs $4,500 and includes two follow-up visits (1)."]
    recovery = [RECOVERY[0].replace("(2)", "(3)"), RECOVERY[1]]
    report = diff(base(), base(costs=costs, recovery=recovery))
    by_text = {c.new: c for c in report.claim_changes}
    assert ClaimTag.CITATION_ADDED in by_text[costs[0]].tags
    assert ClaimTag.CITATION_CHANGED in by_text[recovery[0]].tags


def test_paragraph_breaks_and_typography_are_no_change() -> None:
    old = doc(INTRO, refs=REFS)
    new = doc(
        INTRO[:1],
        [s.replace("'", "\u2019").replace(" and ", "  and\u00a0") for s in INTRO[1:]],
        refs=REFS,
    )
    nothing_in_article(compare(old, new))


def test_moved_section_is_moved() -> None:
    old = doc(INTRO, heading("Recovery"), RECOVERY, heading("Costs"), COSTS, refs=REFS)
    new = doc(INTRO, heading("Costs"), COSTS, heading("Recovery"), RECOVERY, refs=REFS)
    report = compare(old, new)
    kinds = {str(c.kind) for c in report.claim_changes} | {str(c.kind) for c in report.text_changes}
    assert kinds == {"moved"}
    assert all(c.old == c.new for c in report.claim_changes + report.text_changes)


def test_split_sentence_is_one_change() -> None:
    costs = ["A single treatment costs $4,500.", "It includes two follow-up visits."]
    report = diff(base(), base(costs=costs))
    changes = report.claim_changes + report.text_changes
    assert len(changes) == 1
    assert changes[0].old == COSTS[0] and changes[0].new == " ".join(costs)


def test_chrome_only_goes_to_boilerplate_only() -> None:
    chrome = [
        "Join 60,000 readers of our newsletter",
        "Thank you! Your submission has been received!",
    ]
    report = diff(base(), base(chrome=chrome))
    nothing_in_article(report)
    assert [str(c.kind) for c in report.boilerplate_changes] == ["modified"]
    assert not report.silent_edit


def test_date_only_bump() -> None:
    report = diff(base(), base(updated="2024-09-30"))
    nothing_in_article(report)
    assert report.date_only_bump and not report.silent_edit


def test_non_claim_edit_is_a_text_change() -> None:
    # opening hours: no relation, number or category, read by any strength model alike
    old, new = list(INTRO), list(INTRO)
    old[0] = "Our front desk is open from Monday to Friday."
    new[0] = "Our front desk is open from Monday to Saturday."
    report = diff(base(intro=old), base(intro=new))
    assert report.claim_changes == []
    assert [str(c.kind) for c in report.text_changes] == ["modified"]


def test_added_paragraph_of_text_is_one_change() -> None:
    old = doc(INTRO)
    new = doc(INTRO, ["Winter is a busy season.", "Our staff answer calls every day."])
    report = compare(old, new)
    assert [(str(c.kind), c.new) for c in report.text_changes] == [
        ("added", "Winter is a busy season. Our staff answer calls every day.")
    ]


def test_metadata_changes() -> None:
    old = doc(INTRO, title="Stem cells for knees", authors=["Dana Reyes, MD"])
    new = doc(INTRO, title="Stem cells for knees (2024)", authors=["Dana Reyes, MD", "Sam Lu"])
    fields = [m.field for m in compare(old, new).metadata_changes]
    assert fields == ["title", "authors"]


def test_added_and_removed_claims() -> None:
    old = doc(INTRO, RECOVERY)
    new = doc([*INTRO, "Nine in ten patients report less pain after one year."], RECOVERY[:1])
    report = compare(old, new)
    kinds = Counter(str(c.kind) for c in report.claim_changes)
    assert kinds == Counter({"added": 1, "removed": 1})


VOCABULARY = (
    "stem cells may reduce pain in 40 most some patients the study showed no harm "
    "costs $900 clinic treats knees (1) (2) [3] and, quickly"
)
words = st.sampled_from(VOCABULARY.split(" "))
sentences = st.lists(words, min_size=1, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")
documents = st.lists(st.lists(sentences, min_size=1, max_size=4), max_size=6)


@settings(max_examples=40, deadline=None)
@given(documents)
def test_a_document_compared_with_itself_has_no_changes(paragraphs: list[list[str]]) -> None:
    document = doc(*paragraphs, refs=REFS)
    report = compare(document, document)
    nothing_in_article(report)
    assert not report.has_changes


@settings(max_examples=40, deadline=None)
@given(documents, documents)
def test_swapping_versions_swaps_added_and_removed(
    old: list[list[str]], new: list[list[str]]
) -> None:
    forward = compare(doc(*old, refs=REFS), doc(*new, refs=REFS))
    backward = compare(doc(*new, refs=REFS), doc(*old, refs=REFS))
    for kind, other in (("added", "removed"), ("removed", "added")):
        there = sorted(c.new or c.old or "" for c in forward.claim_changes if c.kind == kind)
        back = sorted(c.new or c.old or "" for c in backward.claim_changes if c.kind == other)
        assert there == back


def test_a_reference_list_that_appears_changes_no_citation() -> None:
    old = doc(INTRO, RECOVERY)  # the page printed markers but had no list yet
    report = compare(old, doc(INTRO, RECOVERY, refs=REFS))
    assert report.claim_changes == []
    assert Counter(str(c.kind) for c in report.reference_changes) == Counter({"added": 3})


def test_a_reference_list_that_vanishes_orphans_every_citing_claim() -> None:
    report = compare(doc(INTRO, RECOVERY, refs=REFS), doc(INTRO, RECOVERY))
    orphaned = {label for c in report.claim_changes for label in c.orphaned_citations}
    assert orphaned == {"1", "2", "3"}
    assert Counter(str(c.kind) for c in report.reference_changes) == Counter({"removed": 3})


reference_lists = st.lists(
    st.builds(
        lambda label, title, doi: ref(label, title, doi=doi),
        st.sampled_from(["1", "2", "3", "4", "a"]),
        st.text(max_size=30),
        st.none() | st.sampled_from(["10.1/a", "10.1/b", "https://doi.org/10.1/A"]),
    ),
    max_size=5,
)
page_texts = st.lists(st.lists(st.text(max_size=50), min_size=1, max_size=3), max_size=5)


@settings(max_examples=60, deadline=None)
@given(page_texts, page_texts, reference_lists, reference_lists, st.lists(st.text(max_size=20)))
def test_any_pair_of_documents_gives_a_consistent_report(
    old: list[list[str]],
    new: list[list[str]],
    old_refs: list[Reference],
    new_refs: list[Reference],
    chrome: list[str],
) -> None:
    report = compare(doc(*old, refs=old_refs), doc(*new, refs=new_refs, chrome=chrome))
    changed = bool(report.claim_changes or report.text_changes or report.reference_changes)
    assert report.article_changed is changed
    assert not (report.silent_edit and report.date_only_bump)
    json.dumps(report.to_json())


def test_a_date_that_only_lost_its_time_is_the_same_date() -> None:
    old = doc(INTRO, updated="2024-04-11T09:00:00+00:00")
    assert compare(old, doc(INTRO, updated="2024-04-11")).metadata_changes == []
    moved = compare(old, doc(INTRO, updated="2024-04-12"))
    assert moved.date_only_bump
    assert [m.field for m in moved.metadata_changes] == ["updated"]
    later = compare(old, doc(INTRO, updated="2024-04-11T17:30:00+00:00"))
    assert later.date_only_bump


def test_a_moved_paragraph_of_text_is_one_moved_change() -> None:
    visit = ["The clinic is on Main Street.", "Parking is behind the building."]
    staff = ["Our staff speak English and Spanish.", "The waiting room has free coffee."]
    season = ["Winter is a busy season."]
    report = compare(doc(visit, staff, season), doc(season, visit, staff))
    assert [(str(c.kind), c.new) for c in report.text_changes] == [
        ("moved", "Winter is a busy season.")
    ]
    report = compare(doc(visit, staff, season), doc(staff, season, visit))
    assert [(str(c.kind), c.new) for c in report.text_changes] == [("moved", " ".join(visit))]
