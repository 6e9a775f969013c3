"""The data directory: a SQLite index over WARC evidence and content-addressed Documents.

Layout of ``DATA_DIR``::

    index.sqlite3          watches, checks, snapshots, change reports, site profiles (WAL)
    warc/*.warc.gz         raw captures, one gzip member per record (tracker.archive)
    documents/ab/<sha256>.json.gz   extracted Documents, named by the hash of their JSON
    store.lock             held while files are written, so writers never interleave

Crash safety rests on three rules. Files are written and fsynced before the index
rows that point at them, and a Document is written beside its name then renamed into
place, so the index never refers to a half or missing file. A WARC append counts only
once ``warc_files.committed_bytes`` covers it; a writer that dies mid-append leaves a
tail that the next writer (or opening the store) cuts off. Every index change is one
SQLite transaction in WAL mode. A kill at any instant therefore loses at most the
check in flight. The index runs with ``synchronous=NORMAL``: a killed process loses
no committed transaction and WAL never corrupts, while a power cut may roll back the
last few checks, whose evidence the index then no longer claims; fsyncing the WAL
on every commit would double the CPU of an unchanged check for that case alone.
The store never prints: it returns values and raises tracker.errors classes.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gzip
import hashlib
import json
import os
import re
import sqlite3
import threading
import uuid
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from tracker.archive import (
    IDENTICAL_CONTENT_PROFILE,
    ArchivedRecord,
    RecordGroup,
    RevisitTarget,
    WarcFile,
    export_warc,
    read_record,
    scan_warc,
)
from tracker.atomic import atomic_write
from tracker.errors import IntegrityError, StoreError, TrackerError, UsageError
from tracker.memo import Recent
from tracker.model import Document
from tracker.store_rows import (
    DOCUMENT_DIR,
    PROVENANCE_COLUMNS,
    CaptureState,
    CheckEntry,
    CheckRow,
    EarlierResponse,
    NewSnapshot,
    PastCapture,
    Problem,
    Provenance,
    RecordedCheck,
    ReplacedReport,
    SnapshotRow,
    SplitRun,
    WarcLocation,
    WatchState,
    canonical_document_bytes,
    iso_utc,
    normalize_url,
    parse_iso,
    url_host,
    utc_now,
)
from tracker.store_schema import MIGRATIONS, migration, run_script

__all__ = [
    "INDEX_NAME",
    "MIGRATIONS",
    "OUTCOMES",
    "CaptureState",
    "CheckEntry",
    "CheckRow",
    "EarlierResponse",
    "NewSnapshot",
    "PastCapture",
    "Problem",
    "Provenance",
    "RecordedCheck",
    "ReplacedReport",
    "SnapshotRow",
    "SplitRun",
    "Store",
    "WarcLocation",
    "WatchState",
    "canonical_document_bytes",
    "migration",
    "normalize_url",
    "run_script",
]

INDEX_NAME = "index.sqlite3"
LOCK_NAME = "store.lock"
WARC_DIR = "warc"
DEFAULT_MAX_WARC_BYTES = 1024 * 1024 * 1024  # a new WARC file after 1 GB, as crawlers do
RECENT_DOCUMENTS = 64  # versions kept in memory: a check reads the one the last check stored
OUTCOMES = ("new", "changed", "unchanged", "failed", "blocked", "gone")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_WARC_NAME = re.compile(r"^tracker-\d{8}T\d{6}Z-[0-9a-f]{8}\.warc\.gz$")
_SNAPSHOT_ID = re.compile(r"^[0-9]{1,18}$")
_RELATIVE = re.compile(r"^-([0-9]{1,9})$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


# --------------------------------------------------------------------------- the store


def _revisit_problems(
    record: ArchivedRecord, originals: dict[str, tuple[str | None, str | None]]
) -> list[str]:
    """What a revisit claims of its original that the original does not hold."""
    if record.refers_to is None:
        return []
    original = originals.get(record.refers_to)
    if original is None:
        return [f"its revisit refers to {record.refers_to}, a record the index does not hold"]
    digest, body_sha = original
    if record.profile == IDENTICAL_CONTENT_PROFILE:
        if body_sha is not None and record.decoded_digest != f"sha256:{body_sha}":
            return ["its revisit claims decoded content its original does not hold"]
    elif record.recorded_digest is not None and record.recorded_digest != digest:
        return ["its revisit claims a payload digest its original does not have"]
    return []


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _snapshot_columns(
    snap: NewSnapshot, document_sha: str | None, location: WarcLocation
) -> tuple[object, ...]:
    """final_url .. warc_length of a snapshots row, in the table's column order."""
    return (
        snap.final_url,
        iso_utc(snap.fetched_at),
        snap.body_sha256,
        snap.document.text_sha256(),
        snap.article_sha256,
        document_sha,
        location.file,
        location.offset,
        location.length,
    )


def _db_errors(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """SQLite's own errors leave the store as StoreError, with the data directory named."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as error:
            store = args[0]
            root = getattr(store, "root", "the data directory")
            raise StoreError(f"the index in {root} failed: {error}") from None

    return wrapper


class Store:
    """One data directory. Safe to open from several processes; writes take a file lock."""

    def __init__(
        self,
        data_dir: str | Path,
        *,
        create: bool = True,
        max_warc_bytes: int = DEFAULT_MAX_WARC_BYTES,
    ) -> None:
        self.root = Path(data_dir)
        self.max_warc_bytes = max_warc_bytes
        index = self.root / INDEX_NAME
        if not create and not index.exists():
            raise UsageError(
                f"no tracker data in {self.root} (no {INDEX_NAME}); "
                "run 'tracker check URL' first or pass the right --data-dir"
            )
        try:
            for sub in (WARC_DIR, DOCUMENT_DIR):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the data directory {self.root}: {error}") from None
        self._mutex = threading.RLock()
        self._made_dirs: set[Path] = set()
        self._recent_documents: Recent[str, Document] = Recent(RECENT_DOCUMENTS)
        self._lock_fd: int | None = None
        self._lock_depth = 0
        try:
            self._db = sqlite3.connect(
                index, isolation_level=None, check_same_thread=False, timeout=30.0
            )
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the index {index}: {error}") from None
        try:
            self._migrate()
            self._recover()
        except BaseException:
            self._db.close()
            raise

    # ----------------------------------------------------------------- lifecycle

    def close(self) -> None:
        with self._mutex:
            self._db.close()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        with self._mutex:
            version = self.schema_version
            if version > len(MIGRATIONS):
                raise StoreError(
                    f"{self.root} was written by a newer tracker (schema {version}, this one "
                    f"knows {len(MIGRATIONS)}); upgrade tracker to use it"
                )
            for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
                with self._transaction() as db:
                    # Another process may have migrated while we waited for the write lock.
                    if int(db.execute("PRAGMA user_version").fetchone()[0]) >= number:
                        continue
                    try:
                        step(db)
                    except sqlite3.Error as error:
                        raise StoreError(
                            f"cannot upgrade {self.root} to schema {number} "
                            f"({step.__name__}): {error}"
                        ) from None
                    db.execute(f"PRAGMA user_version = {number}")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._mutex:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise StoreError(f"cannot write the index: {error}") from None
            try:
                yield self._db
            except BaseException:
                # SQLite may have rolled back already (a full disk): keep the first error.
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise StoreError(f"cannot write the index: {error}") from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction for a module that keeps its own table in the index.

        The daemon's job state lives beside the checks it schedules; writes still go
        through the store's one connection and lock, so there stays one writer.
        """
        with self._transaction() as db:
            yield db

    @_db_errors
    def query(self, sql: str, parameters: Sequence[object] = ()) -> list[sqlite3.Row]:
        """Rows of a read-only query, for modules that keep their own table in the index."""
        with self._mutex:
            return self._db.execute(sql, parameters).fetchall()

    @_db_errors
    def last_tracked_check(self, url: str) -> tuple[datetime, str, str | None] | None:
        """(time, outcome, error) of the latest check tracker itself ran on ``url``.

        Backfilled and imported captures are not checks we ran, so they never count.
        """
        with self._mutex:
            row = self._db.execute(
                "SELECT c.checked_at, c.outcome, c.error FROM checks c"
                " JOIN watches w ON w.id = c.watch_id WHERE w.url = ?"
                " AND c.id NOT IN (SELECT check_id FROM provenance) ORDER BY c.id DESC LIMIT 1",
                (normalize_url(url),),
            ).fetchone()
        return (parse_iso(row["checked_at"]), row["outcome"], row["error"]) if row else None

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Exclusive across processes while files are written; re-entrant within one."""
        with self._mutex:
            if self._lock_depth == 0:
                if self._lock_fd is None:
                    try:
                        self._lock_fd = os.open(
                            self.root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644
                        )
                    except OSError as error:
                        raise StoreError(f"cannot open the store lock: {error.strerror}") from None
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0 and self._lock_fd is not None:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def _recover(self) -> None:
        """Undo what a killed writer left half done; safe because we hold the write lock."""
        with self._write_lock():
            known = {}
            for row in self._db.execute("SELECT name, committed_bytes FROM warc_files"):
                known[row["name"]] = row["committed_bytes"]
            for path in (self.root / WARC_DIR).iterdir():
                if path.name not in known:
                    if _WARC_NAME.match(path.name):
                        # Created by a writer killed before it registered the file: no
                        # committed record can be in it.
                        with contextlib.suppress(OSError):
                            path.unlink()
                    continue
                if path.stat().st_size > known[path.name]:
                    WarcFile(path).truncate(known[path.name])

    # ----------------------------------------------------------------- watches

    @_db_errors
    def ensure_watch(self, url: str, name: str | None = None) -> WatchState:
        key = normalize_url(url)
        state = self.watch_state(key)
        if state is not None and (name is None or name == state.name):
            return state  # the common case costs one read, no write
        with self._transaction() as db:
            db.execute(
                "INSERT INTO watches (url, name, created_at, host) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET name = coalesce(excluded.name, watches.name)",
                (key, name, iso_utc(utc_now()), url_host(key)),
            )
        state = self.watch_state(key)
        assert state is not None
        return state

    @_db_errors
    def watch_state(self, url: str) -> WatchState | None:
        row = self._db.execute(
            "SELECT w.*, s.article_sha256, s.document_sha256 FROM watches w "
            "LEFT JOIN snapshots s ON s.id = w.current_snapshot_id WHERE w.url = ?",
            (normalize_url(url),),
        ).fetchone()
        if row is None:
            return None
        target = None
        if row["last_record_id"]:
            target = RevisitTarget(
                record_id=row["last_record_id"],
                uri=row["last_record_uri"],
                warc_date=row["last_record_date"],
            )
        return WatchState(
            id=row["id"],
            url=row["url"],
            name=row["name"],
            etag=row["etag"],
            last_modified=row["last_modified"],
            last_body_sha256=row["last_body_sha256"],
            last_payload_digest=row["last_payload_digest"],
            revisit_target=target,
            current_snapshot_id=row["current_snapshot_id"],
            current_article_sha256=row["article_sha256"],
            current_document_sha256=row["document_sha256"],
            last_payload_coded=bool(row["last_payload_coded"]),
        )

    @_db_errors
    def urls(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT url FROM watches ORDER BY url")]

    # ----------------------------------------------------------------- writing

    @_db_errors
    def archive(self, group: RecordGroup) -> WarcLocation:
        """Append one capture's records and commit them, so no later crash can cut them off."""
        with self._write_lock():
            location, end = self._append(group)
            with self._transaction() as db:
                db.execute(
                    "UPDATE warc_files SET committed_bytes = ? WHERE name = ?", (end, location.file)
                )
        return location

    def _append(self, group: RecordGroup) -> tuple[WarcLocation, int]:
        """Write a record group at the committed end of the current file (write lock held)."""
        row = self._db.execute(
            "SELECT name, committed_bytes FROM warc_files ORDER BY id DESC LIMIT 1"
        ).fetchone()
        usable = row is not None and row["committed_bytes"] < self.max_warc_bytes
        size = 0
        if usable:
            name, committed = row["name"], row["committed_bytes"]
            size = WarcFile(self.root / WARC_DIR / name).size()
            # Shorter than committed means damage: leave it for 'verify', write elsewhere.
            usable = size >= committed
        if not usable:
            name, committed = self._new_warc_file()
            size = committed
        warc = WarcFile(self.root / WARC_DIR / name)
        if size > committed:
            warc.truncate(committed)
        offset = warc.append(group)
        location = WarcLocation(
            file=name,
            offset=offset,
            length=group.main_length,
            span=group.span,
            record_type=group.record_type,
            record_id=group.record_id,
            warc_date=group.warc_date,
            payload_digest=group.payload_digest,
        )
        return location, offset + group.span

    def _new_warc_file(self) -> tuple[str, int]:
        stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
        name = f"tracker-{stamp}-{uuid.uuid4().hex[:8]}.warc.gz"
        size = WarcFile(self.root / WARC_DIR / name).create()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO warc_files (name, created_at, committed_bytes) VALUES (?, ?, ?)",
                (name, iso_utc(utc_now()), size),
            )
        return name, size

    def _document_path(self, sha: str) -> Path:
        return self.root / DOCUMENT_DIR / sha[:2] / f"{sha}.json.gz"

    def put_document(self, document: Document) -> str:
        """Store a Document once under the sha256 of its canonical JSON; returns that hash."""
        data = canonical_document_bytes(document)
        sha = hashlib.sha256(data).hexdigest()
        self._recent_documents.put(sha, document)
        path = self._document_path(sha)
        if path.exists():
            return sha
        with self._write_lock():
            if path.exists():
                return sha
            try:
                if path.parent not in self._made_dirs:
                    path.parent.mkdir(exist_ok=True)
                    self._made_dirs.add(path.parent)
                atomic_write(path, gzip.compress(data, compresslevel=6, mtime=0))
            except OSError as error:
                raise StoreError(f"cannot write document {path}: {error.strerror}") from None
        return sha

    @_db_errors
    def record_check(self, entry: CheckEntry, group: RecordGroup | None = None) -> RecordedCheck:
        """Write one check (and its snapshot and report, if any) as a single transaction.

        With ``group`` its records are appended first and committed in that same
        transaction (the cheap path of an unchanged page: one fsync of the WARC, one
        of the index); ``entry.location`` is then filled in from where they landed.
        """
        if entry.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {entry.outcome!r}")
        document_sha = (
            self.put_document(entry.new_snapshot.document) if entry.new_snapshot else None
        )
        with self._write_lock():
            end = None
            if group is not None:
                location, end = self._append(group)
                entry = replace(entry, location=location)
            with self._transaction() as db:
                if end is not None and entry.location is not None:
                    db.execute(
                        "UPDATE warc_files SET committed_bytes = ? WHERE name = ?",
                        (end, entry.location.file),
                    )
                return self._write_check(db, entry, document_sha)

    def _write_check(
        self, db: sqlite3.Connection, entry: CheckEntry, document_sha: str | None
    ) -> RecordedCheck:
        """The rows of one check, inside the caller's transaction (its Document already stored)."""
        snap = entry.new_snapshot
        location = entry.location
        body_sha = entry.body_sha256
        if body_sha is None and snap is not None and snap.evidence is None and location:
            body_sha = snap.body_sha256  # the check's own response holds the version's body
        cursor = db.execute(
            "INSERT INTO checks (watch_id, checked_at, outcome, http_status, error, fetch_ms,"
            " total_ms, bytes, snapshot_id, warc_file, warc_offset, warc_length, warc_span,"
            " record_type, payload_digest, body_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                entry.watch_id,
                iso_utc(entry.checked_at),
                entry.outcome,
                entry.http_status,
                entry.error,
                entry.fetch_ms,
                entry.total_ms,
                entry.bytes,
                entry.seen_snapshot_id,
                location.file if location else None,
                location.offset if location else None,
                location.length if location else None,
                location.span if location else None,
                location.record_type if location else None,
                location.payload_digest if location else None,
                body_sha if location else None,
            ),
        )
        check_id = int(cursor.lastrowid or 0)
        snapshot_id: int | None = entry.seen_snapshot_id
        if snap is not None:
            location = snap.evidence or location
            if location is None or location.record_type != "response":
                raise ValueError("a new snapshot needs the response record it came from")
            cursor = db.execute(
                "INSERT INTO snapshots (watch_id, check_id, url, final_url, fetched_at,"
                " body_sha256, text_sha256, article_sha256, document_sha256, warc_file,"
                " warc_offset, warc_length) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    entry.watch_id,
                    check_id,
                    normalize_url(snap.url),
                    *_snapshot_columns(snap, document_sha, location),
                ),
            )
            snapshot_id = int(cursor.lastrowid or 0)
            db.execute("UPDATE checks SET snapshot_id = ? WHERE id = ?", (snapshot_id, check_id))
            db.execute(
                "UPDATE watches SET current_snapshot_id = ? WHERE id = ?",
                (snapshot_id, entry.watch_id),
            )
        if entry.report is not None:
            if snapshot_id is None or entry.previous_snapshot_id is None:
                raise ValueError("a change report needs the old and the new snapshot")
            db.execute(
                "INSERT INTO reports (check_id, old_snapshot_id, new_snapshot_id, report)"
                " VALUES (?, ?, ?, ?)",
                (
                    check_id,
                    entry.previous_snapshot_id,
                    snapshot_id,
                    json.dumps(entry.report, ensure_ascii=False, sort_keys=True),
                ),
            )
        state = entry.capture_state
        if state is not None:
            db.execute(
                "UPDATE watches SET etag = ?, last_modified = ?, last_body_sha256 = ?,"
                " last_payload_digest = ?, last_record_id = ?, last_record_uri = ?,"
                " last_record_date = ?, last_payload_coded = ? WHERE id = ?",
                (
                    state.etag,
                    state.last_modified,
                    state.body_sha256,
                    state.payload_digest,
                    state.target.record_id,
                    state.target.uri,
                    state.target.warc_date,
                    int(state.payload_coded),
                    entry.watch_id,
                ),
            )
        return RecordedCheck(check_id=check_id, snapshot_id=snapshot_id)

    # ----------------------------------------------------------------- the past

    def snapshot_neighbours(
        self, watch_id: int, moment: datetime
    ) -> tuple[SnapshotRow | None, SnapshotRow | None]:
        """The stored versions just before and just after ``moment`` (either may be None)."""
        at = iso_utc(moment)
        before = self._db.execute(
            "SELECT * FROM snapshots WHERE watch_id = ? AND fetched_at <= ?"
            " ORDER BY fetched_at DESC, id DESC LIMIT 1",
            (watch_id, at),
        ).fetchone()
        after = self._db.execute(
            "SELECT * FROM snapshots WHERE watch_id = ? AND fetched_at > ?"
            " ORDER BY fetched_at, id LIMIT 1",
            (watch_id, at),
        ).fetchone()
        return (
            self._snapshot(before) if before else None,
            self._snapshot(after) if after else None,
        )

    def later_sighting(self, snapshot_id: int, moment: datetime) -> int | None:
        """The first check after ``moment`` that saw this version (its run goes on past it)."""
        row = self._db.execute(
            "SELECT id FROM checks WHERE snapshot_id = ? AND checked_at > ?"
            " ORDER BY checked_at, id LIMIT 1",
            (snapshot_id, iso_utc(moment)),
        ).fetchone()
        return int(row[0]) if row else None

    def snapshot_origin(self, snapshot_id: int) -> str:
        """How the capture that made this version arrived: tracked, backfilled or imported."""
        row = self._db.execute(
            "SELECT p.origin FROM snapshots s LEFT JOIN provenance p ON p.check_id = s.check_id"
            " WHERE s.id = ?",
            (snapshot_id,),
        ).fetchone()
        return (row[0] if row else None) or "tracked"

    def past_capture_states(self, watch_id: int) -> dict[str, str]:
        """Key -> state of every archived or imported capture already tried for a watch."""
        return {
            key: state
            for key, state in self._db.execute(
                "SELECT key, state FROM past_captures WHERE watch_id = ?", (watch_id,)
            )
        }

    def past_captures(self, url: str) -> list[PastCapture]:
        """The ledger of one URL's archived and imported captures, oldest capture first."""
        rows = self._db.execute(
            "SELECT pc.* FROM past_captures pc JOIN watches w ON w.id = pc.watch_id"
            " WHERE w.url = ? ORDER BY pc.captured_at, pc.id",
            (normalize_url(url),),
        )
        return [
            PastCapture(
                key=row["key"],
                origin=row["origin"],
                source=row["source"],
                captured_at=parse_iso(row["captured_at"]),
                state=row["state"],
                reason=row["reason"],
                check_id=row["check_id"],
                attempts=row["attempts"],
            )
            for row in rows
        ]

    @staticmethod
    def _note_past(
        db: sqlite3.Connection,
        watch_id: int,
        provenance: Provenance,
        key: str,
        state: str,
        reason: str | None,
        check_id: int | None,
    ) -> None:
        db.execute(
            "INSERT INTO past_captures (watch_id, origin, source, key, captured_at, state,"
            " reason, check_id, updated_at) VALUES (?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(watch_id, key) DO UPDATE SET state = excluded.state,"
            " reason = excluded.reason, check_id = coalesce(excluded.check_id, check_id),"
            " attempts = attempts + 1, updated_at = excluded.updated_at",
            (
                watch_id,
                provenance.origin,
                provenance.source,
                key,
                iso_utc(provenance.captured_at),
                state,
                reason,
                check_id,
                iso_utc(utc_now()),
            ),
        )

    def note_past_capture(
        self, watch_id: int, provenance: Provenance, key: str, state: str, reason: str | None
    ) -> None:
        """Record an archived or imported capture that was skipped or failed, with why."""
        with self._transaction() as db:
            self._note_past(db, watch_id, provenance, key, state, reason, None)

    def record_past_check(
        self,
        entry: CheckEntry,
        provenance: Provenance,
        *,
        key: str,
        backdate: int | None = None,
        replaced: tuple[ReplacedReport, ...] = (),
        split: SplitRun | None = None,
    ) -> RecordedCheck:
        """Write a capture from before tracking began, in its place in time, as one transaction.

        ``entry`` is dated at the original capture. With ``backdate`` the capture is an
        earlier sighting of that stored version: the version is re-pointed at this older
        evidence instead of being stored twice. ``replaced`` are the neighbours' reports
        recomputed against the new order. With ``split`` the version before this capture
        was seen again after it: those later sightings become a version of their own. The
        watch's current version stays the newest one by date; when a past capture becomes
        it, the live validators (ETag, body hash, revisit target) are cleared, since they
        describe another version.
        """
        if entry.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {entry.outcome!r}")
        snap = entry.new_snapshot
        document_sha = self.put_document(snap.document) if snap is not None else None
        if entry.capture_state is not None:
            raise ValueError("a past capture never replaces the live validators")
        with self._write_lock(), self._transaction() as db:
            current = db.execute(
                "SELECT current_snapshot_id FROM watches WHERE id = ?", (entry.watch_id,)
            ).fetchone()
            if backdate is not None:
                if snap is None or entry.location is None:
                    raise ValueError("backdating a version needs the capture that shows it")
                recorded = self._write_check(
                    db,
                    replace(entry, new_snapshot=None, seen_snapshot_id=backdate, report=None),
                    None,
                )
                location = entry.location
                db.execute(
                    "UPDATE snapshots SET check_id = ?, final_url = ?, fetched_at = ?,"
                    " body_sha256 = ?, text_sha256 = ?, article_sha256 = ?, document_sha256 = ?,"
                    " warc_file = ?, warc_offset = ?, warc_length = ? WHERE id = ?",
                    (
                        recorded.check_id,
                        *_snapshot_columns(snap, document_sha, location),
                        backdate,
                    ),
                )
            else:
                recorded = self._write_check(db, entry, document_sha)
            if split is not None:
                if recorded.snapshot_id is None or backdate is not None:
                    raise ValueError("only a new version can split the run of another")
                self._split_run(db, split, recorded.snapshot_id, entry.checked_at)
            for item in replaced:
                owner = db.execute(
                    "SELECT check_id FROM snapshots WHERE id = ?", (item.snapshot_id,)
                ).fetchone()
                if owner is None:
                    raise ValueError(f"no snapshot {item.snapshot_id} to re-report")
                db.execute("DELETE FROM reports WHERE new_snapshot_id = ?", (item.snapshot_id,))
                db.execute(
                    "DELETE FROM reports WHERE check_id = ?", (owner[0],)
                )  # a backdated version's report moves to the check that now owns it
                db.execute(
                    "INSERT INTO reports (check_id, old_snapshot_id, new_snapshot_id, report)"
                    " VALUES (?, ?, ?, ?)",
                    (
                        owner[0],
                        item.old_snapshot_id
                        if item.old_snapshot_id is not None
                        else recorded.snapshot_id,
                        item.snapshot_id,
                        json.dumps(item.report, ensure_ascii=False, sort_keys=True),
                    ),
                )
            db.execute(
                "INSERT INTO provenance (check_id, origin, source, memento_url,"
                " original_timestamp, captured_at, record_id, digest) VALUES (?,?,?,?,?,?,?,?)",
                (
                    recorded.check_id,
                    provenance.origin,
                    provenance.source,
                    provenance.memento_url,
                    provenance.original_timestamp,
                    iso_utc(provenance.captured_at),
                    provenance.record_id,
                    provenance.digest,
                ),
            )
            db.execute(
                "UPDATE watches SET current_snapshot_id = (SELECT id FROM snapshots"
                " WHERE watch_id = ? ORDER BY fetched_at DESC, id DESC LIMIT 1) WHERE id = ?",
                (entry.watch_id, entry.watch_id),
            )
            # A past capture newer than the last live one: the live validators (ETag, body
            # hash, revisit target) describe another version now, so the next check must
            # fetch and compare in full rather than call an old body "unchanged".
            db.execute(
                "UPDATE watches SET etag = NULL, last_modified = NULL, last_body_sha256 = NULL,"
                " last_payload_digest = NULL, last_record_id = NULL, last_record_uri = NULL,"
                " last_record_date = NULL, last_payload_coded = 0"
                " WHERE id = ? AND current_snapshot_id IS NOT ?",
                (entry.watch_id, current[0] if current else None),
            )
            state = "unchanged" if entry.outcome == "unchanged" else "stored"
            self._note_past(
                db, entry.watch_id, provenance, key, state, entry.error, recorded.check_id
            )
        return recorded

    def _split_run(
        self, db: sqlite3.Connection, split: SplitRun, inserted: int, moment: datetime
    ) -> None:
        """Turn a version's sightings after ``moment`` into a version of their own."""
        old = db.execute("SELECT * FROM snapshots WHERE id = ?", (split.snapshot_id,)).fetchone()
        check = db.execute(
            "SELECT checked_at, warc_file, warc_offset, warc_length, record_type FROM checks"
            " WHERE id = ?",
            (split.check_id,),
        ).fetchone()
        if old is None or check is None:
            raise ValueError("a split needs the version and the sighting it starts at")
        # Its own capture is the evidence when it holds a body; a revisit's is the original's.
        file, offset, length, body_sha = (
            old["warc_file"],
            old["warc_offset"],
            old["warc_length"],
            old["body_sha256"],
        )
        if check["record_type"] == "response" and check["warc_file"] is not None:
            record = self.read_capture(
                check["warc_file"], check["warc_offset"], check["warc_length"]
            )
            file, offset, length = check["warc_file"], check["warc_offset"], check["warc_length"]
            body_sha = hashlib.sha256(record.body()).hexdigest()
        cursor = db.execute(
            "INSERT INTO snapshots (watch_id, check_id, url, final_url, fetched_at, body_sha256,"
            " text_sha256, article_sha256, document_sha256, warc_file, warc_offset, warc_length)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                old["watch_id"],
                split.check_id,
                old["url"],
                old["final_url"],
                check["checked_at"],
                body_sha,
                old["text_sha256"],
                old["article_sha256"],
                old["document_sha256"],
                file,
                offset,
                length,
            ),
        )
        again = int(cursor.lastrowid or 0)
        db.execute(
            "UPDATE checks SET snapshot_id = ? WHERE snapshot_id = ? AND checked_at > ?",
            (again, split.snapshot_id, iso_utc(moment)),
        )
        # The version after the run now follows the split-off copy; same article, same report.
        db.execute(
            "UPDATE reports SET old_snapshot_id = ? WHERE old_snapshot_id = ?"
            " AND new_snapshot_id IN (SELECT id FROM snapshots WHERE watch_id = ?"
            " AND fetched_at > ?)",
            (again, split.snapshot_id, old["watch_id"], check["checked_at"]),
        )
        db.execute(
            "INSERT INTO reports (check_id, old_snapshot_id, new_snapshot_id, report)"
            " VALUES (?, ?, ?, ?)",
            (
                split.check_id,
                inserted,
                again,
                json.dumps(split.report, ensure_ascii=False, sort_keys=True),
            ),
        )

    @_db_errors
    def find_response(
        self,
        watch_id: int,
        body_sha256: str,
        *,
        truncated: str | None = None,
        failed: bool = False,
    ) -> EarlierResponse | None:
        """An earlier, sound response record of this watch holding this decoded body.

        Only a record cut the same way (``truncated``) holds the same thing: a whole
        body is never pointed at a truncated one. A version's evidence is never a failed
        check's answer; a failure (``failed``) may point at any answer.
        """
        rows = self._db.execute(
            "SELECT warc_file, warc_offset, warc_length, warc_span, payload_digest FROM checks"
            " WHERE watch_id = ? AND body_sha256 = ? AND record_type = 'response'"
            " ORDER BY id LIMIT 4",
            (watch_id, body_sha256),
        ).fetchall()
        for row in rows:
            try:
                record = self.read_capture(row["warc_file"], row["warc_offset"], row["warc_length"])
            except IntegrityError:
                continue  # a damaged original is no place to point: store the body again
            if (
                record.record_id is None
                or record.recorded_digest != row["payload_digest"]
                or record.computed_digest != row["payload_digest"]
                or record.truncated != truncated
                or (record.failure is not None and not failed)
            ):
                continue
            location = WarcLocation(
                file=row["warc_file"],
                offset=row["warc_offset"],
                length=row["warc_length"],
                span=row["warc_span"],
                record_type="response",
                record_id=record.record_id,
                warc_date=record.warc_date or "",
                payload_digest=row["payload_digest"],
            )
            target = RevisitTarget(
                record_id=record.record_id,
                uri=record.target_uri or "",
                warc_date=record.warc_date or "",
            )
            return EarlierResponse(location=location, target=target, coded=record.coded)
        return None

    @_db_errors
    def set_site_profile(self, host: str, profile: dict[str, Any]) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO site_profiles (host, profile, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(host) DO UPDATE SET profile = excluded.profile,"
                " updated_at = excluded.updated_at",
                (host.lower(), json.dumps(profile, sort_keys=True), iso_utc(utc_now())),
            )

    # ----------------------------------------------------------------- reading

    @_db_errors
    def current_documents_on_host(self, host: str, limit: int) -> list[str]:
        """Document hashes of the current versions of pages on ``host``, newest first."""
        rows = self._db.execute(
            "SELECT s.document_sha256 FROM watches w"
            " JOIN snapshots s ON s.id = w.current_snapshot_id"
            " WHERE w.host = ? ORDER BY s.fetched_at DESC LIMIT ?",
            (host.lower(), limit),
        )
        return [sha for (sha,) in rows]

    @_db_errors
    def site_profile(self, host: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT profile FROM site_profiles WHERE host = ?", (host.lower(),)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def load_document(self, sha: str) -> Document:
        """Read a stored Document, checking it still hashes to its name.

        The last versions stored or read are kept in memory: a check compares against
        the version the previous check stored, and relearns a site's template from its
        pages' current versions. Documents are values: one from here is never mutated.
        """
        recent = self._recent_documents.get(sha)
        if recent is not None:
            return recent
        document = self._read_document(sha)
        self._recent_documents.put(sha, document)
        return document

    def _read_document(self, sha: str) -> Document:
        """A Document from its file, re-hashed: what 'tracker verify' trusts."""
        if not _SHA256.match(sha):
            raise IntegrityError(f"bad document hash {sha!r} in the index")
        path = self._document_path(sha)
        try:
            data = gzip.decompress(path.read_bytes())
        except FileNotFoundError:
            raise IntegrityError(f"document {path} is missing; run 'tracker verify'") from None
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise IntegrityError(f"document {path} is unreadable: {error}") from None
        if hashlib.sha256(data).hexdigest() != sha:
            raise IntegrityError(
                f"document {path} no longer matches its hash; run 'tracker verify'"
            )
        try:
            return Document.from_json(json.loads(data))
        except (ValueError, KeyError, TypeError) as error:
            raise IntegrityError(f"document {path} is not a valid Document: {error}") from None

    def _snapshot(self, row: sqlite3.Row) -> SnapshotRow:
        return SnapshotRow(
            id=row["id"],
            watch_id=row["watch_id"],
            check_id=row["check_id"],
            url=row["url"],
            final_url=row["final_url"],
            fetched_at=parse_iso(row["fetched_at"]),
            body_sha256=row["body_sha256"],
            text_sha256=row["text_sha256"],
            article_sha256=row["article_sha256"],
            document_sha256=row["document_sha256"],
            warc_file=row["warc_file"],
            warc_offset=row["warc_offset"],
            warc_length=row["warc_length"],
        )

    @_db_errors
    def snapshot(self, snapshot_id: int) -> SnapshotRow | None:
        row = self._db.execute("SELECT * FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
        return self._snapshot(row) if row else None

    @_db_errors
    def snapshots(self, url: str) -> list[SnapshotRow]:
        """The stored versions of one URL, oldest first."""
        rows = self._db.execute(
            "SELECT s.* FROM snapshots s JOIN watches w ON w.id = s.watch_id WHERE w.url = ?"
            " ORDER BY s.fetched_at, s.id",
            (normalize_url(url),),
        )
        return [self._snapshot(row) for row in rows]

    @_db_errors
    def history(self, url: str) -> list[CheckRow]:
        """Every check of one URL, oldest capture first (backfilled ones in their place).

        UsageError when the URL was never checked.
        """
        key = normalize_url(url)
        if self._db.execute("SELECT 1 FROM watches WHERE url = ?", (key,)).fetchone() is None:
            raise UsageError(f"{url} has never been checked; run 'tracker check {url}' first")
        rows = self._db.execute(
            f"SELECT c.*, s.check_id AS created_by, {PROVENANCE_COLUMNS} FROM checks c"
            " JOIN watches w ON w.id = c.watch_id LEFT JOIN snapshots s ON s.id = c.snapshot_id"
            " LEFT JOIN provenance p ON p.check_id = c.id WHERE w.url = ?"
            " ORDER BY c.checked_at, c.id",
            (key,),
        )
        return [
            CheckRow(
                id=row["id"],
                url=key,
                checked_at=parse_iso(row["checked_at"]),
                outcome=row["outcome"],
                http_status=row["http_status"],
                error=row["error"],
                fetch_ms=row["fetch_ms"],
                total_ms=row["total_ms"],
                bytes=row["bytes"],
                snapshot=row["snapshot_id"],
                new_snapshot=row["created_by"] == row["id"],
                warc_file=row["warc_file"],
                warc_offset=row["warc_offset"],
                record_type=row["record_type"],
                origin=row["p_origin"] or "tracked",
                provenance=Provenance.of_row(row),
            )
            for row in rows
        ]

    @_db_errors
    def report_for_snapshot(self, snapshot_id: int) -> dict[str, Any] | None:
        """The change report that introduced this version (None for a first version)."""
        row = self._db.execute(
            "SELECT report FROM reports WHERE new_snapshot_id = ? ORDER BY check_id LIMIT 1",
            (snapshot_id,),
        ).fetchone()
        return json.loads(row[0]) if row else None

    @_db_errors
    def resolve_snapshot(self, spec: str) -> SnapshotRow:
        """A snapshot from ``ID``, ``URL`` or ``URL@-1`` (latest), ``URL@-2``, ``URL@YYYY-MM-DD``.

        A date means the version current at the end of that day (UTC).
        """
        spec = spec.strip()
        if _SNAPSHOT_ID.match(spec):
            found = self.snapshot(int(spec))
            if found is None:
                raise UsageError(
                    f"no snapshot {spec}; list them with 'tracker history URL --format json'"
                )
            return found
        url, selector = spec, "-1"
        if "@" in spec:
            head, _, tail = spec.rpartition("@")
            if _RELATIVE.match(tail) or _DAY.match(tail):
                url, selector = head, tail
        try:
            versions = self.snapshots(url)
        except UsageError:
            raise UsageError(
                f"cannot read {spec!r} as a version; use a snapshot id, URL@-1 (latest), "
                "URL@-2 (the one before) or URL@YYYY-MM-DD"
            ) from None
        if not versions:
            raise UsageError(f"no stored version of {url}; run 'tracker check {url}' first")
        if relative := _RELATIVE.match(selector):
            back = int(relative.group(1))
            if back == 0 or back > len(versions):
                raise UsageError(
                    f"{url} has {len(versions)} stored version(s); use @-1 to @-{len(versions)}"
                )
            return versions[-back]
        try:
            day = date.fromisoformat(selector)
        except ValueError:
            raise UsageError(f"{selector!r} is not a date; use YYYY-MM-DD") from None
        end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
        current = [version for version in versions if version.fetched_at < end]
        if not current:
            first = versions[0].fetched_at.date().isoformat()
            raise UsageError(
                f"no version of {url} was stored on or before {day}; the first is from {first}"
            )
        return current[-1]

    def resolve_version(self, spec: str) -> Document:
        return self.load_document(self.resolve_snapshot(spec).document_sha256)

    @_db_errors
    def counts(self) -> dict[str, int]:
        """How much the index holds, for summaries."""
        one = self._db.execute
        return {
            "watches": one("SELECT count(*) FROM watches").fetchone()[0],
            "checks": one("SELECT count(*) FROM checks").fetchone()[0],
            "snapshots": one("SELECT count(*) FROM snapshots").fetchone()[0],
            "documents": one("SELECT count(DISTINCT document_sha256) FROM snapshots").fetchone()[0],
            "warc_files": one("SELECT count(*) FROM warc_files").fetchone()[0],
        }

    # ----------------------------------------------------------------- evidence out

    def read_capture(self, file: str, offset: int, length: int | None = None) -> ArchivedRecord:
        """The WARC record at (file, offset) as tracker.archive.ArchivedRecord."""
        return read_record(self._warc_path(file), offset, length)

    def _warc_path(self, name: str) -> Path:
        if "/" in name or "\\" in name or name in {"", ".", ".."}:
            raise IntegrityError(f"bad WARC file name {name!r} in the index")
        return self.root / WARC_DIR / name

    @_db_errors
    def export_warc(self, url: str, out: Path) -> int:
        """Every capture of one URL, request and response records, in check order."""
        checks = self.history(url)
        spans = [
            (self._warc_path(file), offset, span)
            for file, offset, span in self._db.execute(
                "SELECT c.warc_file, c.warc_offset, c.warc_span FROM checks c"
                " JOIN watches w ON w.id = c.watch_id WHERE w.url = ? AND c.warc_file IS NOT NULL"
                " ORDER BY c.checked_at, c.id",  # captures placed in the past go in their place
                (normalize_url(url),),
            )
        ]
        if not spans:
            raise UsageError(
                f"{url} has {len(checks)} check(s) but no capture to export (all failed early)"
            )
        return export_warc(spans, out)

    # ----------------------------------------------------------------- verify

    def verify(self) -> list[Problem]:
        """Re-hash every stored file against the index; an empty list means all is sound."""
        problems: list[Problem] = []
        try:
            with self._mutex:
                integrity = [row[0] for row in self._db.execute("PRAGMA integrity_check")]
                foreign = list(self._db.execute("PRAGMA foreign_key_check"))
        except sqlite3.Error as error:
            return [Problem(INDEX_NAME, f"cannot be read: {error}")]
        if integrity != ["ok"]:
            problems.extend(Problem(INDEX_NAME, line) for line in integrity)
        problems.extend(
            Problem(f"{INDEX_NAME} table {row[0]} row {row[1]}", f"refers to a missing {row[2]}")
            for row in foreign
        )
        committed = {
            row["name"]: row["committed_bytes"]
            for row in self._db.execute("SELECT name, committed_bytes FROM warc_files")
        }
        for name, size in committed.items():
            path = self.root / WARC_DIR / name
            if not path.exists():
                problems.append(Problem(f"{WARC_DIR}/{name}", "missing"))
            elif path.stat().st_size < size:
                problems.append(
                    Problem(
                        f"{WARC_DIR}/{name}",
                        f"truncated: {path.stat().st_size} bytes, the index has {size}",
                    )
                )
            else:
                problems.extend(
                    Problem(f"{WARC_DIR}/{name}", problem) for problem in scan_warc(path, size)
                )
        problems.extend(self._verify_checks(committed))
        problems.extend(self._verify_snapshots())
        problems.extend(self._verify_reports())
        return problems

    def _verify_checks(self, committed: dict[str, int]) -> list[Problem]:
        problems: list[Problem] = []
        rows = self._db.execute(
            "SELECT id, outcome, snapshot_id, warc_file, warc_offset, warc_length, warc_span,"
            " record_type, payload_digest, body_sha256 FROM checks ORDER BY id"
        ).fetchall()
        # Response records seen so far (a revisit always follows its original):
        # record id -> (payload digest, decoded body sha256).
        originals: dict[str, tuple[str | None, str | None]] = {}
        for row in rows:
            where = f"check {row['id']}"
            if row["outcome"] in {"new", "changed", "unchanged"} and row["snapshot_id"] is None:
                problems.append(Problem(where, f"outcome {row['outcome']} but no snapshot"))
            if row["warc_file"] is None:
                if row["outcome"] in {"new", "changed", "unchanged"}:
                    problems.append(Problem(where, f"outcome {row['outcome']} but no WARC record"))
                continue
            end = (row["warc_offset"] or 0) + (row["warc_span"] or 0)
            if row["warc_file"] in committed and end > committed[row["warc_file"]]:
                problems.append(Problem(where, "its WARC record lies past the committed end"))
                continue
            try:
                record = self.read_capture(row["warc_file"], row["warc_offset"], row["warc_length"])
            except TrackerError as error:
                problems.append(Problem(where, str(error)))
                continue
            if record.record_type != row["record_type"]:
                problems.append(
                    Problem(
                        where, f"expected a {row['record_type']} record, found {record.record_type}"
                    )
                )
            if record.recorded_digest != row["payload_digest"]:
                problems.append(Problem(where, "WARC payload digest differs from the index"))
            if record.record_type == "revisit":
                problems.extend(Problem(where, p) for p in _revisit_problems(record, originals))
            if record.record_type != "response":
                continue
            if record.record_id is not None:
                originals[record.record_id] = (record.recorded_digest, row["body_sha256"])
            if record.computed_digest != record.recorded_digest:
                problems.append(
                    Problem(where, "WARC response body no longer matches its payload digest")
                )
            elif row["body_sha256"] is not None and record.truncated is None:
                # The decoded body names the response for revisits: it must still be it.
                try:
                    body = record.body()
                except IntegrityError as error:
                    problems.append(Problem(where, str(error)))
                    continue
                if hashlib.sha256(body).hexdigest() != row["body_sha256"]:
                    problems.append(
                        Problem(where, "the decoded WARC body does not match body_sha256")
                    )
        return problems

    def _verify_snapshots(self) -> list[Problem]:
        problems: list[Problem] = []
        documents: dict[str, str] = {}  # each file re-hashed once: its text hash or the error
        rows = self._db.execute("SELECT * FROM snapshots ORDER BY id").fetchall()
        for row in rows:
            snap = self._snapshot(row)
            where = f"snapshot {snap.id}"
            try:
                record = self.read_capture(snap.warc_file, snap.warc_offset, snap.warc_length)
            except TrackerError as error:
                problems.append(Problem(where, str(error)))
            else:
                try:
                    body = record.body()
                except IntegrityError as error:
                    problems.append(Problem(where, str(error)))
                else:
                    if hashlib.sha256(body).hexdigest() != snap.body_sha256:
                        problems.append(
                            Problem(where, "raw body in the WARC does not match body_sha256")
                        )
            if snap.document_sha256 not in documents:
                try:
                    documents[snap.document_sha256] = self._read_document(
                        snap.document_sha256
                    ).text_sha256()
                except TrackerError as error:
                    documents[snap.document_sha256] = str(error)
            text_sha = documents[snap.document_sha256]
            if not _SHA256.match(text_sha):
                problems.append(Problem(where, text_sha))
            elif text_sha != snap.text_sha256:
                problems.append(Problem(where, "article text does not match text_sha256"))
        return problems

    def _verify_reports(self) -> list[Problem]:
        problems: list[Problem] = []
        for check_id, text in self._db.execute("SELECT check_id, report FROM reports"):
            try:
                json.loads(text)
            except ValueError:
                problems.append(Problem(f"report of check {check_id}", "is not valid JSON"))
        return problems
