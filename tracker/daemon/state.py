"""The daemon's per-watch state: what ``tracker status`` shows of each watch.

The state itself (``JobState``: schedule, failures, last notification) is kept by
the index beside the checks it schedules (``Index.job_states``,
``Index.save_job_states``, tracker.store.jobs), saved in batches so a busy daemon
pays one commit a second; this module joins it with each watch's last check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from tracker.store import Index, JobState

__all__ = ["StatusRow", "status_rows"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusRow:
    """One line of ``tracker status``: the job state joined with the watch's last check."""

    state: JobState
    last_check_at: datetime | None
    last_outcome: str | None
    last_error: str | None


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
