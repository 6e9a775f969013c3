"""Article-body extraction quality and speed, side by side with trafilatura.

Usage:
    .venv/bin/python benchmarks/extraction.py DATA_DIR [--no-trafilatura] [--limit N] [--worst K]
                                              [--sentences]

DATA_DIR holds ``ground-truth.json`` ({id: {"articleBody": ..., "url": ...}}) and
``html/<id>.html.gz`` (the public article-extraction benchmark). The score is that
benchmark's own metric: text split into ``\\w+`` tokens, 4-token shingles counted,
per page tp/fp/fn from the shingle counts normalised by their sum, precision and
recall averaged over pages, F1 from the two means. Only the body is scored
(``doc.text``: no title, byline, dates or reference list). Speed is pages per
second of wall time in this one process (one core), decoding included, and pages
per CPU-second of this process (the same figure, less noise on a busy machine).
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

from shared_data import extraction_dir

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
    data_dir = extraction_dir(data_dir)
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
    elapsed = cpu = 0.0
    for page_id, raw, url, expected in pages:
        start, start_cpu = time.perf_counter(), time.process_time()
        predicted = run(raw, url)
        elapsed += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
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
        "pages_per_cpu_second": len(pages) / cpu if cpu else float("inf"),
        "per_page": per_page,
    }


def run_tracker(raw: bytes, url: str) -> str:
    from tracker.extraction import extract

    return extract(raw, url=url, content_type="text/html; charset=utf-8").text


def run_trafilatura(raw: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(raw.decode("utf-8", "replace"), url=url) or ""


# Hard cases for a sentence splitter on health articles: (text, expected sentences).
SENTENCE_CASES = [
    ("Liu et al. found a benefit. It was small.", ["Liu et al. found a benefit.", "It was small."]),
    ("Dr. Osei said so. Mrs. Pike agreed.", ["Dr. Osei said so.", "Mrs. Pike agreed."]),
    ("Some drugs, e.g. hydralazine, cause it. Others do not.",
     ["Some drugs, e.g. hydralazine, cause it.", "Others do not."]),
    ("Dose A vs. dose B was tested. Both worked.",
     ["Dose A vs. dose B was tested.", "Both worked."]),
    ("Most trials ran in the U.S. and Europe. None ran in Asia.",
     ["Most trials ran in the U.S. and Europe.", "None ran in Asia."]),
    ("The odds ratio was 0.88 overall. It was 0.75 in men.",
     ["The odds ratio was 0.88 overall.", "It was 0.75 in men."]),
    ("Louis A. Cona wrote it. He is a doctor.", ["Louis A. Cona wrote it.", "He is a doctor."]),
    ("It reduced activity. (3) A second trial agreed. (4)",
     ["It reduced activity. (3)", "A second trial agreed. (4)"]),
    ("It helped.[2] Then it stopped [3]. Why?", ["It helped.[2]", "Then it stopped [3].", "Why?"]),
    ("Over 200 patients took part.[1, 3] Results varied.",
     ["Over 200 patients took part.[1, 3]", "Results varied."]),
    ("“It works,” she said. “We are sure.”", ["“It works,” she said.", "“We are sure.”"]),
    ("See Fig. 2 for details. The end!", ["See Fig. 2 for details.", "The end!"]),
    ("1. Screening visit", ["1. Screening visit"]),
]  # fmt: skip


def sentence_benchmark(pages: list[tuple[str, bytes, str, str]]) -> None:
    """Our splitter against pysbd: exact splits on hard cases, and speed on real bodies."""
    from tracker.extraction.sentences import split_sentences

    splitters: list[tuple[str, Callable[[str], list[str]]]] = [("tracker", split_sentences)]
    try:
        import pysbd
    except ImportError:
        print("pysbd not installed: compared with nothing", file=sys.stderr)
    else:
        segmenter = pysbd.Segmenter(language="en", clean=False)
        splitters.append(("pysbd", lambda text: [s.strip() for s in segmenter.segment(text)]))
    paragraphs = [line for *_, body in pages for line in body.splitlines() if line.strip()]
    print(f"\nsentences: {len(SENTENCE_CASES)} hard cases, {len(paragraphs)} real paragraphs")
    print(f"{'splitter':<12} {'cases right':>11} {'paragraphs/s':>13}")
    for name, split in splitters:
        right = sum(split(text) == expected for text, expected in SENTENCE_CASES)
        start = time.perf_counter()
        for paragraph in paragraphs:
            split(paragraph)
        rate = len(paragraphs) / (time.perf_counter() - start)
        print(f"{name:<12} {right:>5}/{len(SENTENCE_CASES):<5} {rate:>13.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--no-trafilatura", action="store_true", help="score tracker only")
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--worst", type=int, default=0, help="list the K worst pages by F1")
    parser.add_argument(
        "--sentences", action="store_true", help="also compare the sentence splitter with pysbd"
    )
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
    print(
        f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>7} {'pages/s':>8} {'/cpu-s':>7}"
    )
    results = [evaluate(name, run, pages) for name, run in runs]
    for result in results:
        print(
            f"{result['name']:<12} {result['precision']:>9.4f} {result['recall']:>7.4f} "
            f"{result['f1']:>7.4f} {result['pages_per_second']:>8.1f} "
            f"{result['pages_per_cpu_second']:>7.1f}"
        )
    if args.worst:
        worst = sorted(
            results[0]["per_page"],
            key=lambda row: 2 * row[1] * row[2] / (row[1] + row[2]) if row[1] + row[2] else 0,
        )
        print(f"\nworst {args.worst} pages for tracker (id, precision, recall):")
        for page_id, precision, recall in worst[: args.worst]:
            print(f"  {page_id[:16]}  P={precision:.3f}  R={recall:.3f}")
    if args.sentences:
        sentence_benchmark(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
