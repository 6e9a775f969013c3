"""The one filter page text passes before it reaches a terminal.

A page's strings are the page author's: a control character could move the cursor or
recolour the terminal, a bidi override could make a line read otherwise than it is
stored. Everything ``str.isprintable`` refuses (controls, format characters such as
the bidi overrides, line and paragraph separators) becomes a space.
"""

from __future__ import annotations

__all__ = ["printable"]


def printable(text: str, *, tabs: bool = False) -> str:
    """``text`` safe to print on one terminal line (``tabs``: keep tab characters)."""
    return "".join(ch if ch.isprintable() or (tabs and ch == "\t") else " " for ch in text)
