"""The daemon's job state round-trips through the store's index."""

from __future__ import annotations

import tempfile
from datetime import UTC
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.daemon.state import status_rows
from tracker.store import FailureState, JobState, open_index

moments = st.none() | st.datetimes(timezones=st.just(UTC))
states = st.builds(
    JobState,
    name=st.text(min_size=1, max_size=20),
    url=st.just("https://clinic.example/knee"),
    next_run=moments,
    interval=st.none() | st.floats(min_value=0.01, max_value=1e7),
    unchanged_streak=st.integers(min_value=0, max_value=10**6),
    failure=st.builds(
        FailureState,
        consecutive=st.integers(min_value=0, max_value=10**6),
        since=moments,
        last=moments,
        reason=st.none() | st.text(max_size=80),
        reported=st.booleans(),
    ),
    last_change_at=moments,
)


@settings(max_examples=15, deadline=None)
@given(st.lists(states, max_size=5, unique_by=lambda s: s.name))
def test_job_states_round_trip_and_upsert(batch: list[JobState]) -> None:
    with tempfile.TemporaryDirectory() as temp, open_index(Path(temp)) as store:
        store.save_job_states(batch)
        store.save_job_states(batch)  # saving again updates, never duplicates
        assert store.job_states() == {state.name: state for state in batch}


def test_status_of_a_watch_never_run_is_empty(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        (row,) = status_rows(store, [("knee", "https://clinic.example/knee")])
    assert row.state == JobState(name="knee", url="https://clinic.example/knee")
    assert row.last_check_at is None and row.last_outcome is None
