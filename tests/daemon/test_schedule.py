"""Schedule computation: intervals, cron, jitter, adaptive cadence, failure backoff, resume."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tracker.config import Watch
from tracker.daemon.schedule import (
    Backoff,
    Cadence,
    adapt_interval,
    cron_period,
    failure_delay,
    next_run,
    resume_time,
)

NOW = datetime(2026, 11, 24, 22, 0, 0, tzinfo=UTC)
ADAPTIVE = Cadence(
    enabled=True, fastest=0.25, slowest=4.0, speedup=0.5, slowdown=2.0, quiet_checks=3
)


def test_interval_watch_runs_one_interval_later_without_jitter() -> None:
    watch = Watch(name="w", url="https://example.org/a", interval=3600, jitter=0)
    assert next_run(watch, NOW) == NOW + timedelta(hours=1)


def test_jitter_stays_within_its_bound_and_varies() -> None:
    watch = Watch(name="w", url="https://example.org/a", interval=600, jitter=60)
    rng = random.Random(7)
    runs = {next_run(watch, NOW, rng=rng) for _ in range(50)}
    assert len(runs) > 1
    assert all(NOW + timedelta(seconds=600) <= r <= NOW + timedelta(seconds=660) for r in runs)


def test_cron_watch_runs_at_the_next_cron_time() -> None:
    watch = Watch(name="w", url="https://example.org/a", interval=None, cron="0 6 * * *", jitter=0)
    assert next_run(watch, NOW) == datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    assert cron_period("0 6 * * *", NOW) == 86400


def test_failing_cron_watch_skips_fire_times() -> None:
    watch = Watch(name="w", url="https://example.org/a", interval=None, cron="0 * * * *", jitter=0)
    assert next_run(watch, NOW, failures=1) == NOW + timedelta(hours=1)
    assert next_run(watch, NOW, failures=3) == NOW + timedelta(hours=4)


def test_failures_back_off_by_doubling_up_to_the_cap() -> None:
    backoff = Backoff(factor=2, cap=4 * 3600)
    delays = [failure_delay(3600, n, backoff) for n in range(6)]
    assert delays == [3600, 3600, 7200, 14400, 14400, 14400]
    # An interval longer than the cap is never shortened by backoff.
    assert failure_delay(86400, 5, backoff) == 86400


def test_adaptive_cadence_speeds_up_after_a_change_and_slows_when_quiet() -> None:
    faster = adapt_interval(3600, None, changed=True, unchanged_streak=0, cadence=ADAPTIVE)
    assert faster == 1800
    assert adapt_interval(3600, faster, changed=True, unchanged_streak=0, cadence=ADAPTIVE) == 900
    assert adapt_interval(3600, 900, changed=True, unchanged_streak=0, cadence=ADAPTIVE) == 900
    # Quiet: every third unchanged check in a row doubles the interval, up to slowest.
    interval = 3600.0
    for streak in range(1, 30):
        interval = adapt_interval(
            3600, interval, changed=False, unchanged_streak=streak, cadence=ADAPTIVE
        )
    assert interval == 4 * 3600
    assert adapt_interval(3600, 1800, changed=True, unchanged_streak=0) == 3600  # cadence off


@given(
    base=st.floats(min_value=1, max_value=1e7),
    current=st.none() | st.floats(min_value=0.01, max_value=1e9),
    changed=st.booleans(),
    streak=st.integers(min_value=0, max_value=1000),
)
def test_adaptive_interval_always_within_bounds(
    base: float, current: float | None, changed: bool, streak: int
) -> None:
    interval = adapt_interval(
        base, current, changed=changed, unchanged_streak=streak, cadence=ADAPTIVE
    )
    assert base * ADAPTIVE.fastest <= interval <= base * ADAPTIVE.slowest


@given(
    interval=st.floats(min_value=1, max_value=1e7),
    failures=st.integers(min_value=0, max_value=200),
    jitter=st.floats(min_value=0, max_value=3600),
    seed=st.integers(),
)
def test_next_run_is_after_now_and_bounded(
    interval: float, failures: int, jitter: float, seed: int
) -> None:
    watch = Watch(name="w", url="https://example.org/a", interval=interval, jitter=jitter)
    run = next_run(watch, NOW, failures=failures, rng=random.Random(seed))
    longest = max(interval, Backoff().cap) + jitter
    assert NOW < run <= NOW + timedelta(seconds=longest + 1e-3)


def test_resume_keeps_future_runs_and_runs_slightly_late_ones_now() -> None:
    later = NOW + timedelta(minutes=5)
    assert resume_time(later, NOW, grace=60, spread=600) == later
    assert resume_time(NOW - timedelta(seconds=30), NOW, grace=60, spread=600) == NOW


@given(
    missed_by=st.floats(min_value=61, max_value=1e8),
    spread=st.floats(min_value=0, max_value=3600),
    seed=st.integers(),
)
def test_resume_coalesces_a_long_missed_run_into_one_spread_run(
    missed_by: float, spread: float, seed: int
) -> None:
    planned = NOW - timedelta(seconds=missed_by)
    run = resume_time(planned, NOW, grace=60, spread=spread, rng=random.Random(seed))
    assert NOW <= run <= NOW + timedelta(seconds=spread)


def test_resume_spreads_many_overdue_watches_instead_of_a_burst() -> None:
    rng = random.Random(3)
    runs = [
        resume_time(NOW - timedelta(days=3), NOW, grace=60, spread=600, rng=rng)
        for _ in range(1000)
    ]
    per_minute = [
        sum(1 for r in runs if m * 60 <= (r - NOW).total_seconds() < (m + 1) * 60)
        for m in range(10)
    ]
    assert max(per_minute) < 200  # an even spread gives ~100 a minute, a burst gives 1000
