"""Cost of placing past captures (backfill / import) against the extract+compare they need anyway.

Usage:
    .venv/bin/python benchmarks/backfill.py [--captures N] [--warc FILE.warc.gz --url URL]

Without ``--warc``, N revisions of a clinic article written for this benchmark
(about 40 paragraphs and a reference list; each revision changes a number, and every
fifth one adds a sentence) are written with warcio into one WARC file, one capture a
day, and imported three ways into fresh data directories:

    baseline       extract each capture and compare it with the one before, nothing stored
    in order       ``import_warcs`` of the whole file: captures placed oldest first
    newest first   one file per capture, imported newest first, so every capture lands
                   before the versions already stored and the report of the version
                   after it is recomputed (the worst case of backfilling under tracking)

    backfill       ``tracker.history.backfill`` of the same captures from a small CDX
                   server on 127.0.0.1 (in this process, no pause between requests):
                   listing, raw ``id_`` fetches through the HttpFetcher, then placing

Each row prints wall milliseconds per capture and its ratio to the baseline, measured
in the same run; the difference is the price of the WARC record, the index rows,
the ledger and, newest first, the recomputed neighbour reports; for backfill, also the
HTTP round trips. With ``--warc`` a
real crawl is imported once (for ``--url``, or every HTML page with ``--url all``) and
the records scanned per second are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tracker.comparison import compare
from tracker.config import FetchSettings
from tracker.extraction import extract
from tracker.fetch import HttpFetcher
from tracker.history import Archive, backfill, import_warcs
from tracker.store import Index, open_index

URL = "https://lakeview-spine.example/blog/shockwave-therapy-back-pain"
START = datetime(2019, 1, 1, 9, 0, tzinfo=UTC)


def revision(number: int) -> bytes:
    paragraphs = [
        f"Extracorporeal shockwave therapy sends pulses of sound energy into tissue; "
        f"section {index} of this guide explains what our physicians look for before "
        f"recommending it, and how sessions number {3 + index % 4} on average."
        for index in range(40)
    ]
    paragraphs[5] = (
        f"Our spine team has treated more than {400 + 25 * number} patients with "
        "shockwave therapy since the clinic opened (1)."
    )
    paragraphs += [
        f"An update added in revision {extra}: follow-up calls now happen after two weeks."
        for extra in range(0, number, 5)
    ]
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    references = "".join(
        f"<li>Author{index} R, Writer S. A trial of shockwave therapy {index}. "
        f"Spine Rev. 20{10 + index};{index}:1-9.</li>"
        for index in range(1, 6)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Shockwave therapy for back pain | Lakeview Spine</title></head><body>"
        '<nav><a href="/">Home</a><a href="/blog">Blog</a></nav><main><article>'
        f"<h1>Shockwave therapy for back pain</h1><p>Updated on {revision_day(number):%b %d, %Y}"
        f"</p>{body}<h2>References</h2><ol>{references}</ol></article></main>"
        "<footer>Lakeview Spine, 9 Mill Lane</footer></body></html>"
    ).encode()


def revision_day(number: int) -> datetime:
    return START + timedelta(days=number)


def write_warc(path: Path, numbers: list[int]) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for number in numbers:
        body = revision(number)
        record = writer.create_warc_record(
            URL,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            ),
            warc_headers_dict={"WARC-Date": revision_day(number).strftime("%Y-%m-%dT%H:%M:%SZ")},
        )
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())


def baseline(count: int) -> float:
    start = time.perf_counter()
    previous = None
    for number in range(count):
        document = extract(revision(number), url=URL, content_type="text/html; charset=utf-8")
        if previous is not None:
            compare(previous, document)
        previous = document
    return time.perf_counter() - start


def in_order(count: int, work: Path) -> float:
    path = work / "all.warc.gz"
    write_warc(path, list(range(count)))
    with open_index(work / "in-order") as store:
        start = time.perf_counter()
        import_warcs(store, [path], urls=[URL])
        elapsed = time.perf_counter() - start
        assert len(store.snapshots(URL)) == count
    return elapsed


def newest_first(count: int, work: Path) -> float:
    paths = []
    for number in reversed(range(count)):
        path = work / f"one-{number}.warc.gz"
        write_warc(path, [number])
        paths.append(path)
    with open_index(work / "newest-first") as store:
        start = time.perf_counter()
        for path in paths:
            import_warcs(store, [path], urls=[URL])
        elapsed = time.perf_counter() - start
        versions = store.snapshots(URL)
        assert len(versions) == count
        report = store.report_for_snapshot(versions[-1].id)
        assert report is not None and report["old"]["updated"] is not None
    return elapsed


class _Archive(BaseHTTPRequestHandler):
    """CDX JSON with a header row, and each revision raw under /web/{timestamp}id_/{url}."""

    count = 0
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        return

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        stamps = [f"{revision_day(n):%Y%m%d%H%M%S}" for n in range(self.count)]
        if parts.path == "/cdx/search/cdx":
            fields = parse_qs(parts.query)["fl"][0].split(",")
            rows = [
                {"timestamp": stamp, "original": URL, "statuscode": "200"}
                | {"mimetype": "text/html", "digest": f"D{n}", "length": "0"}
                for n, stamp in enumerate(stamps)
            ]
            body = json.dumps([fields] + [[row[name] for name in fields] for row in rows])
            self._send(body.encode(), "application/json")
        elif parts.path.startswith("/web/"):
            stamp = parts.path.split("/")[2].removesuffix("id_")
            self._send(revision(stamps.index(stamp)), "text/html; charset=utf-8")
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def from_archive(count: int, work: Path) -> float:
    handler = type("Handler", (_Archive,), {"count": count})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    settings = FetchSettings(allow_private=True, min_host_delay=0.0, respect_robots=False)
    where = Archive.parse(f"http://127.0.0.1:{server.server_address[1]}/cdx/search/cdx")

    async def run(store: Index) -> None:
        async with HttpFetcher() as fetcher:
            await backfill(store, fetcher, URL, settings, archive=where)

    try:
        with open_index(work / "backfill") as store:
            start = time.perf_counter()
            asyncio.run(run(store))
            elapsed = time.perf_counter() - start
            assert len(store.snapshots(URL)) == count
    finally:
        server.shutdown()
        server.server_close()
    return elapsed


def real_crawl(path: Path, url: str) -> None:
    with tempfile.TemporaryDirectory() as directory, open_index(Path(directory) / "data") as store:
        start = time.perf_counter()
        run = import_warcs(store, [path], urls=None if url == "all" else [url])
        elapsed = time.perf_counter() - start
    records = sum(run.skipped.values()) + len(run.results)
    print(f"{path}: {records} records in {elapsed:.2f} s ({records / elapsed:.0f} records/s)")
    print(f"  captures: {dict(run.to_json()['counts'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--captures", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warc", type=Path)
    parser.add_argument("--url", default="all")
    args = parser.parse_args()
    if args.warc is not None:
        real_crawl(args.warc, args.url)
        return
    count = args.captures
    rows: dict[str, list[float]] = {
        "baseline": [],
        "in order": [],
        "newest first": [],
        "backfill": [],
    }
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as directory:
            work = Path(directory)
            rows["baseline"].append(baseline(count))
            rows["in order"].append(in_order(count, work))
            rows["newest first"].append(newest_first(count, work))
            rows["backfill"].append(from_archive(count, work))
    base = statistics.median(rows["baseline"])
    print(f"{count} captures of a {len(revision(0)) // 1024} KB article, median of {args.rounds}")
    print(f"{'':<14}{'ms/capture':>12}{'x baseline':>12}")
    for name, values in rows.items():
        median = statistics.median(values)
        print(f"{name:<14}{median / count * 1000:>12.2f}{median / base:>12.2f}")


if __name__ == "__main__":
    main()
