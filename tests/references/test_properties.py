"""Invariants on arbitrary text: never a crash, every returned label exists, raw is kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extraction.citations import find_citations
from tracker.extraction.reference_list import split_references
from tracker.extraction.references import parse_reference, reference_key
from tracker.model import Block, BlockKind

# text with the characters references are made of, so the parser's branches get exercised
PIECES = st.sampled_from(
    ["(", ")", "[", "]", "1", "12", "2019", "2020a", ".", ",", ";", ":", "-", "–", " ", "et al.",
     "Smith", "J.", "JJ", "&", "and", "doi:", "10.1000/x", "PMID:", "PMC123456", "http://a.b/c",
     "“", "”", '"', "In", "Vol.", "pp.", "n = 15", "%", "Retrieved from", "\n", "é", "ß"]
)  # fmt: skip
REFERENCE_TEXT = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=60).map("".join))


@settings(max_examples=300, deadline=None)
@given(REFERENCE_TEXT)
def test_parse_never_crashes_and_keeps_raw(raw: str) -> None:
    ref = parse_reference(raw)
    assert ref.raw == " ".join(raw.split())
    assert isinstance(ref.authors, list)
    assert reference_key(ref)
    for value in (ref.year, ref.title, ref.container, ref.doi, ref.url):
        assert value is None or (isinstance(value, str) and value)


# parsed once: the property is about the citations found, not about parsing these entries
ENTRIES = {
    n: parse_reference(f"Author A. Title. J. 2020;1:{n}.", label=str(n)) for n in range(1, 41)
}


@settings(max_examples=300, deadline=None)
@given(REFERENCE_TEXT, st.lists(st.integers(min_value=1, max_value=40), max_size=12))
def test_every_returned_label_exists(text: str, labels: list[int]) -> None:
    refs = [ENTRIES[n] for n in labels]
    known = {ref.label for ref in refs}
    for citation in find_citations(text, refs):
        assert citation.marker in text
        if refs:
            assert set(citation.labels) <= known


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(BlockKind)), REFERENCE_TEXT), max_size=12))
def test_split_keeps_every_block_it_does_not_parse(items: list[tuple[BlockKind, str]]) -> None:
    blocks = [Block(kind=kind, text=text) for kind, text in items]
    body, refs = split_references(blocks)
    assert len(body) + len(refs) <= len(blocks)
    assert all(block in blocks for block in body)
    # what leaves the body is one contiguous run: the order of the rest is unchanged
    positions = [next(i for i, b in enumerate(blocks) if b is block) for block in body]
    assert positions == sorted(positions)
