"""A redirect that starts is health news, told through the notifiers once."""

from __future__ import annotations

import asyncio
from pathlib import Path

from support.receivers import Receiver

from tracker.config import Watch
from tracker.daemon import Checked, Daemon, DaemonSettings
from tracker.model import Outcome
from tracker.notify import RetryBackoff, WebhookNotifier
from tracker.store import open_index

LIMIT = 20.0


def test_a_redirect_that_starts_is_told_with_where_it_goes(
    tmp_path: Path, webhook: Receiver
) -> None:
    path = tmp_path / "w.toml"
    path.write_text('[[watch]]\nname = "knee"\nurl = "https://clinic.example/knee"\njitter = 0\n')
    route = ("https://clinic.example/knee", "https://clinic.example/moved/knee")

    async def checker(watch: Watch) -> Checked:
        return Checked(outcome=Outcome.NEW, redirect_started=route)

    settings = DaemonSettings(
        data_dir=tmp_path / "data",
        watchlists=(path,),
        startup_spread=0.1,
        reload_poll=0.05,
        state_flush=0.05,
        stop_timeout=2.0,
        delivery_poll=0.05,
        retry=RetryBackoff(first=0.05, cap=0.2),
    )
    with open_index(tmp_path / "data") as store:
        daemon = Daemon(
            settings, store=store, checker=checker, notifiers=[WebhookNotifier(webhook.url)]
        )

        async def main() -> None:
            runner = asyncio.create_task(daemon.run())
            deadline = asyncio.get_running_loop().time() + LIMIT
            while not webhook.posts and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.02)
            daemon.request_stop()
            await asyncio.wait_for(runner, LIMIT)

        asyncio.run(main())
    (post,) = webhook.posts
    assert post["type"] == "redirect_started"
    assert post["detail"] == {"from": route[0], "to": route[1], "hops": 1}
