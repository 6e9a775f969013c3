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

from dataclasses import replace
from datetime import datetime

from tracker import collector
from tracker.errors import ExtractionError
from tracker.extraction import volatile
from tracker.extraction.assembly import body, stripped_blocks, with_sentences, without_author_bios
from tracker.extraction.citations import attach_citations
from tracker.extraction.clean import drop_permalink_signs, hidden_rules
from tracker.extraction.decode import decode_page
from tracker.extraction.dom import parse
from tracker.extraction.emails import reveal_emails
from tracker.extraction.fallback import author_descriptions
from tracker.extraction.metadata import extract_metadata
from tracker.extraction.readings import never_the_article, read_page
from tracker.extraction.reference_list import KnownReferences, split_references
from tracker.extraction.segment import RawBlock, segment
from tracker.extraction.selection import Selection
from tracker.extraction.selection import apply as apply_selection
from tracker.extraction.streamed import reveal_streamed
from tracker.extraction.template import SiteProfile
from tracker.extraction.verdicts import POST_CONTENT_WIDGET, outside_post_content
from tracker.extraction.wrappers import revoke_wrapping_marks
from tracker.model import Document

__all__ = [
    "ExtractionError",
    "KnownReferences",
    "Selection",
    "SiteProfile",
    "extract",
    "page_blocks",
]


def page_blocks(html: str | bytes, content_type: str | None = None) -> list[RawBlock]:
    """The page cut into blocks with their marks, before any article/chrome decision."""
    text, _, utf8 = decode_page(html, content_type)
    root = parse(text, utf8)
    reveal_emails(root, text, utf8)
    return segment(root, hidden_rules(root))


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
        drop_permalink_signs(root)
        raw_blocks = segment(root, hidden_rules(root))
        revoke_wrapping_marks(raw_blocks)  # a wrapper's class says nothing of dates or chrome
        meta = extract_metadata(root, raw_blocks, now=captured_at, source=text)
        decisions = read_page(root, raw_blocks, meta, site_profile)
        decisions = never_the_article(root, raw_blocks, decisions, meta, site_profile)
        decisions = volatile.relabel(decisions)
        decisions = volatile.credited_captions(decisions)
        decisions = volatile.without_closing_heading(
            decisions, dated=meta.head.published is not None
        )
        if POST_CONTENT_WIDGET in text:  # a builder's single-post template, rare: looked for in C
            decisions = outside_post_content(decisions)
        # a person's type looked for in the page's text first (written in a script, or
        # escaped in an attribute): walking the tree for its scripts costs more
        if '"Person"' in text or "&quot;Person&quot;" in text:
            decisions = without_author_bios(decisions, author_descriptions(meta.json_ld))
        if selection:
            decisions = apply_selection(decisions, root, selection)
    except RecursionError as error:
        raise ExtractionError("page markup too deeply nested to extract") from error
    blocks, body_stripped = body(decisions, meta.head.title)
    stripped = body_stripped + stripped_blocks(decisions)
    blocks, references = split_references(blocks, known_references)
    with_sentences(blocks)
    attach_citations(blocks, references)
    return replace(
        meta.head,
        url=url,
        blocks=blocks,
        references=references,
        stripped=stripped,
        selection=selection.describe() if selection else [],
    )
