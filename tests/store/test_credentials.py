"""A URL with user:password@ is never fetched, stored or echoed with its credentials."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support.site import FIRST, Page, article_page, page_server

from tracker.cli import cli
from tracker.errors import WatchlistError
from tracker.store import normalize_url, open_index
from tracker.watchlist import load_watchlist

SECRET = "hunter2-secret"


def test_the_store_key_of_a_url_never_holds_credentials() -> None:
    assert normalize_url(f"HTTPS://alice:{SECRET}@Example.org:8443/a?b=1#top") == (
        "https://example.org:8443/a?b=1"
    )


def test_check_refuses_a_url_with_credentials_before_fetching_or_storing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with page_server() as site:
        site.pages["/post"] = Page(body=article_page("Fasting", FIRST))
        url = site.url("/post").replace("http://", f"http://alice:{SECRET}@")
        result = CliRunner().invoke(cli, ["check", url, "--allow-private", "--data-dir", str(data)])
        assert site.requests == []
    assert result.exit_code == 2
    assert "never stores credentials" in result.stderr and SECRET not in result.stderr
    stored = [path for path in data.rglob("*") if path.is_file()]
    assert all(SECRET.encode() not in path.read_bytes() for path in stored)
    with open_index(data) as store:
        assert store.urls() == []


def test_a_watchlist_url_with_credentials_is_a_watchlist_error(tmp_path: Path) -> None:
    watchlist = tmp_path / "w.toml"
    watchlist.write_text(
        f'[[watch]]\nname = "clinic"\nurl = "https://alice:{SECRET}@clinic.example/post"\n'
    )
    with pytest.raises(WatchlistError) as raised:
        load_watchlist(watchlist)
    message = str(raised.value)
    assert "never stores credentials" in message and "clinic" in message
    assert SECRET not in message
