"""The ledger's full-text index fragmented by a rebuild, then optimized: search CPU of each.

Takes a data directory made by ``benchmarks/workspace.py --keep DIR`` (it is written to:
use a copy), replays the first N watches into the ledger as ``tracker ledger rebuild``
does (each watch a transaction, which leaves FTS5 segments behind), times each of
workspace.py's query classes (best of 5, CPU), then runs the rebuild's closing
``optimize`` and times them again: the fragmented index is the baseline.

    cp -r /tmp/ws-data /tmp/ws-copy
    .venv/bin/python benchmarks/ledger_text.py /tmp/ws-copy --watches 100
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from workspace import QUERIES

from tracker.store import Index, open_index


def best_cpu_ms(index: Index) -> list[float]:
    """Each query's best CPU time of five, in ms."""
    times = []
    for query in QUERIES:
        runs = []
        for _ in range(5):
            start = time.process_time()
            index.search_claims(query)
            runs.append((time.process_time() - start) * 1000)
        times.append(min(runs))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--watches", type=int, default=100, help="watches replayed first")
    args = parser.parse_args()
    with open_index(args.data_dir, create=False) as index:
        print(f"segments as found {index.ledger_text_segments()}")
        start = time.process_time()
        for summary in index.watch_summaries("bench")[: args.watches]:
            index.rebuild_ledger_watch(summary.id)
        rebuilt = time.process_time() - start
        print(
            f"replayed {args.watches} watches in {rebuilt:.1f} s CPU;"
            f" segments {index.ledger_text_segments()}"
        )
        fragmented = best_cpu_ms(index)
        start = time.process_time()
        index.optimize_ledger_text()
        optimized = time.process_time() - start
        print(f"optimize {optimized:.1f} s CPU; segments {index.ledger_text_segments()}")
        tidy = best_cpu_ms(index)
    for query, before, after in zip(QUERIES, fragmented, tidy, strict=True):
        asked = f"text={query.text!r} kind={query.change_kind} sites={query.sites}"
        print(f"  {before:7.1f} ms -> {after:7.1f} ms CPU  {asked} offset={query.offset}")
    print(f"all queries {sum(fragmented):.1f} ms -> {sum(tidy):.1f} ms CPU (baseline first)")


if __name__ == "__main__":
    main()
