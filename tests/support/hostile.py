"""A deliberately hostile HTTP server on 127.0.0.1 for the fetcher's tests.

It speaks raw HTTP/1.1 over asyncio streams in its own thread and event loop, so each
route can misbehave at the byte level (drip, hang, reset, bombs, lies) in ways a
well-behaved framework would not allow. Every request is logged so tests can assert
what reached the server, e.g. that a refused address was never contacted.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import ssl
import struct
import threading
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import brotli

ARTICLE = (
    b"<!doctype html><html lang=en><head><meta charset=utf-8>"
    b"<title>Hydration and joint pain: what the studies say | Lakeside Rheumatology</title>"
    b"</head><body><nav><a href=/>Home</a> <a href=/blog>Blog</a></nav>"
    b'<main><article><h1>Hydration and joint pain</h1><p class="date">Updated on March 3, 2025'
    b"</p><p>Our clinicians reviewed twelve small trials on water intake and stiffness (1).</p>"
    b"<p>Results were mixed, and no trial lasted longer than eight weeks (2).</p>"
    b"<h2>References</h2><ol><li>Okafor N, et al. Fluid intake and morning stiffness. "
    b"J Rheum Pract. 2021;14:221-9.</li><li>Brandt L. Water and joints. Clin Notes. 2019.</li>"
    b"</ol></article></main><footer>Lakeside Rheumatology, 12 Harbour Road</footer>"
    b"</body></html>"
)

# The compressed article exactly as /gzip, /deflate-raw and /br send it (the same bytes
# every time), so tests can compare what was kept with what was sent.
GZIP_ARTICLE = gzip.compress(ARTICLE, mtime=0)
_RAW_DEFLATE = zlib.compressobj(6, zlib.DEFLATED, -15)
DEFLATE_RAW_ARTICLE = _RAW_DEFLATE.compress(ARTICLE) + _RAW_DEFLATE.flush()
BR_ARTICLE = brotli.compress(ARTICLE)
ERROR_PAGE = b"<html><body>Oops</body></html>"
GONE_PAGE = b"<html><body>This page was removed.</body></html>"

LOGIN_WALL = (
    b"<!DOCTYPE html><html><head><title>Sign in - Member Portal</title></head><body>"
    b'<form action="/session" method="post"><label>Email <input type="email" name="email">'
    b'</label><label>Password <input type="password" name="password"></label>'
    b"<button>Sign in</button></form><p>Forgot your password?</p></body></html>"
)

CHALLENGE = (
    b"<!DOCTYPE html><html lang=en-US><head><title>Just a moment...</title>"
    b'<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">'
    b"<h1>Checking if the site connection is secure</h1><noscript>Enable JavaScript and "
    b"cookies to continue</noscript></div><script>(function(){window._cf_chl_opt={cvId: '3',"
    b"cType: 'managed'};var a=document.createElement('script');a.src='/cdn-cgi/challenge-"
    b"platform/h/b/orchestrate/chl_page/v1?ray=8c1';document.head.appendChild(a);}());"
    b"</script></body></html>"
)

# windows-1252 bytes (0x93, 0x94, 0xe9) labelled as UTF-8: invalid UTF-8, must be kept as is.
LYING_CHARSET = (
    b"<html><head><title>Caf\xe9 notes</title></head><body><p>The \x93miracle\x94 diet, "
    b"caf\xe9 style.</p></body></html>"
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(64)

ETAG = '"v7-4f2a"'
LAST_MODIFIED = "Tue, 04 Mar 2025 09:30:00 GMT"

ROBOTS = b"User-agent: *\nDisallow: /private/\n"

# A self-signed certificate for 127.0.0.1 and localhost (test use only, valid until 2125):
# no public authority vouches for it, so a verifying client must refuse it.
CERT = Path(__file__).with_name("selfsigned.crt")
KEY = Path(__file__).with_name("selfsigned.key")


def gzip_bomb(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    parts = [compressor.compress(block) for _ in range(size >> 20)]
    parts.append(compressor.flush())
    return b"".join(parts)


@dataclass(slots=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass(slots=True)
class Log:
    requests: list[Request] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    connections: int = 0

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]


Writer = asyncio.StreamWriter
Route = Callable[[Request, Writer], Awaitable[None]]


def _head(status: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers), "", ""]
    return "\r\n".join(lines).encode("latin-1")


async def _send(
    writer: Writer,
    status: str,
    body: bytes = b"",
    headers: list[tuple[str, str]] | None = None,
    *,
    content_type: str | None = "text/html; charset=utf-8",
) -> None:
    fields = list(headers or [])
    if content_type is not None:
        fields.append(("Content-Type", content_type))
    fields.append(("Content-Length", str(len(body))))
    writer.write(_head(status, fields) + body)
    await writer.drain()


def _reset(writer: Writer) -> None:
    """Close with a TCP RST instead of a FIN (SO_LINGER 0), as a crashing proxy does."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class HostileServer:
    """Routes by path; see ``_routes`` for what each one does."""

    def __init__(self) -> None:
        self.log = Log()
        self.raw: dict[str, bytes] = {}  # /raw?key=K answers exactly these bytes, then closes
        self.port = 0
        self.tls_port = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._tls_server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._gzip_bomb = gzip_bomb(64 << 20)  # 64 MB of zeros in about 64 KB
        self._brotli_bomb = brotli.compress(bytes(64 << 20), quality=5)
        self._routes: dict[str, Route] = {
            "/robots.txt": self._robots,
            "/article": self._article,
            "/private/page": self._article,
            "/gzip": self._gzip,
            "/deflate-raw": self._deflate_raw,
            "/br": self._br,
            "/gzip-bomb": self._gzip_bomb_route,
            "/brotli-bomb": self._brotli_bomb_route,
            "/endless": self._endless,
            "/big-declared": self._big_declared,
            "/loop-a": self._redirect("/loop-b"),
            "/loop-b": self._redirect("/loop-a"),
            "/chain": self._chain,
            "/drip": self._drip,
            "/silent": self._silent,
            "/endless-headers": self._endless_headers,
            "/reset": self._reset_route,
            "/reset-mid-body": self._reset_mid_body,
            "/truncated": self._truncated,
            "/garbage": self._garbage,
            "/error-500": self._error_500,
            "/flaky": self._flaky,
            "/rate-limited": self._rate_limited,
            "/png": self._png,
            "/octet": self._octet,
            "/empty": self._empty,
            "/lying-charset": self._lying_charset,
            "/untyped-html": self._untyped_html,
            "/untyped-binary": self._untyped_binary,
            "/xhtml": self._xhtml,
            "/etag": self._etag,
            "/last-modified": self._last_modified,
            "/challenge": self._challenge,
            "/login": self._login,
            "/gone": self._gone,
            "/missing": self._missing,
            "/cookie-check": self._cookie_check,
            "/raw": self._raw,
            "/redirect-internal": self._redirect("http://internal.test/admin"),
            "/redirect-article": self._redirect("/article"),
            "/redirect-ftp": self._redirect("ftp://files.example.org/a.html"),
        }

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> None:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        future.result(timeout=10)

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(CERT, KEY)
        self._tls_server = await asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=context)
        self.tls_port = self._tls_server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def close() -> None:
            for server in (self._server, self._tls_server):
                if server is not None:
                    server.close()
            current = asyncio.current_task()
            tasks = [task for task in asyncio.all_tasks() if task is not current]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def count(self, key: str) -> int:
        self.log.counters[key] = self.log.counters.get(key, 0) + 1
        return self.log.counters[key]

    # ------------------------------------------------------------------ protocol

    async def _handle(self, reader: asyncio.StreamReader, writer: Writer) -> None:
        self.log.connections += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        key, value = line.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                parts = urlsplit(target)
                request = Request(method, parts.path, parse_qs(parts.query), headers)
                self.log.requests.append(request)
                route = self._routes.get(parts.path, self._not_found)
                await route(request, writer)
                if writer.is_closing():
                    return
        except (ConnectionError, asyncio.CancelledError):
            return
        finally:
            if not writer.is_closing():
                writer.close()

    # ------------------------------------------------------------------ routes

    async def _not_found(self, request: Request, writer: Writer) -> None:
        await _send(writer, "404 Not Found", b"<html><body>No such page</body></html>")

    async def _robots(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", ROBOTS, content_type="text/plain")

    async def _article(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", ARTICLE)

    async def _gzip(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", GZIP_ARTICLE, [("Content-Encoding", "gzip")])

    async def _deflate_raw(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", DEFLATE_RAW_ARTICLE, [("Content-Encoding", "deflate")])

    async def _br(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", BR_ARTICLE, [("Content-Encoding", "br")])

    async def _gzip_bomb_route(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", self._gzip_bomb, [("Content-Encoding", "gzip")])

    async def _brotli_bomb_route(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", self._brotli_bomb, [("Content-Encoding", "br")])

    async def _endless(self, request: Request, writer: Writer) -> None:
        writer.write(
            _head("200 OK", [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")])
        )
        chunk = b"<p>" + b"more " * 2000 + b"</p>"
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        while not writer.is_closing():
            writer.write(frame)
            await writer.drain()

    async def _big_declared(self, request: Request, writer: Writer) -> None:
        writer.write(
            _head("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(200 << 20))])
        )
        await writer.drain()
        while not writer.is_closing():
            writer.write(bytes(65536))
            await writer.drain()

    def _redirect(self, location: str) -> Route:
        async def route(request: Request, writer: Writer) -> None:
            await _send(writer, "302 Found", b"", [("Location", location)])

        return route

    async def _chain(self, request: Request, writer: Writer) -> None:
        step = int(request.query.get("n", ["0"])[0])
        await _send(writer, "301 Moved Permanently", b"", [("Location", f"/chain?n={step + 1}")])

    async def _drip(self, request: Request, writer: Writer) -> None:
        writer.write(_head("200 OK", [("Content-Type", "text/html"), ("Content-Length", "5000")]))
        await writer.drain()
        while not writer.is_closing():
            writer.write(b"<")
            await writer.drain()
            await asyncio.sleep(0.1)

    async def _silent(self, request: Request, writer: Writer) -> None:
        while not writer.is_closing():  # headers that never come
            await asyncio.sleep(0.05)

    async def _endless_headers(self, request: Request, writer: Writer) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\n")
        line = b"X-Padding: " + b"a" * 1000 + b"\r\n"
        while not writer.is_closing():
            writer.write(line * 16)
            await writer.drain()

    async def _reset_route(self, request: Request, writer: Writer) -> None:
        _reset(writer)

    async def _reset_mid_body(self, request: Request, writer: Writer) -> None:
        writer.write(_head("200 OK", [("Content-Type", "text/html"), ("Content-Length", "9000")]))
        writer.write(ARTICLE[:300])
        await writer.drain()
        await asyncio.sleep(0.05)
        _reset(writer)

    async def _truncated(self, request: Request, writer: Writer) -> None:
        writer.write(_head("200 OK", [("Content-Type", "text/html"), ("Content-Length", "9000")]))
        writer.write(ARTICLE[:300])
        await writer.drain()
        writer.close()

    async def _garbage(self, request: Request, writer: Writer) -> None:
        writer.write(b"SPDY/9 nonsense \x00\xff\r\n\r\n")
        await writer.drain()
        writer.close()

    async def _error_500(self, request: Request, writer: Writer) -> None:
        await _send(writer, "500 Internal Server Error", ERROR_PAGE)

    async def _flaky(self, request: Request, writer: Writer) -> None:
        key = request.query.get("key", ["flaky"])[0]
        if self.count(key) == 1:
            await _send(writer, "503 Service Unavailable", b"<html><body>Busy</body></html>")
        else:
            await _send(writer, "200 OK", ARTICLE)

    async def _rate_limited(self, request: Request, writer: Writer) -> None:
        key = request.query.get("key", ["rate"])[0]
        wait = request.query.get("wait", ["1"])[0]
        if self.count(key) == 1:
            await _send(writer, "429 Too Many Requests", b"slow down", [("Retry-After", wait)])
        else:
            await _send(writer, "200 OK", ARTICLE)

    async def _png(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", PNG, content_type="image/png")

    async def _octet(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", bytes(range(256)), content_type="application/octet-stream")

    async def _empty(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", b"")

    async def _lying_charset(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", LYING_CHARSET, content_type="text/html; charset=utf-8")

    async def _untyped_html(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", b"\xef\xbb\xbf  \n" + ARTICLE, content_type=None)

    async def _untyped_binary(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", PNG, content_type=None)

    async def _xhtml(self, request: Request, writer: Writer) -> None:
        body = b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">' + ARTICLE[15:]
        await _send(writer, "200 OK", body, content_type="application/xhtml+xml")

    async def _etag(self, request: Request, writer: Writer) -> None:
        if request.headers.get("if-none-match") == ETAG:
            await _send(writer, "304 Not Modified", b"", [("ETag", ETAG)], content_type=None)
        else:
            await _send(writer, "200 OK", ARTICLE, [("ETag", ETAG)])

    async def _last_modified(self, request: Request, writer: Writer) -> None:
        if request.headers.get("if-modified-since") == LAST_MODIFIED:
            await _send(writer, "304 Not Modified", b"", content_type=None)
        else:
            await _send(writer, "200 OK", ARTICLE, [("Last-Modified", LAST_MODIFIED)])

    async def _challenge(self, request: Request, writer: Writer) -> None:
        await _send(
            writer,
            "403 Forbidden",
            CHALLENGE,
            [("Server", "cloudflare"), ("CF-RAY", "8c1f0e2a9b7d4e21-AMS")],
        )

    async def _login(self, request: Request, writer: Writer) -> None:
        await _send(writer, "200 OK", LOGIN_WALL)

    async def _gone(self, request: Request, writer: Writer) -> None:
        await _send(writer, "410 Gone", GONE_PAGE)

    async def _missing(self, request: Request, writer: Writer) -> None:
        await self._not_found(request, writer)

    async def _raw(self, request: Request, writer: Writer) -> None:
        writer.write(self.raw.get(request.query.get("key", [""])[0], b""))
        await writer.drain()
        writer.close()

    async def _cookie_check(self, request: Request, writer: Writer) -> None:
        if "visited=1" in request.headers.get("cookie", ""):
            await _send(writer, "200 OK", ARTICLE)
        else:
            headers = [("Set-Cookie", "visited=1; Path=/"), ("Location", "/cookie-check")]
            await _send(writer, "302 Found", b"", headers)
