"""The workspace's tests share one data directory made by the real pipeline (.pipeline),
built once per session; each test that writes gets its own copy."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from support.workspace_data import LOOPBACK, Built, build

from tracker.store import Index, open_index
from tracker.web import WebSettings, create_app
from tracker.web.data import Listed, listed_watches


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("workspace"))


@pytest.fixture
def data_dir(built: Built, tmp_path: Path) -> Path:
    """A copy of the built data directory this test may write to."""
    copy = tmp_path / "data"
    shutil.copytree(built.data_dir, copy)
    return copy


@pytest.fixture
def index(data_dir: Path) -> Iterator[Index]:
    with open_index(data_dir, create=False) as opened:
        yield opened


@pytest.fixture
def listed(built: Built) -> dict[str, Listed]:
    return listed_watches([built.watchlist])


@pytest.fixture
def client(index: Index, listed: dict[str, Listed]) -> Iterator[TestClient]:
    """The workspace on loopback, without a token, as ``tracker serve`` starts it."""
    with TestClient(create_app(index, listed=listed), base_url=LOOPBACK) as opened:
        yield opened


@pytest.fixture
def make_client(index: Index, listed: dict[str, Listed]) -> Iterator[Callable[..., TestClient]]:
    """Clients of the same data with other settings (a token, read-only)."""
    opened: list[TestClient] = []

    def make(settings: WebSettings, base_url: str = LOOPBACK) -> TestClient:
        client = TestClient(create_app(index, settings, listed=listed), base_url=base_url)
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.close()
