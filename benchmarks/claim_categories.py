"""Are claims put in the right category? False category hits on real sentences, before and after.

Usage:
    .venv/bin/python benchmarks/claim_categories.py ../shared/data [--baseline SRC]
                                                   [--half tune|check] [--unjudged] [--false]

Sentences: every 128th sentence (chosen by a hash of the page id and the sentence) of the
ground-truth main content of the WCXB pages (``extraction-wcxb/``: 1,358 real pages of
seven kinds, none written for tracker), cut by tracker's own sentence splitter. Each
category the claim assessor gives one of them was judged by a person reading the sentence:
``benchmarks/labels/claim_categories.jsonl`` holds, per sentence hash and category, whether
the category is right (the sentences stay in the shared data; only their hashes are here).
A category is right when the sentence makes that kind of claim about its subject: a
credential names a qualification, accreditation, certification, degree or award; a
superlative says its subject is the best, first, only, leading...; a price states what
something costs; a count counts people or studies; evidence appeals to studies or data;
an approval claims a regulatory status; a disclaimer or a warning says what is not
approved, not advice or may go wrong; a commitment promises what is done with the
reader's data, money or account; efficacy claims that something works; safety that it is
safe.

Printed per category and in all: hits (categories given), false hits (judged wrong), hits
not yet judged, and right categories missed (judged right once, no longer given).
``--draw 0`` (the default) is the sample the rules were adjusted on (all its hits were read
while writing them); ``--draw 1`` is another 128th of the sentences, judged only after the
rules were written: its figures are the unseen ones. ``--half tune`` / ``--half check``
score the even or odd hashes of a draw. ``--baseline SRC`` scores, in
the same run, the assessor of another source tree in a subprocess, e.g. the commit before a
change: ``git archive COMMIT | tar -x -C /tmp/base`` then ``--baseline /tmp/base``.
``--unjudged`` prints the hits nobody has judged yet, ``--false`` the false hits.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tracker.comparison.claims import CATEGORIES, assess_many
from tracker.extraction.sentences import split_sentences

LABELS = Path(__file__).parent / "labels" / "claim_categories.jsonl"
SAMPLE_EVERY = 128
# a page's own structure, not a claim's category; nothing in plain text cites
SCORED = tuple(category for category in CATEGORIES if category != "cites_reference")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+\.)\s+")

Hits = dict[str, list[str]]  # sentence hash -> categories given


def sentence_key(page_id: str, sentence: str) -> str:
    return hashlib.sha1(f"{page_id}\n{sentence}".encode()).hexdigest()[:12]


def sample(data: Path, draw: int = 0) -> dict[str, str]:
    """Sentence hash -> sentence, for every SAMPLE_EVERY-th sentence of the WCXB pages."""
    folder = data / "extraction-wcxb" / "ground-truth"
    if not folder.is_dir():
        raise SystemExit(f"{data}: expected extraction-wcxb/ground-truth/ (the shared data root)")
    chosen: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        text = truth.get("ground_truth", {}).get("main_content") or ""
        for line in text.splitlines():
            line = _BULLET.sub("", line).strip()
            for sentence in split_sentences(line) if line else []:
                key = sentence_key(path.stem, sentence)
                if int(key, 16) % SAMPLE_EVERY == draw:
                    chosen[key] = sentence
    return chosen


def categorise(sentences: dict[str, str]) -> Hits:
    keys = list(sentences)
    found = assess_many([sentences[key] for key in keys])
    return {
        key: [c for c in one.categories if c in SCORED]
        for key, one in zip(keys, found, strict=True)
    }


def baseline_hits(source: Path, data: Path, draw: int) -> Hits:
    """The same sample categorised by the tracker package found in another source tree."""
    environment = dict(os.environ, PYTHONPATH=str(source.resolve()))
    done = subprocess.run(
        [sys.executable, __file__, str(data), "--emit", "--draw", str(draw)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        cwd=source,
    )
    return json.loads(done.stdout)


def load_labels() -> dict[tuple[str, str], bool]:
    labels: dict[tuple[str, str], bool] = {}
    if LABELS.is_file():
        for line in LABELS.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                labels[(row["sentence"], row["category"])] = row["right"]
    return labels


def in_half(key: str, half: str | None) -> bool:
    return half is None or (int(key, 16) % 2 == 0) == (half == "tune")


def score(hits: Hits, labels: dict[tuple[str, str], bool], half: str | None) -> dict[str, Counter]:
    """Per category: hits, false hits, unjudged hits, right categories missed."""
    counts = {category: Counter() for category in SCORED}
    given = {(key, c) for key, categories in hits.items() if in_half(key, half) for c in categories}
    for key, category in given:
        judged = labels.get((key, category))
        counts[category]["hits"] += 1
        counts[category]["false"] += judged is False
        counts[category]["unjudged"] += judged is None
    for (key, category), right in labels.items():
        if right and key in hits and in_half(key, half) and (key, category) not in given:
            counts[category]["missed"] += 1
    return counts


def print_table(columns: dict[str, dict[str, Counter]]) -> None:
    names = list(columns)
    header = f"{'category':<13}" + "".join(
        f"{name + ' hits':>16}{'false':>7}{'missed':>8}{'unjudged':>10}" for name in names
    )
    print(header)
    print("-" * len(header))
    for category in (*SCORED, "all"):
        row = f"{category:<13}"
        for name in names:
            counts = columns[name]
            one = sum(counts.values(), Counter()) if category == "all" else counts[category]
            row += f"{one['hits']:>16}{one['false']:>7}{one['missed']:>8}{one['unjudged']:>10}"
        print(row)
    for name in names:
        total = sum(columns[name].values(), Counter())
        judged = total["hits"] - total["unjudged"]
        precision = (judged - total["false"]) / judged if judged else 1.0
        print(f"{name}: precision of judged hits {precision:.3f} ({total['false']} false)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the shared data root (holds extraction-wcxb/)")
    parser.add_argument("--baseline", type=Path, help="a source tree to score in the same run")
    parser.add_argument("--half", choices=("tune", "check"))
    parser.add_argument(
        "--draw", type=int, default=0, help="which sample: 0 (tuned on) or 1 (judged after)"
    )
    parser.add_argument("--unjudged", action="store_true", help="print hits not yet judged")
    parser.add_argument("--false", action="store_true", help="print the false hits")
    parser.add_argument("--emit", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sentences = sample(args.data, args.draw)
    hits = categorise(sentences)
    if args.emit:
        json.dump(hits, sys.stdout)
        return
    labels = load_labels()
    columns = {}
    if args.baseline:
        columns["baseline"] = score(
            baseline_hits(args.baseline, args.data, args.draw), labels, args.half
        )
    columns["tracker"] = score(hits, labels, args.half)
    half = f", {args.half} half" if args.half else ""
    print(f"{len(sentences)} sentences of draw {args.draw} from the WCXB pages{half}")
    print_table(columns)
    for key, categories in hits.items():
        if not in_half(key, args.half):
            continue
        for category in categories:
            judged = labels.get((key, category))
            if (args.unjudged and judged is None) or (args.false and judged is False):
                print(f"{key}\t{category}\t{sentences[key]}")


if __name__ == "__main__":
    main()
