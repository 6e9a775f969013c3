"""HTML -> Document: the article apart from the chrome, with its dates, references and citations.

The pipeline, one pass each:

    decode   bytes -> text (HTTP charset, BOM, <meta>, detection)        decode.py
    parse    text -> lxml tree (recovering, depth-bounded)                dom.py
    segment  tree -> blocks with the chrome marks of their ancestors     segment.py, clean.py
    metadata title, authors, dates, language, each with its source      metadata.py, dates.py
    marks    chrome marks; wrappers of the article revoked               boilerplate.py
    classify main content by score; every other block stripped, reason  main_content.py,
             each reading in turn while one keeps next to nothing        readings.py,
             one decision per block, its reason                          verdicts.py
             a notice or the footer chosen: read again without it        notices.py
             the author's bio the JSON-LD declares: a byline             fallback.py
    split_references(blocks)   the reference list out of the body        reference_list.py
    sentences per block                                                  sentences.py
    attach_citations(blocks, references)                                 citations.py
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import datetime
from typing import Final

from tracker import collector
from tracker.errors import ExtractionError
from tracker.extraction import volatile
from tracker.extraction.boilerplate import is_logo_alt
from tracker.extraction.cards import Decision
from tracker.extraction.citations import attach_citations
from tracker.extraction.clean import hidden_rules
from tracker.extraction.decode import decode_page
from tracker.extraction.dom import parse, word_chars
from tracker.extraction.emails import reveal_emails
from tracker.extraction.fallback import author_descriptions
from tracker.extraction.metadata import extract_metadata
from tracker.extraction.readings import never_the_article, read_page
from tracker.extraction.reference_list import KnownReferences, split_references
from tracker.extraction.rowkeys import page_has_rows, row_of
from tracker.extraction.segment import RawBlock, segment
from tracker.extraction.selection import Selection
from tracker.extraction.selection import apply as apply_selection
from tracker.extraction.sentences import split_sentences
from tracker.extraction.streamed import reveal_streamed
from tracker.extraction.template import SiteProfile
from tracker.extraction.verdicts import POST_CONTENT_WIDGET, outside_post_content
from tracker.extraction.wrappers import revoke_wrapping_marks
from tracker.model import Block, BlockKind, Document, Sentence, StrippedBlock, StripReason

__all__ = [
    "ExtractionError",
    "KnownReferences",
    "Selection",
    "SiteProfile",
    "extract",
    "page_blocks",
]

R: Final = StripReason
# read once: an enum member read through its class costs ~0.4 µs on Python 3.11 (the hook
# of EnumType's __getattr__), and these are read for every block
_HEADING: Final = BlockKind.HEADING
_LOW_CONTENT: Final = R.LOW_CONTENT

# a reply's subject line: "Re:" (or its German, Scandinavian, Dutch, Italian forms) and the
# subject it answers
_REPLY_SUBJECT: Final = re.compile(
    r"\W*(?:re|aw|sv|antw|rif)\s*:\s*(.+)", re.IGNORECASE | re.DOTALL
)


def page_blocks(html: str | bytes, content_type: str | None = None) -> list[RawBlock]:
    """The page cut into blocks with their marks, before any article/chrome decision."""
    text, _, utf8 = decode_page(html, content_type)
    root = parse(text, utf8)
    reveal_emails(root, text, utf8)
    return segment(root, hidden_rules(root))


def _stripped(decisions: list[Decision]) -> list[StrippedBlock]:
    """Stripped blocks in page order; runs of image alt text become one logo-strip entry."""
    stripped: list[StrippedBlock] = []
    run: list[RawBlock] = []
    run_mark: list[tuple[StripReason, str]] = []

    def close_run() -> None:
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

    for block, reason, detail in decisions:
        if reason is None:
            continue
        if block.image_alt:
            if run and (run[-1].order != block.order - 1 or run_mark[0][0] is not reason):
                close_run()
            if not run:
                run_mark.append((reason, detail))
            run.append(block)
            continue
        if run:  # no call for most stripped blocks, which follow no image's alt text
            close_run()
        stripped.append(StrippedBlock(text=block.text, reason=reason, detail=detail))
    close_run()
    return stripped


# a bio is a sentence or two at least: shorter lines (a name, a role) are the byline's
MIN_BIO: Final = 60
_TAG: Final = re.compile(r"<[^>]*>")


def _without_author_bios(decisions: list[Decision], descriptions: list[str]) -> list[Decision]:
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


def _body(decisions: list[Decision], title: str | None) -> tuple[list[Block], list[StrippedBlock]]:
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


@collector.paused()  # extraction makes no reference cycles: tracker.collector says why
def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    content_type: str | None = None,
    site_profile: SiteProfile | None = None,
    captured_at: datetime | None = None,
    selection: Selection | None = None,
    known_references: KnownReferences | None = None,
) -> Document:
    """One HTML page (str or bytes) -> Document. Raises ExtractionError for unusable input.

    ``captured_at`` is when the page was fetched: "3 days ago" on the page counts back
    from it. Without it a relative date is not read (the reading machine's clock says
    nothing about the page). ``selection``: the watch's include/exclude CSS selectors,
    over the automatic decision. ``known_references``: reference entries an earlier
    version held, parsed, taken as they are instead of parsed again (the same Document).
    """
    if not isinstance(html, str | bytes | bytearray):
        raise ExtractionError(f"expected HTML as str or bytes, got {type(html).__name__}")
    try:
        data = bytes(html) if isinstance(html, bytearray) else html
        text, _, utf8 = decode_page(data, content_type)
        root = parse(text, utf8)
        reveal_emails(root, text, utf8)
        reveal_streamed(root, text)
        raw_blocks = segment(root, hidden_rules(root))
        revoke_wrapping_marks(raw_blocks)  # a wrapper's class says nothing of dates or chrome
        meta = extract_metadata(root, raw_blocks, now=captured_at, source=text)
        decisions = read_page(root, raw_blocks, meta, site_profile)
        decisions = never_the_article(root, raw_blocks, decisions, meta, site_profile)
        decisions = volatile.relabel(decisions)
        decisions = volatile.without_closing_heading(
            decisions, dated=meta.head.published is not None
        )
        if POST_CONTENT_WIDGET in text:  # a builder's single-post template, rare: looked for in C
            decisions = outside_post_content(decisions)
        # a person's type looked for in the page's text first (written in a script, or
        # escaped in an attribute): walking the tree for its scripts costs more
        if '"Person"' in text or "&quot;Person&quot;" in text:
            decisions = _without_author_bios(decisions, author_descriptions(meta.json_ld))
        if selection:
            decisions = apply_selection(decisions, root, selection)
    except RecursionError as error:
        raise ExtractionError("page markup too deeply nested to extract") from error
    blocks, body_stripped = _body(decisions, meta.head.title)
    stripped = body_stripped + _stripped(decisions)
    blocks, references = split_references(blocks, known_references)
    for block in blocks:
        block.sentences = [Sentence(text=s) for s in split_sentences(block.text)]
    attach_citations(blocks, references)
    return replace(
        meta.head,
        url=url,
        blocks=blocks,
        references=references,
        stripped=stripped,
        selection=selection.describe() if selection else [],
    )
