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
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import parse_qs, urlsplit

from support.server import Request, Route, local_server

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


def _send(status: int, body: bytes, content_type: str, **headers: str) -> Route:
    named = [(name.replace("_", "-"), value) for name, value in headers.items()]
    return Route(body, status=status, content_type=content_type, headers=named)


class _Answers:
    """What the archive answers, path by path (a handler of the one local server)."""

    def __init__(self, archive: FakeArchive) -> None:
        self.archive = archive

    def __call__(self, request: Request) -> Route:
        archive = self.archive
        path = request.path
        archive.log.append(path)
        if archive.rate_limits[path] > 0:
            archive.rate_limits[path] -= 1
            return _send(429, b"slow down", "text/plain", Retry_After=archive.retry_after)
        parts = urlsplit(path)
        if parts.path in archive.live:
            return _send(200, archive.live[parts.path], "text/html; charset=utf-8")
        elif parts.path == "/cdx/search/cdx":
            return self._cdx(parse_qs(parts.query))
        elif path.startswith("/web/"):
            return self._replay("/web", path[len("/web/") :])
        elif path.startswith("/mem/timemap/link/"):
            return self._timemap(path[len("/mem/timemap/link/") :], page=1)
        elif path.startswith("/mem/timemap2/link/"):
            return self._timemap(path[len("/mem/timemap2/link/") :], page=2)
        elif path.startswith("/mem/"):
            return self._replay("/mem", path[len("/mem/") :])
        else:
            return _send(404, b"not found", "text/plain")

    def _matching(self, url: str, *, listing: bool = True) -> list[Stored]:
        return [
            item
            for item in self.archive.captures
            if item.original == url and (item.listed or not listing)
        ]

    def _cdx(self, query: dict[str, list[str]]) -> Route:
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
            return _send(200, b"", "text/plain")  # the CDX server's answer when nothing matches
        return _send(200, json.dumps(table).encode(), "application/json")

    def _replay(self, prefix: str, rest: str) -> Route:
        stamp, _, original = rest.partition("/")
        raw = stamp.endswith("id_")
        stamp = stamp.removesuffix("id_")
        if stamp in self.archive.nearest:  # as Wayback does: off to the capture it has
            target = f"{prefix}/{self.archive.nearest[stamp]}{'id_' if raw else ''}/{original}"
            return _send(302, b"", "text/html", Location=self.archive.base + target)
        replayable = self._matching(original, listing=False)
        found = next((item for item in replayable if item.timestamp == stamp), None)
        if found is None or (raw and stamp in self.archive.missing):
            return _send(404, b"<html><body>Not in archive</body></html>", "text/html")
        moment = format_datetime(found.moment, usegmt=True)
        if found.location is not None:  # replayed as the archive does: to the target's capture
            target = f"{self.archive.base}{prefix}/{stamp}{'id_' if raw else ''}/{found.location}"
            return _send(found.status, b"", "text/html", Location=target, Memento_Datetime=moment)
        if raw:
            return _send(found.status, found.body, found.mimetype, Memento_Datetime=moment)
        banner = b'<div id="wm-ipp">THE FAKE ARCHIVE - replay toolbar</div>'
        return _send(
            found.status,
            banner + found.body,
            f"{found.mimetype}; charset=utf-8",
            Memento_Datetime=moment,
        )

    def _timemap(self, url: str, *, page: int) -> Route:
        rows = self._matching(url)
        if not rows:
            return _send(404, b"no captures", "text/plain")
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
        return _send(200, body, "application/link-format")


@contextmanager
def archive_server() -> Iterator[FakeArchive]:
    """A FakeArchive answering on the one local server: ``with archive_server() as archive:``."""
    archive = FakeArchive()
    with local_server(handler=_Answers(archive)) as server:
        archive.port = server.port
        yield archive
