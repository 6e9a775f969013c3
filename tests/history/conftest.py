"""Fixtures: a fake web archive on 127.0.0.1, a store, a fetcher that never really sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.archive import FakeArchive, archive_server
from support.clock import Sleeps

from tracker.config import FetchSettings
from tracker.store import Index, open_index


@pytest.fixture
def archive() -> Iterator[FakeArchive]:
    with archive_server() as served:
        yield served


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Index]:
    with open_index(tmp_path / "data") as opened:
        yield opened


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def settings() -> FetchSettings:
    # The archive is on 127.0.0.1, so private addresses must be allowed.
    return FetchSettings(allow_private=True, min_host_delay=0.0, total_timeout=10.0)
