"""The SQLite index's connection: opening, schema upgrades, the file lock, recovery.

How a data directory's index is opened (WAL, or SQLite ``mode=ro`` for a reader that
writes nothing), upgraded step by step, refused when it is missing, emptied or
damaged beside WARC files that hold captures, and written: one ``BEGIN IMMEDIATE``
transaction at a time under a re-entrant mutex, and a file lock across processes
while files are written. ``translate_errors`` is the one place SQLite's errors become
tracker's, applied to the whole SqliteIndex (tracker.store.sqlite) once.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import inspect
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, Self, TypeVar

from tracker.errors import (
    DamagedIndexError,
    MigrationPending,
    NoDataError,
    StoreError,
    UnindexedError,
)
from tracker.store import schema
from tracker.store.documents import DocumentFiles
from tracker.store.members import scan_members
from tracker.store.rows import DOCUMENT_DIR, INDEX_NAME, WARC_DIR, iso_utc, utc_now
from tracker.store.warcs import WARC_NAME

__all__ = [
    "DEFAULT_MAX_WARC_BYTES",
    "IndexConnection",
    "index_error",
    "set_aside",
    "translate_errors",
]

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


def translate_errors(cls: type[_T]) -> type[_T]:
    """Wrap every public method (the class's and its parts') in ``_db_errors``: the one
    place where SQLite's errors become tracker's, however a method reaches the index."""
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_"):
            setattr(cls, name, _db_errors(member))
    return cls


def holds_captures(root: Path) -> bool:
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


class IndexConnection:
    """The connection part of tracker.store.sqlite.SqliteIndex: open, upgrade, lock, close.

    Safe to open from several processes; writes take a file lock. ``read_only`` opens
    the index as SQLite ``mode=ro``: no upgrade, no recovery, no write of any file
    (a reader beside a running daemon, ``tracker serve --read-only``). ``rebuilding``
    is ``reindex``'s: an index may be created beside WARC files it does not hold yet.
    """

    if TYPE_CHECKING:
        _recover: Callable[[], None]

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
            # another process may create the index and fill its first WARC file meanwhile
            if not rebuilding and holds_captures(self.root) and not index.exists():
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

    def __enter__(self) -> Self:
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
        replaced: writing on would start a second history beside the unindexed one.

        Under the write lock: another process's first capture lists its new WARC file
        and then appends to it, and read between those two steps the directory would
        look like files no index lists."""
        with self._write_lock():
            listed = self._db.execute("SELECT 1 FROM warc_files LIMIT 1").fetchone()
            if listed is None and holds_captures(self.root):
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
