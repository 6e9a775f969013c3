"""Regular expressions written where they are used, compiled once.

The ``regex`` module's own module-level functions (``regex.sub(pattern, ...)``) look
their pattern up in a cache on every call, and that lookup costs several times the
match itself on the short strings of a reference entry or a citation: about 2.5 µs
a call, some fifty calls per reference. ``compiled`` keeps each pattern beside the
code that reads it while paying the compilation once per process.

``EdgeVocabulary`` matches one class or id token against a list of name patterns at
its word edges, the first pattern in order deciding, without a search per pattern.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Generic, TypeVar

import regex

from tracker.memo import once

__all__ = ["EdgeVocabulary", "compiled"]

T = TypeVar("T")
_QUANTIFIERS = frozenset("?*+{")


@once(1024)  # bounded: a few patterns interpolate a year
def compiled(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    return regex.compile(pattern, flags)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern written without escapes."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(pattern):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return parts


class EdgeVocabulary(Generic[T]):
    """Patterns matched against a class or id token with word edges at the token's ends
    and at '-' and '_' ("share-buttons" names "share", "shareholder" does not); the first
    pattern in order that matches anywhere in the token gives its value.

    Nearly every token names nothing, and a search per pattern for each of them was a
    third of a page's segmentation. So the alternatives of the patterns are filed by
    their first letter: at each word edge of the token one match of the alternatives
    that can start there says whether any pattern starts at that edge, and only then
    are that letter's alternatives tried pattern by pattern. The first pattern to match
    at any edge is the first pattern to match the token: the answer of searching every
    pattern in order.
    """

    def __init__(self, vocabulary: Sequence[tuple[T, str]]) -> None:
        self._values = [value for value, _ in vocabulary]
        by_first: dict[str, dict[int, list[str]]] = {}
        for index, (_, pattern) in enumerate(vocabulary):
            for alternative in _alternatives(pattern):
                literal = alternative[:1].isalnum() and alternative[1:2] not in _QUANTIFIERS
                first = alternative[0] if literal else ""  # "" : may start with anything
                by_first.setdefault(first, {}).setdefault(index, []).append(alternative)
        self._starting = {
            first: (
                _at_edge([alt for alts in by_index.values() for alt in alts]),
                [(index, _at_edge(alternatives)) for index, alternatives in by_index.items()],
            )
            for first, by_index in by_first.items()
        }
        self._anywhere = self._starting.pop("", None)

    def first(self, token: str) -> T | None:
        if "-" in token or "_" in token:
            edges = [0, *(index + 1 for index, char in enumerate(token) if char in "-_")]
        else:
            edges = [0]
        found = len(self._values)
        for edge in edges:
            for filed in (self._starting.get(token[edge : edge + 1]), self._anywhere):
                if filed is None or not filed[0].match(token, edge):
                    continue
                for index, pattern in filed[1]:
                    if index >= found:
                        break
                    if pattern.match(token, edge):
                        found = index
                        break
        return self._values[found] if found < len(self._values) else None


def _at_edge(alternatives: list[str]) -> re.Pattern[str]:
    """The alternatives, matched from a word edge up to the next edge or the end."""
    return re.compile(rf"(?:{'|'.join(alternatives)})(?:$|[-_])")
