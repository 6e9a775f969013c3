"""What a reader never sees: hidden elements, by inline style, the page's own <style>
rules, HTML attributes, and elements whose content is never rendered.

Only rules for every screen hide: a rule inside an ``@media`` block or a sheet for some
screens (``<style media="(max-width: 600px)">``: hidden on small screens), or one with
combinators, attribute or pseudo selectors (hidden in some state) does not make an
element hidden; and such a rule that holds on a desktop screen (``DESKTOP_WIDTH`` pixels
wide) shows again what a rule before it hid ("hidden lg:block"). Of a rule's
declarations the last one counts. ``<html>`` and ``<body>`` are never treated as hidden, nor
``<main>`` by a stylesheet rule (anti-flicker and anti-clickjacking snippets hide them
until scripts run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Final, final

from lxml import etree

from tracker.extraction.dom import text_of
from tracker.memo import remembered

_HIDDEN_DECLARATION: Final = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE
)
_BRACE: Final = re.compile(rb"[{}]")
_COMPOUND: Final = re.compile(r"^([a-z][a-z0-9-]*)?((?:[.#](?:[\w-]|\\.)+)*)$", re.IGNORECASE)
# a class or an id of a compound selector, its escaped characters ("lg\:block") as written
_NAME: Final = re.compile(r"([.#])((?:[\w-]|\\.)+)")
_ESCAPE: Final = re.compile(r"\\(.)")
_NEVER_RENDERED: Final = {"template": "<template>", "noscript": "<noscript>"}
# a text's deleted and inserted parts as drawn: a sale's old and new price
_EDITS: Final = frozenset({"del", "ins", "s"})
# Vue's and Alpine's mark on a template the script has not compiled yet, hidden until it
# has (their documented "[v-cloak] { display: none }")
_CLOAKS: Final = ("v-cloak", "x-cloak")
# every attribute ``hidden_reason`` reads: without any of them, an element is hidden by its
# tag alone (``segment`` asks once per tag for such elements)
HIDING_ATTRIBUTES: Final = frozenset(
    {"style", "hidden", "aria-hidden", "popover", "type", "id", "class", "role", *_CLOAKS}
)
MAX_STYLE_CHARS: Final = 2_000_000
_COLLAPSIBLE: Final = re.compile(
    r"(?:^|[\s_-])(?:accordion|collapse|collapsible|collapsed|toggle|tab-pane|tabpanel|expand"
    r"|expandable|expander|show-more|read-more-content|more-content|faq|answer|dropdown-list"
    r"|w-dropdown-list|reveal|spoiler)(?:$|[\s_-])"
)


# a simple selector's rule: (tag or None, frozenset of classes, id or None, the selector
# text, whether it hides: else a desktop screen's rule shows what it names, over the hiding
# rules before it)
Rule = tuple[str | None, frozenset[str], str | None, str, bool]


# the marks of a combinator, an attribute or a pseudo selector: no simple selector holds
# one but escaped ("lg\:block"); two selectors in three of a news page's sheets do, and
# are passed over without the pattern, which reads them to their end and back
_NOT_SIMPLE: Final = (" ", ">", "+", "~", ":", "[")


def _rule(selector: str, hides: bool) -> Rule | None:
    """A selector's rule, or None for a selector that is not simple (a combinator, an
    attribute or a pseudo selector), names nothing, or names ``<html>`` or ``<body>``."""
    if "\\" not in selector and any(mark in selector for mark in _NOT_SIMPLE):
        return None
    match = _COMPOUND.match(selector)
    if not match or not selector:
        return None
    tag = match.group(1).lower() if match.group(1) else None
    if tag in {"html", "body"}:
        return None
    classes, ident = set(), None
    for sign, name in _NAME.findall(match.group(2) or ""):
        if "\\" in name:
            name = _ESCAPE.sub(r"\1", name)
        if sign == ".":
            classes.add(name)
        else:
            ident = name
    if tag is None and not classes and ident is None:
        return None
    return (tag, frozenset(classes), ident, selector, hides)


@dataclass(slots=True)
class HiddenRules:
    """Simple selectors (tag, .class, #id, tag.class.class) that the page hides outright or
    on a desktop screen, and those that a desktop screen's rules show again."""

    # each rule as ``_rule`` reads it, in the page's order
    rules: list[Rule] = field(default_factory=list)
    by_class: dict[str, list[int]] = field(default_factory=dict)
    by_id: dict[str, list[int]] = field(default_factory=dict)
    by_tag: dict[str, list[int]] = field(default_factory=dict)
    hiding: int = 0  # how many of the rules hide
    # the page, whose controls name the panels they open (``disclosed``)
    page: etree._Element | None = None
    # the elements a theme's linked style sheet hides (``sheet_hidden``)
    linked: frozenset[etree._Element] = frozenset()
    _disclosed: frozenset[str] | None = field(default=None, init=False)

    def add(self, selector: str, hides: bool = True) -> None:
        rule = _rule(selector, hides)
        if rule is not None:
            self.keep(rule)

    def keep(self, rule: Rule) -> None:
        """Add a rule read by ``_rule``: a rule that shows is kept only after one that hides."""
        tag, classes, ident, _, hides = rule
        if not hides and not self.hiding:
            return  # nothing hidden before it to show again
        self.hiding += hides
        index = len(self.rules)
        self.rules.append(rule)
        if ident is not None:
            self.by_id.setdefault(ident, []).append(index)
        elif classes:
            self.by_class.setdefault(min(classes), []).append(index)
        else:
            self.by_tag.setdefault(tag or "", []).append(index)

    def disclosed(self) -> frozenset[str]:
        """The ids of the panels a control opens: ``aria-controls`` of a disclosure button
        (``aria-expanded``) or of a tab (``role="tab"``). Looked for in the whole tree
        only when a hidden element with an id asks, as on most pages none does."""
        if self._disclosed is None:
            self._disclosed = _disclosed_ids(self.page) if self.page is not None else frozenset()
        return self._disclosed

    def match(self, tag: str, attributes: dict[str, str]) -> str | None:
        """The first selector in the page's stylesheets that hides an element with this tag
        and these attributes, or None (the first, so the same page always gives the same
        reason); None too when a desktop screen's rule after it shows the element again."""
        if not self.rules:
            return None
        candidates: list[int] = []
        ident = attributes.get("id")
        if ident and ident in self.by_id:
            candidates += self.by_id[ident]
        names = (attributes.get("class") or "").split()
        if self.by_class:
            for name in names:
                candidates += self.by_class.get(name, ())
        candidates += self.by_tag.get(tag, ())
        if not candidates:
            return None  # nearly every element: no rule names its id, a class or its tag
        classes = set(names)
        first = None
        for index in sorted(candidates):
            rule_tag, rule_classes, rule_id, selector, hides = self.rules[index]
            if rule_tag and rule_tag != tag:
                continue
            if rule_id and rule_id != ident:
                continue
            if rule_classes <= classes:
                if not hides:
                    first = None  # shown again on a desktop screen
                elif first is None:
                    first = selector
        return first


# a heading's permalink as documentation themes print it, one sign after the heading's
# words ("¶" of Sphinx and MkDocs, "§", "#", "🔗", an icon font's private character), a link
# to the heading itself that the theme shows only while the pointer is over the heading: no
# word of the page, and a theme's new sign would read as every heading of the page changed
_PERMALINK_SIGN: Final = re.compile(r"\s*(?:[\u00b6\u00a7#\U0001f517]|[\ue000-\uf8ff])\s*")
_PERMALINK_HOLDERS: Final = ("h1", "h2", "h3", "h4", "h5", "h6", "dt")


def drop_permalink_signs(root: etree._Element) -> None:
    """Takes out the sign of each heading's permalink (the link and its tail stay): a link
    of the heading's own, to a place in the page, holding only its text. (The headings are
    found by lxml's walk of their tags: an XPath asking each element what it is cost a
    tenth of a page's extraction.)"""
    for heading in root.iter(*_PERMALINK_HOLDERS):
        for link in heading:
            if (
                link.tag == "a"
                and link.text
                and next(link.iterchildren(etree.Element), None) is None
                and (link.get("href") or "").startswith("#")
                and _PERMALINK_SIGN.fullmatch(link.text)
            ):
                link.text = None


# A page's sheets are read in their UTF-8 bytes, as libxml2 holds them (``_sheet_bytes``):
# a news page's sheets are ASCII around a few characters beyond it (an icon font's glyph,
# an arrow), which make the whole of a sheet's text two bytes a character in Python, and
# its lowering a pass through UTF-8 and back. In the bytes each character beyond ASCII is
# bytes of 0x80 and above, which no brace, ';' or ASCII word of the patterns reads and
# which ``bytes.lower()`` leaves alone; a position keeps its order, and a selector or
# declarations are decoded as they are read.


def _sheet_bytes(style: etree._Element) -> bytes:
    """``style.text`` in UTF-8, copied from the tree without a decoding (a ``<style>``
    the HTML parser reads holds one text, no element)."""
    return etree.tostring(style, method="text", encoding="utf-8", with_tail=False)


def _text(sheet: bytes) -> str:
    """A part of a sheet's bytes as text (a lone surrogate of a text sheet as it was)."""
    return sheet.decode("utf-8", "surrogatepass")


def _sheet(css: bytes) -> bytes:
    """A sheet's UTF-8 bytes as its rules are read: its first ``MAX_STYLE_CHARS``
    characters (fewer than its bytes: only a sheet that long is cut) without comments."""
    if len(css) > MAX_STYLE_CHARS:
        css = _text(css)[:MAX_STYLE_CHARS].encode("utf-8", "surrogatepass")
    return _strip_comments(css)


def _strip_comments(css: bytes) -> bytes:
    """CSS without /* comments */, in one pass (an unclosed comment runs to the end). Its
    bytes are read as Latin-1 text, a byte a character: ``str.find`` is a call in C in the
    compiled module, where ``bytes.find`` is a method looked up, twice a comment."""
    text = css.decode("latin-1")
    start = text.find("/*")
    if start < 0:
        return css
    parts, position = [], 0
    while start >= 0:
        parts.append(text[position:start])
        end = text.find("*/", start + 2)
        if end < 0:
            return "".join(parts).encode("latin-1")
        position = end + 2
        start = text.find("/*", position)
    parts.append(text[position:])
    return "".join(parts).encode("latin-1")


# what the page's own stylesheets say, read at top level as a browser's tokenizer goes brace
# by brace; a top-level item the patterns read whole: a rule, or a block of rules (``@media``).
# Every run of characters other than braces is followed by a brace, so no shorter run, nor
# fewer rules or items, can match where the longest did not: the runs are possessive and the
# repeats of rules and items atomic (an atomic group, not a possessive repeat, around groups
# that hold captures: some 3.11 releases fail on those, CPython gh-101955), and the engine
# neither walks a failed run back character by character nor keeps a state to return to for
# each item it skips (an eighth of the instructions of reading a page's sheets for them).
# The patterns read a sheet's shadow (``_shadow``): its bytes with every byte other
# than a brace written "a", where a run of them is one literal repeated: sre counts that
# run a byte to a compare, where it looks each character of ``[^{}]`` up in a class (a
# bitmap over ASCII was still two fifths of the instructions of a sheet's scan)
_ITEM: Final = rb"(a*+)\{((?>(?:a*+\{a*+\})*))(a*+)\}"
_ONE_ITEM: Final = re.compile(_ITEM)
_ITEMS: Final = re.compile(b"(?>(?:" + _ITEM + b")*)")
# each byte's shade: a brace stays, any other is "a"
_SHADES: Final = bytes(byte if byte in b"{}" else ord("a") for byte in range(256))


def _shadow(sheet: bytes) -> bytes:
    """A sheet's bytes with each byte but a brace written "a": the same braces at the same
    places, for the item patterns, in one pass in C."""
    return sheet.translate(_SHADES)


# the characters a text pattern's ``\s`` reads as a space (those ``str.isspace`` names),
# as UTF-8 bytes: what may stand between a hiding word, its colon and its value; those of
# one byte are all a sheet of ASCII holds, a class sre reads by one look-up
_ASCII_SPACE: Final = rb"[\t-\r\x1c- ]"
_SPACE: Final = (
    b"(?:" + _ASCII_SPACE + rb"|\xc2[\x85\xa0]|\xe1\x9a\x80"
    rb"|\xe2(?:\x80[\x80-\x8a\xa8\xa9\xaf]|\x81\x9f)|\xe3\x80\x80)"
)


def _hiding_patterns(space: bytes) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """_HIDDEN_DECLARATION's two halves in lower case, each a word and what must follow it
    (``space``: a pattern of one space), read in ``_lowered`` (a byte a character: the
    spaces as their UTF-8 bytes): a pattern that ignores case is tried at every character,
    and sre's scan for a literal prefix costs several times a find's (a sheet names
    "display" once in some 700 characters)."""
    return tuple(
        (word.decode(), re.compile((space + b"*:" + space + b"*" + value).decode("latin-1")))
        for word, value in ((b"display", b"none"), (b"visibility", b"hidden"))
    )


_HIDING: Final = _hiding_patterns(_SPACE)
_ASCII_HIDING: Final = _hiding_patterns(_ASCII_SPACE)
# the characters beyond ASCII that _HIDDEN_DECLARATION takes for one of its letters ("ı" for
# "i", "ſ" for "s", "İ" for "i"), in UTF-8: without them, a case-blind match is a match in
# the sheet's bytes lowered
_CASE_SPECIAL: Final = tuple(special.encode() for special in ("\u0130", "\u0131", "\u017f"))


def _lowered(sheet: bytes) -> str:
    """``sheet`` with its ASCII letters in lower case, each byte one character (Latin-1):
    its words are looked for by ``str.find``, a call in C in the compiled module, where
    ``bytes.find`` is a method looked up and its arguments parsed (thousands a page)."""
    return sheet.lower().decode("latin-1")


def _case_special(sheet: bytes) -> bool:
    """Whether ``sheet`` holds one of ``_CASE_SPECIAL``: there a look for a word in
    ``_lowered(sheet)`` is not a case-blind look for it in the sheet's text. Their first
    bytes (0xC4, 0xC5) are looked for first, one byte by memchr: a look for two bytes costs
    a compare or more a byte."""
    return (b"\xc4" in sheet or b"\xc5" in sheet) and any(
        special in sheet for special in _CASE_SPECIAL
    )


def _hiding_declarations(sheet: bytes, lowered: str) -> list[int]:
    """Where ``_HIDDEN_DECLARATION`` matches in the text of ``sheet`` (``lowered``:
    ``_lowered(sheet)``), in order, as positions in its bytes."""
    if _case_special(sheet):
        text = _text(sheet)
        return _offsets(text, [match.start() for match in _HIDDEN_DECLARATION.finditer(text)])
    hits = []
    # neither word can begin inside a match of either
    for word, rest in _ASCII_HIDING if sheet.isascii() else _HIDING:
        position = lowered.find(word)
        while position >= 0:
            if rest.match(lowered, position + len(word)) is not None:
                hits.append(position)
            position = lowered.find(word, position + len(word))
    return sorted(hits)


def _offsets(text: str, positions: list[int]) -> list[int]:
    """Where each of ``positions`` in ``text`` (in order) falls in its UTF-8 bytes."""
    if text.isascii():
        return positions
    offsets, done, offset = [], 0, 0
    for position in positions:
        offset += len(text[done:position].encode("utf-8", "surrogatepass"))
        done = position
        offsets.append(offset)
    return offsets


def hiding_selectors(css: str) -> list[str]:
    """The selector lists of the top-level rules whose declarations hide, in order
    (``_hiding_rules`` of the sheet without its comments)."""
    sheet = _sheet(css.encode("utf-8", "surrogatepass"))
    return [selectors for _, selectors in _hiding_rules(sheet, _lowered(sheet), _shadow(sheet))]


def _hiding_rules(sheet: bytes, lowered: str, shadow: bytes) -> list[tuple[int, str]]:
    """Where each begins and its selector list, for the rules outside any @-block whose
    declarations hide (``display: none``, ``visibility: hidden``, ``_display``), in order.

    Braces are what count: a ';' ends an ``@import`` or ``@charset`` between rules, so the
    selector is what follows the last one before its '{'; the declarations of a block that
    holds rules are those after its last rule. Hiding declarations are rare in a sheet:
    from each, the items before it are skipped by a pattern (in C: brace by brace in
    Python was most of the cost of a page's sheets), and the rest of the sheet after the
    last is not read; an item no pattern reads (rules nested deeper, a stray or an
    unclosed brace) is walked brace by brace. ``sheet``: a sheet's bytes (``_sheet``),
    ``lowered``: ``_lowered(sheet)``, and ``shadow``: ``_shadow(sheet)``, each made once for
    this and ``_shown_on_desktop``.
    """
    hits = _hiding_declarations(sheet, lowered)
    found: list[tuple[int, str]] = []
    start, hit = 0, 0  # start: where the next top-level item begins
    last = ""  # the selector of the item before ``start`` (what a stray '}' closes again)
    while hit < len(hits):
        run = _ITEMS.match(shadow, start, hits[hit])  # the items before the one with the hit
        assert run is not None  # zero items match too
        if run.end() > start:
            # a repeated group holds its last item's
            last = _selector(sheet[run.start(1) : run.end(1)])
            start = run.end()
        item = _ONE_ITEM.match(shadow, start)
        if item is None or item.end() <= hits[hit]:
            start, last = _walk_item(sheet, start, last, found)
            if start < 0:
                break  # an unclosed block: nothing after it is read
        else:
            last = _selector(sheet[item.start(1) : item.end(1)])
            hit = _past(hits, hit, item.start(3))  # its own declarations: after its rules
            if (
                hit < len(hits)
                and hits[hit] < item.end()
                and not last.startswith("@")
                and _display(_text(sheet[item.start(3) : item.end(3)])) is True
            ):
                found.append((start, last))
            start = item.end()
        hit = _past(hits, hit, start)
    return found


# "content-visibility: hidden" skips an element's contents as "display: none" does; a
# "backface-visibility: hidden" hides only the back of a turned card
_DISPLAY_DECLARATION: Final = re.compile(
    r"(?<![\w-])(display|visibility|content-visibility)\s*:\s*([^;}]*)", re.IGNORECASE
)


_PROPERTIES: Final = {
    "d": "display",
    "D": "display",
    "c": "content-visibility",
    "C": "content-visibility",
}


def _display(declarations: str) -> bool | None:
    """Whether a rule's declarations hide (True) or show (False) what it selects, or say
    neither (None): of each property the last declaration counts, unless an earlier one
    is ``!important`` ("display: none; ... display: inline-block" shows)."""
    final: dict[str, tuple[str, bool]] = {}
    for name, value in _DISPLAY_DECLARATION.findall(declarations):
        # the name as the pattern read it: "dıſplay" is "display" to a case-blind browser
        name, value = _PROPERTIES.get(name[0], "visibility"), value.lower()
        important = "important" in value
        if not final.get(name, ("", False))[1] or important:
            final[name] = (value.split("!")[0].strip(), important)
    display, visibility = final.get("display", ("", False))[0], final.get("visibility")
    if (
        display == "none"
        or (visibility is not None and visibility[0] == "hidden")
        or final.get("content-visibility", ("", False))[0] == "hidden"
    ):
        return True
    if display or (visibility is not None and visibility[0] == "visible"):
        return False
    return None


def _selector(head: bytes) -> str:
    return _text(head[head.rfind(b";") + 1 :]).strip()


def _past(hits: list[int], hit: int, position: int) -> int:
    """The first of ``hits`` (from ``hit``) at or after ``position``."""
    while hit < len(hits) and hits[hit] < position:
        hit += 1
    return hit


def _walk_item(
    sheet: bytes, start: int, last: str, found: list[tuple[int, str]]
) -> tuple[int, str]:
    """One top-level item from ``start``, brace by brace: where the next begins (-1 when
    the item never closes) and its selector; its selector joins ``found`` when its own
    declarations hide."""
    depth, in_at_block, selector = 0, False, last
    for match in _BRACE.finditer(sheet, start):
        position = match.start()
        if match.group() == b"{":
            if depth == 0:
                selector = _selector(sheet[start:position])
                in_at_block = selector.startswith("@")
            depth += 1
        else:
            if depth == 0:  # a stray '}': its declarations follow the last ';' before it
                start = sheet.rfind(b";", start, position) + 1 or start
            depth = max(0, depth - 1)
            if depth == 0 and not in_at_block:
                declarations = _text(sheet[start:position])
                if _HIDDEN_DECLARATION.search(declarations) and _display(declarations) is True:
                    found.append((start, selector))
        start = position + 1
        if depth == 0:
            return start, selector
    return -1, selector


# the screen a page is read on: a desktop browser's window, as wide as most laptops show
DESKTOP_WIDTH: Final = 1280
_FONT_SIZE: Final = 16  # px in an em or a rem, the browsers' default
_MEDIA_FEATURE: Final = re.compile(r"\(\s*([a-z-]+)\s*(?::\s*([^)]*?))?\s*\)")
_MEDIA_TYPE: Final = re.compile(r"(?:only\s+)?(?:all|screen)\s*(?:and\b|$)")
_LENGTH: Final = re.compile(r"([\d.]+)\s*(px|em|rem)?$")
# what a desktop screen answers to the media features besides its width
_DESKTOP_FEATURES: Final = {
    "orientation": "landscape",
    "hover": "hover",
    "any-hover": "hover",
    "pointer": "fine",
    "any-pointer": "fine",
    "prefers-color-scheme": "light",
}


@remembered(1024)  # a site's sheets repeat a few breakpoints on every page
def on_desktop(media: str) -> bool:
    """Whether a media query list (``<style media>``, ``@media``) holds on a desktop
    screen ``DESKTOP_WIDTH`` pixels wide; a query naming anything else (print, a feature
    this does not know, ``not``) does not."""
    return any(_query_on_desktop(query.strip()) for query in media.lower().split(","))


def _query_on_desktop(query: str) -> bool:
    if not query.startswith("("):  # a media type first: a desktop screen is "all", "screen"
        kind = _MEDIA_TYPE.match(query)
        if kind is None:
            return False
        query = query[kind.end() :]
    features = _MEDIA_FEATURE.findall(query)
    if _MEDIA_FEATURE.sub("", query).replace("and", "").strip():
        return False  # "not", "or", a range syntax: not read
    return all(_feature_on_desktop(name, value.strip()) for name, value in features)


def _feature_on_desktop(name: str, value: str) -> bool:
    if name in {"min-width", "max-width"}:
        length = _LENGTH.match(value)
        if length is None:
            return False
        pixels = float(length.group(1)) * (_FONT_SIZE if length.group(2) in {"em", "rem"} else 1)
        return pixels <= DESKTOP_WIDTH if name == "min-width" else pixels >= DESKTOP_WIDTH
    return _DESKTOP_FEATURES.get(name) == value


_MEDIA_RULE: Final = re.compile(r"([^{}]*)\{([^{}]*)\}")


def _shown_on_desktop(
    sheet: bytes, lowered: str, shadow: bytes, hides: bool = False
) -> list[tuple[int, str]]:
    """The rules inside the top-level ``@media`` blocks that hold on a desktop screen whose
    declarations show what they select (a display other than ``none``), or with ``hides``
    hide it: where each begins and its selector list (``sheet``: a sheet's bytes,
    ``_sheet``; ``lowered``: ``_lowered(sheet)``; ``shadow``: ``_shadow(sheet)``). A block
    that names neither property holds no such rule (nine blocks in ten of a news page's
    sheets): its rules are not read."""
    found: list[tuple[int, str]] = []
    special = _case_special(sheet)
    position = lowered.find("@media")
    while position >= 0:
        brace = lowered.find("{", position)
        if brace < 0:
            break
        # a block for other screens is passed over to the next "@media" (one nested in it
        # is judged by its own query)
        media = _text(sheet[position + 6 : brace])
        item = _ONE_ITEM.match(shadow, position) if on_desktop(media) else None
        if item is not None and (  # else nested deeper, or a stray brace: not read
            special or _names_display(lowered, item.start(2), item.end(2))
        ):
            found += _block_rules(sheet, item.start(2), item.end(2), hides)
        position = lowered.find("@media", brace)
    return found


def _block_rules(sheet: bytes, start: int, end: int, hides: bool) -> list[tuple[int, str]]:
    """The rules of a block of rules (``sheet[start:end]``) whose declarations hide what
    they select (``hides``) or show it: where each begins and its selector list. The block
    is read decoded once (a decoding a rule cost more than reading the rule)."""
    block = _text(sheet[start:end])
    rules = [
        (rule.start(), rule.group(1).strip())
        for rule in _MEDIA_RULE.finditer(block)
        if _display(rule.group(2)) is hides
    ]
    offsets = _offsets(block, [position for position, _ in rules])
    return [
        (start + offset, selectors) for offset, (_, selectors) in zip(offsets, rules, strict=True)
    ]


def _names_display(lowered: str, start: int, end: int) -> bool:
    """Whether ``lowered[start:end]`` names a property ``_DISPLAY_DECLARATION`` reads
    (``content-visibility`` holds "visibility"), without copying it."""
    return lowered.find("display", start, end) >= 0 or lowered.find("visibility", start, end) >= 0


# a selector of one class name alone (".hidden-c64fhs", ".show-tablet")
_ONE_CLASS: Final = re.compile(r"\.((?:[\w-]|\\.)+)")


def hidden_on_desktop(root: etree._Element) -> frozenset[str]:
    """The class names that a rule of the page's own style sheets for some screen widths
    hides on a desktop screen (``@media (min-width: 1200px) and (max-width: 1365.98px)
    { .hidden-c64fhs { display: none } }``): the page's copy for other widths of a block
    it prints once per width (a site builder's per-breakpoint variants). Selectors of one
    class alone are read; asked only of a page that keeps a text twice."""
    names: set[str] = set()
    for style in root.iter("style"):
        media = style.get("media")
        if media is not None and not _for_every_screen(media):
            continue  # a sheet for some screens only: not read
        names.update(_hidden_by_media(style.text or ""))
    return frozenset(names)


@remembered(64)  # a site's pages share their sheets
def _hidden_by_media(css: str) -> frozenset[str]:
    """``hidden_on_desktop`` of one sheet."""
    if "@media" not in css:
        return frozenset()
    sheet = _sheet(css.encode("utf-8", "surrogatepass"))
    names = set()
    for _, selectors in _shown_on_desktop(sheet, _lowered(sheet), _shadow(sheet), hides=True):
        for selector in selectors.split(","):
            one = _ONE_CLASS.fullmatch(selector.strip())
            if one is not None:
                names.add(_ESCAPE.sub(r"\1", one.group(1)))
    return frozenset(names)


def _for_every_screen(media: str) -> bool:
    """Whether a ``<style media>`` sheet holds on every screen ("", "all", "screen")."""
    return not media.strip() or any(
        _MEDIA_TYPE.fullmatch(query.strip()) is not None for query in media.lower().split(",")
    )


def hidden_rules(root: etree._Element) -> HiddenRules:
    """The rules of the page's own style sheets that hide elements on every screen, and
    those that show them again on a desktop screen, in the page's order. A sheet for
    some screens only (``<style media="(min-width: 1080px)">``) hides nothing, as an
    ``@media`` block does not: what some screens show is no text kept from the reader."""
    found = HiddenRules(page=root)
    sheets: set[str] = set()  # the theme sheets the page links (``_THEME_SHEETS``)
    for style in root.iter("style", "link"):  # one walk for both
        if style.tag == "link":
            href = style.get("href")
            if href and ".css" in href:
                sheets.update(sheet for sheet in _THEME_SHEETS if sheet in href)
            continue
        media = style.get("media")
        every = media is None or _for_every_screen(media)
        if not every and not on_desktop(media or ""):
            continue
        for rule in _sheet_rules(_Sheet(_sheet_bytes(style)), every):
            found.keep(rule)
    if sheets:
        found.linked = sheet_hidden(root, sheets)
    return found


# how many bytes at each end of a sheet its key's hash reads
_SHEET_ENDS: Final = 64


@final
class _Sheet:
    """A sheet's UTF-8 bytes as ``_sheet_rules`` remembers them: hashed by their length and
    their first and last bytes, equal by all of them. A hash of every byte (siphash) cost
    more than the memory saved on pages whose sheets are new (8 million instructions on 30
    news pages); two sheets that share their length and their ends are told apart by a
    compare of their bytes, in C, where a dict finds their hashes equal."""

    __slots__ = ("css",)

    def __init__(self, css: bytes) -> None:
        self.css = css

    def __hash__(self) -> int:
        css = self.css
        return hash((len(css), css[:_SHEET_ENDS], css[-_SHEET_ENDS:]))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Sheet) and self.css == other.css


@remembered(512)  # a page's new capture, and the site's other pages, carry the same sheets
def _sheet_rules(key: _Sheet, every: bool) -> tuple[Rule, ...]:
    """What one sheet says, in its order: the rules that hide on every screen and those its
    desktop ``@media`` blocks show again (``every``: a sheet for every screen), or (else: a
    sheet for a desktop screen only, read as an ``@media`` block is) those it shows.
    Remembered by the sheet's bytes: its reading is a tenth of a news page's
    extraction."""
    sheet = _sheet(key.css)
    if every:
        lowered, shadow = _lowered(sheet), _shadow(sheet)
        rules = [
            (start, selectors, True) for start, selectors in _hiding_rules(sheet, lowered, shadow)
        ]
        shown = _shown_on_desktop(sheet, lowered, shadow)
    else:
        rules = []
        shown = _block_rules(sheet, 0, len(sheet), hides=False)
    if shown:
        rules = sorted(rules + [(start, selectors, False) for start, selectors in shown])
    read = (
        _rule(selector.strip(), hides)
        for _, selectors, hides in rules
        for selector in selectors.split(",")
    )
    return tuple(rule for rule in read if rule is not None)


# Shopify's Dawn theme, and the themes built on it, print a product card's title and badge
# twice (in the picture's box, for a card without a picture, and under it) and its price
# twice (the regular and the sale amount) with a badge for each state ("Sale", "Sold out"):
# the theme's sheets, linked by their file names, show one copy, and the badge of the
# state the price box names. The copies they hide: (the sheet, the element's class, the class of the
# ancestor that hides it, or whose absence hides it: "!price--on-sale", how many levels up
# that ancestor may sit).
_THEME_SHEETS: Final = ("component-card.css", "component-price.css")
_THEME_COPIES: Final = (
    ("component-price.css", "price__sale", "!price--on-sale", 3),
    ("component-price.css", "price__regular", "price--on-sale", 3),
    ("component-price.css", "price__badge-sale", "!price--on-sale", 1),
    ("component-price.css", "price__badge-sold-out", "!price--sold-out", 1),
    ("component-card.css", "card__information", "card__inner", 2),
    ("component-card.css", "card__badge", "!card__inner", 2),
)
_CLASSED: Final = "//*[contains(concat(' ', normalize-space(@class), ' '), ' {} ')]"


def sheet_hidden(root: etree._Element, sheets: set[str]) -> frozenset[etree._Element]:
    """The copies that the theme's style sheets the page links (``sheets``) hide
    (``_THEME_COPIES``)."""
    hidden = set()
    for sheet, name, ancestor, levels in _THEME_COPIES:
        if sheet not in sheets:
            continue
        absent = ancestor.startswith("!")
        ancestor = ancestor.lstrip("!")
        for element in root.xpath(_CLASSED.format(name)):
            near = islice(element.iterancestors(), levels)
            held = any(ancestor in (node.get("class") or "").split() for node in near)
            if held != absent:
                hidden.add(element)
    return frozenset(hidden)


# what a reader clicks: a control's ``aria-controls`` names what the click opens (an
# input's or a combobox's names the list of suggestions it fills as one types)
_CLICKED_TAGS: Final = frozenset({"button", "a", "summary"})
_CLICKED_ROLES: Final = frozenset({"button", "tab", "link"})


# the elements with an aria-controls: libxml2 gathers attributes by name in its walk at a
# fifth of the cost of a predicate asked of every element (``//*[@aria-controls]``), and
# asked of the elements (``//*/@``) rather than of every node, text too (``//@``)
_CONTROLS: Final = etree.XPath("//*/@aria-controls/..")


def _disclosed_ids(root: etree._Element) -> frozenset[str]:
    """The ids named by the ``aria-controls`` of a disclosure button, a tab, or a button
    or a link (many accordions leave ``aria-expanded`` to their script)."""
    ids: set[str] = set()
    for control in _CONTROLS(root):
        if (
            control.get("aria-expanded") is not None
            or (control.get("role") or "").lower() in _CLICKED_ROLES
            or (isinstance(control.tag, str) and control.tag.lower() in _CLICKED_TAGS)
        ):
            ids.update((control.get("aria-controls") or "").split())
    return frozenset(ids)


# how far up from a hidden panel its toggle may sit: the panel wrapped in a box or two
_TOGGLE_LEVELS: Final = 3


# what sits between a toggle and its panel unseen: a CSS-in-JS library writes the panel's
# <style> just before it
_UNSEEN_TAGS: Final = frozenset({"style", "script", "link", "meta"})


def _shown_before(element: etree._Element) -> etree._Element | None:
    """The element before this one that a reader sees: past comments, processing
    instructions, style sheets and scripts."""
    before = element.getprevious()
    while before is not None and (
        not isinstance(before.tag, str) or before.tag.lower() in _UNSEEN_TAGS
    ):
        before = before.getprevious()
    return before


def _made_button(element: etree._Element) -> bool:
    """The element is an element a script made a button (``role="button"``), or a box
    around one and nothing else (a box that also holds other text, such as a banner
    with its "Got it!" button, is no toggle)."""
    for _ in range(_TOGGLE_LEVELS):
        if (element.get("role") or "").lower() == "button":
            return True
        shown = [
            child
            for child in element
            if isinstance(child.tag, str) and child.tag.lower() not in _UNSEEN_TAGS
        ]
        if len(shown) != 1 or (element.text or "").strip():
            return False
        element = shown[0]
    return False


# one element below that says whether it is open (a box of several is a menu or an
# accordion, whose toggles open panels of their own); libxml2 counts the attribute by name
# in its walk, where ElementPath's ".//*[@aria-expanded]" read each element in Python
_HOLDS_TOGGLE: Final = etree.XPath("count(descendant::*/@aria-expanded) = 1")


def _after_toggle(element: etree._Element) -> bool:
    """The panel follows its toggle: the element before it (or before the box that
    opens with it) is, or holds, one control that says whether it is open (``aria-expanded``),
    the shape of every accordion and "show more" button (a box of several, a menu, opens
    its own submenus, not the box after it), or is an element a script made a
    button (``_made_button``: a <button> before a hidden box is as often a form's submit
    before its messages)."""
    for _ in range(_TOGGLE_LEVELS):
        before = _shown_before(element)
        if before is not None:
            return (
                before.get("aria-expanded") is not None
                # an element without children (half of them) holds none: no XPath call
                or (len(before) > 0 and _HOLDS_TOGGLE(before))
                or _made_button(before)
            )
        parent = element.getparent()
        if parent is None:
            return False
        element = parent
    return False


# the utility classes a script adds to close a panel and takes off to open it ("hidden",
# "hide", Bootstrap's "d-none"); a screen-reader-only class ("sr-only") never opens
_CLOSING_CLASSES: Final = frozenset({"hidden", "hide", "d-none", "is-hidden", "invisible"})
# a BEM modifier a script adds to hide its block and takes off to show it
# ("feedback--response__hidden", "login-btn--hidden", "u--hidden"); not a block hidden on
# some screens only ("mobile__hidden", "xs--hidden"), a box that clips what overflows it
# ("overflow--hidden"), nor one that fades in as the reader scrolls to it ("blockAnim--hidden");
# themes put "--hide" on whole sections for a layout of theirs ("stepped--hide")
_HIDING_MODIFIER: Final = re.compile(r"[a-z0-9](?:--|__)hidden$", re.IGNORECASE)
_NOT_HIDING_BLOCK: Final = re.compile(
    r"(?:^|[-_])(?:xs|sm|md|lg|xl|xxl|mobile|phone|tablet|portable|desktop|print|overflow)"
    r"(?:--|__)|anim|reveal|fade",
    re.IGNORECASE,
)


def hiding_modifier(name: str) -> bool:
    """Whether a class name is a BEM modifier that hides its block (``_HIDING_MODIFIER``)."""
    # its last six letters asked first: nearly no class name ends so
    return (
        name[-6:].lower() == "hidden"
        and bool(_HIDING_MODIFIER.search(name))
        and not _NOT_HIDING_BLOCK.search(name)
    )


def states_hidden(attributes: dict[str, str]) -> bool:
    """Whether a panel says it is closed (``aria-hidden="true"``) beside its closing class:
    a disclosure's script keeps its panel's state, so the panel opens after its toggle as
    one hidden by ``aria-hidden`` alone does, not only when named or after its question
    (a calculator's "Methodology" behind a link that says it is collapsed)."""
    return (attributes.get("aria-hidden") or "").strip().lower() == "true"


def _closing(name: str) -> bool:
    return name.lower() in _CLOSING_CLASSES or hiding_modifier(name)


def opened_attributes(attributes: dict[str, str]) -> dict[str, str] | None:
    """An element's attributes once a click has opened it (its closing classes taken
    off), or None when no closing class is among its classes."""
    names = (attributes.get("class") or "").split()
    kept = [name for name in names if not _closing(name)]
    if len(kept) == len(names):
        return None
    return {**attributes, "class": " ".join(kept)}


def _collapsed(attributes: dict[str, str]) -> bool:
    """A closed accordion, tab or "read more" panel: hidden until a click, not kept from the
    reader (collapsed reference lists and FAQ answers are part of the article)."""
    if (attributes.get("role") or "").lower() == "tabpanel":
        return True
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    return bool(names.strip()) and names_panel(names.lower())


def names_panel(names: str) -> bool:
    """Whether lower-cased class and id names name a panel a click unfolds (an accordion's,
    a tab's, a "read more" fold): a hiding class beside them folds it, as a style would."""
    return bool(_COLLAPSIBLE.search(names))


def opens_on_click(element: etree._Element, rules: HiddenRules, by_class: bool = False) -> bool:
    """A hidden panel that a control opens, known by its structure rather than its name:
    a control names it (``aria-controls``), it answers the question just before it, the
    toggle just before it says whether it is open, it is a ``<details>``' panel, or a
    carousel's or tab strip's slide beside a shown one. A panel a utility class closes
    (``by_class``: "hidden", "d-none", what scripts also put on tooltips, alerts and
    dropdown lists beside a toggle) opens only when named or after its question. Menus and
    dialogs open the same way: the caller keeps those hidden (``segment``)."""
    if element.tag in _NEVER_RENDERED:
        return False  # a script's template or a fallback is no panel, whatever is before it
    ident = element.get("id")
    if (ident and ident in rules.disclosed()) or _answers_question(element):
        return True
    if by_class:
        return _tab_beside_shown(element, rules)
    return _after_toggle(element) or _in_details(element) or _slide_beside_shown(element, rules)


# the longest question an FAQ's answer follows; question marks of the scripts that have one
_QUESTION_CHARS: Final = 200
_QUESTION_MARKS: Final = ("?", "\uff1f", "\u061f")
# the boxes an answer is printed in (a hidden <time> or <span> after a question is the
# markup's data about it: its date, its author's name)
_ANSWER_TAGS: Final = frozenset({"div", "section", "article", "p", "dd", "ul", "ol", "table"})


def _answers_question(element: etree._Element) -> bool:
    """The box just after a question ("How long does a crown last?"): an FAQ's answer,
    opened by a click on its question whatever the markup of either."""
    if element.tag not in _ANSWER_TAGS:
        return False
    before = _shown_before(element)
    return before is not None and is_question(before)


def is_question(element: etree._Element) -> bool:
    """The element's text is a question of at most ``_QUESTION_CHARS`` characters, its
    whitespace folded: an FAQ's question (a longer text that ends with one is a post)."""
    text = ""
    for part in element.itertext():
        text += part
        if len(text) > _QUESTION_CHARS:
            text = " ".join(text.split())  # a toggle's icon indented in the question
            if len(text) > _QUESTION_CHARS:
                return False
    return text.rstrip().endswith(_QUESTION_MARKS)


def _in_details(element: etree._Element) -> bool:
    """Inside a ``<details>`` disclosure, past its ``<summary>``: the panel a click on the
    summary opens (scripts that animate it hide it with ``aria-hidden`` or a class)."""
    for ancestor in element.iterancestors():
        if ancestor.tag == "summary":
            return False
        if ancestor.tag == "details":
            return True
    return False


# a carousel's or a tab strip's names (Slick, Swiper, Splide, Glide, Owl, Flickity, sites' own)
_CAROUSEL: Final = re.compile(
    r"(?:^|[\s_-])(?:carousel|slider|slides?|slideshow|slick|swiper|owl|glide|splide|flickity"
    r"|tabs?)(?:$|[\s_-])",
    re.IGNORECASE,
)
# what every name ``_CAROUSEL`` finds holds, lower-cased ("lide": slide, glide, splide)
_CAROUSEL_PARTS: Final = ("lide", "carousel", "slick", "swiper", "owl", "flickity", "tab")


def _names_carousel(names: str) -> bool:
    """Whether a class attribute names a carousel or a tab strip (``_CAROUSEL``): its words
    looked for in C first, where the case-blind pattern is tried at every character of the
    attribute (~70 thousand instructions for a utility framework's long one); beyond ASCII
    the pattern decides (read case-blind, "ſ" is an "s")."""
    if names.isascii():
        lowered = names.lower()
        if not any(part in lowered for part in _CAROUSEL_PARTS):
            return False
    return _CAROUSEL.search(names) is not None


# a slide a carousel copies for its endless loop: the same text again
_CLONE: Final = re.compile(r"clone|duplicate", re.IGNORECASE)
_SIBLINGS_LOOKED_AT: Final = 40


def _slide_beside_shown(element: etree._Element, rules: HiddenRules) -> bool:
    """A carousel's slide (named so, or in a box named so) of which a sibling printed by
    the same template (tag and first class name) is shown: the other slides, hidden until
    a reader moves to them (Slick, Swiper and their like hide all but the current one),
    not text kept from the reader. A loop's cloned slides are copies."""
    names = (element.get("class") or "").split()
    parent = element.getparent()
    if not names or parent is None or _CLONE.search(element.get("class") or ""):
        return False
    if not any(
        _names_carousel(node.get("class") or "")
        for node in (element, parent, *islice(parent.iterancestors(), 1))
    ):
        return False
    for looked, sibling in enumerate(parent.iterchildren(element.tag)):
        if looked >= _SIBLINGS_LOOKED_AT:
            return False
        if sibling is element or (sibling.get("class") or "").split()[:1] != names[:1]:
            continue
        if hidden_reason(sibling.tag, dict(sibling.items()), rules) is None:
            return True
    return False


# a tab's panel holds a paragraph or a list of items, not a label (a colour swatch)
TAB_PANEL_CHARS: Final = 100


def _tab_beside_shown(element: etree._Element, rules: HiddenRules) -> bool:
    """A panel closed by a class beside a sibling of its template (tag and class names, the
    closing class aside) that is shown: a strip of tabs whose panels a script shows one at a
    time by that class ("templates-list" and "templates-list hidden"), however the tabs are
    named. A list's items past its first few ("Show more") and a product's other swatches
    are no panels: an item or a label."""
    names = [name for name in (element.get("class") or "").split() if not _closing(name)]
    parent = element.getparent()
    if not names or parent is None or element.tag == "li":
        return False
    for looked, sibling in enumerate(parent.iterchildren(element.tag)):
        if looked >= _SIBLINGS_LOOKED_AT:
            return False
        if sibling is element or (sibling.get("class") or "").split() != names:
            continue
        if hidden_reason(sibling.tag, dict(sibling.items()), rules) is None:
            return len(text_of(element)) >= TAB_PANEL_CHARS
    return False


def hidden_reason(tag: str, attributes: dict[str, str], rules: HiddenRules) -> str | None:
    """Why an element with this tag and these attributes is not rendered (a short detail),
    or None if it may be visible. The attributes are read once by the caller
    (``dict(element.items())``): each lxml ``get`` costs about as much as reading them all."""
    if tag in _NEVER_RENDERED:
        return _NEVER_RENDERED[tag]
    if tag in {"html", "body"}:
        return None
    reason = _hiding(tag, attributes, rules)
    return None if reason is None or _collapsed(attributes) else reason


def _drawn_for_sight(tag: str, attributes: dict[str, str]) -> bool:
    """An element hidden from assistive technology alone (``aria-hidden``) that every
    sighted reader sees: a link also kept from the keyboard (``tabindex="-1"``), a card's
    second link to the page its title links to (its picture, its excerpt), skipped so
    that the card is announced once; a sale's struck-out and new amounts (``<del>``,
    ``<ins>``, ``<s>``), which a shop spells out for screen readers beside them."""
    return tag in _EDITS or (
        tag == "a" and attributes.get("tabindex") == "-1" and "href" in attributes
    )


# the classes that clip an element out of sight for screen readers alone
_READER_ONLY: Final = frozenset(
    {"sr-only", "visually-hidden", "screen-reader-text", "screen-reader-only", "visuallyhidden"}
)
ARIA_HIDDEN: Final = 'aria-hidden="true"'
_LABEL_LEVELS: Final = 2
# a label that names a value ("4.7 out of 5 stars, 58,483 ratings") is short; a longer one
# describes a drawing whose words are part of the picture
_VALUE_LABEL_CHARS: Final = 80
# a figure drawn: an icon font's word ("search", "wishlist") is a picture, not text
_FIGURE: Final = re.compile(r"\d")


def told_beside(element: etree._Element) -> bool:
    """An element hidden from assistive technology (``aria-hidden``) whose words are told
    to screen readers otherwise: by a twin beside it that a screen-reader-only class clips
    out of sight ("(21)" beside "21 total reviews"), or by the label of the box it is
    drawn in, a figure in a short label: "58,483" in a link labelled "4.7 out of 5 stars,
    58,483 ratings". The same value told twice, drawn for sighted readers here: the page's
    text ("/mo." after a price, "(21)" after a rating)."""
    for sibling in (element.getprevious(), element.getnext()):
        if sibling is not None and not _READER_ONLY.isdisjoint(
            (sibling.get("class") or "").split()
        ):
            return True
    for ancestor in islice(element.iterancestors(), _LABEL_LEVELS):
        label = ancestor.get("aria-label")
        if label:
            if len(label) > _VALUE_LABEL_CHARS:
                return False
            text = text_of(element)
            return _FIGURE.search(text) is not None and text in " ".join(label.split())
    return False


def _declares_hidden(style: str) -> bool:
    """Whether an inline style hides its element (``_HIDDEN_DECLARATION``): its words looked
    for in C first, where the case-blind pattern is tried at every character of every
    inline style (most say neither); beyond ASCII the pattern decides ("ſ" is an "s")."""
    if style.isascii():
        lowered = style.lower()
        if "none" not in lowered and "hidden" not in lowered:
            return False
    return _HIDDEN_DECLARATION.search(style) is not None


# the directives that show an element only while a condition of the script's state holds
_CONDITIONS: Final = ("v-if", "v-else-if", "v-else", "v-show", "x-show", "x-if")


def _cloaked(attributes: dict[str, str]) -> str | None:
    """Why a cloaked element (``_CLOAKS``) is hidden, if it is: a template's element hidden
    until its script has compiled it, and then shown only while a state of the script holds
    (``v-cloak`` with ``v-if``, ``x-cloak`` with ``x-show``): a modal's, a drawer's or a
    form's message that waits for its state, which no reader sees when the page opens (a
    cloaked root without a condition shows)."""
    cloak = "v-cloak" if "v-cloak" in attributes else "x-cloak"
    for condition in _CONDITIONS:
        if condition in attributes:
            return f"{cloak} {condition}"
    return None


def _hiding(tag: str, attributes: dict[str, str], rules: HiddenRules) -> str | None:
    style = attributes.get("style")
    if style and _declares_hidden(style):
        return f'style="{style.strip()[:60]}"'
    if attributes.get("hidden") is not None:
        return "hidden attribute"
    if attributes.get("popover") is not None:  # shown only when a button or script opens it
        return "popover attribute"
    if (attributes.get("aria-hidden") or "").strip().lower() == "true" and not _drawn_for_sight(
        tag, attributes
    ):
        return ARIA_HIDDEN
    if tag == "input" and attributes.get("type", "").lower() == "hidden":
        return 'type="hidden"'
    if "v-cloak" in attributes or "x-cloak" in attributes:  # rare: no call for the rest
        cloak = _cloaked(attributes)
        if cloak:
            return cloak
    selector = rules.match(tag, attributes) if tag != "main" else None  # anti-flicker, as <body>
    if selector:
        return f"<style> rule {selector} hides it"
    return None
