"""Time and peak memory of fetching hostile pages, each in a fresh process.

The issue asks that every hostile page ends in bounded time (under 60 s) and memory
(under 300 MB RSS) with a clear reason. The server is the test suite's hostile server
on 127.0.0.1; each case runs in its own spawned process so its peak RSS is its own.
Named baselines, measured in the same run: the peak RSS of fetching one ordinary
article with the HttpFetcher, and of a bare ``httpx.AsyncClient.get`` of the gzip bomb
(httpx inflates it whole).

    .venv/bin/python benchmarks/fetch_hostile.py [--total-timeout 5]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fetch.server import HostileServer  # noqa: E402  (the test suite's server)

CASES = [
    "/article",
    "/gzip-bomb",
    "/brotli-bomb",
    "/endless",
    "/big-declared",
    "/loop-a",
    "/chain",
    "/drip",
    "/silent",
    "/reset",
    "/reset-mid-body",
    "/garbage",
    "/error-500",
    "/png",
    "/empty",
    "/lying-charset",
    "/challenge",
    "/login",
    "/gone",
]
LIMIT_SECONDS = 60.0
LIMIT_RSS_MB = 300.0


def _child(base: str, path: str, total_timeout: float, naive: bool, out: multiprocessing.Queue):
    import httpx

    from tracker.config import FetchSettings
    from tracker.errors import FetchFailure
    from tracker.fetch import HttpFetcher

    async def run() -> str:
        if naive:
            async with httpx.AsyncClient(timeout=total_timeout) as client:
                response = await client.get(base + path)
                return f"httpx read {len(response.content) / 2**20:.0f} MB"
        settings = FetchSettings(allow_private=True, total_timeout=total_timeout)
        async with HttpFetcher() as fetcher:
            try:
                capture = await fetcher.fetch(base + path, settings)
            except FetchFailure as failure:
                return f"{type(failure).__name__}: {failure.reason}"
            return f"captured {len(capture.body)} bytes"

    started = time.perf_counter()
    outcome = asyncio.run(run())
    elapsed = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    out.put((outcome, elapsed, rss_mb))


def measure(base: str, path: str, total_timeout: float, naive: bool = False):
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    process = context.Process(target=_child, args=(base, path, total_timeout, naive, out))
    process.start()
    result = out.get(timeout=LIMIT_SECONDS * 2)
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--total-timeout", type=float, default=5.0, help="seconds per fetch")
    args = parser.parse_args()

    server = HostileServer()
    server.start()
    try:
        base = server.base
        print(
            f"hostile fetches, default limits except total_timeout={args.total_timeout:g} s; "
            f"each in a fresh process"
        )
        _, _, article_rss = measure(base, "/article", args.total_timeout)
        _, _, naive_rss = measure(base, "/gzip-bomb", args.total_timeout, naive=True)
        print(f"  baseline: HttpFetcher on an ordinary article   peak RSS {article_rss:6.1f} MB")
        print(f"  baseline: bare httpx get of the gzip bomb   peak RSS {naive_rss:6.1f} MB")
        worst_time = worst_rss = 0.0
        for path in CASES:
            outcome, elapsed, rss = measure(base, path, args.total_timeout)
            worst_time, worst_rss = max(worst_time, elapsed), max(worst_rss, rss)
            print(f"  {path:<16} {elapsed:6.2f} s  {rss:6.1f} MB  {outcome[:110]}")
        verdict = worst_time < LIMIT_SECONDS and worst_rss < LIMIT_RSS_MB
        print(
            f"worst: {worst_time:.2f} s (limit {LIMIT_SECONDS:g}), {worst_rss:.1f} MB RSS "
            f"(limit {LIMIT_RSS_MB:g}, x{worst_rss / article_rss:.2f} of the article baseline): "
            + ("within limits" if verdict else "OVER A LIMIT")
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
