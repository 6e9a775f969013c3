"""Notifications: filters, the Atom feed, a webhook receiver and an SMTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import email
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.receivers import Mailbox, Receiver
from support.reports import chrome_report, claim_report, reference_report

from tracker.model import Significance
from tracker.notify import (
    NOTIFIERS,
    ChangeEvent,
    DeliveryError,
    Dispatcher,
    EmailNotifier,
    FeedNotifier,
    HealthEvent,
    HealthNotice,
    SmtpSettings,
    WebhookNotifier,
    wants,
)
from tracker.render.feed import FeedEntry, parse_feed, render_feed, report_summary

AT = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)


def event(report=None, snapshot: int = 7) -> ChangeEvent:
    return ChangeEvent(
        watch="knee-clinic",
        url="https://clinic.example/knee",
        checked_at=AT,
        report=report or claim_report(strengthened=True),
        snapshot=snapshot,
        report_link="https://reports.example/7.html",
    )


async def no_sleep(_: float) -> None:
    return None


def test_every_builtin_notifier_is_registered() -> None:
    assert {"feed", "webhook", "email"} <= set(NOTIFIERS)


def test_chrome_only_changes_never_notify_whatever_the_filters() -> None:
    for filters in ((), ("claims",), ("silent_edits",), ("references", "strengthened")):
        assert not wants(filters, chrome_report())


def test_filters_select_claims_references_strengthened_and_silent_edits() -> None:
    plain, strong, silent, refs = (
        claim_report(),
        claim_report(strengthened=True),
        claim_report(silent=True),
        reference_report(),
    )
    assert all(wants((), r) for r in (plain, strong, silent, refs))
    assert wants(("claims",), plain) and not wants(("claims",), refs)
    assert wants(("references",), refs) and not wants(("references",), plain)
    assert wants(("strengthened",), strong) and not wants(("strengthened",), plain)
    assert wants(("silent_edits",), silent) and wants(("silent_edits",), refs)
    assert not wants(("silent_edits",), plain)
    assert wants(("strengthened", "references"), refs)
    with pytest.raises(ValueError, match="unknown notify filter"):
        wants(("everything",), plain)


def test_summary_names_claim_reference_and_date_changes() -> None:
    text = "\n".join(report_summary(claim_report(strengthened=True)))
    assert "1 claim change" in text and "strengthened" in text and "hedge removed" in text
    assert "Updated date: 2025-03-02 → 2025-09-14" in text
    assert "Silent edit" in "\n".join(report_summary(reference_report()))
    assert "[4]" in "\n".join(report_summary(reference_report()))


def test_feed_file_keeps_entries_newest_first_and_is_valid_atom(tmp_path: Path) -> None:
    feed = FeedNotifier(tmp_path / "feed.atom", max_entries=2)

    async def main() -> None:
        for n in range(3):
            later = replace(event(snapshot=n), checked_at=AT.replace(minute=n))
            await feed.send(later)

    asyncio.run(main())
    entries = parse_feed((tmp_path / "feed.atom").read_bytes())
    assert [e.id for e in entries] == ["urn:tracker:snapshot:2", "urn:tracker:snapshot:1"]
    first = entries[0]
    assert first.title == "Knee cartilage repair with cell therapy changed"
    assert first.link == "https://reports.example/7.html"
    assert first.page_url == "https://clinic.example/knee"
    assert "strengthened" in first.summary
    assert first.updated == AT.replace(minute=2)


def test_feed_links_a_local_report_file_as_a_file_uri(tmp_path: Path) -> None:
    feed = FeedNotifier(tmp_path / "feed.atom")
    report_file = tmp_path / "reports" / "9.html"
    change = ChangeEvent(
        watch="w",
        url="https://clinic.example/knee",
        checked_at=AT,
        report=claim_report(),
        snapshot=9,
        report_link=str(report_file),
    )
    asyncio.run(feed.send(change))
    (entry,) = parse_feed((tmp_path / "feed.atom").read_bytes())
    assert entry.link == report_file.resolve().as_uri()


@given(
    title=st.text(max_size=80),
    summary=st.text(max_size=300),
    link=st.none() | st.text(min_size=1, max_size=40),
)
def test_feed_round_trips_any_text(title: str, summary: str, link: str | None) -> None:
    entry = FeedEntry(
        id="urn:x:1", title=title, updated=AT, summary=summary, link=link, page_url=link
    )
    (back,) = parse_feed(render_feed([entry], feed_id="urn:f", title="t"))
    title = title.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(c for c in title if c in "\t\n" or (ord(c) >= 32 and c not in "\ufffe\uffff"))
    assert back.title == kept
    assert back.updated == AT


def test_webhook_posts_the_change_report_json(webhook: Receiver) -> None:
    notifier = WebhookNotifier(webhook.url, sleep=no_sleep)

    async def main() -> None:
        await notifier.send(event())
        await notifier.aclose()

    asyncio.run(main())
    (post,) = webhook.posts
    assert post["type"] == "change" and post["watch"] == "knee-clinic"
    assert post["report"]["schema"] == "tracker.change-report/1"
    assert post["report"]["claim_changes"][0]["tags"] == ["strengthened", "hedge_removed"]
    assert post["report_link"] == "https://reports.example/7.html"


def test_webhook_retries_with_backoff_until_the_receiver_accepts(webhook: Receiver) -> None:
    webhook.fail_first = 3
    delays: list[float] = []

    async def record(delay: float) -> None:
        delays.append(delay)

    notifier = WebhookNotifier(webhook.url, attempts=5, first_delay=1.0, sleep=record)
    asyncio.run(notifier.send(event()))
    assert len(webhook.posts) == 1
    assert len(delays) == 3
    assert 1.0 <= delays[0] <= 1.5 and 2.0 <= delays[1] <= 3.0 and 4.0 <= delays[2] <= 6.0


def test_webhook_gives_up_after_its_attempts_with_a_clear_error(webhook: Receiver) -> None:
    webhook.fail_first = 10
    notifier = WebhookNotifier(webhook.url, attempts=3, sleep=no_sleep)
    with pytest.raises(DeliveryError, match="failed after 3 attempt"):
        asyncio.run(notifier.send(event()))
    webhook.status = 400
    webhook.fail_first = 0
    with pytest.raises(DeliveryError, match=r"after 1 attempt.*HTTP 400"):
        asyncio.run(WebhookNotifier(webhook.url, attempts=3, sleep=no_sleep).send(event()))


def test_email_is_delivered_to_a_local_smtp_server(smtp_server: Mailbox) -> None:
    notifier = EmailNotifier(
        SmtpSettings(
            host=smtp_server.host,
            port=smtp_server.port,
            sender="tracker@lab.example",
            recipients=("ana@lab.example", "bo@lab.example"),
        )
    )
    asyncio.run(notifier.send(event(claim_report(silent=True))))
    (message,) = smtp_server.messages
    assert message["To"] == "ana@lab.example, bo@lab.example"
    assert "changed (silent edit)" in message["Subject"]
    parsed = email.message_from_bytes(message.as_bytes())
    parts = [part.get_content_type() for part in parsed.walk()]
    assert "application/json" in parts
    body = next(p for p in parsed.walk() if p.get_content_type() == "text/plain").get_payload(
        decode=True
    )
    assert b"https://clinic.example/knee" in body and b"Silent edit" in body


def test_email_to_a_closed_port_is_a_delivery_error() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    notifier = EmailNotifier(
        SmtpSettings(host="127.0.0.1", port=port, recipients=("a@b.example",), timeout=2)
    )
    with pytest.raises(DeliveryError, match=f"127.0.0.1:{port}"):
        asyncio.run(notifier.send(event()))


def test_dispatcher_filters_fans_out_and_survives_a_broken_notifier(
    tmp_path: Path, webhook: Receiver, smtp_server: Mailbox
) -> None:
    broken = WebhookNotifier("http://127.0.0.1:9/none", attempts=1, sleep=no_sleep)
    dispatcher = Dispatcher(
        [
            FeedNotifier(tmp_path / "feed.atom"),
            WebhookNotifier(webhook.url, sleep=no_sleep),
            EmailNotifier(
                SmtpSettings(
                    host=smtp_server.host, port=smtp_server.port, recipients=("a@b.example",)
                )
            ),
            broken,
        ]
    )
    notice = HealthNotice(
        watch="knee-clinic",
        url="https://clinic.example/knee",
        event=HealthEvent.FAILING,
        at=AT,
        failures=2,
        since=AT,
        reason="gone: HTTP 404",
    )

    async def main() -> tuple[list[str], list[str], list[str], list[str]]:
        chrome = await dispatcher.change(event(chrome_report()), ())
        filtered = await dispatcher.change(event(claim_report()), ("strengthened",))
        sent = await dispatcher.change(event(claim_report(strengthened=True)), ("strengthened",))
        health = await dispatcher.health(notice)
        await dispatcher.aclose()
        return chrome, filtered, sent, health

    chrome, filtered, sent, health = asyncio.run(main())
    assert chrome == [] and filtered == []
    assert sent == ["feed", "webhook", "email"]
    assert health == ["webhook", "email"]  # the feed carries changes only
    assert [p["type"] for p in webhook.posts] == ["change", "failing"]
    assert webhook.posts[1]["reason"] == "gone: HTTP 404"
    assert len(smtp_server.messages) == 2
    assert len(parse_feed((tmp_path / "feed.atom").read_bytes())) == 1


def test_the_significant_filter_selects_claim_changes_of_high_significance() -> None:
    report = claim_report()
    assert not wants(("significant",), report)
    report.claim_changes[0].significance = Significance.HIGH  # e.g. an FDA disclaimer removed
    assert wants(("significant",), report)
    assert not wants(("significant",), reference_report())
