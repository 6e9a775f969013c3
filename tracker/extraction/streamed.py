"""Parts of a page streamed after its shell: put where the page's scripts put them.

A React page rendered on the server in streaming mode (Next.js and others) sends its
shell first, with a placeholder for every part not ready yet (``<template id="B:1">``,
``<template id="P:7">``), and then each part as a hidden ``<div hidden id="S:1">`` at
the end of the body, with a one-line script that moves it into its placeholder
(``$RC("B:1","S:1")``, ``$RS("S:7","P:7")``). A reader sees the parts in place; read as
sent, the article is hidden text at the end of the page. Doing the moves gives the page
a reader sees. The fallback shown until a part arrives ("Loading…") stays: the parser
drops the comments that bound it, and it is short.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

_PART: Final = re.compile(r"S:[0-9a-z]+")


def reveal_streamed(root: etree._Element, source: str) -> None:
    """Move each streamed part into its placeholder. React names both after the part
    (``S:1`` goes to ``B:1`` or ``P:1``), so the move holds where a capture kept the parts
    but not the scripts."""
    if 'id="S:' not in source:
        return
    placeholders = {
        ident[2:]: element
        for element in root.iter("template")
        if (ident := element.get("id") or "")[:2] in ("B:", "P:")
    }
    parts = [
        element
        for element in root.iter("div")
        if element.get("hidden") is not None and _PART.fullmatch(element.get("id") or "")
    ]
    for part in parts:
        placeholder = placeholders.get(part.get("id", "")[2:])
        if placeholder is not None and part not in placeholder.iterancestors():
            _put_in_place(placeholder, part)


def _put_in_place(placeholder: etree._Element, part: etree._Element) -> None:
    """The placeholder becomes a plain box holding the part's content; the hidden part
    goes."""
    placeholder.tag = "div"
    placeholder.attrib.clear()
    placeholder.text = part.text
    placeholder.extend(list(part))
    _remove(part)


def _remove(element: etree._Element) -> None:
    """Take an element out of the tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
