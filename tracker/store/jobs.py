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

__all__ = ["JobState", "load_jobs", "save_jobs"]


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
class JobState:
    """What the daemon must remember about one watch between runs and across restarts."""

    name: str
    url: str
    next_run: datetime | None = None
    interval: float | None = None  # the adapted interval in seconds (None: the watch's own)
    unchanged_streak: int = 0
    consecutive_failures: int = 0
    failing_since: datetime | None = None
    last_failure_at: datetime | None = None
    failure_reason: str | None = None
    failure_reported: bool = False
    last_change_at: datetime | None = None  # the last check that found the article changed


_COLUMNS = tuple(f.name for f in fields(JobState))
_TIMES = {"next_run", "failing_since", "last_failure_at", "last_change_at"}


def _encode(state: JobState) -> tuple[Any, ...]:
    values = []
    for name in _COLUMNS:
        value = getattr(state, name)
        if name in _TIMES and value is not None:
            value = value.isoformat()
        elif name == "failure_reported":
            value = int(value)
        values.append(value)
    return tuple(values)


def _decode(row: Row) -> JobState:
    values: dict[str, Any] = {}
    for name in _COLUMNS:
        value = row[name]
        if name in _TIMES and value is not None:
            value = datetime.fromisoformat(value)
        elif name == "failure_reported":
            value = bool(value)
        values[name] = value
    return JobState(**values)


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
