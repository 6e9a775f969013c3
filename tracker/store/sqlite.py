"""The SQLite index: one data directory's index, WARC files and Documents (see tracker.store).

Layout of ``DATA_DIR``::

    index.sqlite3          watches, checks, snapshots, change reports, site profiles (WAL)
    warc/*.warc.gz         raw captures, one gzip member per record (tracker.store.warc_records)
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

Every public method's ``sqlite3.Error`` leaves as StoreError (``_translate_errors``,
applied to the whole class once), so no SQLite type or error crosses tracker.store's
face. The index never prints: it returns values and raises tracker.errors classes.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import inspect
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from tracker.errors import (
    DamagedIndexError,
    MigrationPending,
    NoDataError,
    StoreError,
    UnindexedError,
    UnknownURLError,
    UsageError,
)
from tracker.model import OK_OUTCOMES, Capture, Document, Outcome
from tracker.store import schema
from tracker.store.documents import DocumentFiles
from tracker.store.evidence import (
    Evidence,
    KeptCapture,
    kept_capture,
    new_body_records,
    records_for,
)
from tracker.store.jobs import JobState, load_jobs, save_jobs
from tracker.store.ledger import Ledger
from tracker.store.members import scan_members
from tracker.store.outbox import Outbox, queue
from tracker.store.past import PastPlacement
from tracker.store.redirects import hops_of, write_route
from tracker.store.restore import Restoration
from tracker.store.rows import (
    CREDENTIALS_REFUSED,
    DOCUMENT_DIR,
    INDEX_NAME,
    PROVENANCE_COLUMNS,
    WARC_DIR,
    CheckEntry,
    CheckRow,
    Provenance,
    RecordedCheck,
    SnapshotRow,
    WarcLocation,
    WatchState,
    has_credentials,
    iso_utc,
    last_rendered,
    naming_new_snapshot,
    normalize_url,
    parse_iso,
    rendered_columns,
    snapshot_columns,
    snapshot_row,
    url_host,
    utc_now,
)
from tracker.store.urllock import UrlLock
from tracker.store.verify import Verification
from tracker.store.versions import resolve_snapshot
from tracker.store.warc_records import RevisitTarget, build_capture_records
from tracker.store.warcs import WARC_NAME, WarcShelf
from tracker.store.workspace import Workspace, note_check_activity

__all__ = ["SqliteIndex", "set_aside"]

LOCK_NAME = "store.lock"
DEFAULT_MAX_WARC_BYTES = 1024 * 1024 * 1024  # a new WARC file after 1 GB, as crawlers do

_P = ParamSpec("_P")
_R = TypeVar("_R")
_T = TypeVar("_T")


_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def index_error(error: sqlite3.Error, root: object, doing: str) -> StoreError:
    """SQLite's error as tracker's: a damaged or foreign index file says so (whatever
    command met it), anything else names what was being done."""
    if getattr(error, "sqlite_errorcode", 0) & 0xFF in _DAMAGED:
        return DamagedIndexError(f"the index {Path(str(root)) / INDEX_NAME} is damaged: {error}")
    return StoreError(f"{doing}: {error}")


def _db_errors(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """SQLite's own errors leave the index as StoreError, with the data directory named."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as error:
            root = getattr(args[0], "root", "the data directory")
            raise index_error(error, root, f"the index in {root} failed") from None

    return wrapper


def _translate_errors(cls: type[_T]) -> type[_T]:
    """Wrap every public method (the class's and its parts') in ``_db_errors``: the one
    place where SQLite's errors become tracker's, however a method reaches the index."""
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_"):
            setattr(cls, name, _db_errors(member))
    return cls


def _holds_captures(root: Path) -> bool:
    """Whether the data directory's WARC files hold any record beyond their warcinfo."""
    return any(
        len(scan_members(path).members) > 1
        for path in (root / WARC_DIR).glob("*.warc.gz")
        if WARC_NAME.match(path.name)
    )


def set_aside(root: Path) -> Path:
    """Rename the index (and its WAL files) to ``index.sqlite3.damaged-<time>``; the new path."""
    index = root / INDEX_NAME
    aside = root / f"{INDEX_NAME}.damaged-{utc_now().strftime('%Y%m%dT%H%M%SZ')}"
    try:
        for suffix in ("-wal", "-shm", ""):
            source = index.with_name(index.name + suffix)
            if source.exists():
                source.rename(aside.with_name(aside.name + suffix))
    except OSError as error:
        raise StoreError(f"cannot move the damaged index {index} aside: {error}") from None
    return aside


@_translate_errors
class SqliteIndex(WarcShelf, PastPlacement, Verification, Restoration, Workspace, Outbox, Ledger):
    """One data directory indexed by SQLite: the tracker.store.Index of a single machine.

    Safe to open from several processes; writes take a file lock. ``read_only`` opens
    the index as SQLite ``mode=ro``: no upgrade, no recovery, no write of any file
    (a reader beside a running daemon, ``tracker serve --read-only``). ``rebuilding``
    is ``reindex``'s: an index may be created beside WARC files it does not hold yet.
    """

    def __init__(
        self,
        data_dir: str | Path,
        *,
        create: bool = True,
        read_only: bool = False,
        rebuilding: bool = False,
        max_warc_bytes: int = DEFAULT_MAX_WARC_BYTES,
    ) -> None:
        self.root = Path(data_dir)
        self.max_warc_bytes = max_warc_bytes
        self.read_only = read_only
        index = self.root / INDEX_NAME
        if not index.exists():
            if not rebuilding and _holds_captures(self.root):
                raise UnindexedError(f"{self.root} holds WARC files but no index ({INDEX_NAME})")
            if not create or read_only:
                raise NoDataError(
                    str(self.root), f"no tracker data in {self.root} (no {INDEX_NAME})"
                )
        if not read_only:
            try:
                for sub in (WARC_DIR, DOCUMENT_DIR):
                    (self.root / sub).mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"cannot create the data directory {self.root}: {error}") from None
        self._mutex = threading.RLock()
        self._documents = DocumentFiles(self.root, self._write_lock)
        self._lock_fd: int | None = None
        self._lock_depth = 0
        self._intent_fd: int | None = None
        try:
            if read_only:
                self._db = sqlite3.connect(
                    f"{index.resolve().as_uri()}?mode=ro",
                    uri=True,
                    isolation_level=None,
                    check_same_thread=False,
                    timeout=30.0,
                )
            else:
                self._db = sqlite3.connect(
                    index, isolation_level=None, check_same_thread=False, timeout=30.0
                )
        except sqlite3.Error as error:
            raise index_error(error, self.root, f"cannot open the index {index}") from None
        try:
            self._db.row_factory = sqlite3.Row
            if not read_only:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            if read_only:
                self._check_schema()
            else:
                self._migrate()
                if not rebuilding:
                    self._refuse_empty_index()
                self._recover()
        except sqlite3.Error as error:
            self._db.close()
            raise index_error(error, self.root, f"cannot open the index {index}") from None
        except BaseException:
            self._db.close()
            raise

    # ----------------------------------------------------------------- lifecycle

    def close(self) -> None:
        with self._mutex:
            self._db.close()
            for fd in (self._lock_fd, self._intent_fd):
                if fd is not None:
                    os.close(fd)
            self._lock_fd = self._intent_fd = None

    def __enter__(self) -> SqliteIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def applied_migrations(self) -> set[str]:
        """The schema steps this index has run, as ``set/name`` keys."""
        with self._mutex:
            return schema.applied_steps(self._db) or set()

    def _check_schema(self) -> None:
        """A read-only opening runs no upgrade: one that is due is the user's to run."""
        applied = schema.applied_steps(self._db)
        if applied is not None and (unknown := schema.unknown_steps(applied)):
            raise StoreError(
                f"{self.root} was written by a newer tracker (it has schema steps this "
                f"one doesn't know: {', '.join(unknown)}); upgrade tracker to use it"
            )
        pending = schema.pending_steps(applied or set())
        if pending:
            raise MigrationPending(
                f"the index in {self.root} needs an upgrade ({len(pending)} schema step(s),"
                f" {pending[0].key} first) that a read-only opening does not run"
            )

    def _refuse_empty_index(self) -> None:
        """An index that lists no WARC file beside files holding captures was emptied or
        replaced: writing on would start a second history beside the unindexed one."""
        listed = self._db.execute("SELECT 1 FROM warc_files LIMIT 1").fetchone()
        if listed is None and _holds_captures(self.root):
            raise UnindexedError(
                f"the index in {self.root} is empty but its WARC files hold captures"
            )

    def _migrate(self) -> None:
        with self._mutex:
            applied = schema.applied_steps(self._db)
            if applied is None:
                with self._transaction() as db:
                    version = schema.adopt_numbered_steps(db, iso_utc(utc_now()))
                if version > len(schema.NUMBERED_STEPS) and version != schema.NAMED_STEPS_VERSION:
                    raise StoreError(
                        f"{self.root} was written by a newer tracker (schema {version}); "
                        "upgrade tracker to use it"
                    )
                applied = schema.applied_steps(self._db) or set()
            if unknown := schema.unknown_steps(applied):
                raise StoreError(
                    f"{self.root} was written by a newer tracker (it has schema steps this "
                    f"one doesn't know: {', '.join(unknown)}); upgrade tracker to use it"
                )
            for step in schema.pending_steps(applied):
                with self._transaction() as db:
                    # Another process may have migrated while we waited for the write lock.
                    if step.key in (schema.applied_steps(db) or set()):
                        continue
                    try:
                        step.apply(db)
                    except sqlite3.Error as error:
                        raise index_error(
                            error, self.root, f"cannot upgrade {self.root} ({step.key})"
                        ) from None
                    schema.record_step(db, step.key, iso_utc(utc_now()))

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise StoreError(f"the index in {self.root} was opened read-only")
        with self._mutex:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise index_error(error, self.root, "cannot write the index") from None
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
                raise index_error(error, self.root, "cannot write the index") from None

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

    def job_states(self) -> dict[str, JobState]:
        """Every job state the daemon saved, by watch name."""
        with self._mutex:
            return load_jobs(self._db)

    def save_job_states(self, states: Iterable[JobState]) -> int:
        """Save the daemon's job states in one transaction; the number written."""
        with self._transaction() as db:
            return save_jobs(db, states)

    @contextlib.contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Exclusive across processes while files are written; re-entrant within one."""
        if self.read_only:
            raise StoreError(f"the index in {self.root} was opened read-only")
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

    # ----------------------------------------------------------------- watches

    def ensure_watch(self, url: str, name: str | None = None) -> WatchState:
        """The watch of ``url``, made on first sight. A URL with credentials is refused
        before anything is fetched or stored (UsageError, the password not repeated)."""
        key = normalize_url(url)
        if has_credentials(url):
            raise UsageError(f"{key} {CREDENTIALS_REFUSED}")
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

    def url_lock(self, url: str) -> UrlLock:
        """The lock a check of ``url`` holds from reading its watch to storing its rows."""
        return UrlLock(self.root, normalize_url(url))

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
            last_rendered=last_rendered(row),
            final_url=row["final_url"],
        )

    def urls(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT url FROM watches ORDER BY url")]

    # ----------------------------------------------------------------- writing

    def put_document(self, document: Document) -> str:
        """Store a Document once under the sha256 of its canonical JSON; returns that hash."""
        return self._documents.put(document)

    def keep_capture(self, watch: WatchState, capture: Capture, body_sha256: str) -> KeptCapture:
        """Keep a new body as evidence now, before it is read: a response record, or a
        revisit when the watch held the same body before (a page back to a former version)."""
        group, earlier = new_body_records(watch, capture, body_sha256, self._find_response)
        return kept_capture(capture, body_sha256, self.archive(group), earlier, group.rendered)

    def keep_past_capture(self, capture: Capture) -> WarcLocation:
        """Keep a capture from before tracking began (an archive's, a WARC file's) whole."""
        return self.archive(build_capture_records(capture))

    def record_check(self, entry: CheckEntry, evidence: Evidence | None = None) -> RecordedCheck:
        """Write one check (and its snapshot and report, if any) as a single transaction.

        With ``evidence`` its records are chosen here, appended first and committed in
        that same transaction (the cheap path of an unchanged page: one fsync of the
        WARC, one of the index); ``entry.location`` is then where they landed.
        """
        Outcome(entry.outcome)  # ValueError on an outcome the vocabulary does not have
        document_sha = (
            self._documents.put(entry.new_snapshot.document) if entry.new_snapshot else None
        )
        group = records_for(evidence, self._find_response) if evidence is not None else None
        if entry.new_snapshot is not None:
            self._warm_ledger(entry.watch_id, entry.new_snapshot.document)
        if group is None:
            with self._write_lock(), self._transaction() as db:
                return self._write_check(db, entry, document_sha)
        with self._appending(group) as (location, db):
            return self._write_check(db, replace(entry, location=location), document_sha)

    def _write_check(
        self, db: sqlite3.Connection, entry: CheckEntry, document_sha: str | None
    ) -> RecordedCheck:
        """The rows of one check, inside the caller's transaction (its Document already stored)."""
        snap = entry.new_snapshot
        location = entry.location
        evidence = location is not None
        body_sha = entry.body_sha256
        if body_sha is None and snap is not None and snap.evidence is None and location:
            body_sha = snap.body_sha256  # the check's own response holds the version's body
        cursor = db.execute(
            "INSERT INTO checks (watch_id, checked_at, outcome, http_status, error, fetch_ms,"
            " total_ms, bytes, snapshot_id, warc_file, warc_offset, warc_length, warc_span,"
            " record_type, payload_digest, body_sha256, conversion_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                location.conversion_id if location else None,
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
                    *snapshot_columns(snap, document_sha, location),
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
                    json.dumps(
                        naming_new_snapshot(entry.report, snapshot_id),
                        ensure_ascii=False,
                        sort_keys=True,
                    ),
                ),
            )
        change = None
        if snap is not None and snapshot_id is not None:
            self._note_version(
                db, entry.watch_id, snapshot_id, snap.fetched_at, snap.document, entry.report
            )
            change = (snapshot_id, iso_utc(snap.fetched_at)) if entry.report else None
        note_check_activity(db, entry.watch_id, check_id, entry.outcome, snap is not None, change)
        if entry.deliveries:
            queue(db, entry.deliveries, check_id=check_id, snapshot_id=snapshot_id)
        write_route(
            db,
            check_id=check_id,
            watch_id=entry.watch_id,
            final_url=entry.final_url,
            redirects=entry.redirects,
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
            if state.rendered is not None:
                db.execute(
                    "UPDATE watches SET last_rendered_sha256 = ?, last_rendered_record_id = ?,"
                    " last_rendered_uri = ?, last_rendered_date = ? WHERE id = ?",
                    (*rendered_columns(state.rendered), entry.watch_id),
                )
        return RecordedCheck(check_id=check_id, snapshot_id=snapshot_id, evidence=evidence)

    def set_site_profile(self, host: str, profile: dict[str, Any]) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO site_profiles (host, profile, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(host) DO UPDATE SET profile = excluded.profile,"
                " updated_at = excluded.updated_at",
                (host.lower(), json.dumps(profile, sort_keys=True), iso_utc(utc_now())),
            )

    # ----------------------------------------------------------------- reading

    def current_documents_on_host(self, host: str, limit: int) -> list[str]:
        """Document hashes of the current versions of pages on ``host``, newest first."""
        rows = self._db.execute(
            "SELECT s.document_sha256 FROM watches w"
            " JOIN snapshots s ON s.id = w.current_snapshot_id"
            " WHERE w.host = ? ORDER BY s.fetched_at DESC LIMIT ?",
            (host.lower(), limit),
        )
        return [sha for (sha,) in rows]

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
        return self._documents.load(sha)

    def snapshot(self, snapshot_id: int) -> SnapshotRow | None:
        row = self._db.execute("SELECT * FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
        return snapshot_row(row) if row else None

    def snapshots(self, url: str) -> list[SnapshotRow]:
        """The stored versions of one URL, oldest first."""
        rows = self._db.execute(
            "SELECT s.* FROM snapshots s JOIN watches w ON w.id = s.watch_id WHERE w.url = ?"
            " ORDER BY s.fetched_at, s.id",
            (normalize_url(url),),
        )
        return [snapshot_row(row) for row in rows]

    def history(self, url: str) -> list[CheckRow]:
        """Every check of one URL, oldest capture first (backfilled ones in their place).

        UnknownURLError when the URL was never checked.
        """
        key = normalize_url(url)
        if self._db.execute("SELECT 1 FROM watches WHERE url = ?", (key,)).fetchone() is None:
            raise UnknownURLError(url, f"{url} has never been checked")
        return self._check_rows("w.url = ? ORDER BY c.checked_at, c.id", (key,))

    def failing_run(self, url: str, check_id: int) -> list[CheckRow]:
        """The live checks of ``url`` up to ``check_id`` since the last one before it that
        got a page: all a failing streak is judged from, however long the page's history."""
        ok = sorted(str(outcome) for outcome in OK_OUTCOMES)
        return self._check_rows(
            "w.url = ? AND c.id <= ? AND p.check_id IS NULL AND c.id > coalesce(("
            " SELECT c2.id FROM checks c2 LEFT JOIN provenance p2 ON p2.check_id = c2.id"
            " WHERE c2.watch_id = w.id AND c2.id < ? AND p2.check_id IS NULL"
            f" AND c2.outcome IN ({', '.join('?' * len(ok))})"
            " ORDER BY c2.id DESC LIMIT 1), 0) ORDER BY c.id",
            (normalize_url(url), check_id, check_id, *ok),
        )

    def _check_rows(self, where: str, parameters: tuple[object, ...]) -> list[CheckRow]:
        rows = self._db.execute(
            f"SELECT c.*, w.url AS watch_url, s.check_id AS created_by, {PROVENANCE_COLUMNS}"
            " FROM checks c JOIN watches w ON w.id = c.watch_id"
            " LEFT JOIN snapshots s ON s.id = c.snapshot_id"
            f" LEFT JOIN provenance p ON p.check_id = c.id WHERE {where}",
            parameters,
        )
        return [
            CheckRow(
                id=row["id"],
                url=row["watch_url"],
                checked_at=parse_iso(row["checked_at"]),
                outcome=Outcome(row["outcome"]),
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
                final_url=row["final_url"],
                redirects=hops_of(row["redirects"]),
            )
            for row in rows
        ]

    def report_for_snapshot(self, snapshot_id: int) -> dict[str, Any] | None:
        """The change report that introduced this version (None for a first version)."""
        row = self._db.execute(
            "SELECT report FROM reports WHERE new_snapshot_id = ? ORDER BY check_id LIMIT 1",
            (snapshot_id,),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def resolve_snapshot(self, spec: str) -> SnapshotRow:
        """The version ``spec`` names (tracker.store.versions)."""
        return resolve_snapshot(spec, self.snapshot, self.snapshots)

    def resolve_version(self, spec: str) -> Document:
        return self.load_document(self.resolve_snapshot(spec).document_sha256)

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
