"""Failure dampening: reported once when failing starts, once when it recovers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tracker.daemon.failures import FailureState, observe
from tracker.model import Outcome
from tracker.notify import HealthEvent

T0 = datetime(2026, 11, 24, tzinfo=UTC)


def run(outcomes: list[str], threshold: int = 2) -> tuple[FailureState, list[HealthEvent | None]]:
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
    )
    assert events == [
        None,
        None,
        HealthEvent.FAILING,
        None,
        None,
        None,
        HealthEvent.RECOVERED,
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
    assert events == [HealthEvent.FAILING, None, HealthEvent.RECOVERED]


@given(st.lists(st.sampled_from(list(Outcome)), max_size=60))
def test_events_alternate_failing_then_recovered(outcomes: list[str]) -> None:
    _, events = run(outcomes)
    reported = [event for event in events if event is not None]
    expected = [HealthEvent.FAILING, HealthEvent.RECOVERED] * len(reported)
    assert reported == expected[: len(reported)]
