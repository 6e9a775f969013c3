"""What the check tests share: a page server, a store, and checks run against them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.site import PageServer, page_server

from tracker.store import Index, open_index


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
