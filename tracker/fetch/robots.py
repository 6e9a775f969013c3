"""robots.txt, read with protego and cached per origin, following RFC 9309.

Researchers track sites that did not ask to be tracked; honouring robots.txt by
default keeps the tool a good citizen, and the opt-out is a per-watch setting the
user has to write down deliberately.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from tracker.errors import RobotsFailure
from tracker.fetch.politeness import Clock

__all__ = [
    "ROBOTS_MAX_BYTES",
    "ROBOTS_TTL",
    "RobotsAnswer",
    "RobotsCache",
    "origin_of",
    "product_token",
]

# RFC 9309: a cached robots.txt should not be used for more than 24 hours, and at
# least 500 KiB of it must be parsed.
ROBOTS_TTL = 24 * 3600.0
ROBOTS_MAX_BYTES = 512 * 1024
# A Crawl-delay above this is treated as this: the per-host pause stays bounded.
MAX_CRAWL_DELAY = 60.0
_SWEEP_ABOVE = 1024


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What the robots.txt fetch returned: a status and up to ROBOTS_MAX_BYTES of body,
    or the problem that kept it from answering (network, timeout, too many redirects)."""

    status: int
    body: bytes
    problem: str | None = None


RobotsFetch = Callable[[str], Awaitable[RobotsAnswer]]


@dataclass(frozen=True, slots=True)
class _Rules:
    parser: Protego | None  # None: no usable robots.txt
    allow_all: bool
    problem: str | None  # why everything is disallowed, when it is
    fetched_at: float


_PRODUCT_TOKEN = re.compile(r"[A-Za-z_-]+")


def product_token(user_agent: str) -> str:
    """The name robots.txt groups are matched against (RFC 9309 2.2.1): "tracker" in
    "tracker/0.1 (+https://github.com/...)". Matching the whole string would let a group
    for another crawler ("User-agent: github") apply to us through our contact URL."""
    match = _PRODUCT_TOKEN.match(user_agent.strip())
    return match.group(0) if match else user_agent.strip()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    default = 443 if scheme == "https" else 80
    port = parts.port or default
    return f"{scheme}://{host}" + ("" if port == default else f":{port}")


class RobotsCache:
    """One parsed robots.txt per origin, refreshed after ROBOTS_TTL."""

    def __init__(self, *, clock: Clock, ttl: float = ROBOTS_TTL) -> None:
        self._clock = clock
        self._ttl = ttl
        self._rules: dict[str, _Rules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def __len__(self) -> int:
        """Origins whose rules are held."""
        return len(self._rules)

    def __contains__(self, origin: object) -> bool:
        return origin in self._rules

    async def _rules_for(self, origin: str, fetch: RobotsFetch) -> _Rules:
        cached = self._rules.get(origin)
        if cached is not None and self._clock() - cached.fetched_at < self._ttl:
            return cached
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._rules.get(origin)
            if cached is not None and self._clock() - cached.fetched_at < self._ttl:
                return cached
            rules = await self._load(origin, fetch, cached)
            if rules.problem is None:
                # An outage is not remembered: the next check asks again rather than
                # staying shut out for a day.
                self._rules[origin] = rules
                self._forget_expired()
            return rules

    def _forget_expired(self) -> None:
        """Drop rules past their TTL once many origins were seen: memory stays flat."""
        if len(self._rules) <= _SWEEP_ABOVE:
            return
        now = self._clock()
        for origin, rules in list(self._rules.items()):
            lock = self._locks.get(origin)
            if now - rules.fetched_at >= self._ttl and (lock is None or not lock.locked()):
                del self._rules[origin]
                self._locks.pop(origin, None)

    async def _load(self, origin: str, fetch: RobotsFetch, stale: _Rules | None) -> _Rules:
        robots_url = f"{origin}/robots.txt"
        now = self._clock()
        answer = await fetch(robots_url)
        if answer.problem is not None:
            problem = f"robots.txt at {robots_url} could not be fetched ({answer.problem})"
            return self._unreachable(problem, stale, now)
        if 200 <= answer.status < 300:
            text = answer.body.decode("utf-8", errors="replace")
            return _Rules(Protego.parse(text), allow_all=False, problem=None, fetched_at=now)
        if 400 <= answer.status < 500 and answer.status != 429:
            # RFC 9309 2.3.1.3: an unavailable robots.txt allows everything. A 429 is
            # the server asking us to slow down, so it counts as unreachable instead.
            return _Rules(None, allow_all=True, problem=None, fetched_at=now)
        problem = f"robots.txt at {robots_url} answered HTTP {answer.status}"
        return self._unreachable(problem, stale, now)

    @staticmethod
    def _unreachable(problem: str, stale: _Rules | None, now: float) -> _Rules:
        # RFC 9309 2.3.1.4: an unreachable robots.txt means complete disallow, unless a
        # previously fetched copy is at hand.
        if stale is not None and stale.problem is None:
            return _Rules(stale.parser, stale.allow_all, None, fetched_at=now)
        return _Rules(None, allow_all=False, problem=problem, fetched_at=now)

    async def check(self, url: str, user_agent: str, fetch: RobotsFetch) -> float:
        """Raise RobotsFailure when ``url`` may not be fetched; else return the Crawl-delay."""
        if urlsplit(url).path == "/robots.txt":
            return 0.0
        origin = origin_of(url)
        rules = await self._rules_for(origin, fetch)
        if rules.problem is not None:
            raise RobotsFailure(
                f"{rules.problem}, so nothing on {origin} may be fetched "
                "(set respect_robots = false for this watch to override)"
            )
        if rules.allow_all or rules.parser is None:
            return 0.0
        token = product_token(user_agent)
        if not rules.parser.can_fetch(url, token):
            raise RobotsFailure(
                f"robots.txt disallows {url} (set respect_robots = false for this watch "
                "to override)"
            )
        delay = rules.parser.crawl_delay(token)
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0
