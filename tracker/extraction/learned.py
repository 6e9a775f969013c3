"""A learned last word on each block's verdict, after the hand rules have decided.

The rules decide block by block from marks, scores and readings; what they cannot see
is how a block sits among the others: a paragraph stripped between two kept ones, a
list kept far from any prose. ``features`` describes each block by generic traits (its
verdict and its neighbours', its marks, kind, tag, length, link share, position, the
share of its section and of its parent element that is kept, and a fixed vocabulary of
class/id words of its element and its ancestors: never a site's own names), and a
small gradient-boosted tree ensemble (trained by benchmarks/train_extraction.py on
WCXB's dev pages, cross-validated by domain) gives the chance that a reader takes the
block as the page's content. A verdict flips only where the model is sure (thresholds
chosen inside the training folds); hidden text, date lines, duplicates, the site's
template and volatile furniture (counters, clocks, carousels, tokens) are facts, never
flipped. A block the model strips carries the reason ``learned`` and its chance.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from typing import Any

import numpy as np

from tracker.extraction.cards import Decision
from tracker.memo import once
from tracker.model import BlockKind, StripReason

R = StripReason
MODEL_FILE = "verdicts.json"
MODEL_SCHEMA = 1

# verdicts that are facts about the page, not guesses: never flipped
FACTS = frozenset(
    {
        R.HIDDEN,
        R.DATE_LINE,
        R.DUPLICATE,
        R.SITE_TEMPLATE,
        R.TOKEN,
        R.COUNTER,
        R.CLOCK,
        R.CAROUSEL,
        R.EXCLUDED_BY_SELECTOR,
    }
)
_REASONS = tuple(R)
_REASON_INDEX = {reason: i for i, reason in enumerate(_REASONS)}
_KINDS = tuple(BlockKind)
_KIND_INDEX = {kind: i for i, kind in enumerate(_KINDS)}
_TAGS = ("p", "li", "td", "th", "div", "span", "a", "dd", "dt", "blockquote", "pre", "h")
_TAG_INDEX = {tag: i for i, tag in enumerate(_TAGS)}
_BOXES = ("article", "main", "section", "aside", "nav", "footer", "header", "form", "table", "ul")
# generic class/id words (matched inside the tokens: "post-content" has "content" and "post")
_WORDS = (
    "content",
    "article",
    "post",
    "entry",
    "body",
    "main",
    "text",
    "story",
    "sidebar",
    "widget",
    "nav",
    "menu",
    "footer",
    "header",
    "comment",
    "related",
    "share",
    "social",
    "meta",
    "author",
    "date",
    "tag",
    "card",
    "item",
    "list",
    "product",
    "price",
    "desc",
    "faq",
    "question",
    "answer",
    "review",
    "breadcrumb",
    "title",
    "summary",
    "detail",
    "tab",
    "accordion",
    "col",
    "row",
    "grid",
    "container",
    "wrap",
    "banner",
    "promo",
    "ad",
    "modal",
    "cookie",
    "newsletter",
    "subscribe",
    "form",
    "btn",
    "link",
    "thread",
    "message",
    "user",
    "doc",
    "rich",
    "prose",
    "markdown",
)
_ANCESTORS = 8  # class/id words and box tags read this far up
_NEIGHBOURS = (-2, -1, 1, 2)
_SENTENCE_END = frozenset(".!?:;)\"'…")

FEATURE_NAMES: tuple[str, ...] = (
    "kept",
    *(f"verdict={reason.value}" for reason in _REASONS),
    *(f"mark={reason.value}" for reason in _REASONS),
    "marks",
    *(f"kind={kind.value}" for kind in _KINDS),
    "level",
    *(f"tag={tag}" for tag in _TAGS),
    *(f"own={word}" for word in _WORDS),
    *(f"up={word}" for word in _WORDS),
    *(f"in={tag}" for tag in _BOXES),
    "log_chars",
    "log_words",
    "link_share",
    "image_alt",
    "from_data",
    "position",
    "log_distance_kept",
    *(f"kept{offset:+d}" for offset in _NEIGHBOURS),
    *(f"same_kind{offset:+d}" for offset in _NEIGHBOURS),
    "depth",
    "sentence_end",
    "sentences",
    "digit_share",
    "capital_share",
    "page_share",
    "page_kept_share",
    "log_blocks",
    "section_kept_share",
    "section_blocks",
    "parent_kept_share",
    "parent_blocks",
)
_F = {name: i for i, name in enumerate(FEATURE_NAMES)}
_MARKS, _KIND, _TAG = _F[f"mark={_REASONS[0].value}"], _F["kind=heading"], _F["tag=p"]
_OWN = _F[f"own={_WORDS[0]}"]
_BOX_BIT = {tag: 1 << (len(_WORDS) + i) for i, tag in enumerate(_BOXES)}
_WORD_BITS = tuple((word, 1 << j) for j, word in enumerate(_WORDS))
_WORD_MASK = (1 << len(_WORDS)) - 1
_BITS = np.arange(64, dtype=np.uint64)
_DIGITS = b"0123456789"
_CAPITALS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class _Names:
    """The class/id words and box tags of elements, each element and each class/id pair
    read once per page (a page's blocks share most of their ancestors)."""

    def __init__(self) -> None:
        self.words: dict[tuple[str | None, str | None], int] = {}
        # element -> its own bits and those of the ancestors within _ANCESTORS, its depth
        self.chains: dict[Any, tuple[tuple[int, ...], int]] = {}

    def own(self, element: Any) -> int:
        """A bit per word of _WORDS found in the element's class and id."""
        key = (element.get("class"), element.get("id"))
        mask = self.words.get(key)
        if mask is None:
            names = f"{key[0] or ''} {key[1] or ''}".lower()
            mask = sum(bit for word, bit in _WORD_BITS if word in names)
            self.words[key] = mask
        return mask

    def chain(self, element: Any) -> tuple[tuple[int, ...], int]:
        """The bits (words, box tag) of ``element`` and of its ancestors within
        _ANCESTORS, nearest first, and the number of its ancestors."""
        found = self.chains.get(element)
        if found is not None:
            return found
        path = []
        while element is not None and element not in self.chains:
            path.append(element)
            element = element.getparent()
        bits, depth = self.chains[element] if element is not None else ((), -1)
        for node in reversed(path):
            depth += 1
            bits = (self.own(node) | _BOX_BIT.get(node.tag, 0), *bits[: _ANCESTORS - 1])
            self.chains[node] = (bits, depth)
        return bits, depth


def _kept_share(groups: np.ndarray, chars: np.ndarray, kept: np.ndarray):
    """For each block, the kept share of the text of the other blocks of its group (0.5
    when they have none), and the number of blocks of its group."""
    total = np.bincount(groups, weights=chars)[groups] - chars
    kept_chars = chars * kept
    kept_total = np.bincount(groups, weights=kept_chars)[groups] - kept_chars
    shares = np.divide(kept_total, total, out=np.full(len(groups), 0.5), where=total > 0)
    return shares, np.bincount(groups)[groups]


def _distance_to_kept(kept: np.ndarray) -> np.ndarray:
    """For each block, how many blocks away the nearest other kept block is (the number
    of blocks when there is none)."""
    n = len(kept)
    where = np.flatnonzero(kept)
    distance = np.full(n, n)
    if len(where):
        index = np.arange(n)
        after = np.searchsorted(where, index, side="right")  # first kept past the block
        before = np.searchsorted(where, index, side="left") - 1  # last kept before it
        has_after, has_before = after < len(where), before >= 0
        distance = np.where(has_after, where[np.minimum(after, len(where) - 1)] - index, n)
        distance = np.minimum(
            distance, np.where(has_before, index - where[np.maximum(before, 0)], n)
        )
    return distance


def features(decisions: list[Decision]) -> np.ndarray:
    """One row of FEATURE_NAMES per decision."""
    n = len(decisions)
    rows = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)
    if not n:
        return rows
    names = _Names()
    kept = np.array([reason is None for _, reason, _ in decisions])
    texts = [block.text for block, _, _ in decisions]
    chars = np.array([len(text) for text in texts], dtype=np.float64)
    one_rows: list[int] = []
    one_columns: list[int] = []
    kinds, levels, marks, depths, sections, parents = [], [], [], [], [], []
    owns: list[int] = []
    ups: list[int] = []
    parent_ids: dict[Any, int] = {}
    section = 0
    for i, (block, reason, _) in enumerate(decisions):
        if reason is not None:
            one_rows.append(i)
            one_columns.append(1 + _REASON_INDEX[reason])
        for mark in block.marks:
            one_rows.append(i)
            one_columns.append(_MARKS + _REASON_INDEX[mark[0]])
        kind = _KIND_INDEX[block.kind]
        kinds.append(kind)
        one_rows.append(i)
        one_columns.append(_KIND + kind)
        if block.kind is BlockKind.HEADING:
            section += 1
        sections.append(section)
        levels.append(block.level or 0)
        marks.append(len(block.marks))
        element = block.element
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = "h" if tag[:1] == "h" and tag[1:].isdigit() else tag
        if tag in _TAG_INDEX:
            one_rows.append(i)
            one_columns.append(_TAG + _TAG_INDEX[tag])
        parent = element.getparent()
        up = 0
        if parent is not None:
            chain, depth = names.chain(parent)
            for bits in chain:
                up |= bits
            depth += 1
        else:
            depth = 0
        owns.append(names.own(element))
        ups.append(up)
        depths.append(depth)
        group = element if parent is None else parent
        parents.append(parent_ids.setdefault(group, len(parent_ids)))
    rows[one_rows, one_columns] = 1.0
    for at, masks, width in (
        (_OWN, owns, len(_WORDS)),
        (_OWN + len(_WORDS), [up & _WORD_MASK for up in ups], len(_WORDS)),
        (_OWN + 2 * len(_WORDS), [up >> len(_WORDS) for up in ups], len(_BOXES)),
    ):
        rows[:, at : at + width] = (np.array(masks, dtype=np.uint64)[:, None] >> _BITS[:width]) & 1
    rows[:, 0] = kept
    rows[:, _F["marks"]] = marks
    rows[:, _F["level"]] = levels
    words = np.array([len(text.split()) for text in texts], dtype=np.float64)
    sized = np.maximum(chars, 1)
    rows[:, _F["log_chars"]] = np.log1p(chars)
    rows[:, _F["log_words"]] = np.log1p(words)
    rows[:, _F["link_share"]] = [block.link_chars for block, _, _ in decisions] / sized
    rows[:, _F["image_alt"]] = [block.image_alt for block, _, _ in decisions]
    rows[:, _F["from_data"]] = [block.source is not None for block, _, _ in decisions]
    rows[:, _F["position"]] = np.arange(n) / n
    rows[:, _F["log_distance_kept"]] = np.log1p(_distance_to_kept(kept))
    kind_array = np.array(kinds)
    padded_kept = np.concatenate([[0.5, 0.5], kept, [0.5, 0.5]])
    padded_kind = np.concatenate([[-1, -1], kind_array, [-1, -1]])
    for k, offset in enumerate(_NEIGHBOURS):
        rows[:, _F["kept-2"] + k] = padded_kept[2 + offset : 2 + offset + n]
        rows[:, _F["same_kind-2"] + k] = padded_kind[2 + offset : 2 + offset + n] == kind_array
    rows[:, _F["depth"]] = depths
    rows[:, _F["sentence_end"]] = [text[-1:] in _SENTENCE_END for text in texts]
    rows[:, _F["sentences"]] = [
        text.count(". ") + text.count("? ") + text.count("! ") for text in texts
    ]
    encoded = [text.encode() for text in texts]
    lengths = np.array([len(data) for data in encoded], dtype=np.float64)
    # ASCII digits and capitals: counted as what the bytes lose without them (in C)
    for name, dropped in (("digit_share", _DIGITS), ("capital_share", _CAPITALS)):
        left = np.array([len(data.translate(None, dropped)) for data in encoded])
        rows[:, _F[name]] = (lengths - left) / sized
    total_chars = chars.sum() or 1.0
    rows[:, _F["page_share"]] = chars / total_chars
    rows[:, _F["page_kept_share"]] = chars[kept].sum() / total_chars
    rows[:, _F["log_blocks"]] = math.log1p(n)
    shares, sizes = _kept_share(np.array(sections), chars, kept)
    rows[:, _F["section_kept_share"]] = shares
    rows[:, _F["section_blocks"]] = sizes
    shares, sizes = _kept_share(np.array(parents), chars, kept)
    rows[:, _F["parent_kept_share"]] = shares
    rows[:, _F["parent_blocks"]] = sizes
    return rows


class TreeModel:
    """A gradient-boosted tree ensemble, its trees flattened into arrays: every tree is
    walked for every block at once, one numpy step per level of depth."""

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("schema") != MODEL_SCHEMA or tuple(data["features"]) != FEATURE_NAMES:
            raise ValueError("model written for other features")
        self.base = float(data["base"])
        self.roots = np.asarray(data["roots"], dtype=np.int64)
        self.feature = np.asarray(data["feature"], dtype=np.int64)
        self.threshold = np.asarray(data["threshold"], dtype=np.float64)
        self.left = np.asarray(data["left"], dtype=np.int64)
        self.right = np.asarray(data["right"], dtype=np.int64)
        self.value = np.asarray(data["value"], dtype=np.float64)
        self.depth = int(data["depth"])
        self.strip_below = float(data["strip_below"])
        self.keep_above = float(data["keep_above"])

    def chances(self, rows: np.ndarray) -> np.ndarray:
        """The chance that each row's block is content."""
        nodes = np.broadcast_to(self.roots, (len(rows), len(self.roots))).copy()
        row_index = np.arange(len(rows))[:, None]
        for _ in range(self.depth):
            values = rows[row_index, self.feature[nodes]]
            nodes = np.where(values <= self.threshold[nodes], self.left[nodes], self.right[nodes])
        raw = self.base + self.value[nodes].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


@once()
def load_model() -> TreeModel:
    path = resources.files("tracker.assets.models").joinpath(MODEL_FILE)
    return TreeModel(json.loads(path.read_text(encoding="utf-8")))


def relabel(decisions: list[Decision], model: TreeModel | None = None) -> list[Decision]:
    """``decisions`` with the verdicts the model is sure the rules got wrong flipped."""
    if not decisions:
        return decisions
    model = model or load_model()
    chances = model.chances(features(decisions))
    result: list[Decision] = []
    for (block, reason, detail), chance in zip(decisions, chances.tolist(), strict=True):
        if reason in FACTS or block.kind is BlockKind.CAPTION:
            result.append((block, reason, detail))
        elif reason is None and chance < model.strip_below:
            result.append((block, R.LEARNED, f"content chance {chance:.2f}"))
        elif reason is not None and chance > model.keep_above:
            result.append((block, None, ""))
        else:
            result.append((block, reason, detail))
    return result
