"""The outbox as a user meets it: a receiver down then up, a digest, retries that wait."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from support.clinic import clinic_page
from support.receivers import Receiver
from support.server import LocalServer
from support.site import T0, URL, Page, make_document, store_version

from tracker.cli import cli
from tracker.daemon import Daemon, DaemonSettings, pipeline_checker
from tracker.fetch import HttpFetcher
from tracker.notify import (
    Batch,
    Dispatcher,
    FeedNotifier,
    HealthKind,
    HealthNotice,
    Notifier,
    Plan,
    RetryBackoff,
    WebhookNotifier,
    next_digest,
)
from tracker.render.feed import parse_feed
from tracker.store import FailedDelivery, Index, Queued, open_index
from tracker.store.rows import INDEX_NAME

LIMIT = 30.0


async def until(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + LIMIT
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


def watchlist(path: Path, site: LocalServer) -> Path:
    path.write_text(
        '[[watch]]\nname = "knee"\n'
        f'url = "{site.url("/knee")}"\n'
        'interval = "0.1"\njitter = 0\nmin_host_delay = 0.01\nrespect_robots = false\n',
        encoding="utf-8",
    )
    return path


def run_daemon(
    tmp_path: Path,
    site: LocalServer,
    notifiers: list[Notifier],
    scenario: Callable[[Index], Awaitable[None]],
) -> None:
    """A daemon with the real pipeline over ``site``'s /knee, stopped when ``scenario`` ends."""
    settings = DaemonSettings(
        data_dir=tmp_path / "data",
        watchlists=(watchlist(tmp_path / "w.toml", site),),
        startup_spread=0.0,
        reload_poll=0.0,
        state_flush=0.05,
        delivery_poll=0.05,
        allow_private=True,
        retry=RetryBackoff(first=0.05, cap=0.1),
    )

    async def main() -> None:
        with open_index(settings.data_dir) as store:
            async with HttpFetcher() as fetcher:
                checker = pipeline_checker(store, fetcher, Plan(notifiers), allow_private=True)
                daemon = Daemon(settings, store=store, checker=checker, notifiers=notifiers)
                runner = asyncio.create_task(daemon.run())
                try:
                    await scenario(store)
                finally:
                    daemon.request_stop()
                    await asyncio.wait_for(runner, LIMIT)

    asyncio.run(main())


def test_a_receiver_that_is_down_delays_no_check_and_no_other_receiver(
    tmp_path: Path, webhook: Receiver, site: LocalServer
) -> None:
    site.pages["/knee"] = Page(clinic_page())
    webhook.status = 503  # the receiver is down when the change is found
    feed_file = tmp_path / "feed.atom"

    def checks() -> int:
        return site.paths.count("/knee")

    async def scenario(store: Index) -> None:
        await until(lambda: checks() >= 2, "the first checks")
        site.pages["/knee"] = Page(clinic_page(patients=2000, hedge="will"))
        await until(feed_file.exists, "the feed entry, while the webhook is down")
        await until(lambda: webhook.refused >= 3, "retries of the webhook")
        (owed,) = store.owed_deliveries()
        assert owed.notifier == "webhook" and "HTTP 503" in (owed.last_error or "")
        seen = checks()
        await until(lambda: checks() >= seen + 3, "checks going on meanwhile")
        webhook.status = 200
        await until(lambda: bool(webhook.posts), "the delivery once it is up")
        await until(lambda: not store.owed_deliveries(), "nothing owed")
        await asyncio.sleep(0.3)  # retries would have come by now

    notifiers: list[Notifier] = [WebhookNotifier(webhook.url), FeedNotifier(feed_file)]
    run_daemon(tmp_path, site, notifiers, scenario)
    (post,) = webhook.posts
    assert post["type"] == "change" and post["watch"] == "knee"
    assert post["old"]["snapshot"] < post["new"]["snapshot"] == post["snapshot"]
    assert len(webhook.keys) == 1 and webhook.keys[0]
    (entry,) = parse_feed(feed_file.read_bytes())
    assert entry.id == f"urn:tracker:snapshot:{post['snapshot']}"


def test_a_page_gone_then_back_edited_is_news_and_its_change_names_the_gap(
    tmp_path: Path, webhook: Receiver, site: LocalServer
) -> None:
    site.pages["/knee"] = Page(clinic_page())

    async def scenario(store: Index) -> None:
        await until(lambda: site.paths.count("/knee") >= 2, "the first checks")
        del site.pages["/knee"]  # 404 for a while
        await until(lambda: len(webhook.posts) >= 1, "the gone notice")
        seen = site.paths.count("/knee")
        await until(lambda: site.paths.count("/knee") >= seen + 2, "more failed checks")
        site.pages["/knee"] = Page(clinic_page(patients=2000, hedge="will"))
        await until(lambda: len(webhook.posts) >= 3, "the recovery and the change")

    run_daemon(tmp_path, site, [WebhookNotifier(webhook.url)], scenario)
    # The change is queued with the check that found it, the recovery just after.
    posts = {post["type"]: post for post in webhook.posts}
    assert sorted(posts) == ["change", "gone", "recovered"] and len(webhook.posts) == 3
    gone, recovered, change = posts["gone"], posts["recovered"], posts["change"]
    assert "404" in gone["detail"]["reason"]
    failed = recovered["detail"]["failed_checks"]
    assert failed >= 3 and recovered["detail"]["from"] == gone["detail"]["from"]
    gap = change["unreachable"]
    assert gap["failed_checks"] == failed and gap["outcomes"] == ["gone"]
    # The same failed checks: the store times each check from its start, the daemon
    # from its end, so each side of the store's gap comes a little earlier.
    assert gone["detail"]["from"] >= gap["from"] > change["old"]["captured"]
    assert recovered["detail"]["to"] >= gap["to"] >= gap["from"]
    assert any("unreachable in between" in line for line in change["summary"])


def notice(minute: int) -> HealthNotice:
    return HealthNotice(
        watch="knee",
        url="https://clinic.example/knee",
        kind=HealthKind.GONE,
        at=datetime(2026, 11, 24, 9, minute, tzinfo=UTC),
        message=f"knee is gone ({minute})",
    )


def test_a_daily_digest_waits_for_midnight_and_goes_as_one_delivery(
    tmp_path: Path, webhook: Receiver
) -> None:
    morning = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    now = [morning]
    notifier = WebhookNotifier(webhook.url, digest="daily")
    plan = Plan([notifier], clock=lambda: now[0])
    with open_index(tmp_path) as store:
        store.enqueue([*plan.health(notice(1)), *plan.health(notice(2))])
        dispatcher = Dispatcher(store, [notifier], clock=lambda: now[0])
        assert asyncio.run(dispatcher.deliver_due("webhook")) == (0, 0)
        assert store.next_delivery_due("webhook") == next_digest(morning)
        now[0] = next_digest(morning) + timedelta(seconds=1)
        assert asyncio.run(dispatcher.deliver_due("webhook")) == (2, 0)
    (post,) = webhook.posts
    assert post["type"] == "digest"
    assert [event["message"] for event in post["events"]] == [
        "knee is gone (1)",
        "knee is gone (2)",
    ]


def test_a_failed_delivery_waits_its_backoff_kept_in_the_index(
    tmp_path: Path, webhook: Receiver
) -> None:
    # The outbox queues at the real time: start well after it, however slow the machine.
    start = datetime.now(UTC) + timedelta(seconds=30)
    now = [start]
    webhook.status = 500
    with open_index(tmp_path) as store:
        notifier = WebhookNotifier(webhook.url)
        store.enqueue(Plan([notifier]).health(notice(1)))

        def deliver() -> tuple[int, int]:
            dispatcher = Dispatcher(
                store,
                [WebhookNotifier(webhook.url)],
                backoff=RetryBackoff(first=60),
                clock=lambda: now[0],
            )
            return asyncio.run(dispatcher.deliver_due("webhook"))

        assert deliver() == (0, 1)
        assert deliver() == (0, 0)  # not before its backoff, even from a new dispatcher
        now[0] = start + timedelta(seconds=61)
        assert deliver() == (0, 1)
        (owed,) = store.owed_deliveries()
        assert owed.attempts == 2 and owed.not_before == now[0] + timedelta(seconds=120)
        webhook.status = 200
        now[0] = owed.not_before
        assert deliver() == (1, 0)
        assert store.owed_deliveries() == []
    assert webhook.refused == 2 and len(webhook.posts) == 1


def test_status_says_what_is_owed_to_whom_and_why(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tracker.cli import cli

    listed = tmp_path / "w.toml"
    listed.write_text('[[watch]]\nname = "knee"\nurl = "https://clinic.example/knee"\n')
    now = datetime.now(UTC)
    with open_index(tmp_path / "data") as store:
        notifier = WebhookNotifier("http://127.0.0.1:9/hook", name="desk")
        (first, _) = store.enqueue([*Plan([notifier]).health(notice(1))] * 2)
        failed = FailedDelivery(
            id=first, error="webhook http://127.0.0.1:9/hook: ConnectError", retry_at=now
        )
        store.settle_deliveries([], [failed], now)
    result = CliRunner().invoke(cli, ["status", str(listed), "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    assert "notifications owed: 2 (1 failing)" in result.output
    assert "desk: knee gone, queued" in result.output
    assert "1 attempt(s)" in result.output and "ConnectError" in result.output


def test_what_a_removed_notifier_is_owed_is_named_then_redirected_or_abandoned_never_lost(
    tmp_path: Path, webhook: Receiver
) -> None:
    listed = tmp_path / "w.toml"
    listed.write_text(
        '[[watch]]\nname = "knee"\nurl = "https://clinic.example/knee"\n\n'
        f'[notify.desk]\ntype = "webhook"\nurl = "{webhook.url}"\n'
    )
    data = tmp_path / "data"
    with open_index(data) as store:  # owed to two webhooks since taken out of the config
        store.enqueue(Plan([WebhookNotifier(webhook.url, name="old-hook")]).health(notice(1)))
        store.enqueue(Plan([WebhookNotifier(webhook.url, name="spare")]).health(notice(2)))
        store.note_notifiers({"desk": "webhook", "feed": "feed"}, datetime.now(UTC))

    def tracker(*args: str) -> str:
        result = CliRunner().invoke(cli, [*args, "--data-dir", str(data)])
        assert result.exit_code == 0, result.output
        return result.output

    status = " ".join(tracker("status", str(listed)).split())
    assert "1 notification(s) owed to 'old-hook', which neither the last daemon" in status
    assert "tracker outbox redirect old-hook --to NAME" in status
    assert "tracker outbox abandon spare --reason" in status
    assert "redirected 1 notification(s)" in tracker(
        "outbox", "redirect", "old-hook", "--to", "desk"
    )
    assert "abandoned 1" in tracker("outbox", "abandon", "spare", "--reason", "retired in May")
    document = json.loads(tracker("status", str(listed), "--format", "json"))
    (owed,) = document["notifications"]
    assert (owed["notifier"], owed["stranded"]) == ("desk", False)
    assert document["outbox"]["stranded"] == {}
    reasons = [item["reason"] for item in document["outbox"]["abandoned"]]
    assert reasons == ["redirected to desk (delivery 3)", "retired in May"]  # both kept

    async def send() -> tuple[int, int]:
        dispatcher = Dispatcher(store, [WebhookNotifier(webhook.url, name="desk")])
        try:
            return await dispatcher.deliver_due("desk")
        finally:
            await dispatcher.aclose()

    with open_index(data) as store:
        assert asyncio.run(send()) == (1, 0) and not store.owed_deliveries()
    assert [post["message"] for post in webhook.posts] == ["knee is gone (1)"]


def test_a_redirected_delivery_is_the_same_notification_owed_to_another(tmp_path: Path) -> None:
    at = datetime(2031, 5, 4, 3, 2, 1, tzinfo=UTC)
    with open_index(tmp_path / "data") as store:
        before = store_version(store, make_document("One claim."), T0)
        payload = {"type": "change", "title": "Kn\u00e9e surgery", "claims": [1, 2.5]}
        change = Queued(notifier="old", kind="change", watch="knee", url=URL, payload=payload)
        gone = replace(change, kind="gone", payload={}, not_before=at - timedelta(days=1))
        store.enqueue([replace(change, previous_snapshot_id=before), gone])
        assert store.redirect_deliveries("old", "desk", at) == 2
        moved, kept = store.owed_deliveries(), store.abandoned_deliveries()
    assert [(d.notifier, d.not_before) for d in moved] == [("desk", at), ("desk", at)]
    assert [d.notifier for d in kept] == ["old", "old"]
    assert {d.key for d in moved}.isdisjoint(d.key for d in kept)
    told = ("kind", "watch", "url", "payload", "previous_snapshot_id", "check_id", "snapshot_id")
    assert [[getattr(d, name) for name in told] for d in moved] == [
        [getattr(d, name) for name in told] for d in kept
    ]
    assert moved[0].previous_snapshot_id == before and moved[0].payload == payload


def test_a_page_gone_found_by_hand_is_news_once_and_the_daemon_agrees(
    tmp_path: Path, webhook: Receiver, site: LocalServer
) -> None:
    listed = watchlist(tmp_path / "w.toml", site)
    data = str(tmp_path / "data")
    manual = ["check", site.url("/knee"), "--data-dir", data, "--allow-private"]
    manual += ["--watchlist", str(listed), "--webhook", webhook.url, "--no-feed"]
    site.pages["/knee"] = Page(clinic_page())
    assert CliRunner().invoke(cli, manual).exit_code == 0
    del site.pages["/knee"]
    for _ in range(2):  # gone twice: news the first time only
        assert CliRunner().invoke(cli, manual).exit_code == 1
    (gone,) = webhook.posts
    assert gone["type"] == "gone" and gone["watch"] == "knee" and "404" in gone["detail"]["reason"]

    async def scenario(store: Index) -> None:
        seen = site.paths.count("/knee")
        await until(lambda: site.paths.count("/knee") >= seen + 2, "the daemon's failed checks")
        site.pages["/knee"] = Page(clinic_page())
        await until(lambda: len(webhook.posts) >= 2, "the recovery")

    run_daemon(tmp_path, site, [WebhookNotifier(webhook.url)], scenario)
    # the daemon knew the streak was told: no second gone, and its recovery names it all
    assert [post["type"] for post in webhook.posts] == ["gone", "recovered"]
    recovered = webhook.posts[1]["detail"]
    assert recovered["from"] == gone["detail"]["from"] and recovered["failed_checks"] >= 4


def _in_the_old_shape(payload: dict[str, object]) -> str:
    """A change's payload as tracker queued it before changes were queued complete: no
    capture evidence, no new snapshot id (it was read from the index when sent)."""
    report = payload["report"]
    assert isinstance(report, dict)
    for side in (report["old"], report["new"]):
        for key in ("snapshot", "captured", "sha256", "warc_file", "warc_offset"):
            side.pop(key, None)
    return json.dumps({**payload, "snapshot": None, "old": None, "new": None})


def test_a_change_queued_by_the_previous_version_is_sent_naming_its_captures(
    tmp_path: Path, webhook: Receiver, site: LocalServer
) -> None:
    data = tmp_path / "data"
    check = ["check", site.url("/knee"), "--data-dir", str(data), "--allow-private"]
    check += ["--webhook", webhook.url, "--no-feed"]
    webhook.status = 503  # the change stays owed, as in a data directory being upgraded
    site.pages["/knee"] = Page(clinic_page())
    assert CliRunner().invoke(cli, check).exit_code == 0
    site.pages["/knee"] = Page(clinic_page(patients=2000, hedge="will"))
    assert CliRunner().invoke(cli, check).exit_code == 0
    with open_index(data) as store:
        (owed,) = store.owed_deliveries()
        old, new = store.snapshots(site.url("/knee"))
    with sqlite3.connect(data / INDEX_NAME) as db:
        db.execute(
            "UPDATE outbox SET payload = ?, not_before = ? WHERE id = ?",
            (_in_the_old_shape(owed.payload), "2000-01-01T00:00:00+00:00", owed.id),
        )
    webhook.status = 200

    async def send(store: Index) -> tuple[int, int]:
        dispatcher = Dispatcher(store, [WebhookNotifier(webhook.url)])
        try:
            return await dispatcher.deliver_due("webhook")
        finally:
            await dispatcher.aclose()

    with open_index(data) as store:
        assert asyncio.run(send(store)) == (1, 0)
    (post,) = webhook.posts
    assert post["snapshot"] == new.id
    assert (post["old"]["snapshot"], post["new"]["snapshot"]) == (old.id, new.id)
    assert post["new"]["sha256"] == new.body_sha256
    assert post["new"]["record"] == f"{new.warc_file}@{new.warc_offset}"
    assert (post["report"]["old"]["snapshot"], post["report"]["new"]["snapshot"]) == (
        old.id,
        new.id,
    )


class Spy:
    """Counts the index's transactions settling deliveries: the ids each marks sent, and
    those it keeps failed."""

    def __init__(self, store: Index) -> None:
        self.marked: list[list[int]] = []
        self.failed: list[list[int]] = []
        settle = store.settle_deliveries

        def settle_deliveries(
            sent: Sequence[int], failed: Sequence[FailedDelivery], at: datetime
        ) -> None:
            self.marked.append(list(sent))
            self.failed.append([attempt.id for attempt in failed])
            settle(sent, failed, at)

        store.settle_deliveries = settle_deliveries  # type: ignore[method-assign]


def test_a_batch_for_the_feed_is_one_file_write_and_one_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.notify.feed as feed_module

    writes: list[Path] = []
    write = feed_module.atomic_write

    def counted(path: Path, data: bytes) -> None:
        writes.append(path)
        write(path, data)

    monkeypatch.setattr(feed_module, "atomic_write", counted)
    feed = FeedNotifier(tmp_path / "feed.atom")
    with open_index(tmp_path / "data") as store:
        ids = store.enqueue(
            [item for minute in range(5) for item in Plan([feed]).health(notice(minute))]
        )
        spy = Spy(store)
        dispatcher = Dispatcher(store, [feed])
        assert asyncio.run(dispatcher.deliver_due("feed")) == (5, 0)
        assert spy.marked == [ids] and store.owed_deliveries() == []
    assert writes == [tmp_path / "feed.atom"]
    entries = parse_feed((tmp_path / "feed.atom").read_bytes())
    assert sorted(entry.summary for entry in entries) == [f"knee is gone ({m})" for m in range(5)]


def test_each_webhook_delivery_is_its_own_post_and_those_accepted_are_marked_at_once(
    tmp_path: Path, webhook: Receiver
) -> None:
    webhook.fail_first = 1
    hook = WebhookNotifier(webhook.url)
    with open_index(tmp_path / "data") as store:
        first, *others = store.enqueue(
            [item for minute in range(3) for item in Plan([hook]).health(notice(minute))]
        )
        spy = Spy(store)
        dispatcher = Dispatcher(store, [hook])
        assert asyncio.run(dispatcher.deliver_due("webhook")) == (2, 1)
        assert spy.marked == [others] and spy.failed == [[first]]  # one transaction
        (owed,) = store.owed_deliveries()
        assert owed.id == first and owed.attempts == 1 and "503" in (owed.last_error or "")
    assert [post["message"] for post in webhook.posts] == ["knee is gone (1)", "knee is gone (2)"]
    assert len(set(webhook.keys)) == 2


def test_a_receiver_that_is_down_costs_one_transaction_a_pass_and_loses_nothing(
    tmp_path: Path, webhook: Receiver
) -> None:
    webhook.status = 503

    async def one_pass(store: Index, now: datetime) -> tuple[int, int]:
        dispatcher = Dispatcher(store, [WebhookNotifier(webhook.url)], clock=lambda: now)
        try:
            return await dispatcher.deliver_due("webhook")
        finally:
            await dispatcher.aclose()

    with open_index(tmp_path / "data") as store:
        plan = Plan([WebhookNotifier(webhook.url)])
        ids = store.enqueue([item for minute in range(5) for item in plan.health(notice(minute))])
        spy = Spy(store)
        assert asyncio.run(one_pass(store, datetime.now(UTC))) == (0, 5)
        assert spy.failed == [ids] and spy.marked == [[]]  # every failure, one transaction
        owed = store.owed_deliveries()
        assert [delivery.id for delivery in owed] == ids
        assert all(d.attempts == 1 and "503" in (d.last_error or "") for d in owed)

        webhook.status = 200  # back up: what failed is sent, each once
        assert asyncio.run(one_pass(store, datetime.now(UTC) + timedelta(hours=1))) == (5, 0)
        assert store.owed_deliveries() == []
    assert len(webhook.posts) == 5 and len(set(webhook.keys)) == 5


class Stalls:
    """A receiver that accepts its first delivery, then hangs until the sender is stopped."""

    kind: ClassVar[str] = "stalls"
    bundles: ClassVar[bool] = False
    name = "stalls"
    health = True
    digest = None

    def __init__(self) -> None:
        self.accepted: list[str] = []

    async def send(self, batch: Batch) -> None:
        if self.accepted:
            await asyncio.Event().wait()
        self.accepted.append(batch.key)

    async def aclose(self) -> None:
        return None


def test_a_sender_stopped_midway_marks_what_was_accepted_and_keeps_the_rest_owed(
    tmp_path: Path,
) -> None:
    stalls = Stalls()
    with open_index(tmp_path / "data") as store:
        _, *rest = store.enqueue(
            [item for minute in range(3) for item in Plan([stalls]).health(notice(minute))]
        )
        dispatcher = Dispatcher(store, [stalls])

        async def stop_midway() -> None:
            sending = asyncio.create_task(dispatcher.deliver_due("stalls"))
            await until(lambda: len(stalls.accepted) == 1, "the first delivery accepted")
            sending.cancel()
            with pytest.raises(asyncio.CancelledError):
                await sending

        asyncio.run(stop_midway())
        assert [owed.id for owed in store.owed_deliveries()] == rest
    assert len(stalls.accepted) == 1
