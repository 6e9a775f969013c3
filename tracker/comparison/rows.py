"""Rows of lists and tables keep their identity: their key, not their neighbours' likeness.

A list of sub-processors, a price table or a glossary is a set of rows that look
alike ("Stripe: payments, United States", "Mailgun: e-mail, United States"). Matched
by similarity alone, a new row pairs with the neighbour it resembles and reads as
that row "modified", and a removed row pairs with a look-alike elsewhere and reads
as "moved". Each row has a key that names it: a table row's first cell or a
definition's term (``Block.row``, set by extraction), or a list item's term before a
colon or dash. Alignment then pairs leftover rows with the same key (an edit, with
its word diff) and never pairs rows with different keys, so a row that came is
``added`` and a row that went is ``removed``.

A key counts only where it names one row on its side: a first column of "Yes"/"No"
names nothing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from tracker.comparison.normalize import loose_key
from tracker.model import Block, BlockKind

MAX_TERM_CHARS = 60
MAX_TERM_WORDS = 8
MAX_ROW_UNITS = 32  # sentences of one row worth pairing with each other
# "Term: text", "Term – text", "Term — text", "Term - text"
_TERM = re.compile(r"^\s*([^:\u2013\u2014]{1,60}?)\s*(?::|\s[\u2013\u2014-]\s)\s*\S")

RowKeys = Sequence[str | None]


def block_key(block: Block, *, cells: bool = True) -> str | None:
    """The key naming the row this block belongs to, or None when it is no keyed row.

    ``cells=False`` ignores what extraction recorded (``Block.row``) and keeps only
    what the text says: a version extracted before rows were recorded has none.
    """
    if block.row and cells:
        return loose_key(block.row) or None
    if block.kind is not BlockKind.LIST_ITEM:
        return None
    match = _TERM.match(block.text)
    if match is None or len(match.group(1).split()) > MAX_TERM_WORDS:
        return None
    return loose_key(match.group(1)) or None


def row_keys(
    blocks: Sequence[Block], unit_blocks: Sequence[int], *, cells: bool = True
) -> list[str | None]:
    """Each unit's row key (units given by the index of their block), unique keys only.

    Consecutive blocks with one key are one row (the cells of a table row); a key
    that names two rows on this side names neither.
    """
    keys = [block_key(block, cells=cells) for block in blocks]
    if not any(keys):  # the usual article: no list item or table row names itself
        return [None] * len(unit_blocks)
    rows: Counter[str] = Counter()
    previous = None
    for key in keys:
        if key is not None and key != previous:
            rows[key] += 1
        previous = key
    unique = [key if key is not None and rows[key] == 1 else None for key in keys]
    return [unique[b] for b in unit_blocks]


def within_rows(keys: Sequence[str], rows: RowKeys) -> list[str]:
    """Matching keys that also name the row, so equal text in two rows is not one unit."""
    return [key if row is None else f"{row}\x1f{key}" for key, row in zip(keys, rows, strict=True)]


def compatible(old: str | None, new: str | None) -> bool:
    """Two units may pair unless both are keyed rows with different keys."""
    return old is None or new is None or old == new


def unit_rows(
    old: tuple[Sequence[Block], Sequence[int]], new: tuple[Sequence[Block], Sequence[int]]
) -> tuple[list[str | None], list[str | None]] | None:
    """Both versions' unit row keys (blocks and each unit's block), or None when no row has one.

    Recorded cell rows count only when both versions recorded them, so a version
    stored before extraction named rows compares as it always did.
    """
    cells = any(block.row for block in old[0]) and any(block.row for block in new[0])
    old_rows = row_keys(*old, cells=cells)
    if not any(old_rows):
        return None
    new_rows = row_keys(*new, cells=cells)
    return (old_rows, new_rows) if any(new_rows) else None


def same_row_candidates(
    rest_old: Sequence[int], rest_new: Sequence[int], old_rows: RowKeys, new_rows: RowKeys
) -> set[tuple[int, int]]:
    """Unmatched units of the same keyed row on both sides: each may be the other, edited."""
    new_by_key: dict[str, list[int]] = defaultdict(list)
    for j in rest_new:
        key = new_rows[j]
        if key is not None:
            new_by_key[key].append(j)
    return {
        (i, j)
        for i in rest_old
        if (key := old_rows[i]) is not None
        for j in new_by_key.get(key, ())[:MAX_ROW_UNITS]
    }
