"""The store: a data directory's index over WARC evidence and content-addressed Documents.

Its one public face is ``Index`` (tracker.store.index) and ``open_index``, which
picks the implementation; today that is SQLite on the local disk
(tracker.store.sqlite). The parts, each with one job:

    index.py      the Index protocol every caller holds
    sqlite.py     the SQLite index: one class made of the parts below
    connection.py its connection: opening, schema upgrades, the file lock, errors translated
    writes.py     its live writes: a watch made, a check's rows as one transaction
    lookups.py    its look-ups: watches, versions, checks, reports, site profiles
    schema.py     the index's schema: every owner's named migration set, in order
    migrations.py named, append-only migration sets (one per owner of tables)
    rows.py       the plain values that cross the face (CheckEntry, SnapshotRow, Provenance...)
    evidence.py   which WARC records keep what a check got (response, revisit, 304)
    warc_records.py  the WARC 1.1 records themselves, built from captures (the evidence format)
    warc_io.py    WARC files on disk: appended with fsync, read back, scanned, exported
    warcs.py      the data directory's WARC files, committed through the index
    documents.py  Documents as files named by their hash, the last ones remembered
    past.py       captures from before tracking put in their place in time
    versions.py   ``ID``, ``URL@-1``, ``URL@2024-04-11``: naming a stored version
    verify.py     every stored file re-hashed against the index
    jobs.py       the daemon's job state, kept beside the checks it schedules
    outbox.py     notifications owed, queued with what they tell, until accepted
    workspace.py  the research workspace's annotations, seen-state and watch summaries

Callers never see a database type or error: every failure leaves as a
tracker.errors class.
"""

from __future__ import annotations

from pathlib import Path

from tracker.store.between import Between, versions_between
from tracker.store.evidence import (
    Evidence,
    FailedAnswer,
    KeptCapture,
    NotModifiedEvidence,
    SameBody,
)
from tracker.store.index import Index
from tracker.store.jobs import FailureState, JobState
from tracker.store.outbox import Delivery, FailedDelivery, Queued
from tracker.store.rows import (
    AnnotationQuery,
    CaptureState,
    CheckEntry,
    CheckRow,
    DeliveryClaim,
    FoundCapture,
    NewSnapshot,
    PastCapture,
    PastNote,
    PastSource,
    Placement,
    Problem,
    Provenance,
    RecordedCheck,
    ReplacedReport,
    SnapshotRow,
    SplitRun,
    WarcLocation,
    WatchState,
    normalize_url,
    unreachable_between,
)
from tracker.store.sqlite import SqliteIndex, set_aside
from tracker.store.warc_io import ArchivedRecord
from tracker.store.workspace import Annotation, Judgement, WatchSummary, annotations_by_version

__all__ = [
    "Annotation",
    "AnnotationQuery",
    "ArchivedRecord",
    "Between",
    "CaptureState",
    "CheckEntry",
    "CheckRow",
    "Delivery",
    "DeliveryClaim",
    "Evidence",
    "FailedAnswer",
    "FailedDelivery",
    "FailureState",
    "FoundCapture",
    "Index",
    "JobState",
    "Judgement",
    "KeptCapture",
    "NewSnapshot",
    "NotModifiedEvidence",
    "PastCapture",
    "PastNote",
    "PastSource",
    "Placement",
    "Problem",
    "Provenance",
    "Queued",
    "RecordedCheck",
    "ReplacedReport",
    "SameBody",
    "SnapshotRow",
    "SplitRun",
    "SqliteIndex",
    "WarcLocation",
    "WatchState",
    "WatchSummary",
    "annotations_by_version",
    "normalize_url",
    "open_index",
    "set_aside_index",
    "unreachable_between",
    "versions_between",
]


def open_index(
    data_dir: str | Path,
    *,
    create: bool = True,
    read_only: bool = False,
    rebuilding: bool = False,
) -> Index:
    """The index of a data directory; ``create=False`` raises NoDataError when it has none.

    ``read_only`` is for readers beside a writer (``tracker serve --read-only``): no
    upgrade, no recovery, no write; an upgrade that is due raises MigrationPending.
    A data directory whose WARC files hold captures its (missing or empty) index does
    not raises UnindexedError, and a damaged index DamagedIndexError, whatever the
    caller meant to do: both are fixed by rebuilding the index (tracker.reindex, which
    opens it with ``rebuilding``).
    """
    return SqliteIndex(data_dir, create=create, read_only=read_only, rebuilding=rebuilding)


def set_aside_index(data_dir: str | Path) -> Path:
    """Move a damaged index out of the way (never deleted) so it can be rebuilt; its new name."""
    return set_aside(Path(data_dir))
