"""``Index``: everything the rest of tracker may ask of a data directory.

The CLI, the daemon, a check and history (backfill, WARC import) hold an ``Index``
and nothing else, so a second implementation (a PostgreSQL index for a team, for
more pages than one machine holds) plugs in behind ``tracker.store.open_index``
without touching them. Across this face go only plain values (tracker.store.rows,
tracker.model, tracker.store.warc_io's records read back) and tracker.errors classes:
no database type, no connection, no database error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, Self

from tracker.model import Capture, Document
from tracker.store.evidence import Evidence, KeptCapture
from tracker.store.jobs import JobState
from tracker.store.outbox import Delivery, Queued
from tracker.store.rows import (
    CheckEntry,
    CheckRow,
    FoundCapture,
    PastCapture,
    Problem,
    Provenance,
    RecordedCheck,
    ReplacedReport,
    SnapshotRow,
    SplitRun,
    WarcLocation,
    WatchState,
)
from tracker.store.urllock import UrlLock
from tracker.store.warc_io import ArchivedRecord
from tracker.store.workspace import Annotation, WatchSummary

__all__ = ["Index"]


class Index(Protocol):
    """One data directory: watches, checks, versions, their evidence and Documents.

    Raises StoreError when the data directory cannot be read or written,
    IntegrityError when a stored file no longer matches its hash, and the UsageError
    family when asked for what it does not hold.
    """

    root: Path

    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *_: object) -> None: ...

    # watches
    def ensure_watch(self, url: str, name: str | None = None) -> WatchState: ...
    def watch_state(self, url: str) -> WatchState | None: ...
    def urls(self) -> list[str]: ...
    def url_lock(self, url: str) -> UrlLock: ...

    # a live check: its evidence, then its row (and version, and report) as one unit
    def keep_capture(
        self, watch: WatchState, capture: Capture, body_sha256: str
    ) -> KeptCapture: ...
    def record_check(
        self, entry: CheckEntry, evidence: Evidence | None = None
    ) -> RecordedCheck: ...
    def last_tracked_check(self, url: str) -> tuple[datetime, str, str | None] | None: ...

    # Documents and what was learned of a site
    def put_document(self, document: Document) -> str: ...
    def load_document(self, sha: str) -> Document: ...
    def site_profile(self, host: str) -> dict[str, Any] | None: ...
    def set_site_profile(self, host: str, profile: dict[str, Any]) -> None: ...
    def current_documents_on_host(self, host: str, limit: int) -> list[str]: ...

    # reading back
    def snapshot(self, snapshot_id: int) -> SnapshotRow | None: ...
    def snapshots(self, url: str) -> list[SnapshotRow]: ...
    def history(self, url: str) -> list[CheckRow]: ...
    def report_for_snapshot(self, snapshot_id: int) -> dict[str, Any] | None: ...
    def resolve_snapshot(self, spec: str) -> SnapshotRow: ...
    def resolve_version(self, spec: str) -> Document: ...
    def counts(self) -> dict[str, int]: ...
    def read_capture(self, file: str, offset: int, length: int | None = None) -> ArchivedRecord: ...
    def export_warc(self, url: str, out: Path) -> int: ...
    def verify(self) -> list[Problem]: ...
    def spare_documents(self) -> list[Problem]: ...

    # rebuilding from the evidence (tracker.reindex): what the WARC files hold, unindexed
    def adopt_warc_files(self) -> list[str]: ...
    def unheld_captures(self) -> list[FoundCapture]: ...

    # captures from before tracking began (tracker.history)
    def keep_past_capture(self, capture: Capture) -> WarcLocation: ...
    def snapshot_neighbours(
        self, watch_id: int, moment: datetime
    ) -> tuple[SnapshotRow | None, SnapshotRow | None]: ...
    def later_sighting(self, snapshot_id: int, moment: datetime) -> int | None: ...
    def snapshot_origin(self, snapshot_id: int) -> str: ...
    def past_capture_states(self, watch_id: int) -> dict[str, str]: ...
    def past_captures(self, url: str) -> list[PastCapture]: ...
    def note_past_capture(
        self,
        watch_id: int,
        provenance: Provenance,
        key: str,
        state: str,
        reason: str | None,
        location: WarcLocation | None = None,
    ) -> None: ...
    def record_past_check(
        self,
        entry: CheckEntry,
        provenance: Provenance,
        *,
        key: str,
        backdate: int | None = None,
        replaced: tuple[ReplacedReport, ...] = (),
        split: SplitRun | None = None,
    ) -> RecordedCheck: ...

    # the daemon's job state
    def job_states(self) -> dict[str, JobState]: ...
    def save_job_states(self, states: Iterable[JobState]) -> int: ...

    # notifications owed (tracker.store.outbox); a change's are queued by record_check
    def enqueue(self, items: Iterable[Queued], states: Iterable[JobState] = ()) -> list[int]: ...
    def claim_deliveries(
        self,
        notifier: str,
        now: datetime,
        *,
        lease: float = 60.0,
        limit: int = 100,
        check_id: int | None = None,
    ) -> list[Delivery]: ...
    def next_delivery_due(self, notifier: str) -> datetime | None: ...
    def owed_deliveries(self, limit: int = 1000) -> list[Delivery]: ...
    def delivery_sent(self, ids: Sequence[int], at: datetime) -> None: ...
    def delivery_failed(
        self, ids: Sequence[int], error: str, at: datetime, retry_at: datetime
    ) -> None: ...

    # the research workspace (tracker.web): summaries, and its own two tables
    def watch_summaries(self, user: str) -> list[WatchSummary]: ...
    def seen_snapshot(self, user: str, watch_id: int) -> int | None: ...
    def mark_seen(self, user: str, snapshot_id: int) -> None: ...
    def add_annotation(
        self,
        snapshot_id: int,
        *,
        user: str,
        significant: bool | None,
        note: str,
        tags: tuple[str, ...],
    ) -> Annotation: ...
    def annotations(
        self,
        *,
        snapshot_id: int | None = None,
        tag: str | None = None,
        annotation_id: int | None = None,
    ) -> list[Annotation]: ...
