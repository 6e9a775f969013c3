"""Every capture an archive lists for a URL, through the same fetcher as live checks.

Listing pages are fetched through the ``PageFetcher`` (so the limits, politeness and
Retry-After hold towards archives too), widened to the types listings arrive as; a
rate limit longer than one fetch's deadline is waited out here (``Patience``), up to
MAX_RATE_LIMIT_WAIT. ``collapse_digests`` drops a capture identical to the one
before it.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from tracker.config import FetchSettings
from tracker.errors import EmptyFailure, FetchFailure, GoneFailure, HTTPStatusFailure
from tracker.fetch import PageFetcher
from tracker.history.archives import Archive, ArchivedCapture, in_range
from tracker.history.cdx import cdx_url, parse_cdx_json
from tracker.history.memento import parse_timemap, timemap_url
from tracker.model import Capture, NotModified

__all__ = [
    "LISTING_TYPES",
    "MAX_LISTING_PAGES",
    "MAX_RATE_LIMIT_WAIT",
    "Patience",
    "Sleep",
    "collapse_digests",
    "fetch_patiently",
    "list_captures",
    "rate_limited",
]

MAX_LISTING_PAGES = 200
# A Retry-After longer than the fetcher's deadline is waited out here, up to this long;
# a longer one stops the run, to be resumed later.
MAX_RATE_LIMIT_WAIT = 900.0
# What archive listings arrive as; Wayback labels its JSON text/plain or application/json.
LISTING_TYPES = frozenset(
    {"application/json", "text/json", "text/plain", "application/link-format"}
)

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Patience:
    sleep: Sleep = asyncio.sleep
    max_wait: float = MAX_RATE_LIMIT_WAIT


def rate_limited(failure: FetchFailure) -> bool:
    if not isinstance(failure, HTTPStatusFailure):
        return False
    # status None: the fetcher refused to sleep through a Retry-After beyond its deadline
    return failure.status in {429, 503} or (
        failure.status is None and failure.retry_after is not None
    )


async def fetch_patiently(
    fetcher: PageFetcher,
    url: str,
    settings: FetchSettings,
    patience: Patience,
    media_types: frozenset[str] | None = None,
) -> Capture | NotModified:
    """One fetch; a rate limit the fetcher could not wait out in its deadline is waited here."""
    try:
        return await fetcher.fetch(url, settings, media_types=media_types)
    except HTTPStatusFailure as failure:
        wait = failure.retry_after
        if not rate_limited(failure) or wait is None or wait > patience.max_wait:
            raise
        await patience.sleep(wait)
        return await fetcher.fetch(url, settings, media_types=media_types)


async def _get_listing(
    fetcher: PageFetcher, url: str, settings: FetchSettings, *, kind: str, patience: Patience
) -> str | None:
    """The text of one listing page; None when the archive holds nothing for the URL.

    A CDX server answers an empty body when nothing is archived, a TimeMap a 404; a
    404 from a CDX endpoint means the endpoint is wrong, and says so.
    """
    try:
        answer = await fetch_patiently(fetcher, url, settings, patience, LISTING_TYPES)
    except EmptyFailure:
        return None
    except GoneFailure as failure:
        if kind == "memento":
            return None
        raise FetchFailure(
            f"cannot list captures at {urlsplit(url).netloc}: {failure.reason}; "
            "is --archive a CDX endpoint (…/cdx/search/cdx) or a Memento replay prefix?",
            status=failure.status,
        ) from None
    except FetchFailure as failure:
        raise FetchFailure(
            f"cannot list captures at {urlsplit(url).netloc}: {failure.reason}",
            status=failure.status,
        ) from None
    if not isinstance(answer, Capture):
        raise FetchFailure(f"the archive answered 'not modified' to {url}")
    charset = _charset(answer.header("Content-Type"))
    return answer.body.decode(charset, errors="replace")


def _charset(content_type: str | None) -> str:
    match = re.search(r"charset=\"?([\w.:-]+)", content_type or "", re.IGNORECASE)
    if match:
        try:
            "".encode(match.group(1))
            return match.group(1)
        except LookupError:
            pass
    return "utf-8"


async def list_captures(
    fetcher: PageFetcher,
    archive: Archive,
    url: str,
    settings: FetchSettings,
    *,
    start: date | None = None,
    end: date | None = None,
    patience: Patience = Patience(),
) -> list[ArchivedCapture]:
    """Every capture the archive lists for ``url`` within [start, end], oldest first."""
    captures: list[ArchivedCapture] = []
    if archive.kind == "cdx":
        resume: str | None = None
        keys: set[str] = set()
        for _ in range(MAX_LISTING_PAGES):
            text = await _get_listing(
                fetcher,
                cdx_url(archive, url, start, end, resume),
                settings,
                kind="cdx",
                patience=patience,
            )
            if text is None:
                break
            page, resume = parse_cdx_json(text, archive.replay)
            captures.extend(page)
            if resume is None or resume in keys:
                break
            keys.add(resume)
    else:
        queue = [timemap_url(archive, url)]
        seen: set[str] = set()
        while queue and len(seen) < MAX_LISTING_PAGES:
            page_url = queue.pop(0)
            if page_url in seen:
                continue
            seen.add(page_url)
            text = await _get_listing(
                fetcher, page_url, settings, kind="memento", patience=patience
            )
            if text is None:
                continue
            page, pages = parse_timemap(text)
            captures.extend(page)
            queue.extend(link for link in pages if link not in seen)
    unique = {capture.memento_url: capture for capture in captures}
    ordered = sorted(
        unique.values(), key=lambda capture: (capture.captured_at, capture.memento_url)
    )
    return [capture for capture in ordered if in_range(capture.captured_at, start, end)]


def collapse_digests(captures: Iterable[ArchivedCapture]) -> list[ArchivedCapture]:
    """Drop a capture whose digest equals the one just before it (what ``collapse=digest`` does).

    Only neighbours collapse: A, B, A is a page that changed and changed back, and
    the third capture is a version in its own right.
    """
    kept: list[ArchivedCapture] = []
    previous: str | None = None
    for capture in captures:
        if capture.digest is not None and capture.digest == previous:
            continue
        kept.append(capture)
        if capture.mimetype != "warc/revisit":
            previous = capture.digest
    return kept
