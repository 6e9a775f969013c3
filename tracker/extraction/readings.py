"""The readings of a page in turn: scored main content, names as evidence, the last resort,
the declared main, the data for machines, never empty, and never a notice or the footer
(each a fallback when the one before keeps next to nothing or the wrong thing)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Final

from lxml import etree

from tracker.extraction.boilerplate import MIN_PARAGRAPH, is_evidence
from tracker.extraction.cards import Decision, keep_card_parts
from tracker.extraction.dom import inside, nearest_answer
from tracker.extraction.fallback import (
    declares_product,
    product_descriptions,
    structured_reading,
)
from tracker.extraction.main_content import (
    declared_main,
    find_main,
    heading_areas,
    with_introduction,
)
from tracker.extraction.metadata import Metadata
from tracker.extraction.notices import footer_boxes, notice_boxes, reads_as_notice
from tracker.extraction.segment import Mark, RawBlock
from tracker.extraction.template import SiteProfile
from tracker.extraction.verdicts import (
    LINK_TEASER,
    LINK_TEXT,
    apply_main,
    drop_product_copies,
    drop_repeated_runs,
    keep_many_titles,
    keep_pointers_in_flow,
    kept_chars,
    prose_named_like_chrome,
)
from tracker.extraction.wrappers import last_resort, names_aside, revealed_boxes
from tracker.model import StripReason

R: Final = StripReason

# fewer characters kept than this: the reading is next to nothing, the next one is tried
MIN_ARTICLE_CHARS: Final = 250
# scored again with class names as evidence when the first choice kept less than this share
# of the prose they marked
RETRY_SHARE: Final = 0.5
# a block prints the product's declared description when its words, this many characters of
# them or more, run on in the description; together they print this share of it, in a box
# that holds at most this many times its length (one printing of it, not a grid of products)
DESCRIBED_CHARS: Final = 40
DESCRIBED_SHARE: Final = 0.5
DESCRIBED_BOX: Final = 5
# the declared main content read instead of the part of it the scores chose when it keeps
# more than this many times as much
WIDER: Final = 2
_WORD: Final = re.compile(r"\w+")


def _classify(
    blocks: list[RawBlock],
    meta: Metadata,
    profile: SiteProfile | None,
    described: etree._Element | None = None,
) -> list[Decision]:
    dated, published = meta.date_lines | meta.bylines, meta.head.published is not None
    main = _with_box(find_main(blocks, use_marks=True, published=published), described)
    areas = heading_areas(main, blocks, dated, published)
    main = with_introduction(main, blocks, dated, published)
    if not main and blocks:
        # no paragraph long enough to score (a stub page): the whole body is the candidate
        body = blocks[0].element.getroottree().getroot().find("body")
        main = [body] if body is not None else []
    decisions = apply_main(blocks, main, meta, profile)
    kept = kept_chars(decisions)
    if kept < max(MIN_ARTICLE_CHARS, RETRY_SHARE * prose_named_like_chrome(blocks)):
        # class names hid the article (page builders call every block a "widget"): score
        # again with names as evidence only
        retry_main = _with_box(find_main(blocks, use_marks=False, published=published), described)
        if retry_main and retry_main != main:
            retry = apply_main(blocks, retry_main, meta, profile)
            if kept_chars(retry) > kept:
                decisions, main = retry, retry_main
                kept = kept_chars(retry)
    widened = through_declared_main(blocks, main, kept, meta, profile)
    if widened is not None:
        decisions, kept = widened, kept_chars(widened)
    if kept < MIN_ARTICLE_CHARS:
        decisions = _last_resort(blocks, decisions, kept, meta, profile)
        kept = kept_chars(decisions)
    if kept < MIN_ARTICLE_CHARS:
        decisions = _declared_main(blocks, decisions, meta, profile)
    if areas:
        decisions = _with_heading_areas(decisions, areas)
    decisions = drop_repeated_runs(
        keep_many_titles(keep_pointers_in_flow(keep_card_parts(decisions)))
    )
    return drop_product_copies(decisions, lambda: meta.priced or declares_product(meta.json_ld))


def _with_heading_areas(decisions: list[Decision], areas: list[etree._Element]) -> list[Decision]:
    """The decisions, with the blocks stripped for a header name in or on one of the page's
    heading areas (``heading_areas``) kept, whichever reading decided them: the page's own
    title and introduction. Not a line whose words the reading keeps already (a game
    store's summary that its "About this game" prints again)."""
    restored: dict[int, str] = {}
    for index, (block, reason, detail) in enumerate(decisions):
        if reason is R.HEADER and detail.startswith("class/id"):
            left = [
                mark
                for mark in block.marks
                if not (
                    mark[0] is R.HEADER
                    and is_evidence(mark)
                    and any(inside(mark[2], box) for box in areas)
                )
            ]
            if len(left) < len(block.marks) and all(is_evidence(mark) for mark in left):
                restored[index] = _words(block.text)
    if not restored:
        return decisions
    kept = "\n".join(_words(block.text) for block, reason, _ in decisions if reason is None)
    return [
        (block, None, "")
        if index in restored and restored[index] not in kept
        else (block, reason, detail)
        for index, (block, reason, detail) in enumerate(decisions)
    ]


def through_declared_main(
    blocks: list[RawBlock],
    main: list[etree._Element],
    kept: int,
    meta: Metadata,
    profile: SiteProfile | None,
) -> list[Decision] | None:
    """The page read through the main content it declares (``<main>``, ``role="main"``)
    when the scores chose a part of it, not an ``<article>``, and the whole, read by the
    same rules, keeps more than ``WIDER`` times as much: a page built of sections (a
    service's offer, a catalogue's groups) of which the scores found one. None when not."""
    if not main:
        return None
    # looked for above the choice, not through the whole page: it holds every box chosen
    declared = next(
        (box for box in main[0].iterancestors() if box.tag == "main" or box.get("role") == "main"),
        None,
    )
    if declared is None or not all(inside(box, declared) for box in main):
        return None
    if any(
        box.tag == "article" or next(box.iterancestors("article"), None) is not None for box in main
    ):
        return None  # the page marks its article: the rest of its main is other posts
    enough = WIDER * kept
    if sum(len(block.text) for block in blocks) <= enough:
        return None  # the whole page's text could not keep enough: nothing looked up
    if _open_chars(blocks, declared) <= enough:
        return None  # not read: it could not keep enough
    wide = apply_main(blocks, [declared], meta, profile)
    return wide if kept_chars(wide) > enough else None


def _open_chars(blocks: list[RawBlock], box: etree._Element) -> int:
    """The characters of the blocks in ``box`` under no mark inside it that decides by
    itself (hidden text, a menu, a verdict's name): at least what a reading through
    ``box`` keeps, counted at a fraction of its cost."""
    answer = {box: True}.get
    memo: dict[etree._Element, bool] = {}
    return sum(
        len(block.text)
        for block in blocks
        if nearest_answer(block.element, answer, memo, False)
        and not any(
            mark[2] is not box and not is_evidence(mark) and inside(mark[2], box)
            for mark in block.marks
        )
    )


def _never_empty(
    blocks: list[RawBlock], decisions: list[Decision], meta: Metadata, profile: SiteProfile | None
) -> list[Decision]:
    """A page of which every reading kept nothing, though it shows text outside its menus
    and banners (a shop's page whose every section a theme names "slider", "promo" or
    "header"): read with class names aside (``names_aside``). An empty article is the one
    output in which no change can ever be seen."""
    if kept_chars(decisions):
        return decisions
    relaxed = _relaxed_reading(blocks, decisions, meta, profile, names_aside)
    return (
        decisions
        if relaxed is decisions
        else drop_repeated_runs(keep_many_titles(keep_card_parts(relaxed)))
    )


# a run of kept blocks that repeats the run just before it word for word, this long or longer,
# is a responsive layout's second copy (a product's description for phones and for desktops)
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
    revealed = revealed_boxes(blocks)
    retry = _relaxed_reading(
        blocks, decisions, meta, profile, lambda marks: last_resort(marks, revealed)
    )
    return retry if kept_chars(retry) >= max(MIN_ARTICLE_CHARS, 2 * kept) else decisions


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
    main = find_main(relaxed, use_marks=False, published=meta.head.published is not None)
    return apply_main(relaxed, main, meta, profile) if main else decisions


def _declared_main(
    blocks: list[RawBlock], decisions: list[Decision], meta: Metadata, profile: SiteProfile | None
) -> list[Decision]:
    """A page with next to no prose (a category's list of links, a catalogue of names and
    prices, a board of job titles) that declares its main content (``<main>``,
    ``role="main"``): the unmarked text there is what it shows, links and all, rather
    than the one sentence of introduction the scores found."""
    if not blocks:
        return decisions
    main = declared_main(blocks[0].element.getroottree().getroot())
    if main is None:
        return decisions
    retry: list[Decision] = []
    for block, reason, detail in apply_main(blocks, [main], meta, profile):
        link_text = reason is R.LOW_CONTENT and detail in (LINK_TEXT, LINK_TEASER)
        retry.append((block, None, "") if link_text else (block, reason, detail))
    return retry if kept_chars(retry) > 2 * kept_chars(decisions) else decisions


def _structured(
    root: etree._Element, json_ld: list[str], decisions: list[Decision]
) -> list[Decision]:
    """A page whose markup shows next to no article (a forum app's empty shell) read from
    the article text it carries for machines (``fallback.py``), when that holds more than
    twice as much and a sentence at least; the few blocks the markup gave are stripped as
    outside that reading, kept with their reason. Its copies go as the markup's do (a
    reply's quotation box of a passage above: ``drop_repeated_runs``)."""
    kept = kept_chars(decisions)
    if kept >= MIN_ARTICLE_CHARS:
        return decisions
    reading: list[Decision] = []
    for block in structured_reading(root, json_ld):
        if block.marks:
            reading.append((block, block.marks[-1][0], block.marks[-1][1]))
        elif block.image_alt:
            reading.append((block, R.LOW_CONTENT, "image alt text"))
        else:
            reading.append((block, None, ""))
    read = kept_chars(reading)
    if read <= 2 * kept or read < MIN_PARAGRAPH:
        return decisions
    source = next(block.source for block, reason, _ in reading if reason is None)
    instead = f"the page's markup shows next to no article: read from {source} instead"
    page = [
        (block, R.OUTSIDE_MAIN, instead) if reason is None else (block, reason, detail)
        for block, reason, detail in decisions
    ]
    return page + drop_repeated_runs(reading)


def read_page(
    root: etree._Element, blocks: list[RawBlock], meta: Metadata, profile: SiteProfile | None
) -> list[Decision]:
    """The page's blocks decided: the main content by score, then each fallback in turn."""
    blocks, described = _product_text(blocks, meta.json_ld)
    decisions = _structured(root, meta.json_ld, _classify(blocks, meta, profile, described))
    return _never_empty(blocks, decisions, meta, profile)


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _product_text(
    blocks: list[RawBlock], json_ld: list[str]
) -> tuple[list[RawBlock], etree._Element | None]:
    """The page's blocks, and the box that prints the description its data for machines
    declares for its one product (JSON-LD ``Product``), which is the product's own text
    wherever the theme puts it: in a drawer or a details modal a class name or a role
    calls chrome (those marks of the box are revoked; hidden text stays hidden), or beside
    the part the scores chose (the box joins the main content)."""
    descriptions = {_words(text) for text in product_descriptions(json_ld)} - {""}
    if not descriptions:
        return blocks, None
    printed = [
        block
        for block in blocks
        if not block.image_alt
        and len(words := _words(block.text)) >= DESCRIBED_CHARS
        and any(words in description for description in descriptions)
        and not any(mark[0] is R.HIDDEN for mark in block.marks)
    ]
    shortest, longest = min(map(len, descriptions)), max(map(len, descriptions))
    if sum(len(_words(block.text)) for block in printed) < DESCRIBED_SHARE * shortest:
        return blocks, None
    box = _common_ancestor([block.element for block in printed])
    held = sum(len(block.text) for block in blocks if inside(block.element, box))
    if box.tag in {"body", "html"} or held > DESCRIBED_BOX * longest:
        return blocks, None  # a grid of products, or the description printed twice apart
    marked = [mark for block in printed for mark in block.marks]
    for _, _, element in marked:  # the drawer or modal around it: the outermost such box
        if inside(box, element) and element.tag not in {"body", "html"}:
            box = element
    reasons = {mark[0] for mark in marked}

    def revoked(block: RawBlock) -> RawBlock:
        if not block.marks or not inside(block.element, box):
            return block
        kept = tuple(m for m in block.marks if not (m[0] in reasons and inside(m[2], box)))
        return block if len(kept) == len(block.marks) else replace(block, marks=kept)

    return [revoked(block) for block in blocks], box


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    """The smallest element holding all of ``elements`` (the element itself for one)."""
    lineage = [elements[0], *elements[0].iterancestors()]
    depth = 0
    for element in elements[1:]:
        ancestors = {element, *element.iterancestors()}
        while lineage[depth] not in ancestors:
            depth += 1
    return lineage[depth]


def _with_box(main: list[etree._Element], box: etree._Element | None) -> list[etree._Element]:
    """The main content with the product's described box, unless it holds it already."""
    if box is None or not main or any(inside(box, element) for element in main):
        return main
    return [*main, box]


_NOTICE_DETAIL: Final = {
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


def never_the_article(
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
        again = read_page(root, marked, meta, profile)
        if kept_chars(again):
            blocks, decisions = marked, again
    return decisions


def _within(element: etree._Element, boxes: Boxes) -> etree._Element | None:
    """The one of ``boxes`` that is ``element`` or holds it, if any."""
    if element in boxes:
        return element
    return next((ancestor for ancestor in element.iterancestors() if ancestor in boxes), None)
