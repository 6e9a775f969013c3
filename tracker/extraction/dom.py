"""Parse HTML text into an lxml tree, robustly, and small read-only helpers over it.

libxml2's HTML parser recovers from any markup, and without its "huge" option it
caps nesting at 256 levels, which bounds every walk over the tree. Comments and
processing instructions are dropped at parse time.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from tracker.errors import ExtractionError

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, recover=True)
_SPACES = re.compile(r"\s+")


def parse(text: str) -> lxml.html.HtmlElement:
    """The <html> element of the page; an empty document for blank input."""
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return lxml.html.document_fromstring("<html><body></body></html>", parser=_PARSER)
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except etree.ParserError:
        return lxml.html.document_fromstring("<html><body></body></html>", parser=_PARSER)
    except (ValueError, etree.LxmlError) as error:
        raise ExtractionError(f"HTML could not be parsed: {error}") from error
    if root is None:
        return lxml.html.document_fromstring("<html><body></body></html>", parser=_PARSER)
    return root


def tag_of(element: etree._Element) -> str:
    """Lower-case tag name; '' for comments, entities and processing instructions."""
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def tokens(element: etree._Element) -> list[str]:
    """class and id values, lower-cased, one token per whitespace-separated word."""
    found = []
    for name in ("class", "id"):
        value = element.get(name)
        if value:
            found.extend(value.lower().split())
    return found


_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")


def normalize_space(text: str) -> str:
    """Runs of whitespace to one space; zero-width characters and soft hyphens dropped."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def text_of(element: etree._Element) -> str:
    """All text under an element, whitespace collapsed (script and style included as-is)."""
    return normalize_space("".join(element.itertext()))
