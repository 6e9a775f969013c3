"""The daemon: every watch checked on its own schedule, for months, until stopped.

One public face for the CLI and the benchmarks; the parts, each with one job:

    scheduler.py  APScheduler jobs per watch, bounded concurrency, reload, clean stop
    watchfiles.py the watchlist files: what they hold now (last valid kept), whether changed
    checker.py    what the scheduler asks of a check, and the real one (tracker.check)
    sender.py     delivery of the notifications owed, apart from the checks (one task a notifier)
    schedule.py   pure schedule arithmetic: next run, adaptive cadence, failure backoff
    failures.py   failure dampening as a pure transition: report once, and on recovery
    state.py      ``tracker status``: each watch's saved job state and its last check
    lockfile.py   one daemon per data directory, stale locks taken over
    logs.py       readable log lines, or JSON lines

The job state itself is kept by the index (tracker.store.jobs), beside the checks it
schedules, and so are the notifications owed (tracker.store.outbox).
"""

from __future__ import annotations

from tracker.daemon.checker import Checked, Checker, pipeline_checker
from tracker.daemon.lockfile import DaemonLock, lock_holder
from tracker.daemon.logs import setup_logging
from tracker.daemon.scheduler import (
    Daemon,
    DaemonSettings,
    default_watchlists,
    run_daemon,
)
from tracker.daemon.state import DaemonStatus, Owed, StatusRow, daemon_status, status_rows
from tracker.daemon.watchfiles import ReloadSummary

__all__ = [
    "Checked",
    "Checker",
    "Daemon",
    "DaemonLock",
    "DaemonSettings",
    "DaemonStatus",
    "Owed",
    "ReloadSummary",
    "StatusRow",
    "daemon_status",
    "default_watchlists",
    "lock_holder",
    "pipeline_checker",
    "run_daemon",
    "setup_logging",
    "status_rows",
]
