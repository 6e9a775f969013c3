"""Inline word diff of one modified sentence, shared by every renderer.

diff-match-patch on whole words (each distinct word mapped to one private-use
character, the same trick its line mode uses) followed by its semantic cleanup:
readers see "may reduce" -> "reduces" as one replaced phrase, not letter soup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

Op = Literal["equal", "delete", "insert"]
# a number with its separators ("1,200", "4.5") is one token: "1,[-000-]{+200+}" misreads
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+|\s+|[^\w\s]", re.UNICODE)
_OPS: dict[int, Op] = {0: "equal", -1: "delete", 1: "insert"}
_FIRST_CODEPOINT = 0xF0000  # supplementary private use areas A and B: never in page text
_LAST_CODEPOINT = 0x10FFFD
_TIMEOUT_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class Segment:
    op: Op
    text: str


def _encode(tokens: list[str], table: dict[str, str], alphabet: list[str]) -> str:
    chars = []
    for token in tokens:
        char = table.get(token)
        if char is None:
            char = chr(_FIRST_CODEPOINT + len(alphabet))
            table[token] = char
            alphabet.append(token)
        chars.append(char)
    return "".join(chars)


def word_diff(old: str, new: str) -> list[Segment]:
    """Segments that rebuild ``old`` from the equal+delete parts and ``new`` from equal+insert."""
    if old == new:
        return [Segment("equal", old)] if old else []
    table: dict[str, str] = {}
    alphabet: list[str] = []
    old_tokens = _TOKEN.findall(old)
    new_tokens = _TOKEN.findall(new)
    engine = diff_match_patch()
    engine.Diff_Timeout = _TIMEOUT_SECONDS
    if len(set(old_tokens) | set(new_tokens)) > _LAST_CODEPOINT - _FIRST_CODEPOINT:
        # more distinct words than private characters: fall back to a character diff
        diffs = engine.diff_main(old, new, False)
        engine.diff_cleanupSemantic(diffs)
        return _merge([(_OPS[op], text) for op, text in diffs])
    old_chars = _encode(old_tokens, table, alphabet)
    new_chars = _encode(new_tokens, table, alphabet)
    diffs = engine.diff_main(old_chars, new_chars, False)
    engine.diff_cleanupSemantic(diffs)
    decoded = [
        (_OPS[op], "".join(alphabet[ord(char) - _FIRST_CODEPOINT] for char in chars))
        for op, chars in diffs
    ]
    return _merge(decoded)


def _merge(parts: list[tuple[Op, str]]) -> list[Segment]:
    segments: list[Segment] = []
    for op, text in parts:
        if not text:
            continue
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))
    return segments


def side(segments: list[Segment], which: Literal["old", "new"]) -> str:
    """One side of a diff rebuilt from its segments."""
    skip: Op = "insert" if which == "old" else "delete"
    return "".join(segment.text for segment in segments if segment.op != skip)
