"""The one local HTTP server of the tests: on 127.0.0.1, configured by routes.

``local_server()`` starts it in a thread for a ``with`` block and yields a
``LocalServer``: ``pages[path]`` is a ``Route`` saying what that path answers (status,
headers, body, a delay, a redirect, an ETag with 304 to it, gzip or brotli), changed
freely between requests; ``handler`` answers what the routes do not (servers that
speak a protocol of their own: the fake web archive, the webhook receiver). Every
request is logged (``requests``, ``paths``) and every body as it went out (``sent``).
"""

from __future__ import annotations

import gzip
import hashlib
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli

from tracker.model import Headers


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str  # with its query, as sent
    headers: Headers
    body: bytes = b""


@dataclass
class Route:
    """What one path answers. ``body`` may be text (sent as UTF-8) or a callable that
    makes a new body for every request; ``location`` makes it a redirect (with a 3xx
    ``status``); ``etag`` adds an ETag of the body and answers 304 to it."""

    body: bytes | str | Callable[[], bytes] = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    delay: float = 0.0  # seconds before answering
    location: str | None = None
    etag: bool = False
    gzip: bool = False  # Content-Encoding: gzip, the same bytes every time (mtime 0)
    brotli: bool = False  # Content-Encoding: br
    recompress: bool = False  # with gzip: other bytes on every answer (mtime = its number)

    def payload(self) -> bytes:
        body = self.body() if callable(self.body) else self.body
        return body.encode("utf-8") if isinstance(body, str) else body


NOT_FOUND = Route(
    b"<html><body><h1>Not found</h1></body></html>", status=404, content_type="text/html"
)

# Answers a request the routes do not know: a Route, or None for NOT_FOUND.
Handler = Callable[[Request], Route | None]


@dataclass
class LocalServer:
    base: str = ""
    pages: dict[str, Route] = field(default_factory=dict)
    handler: Handler | None = None
    delay: float = 0.0  # seconds before every answer, on top of a route's own
    requests: list[Request] = field(default_factory=list)
    sent: list[bytes] = field(default_factory=list)  # each body as it went out, coded

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])

    @property
    def paths(self) -> list[str]:
        return [request.path for request in self.requests]

    def url(self, path: str) -> str:
        return self.base + path


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away mid-answer (a daemon stopped, a browser's aborted
        request) is no error of the server's; anything else is printed as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _entity_tag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


@contextmanager
def local_server(
    pages: dict[str, Route] | None = None, *, handler: Handler | None = None
) -> Iterator[LocalServer]:
    """A LocalServer running on 127.0.0.1 for the block; stopped on the way out."""
    server = LocalServer(pages=dict(pages or {}), handler=handler)
    lock = threading.Lock()

    class Handle(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body leave in two writes; without this Nagle's algorithm and
            # delayed ACKs add 40 ms to every response.
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self) -> None:
            self._answer(b"")

        def do_POST(self) -> None:
            self._answer(self.rfile.read(int(self.headers.get("Content-Length", "0"))))

        def _answer(self, body: bytes) -> None:
            request = Request(self.command, self.path, Headers(self.headers.items()), body)
            with lock:
                server.requests.append(request)
                number = len(server.requests)
                route = server.pages.get(self.path)
            if route is None and server.handler is not None:
                route = server.handler(request)
            route = route or NOT_FOUND
            if server.delay or route.delay:
                time.sleep(server.delay + route.delay)
            payload = route.payload()
            headers = list(route.headers)
            if route.location is not None:
                headers.append(("Location", route.location))
            if route.etag:
                tag = _entity_tag(payload)
                if self.headers.get("If-None-Match") == tag:
                    self._send(304, b"", None, [("ETag", tag)])
                    return
                headers.append(("ETag", tag))
            if route.gzip:
                payload = gzip.compress(payload, mtime=number if route.recompress else 0)
                headers.append(("Content-Encoding", "gzip"))
            elif route.brotli:
                payload = brotli.compress(payload)
                headers.append(("Content-Encoding", "br"))
            self._send(route.status, payload, route.content_type, headers)

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str | None,
            headers: list[tuple[str, str]],
        ) -> None:
            if status != 304:
                with lock:
                    server.sent.append(body)
            self.send_response(status)
            if content_type is not None and status != 304:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    http = _Server(("127.0.0.1", 0), Handle)
    server.base = f"http://127.0.0.1:{http.server_address[1]}"
    thread = threading.Thread(target=http.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        http.shutdown()
        http.server_close()
