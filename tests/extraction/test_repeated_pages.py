"""A page read again: extraction remembers splits and citations, never changes its answer.

A tracked page's new version repeats most of its text, so sentence splits and the
citations found in a sentence (against one reference list) are remembered. These
tests hold that memory to what a fresh extraction finds, and keep every Document
its own: a caller editing one changes no other.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.extraction import extract
from tracker.memo import forget_all

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


@pytest.mark.parametrize("name", sorted(path.name for path in PAGES.glob("*.html")))
def test_a_page_read_again_is_read_as_the_first_time(name: str) -> None:
    html = (PAGES / name).read_bytes()
    forget_all()
    fresh = extract(html, url=f"https://example.test/{name}")
    again = extract(html, url=f"https://example.test/{name}")
    assert again.to_json() == fresh.to_json()


def test_each_document_has_citations_of_its_own() -> None:
    html = (PAGES / "sup_citations.html").read_bytes()
    first = extract(html)
    cited = [s for block in first.blocks for s in block.sentences if s.citations]
    assert cited, "the fixture cites its references"
    expected = extract(html).to_json()
    cited[0].citations[0].labels.append("999")
    cited[0].citations.clear()
    assert extract(html).to_json() == expected


def _page(entries: int) -> str:
    items = "".join(
        f"<li>Author{n} A. A study of sleep number {n}. J Sleep. 2020;{n}:1-9.</li>"
        for n in range(1, entries + 1)
    )
    body = " ".join(
        f"<p>Paragraph {n} says that short naps help shift workers stay alert (3).</p>"
        for n in range(8)
    )
    return (
        "<html><body><main><article><h1>Naps at work</h1>"
        f"{body}<h2>References</h2><ol>{items}</ol></article></main></body></html>"
    )


def test_a_remembered_sentence_is_read_against_its_own_reference_list() -> None:
    """The same sentence cites entry 3 where the list has one, and nothing where it does not."""
    with_three = extract(_page(3))
    with_two = extract(_page(2))
    labels = [
        [s.cited_labels for block in doc.blocks for s in block.sentences]
        for doc in (with_three, with_two)
    ]
    assert all(found == ["3"] for found in labels[0])
    assert all(found == [] for found in labels[1])
