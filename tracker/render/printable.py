"""The one filter page text passes before it reaches a terminal or a log.

A page's strings are the page author's: a control character could move the cursor,
recolour the terminal or write to the clipboard (``ESC ]52;``), a C1 control is read
as one by some terminals, a bidi override could make a line read otherwise than it is
stored. Everything ``str.isprintable`` refuses (controls, format characters such as
the bidi overrides, line and paragraph separators) becomes a space in text
(``printable``, ``printable_lines``); in JSON it is written as its ``\\u`` escape
(``\\u001b`` for ESC; ``printable_json``), which any JSON reader decodes back to the
same string, so no data is lost and nothing raw reaches a terminal. A long quotation is
cut at a word's end and says so with "…" (``clipped``), never mid-word as if it ended there.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["clipped", "printable", "printable_json", "printable_lines"]


def printable(text: str, *, tabs: bool = False) -> str:
    """``text`` safe to print on one terminal line (``tabs``: keep tab characters)."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or (tabs and ch == "\t") else " " for ch in text)


def clipped(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters: cut after its last whole word that fits,
    then "…", so a quoted heading or sentence never seems to end where it was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def printable_lines(text: str) -> str:
    """Several lines of text, each made printable (tabs kept), the line breaks kept."""
    return "\n".join(printable(line, tabs=True) for line in text.split("\n"))


def _escaped(ch: str) -> str:
    if ch == "\n":  # JSON's own line breaks (indentation); never inside a string
        return ch
    if ord(ch) > 0xFFFF:  # written as its UTF-16 surrogate pair, as JSON spells it
        code = ord(ch) - 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{ord(ch):04x}"


def printable_json(
    value: Any, *, indent: int | None = None, default: Callable[[Any], Any] | None = None
) -> str:
    """``json.dumps(value, ensure_ascii=False)`` with every unprintable character escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=default)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escaped(ch) for ch in text)
