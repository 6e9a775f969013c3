"""Article-body extraction quality and speed, side by side with trafilatura.

Usage:
    .venv/bin/python benchmarks/extraction.py DATA_DIR [--no-trafilatura] [--limit N] [--worst K]

DATA_DIR holds ``ground-truth.json`` ({id: {"articleBody": ..., "url": ...}}) and
``html/<id>.html.gz`` (the public article-extraction benchmark). The score is that
benchmark's own metric: text split into ``\\w+`` tokens, 4-token shingles counted,
per page tp/fp/fn from the shingle counts normalised by their sum, precision and
recall averaged over pages, F1 from the two means. Only the body is scored
(``doc.text``: no title, byline, dates or reference list). Speed is pages per
second of wall time in this one process (one core), decoding included.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def page_scores(expected: str, predicted: str) -> tuple[float, float]:
    """Precision and recall of one page, as the benchmark computes them."""
    truth, guess = shingles(expected), shingles(predicted)
    tp = float(sum((truth & guess).values()))
    fp = float(sum((guess - truth).values()))
    fn = float(sum((truth - guess).values()))
    total = tp + fp + fn
    if total == 0:  # both empty: perfect
        return 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return precision, recall


def load(data_dir: Path, limit: int | None) -> list[tuple[str, bytes, str, str]]:
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        raw = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, raw, truth[page_id].get("url"), truth[page_id]["articleBody"]))
    return pages


def evaluate(
    name: str, run: Callable[[bytes, str], str], pages: list[tuple[str, bytes, str, str]]
) -> dict[str, object]:
    precisions, recalls, per_page = [], [], []
    elapsed = 0.0
    for page_id, raw, url, expected in pages:
        start = time.perf_counter()
        predicted = run(raw, url)
        elapsed += time.perf_counter() - start
        precision, recall = page_scores(expected, predicted)
        precisions.append(precision)
        recalls.append(recall)
        per_page.append((page_id, precision, recall))
    p, r = statistics.mean(precisions), statistics.mean(recalls)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "name": name,
        "precision": p,
        "recall": r,
        "f1": f1,
        "pages_per_second": len(pages) / elapsed if elapsed else float("inf"),
        "per_page": per_page,
    }


def run_tracker(raw: bytes, url: str) -> str:
    from tracker.extraction import extract

    return extract(raw, url=url, content_type="text/html; charset=utf-8").text


def run_trafilatura(raw: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(raw.decode("utf-8", "replace"), url=url) or ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--no-trafilatura", action="store_true", help="score tracker only")
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--worst", type=int, default=0, help="list the K worst pages by F1")
    args = parser.parse_args(argv)

    pages = load(args.data_dir, args.limit)
    runs = [("tracker", run_tracker)]
    if not args.no_trafilatura:
        try:
            import trafilatura  # noqa: F401
        except ImportError:
            print("trafilatura not installed (pip install -e '.[bench]'): skipped", file=sys.stderr)
        else:
            runs.append(("trafilatura", run_trafilatura))
    # warm up imports and caches so the first page does not pay for them
    for _, run in runs:
        run(pages[0][1], pages[0][2])

    print(f"{len(pages)} pages from {args.data_dir}")
    print(f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>7} {'pages/s':>8}")
    results = [evaluate(name, run, pages) for name, run in runs]
    for result in results:
        print(
            f"{result['name']:<12} {result['precision']:>9.4f} {result['recall']:>7.4f} "
            f"{result['f1']:>7.4f} {result['pages_per_second']:>8.1f}"
        )
    if args.worst:
        worst = sorted(
            results[0]["per_page"],
            key=lambda row: 2 * row[1] * row[2] / (row[1] + row[2]) if row[1] + row[2] else 0,
        )
        print(f"\nworst {args.worst} pages for tracker (id, precision, recall):")
        for page_id, precision, recall in worst[: args.worst]:
            print(f"  {page_id[:16]}  P={precision:.3f}  R={recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
