"""The Document's body and stripped list from the page's decisions: the kept blocks as
Blocks (their section, table row, the include that kept them), each stripped one with its
reason, and the blocks' sentences. Written here, not in the package's ``__init__`` (left as
Python, setup.py), so that these loops over every block are compiled with the stage."""

from __future__ import annotations

import html
import re
from typing import Final

from tracker.extraction import volatile
from tracker.extraction.boilerplate import is_logo_alt
from tracker.extraction.cards import Decision
from tracker.extraction.dom import word_chars
from tracker.extraction.rowkeys import page_has_rows, row_of
from tracker.extraction.segment import RawBlock
from tracker.extraction.sentences import split_sentences
from tracker.model import Block, BlockKind, Sentence, StrippedBlock, StripReason

__all__ = ["body", "stripped_blocks", "with_sentences", "without_author_bios"]

R: Final = StripReason
_HEADING: Final = BlockKind.HEADING
_LOW_CONTENT: Final = R.LOW_CONTENT

# a reply's subject line: "Re:" (or its German, Scandinavian, Dutch, Italian forms) and the
# subject it answers
_REPLY_SUBJECT: Final = re.compile(
    r"\W*(?:re|aw|sv|antw|rif)\s*:\s*(.+)", re.IGNORECASE | re.DOTALL
)


def _close_run(
    stripped: list[StrippedBlock], run: list[RawBlock], run_mark: list[tuple[StripReason, str]]
) -> None:
    """A run of image alt texts, ended, added to ``stripped`` as one entry (a function, not
    a closure over the lists: compiled, a closure's environment and the function holding it
    would be a reference cycle)."""
    if not run:
        return
    text = " · ".join(block.text for block in run)
    if run_mark and run_mark[0][0] is not _LOW_CONTENT:
        reason, detail = run_mark[0]
        stripped.append(StrippedBlock(text=text, reason=reason, detail=detail))
    elif len(run) >= 3 or any(is_logo_alt(block.text) for block in run):
        stripped.append(
            StrippedBlock(text=text, reason=R.LOGO_STRIP, detail=f"{len(run)} image alt texts")
        )
    else:
        stripped.append(StrippedBlock(text=text, reason=R.LOW_CONTENT, detail="image alt text"))
    run.clear()
    run_mark.clear()


def stripped_blocks(decisions: list[Decision]) -> list[StrippedBlock]:
    """Stripped blocks in page order; runs of image alt text become one logo-strip entry."""
    stripped: list[StrippedBlock] = []
    run: list[RawBlock] = []
    run_mark: list[tuple[StripReason, str]] = []
    for block, reason, detail in decisions:
        if reason is None:
            continue
        if block.image_alt:
            if run and (run[-1].order != block.order - 1 or run_mark[0][0] is not reason):
                _close_run(stripped, run, run_mark)
            if not run:
                run_mark.append((reason, detail))
            run.append(block)
            continue
        if run:  # no call for most stripped blocks, which follow no image's alt text
            _close_run(stripped, run, run_mark)
        stripped.append(StrippedBlock(text=block.text, reason=reason, detail=detail))
    _close_run(stripped, run, run_mark)
    return stripped


# a bio is a sentence or two at least: shorter lines (a name, a role) are the byline's
MIN_BIO: Final = 60
_TAG: Final = re.compile(r"<[^>]*>")


def without_author_bios(decisions: list[Decision], descriptions: list[str]) -> list[Decision]:
    """``decisions`` with each kept block that is the bio of an author the page's JSON-LD
    declares (a Person's ``description``, word for word) stripped as a byline: the
    author's box under the article, however its markup is named."""
    bios = [word_chars(_TAG.sub(" ", html.unescape(text))) for text in descriptions]
    bios = [bio for bio in bios if len(bio) >= MIN_BIO]
    if not bios:
        return decisions
    result = list(decisions)
    for index, (block, reason, _) in enumerate(decisions):
        if reason is not None or len(block.text) < MIN_BIO:
            continue
        text = word_chars(block.text)
        if any(text in bio or (bio in text and 2 * len(bio) >= len(text)) for bio in bios):
            result[index] = (block, R.BYLINE, "the author's bio the page's JSON-LD declares")
    return result


def _same(a: str, b: str) -> bool:
    return word_chars(a) == word_chars(b)


def _subjects(decisions: list[Decision], title: str | None) -> set[str]:
    """The page's title and headings, folded: a thread's subject, which each reply of a
    forum or a mailing list archive repeats as "Re: <subject>" over its text."""
    subjects = {word_chars(raw.text) for raw, _, _ in decisions if raw.kind is _HEADING}
    if title:
        subjects.add(word_chars(title))
    subjects.discard("")
    return subjects


def body(decisions: list[Decision], title: str | None) -> tuple[list[Block], list[StrippedBlock]]:
    blocks: list[Block] = []
    extra: list[StrippedBlock] = []
    section: str | None = None
    title_seen = False
    # whether each tree has a table cell or a definition at all, so that row_of climbs only
    # where a row can be, looked up once (in the loop, no call a block): the page's markup
    # (source None) and, apart, the tree a reading of its data for machines was parsed into
    has_rows: dict[bool, bool] = {}
    subjects: set[str] | None = None  # folded when a reply's subject line first asks
    for raw, reason, detail in decisions:
        if reason is not None:
            continue
        reply = _REPLY_SUBJECT.fullmatch(raw.text) if raw.text[:1] in "RrAaSs" else None
        if reply:
            if subjects is None:
                subjects = _subjects(decisions, title)
            if word_chars(reply.group(1)) in subjects:
                extra.append(
                    StrippedBlock(text=raw.text, reason=R.DUPLICATE, detail="the title in a reply")
                )
                continue
        if raw.kind is _HEADING:
            if (
                not title_seen
                and title
                and (raw.level == 1 or not blocks)
                and _same(raw.text, title)
            ):
                title_seen = True  # the article's own title: it is Document.title
                extra.append(StrippedBlock(text=raw.text, reason=R.DUPLICATE, detail="the title"))
                continue
            section = raw.text
        from_markup = raw.source is None
        rows = has_rows.get(from_markup)
        if rows is None:
            rows = has_rows[from_markup] = page_has_rows(raw.element)
        text, busters = volatile.without_cache_busters(raw.text)
        if busters:
            extra.extend(
                StrippedBlock(text=buster, reason=R.TOKEN, detail="a cache-busting token in a link")
                for buster in busters
            )
        blocks.append(
            Block(
                kind=raw.kind,
                text=text,
                level=raw.level,
                ordinal=raw.ordinal,
                section=section,
                row=row_of(raw.element) if rows else None,
                selected=detail or None,  # a kept block's detail: the include that kept it
                source=raw.source,
            )
        )
    return blocks, extra


def with_sentences(blocks: list[Block]) -> None:
    """Each block's sentences, split from its text."""
    for block in blocks:
        block.sentences = [Sentence(text=s) for s in split_sentences(block.text)]
