"""Known references: entries an earlier version held are taken as parsed, never parsed again,
and the Document is the one a fresh parse makes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.parsing import parsed_texts

from tracker.extraction import KnownReferences, extract
from tracker.extraction.reference_list import split_references
from tracker.memo import forget_all
from tracker.model import Block, BlockKind, Reference

ENTRIES = [
    "Lindqvist M, Osei K. Cold water immersion after sprint training. Sports Med Rev. "
    "2017;12(3):201-209. doi:10.1000/smr.2017.12",
    "[7] Harrow P. Sauna bathing and sleep onset. J Therm Biol. 2020;88:41-48. PMID: 31234567",
    "Ferreira, L. (2019). Breathing drills for anxious swimmers. Aquatic Health, 4(2), 77-90.",
    'Tamsin Booth, "Why the ice bath craze keeps growing," The Riverside Gazette, June 2, 2022.',
]


@pytest.fixture(autouse=True)
def nothing_remembered() -> Iterator[None]:
    forget_all()
    yield
    forget_all()


def reference_blocks(entries: list[str], *, numbered: bool) -> list[Block]:
    heading = Block(kind=BlockKind.HEADING, text="References", level=2)
    items = [
        Block(kind=BlockKind.LIST_ITEM, text=text, ordinal=number if numbered else None)
        for number, text in enumerate(entries, start=1)
    ]
    return [Block(kind=BlockKind.PARAGRAPH, text="Cold water may help (1)."), heading, *items]


@pytest.mark.parametrize("numbered", [True, False])
def test_a_known_entry_is_taken_and_labelled_as_a_parse_would(
    monkeypatch: pytest.MonkeyPatch, numbered: bool
) -> None:
    new_entry = "Okonjo D. Contrast showers and recovery. Phys Ther Q. 2023;9:12-19."
    before = split_references(reference_blocks(ENTRIES, numbered=numbered))[1]
    now = [ENTRIES[2], new_entry, ENTRIES[0], ENTRIES[3], ENTRIES[1]]  # moved, renumbered
    fresh = split_references(reference_blocks(now, numbered=numbered))[1]
    forget_all()
    asked = parsed_texts(monkeypatch)
    loads: list[int] = []

    def stored() -> list[Reference]:
        loads.append(1)
        return before

    taken = split_references(reference_blocks(now, numbered=numbered), KnownReferences(stored))
    assert taken[1] == fresh
    assert asked == [new_entry] and loads == [1]  # the stored version read once


def test_a_remembered_list_reads_no_stored_version(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = reference_blocks(ENTRIES, numbered=True)
    split_references(blocks)

    def stored() -> list[Reference]:
        raise AssertionError("the stored version was read for entries the process remembers")

    split_references(blocks, KnownReferences(stored))


# entries as a list writes them: pieces of authors, titles, journals, numbers and labels
PIECE = st.sampled_from(
    ["Novak J,", "Ito, K.", "et al.", "and", "(2018).", "2021;", "14(2):", "101-9.", "Vol. 3",
     "pp. 12-19.", "[3]", "12.", "doi:10.1000/b.7", "PMID: 2345678", "https://example.org/a",
     "“Heat", "stress”", "Mountain", "Medicine.", "In:", "Eds.", "Press,", "Oslo:", "é", "—"]
)  # fmt: skip
ENTRY = st.lists(PIECE, min_size=1, max_size=18).map(" ".join)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(ENTRY, min_size=1, max_size=5),
    st.lists(ENTRY, max_size=3),
    st.booleans(),
    st.randoms(use_true_random=False),
)
def test_known_references_make_the_list_a_fresh_parse_makes(
    kept: list[str], added: list[str], numbered: bool, order: object
) -> None:
    forget_all()
    before = split_references(reference_blocks(kept, numbered=numbered))[1]
    now = kept + added
    order.shuffle(now)  # type: ignore[attr-defined]
    forget_all()
    fresh = split_references(reference_blocks(now, numbered=numbered))[1]
    forget_all()
    taken = split_references(
        reference_blocks(now, numbered=numbered), KnownReferences(lambda: before)
    )[1]
    assert taken == fresh


def clinic_page(entries: list[str], claim: str) -> bytes:
    paragraphs = "".join(
        f"<p>{claim} In week {week} we looked again at how our members felt after a cold plunge "
        f"and what the small studies we cite can and cannot tell them (1).</p>"
        for week in range(1, 9)
    )
    items = "".join(f"<li>{entry}</li>" for entry in entries)
    return (
        "<!DOCTYPE html><html><head><title>Cold plunges | Northshore Sauna Club</title></head>"
        "<body><nav><a href='/'>Home</a><a href='/club'>Club</a></nav><main><article>"
        f"<h1>Cold plunges</h1>{paragraphs}<h2>Sources</h2><ol>{items}</ol></article></main>"
        "<footer>© Northshore Sauna Club</footer></body></html>"
    ).encode()


def test_extract_with_known_references_is_the_fresh_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = "https://club.example/cold-plunges"
    first = extract(clinic_page(ENTRIES, "Cold plunges may ease soreness."), url)
    later = clinic_page([*ENTRIES[:3], ENTRIES[0] + " Erratum 2018."], "Cold plunges ease it.")
    forget_all()
    fresh = extract(later, url)
    forget_all()
    asked = parsed_texts(monkeypatch)
    taken = extract(later, url, known_references=KnownReferences(lambda: first.references))
    assert taken.canonical_json() == fresh.canonical_json()
    assert asked == [ENTRIES[0] + " Erratum 2018."]
