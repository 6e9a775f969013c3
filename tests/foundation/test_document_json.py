"""The one Document serialiser writes the bytes the store has always named Documents by.

A stored Document is named by the sha256 of ``Document.canonical_json``; those bytes
must stay what ``json.dumps`` of ``dataclasses.asdict`` with sorted keys wrote when
the store was made, or every Document stored before would be written again under a
second name. Held over generated Documents (every field, any text, integers beyond
what orjson writes) and over the real pages the project ships.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import extract
from tracker.demo import load_revisions
from tracker.model import (
    DOCUMENT_SCHEMA,
    Block,
    BlockKind,
    Citation,
    DateKind,
    DatePlace,
    DeclaredDate,
    Document,
    MetadataValue,
    Reference,
    Sentence,
    StrippedBlock,
    StripReason,
)
from tracker.reading import storable

FIXTURES = Path(__file__).parent.parent / "fixtures"


def as_stored_before(document: Document) -> bytes:
    """The canonical bytes as the store first wrote them (``asdict``, then ``json``)."""
    data = {"schema": DOCUMENT_SCHEMA, **dataclasses.asdict(document)}
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


_text = st.text(max_size=30)  # any code point but a lone surrogate, controls included
_maybe = st.none() | _text
_number = st.none() | st.integers(-(2**70), 2**70)  # beyond 64 bits: json writes those
_documents = st.builds(
    Document,
    url=_maybe,
    title=_maybe,
    authors=st.lists(_text, max_size=3),
    published=_maybe,
    updated=_maybe,
    language=_maybe,
    metadata=st.lists(st.builds(MetadataValue, field=_text, value=_text, source=_text), max_size=2),
    dates=st.none()
    | st.lists(
        st.builds(
            DeclaredDate,
            kind=st.sampled_from(DateKind),
            value=_text,
            text=_text,
            place=st.sampled_from(DatePlace),
            detail=_text,
        ),
        max_size=2,
    ),
    blocks=st.lists(
        st.builds(
            Block,
            kind=st.sampled_from(BlockKind),
            text=_text,
            level=_number,
            ordinal=_number,
            section=_maybe,
            row=_maybe,
            selected=_maybe,
            sentences=st.lists(
                st.builds(
                    Sentence,
                    text=_text,
                    citations=st.lists(
                        st.builds(Citation, marker=_text, labels=st.lists(_text, max_size=2)),
                        max_size=2,
                    ),
                ),
                max_size=3,
            ),
        ),
        max_size=4,
    ),
    references=st.lists(
        st.builds(
            Reference,
            label=_maybe,
            raw=_text,
            authors=st.lists(_text, max_size=2),
            **{name: _maybe for name in ("year", "title", "container", "doi", "pmid", "url")},
        ),
        max_size=3,
    ),
    stripped=st.lists(
        st.builds(StrippedBlock, text=_text, reason=st.sampled_from(StripReason), detail=_text),
        max_size=2,
    ),
    selection=st.lists(_text, max_size=2),
)


@given(document=_documents)
@settings(max_examples=100, deadline=None)
def test_the_canonical_bytes_are_the_stored_ones_and_read_back_the_same(
    document: Document,
) -> None:
    data = document.canonical_json()
    assert data == as_stored_before(document)
    assert Document.from_json(json.loads(data)) == document
    assert document.to_json() == json.loads(data)


def _pages() -> list[tuple[str, bytes]]:
    pages = [(f"demo revision {r.number}", r.html) for r in load_revisions()]
    for folder in ("pages", "revisions"):
        pages += [(path.name, path.read_bytes()) for path in (FIXTURES / folder).glob("*.html")]
    return pages


@pytest.mark.parametrize(("name", "html"), _pages(), ids=[name for name, _ in _pages()])
def test_the_shipped_pages_serialise_as_they_were_stored(name: str, html: bytes) -> None:
    document = extract(html, url=f"https://clinic.example/{name}")
    assert document.blocks, name
    assert document.canonical_json() == as_stored_before(document)
    assert Document.from_json(json.loads(document.canonical_json())) == document


def test_a_lone_surrogate_is_not_written_and_storable_replaces_it() -> None:
    document = Document(
        title="half \ud800 a pair", blocks=[Block(kind=BlockKind.PARAGRAPH, text="\udfff")]
    )
    with pytest.raises(UnicodeEncodeError):
        document.canonical_json()
    stored = storable(document)
    repaired = stored.document
    assert re.fullmatch("half \ufffd+ a pair", repaired.title)
    assert set(repaired.blocks[0].text) == {"\ufffd"}
    assert stored.canonical_json == repaired.canonical_json() == as_stored_before(repaired)
