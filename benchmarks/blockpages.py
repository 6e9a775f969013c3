"""False alarms of block-page recognition on real articles, and its cost.

Every page in the folder is a real article a person marked up, so every page flagged
as a wall is a false alarm that would have hidden a real version from a researcher.
The named baseline is the naive rule "the body mentions captcha, access denied, or has
a password field", measured on the same pages in the same run.

    .venv/bin/python benchmarks/blockpages.py /work/shared/data/extraction/html
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from collections import Counter
from pathlib import Path

from tracker.fetch.blockpages import detect_block

HEADERS = [("Content-Type", "text/html; charset=utf-8")]
NAIVE_WORDS = (b"captcha", b"access denied", b'type="password"', b"type=password")


def naive(body: bytes) -> bool:
    lowered = body.lower()
    return any(word in lowered for word in NAIVE_WORDS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path, help="folder of *.html.gz real article pages")
    args = parser.parse_args()
    bodies = [gzip.decompress(p.read_bytes()) for p in sorted(args.pages.glob("*.html.gz"))]
    if not bodies:
        raise SystemExit(f"no *.html.gz pages in {args.pages}")

    labels: Counter[str] = Counter()
    costs = []
    for body in bodies:
        started = time.process_time()
        label = detect_block(200, HEADERS, body, url="https://example.org/article")
        costs.append(time.process_time() - started)
        if label is not None:
            labels[label] += 1
    naive_hits = sum(naive(body) for body in bodies)
    flagged = sum(labels.values())

    print(f"{len(bodies)} real article pages from {args.pages}")
    print(
        f"  baseline naive keyword rule: {naive_hits:4d} flagged ({naive_hits / len(bodies):.1%})"
    )
    print(f"  tracker.fetch.blockpages:        {flagged:4d} flagged ({flagged / len(bodies):.1%})")
    for label, count in labels.most_common():
        print(f"      {count:3d}  {label}")
    print(
        f"  cost: mean {statistics.mean(costs) * 1000:.3f} ms, "
        f"max {max(costs) * 1000:.3f} ms CPU per page"
    )


if __name__ == "__main__":
    main()
