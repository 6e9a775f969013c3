"""CPU cost of fetching an unchanged page: a 304, and a 200 whose body is identical.

A researcher's daemon re-checks thousands of pages that mostly have not changed, so
these two paths must cost almost nothing. The server runs in another process, so
``time.process_time`` counts only the client. The named baseline is a bare
``httpx.AsyncClient.get`` of the same 200 page in the same run: the cost of HTTP
itself, without limits, politeness, robots, address checks or block-page detection;
a bare conditional GET answered 304 is printed beside it.

    .venv/bin/python benchmarks/fetch_cost.py [--pages /work/shared/data/extraction/html]
                                              [--n 300]

With ``--pages`` the server serves those real article pages (``*.html.gz``); without,
a generated clinic-article page of about 120 KB.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import multiprocessing
import statistics
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from tracker.config import FetchSettings
from tracker.fetch import HttpFetcher
from tracker.model import Capture, NotModified, Validators

TARGET_304_MS = 2.0
TARGET_200_MS = 10.0


def generated_page() -> bytes:
    paragraphs = "".join(
        f"<p>Section {n}: clinicians at the practice describe how patients responded over "
        f"{n + 4} weeks, which measurements were taken and what the limits of the "
        f"evidence are ({n % 7 + 1}).</p>"
        for n in range(120)
    )
    chrome = "<style>" + ".c{color:#123}" * 3000 + "</style>"
    return (
        f"<!doctype html><html><head><title>Joint health update</title>{chrome}</head>"
        f"<body><nav>Home Blog Contact</nav><main><article><h1>Joint health update</h1>"
        f"{paragraphs}</article></main><footer>Clinic footer</footer></body></html>"
    ).encode()


def load_pages(folder: Path | None) -> list[bytes]:
    if folder is None:
        return [generated_page()]
    pages = [gzip.decompress(path.read_bytes()) for path in sorted(folder.glob("*.html.gz"))]
    if not pages:
        raise SystemExit(f"no *.html.gz pages in {folder}")
    return pages


def serve(pages: list[bytes], ready: multiprocessing.Queue) -> None:
    compressed = [gzip.compress(page, 6) for page in pages]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                body = b"User-agent: *\nDisallow: /admin/\n"
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            index = int(self.path.rsplit("/", 1)[-1]) % len(pages)
            etag = f'"p{index}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            body = compressed[index]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ready.put(server.server_address[1])
    server.serve_forever()


async def measure(base: str, pages: list[bytes], n: int) -> dict[str, list[float]]:
    settings = FetchSettings(allow_private=True, min_host_delay=0.000001)
    hashes = [hashlib.sha256(page).hexdigest() for page in pages]
    costs: dict[str, list[float]] = {"baseline": [], "baseline 304": [], "304": [], "200": []}

    async with httpx.AsyncClient() as client:
        await client.get(f"{base}/page/0")
        for i in range(n):
            started = time.process_time()
            response = await client.get(f"{base}/page/{i}")
            assert response.content == pages[i % len(pages)]
            costs["baseline"].append(time.process_time() - started)
        for i in range(n):
            etag = {"If-None-Match": f'"p{i % len(pages)}"'}
            started = time.process_time()
            response = await client.get(f"{base}/page/{i}", headers=etag)
            assert response.status_code == 304
            costs["baseline 304"].append(time.process_time() - started)

    async with HttpFetcher() as fetcher:
        await fetcher.fetch(f"{base}/page/0", settings)  # robots.txt cached, pool warm
        for i in range(n):
            validators = Validators(etag=f'"p{i % len(pages)}"')
            started = time.process_time()
            result = await fetcher.fetch(f"{base}/page/{i}", settings, validators=validators)
            costs["304"].append(time.process_time() - started)
            assert isinstance(result, NotModified)
        for i in range(n):
            started = time.process_time()
            result = await fetcher.fetch(f"{base}/page/{i}", settings)
            unchanged = isinstance(result, Capture) and result.sha256 == hashes[i % len(pages)]
            costs["200"].append(time.process_time() - started)
            assert unchanged
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, help="folder of *.html.gz article pages")
    parser.add_argument("--n", type=int, default=300, help="fetches per scenario")
    args = parser.parse_args()
    pages = load_pages(args.pages)

    ready: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(pages, ready), daemon=True)
    server.start()
    try:
        port = ready.get(timeout=30)
        costs = asyncio.run(measure(f"http://127.0.0.1:{port}", pages, args.n))
    finally:
        server.terminate()
        server.join()

    sizes = sorted(len(page) for page in pages)
    source = f"{len(pages)} pages from {args.pages}" if args.pages else "1 generated page"
    print(f"fetch cost per check: CPU ms of the client (process_time), n={args.n} per scenario")
    print(f"pages: {source}, median {statistics.median(sizes) / 1024:.0f} KB, served gzipped")
    baseline = statistics.mean(costs["baseline"]) * 1000
    rows = [
        ("baseline: httpx.AsyncClient.get, 200", baseline, None),
        ("httpx.AsyncClient.get, 304", statistics.mean(costs["baseline 304"]) * 1000, None),
        ("HttpFetcher 304 Not Modified", statistics.mean(costs["304"]) * 1000, TARGET_304_MS),
        (
            "HttpFetcher 200 identical body, + sha256",
            statistics.mean(costs["200"]) * 1000,
            TARGET_200_MS,
        ),
    ]
    for name, mean_ms, target in rows:
        ratio = mean_ms / baseline
        verdict = "" if target is None else f"  target <= {target:g} ms: "
        if target is not None:
            verdict += "met" if mean_ms <= target else "MISSED"
        print(f"  {name:<40} {mean_ms:7.3f} ms  x{ratio:5.2f} of baseline{verdict}")


if __name__ == "__main__":
    main()
