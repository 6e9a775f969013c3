"""Failure dampening: a watch that keeps failing is reported once, and once when it recovers.

A page that is down for a week would otherwise log and notify on every run; a
researcher wants two facts: since when it fails (and why), and when it came back.
``observe`` is a pure state transition so the rule is tested without a daemon.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from tracker.model import FAILED_OUTCOMES, Outcome
from tracker.notify import HealthEvent

__all__ = ["DEFAULT_THRESHOLD", "FailureState", "observe"]

# A single failed run is often a blip (a restart, a timeout); report from the second in a row.
DEFAULT_THRESHOLD = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class FailureState:
    consecutive: int = 0
    since: datetime | None = None  # time of the first failure of the current streak
    reason: str | None = None  # the latest failure's one-line reason
    reported: bool = False  # whether FAILING was reported for this streak


def observe(
    state: FailureState,
    outcome: Outcome,
    now: datetime,
    *,
    reason: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> tuple[FailureState, HealthEvent | None]:
    """The state after one check with ``outcome``, and the event to report, if any."""
    if outcome in FAILED_OUTCOMES:
        failing = replace(
            state,
            consecutive=state.consecutive + 1,
            since=state.since if state.consecutive else now,
            reason=reason or outcome,
        )
        if not failing.reported and failing.consecutive >= max(threshold, 1):
            return replace(failing, reported=True), HealthEvent.FAILING
        return failing, None
    event = HealthEvent.RECOVERED if state.reported else None
    return FailureState(), event
