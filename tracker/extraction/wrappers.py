"""Which marks hold: the marks on an element that wraps the article revoked (it holds most
of the page's prose: a theme's "widget", an ASP.NET <form>, a thread's posts marked as
comments), and the marks that still hold when a page would otherwise show nothing
(``last_resort``, ``names_aside``).

Apart from ``boilerplate`` (what each element's mark is) because these read the page's
blocks (``segment.RawBlock``), which ``segment`` makes from those marks.
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Final

from lxml import etree

from tracker.extraction.boilerplate import (
    DRAWN,
    MIN_PARAGRAPH,
    POP_UP,
    TAG_MARKS,
    Mark,
    is_dialog,
    is_evidence,
)
from tracker.extraction.dom import text_of, word_chars
from tracker.extraction.segment import RawBlock
from tracker.model import BlockKind, StripReason

# A page whose comment-marked text outweighs the rest this much is a discussion thread:
# its posts are the content (a forum), not readers' comments under an article ...
THREAD_SHARE: Final = 0.67
# ... and the text outside the comments is no longer than a thread's opening post (an
# article followed by a growing comment section never turns into a thread)
THREAD_OPENING_CHARS: Final = 1500
# ... or the page's first long paragraph is itself a post marked as a comment (the opening
# post printed by the replies' template: what stands before it is no article)
OPENING_PARAGRAPH: Final = 150
PROSE_SHARE: Final = 0.5
# ... unless it sits beside a <main> element that holds this share of the prose
MAIN_PROSE_SHARE: Final = 0.1
HIDDEN_SHELL_SHARE: Final = 0.9
# ... unless the page prints this share of the hidden element's text visibly, block by block:
# then it is a copy kept for machines (a raw Markdown rendition of the article), not a shell
COPY_SHARE: Final = 0.5
# hidden by the page's stylesheet, to assistive technology only, or until a script runs:
# an element hidden so holding half the page's prose is revealed on load
SOFT_HIDDEN_SHELL_SHARE: Final = 0.5
# a <noscript> holding less text than this is a notice asking for scripts ("You need to
# enable JavaScript to run this app"), never the page's article
NOSCRIPT_NOTICE_CHARS: Final = 250
# a box hidden until a script runs, holding this share of the page's text or more, is what
# the last resort reads ("revealed_boxes")
REVEALED_SHARE: Final = 0.1


# read once: an enum member read through its class costs ~0.4 µs on Python 3.11 (the hook
# of EnumType's __getattr__), and these are compared with for every mark of every block
_HIDDEN: Final = StripReason.HIDDEN
_COMMENTS: Final = StripReason.COMMENTS
_HEADING: Final = BlockKind.HEADING


def _soft_hidden(detail: str) -> bool:
    return detail.startswith(("<style> rule", "aria-hidden")) or detail == "hidden attribute"


def last_resort(
    marks: tuple[Mark, ...], revealed: Container[etree._Element] | None = None
) -> tuple[Mark, ...]:
    """The marks that still hold when the page would otherwise yield no article: what
    the markup says (nav, header, footer, forms) and the names that decide (consent,
    newsletter, ads, share bars); not the hiding a script undoes on load (style rules,
    inline styles, aria-hidden, the hidden attribute), a ``<noscript>`` holding more than
    a notice (what the page shows a reader without its scripts: an app shell's catalogue
    of short lines, which no prose share reveals), readers' posts (a thread without
    readable markup is its posts) nor class names that are only evidence. With
    ``revealed`` (``revealed_boxes``), only the boxes named there are undone."""
    return tuple(
        mark
        for mark in marks
        if not (
            (
                mark[0] is _HIDDEN
                and (_soft_hidden(mark[1]) or mark[1].startswith("style="))
                and (revealed is None or not _hidden_inline(mark[1]) or mark[2] in revealed)
            )
            or (mark[0] is _HIDDEN and mark[2].tag == "noscript" and _more_than_notice(mark[2]))
            or mark[0] is _COMMENTS
            or is_evidence(mark)
        )
    )


def revealed_boxes(blocks: list[RawBlock]) -> frozenset[etree._Element]:
    """The boxes hidden by their own markup (``_hidden_inline``) that a script shows on
    load, for ``last_resort``: those holding ``REVEALED_SHARE`` of the page's text or more
    (a shop's product hidden until its script or its lock app runs), or all of them when
    the smaller ones alone hold half of it (a page hidden piecewise, a step or a tab a
    box). A smaller box hidden so is one a script opens on demand and stays hidden: a
    pop-up, a toast's messages, a password form. Hiding by a style rule is undone whatever
    its boxes hold: a theme's sheet hides its sections, or its custom elements, until its
    script runs."""
    held: dict[etree._Element, int] = {}
    for block in blocks:
        for mark in block.marks:
            if mark[0] is _HIDDEN and _hidden_inline(mark[1]):
                held[mark[2]] = held.get(mark[2], 0) + len(block.text)
    total = sum(len(block.text) for block in blocks)
    large = frozenset(box for box, chars in held.items() if chars >= REVEALED_SHARE * total)
    # the text under small boxes alone, each block once
    small = sum(
        len(block.text)
        for block in blocks
        if any(mark[0] is _HIDDEN and _hidden_inline(mark[1]) for mark in block.marks)
        and not any(mark[2] in large for mark in block.marks)
    )
    return frozenset(held) if small >= SOFT_HIDDEN_SHELL_SHARE * total else large


def _hidden_inline(detail: str) -> bool:
    """Hiding written on the element itself: an inline style, the ``hidden`` attribute."""
    return detail.startswith("style=") or detail == "hidden attribute"


def _more_than_notice(noscript: etree._Element) -> bool:
    """Whether a ``<noscript>`` shows more than a notice's length of text (its style sheets,
    scripts and comments aside), counted only until it does: asked of each block inside."""
    shown = 0
    for node in noscript.iter():
        if isinstance(node.tag, str) and node.tag not in {"style", "script"} and node.text:
            shown += len(node.text.strip())
        if node is not noscript and node.tail:
            shown += len(node.tail.strip())
        if shown >= NOSCRIPT_NOTICE_CHARS:
            return True
    return False


# names that settle even when a page would otherwise show nothing: a consent panel, a
# newsletter box or a pop-up is never a page's article
_NEVER_ARTICLE: Final = frozenset({StripReason.COOKIE_BANNER, StripReason.NEWSLETTER})


def names_aside(marks: tuple[Mark, ...]) -> tuple[Mark, ...]:
    """The marks that hold when even the last resort leaves a page empty: the markup's
    (nav, header, footer, forms) and hiding that stays, but no class or id name except
    a consent panel's, a newsletter box's, a pop-up's or a hiding class (a shop's page
    whose every section a theme names "slider", "promo" or "header" still shows them)."""
    return tuple(
        mark
        for mark in last_resort(marks)
        if not mark[1].startswith("class/id")
        or mark[0] is _HIDDEN
        or mark[0] in _NEVER_ARTICLE
        or POP_UP.search(mark[1])
    )


def _revocable(mark: tuple[StripReason, str, etree._Element]) -> bool:
    """A mark that a wrapper of the whole article may wrongly carry ("article-header"
    around the body, a Blogger "widget", an <aside> or a <nav> holding the post, an
    ASP.NET <form> around the page); hidden text, comments and a picture drawn in markup
    (a mock chat's long turns, holding no heading) are never second-guessed."""
    return mark[0] not in {_HIDDEN, _COMMENTS} and not mark[1].endswith(DRAWN)


def _said_by(marks: tuple[Mark, ...]) -> tuple[bool, bool, tuple[etree._Element, ...]]:
    """Whether marks hide a block, whether they mark it a comment, and the marked elements,
    each once: the block's element and its ancestors (the segmenter marks an element and
    passes its marks down), credited with the block's text without climbing to them."""
    is_hidden = any(reason is _HIDDEN for reason, _, _ in marks)
    is_comment = not is_hidden and any(mark[0] is _COMMENTS for mark in marks)
    return is_hidden, is_comment, tuple(dict.fromkeys(mark[2] for mark in marks))


def revoke_wrapping_marks(blocks: list[RawBlock]) -> None:
    """Drop marks on elements that hold most of the page's prose: they wrap the article.

    A class name (header, widget...) on an element with half the visible prose is a
    wrapper's name, not chrome. A hidden element with nearly all the prose of the page
    (content revealed by a script, an app shell marked aria-hidden while a dialog is
    open; half of it when hidden only by a stylesheet rule, aria-hidden or the hidden
    attribute) is the article a reader sees, not text kept from them. On a page whose
    text is mostly posts marked as comments (a forum thread), the posts are the content.
    """
    visible: dict[etree._Element, int] = {}
    hidden: dict[etree._Element, int] = {}
    posts: dict[etree._Element, int] = {}  # comment-marked text under each marked element
    visible_total = all_total = comment_total = 0
    opens_with_post: bool | None = None  # whether the first long paragraph is a comment's
    # what a block's marks say, worked out once per marks tuple (a box's blocks share theirs)
    by_marks: dict[int, tuple[bool, bool, tuple[etree._Element, ...]]] = {}
    for block in blocks:
        length = len(block.text)
        if block.image_alt or length < MIN_PARAGRAPH or block.link_chars > 0.5 * length:
            continue
        if block.kind is _HEADING:
            continue
        all_total += length
        if not block.marks:  # most blocks: visible, nothing to credit
            visible_total += length
            if opens_with_post is None and length >= OPENING_PARAGRAPH:
                opens_with_post = False
            continue
        said = by_marks.get(id(block.marks))
        if said is None:
            said = by_marks[id(block.marks)] = _said_by(block.marks)
        is_hidden, is_comment, elements = said
        if not is_hidden:
            visible_total += length
            if is_comment:
                comment_total += length
            if opens_with_post is None and length >= OPENING_PARAGRAPH:
                opens_with_post = is_comment
        for element in elements:
            hidden[element] = hidden.get(element, 0) + length
            if not is_hidden:
                visible[element] = visible.get(element, 0) + length
                if is_comment:
                    posts[element] = posts.get(element, 0) + length
    revoked = {
        element for element, chars in visible.items() if chars >= PROSE_SHARE * visible_total
    }
    if revoked:
        revoked -= _beside_main(revoked, blocks, visible_total)
    shells = {
        element for element, chars in hidden.items() if chars >= SOFT_HIDDEN_SHELL_SHARE * all_total
    }
    if shells:
        folds: dict[int, str] = {}  # nested shells ask of the same blocks: folded once
        shells = {element for element in shells if not _copies_visible_text(element, blocks, folds)}
    thread = (
        visible_total > 0
        and (
            (
                comment_total >= THREAD_SHARE * visible_total
                and (
                    visible_total - comment_total < THREAD_OPENING_CHARS
                    or bool(opens_with_post)
                    or declares_discussion(blocks[0].element)
                )
            )
            # or half of it when the opening post is printed as the replies are
            or (comment_total >= PROSE_SHARE * visible_total and _opens_as_replies(blocks))
        )
        and not declares_article(blocks[0].element)
    )
    if not revoked and not shells and not thread:
        return
    # a thread's form whose prose is its posts is no form to fill in: a moderation <form>
    # around the thread, a post's own edit form around its text
    post_forms = {
        element for element, chars in posts.items() if chars >= PROSE_SHARE * visible[element]
    }
    cache: dict[int, tuple[Mark, ...]] = {}
    for block in blocks:
        if not block.marks:
            continue
        key = id(block.marks)
        if key not in cache:
            holding: list[Mark] = []
            for mark in block.marks:
                if (
                    (mark[2] in revoked and _revocable(mark))
                    or (thread and mark[0] is _COMMENTS)
                    or (thread and mark[0] is StripReason.FORM and mark[2] in post_forms)
                ):
                    continue
                if mark[2] in shells and _shell_of(mark, hidden[mark[2]], all_total):
                    shown = _unhidden(mark)
                    if shown is None:
                        continue
                    mark = shown
                holding.append(mark)
            cache[key] = tuple(holding)
        block.marks = cache[key]


def _opens_as_replies(blocks: list[RawBlock]) -> bool:
    """The page's first long paragraph, unmarked, sits in a box of the class that holds two
    paragraphs of the comments or more: the opening post's body printed by the replies'
    template (Lemmy's "md-div", a markdown box), a thread whose opener is no article, which
    a blog prints apart from its comments ("entry-content", "comment-content")."""
    opening: tuple[str, str] | None = None
    replies: dict[tuple[str, str], int] = {}
    for block in blocks:
        length = len(block.text)
        if length < MIN_PARAGRAPH or block.link_chars > 0.5 * length or block.kind is _HEADING:
            continue
        parent = block.element.getparent()
        names = parent.get("class") if parent is not None else None
        if not block.marks:
            if opening is None and length >= OPENING_PARAGRAPH:
                if not names:
                    return False
                opening = (block.element.tag, names)
        elif names and any(mark[0] is _COMMENTS for mark in block.marks):
            key = (block.element.tag, names)
            replies[key] = replies.get(key, 0) + 1
    return opening is not None and replies.get(opening, 0) >= 2


def _beside_main(
    elements: set[etree._Element], blocks: list[RawBlock], visible_total: int
) -> set[etree._Element]:
    """The elements that sit beside a ``<main>`` holding a share of the page's prose: the
    page declares its main content elsewhere, so a long footer of legal notes or a
    sidebar is chrome even when it outweighs the article."""
    root = next(iter(elements)).getroottree().getroot()
    main = root.find(".//main")
    if main is None:
        return set()
    beside = {
        element
        for element in elements
        if element is not main
        and main not in set(element.iterancestors())
        and element not in set(main.iterancestors())
    }
    if not beside:
        return set()
    main_prose = sum(
        len(block.text)
        for block in blocks
        if len(block.text) >= MIN_PARAGRAPH
        and block.link_chars <= 0.5 * len(block.text)
        and block.kind is not _HEADING
        and not block.image_alt
        and not any(reason is _HIDDEN for reason, _, _ in block.marks)
        and main in set(block.element.iterancestors())
    )
    return beside if main_prose >= MAIN_PROSE_SHARE * visible_total else set()


_ARTICLE_TYPE: Final = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:Article|BlogPosting|NewsArticle|Report|ScholarlyArticle)"'
)


def declares_article(element: etree._Element) -> bool:
    """The page says it is an article (og:type, JSON-LD): its comments are readers'."""
    root = element.getroottree().getroot()
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:type":
            return (meta.get("content") or "").strip().lower() == "article"
    return any(
        _ARTICLE_TYPE.search(script.text or "")
        for script in root.iter("script")
        if (script.get("type") or "").lower() == "application/ld+json"
    )


_DISCUSSION_TYPE: Final = re.compile(r'"@type"\s*:\s*\[?\s*"(?:DiscussionForumPosting|QAPage)"')
_DISCUSSION_ITEM: Final = re.compile(r"schema\.org/(?:DiscussionForumPosting|QAPage)$")


# the item types the page's microdata names, compiled once (``_Element.xpath`` compiled its
# expression again on each reading that asked)
_ITEM_TYPES: Final = etree.XPath(".//*/@itemtype")


def declares_discussion(element: etree._Element) -> bool:
    """The page says it is a discussion (JSON-LD or microdata): a forum thread or a
    question with its answers, whose replies are its content however long it opens."""
    root = element.getroottree().getroot()
    # the attributes listed in C: a Python walk to each element that has one cost 0.5% of
    # extraction, asked once for each reading
    if any(_DISCUSSION_ITEM.search(itemtype) for itemtype in _ITEM_TYPES(root)):
        return True
    return any(
        _DISCUSSION_TYPE.search(script.text or "")
        for script in root.iter("script")
        if (script.get("type") or "").lower() == "application/ld+json"
    )


def _copies_visible_text(
    element: etree._Element, blocks: list[RawBlock], folds: dict[int, str]
) -> bool:
    """Whether the page's visible blocks print half the hidden element's text again (an
    Astro blog's hidden <pre> holding the article as Markdown, for machines): a copy of the
    article beside it, not the article a script reveals. Asked of each element hidden
    with half the page's prose (on a fifth of the WCXB pages); ``folds``: the blocks'
    words (``word_chars``) by block, kept for the next such element."""
    hidden_text = word_chars(text_of(element))
    needed = COPY_SHARE * len(hidden_text)
    shown = [
        block
        for block in blocks
        if len(block.text) >= MIN_PARAGRAPH and not any(mark[0] is _HIDDEN for mark in block.marks)
    ]
    # a block folds to no more than its own length: once what is left cannot reach the
    # share, no more block need be folded
    left = sum(len(block.text) for block in shown)
    printed = 0
    for block in shown:
        if printed + left < needed:
            return False
        left -= len(block.text)
        folded = folds.get(id(block))
        if folded is None:
            folded = folds[id(block)] = word_chars(block.text)
        if folded in hidden_text:
            printed += len(folded)
    return printed >= needed > 0


# a hidden box of these tags that a script shows is still what its tag says
_SIDE_TAGS: Final = frozenset({"aside", "nav"})


def _unhidden(mark: Mark) -> Mark | None:
    """A hidden shell's mark with its hiding undone: none for the article a script shows;
    a sidebar or a menu a script shows is still what its tag says (a sign-up ``<aside>``
    shown on wide screens, "hidden xs:flex", holding most of a link post's few words
    beside its title), a mark its hiding had stood in for."""
    tag = mark[2].tag
    return (TAG_MARKS[tag], f"<{tag}>", mark[2]) if tag in _SIDE_TAGS else None


def _shell_of(mark: tuple[StripReason, str, etree._Element], chars: int, total: int) -> bool:
    """A hidden mark on an element that holds the page's text: the article, shown later,
    unless the element is a dialog (a consent tool's settings, a modal), which a click
    opens over the page rather than a script showing it on load."""
    if mark[0] is not _HIDDEN or is_dialog(mark[2]):
        return False
    if mark[2].tag == "noscript" and chars < NOSCRIPT_NOTICE_CHARS:
        return False  # what a reader without scripts is told, not what the app shows
    share = SOFT_HIDDEN_SHELL_SHARE if _soft_hidden(mark[1]) else HIDDEN_SHELL_SHARE
    return chars >= share * total
