"""Changing a watch's include/exclude selectors never reads as an article change."""

from __future__ import annotations

import asyncio
from pathlib import Path

from support.site import LOCAL, Page, page_server
from support.terms import SELECTION, terms_page

from tracker.check import check
from tracker.config import Watch
from tracker.fetch import HttpFetcher
from tracker.model import Outcome
from tracker.store import open_index


def test_new_selectors_never_turn_the_stored_version_into_a_change(tmp_path: Path) -> None:
    """The stored version was read without selectors; the next check reads both with them."""
    with page_server() as site, open_index(tmp_path / "data") as store:
        url = site.url("/terms")
        plain = Watch(name="terms", url=url)
        chosen = Watch(name="terms", url=url, include=SELECTION.include, exclude=SELECTION.exclude)

        async def run(watch: Watch) -> Outcome:
            async with HttpFetcher() as fetcher:
                return (await check(store, fetcher, watch, LOCAL)).outcome

        site.pages["/terms"] = Page(body=terms_page(promo="Get 20% off this week.").encode())
        assert asyncio.run(run(plain)) is Outcome.NEW
        site.pages["/terms"] = Page(body=terms_page(promo="Get 30% off this month.").encode())
        assert asyncio.run(run(chosen)) is Outcome.UNCHANGED
        site.pages["/terms"] = Page(
            body=terms_page(promo="Get 30% off this month.", fee="12").encode()
        )
        assert asyncio.run(run(chosen)) is Outcome.CHANGED
