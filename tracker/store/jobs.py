"""The daemon's per-watch job state, as the index keeps it (table ``daemon_jobs``).

Persisting the next run is what lets a restarted daemon resume where it stopped
instead of forgetting overdue watches or firing them all at once. The daemon
decides the values (tracker.daemon.state); the index only keeps them, and saves
many in one transaction so a busy daemon pays one commit a second, not one a check.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from tracker.store.migrations import MigrationSet, run_script
from tracker.store.rows import Row

__all__ = ["FailureState", "JobState", "load_jobs", "save_jobs"]


DAEMON_MIGRATIONS = MigrationSet("daemon")


@DAEMON_MIGRATIONS
def _daemon_jobs(db: sqlite3.Connection) -> None:
    """Per-watch state of the scheduling daemon (tracker.store.jobs)."""
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


@DAEMON_MIGRATIONS
def _last_failure(db: sqlite3.Connection) -> None:
    """The time of a failing streak's latest failure: a recovery names the whole gap (added
    only if missing: an index set back to an earlier schema version keeps it)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(daemon_jobs)")}
    if "last_failure_at" not in columns:
        db.execute("ALTER TABLE daemon_jobs ADD COLUMN last_failure_at TEXT")


@dataclass(frozen=True, slots=True, kw_only=True)
class FailureState:
    """A watch's failing streak (tracker.daemon.failures decides it, check by check)."""

    consecutive: int = 0
    since: datetime | None = None  # time of the first failure of the current streak
    last: datetime | None = None  # time of its latest failure
    reason: str | None = None  # the latest failure's one-line reason
    reported: bool = False  # whether the streak was reported


@dataclass(frozen=True, slots=True, kw_only=True)
class JobState:
    """What the daemon must remember about one watch between runs and across restarts."""

    name: str
    url: str
    next_run: datetime | None = None
    interval: float | None = None  # the adapted interval in seconds (None: the watch's own)
    unchanged_streak: int = 0
    failure: FailureState = FailureState()
    last_change_at: datetime | None = None  # the last check that found the article changed


# The failing streak's columns, by FailureState's fields; the other columns are named as
# JobState's fields.
_FAILURE_COLUMNS = {
    "consecutive": "consecutive_failures",
    "since": "failing_since",
    "last": "last_failure_at",
    "reason": "failure_reason",
    "reported": "failure_reported",
}
_OWN_COLUMNS = tuple(f.name for f in fields(JobState) if f.name != "failure")
_COLUMNS = (*_OWN_COLUMNS, *_FAILURE_COLUMNS.values())
_TIMES = ("next_run", "failing_since", "last_failure_at", "last_change_at")


def _encode(state: JobState) -> tuple[Any, ...]:
    values = {name: getattr(state, name) for name in _OWN_COLUMNS}
    values |= {column: getattr(state.failure, name) for name, column in _FAILURE_COLUMNS.items()}
    for name in _TIMES:
        if values[name] is not None:
            values[name] = values[name].isoformat()
    values["failure_reported"] = int(values["failure_reported"])
    return tuple(values[name] for name in _COLUMNS)


def _decode(row: Row) -> JobState:
    values: dict[str, Any] = {name: row[name] for name in _COLUMNS}
    for name in _TIMES:
        if values[name] is not None:
            values[name] = datetime.fromisoformat(values[name])
    values["failure_reported"] = bool(values["failure_reported"])
    failure = {name: values.pop(column) for name, column in _FAILURE_COLUMNS.items()}
    return JobState(**values, failure=FailureState(**failure))


def load_jobs(db: sqlite3.Connection) -> dict[str, JobState]:
    """Every saved job state, by watch name."""
    rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM daemon_jobs")
    return {row["name"]: _decode(row) for row in rows}


def save_jobs(db: sqlite3.Connection, states: Iterable[JobState]) -> int:
    """Upsert ``states`` inside the caller's transaction; the number written."""
    rows = [_encode(state) for state in states]
    if not rows:
        return 0
    placeholders = ", ".join("?" for _ in _COLUMNS)
    updates = ", ".join(f"{name} = excluded.{name}" for name in _COLUMNS if name != "name")
    db.executemany(
        f"INSERT INTO daemon_jobs ({', '.join(_COLUMNS)}) VALUES ({placeholders}) "
        f"ON CONFLICT(name) DO UPDATE SET {updates}",
        rows,
    )
    return len(rows)
