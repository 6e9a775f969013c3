"""Checks run against a local site the way the daemon runs them: through one HttpFetcher."""

from __future__ import annotations

import asyncio
import itertools

from support.site import LOCAL
from tracker.check import CheckResult, check
from tracker.fetch import HttpFetcher
from tracker.store import Index

# A fresh page path for every example of a property test, across the session.
fresh_paths = itertools.count()


def run_checks(store: Index, url: str, count: int = 1, **kwargs: object) -> list[CheckResult]:
    """``count`` checks of ``url`` in a row, through one HttpFetcher, as the daemon runs them."""

    async def go() -> list[CheckResult]:
        async with HttpFetcher() as fetcher:
            return [await check(store, fetcher, url, LOCAL, **kwargs) for _ in range(count)]

    return asyncio.run(go())
