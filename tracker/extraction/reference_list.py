"""The reference list of an article: found among its blocks, taken out, each entry parsed.

A list opened by a heading ("References", "Sources", "Quellen"...) runs while its blocks
look like references; without a heading, a run of numbered, reference-like blocks that
ends the article is one. Entries of an unnumbered list (APA, MLA) are labelled "Family
Year" so the article's author-year citations can point at them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Final

import regex as re

from tracker.extraction.patterns import one_of, remembered_match
from tracker.extraction.reference_authors import author_family
from tracker.extraction.reference_ids import LABEL
from tracker.extraction.references import YEAR, own_label, parse_reference
from tracker.memo import Recent
from tracker.model import Block, BlockKind, Reference

# what a reference list's heading says (in English, Spanish, French or German)
_REFERENCE_HEADINGS: Final = (
    "references?",
    "reference list",
    "sources?",
    "notes",
    r"end\s?notes",
    r"foot\s?notes",
    "bibliography",
    "citations?",
    "works cited",
    "literature cited",
    "literature",
    "cited literature",
    "studies cited",
    "scientific references",
    "research",
    "sources and references",
    "references and (?:notes|further reading|sources)",
    "sources and notes",
    "referencias",
    "références",
    "quellen",
    "literatur",
    "bibliografía",
    "bibliographie",
)
REFERENCE_HEADING: Final = re.compile(rf"^(?:\d+\.?\s*)?{one_of(_REFERENCE_HEADINGS)}\s*:?$", re.I)
# a heading over a reference list ("References"), asked of each heading by the verdicts
reference_heading = remembered_match(REFERENCE_HEADING, 4096)

NUMBERED_ENTRY: Final = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,3}[.)]\s|\^\d{1,3}\s)")
_REF_SIGNAL: Final = re.compile(
    rf"(?:{YEAR}|\b10\.\d{{4,9}}/|https?://|www\.|\bPMID\b|\bet al\b|\bRetrieved\b|\bAccessed\b|"
    r"\bdoi\b|[\"“].+[\"”]|\bvol\.|\bpp\.)",
    re.I,
)

# read once: an enum member read through its class costs ~0.4 µs on Python 3.11 (the hook
# of EnumType's __getattr__), and these are read for every block
_HEADING: Final = BlockKind.HEADING
_PARAGRAPH: Final = BlockKind.PARAGRAPH
_LIST_ITEM: Final = BlockKind.LIST_ITEM


def looks_like_reference(text: str, kind: BlockKind) -> bool:
    text = text.strip()
    if not text or len(text) > 1500:
        return False
    if _REF_SIGNAL.search(text):
        return True
    return len(text.split()) <= 25 and kind is not _HEADING


class KnownReferences:
    """Entries an earlier version of the page held, parsed, by their text: what a check
    hands extraction from the version it compares with, so an entry the page kept is not
    parsed again in a process that has forgotten it (the model's tagging is most of a
    reference list's cost). ``load`` is called at most once, on the first entry the
    process does not remember: a version whose list it remembers whole reads nothing.

    The earlier reading is taken as it was stored: a parser changed since reads such
    an entry anew only when its text changes (or the version is extracted afresh)."""

    __slots__ = ("_by_text", "_load")

    def __init__(self, load: Callable[[], Iterable[Reference]]) -> None:
        self._load = load
        self._by_text: dict[str, Reference] | None = None

    def parsed(self, text: str) -> Reference | None:
        """What ``parse_reference(text)`` returns, if an earlier version held this entry."""
        if self._by_text is None:
            self._by_text = {ref.raw: ref for ref in self._load()}
        known = self._by_text.get(text)  # the raw text: whitespace folded, label kept
        if known is None:
            return None
        # the stored label is the list's (position, author-year); a parse gives the text's
        return replace(known, label=own_label(text), authors=list(known.authors))


_PARSED: Final[Recent[str, Reference]] = Recent(4096)


def _parsed_entry(text: str, known: KnownReferences | None) -> Reference:
    """Parsed once per process: every new version of a tracked page repeats its list. By
    text alone: a label is only written into the result, and an entry inserted above
    renumbers every entry below it."""
    shared = _PARSED.get(text)
    if shared is None:
        shared = (known.parsed(text) if known else None) or parse_reference(text)
        _PARSED.put(text, shared)
    return shared


def _entry(block: Block, known: KnownReferences | None) -> Reference:
    text = block.text
    shared = _parsed_entry(text, known)
    label = shared.label  # the text's own label wins over the list position
    if block.ordinal is not None and not LABEL.match(text):
        label = str(block.ordinal)
    # callers relabel their copy
    return replace(shared, label=label, authors=list(shared.authors))


def _heading_section(blocks: list[Block]) -> tuple[int, int] | None:
    """(start, end) of the last reference section opened by a heading, heading included."""
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        text = block.text.strip()
        is_heading = (
            block.kind is _HEADING
            or (block.kind is _PARAGRAPH and text.endswith(":"))
            or (block.kind is _PARAGRAPH and len(text) < 40)
        )
        if not is_heading or not reference_heading(text):
            continue
        end = index + 1
        while end < len(blocks):
            nxt = blocks[end]
            if nxt.kind is _HEADING:
                break
            if nxt.kind is not _LIST_ITEM and not looks_like_reference(nxt.text, nxt.kind):
                break
            end += 1
        if end > index + 1:
            return index, end
    return None


MAX_TAIL_BLOCKS: Final = 6  # short leftovers after a list: "IRB-approved protocol", "Share this"
MAX_TAIL_WORDS: Final = 15


def _numbered(block: Block) -> bool:
    if block.kind is _HEADING:
        return False
    return bool(NUMBERED_ENTRY.match(block.text)) or (
        block.kind is _LIST_ITEM and block.ordinal is not None
    )


def _trailing_section(blocks: list[Block]) -> tuple[int, int] | None:
    """A run of numbered, reference-like blocks that ends the article, without a heading.

    A few short blocks may follow it (a badge, a call to action the cleaner left); a
    paragraph of prose after it means the run was part of the article, and it stays.
    """
    end = len(blocks)
    while (
        end > 0
        and len(blocks) - end < MAX_TAIL_BLOCKS
        and not _numbered(blocks[end - 1])
        and len(blocks[end - 1].text.split()) <= MAX_TAIL_WORDS
    ):
        end -= 1
    if end == 0 or not _numbered(blocks[end - 1]):
        return None
    start = end
    while start > 0 and _numbered(blocks[start - 1]):
        start -= 1
    run = blocks[start:end]
    if len(run) < 2:
        return None
    signalled = sum(1 for block in run if _REF_SIGNAL.search(block.text))
    if signalled * 2 < len(run) or signalled < 2:
        return None
    return start, end


def _author_year_labels(references: list[Reference]) -> None:
    """Unnumbered lists (APA, MLA) get "Family Year" labels so citations can point at them.

    Two works of one author and year become "Liu 2018a", "Liu 2018b", in list order, as
    author-year styles write them in the text.
    """
    if any(ref.label for ref in references):
        return
    bases: list[str] = []
    for position, ref in enumerate(references, start=1):
        family = author_family(ref.authors[0]) if ref.authors else ""
        bases.append(f"{family} {ref.year}" if family and ref.year else str(position))
    totals = {base: bases.count(base) for base in bases}
    used: dict[str, int] = {}
    for ref, base in zip(references, bases, strict=True):
        if totals[base] == 1:
            ref.label = base
            continue
        index = used.get(base, 0)
        used[base] = index + 1
        ref.label = f"{base}{chr(ord('a') + index)}" if index < 26 else f"{base}-{index + 1}"


def split_references(
    blocks: list[Block], known: KnownReferences | None = None
) -> tuple[list[Block], list[Reference]]:
    """Remove the reference list (and its heading) from the article blocks and parse it
    (an entry ``known`` holds is taken from there)."""
    section = _heading_section(blocks) or _trailing_section(blocks)
    if section is None:
        return list(blocks), []
    start, end = section
    entries = blocks[start:end]
    if entries and reference_heading(entries[0].text.strip()):
        entries = entries[1:]
    references = [_entry(block, known) for block in entries if block.text.strip()]
    _author_year_labels(references)
    return blocks[:start] + blocks[end:], references
