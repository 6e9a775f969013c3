"""Notifiers from [notify.<name>] tables and from flags; README documents every setting."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from support.events import event, notice
from support.receivers import Mailbox, Receiver

from tracker.cli.notify_options import notify_options
from tracker.errors import WatchlistError
from tracker.notify import (
    CHANNELS,
    COMMON_SETTINGS,
    Batch,
    ChannelContext,
    EmailNotifier,
    FeedNotifier,
    NotifierFlags,
    NotifierSpec,
    WebhookNotifier,
    build_notifiers,
    default_watch,
    load_specs,
    notifiers_for,
    specs_from_flags,
    specs_from_tables,
    watch_for_url,
)
from tracker.render.feed import parse_feed
from tracker.watchlist import load_watchlist

README = Path(__file__).resolve().parents[2] / "README.md"


def notification_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Notifications")
    return text[start : text.index("\n## ", start + 1)]


def test_readme_documents_every_setting_of_every_channel() -> None:
    section = notification_section()
    for kind, channel in CHANNELS.items():
        assert f"`{kind}`" in section
        for setting in (*COMMON_SETTINGS, *channel.SETTINGS):
            assert f"`{setting}`" in section, f"README does not document {kind}.{setting}"


def test_readme_examples_build_one_notifier_of_every_channel(tmp_path: Path) -> None:
    blocks = re.findall(r"```toml\n(.*?)```", notification_section(), re.S)
    specs = [
        spec
        for block in blocks
        for spec in specs_from_tables(tomllib.loads(block)["notify"], "README.md")
    ]
    notifiers = build_notifiers(specs, ChannelContext(data_dir=tmp_path))
    assert {notifier.kind for notifier in notifiers} == set(CHANNELS)
    (mail,) = (n for n in notifiers if isinstance(n, EmailNotifier))
    assert mail.digest == "daily" and mail.settings.security == "starttls"


def on_local_receivers(
    spec: NotifierSpec, webhook: Receiver, smtp: Mailbox, folder: Path
) -> NotifierSpec:
    """A README example pointed at receivers on 127.0.0.1: its host, URL or path
    replaced (and no SMTP login, which the local server does not offer), every other
    setting as written."""
    settings = dict(spec.settings)
    if spec.kind == "webhook":
        settings["url"] = webhook.url
    elif spec.kind == "email":
        settings.update(host=smtp.host, port=smtp.port, security="none")
        settings.pop("username")
    elif spec.kind == "apprise":
        settings["urls"] = [webhook.url.replace("http://", "json://")]
    elif spec.kind == "feed":
        settings["path"] = str(folder / "feed.atom")
    return replace(spec, settings=settings)


def test_readme_examples_deliver_to_receivers_on_this_machine(
    tmp_path: Path, webhook: Receiver, smtp_server: Mailbox
) -> None:
    """Each channel's README example, as written but for where it delivers, sends a change
    (a daily digest: a change and a health notice in one delivery) that arrives whole."""
    blocks = re.findall(r"```toml\n(.*?)```", notification_section(), re.S)
    specs = [
        on_local_receivers(spec, webhook, smtp_server, tmp_path)
        for block in blocks
        for spec in specs_from_tables(tomllib.loads(block)["notify"], "README.md")
    ]
    notifiers = build_notifiers(specs, ChannelContext(data_dir=tmp_path))

    async def send_each() -> None:
        for number, notifier in enumerate(notifiers):
            events = (event(), notice()) if notifier.digest else (event(),)
            await notifier.send(
                Batch(key=f"k{number}", events=events, digest=bool(notifier.digest))
            )
            await notifier.aclose()

    asyncio.run(send_each())
    by_kind = {spec.name: spec.kind for spec in specs}
    hooks = [name for name, kind in by_kind.items() if kind == "webhook"]
    assert len(webhook.posts) == len(hooks) + 1  # each webhook, and Apprise's json:// POST
    (change,) = [post for post in webhook.posts if post.get("type") == "change"]
    assert change["old"]["snapshot"] == 6 and change["new"]["snapshot"] == 7
    (digest,) = [post for post in webhook.posts if post.get("type") == "digest"]
    assert [item["type"] for item in digest["events"]] == ["change", "gone"]
    (chat,) = [post for post in webhook.posts if "message" in post]  # Apprise's JSON
    assert "strengthened" in chat["message"]
    (entry,) = parse_feed((tmp_path / "feed.atom").read_bytes())
    assert "snapshot 7" in entry.summary
    (message,) = smtp_server.messages  # the e-mail example is a daily digest
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    parts = {p.get_content_type(): p.get_content() for p in parsed.walk() if not p.is_multipart()}
    for part in ("text/plain", "text/html"):
        assert "strengthened" in parts[part] and "gone" in parts[part], part


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_watchlist_and_the_tracker_toml_beside_it_configure_notifiers(tmp_path: Path) -> None:
    write(
        tmp_path / "tracker.toml", '[notify.desk]\ntype = "webhook"\nurl = "https://h.example/"\n'
    )
    listed = write(
        tmp_path / "w.toml",
        '[notify.ops]\ntype = "email"\nhost = "mail.example"\nto = ["a@b.example"]\n\n'
        '[[watch]]\nname = "knee"\nurl = "https://clinic.example/knee"\n',
    )
    assert [w.name for w in load_watchlist(listed).watches] == ["knee"]
    specs = load_specs([listed])
    assert [(s.name, s.kind) for s in specs] == [("desk", "webhook"), ("ops", "email")]
    notifiers = notifiers_for([listed], NotifierFlags(), data_dir=tmp_path / "data", environ={})
    assert [(n.name, n.kind) for n in notifiers] == [
        ("desk", "webhook"),
        ("ops", "email"),
        ("feed", "feed"),
    ]


@pytest.mark.parametrize(
    ("table", "field"),
    [
        ('[notify.x]\ntype = "pager"\n', "notify.x.type"),
        ('[notify.x]\ntype = "webhook"\nurl = "https://h/"\nurls = []\n', "notify.x.urls"),
        (
            '[notify.x]\ntype = "webhook"\nurl = "https://h/"\ndigest = "hourly"\n',
            "notify.x.digest",
        ),
        ('[notify.x]\ntype = "email"\nhost = "h"\n', "notify.x"),
    ],
)
def test_a_bad_notifier_names_its_file_and_field(tmp_path: Path, table: str, field: str) -> None:
    listed = write(tmp_path / "w.toml", table)
    with pytest.raises(WatchlistError) as caught:
        notifiers_for([listed], NotifierFlags(), data_dir=tmp_path, environ={})
    assert caught.value.path == str(listed) and caught.value.field == field


def test_the_old_flags_build_the_same_notifiers_as_their_tables(tmp_path: Path) -> None:
    flags = NotifierFlags(
        webhooks=("https://a.example/hook", "https://b.example/hook"),
        smtp_host="mail.example",
        smtp_security="tls",
        mail_to=("desk@example.org",),
        feed=tmp_path / "changes.atom",
    )
    context = ChannelContext(data_dir=tmp_path, environ={"TRACKER_SMTP_PASSWORD": "pw"})
    from_flags = build_notifiers(specs_from_flags(flags, []), context)
    tables = tomllib.loads(
        f'[notify.feed]\ntype = "feed"\npath = "{tmp_path / "changes.atom"}"\n'
        '[notify.webhook]\ntype = "webhook"\nurl = "https://a.example/hook"\n'
        '[notify.webhook-2]\ntype = "webhook"\nurl = "https://b.example/hook"\n'
        '[notify.email]\ntype = "email"\nhost = "mail.example"\nsecurity = "tls"\n'
        'to = ["desk@example.org"]\n'
    )
    from_tables = build_notifiers(specs_from_tables(tables["notify"], "t.toml"), context)
    assert [(n.name, type(n)) for n in from_flags] == [(n.name, type(n)) for n in from_tables]
    feed, first, _, mail = from_flags
    assert isinstance(feed, FeedNotifier) and feed.path == tmp_path / "changes.atom"
    assert isinstance(first, WebhookNotifier) and first.url == "https://a.example/hook"
    assert isinstance(mail, EmailNotifier) and mail.settings == from_tables[3].settings
    assert mail.settings.port == 465 and mail.settings.password == "pw"
    with pytest.raises(ValueError, match="--mail-to needs --smtp-host"):
        specs_from_flags(NotifierFlags(mail_to=("a@b.example",)), [])
    assert specs_from_flags(NotifierFlags(no_feed=True), []) == []


def test_a_manual_check_notifies_as_the_watch_of_its_url_or_the_defaults(tmp_path: Path) -> None:
    listed = write(
        tmp_path / "w.toml",
        '[defaults]\nnotify = ["claims"]\n\n[[watch]]\nname = "knee"\n'
        'url = "https://clinic.example/knee"\nnotify = ["references"]\ntags = ["t"]\n',
    )
    watch = watch_for_url([listed], "HTTPS://clinic.example/knee")
    assert watch is not None
    assert (watch.name, watch.notify, watch.tags) == ("knee", ("references",), ("t",))
    assert watch_for_url([listed], "https://clinic.example/hip") is None
    other = default_watch([listed], "https://clinic.example/hip")
    assert (other.name, other.notify) == ("https://clinic.example/hip", ("claims",))


def test_every_notification_flag_reaches_its_field_of_notifier_flags(tmp_path: Path) -> None:
    """notify_options hands a command one NotifierFlags, each option filling the field of
    its own name: every flag given on the command line arrives."""
    received: list[NotifierFlags] = []

    @click.command()
    @click.option("--other", default="kept")
    @notify_options
    def command(notify_flags: NotifierFlags, other: str) -> None:
        assert other == "also given"
        received.append(notify_flags)

    feed = tmp_path / "news.atom"
    arguments = ["--feed", str(feed), "--no-feed", "--webhook", "http://127.0.0.1:9/a"]
    arguments += ["--webhook", "http://127.0.0.1:9/b", "--smtp-host", "127.0.0.1"]
    arguments += ["--smtp-port", "2525", "--smtp-security", "starttls", "--smtp-user", "me"]
    arguments += ["--mail-from", "t@example.org", "--mail-to", "r@example.org"]
    arguments += ["--digest", "daily", "--base-url", "http://127.0.0.1:8/", "--other"]
    result = CliRunner().invoke(command, [*arguments, "also given"])
    assert result.exit_code == 0, result.output
    assert received == [
        NotifierFlags(
            feed=feed,
            no_feed=True,
            webhooks=("http://127.0.0.1:9/a", "http://127.0.0.1:9/b"),
            smtp_host="127.0.0.1",
            smtp_port=2525,
            smtp_security="starttls",
            smtp_user="me",
            mail_from="t@example.org",
            mail_to=("r@example.org",),
            digest="daily",
            base_url="http://127.0.0.1:8/",
        )
    ]
