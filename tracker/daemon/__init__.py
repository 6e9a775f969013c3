"""The daemon: every watch checked on its own schedule, for months, until stopped.

One public face for the CLI and the benchmarks; the parts, each with one job:

    scheduler.py  APScheduler jobs per watch, bounded concurrency, reload, clean stop
    schedule.py   pure schedule arithmetic: next run, adaptive cadence, failure backoff
    failures.py   failure dampening as a pure transition: report once, and on recovery
    state.py      ``tracker status``: each watch's saved job state and its last check
    lockfile.py   one daemon per data directory, stale locks taken over
    logs.py       readable log lines, or JSON lines

The job state itself is kept by the index (tracker.store.jobs), beside the checks it
schedules; notifications go out through tracker.notify.
"""

from __future__ import annotations

from tracker.daemon.lockfile import DaemonLock, lock_holder
from tracker.daemon.logs import setup_logging
from tracker.daemon.scheduler import (
    Checked,
    Checker,
    Daemon,
    DaemonSettings,
    ReloadSummary,
    default_watchlists,
    pipeline_checker,
    run_daemon,
)
from tracker.daemon.state import StatusRow, status_rows

__all__ = [
    "Checked",
    "Checker",
    "Daemon",
    "DaemonLock",
    "DaemonSettings",
    "ReloadSummary",
    "StatusRow",
    "default_watchlists",
    "lock_holder",
    "pipeline_checker",
    "run_daemon",
    "setup_logging",
    "status_rows",
]
