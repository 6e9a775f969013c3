"""Every notification names the captures a change compares, on every channel a user sets up.

Two ``tracker check`` runs over a local page that changes, with a watchlist configuring
an e-mail (a real SMTP server on 127.0.0.1), an Atom feed, a webhook, Apprise and a
daily digest: what each receiver gets names both snapshot ids, their capture times, the
sha256 of each body and its WARC record.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from support.clinic import clinic_page
from support.receivers import Mailbox, Receiver
from support.server import LocalServer
from support.site import Page

from tracker.cli import cli
from tracker.notify import Dispatcher, NotifierFlags, next_digest, notifiers_for
from tracker.render.feed import parse_feed
from tracker.store import SnapshotRow, open_index


def _watchlist(path: Path, site: LocalServer, webhook: Receiver, smtp: Mailbox) -> Path:
    apprise_url = webhook.url.replace("http://", "json://")
    path.write_text(
        "[defaults]\nmin_host_delay = 0.01\nrespect_robots = false\n\n"
        f'[[watch]]\nname = "knee"\nurl = "{site.url("/knee")}"\n\n'
        f'[notify.mail]\ntype = "email"\nhost = "127.0.0.1"\nport = {smtp.port}\n'
        'to = ["desk@lab.example"]\n\n'
        f'[notify.feed]\ntype = "feed"\npath = "{path.parent / "feed.atom"}"\n\n'
        f'[notify.hook]\ntype = "webhook"\nurl = "{webhook.url}"\n\n'
        f'[notify.chat]\ntype = "apprise"\nurls = ["{apprise_url}"]\n\n'
        f'[notify.daily]\ntype = "webhook"\nurl = "{webhook.url}"\ndigest = "daily"\n',
        encoding="utf-8",
    )
    return path


def _words(row: SnapshotRow) -> list[str]:
    """How a plain-text notification names one capture."""
    return [
        f"snapshot {row.id} captured {row.fetched_at.isoformat(timespec='seconds')}",
        f"sha256 {row.body_sha256}",
        f"{row.warc_file}@{row.warc_offset}",
    ]


def _as_json(row: SnapshotRow) -> dict[str, object]:
    return {
        "snapshot": row.id,
        "captured": row.fetched_at.isoformat(),
        "sha256": row.body_sha256,
        "record": f"{row.warc_file}@{row.warc_offset}",
    }


def test_every_channel_names_both_captures_of_a_change(
    tmp_path: Path, site: LocalServer, webhook: Receiver, smtp_server: Mailbox
) -> None:
    listed = _watchlist(tmp_path / "w.toml", site, webhook, smtp_server)
    data = tmp_path / "data"
    command = ["check", site.url("/knee"), "--data-dir", str(data), "--allow-private"]
    command += ["--watchlist", str(listed)]
    site.pages["/knee"] = Page(clinic_page())
    assert CliRunner().invoke(cli, command).exit_code == 0
    site.pages["/knee"] = Page(clinic_page(patients=2000, hedge="will"))
    changed = CliRunner().invoke(cli, command)
    assert changed.exit_code == 0, changed.output
    with open_index(data) as store:
        old, new = store.snapshots(site.url("/knee"))
    expected = [*_words(old), *_words(new)]

    (message,) = smtp_server.messages
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    parts = {
        part.get_content_type(): part.get_content()
        for part in parsed.walk()
        if not part.is_multipart()
    }
    for part in ("text/plain", "text/html"):
        assert all(words in parts[part] for words in expected), (part, parts[part])

    (entry,) = parse_feed((tmp_path / "feed.atom").read_bytes())
    assert all(words in entry.summary for words in expected), entry.summary

    hook = next(post for post in webhook.posts if post.get("type") == "change")
    assert (hook["old"], hook["new"]) == (_as_json(old), _as_json(new))
    report = hook["report"]
    assert (report["old"]["snapshot"], report["new"]["snapshot"]) == (old.id, new.id)
    assert report["new"]["sha256"] == new.body_sha256

    chat = next(post for post in webhook.posts if "message" in post)
    assert all(words in chat["message"] for words in expected), chat["message"]

    # The digest is owed at midnight: sent then, it carries the same evidence.
    with open_index(data) as store:
        notifiers = notifiers_for([listed], NotifierFlags(), data_dir=data, environ=os.environ)
        daily = [notifier for notifier in notifiers if notifier.name == "daily"]
        (owed,) = [d for d in store.owed_deliveries() if d.notifier == "daily"]
        # queued complete, in the transaction that stored the change: sent as it is stored
        assert (owed.payload["old"], owed.payload["new"]) == (_as_json(old), _as_json(new))
        assert owed.payload["snapshot"] == owed.snapshot_id == new.id
        midnight = next_digest(owed.created_at) + timedelta(minutes=1)
        dispatcher = Dispatcher(store, daily, clock=lambda: midnight)

        async def at_midnight() -> tuple[int, int]:
            try:
                return await dispatcher.deliver_due("daily")
            finally:
                await dispatcher.aclose()

        assert asyncio.run(at_midnight()) == (1, 0)
    digest = webhook.posts[-1]
    events = digest.get("events") or [digest]
    assert (events[0]["old"], events[0]["new"]) == (_as_json(old), _as_json(new))
