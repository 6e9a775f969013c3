"""What the check tests share: a page server, a store, and checks run against them."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from store.helpers import LOCAL, PageServer, page_server

from tracker.check import CheckResult, check
from tracker.fetch import HttpFetcher
from tracker.store import Index, open_index

# A fresh page path for every example of a property test, across the session.
fresh_paths = itertools.count()


@pytest.fixture
def site() -> Iterator[PageServer]:
    with page_server() as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Index]:
    with open_index(tmp_path / "data") as opened:
        yield opened


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PageServer, Index]]:
    """Hypothesis runs a test many times: starting a server and a store each time is slow."""
    with page_server() as server, open_index(tmp_path_factory.mktemp("shared")) as opened:
        yield server, opened


def run_checks(store: Index, url: str, count: int = 1, **kwargs: object) -> list[CheckResult]:
    """``count`` checks of ``url`` in a row, through one HttpFetcher, as the daemon runs them."""

    async def go() -> list[CheckResult]:
        async with HttpFetcher() as fetcher:
            return [
                await check(store, fetcher, url, LOCAL, **kwargs)  # type: ignore[arg-type]
                for _ in range(count)
            ]

    return asyncio.run(go())
