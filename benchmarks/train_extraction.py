"""Train and measure the learned last word on block verdicts (tracker/extraction/learned.py).

    .venv/bin/python benchmarks/train_extraction.py /work/shared/data/extraction-wcxb
        [--cache FILE.pkl] [--folds 5] [--per-page FILE.json] [--write]

Each WCXB dev page is run through today's pipeline up to its final decisions (after
``volatile.relabel``); every block becomes a row of ``learned.features`` labelled
content when at least half of its words are in the page's ground-truth bag. Pages are
split into folds grouped by domain. In each fold a gradient-boosted tree ensemble is
trained on the other folds, and the two thresholds (strip a kept block below one, keep a
stripped block above the other) are chosen inside those training folds by an inner
cross-validation scored with an approximate page F1 (the word bags of the kept blocks).
The held-out fold's pages are then extracted by the real pipeline with that fold's model
and scored with benchmarks/extraction.py's own scorer: the out-of-fold figures, per page
kind and per page, against the same pages without the model.

``--write`` trains on every dev page (thresholds chosen by cross-validation over all of
them) and writes tracker/assets/models/verdicts.json. scikit-learn is used here only;
the package walks the exported trees with numpy.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from extraction import TOKEN, Page, load_wcxb, tracker_article, word_score
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

from tracker.extraction import learned, volatile
from tracker.extraction.cards import Decision
from tracker.model import BlockKind

MODEL_PATH = Path(__file__).resolve().parent.parent / "tracker" / "assets" / "models"
MIN_WORTH = 1e-4  # a block whose verdict moves its page's F1 less than this teaches nothing
MAX_DEPTH = 6
TREES = 100
LEARNING_RATE = 0.1
INNER_FOLDS = 3  # the thresholds' own cross-validation inside each fold's training pages
STRIP_GRID = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4)
KEEP_GRID = (1.01, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3)


@dataclass
class PageRows:
    page_id: str
    kind: str
    domain: str
    rows: np.ndarray  # learned.features of its decisions
    labels: np.ndarray  # 1: content (the page's F1 is better with the block than without)
    weights: np.ndarray  # how much the page's F1 moves with the block's verdict
    kept: np.ndarray  # the rules' verdict
    flippable: np.ndarray  # not a fact, not a caption
    bags: sparse.csr_matrix  # blocks x the page's words: counts
    truth: np.ndarray  # the truth's counts over the same words
    before: float  # the page's word F1 without the model


def _decisions_of(page: Page) -> tuple[list[Decision], float]:
    """The page's final decisions, caught as extract hands them on, and its word F1."""
    caught: list[list[Decision]] = []
    original = volatile.relabel

    def catch(decisions: list[Decision]) -> list[Decision]:
        result = original(decisions)
        caught.append(result)
        return result

    volatile.relabel = catch
    try:
        output = tracker_article(page.raw, page.url)
    finally:
        volatile.relabel = original
    return (caught[-1] if caught else []), word_score(page.expected, output).f1


def marginal(kept: np.ndarray, bags: sparse.csr_matrix, truth: np.ndarray) -> np.ndarray:
    """For each block, how much the page's word F1 moves when that block alone is flipped
    (a kept one taken out, a stripped one put in): what the block is worth to the metric."""
    output = np.asarray(kept.astype(np.float64) @ bags).ravel()
    total, total_truth = output.sum(), truth.sum()
    overlap = np.minimum(output, truth).sum()
    cells = bags.tocoo()
    change = cells.data * np.where(kept[cells.row], -1.0, 1.0)
    gained = np.minimum(output[cells.col] + change, truth[cells.col]) - np.minimum(
        output[cells.col], truth[cells.col]
    )
    n = len(kept)
    overlap_after = overlap + np.bincount(cells.row, weights=gained, minlength=n)
    size_after = total + total_truth + np.bincount(cells.row, weights=change, minlength=n)
    before = 2 * overlap / (total + total_truth) if total + total_truth else 1.0
    after = np.where(size_after > 0, 2 * overlap_after / np.maximum(size_after, 1e-9), 1.0)
    return after - before


def page_rows(page: Page, domain: str) -> PageRows:
    decisions, before = _decisions_of(page)
    truth = Counter(TOKEN.findall(page.expected.lower()))
    vocabulary = {word: i for i, word in enumerate(truth)}
    kept, flippable = [], []
    cells: list[tuple[int, int, int]] = []
    for b, (block, reason, _) in enumerate(decisions):
        kept.append(reason is None)
        flippable.append(reason not in learned.FACTS and block.kind is not BlockKind.CAPTION)
        # captions are not scored (benchmarks/extraction.py): no words in the page's bag
        if block.kind is BlockKind.CAPTION:
            continue
        for word, count in Counter(TOKEN.findall(block.text.lower())).items():
            cells.append((b, vocabulary.setdefault(word, len(vocabulary)), count))
    n = len(decisions)
    rows_b, cols, counts = zip(*cells, strict=True) if cells else ((), (), ())
    bags = sparse.csr_matrix((counts, (rows_b, cols)), shape=(n, len(vocabulary)))
    truth_vector = np.zeros(len(vocabulary))
    for word, count in truth.items():
        truth_vector[vocabulary[word]] = count
    kept_array = np.asarray(kept, dtype=bool)
    worth = marginal(kept_array, bags, truth_vector)
    # content: a kept block whose removal costs, a stripped one whose addition pays
    labels = np.where(kept_array, worth <= 0, worth > 0).astype(np.int8)
    return PageRows(
        page.page_id,
        page.kind,
        domain,
        learned.features(decisions) if decisions else np.zeros((0, len(learned.FEATURE_NAMES))),
        labels,
        np.abs(worth),
        kept_array,
        np.asarray(flippable, dtype=bool),
        bags,
        truth_vector,
        before,
    )


def collect(data_dir: Path, cache: Path | None) -> tuple[list[Page], list[PageRows]]:
    pages = load_wcxb(data_dir)
    if cache and cache.is_file():
        return pages, pickle.loads(cache.read_bytes())
    meta = json.loads((data_dir / "metadata.json").read_text(encoding="utf-8"))["files"]
    table = []
    for number, page in enumerate(pages, 1):
        table.append(page_rows(page, meta[page.page_id]["domain"]))
        if number % 100 == 0:
            print(f"  {number} pages read", file=sys.stderr)
    if cache:
        cache.write_bytes(pickle.dumps(table))
    return pages, table


def approximate_f1(page: PageRows, keep: np.ndarray) -> float:
    """The page's word F1 when exactly the blocks in ``keep`` are output."""
    total_truth = page.truth.sum()
    output = np.asarray(keep.astype(np.float64) @ page.bags).ravel()
    total = output.sum()
    if not total_truth:
        return 1.0 if not total else 0.0
    if not total:
        return 0.0
    overlap = np.minimum(output, page.truth).sum()
    return 2 * overlap / (total + total_truth)


def flipped(page: PageRows, chances: np.ndarray, strip_below: float, keep_above: float):
    """The verdicts after the model: kept blocks below one threshold stripped, stripped
    blocks above the other kept, facts left as they are."""
    strip = page.kept & page.flippable & (chances < strip_below)
    keep = ~page.kept & page.flippable & (chances > keep_above)
    return (page.kept & ~strip) | keep


def fit(table: list[PageRows]) -> HistGradientBoostingClassifier:
    # only what the model may flip, and only what moves the page's F1, is learned from
    chosen = [page.flippable & (page.weights > MIN_WORTH) for page in table]
    rows = np.concatenate([page.rows[c] for page, c in zip(table, chosen, strict=True)])
    labels = np.concatenate([page.labels[c] for page, c in zip(table, chosen, strict=True)])
    # a block weighs what getting it wrong costs the page's F1
    weights = np.concatenate([page.weights[c] for page, c in zip(table, chosen, strict=True)])
    weights /= weights.mean()
    model = HistGradientBoostingClassifier(
        max_iter=TREES,
        learning_rate=LEARNING_RATE,
        max_depth=MAX_DEPTH,
        max_leaf_nodes=31,
        min_samples_leaf=40,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=0,
    )
    model.fit(rows, labels, sample_weight=weights)
    return model


def chances_of(model: HistGradientBoostingClassifier, table: list[PageRows]) -> list[np.ndarray]:
    return [
        model.predict_proba(page.rows)[:, 1] if len(page.rows) else np.zeros(0) for page in table
    ]


def choose_thresholds(table: list[PageRows], folds: int) -> tuple[float, float, float]:
    """The (strip_below, keep_above) pair that maximises the approximate mean page F1 of
    ``table`` under an inner cross-validation by domain, and that F1's gain."""
    chances: list[np.ndarray] = [np.zeros(0)] * len(table)
    groups = [page.domain for page in table]
    for train, test in GroupKFold(folds).split(table, groups=groups):
        model = fit([table[i] for i in train])
        for i, chance in zip(test, chances_of(model, [table[i] for i in test]), strict=True):
            chances[i] = chance
    base = statistics.mean(approximate_f1(page, page.kept) for page in table)
    best = (-1.0, 0.0, 1.01)
    for strip_below in STRIP_GRID:
        for keep_above in KEEP_GRID:
            score = statistics.mean(
                approximate_f1(page, flipped(page, chance, strip_below, keep_above))
                for page, chance in zip(table, chances, strict=True)
            )
            best = max(best, (score, strip_below, keep_above))
    return best[1], best[2], best[0] - base


def export(model: HistGradientBoostingClassifier, strip_below: float, keep_above: float) -> dict:
    """The trees as flat arrays for learned.TreeModel: a leaf points at itself, so a walk
    of the deepest tree's depth ends every row on a leaf."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    depth = 0
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        offset = len(feature)
        roots.append(offset)
        depth = max(depth, int(nodes["depth"].max()))
        for i, node in enumerate(nodes):
            if node["is_leaf"]:
                feature.append(0)
                threshold.append(float("inf"))
                left.append(offset + i)
                right.append(offset + i)
                value.append(float(node["value"]))
            else:
                feature.append(int(node["feature_idx"]))
                threshold.append(float(node["num_threshold"]))
                left.append(offset + int(node["left"]))
                right.append(offset + int(node["right"]))
                value.append(0.0)
    return {
        "schema": learned.MODEL_SCHEMA,
        "features": list(learned.FEATURE_NAMES),
        "base": float(np.ravel(model._baseline_prediction)[0]),
        "depth": depth,
        "roots": roots,
        "feature": feature,
        "threshold": [t if t != float("inf") else 1e300 for t in threshold],
        "left": left,
        "right": right,
        "value": value,
        "strip_below": strip_below,
        "keep_above": keep_above,
    }


def score_pages(pages: list[Page], relabel: Callable[[list[Decision]], list[Decision]]):
    """Each page's word score from the real pipeline, the model's verdicts applied."""
    original = volatile.relabel

    def with_model(decisions: list[Decision]) -> list[Decision]:
        return relabel(original(decisions))

    volatile.relabel = with_model
    try:
        return {
            page.page_id: word_score(page.expected, tracker_article(page.raw, page.url))
            for page in pages
        }
    finally:
        volatile.relabel = original


def cross_validate(pages: list[Page], table: list[PageRows], folds: int) -> dict[str, Any]:
    by_id = {page.page_id: page for page in pages}
    groups = [page.domain for page in table]
    scores: dict[str, Any] = {}
    for fold, (train, test) in enumerate(GroupKFold(folds).split(table, groups=groups), 1):
        training = [table[i] for i in train]
        strip_below, keep_above, inner_gain = choose_thresholds(training, INNER_FOLDS)
        model = learned.TreeModel(export(fit(training), strip_below, keep_above))
        print(
            f"fold {fold}: strip below {strip_below}, keep above {keep_above}"
            f" (inner approximate gain {inner_gain:+.4f})",
            file=sys.stderr,
        )
        held = [by_id[table[i].page_id] for i in test]
        scores.update(score_pages(held, lambda d, m=model: learned.relabel(d, m)))
    return scores


def report(pages: list[Page], before: dict[str, float], after: dict[str, Any]) -> None:
    kinds: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        kinds[page.kind].append(page.page_id)
    ids = [page.page_id for page in pages]

    def mean(scores: dict[str, float], chosen: list[str]) -> float:
        return statistics.mean(scores[i] for i in chosen)

    print(f"{'kind':<14} {'pages':>5} {'before':>8} {'after':>8} {'up':>4} {'down':>4}")
    for kind, chosen in [("all", ids), *sorted(kinds.items(), key=lambda item: -len(item[1]))]:
        up = sum(1 for i in chosen if after[i] > before[i] + 0.01)
        down = sum(1 for i in chosen if after[i] < before[i] - 0.01)
        print(
            f"{kind:<14} {len(chosen):>5} {mean(before, chosen):>8.4f}"
            f" {mean(after, chosen):>8.4f} {up:>4} {down:>4}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--cache", type=Path, help="keep the feature table here between runs")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--per-page", type=Path, help="write out-of-fold per-page scores")
    parser.add_argument("--write", action="store_true", help="train on all, write the model")
    args = parser.parse_args(argv)
    pages, table = collect(args.data_dir, args.cache)
    if args.write:
        strip_below, keep_above, gain = choose_thresholds(table, INNER_FOLDS)
        data = export(fit(table), strip_below, keep_above)
        path = MODEL_PATH / learned.MODEL_FILE
        path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {path}: strip below {strip_below}, keep above {keep_above} ({gain:+.4f})")
        return 0
    before = {page.page_id: page.before for page in table}
    scores = cross_validate(pages, table, args.folds)
    report(pages, before, {i: score.f1 for i, score in scores.items()})
    if args.per_page:
        args.per_page.write_text(
            json.dumps({"tracker": {i: [s.precision, s.recall, s.f1] for i, s in scores.items()}}),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
