"""One check of one URL: fetch -> archive -> extract -> store -> compare.

``tracker check`` and the daemon both call ``check``. What a check *was* (new,
changed, unchanged, failed, blocked, gone) is decided in one place, the pure
``decide_outcome`` (tracker.outcome), from plain facts gathered along the way; the
pipeline only gathers facts and writes what was decided. An unchanged page is kept
cheap on purpose: a 304, or a body whose hash equals the last one, is answered with a
WARC revisit record and a check row, without parsing anything. A failure the server
answered (a 404 page, a login wall, a 500 page) keeps that answer as WARC evidence
on its check row, as a revisit when the same answer was kept before.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

from tracker.config import FetchSettings, Watch
from tracker.cpu_limit import OverCpuLimit, run_within
from tracker.errors import (
    EmptyFailure,
    ExtractionError,
    FetchFailure,
    NetworkFailure,
    StoreError,
)
from tracker.fetch import PageFetcher
from tracker.model import (
    Capture,
    ChangeReport,
    Headers,
    NotModified,
    Outcome,
    Validators,
)
from tracker.outcome import (
    CheckFacts,
    CheckNews,
    CheckResult,
    Deliveries,
    HealthNews,
    Timings,
    decide_outcome,
    unchanged_because,
)
from tracker.reading import (
    DEFAULT_LIMITS,
    DEFAULT_READING,
    PageLimits,
    Reading,
    VersionReader,
    describe,
    valid_text,
)
from tracker.store import (
    CaptureState,
    CheckEntry,
    Evidence,
    FailedAnswer,
    Index,
    NewSnapshot,
    NotModifiedEvidence,
    Queued,
    SameBody,
    WarcLocation,
    WatchState,
    unreachable_between,
)

__all__ = ["CheckResult", "check"]

# Above every check id: the failing streak read before a check is stored ends with the last.
_NEXT_CHECK = 2**62


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def _validators(state: WatchState) -> Validators | None:
    if state.current_snapshot_id is None or not (state.etag or state.last_modified):
        return None
    return Validators(etag=state.etag, last_modified=state.last_modified)


class _Pipeline:
    """One check in flight: each path (``not_modified``, ``same_body``, ``new_body``)
    gathers its facts, and ``finish`` decides the outcome from them and records it."""

    def __init__(
        self,
        store: Index,
        state: WatchState,
        reader: VersionReader,
        deliveries: Deliveries | None = None,
        health: HealthNews | None = None,
    ) -> None:
        self.store = store
        self.deliveries = deliveries
        self.health = health
        self.state = state
        self.reader = reader
        self.started = time.perf_counter()
        self.checked_at = datetime.now(UTC)
        self.fetch_ms = 0.0
        self.final_url: str | None = None  # where the answer came from, once there is one
        self.redirects: tuple[str, ...] = ()

    def _news(self, outcome: Outcome, error: str | None, redirected: bool) -> tuple[Queued, ...]:
        """The health news of this check, judged from the streak the index holds before it
        (read only when the watch's last check got no page: most checks follow one that did)."""
        if self.health is None:
            return ()
        streak = self.store.failing_run(self.state.url, _NEXT_CHECK) if self.state.failing else []
        route = (*self.redirects, self.final_url) if redirected and self.final_url else ()
        return self.health(
            CheckNews(
                url=self.state.url,
                outcome=outcome,
                checked_at=self.checked_at,
                error=error,
                streak=tuple(streak),
                redirect=route,
            )
        )

    def answered(self, answer: Capture | NotModified) -> None:
        """Note where the answer came from: the check row keeps its redirects."""
        self.final_url = answer.final_url
        self.redirects = answer.redirects

    def finish(
        self,
        facts: CheckFacts,
        *,
        error: str | None = None,
        http_status: int | None = None,
        size: int = 0,
        location: WarcLocation | None = None,
        evidence: Evidence | None = None,
        snapshot: NewSnapshot | None = None,
        report: ChangeReport | None = None,
        capture_state: CaptureState | None = None,
        body_sha256: str | None = None,
    ) -> CheckResult:
        outcome = decide_outcome(facts)
        previous = self.state.current_snapshot_id
        if outcome is Outcome.FAILED and error is None:
            error = (
                "the server answered 'not modified' but no version is stored yet"
                if facts.not_modified or facts.same_body
                else "no article found on the page"
            )
        if error is not None:
            error = valid_text(error)  # a reason may quote the page
        if not outcome.ok:
            snapshot, report, capture_state = None, None, None
        elif outcome is Outcome.UNCHANGED:
            snapshot, report = None, None
        # the version the report compares against, as the reader read it before comparing
        if report is not None and (seen := self.reader.previous_row) is not None:
            gap = unreachable_between(
                self.store.checks_after(seen.url, seen.check_id), seen.check_id
            )
            report = replace(report, unreachable=gap)
        redirected = bool(self.redirects) and self.final_url != self.state.final_url
        owed: tuple[Queued, ...] = self._news(outcome, error, redirected)
        change_owes = None
        if report is not None and self.deliveries is not None:
            change_owes = partial(self.deliveries, report, self.checked_at)
        store_start = time.perf_counter()
        entry = CheckEntry(
            watch_id=self.state.id,
            checked_at=self.checked_at,
            outcome=str(outcome),
            http_status=http_status,
            error=error,
            fetch_ms=round(self.fetch_ms, 3),
            total_ms=round(_ms(self.started), 3),
            bytes=size,
            location=location,
            seen_snapshot_id=previous if outcome is Outcome.UNCHANGED else None,
            new_snapshot=snapshot,
            report=report.to_json() if report is not None else None,
            previous_snapshot_id=previous if report is not None else None,
            capture_state=capture_state,
            body_sha256=body_sha256,
            deliveries=owed,
            change_deliveries=change_owes,
            final_url=self.final_url,
            redirects=self.redirects,
            final_url_moved=self.final_url != self.state.final_url,
        )
        try:
            recorded = self.store.record_check(entry, evidence)
        except StoreError:
            raise
        except Exception as problem:  # what this page handed us cannot be kept: the check fails
            if not outcome.ok:
                raise  # it holds nothing of the page to leave out: it would fail again
            # finished again as a failure: no version, report or news of a change is written,
            # and its capture (records, size, route) stays the evidence of what was answered
            return self.finish(
                replace(facts, failure=str(Outcome.FAILED)),
                error=f"the version could not be stored: {describe(problem)}",
                http_status=http_status,
                size=size,
                location=location,
                evidence=evidence,
                body_sha256=body_sha256,
            )
        if report is not None:
            report = replace(report, new=replace(report.new, snapshot=recorded.snapshot_id))
        return CheckResult(
            url=self.state.url,
            outcome=outcome,
            checked_at=self.checked_at,
            check_id=recorded.check_id,
            snapshot_id=recorded.snapshot_id,
            previous_snapshot_id=previous,
            report=report,
            error=error,
            http_status=http_status,
            bytes=size,
            because=unchanged_because(facts) if outcome is Outcome.UNCHANGED else None,
            evidence=recorded.evidence,
            final_url=self.final_url,
            redirects=self.redirects,
            redirect_started=redirected,
            timings=Timings(
                fetch_ms=self.fetch_ms,
                extract_ms=self.reader.extract_ms,
                compare_ms=self.reader.compare_ms,
                store_ms=_ms(store_start),
                total_ms=_ms(self.started),
            ),
        )

    def not_modified(self, answer: NotModified) -> CheckResult:
        state = self.state
        has_previous = state.current_snapshot_id is not None and state.revisit_target is not None
        return self.finish(
            CheckFacts(not_modified=True, has_previous=has_previous),
            http_status=answer.status,
            evidence=NotModifiedEvidence(watch=state, answer=answer),
            capture_state=self._carry_state(answer.headers),
        )

    def _carry_state(self, headers: Headers) -> CaptureState | None:
        """Fresher validators, if the server sent any; revisits keep pointing at the original."""
        state = self.state
        etag = headers.get("ETag") or state.etag
        last_modified = headers.get("Last-Modified") or state.last_modified
        if state.revisit_target is None or state.last_body_sha256 is None:
            return None
        if (etag, last_modified) == (state.etag, state.last_modified):
            return None  # nothing to update: the cheap path writes one row, not two
        return CaptureState(
            etag=etag,
            last_modified=last_modified,
            body_sha256=state.last_body_sha256,
            payload_digest=state.last_payload_digest,
            target=state.revisit_target,
            payload_coded=state.last_payload_coded,
        )

    def same_body(self, capture: Capture) -> CheckResult:
        state = self.state
        return self.finish(
            CheckFacts(same_body=True, has_previous=state.current_snapshot_id is not None),
            http_status=capture.status,
            size=len(capture.body),
            evidence=SameBody(watch=state, capture=capture),
            capture_state=self._carry_state(capture.headers),
            body_sha256=state.last_body_sha256,
        )

    def failed(self, failure: FetchFailure) -> CheckResult:
        """A failure, with the server's answer kept as evidence when there was one."""
        facts = CheckFacts(
            failure=failure.outcome, has_previous=self.state.current_snapshot_id is not None
        )
        answer = failure.response
        if answer is None:  # nothing came back: a timeout, a reset, a refused address
            return self.finish(facts, error=failure.reason, http_status=failure.status)
        self.answered(answer)
        body_sha256 = answer.sha256
        reason = failure.reason
        if not reason.startswith(f"{failure.outcome}:"):
            reason = f"{failure.outcome}: {reason}"
        return self.finish(
            facts,
            error=failure.reason,
            http_status=failure.status if failure.status is not None else answer.status,
            size=len(answer.body),
            evidence=FailedAnswer(
                watch=self.state, capture=answer, body_sha256=body_sha256, failure=reason
            ),
            body_sha256=body_sha256,
        )

    async def new_body(self, capture: Capture, body_sha256: str) -> CheckResult:
        state = self.state
        # Kept before it is read. The page may have gone back to a body stored before
        # (A -> B -> A): its record is then a revisit, and the earlier response is the
        # version's evidence.
        kept = self.store.keep_capture(state, capture, body_sha256)
        has_previous = state.current_snapshot_id is not None
        common: dict[str, Any] = {
            "http_status": capture.status,
            "size": len(capture.body),
            "location": kept.location,
            "body_sha256": body_sha256,
        }
        if not capture.body.strip():
            failure = EmptyFailure("the server sent an empty body", status=capture.status)
            return self.finish(
                CheckFacts(failure=failure.outcome, has_previous=has_previous),
                error=failure.reason,
                **common,
            )
        seconds = self.reader.limits.max_read_cpu_seconds
        try:
            self.reader.prepare(capture)  # the index is read here, on the caller's thread
            read = partial(self.reader.read_version, capture, has_previous)
            version = await asyncio.to_thread(run_within, seconds, read)
        except OverCpuLimit:  # stopped where it stood: this page only, the daemon goes on
            return self.finish(
                CheckFacts(failure="failed", has_previous=has_previous),
                error=(
                    f"reading the page took over {seconds:g} s of CPU, the most a page may "
                    "take: extraction and comparison were stopped"
                ),
                **common,
            )
        except FetchFailure as failure:  # over a limit, or a script-only shell
            return self.finish(
                CheckFacts(failure=failure.outcome, has_previous=has_previous),
                error=failure.reason,
                **common,
            )
        except ExtractionError as error:
            return self.finish(
                CheckFacts(failure="failed", has_previous=has_previous),
                error=f"could not extract the article: {error}",
                **common,
            )
        except Exception as error:  # an extractor bug fails this page's check, not the daemon
            return self.finish(
                CheckFacts(failure="failed", has_previous=has_previous),
                error=f"extraction failed unexpectedly: {describe(error)}",
                **common,
            )
        stored, fingerprint, facts, report, note = version
        if report is not None:
            record = kept.original or kept.location  # the response holding the body
            report = self.reader.naming_evidence(report, capture, body_sha256, record)
        return self.finish(
            facts,
            error=note,
            snapshot=NewSnapshot(
                document=stored.document,
                document_json=stored.canonical_json,
                url=state.url,
                final_url=capture.final_url,
                fetched_at=capture.fetched_at,
                body_sha256=body_sha256,
                article_sha256=fingerprint,
                evidence=kept.original,
            ),
            report=report,
            capture_state=kept.capture_state,
            **common,
        )


async def check(
    store: Index,
    fetcher: PageFetcher,
    target: str | Watch,
    settings: FetchSettings | None = None,
    *,
    reading: Reading = DEFAULT_READING,
    limits: PageLimits = DEFAULT_LIMITS,
    deliveries: Deliveries | None = None,
    health: HealthNews | None = None,
) -> CheckResult:
    """Check one URL now and record the attempt, whatever happens to it.

    ``deliveries`` says which notifications a change owes, ``health`` which health news
    the check makes (a page gone, blocked, failing, back; a redirect that starts); both
    are queued in the transaction that records the check (never lost between the two).

    Every failure of the page (FetchFailure, ExtractionError, even an extractor that
    crashes on it) becomes a recorded check with its one-line reason; a comparison
    that fails leaves the new version stored, without a report, and says so. Only a
    store that cannot be written raises (StoreError).
    """
    selection = None
    if isinstance(target, Watch):
        # A watch named by its URL alone (a URL no watchlist lists) names nothing.
        url, name = target.url, (target.name if target.name != target.url else None)
        settings = settings or target.fetch
        if target.include or target.exclude:
            from tracker.extraction.selection import Selection

            selection = Selection.of(target.include, target.exclude)
    else:
        url, name = target, None
    settings = settings or FetchSettings()
    # One check of a URL at a time, across processes: each compares against the version
    # the one before it stored, never two against the same old one (tracker.store.urllock).
    reader = partial(VersionReader, reading=reading, selection=selection, limits=limits)
    async with store.url_lock(url):
        return await _check_locked(store, fetcher, url, name, settings, reader, deliveries, health)


async def _check_locked(
    store: Index,
    fetcher: PageFetcher,
    url: str,
    name: str | None,
    settings: FetchSettings,
    read: Callable[[Index, WatchState], VersionReader],
    deliveries: Deliveries | None,
    health: HealthNews | None,
) -> CheckResult:
    state = store.ensure_watch(url, name)
    reader = read(store, state)
    pipeline = _Pipeline(store, state, reader, deliveries, health)
    fetch_start = time.perf_counter()
    try:
        answer = await fetcher.fetch(url, settings, validators=_validators(state))
    except FetchFailure as failure:
        pipeline.fetch_ms = _ms(fetch_start)
        return pipeline.failed(failure)
    except Exception as error:  # a fetcher bug fails this page's check, not the daemon
        pipeline.fetch_ms = _ms(fetch_start)
        return pipeline.failed(NetworkFailure(f"fetch failed unexpectedly: {describe(error)}"))
    pipeline.fetch_ms = _ms(fetch_start)
    pipeline.answered(answer)
    if not isinstance(answer, Capture):
        return pipeline.not_modified(answer)
    body_sha256 = answer.sha256
    # A rendered page may build another article from the same HTML: it is always read.
    same_body = answer.rendered is None and body_sha256 == state.last_body_sha256
    if state.revisit_target is not None and same_body:
        return pipeline.same_body(answer)
    result = await pipeline.new_body(answer, body_sha256)
    reader.learn_site_template(
        answer.final_url,
        changed=result.outcome is Outcome.CHANGED,
        new=result.outcome is Outcome.NEW,
    )
    return result
