"""HTML -> Document: the article apart from the chrome, with its dates, references and citations.

The pipeline, one pass each:

    decode   bytes -> text (HTTP charset, BOM, <meta>, detection)        decode.py
    parse    text -> lxml tree (recovering, depth-bounded)                dom.py
    segment  tree -> blocks with the chrome marks of their ancestors     segment.py, clean.py
    metadata title, authors, dates, language, each with its source      metadata.py, dates.py
    marks    chrome marks; wrappers of the article revoked               boilerplate.py
    classify main content by score; every other block stripped, reason  main_content.py
             a notice or the footer chosen: read again without it        notices.py
    split_references(blocks)   the reference list out of the body        reference_list.py
    sentences per block                                                  sentences.py
    attach_citations(blocks, references)                                 citations.py
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from lxml import etree

from tracker.errors import ExtractionError
from tracker.extraction import volatile
from tracker.extraction.boilerplate import (
    MIN_PARAGRAPH,
    is_evidence,
    is_logo_alt,
    last_resort,
    names_aside,
    revoke_wrapping_marks,
)
from tracker.extraction.cards import Decision, keep_card_parts
from tracker.extraction.citations import attach_citations
from tracker.extraction.clean import hidden_rules
from tracker.extraction.decode import decode_html
from tracker.extraction.dom import nearest_answer, parse, text_of
from tracker.extraction.emails import reveal_emails
from tracker.extraction.fallback import structured_reading
from tracker.extraction.main_content import find_main
from tracker.extraction.metadata import Metadata, extract_metadata
from tracker.extraction.notices import footer_boxes, notice_boxes, reads_as_notice
from tracker.extraction.reference_list import (
    NUMBERED_ENTRY,
    REFERENCE_HEADING,
    looks_like_reference,
    split_references,
)
from tracker.extraction.rowkeys import page_has_rows, row_of
from tracker.extraction.segment import Mark, RawBlock, segment
from tracker.extraction.selection import Selection
from tracker.extraction.selection import apply as apply_selection
from tracker.extraction.sentences import split_sentences
from tracker.extraction.streamed import reveal_streamed
from tracker.extraction.template import SiteProfile
from tracker.model import Block, BlockKind, Document, Sentence, StrippedBlock, StripReason

__all__ = ["ExtractionError", "Selection", "SiteProfile", "extract", "page_blocks"]

R = StripReason
# why a link-dense block was stripped: the declared-main reading takes these back
_LINK_TEXT = "mostly link text"
_LINK_TEASER = "a heading that is a link (teaser)"
MIN_ARTICLE_CHARS = 250
# a short block that is mostly link text inside the article: "Read more: ...", tag lists
LINK_DENSE = 0.6
LINK_DENSE_MAX_CHARS = 150
LINKED_HEADING = 0.9
# an element named like chrome ("footer", "widget", "legal-table") inside the main content is
# article when it carries this much text of its own, mostly not links
SUBSTANTIVE_CHARS = 200
SUBSTANTIVE_LINKS = 0.35
TABLE_CELLS = 4
# such elements before or after all of the article's own blocks are its fringe, chrome,
# while they hold less than this share of the kept text
FRINGE_SHARE = 0.5
# scored again with class names as evidence when the first choice kept less than this share
# of the prose they marked
RETRY_SHARE = 0.5
# where a reference list may sit after the article: an article <footer>, a side note
_SOFT = {None, R.OUTSIDE_MAIN, R.LOW_CONTENT, R.FOOTER, R.ASIDE}

_FOLD = re.compile(r"\W+")
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")


def page_blocks(html: str | bytes, content_type: str | None = None) -> list[RawBlock]:
    """The page cut into blocks with their marks, before any article/chrome decision."""
    text, _ = decode_html(html, content_type)
    root = parse(text)
    reveal_emails(root, text)
    return segment(root, hidden_rules(root))


def _describe(element: etree._Element) -> str:
    attributes = " ".join(
        f'{name}="{element.get(name)[:40]}"' for name in ("id", "class") if element.get(name)
    )
    return f"<{element.tag}{' ' + attributes if attributes else ''}>"


def _apply(
    blocks: list[RawBlock],
    main: list[etree._Element],
    meta: Metadata,
    profile: SiteProfile | None,
) -> list[Decision]:
    main_set = set(main)
    containing: set[etree._Element] = set()
    for element in main:
        containing.add(element)
        containing.update(element.iterancestors())
    memo: dict[etree._Element, bool] = {}

    def in_main(element: etree._Element | None) -> bool:
        return nearest_answer(element, lambda node: True if node in main_set else None, memo, False)

    where = _describe(main[0]) if main else "no main content found"
    substantive = _substantive_elements(blocks)
    decisions: list[Decision] = []
    reference_section = False
    outweighed: dict[int, Mark] = {}
    for index, block in enumerate(blocks):
        # most blocks have no mark: no list made for them
        marks = [mark for mark in block.marks if mark[2] not in containing] if block.marks else []
        if marks and in_main(block.element):
            # inside the article's flow a class name is evidence, outweighed by prose
            kept = [mark for mark in marks if not (is_evidence(mark) and mark[2] in substantive)]
            if len(kept) < len(marks):
                outweighed[index] = next(mark for mark in reversed(marks) if mark not in kept)
            marks = kept
        hidden = next((mark for mark in marks if mark[0] is R.HIDDEN), None) if marks else None
        if block.kind is BlockKind.HEADING and not marks:
            reference_section = bool(REFERENCE_HEADING.match(block.text.strip()))
        if hidden is not None:
            decisions.append((block, R.HIDDEN, hidden[1]))
        elif marks:
            decisions.append((block, marks[-1][0], marks[-1][1]))
        elif block.image_alt:
            decisions.append((block, R.LOW_CONTENT, "image alt text"))
        elif index in meta.date_lines:
            decisions.append((block, R.DATE_LINE, "visible date line"))
        elif index in meta.bylines:
            decisions.append((block, R.BYLINE, "visible byline"))
        elif profile is not None and profile.is_template(block.kind, block.text):
            decisions.append(
                (block, R.SITE_TEMPLATE, f"recurs on pages of the site ({profile.pages} learned)")
            )
        elif not in_main(block.element):
            decisions.append((block, R.OUTSIDE_MAIN, f"outside {where}"))
        elif _link_dense(block) and not (reference_section and _reference_entry(block)):
            detail = _LINK_TEASER if block.kind is BlockKind.HEADING else _LINK_TEXT
            decisions.append((block, R.LOW_CONTENT, detail))
        else:
            decisions.append((block, None, ""))
    _trim_fringes(decisions, outweighed)
    _rescue_references(decisions)
    _keep_lists_in_flow(decisions)
    return decisions


def _trim_fringes(decisions: list[Decision], outweighed: dict[int, Mark]) -> None:
    """A box named like chrome before the article's first or after its last own block
    ("support us" letters, author cards), and not beside them in one container, is not in
    the article's flow: its name decides, unless such boxes are most of what was kept (a
    page builder calls every block a "widget")."""
    kept = [index for index, (_, reason, _) in enumerate(decisions) if reason is None]
    if not outweighed or not kept:
        return
    total = sum(len(decisions[index][0].text) for index in kept)
    own = [index for index in kept if index not in outweighed]
    holding_own: set[etree._Element] = set()  # containers of the article's own blocks
    for index in own:
        for ancestor in decisions[index][0].element.iterancestors():
            if ancestor in holding_own:
                break
            holding_own.add(ancestor)
    fringe = [
        index
        for index in kept
        if (not own or index < own[0] or index > own[-1])
        and outweighed[index][2].getparent() not in holding_own
    ]
    if sum(len(decisions[index][0].text) for index in fringe) >= FRINGE_SHARE * total:
        return
    for index in fringe:
        reason, detail, _ = outweighed[index]
        decisions[index] = (decisions[index][0], reason, detail)


def _prose_named_like_chrome(blocks: list[RawBlock]) -> int:
    """Characters of paragraphs that only a class name marks as chrome."""
    return sum(
        len(block.text)
        for block in blocks
        if block.marks
        and not block.image_alt
        and len(block.text) >= MIN_PARAGRAPH
        and block.link_chars < 0.5 * len(block.text)
        and all(is_evidence(mark) for mark in block.marks)
    )


def _substantive_elements(blocks: list[RawBlock]) -> set[etree._Element]:
    """Elements marked by a class name alone that carry text of their own, mostly not
    links: prose, or a table of data (a "legal-table" of sub-processors is the terms)."""
    sizes: dict[etree._Element, list[int]] = {}
    evidence: dict[int, list[Mark]] = {}  # by the marks tuple: blocks of a box share theirs
    for block in blocks:
        if block.image_alt or not block.marks:
            continue
        named = evidence.get(id(block.marks))
        if named is None:
            named = evidence[id(block.marks)] = [mark for mark in block.marks if is_evidence(mark)]
        for mark in named:
            size = sizes.setdefault(mark[2], [0, 0, 0])
            size[0] += len(block.text)
            size[1] += block.link_chars
            size[2] += block.kind is BlockKind.TABLE_CELL
    return {
        element
        for element, (chars, links, cells) in sizes.items()
        if (chars - links >= SUBSTANTIVE_CHARS or cells >= TABLE_CELLS)
        and links <= SUBSTANTIVE_LINKS * chars
    }


def _reference_entry(block: RawBlock) -> bool:
    """A reference-list entry is content whatever share of it is a link."""
    return block.kind is not BlockKind.HEADING and bool(
        looks_like_reference(block)
        and (NUMBERED_ENTRY.match(block.text) or _YEAR.search(block.text))
    )


def _link_dense(block: RawBlock) -> bool:
    density = block.link_chars / len(block.text)
    if block.kind is BlockKind.HEADING:
        return density > LINKED_HEADING
    return density > LINK_DENSE and (len(block.text) < LINK_DENSE_MAX_CHARS or density > 0.8)


def _list_of(block: RawBlock) -> etree._Element | None:
    """The ``<ul>`` or ``<ol>`` a list item's block belongs to."""
    return next(block.element.iterancestors("ul", "ol"), None)


def _keep_lists_in_flow(decisions: list[Decision]) -> None:
    """A list of links with the article's own blocks kept right before and right after it
    is the article's (a resource list, steps that link to their pages): links stripped as
    "mostly link text" come back. A list of links at the article's edge (before its first
    block or after its last) is a related box or a menu and stays stripped."""
    index = 0
    while index < len(decisions):
        block, _, detail = decisions[index]
        if block.kind is not BlockKind.LIST_ITEM or detail != _LINK_TEXT:
            index += 1
            continue
        owner = _list_of(block)
        end = index
        while (
            end + 1 < len(decisions)
            and decisions[end + 1][0].kind is BlockKind.LIST_ITEM
            and (decisions[end + 1][1] is None or decisions[end + 1][2] == _LINK_TEXT)
            and _list_of(decisions[end + 1][0]) is owner
        ):
            end += 1
        start = index
        while (
            start > 0
            and decisions[start - 1][0].kind is BlockKind.LIST_ITEM
            and decisions[start - 1][1] is None
            and _list_of(decisions[start - 1][0]) is owner
        ):
            start -= 1
        if (
            owner is not None
            and start > 0
            and end + 1 < len(decisions)
            and decisions[start - 1][1] is None
            and decisions[end + 1][1] is None
        ):
            for inside in range(index, end + 1):
                decisions[inside] = (decisions[inside][0], None, "")
        index = end + 1


def _rescue_references(decisions: list[Decision]) -> None:
    """Keep a reference list that sits just outside the main content (its own section).

    What a reference section looks like (its heading, numbered entries) is the reference
    parser's knowledge, used here so both stages agree on where the list is.
    """
    kept = [i for i, (_, reason, _) in enumerate(decisions) if reason is None]
    if not kept:
        return
    headings, numbered = REFERENCE_HEADING, NUMBERED_ENTRY
    index = kept[-1] + 1
    while index < len(decisions):
        block, reason, _ = decisions[index]
        if reason not in _SOFT:
            index += 1
            continue
        if len(block.text) < 60 and headings.match(block.text.strip()):
            where = decisions[index][1:]
            decisions[index] = (block, None, "")
            index += 1
            first_list = None
            while index < len(decisions):
                entry, entry_reason, entry_detail = decisions[index]
                if entry.kind is BlockKind.HEADING or entry_reason not in _SOFT:
                    break
                if entry_reason is not None and (entry_reason, entry_detail) != where:
                    break  # another box: from the article's footer into the site's
                if entry.kind is BlockKind.LIST_ITEM:
                    parent = entry.element.getparent()
                    first_list = parent if first_list is None else first_list
                    if parent is not first_list:
                        break
                elif not (
                    looks_like_reference(entry)
                    and (numbered.match(entry.text) or _YEAR.search(entry.text))
                ):
                    break
                decisions[index] = (entry, None, "")
                index += 1
            return
        if numbered.match(block.text) and looks_like_reference(block):
            # a trailing run of "(n) ..." entries right after the article
            while index < len(decisions) and numbered.match(decisions[index][0].text):
                if decisions[index][1] not in _SOFT:
                    break
                decisions[index] = (decisions[index][0], None, "")
                index += 1
            return
        index += 1
        if index - kept[-1] > 12:
            return


def _classify(
    blocks: list[RawBlock], meta: Metadata, profile: SiteProfile | None
) -> list[Decision]:
    main = find_main(blocks, use_marks=True)
    if not main and blocks:
        # no paragraph long enough to score (a stub page): the whole body is the candidate
        body = blocks[0].element.getroottree().getroot().find("body")
        main = [body] if body is not None else []
    decisions = _apply(blocks, main, meta, profile)
    kept = _kept_chars(decisions)
    if kept < max(MIN_ARTICLE_CHARS, RETRY_SHARE * _prose_named_like_chrome(blocks)):
        # class names hid the article (page builders call every block a "widget"): score
        # again with names as evidence only
        retry_main = find_main(blocks, use_marks=False)
        if retry_main and retry_main != main:
            retry = _apply(blocks, retry_main, meta, profile)
            if _kept_chars(retry) > kept:
                decisions = retry
                kept = _kept_chars(retry)
    if kept < MIN_ARTICLE_CHARS:
        decisions = _last_resort(blocks, decisions, kept, meta, profile)
        kept = _kept_chars(decisions)
    if kept < MIN_ARTICLE_CHARS:
        decisions = _declared_main(blocks, decisions, meta, profile)
    return _drop_repeated_runs(keep_card_parts(decisions))


def _never_empty(
    blocks: list[RawBlock], decisions: list[Decision], meta: Metadata, profile: SiteProfile | None
) -> list[Decision]:
    """A page of which every reading kept nothing, though it shows text outside its menus
    and banners (a shop's page whose every section a theme names "slider", "promo" or
    "header"): read with class names aside (``names_aside``). An empty article is the one
    output in which no change can ever be seen."""
    if _kept_chars(decisions):
        return decisions
    relaxed = _relaxed_reading(blocks, decisions, meta, profile, names_aside)
    return decisions if relaxed is decisions else _drop_repeated_runs(keep_card_parts(relaxed))


# a run of kept blocks that repeats the run just before it word for word, this long or longer,
# is a responsive layout's second copy (a product's description for phones and for desktops)
REPEATED_RUN_CHARS = 200
# a run of two blocks or more right after its twin, in a box of its own holding the same
# text, is a copy from this length (a slide's title and line, printed per screen size)
BOXED_COPY_CHARS = 80


def _drop_repeated_runs(decisions: list[Decision]) -> list[Decision]:
    """The decisions with the second copy of a run of kept blocks stripped as a duplicate:
    a run printed twice in a row, or a run of two blocks or more printed again, right
    after (a slide's desktop and phone copies, short as they are) or further down, in a
    box of its own that holds the same text as the first copy's box (a page's sections
    printed once for desktops and once for phones, a post printed again in a preview).
    A passage quoted again further down (a forum's quote of an earlier post) sits in a
    box with other text and is not a copy; table cells repeat by nature ("Yes", "$10")
    and are never part of a run."""
    kept = [
        index
        for index, (block, reason, _) in enumerate(decisions)
        if reason is None and block.kind is not BlockKind.TABLE_CELL
    ]
    texts = [decisions[index][0].text for index in kept]
    first: dict[str, int] = {}  # text -> its first place in ``kept``
    position = 0
    dropped: list[int] = []
    while position < len(kept):
        earlier = first.setdefault(texts[position], position)
        length = 0
        if earlier != position:
            while (
                position + length < len(kept)
                and earlier + length < position
                and texts[position + length] == texts[earlier + length]
            ):
                length += 1
        chars = sum(map(len, texts[position : position + length])) if length else 0
        adjacent = earlier + length == position  # the copy follows the original
        if chars >= (BOXED_COPY_CHARS if adjacent else REPEATED_RUN_CHARS):
            run = kept[position : position + length]
            if (adjacent and chars >= REPEATED_RUN_CHARS) or (
                length > 1 and _same_box(decisions, kept[earlier : earlier + length], run)
            ):
                dropped.extend(run)
                position += length
                continue
        position += 1
    if not dropped:
        return decisions
    repeated = list(decisions)
    for index in dropped:
        repeated[index] = (decisions[index][0], R.DUPLICATE, "repeats a run of blocks above")
    return repeated


def _same_box(decisions: list[Decision], original: list[int], copy: list[int]) -> bool:
    """Whether the smallest elements holding each run are two boxes apart that hold the
    same text: the copy's box is a second print of the first one's, not a post or a card
    quoting it, nor a stretch of one list (a meal plan's days) that recurs in it."""
    first, second = (
        _holder([decisions[index][0].element for index in run]) for run in (original, copy)
    )
    return (
        first is not None
        and second is not None
        and second not in first.iter()
        and first not in second.iter()
        and text_of(first) == text_of(second)
    )


def _holder(elements: list[etree._Element]) -> etree._Element | None:
    """The smallest element that is or holds every one of ``elements``."""
    box: etree._Element | None = elements[0]
    while box is not None and not all(
        element is box or any(ancestor is box for ancestor in element.iterancestors())
        for element in elements
    ):
        box = box.getparent()
    return box


def _kept_chars(decisions: list[Decision]) -> int:
    return sum([len(block.text) for block, reason, _ in decisions if reason is None])


def _last_resort(
    blocks: list[RawBlock],
    decisions: list[Decision],
    kept: int,
    meta: Metadata,
    profile: SiteProfile | None,
) -> list[Decision]:
    """Nearly nothing kept: read the page again through the marks that still hold
    (``last_resort``), rather than report an empty article. A page hidden by its
    stylesheet until a script runs, or a thread whose posts are all marked as comments,
    is taken whole; a page with no prose at all stays empty."""
    retry = _relaxed_reading(blocks, decisions, meta, profile, last_resort)
    return retry if _kept_chars(retry) >= max(MIN_ARTICLE_CHARS, 2 * kept) else decisions


def _relaxed_reading(
    blocks: list[RawBlock],
    decisions: list[Decision],
    meta: Metadata,
    profile: SiteProfile | None,
    holding: Callable[[tuple[Mark, ...]], tuple[Mark, ...]],
) -> list[Decision]:
    """The page read again with only the marks ``holding`` keeps, scored with names as
    evidence; ``decisions`` when no mark goes or nothing has prose to score."""
    relaxed, changed = [], False
    for block in blocks:
        marks = holding(block.marks) if block.marks else block.marks
        changed = changed or len(marks) < len(block.marks)
        relaxed.append(replace(block, marks=marks) if marks != block.marks else block)
    if not changed:
        return decisions
    main = find_main(relaxed, use_marks=False)
    return _apply(relaxed, main, meta, profile) if main else decisions


def _declared_main(
    blocks: list[RawBlock], decisions: list[Decision], meta: Metadata, profile: SiteProfile | None
) -> list[Decision]:
    """A page with next to no prose (a category's list of links, a catalogue of names and
    prices, a board of job titles) that declares its main content (``<main>``,
    ``role="main"``): the unmarked text there is what it shows, links and all, rather
    than the one sentence of introduction the scores found."""
    if not blocks:
        return decisions
    root = blocks[0].element.getroottree().getroot()
    main = next(iter(root.iter("main")), None)
    if main is None:
        main = next(iter(root.xpath('//*[@role="main"]')), None)
    if main is None:
        return decisions
    retry: list[Decision] = []
    for block, reason, detail in _apply(blocks, [main], meta, profile):
        link_text = reason is R.LOW_CONTENT and detail in (_LINK_TEXT, _LINK_TEASER)
        retry.append((block, None, "") if link_text else (block, reason, detail))
    return retry if _kept_chars(retry) > 2 * _kept_chars(decisions) else decisions


def _structured(root: etree._Element, decisions: list[Decision]) -> list[Decision]:
    """A page whose markup shows next to no article (a forum app's empty shell) read from
    the article text it carries for machines (``fallback.py``), when that holds more than
    twice as much and a sentence at least; the few blocks the markup gave are stripped as
    outside that reading, kept with their reason."""
    kept = _kept_chars(decisions)
    if kept >= MIN_ARTICLE_CHARS:
        return decisions
    reading: list[Decision] = []
    for block in structured_reading(root):
        if block.marks:
            reading.append((block, block.marks[-1][0], block.marks[-1][1]))
        elif block.image_alt:
            reading.append((block, R.LOW_CONTENT, "image alt text"))
        else:
            reading.append((block, None, ""))
    read = _kept_chars(reading)
    if read <= 2 * kept or read < MIN_PARAGRAPH:
        return decisions
    source = next(block.source for block, reason, _ in reading if reason is None)
    instead = f"the page's markup shows next to no article: read from {source} instead"
    page = [
        (block, R.OUTSIDE_MAIN, instead) if reason is None else (block, reason, detail)
        for block, reason, detail in decisions
    ]
    return page + reading


def _reading(
    root: etree._Element, blocks: list[RawBlock], meta: Metadata, profile: SiteProfile | None
) -> list[Decision]:
    """The page's blocks decided: the main content by score, then each fallback in turn."""
    decisions = _structured(root, _classify(blocks, meta, profile))
    return _never_empty(blocks, decisions, meta, profile)


_NOTICE_DETAIL = {
    R.COOKIE_BANNER: "reads as a consent notice",
    R.NEWSLETTER: "reads as a newsletter sign-up",
    R.CALL_TO_ACTION: "reads as a shopping cart",
}
Boxes = dict[etree._Element, tuple[StripReason, str]]


def _notice_boxes(kept: list[RawBlock], blocks: list[RawBlock], title: str | None) -> Boxes:
    kind = reads_as_notice([block.text for block in kept], title)
    if kind is None:
        return {}
    return {box: (kind, _NOTICE_DETAIL[kind]) for box in notice_boxes(kept, blocks)}


def _footer_boxes(kept: list[RawBlock], blocks: list[RawBlock], title: str | None) -> Boxes:
    return {
        box: (R.FOOTER, "<footer>" if box.tag == "footer" else 'role="contentinfo"')
        for box in footer_boxes(kept)
    }


def _never_the_article(
    root: etree._Element,
    blocks: list[RawBlock],
    decisions: list[Decision],
    meta: Metadata,
    profile: SiteProfile | None,
) -> list[Decision]:
    """A reading that is a consent notice, a sign-up box or a cart drawer by its words, or
    that sits in the page's footer (``notices.py``), is never the article, though no mark
    says so (a build tool's hashed class names; a footer's mark revoked because it held
    most of the page's prose, a sign-up box's or legal notes'): every block in its boxes
    is marked so and the page is read again, the article then being the best other
    candidate or what the fallbacks read. When nothing else is kept, the reading stays:
    an empty article shows no change."""
    for boxes_of in (_notice_boxes, _footer_boxes):
        kept = [block for block, reason, _ in decisions if reason is None]
        boxes = boxes_of(kept, blocks, meta.head.title)
        if not boxes:
            continue
        marked = [
            replace(block, marks=(*block.marks, (*boxes[box], box)))
            if (box := _within(block.element, boxes)) is not None
            else block
            for block in blocks
        ]
        again = _reading(root, marked, meta, profile)
        if _kept_chars(again):
            blocks, decisions = marked, again
    return decisions


def _within(element: etree._Element, boxes: Boxes) -> etree._Element | None:
    """The one of ``boxes`` that is ``element`` or holds it, if any."""
    if element in boxes:
        return element
    return next((ancestor for ancestor in element.iterancestors() if ancestor in boxes), None)


def _stripped(decisions: list[Decision]) -> list[StrippedBlock]:
    """Stripped blocks in page order; runs of image alt text become one logo-strip entry."""
    stripped: list[StrippedBlock] = []
    run: list[RawBlock] = []
    run_mark: list[tuple[StripReason, str]] = []

    def close_run() -> None:
        if not run:
            return
        text = " · ".join(block.text for block in run)
        if run_mark and run_mark[0][0] is not R.LOW_CONTENT:
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
        close_run()
        stripped.append(StrippedBlock(text=block.text, reason=reason, detail=detail))
    close_run()
    return stripped


def _same(a: str, b: str) -> bool:
    return _FOLD.sub("", a).casefold() == _FOLD.sub("", b).casefold()


def _has_rows(raw: RawBlock, has_rows: dict[bool, bool]) -> bool:
    """Whether the tree `raw` was read from has a table cell or a definition (remembered
    in `has_rows`), so that `row_of` climbs only where a row can be."""
    from_markup = raw.source is None
    if from_markup not in has_rows:
        has_rows[from_markup] = page_has_rows(raw.element)
    return has_rows[from_markup]


def _body(decisions: list[Decision], title: str | None) -> tuple[list[Block], list[StrippedBlock]]:
    blocks: list[Block] = []
    extra: list[StrippedBlock] = []
    section: str | None = None
    title_seen = False
    # whether each tree has rows at all, looked up once: the page's markup (source None)
    # and, apart, the tree a reading of its data for machines was parsed into
    has_rows: dict[bool, bool] = {}
    for raw, reason, detail in decisions:
        if reason is not None:
            continue
        if raw.kind is BlockKind.HEADING:
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
                row=row_of(raw.element) if _has_rows(raw, has_rows) else None,
                selected=detail or None,  # a kept block's detail: the include that kept it
                source=raw.source,
            )
        )
    return blocks, extra


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    content_type: str | None = None,
    site_profile: SiteProfile | None = None,
    captured_at: datetime | None = None,
    selection: Selection | None = None,
) -> Document:
    """One HTML page (str or bytes) -> Document. Raises ExtractionError for unusable input.

    ``captured_at`` is when the page was fetched: "3 days ago" on the page counts back
    from it. Without it a relative date is not read (the reading machine's clock says
    nothing about the page). ``selection``: the watch's include/exclude CSS selectors,
    over the automatic decision.
    """
    if not isinstance(html, str | bytes | bytearray):
        raise ExtractionError(f"expected HTML as str or bytes, got {type(html).__name__}")
    try:
        text, _ = decode_html(bytes(html) if isinstance(html, bytearray) else html, content_type)
        root = parse(text)
        reveal_emails(root, text)
        reveal_streamed(root, text)
        raw_blocks = segment(root, hidden_rules(root))
        revoke_wrapping_marks(raw_blocks)  # a wrapper's class says nothing of dates or chrome
        meta = extract_metadata(root, raw_blocks, now=captured_at)
        decisions = _reading(root, raw_blocks, meta, site_profile)
        decisions = _never_the_article(root, raw_blocks, decisions, meta, site_profile)
        decisions = volatile.relabel(decisions)
        if selection:
            decisions = apply_selection(decisions, root, selection)
    except RecursionError as error:
        raise ExtractionError("page markup too deeply nested to extract") from error
    blocks, body_stripped = _body(decisions, meta.head.title)
    stripped = body_stripped + _stripped(decisions)
    blocks, references = split_references(blocks)
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
