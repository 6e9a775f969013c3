"""Whether, and when, a fetcher may send a request: the policy every fetcher applies.

A page fetcher of any kind (plain HTTP, a browser and the requests its page makes)
asks ``Admission`` before each request: the address policy (no private, loopback or
link-local address unless the watch allows it; tracker.fetch.addresses), robots.txt
(tracker.fetch.robots, cached per origin, its Crawl-delay remembered per host), and a
turn at the host (tracker.fetch.politeness: one request at a time per host, spaced by
the watch's minimum delay or the site's Crawl-delay, Retry-After honoured). After the
answer, ``blocked`` recognises a wall (tracker.fetch.blockpages). One Admission
belongs to one event loop and is shared by the fetchers of that loop, so a browser
and the HTTP client never take turns at a host separately.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from typing import TypeVar
from urllib.parse import urlsplit

from tracker.config import FetchSettings
from tracker.errors import TimeoutFailure
from tracker.fetch.addresses import Resolver, check_host, system_resolver
from tracker.fetch.blockpages import detect_block
from tracker.fetch.body import seconds
from tracker.fetch.politeness import Clock, Deadline, HostGate, Sleep
from tracker.fetch.robots import RobotsAnswer, RobotsCache

__all__ = ["Admission", "DeadlineExpired", "RobotsSource", "host_key"]

T = TypeVar("T")

# Fetches robots.txt from its URL, through the fetcher's own limits and manners.
RobotsSource = Callable[[str], Awaitable[RobotsAnswer]]


class DeadlineExpired(TimeoutFailure):
    """The fetch's total deadline passed: ends the whole fetch, robots.txt included."""


def host_key(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _port(url: str) -> int:
    parts = urlsplit(url)
    return parts.port or (443 if parts.scheme == "https" else 80)


async def bounded(awaitable: Awaitable[T], deadline: Deadline, phase: str) -> T:
    """``awaitable`` within what is left of ``deadline``, else DeadlineExpired naming ``phase``."""
    try:
        async with asyncio.timeout(max(deadline.remaining(), 0.0)):
            return await awaitable
    except TimeoutError:
        raise DeadlineExpired(
            f"timed out after {seconds(deadline.seconds)} {phase} (the total deadline of one fetch)"
        ) from None


class Admission:
    """Address policy, robots.txt and per-host turns, for every request of every fetcher.

    ``resolver`` replaces DNS for the address policy; ``clock`` (monotonic seconds)
    and ``sleep`` replace time for the pauses between requests.
    """

    def __init__(
        self,
        *,
        resolver: Resolver | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.resolver = resolver or system_resolver
        self.clock = clock
        self.sleep = sleep
        self.gate = HostGate(clock=clock, sleep=sleep)
        self.robots = RobotsCache(clock=clock)
        self._crawl_delays: dict[str, float] = {}

    def deadline(self, settings: FetchSettings) -> Deadline:
        """The total time one fetch has, on this admission's clock."""
        return Deadline(settings.total_timeout, clock=self.clock)

    async def check_address(self, url: str, settings: FetchSettings, deadline: Deadline) -> None:
        """Refuse (AddressFailure) a host that resolves to an address the watch may not reach."""
        host = urlsplit(url).hostname or ""
        await bounded(
            check_host(
                host, _port(url), allow_private=settings.allow_private, resolver=self.resolver
            ),
            deadline,
            f"resolving {host}",
        )

    async def admit(
        self, url: str, settings: FetchSettings, deadline: Deadline, robots: RobotsSource
    ) -> None:
        """Address policy, then robots.txt (read through ``robots``), for one request."""
        await self.check_address(url, settings, deadline)
        if settings.respect_robots:
            delay = await self.robots.check(url, settings.user_agent, robots)
            self._crawl_delays[host_key(url)] = delay

    def min_delay(self, url: str, settings: FetchSettings) -> float:
        """The pause owed between requests to ``url``'s host: the watch's, or the site's."""
        return max(settings.min_host_delay, self._crawl_delays.get(host_key(url), 0.0))

    @asynccontextmanager
    async def turn(
        self, url: str, settings: FetchSettings, deadline: Deadline
    ) -> AsyncIterator[None]:
        """Hold ``url``'s host for one request (see HostGate.turn)."""
        async with self.gate.turn(host_key(url), self.min_delay(url, settings), deadline):
            yield

    def defer(self, url: str, wait: float) -> None:
        """Honour a Retry-After from ``url``'s host."""
        self.gate.defer(host_key(url), wait)

    @staticmethod
    def blocked(
        status: int, headers: Iterable[tuple[str, str]], body: bytes, *, url: str
    ) -> str | None:
        """What kind of wall the answer is (a login wall, a bot check), or None."""
        return detect_block(status, headers, body, url=url)
