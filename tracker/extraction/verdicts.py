"""One reading of a page: the chosen main content applied to every block, each stripped
block with its reason (outweighed evidence, fringes, link-dense lines, lists and reference
entries in the article's flow), and a layout's second copies dropped."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Final

from lxml import etree

from tracker.extraction.boilerplate import (
    MIN_PARAGRAPH,
    STILL,
    for_phones,
    is_evidence,
)
from tracker.extraction.cards import MIN_CARDS, Decision, may_be_card, template_name
from tracker.extraction.clean import hidden_on_desktop
from tracker.extraction.dom import nearest_answer, text_of, word_chars
from tracker.extraction.metadata import Metadata
from tracker.extraction.reference_list import (
    NUMBERED_ENTRY,
    REFERENCE_HEADING,
    looks_like_reference,
    reference_heading,
)
from tracker.extraction.segment import HEADINGS, Mark, RawBlock
from tracker.extraction.template import SiteProfile
from tracker.model import BlockKind, StripReason

R: Final = StripReason
# why a link-dense block was stripped: the declared-main reading takes these back
LINK_TEXT: Final = "mostly link text"
LINK_TEASER: Final = "a heading that is a link (teaser)"
# a short block that is mostly link text inside the article: "Read more: ...", tag lists
LINK_DENSE: Final = 0.6
LINK_DENSE_MAX_CHARS: Final = 150
LINKED_HEADING: Final = 0.9
# linked headings of one tag in the main content this many or more are its items' titles
MANY_TITLES: Final = 4
# a list whose items are kept this many times as often as its items of links, and at
# least ``LISTED_ITEMS`` of them, is one list of entries: its linked entries are entries too
LISTED_OVER_LINKS: Final = 2
LISTED_ITEMS: Final = 5
# a line of this length or more kept again within this many kept blocks of its first print,
# both in one card (the card or its box at most ``CARD_LIFT`` levels above the two), is a copy
CARD_TITLE_CHARS: Final = 20
CARD_TITLE_MAX: Final = 120
CARD_COPY_SPAN: Final = 14
CARD_LIFT: Final = 2
# an element named like chrome ("footer", "widget", "legal-table") inside the main content is
# article when it carries this much text of its own, mostly not links ...
SUBSTANTIVE_CHARS: Final = 200
# ... or this much below a heading of its own: a section of the page, a service card's two
# sentences under its title that a theme names "promo" (an untitled teaser of another post in
# a builder's "posts" module stays out, and so does an article's headline over its dek)
TITLED_CHARS: Final = 120
SUBSTANTIVE_LINKS: Final = 0.35
TABLE_CELLS: Final = 4
# such elements before or after all of the article's own blocks are its fringe, chrome,
# while they hold less than this share of the kept text
FRINGE_SHARE: Final = 0.5
# where a reference list may sit after the article: an article <footer>, a side note
_SOFT: Final = {None, R.OUTSIDE_MAIN, R.LOW_CONTENT, R.FOOTER, R.ASIDE}

# read once: an enum member read through its class costs
# ~0.4 us on Python 3.11 (the hook of EnumType's __getattr__), and these are read per block
_HIDDEN: Final = R.HIDDEN
_HEADING: Final = BlockKind.HEADING
_LIST_ITEM: Final = BlockKind.LIST_ITEM
_TABLE_CELL: Final = BlockKind.TABLE_CELL
_PARAGRAPH: Final = BlockKind.PARAGRAPH
_QUOTE: Final = BlockKind.QUOTE
_LOW_CONTENT: Final = R.LOW_CONTENT
_OUTSIDE_MAIN: Final = R.OUTSIDE_MAIN

_YEAR: Final = re.compile(r"\b(?:1[89]|20)\d{2}\b")
# a telephone number with its area code in brackets, "(415) 766-4198": the site's contact
# line in its footer, which "(n) ..." would read as a numbered reference entry
_PHONE_NUMBER: Final = re.compile(r"\s*\(\d{3}\)\s?\d{3}[-.\s]\d{4}(?!\d)")


def _describe(element: etree._Element) -> str:
    attributes = " ".join(
        f'{name}="{element.get(name)[:40]}"' for name in ("id", "class") if element.get(name)
    )
    return f"<{element.tag}{' ' + attributes if attributes else ''}>"


def apply_main(
    blocks: list[RawBlock],
    main: list[etree._Element],
    meta: Metadata,
    profile: SiteProfile | None,
) -> list[Decision]:
    containing: set[etree._Element] = set()
    for element in main:
        containing.add(element)
        containing.update(element.iterancestors())
    memo: dict[etree._Element, bool] = {}
    # True for a main element, else None: a dict's get, asked in C (no lambda made and
    # called per element)
    main_answer = dict.fromkeys(main, True).get

    def in_main(element: etree._Element) -> bool:
        # a block's element is known after the first of its blocks asks: looked up here,
        # where the climb's call was made for every block
        known = memo.get(element)
        return nearest_answer(element, main_answer, memo, False) if known is None else known

    where = _describe(main[0]) if main else "no main content found"
    card_links: dict[etree._Element, bool] = {}
    substantive: set[etree._Element] | None = None  # worked out when a marked block is in main
    decisions: list[Decision] = []
    reference_section = False
    outweighed: dict[int, Mark] = {}
    # a page that names no date of its own (an offer's, a service's page, not a dated
    # post): the words of its customers printed in its flow, standing still, are its own
    offers = meta.head.published is None and not meta.date_lines
    # what a block's marks come to, worked out once per marks tuple (the blocks of a box
    # share theirs): those outside the main content with the hidden one among them, and
    # those of them kept inside the article's flow with the one outweighed
    outside: dict[int, tuple[list[Mark], Mark | None]] = {}
    weighed: dict[int, tuple[list[Mark], Mark | None, Mark | None]] = {}
    for index, block in enumerate(blocks):
        marks: list[Mark] = []  # most blocks have no mark: no list made for them
        hidden = None
        if block.marks:
            key = id(block.marks)
            seen = outside.get(key)
            if seen is None:
                left = [mark for mark in block.marks if mark[2] not in containing]
                seen = outside[key] = (left, _hidden_mark(left))
            marks, hidden = seen
            if marks and in_main(block.element):
                entry = weighed.get(key)
                if entry is None:
                    if substantive is None:
                        substantive = _substantive_elements(blocks, card_links)
                    # on an undated page, the customers' words standing still in its flow
                    # are its own, whatever their length (not a fringe to trim either)
                    weighing = (
                        [mark for mark in marks if not mark[1].endswith(STILL)] if offers else marks
                    )
                    # inside the article's flow a class name is evidence, outweighed by prose
                    kept = [
                        mark
                        for mark in weighing
                        if not (mark[2] in substantive and is_evidence(mark))
                    ]
                    lost = (  # a slice: mypyc 2.4 fails on reversed() over these tuples
                        next(mark for mark in weighing[::-1] if mark not in kept)
                        if len(kept) < len(weighing)
                        else None
                    )
                    entry = weighed[key] = (kept, lost, _hidden_mark(kept))
                marks, lost, hidden = entry
                if lost is not None:
                    outweighed[index] = lost
        if block.kind is _HEADING and not marks:
            reference_section = reference_heading(block.text.strip())
        if hidden is not None:
            decisions.append((block, _HIDDEN, hidden[1]))
        elif marks:
            decisions.append((block, marks[-1][0], marks[-1][1]))
        elif block.image_alt:
            decisions.append((block, _LOW_CONTENT, "image alt text"))
        elif index in meta.date_lines:
            decisions.append((block, R.DATE_LINE, "visible date line"))
        elif index in meta.bylines:
            decisions.append((block, R.BYLINE, "visible byline"))
        elif profile is not None and profile.is_template(block.kind, block.text):
            decisions.append(
                (block, R.SITE_TEMPLATE, f"recurs on pages of the site ({profile.pages} learned)")
            )
        elif not in_main(block.element):
            decisions.append((block, _OUTSIDE_MAIN, f"outside {where}"))
        elif (
            _link_dense(block)
            and not (reference_section and _reference_entry(block))
            and not (index in outweighed and _in_card_link(block.element, card_links))
        ):
            detail = LINK_TEASER if block.kind is _HEADING else LINK_TEXT
            decisions.append((block, _LOW_CONTENT, detail))
        else:
            decisions.append((block, None, ""))
    _trim_fringes(decisions, outweighed)
    _rescue_references(decisions)
    _keep_lists_in_flow(decisions)
    _keep_listed_entries(decisions)
    return decisions


def _hidden_mark(marks: list[Mark]) -> Mark | None:
    for mark in marks:  # a loop, not next() over a generator: asked for each marks tuple
        if mark[0] is _HIDDEN:
            return mark
    return None


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


def prose_named_like_chrome(blocks: list[RawBlock]) -> int:
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


def _substantive_elements(
    blocks: list[RawBlock], card_links: dict[etree._Element, bool]
) -> set[etree._Element]:
    """Elements marked by a class name alone that carry text of their own, mostly not
    links: prose, or a table of data (a "legal-table" of sub-processors is the terms), alone
    or with their siblings of one template (``_substantive_siblings``); the text of a card
    made clickable whole (``_in_card_link``) is no link's."""
    evidence: dict[int, list[Mark]] = {}  # by the marks tuple: blocks of a box share theirs
    # the blocks' sizes summed by their marks tuple, then credited to each element it names
    by_marks: dict[int, list[int]] = {}
    for block in blocks:
        if block.image_alt or not block.marks:
            continue
        key = id(block.marks)
        named = evidence.get(key)
        if named is None:
            named = evidence[key] = [mark for mark in block.marks if is_evidence(mark)]
            if named:
                by_marks[key] = [0, 0, 0, 0]
        if not named:
            continue
        links = block.link_chars
        if links and _in_card_link(block.element, card_links):
            links = 0
        size = by_marks[key]
        size[0] += len(block.text)
        size[1] += links
        size[2] += block.kind is _TABLE_CELL
        if block.kind is _HEADING:
            size[3] += len(block.text)
    sizes: dict[etree._Element, list[int]] = {}
    for key, (chars, links, cells, titles) in by_marks.items():
        for mark in evidence[key]:
            size = sizes.setdefault(mark[2], [0, 0, 0, 0])
            size[0] += chars
            size[1] += links
            size[2] += cells
            size[3] += titles
    substantive = {element for element, size in sizes.items() if _outweighs(size)}
    substantive |= _substantive_siblings(sizes, substantive)
    return substantive | _named_as_holder(evidence, substantive)


def _outweighs(size: list[int]) -> bool:
    """Whether a box's text (characters, of them links, table cells, titles) outweighs the
    class name on it."""
    chars, links, cells, titles = size
    return (
        chars - links >= SUBSTANTIVE_CHARS
        or (titles > 0 and chars - titles - links >= TITLED_CHARS)
        or cells >= TABLE_CELLS
    ) and links <= SUBSTANTIVE_LINKS * chars


def _substantive_siblings(
    sizes: dict[etree._Element, list[int]], substantive: set[etree._Element]
) -> set[etree._Element]:
    """Sibling boxes of one template (tag and class), each with a line of its own, that
    each carry too little to outweigh their name and together do: a carousel's slides or a
    grid's cards (a service's offers in slides a theme names "carousel__slide"); a card's
    labels (its tags, the places a job is open to) are no lines and stay apart."""
    groups: dict[tuple[etree._Element | None, str, str | None], list[etree._Element]] = {}
    for element in sizes:
        if element not in substantive:
            key = (element.getparent(), element.tag, element.get("class"))
            groups.setdefault(key, []).append(element)
    joined: set[etree._Element] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        each = [sizes[member] for member in members]
        total = [sum(column) for column in zip(*each, strict=True)]
        if _outweighs(total) and all(chars - links >= MIN_PARAGRAPH for chars, links, _, _ in each):
            joined.update(members)
    return joined


_LISTS: Final = ("ul", "ol")


def _named_as_holder(
    evidence: dict[int, list[Mark]], substantive: set[etree._Element]
) -> set[etree._Element]:
    """Lists named as a list around them whose text outweighed that name: a table of
    contents' sub-list of one or two entries under its section's entry (the list and its
    sub-lists share their class) is as much the article as the list that holds it, however
    little it carries alone. Only lists: a page builder's grid names its cells and the
    modules in them alike ("widget-span"), and a module is no part of the cell's text."""
    if not substantive:
        return set()
    names: dict[etree._Element, tuple[StripReason, str]] = {}
    for marks in evidence.values():
        for mark in marks:
            names[mark[2]] = (mark[0], mark[1])
    joined: set[etree._Element] = set()
    for element, name in names.items():
        if (
            element.tag in _LISTS
            and element not in substantive
            and any(
                holder in substantive and names.get(holder) == name
                for holder in element.iterancestors(*_LISTS)
            )
        ):
            joined.add(element)
    return joined


def _in_card_link(element: etree._Element, known: dict[etree._Element, bool]) -> bool:
    """Whether the element sits in a link that holds a heading and more than twice its
    text: a card made clickable whole (a service's title, its two sentences and "Find out
    more" in one ``<a>``), whose text is the card's, not link text."""
    link = next(element.iterancestors("a"), None)
    if link is None:
        return False
    answer = known.get(link)
    if answer is None:
        titles = [len(text_of(heading)) for heading in link.iter(*HEADINGS)]
        answer = known[link] = bool(titles) and len(text_of(link)) > 2 * max(titles)
    return answer


def _reference_entry(block: RawBlock) -> bool:
    """A reference-list entry is content whatever share of it is a link."""
    return block.kind is not _HEADING and bool(
        looks_like_reference(block.text, block.kind)
        and (NUMBERED_ENTRY.match(block.text) or _YEAR.search(block.text))
    )


def _link_dense(block: RawBlock) -> bool:
    density = block.link_chars / len(block.text)
    if block.kind is _HEADING:
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
        if block.kind is not _LIST_ITEM or detail != LINK_TEXT:
            index += 1
            continue
        owner = _list_of(block)
        end = index
        while (
            end + 1 < len(decisions)
            and decisions[end + 1][0].kind is _LIST_ITEM
            and (decisions[end + 1][1] is None or decisions[end + 1][2] == LINK_TEXT)
            and _list_of(decisions[end + 1][0]) is owner
        ):
            end += 1
        start = index
        while (
            start > 0
            and decisions[start - 1][0].kind is _LIST_ITEM
            and decisions[start - 1][1] is None
            and _list_of(decisions[start - 1][0]) is owner
        ):
            start -= 1
        if (
            owner is not None
            and start > 0
            and end + 1 < len(decisions)
            and decisions[_past_heading_box(decisions, start - 1)][1] is None
            and decisions[end + 1][1] is None
        ):
            for inside in range(index, end + 1):
                decisions[inside] = (decisions[inside][0], None, "")
        index = end + 1


def _keep_listed_entries(decisions: list[Decision]) -> None:
    """The items of a list stripped as "mostly link text" come back when most of the
    list's items are kept (``LISTED_OVER_LINKS``): a catalogue's or an index's entries,
    each a linked title and a line of facts, of which the shorter lines are mostly their
    link. A menu's or a related box's items are all links: none of them is kept."""
    linked: dict[int, etree._Element] = {}  # index of a link item -> its list
    for index, (block, _, detail) in enumerate(decisions):
        if detail == LINK_TEXT and block.kind is _LIST_ITEM:
            owner = _list_of(block)
            if owner is not None:
                linked[index] = owner
    if not linked:
        return  # most pages: no list item stripped as link text
    links = Counter(linked.values())
    kept: Counter[etree._Element] = Counter()  # each list's kept items, its own <li>s
    for block, reason, _ in decisions:
        if reason is None and block.kind is _LIST_ITEM:
            parent = block.element.getparent()
            if parent in links:
                kept[parent] += 1
    for index, owner in linked.items():
        if kept[owner] >= max(LISTED_ITEMS, LISTED_OVER_LINKS * links[owner]):
            decisions[index] = (decisions[index][0], None, "")


# a sentence of the text that points the reader to another page, its object linked: "See
# Universal 2nd Factor#Passwordless sudo.", "For more information, see Azure Container Apps
# hosting.", "To learn more, see Store your credentials safely."
# ("See also: ..." titles a related link, no sentence of the text)
_POINTER: Final = re.compile(
    r"(?:see(?! also\b)|refer to|(?:for|to) (?:learn )?more(?: information| details)?,? see)\s",
    re.IGNORECASE,
)


def keep_pointers_in_flow(decisions: list[Decision]) -> list[Decision]:
    """The decisions with each paragraph stripped as link text that opens by pointing to
    another page ("See ...", "For more information, see ...") between two blocks kept as
    the article's, or is one written sentence (``_linked_sentence``) beside one, taken back:
    a sentence of the article (a documentation's cross-reference, a review's "Read our full
    review of X."), not a related box. Asked once the cards have taken back their parts (a
    listing's linked lines are its cards')."""
    kept = list(decisions)
    for index in range(1, len(decisions) - 1):
        block, _, detail = decisions[index]
        if (
            detail == LINK_TEXT
            and block.kind is _PARAGRAPH
            and (decisions[index - 1][1] is None or decisions[index + 1][1] is None)
            and (
                (
                    decisions[index - 1][1] is None
                    and decisions[index + 1][1] is None
                    and (pointer := _POINTER.match(block.text)) is not None
                    # its words of pointing are no link's: a button linked whole ("See price
                    # at Sony") is a call to action
                    and pointer.end() + block.link_chars <= len(block.text)
                )
                or _linked_sentence(block)
            )
        ):
            kept[index] = (block, None, "")
    return kept


# a sentence of the text whose object is linked: this many words at least, and this many
# characters of its own beside its links
SENTENCE_WORDS: Final = 5
SENTENCE_OWN_CHARS: Final = 8


def _linked_sentence(block: RawBlock) -> bool:
    """A paragraph that is one written sentence, opening with a capital and closing with a
    full stop, with words of its own beside its links ("Read the security policy and the
    audit report.", "Visit the company's website to learn more."): the text's, where a
    related box's lines are titles, without a full stop."""
    text = block.text.strip()
    return (
        text[:1].isupper()
        and text.endswith(".")
        and len(text.split()) >= SENTENCE_WORDS
        and len(text) - block.link_chars >= SENTENCE_OWN_CHARS
        # one sentence: a call to act asks first ("Questions? Talk to us.")
        and _SENTENCE_END.search(text) is None
    )


# a sentence's end before the paragraph's own
_SENTENCE_END: Final = re.compile(r"[.?!]\s+[A-Z]")


def _past_heading_box(decisions: list[Decision], index: int) -> int:
    """The block before a list, past what its heading's box holds beside the heading (a
    wiki's "[edit]" link, a permalink: stripped as link text, the heading kept): a list
    under its section's heading is in the article's flow."""
    block, reason, _ = decisions[index]
    if reason is None or index == 0:
        return index
    heading, heading_reason, _ = decisions[index - 1]
    if (
        heading_reason is None
        and heading.kind is _HEADING
        and heading.element.getparent() is block.element
    ):
        return index - 1
    return index


def _rescue_references(decisions: list[Decision]) -> None:
    """Keep a reference list that sits just outside the main content (its own section).

    What a reference section looks like (its heading, numbered entries) is the reference
    parser's knowledge, used here so both stages agree on where the list is.
    """
    kept = [i for i, (_, reason, _) in enumerate(decisions) if reason is None]
    if not kept:
        return
    headings = REFERENCE_HEADING
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
                if entry.kind is _HEADING or entry_reason not in _SOFT:
                    break
                if entry_reason is not None and (entry_reason, entry_detail) != where:
                    break  # another box: from the article's footer into the site's
                if entry.kind is _LIST_ITEM:
                    parent = entry.element.getparent()
                    first_list = parent if first_list is None else first_list
                    if parent is not first_list:
                        break
                elif not (
                    looks_like_reference(entry.text, entry.kind)
                    and (_numbered_entry(entry.text) or _YEAR.search(entry.text))
                ):
                    break
                decisions[index] = (entry, None, "")
                index += 1
            return
        if _numbered_entry(block.text) and looks_like_reference(block.text, block.kind):
            # a trailing run of "(n) ..." entries right after the article
            while index < len(decisions) and _numbered_entry(decisions[index][0].text):
                if decisions[index][1] not in _SOFT:
                    break
                decisions[index] = (decisions[index][0], None, "")
                index += 1
            return
        index += 1
        if index - kept[-1] > 12:
            return


def _numbered_entry(text: str) -> bool:
    """Whether the text opens like a reference list's numbered entry, and is no telephone
    number: "(800) 346-3882" under a footer's address opens as "(3) Smith, J." does."""
    return NUMBERED_ENTRY.match(text) is not None and _PHONE_NUMBER.match(text) is None


REPEATED_RUN_CHARS: Final = 200
# a run of two blocks or more right after its twin, in a box of its own holding the same
# text, is a copy from this length (a slide's title and line, printed per screen size)
BOXED_COPY_CHARS: Final = 80
# a quotation this long that repeats a block kept above word for word quotes the page itself
QUOTED_CHARS: Final = 100
# a block printed again in parts opens as it does, this much of it as written
PART_OPENING: Final = 40
# what a quotation's words are, its punctuation, spacing and case aside (a forum's quote
# drops the post's emoji pictures and folds its line breaks)


def keep_many_titles(decisions: list[Decision]) -> list[Decision]:
    """The decisions with the linked headings of the main content kept when there are
    ``MANY_TITLES`` or more of one tag: a listing's item titles or a catalogue's product
    names, whose cards no run of siblings found (hashed class names, two items a row); one
    to three are teasers of other pages ("Read next"). The linked headings of that tag
    kept already count with them: a featured story's title over a run of cards whose
    titles are kept (a template of its own that no run joins) is the listing's too, when
    a kept title follows it; one after the last kept title is a "Read next" teaser."""
    teasers: dict[str, list[int]] = {}
    titles: dict[str, list[int]] = {}  # the kept linked headings of each tag
    for index, (block, reason, detail) in enumerate(decisions):
        if reason is _LOW_CONTENT and detail == LINK_TEASER:
            teasers.setdefault(block.element.tag, []).append(index)
        elif reason is None and block.kind is _HEADING and _link_dense(block):
            titles.setdefault(block.element.tag, []).append(index)
    many = [
        index
        for tag, run in teasers.items()
        if len(run) + len(titles.get(tag, ())) >= MANY_TITLES
        for index in run
        if len(run) >= MANY_TITLES or index < titles[tag][-1]
    ]
    if not many:
        return decisions
    kept = list(decisions)
    for index in many:
        kept[index] = (decisions[index][0], None, "")
    return kept


def drop_repeated_runs(decisions: list[Decision]) -> list[Decision]:
    """The decisions with the second copy of a run of kept blocks stripped as a duplicate:
    a run printed twice in a row, or a run of two blocks or more printed again, right
    after (a slide's desktop and phone copies, short as they are) or further down, in a
    box of its own that holds the same text as the first copy's box (a page's sections
    printed once for desktops and once for phones, a post printed again in a preview).
    A passage quoted again further down (a forum's quote of an earlier post) sits in a
    box with other text and is not a run's copy, but a quotation that repeats a block
    above word for word is (``_quoted_again``); table cells repeat by nature ("Yes",
    "$10") and are never part of a run. A card's title printed again inside the card is
    its copy too (``_card_copies``)."""
    kept = [
        index
        for index, (block, reason, _) in enumerate(decisions)
        if reason is None and block.kind is not _TABLE_CELL
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
    quoted = _quoted_again(decisions, set(dropped))
    parted = _parted_copies(decisions, {*dropped, *quoted})
    phones = _phone_copies(decisions, {*dropped, *quoted, *parted})
    # a card's copy is a text kept twice: most pages keep each text once
    repeats = len(first) < len(texts)
    in_card = _card_copies(decisions, {*dropped, *quoted, *parted, *phones}) if repeats else []
    if not dropped and not quoted and not parted and not phones and not in_card:
        return decisions
    repeated = list(decisions)
    for index in dropped:
        repeated[index] = (decisions[index][0], R.DUPLICATE, "repeats a run of blocks above")
    for index in parted:
        repeated[index] = (decisions[index][0], R.DUPLICATE, "repeats a block above in parts")
    for index in quoted:
        repeated[index] = (decisions[index][0], R.DUPLICATE, "quotes a passage above")
    for index in phones:
        repeated[index] = (decisions[index][0], R.DUPLICATE, "a phone's copy of a block kept")
    for index in in_card:
        repeated[index] = (decisions[index][0], R.DUPLICATE, "repeats its card's title")
    return repeated


def _card_copies(decisions: list[Decision], dropped: set[int]) -> list[int]:
    """The kept blocks that print again a line kept just above in the same card of a
    listing (one of ``MIN_CARDS`` siblings or more of one tag and template, not far above
    either block): an item's title printed once over its picture and once beside its
    price, or again as the title of its audio player. The card is read once, as a
    reader reads it; the same title in two cards (two sections of a front page) stays."""
    kept = [
        index
        for index, (block, reason, _) in enumerate(decisions)
        if reason is None and index not in dropped and block.kind is not _TABLE_CELL
    ]
    last: dict[str, int] = {}  # text -> its last place in ``kept``
    copies: list[int] = []
    cards: dict[etree._Element, bool] = {}  # box -> whether it is a card, asked once
    for position, index in enumerate(kept):
        block = decisions[index][0]
        text = block.text
        earlier = last.get(text)
        last[text] = position
        if (
            earlier is None
            or not CARD_TITLE_CHARS <= len(text) <= CARD_TITLE_MAX
            or text[-1] in ".?!:"  # a title, not a sentence (an FAQ's, a plan's day)
            or position - earlier > CARD_COPY_SPAN
        ):
            continue
        box = _common_box(decisions[kept[earlier]][0].element, block.element)
        if box is None:
            continue
        card = cards.get(box)
        if card is None:
            card = cards[box] = _is_card(box)
        if card:
            copies.append(index)
    return copies


def _common_box(first: etree._Element, second: etree._Element) -> etree._Element | None:
    """The smallest element that is or holds both."""
    around = {first, *first.iterancestors()}
    return next((node for node in (second, *second.iterancestors()) if node in around), None)


def _is_card(box: etree._Element) -> bool:
    """Whether ``box`` is, or sits near the top of, one of a run of sibling cards, and
    holds no run of its own (a week's days, each printing "Warm up")."""
    return not _runs_cards(box) and may_be_card(box, CARD_LIFT)


def _runs_cards(box: etree._Element) -> bool:
    """Whether ``box`` holds ``MIN_CARDS`` children or more of one tag and template."""
    seen: Counter[tuple[str, str]] = Counter()
    for child in box:
        if isinstance(child.tag, str):
            key = (child.tag, template_name(child))
            seen[key] += 1
            if seen[key] >= MIN_CARDS:
                return True
    return False


def drop_product_copies(
    decisions: list[Decision], declares_product: Callable[[], bool]
) -> list[Decision]:
    """The decisions with each kept block whose text a kept block above prints already
    stripped as a duplicate, on a product's page (``declares_product``, asked only when
    a text repeats): a shop prints a line once per layout, per tab (a game's
    requirements for each system, the same lines in each), or again in a sticky bar (the
    price, short as it is), and its reader reads it once. Copies printed by one template
    (the same tags and class names up to the box that holds both: cards of a grid, each
    "Free shipping") stay; table cells repeat by nature."""
    first: dict[str, etree._Element] = {}
    repeated = [
        (index, block.element, original)
        for index, (block, reason, _) in enumerate(decisions)
        if reason is None
        and block.kind is not _TABLE_CELL
        and (original := first.setdefault(block.text, block.element)) is not block.element
    ]
    if not repeated or not declares_product():
        return decisions  # the templates compared on a product's page only
    copies = [
        index for index, element, original in repeated if not _template_twins(original, element)
    ]
    if not copies:
        return decisions
    result = list(decisions)
    for index in copies:
        result[index] = (decisions[index][0], R.DUPLICATE, "a product page's line printed again")
    return result


def _template_twins(first: etree._Element, second: etree._Element) -> bool:
    """Whether two elements sit in one template's copies: the same tag and class names on
    each of them and on their ancestors, level by level, up to the box that holds both."""
    while first is not second:
        if first.tag != second.tag or first.get("class") != second.get("class"):
            return False
        first, second = first.getparent(), second.getparent()
        if first is None or second is None:
            return False
    return True


def _phone_copies(decisions: list[Decision], dropped: set[int]) -> list[int]:
    """The kept blocks printed for phones only (a class hides them on a desktop screen:
    "md:hidden", "hide-on-desktop", or one the page's own style sheet hides at a desktop's
    width, ``clean.hidden_on_desktop``) whose text the page also prints for desktops, kept
    elsewhere: a description or a specification printed once per screen size is read
    once. A phone's block printed nowhere else stays: it may be all the page says."""
    kept = [
        index
        for index, (_, reason, _) in enumerate(decisions)
        if reason is None and index not in dropped
    ]
    seen: dict[str, int] = {}
    for index in kept:
        text = decisions[index][0].text
        seen[text] = seen.get(text, 0) + 1
    twice = [index for index in kept if seen[decisions[index][0].text] > 1]
    if not twice:
        return []
    memo: dict[etree._Element, bool] = {}
    narrow = hidden_on_desktop(decisions[twice[0]][0].element.getroottree().getroot())
    phone = {index: _for_phones(decisions[index][0].element, memo, narrow) for index in twice}
    # a copy prints the same kind of block: a table of contents' entry repeats its section's
    # heading as a link to it, and is no copy of it
    desktop = {
        (decisions[index][0].kind, decisions[index][0].text) for index in twice if not phone[index]
    }
    return [
        index
        for index in twice
        if phone[index] and (decisions[index][0].kind, decisions[index][0].text) in desktop
    ]


def _for_phones(
    element: etree._Element, memo: dict[etree._Element, bool], narrow: frozenset[str]
) -> bool:
    """Whether the element or one around it is hidden on a desktop screen: by a class
    named so, or by one of the ``narrow`` classes the page's style sheet hides there."""
    path = []
    answer = False
    node: etree._Element | None = element
    while node is not None:
        known = memo.get(node)
        if known is not None:
            answer = known
            break
        path.append(node)
        names = node.get("class")
        if (
            for_phones(names)
            or (names and "mobile" in names and _desktop_twin(node, names))
            or (names and narrow and not narrow.isdisjoint(names.split()))
        ):
            answer = True
            break
        node = node.getparent()
    for visited in path:
        memo[visited] = answer
    return answer


# a class name that says when its element shows ("hidden-mobile", "mobile-only",
# "show-mobile"), not which layout's copy it is: ``for_phones`` reads those
_SHOWS_WHEN: Final = re.compile(r"hid|show|visib|only")


# the hash CSS Modules put after a class name, different for each name of one file
# ("packaging_mobilev__uJuug", "packaging_desktopv__82erJ"): five characters, a capital or
# a digit among them (a BEM element, "mobile-menu__close", is in lower case)
_MODULE_HASH: Final = re.compile(r"__(?=[\w-]{0,4}[A-Z0-9])[\w-]{5}$")


def _desktop_twin(element: etree._Element, names: str) -> bool:
    """Whether the element is a layout's phone copy beside its desktop twin: a sibling
    named as it is with "desktop" for "mobile" ("search-mobile-card" beside
    "search-desktop-card": a search result printed once per layout, the stylesheet's
    media queries showing one), CSS Modules' hashes aside."""
    parent = element.getparent()
    if parent is None:
        return False
    twins = {
        _MODULE_HASH.sub("", token).replace("mobile", "desktop")
        for token in names.split()
        if "mobile" in token and not _SHOWS_WHEN.search(token)
    }
    return bool(twins) and any(
        sibling is not element
        and not twins.isdisjoint(
            _MODULE_HASH.sub("", name) for name in (sibling.get("class") or "").split()
        )
        for sibling in parent.iterchildren("*")
    )


def _quoted_again(decisions: list[Decision], dropped: set[int]) -> list[int]:
    """The quotations that repeat a block kept above word for word: a reply's quote of an
    earlier post (the post is read where it stands, once), a pull quote of the article's
    own sentence. Words alone are compared: a forum's quote drops the emoji pictures of
    the post it quotes. A post's quotation box (an ``<aside>`` read as the quote it holds:
    ``boilerplate.QUOTE_CREDIT_CHARS``) quotes a passage of a post above, any length of it:
    one quoting a post that is not on the page is the only print of those words. The
    blocks after the last quotation that may repeat one are not folded: no quotation
    reads their words."""
    last = -1
    for index, (block, _, _) in enumerate(decisions):
        if block.kind is _QUOTE and (
            len(block.text) >= QUOTED_CHARS or _in_quote_box(block.element)
        ):
            last = index
    if last < 0:
        return []  # most pages quote nothing: no block's words need folding
    seen: set[str] = set()
    above: list[str] = []  # the words of the blocks kept so far, for the quotation boxes
    quoted = []
    for index, (block, reason, _) in enumerate(decisions[: last + 1]):
        if reason is not None or index in dropped:
            continue
        words = word_chars(block.text)
        if block.kind is _QUOTE and (
            (len(block.text) >= QUOTED_CHARS and words in seen)
            or (_in_quote_box(block.element) and _quotes_passages(block.text, "".join(above)))
        ):
            quoted.append(index)
        else:
            seen.add(words)
            above.append(words)
    return quoted


# where a quotation leaves words out ("putting nginx in the container. … I see no
# advantage"): each stretch between is a passage of the post it quotes
_ELISION: Final = re.compile(r"\[?(?:…|\.\.\.)\]?")


def _quotes_passages(text: str, above: str) -> bool:
    """Whether every stretch of a quotation between its elisions is found, word for word,
    in ``above`` (the words kept before it)."""
    return all(word_chars(stretch) in above for stretch in _ELISION.split(text))


def _in_quote_box(element: etree._Element) -> bool:
    """Whether a kept block stands in an ``<aside>``: one whose mark did not hold, a post's
    quotation box."""
    return next(element.iterancestors("aside"), None) is not None


def _parted_copies(decisions: list[Decision], dropped: set[int]) -> list[int]:
    """The runs of kept blocks whose words, read together, are a block kept above word for
    word: a post printed again paragraph by paragraph where it was one block (NodeBB's
    preview of the post a reply answers, over the reply), with the blocks that follow it
    there printed again after them (the rest of the post: a link, a last line). A run
    starts with the start of the block it copies (``PART_OPENING`` of it, as written, of a
    block of ``QUOTED_CHARS`` or more): most pages have none, and no block's words need
    folding."""
    kept = [
        index
        for index, (_, reason, _) in enumerate(decisions)
        if reason is None and index not in dropped
    ]
    starts: dict[str, int] = {}  # the opening of a long kept block -> its place in ``kept``
    parted: list[int] = []
    position = 0
    while position < len(kept):
        text = decisions[kept[position]][0].text
        first = starts.get(text[:PART_OPENING]) if len(text) >= PART_OPENING else None
        original = decisions[kept[first]][0].text if first is not None else ""
        if first is not None and len(original) > len(text):
            whole = word_chars(original)
            words, end = word_chars(text), position + 1
            while len(words) < len(whole) and whole.startswith(words) and end < len(kept):
                words += word_chars(decisions[kept[end]][0].text)
                end += 1
            if words == whole and end - position > 1:
                follows = first + 1
                while (
                    end < len(kept)
                    and follows < position
                    and word_chars(decisions[kept[end]][0].text)
                    == word_chars(decisions[kept[follows]][0].text)
                ):
                    end, follows = end + 1, follows + 1
                parted.extend(kept[position:end])
                position = end
                continue
        if len(text) >= QUOTED_CHARS:
            starts.setdefault(text[:PART_OPENING], position)
        position += 1
    return parted


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


def kept_chars(decisions: list[Decision]) -> int:
    return sum([len(block.text) for block, reason, _ in decisions if reason is None])


# Elementor's Theme Builder prints a post's body into the site's single-post template
# through this widget; the template's other widgets print the same text on every post
POST_CONTENT_WIDGET: Final = "elementor-widget-theme-post-content"
_SINGLE_TEMPLATE: Final = "elementor-location-single"
_WIDGET: Final = re.compile(r"(?:^|\s)elementor-widget(?:\s|$)")
# the widgets that print the post's own fields: its title, excerpt, featured image, date
_POST_FIELD: Final = re.compile(r"(?:^|\s)elementor-widget-(?:theme-post-|post-info(?:\s|$))")


def _template_widget(element: etree._Element | None) -> str | None:
    """The class names of the widget of a single-post template that holds ``element``: ""
    inside the post's content widget, None outside any widget of the template."""
    widget = None
    while element is not None:
        names = element.get("class")
        if names and "elementor" in names:
            if POST_CONTENT_WIDGET in names:
                return ""
            if widget is None and _WIDGET.search(names):
                widget = names
            if _SINGLE_TEMPLATE in names:
                return widget
        element = element.getparent()
    return None


def outside_post_content(decisions: list[Decision]) -> list[Decision]:
    """The decisions with the text an Elementor single-post template prints around the
    post's content widget stripped: a newsletter box, the author's blurb, a grid of other
    posts, a contact form's prompt in the template's widgets (text editor, HTML, posts) are
    the same on every post. Headings stay, and so do the widgets that print the post's own
    fields (its title, excerpt, featured image: "theme-post-…", its date: "post-info").
    Asked only of pages that name the post's content widget (looked for in their text)."""
    template: list[int] = []
    body = False
    for index, (block, reason, _) in enumerate(decisions):
        if reason is not None:
            continue
        widget = _template_widget(block.element)
        if widget == "":
            body = True
        elif widget and block.kind is not _HEADING and not _POST_FIELD.search(widget):
            template.append(index)
    if not body or not template:
        return decisions
    result = list(decisions)
    for index in template:
        result[index] = (
            decisions[index][0],
            _OUTSIDE_MAIN,
            "outside the post's content in its single-post template",
        )
    return result
