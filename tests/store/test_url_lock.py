"""Checks of one URL are serialised: each compares against the version the one before
it stored, so overlapping checks never fork the report chain."""

from __future__ import annotations

import asyncio
import fcntl
import itertools
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from support.site import FIRST, LOCAL, SECOND, Page, article_page, page_server

from tracker.check import CheckResult, check
from tracker.config import Watch
from tracker.fetch import HttpFetcher
from tracker.model import Outcome
from tracker.store import Index, open_index
from tracker.store.urllock import UrlLock


def _revisions() -> Callable[[], bytes]:
    counter = itertools.count()

    def body() -> bytes:
        n = next(counter)
        return article_page("Vitamin drips", [*(FIRST if n % 2 else SECOND), f"Revision {n}."])

    return body


def _chain(store: Index) -> list[tuple[int, int]]:
    """(old, new) snapshot of every stored report, in version order."""
    rows = store._db.execute(  # type: ignore[attr-defined]
        "SELECT old_snapshot_id, new_snapshot_id FROM reports ORDER BY new_snapshot_id"
    )
    return [(old, new) for old, new in rows]


@pytest.mark.parametrize("spelling", ["same", "another"])
def test_overlapping_checks_of_one_url_each_compare_against_the_last_stored_version(
    tmp_path: Path, spelling: str
) -> None:
    """Two watches of one URL (or a manual check during the daemon) started together."""
    with page_server() as site, open_index(tmp_path / "data") as store:
        site.pages["/post"] = Page(body=_revisions(), etag=False)
        url = site.url("/post")
        other = url if spelling == "same" else url.replace("http://", "HTTP://") + "#top"
        watches = [
            Watch(name="first", url=url, fetch=LOCAL),
            Watch(name="second", url=other, fetch=LOCAL),
        ]

        async def go() -> list[CheckResult]:
            async with HttpFetcher() as fetcher:
                first = await check(store, fetcher, watches[0])
                together = await asyncio.gather(
                    *(check(store, fetcher, watch) for watch in watches * 2)
                )
                return [first, *together]

        results = asyncio.run(go())
        assert [result.outcome for result in results] == [Outcome.NEW] + [Outcome.CHANGED] * 4
        versions = [snapshot.id for snapshot in store.snapshots(url)]
        assert len(versions) == 5
        assert _chain(store) == list(itertools.pairwise(versions))
        for result in results[1:]:
            assert result.previous_snapshot_id == result.snapshot_id - 1  # type: ignore[operator]


def test_a_cancelled_waiter_leaves_the_lock_free(tmp_path: Path) -> None:
    key = "https://example.org/"

    async def go() -> None:
        async with UrlLock(tmp_path, key):
            waiter = asyncio.create_task(UrlLock(tmp_path, key).__aenter__())
            await asyncio.sleep(0)
            waiter.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiter
        async with UrlLock(tmp_path, key):  # would wait for ever had the waiter kept it
            pass

    asyncio.run(asyncio.wait_for(go(), timeout=60))


def test_the_lock_excludes_another_holder_until_released(tmp_path: Path) -> None:
    key = "https://example.org/"

    def try_lock() -> bool:
        fd = os.open(UrlLock(tmp_path, key).path, os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        finally:
            os.close(fd)
        return True

    with UrlLock(tmp_path, key):
        assert not try_lock()
    assert try_lock()
