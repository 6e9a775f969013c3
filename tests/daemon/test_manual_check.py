"""A check's health news is queued with the check, and ``tracker check`` runs as its watch.

The news a check makes (a page gone, failing, back; a redirect that starts) is owed in
the transaction that records the check, so no crash between the two loses it; a manual
``tracker check`` takes the settings of URL's watch (or the watchlist's defaults) and
the same settings as flags.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from click.testing import CliRunner
from support.clinic import clinic_page
from support.receivers import Receiver
from support.server import LocalServer, Route
from support.site import Page

from tracker.cli import cli
from tracker.config import Watch
from tracker.daemon import pipeline_checker
from tracker.fetch import HttpFetcher
from tracker.model import Outcome
from tracker.notify import Plan, WebhookNotifier
from tracker.store import open_index

# An answer that fails the check at once (no retry): not a page the tracker reads.
NOT_A_PAGE = Route(b"\x89PNG", content_type="image/png")


def test_health_news_is_owed_in_the_transaction_that_records_the_check(
    tmp_path: Path, site: LocalServer
) -> None:
    site.pages["/knee"] = Page(clinic_page())
    watch = Watch(name="knee", url=site.url("/knee"))
    plan = Plan([WebhookNotifier("http://127.0.0.1:9/hook", name="desk")])

    async def check_twice() -> list[int]:
        with open_index(tmp_path / "data") as store:
            async with HttpFetcher() as fetcher:
                run = pipeline_checker(store, fetcher, plan, allow_private=True)
                first = await run(watch)
                del site.pages["/knee"]
                gone = await run(watch)
                assert (first.outcome, gone.outcome, gone.told) == ("new", "gone", True)
                # nothing else ran: no daemon judged it, the check's own write holds the news
                (owed,) = store.owed_deliveries()
                assert (owed.kind, owed.notifier, owed.check_id) == ("gone", "desk", gone.check_id)
                return [check.id for check in store.history(watch.url)]

    checks = asyncio.run(check_twice())
    assert len(checks) == 2


def _watchlist(path: Path, site: LocalServer) -> Path:
    path.write_text(
        "[defaults]\nfailure_threshold = 1\nmin_host_delay = 0.01\nrespect_robots = false\n\n"
        f'[[watch]]\nname = "knee"\nurl = "{site.url("/knee")}"\nfailure_threshold = 3\n'
        'include = ["article"]\n\n'
        f'[[watch]]\nname = "elbow"\nurl = "{site.url("/elbow")}"\nfailure_threshold = 3\n',
        encoding="utf-8",
    )
    return path


def test_a_manual_check_takes_its_watch_settings_or_the_defaults_and_flags_override_them(
    tmp_path: Path, site: LocalServer, webhook: Receiver
) -> None:
    listed = _watchlist(tmp_path / "w.toml", site)
    data = tmp_path / "data"
    common = ["--data-dir", str(data), "--allow-private", "--watchlist", str(listed)]
    common += ["--webhook", webhook.url, "--no-feed"]

    def check(path: str, *flags: str) -> int:
        result = CliRunner().invoke(cli, ["check", site.url(path), *common, *flags])
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result.exit_code

    for path in ("/knee", "/hip", "/elbow"):
        site.pages[path] = NOT_A_PAGE
    assert check("/knee") == 1  # the watch's threshold is 3: one failure is no news yet
    assert webhook.posts == []
    assert check("/hip") == 1  # listed nowhere: the defaults' threshold, 1
    (failing,) = webhook.posts
    assert (failing["type"], failing["watch"]) == ("failing", site.url("/hip"))
    assert check("/elbow", "--failure-threshold", "1") == 1  # the flag wins over the watch
    assert [post["watch"] for post in webhook.posts] == [site.url("/hip"), "elbow"]

    site.pages["/knee"] = Page(clinic_page())
    assert check("/knee") == 0
    with open_index(data) as store:
        (version,) = store.snapshots(site.url("/knee"))
        document = store.load_document(version.document_sha256)
        history = store.history(site.url("/knee"))
    assert any("article" in selector for selector in document.selection)  # the watch's include
    assert [row.outcome for row in history] == [Outcome.FAILED, Outcome.NEW]
