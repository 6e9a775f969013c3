"""A small web archive on 127.0.0.1 speaking the Wayback CDX and Memento formats.

Shapes follow the public specifications, written for these tests:

- CDX server API (``/cdx/search/cdx``): ``output=json`` answers a list of rows whose
  first row names the fields (``fl``); ``collapse=digest`` drops a row whose digest
  equals the previous one; ``from``/``to`` take 1-14 digit timestamps, ``to`` padded
  with the latest moment; ``showResumeKey=true`` with ``limit`` ends a page with an
  empty row and a one-element row holding the key for ``resumeKey``.
- Replay (``/web/{timestamp}{modifier}/{url}``): ``id_`` gives the stored bytes with a
  ``Memento-Datetime`` header; without it, a rewritten page with the archive's banner.
- Memento (RFC 7089) under ``/mem``: a TimeMap at ``/mem/timemap/link/{url}`` in
  ``application/link-format`` with ``original``, ``self``, ``timegate``, ``memento``
  (``first``/``last``) links and a ``timemap`` link to its second page.

Misbehaviour on demand: missing captures (404 on the ``id_`` URL), rate limits (429
with Retry-After, a given number of times per path), a server that ignores
``collapse``. Every request is logged.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")


@dataclass(slots=True)
class Stored:
    timestamp: str
    original: str
    body: bytes
    mimetype: str = "text/html"
    status: int = 200
    digest: str = ""
    location: str | None = None  # an archived redirect: the original URL it pointed to
    listed: bool = True  # False: replayed, but not in any listing

    @property
    def moment(self) -> datetime:
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


@dataclass(slots=True)
class FakeArchive:
    captures: list[Stored] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)  # timestamps whose id_ answers 404
    nearest: dict[str, str] = field(default_factory=dict)  # timestamp -> the one replayed
    rate_limits: Counter[str] = field(default_factory=Counter)  # path -> 429s left to send
    retry_after: str = "1"
    honour_collapse: bool = True
    live: dict[str, bytes] = field(default_factory=dict)  # path -> page served as a live site
    log: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(self, timestamp: str, original: str, body: bytes, **extra: object) -> Stored:
        digest = extra.pop("digest", None) or base64.b32encode(hashlib.sha1(body).digest()).decode()
        stored = Stored(timestamp, original, body, digest=str(digest), **extra)  # type: ignore[arg-type]
        self.captures.append(stored)
        self.captures.sort(key=lambda item: item.timestamp)
        return stored

    def requests(self, prefix: str) -> list[str]:
        return [path for path in self.log if path.startswith(prefix)]


def _pad(value: str, filler: str) -> str:
    return (value + filler * 14)[:14]


class _Handler(BaseHTTPRequestHandler):
    archive: FakeArchive
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # keep test output clean
        return

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        archive = self.archive
        archive.log.append(self.path)
        if archive.rate_limits[self.path] > 0:
            archive.rate_limits[self.path] -= 1
            self._send(429, b"slow down", "text/plain", Retry_After=archive.retry_after)
            return
        parts = urlsplit(self.path)
        if parts.path in archive.live:
            self._send(200, archive.live[parts.path], "text/html; charset=utf-8")
        elif parts.path == "/cdx/search/cdx":
            self._cdx(parse_qs(parts.query))
        elif self.path.startswith("/web/"):
            self._replay("/web", self.path[len("/web/") :])
        elif self.path.startswith("/mem/timemap/link/"):
            self._timemap(self.path[len("/mem/timemap/link/") :], page=1)
        elif self.path.startswith("/mem/timemap2/link/"):
            self._timemap(self.path[len("/mem/timemap2/link/") :], page=2)
        elif self.path.startswith("/mem/"):
            self._replay("/mem", self.path[len("/mem/") :])
        else:
            self._send(404, b"not found", "text/plain")

    def _matching(self, url: str, *, listing: bool = True) -> list[Stored]:
        return [
            item
            for item in self.archive.captures
            if item.original == url and (item.listed or not listing)
        ]

    def _cdx(self, query: dict[str, list[str]]) -> None:
        url = query.get("url", [""])[0]
        rows = self._matching(url)
        if "from" in query:
            rows = [item for item in rows if item.timestamp >= _pad(query["from"][0], "0")]
        if "to" in query:
            rows = [item for item in rows if item.timestamp <= _pad(query["to"][0], "9")]
        if self.archive.honour_collapse and query.get("collapse") == ["digest"]:
            kept: list[Stored] = []
            for item in rows:
                if not kept or kept[-1].digest != item.digest:
                    kept.append(item)
            rows = kept
        start = int(query["resumeKey"][0].split("+")[1]) if "resumeKey" in query else 0
        limit = int(query.get("limit", ["100000"])[0])
        page = rows[start : start + limit]
        fields = query.get("fl", [",".join(FIELDS)])[0].split(",")
        values = {
            "urlkey": lambda item: "example,harbourjoint)/blog",
            "timestamp": lambda item: item.timestamp,
            "original": lambda item: item.original,
            "mimetype": lambda item: item.mimetype,
            "statuscode": lambda item: str(item.status),
            "digest": lambda item: item.digest,
            "length": lambda item: str(len(item.body)),
        }
        table: list[list[str]] = [fields] + [
            [values[name](item) for name in fields] for item in page
        ]
        if query.get("showResumeKey") == ["true"] and start + limit < len(rows):
            table += [[], [f"example,harbourjoint)/blog {page[-1].timestamp}+{start + limit}"]]
        if len(table) == 1:
            self._send(200, b"", "text/plain")  # the CDX server's answer when nothing matches
            return
        self._send(200, json.dumps(table).encode(), "application/json")

    def _replay(self, prefix: str, rest: str) -> None:
        stamp, _, original = rest.partition("/")
        raw = stamp.endswith("id_")
        stamp = stamp.removesuffix("id_")
        if stamp in self.archive.nearest:  # as Wayback does: off to the capture it has
            target = f"{prefix}/{self.archive.nearest[stamp]}{'id_' if raw else ''}/{original}"
            self._send(302, b"", "text/html", Location=self.archive.base + target)
            return
        replayable = self._matching(original, listing=False)
        found = next((item for item in replayable if item.timestamp == stamp), None)
        if found is None or (raw and stamp in self.archive.missing):
            self._send(404, b"<html><body>Not in archive</body></html>", "text/html")
            return
        moment = format_datetime(found.moment, usegmt=True)
        if found.location is not None:  # replayed as the archive does: to the target's capture
            target = f"{self.archive.base}{prefix}/{stamp}{'id_' if raw else ''}/{found.location}"
            self._send(found.status, b"", "text/html", Location=target, Memento_Datetime=moment)
            return
        if raw:
            self._send(found.status, found.body, found.mimetype, Memento_Datetime=moment)
            return
        banner = b'<div id="wm-ipp">THE FAKE ARCHIVE - replay toolbar</div>'
        self._send(
            found.status,
            banner + found.body,
            f"{found.mimetype}; charset=utf-8",
            Memento_Datetime=moment,
        )

    def _timemap(self, url: str, *, page: int) -> None:
        rows = self._matching(url)
        if not rows:
            self._send(404, b"no captures", "text/plain")
            return
        half = (len(rows) + 1) // 2
        chosen = rows[:half] if page == 1 else rows[half:]
        base = self.archive.base
        links = [
            f'<{url}>; rel="original"',
            f'<{base}/mem/timemap/link/{url}>; rel="self"; type="application/link-format"',
            f'<{base}/mem/{url}>; rel="timegate"',
        ]
        if page == 1:
            links.append(
                f'<{base}/mem/timemap2/link/{url}>; rel="timemap"; type="application/link-format"'
            )
        for index, item in enumerate(chosen):
            rel = "memento"
            if page == 1 and index == 0:
                rel = "first memento"
            moment = format_datetime(item.moment, usegmt=True)
            links.append(f'<{base}/mem/{item.timestamp}/{url}>; rel="{rel}"; datetime="{moment}"')
        body = ",\n".join(links).encode()
        self._send(200, body, "application/link-format")


class ArchiveServer:
    """Runs a FakeArchive in a thread; ``with ArchiveServer() as archive: ...``."""

    def __init__(self) -> None:
        self.archive = FakeArchive()
        handler = type("Handler", (_Handler,), {"archive": self.archive})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.archive.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FakeArchive:
        self._thread.start()
        return self.archive

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
