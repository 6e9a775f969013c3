"""When a watch is due: pure computation, no clock and no I/O, so every rule is testable.

The daemon asks three questions here: when does a watch run next after a check
(its interval or cron, adapted to how often the page changes, pushed back while it
keeps failing, plus jitter); where does a restarted daemon resume a watch (neither
forgetting an overdue check nor running every missed one in a burst); and how
long a watch that keeps failing should wait.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from tracker.config import Watch
from tracker.memo import once

__all__ = [
    "DEFAULT_BACKOFF",
    "DEFAULT_CADENCE",
    "Backoff",
    "Cadence",
    "adapt_interval",
    "base_period",
    "cron_period",
    "failure_delay",
    "natural_trigger",
    "next_run",
    "resume_time",
    "schedule_key",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Cadence:
    """Bounds of adaptive cadence, as multiples of the watch's own interval.

    A page that just changed is often edited again soon (corrections, follow-ups),
    so it is checked more often; a page quiet for many checks is checked less, but
    never outside ``[interval * fastest, interval * slowest]``.
    """

    enabled: bool = False
    fastest: float = 0.25
    slowest: float = 4.0
    speedup: float = 0.5  # factor applied after an article change
    slowdown: float = 1.5  # factor applied after every ``quiet_checks`` unchanged checks
    quiet_checks: int = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class Backoff:
    """How far a failing watch is pushed back: doubling per failure, capped."""

    factor: float = 2.0
    cap: float = 24 * 3600.0  # never wait longer than this, unless the interval itself is longer


DEFAULT_CADENCE = Cadence()
DEFAULT_BACKOFF = Backoff()


def adapt_interval(
    base: float,
    current: float | None,
    *,
    changed: bool,
    unchanged_streak: int,
    cadence: Cadence = DEFAULT_CADENCE,
) -> float:
    """The interval to use after a successful check (the base one when cadence is off)."""
    if not cadence.enabled:
        return base
    lowest, highest = base * cadence.fastest, base * cadence.slowest
    interval = base if current is None else current
    if changed:
        interval = min(interval, base) * cadence.speedup
    elif unchanged_streak > 0 and unchanged_streak % cadence.quiet_checks == 0:
        interval *= cadence.slowdown
    return min(max(interval, lowest), highest)


def failure_delay(interval: float, failures: int, backoff: Backoff = DEFAULT_BACKOFF) -> float:
    """Seconds until the next attempt of a watch after ``failures`` failures in a row."""
    if failures <= 0:
        return interval
    delay = interval * backoff.factor ** (failures - 1)
    return min(delay, max(interval, backoff.cap))


@once(1024)
def _cron(expression: str) -> CronTrigger:
    return CronTrigger.from_crontab(expression, timezone=UTC)


def _next_cron(expression: str, after: datetime) -> datetime:
    """The first cron time strictly after ``after``."""
    fire = _cron(expression).get_next_fire_time(None, after + timedelta(microseconds=1))
    if fire is None:  # a crontab expression always has a next time; guard the type
        raise ValueError(f"cron expression {expression!r} has no next run after {after}")
    return fire.astimezone(UTC)


def cron_period(expression: str, now: datetime) -> float:
    """The gap between the next two runs of a cron schedule, in seconds."""
    first = _next_cron(expression, now)
    second = _next_cron(expression, first)
    return (second - first).total_seconds()


def next_run(
    watch: Watch,
    now: datetime,
    *,
    interval: float | None = None,
    failures: int = 0,
    backoff: Backoff = DEFAULT_BACKOFF,
    rng: random.Random | None = None,
) -> datetime:
    """When ``watch`` runs next after a check that ended at ``now``.

    ``interval`` is the adapted interval (defaults to the watch's own); ``failures``
    is the number of failed checks in a row, which pushes the run back. Jitter is
    added last, uniformly in ``[0, watch.jitter]``, so watches added together drift
    apart instead of hitting their sites in lockstep.
    """
    jitter = (rng or random).uniform(0.0, watch.jitter) if watch.jitter > 0 else 0.0
    if watch.cron is not None:
        earliest = now
        if failures > 0:
            period = cron_period(watch.cron, now)
            earliest = now + timedelta(seconds=failure_delay(period, failures, backoff) - period)
        return _next_cron(watch.cron, earliest) + timedelta(seconds=jitter)
    base = interval if interval is not None else watch.interval
    if base is None:
        raise ValueError(f"watch {watch.name!r} has neither an interval nor a cron schedule")
    return now + timedelta(seconds=failure_delay(base, failures, backoff) + jitter)


def resume_time(
    planned: datetime | None,
    now: datetime,
    *,
    grace: float,
    spread: float,
    rng: random.Random | None = None,
) -> datetime:
    """Where a (re)started daemon schedules a watch whose planned run was ``planned``.

    A future run is kept as planned. A run missed by less than ``grace`` seconds
    runs now. A run missed by more (the daemon was down) is coalesced into one
    check placed at random within the next ``spread`` seconds, so a restart after a
    long outage neither forgets overdue watches nor fires them all at once. A watch
    never seen before starts within ``spread`` too.
    """
    if planned is not None and planned >= now:
        return planned
    if planned is not None and (now - planned).total_seconds() <= grace:
        return now
    offset = (rng or random).uniform(0.0, spread) if spread > 0 else 0.0
    return now + timedelta(seconds=offset)


def natural_trigger(watch: Watch) -> BaseTrigger:
    """The watch's natural schedule: APScheduler's fallback if a check ever fails to reschedule."""
    if watch.cron is not None:
        return CronTrigger.from_crontab(watch.cron, timezone=UTC)
    return IntervalTrigger(seconds=watch.interval or 3600, timezone=UTC)


def base_period(watch: Watch, now: datetime) -> float:
    """The period of the watch's own schedule, in seconds, around ``now``."""
    if watch.cron is not None:
        return cron_period(watch.cron, now)
    return watch.interval or 3600.0


def schedule_key(watch: Watch) -> tuple[object, ...]:
    """What a watch's job must be rescheduled for when it changes."""
    return (watch.url, watch.interval, watch.cron, watch.jitter)
