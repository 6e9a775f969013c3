"""What names a table row or a definition: the key its blocks are compared under.

A table row is named by its first cell, a definition (``<dd>``) by its term
(``<dt>``). Every block inside the row or definition carries that name as
``Block.row``, so comparison pairs a row with itself across versions
(tracker.comparison.rows) instead of with a look-alike neighbour. A first cell
that is only a number or a mark ("1", "•") names a position, not a row: no key.
"""

from __future__ import annotations

import re

from lxml import etree

from tracker.extraction.dom import tag_of, text_of

ROW_DEPTH = 4  # a block sits this close under its cell (td > div > p)
_CELLS = ("td", "th")
_NO_NAME = re.compile(r"^[\W\d_]*$")


def row_of(element: etree._Element) -> str | None:
    """The name of the table row or definition ``element`` belongs to, or None."""
    node: etree._Element | None = element
    for _ in range(ROW_DEPTH):
        if node is None:
            return None
        tag = tag_of(node)
        if tag in _CELLS:
            row = node.getparent()
            if row is None or tag_of(row) != "tr":
                return None
            return _name(next((cell for cell in row if tag_of(cell) in _CELLS), None))
        if tag == "dd":
            term = node.getprevious()
            while term is not None and tag_of(term) != "dt":
                term = term.getprevious()
            return _name(term)
        if tag == "dt":
            return _name(node)
        if tag in {"tr", "table", "dl", "li", "body"}:
            return None
        node = node.getparent()
    return None


def _name(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = text_of(element)
    return None if _NO_NAME.match(text) else text
