"""Reference entries matched by the work they describe, never by their label."""

from __future__ import annotations

from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st
from support.documents import ref

from tracker.comparison.reference_match import entry_text, match_references, normalise_doi
from tracker.model import Reference

LIST = [
    ref("1", "Mesenchymal stem cells for knee osteoarthritis", doi="10.1000/msc.2019.1"),
    ref("2", "Cartilage repair after injection therapy", authors=["Lee H"], year="2020"),
    ref("3", "Platelet rich plasma versus placebo", authors=["Okafor B"], pmid="31234567"),
    ref("4", "Long-term safety of autologous cell therapy", authors=["Berg T"], year="2021"),
]


def kinds(refs_old: list[Reference], refs_new: list[Reference]) -> Counter[str]:
    return Counter(str(c.kind) for c in match_references(refs_old, refs_new).changes)


def test_same_list_has_no_changes() -> None:
    assert kinds(LIST, LIST) == Counter()


def test_inserted_entry_renumbers_the_rest() -> None:
    inserted = ref("2", "Exercise therapy for knee pain", authors=["Ng P"], year="2022")
    new = [LIST[0], inserted] + [
        ref(
            str(int(r.label or 0) + 1),
            r.title or "",
            authors=r.authors,
            year=r.year or "",
            doi=r.doi,
            pmid=r.pmid,
        )
        for r in LIST[1:]
    ]
    result = match_references(LIST, new)
    assert Counter(str(c.kind) for c in result.changes) == Counter({"added": 1, "renumbered": 3})
    # the same works keep one identity under their new labels
    for old_label, new_label in (("2", "3"), ("3", "4"), ("4", "5")):
        assert result.old_work[old_label] == result.new_work[new_label]
    assert result.new_work["2"] not in result.old_work.values()


def test_removed_entry() -> None:
    result = match_references(LIST, [LIST[0], LIST[1], LIST[3]])
    assert [str(c.kind) for c in result.changes] == ["removed"]
    assert result.old_work["3"] in result.removed_works


def test_labels_alone_never_match() -> None:
    other = [
        ref(
            "1",
            "An unrelated study of hip fractures in the elderly",
            authors=["Cruz M"],
            year="2008",
        )
    ]
    assert kinds(LIST[:1], other) == Counter({"added": 1, "removed": 1})


def test_edited_entry_lists_its_fields() -> None:
    fixed = ref("2", "Cartilage repair after injection therapies", authors=["Lee H"], year="2021")
    change = match_references(LIST, [LIST[0], fixed, *LIST[2:]]).changes
    assert [str(c.kind) for c in change] == ["modified"]
    assert {"title", "year", "text"} <= set(change[0].fields)
    assert "label" not in change[0].fields


def test_renumbered_and_edited_is_modified_with_label() -> None:
    moved = ref(
        "1",
        "Long-term safety of autologous cell therapy: a cohort",
        authors=["Berg T"],
        year="2021",
    )
    rest = [
        ref(str(n + 2), r.title or "", authors=r.authors, year=r.year or "", doi=r.doi, pmid=r.pmid)
        for n, r in enumerate(LIST[:3])
    ]
    changes = match_references(LIST, [moved, *rest]).changes
    edited = [c for c in changes if c.kind == "modified"]
    assert len(edited) == 1 and edited[0].fields[0] == "label" and "title" in edited[0].fields
    assert Counter(str(c.kind) for c in changes) == Counter({"modified": 1, "renumbered": 3})


def test_identifier_beats_text() -> None:
    old = [ref("1", "Stem cells in lupus", doi="10.1000/xyz")]
    new = [
        ref(
            "1",
            "Mesenchymal stromal cells in systemic lupus erythematosus",
            doi="https://doi.org/10.1000/XYZ",
        )
    ]
    changes = match_references(old, new).changes
    assert [str(c.kind) for c in changes] == ["modified"]
    assert "doi" not in changes[0].fields


def test_different_dois_are_different_works_despite_similar_text() -> None:
    old = [ref("1", "Stem cells in lupus: a review", doi="10.1000/a")]
    new = [ref("1", "Stem cells in lupus: a reviews", doi="10.1000/b", authors=["Other Q"])]
    assert kinds(old, new) == Counter({"added": 1, "removed": 1})


def test_corrected_doi_on_the_same_entry_is_an_edit() -> None:
    old = [ref("1", "Stem cells in lupus: a review", doi="10.1000/ab")]
    new = [ref("1", "Stem cells in lupus: a review", doi="10.1000/abc")]
    changes = match_references(old, new).changes
    assert [(str(c.kind), c.fields) for c in changes] == [("modified", ["text", "doi"])]


def test_helpers() -> None:
    assert normalise_doi("https://dx.doi.org/10.1/ABC.") == "10.1/abc"
    assert (
        entry_text(Reference(label="3", raw="[3] Smith J. A title. 2019."))
        == "Smith J. A title. 2019."
    )


TITLES = [
    "Stem cells in lupus",
    "Stem cells in lupus: a review",
    "Knee injections and pain",
    "Cartilage after injury",
    "Vitamin D in winter",
]
entries = st.builds(
    lambda label, title, year, doi: ref(
        str(label), title, year=str(year), doi=f"10.1/{doi}" if doi is not None else None
    ),
    st.integers(1, 9),
    st.sampled_from(TITLES),
    st.integers(2015, 2018),
    st.none() | st.integers(0, 3),
)


def _lupus(doi: int | None, title: str = TITLES[0]) -> Reference:
    return ref("1", title, year="2015", doi=f"10.1/{doi}" if doi is not None else None)


@settings(max_examples=150, deadline=None)
@given(st.lists(entries, max_size=8), st.lists(entries, max_size=8))
# hypothesis found it: one title, duplicated DOIs; a per-side shortlist paired 2 one way, 1 back
@example(
    old=[_lupus(None), _lupus(None), _lupus(1), _lupus(1), _lupus(1), _lupus(1)],
    new=[_lupus(0), _lupus(0, TITLES[1])],
)
def test_every_entry_is_accounted_for_once(old: list[Reference], new: list[Reference]) -> None:
    result = match_references(old, new)
    assert sorted([i for i, _ in result.pairs] + result.removed) == list(range(len(old)))
    assert sorted([j for _, j in result.pairs] + result.added) == list(range(len(new)))
    kinds = Counter(str(c.kind) for c in result.changes)
    assert kinds["added"] == len(result.added) and kinds["removed"] == len(result.removed)
    # the same pairs whichever version is called old
    swapped = match_references(new, old)
    assert swapped.pairs == sorted((j, i) for i, j in result.pairs)
