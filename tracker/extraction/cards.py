"""Listings: the repeated cards of a page whose main content is a list of items.

A news index, a course catalogue or a search result page shows a run of sibling items
built from one template: a title that is a link, a date or a source line, a snippet,
often the whole card one link. Read alone, each title is a teaser heading, each snippet
link text and each date a date line (chrome on an article page); read as one of a run of
cards, they are the listing's content, and a reader (and a watchdog) takes them as such.

A card is an element whose parent holds at least ``MIN_CARDS`` siblings of the same tag
and class, each with a snippet (a sentence of some length, linked or not) or a block
kept as content (or, in a flat index, the title line printed just before it). The main
content takes the largest run of cards when it holds more text than the chosen article
(``main_content``); inside the main content, the parts of a card stripped only for their
shape (a linked title or snippet, a date line, a byline, a row of tags, the card's own
``<footer>``) are kept when that kind of part recurs in the cards, so one stray link
inside one item stays out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import islice
from typing import Final

from lxml import etree

from tracker.extraction.segment import RawBlock
from tracker.extraction.wrappers import declares_article, declares_discussion
from tracker.memo import remembered
from tracker.model import BlockKind, StripReason

R: Final = StripReason

# read once: an enum member read through its class costs ~0.4 µs on Python 3.11 (the hook
# of EnumType's __getattr__), and these are read for every block
_LOW_CONTENT: Final = R.LOW_CONTENT
_HEADING: Final = BlockKind.HEADING
_RELATED: Final = R.RELATED
_NAVIGATION: Final = R.NAVIGATION
_FOOTER: Final = R.FOOTER
_DATE_LINE: Final = R.DATE_LINE
_BYLINE: Final = R.BYLINE

MIN_CARDS: Final = 3
# how far above a snippet its card may sit (title, meta line and snippet wrappers)
CARD_DEPTH: Final = 6
SNIPPET_CHARS: Final = 60
# a part is the card's own when it recurs in this share of the cards
RECURRING: Final = 0.5
# a table of this many rows that are cards is a list (a record's fields are a handful)
LISTED_ROWS: Final = 10
# an article this long before a run of cards (its prose) has ended when they follow it
TRAILING_PROSE: Final = 500
# what a card's own parts are stripped as when read alone
CARD_PART_REASONS: Final = frozenset({R.LOW_CONTENT, R.DATE_LINE, R.BYLINE})
# a card's row of tags, named so ("post-card__tags", "crayons-story__tags", "job-tile-tags"):
# the navigation vocabulary's name for a box of topic links, which under an article leads
# to other pages of the site and in each card of a listing says what the item is about
_TAG_ROW: Final = re.compile(r'^class/id "[^"]*(?<![a-z])(?:tags|tag-list)(?![a-z])')
# a card's own <footer> (its date, its authors): scoped to the card, not the page's
# (HTML-AAM), and read as the page's footer only by its tag
_CARD_FOOTER: Final = "<footer>"

# an amount of money as shops write it: "$19.99", "EUR 28.39", "12,50 €", "£5"
_PRICE: Final = re.compile(
    r"(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CAD|AUD|CHF|INR)\s?)\s?\d[\d.,]*"
    r"|\d[\d.,]*\s?(?:[€£]|\b(?:EUR|USD|GBP|kr|zł)\b)"
)

# a whole class name without a digit (one regex search: asked per block and ancestor)
_TEMPLATE_NAME: Final = re.compile(r"(?<!\S)[^\s\d]+(?!\S)")

Decision = tuple[RawBlock, StripReason | None, str]
Signature = tuple[etree._Element, str, str]


def is_snippet(block: RawBlock) -> bool:
    """A sentence of some length: what a card says about its item, linked or not."""
    text = block.text
    return (
        len(text) >= SNIPPET_CHARS
        and not block.image_alt
        and block.kind is not _HEADING
        and (". " in text or text[-1] in ".!?…")
    )


# what every amount _PRICE finds holds as written: a line without any of them (nearly every
# line of an article) is not searched for one, which tried the pattern at each character
_MONEY_NAMES: Final = (
    "$",
    "€",
    "£",
    "¥",
    "₹",
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "CHF",
    "INR",
    "kr",
    "zł",
)


def is_priced(block: RawBlock) -> bool:
    """A short line that names an amount of money: a catalogue item's price, often inside
    the link that is the whole card ("Rook 65 Pack - Men's $205.00")."""
    return not block.image_alt and len(block.text) < 300 and _names_price(block.text)


@remembered(16384)
def _names_price(text: str) -> bool:
    """Whether ``text`` names an amount of money (by text: asked for every line of a page,
    whose next version repeats almost all of them; the 14 look-ups cost 30 times a hit)."""
    for name in _MONEY_NAMES:  # a loop, not any() over a generator: most lines name none
        if name in text:
            return _PRICE.search(text) is not None
    return False


def prices_named(text: str) -> int:
    """How many amounts of money ``text`` names (a grid of products names one a card)."""
    return len(_PRICE.findall(text)) if _names_price(text) else 0


def template_name(element: etree._Element) -> str:
    """The name of the template that printed an element: its first class name that holds
    no digit. A shop's or a blog's items add their own ("post-15859", "first", "instock",
    "product_cat-cups") after the template's ("product", "post")."""
    names = element.get("class")
    return _template_name(names) if names else ""  # most elements: no search


@remembered(8192)
def _template_name(names: str) -> str:
    """``template_name`` of a class attribute, by its value: a template prints one on many
    elements, and a long list of utility classes with digits ("px-4 md:w-1/2") costs the
    pattern several microseconds."""
    found = _TEMPLATE_NAME.search(names)
    return found.group() if found else ""


Climbs = dict[etree._Element, list[tuple[Signature, etree._Element]]]


def card_groups(
    contents: list[RawBlock], climbs: Climbs | None = None
) -> list[tuple[list[etree._Element], int]]:
    """Runs of sibling cards (same parent, tag and class) with the characters they hold,
    from the ancestors of these blocks of content. ``climbs``: the climb above each parent,
    worked out once (an article's paragraphs share one) and kept there for the page's next
    groups of blocks, whose parents are mostly the same. The characters are carried up
    each parent's climb once, summed over its blocks (a card's lines share one parent);
    each group and member is placed where its first block meets it, as a block by block
    count would place it, so the runs come in the same order."""
    members: dict[Signature, dict[etree._Element, int]] = defaultdict(dict)
    if climbs is None:
        climbs = {}
    under: dict[etree._Element, int] = {}  # the characters of the blocks under each parent
    for block in contents:
        element = block.element
        length = len(block.text)
        parent = element.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            continue
        group = members[(parent, element.tag, template_name(element))]
        group[element] = group.get(element, 0) + length
        held = under.get(parent)
        if held is not None:
            under[parent] = held + length
            continue
        under[parent] = length
        climb = climbs.get(parent)
        if climb is None:
            climb = climbs[parent] = _climb(parent)
        for signature, member in climb:
            members[signature].setdefault(member, 0)
    for parent, length in under.items():
        for signature, member in climbs[parent]:
            members[signature][member] += length
    return [
        (list(cards), sum(cards.values())) for cards in members.values() if len(cards) >= MIN_CARDS
    ]


def _climb(parent: etree._Element) -> list[tuple[Signature, etree._Element]]:
    """The groups a card under ``parent`` counts for above its own: each ancestor's
    signature with the member it holds, ``CARD_DEPTH`` levels from the card in all,
    never the body or the page."""
    climb = []
    element, tag = parent, parent.tag  # each tag read once: lxml builds a new string per read
    for ancestor in islice(parent.iterancestors(), CARD_DEPTH - 1):
        parent_tag = ancestor.tag
        if parent_tag in {"body", "html"}:
            break
        climb.append(((ancestor, tag, template_name(element)), element))
        element, tag = ancestor, parent_tag
    return climb


def keep_card_parts(decisions: list[Decision]) -> list[Decision]:
    """The decisions with the recurring parts of listing cards inside the main content
    kept as content."""
    if not any(
        reason is not None
        and not block.image_alt
        and _card_part(block, reason, detail)
        and may_be_card(block.element)
        for block, reason, detail in decisions
    ):
        return decisions  # no stripped part sits in a run of cards: nothing to take back
    if declares_discussion(decisions[0][0].element):
        # the page says it is a thread: the run is its posts, whose authors' cards, dates
        # and numbers are the forum's chrome, not a listing's card parts
        return decisions
    cards: dict[etree._Element, int] = {}  # card -> its group's number
    contents = [
        block
        for block, reason, _ in decisions
        if is_snippet(block)
        or (reason is None and block.kind is not _HEADING)
        or (reason is _LOW_CONTENT and is_priced(block))
    ]
    groups = card_groups(contents) + _title_cards(decisions)  # a card's first run decides
    for number, (members, _) in enumerate(groups):
        for card in members:
            cards.setdefault(card, number)
    for number, (members, _) in enumerate(groups):
        for line in _title_lines(members, cards):
            cards[line] = number
        for sibling in _bare_siblings(members, cards):
            cards[sibling] = number
    if not cards:
        return decisions
    in_main: dict[int, set[etree._Element]] = defaultdict(set)
    holders: dict[tuple[int, StripReason], set[etree._Element]] = defaultdict(set)
    linked: dict[int, set[etree._Element]] = defaultdict(set)  # cards led by a linked title
    candidates: list[tuple[int, etree._Element]] = []
    for index, (block, reason, detail) in enumerate(decisions):
        if block.image_alt or not (reason is None or _card_part(block, reason, detail)):
            continue
        card = _card_of(block.element, cards)
        if card is None:
            continue
        if reason is None or reason is _LOW_CONTENT:  # only main content is judged so
            in_main[cards[card]].add(card)
            if block.kind is _HEADING and 2 * block.link_chars >= len(block.text):
                linked[cards[card]].add(card)
        if reason is not None:
            holders[(cards[card], reason)].add(card)
            candidates.append((index, card))
    kept = list(decisions)
    taken: set[int] = set()  # the runs whose parts are taken back
    for index, card in candidates:
        block, reason, _ = decisions[index]
        number = cards[card]
        enough = RECURRING * len(groups[number][0])
        if (
            reason is not None
            and len(in_main[number]) >= enough
            and len(holders[(number, reason)]) >= enough
            # a date or a name in each item is a listing's when its items are links, read
            # alone as link text or led by a linked title kept already (a thread's posts
            # carry them too, as chrome)
            and (
                reason is _LOW_CONTENT
                or len(holders[(number, _LOW_CONTENT)]) >= enough
                or len(linked[number]) >= enough
            )
        ):
            kept[index] = (block, None, "")
            if reason is _DATE_LINE or reason is _BYLINE or reason is _FOOTER:
                taken.add(number)  # a dated or signed post's card
    if taken:
        carded = {number for number, _ in holders}  # runs with a part stripped for its shape
        _strip_trailing_runs(kept, decisions, cards, groups, taken, carded)
    return kept


def _strip_trailing_runs(
    kept: list[Decision],
    decisions: list[Decision],
    cards: dict[etree._Element, int],
    groups: list[tuple[list[etree._Element], int]],
    taken: set[int],
    carded: set[int],
) -> None:
    """Strip, as related, the runs of cards that follow an article's end: teasers of other
    posts (a linked title, a date, an author) printed under a substantial article, more of
    its prose before them than they hold and none after. A listing's own cards are the page
    (no article before them), and a list inside an article's flow has its prose after it."""
    runs: list[int | None] = []
    prose_before: dict[int, int] = {}
    interrupted: set[int] = set()  # runs the article's prose goes on after
    prose = 0
    for block, reason, _ in decisions:
        card = _card_of(block.element, cards) if not block.image_alt else None
        number = cards[card] if card is not None else None
        runs.append(number)
        if number not in carded:  # an article's paragraphs are often a run of their own
            if reason is None and is_snippet(block):
                prose += len(block.text)
                interrupted.update(prose_before)
        elif number in taken:
            prose_before.setdefault(number, prose)
    trailing = {
        number
        for number, before in prose_before.items()
        if number not in interrupted
        and before >= TRAILING_PROSE
        and before > 2 * groups[number][1] / len(groups[number][0])  # longer than a card
    }
    if not trailing or not declares_article(decisions[0][0].element):
        return
    for index, number in enumerate(runs):
        if number in trailing and kept[index][1] is None:
            kept[index] = (
                kept[index][0],
                _RELATED,
                "a run of other posts' cards after the article",
            )


def _title_lines(
    members: list[etree._Element], cards: dict[etree._Element, int]
) -> list[etree._Element]:
    """The element just before each card when those are of one tag and template name and
    no card themselves: a flat listing prints each item as a title line (its link, date
    and author) and then its summary as siblings, with no box around the two (a blog's
    index of "blogtitle" and "blogsummary" paragraphs, a <dl>'s <dt> and <dd>)."""
    before: dict[tuple[str, str], list[etree._Element]] = defaultdict(list)
    for card in members:
        line = card.getprevious()
        while line is not None and not isinstance(line.tag, str):
            line = line.getprevious()  # a comment between the two
        if line is not None and line not in cards:
            before[(line.tag, template_name(line))].append(line)
    lines = max(before.values(), key=len, default=[])
    return lines if 2 * len(lines) >= len(members) else []


def _bare_siblings(
    members: list[etree._Element], cards: dict[etree._Element, int]
) -> list[etree._Element]:
    """The rows of a table whose other rows are cards, ``LISTED_ROWS`` of them at least,
    printed by the same template but holding nothing kept read alone (a list's later years
    whose every cell is a link, where the earlier years print the year plain). A record's
    few rows of fields ("Subjects", "Cite as") are no list: its links stay link text."""
    first = members[0]
    if first.tag != "tr" or len(members) < LISTED_ROWS:
        return []
    parent, names = first.getparent(), template_name(first)
    if parent is None:
        return []
    return [
        row for row in parent.iterchildren("tr") if row not in cards and template_name(row) == names
    ]


def _title_cards(decisions: list[Decision]) -> list[tuple[list[etree._Element], int]]:
    """Runs of cards found by their linked titles alone: a category grid ("Power Banks
    (158)" under its picture) has nothing else to read, and each title read alone is a
    teaser. Found apart from the runs of cards with content, and after them: a post of a
    thread headed by its author's linked name is a card of its thread's run, whose rules
    keep its author and date lines out; counted with them, the names made a run of their
    own that let each post's date line in."""
    titles = [
        block
        for block, reason, detail in decisions
        if reason is _LOW_CONTENT
        and block.kind is _HEADING
        and not block.image_alt
        and _card_part(block, reason, detail)
    ]
    if len(titles) < MIN_CARDS:
        return []
    return card_groups(titles)


def _card_part(block: RawBlock, reason: StripReason, detail: str) -> bool:
    """Stripped for its shape alone: a linked title or snippet, a date line, a byline (not
    a carousel or a gallery, which class names decide); or a part every card of a listing
    may have that names chrome read alone: its row of tags, its own ``<footer>``."""
    if reason in CARD_PART_REASONS:
        return not (reason is _LOW_CONTENT and detail.startswith("class/id"))
    if reason is _NAVIGATION:
        return _names_tag_row(detail)
    return reason is _FOOTER and detail == _CARD_FOOTER and _in_scoped_footer(block)


@remembered(1024)
def _names_tag_row(detail: str) -> bool:
    """Whether a navigation mark's detail names a row of tags (by the detail: a template
    prints one name on every item of a menu)."""
    return _TAG_ROW.match(detail) is not None


def _in_scoped_footer(block: RawBlock) -> bool:
    """Whether the ``<footer>`` that marks ``block`` is an article's or a section's own
    (a card's date and authors), not the page's: the page's footer, the most common, is
    no card's part and leaves the cards unsought."""
    footer = next((mark[2] for mark in block.marks if mark[1] == _CARD_FOOTER), None)
    return footer is not None and next(footer.iterancestors("article", "section"), None) is not None


def may_be_card(element: etree._Element, depth: int = CARD_DEPTH) -> bool:
    """Whether ``element`` or one of its ``depth`` nearest ancestors (as far as ``_card_of``
    reaches, by default) has the siblings a card needs (``MIN_CARDS`` of its tag and class
    under one parent, not the body): a look at a few parents instead of the page's card
    groups."""
    for node in (element, *islice(element.iterancestors(), depth)):
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            return False  # card_groups climbs no higher, and neither does anything above
        names = template_name(node)
        alike = 0
        for sibling in parent.iterchildren(node.tag):
            if template_name(sibling) == names:
                alike += 1
                if alike >= MIN_CARDS:
                    return True
    return False


def _card_of(element: etree._Element, cards: dict[etree._Element, int]) -> etree._Element | None:
    """The card this element is, or sits in (a whole card is often one block)."""
    if element in cards:
        return element
    for depth, ancestor in enumerate(element.iterancestors()):
        if depth >= CARD_DEPTH:
            return None
        if ancestor in cards:
            return ancestor
    return None
