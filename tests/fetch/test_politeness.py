"""Retry-After parsing, backoff bounds and the per-host gate, on a fake clock."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.clock import FakeClock

from tracker.fetch.politeness import (
    MAX_RETRY_AFTER,
    Deadline,
    HostGate,
    WaitTooLong,
    backoff_delay,
    parse_retry_after,
)

pytestmark = pytest.mark.timeout(30)

NOW = datetime(2026, 11, 24, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Tue, 24 Nov 2026 12:01:30 GMT", 90.0),
        ("Tue, 24 Nov 2026 11:00:00 GMT", 0.0),  # a date in the past: no wait
        ("Tuesday, 24-Nov-26 12:00:10 GMT", 10.0),  # obsolete RFC 850 form
        ("9" * 400, 365 * 86400.0),  # a finite number, capped at a year
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value, seconds):
    assert parse_retry_after(value, now=NOW) == seconds


@settings(deadline=None)  # no per-example time limit on a loaded machine
@given(st.text(max_size=60))
def test_parse_retry_after_never_crashes(value):
    result = parse_retry_after(value, now=NOW)
    assert result is None or result >= 0


@settings(deadline=None)  # no per-example time limit on a loaded machine
@given(attempt=st.integers(0, 40), seed=st.integers())
def test_backoff_is_jittered_within_bounds(attempt, seed):
    delay = backoff_delay(attempt, base=0.5, cap=30.0, rng=random.Random(seed))
    ceiling = min(30.0, 0.5 * 2**attempt)
    assert ceiling / 2 <= delay <= ceiling


@pytest.mark.anyio
async def test_gate_spaces_requests_and_does_not_charge_the_deadline():
    clock = FakeClock(start=0.0)
    gate = HostGate(clock=clock, sleep=clock.sleep)
    first, second = Deadline(5.0, clock=clock), Deadline(5.0, clock=clock)
    async with gate.turn("Clinic.Example", 3.0, first):
        clock.now += 1.0  # the request takes a second
    async with gate.turn("clinic.example", 3.0, second):
        pass
    assert clock.sleeps == [3.0]
    assert second.remaining() == pytest.approx(4.0)  # only the first request's second counts


@pytest.mark.anyio
async def test_one_fetch_is_not_spaced_from_itself():
    clock = FakeClock(start=0.0)
    gate = HostGate(clock=clock, sleep=clock.sleep)
    fetch = Deadline(5.0, clock=clock)
    for _ in range(3):  # robots.txt, a redirect, the page
        async with gate.turn("clinic.example", 3.0, fetch):
            pass
    assert clock.sleeps == []


@pytest.mark.anyio
async def test_gate_refuses_a_retry_after_longer_than_the_deadline():
    clock = FakeClock(start=0.0)
    gate = HostGate(clock=clock, sleep=clock.sleep)
    gate.defer("clinic.example", 10 * MAX_RETRY_AFTER)
    assert gate.pending_wait("clinic.example", 0.0) == MAX_RETRY_AFTER  # capped
    with pytest.raises(WaitTooLong) as caught:
        async with gate.turn("clinic.example", 1.0, Deadline(60.0, clock=clock)):
            pytest.fail("the gate let a request through during a Retry-After pause")
    assert caught.value.wait == MAX_RETRY_AFTER
    assert clock.sleeps == []


@pytest.mark.anyio
async def test_gate_waits_out_a_short_retry_after_within_the_deadline():
    clock = FakeClock(start=0.0)
    gate = HostGate(clock=clock, sleep=clock.sleep)
    gate.defer("clinic.example", 4.0)
    deadline = Deadline(10.0, clock=clock)
    async with gate.turn("clinic.example", 1.0, deadline):
        pass
    assert clock.sleeps == [4.0]
    assert deadline.remaining() == pytest.approx(6.0)


@pytest.mark.anyio
async def test_queueing_time_extends_the_deadline():
    clock = FakeClock(start=0.0)
    gate = HostGate(clock=clock, sleep=clock.sleep)
    first, second = Deadline(5.0, clock=clock), Deadline(5.0, clock=clock)
    order: list[str] = []
    held = asyncio.Event()

    async def hold() -> None:
        async with gate.turn("h", 0.0, first):
            order.append("first")
            held.set()
            for _ in range(5):
                await asyncio.sleep(0)  # let the other fetch queue up behind us
            await clock.sleep(30.0)  # a slow request holds the host

    async def wait() -> None:
        await held.wait()
        async with gate.turn("h", 0.0, second):
            order.append("second")

    await asyncio.gather(hold(), wait())
    assert order == ["first", "second"]
    assert second.remaining() == pytest.approx(5.0)  # 30 s in the queue were not charged
    assert first.remaining() == pytest.approx(-25.0)  # the slow request itself was
