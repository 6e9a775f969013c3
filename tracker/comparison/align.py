"""Whole-document alignment of two sequences of sentences (or any text units).

Order of work, each step only on what the previous left over:

1. exact matches on the normalised key: sentences unique in both versions first
   (as in patience diff), grown outward through equal neighbours, then repeated
   ones by order of occurrence; the heaviest chain of matches that keeps its
   order in both versions (weighted longest increasing subsequence, O(n log n))
   stays in place, every other exact match has ``moved``;
2. similarity pairing of the rest with rapidfuzz, one unit to one, or one to two
   adjacent units (a sentence split in two, or two merged); candidates come from
   rare shared words (an inverted index with capped postings) and from the same
   gap between in-place anchors, so long pages never cost n x m comparisons;
   a heavier rewrite in the same gap still pairs when it makes the same claim about the
   same subject (``same_claim``): most content words shared, or a cited work shared;
3. what is still unpaired is ``removed`` (old) or ``added`` (new).

Every old and every new unit ends up in exactly one operation.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Literal, NamedTuple

from rapidfuzz import fuzz

from tracker.comparison import rows as keyed
from tracker.comparison.claim_lexicon import FUNCTION_WORDS
from tracker.comparison.normalize import loose_key
from tracker.comparison.rows import RowKeys

Kind = Literal["equal", "modified", "moved", "added", "removed"]
SharesWork = Callable[[int, int], bool]  # do old unit i and new unit j cite a work in common

# Similarity (0-100, rapidfuzz) a pair needs: in the same gap between anchors a
# rewrite is likely; across gaps (moved and rewritten) we want stronger evidence.
IN_PLACE_THRESHOLD = 60.0
MOVED_THRESHOLD = 78.0
# A split or merge must beat the best one-to-one pairing of its parts by this much;
# by less when every piece's words come from the whole sentence.
SPAN_MARGIN = 4.0
SPAN_MARGIN_PIECES = 0.5
PIECE_CONTAINMENT = 0.75
# A part of a split sentence shares at least this much with the whole (a quarter of it
# scores about 40), so pairs below it are not worth testing as splits or merges.
SPAN_FLOOR = 35.0
_MAX_POSTING = 24  # words shared by more units than this carry no identity
_RARE_WORDS = 10  # words per unit used to look up candidates (rarest first)
_CANDIDATES = 8  # best candidates kept per unit
_LONG_UNIT = 6000  # characters (both sides) beyond which similarity counts words
_GAP_WINDOW = 2  # neighbours by rank inside the same gap, for units without rare words
# A rewrite below IN_PLACE_THRESHOLD is still one claim when, in the same gap, its word
# order scores this much and it keeps the subject: this share of the shorter side's
# content words (at least SAME_CLAIM_WORDS), or fewer words and a cited work in common.
SAME_CLAIM_THRESHOLD = 50.0
SAME_CLAIM_SHARE = 0.5
SAME_CLAIM_WORDS = 3
SAME_WORK_WORDS = 2
_FUNCTION_WORDS = FUNCTION_WORDS | frozenset(
    [
        "being",
        "he",
        "her",
        "his",
        "no",
        "not",
        "only",
        "other",
        "our",
        "she",
        "some",
        "such",
        "their",
        "there",
        "they",
        "we",
        "you",
        "your",
    ]
)


class AlignOp(NamedTuple):
    """One step of the alignment: indices into the old and the new sequence (a named
    tuple: an alignment makes one per sentence)."""

    kind: Kind
    old: tuple[int, ...]
    new: tuple[int, ...]
    score: float = 100.0


def align(
    old_keys: Sequence[str],
    new_keys: Sequence[str],
    *,
    shares_work: SharesWork | None = None,
    rows: tuple[RowKeys, RowKeys] | None = None,
) -> list[AlignOp]:
    """Align two sequences of normalised keys; ops come in reading order of the new version.

    ``shares_work``, when given, says whether old unit i and new unit j cite a work in
    common: a rewrite that keeps a cited work pairs on fewer shared words (see
    ``same_claim``); it is asked only of the few pairs that need it. ``rows`` gives each
    unit's row key (tracker.comparison.rows), or None: units of one keyed row pair
    whatever their likeness, units of different rows never pair.
    """
    if rows is None:
        exact = _exact_pairs(old_keys, new_keys)
    else:  # a row's text matches only the same row's: "United States" in two rows
        exact = _exact_pairs(
            keyed.within_rows(old_keys, rows[0]), keyed.within_rows(new_keys, rows[1])
        )
    anchors = _heaviest_chain(exact, old_keys)
    ops: list[AlignOp] = []
    for i, j in exact:
        kind: Kind = "equal" if (i, j) in anchors else "moved"
        ops.append(AlignOp(kind, (i,), (j,)))
    used_old = {i for i, _ in exact}
    used_new = {j for _, j in exact}
    rest_old = [i for i in range(len(old_keys)) if i not in used_old]
    rest_new = [j for j in range(len(new_keys)) if j not in used_new]
    if rest_old and rest_new:
        ops.extend(
            _similar_pairs(
                old_keys, new_keys, rest_old, rest_new, sorted(anchors), shares_work, rows
            )
        )
        used_old = {i for op in ops for i in op.old}
        used_new = {j for op in ops for j in op.new}
    ops.extend(AlignOp("removed", (i,), (), 0.0) for i in range(len(old_keys)) if i not in used_old)
    ops.extend(AlignOp("added", (), (j,), 0.0) for j in range(len(new_keys)) if j not in used_new)
    return _reading_order(ops)


def _exact_pairs(old_keys: Sequence[str], new_keys: Sequence[str]) -> list[tuple[int, int]]:
    """Exact matches, sorted by old index: unique keys first, then their neighbours, then the rest.

    Keys that occur once in each version are reliable anchors (as in patience diff).
    Matches then grow outward from the anchors through equal neighbours, which places
    repeated short units ("$39.99" twice in a price table) where their context says.
    What is still unmatched pairs by order of occurrence: the k-th with the k-th.
    """
    old_count: dict[str, int] = defaultdict(int)
    new_positions: dict[str, list[int]] = defaultdict(list)
    for key in old_keys:
        old_count[key] += 1
    for j, key in enumerate(new_keys):
        new_positions[key].append(j)
    old_of: dict[int, int] = {}  # old index -> new index
    new_of: dict[int, int] = {}
    unique = [
        (i, new_positions[key][0])
        for i, key in enumerate(old_keys)
        if old_count[key] == 1 and len(new_positions.get(key, ())) == 1
    ]
    for i, j in sorted(_heaviest_chain(unique, old_keys)):
        old_of[i], new_of[j] = j, i
    for i, j in sorted(old_of.items()):
        for step in (1, -1):
            a, b = i + step, j + step
            while (
                0 <= a < len(old_keys)
                and 0 <= b < len(new_keys)
                and a not in old_of
                and b not in new_of
                and old_keys[a] == new_keys[b]
            ):
                old_of[a], new_of[b] = b, a
                a, b = a + step, b + step
    free_positions: dict[str, list[int]] = defaultdict(list)
    for j, key in enumerate(new_keys):
        if j not in new_of:
            free_positions[key].append(j)
    taken: dict[str, int] = defaultdict(int)
    for i, key in enumerate(old_keys):
        if i in old_of:
            continue
        candidates = free_positions.get(key)
        if candidates is not None and taken[key] < len(candidates):
            j = candidates[taken[key]]
            old_of[i], new_of[j] = j, i
            taken[key] += 1
    return sorted(old_of.items())


def _heaviest_chain(pairs: list[tuple[int, int]], old_keys: Sequence[str]) -> set[tuple[int, int]]:
    """Pairs increasing in both versions with the most text: what did not move."""
    if not pairs:
        return set()
    if all(a[1] < b[1] for a, b in itertools.pairwise(pairs)):
        return set(pairs)  # nothing moved (the usual edit): every pair is on the chain
    size = max(j for _, j in pairs) + 2
    tree_weight = [0.0] * size  # Fenwick tree of prefix maxima over new positions
    tree_index = [-1] * size
    best_weight = [0.0] * len(pairs)
    parent = [-1] * len(pairs)
    for n, (i, j) in enumerate(pairs):  # pairs come sorted by old index
        weight, index = 0.0, -1
        k = j  # best chain ending at a new position < j
        while k > 0:
            if tree_weight[k] > weight:
                weight, index = tree_weight[k], tree_index[k]
            k -= k & -k
        best_weight[n] = weight + _weight(old_keys[i], i, j)
        parent[n] = index
        k = j + 1
        while k < size:
            if best_weight[n] > tree_weight[k]:
                tree_weight[k], tree_index[k] = best_weight[n], n
            k += k & -k
    n = max(range(len(pairs)), key=best_weight.__getitem__)
    chain = set()
    while n != -1:
        chain.add(pairs[n])
        n = parent[n]
    return chain


def similarity(a: str, b: str) -> float:
    """0-100: rapidfuzz's normalised Indel similarity, or word overlap for very long units.

    Indel costs len(a) * len(b) / 64 steps; a hostile page with a megabyte-long
    "sentence" would stall the diff, so past a few thousand characters the score
    is the Dice overlap of the two word multisets, which is linear.
    """
    if len(a) + len(b) <= _LONG_UNIT:
        return fuzz.ratio(a, b)
    left, right = Counter(a.split()), Counter(b.split())
    total = sum(left.values()) + sum(right.values())
    return 200.0 * sum((left & right).values()) / total if total else 100.0


def _weight(key: str, i: int, j: int) -> float:
    """Text length decides; ties go to the smaller displacement, then to a hash of the text.

    Both tie-breakers read the same when the versions are swapped, so swapping them
    keeps the same sentences in place and the alignment stays symmetric.
    """
    return (
        len(key)
        + 1.0
        + 1e-3 / (1 + abs(i - j))
        + 1e-9 * zlib.crc32(key.encode("utf-8", "surrogatepass")) / 2**32
    )


def _similar_pairs(
    old_keys: Sequence[str],
    new_keys: Sequence[str],
    rest_old: list[int],
    rest_new: list[int],
    anchors: list[tuple[int, int]],
    shares_work: SharesWork | None = None,
    rows: tuple[RowKeys, RowKeys] | None = None,
) -> list[AlignOp]:
    old_loose = {i: loose_key(old_keys[i]) for i in rest_old}
    new_loose = {j: loose_key(new_keys[j]) for j in rest_new}
    anchor_old = [i for i, _ in anchors]
    anchor_new = [j for _, j in anchors]
    gap_old = {i: bisect.bisect_left(anchor_old, i) for i in rest_old}
    gap_new = {j: bisect.bisect_left(anchor_new, j) for j in rest_new}

    pairs = _candidate_pairs(old_loose, new_loose, rest_old, rest_new, gap_old, gap_new)
    old_rows, new_rows = rows or ((None,) * len(old_keys), (None,) * len(new_keys))
    if rows is not None:
        pairs = {(i, j) for i, j in pairs if keyed.compatible(old_rows[i], new_rows[j])}
        pairs |= keyed.same_row_candidates(rest_old, rest_new, old_rows, new_rows)
    free_old = set(rest_old)
    free_new = set(rest_new)
    scored: list[tuple[float, int, int, tuple[int, ...], tuple[int, ...]]] = []
    singles: dict[tuple[int, int], float] = {}
    for i, j in pairs:
        singles[(i, j)] = similarity(old_loose[i], new_loose[j])
    olds: tuple[int, ...]
    news: tuple[int, ...]
    for (i, j), score in singles.items():
        same_gap = gap_old[i] == gap_new[j]
        threshold = IN_PLACE_THRESHOLD if same_gap else MOVED_THRESHOLD
        if old_rows[i] is not None and old_rows[i] == new_rows[j]:
            threshold = 0.0  # one row on both sides: an edit, however large
        if score >= threshold or (
            same_gap
            and same_claim(old_loose[i], new_loose[j], bool(shares_work and shares_work(i, j)))
        ):
            scored.append((score, i + j, i, (i,), (j,)))
        if score < SPAN_FLOOR:
            continue  # not even a quarter of a split sentence: no split or merge to find
        # split: old i became new j and j+1 (or j-1 and j); merge: the mirror image
        for olds, news in (
            ((i,), (j, j + 1)),
            ((i,), (j - 1, j)),
            ((i, i + 1), (j,)),
            ((i - 1, i), (j,)),
        ):
            if not (all(o in free_old for o in olds) and all(n in free_new for n in news)):
                continue
            if not all(keyed.compatible(old_rows[o], new_rows[n]) for o in olds for n in news):
                continue
            joined_old = " ".join(old_loose[o] for o in olds)
            joined_new = " ".join(new_loose[n] for n in news)
            span = similarity(joined_old, joined_new)
            parts = max(singles.get((o, n), 0.0) for o in olds for n in news)
            # the pieces must come from the whole: then any gain will do ("Last month."
            # cut off a long sentence gains little); otherwise a clear gain is needed,
            # or an unrelated neighbour would ride along with a rewrite
            pieces = [old_loose[o] for o in olds] if len(olds) > 1 else [new_loose[n] for n in news]
            whole = set((joined_new if len(olds) > 1 else joined_old).split())
            margin = SPAN_MARGIN_PIECES if _all_within(pieces, whole) else SPAN_MARGIN
            if span >= max(threshold, parts + margin):
                scored.append((span, sum(olds) + sum(news), olds[0], olds, news))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    ops = []
    for score, _, _, olds, news in scored:
        if all(o in free_old for o in olds) and all(n in free_new for n in news):
            free_old.difference_update(olds)
            free_new.difference_update(news)
            same_gap = gap_old[olds[0]] == gap_new[news[0]]
            ops.append(AlignOp("modified" if same_gap else "moved", olds, news, score))
    return ops


def content_words(loose: str) -> set[str]:
    """The words that carry a sentence's subject and claim, plural -s folded."""
    return {
        word[:-1] if len(word) > 4 and word.endswith("s") else word
        for word in loose.split()
        if word not in _FUNCTION_WORDS and not word.isdigit() and len(word) > 2
    }


def same_claim(old_loose: str, new_loose: str, shares_work: bool) -> bool:
    """A heavy rewrite that still makes the claim about the same subject.

    "our injections contain living stem cells that grow new cartilage" and "some
    amniotic injections may contain small numbers of living cells" share 4 of 7 content
    words and read 68 in word order: one claim, hedged. Symmetric in its two texts.
    """
    if len(old_loose) + len(new_loose) > _LONG_UNIT:
        return False  # a hostile megabyte "sentence": word order costs too much to read
    old_words, new_words = content_words(old_loose), content_words(new_loose)
    shared = len(old_words & new_words)
    needed = SAME_WORK_WORDS if shares_work else SAME_CLAIM_WORDS
    if shared < needed or shared < SAME_CLAIM_SHARE * min(len(old_words), len(new_words)):
        return False
    return fuzz.token_sort_ratio(old_loose, new_loose) >= SAME_CLAIM_THRESHOLD


def _all_within(pieces: list[str], whole: set[str]) -> bool:
    """Most words of every piece occur in the whole (a split part, or a merged sentence)."""
    for piece in pieces:
        words = piece.split()
        if not words or sum(word in whole for word in words) < PIECE_CONTAINMENT * len(words):
            return False
    return True


def _candidate_pairs(
    old_loose: dict[int, str],
    new_loose: dict[int, str],
    rest_old: list[int],
    rest_new: list[int],
    gap_old: dict[int, int],
    gap_new: dict[int, int],
) -> set[tuple[int, int]]:
    """Pairs worth scoring: shared rare words (both directions) and gap neighbours."""
    pairs: set[tuple[int, int]] = set()
    old_words = {i: set(old_loose[i].split()) for i in rest_old}
    new_words = {j: set(new_loose[j].split()) for j in rest_new}
    for source, target, flip in ((new_words, old_words, False), (old_words, new_words, True)):
        index: dict[str, list[int]] = defaultdict(list)
        for unit, words in target.items():
            for word in words:
                index[word].append(unit)
        for unit, words in source.items():
            usable = [
                (len(postings), w)
                for w in words
                if 0 < len(postings := index.get(w, ())) <= _MAX_POSTING
            ]
            counts: dict[int, int] = defaultdict(int)
            for _, word in heapq.nsmallest(_RARE_WORDS, usable):
                for other in index[word]:
                    counts[other] += 1
            best = heapq.nsmallest(_CANDIDATES, counts, key=lambda other: (-counts[other], other))
            for other in best:
                pairs.add((other, unit) if not flip else (unit, other))
    by_gap_old: dict[int, list[int]] = defaultdict(list)
    by_gap_new: dict[int, list[int]] = defaultdict(list)
    for i in rest_old:
        by_gap_old[gap_old[i]].append(i)
    for j in rest_new:
        by_gap_new[gap_new[j]].append(j)
    for gap, olds in by_gap_old.items():
        news = by_gap_new.get(gap, [])
        # from both sides, so swapping the versions swaps the pairs and nothing else
        for rank, i in enumerate(olds):
            for n in _near(news, rank, len(olds)):
                pairs.add((i, n))
        for rank, n in enumerate(news):
            for i in _near(olds, rank, len(news)):
                pairs.add((i, n))
    return pairs


def _near(others: list[int], rank: int, count: int) -> list[int]:
    """Units of the other side around the same relative rank in the same gap."""
    centre = rank * len(others) // max(count, 1)
    return others[max(0, centre - _GAP_WINDOW) : centre + _GAP_WINDOW + 1]


def _reading_order(ops: list[AlignOp]) -> list[AlignOp]:
    """Sort by position in the new version; removed units sit after their old predecessor."""
    new_position_of_old: dict[int, float] = {}
    for op in ops:
        if op.new:
            for i in op.old:
                new_position_of_old[i] = min(op.new)
    known = sorted(new_position_of_old)

    def position(op: AlignOp) -> tuple[float, int, int]:
        if op.new:
            return (float(min(op.new)), 1, min(op.old, default=-1))
        first = min(op.old)
        k = bisect.bisect_left(known, first)
        before = new_position_of_old[known[k - 1]] if k else -1.0
        return (before + 0.5, 0, first)

    return sorted(ops, key=position)
