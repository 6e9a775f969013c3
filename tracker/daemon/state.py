"""The daemon's state as ``tracker status`` shows it: each watch, and what is still owed.

The state itself (``JobState``: schedule, failures, last notification) is kept by
the index beside the checks it schedules (``Index.job_states``,
``Index.save_job_states``, tracker.store.jobs), saved in batches so a busy daemon
pays one commit a second; this module joins it with each watch's last check and with
the outbox: what a receiver has not accepted yet, and what is owed to a notifier that
nothing configures any more (stranded: never sent unless a person settles it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tracker.config import Watch
from tracker.daemon.lockfile import lock_holder
from tracker.errors import WatchlistError
from tracker.store import Delivery, Index, JobState, open_index
from tracker.watchlist import load_watchlist

__all__ = ["DaemonStatus", "Owed", "StatusRow", "daemon_status", "status_rows"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusRow:
    """One line of ``tracker status``: the job state joined with the watch's last check."""

    state: JobState
    last_check_at: datetime | None
    last_outcome: str | None
    last_error: str | None

    def as_json(self) -> dict[str, Any]:
        state = self.state
        return {
            "watch": state.name,
            "url": state.url,
            "last_check": _iso(self.last_check_at),
            "outcome": self.last_outcome,
            "error": self.last_error,
            "last_change": _iso(state.last_change_at),
            "next_run": _iso(state.next_run),
            "consecutive_failures": state.failure.consecutive,
            "failing_since": _iso(state.failure.since),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Owed:
    """A notification not yet accepted; stranded when no notifier will ever send it."""

    delivery: Delivery
    stranded: bool

    def as_json(self) -> dict[str, Any]:
        return {**_delivery_json(self.delivery), "stranded": self.stranded}


@dataclass(frozen=True, slots=True, kw_only=True)
class DaemonStatus:
    """Everything ``tracker status`` reports, read from the data directory alone."""

    running: bool
    pid: int | None  # the running daemon's, when it runs
    watches: list[StatusRow]
    owed: list[Owed]  # oldest first
    abandoned: list[Delivery]  # given up on by a person, kept with when and why
    problems: list[str]  # watches the watchlists hold but that cannot run

    @property
    def stranded(self) -> dict[str, int]:
        """How many notifications each unconfigured notifier is owed."""
        return dict(Counter(item.delivery.notifier for item in self.owed if item.stranded))

    def as_json(self) -> dict[str, Any]:
        abandoned = [
            {
                **_delivery_json(delivery),
                "abandoned_at": _iso(delivery.abandoned_at),
                "reason": delivery.abandoned_reason,
            }
            for delivery in self.abandoned
        ]
        return {
            "daemon": {"running": self.running, "pid": self.pid},
            "watches": [row.as_json() for row in self.watches],
            "notifications": [item.as_json() for item in self.owed],
            "outbox": {"stranded": self.stranded, "abandoned": abandoned},
            "problems": self.problems,
        }


def status_rows(store: Index, names: Iterable[tuple[str, str]]) -> list[StatusRow]:
    """Status of the watches ``(name, url)``, in that order, whether or not they ran yet."""
    states = store.job_states()
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


def daemon_status(data_dir: Path, watchlists: Sequence[Path]) -> DaemonStatus:
    """The status of the watches in ``watchlists`` and of the outbox in ``data_dir``.

    A watch named in two watchlists is shown once, as the first names it. The daemon
    need not run: everything is read from the index and the lock file.
    """
    watches: list[Watch] = []
    problems: list[str] = []
    seen: set[str] = set()
    for path in watchlists:
        watchlist = load_watchlist(path, strict=False)
        problems.extend(str(problem) for problem in watchlist.problems)
        for watch in watchlist.watches:
            if watch.name not in seen:
                seen.add(watch.name)
                watches.append(watch)
    with open_index(data_dir, create=False) as store:
        rows = status_rows(store, [(watch.name, watch.url) for watch in watches])
        senders = set(store.notifier_roster()) | _configured_notifiers(watchlists)
        owed = [
            Owed(delivery=delivery, stranded=delivery.notifier not in senders)
            for delivery in store.owed_deliveries()
        ]
        abandoned = store.abandoned_deliveries()
    holder = lock_holder(data_dir)
    running = holder is not None and holder.running
    return DaemonStatus(
        running=running,
        pid=holder.pid if running and holder else None,
        watches=rows,
        owed=owed,
        abandoned=list(abandoned),
        problems=problems,
    )


def _configured_notifiers(paths: Sequence[Path]) -> set[str]:
    """The notifier names the watchlists (and a tracker.toml beside them) configure."""
    from tracker.notify import load_specs

    try:
        return {spec.name for spec in load_specs(paths)}
    except WatchlistError:
        return set()  # a broken [notify] table is reported when the daemon starts


def _delivery_json(delivery: Delivery) -> dict[str, Any]:
    return {
        "notifier": delivery.notifier,
        "kind": delivery.kind,
        "watch": delivery.watch,
        "snapshot": delivery.snapshot_id,
        "queued": delivery.created_at.isoformat(),
        "attempts": delivery.attempts,
        "last_error": delivery.last_error,
        "next_attempt": delivery.not_before.isoformat(),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
