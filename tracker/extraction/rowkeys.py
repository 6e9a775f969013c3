"""What names a table row or a definition: the key its blocks are compared under.

A table row is named by its first cell, a definition (``<dd>``) by its term
(``<dt>``). Every block inside the row or definition carries that name as
``Block.row``, so comparison pairs a row with itself across versions
(tracker.comparison.rows) instead of with a look-alike neighbour. A first cell
that is only a number or a mark ("1", "•") names a position, not a row: no key.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from tracker.extraction.dom import tag_of, text_of

ROW_DEPTH: Final = 4  # a block sits this close under its cell (td > div > p)
_CELLS: Final = ("td", "th")
_NO_NAME: Final = re.compile(r"^[\W\d_]*$")


def page_has_rows(element: etree._Element) -> bool:
    """Whether the page ``element`` belongs to has a table cell or a definition at all:
    on a page without one (most articles) no block has a row, and ``row_of`` need not
    climb from each (one look over the tree, in libxml2; the parser writes tags in
    lower case, as ``tag_of`` reads them)."""
    root = element.getroottree().getroot()
    return next(root.iter(*_CELLS, "dd", "dt"), None) is not None


def row_of(element: etree._Element) -> str | None:
    """The name of the table row or definition ``element`` belongs to, or None."""
    node: etree._Element | None = element
    for _ in range(ROW_DEPTH):
        if node is None:
            return None
        tag = tag_of(node)
        if tag in _CLIMB_ENDS:  # one look-up per level: this runs for every kept block
            return _row_at(node, tag)
        node = node.getparent()
    return None


_CLIMB_ENDS: Final = frozenset({*_CELLS, "dd", "dt", "tr", "table", "dl", "li", "body"})


def _row_at(node: etree._Element, tag: str) -> str | None:
    """The row name where the climb from a block ends, at ``node`` (a ``tag`` element)."""
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
    return None  # a row, table, list or the body: the block is in no cell


def _name(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = text_of(element)
    return None if _NO_NAME.match(text) else text
