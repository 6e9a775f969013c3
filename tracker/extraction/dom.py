"""Parse HTML text into an lxml tree, robustly, and small read-only helpers over it.

libxml2's HTML parser recovers from any markup. It caps nesting at 2048 levels
(with its "huge" option; 256 without, which real pages can exceed), which bounds
every walk over the tree; deeper markup is a clear ExtractionError. Comments and
processing instructions are dropped at parse time.

The parser is lxml.etree's own, not lxml.html's: lxml.html asks a Python class lookup
for every element the code touches (a fifth of a page's segmentation), for methods
(``text_content``, ``cssselect``...) that nothing here uses.

The text is handed to libxml2 as UTF-8 bytes with the encoding named (any ``<meta>``
charset is then not read again: the text is decoded already). Given a ``str``, lxml
passes its internal form, two or four bytes a character on nearly every page (one
curly quote is enough), which libxml2 converts through iconv: encoding it first costs
an eighth less of the parse, and the tree is the same. A page that was UTF-8 already, read
with nothing replaced or dropped, is handed over as its own bytes (``decode.decode_page``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final, TypeVar

from lxml import etree

from tracker.errors import ExtractionError

_XML_DECLARATION: Final = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
MAX_DEPTH: Final = 2048  # libxml2's nesting limit with its "huge" option; beyond it text is dropped
Answer = TypeVar("Answer")


def _parser(encoding: str | None = None) -> etree.HTMLParser:
    """A fresh parser per page: lxml parsers must not be shared between threads. No table
    of the page's ids is kept (``collect_ids``): nothing asks XPath's ``id()``, and a page's
    hundred ids cost 3% of its parse."""
    return etree.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        recover=True,
        huge_tree=True,
        encoding=encoding,
        collect_ids=False,
    )


def _empty() -> etree._Element:
    return etree.fromstring("<html><body></body></html>", parser=_parser())


def parse(text: str, utf8: bytes | None = None) -> etree._Element:
    """The <html> element of the page; an empty document for blank input. ``utf8``: the
    text's UTF-8 bytes where the caller has them (``decode.decode_page``).

    Raises ExtractionError when the markup nests deeper than libxml2 can follow:
    the parser would silently drop everything after that point.
    """
    declaration = _XML_DECLARATION.match(text)
    if declaration:
        text, utf8 = text[declaration.end() :], None
    if not text or text.isspace():  # what ``not text.strip()`` says, without a copy
        return _empty()
    markup, parser = _readable(text, utf8)
    try:
        root = etree.fromstring(markup, parser=parser)
    except etree.ParserError:
        return _empty()
    except (ValueError, etree.LxmlError) as error:
        raise ExtractionError(f"HTML could not be parsed: {error}") from error
    messages = [entry.message for entry in parser.error_log]
    if any("Excessive depth" in message for message in messages):
        raise ExtractionError(
            f"page markup is nested deeper than {MAX_DEPTH} levels; the parser cannot read "
            "past that point, so the page is not extracted rather than extracted in part"
        )
    if root is None:
        return _empty()
    refused = _refused_names(messages)
    if refused and isinstance(markup, bytes):  # a page read as a str is left as parsed
        repaired = _close_in_scope(markup, refused)
        root = root if repaired is None else repaired
    _gather_stray_roots(root)
    _lift_main(root)
    return root


def _gather_stray_roots(root: etree._Element) -> None:
    """Markup after a stray ``</body></html>`` (a theme that closes the page after its
    header) is parsed by libxml2 into a second ``<html>`` beside the first; a browser
    shows it in the body, so it is moved there."""
    stray = root.getnext()
    if stray is None:
        return
    body = root.find("body")
    if body is None:
        body = etree.SubElement(root, "body")
    while stray is not None:
        following = stray.getnext()
        if stray.tag == "html":
            inner = stray.find("body")
            body.extend(list(inner if inner is not None else stray))
        stray = following


# the landmarks a page's <main> is never inside (HTML: no descendant of a header, footer,
# nav or aside); found there, it is libxml2's recovery from an element left open in them
_NO_MAIN_INSIDE: Final = frozenset({"header", "footer", "nav", "aside"})


def _lift_main(root: etree._Element) -> None:
    """A ``<main>`` that libxml2 nested inside the banner's menu is moved out after it, with
    what follows it there. libxml2 ignores an end tag (``</nav>``, ``</header>``) while an
    element it ranks higher, a ``<div>``, is still open inside, so the rest of the page
    lands in the menu's last item; a browser closes them all at that end tag and shows the
    rest after the banner."""
    main = next(root.iter("main"), None)
    if main is None:
        return
    landmark = None
    for ancestor in main.iterancestors():
        if ancestor.tag in _NO_MAIN_INSIDE:
            landmark = ancestor  # the outermost: the banner the menu is in
    if landmark is None:
        return
    moved: list[etree._Element] = [main, *main.itersiblings()]
    for ancestor in main.iterancestors():
        if ancestor is landmark:
            break
        moved.extend(ancestor.itersiblings())
    anchor = landmark
    for node in moved:
        anchor.addnext(node)
        anchor = node


# end tags that close every element opened after their own when it is in scope (HTML's
# "in body" insertion mode: address … ul, li, dd, dt); libxml2 ranks <div> above them
_CLOSES_IN_SCOPE: Final = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "button",
        "center",
        "details",
        "dialog",
        "dir",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "header",
        "hgroup",
        "listing",
        "main",
        "menu",
        "nav",
        "ol",
        "pre",
        "search",
        "section",
        "summary",
        "ul",
        "li",
        "dd",
        "dt",
    ]
)
# what an end tag's element must not be outside of to be in scope (HTML's default scope;
# an <li> is looked for in list item scope, which adds the lists)
_SCOPE_LIMITS: Final = frozenset(
    ["applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"]
)
_LIST_ITEM_SCOPE_LIMITS: Final = _SCOPE_LIMITS | {"ol", "ul"}
_MISMATCH: Final = re.compile(r"Opening and ending tag mismatch: (\w+) and ")
_MARK: Final = "tracker-end-tag"  # no page's element: a custom element's name has a dash
_MARK_B: Final = _MARK.encode()
MAX_REPAIRS: Final = 16  # ignored end tags repaired on one page, each at the cost of one parse


def _refused_names(messages: list[str]) -> set[str]:
    """The end tags libxml2 reports meeting while another element was open (one it ignored,
    or one whose element it closed with others), of those HTML closes in scope."""
    found = (_MISMATCH.match(message) for message in messages)
    return {name[1] for name in found if name and name[1] in _CLOSES_IN_SCOPE}


def _close_in_scope(markup: bytes, names: set[str]) -> etree._Element | None:
    """The tree of ``markup`` with the ``</div>`` end tags a browser implies written before
    each end tag of ``names`` that libxml2 ignored; None when it ignored none.

    HTML's rule (the "in body" insertion mode, for ``</nav>``, ``</section>``,
    ``</figure>``, ``</ul>``, ``</li>`` …): an end tag whose element is open in scope
    closes every element opened after its own (a parse error when there are any); one
    whose element is not in scope is ignored. libxml2 ignores it whenever a ``<div>`` is
    still open inside the element (``<figure><div><table>…</table></figure>``), and the
    rest of the page lands in that div, where a browser shows it after the figure.

    Where libxml2 met each end tag is found by parsing the page with a marker element
    written before every end tag of those names: the marker's ancestors are the elements
    open there (a marker inside a script or a comment is no element, as that end tag is
    none either). The first ignored end tag is repaired and the page marked and parsed
    again, since the rest may then close otherwise (a later ``</div>`` meant for the div
    now closed closes an outer one, as in a browser), up to ``MAX_REPAIRS`` times: a
    page without such a mismatch in its parser's log pays nothing. The last round's tree,
    its markers taken out, is the page's, unless a marker fell in a script's text or an
    attribute's value: that markup is then parsed without them.
    """
    repaired = markup
    for repairs in range(MAX_REPAIRS + 1):
        end_tag = re.compile(rb"</(%s)(?=[\s/>])" % "|".join(names).encode(), re.IGNORECASE)
        ends = list(end_tag.finditer(repaired))
        parser = _parser("utf-8")
        tree = etree.fromstring(_marked(repaired, ends), parser=parser)
        names |= _refused_names([entry.message for entry in parser.error_log])
        marks = list(tree.iter(_MARK))
        ignored = next(
            ((mark, divs) for mark in marks if (divs := _divs_left_open(mark, ends))), None
        )
        if ignored is None or repairs == MAX_REPAIRS:
            break
        at = ends[int(ignored[0].get("n"))].start()
        repaired = b"%s%s%s" % (repaired[:at], b"</div>" * ignored[1], repaired[at:])
    if repaired is markup:
        return None
    if len(marks) < len(ends):
        return etree.fromstring(repaired, parser=_parser("utf-8"))
    for mark in marks:
        _take_out(mark)
    return tree


def _marked(markup: bytes, ends: list[re.Match[bytes]]) -> bytes:
    """``markup`` with a marker element, numbered, written before each of ``ends``."""
    pieces: list[bytes] = []
    start = 0
    for index, end in enumerate(ends):
        pieces += (markup[start : end.start()], b"<%s n=%d></%s>" % (_MARK_B, index, _MARK_B))
        start = end.start()
    return b"".join([*pieces, markup[start:]])


def _take_out(mark: etree._Element) -> None:
    """Remove an empty element, the text after it kept where it was."""
    parent, before = mark.getparent(), mark.getprevious()
    if mark.tail and before is not None:
        before.tail = (before.tail or "") + mark.tail
    elif mark.tail:
        parent.text = (parent.text or "") + mark.tail
    parent.remove(mark)


def _divs_left_open(mark: etree._Element, ends: list[re.Match[bytes]]) -> int:
    """How many ``<div>`` elements libxml2 left open at ``mark``, written before one of
    the end tags ``ends``, that a browser closes there: those between the mark and the
    nearest open element the end tag names, when that element is in scope; none when the
    end tag closed it."""
    name = ends[int(mark.get("n"))][1].decode().lower()
    limits = _LIST_ITEM_SCOPE_LIMITS if name == "li" else _SCOPE_LIMITS
    divs = 0
    for open_element in mark.iterancestors():
        tag = open_element.tag
        if tag == name:
            return divs
        if tag in limits:
            return 0
        divs += tag == "div"
    return 0


def _readable(text: str, utf8: bytes | None) -> tuple[str | bytes, etree.HTMLParser]:
    """``text`` as UTF-8 bytes (``utf8`` when given) and a parser told so, or as itself
    where lxml reads the ``str`` otherwise: a lone surrogate (no UTF-8: lxml cuts the text
    node there) or a second XML declaration at the start (lxml refuses the ``str``)."""
    if not text.startswith("<?xml"):
        try:
            return utf8 if utf8 is not None else text.encode("utf-8"), _parser("utf-8")
        except UnicodeEncodeError:
            pass
    return text, _parser()


def tag_of(element: etree._Element) -> str:
    """Lower-case tag name; '' for comments, entities and processing instructions."""
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def tokens(element: etree._Element) -> list[str]:
    """class and id values, lower-cased, one token per whitespace-separated word."""
    return tokens_of(element.get("class"), element.get("id"))


def inside(element: etree._Element, box: etree._Element) -> bool:
    """Whether ``element`` is ``box`` or sits within it."""
    return element is box or any(ancestor is box for ancestor in element.iterancestors())


def tokens_of(names: str | None, ident: str | None) -> list[str]:
    """``tokens`` of an element whose class is ``names`` and id ``ident``."""
    if not ident:
        return names.lower().split() if names else []
    return [*names.lower().split(), *ident.lower().split()] if names else ident.lower().split()


_INVISIBLE: Final = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")


_NOT_WORD: Final = re.compile(r"\W+")
# an ASCII text's bytes that are no word character (all but letters, digits and "_"), and
# its capitals to their lower case: what ``_NOT_WORD`` and ``casefold`` do to such a text
_ASCII_NOT_WORD: Final = bytes(byte for byte in range(128) if not re.match(r"\w", chr(byte)))
_ASCII_FOLD: Final = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def word_chars(text: str) -> str:
    """The text's word characters alone, case folded: two printings of one text, their
    spacing, punctuation and case aside, compare equal, and a copy is found inside another.
    An ASCII text (most) is folded by one translation of its bytes (in C, a table lookup a
    byte), where the pattern's substitution built a piece for each run of word characters."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD, _ASCII_NOT_WORD).decode("ascii")
    return _NOT_WORD.sub("", text).casefold()


def normalize_space(text: str) -> str:
    """Runs of whitespace to one space; zero-width characters and soft hyphens dropped.

    ``str.split()`` splits on exactly the whitespace of the regex ``\\s`` (both read
    ``str.isspace``) at a fifth of the cost; this runs once per block of every page.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # already normal (most paragraphs written on one line): a printable text's only
        # whitespace is the space, and it holds no zero-width character or soft hyphen
        # (none is printable); splitting and joining it cost ~10 k instructions a
        # paragraph, and beyond ASCII the pattern's pass over it as much again
        return text
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def text_of(element: etree._Element) -> str:
    """All text under an element, whitespace collapsed (script and style included as-is)."""
    return normalize_space("".join(element.itertext()))


# what a memo of answers by element says of an element it has not met (answers may be None)
UNKNOWN: Final[Any] = object()


def nearest_answer(
    element: etree._Element | None,
    answer: Callable[[etree._Element], Answer | None],
    known: dict[etree._Element, Answer],
    default: Answer,
) -> Answer:
    """The ``answer`` of the nearest of ``element`` and its ancestors that gives one, else
    ``default``; remembered in ``known`` for every element walked, so a page's blocks,
    which share their ancestors, walk each of them once."""
    path = []
    found = default
    while element is not None:
        earlier = known.get(element, UNKNOWN)  # one lookup: most elements are known
        if earlier is not UNKNOWN:
            found = earlier
            break
        given = answer(element)
        if given is not None:
            found = given
            break
        path.append(element)
        element = element.getparent()
    for visited in path:
        known[visited] = found
    return found
