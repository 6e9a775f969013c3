"""Fixtures: the hostile server, a fetcher that never really waits, test-sized limits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from support.clock import Sleeps
from support.hostile import HostileServer

from tracker.config import FetchSettings
from tracker.fetch import HttpFetcher


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def hostile_server() -> Iterator[HostileServer]:
    server = HostileServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(hostile_server: HostileServer) -> HostileServer:
    hostile_server.log.requests.clear()
    hostile_server.log.connections = 0
    return hostile_server


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def settings() -> FetchSettings:
    """Small limits so every misbehaviour ends fast."""
    return FetchSettings(
        connect_timeout=2.0,
        read_timeout=2.0,
        total_timeout=3.0,
        max_body_bytes=1 << 20,
        max_decompressed_bytes=2 << 20,
        max_redirects=4,
        min_host_delay=0.5,
        allow_private=True,
    )


@pytest.fixture
async def fetcher(sleeps: Sleeps) -> AsyncIterator[HttpFetcher]:
    async with HttpFetcher(sleep=sleeps) as fetcher:
        yield fetcher
