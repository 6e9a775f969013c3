"""Redirects recorded: each check keeps its chain and final URL, shown in history and show,
and a redirect that starts is told once (``Checked.redirect_started``)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.commands import pace_checks, run
from support.site import FIRST, LOCAL, Page, PageServer, article_page

from tracker.cli import cli
from tracker.config import Watch
from tracker.daemon.checker import Checked, pipeline_checker
from tracker.fetch import HttpFetcher
from tracker.store import Index
from tracker.store.rows import INDEX_NAME


def checks_of(store: Index, watch: Watch, count: int) -> list[Checked]:
    async def go() -> list[Checked]:
        async with HttpFetcher() as fetcher:
            run = pipeline_checker(store, fetcher, allow_private=True)
            return [await run(watch) for _ in range(count)]

    return asyncio.run(go())


def test_each_check_records_its_redirects_and_a_new_one_is_told_once(
    site: PageServer, store: Index
) -> None:
    old, middle, new = site.url("/old"), site.url("/middle"), site.url("/new")
    site.pages["/old"] = Page(body=b"", status=301, headers=[("Location", "/middle")])
    site.pages["/middle"] = Page(body=b"", status=302, headers=[("Location", "/new")])
    site.pages["/new"] = Page(body=article_page("Fasting", FIRST))
    watch = Watch(name="post", url=old, fetch=LOCAL)
    first, second = checks_of(store, watch, 2)
    assert first.redirect_started == (old, middle, new)
    assert second.redirect_started == ()  # the same route again is no news
    rows = store.history(old)
    assert [(row.redirects, row.final_url) for row in rows] == [((old, middle), new)] * 2
    # Moved elsewhere: news again.
    site.pages["/middle"] = Page(body=b"", status=302, headers=[("Location", "/newer")])
    site.pages["/newer"] = Page(body=article_page("Fasting", FIRST))
    (third,) = checks_of(store, watch, 1)
    assert third.redirect_started == (old, middle, site.url("/newer"))
    state = store.watch_state(old)  # the same route is not rewritten; a moved one is
    assert state is not None and state.final_url == site.url("/newer")


def test_history_and_show_name_the_redirects(site: PageServer, store: Index) -> None:
    old, new = site.url("/old"), site.url("/new")
    site.pages["/old"] = Page(body=b"", status=301, headers=[("Location", "/new")])
    site.pages["/new"] = Page(body=article_page("Fasting", FIRST))
    checks_of(store, Watch(name="post", url=old, fetch=LOCAL), 1)
    data = ["--data-dir", str(store.root)]
    text = CliRunner().invoke(cli, ["history", old, *data])
    assert f"[redirected 1x to {new}]" in text.output
    listed = json.loads(CliRunner().invoke(cli, ["history", old, *data, "--format", "json"]).output)
    assert (listed[0]["redirects"], listed[0]["final_url"]) == ([old], new)
    shown = CliRunner().invoke(cli, ["show", f"{old}@-1", *data])
    assert f"served from: {new}" in shown.output
    assert f"redirects: {old} -> {new}" in shown.output  # the whole chain, hop by hop
    html = CliRunner().invoke(cli, ["show", f"{old}@-1", *data, "--format", "html"]).output
    assert f"Redirects: <code>{old} -&gt; {new}</code>" in html
    shown_json = CliRunner().invoke(cli, ["show", f"{old}@-1", *data, "--format", "json"])
    assert json.loads(shown_json.output)["snapshot"]["redirects"] == [old]


def test_a_page_that_never_redirects_records_no_chain(site: PageServer, store: Index) -> None:
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))
    (checked,) = checks_of(store, Watch(name="post", url=site.url("/post"), fetch=LOCAL), 1)
    assert checked.redirect_started == ()
    (row,) = store.history(site.url("/post"))
    assert row.redirects == () and row.final_url == site.url("/post")


def test_reindex_gives_each_check_its_redirects_back(
    site: PageServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The URL asked for and the redirect hops a check's records hold (a 304's too) come
    back on its row when the index is rebuilt: history reads as before."""
    pace_checks(monkeypatch, 0.0)
    old, new = site.url("/old"), site.url("/new")
    site.pages["/old"] = Page(body=b"", status=301, headers=[("Location", "/new")])
    site.pages["/new"] = Page(body=article_page("Fasting", FIRST))
    data = str(tmp_path / "data")
    for _ in range(2):
        code, _, err = run("check", old, "--data-dir", data, "--allow-private")
        assert code == 0, err

    def route() -> list[tuple[object, ...]]:
        code, out, err = run("history", old, "--data-dir", data, "--format", "json")
        assert code == 0, err
        return [
            (row["outcome"], row["final_url"], tuple(row["redirects"])) for row in json.loads(out)
        ]

    before = route()
    assert before == [("new", new, (old,)), ("unchanged", new, (old,))]
    (tmp_path / "data" / INDEX_NAME).unlink()
    code, _, err = run("reindex", "--data-dir", data)
    assert code == 0, err
    assert route() == before  # the unchanged (304) check's records name its route too
