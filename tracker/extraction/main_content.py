"""The main content: the element that gathers the most prose, and the region around it.

Scored in the way of Readability, from text length, commas and link density of the
blocks under each element, with class names as weights; the top candidate is then
widened to the prose-bearing containers beside it (the sections of one article sit in
sibling containers: FAQ panels, a thread's answers, a service page's blocks). Blocks
outside the chosen elements are chrome by position (``verdicts.apply_main``).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice, pairwise
from typing import Final

from lxml import etree

from tracker.extraction.boilerplate import MIN_PARAGRAPH, is_evidence
from tracker.extraction.cards import (
    CARD_DEPTH,
    Climbs,
    card_groups,
    is_priced,
    is_snippet,
    prices_named,
    template_name,
)
from tracker.extraction.dom import inside, text_of, tokens, tokens_of
from tracker.extraction.patterns import Caseless
from tracker.extraction.segment import RawBlock
from tracker.extraction.wrappers import declares_article
from tracker.model import BlockKind, StripReason

_POSITIVE: Final = Caseless(
    r"article|body|content|entry|hentry|h-entry|post|text|blog|story"
    r"|richtext|prose"
)
_NEGATIVE: Final = Caseless(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer"
    r"|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox"
    r"|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|newsletter|subscribe|cta|nav"
)
# the main content is at least the smallest element that holds this share of the page's prose
MAIN_SHARE: Final = 0.75
# a top candidate holding two thirds of the page's prose is the article already: a section
# under its own title after it is a part of the page apart (an FAQ box, the author's card)
ARTICLE_SHARE: Final = 2 / 3
# a list or a table is no article body: a listing's grid or a page's FAQ goes on after it
_LIST_TAGS: Final = frozenset({"ul", "ol", "dl", "table", "tbody"})
SPLIT_LEVELS: Final = 3
MAX_DEPTH: Final = 42  # ancestors of a block whose sums count: deeper nesting is layout
SPLIT_MIN_PROSE: Final = 80
# a template that printed this many other elements with prose (posts) prints the short ones
# too, framed as the top candidate is by this many boxes of the same templates
SHORT_POSTS_AFTER: Final = 2
FRAME_LEVELS: Final = 2
# the levels above the top candidate whose siblings of its template join (``_same_class_beside``)
MAX_BESIDE: Final = 6
# an id that numbers one printing of a template ("comment_body_64154089", "post12345")
_NUMBERED_ID: Final = re.compile(r"([A-Za-z][\w-]*?)[-_]?\d{3,}")
# a listing's cards are the content when they hold this many times the article's prose
# (a short article with a long "more stories" strip stays the article) ...
CARDS_OVER_ARTICLE: Final = 2
# ... and are cards, not the items of a menu: a title, a snippet, a byline or a tag or two
MAX_CARD_LINKS: Final = 6
# a menu has a handful of columns: a run of this many cards led by linked titles is a
# listing however many links each card holds (a repository's row of topic tags, a product's
# swatches); a thread's posts, found by their prose, are still weighed by their links
MENU_COLUMNS: Final = 10
# a run of cards led by linked titles, with a short line or two each under them (a rating, a
# date, a one-line description) and no sentence: this many cards at least (three linked
# headings are as often a "Related posts" strip) ...
TITLE_CARDS: Final = 6
# ... their text this many times their titles' at least (a grid of titles alone is kept by
# ``cards`` once inside the main content) and at most (a thread's posts under their authors'
# linked names are found by their prose, and so are teasers with a sentence) ...
TITLED_TEXT: Final = (1.5, 20)
# ... and more text than the selection's prose (their lines are short, where the prose of an
# introduction above a listing is a paragraph or two)
TITLE_CARDS_OVER_ARTICLE: Final = 1
# a choice of less prose than this, on a page that declares no main content, is next to
# nothing (a heading's line, a footer's credit): a run of cards beside it is the page
BARE_CHOICE: Final = 250
# a grid of cards between two sections of the page: its title and three cards at least
CARD_HEADINGS: Final = 3
# a blog's index of posts, each printed as an <article> (a whole post, to the markup) and
# shown by its linked title alone, under the category's introduction: this many posts at
# least (a "more stories" strip under an article shows a handful) ...
POST_TITLES: Final = 10
# ... their titles this share of the selection's prose at least (an article's prose outweighs
# a strip of titles many times; a category's introduction is a paragraph or a few)
POST_TITLES_OVER_ARTICLE: Final = 1 / 3
# a run of cards outside the selection joins it by its parts' names with this many cards,
# and this many of a run inside it name the parts
MIN_KIN_CARDS: Final = 3
# a catalogue's page of products: this many priced cards at least (a product page's strip
# of other products shows a handful to a dozen; a shop pages its grid by 24, 36 or 48) ...
CATALOGUE_CARDS: Final = 20
# ... whose text is this share of the prose under it at least (a long guide's products)
CATALOGUE_OVER_PROSE: Final = 1 / 3


def _class_weight(element: etree._Element) -> float:
    weight = 0.0
    for name in ("class", "id"):
        value = element.get(name)
        if not value:
            continue
        if _NEGATIVE.search(value):
            weight -= 25
        if _POSITIVE.search(value):
            weight += 25
    tag = element.tag
    if tag == "article" or element.get("itemprop") == "articleBody":
        weight += 30
    elif tag == "main":
        weight += 10
    return weight


# read once: through its class, ~0.4 us a read on Python 3.11
_HIDDEN: Final = StripReason.HIDDEN
_HEADER_MARK: Final = StripReason.HEADER


def _usable(block: RawBlock, use_marks: bool) -> bool:
    """Whether a block's text counts towards the main content: never when hidden or marked
    chrome by a verdict; with ``use_marks``, not when a class name speaks against it either."""
    if block.image_alt:
        return False
    for mark in block.marks:  # a loop, not any(): this runs for every block, several times
        if use_marks or mark[0] is _HIDDEN or not is_evidence(mark):
            return False
    return True


_HEADINGS: Final = ("h1", "h2", "h3", "h4", "h5", "h6")
_LAYOUT_TOKENS: Final = frozenset(
    {
        "row", "col", "column", "columns", "container", "clearfix", "wrapper", "wrap",
        "inner", "section", "grid", "cell", "block", "item", "clear", "group",
    }
)  # fmt: skip


def _links_away(heading: etree._Element) -> bool:
    """Whether a heading is or holds a link to another page: one that only points into
    this page ("#usage") is the section's permalink, not a teaser's way elsewhere."""
    link = heading.find(".//a")
    if link is None:
        link = next(heading.iterancestors("a"), None)
    return link is not None and not (link.get("href") or "").startswith("#")


def _has_link_heading(element: etree._Element) -> bool:
    """A teaser card: a heading that is a link to another page."""
    return any(_links_away(heading) for heading in element.iter(*_HEADINGS))


def _opens_a_section(element: etree._Element) -> bool:
    """Whether ``element`` is a part of the page under its own title: its first heading is
    plain text and so are most of the others, whatever one of them links to; a teaser
    card opens with its link, and a box of them ("More from us") links most headings."""
    headings = list(element.iter(*_HEADINGS))
    if not headings or _links_away(headings[0]):
        return False
    return 2 * sum(1 for heading in headings if _links_away(heading)) < len(headings)


def _chain(
    parent: etree._Element, chains: dict[etree._Element, list[etree._Element]]
) -> list[etree._Element]:
    """``parent`` and its ancestors, ``MAX_DEPTH`` in all (a block's ancestors that count),
    walked once per parent."""
    chain = chains.get(parent)
    if chain is None:
        chain = chains[parent] = [parent, *islice(parent.iterancestors(), MAX_DEPTH - 1)]
    return chain


def _lifts(
    parent: etree._Element,
    chains: dict[etree._Element, list[etree._Element]],
    lifts: dict[etree._Element, list[tuple[etree._Element, int]]],
) -> list[tuple[etree._Element, int]]:
    """The ancestors a paragraph under ``parent`` scores for, each with the divider of its
    level: five levels at most, never the body or the page; worked out once per parent
    (an article's paragraphs share one)."""
    lift = lifts.get(parent)
    if lift is None:
        lift = lifts[parent] = []
        for level, ancestor in enumerate(_chain(parent, chains)):
            if level > 4 or ancestor.tag in {"body", "html"}:
                break
            lift.append((ancestor, 1 if level == 0 else 2 if level == 1 else level * 3))
    return lift


# read once: through its class, ~0.4 us a read on Python 3.11
_HEADING: Final = BlockKind.HEADING
_PARAGRAPH: Final = BlockKind.PARAGRAPH


def find_main(blocks: list[RawBlock], use_marks: bool, published: bool) -> list[etree._Element]:
    """The elements that hold the article: the best-scored container and its good siblings.
    ``published``: the page gives its publication date (a section after a dated article is
    a part of the page apart, ``_with_prose_region``)."""
    scores: dict[etree._Element, float] = {}
    totals: dict[etree._Element, list[int]] = {}
    prose: dict[etree._Element, float] = {}  # chars of good paragraphs under each element
    page_prose = 0.0
    named: dict[etree._Element, int] = {}  # chars only a class name marks, under each element
    usable = [_usable(block, use_marks) for block in blocks]  # asked once, read four times
    # Text, prose and the text a class name alone marks are summed per parent first, then
    # carried up each parent's ancestry once: the paragraphs of an article (the items of a
    # menu) share one parent. The sums are of whole numbers, so their order changes nothing.
    chains: dict[etree._Element, list[etree._Element]] = {}
    lifts: dict[etree._Element, list[tuple[etree._Element, int]]] = {}
    under_parent: dict[etree._Element, list[int]] = {}  # [chars, link chars] of usable blocks
    prose_under_parent: dict[etree._Element, int] = {}
    named_under_parent: dict[etree._Element, int] = {}
    # whether a class name alone marks a block, by its marks tuple: a box's blocks share one
    named_only: dict[int, bool] = {}
    for block, counts in zip(blocks, usable, strict=True):
        if not counts:
            if not use_marks or block.image_alt:
                continue
            key = id(block.marks)
            only = named_only.get(key)
            if only is None:
                only = named_only[key] = _usable(block, False)
            if only:
                parent = block.element.getparent()
                if parent is not None:
                    named_under_parent[parent] = named_under_parent.get(parent, 0) + len(block.text)
            continue
        length = len(block.text)
        links = block.link_chars
        element = block.element
        parent = element.getparent()
        if parent is not None:  # else the root itself: no ancestor to credit
            own = under_parent.setdefault(parent, [0, 0])
            own[0] += length
            own[1] += links
        if block.kind is _HEADING or length < MIN_PARAGRAPH or links > 0.5 * length:
            continue
        score = 1 + block.text.count(",") + min(length / 100, 3)
        page_prose += length
        prose[element] = prose.get(element, 0) + length
        if parent is None:
            continue
        prose_under_parent[parent] = prose_under_parent.get(parent, 0) + length
        for ancestor, divider in _lifts(parent, chains, lifts):
            if ancestor not in scores:
                scores[ancestor] = _class_weight(ancestor)
            scores[ancestor] += score / divider
    for parent, (length, links) in under_parent.items():
        for ancestor in _chain(parent, chains):
            total = totals.get(ancestor)
            if total is None:
                totals[ancestor] = [length, links]
            else:
                total[0] += length
                total[1] += links
    for parent, length in prose_under_parent.items():
        for ancestor in _chain(parent, chains):
            prose[ancestor] = prose.get(ancestor, 0) + length
    for parent, length in named_under_parent.items():
        for ancestor in _chain(parent, chains):
            named[ancestor] = named.get(ancestor, 0) + length
    if not scores:
        return []

    def final(element: etree._Element) -> float:
        text, links = totals.get(element, (0, 0))
        density = links / text if text else 0.0
        return scores.get(element, 0.0) * (1 - density)

    ranked = sorted(scores, key=final, reverse=True)
    top = ranked[0]
    top_score = final(top)
    # several strong candidates under one ancestor: the article is split, take the ancestor
    strong = [c for c in ranked[1:6] if final(c) >= 0.75 * top_score]
    if len(strong) >= 3:
        lineages = [set(c.iterancestors()) for c in strong]
        for ancestor in top.iterancestors():
            if ancestor.tag in {"body", "html"}:
                break
            if sum(1 for lineage in lineages if ancestor in lineage) >= 3:
                top = ancestor
                break
    # climb while the parent scores higher (the article wrapper holds the candidate)
    last = final(top)
    threshold = last / 3
    parent = top.getparent()
    while parent is not None and parent.tag not in {"body", "html"}:
        if parent not in scores:
            parent = parent.getparent()
            continue
        parent_score = final(parent)
        if parent_score < threshold:
            break
        if parent_score > last:
            top = parent
            break
        last = parent_score
        parent = parent.getparent()
    selected = [top]
    parent = top.getparent()
    if parent is None:
        return selected
    top_score = final(top)
    sibling_threshold = max(10.0, top_score * 0.2)
    by_element: dict[etree._Element, list[RawBlock]] = {}
    for block, counts in zip(blocks, usable, strict=True):
        if counts:
            by_element.setdefault(block.element, []).append(block)
    top_class = top.get("class")
    for sibling in parent:
        if sibling is top or not isinstance(sibling.tag, str):
            continue
        bonus = top_score * 0.2 if top_class and sibling.get("class") == top_class else 0
        if sibling in scores and final(sibling) + bonus >= sibling_threshold:
            selected.append(sibling)
            continue
        if sibling.tag == "p" and sibling in by_element:
            text = " ".join(b.text for b in by_element[sibling])
            links = sum(b.link_chars for b in by_element[sibling])
            density = links / len(text) if text else 1
            if (len(text) > 80 and density < 0.25) or (
                0 < len(text) <= 80 and density == 0 and re.search(r"\.( |$)", text)
            ):
                selected.append(sibling)
    # an article cut into sibling blocks (Squarespace, Wix, Gutenberg groups): take the
    # prose-bearing siblings of the top candidate and of its nearest ancestors too
    node, top_prose = top, prose.get(top, 0)
    chosen = set(selected)
    for _level in range(SPLIT_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        for sibling in parent:
            if sibling is node or sibling in chosen or not isinstance(sibling.tag, str):
                continue
            if _level and not (
                sibling.tag == node.tag
                and (set(tokens(sibling)) & set(tokens(node))) - _LAYOUT_TOKENS
                and not _has_link_heading(sibling)
            ):
                continue  # above the candidate only blocks of the same kind (sqs-block...)
            chars = prose.get(sibling, 0)
            text_chars, link_chars = totals.get(sibling, (chars, 0))
            if chars >= max(SPLIT_MIN_PROSE, 0.1 * top_prose) and link_chars <= 0.25 * max(
                text_chars, 1
            ):
                selected.append(sibling)
                chosen.add(sibling)
        node = parent
    selected += _same_template(top, chosen | set(selected), prose, totals)
    counted = [block for block, counts in zip(blocks, usable, strict=True) if counts]
    selected += _opening_posts(selected, counted)
    # each block's element: a heading or another line no mark speaks against, or marked
    # (an article's headline is the Document's title when the page gives its publication
    # date: a line to it, not a section's heading)
    lines: dict[etree._Element, int] = {}
    for block, counts in zip(blocks, usable, strict=True):
        line = _MARKED
        if counts:
            heading = block.kind is _HEADING and not (published and block.level == 1)
            line = _TITLE if heading else _LINE
        lines[block.element] = min(line, lines.get(block.element, line))
    widened = _with_prose_region(
        selected, top, prose, totals, named, MAIN_SHARE * page_prose, published, lines
    )
    climbs: Climbs = {}  # each parent's climb, for every run of cards weighed below
    bare = _bare_run(widened, counted, blocks, prose, climbs)
    if bare is not None:
        return bare
    snippets = [block for block in counted if is_snippet(block)]
    priced = [block for block in counted if is_priced(block)]
    picked = _with_cards(widened, snippets, priced, counted, prose, climbs)
    if picked is widened:
        picked = _with_catalogue(widened, priced, counted, prose, climbs)
    picked = _with_posts(picked, blocks, prose, climbs)
    return _with_kin_runs(picked, snippets + _linked_titles(counted), counted, climbs)


def _same_template(
    top: etree._Element,
    chosen: set[etree._Element],
    prose: dict[etree._Element, float],
    totals: dict[etree._Element, list[int]],
) -> list[etree._Element]:
    """The elements printed by the top candidate's template elsewhere on the page (the same
    tag and class attribute), each with prose of its own and few links: a thread's other
    posts when the first post's body won, wherever the forum's markup nests them. An
    element without a class is known by its id less the number in it ("post_4711"): a
    forum's template numbers each post's body where others name it; one with neither, by
    its parent's class."""
    template = _template_of(top)
    if template is None:
        return []
    inside = set(chosen)
    for element in chosen:
        inside.update(element.iterancestors())
    found = []
    for element, chars in prose.items():
        if element is top or element.tag != top.tag or _template_of(element) != template:
            continue
        if element in inside or chars < SPLIT_MIN_PROSE:
            continue
        text, links = totals.get(element, (chars, 0))
        if links <= 0.25 * max(text, 1) and chosen.isdisjoint(element.iterancestors()):
            found.append(element)
    if len(found) >= SHORT_POSTS_AFTER:
        found += _short_posts(top, template, inside, chosen | set(found), _box_of([top, *found]))
    return found


def _box_of(elements: list[etree._Element]) -> etree._Element:
    """The smallest element holding every one of ``elements``."""
    box = elements[0]
    for element in elements[1:]:
        while not inside(element, box):
            parent = box.getparent()
            if parent is None:
                return box
            box = parent
    return box


def _short_posts(
    top: etree._Element,
    template: str,
    around: set[etree._Element],
    taken: set[etree._Element],
    box: etree._Element,
) -> list[etree._Element]:
    """The elements of the template of a thread's posts' bodies too short to hold prose
    ("Thanks, that fixed it.", "well done"), with few links: a thread's short replies,
    printed by the template that printed its long ones in the ``box`` that holds those,
    outside them (a quoted post) and outside what is ``around`` them."""
    short: list[etree._Element] = []
    frame = _frame(top)
    for element in box.iter(top.tag):
        if element in around or element in taken or _template_of(element) != template:
            continue
        if _frame(element) != frame:
            continue
        if any(ancestor in taken for ancestor in element.iterancestors()):
            continue
        text = len(text_of(element))
        links = sum(len(text_of(link)) for link in element.iter("a"))
        if text and links <= 0.25 * text:
            short.append(element)
    return short


def _opening_posts(selected: list[etree._Element], usable: list[RawBlock]) -> list[etree._Element]:
    """The one paragraph before the selection printed by the template of its posts' bodies
    (the same tag and class attribute as two paragraphs inside it): a thread's opening post
    in a card of its own above the box of replies that won (XenForo's "bbWrapper"). Two or
    more are a listing's cards or an article's paragraphs, left to the other rules."""
    chosen = set(selected)
    before: dict[tuple[str, str], list[etree._Element]] = {}  # classed paragraphs before it
    inside: dict[tuple[str, str], int] = {}
    entered = False
    for block in usable:
        if len(block.text) < MIN_PARAGRAPH or block.kind is _HEADING:
            continue
        element = block.element
        key = (element.tag, element.get("class") or "")
        if entered and key not in before:
            continue  # past the selection's start only the templates met before it count
        if element in chosen or not chosen.isdisjoint(element.iterancestors()):
            entered = True
            inside[key] = inside.get(key, 0) + 1
        elif not entered and key[1] and block.link_chars <= 0.25 * len(block.text):
            before.setdefault(key, []).append(element)
    found = [
        element
        for key, elements in before.items()
        if inside.get(key, 0) >= 2
        for element in elements
    ]
    return found if len(found) == 1 else []


def _frame(element: etree._Element) -> tuple[str | None, ...]:
    """The template names of the boxes an element sits in, ``FRAME_LEVELS`` of them: a
    post's body is framed as every post is (a page builder's widget box, by its widget)."""
    return tuple(
        _template_of(ancestor) for ancestor in islice(element.iterancestors(), FRAME_LEVELS)
    )


def _template_of(element: etree._Element) -> str | None:
    """The name the page's template gives this element: its class attribute, else its id
    when a number in it (a post's, a comment's) tells one printing from the next, else its
    parent's class with its own tag (a theme's bare <article> for each post's body)."""
    names = element.get("class")
    if names and names.strip():
        return names
    numbered = _NUMBERED_ID.fullmatch(element.get("id") or "")
    if numbered:
        return f"#{numbered.group(1)}"
    parent = element.getparent()
    parent_names = parent.get("class") if parent is not None else None
    return f"{parent_names} > {element.tag}" if parent_names and parent_names.strip() else None


def _with_cards(
    selected: list[etree._Element],
    snippets: list[RawBlock],
    priced: list[RawBlock],
    usable: list[RawBlock],
    prose: dict[etree._Element, float],
    climbs: Climbs,
) -> list[etree._Element]:
    """The selection, with the largest run of sibling cards when they hold more text than
    it: on a listing (a news index, a catalogue) the items are the content, each its own
    small container of one template, often one link, and none of them outscores the
    page's introduction. The selection is weighed without what it holds of the cards (a
    featured card's long excerpt that the scores chose is the listing's own prose). A
    catalogue's cards (a name and a price, no sentence) are found by their prices and
    weighed by all their text. A run of cards led by linked titles, a line or two under
    each (``TITLE_CARDS``), is weighed by all its text too."""
    # cards, text, whether their links were weighed already (a catalogue's need not be: a
    # menu names no price), times the selection's prose they must outweigh
    groups: list[tuple[list[etree._Element], int, bool, float]] = []
    groups += [
        (cards, chars, False, CARDS_OVER_ARTICLE) for cards, chars in card_groups(snippets, climbs)
    ]
    groups += [
        (cards, _text_in(cards, usable), True, CARDS_OVER_ARTICLE)
        for cards, _ in card_groups(priced, climbs)
    ]
    titles = _linked_titles(usable)
    for cards, title_chars in card_groups(titles, climbs) if len(titles) >= TITLE_CARDS else ():
        chars = _text_in(cards, usable)
        least, most = TITLED_TEXT
        if (
            len(cards) >= TITLE_CARDS
            and least * title_chars <= chars <= most * title_chars
            and (len(cards) >= MENU_COLUMNS or not _menu(cards))
            # teasers with a sentence weigh their snippets; a few descriptions that end
            # with a full stop among cards led by their titles do not make them teasers
            and 2 * _holding(cards, snippets) < len(cards)
        ):
            groups.append((cards, chars, True, TITLE_CARDS_OVER_ARTICLE))
    if not groups:
        return selected
    cards, chars, weighed, over = max(groups, key=lambda group: group[1])
    members = set(cards)
    enough = over * sum(
        prose.get(element, 0)
        for element in selected
        if element not in members and members.isdisjoint(element.iterancestors())
    )
    if chars <= enough:
        return selected
    if not weighed and _menu(cards):
        return selected  # menus: each item a list of links beside its blurb (and no price)
    chosen = set(selected)
    if not chosen.isdisjoint(cards[0].iterancestors()):
        return selected  # the cards are within the selection already (one of them may be it)
    return selected + [card for card in cards if card not in chosen]


def _linked_titles(blocks: list[RawBlock]) -> list[RawBlock]:
    """The headings that are links, mostly: the titles of teaser cards."""
    return [
        block
        for block in blocks
        if block.kind is _HEADING and 2 * block.link_chars >= len(block.text)
    ]


def _with_catalogue(
    selected: list[etree._Element],
    priced: list[RawBlock],
    usable: list[RawBlock],
    prose: dict[etree._Element, float],
    climbs: Climbs,
) -> list[etree._Element]:
    """The selection, with a catalogue's grid that stands before it: ``CATALOGUE_CARDS``
    priced cards or more, outside the selection, whose text is a share of the selection's
    prose (``CATALOGUE_OVER_PROSE``). A shop's category page shows its products first and
    puts its text for search engines (a buying guide, an FAQ) under the grid, where that
    text outscores the cards it does not outweigh twice (``_with_cards``); what a page
    shows first is what it is about. A product page's strip of other products comes after
    its description, and a long guide's few products stay out. ``priced``: the usable
    blocks that name a price."""
    if len(priced) < CATALOGUE_CARDS:
        return selected  # most pages: no catalogue
    chosen = set(selected)
    runs = [
        cards
        for cards, _ in card_groups(priced, climbs)
        if len(cards) >= CATALOGUE_CARDS
        and chosen.isdisjoint(cards)
        and chosen.isdisjoint(cards[0].iterancestors())
    ]
    if not runs:
        return selected
    cards = max(runs, key=len)
    choice = sum(prose.get(element, 0) for element in selected)
    if _text_in(cards, usable) < CATALOGUE_OVER_PROSE * choice:
        return selected
    members = set(cards)
    for block in usable:  # which comes first, in the page's order
        if _within(block, chosen):
            return selected
        if _card_of(block, members) is not None:
            return selected + cards
    return selected


def _with_posts(
    selected: list[etree._Element],
    blocks: list[RawBlock],
    prose: dict[etree._Element, float],
    climbs: Climbs,
) -> list[etree._Element]:
    """The selection, with an index of posts outside it: ``POST_TITLES`` sibling
    ``<article>``s or more, each led by a linked title, whose titles weigh a share of the
    selection's prose (``POST_TITLES_OVER_ARTICLE``) and nothing much else. A grid of titles
    alone is no run of cards ``_with_cards`` weighs (no line under each title), but the
    markup says each is a post: the category's entries under its introduction. Titles a
    class name alone marks count (a theme's layout box around the posts and the sidebar,
    "content-sidebar-wrap"); hidden or verdict-marked ones do not."""
    if not selected:
        return selected
    titles = [  # the cheap questions first: this runs on every page
        block
        for block in blocks
        if block.kind is _HEADING
        and 2 * block.link_chars >= len(block.text)
        and _usable(block, use_marks=False)
    ]
    if len(titles) < POST_TITLES:
        return selected
    choice = POST_TITLES_OVER_ARTICLE * sum(prose.get(element, 0) for element in selected)
    chosen = set(selected)
    runs = [
        (cards, chars)
        for cards, chars in card_groups(titles, climbs)
        if len(cards) >= POST_TITLES
        and chars >= choice
        and all(card.tag == "article" for card in cards)
        and chosen.isdisjoint(cards[0].iterancestors())
        and chosen.isdisjoint(cards)
    ]
    if not runs:
        return selected
    named = [block for block in blocks if _usable(block, use_marks=False)]
    # titles alone: cards with a line or more under each are ``_with_cards``' to weigh
    runs = [run for run in runs if _text_in(run[0], named) < TITLED_TEXT[0] * run[1]]
    if not runs:
        return selected
    cards, _ = max(runs, key=lambda run: run[1])
    return selected + cards


# a card's part: the tag and template name of a block it holds (a title's, an excerpt's)
Part = tuple[str, str]


def _with_kin_runs(
    selected: list[etree._Element],
    snippets: list[RawBlock],
    usable: list[RawBlock],
    climbs: Climbs,
) -> list[etree._Element]:
    """The selection, with the other runs of cards printed by the template of a run it
    holds: a front page shows its stories in several boxes (a featured strip, the latest
    feed, a section's teasers) whose cards share their parts' class names (the title's, the
    excerpt's), and the scores chose one of the boxes or part of one. A run outside the
    selection joins when most of its cards hold a part named as most of the chosen cards'
    parts are."""
    if not selected:
        return selected
    chosen = set(selected)

    def held(card: etree._Element) -> bool:
        return card in chosen or not chosen.isdisjoint(card.iterancestors())

    runs = card_groups(snippets, climbs)
    held_runs = [[card for card in cards if held(card)] for cards, _ in runs]
    if not any(len(within) >= MIN_KIN_CARDS for within in held_runs):
        return selected  # most pages: the selection holds no run of cards
    parts = _parts_by_box(usable)
    named: set[Part] = set()
    for within in held_runs:
        if len(within) >= MIN_KIN_CARDS:
            named |= _most_held(within, parts)
    if not named:
        return selected
    added: list[etree._Element] = []
    for cards, _ in runs:
        outside = [
            card
            for card in cards
            if not held(card) and not any(inside(element, card) for element in selected)
        ]
        if len(outside) >= MIN_KIN_CARDS and named & _most_held(outside, parts):
            added += outside
    return selected + added if added else selected


def _parts_by_box(usable: list[RawBlock]) -> dict[etree._Element, set[Part]]:
    """The tag and template name of the blocks under each element, ``CARD_DEPTH`` levels
    down at most: the parts a card holds, worked out once for all the page's runs."""
    parts: dict[etree._Element, set[Part]] = {}
    for block in usable:
        element = block.element
        name = template_name(element)
        if not name:
            continue
        part = (element.tag, name)
        for ancestor in islice(element.iterancestors(), CARD_DEPTH):
            parts.setdefault(ancestor, set()).add(part)
    return parts


def _most_held(cards: list[etree._Element], parts: dict[etree._Element, set[Part]]) -> set[Part]:
    """The parts that more than half of the cards hold."""
    counts = Counter(part for card in cards for part in parts.get(card, ()))
    return {part for part, count in counts.items() if 2 * count > len(cards)}


def _bare_run(
    selected: list[etree._Element],
    usable: list[RawBlock],
    blocks: list[RawBlock],
    prose: dict[etree._Element, float],
    climbs: Climbs,
) -> list[etree._Element] | None:
    """On a page that declares no main content, a choice of next to no prose
    (``BARE_CHOICE``) gives way to the largest run of at least ``TITLE_CARDS`` cards of any
    content outside it, no menu's columns, when that holds more text: a ranked list's rows
    (a rank, a name, a score), a board of jobs whose lines class names mark, have no prose
    to score and no title of their own; a list of links, one line an item, is not one. A
    page that declares its main content is read through it when the choice keeps next to
    nothing (``readings``). ``usable`` weighs the runs, ``blocks`` (marked or not) shape
    their cards."""
    if not selected:
        return None
    choice = sum(prose.get(element, 0) for element in selected)
    if choice >= BARE_CHOICE or declared_main(selected[0].getroottree().getroot()) is not None:
        return None
    runs = [
        run
        for run in card_groups(usable, climbs)
        if len(run[0]) >= TITLE_CARDS and not _menu(run[0])
    ]
    if not runs:
        return None
    cards, chars = max(runs, key=lambda run: run[1])
    if chars <= choice or not set(selected).isdisjoint(cards[0].iterancestors()):
        return None
    members = set(cards)
    lines = sum(1 for block in blocks if _card_of(block, members) is not None)
    return cards if lines >= 2 * len(cards) else None


def with_introduction(
    selected: list[etree._Element], blocks: list[RawBlock], dated: set[int], published: bool
) -> list[etree._Element]:
    """The selection, with the page's title (its first ``<h1>``) and the paragraphs of prose
    just under it when they stand before the selection and outside it: a category's or a
    hub's name and the few sentences introducing its items ("Indoor containers bring
    colour to a room...") sit in a banner box over the grid or the text that scores, and
    are what a reader reads first. Left alone: a selection that holds the title or starts
    before it, one that shows next to nothing itself (``BARE_CHOICE``: the readings after
    the scores decide), and an article's header, dated or signed (``dated``: the indexes
    of its date lines and bylines) or declared with its publication date (``published``:
    the lines under a headline are its standfirst; a CMS declares every page an article,
    and a landing page or a hub names no date)."""
    chosen = set(selected)
    title = next(
        (
            n
            for n, block in enumerate(blocks)
            if block.kind is _HEADING and block.level == 1 and _heads(block)
        ),
        None,
    )
    if title is None or any(
        _within(block, chosen) for block in blocks[: title + 1] if _usable(block, True)
    ):
        return selected
    introduction = [blocks[title].element]
    opening = True  # the lines just under the title, none other between
    shown, first = 0, None  # the text the selection shows after the title; where it starts
    for n, block in enumerate(blocks[title + 1 :], title + 1):
        if not _heads(block):
            continue
        length = len(block.text)
        if _within(block, chosen):
            opening = False
            first = n if first is None else first
            shown += length if 2 * block.link_chars <= length else 0
            if shown >= BARE_CHOICE:
                break
        elif opening and _introduces(block):
            introduction.append(block.element)
        else:
            opening = False
    if (
        len(introduction) == 1  # a title alone, with nothing introducing the items
        or shown < BARE_CHOICE
        or first is None
        or any(title < n < first for n in dated)
        or (published and declares_article(blocks[0].element))
    ):
        return selected
    # the page's own header box joins whole: its other lines are the hub's too
    boxes = [mark[2] for mark in blocks[title].marks if mark[2] not in chosen]
    return selected + introduction + boxes


def _heads(block: RawBlock) -> bool:
    """A block that counts, or one that only a class name marks as a header: the page's
    own header box ("listing-header", "category-header") over its items."""
    return _usable(block, True) or (
        bool(block.marks)
        and not block.image_alt
        and all(mark[0] is _HEADER_MARK and is_evidence(mark) for mark in block.marks)
    )


def _introduces(block: RawBlock) -> bool:
    """A paragraph of prose, few links in it, a sentence or more (not a line of facts:
    "Asked 3 years ago", "12 results"): a line of an introduction."""
    text = block.text
    length = len(text)
    return (
        block.kind is _PARAGRAPH
        and length >= MIN_PARAGRAPH
        and block.link_chars <= 0.25 * length
        and (". " in text or text.rstrip()[-1] in ".!?…")
    )


def _within(block: RawBlock, chosen: set[etree._Element]) -> bool:
    """Whether a block is or sits in one of the chosen elements."""
    return block.element in chosen or not chosen.isdisjoint(block.element.iterancestors())


# what only the site's banner holds: its menu, its search, its account forms
_BANNER_PARTS: Final = etree.XPath(
    "boolean(descendant::nav | descendant::form"
    " | descendant::*[@role = 'navigation' or @role = 'menu' or @role = 'menubar'"
    " or @role = 'search'])"
)


def heading_areas(
    selected: list[etree._Element], blocks: list[RawBlock], dated: set[int], published: bool
) -> list[etree._Element]:
    """The boxes a class name alone calls a header ("category-header", "game_header_ctn",
    "pdp-product-header__description") that are the page's heading area, not the site's
    banner: each holds a paragraph of prose of its own (sentences, not a menu's or a logo's
    line) and no menu, search or form, and either holds the page's title (its first
    ``<h1>``) or stands after it and before the selection, in the main content the page
    declares (a shop's description under the product's name, a game store's summary beside
    its pictures). A category's introduction, a product's description: what a reader reads
    first. Left alone: an article's header, dated or signed, or declared with its
    publication date (``dated``, ``published``: its standfirst, which ``with_introduction``
    leaves out too)."""
    boxes: dict[etree._Element, list[int]] = {}
    for n, block in enumerate(blocks):
        if block.marks and block.marks[-1][0] is _HEADER_MARK and _usable(block, False):
            # named a header, and nothing that decides: the outermost such name is its box
            box = next(mark[2] for mark in block.marks if mark[0] is _HEADER_MARK)
            boxes.setdefault(box, []).append(n)
    # a paragraph of prose of its own: most boxes named a header hold a logo and a menu
    boxes = {
        box: indexes
        for box, indexes in boxes.items()
        if any(_introduces(blocks[n]) for n in indexes)
    }
    if not boxes or (published and declares_article(blocks[0].element)):
        return []
    title = next(
        (
            n
            for n, block in enumerate(blocks)
            if block.kind is _HEADING and block.level == 1 and _usable(block, False)
        ),
        None,
    )
    chosen = set(selected)
    start = next((n for n, block in enumerate(blocks) if _within(block, chosen)), None)
    declared = declared_main(blocks[0].element.getroottree().getroot())
    areas = []
    for box, indexes in boxes.items():
        first, last = indexes[0], indexes[-1]
        if any(first <= n <= last for n in dated) or _BANNER_PARTS(box):
            continue
        holds_title = title is not None and first <= title <= last
        if (title is not None and holds_title and inside(blocks[title].element, box)) or (
            not holds_title
            and (title is None or title < first)
            and start is not None
            and last < start
            and declared is not None
            and inside(box, declared)
            and inside(selected[0], declared)
            and not any(title is not None and title < n < first for n in dated)
        ):
            areas.append(box)
    return areas


# the elements whose role is "main", in page order: the test asked of the role attributes
# libxml2 gathers by name, where ``//*[@role="main"]`` asked a predicate of every element
# (nine times the cost: ~2% of an extraction on a page without a <main>)
_ROLE_MAIN: Final = etree.XPath('//*/@role[. = "main"]/..')


def declared_main(root: etree._Element) -> etree._Element | None:
    """The element a page declares its main content: its ``<main>``, else ``role="main"``."""
    main = next(iter(root.iter("main")), None)
    if main is None:
        main = next(iter(_ROLE_MAIN(root)), None)
    return main


def _text_in(cards: list[etree._Element], blocks: list[RawBlock]) -> int:
    """The characters of these blocks that sit in one of the cards."""
    members = set(cards)
    return sum(
        len(block.text)
        for block in blocks
        if block.element in members
        or not members.isdisjoint(islice(block.element.iterancestors(), CARD_DEPTH))
    )


def _holding(cards: list[etree._Element], blocks: list[RawBlock]) -> int:
    """How many of the cards hold one of these blocks or more."""
    members = set(cards)
    return len({_card_of(block, members) for block in blocks} - {None})


def _card_of(block: RawBlock, members: set[etree._Element]) -> etree._Element | None:
    """The card of ``members`` this block is or sits in, ``CARD_DEPTH`` levels up at most."""
    element = block.element
    if element in members:
        return element
    return next((a for a in islice(element.iterancestors(), CARD_DEPTH) if a in members), None)


def _menu(cards: list[etree._Element]) -> bool:
    """Whether most of the cards are lists of links (a menu's columns), not cards."""
    return sum(1 for card in cards if _links_over(card, MAX_CARD_LINKS)) > len(cards) / 2


def _links_over(element: etree._Element, limit: int) -> bool:
    return any(count >= limit for count, _ in enumerate(element.iter("a"), 1))


def _with_prose_region(
    selected: list[etree._Element],
    top: etree._Element,
    prose: dict[etree._Element, float],
    totals: dict[etree._Element, list[int]],
    named: dict[etree._Element, int],
    enough: float,
    published: bool,
    lines: dict[etree._Element, int],
) -> list[etree._Element]:
    """The selection, with the prose-bearing containers beside it up to the smallest
    ancestor that holds most of the page's prose: the sections of one article (FAQ
    panels, the answers of a thread, a service page's blocks) sit in sibling containers
    of one region. Teaser cards (a heading that is a link) and link lists stay out, but
    not a section under plain headings that holds as much prose as the region so far: a
    service page's "Our clinics" links a clinic's name to its page, a teaser card opens
    with its link and is smaller than the article beside it. A section of short lines
    under its own plain title joins too: a landing page's "What's included" has no line
    long enough to count as prose. When the top candidate, no list or table, holds two
    thirds of the page's prose on a page that gives its publication date (``published``),
    it is the article: a section that follows it under a title of its own is a part of
    the page apart (an FAQ box, the author's card, "What is <the company>"); a lede or a
    hero before it and an untitled note after it (footnotes) still join. An undated page
    (a service's landing page, a product's) goes on under its titles: its long
    introduction is one section of several ("Our process", "Our services"). Between two
    sections that joined, a
    figure, a note and a grid of linked cards under a plain title are in the page's flow."""
    path = [top]
    while prose.get(path[-1], 0) < enough and path[-1].tag != "body":
        parent = path[-1].getparent()
        if parent is None:
            return selected
        path.append(parent)
    chosen = set(selected)
    widened = list(selected)
    found = (
        top.tag not in _LIST_TAGS
        and prose.get(top, 0) >= ARTICLE_SHARE / MAIN_SHARE * enough
        and published
    )
    for node, parent in pairwise(path):
        children = [child for child in parent if isinstance(child.tag, str)]
        taken = []
        # past the article found, a section under a title of its own is a part apart
        start = children.index(node) + 1 if found else len(children)
        apart = {sibling for sibling in children[start:] if _opens_a_section(sibling)}
        for position, sibling in enumerate(children):
            if sibling is node or sibling in chosen:
                taken.append(position)
                continue
            if sibling in apart:
                continue
            chars = prose.get(sibling, 0)
            text, links = totals.get(sibling, (0, 0))
            if (
                chars >= SPLIT_MIN_PROSE
                and links <= 0.25 * max(text, 1)
                and (
                    not _has_link_heading(sibling)
                    # a part of the page under its own title, as long as what was chosen
                    or (_opens_a_section(sibling) and chars >= prose.get(node, 0))
                )
            ) or (
                text >= SPLIT_MIN_PROSE
                and links <= 0.25 * text
                and not _has_link_heading(sibling)
                and _opens_a_section(sibling)
            ):
                widened.append(sibling)
                chosen.add(sibling)
                taken.append(position)
        # a figure or a note (even one named "footer") between two sections of the
        # article is in its flow
        for sibling in children[taken[0] + 1 : taken[-1]] if taken else ():
            text, links = totals.get(sibling, (0, 0))
            if (
                sibling not in chosen
                and sibling not in apart
                and (text or sibling in named)
                and (links <= 0.5 * text or _titled_part(sibling, text - links >= SPLIT_MIN_PROSE))
            ):
                widened.append(sibling)
                chosen.add(sibling)
    widened += _same_class_beside(top, chosen, prose, totals)
    return widened + _titles_before([*path, *widened], lines)


# a title is a line or two: a box of more text before a chosen part is a part of its own
TITLE_CHARS: Final = 200
# the elements of a box looked through to tell a title (a heading in a wrapper or two)
TITLE_ELEMENTS: Final = 12
# what a block's element is to ``_titles_before``, the least of its blocks'
_MARKED: Final = 0
_LINE: Final = 1
_TITLE: Final = 2


def _titles_before(
    elements: list[etree._Element], lines: dict[etree._Element, int]
) -> list[etree._Element]:
    """The title printed just before each of ``elements``, outside it: the first box before
    it that holds any block, when that holds a heading and nothing else, or the control
    that opens it (an accordion's question: the button naming it in ``aria-controls`` or
    named by its ``aria-labelledby``, a ``<summary>``). A section's title and its body are
    often siblings (a page builder's heading widget over its text widget, an accordion's
    question over the panel it opens), and the scores choose the body. ``lines``: the
    blocks' elements, what each is (``_TITLE``, ``_LINE``, ``_MARKED``)."""
    chosen = set(elements)
    found: list[etree._Element] = []
    for element in elements:
        sibling = element.getprevious()
        while sibling is not None and sibling not in chosen:
            held = _line_in(sibling, lines)
            if held is None:
                sibling = sibling.getprevious()  # nothing of the page's text: a spacer
                continue
            if (held == _TITLE or (held == _LINE and _opens(sibling, element))) and not (
                _links_away(sibling)
            ):
                found.append(sibling)
                chosen.add(sibling)
            break
    return found


def _line_in(box: etree._Element, lines: dict[etree._Element, int]) -> int | None:
    """The least of what the blocks of ``box`` are (``lines``), when they make a line or
    two (None: it holds no block at all; ``_MARKED``: more than a line or two)."""
    held: int | None = None
    for count, element in enumerate(box.iter(), 1):
        if count > TITLE_ELEMENTS:
            return _MARKED
        line = lines.get(element)
        if line is not None:
            held = line if held is None else min(held, line)
    if held and len(text_of(box)) > TITLE_CHARS:
        return _MARKED
    return held


def _opens(control: etree._Element, panel: etree._Element) -> bool:
    """Whether ``control`` (or an element in it) is the disclosure that opens ``panel``."""
    ident = panel.get("id")
    labels = (panel.get("aria-labelledby") or "").split()
    for element in control.iter():
        if element.tag == "summary":
            return True
        if ident and ident in (element.get("aria-controls") or "").split():
            return True
        if labels and element.get("id") in labels:
            return True
    return False


def _same_class_beside(
    top: etree._Element,
    chosen: set[etree._Element],
    prose: dict[etree._Element, float],
    totals: dict[etree._Element, list[int]],
) -> list[etree._Element]:
    """The siblings of the top candidate and of its ancestors, up to ``MAX_BESIDE`` levels
    (past the region the prose share climbs to: a candidate holding most of the prose stops
    it at once), that the page's template names as it names the element they stand beside:
    the same tag, and all its class names, some of them no layout word, with a modifier or
    not ("rich-text-block intro" beside "rich-text-block"). One article printed in parts of
    one template: its title and picks in one part ("a1497183"), whatever their headings link
    to, its sections in the next, its lede in a box of the body's template. A part with a
    heading brings a tenth of the candidate's prose at least (a hero's title and dek are
    ``with_introduction``'s to read); an untitled one, a paragraph's worth. After the
    candidate only an untitled part joins: one under a plain title of its own is a part
    of the page apart (an FAQ, a call to sign up), one of linked headings a box of teasers
    ("Related posts")."""
    found: list[etree._Element] = []
    holders = set(chosen)
    for element in chosen:
        holders.update(element.iterancestors())
    least = max(SPLIT_MIN_PROSE, 0.1 * prose.get(top, 0))
    node = top
    for _level in range(MAX_BESIDE):
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        names = frozenset(tokens_of(node.get("class"), None))
        if names - _LAYOUT_TOKENS:
            after = False
            for sibling in parent:
                if sibling is node:
                    after = True
                    continue
                if (
                    sibling.tag != node.tag
                    or not names <= frozenset(tokens_of(sibling.get("class"), None))
                    or sibling in holders
                ):
                    continue
                chars = prose.get(sibling, 0)
                text, links = totals.get(sibling, (0, 0))
                titled = next(sibling.iter(*_HEADINGS), None) is not None
                if (
                    chars >= (least if titled else SPLIT_MIN_PROSE)
                    and links <= 0.25 * max(text, 1)
                    and not (after and titled)
                ):
                    found.append(sibling)
        node = parent
    return found


def _titled_part(element: etree._Element, worded: bool) -> bool:
    """A part of the page under a plain title of its own, however many links: a grid of
    cards ("Our services" over a card per service, each card a link to its page) or, with
    words of its own (``worded``), a section of links with its text around them ("Resources
    to inspire"); not a catalogue's cards, which name a price each ("Featured products"),
    nor a list of links alone ("Related searches")."""
    headings = list(element.iter(*_HEADINGS))
    return (
        (len(headings) > CARD_HEADINGS or (worded and bool(headings)))
        and not _links_away(headings[0])
        and 2 * prices_named(" ".join(element.itertext())) < len(headings)
    )
