"""A page's history from before tracking began, out of public web archives.

``backfill`` lists a URL's captures (tracker.history.listing: the Wayback CDX API
for Wayback-style archives, a Memento TimeMap for any other), fetches each in its raw
``id_`` form, the bytes the archive stored, never the replay page it rewrites,
through the same ``PageFetcher`` as live checks, keeps it in the WARC evidence, and
places it in time (tracker.history.placement).

Every capture tried is written to a ledger with what became of it (stored, unchanged,
skipped as never usable, failed with its reason), so a second run fetches only what is
missing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from tracker.config import FetchSettings
from tracker.errors import (
    ContentTypeFailure,
    EmptyFailure,
    FetchFailure,
    GoneFailure,
    UsageError,
)
from tracker.fetch import PageFetcher
from tracker.history.archives import Archive, ArchivedCapture, http_date, original_of
from tracker.history.listing import (
    MAX_RATE_LIMIT_WAIT,
    Patience,
    Sleep,
    collapse_digests,
    fetch_patiently,
    list_captures,
    rate_limited,
)
from tracker.history.placement import (
    PastOutcome,
    PastResult,
    done_before,
    place_kept_capture,
    unusable,
)
from tracker.model import Capture
from tracker.reading import DEFAULT_READING, Reading
from tracker.store import Index, PastSource, Provenance

__all__ = ["BackfillRun", "backfill"]

HTML_MIMETYPES = frozenset({"text/html", "application/xhtml+xml"})
# CDX rows that point at the payload of an earlier capture, or whose type was not recorded.
FETCHABLE_MIMETYPES = HTML_MIMETYPES | {"warc/revisit", "unk", "-", ""}


@dataclass(slots=True, kw_only=True)
class BackfillRun:
    """What one backfill run listed, did and left; ``stopped`` says why it ended early."""

    url: str
    archive: str
    listed: int = 0
    collapsed: int = 0
    results: list[PastResult] = field(default_factory=list)
    stopped: str | None = None

    def count(self, outcome: str) -> int:
        return sum(1 for result in self.results if result.outcome == outcome)

    @property
    def complete(self) -> bool:
        return self.stopped is None and self.count(PastOutcome.FAILED) == 0

    def to_json(self) -> dict[str, Any]:
        outcomes = (
            PastOutcome.STORED,
            PastOutcome.BACKDATED,
            PastOutcome.UNCHANGED,
            PastOutcome.SKIPPED,
            PastOutcome.FAILED,
            PastOutcome.DONE,
        )
        return {
            "url": self.url,
            "archive": self.archive,
            "origin": "backfilled",
            "listed": self.listed,
            "collapsed": self.collapsed,
            "counts": {outcome: self.count(outcome) for outcome in outcomes},
            "complete": self.complete,
            "stopped": self.stopped,
            "captures": [result.to_json() for result in self.results],
        }


def _listed_problem(capture: ArchivedCapture) -> str | None:
    """Why a listed capture is not worth fetching, from what the listing says about it."""
    status = capture.status
    if status is not None and status.isdigit() and not 200 <= int(status) < 300:
        return f"the archived response was HTTP {status}, not a page"
    mimetype = (capture.mimetype or "").split(";", 1)[0].strip()
    if capture.mimetype is not None and mimetype not in FETCHABLE_MIMETYPES:
        return f"not HTML: archived as {mimetype}"
    return None


def _failure_outcome(failure: FetchFailure) -> str:
    """Permanent problems are skipped for good; anything else is tried again next run."""
    if isinstance(failure, ContentTypeFailure | EmptyFailure):
        return PastOutcome.SKIPPED
    return PastOutcome.FAILED


async def backfill(
    store: Index,
    fetcher: PageFetcher,
    url: str,
    settings: FetchSettings | None = None,
    *,
    archive: Archive | None = None,
    start: date | None = None,
    end: date | None = None,
    reading: Reading = DEFAULT_READING,
    progress: Callable[[PastResult], None] | None = None,
    sleep: Sleep = asyncio.sleep,
    max_wait: float = MAX_RATE_LIMIT_WAIT,
) -> BackfillRun:
    """List ``url``'s captures in ``archive``, fetch the missing ones raw, place them in order.

    A listing that fails raises FetchFailure. A capture that fails is recorded with
    its reason and the run goes on. A rate limit is waited out as Retry-After asks
    (by the fetcher within its deadline, then here up to ``max_wait``); an archive
    still answering 429 after that stops the run, to be resumed later.
    """
    patience = Patience(sleep, max_wait)
    archive = archive or Archive.parse()
    settings = settings or FetchSettings()
    if start is not None and end is not None and start > end:
        raise UsageError(f"--from {start} is after --to {end}")
    watch = store.ensure_watch(url)
    run = BackfillRun(url=watch.url, archive=archive.base)
    listed = await list_captures(
        fetcher, archive, url, settings, start=start, end=end, patience=patience
    )
    run.listed = len(listed)
    captures = collapse_digests(listed)
    run.collapsed = len(listed) - len(captures)
    done = store.past_capture_states(watch.id)

    def report(result: PastResult) -> None:
        run.results.append(result)
        if progress is not None:
            progress(result)

    for capture in captures:
        key = capture.memento_url
        provenance = Provenance(
            origin="backfilled",
            source=archive.base,
            memento_url=capture.memento_url,
            original_timestamp=capture.timestamp,
            captured_at=capture.captured_at,
            digest=capture.digest,
        )
        if (earlier := done_before(done, key, provenance, "run")) is not None:
            report(earlier)
            continue
        if (problem := _listed_problem(capture)) is not None:
            report(unusable(store, watch.id, provenance, key, PastOutcome.SKIPPED, problem))
            continue
        try:
            answer = await fetch_patiently(fetcher, capture.raw_url, settings, patience)
        except FetchFailure as failure:
            reason = _fetch_reason(failure)
            outcome = _failure_outcome(failure)
            report(unusable(store, watch.id, provenance, key, outcome, reason))
            if rate_limited(failure):
                run.stopped = (
                    f"the archive is still rate-limiting ({failure.reason}); "
                    f"run 'tracker backfill {url}' again later to fetch the rest"
                )
                break
            continue
        if not isinstance(answer, Capture):
            reason = "the archive answered 'not modified' to a request that was not conditional"
            report(unusable(store, watch.id, provenance, key, PastOutcome.FAILED, reason))
            continue
        if (elsewhere := _redirected_elsewhere(capture, answer)) is not None:
            reason = f"archived as a redirect to {elsewhere}, not a version of this page"
            report(unusable(store, watch.id, provenance, key, PastOutcome.SKIPPED, reason))
            continue
        provenance = _dated_by_archive(provenance, answer)
        source = PastSource(
            page=watch.url, original_url=capture.original, key=key, provenance=provenance
        )
        location = store.keep_past_capture(answer, source)
        # the archive's record of the status wins over the replayed answer's
        status = int(capture.status) if (capture.status or "").isdigit() else None
        result = await asyncio.to_thread(
            place_kept_capture,
            store,
            watch,
            answer,
            source,
            location,
            http_status=status,
            reading=reading,
        )
        report(result)
    return run


def _page_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/') or '/'}?{parts.query}"


def _redirected_elsewhere(capture: ArchivedCapture, answer: Capture) -> str | None:
    """The page an archived redirect led to, when it is not the page asked for.

    Archives also redirect an ``id_`` URL to the nearest capture of the same page;
    that is the same page (dated by its Memento-Datetime) and is kept.
    """
    if not answer.redirects:
        return None
    landed = original_of(answer.final_url)
    return None if _page_key(landed) == _page_key(capture.original) else landed


def _dated_by_archive(provenance: Provenance, answer: Capture) -> Provenance:
    """The archive's own Memento-Datetime wins: it may have redirected to a nearby capture."""
    stated = answer.header("Memento-Datetime")
    moment = http_date(stated) if stated else None
    if moment is None or moment == provenance.captured_at:
        return provenance
    return replace(provenance, captured_at=moment, memento_url=answer.final_url)


def _fetch_reason(failure: FetchFailure) -> str:
    if isinstance(failure, GoneFailure):
        return f"the archive has no such capture ({failure.reason})"
    return failure.reason
