"""Documents built straight from the model, so comparison is tested without extraction."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tracker.model import (
    Block,
    BlockKind,
    Citation,
    Document,
    Reference,
    Sentence,
    StrippedBlock,
    StripReason,
)

_MARKER = re.compile(r"[(\[](\d+(?:\s*,\s*\d+)*)[)\]]")


def sentence(text: str) -> Sentence:
    """A sentence whose "(3)" / "[3, 4]" markers become citations of those labels."""
    citations = [
        Citation(marker=m.group(0), labels=[label.strip() for label in m.group(1).split(",")])
        for m in _MARKER.finditer(text)
    ]
    return Sentence(text=text, citations=citations)


def paragraph(*sentences: str, section: str | None = None) -> Block:
    return Block(
        kind=BlockKind.PARAGRAPH,
        text=" ".join(sentences),
        sentences=[sentence(text) for text in sentences],
        section=section,
    )


def heading(text: str, level: int = 2) -> Block:
    return Block(kind=BlockKind.HEADING, text=text, sentences=[Sentence(text=text)], level=level)


def ref(
    label: str,
    title: str,
    *,
    authors: Sequence[str] = ("Smith J", "Jones K"),
    year: str = "2019",
    container: str = "J Clin Med",
    doi: str | None = None,
    pmid: str | None = None,
) -> Reference:
    raw = f"{label}. {', '.join(authors)}. {title}. {container}. {year}."
    if doi:
        raw += f" doi:{doi}"
    if pmid:
        raw += f" PMID: {pmid}"
    return Reference(
        label=label,
        raw=raw,
        authors=list(authors),
        year=year,
        title=title,
        container=container,
        doi=doi,
        pmid=pmid,
    )


def doc(
    *blocks: Block | Sequence[str],
    refs: Iterable[Reference] = (),
    updated: str | None = "2024-04-11",
    published: str | None = None,
    title: str = "Stem cells for joint pain",
    authors: Sequence[str] = ("Dana Reyes, MD",),
    chrome: Iterable[str] = (),
) -> Document:
    """A Document; a plain list of strings is one paragraph of those sentences."""
    return Document(
        title=title,
        authors=list(authors),
        updated=updated,
        published=published,
        blocks=[b if isinstance(b, Block) else paragraph(*b) for b in blocks],
        references=list(refs),
        stripped=[StrippedBlock(text=t, reason=StripReason.NEWSLETTER) for t in chrome],
    )
