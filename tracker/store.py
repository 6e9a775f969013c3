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
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlsplit, urlunsplit

from tracker.archive import (
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
from tracker.model import DOCUMENT_SCHEMA, Document

__all__ = [
    "INDEX_NAME",
    "MIGRATIONS",
    "OUTCOMES",
    "CaptureState",
    "CheckEntry",
    "CheckRow",
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
DOCUMENT_DIR = "documents"
DEFAULT_MAX_WARC_BYTES = 1024 * 1024 * 1024  # a new WARC file after 1 GB, as crawlers do
OUTCOMES = ("new", "changed", "unchanged", "failed", "blocked", "gone")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_WARC_NAME = re.compile(r"^tracker-\d{8}T\d{6}Z-[0-9a-f]{8}\.warc\.gz$")
_SNAPSHOT_ID = re.compile(r"^[0-9]{1,18}$")
_RELATIVE = re.compile(r"^-([0-9]{1,9})$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


# --------------------------------------------------------------------------- migrations

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: list[Migration] = []


def migration(function: Migration) -> Migration:
    """Register the next schema version. Append only: a released step is never edited."""
    MIGRATIONS.append(function)
    return function


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run SQL statements inside the caller's transaction (``executescript`` would commit it)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement.strip()[:60]}")


@migration
def _initial_schema(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        CREATE TABLE watches (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            name TEXT,
            created_at TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            last_body_sha256 TEXT,
            last_payload_digest TEXT,
            last_record_id TEXT,
            last_record_uri TEXT,
            last_record_date TEXT,
            current_snapshot_id INTEGER REFERENCES snapshots(id) DEFERRABLE INITIALLY DEFERRED
        );
        CREATE TABLE warc_files (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            committed_bytes INTEGER NOT NULL CHECK (committed_bytes >= 0)
        );
        CREATE TABLE checks (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id),
            checked_at TEXT NOT NULL,
            outcome TEXT NOT NULL
                CHECK (outcome IN ('new','changed','unchanged','failed','blocked','gone')),
            http_status INTEGER,
            error TEXT,
            fetch_ms REAL,
            total_ms REAL,
            bytes INTEGER NOT NULL DEFAULT 0,
            snapshot_id INTEGER REFERENCES snapshots(id) DEFERRABLE INITIALLY DEFERRED,
            warc_file TEXT REFERENCES warc_files(name),
            warc_offset INTEGER,
            warc_length INTEGER,
            warc_span INTEGER,
            record_type TEXT,
            payload_digest TEXT
        );
        CREATE INDEX checks_by_watch ON checks(watch_id, id);
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id),
            check_id INTEGER NOT NULL UNIQUE
                REFERENCES checks(id) DEFERRABLE INITIALLY DEFERRED,
            url TEXT NOT NULL,
            final_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            body_sha256 TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            article_sha256 TEXT NOT NULL,
            document_sha256 TEXT NOT NULL,
            warc_file TEXT NOT NULL REFERENCES warc_files(name),
            warc_offset INTEGER NOT NULL,
            warc_length INTEGER NOT NULL
        );
        CREATE INDEX snapshots_by_watch ON snapshots(watch_id, fetched_at);
        CREATE TABLE reports (
            check_id INTEGER PRIMARY KEY REFERENCES checks(id),
            old_snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            new_snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            report TEXT NOT NULL
        );
        CREATE TABLE site_profiles (
            host TEXT PRIMARY KEY,
            profile TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    )


@migration
def _daemon_jobs(db: sqlite3.Connection) -> None:
    """Per-watch state of the scheduling daemon (read and written by tracker.daemon_state)."""
    run_script(
        db,
        """
        CREATE TABLE daemon_jobs (
            name TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            next_run TEXT,
            interval REAL,
            unchanged_streak INTEGER NOT NULL DEFAULT 0,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            failing_since TEXT,
            failure_reason TEXT,
            failure_reported INTEGER NOT NULL DEFAULT 0,
            last_change_at TEXT,
            last_notified_snapshot INTEGER
        );
        """,
    )


@migration
def _provenance(db: sqlite3.Connection) -> None:
    """Captures from before tracking began: where each came from, and every attempt at one.

    ``provenance`` marks a check (and the snapshot it made) as backfilled from a web
    archive or imported from a WARC file; a check without a row is a tracked one.
    ``past_captures`` is the ledger of every archived capture tried, so a second run
    fetches only what is missing and each failure keeps its reason.
    """
    run_script(
        db,
        """
        CREATE TABLE provenance (
            check_id INTEGER PRIMARY KEY REFERENCES checks(id),
            origin TEXT NOT NULL CHECK (origin IN ('backfilled','imported')),
            source TEXT NOT NULL,
            memento_url TEXT,
            original_timestamp TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            record_id TEXT,
            digest TEXT
        );
        CREATE TABLE past_captures (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id),
            origin TEXT NOT NULL CHECK (origin IN ('backfilled','imported')),
            source TEXT NOT NULL,
            key TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('stored','unchanged','skipped','failed')),
            reason TEXT,
            check_id INTEGER REFERENCES checks(id),
            attempts INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            UNIQUE (watch_id, key)
        );
        """,
    )


@migration
def _response_lookup(db: sqlite3.Connection) -> None:
    """Find an earlier response with the same body, so a page that flips back to a former
    version gets a revisit record instead of its whole body stored again."""
    run_script(
        db,
        """
        CREATE INDEX checks_by_response_digest ON checks(watch_id, payload_digest)
            WHERE record_type = 'response';
        """,
    )


# --------------------------------------------------------------------------- values


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    """UTC with microseconds always, so the text sorts in time order inside SQLite."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def normalize_url(url: str) -> str:
    """The key a watch is stored under: trimmed, fragment dropped, scheme and host lower-cased."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise UsageError(f"expected an http:// or https:// URL, got {url!r}")
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` without its deep copies: the same dicts and lists, built
    several times faster, because a changed page's Document is serialised on every
    check. tests/store checks the bytes are those of ``Document.to_json``."""
    kind = type(value)
    names = _FIELD_NAMES.get(kind)
    if names is None and is_dataclass(value):
        names = _FIELD_NAMES.setdefault(kind, tuple(item.name for item in fields(value)))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if kind is list or kind is tuple:
        return [_plain(item) for item in value]
    if kind is dict:
        return {key: _plain(item) for key, item in value.items()}
    return value


def canonical_document_bytes(document: Document) -> bytes:
    """The exact bytes hashed to name a Document: its JSON with sorted keys, no
    whitespace, UTF-8 (``Document.to_json``, built by ``_plain``)."""
    return json.dumps(
        {"schema": DOCUMENT_SCHEMA, **_plain(document)},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")


@dataclass(frozen=True, slots=True, kw_only=True)
class WarcLocation:
    """Where one capture's records live: the main record, and the whole group for export."""

    file: str
    offset: int
    length: int
    span: int
    record_type: str
    record_id: str
    warc_date: str
    payload_digest: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchState:
    """What a new check needs to know about the last ones, read in one query."""

    id: int
    url: str
    name: str | None
    etag: str | None
    last_modified: str | None
    last_body_sha256: str | None
    last_payload_digest: str | None
    revisit_target: RevisitTarget | None
    current_snapshot_id: int | None
    current_article_sha256: str | None
    current_document_sha256: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSnapshot:
    document: Document
    url: str
    final_url: str
    fetched_at: datetime
    body_sha256: str
    article_sha256: str
    # The response record holding the body, when it is an earlier one than the check's own
    # record (which is then a revisit of it): a page that went back to a former version.
    evidence: WarcLocation | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptureState:
    """The last usable capture of a watch: validators and the record a revisit points to."""

    etag: str | None
    last_modified: str | None
    body_sha256: str
    payload_digest: str | None
    target: RevisitTarget


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckEntry:
    """Everything one check writes to the index, decided by tracker.check, stored as one unit."""

    watch_id: int
    checked_at: datetime
    outcome: str
    http_status: int | None = None
    error: str | None = None
    fetch_ms: float | None = None
    total_ms: float | None = None
    bytes: int = 0
    location: WarcLocation | None = None
    seen_snapshot_id: int | None = None  # an unchanged check: the version it saw again
    new_snapshot: NewSnapshot | None = None
    report: dict[str, Any] | None = None  # change report against previous_snapshot_id
    previous_snapshot_id: int | None = None
    capture_state: CaptureState | None = None  # set when this check is the new "last capture"


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedCheck:
    check_id: int
    snapshot_id: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where a capture made before tracking began came from."""

    origin: str  # "backfilled" (a web archive) or "imported" (a WARC file)
    source: str  # the archive's base URL, or the WARC file's name
    original_timestamp: str  # as the source wrote it: 14-digit Wayback time, Memento or WARC date
    captured_at: datetime
    memento_url: str | None = None
    record_id: str | None = None  # WARC-Record-ID in the imported file
    digest: str | None = None  # the source's payload digest

    def to_json(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "source": self.source,
            "memento_url": self.memento_url,
            "original_timestamp": self.original_timestamp,
            "captured_at": _iso(self.captured_at),
            "record_id": self.record_id,
            "digest": self.digest,
        }

    @classmethod
    def of_row(cls, row: sqlite3.Row) -> Provenance | None:
        if row["p_origin"] is None:
            return None
        return cls(
            origin=row["p_origin"],
            source=row["p_source"],
            original_timestamp=row["p_original_timestamp"],
            captured_at=_parse_iso(row["p_captured_at"]),
            memento_url=row["p_memento_url"],
            record_id=row["p_record_id"],
            digest=row["p_digest"],
        )


_PROVENANCE_COLUMNS = (
    "p.origin AS p_origin, p.source AS p_source, p.memento_url AS p_memento_url,"
    " p.original_timestamp AS p_original_timestamp, p.captured_at AS p_captured_at,"
    " p.record_id AS p_record_id, p.digest AS p_digest"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PastCapture:
    """One archived or imported capture tried: what became of it, and why."""

    key: str  # the memento URL, or the WARC-Record-ID of an imported record
    origin: str
    source: str
    captured_at: datetime
    state: str  # stored, unchanged, skipped (never worth fetching again), failed (retried)
    reason: str | None
    check_id: int | None
    attempts: int

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "origin": self.origin,
            "source": self.source,
            "captured_at": _iso(self.captured_at),
            "state": self.state,
            "reason": self.reason,
            "check": self.check_id,
            "attempts": self.attempts,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class SplitRun:
    """A version seen again after a past capture that differs: from that sighting on, a new
    version (the same article back again), so reports read A -> B -> A, not A -> B."""

    snapshot_id: int  # the version whose later sightings split off
    check_id: int  # its first sighting after the past capture: the new version's first
    report: dict[str, Any]  # the past capture's version -> the version back again


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplacedReport:
    """A neighbour's change report, recomputed because a version was placed before it."""

    snapshot_id: int
    old_snapshot_id: int | None  # None: the version the same past check stores
    report: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckRow:
    id: int
    url: str
    checked_at: datetime
    outcome: str
    http_status: int | None
    error: str | None
    fetch_ms: float | None
    total_ms: float | None
    bytes: int
    snapshot: int | None
    new_snapshot: bool
    warc_file: str | None
    warc_offset: int | None
    record_type: str | None
    origin: str = "tracked"  # or "backfilled" / "imported": never a live observation
    provenance: Provenance | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "checked_at": _iso(self.checked_at),
            "outcome": self.outcome,
            "origin": self.origin,
            "provenance": self.provenance.to_json() if self.provenance is not None else None,
            "error": self.error,
            "snapshot": self.snapshot,
            "new_snapshot": self.new_snapshot,
            "http_status": self.http_status,
            "bytes": self.bytes,
            "fetch_ms": self.fetch_ms,
            "total_ms": self.total_ms,
            "warc": (
                {"file": self.warc_file, "offset": self.warc_offset, "type": self.record_type}
                if self.warc_file is not None
                else None
            ),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotRow:
    id: int
    watch_id: int
    check_id: int
    url: str
    final_url: str
    fetched_at: datetime
    body_sha256: str
    text_sha256: str
    article_sha256: str
    document_sha256: str
    warc_file: str
    warc_offset: int
    warc_length: int

    @property
    def document_path(self) -> str:
        return f"{DOCUMENT_DIR}/{self.document_sha256[:2]}/{self.document_sha256}.json.gz"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "final_url": self.final_url,
            "fetched_at": _iso(self.fetched_at),
            "body_sha256": self.body_sha256,
            "text_sha256": self.text_sha256,
            "document": self.document_path,
            "warc": {
                "file": self.warc_file,
                "offset": self.warc_offset,
                "length": self.warc_length,
            },
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing ``verify`` found wrong: what is affected and how."""

    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


# --------------------------------------------------------------------------- the store


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _snapshot_columns(
    snap: NewSnapshot, document_sha: str | None, location: WarcLocation
) -> tuple[object, ...]:
    """final_url .. warc_length of a snapshots row, in the table's column order."""
    return (
        snap.final_url,
        _iso(snap.fetched_at),
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
        return (_parse_iso(row["checked_at"]), row["outcome"], row["error"]) if row else None

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
                "INSERT INTO watches (url, name, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET name = coalesce(excluded.name, watches.name)",
                (key, name, _iso(_now())),
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
        stamp = _now().strftime("%Y%m%dT%H%M%SZ")
        name = f"tracker-{stamp}-{uuid.uuid4().hex[:8]}.warc.gz"
        size = WarcFile(self.root / WARC_DIR / name).create()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO warc_files (name, created_at, committed_bytes) VALUES (?, ?, ?)",
                (name, _iso(_now()), size),
            )
        return name, size

    def _document_path(self, sha: str) -> Path:
        return self.root / DOCUMENT_DIR / sha[:2] / f"{sha}.json.gz"

    def put_document(self, document: Document) -> str:
        """Store a Document once under the sha256 of its canonical JSON; returns that hash."""
        data = canonical_document_bytes(document)
        sha = hashlib.sha256(data).hexdigest()
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
        cursor = db.execute(
            "INSERT INTO checks (watch_id, checked_at, outcome, http_status, error, fetch_ms,"
            " total_ms, bytes, snapshot_id, warc_file, warc_offset, warc_length, warc_span,"
            " record_type, payload_digest) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                entry.watch_id,
                _iso(entry.checked_at),
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
                " last_record_date = ? WHERE id = ?",
                (
                    state.etag,
                    state.last_modified,
                    state.body_sha256,
                    state.payload_digest,
                    state.target.record_id,
                    state.target.uri,
                    state.target.warc_date,
                    entry.watch_id,
                ),
            )
        return RecordedCheck(check_id=check_id, snapshot_id=snapshot_id)

    # ----------------------------------------------------------------- the past

    def snapshot_neighbours(
        self, watch_id: int, moment: datetime
    ) -> tuple[SnapshotRow | None, SnapshotRow | None]:
        """The stored versions just before and just after ``moment`` (either may be None)."""
        at = _iso(moment)
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
            (snapshot_id, _iso(moment)),
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
                captured_at=_parse_iso(row["captured_at"]),
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
                _iso(provenance.captured_at),
                state,
                reason,
                check_id,
                _iso(_now()),
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
                    _iso(provenance.captured_at),
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
                " last_record_date = NULL WHERE id = ? AND current_snapshot_id IS NOT ?",
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
            body_sha = hashlib.sha256(record.payload).hexdigest()
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
            (again, split.snapshot_id, _iso(moment)),
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
        self, watch_id: int, digest: str
    ) -> tuple[WarcLocation, RevisitTarget] | None:
        """An earlier response record of this watch with this payload digest, if readable."""
        row = self._db.execute(
            "SELECT warc_file, warc_offset, warc_length, warc_span FROM checks"
            " WHERE watch_id = ? AND payload_digest = ? AND record_type = 'response'"
            " ORDER BY id LIMIT 1",
            (watch_id, digest),
        ).fetchone()
        if row is None:
            return None
        try:
            record = self.read_capture(row["warc_file"], row["warc_offset"], row["warc_length"])
        except IntegrityError:
            return None  # a damaged original is no place to point: store the body again
        if record.recorded_digest != digest or record.record_id is None:
            return None
        location = WarcLocation(
            file=row["warc_file"],
            offset=row["warc_offset"],
            length=row["warc_length"],
            span=row["warc_span"],
            record_type="response",
            record_id=record.record_id,
            warc_date=record.warc_date or "",
            payload_digest=digest,
        )
        target = RevisitTarget(
            record_id=record.record_id,
            uri=record.target_uri or "",
            warc_date=record.warc_date or "",
        )
        return location, target

    @_db_errors
    def set_site_profile(self, host: str, profile: dict[str, Any]) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO site_profiles (host, profile, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(host) DO UPDATE SET profile = excluded.profile,"
                " updated_at = excluded.updated_at",
                (host.lower(), json.dumps(profile, sort_keys=True), _iso(_now())),
            )

    # ----------------------------------------------------------------- reading

    @_db_errors
    def site_profile(self, host: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT profile FROM site_profiles WHERE host = ?", (host.lower(),)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def load_document(self, sha: str) -> Document:
        """Read a stored Document, checking it still hashes to its name."""
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
            fetched_at=_parse_iso(row["fetched_at"]),
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
            f"SELECT c.*, s.check_id AS created_by, {_PROVENANCE_COLUMNS} FROM checks c"
            " JOIN watches w ON w.id = c.watch_id LEFT JOIN snapshots s ON s.id = c.snapshot_id"
            " LEFT JOIN provenance p ON p.check_id = c.id WHERE w.url = ?"
            " ORDER BY c.checked_at, c.id",
            (key,),
        )
        return [
            CheckRow(
                id=row["id"],
                url=key,
                checked_at=_parse_iso(row["checked_at"]),
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
            " record_type, payload_digest FROM checks ORDER BY id"
        ).fetchall()
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
            if (
                record.record_type == "response"
                and record.computed_digest != record.recorded_digest
            ):
                problems.append(
                    Problem(where, "WARC response body no longer matches its payload digest")
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
                if hashlib.sha256(record.payload).hexdigest() != snap.body_sha256:
                    problems.append(
                        Problem(where, "raw body in the WARC does not match body_sha256")
                    )
            if snap.document_sha256 not in documents:
                try:
                    documents[snap.document_sha256] = self.load_document(
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
