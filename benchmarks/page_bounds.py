"""Time and peak memory of one check on the page shapes that once took minutes and gigabytes.

Usage:
    .venv/bin/python benchmarks/page_bounds.py [--scale 1.0] [--shape NAME ...]

Each shape is checked twice, each time in a fresh process (so its peak RSS is its
own): "unbounded" runs the check with every ``PageLimits`` bound lifted (the
baseline: how tracker behaved before the bounds), "bounded" with the default
limits. The shapes, at ``--scale 1`` the sizes of the issue's measurements:

- ``huge_page``: a 19 MB article of long paragraphs.
- ``million_paragraphs``: one million short paragraphs.
- ``changed_claims``: 20,000 claim sentences, every one changed in the second
  version (the time is the second check's: comparison).
- ``neighbour``: a 1 KB page checked after a page of 15,000 paragraphs on the same
  host is tracked (the time is the small page's check: the site template it learns).

A page server runs in a thread of the measuring process (its copy of the page is
in the RSS of both rows alike). Nothing here is a test: the figures are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tracker.check import CheckResult, check
from tracker.config import FetchSettings
from tracker.fetch import HttpFetcher
from tracker.reading import DEFAULT_LIMITS, PageLimits
from tracker.store import open_index

SETTINGS = FetchSettings(
    allow_private=True,
    min_host_delay=0.0,
    respect_robots=False,
    total_timeout=600.0,
    read_timeout=600.0,
    max_body_bytes=200 * 1024 * 1024,
    max_decompressed_bytes=200 * 1024 * 1024,
)
UNBOUNDED = PageLimits(**{bound.name: 1 << 40 for bound in fields(PageLimits)})
MODES = {"unbounded": UNBOUNDED, "bounded": DEFAULT_LIMITS}

HEAD = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
    "<body><nav><a href='/'>Home</a> <a href='/blog'>Blog</a></nav><main><article>"
    "<h1>{title}</h1>"
)
TAIL = "</article></main><footer>Riverside Wellness Clinic, 12 Mill Road</footer></body></html>"
PROSE = (
    "Our physicians reviewed the published trials of this therapy with care, and the "
    "evidence they found was mixed: some patients reported less pain after six weeks, "
    "others reported no change at all, and the largest study was too small to say. "
)


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (HEAD.format(title=title) + body + TAIL).encode()


def claims(count: int, percent: int) -> list[str]:
    return [
        f"Treatment {n} may reduce joint pain in {percent + n % 7}% of patients (ref {n})."
        for n in range(count)
    ]


@dataclass(frozen=True)
class Shape:
    """Pages served in order; the last check is the one timed."""

    describe: str
    pages: Callable[[float], list[tuple[str, bytes]]]


SHAPES = {
    "huge_page": Shape(
        "a 19 MB article of long paragraphs",
        lambda scale: [("/huge", page("Huge", [PROSE * 8] * int(9_800 * scale)))],
    ),
    "million_paragraphs": Shape(
        "one million short paragraphs",
        lambda scale: [
            ("/many", page("Many", [f"Line {n}." for n in range(int(1_000_000 * scale))]))
        ],
    ),
    "changed_claims": Shape(
        "20,000 claim sentences, all changed",
        lambda scale: [
            ("/claims", page("Claims", claims(int(20_000 * scale), 40))),
            ("/claims", page("Claims", claims(int(20_000 * scale), 45))),
        ],
    ),
    "neighbour": Shape(
        "a 1 KB page after a 15,000-paragraph neighbour",
        lambda scale: [
            ("/big", page("Big", [f"Paragraph {n}: {PROSE}" for n in range(int(15_000 * scale))])),
            ("/small", page("Small", ["A short note about our opening hours this week."])),
        ],
    ),
}


def serve(pages: dict[str, bytes]) -> str:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def measure_one(shape: str, mode: str, scale: float) -> dict[str, object]:
    """Runs in its own process: every page of the shape checked in order, the last timed."""
    served: dict[str, bytes] = {}
    base = serve(served)
    limits = MODES[mode]
    steps = SHAPES[shape].pages(scale)

    async def go(data: Path) -> tuple[CheckResult, float]:
        with open_index(data) as store:
            async with HttpFetcher() as fetcher:
                elapsed, result = 0.0, None
                for path, body in steps:
                    served[path] = body
                    start = time.perf_counter()
                    result = await check(store, fetcher, base + path, SETTINGS, limits=limits)
                    elapsed = time.perf_counter() - start
                assert result is not None
                return result, elapsed

    with tempfile.TemporaryDirectory() as data:
        result, elapsed = asyncio.run(go(Path(data)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    return {
        "seconds": elapsed,
        "rss_mb": peak,
        "bytes": len(steps[-1][1]),
        "outcome": str(result.outcome),
        "error": result.error,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="shape sizes (1: the issue's)")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES))
    parser.add_argument("--one", nargs=2, metavar=("SHAPE", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one[0], args.one[1], args.scale)))
        return
    print(f"scale {args.scale:g}; each row a fresh process; time of the last check of the shape")
    print(f"{'shape':<20} {'limits':<10} {'page':>9} {'seconds':>8} {'peak RSS':>9}  outcome")
    for shape in args.shape or list(SHAPES):
        for mode in MODES:
            done = subprocess.run(
                [sys.executable, __file__, "--scale", str(args.scale), "--one", shape, mode],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                print(f"{shape:<20} {mode:<10} crashed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            row = json.loads(done.stdout)
            size = f"{row['bytes'] / 1e6:.1f} MB"
            reason = f" ({row['error']})" if row["error"] else ""
            print(
                f"{shape:<20} {mode:<10} {size:>9} {row['seconds']:>8.2f} "
                f"{row['rss_mb']:>6.0f} MB  {row['outcome']}{reason}"
            )


if __name__ == "__main__":
    main()
