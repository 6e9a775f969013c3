"""Cost of the browser fetcher beside the HTTP fetcher, on the same local pages.

Each page is fetched by both: the HTTP fetcher (the baseline: the page as served)
and the browser fetcher (the same, then rendered in the system's Chromium). Printed
per kind of page: wall time per fetch (median and 90th percentile), the CPU time per
fetch of the whole process tree (Python plus Chromium's processes: steady on a busy
machine, where wall time is not), and the peak memory of the tree (proportional set
size, so pages Chromium's processes share count once, sampled every 20 ms), side by
side. The browser's start-up is timed on its own.

Pages are served on this machine only. The page's own requests are admitted as in a
real fetch, with a resolver that knows one host, ``localhost`` (this server): every
other host a page names is refused before anything is sent.

    .venv/bin/python benchmarks/fetch_browser.py [--pages /work/shared/data/extraction/html]
                                                 [--n 20]

Without ``--pages``, a generated script-built article (an HTML shell whose script
fetches the article as JSON) and fetch_cost.py's generated static article (120 KB).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import multiprocessing
import os
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from fetch_cost import generated_page

from tracker.config import FetchSettings
from tracker.errors import AddressFailure, FetchFailure
from tracker.fetch import BrowserFetcher, HttpFetcher, PageFetcher
from tracker.model import Capture

SHELL = (
    b'<!doctype html><html><head><meta charset="utf-8"><title>Clinic</title></head><body>'
    b'<nav>Home Blog</nav><main id="app">Loading...</main><script src="/app.js"></script>'
    b"</body></html>"
)
APP = (
    b"fetch('/article.json').then(r => r.json()).then(a => {"
    b"const m = document.getElementById('app'); m.innerHTML = '';"
    b"for (const t of a.paragraphs) { const p = document.createElement('p');"
    b"p.textContent = t; m.appendChild(p); } });"
)


def article_json() -> bytes:
    paragraphs = [
        f"Section {n}: clinicians describe how patients responded over {n + 4} weeks "
        f"and what the limits of the evidence are ({n % 7 + 1})."
        for n in range(120)
    ]
    return json.dumps({"paragraphs": paragraphs}).encode()


def site(folder: Path | None) -> dict[str, tuple[bytes, str]]:
    """Path -> (body, content type) of everything the server answers."""
    html = "text/html; charset=utf-8"
    files = {
        "/app.js": (APP, "text/javascript"),
        "/article.json": (article_json(), "application/json"),
    }
    if folder is None:
        return {**files, "/script-built": (SHELL, html), "/static": (generated_page(), html)}
    pages = sorted(folder.glob("*.html.gz"))
    if not pages:
        raise SystemExit(f"no *.html.gz pages in {folder}")
    for path in pages:
        files[f"/page/{path.name.removesuffix('.html.gz')}"] = (
            gzip.decompress(path.read_bytes()),
            html,
        )
    return files


def serve(files: dict[str, tuple[bytes, str]], ready: multiprocessing.Queue) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body, kind = files.get(self.path, (b"not found", "text/plain"))
            self.send_response(200 if self.path in files else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ready.put(server.server_address[1])
    server.serve_forever()


async def only_localhost(host: str, port: int) -> list[str]:
    """The benchmark's DNS: this server passes the address policy; nothing else exists."""
    if host == "localhost":
        return ["93.184.216.34"]
    raise AddressFailure(f"refused: {host} is not this benchmark's server")


# The page server's process: a child of this one, but not part of what is measured.
SERVER_PID: set[int] = set()


class TreeMemory:
    """Peak memory (PSS) of this process and all its descendants, sampled."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self.peak = 0
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid()))
            self._stop.wait(0.02)


def _tree(root: int) -> dict[int, list[str]]:
    """``root`` and its descendants (the page server left out), each with its /proc stat
    fields after the command name."""
    stats: dict[int, list[str]] = {}
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry)] = fields
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        found[pid] = stats.get(pid, [])
        todo.extend(child for child in children.get(pid, []) if child not in SERVER_PID)
    return found


def tree_rss(root: int) -> int:
    """Bytes of memory ``root`` and its descendants hold (proportional set size, so pages
    that Chromium's processes share are counted once between them), from /proc."""
    return sum(_pss(pid) for pid in _tree(root))


TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(root: int) -> float:
    """CPU seconds ``root`` and its descendants used so far: each live process's own and
    its reaped children's (utime, stime, cutime, cstime), so Chromium's renderers that
    came and went still count once, through the process that waited for them."""
    return sum(sum(int(f) for f in fields[11:15]) for fields in _tree(root).values()) / TICK


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


async def run_kind(
    fetcher: PageFetcher, urls: list[str], settings: FetchSettings, n: int
) -> tuple[list[float], float, int, int]:
    """Seconds per fetch, CPU seconds per fetch of the whole process tree, peak tree
    memory, and failed fetches, over ``n`` rounds of ``urls``."""
    times: list[float] = []
    failed = 0
    cpu = tree_cpu(os.getpid())
    with TreeMemory() as memory:
        for round_ in range(n):
            url = urls[round_ % len(urls)]
            started = time.perf_counter()
            try:
                result = await fetcher.fetch(url, settings)
                assert isinstance(result, Capture)
            except FetchFailure:
                failed += 1
            times.append(time.perf_counter() - started)
    return times, (tree_cpu(os.getpid()) - cpu) / n, memory.peak, failed


async def measure(base: str, groups: dict[str, list[str]], n: int) -> None:
    http_settings = FetchSettings(min_host_delay=0.000001, respect_robots=False)
    browser_settings = FetchSettings(
        min_host_delay=0.000001, respect_robots=False, fetcher="browser"
    )
    transport = httpx.AsyncHTTPTransport()  # injected: connects to this server, 127.0.0.1
    async with HttpFetcher(transport=transport, resolver=only_localhost) as http:
        browser = BrowserFetcher(http)
        rows: list[tuple[str, str, list[float], float, int, int]] = []
        try:
            # The HTTP fetcher first, before Chromium is started: its memory is its own.
            for kind, paths in groups.items():
                urls = [base + path for path in paths]
                await http.fetch(urls[0], http_settings)  # warm the connection pool
                rows.append((kind, "http", *await run_kind(http, urls, http_settings, n)))
            started = time.perf_counter()
            with TreeMemory() as memory:
                await browser.fetch(base + next(iter(groups.values()))[0], browser_settings)
            print(
                f"browser start-up and first page: {time.perf_counter() - started:.2f} s, "
                f"peak tree memory {memory.peak / 2**20:.0f} MB"
            )
            for kind, paths in groups.items():
                urls = [base + path for path in paths]
                rows.append((kind, "browser", *await run_kind(browser, urls, browser_settings, n)))
        finally:
            await transport.aclose()
            await browser.aclose()
    print(
        f"{'pages':<14} {'fetcher':<8} {'median':>8} {'p90':>8} {'CPU/page':>9}"
        f" {'peak MB':>8} failed"
    )
    http_cpu = {kind: cpu for kind, name, _, cpu, _, _ in rows if name == "http"}
    for kind, name, times, cpu, peak, failed in sorted(rows, key=lambda row: row[0]):
        p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
        ratio = f"  x{cpu / http_cpu[kind]:.0f} the HTTP fetcher's CPU" if name != "http" else ""
        print(
            f"{kind:<14} {name:<8} {statistics.median(times) * 1000:6.0f}ms "
            f"{p90 * 1000:6.0f}ms {cpu * 1000:7.1f}ms {peak / 2**20:8.0f}"
            f" {failed:3d}/{len(times)}{ratio}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, help="folder of *.html.gz article pages")
    parser.add_argument("--n", type=int, default=20, help="fetches per kind and fetcher")
    args = parser.parse_args()
    files = site(args.pages)
    if args.pages is None:
        groups = {"script-built": ["/script-built"], "static": ["/static"]}
    else:
        groups = {"real pages": sorted(path for path in files if path.startswith("/page/"))}

    ready: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(files, ready), daemon=True)
    server.start()
    SERVER_PID.add(server.pid or 0)
    try:
        port = ready.get(timeout=30)
        print(f"fetch time and memory per page, n={args.n} per kind and fetcher")
        asyncio.run(measure(f"http://localhost:{port}", groups, args.n))
    finally:
        server.terminate()
        server.join()


if __name__ == "__main__":
    main()
