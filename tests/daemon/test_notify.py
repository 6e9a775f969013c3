"""Notification channels: filters, the Atom feed, webhook, e-mail and Apprise on 127.0.0.1."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.events import AT, BASE, event, notice
from support.receivers import Mailbox, Receiver
from support.reports import chrome_report, claim_report, reference_report

from tracker.model import Significance
from tracker.notify import (
    CHANNELS,
    AppriseNotifier,
    Batch,
    ChangeEvent,
    DeliveryError,
    EmailNotifier,
    FeedNotifier,
    HealthNotice,
    Links,
    SmtpSettings,
    WebhookNotifier,
    wants,
)
from tracker.render.feed import FeedEntry, parse_feed, render_feed, report_summary


def one(item: ChangeEvent | HealthNotice, key: str = "tracker-k1") -> Batch:
    return Batch(key=key, events=(item,))


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_every_builtin_channel_is_registered() -> None:
    assert {"feed", "webhook", "email", "apprise"} <= set(CHANNELS)


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


def test_the_significant_filter_selects_claim_changes_of_high_significance() -> None:
    report = claim_report()
    assert not wants(("significant",), report)
    report.claim_changes[0].significance = Significance.HIGH  # e.g. an FDA disclaimer removed
    assert wants(("significant",), report)
    assert not wants(("significant",), reference_report())


def test_summary_names_claim_reference_and_date_changes() -> None:
    text = "\n".join(report_summary(claim_report(strengthened=True)))
    assert "1 claim change" in text and "strengthened" in text and "hedge removed" in text
    assert "Updated date: 2025-03-02 → 2025-09-14" in text
    assert "Silent edit" in "\n".join(report_summary(reference_report()))
    assert "[4]" in "\n".join(report_summary(reference_report()))


def test_events_survive_their_json_as_the_outbox_keeps_them() -> None:
    change, health = event(), notice()
    assert ChangeEvent.from_json(change.to_json()) == replace(change, report=change.report)
    assert ChangeEvent.from_json(change.to_json()).to_json() == change.to_json()
    assert HealthNotice.from_json(health.to_json()) == health


def test_feed_keeps_changes_and_health_news_newest_first_linking_the_workspace(
    tmp_path: Path,
) -> None:
    feed = FeedNotifier(tmp_path / "feed.atom", max_entries=3, links=Links(BASE))

    async def main() -> None:
        for n in range(3):
            await feed.send(one(replace(event(snapshot=n + 10), checked_at=AT.replace(minute=n))))
        await feed.send(one(replace(notice(), at=AT.replace(minute=5))))

    asyncio.run(main())
    entries = parse_feed((tmp_path / "feed.atom").read_bytes())
    assert [e.id.split(":")[2] for e in entries] == ["health", "snapshot", "snapshot"]
    assert entries[0].title == "knee-clinic: gone" and "HTTP 404" in entries[0].summary
    first = entries[1]
    assert first.title == "Knee cartilage repair with cell therapy changed"
    assert first.link == f"{BASE}/changes/12"
    assert first.page_url == "https://clinic.example/knee"
    assert "strengthened" in first.summary and "sha256 " + "b" * 64 in first.summary
    assert f"{BASE}/captures/12/record" in first.summary and "warc.gz@" not in first.summary
    assert b"file://" not in (tmp_path / "feed.atom").read_bytes()


def test_a_feed_written_from_what_it_kept_is_what_a_fresh_read_writes_and_sees_other_writers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "feed.atom"
    feed = FeedNotifier(path, max_entries=3)

    async def send(*snapshots: int) -> None:
        for n in snapshots:
            await feed.send(one(replace(event(snapshot=n), checked_at=AT.replace(minute=n))))

    asyncio.run(send(2, 3, 4, 5))
    written = path.read_bytes()
    kept = parse_feed(written)
    assert [entry.id for entry in kept] == [f"urn:tracker:snapshot:{n}" for n in (5, 4, 3)]
    assert written == render_feed(kept, feed_id="urn:tracker:feed:feed.atom", title=feed.title)

    # Another writer (a 'tracker check' beside the daemon) replaced the file: read again.
    other = FeedEntry(id="urn:other", title="other", updated=AT.replace(minute=30), summary="s")
    path.write_bytes(render_feed([other], feed_id="urn:tracker:feed:feed.atom", title="x"))
    asyncio.run(send(6))
    assert [entry.id for entry in parse_feed(path.read_bytes())] == [
        "urn:other",
        "urn:tracker:snapshot:6",
    ]


def test_with_a_base_url_a_message_names_each_capture_by_its_workspace_address() -> None:
    from tracker.notify.text import html_body, text_body

    for body in (text_body([event()], Links(BASE)), html_body([event()], Links(BASE))):
        assert f"{BASE}/captures/6/record" in body and f"{BASE}/captures/7/record" in body
        assert f"{BASE}/changes/7" in body and "warc.gz@" not in body
    assert "w.warc.gz@90" in text_body([event()], Links())  # no workspace: the record's name


def test_without_a_base_url_links_point_at_the_page_never_a_local_file(tmp_path: Path) -> None:
    feed = FeedNotifier(tmp_path / "feed.atom")
    asyncio.run(feed.send(one(event())))
    (entry,) = parse_feed((tmp_path / "feed.atom").read_bytes())
    assert entry.link == "https://clinic.example/knee"
    assert Links(BASE).watch("https://clinic.example/knee?a=1") == (
        f"{BASE}/watch?url=https%3A%2F%2Fclinic.example%2Fknee%3Fa%3D1"
    )


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


def test_webhook_posts_the_event_json_with_its_idempotency_key(webhook: Receiver) -> None:
    notifier = WebhookNotifier(webhook.url, links=Links(BASE))

    async def main() -> None:
        await notifier.send(one(event(), key="tracker-abc"))
        await notifier.send(one(notice(), key="tracker-def"))
        await notifier.aclose()

    asyncio.run(main())
    change, health = webhook.posts
    assert webhook.keys == ["tracker-abc", "tracker-def"]
    assert change["type"] == "change" and change["watch"] == "knee-clinic"
    assert change["report"]["schema"] == "tracker.change-report/1"
    assert change["report"]["claim_changes"][0]["tags"] == ["strengthened", "hedge_removed"]
    assert change["link"] == f"{BASE}/changes/7"
    assert change["old"]["snapshot"] == 6 and change["new"]["sha256"] == "b" * 64
    assert health["type"] == "gone" and health["detail"]["reason"] == "gone: HTTP 404"


def test_webhook_failures_are_delivery_errors_naming_the_answer(webhook: Receiver) -> None:
    webhook.status = 400
    with pytest.raises(DeliveryError, match="HTTP 400"):
        asyncio.run(WebhookNotifier(webhook.url).send(one(event())))
    port = closed_port()
    with pytest.raises(DeliveryError, match="ConnectError"):
        asyncio.run(WebhookNotifier(f"http://127.0.0.1:{port}/").send(one(event())))


def mail(smtp_server: Mailbox, **extra: object) -> EmailNotifier:
    settings = SmtpSettings(
        host=smtp_server.host,
        port=smtp_server.port,
        sender="tracker@lab.example",
        recipients=("ana@lab.example", "bo@lab.example"),
    )
    return EmailNotifier(settings, **extra)  # type: ignore[arg-type]


def test_email_is_html_with_a_plain_text_part_and_the_report_attached(
    smtp_server: Mailbox,
) -> None:
    change = event(claim_report(silent=True))
    asyncio.run(mail(smtp_server, links=Links(BASE)).send(one(change, key="tracker-xyz")))
    (message,) = smtp_server.messages
    assert message["To"] == "ana@lab.example, bo@lab.example"
    assert "changed (silent edit)" in message["Subject"]
    assert message["Message-ID"] == "<tracker-xyz@tracker.local>"
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    parts = {part.get_content_type(): part for part in parsed.walk()}
    assert {"text/plain", "text/html", "application/json"} <= set(parts)
    text = parts["text/plain"].get_content()
    html = parts["text/html"].get_content()
    assert "https://clinic.example/knee" in text and "Silent edit" in text
    assert "Old: snapshot 6" in text and f"Report: {BASE}/changes/7" in text
    assert f'href="{BASE}/changes/7"' in html and "<script" not in html and "src=" not in html


def test_page_text_in_an_email_is_escaped_in_html_and_kept_out_of_headers(
    smtp_server: Mailbox,
) -> None:
    report = claim_report()
    report.new.title = "Cure\x00 \x1b]52;c;evil\x07\r\nBcc: x@evil.example \u202egnp.exe\x85"
    asyncio.run(mail(smtp_server).send(one(event(report))))
    (message,) = smtp_server.messages
    assert message["Bcc"] is None
    subject = message["Subject"]
    assert all(ch.isprintable() for ch in subject), repr(subject)
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    html = next(p for p in parsed.walk() if p.get_content_type() == "text/html").get_content()
    assert "\x1b" not in html and "\u202e" not in html


@given(st.text(max_size=120))
def test_no_title_puts_a_control_or_bidi_character_in_a_subject(title: str) -> None:
    report = claim_report()
    report.new.title = title or None
    message = EmailNotifier(SmtpSettings(host="h", recipients=("a@b.example",))).message(
        one(event(report))
    )
    subject = str(message["Subject"])
    assert all(ch.isprintable() for ch in subject) and "\n" not in subject


def test_email_to_a_closed_port_is_a_delivery_error() -> None:
    port = closed_port()
    notifier = EmailNotifier(
        SmtpSettings(host="127.0.0.1", port=port, recipients=("a@b.example",), timeout=2)
    )
    with pytest.raises(DeliveryError, match=f"127.0.0.1:{port}"):
        asyncio.run(notifier.send(one(event())))


def test_apprise_delivers_through_its_json_service_to_a_local_receiver(webhook: Receiver) -> None:
    target = webhook.url.replace("http://", "json://")
    asyncio.run(AppriseNotifier((target,), links=Links(BASE)).send(one(event())))
    (post,) = webhook.posts
    assert post["title"] == "[tracker] Knee cartilage repair with cell therapy changed"
    assert f"{BASE}/changes/7" in post["message"] and "strengthened" in post["message"]
    webhook.status = 500
    with pytest.raises(DeliveryError, match="apprise"):
        asyncio.run(AppriseNotifier((target,)).send(one(notice())))
    with pytest.raises(ValueError, match="does not understand"):
        AppriseNotifier(("nonsense-scheme://x",))


def test_webhook_notifiers_share_the_fetchers_certificate_authorities(monkeypatch):
    """Reading the CA bundle costs ~50 ms of CPU: a webhook notifier takes the one
    context the fetchers share (tracker.fetch.http.tls_context) instead of its own."""
    import ssl

    from tracker.fetch.http import tls_context

    tls_context()
    bundles_read: list[object] = []
    original = ssl.SSLContext.load_verify_locations

    def counted(context: ssl.SSLContext, *args: object, **kwargs: object) -> None:
        bundles_read.append(args or kwargs)
        original(context, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    notifiers = [WebhookNotifier(f"https://hooks.example/{n}") for n in range(2)]
    for notifier in notifiers:
        asyncio.run(notifier.aclose())
    assert bundles_read == []
