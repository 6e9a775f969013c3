"""The demo: bundled revisions of a clinic article, served on 127.0.0.1 and tracked.

The revisions are one hand-written page (``assets/demo_pages/knee-article.html``) and a
list of edits per later revision (``assets/demo_pages/revisions.toml``), the way a real
page drifts: a date bumped here, a hedge dropped there. Each revision is checked
through the same pipeline as any watched page (fetch, archive, extract, store,
compare), so the demo exercises the real thing, only against a local server.
"""

from __future__ import annotations

import hashlib
import threading
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from tracker.check import CheckResult, check
from tracker.config import FetchSettings
from tracker.fetch import open_fetcher
from tracker.model import Document
from tracker.store import open_index

__all__ = ["DEMO_PATH", "DemoRevision", "DemoSite", "DemoStep", "load_revisions", "run_demo"]

DEMO_PATH = "/blog/stem-cell-therapy-knee-osteoarthritis"
_PAGES = resources.files("tracker.assets") / "demo_pages"


@dataclass(frozen=True, slots=True)
class DemoRevision:
    number: int
    note: str
    html: bytes


def load_revisions() -> list[DemoRevision]:
    """Every revision of the demo article, each built from the one before."""
    html = (_PAGES / "knee-article.html").read_text(encoding="utf-8")
    plan = tomllib.loads((_PAGES / "revisions.toml").read_text(encoding="utf-8"))
    revisions = []
    for number, revision in enumerate(plan["revision"], start=1):
        for edit in revision["edits"]:
            count = html.count(edit["old"])
            if count != 1:
                raise ValueError(
                    f"demo revision {number}: an edit must match exactly once, "
                    f"matched {count} times: {edit['old'][:60]!r}"
                )
            html = html.replace(edit["old"], edit["new"])
        revisions.append(DemoRevision(number, revision["note"], html.encode("utf-8")))
    return revisions


class _Handler(BaseHTTPRequestHandler):
    server: _DemoServer

    def do_GET(self) -> None:
        body = self.server.current
        if self.path.split("?")[0] == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        elif self.path.split("?")[0] != DEMO_PATH:
            self._send(404, b"<html><body><h1>Not found</h1></body></html>", "text/html")
        else:
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self._send(200, body, "text/html; charset=utf-8", etag=etag)

    def _send(self, status: int, body: bytes, content_type: str, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the demo prints change reports, not access logs."""


class _DemoServer(ThreadingHTTPServer):
    daemon_threads = True
    current: bytes = b""


@dataclass(slots=True)
class DemoSite:
    """A running local server; ``publish`` swaps the revision it serves."""

    _server: _DemoServer

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{DEMO_PATH}"

    def publish(self, revision: DemoRevision) -> None:
        self._server.current = revision.html

    @classmethod
    @contextmanager
    def serve(cls) -> Iterator[DemoSite]:
        server = _DemoServer(("127.0.0.1", 0), _Handler)
        thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
        thread.start()
        try:
            yield cls(server)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


# The demo site is on 127.0.0.1, which the default address policy refuses; it is
# the only thing the demo fetches, so it may, and it need not wait between checks.
DEMO_FETCH_SETTINGS = FetchSettings(allow_private=True, min_host_delay=0.0, total_timeout=20.0)


@dataclass(frozen=True, slots=True)
class DemoStep:
    """One check of the demo page: which revision was online and what tracker made of it."""

    revision: DemoRevision
    result: CheckResult
    document: Document | None  # the stored version after the check


async def _track(data_dir: Path, on_step: Callable[[DemoStep], None]) -> list[DemoStep]:
    revisions = load_revisions()
    # The last revision is checked twice: the second check is answered 304 and costs nothing.
    schedule = [*revisions, revisions[-1]]
    steps = []
    with DemoSite.serve() as site, open_index(data_dir) as store:
        async with open_fetcher() as fetcher:
            for revision in schedule:
                site.publish(revision)
                result = await check(store, fetcher, site.url, DEMO_FETCH_SETTINGS)
                snapshot = store.snapshot(result.snapshot_id) if result.snapshot_id else None
                document = store.load_document(snapshot.document_sha256) if snapshot else None
                step = DemoStep(revision, result, document)
                on_step(step)
                steps.append(step)
    return steps


def run_demo(data_dir: Path, on_step: Callable[[DemoStep], None]) -> list[DemoStep]:
    """Track every bundled revision into ``data_dir``, calling ``on_step`` after each check."""
    import asyncio

    return asyncio.run(_track(data_dir, on_step))
