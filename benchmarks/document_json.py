"""CPU time to serialise one Document, against the store's first serialiser, same run.

Usage:
    .venv/bin/python benchmarks/document_json.py [DATA_DIR] [--limit N] [--repeat R]

The store names every Document by the sha256 of ``Document.canonical_json``; a
changed check serialises its new version once (``tracker.reading.storable``; the
store keeps those bytes). The baseline is how those bytes were first written: ``json.dumps`` of
``dataclasses.asdict`` with sorted keys. Each page is extracted once (not timed), then
both serialisers run ``R`` times, alternating; a page's figure is each one's median.
Every page's bytes are also compared (they must be identical: the same Document keeps
its name) and read back (``Document.from_json``) to the same Document.

Pages: the bundled demo article's revisions, the authored clinic article of
``check_cost.py``, and with DATA_DIR the first N HTML pages under it (``*.html``,
``*.html.gz``; e.g. ../shared/data/extraction-wcxb).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from check_cost import authored_page

from tracker.demo import load_revisions
from tracker.extraction import extract
from tracker.model import DOCUMENT_SCHEMA, Document


def first_serialiser(document: Document) -> bytes:
    """The baseline: the canonical bytes as the store first wrote them."""
    data = {"schema": DOCUMENT_SCHEMA, **dataclasses.asdict(document)}
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def pages(data_dir: Path | None, limit: int) -> list[tuple[str, bytes]]:
    found = [(f"demo revision {r.number}", r.html) for r in load_revisions()]
    found.append(("authored clinic article", authored_page(False)))
    if data_dir is not None:
        paths = sorted([*data_dir.rglob("*.html"), *data_dir.rglob("*.html.gz")])[:limit]
        for path in paths:
            data = path.read_bytes()
            found.append((path.name, gzip.decompress(data) if path.suffix == ".gz" else data))
    return found


def cpu_ms(work: Callable[[], bytes]) -> float:
    start = time.process_time()
    work()
    return (time.process_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, help="a folder of HTML pages")
    parser.add_argument("--limit", type=int, default=200, help="pages read from DATA_DIR")
    parser.add_argument("--repeat", type=int, default=15, help="runs of each serialiser a page")
    args = parser.parse_args()

    before: list[float] = []
    now: list[float] = []
    sizes: list[int] = []
    identical = read_back = 0
    documents = 0
    for name, html in pages(args.data_dir, args.limit):
        document = extract(html, url=f"https://example.org/{name}")
        documents += 1
        old_ms: list[float] = []
        new_ms: list[float] = []
        for _ in range(args.repeat):
            old_ms.append(cpu_ms(lambda d=document: first_serialiser(d)))
            new_ms.append(cpu_ms(document.canonical_json))
        before.append(statistics.median(old_ms))
        now.append(statistics.median(new_ms))
        data = document.canonical_json()
        sizes.append(len(data))
        identical += data == first_serialiser(document)
        read_back += Document.from_json(json.loads(data)) == document

    print(
        f"{documents} Documents, JSON {statistics.median(sizes):,.0f} bytes median, "
        f"{max(sizes):,} largest"
    )
    print(f"bytes identical to the first serialiser: {identical} of {documents}")
    print(f"read back to the same Document: {read_back} of {documents}")
    print(f"{'serialiser':<34} {'ms median':>10} {'ms total':>10}")
    for label, times in (
        ("first (asdict + json.dumps)", before),
        ("Document.canonical_json", now),
    ):
        print(f"{label:<34} {statistics.median(times):>10.3f} {sum(times):>10.1f}")
    ratio = sum(now) / sum(before)
    print(f"canonical_json / first, over all Documents: {ratio:.3f}")


if __name__ == "__main__":
    main()
