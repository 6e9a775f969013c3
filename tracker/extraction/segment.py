"""One walk over the tree: the page's text cut into blocks, each with its marks.

A block is the text of one block-level element (paragraph, heading, list item,
quote, table cell, caption, preformatted text) with inline markup flattened. Each
block carries the chrome marks of its ancestors (hidden, nav, newsletter...),
innermost last, its link-text share and its block element, so the classifier can
decide article vs chrome afterwards without walking the tree again.

The walk is iterative (``etree.iterwalk``), so deep markup cannot exhaust the
Python stack. Numeric ``<sup>`` markers and numeric links to in-page notes
(``#ref-3``, ``#cite_note-3``, ``#fn3``) are rendered "[3]" inside the text, so
text-level citation detection sees one form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from typing import Final

from lxml import etree

from tracker.extraction.boilerplate import (
    MARKING_ATTRIBUTES,
    PLACED,
    TAG_MARKS,
    ChromeMark,
    Mark,
    Placed,
    chrome_mark,
    is_evidence,
    placeless_mark,
)
from tracker.extraction.clean import (
    ARIA_HIDDEN,
    HIDING_ATTRIBUTES,
    HiddenRules,
    hidden_reason,
    opened_attributes,
    opens_on_click,
    states_hidden,
    told_beside,
)
from tracker.extraction.dom import normalize_space, text_of
from tracker.model import BlockKind, StripReason

SKIP: Final = frozenset(
    [
        "script",
        "style",
        "head",
        "title",
        "meta",
        "link",
        "svg",
        "math",
        "canvas",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "source",
        "track",
        "picture",
        "map",
        "area",
        "input",
        "textarea",
        "option",
        "optgroup",
        "param",
        "base",
        "frame",
        "frameset",
        "applet",
    ]
)
# the heading tags and their levels
HEADINGS: Final = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK: Final = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "nav",
        "aside",
        *HEADINGS,
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "address",
        "details",
        "summary",
        "hr",
        "center",
        "body",
        "html",
        "noscript",
        "template",
        "dialog",
        "menu",
        "legend",
        "button",
        "select",
        "label",
        "hgroup",
        "search",
    ]
)
# inside these, nested <p>/<div> do not start new blocks (the whole item is one block)
ABSORB: Final = frozenset(
    [
        "li",
        *HEADINGS,
        "dt",
        "summary",
        "button",
        "label",
        "legend",
        "caption",
    ]
)
# these always start a new block, even inside an absorbing element
BREAK_ALWAYS: Final = frozenset(
    [
        "ul",
        "ol",
        "li",
        *HEADINGS,
        "table",
        "tr",
        "td",
        "th",
        "blockquote",
        "pre",
    ]
)

_CITATION_TEXT: Final = re.compile(r"^[\[(]?\s*\d{1,4}(?:\s*[,–—-]\s*\d{1,4})*\s*[\])]?$")
_NOTE_HREF: Final = re.compile(
    r"#(?:.*(?:ref|cite|note|fn|foot|bib|endnote)|[rbc]r?|cr|b)[-_:]?[\w-]*\d", re.IGNORECASE
)
# a class token naming a caption: "caption", "wp-caption-text", "image__caption-body", and
# as styled-components names a component, its name then "-sc-", a hash and a count
# ("styles__Caption-sc-1y47awc-0")
_CAPTION_CLASS: Final = re.compile(
    r"(?:^|\s)(?:\w+[-_]{1,2}){0,2}(?:captions?|figcaption)(?:[-_]{1,2}(?:text|body|content|inner))?"
    r"(?:-sc-[a-z0-9]{5,8}-\d{1,2})?(?:$|\s)",
    re.IGNORECASE,
)


def _names_caption(names: str | None) -> bool:
    """Whether a class attribute names a caption; the pattern runs only where "pt" is
    written (in any case: no other character lower-cases to these), and in an ASCII class
    only where "caption" is: its case-blind search of a long class that holds "pt" elsewhere
    ("script", "optional") cost ~40 thousand instructions."""
    if names is None:
        return False
    lowered = names.lower()
    if "pt" not in lowered or (names.isascii() and "caption" not in lowered):
        return False
    return _CAPTION_CLASS.search(names) is not None


def _card_body(element: etree._Element) -> bool:
    """Whether a box named a caption holds a heading: Bootstrap's thumbnail card names its
    body "caption" (a product's or a course's title over its text), a picture's caption
    has no title of its own."""
    return next(element.iter(*HEADINGS), None) is not None


# a <form> holding this share of the page's text is the page's wrapper (ASP.NET's)
PAGE_FORM_SHARE: Final = 0.5
# where a panel a button opens is a menu or a dialog, not a part of the article
_CHROME_LANDMARKS: Final = frozenset({"nav", "header", "footer", "aside", "dialog", "menu"})
_CHROME_ROLES: Final = frozenset(
    {"navigation", "menu", "menubar", "banner", "contentinfo", "complementary", "dialog",
     "alertdialog"}
)  # fmt: skip

# an element with none of these attributes (most <p>, <li>, <span>, <a href>) is hidden or
# marked as chrome by its tag alone
_MARKING: Final = HIDING_ATTRIBUTES | MARKING_ATTRIBUTES
# nearly every marked element is marked by its class alone: what a tag and class say is
# asked once per page (``_by_class``)
_MARKING_BESIDE_CLASS: Final = _MARKING - {"class"}

# an enum member read through its class costs ~0.4 µs on Python 3.11 (the hook of EnumType's
# __getattr__ runs on every read) and the walk reads several for each element: read once here
_PARAGRAPH: Final = BlockKind.PARAGRAPH
_HEADING: Final = BlockKind.HEADING
_LIST_ITEM: Final = BlockKind.LIST_ITEM
_TABLE_CELL: Final = BlockKind.TABLE_CELL
_CAPTION: Final = BlockKind.CAPTION
_PREFORMATTED: Final = BlockKind.PREFORMATTED
_QUOTE: Final = BlockKind.QUOTE
_HIDDEN: Final = StripReason.HIDDEN

_UNIT_BEFORE: Final = re.compile(r"(?:\d|\b(?:m|cm|mm|km|ft|in|s|kg|g|x|n|e|10))\s*$")


@dataclass(slots=True)
class RawBlock:
    kind: BlockKind
    text: str
    element: etree._Element  # the block-level element the text belongs to
    marks: tuple[Mark, ...]
    link_chars: int = 0
    level: int | None = None
    ordinal: int | None = None
    image_alt: bool = False  # text is the alt text of images, not visible prose
    order: int = 0
    # where a reading of the page's data for machines took it (fallback.py); None: its markup
    source: str | None = None

    # written out, as the dataclass's own would be: compiled, mypyc makes this one native
    # code, while the one ``dataclass`` writes at import runs interpreted (~6x the cost)
    def __init__(
        self,
        kind: BlockKind,
        text: str,
        element: etree._Element,
        marks: tuple[Mark, ...],
        link_chars: int = 0,
        level: int | None = None,
        ordinal: int | None = None,
        image_alt: bool = False,
        order: int = 0,
        source: str | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.element = element
        self.marks = marks
        self.link_chars = link_chars
        self.level = level
        self.ordinal = ordinal
        self.image_alt = image_alt
        self.order = order
        self.source = source


class _Context:
    """What an element's text belongs to: its block, the block's kind and marks. A plain
    class (contexts are told apart by identity), so mypyc compiles its ``__init__``."""

    __slots__ = (
        "absorb", "block", "kind", "level", "link", "list_depth", "marks", "ordinal",
        "ordinals", "pre", "quote",
    )  # fmt: skip

    def __init__(
        self,
        block: etree._Element,
        kind: BlockKind,
        level: int | None,
        ordinal: int | None,
        absorb: bool,
        marks: tuple[Mark, ...],
        link: bool = False,
        pre: bool = False,
        quote: bool = False,
        list_depth: int = 0,
        ordinals: list[int] | None = None,
    ) -> None:
        self.block = block
        self.kind = kind
        self.level = level
        self.ordinal = ordinal
        self.absorb = absorb
        self.marks = marks
        self.link = link
        self.pre = pre
        self.quote = quote
        self.list_depth = list_depth
        self.ordinals: list[int] = [] if ordinals is None else ordinals  # next ordinal of an <ol>


def _ordinal_start(element: etree._Element) -> int:
    try:
        return int((element.get("start") or "1").strip())
    except ValueError:
        return 1


def _citation_marker(element: etree._Element, tag: str, before: str) -> str | None:
    """'[n]' when this <sup> or link is a numeric note marker, else None."""
    if tag == "a" and "#" not in (element.get("href") or ""):
        return None  # a note marker links to a spot on a page
    if len(list(islice(element.iter(), 40))) >= 40:
        return None  # a marker is a few nodes; never walk a big (or deep) subtree per element
    pieces, length = [], 0
    for piece in element.itertext():
        pieces.append(piece)
        length += len(piece)
        if length > 60:
            return None
    text = normalize_space("".join(pieces))
    if not text or len(text) > 20 or not _CITATION_TEXT.match(text):
        return None
    inner = text.strip("[]() ")
    if tag == "sup":
        has_link = any(True for _ in element.iter("a"))
        if not has_link and _UNIT_BEFORE.search(before):
            return None  # an exponent or a unit: 10<sup>6</sup>, m<sup>2</sup>
        return f"[{inner}]"
    href = (element.get("href") or "")[:200]  # bounded: the pattern backtracks on long input
    if (href.startswith("#") and _NOTE_HREF.match(href)) or (
        "#" in href and _NOTE_HREF.search(href) and text.startswith("[")
    ):
        return f"[{inner}]"
    return None


_BACK_ARROWS: Final = frozenset("↩↑^⏎↵⤴︎ \ufe0e\ufe0f")


def _is_back_link(element: etree._Element) -> bool:
    if not (element.get("href") or "").strip().startswith("#"):
        return False
    text = "".join(element.itertext())
    return bool(text.strip()) and set(text) <= _BACK_ARROWS


def _item_before_twin(element: etree._Element) -> bool:
    """Whether an inline element of a word or more is followed right away by its twin (one
    tag, one class): items of one list printed side by side, a film's year, running time
    and rating (``<span class="meta">2026</span><span class="meta">1h 54m</span>``), a
    page's badges ("SOC 2 TYPE II", "ISO 27001"), that a stylesheet's margins part. They
    read as words apart, not "20261h 54m"; a word's letters split for an animation (one
    letter a span) stay one, and so do a word processor's runs of one sentence, split
    anywhere."""
    twin = element.getnext()  # most often none: the item ends its box
    if twin is None or twin.tag != element.tag:
        return False
    names = element.get("class")
    text = element.text
    if names is None or twin.get("class") != names or text is None or len(text) < 2:
        return False
    opening = (twin.text or "")[:1]
    # a word processor's runs of one paragraph split anywhere ("Le" "arn more", "skills"
    # ", or"): an item opens with a digit or a capital
    return (opening.isdigit() or opening.isupper()) and element.tag not in BLOCK


def _word_before_capital(element: etree._Element, last: str) -> bool:
    """Whether an inline element whose text ends in a small letter is followed right away
    by an inline sibling whose text opens with a capital: a card's brand and its product's
    name in two spans a stylesheet sets on lines of their own ("Black Diamond", "Astro 300
    Headlamp"), read as words apart, not "DiamondAstro"; a word split across two elements
    splits between small letters, and stays one."""
    if not last.islower():
        return False
    after = element.getnext()
    if after is None or not isinstance(after.tag, str):
        return False
    return (
        element.tag not in BLOCK
        and after.tag.lower() not in BLOCK
        and (after.text or "")[:1].isupper()
    )


def _holds_any(attributes: dict[str, str], names: frozenset[str]) -> bool:
    """Whether any of the attributes is one of ``names``: compiled, ``isdisjoint`` is called
    as a Python method (~700 instructions), a loop over an element's few names costs less."""
    return any(name in names for name in attributes)


def _links_away(attributes: dict[str, str]) -> bool:
    """Whether an ``<a>`` links away from this spot (in-page anchors such as '#methods' do
    not count)."""
    href = attributes.get("href")
    return href is not None and not href.strip().startswith("#")


class Segmenter:
    def __init__(self, rules: HiddenRules) -> None:
        self.rules = rules
        self.blocks: list[RawBlock] = []
        self._parts: list[str] = []
        self._link_chars = 0
        self._owner: _Context | None = None
        # per tag: whether an element of it with no marking attribute is neither hidden nor
        # marked (``_unmarked_tag``)
        self._unmarked_tags: dict[str, bool] = {}
        # per tag and class of elements with no other marking attribute (``_by_class``)
        self._class_verdicts: dict[tuple[str, str], tuple[str | None, ChromeMark | Placed]] = {}
        self._page_forms: dict[etree._Element, bool] = {}  # ``_wraps_page``, by form

    # ----------------------------------------------------------------- buffer

    def _flush(self) -> None:
        owner = self._owner
        if owner is None:
            return  # nothing buffered: the buffer has text exactly when it has an owner
        raw = "".join(self._parts)
        text = raw.strip("\n ") if owner.pre else normalize_space(raw)
        if text:
            link_chars = min(self._link_chars, len(text))
            self._add(owner, owner.kind, text, link_chars, owner.level, owner.ordinal)
        self._parts = []
        self._link_chars = 0
        self._owner = None

    def _append(self, text: str, context: _Context) -> None:
        """Buffer a (non-empty) text of the context's block; whitespace alone opens none."""
        owner = self._owner
        if owner is None or owner.block is not context.block or owner.marks is not context.marks:
            if text.isspace():  # what ``not text.strip()`` says, without a copy
                return
            if owner is not None:
                self._flush()
            self._owner = context
        self._parts.append(text)
        if context.link:
            self._link_chars += len(text.strip())

    def _image(self, element: etree._Element, context: _Context) -> None:
        alt = normalize_space(element.get("alt") or "")
        if not alt:
            return
        self._flush()
        self._add(context, _CAPTION, alt, image_alt=True)

    def _add(
        self,
        context: _Context,
        kind: BlockKind,
        text: str,
        link_chars: int = 0,
        level: int | None = None,
        ordinal: int | None = None,
        image_alt: bool = False,
    ) -> None:
        """A block of the context's element under its marks, numbered in page order (the
        fields given in order: keywords cost a dict a block)."""
        self.blocks.append(
            RawBlock(
                kind,
                text,
                context.block,
                context.marks,
                link_chars,
                level,
                ordinal,
                image_alt,
                len(self.blocks),
            )
        )

    # ----------------------------------------------------------------- walk

    def _opened_in_flow(
        self,
        element: etree._Element,
        tag: str,
        attributes: dict[str, str],
        marks: tuple[Mark, ...],
        by_class: bool = False,
    ) -> bool:
        """A hidden panel that a control opens (``opens_on_click``) outside any chrome: a
        tab, an accordion's answer, a product's description tab. A menu, a dialog or a
        consent panel opened by a button is chrome that stays hidden: inside a landmark of
        chrome (``<nav>``, ``<header>``, a dialog...) whatever its class names say, or
        under a mark beyond a class name's evidence."""
        # the marks first: they are at hand, and a hidden element under a verdict (a menu's
        # panel) is asked often, while what a click opens is read from the tree around it
        if any(not is_evidence(mark) and not self._wraps_page(mark) for mark in marks):
            return False
        if not opens_on_click(element, self.rules, by_class):
            return False
        own = chrome_mark(element, tag, attributes)
        if own is not None and own[0] is _HIDDEN and states_hidden(attributes):
            # a panel whose script keeps its state beside its closing class ("hide"): read as
            # its other names say once open
            opened = opened_attributes(attributes)
            own = chrome_mark(element, tag, opened) if opened is not None else own
        if own is not None and not is_evidence((own[0], own[1], element)):
            return False
        return not any(
            node.tag in _CHROME_LANDMARKS or (node.get("role") or "").lower() in _CHROME_ROLES
            for node in (element, *element.iterancestors())
        )

    def _wraps_page(self, mark: Mark) -> bool:
        """A ``<form>`` around most of the page's text (ASP.NET prints every page in one):
        the page, not a form to fill in, so the panels a click opens in it are its text
        (``wrappers.revoke_wrapping_marks`` revokes its mark once the blocks are made)."""
        if mark[1] != "<form>":
            return False
        form = mark[2]
        known = self._page_forms.get(form)
        if known is None:
            body = next(form.iterancestors("body"), None)
            whole = len(text_of(body)) if body is not None else 0
            known = self._page_forms[form] = len(text_of(form)) >= PAGE_FORM_SHARE * whole
        return known

    def _closed_by_class(
        self,
        element: etree._Element,
        tag: str,
        attributes: dict[str, str],
        marks: tuple[Mark, ...],
        mark: tuple[StripReason, str],
    ) -> tuple[StripReason, str] | None:
        """A panel a class closes ("hidden", "d-none") that a click opens in the flow: the
        mark its other names give once open, if any; else its hiding ``mark``."""
        opened = opened_attributes(attributes)
        by_class = not states_hidden(attributes)
        if opened is None or not self._opened_in_flow(element, tag, opened, marks, by_class):
            return mark
        return chrome_mark(element, tag, opened)

    def _unmarked_tag(self, tag: str) -> bool:
        """Whether an element of ``tag`` without any of the ``_MARKING`` attributes is
        neither hidden nor chrome: what ``hidden_reason`` and ``chrome_mark`` then read is
        its tag alone (and, for a tag that marks chrome, its place), asked once per page."""
        known = self._unmarked_tags.get(tag)
        if known is None:
            known = tag not in TAG_MARKS and hidden_reason(tag, {}, self.rules) is None
            self._unmarked_tags[tag] = known
        return known

    def _by_class(
        self, tag: str, attributes: dict[str, str], beside: bool
    ) -> tuple[str | None, ChromeMark | Placed]:
        """Why an element is hidden, and its chrome mark or ``PLACED`` (``placeless_mark``),
        asked once per page for each tag and class when the class is its only marking
        attribute (``beside``: it has another): a template prints its elements many times,
        and both answers are then the tag's and the class's alone."""
        names = attributes.get("class")
        if names is None or beside:
            return hidden_reason(tag, attributes, self.rules), PLACED
        key = (tag, names)
        verdict = self._class_verdicts.get(key)
        if verdict is None:
            verdict = (hidden_reason(tag, attributes, self.rules), placeless_mark(tag, attributes))
            self._class_verdicts[key] = verdict
        return verdict

    def _enter(
        self,
        element: etree._Element,
        tag: str,
        attributes: dict[str, str],
        parent: _Context,
    ) -> _Context:
        marks = parent.marks
        # the attributes looked over once: whether one beside the class marks the element
        beside = _holds_any(attributes, _MARKING_BESIDE_CLASS)
        if beside or "class" in attributes or not self._unmarked_tag(tag):
            hidden, mark = self._by_class(tag, attributes, beside)
            if hidden is None and self.rules.linked and element in self.rules.linked:
                hidden = "a theme's linked style sheet hides it"
            if hidden is not None and (
                (hidden == ARIA_HIDDEN and told_beside(element))
                or self._opened_in_flow(element, tag, attributes, marks)
            ):
                hidden = None
            if hidden is not None:
                marks = (*marks, (_HIDDEN, hidden, element))
            elif not parent.pre:  # inside code, "hljs-comment" names a syntax colour
                if mark is PLACED:
                    mark = chrome_mark(element, tag, attributes)
                if mark is not None and mark[0] is _HIDDEN:
                    mark = self._closed_by_class(element, tag, attributes, marks, mark)
                if mark is not None:
                    marks = (*marks, (mark[0], mark[1], element))
        # Contexts are never changed once made, so an element that adds nothing to its
        # parent's context (most inline elements, and what an absorbing item swallows)
        # shares it: no new context, and the walk sees at once that no block starts.
        if tag not in BLOCK:
            if marks is parent.marks:
                if parent.link or tag != "a" or not _links_away(attributes):
                    return parent
                return _Context(  # the fields in order: keywords cost a dict a context
                    parent.block,
                    parent.kind,
                    parent.level,
                    parent.ordinal,
                    parent.absorb,
                    marks,
                    True,  # link
                    parent.pre,
                    parent.quote,
                    parent.list_depth,
                    parent.ordinals,
                )
            # an inline element with its own mark (a share link, a CTA span) is its own block
        elif parent.absorb and tag not in BREAK_ALWAYS and marks is parent.marks:
            return parent
        kind, level, ordinal = _PARAGRAPH, None, None
        list_depth, ordinals = parent.list_depth, parent.ordinals
        quote = parent.quote or tag == "blockquote"
        pre = parent.pre or tag == "pre"
        if tag in HEADINGS:
            kind, level = _HEADING, HEADINGS[tag]
        elif tag in {"ul", "ol", "menu"}:
            list_depth += 1
            ordinals = [_ordinal_start(element)] if tag == "ol" else []
        elif tag == "li":
            kind, level = _LIST_ITEM, max(1, list_depth)
            if parent.ordinals:
                value = attributes.get("value")
                if value is not None and value.strip().lstrip("-").isdigit():
                    parent.ordinals[0] = int(value)
                ordinal = parent.ordinals[0]
                parent.ordinals[0] += 1
            ordinals = []
        elif tag in {"td", "th"}:
            kind = _TABLE_CELL
        elif (
            tag in {"figcaption", "caption"}
            or parent.kind is _CAPTION
            or (_names_caption(attributes.get("class")) and not _card_body(element))
        ):
            kind = _CAPTION  # a picture's caption ("wp-caption-text" too): content
        elif pre:
            kind = _PREFORMATTED
        elif quote:
            kind = _QUOTE
        if kind is _PARAGRAPH and parent.absorb and tag not in BREAK_ALWAYS:
            # a marked element inside a list item or heading keeps the item's kind
            kind, level, ordinal = parent.kind, parent.level, parent.ordinal
        return _Context(
            element,
            kind,
            level,
            ordinal,
            tag in ABSORB,
            marks,
            parent.link or (tag == "a" and _links_away(attributes)),
            pre,
            quote,
            list_depth,
            ordinals,
        )

    def run(self, root: etree._Element) -> list[RawBlock]:
        body = root.find("body")
        start = body if body is not None else root
        # the page's own context at the bottom: every element has a parent's
        stack = [_Context(start, _PARAGRAPH, None, None, False, ())]
        walker = etree.iterwalk(start, events=("start", "end"))
        for step in walker:
            # typed, the (event, element) pair is read from the tuple as its two items and
            # the event compared as a str: compiled, an untyped pair was unpacked through an
            # iterator and compared as any object (~400 instructions at each of an
            # element's two events)
            pair: tuple[str, etree._Element] = step
            event, element = pair
            if event == "start":
                tag = element.tag
                tag = tag.lower() if isinstance(tag, str) else ""  # dom.tag_of, inline
                parent = stack[-1]
                if not tag or tag in SKIP:
                    stack.append(parent)
                    walker.skip_subtree()
                    continue
                if tag == "br":
                    self._append("\n", parent)
                    stack.append(parent)
                    continue
                if tag == "img":
                    self._image(element, parent)
                    stack.append(parent)
                    continue
                text = element.text
                if not text and tag != "li" and not len(element):
                    # an empty element (an icon, a clearing <div>) makes no block: what its
                    # marks would decide is only whether the text buffered before it ends
                    # there (an item counts in its list: "li" is read)
                    if self._owner is None:
                        stack.append(parent)
                        continue
                    if tag in BLOCK and not (parent.absorb and tag not in BREAK_ALWAYS):
                        self._flush()  # its own block, whatever its marks: text ends here
                        stack.append(parent)
                        continue
                # read once: each lxml get() costs about as much as reading all of them (an
                # element with none, one in five, is given an empty dict without the copy)
                items = element.items()
                attributes: dict[str, str] = dict(items) if items else {}
                context = self._enter(element, tag, attributes, parent)
                if context is parent:
                    if tag in BLOCK and not parent.pre:
                        # a block-level element an item absorbs still starts a new line:
                        # "by Ana</p><p>Although" reads as two words, not "AnaAlthough"
                        self._append(" ", parent)
                elif self._owner is not None and (
                    context.block is not parent.block or context.marks is not parent.marks
                ):
                    self._flush()  # (asked only when text is buffered: most often none is)
                stack.append(context)
                # a link is a note marker or a way back from a note only when it points to a
                # spot on a page: the many other links skip the look
                if tag == "sup" or (tag == "a" and "#" in (attributes.get("href") or "")):
                    before = "".join(self._parts[-3:])
                    marker = _citation_marker(element, tag, before)
                    if marker is not None:
                        self._append(marker, context)
                        walker.skip_subtree()
                        continue
                    if tag == "sup" and before[-1:].isdigit():
                        self._append("^", context)  # an exponent: 10^6, not 106
                    if tag == "a" and _is_back_link(element):
                        walker.skip_subtree()  # "↩" from a note back to the text
                        continue
                if text:
                    self._append(text, context)
            else:
                context = stack.pop()
                parent = stack[-1]
                if context is parent:
                    if element.tag in BLOCK and not parent.pre:
                        self._append(" ", parent)  # and ends its line
                elif self._owner is not None and (
                    context.block is not parent.block or context.marks is not parent.marks
                ):
                    self._flush()
                tail = element.tail
                if tail:
                    self._append(tail, parent)
                elif (
                    self._owner is not None
                    and not parent.pre
                    and (
                        _item_before_twin(element)
                        or _word_before_capital(element, self._parts[-1][-1:])
                    )
                ):
                    self._append(" ", parent)
        self._flush()
        return self.blocks


def segment(root: etree._Element, rules: HiddenRules) -> list[RawBlock]:
    return Segmenter(rules).run(root)
