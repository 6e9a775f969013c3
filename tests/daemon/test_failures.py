"""Failure dampening: gone/blocked told at once, failures after a count, recovery once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from support.checks import check_row

from tracker.daemon.failures import FailureState, check_health, health_notice, observe
from tracker.model import Outcome
from tracker.notify import HealthKind
from tracker.store import CheckRow

T0 = datetime(2026, 11, 24, tzinfo=UTC)


def run(outcomes: list[str], threshold: int = 2) -> tuple[FailureState, list[HealthKind | None]]:
    state, events = FailureState(), []
    for i, outcome in enumerate(outcomes):
        state, event = observe(
            state, Outcome(outcome), T0 + timedelta(hours=i), reason=f"r{i}", threshold=threshold
        )
        events.append(event)
    return state, events


def test_a_long_outage_is_reported_once_and_its_recovery_once() -> None:
    state, events = run(
        ["unchanged", "failed", "failed", "failed", "gone", "failed", "unchanged", "changed"]
    )  # a page gone while the streak is already reported is not news again
    assert events == [
        None,
        None,
        HealthKind.FAILING,
        None,
        None,
        None,
        HealthKind.RECOVERED,
        None,
    ]
    assert state == FailureState()


def test_failure_state_remembers_since_when_and_the_latest_reason() -> None:
    state, _ = run(["unchanged", "failed", "blocked", "failed"])
    assert state.consecutive == 3
    assert state.since == T0 + timedelta(hours=1)
    assert state.reason == "r3"
    assert state.reported


def test_a_single_blip_below_the_threshold_reports_nothing() -> None:
    _, events = run(["failed", "unchanged", "failed", "new"])
    assert events == [None, None, None, None]


def test_threshold_one_reports_the_first_failure() -> None:
    _, events = run(["failed", "failed", "unchanged"], threshold=1)
    assert events == [HealthKind.FAILING, None, HealthKind.RECOVERED]


def test_gone_and_blocked_are_news_at_their_first_occurrence() -> None:
    _, events = run(["unchanged", "gone", "gone", "unchanged", "blocked", "failed", "new"])
    assert events == [
        None,
        HealthKind.GONE,
        None,
        HealthKind.RECOVERED,
        HealthKind.BLOCKED,
        None,
        HealthKind.RECOVERED,
    ]


def test_a_recovery_names_the_gap_it_ends() -> None:
    state, _ = run(["unchanged", "failed", "gone", "failed"])
    assert state.last == T0 + timedelta(hours=3)
    notice = health_notice(
        HealthKind.RECOVERED,
        watch="knee",
        url="https://x/",
        at=T0 + timedelta(hours=4),
        streak=state,
    )
    assert notice.detail["from"] == (T0 + timedelta(hours=1)).isoformat()
    assert notice.detail["to"] == (T0 + timedelta(hours=3)).isoformat()
    assert notice.detail["failed_checks"] == 3
    assert "after 3 failed check(s) from 2026-11-24T01:00:00+00:00" in notice.message


@given(st.lists(st.sampled_from(list(Outcome)), max_size=60))
def test_trouble_and_recovery_alternate(outcomes: list[str]) -> None:
    _, events = run(outcomes)
    reported = [event for event in events if event is not None]
    assert all(event is HealthKind.RECOVERED for event in reported[1::2])
    assert all(event is not HealthKind.RECOVERED for event in reported[::2])


def _checks(outcomes: list[Outcome]) -> list[CheckRow]:
    """Live checks with even ids, each after an imported failure that must not count."""
    rows = []
    for i, outcome in enumerate(outcomes):
        at, reason = T0 + timedelta(hours=i), f"r{i}"
        rows.append(check_row(2 * i + 1, at, Outcome.GONE, error=reason, origin="backfilled"))
        rows.append(check_row(2 * i + 2, at, outcome, error=reason))
    return rows


@given(st.lists(st.sampled_from(list(Outcome)), min_size=1, max_size=12), st.integers(1, 3))
def test_the_streak_read_from_the_index_is_the_one_a_running_daemon_lived(
    outcomes: list[Outcome], threshold: int
) -> None:
    checks = _checks(outcomes)
    lived = FailureState()
    for row in checks[1::2]:  # the later checks in the index change nothing
        judged = check_health(checks, row.id, threshold=threshold)
        after, news = observe(
            lived, row.outcome, row.checked_at, reason=row.error, threshold=threshold
        )
        assert (judged.before, judged.after, judged.news) == (lived, after, news)
        lived = after
