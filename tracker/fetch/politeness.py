"""Good manners towards the sites we track: one request at a time per host, a pause
between requests, Retry-After respected, and retries spread out with jittered backoff.

A researcher may watch hundreds of pages on one clinic's site; without this the
tracker would look like an attack and get itself blocked. Time comes from an
injected clock and sleep so the rules can be tested without waiting.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = [
    "MAX_RETRY_AFTER",
    "Clock",
    "Deadline",
    "HostGate",
    "Sleep",
    "WaitTooLong",
    "backoff_delay",
    "parse_retry_after",
]

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# A server may ask for a pause of days; remember at most this much of it.
MAX_RETRY_AFTER = 3600.0
# What a Retry-After can say at most (a year): "9" * 400 seconds is not a number to keep.
_LONGEST_RETRY_AFTER = 365 * 86400.0


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():  # "²" is a digit to str.isdigit, not to HTTP
        return min(float(text), _LONGEST_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    reference = now or datetime.now(UTC)
    return min(max((when - reference).total_seconds(), 0.0), _LONGEST_RETRY_AFTER)


def backoff_delay(
    attempt: int, *, base: float = 0.5, cap: float = 30.0, rng: random.Random | None = None
) -> float:
    """Exponential backoff with "equal jitter": half fixed, half random.

    The fixed half guarantees a real pause; the random half keeps many watches that
    failed together from retrying in lockstep.
    """
    ceiling = min(cap, base * (2**attempt))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


class Deadline:
    """The time one fetch has left; queueing behind other fetches of a host is not counted."""

    def __init__(self, seconds: float, *, clock: Clock) -> None:
        self.seconds = seconds
        self._clock = clock
        self._at = clock() + seconds

    def remaining(self) -> float:
        return self._at - self._clock()

    def extend(self, seconds: float) -> None:
        self._at += max(seconds, 0.0)


class WaitTooLong(Exception):
    """The host asked (Retry-After) for a pause longer than this fetch has left."""

    def __init__(self, wait: float) -> None:
        self.wait = wait
        super().__init__(f"{wait:g} s")


@dataclass(slots=True)
class _Host:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_end: float | None = None  # clock time the previous request finished
    not_before: float = 0.0  # clock time a Retry-After asked us to wait until
    users: int = 0
    last_fetch: Deadline | None = None  # the fetch that made the previous request


# Hosts not contacted for this long are forgotten, so a long-running daemon stays small.
_FORGET_AFTER = 2 * MAX_RETRY_AFTER
_SWEEP_ABOVE = 1024


class HostGate:
    """Serialises requests per host and spaces them out by a minimum delay."""

    def __init__(self, *, clock: Clock, sleep: Sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}

    def defer(self, host: str, seconds: float) -> None:
        """Honour a Retry-After: no request to ``host`` before ``seconds`` from now."""
        state = self._state(host)
        until = self._clock() + min(max(seconds, 0.0), MAX_RETRY_AFTER)
        state.not_before = max(state.not_before, until)

    def pending_wait(self, host: str, min_delay: float) -> float:
        """How long a request to ``host`` would have to wait for its pause now."""
        state = self._hosts.get(host.lower())
        return 0.0 if state is None else self._wait(state, min_delay)

    def _wait(self, state: _Host, min_delay: float, fetch: Deadline | None = None) -> float:
        earliest = state.not_before
        # A fetch's own follow-up requests (robots.txt then the page, a redirect on the
        # same host) are one page load, as in a browser: serialised, but not spaced.
        if state.last_end is not None and (fetch is None or state.last_fetch is not fetch):
            earliest = max(earliest, state.last_end + min_delay)
        return max(earliest - self._clock(), 0.0)

    def _state(self, host: str) -> _Host:
        key = host.lower()
        if key not in self._hosts and len(self._hosts) >= _SWEEP_ABOVE:
            now = self._clock()
            for name, state in list(self._hosts.items()):
                idle = state.last_end is None or now - state.last_end > _FORGET_AFTER
                if state.users == 0 and idle and state.not_before <= now:
                    del self._hosts[name]
        return self._hosts.setdefault(key, _Host())

    @asynccontextmanager
    async def turn(self, host: str, min_delay: float, deadline: Deadline) -> AsyncIterator[None]:
        """Hold ``host`` for one request, after the pause it is owed.

        ``deadline`` also identifies the fetch: its own follow-up requests are not
        spaced. Queueing behind other fetches of the host and the minimum delay are our own
        manners, not the server's slowness, so they extend ``deadline``. A Retry-After
        pause counts against it: when it is longer than what is left, WaitTooLong is
        raised instead of sleeping through it.
        """
        state = self._state(host)
        state.users += 1
        try:
            queued_at = self._clock()
            async with state.lock:
                deadline.extend(self._clock() - queued_at)
                wait = self._wait(state, min_delay, deadline)
                if wait > 0:
                    imposed = max(state.not_before - self._clock(), 0.0)
                    if imposed > deadline.remaining():
                        raise WaitTooLong(imposed)
                    started = self._clock()
                    await self._sleep(wait)
                    deadline.extend(self._clock() - started - imposed)
                try:
                    yield
                finally:
                    state.last_end = self._clock()
                    state.last_fetch = deadline
        finally:
            state.users -= 1
