"""Rebuild the index from the evidence: every capture the WARC files hold, in its place.

An index can fall behind its files: deleted, emptied, a backup restored after more
checks ran, or damaged and set aside. The WARC records are the truth, so ``reindex``
lists the files the index lost (``Index.adopt_warc_files``), reads back each capture
no check holds (``Index.unheld_captures``) and restores it as a check of its watch,
oldest first, through the same placement as backfill (tracker.history's
``place_past_capture``): a version where the article changed, with its change report
against the version before, an unchanged sighting otherwise, the reports of the
versions after it recomputed. A failed check's kept answer becomes that failed check
again. Each restored check carries the provenance ``restored`` (its WARC file and
record id), and the ledger keyed by record id makes a second run skip what the first
restored, so an interrupted reindex resumes. Nothing is deleted.

Known limit: the WARC records do not say whether a capture was tracked, backfilled
or imported; all come back as ``restored``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from tracker.errors import IntegrityError
from tracker.history.placement import (
    Compare,
    Extract,
    PastOutcome,
    PastResult,
    place_past_capture,
)
from tracker.model import FAILED_OUTCOMES, Outcome
from tracker.store import CheckEntry, FoundCapture, Index, Provenance

__all__ = ["Reindexed", "reindex", "restore_capture"]

ORIGIN = "restored"

Progress = Callable[[int, int, FoundCapture, PastResult], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reindexed:
    """What one reindex did."""

    adopted_files: tuple[str, ...]  # WARC files the index had lost and now lists
    results: tuple[PastResult, ...]  # one per capture restored, skipped or already done

    @property
    def skipped(self) -> int:
        return sum(1 for result in self.results if result.outcome == PastOutcome.SKIPPED)

    @property
    def restored(self) -> int:
        passed = {PastOutcome.SKIPPED, PastOutcome.DONE}
        return sum(1 for result in self.results if result.outcome not in passed)


def _provenance(found: FoundCapture) -> Provenance:
    return Provenance(
        origin=ORIGIN,
        source=found.location.file,
        original_timestamp=found.warc_date,
        captured_at=found.captured_at,
        record_id=found.location.record_id,
        digest=found.location.payload_digest,
    )


def _failure_outcome(label: str) -> Outcome:
    """The outcome a kept answer's Tracker-Failure names ("gone: HTTP 404 ...")."""
    word = label.split(":", 1)[0].strip()
    outcomes = {str(outcome): outcome for outcome in FAILED_OUTCOMES}
    return outcomes.get(word, Outcome.FAILED)


def restore_capture(
    store: Index,
    found: FoundCapture,
    *,
    extract: Extract | None = None,
    compare: Compare | None = None,
) -> PastResult:
    """Put one capture the index lacks back in its place as a check of its watch."""
    watch = store.ensure_watch(found.url)
    key = found.location.record_id
    provenance = _provenance(found)
    if key in store.past_capture_states(watch.id):
        return PastResult(
            key=key, captured_at=found.captured_at, outcome=PastOutcome.DONE, origin=ORIGIN
        )

    def skipped(reason: str) -> PastResult:
        store.note_past_capture(
            watch.id, provenance, key, PastOutcome.SKIPPED, reason, found.location
        )
        return PastResult(
            key=key,
            captured_at=found.captured_at,
            outcome=PastOutcome.SKIPPED,
            origin=ORIGIN,
            reason=reason,
        )

    if found.failure is not None:
        outcome = _failure_outcome(found.failure)
        recorded = store.record_past_check(
            CheckEntry(
                watch_id=watch.id,
                checked_at=found.captured_at,
                outcome=outcome,
                http_status=found.status,
                error=found.failure,
                location=found.location,
            ),
            provenance,
            key=key,
        )
        return PastResult(
            key=key,
            captured_at=found.captured_at,
            outcome=str(outcome),
            origin=ORIGIN,
            reason=found.failure,
            check_id=recorded.check_id,
        )
    holder = found.location if found.location.record_type == "response" else found.original
    if holder is None:
        return skipped("a revisit of a response the WARC files do not hold")
    try:
        record = store.read_capture(holder.file, holder.offset, holder.length)
        body = record.body()
    except IntegrityError as error:
        return skipped(f"its record is unreadable: {error}")
    return place_past_capture(
        store,
        watch,
        body=body,
        content_type=record.http_headers.get("content-type"),
        original_url=found.final_url,
        location=found.location,
        body_sha256=hashlib.sha256(body).hexdigest(),
        http_status=found.status,
        provenance=provenance,
        key=key,
        extract=extract,
        compare=compare,
        evidence=holder if holder is not found.location else None,
    )


def reindex(
    store: Index,
    *,
    progress: Progress | None = None,
    extract: Extract | None = None,
    compare: Compare | None = None,
) -> Reindexed:
    """Restore every capture the WARC files hold and the index does not, oldest first."""
    adopted = store.adopt_warc_files()
    found = store.unheld_captures()
    results = []
    for number, capture in enumerate(found, 1):
        with store.url_lock(capture.url):  # never beside a live check of the same page
            result = restore_capture(store, capture, extract=extract, compare=compare)
        results.append(result)
        if progress is not None:
            progress(number, len(found), capture, result)
    return Reindexed(adopted_files=tuple(adopted), results=tuple(results))
