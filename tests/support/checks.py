"""Checks run against a local site the way the daemon runs them: through one HttpFetcher."""

from __future__ import annotations

import asyncio
import itertools
from datetime import datetime

from support.site import LOCAL
from tracker.check import CheckResult, check
from tracker.fetch import HttpFetcher
from tracker.model import Outcome
from tracker.store import CheckRow, Index

# A fresh page path for every example of a property test, across the session.
fresh_paths = itertools.count()


def run_checks(store: Index, url: str, count: int = 1, **kwargs: object) -> list[CheckResult]:
    """``count`` checks of ``url`` in a row, through one HttpFetcher, as the daemon runs them."""

    async def go() -> list[CheckResult]:
        async with HttpFetcher() as fetcher:
            return [await check(store, fetcher, url, LOCAL, **kwargs) for _ in range(count)]

    return asyncio.run(go())


def check_row(
    number: int,
    checked_at: datetime,
    outcome: Outcome,
    *,
    error: str | None = None,
    origin: str = "tracked",
) -> CheckRow:
    """A stored check as the index hands it out (no capture kept), for code judging checks."""
    return CheckRow(
        id=number,
        url="https://example.org/a",
        checked_at=checked_at,
        outcome=outcome,
        http_status=None,
        error=error,
        fetch_ms=None,
        total_ms=None,
        bytes=0,
        snapshot=None,
        new_snapshot=False,
        warc_file=None,
        warc_offset=None,
        record_type=None,
        origin=origin,
    )
