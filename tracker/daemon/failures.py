"""Failure dampening: a watch in trouble is reported once, and once when it recovers.

A page that is down for a week would otherwise log and notify on every run; a
researcher wants three facts: since when it fails (and why), that it came back,
and the gap in between. A page that answers ``gone`` (404, 410) or ``blocked`` (a
login wall, a challenge page) is news at once; a network failure or a server
error only after ``threshold`` in a row (default 2), since one is often a blip.
``observe`` is a pure state transition so the rule is tested without a daemon;
``health_notice`` words what it decided.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from tracker.errors import WatchlistError
from tracker.model import FAILED_OUTCOMES, Outcome
from tracker.notify import HealthKind, HealthNotice

__all__ = [
    "DEFAULT_THRESHOLD",
    "FailureState",
    "health_notice",
    "observe",
    "redirect_notice",
    "watchlist_notice",
]

# A single failed run is often a blip (a restart, a timeout); report from the second in a row.
DEFAULT_THRESHOLD = 2

_AT_ONCE = {Outcome.GONE: HealthKind.GONE, Outcome.BLOCKED: HealthKind.BLOCKED}


@dataclass(frozen=True, slots=True, kw_only=True)
class FailureState:
    consecutive: int = 0
    since: datetime | None = None  # time of the first failure of the current streak
    last: datetime | None = None  # time of its latest failure
    reason: str | None = None  # the latest failure's one-line reason
    reported: bool = False  # whether the streak was reported


def observe(
    state: FailureState,
    outcome: Outcome,
    now: datetime,
    *,
    reason: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> tuple[FailureState, HealthKind | None]:
    """The state after one check with ``outcome``, and the kind of news to report, if any."""
    if outcome in FAILED_OUTCOMES:
        failing = replace(
            state,
            consecutive=state.consecutive + 1,
            since=state.since if state.consecutive else now,
            last=now,
            reason=reason or outcome,
        )
        if failing.reported:
            return failing, None
        if outcome in _AT_ONCE:
            return replace(failing, reported=True), _AT_ONCE[outcome]
        if failing.consecutive >= max(threshold, 1):
            return replace(failing, reported=True), HealthKind.FAILING
        return failing, None
    event = HealthKind.RECOVERED if state.reported else None
    return FailureState(), event


def _iso(moment: datetime | None, timespec: str = "auto") -> str | None:
    return moment.isoformat(timespec=timespec) if moment else None


def health_notice(
    kind: HealthKind, *, watch: str, url: str, at: datetime, streak: FailureState
) -> HealthNotice:
    """The notice for ``kind``; ``streak`` is the failure streak going on, or (for a
    recovery) the one that just ended: its span is the gap the recovery names."""
    detail = {
        "from": _iso(streak.since),
        "to": _iso(streak.last),
        "failed_checks": streak.consecutive,
        "reason": streak.reason,
    }
    since, last = _iso(streak.since, "seconds"), _iso(streak.last, "seconds")
    if kind is HealthKind.RECOVERED:
        message = (
            f"{watch} recovered: checks succeed again after {streak.consecutive} failed "
            f"check(s) from {since} to {last} (last: {streak.reason})"
        )
    else:
        count = f"{streak.consecutive} failed check(s) since {since}"
        message = f"{watch} is {kind} ({count}): {streak.reason}"
    return HealthNotice(watch=watch, url=url, kind=kind, at=at, message=message, detail=detail)


def watchlist_notice(problem: WatchlistError, at: datetime) -> HealthNotice:
    """News of a watchlist entry the daemon could not take: file, watch and field named."""
    return HealthNotice(
        watch=problem.watch or "",
        url="",
        kind=HealthKind.WATCHLIST_INVALID,
        at=at,
        message=f"watchlist problem: {problem}",
        detail={
            "file": problem.path,
            "watch": problem.watch,
            "field": problem.field,
            "problem": problem.problem,
        },
    )


def redirect_notice(
    watch: str, url: str, final_url: str, hops: tuple[str, ...], at: datetime
) -> HealthNotice:
    """News of a page that started redirecting (or now redirects elsewhere): told once."""
    return HealthNotice(
        watch=watch,
        url=url,
        kind=HealthKind.REDIRECT_STARTED,
        at=at,
        message=f"{watch} now redirects to {final_url} ({len(hops)} redirect(s))",
        detail={"from": url, "to": final_url, "hops": len(hops)},
    )
