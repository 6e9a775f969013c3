"""Placing one past capture in time among the versions already stored.

Each capture, archived (tracker.history.backfill_run) or imported from a WARC file
(tracker.history.warc_import), becomes a check dated at its capture time, with its
provenance. An archived copy of the version before it is an "unchanged" sighting; an
earlier copy of the version after it moves that version's first sighting back;
anything else is a new version, and the neighbour after it gets its change report
recomputed (or, when the version before was seen again after this capture, those
later sightings become that version back again), so versions and reports read in
date order whatever order captures arrive in. The store writes each decision in one
transaction (tracker.store.past); nothing here notifies: results carry their origin
so the daemon's filters can tell them from live changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from tracker.errors import ExtractionError
from tracker.model import RENDERED_TYPE, Capture, ChangeReport, Outcome
from tracker.outcome import article_fingerprint
from tracker.reading import DEFAULT_READING, Reading
from tracker.store import (
    CheckEntry,
    Index,
    NewSnapshot,
    PastNote,
    PastSource,
    Placement,
    Provenance,
    RecordedCheck,
    ReplacedReport,
    SplitRun,
    WarcLocation,
    WatchState,
)

__all__ = [
    "PastOutcome",
    "PastResult",
    "done_before",
    "place_kept_capture",
    "place_past_capture",
    "unusable",
]


class PastOutcome:
    """What became of one archived or imported capture."""

    STORED = "stored"  # a version not stored before
    BACKDATED = "backdated"  # an earlier sighting of a stored version: its date moves back
    UNCHANGED = "unchanged"  # the same article as the version before it
    SKIPPED = "skipped"  # never usable (not HTML, an error page, no article): not retried
    FAILED = "failed"  # could not be fetched this time: retried by the next run
    DONE = "done"  # handled by an earlier run


@dataclass(frozen=True, slots=True, kw_only=True)
class PastResult:
    key: str
    captured_at: datetime
    outcome: str
    origin: str
    reason: str | None = None
    snapshot_id: int | None = None
    check_id: int | None = None

    @classmethod
    def of(
        cls,
        key: str,
        provenance: Provenance,
        outcome: str,
        *,
        reason: str | None = None,
        recorded: RecordedCheck | None = None,
    ) -> PastResult:
        """The result for the capture ``key`` names, dated and labelled as its ``provenance``
        says, with the check ``recorded`` for it (none: nothing was written)."""
        return cls(
            key=key,
            captured_at=provenance.captured_at,
            outcome=outcome,
            origin=provenance.origin,
            reason=reason,
            snapshot_id=recorded.snapshot_id if recorded is not None else None,
            check_id=recorded.check_id if recorded is not None else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "captured_at": self.captured_at.isoformat(),
            "outcome": self.outcome,
            "origin": self.origin,
            "notify": False,  # a version from the past is never news
            "reason": self.reason,
            "snapshot": self.snapshot_id,
            "check": self.check_id,
        }


def done_before(
    states: Mapping[str, str], key: str, provenance: Provenance, run: str
) -> PastResult | None:
    """The result of a capture an earlier ``run`` placed or skipped (``states``: the index's
    ledger of the watch's past captures), or None when it is new or failed: a failed
    capture is tried again."""
    state = states.get(key, PastOutcome.FAILED)
    if state == PastOutcome.FAILED:
        return None
    return PastResult.of(key, provenance, PastOutcome.DONE, reason=f"{state} by an earlier {run}")


def unusable(
    store: Index,
    watch_id: int,
    provenance: Provenance,
    key: str,
    outcome: str,
    reason: str,
    location: WarcLocation | None = None,
) -> PastResult:
    """A past capture skipped or failed (``outcome``), noted with why in the index's ledger
    of captures tried (with where its records lie when they were kept), and its result."""
    note = PastNote(
        watch_id=watch_id,
        provenance=provenance,
        key=key,
        state=outcome,
        reason=reason,
        location=location,
    )
    store.note_past_capture(note)
    return PastResult.of(key, provenance, outcome, reason=reason)


def place_kept_capture(
    store: Index,
    watch: WatchState,
    capture: Capture,
    source: PastSource,
    location: WarcLocation,
    *,
    http_status: int | None = None,
    reading: Reading = DEFAULT_READING,
) -> PastResult:
    """Place an archived or imported ``capture``, kept at ``location``, while holding its
    URL's lock: a live check of the same page never compares against a version that a
    past capture is moving. ``http_status``: the one its source recorded, when known."""
    with store.url_lock(watch.url):
        return place_past_capture(
            store,
            watch,
            body=capture.body,
            content_type=capture.header("Content-Type"),
            original_url=source.original_url,
            location=location,
            body_sha256=capture.sha256,
            http_status=capture.status if http_status is None else http_status,
            provenance=source.provenance,
            key=source.key,
            reading=reading,
        )


def _marked(
    report: ChangeReport, old_origin: str, new_origin: str, provenance: Provenance | None = None
) -> dict[str, Any]:
    """A report's JSON with where both versions came from, so renderers and filters can tell."""
    data = report.to_json()
    data["origin"] = {"old": old_origin, "new": new_origin}
    if provenance is not None:
        data["provenance"] = provenance.to_json()
    return data


def place_past_capture(
    store: Index,
    watch: WatchState,
    *,
    body: bytes,
    content_type: str | None,
    original_url: str,
    location: WarcLocation,
    body_sha256: str,
    http_status: int | None,
    provenance: Provenance,
    key: str,
    reading: Reading = DEFAULT_READING,
    evidence: WarcLocation | None = None,
    rendered: bytes | None = None,
    route: tuple[str | None, tuple[str, ...]] = (None, ()),
) -> PastResult:
    """Extract one past capture and record it in its place in time (see the module notes).

    The raw capture must already be in the WARC archive at ``location``; ``body`` is
    what to extract (the same bytes, decoded of any transfer or content coding), unless
    a browser ``rendered`` it: the DOM after its scripts ran is read instead.
    ``evidence`` is the response holding the body when ``location`` is a revisit of it;
    ``route`` the final URL and redirect hops its check recorded (a tracked one's).
    """
    # Today's learned site profile is not applied: an old capture may wear an old template.
    compare = reading.compare
    moment = provenance.captured_at
    page, page_type = (body, content_type) if rendered is None else (rendered, RENDERED_TYPE)

    def skipped(reason: str) -> PastResult:
        return unusable(store, watch.id, provenance, key, PastOutcome.SKIPPED, reason, location)

    try:
        document = reading.extract(
            page, url=original_url, content_type=page_type, captured_at=moment
        )
    except ExtractionError as error:
        return skipped(f"could not extract the article: {error}")
    if not document.blocks:
        return skipped("no article found in the capture")
    fingerprint = article_fingerprint(document)
    before, after = store.snapshot_neighbours(watch.id, moment)
    entry = CheckEntry(
        watch_id=watch.id,
        checked_at=moment,
        outcome=Outcome.NEW,
        http_status=http_status,
        bytes=len(body),
        location=location,
        final_url=route[0],
        redirects=route[1],
    )
    snapshot = NewSnapshot(
        document=document,
        url=watch.url,
        final_url=original_url,
        fetched_at=moment,
        body_sha256=body_sha256,
        article_sha256=fingerprint,
        evidence=evidence,
    )
    if before is not None and before.article_sha256 == fingerprint:
        recorded = store.record_past_check(
            replace(entry, outcome=Outcome.UNCHANGED, seen_snapshot_id=before.id), provenance, key
        )
        return PastResult.of(key, provenance, PastOutcome.UNCHANGED, recorded=recorded)
    report = None
    if before is not None:
        old = store.load_document(before.document_sha256)
        report = _marked(
            compare(old, document), store.snapshot_origin(before.id), provenance.origin, provenance
        )
    outcome = Outcome.CHANGED if before is not None else Outcome.NEW
    # The version before may have been seen again after this capture: then this capture
    # sits inside its run, and the sightings after it become that version back again.
    again = store.later_sighting(before.id, moment) if before is not None else None
    if again is None and after is not None and after.article_sha256 == fingerprint:
        replaced = ()
        if before is not None and report is not None:
            replaced = (
                ReplacedReport(snapshot_id=after.id, old_snapshot_id=before.id, report=report),
            )
        recorded = store.record_past_check(
            replace(entry, outcome=outcome, new_snapshot=snapshot),
            provenance,
            key,
            Placement(backdate=after.id, replaced=replaced),
        )
        return PastResult.of(key, provenance, PastOutcome.BACKDATED, recorded=recorded)
    replaced = ()
    split = None
    if before is not None and again is not None:
        returned = store.load_document(before.document_sha256)
        split = SplitRun(
            snapshot_id=before.id,
            check_id=again,
            report=_marked(
                compare(document, returned), provenance.origin, store.snapshot_origin(before.id)
            ),
        )
    elif after is not None:
        newer = store.load_document(after.document_sha256)
        replaced = (
            ReplacedReport(
                snapshot_id=after.id,
                old_snapshot_id=None,
                report=_marked(
                    compare(document, newer), provenance.origin, store.snapshot_origin(after.id)
                ),
            ),
        )
    recorded = store.record_past_check(
        replace(
            entry,
            outcome=outcome,
            new_snapshot=snapshot,
            report=report,
            previous_snapshot_id=before.id if before is not None else None,
        ),
        provenance,
        key,
        Placement(replaced=replaced, split=split),
    )
    return PastResult.of(key, provenance, PastOutcome.STORED, recorded=recorded)
