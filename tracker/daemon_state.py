"""The daemon's per-watch state in the store's index: schedule, failures, last notification.

Persisting the next run is what lets a restarted daemon resume where it stopped
instead of forgetting overdue watches or firing them all at once. The table is
created by a migration registered in tracker.store (the store owns the schema);
this module reads and writes its rows through the store's connection and
transactions (``Store.query``, ``Store.transaction``). Writes are batched:
the daemon saves the state of many checks in one transaction a second instead of
one fsync per check.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from tracker.errors import StoreError
from tracker.store import Store

__all__ = ["JobState", "StatusRow", "load_states", "save_states", "status_rows"]


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
    failure_reason: str | None = None
    failure_reported: bool = False
    last_change_at: datetime | None = None  # the last check that found the article changed
    last_notified_snapshot: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusRow:
    """One line of ``tracker status``: the job state joined with the watch's last check."""

    state: JobState
    last_check_at: datetime | None
    last_outcome: str | None
    last_error: str | None


_COLUMNS = tuple(f.name for f in fields(JobState))
_TIMES = {"next_run", "failing_since", "last_change_at"}


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


def _decode(row: Any) -> JobState:
    values: dict[str, Any] = {}
    for name in _COLUMNS:
        value = row[name]
        if name in _TIMES and value is not None:
            value = datetime.fromisoformat(value)
        elif name == "failure_reported":
            value = bool(value)
        values[name] = value
    return JobState(**values)


def load_states(store: Store) -> dict[str, JobState]:
    """Every saved job state, by watch name."""
    try:
        rows = store.query(f"SELECT {', '.join(_COLUMNS)} FROM daemon_jobs")
    except StoreError as error:
        raise StoreError(f"cannot read the daemon's job state: {error}") from None
    return {row["name"]: _decode(row) for row in rows}


def save_states(store: Store, states: Iterable[JobState]) -> int:
    """Upsert ``states`` in one transaction; the number written."""
    rows = [_encode(state) for state in states]
    if not rows:
        return 0
    placeholders = ", ".join("?" for _ in _COLUMNS)
    updates = ", ".join(f"{name} = excluded.{name}" for name in _COLUMNS if name != "name")
    try:
        with store.transaction() as db:
            db.executemany(
                f"INSERT INTO daemon_jobs ({', '.join(_COLUMNS)}) VALUES ({placeholders}) "
                f"ON CONFLICT(name) DO UPDATE SET {updates}",
                rows,
            )
    except sqlite3.Error as error:
        raise StoreError(f"cannot save the daemon's job state: {error}") from None
    return len(rows)


def status_rows(store: Store, names: Iterable[tuple[str, str]]) -> list[StatusRow]:
    """Status of the watches ``(name, url)``, in that order, whether or not they ran yet."""
    states = load_states(store)
    result = []
    for name, url in names:
        last = store.last_tracked_check(url)
        checked_at, outcome, error = last if last else (None, None, None)
        result.append(
            StatusRow(
                state=states.get(name) or JobState(name=name, url=url),
                last_check_at=checked_at,
                last_outcome=outcome,
                last_error=error,
            )
        )
    return result
