"""Notifications of article changes: small notifier classes behind one protocol.

Only an article change notifies: a change in the chrome alone (menus, forms,
newsletter boxes) or a bare date bump never does, and a watch's ``notify`` filters
narrow it further (only claim changes, only references, only strengthened claims,
only silent edits). Three notifiers are built in and registered by name: an Atom
feed file, a webhook (JSON POST, retried with backoff) and email over SMTP. A
notifier that fails is logged and never stops the others or the daemon.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import smtplib
import ssl
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

import httpx

from tracker.atomic import atomic_write
from tracker.errors import TrackerError
from tracker.model import REPORT_FILTERS, ChangeReport
from tracker.render.feed import FeedEntry, parse_feed, render_feed, report_summary

__all__ = [
    "NOTIFIERS",
    "ChangeEvent",
    "DeliveryError",
    "Dispatcher",
    "EmailNotifier",
    "FeedNotifier",
    "HealthEvent",
    "HealthNotice",
    "Notifier",
    "WebhookNotifier",
    "register",
    "wants",
]

log = logging.getLogger("tracker.notify")


class DeliveryError(TrackerError):
    """A notification could not be delivered (after its retries)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeEvent:
    """One article change worth telling someone about."""

    watch: str
    url: str
    checked_at: datetime
    report: ChangeReport
    snapshot: int | str | None = None
    report_link: str | None = None  # the HTML report (a URL or a file path), when there is one
    tags: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.report.new.title or self.report.old.title or self.watch

    @property
    def summary(self) -> list[str]:
        return report_summary(self.report)

    @property
    def entry_id(self) -> str:
        if self.snapshot is not None:
            return f"urn:tracker:snapshot:{self.snapshot}"
        return f"urn:tracker:change:{self.watch}:{self.checked_at.isoformat()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "change",
            "watch": self.watch,
            "url": self.url,
            "title": self.title,
            "checked_at": self.checked_at.isoformat(),
            "snapshot": self.snapshot,
            "report_link": self.report_link,
            "tags": list(self.tags),
            "summary": self.summary,
            "report": self.report.to_json(),
        }


class HealthEvent(StrEnum):
    """A watch starting to fail, or coming back (tracker.daemon.failures decides when)."""

    FAILING = "failing"
    RECOVERED = "recovered"


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthNotice:
    """A watch started failing, or recovered (sent once each, see tracker.daemon.failures)."""

    watch: str
    url: str
    event: HealthEvent
    at: datetime
    failures: int = 0
    since: datetime | None = None
    reason: str | None = None

    def describe(self) -> str:
        if self.event == HealthEvent.FAILING:
            since = self.since.isoformat(timespec="seconds") if self.since else "now"
            count = f"{self.failures} in a row"
            return f"{self.watch} is failing since {since} ({count}): {self.reason}"
        failed = f" after {self.failures} failed check(s)" if self.failures else ""
        return f"{self.watch} recovered{failed}: checks succeed again"

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.event),
            "watch": self.watch,
            "url": self.url,
            "at": self.at.isoformat(),
            "failures": self.failures,
            "since": self.since.isoformat() if self.since else None,
            "reason": self.reason,
            "message": self.describe(),
        }


def is_article_change(report: ChangeReport) -> bool:
    """Whether the article itself changed (chrome-only changes and date bumps do not count)."""
    return bool(report.article_changed or report.claim_changes or report.reference_changes)


def wants(filters: Sequence[str], report: ChangeReport) -> bool:
    """Whether a watch with ``notify = filters`` is told about ``report`` (any filter matches)."""
    if not is_article_change(report):
        return False
    if not filters:
        return True
    unknown = set(filters) - set(REPORT_FILTERS)
    if unknown:
        raise ValueError(
            f"unknown notify filter(s) {sorted(unknown)}; choose from {sorted(REPORT_FILTERS)}"
        )
    return any(REPORT_FILTERS[name](report) for name in filters)


class Notifier(Protocol):
    """What every notifier offers; ``health`` says whether it also takes failing/recovered."""

    name: ClassVar[str]
    health: ClassVar[bool]

    async def send(self, event: ChangeEvent) -> None: ...

    async def send_health(self, notice: HealthNotice) -> None: ...

    async def aclose(self) -> None: ...


NOTIFIERS: dict[str, type[Notifier]] = {}


N = TypeVar("N", bound=type[Notifier])


def register(cls: N) -> N:
    """Class decorator adding a notifier to ``NOTIFIERS`` under its ``name``."""
    NOTIFIERS[cls.name] = cls
    return cls


def _file_link(link: str | None) -> str | None:
    if link and "://" not in link:
        return Path(link).resolve().as_uri()
    return link


# --------------------------------------------------------------------------- feed


@register
class FeedNotifier:
    """Keeps an Atom file of the latest article changes (the file is its own state)."""

    name: ClassVar[str] = "feed"
    health: ClassVar[bool] = False  # a feed of changes; failures go to the log and the others

    def __init__(self, path: Path, *, max_entries: int = 500, title: str = "tracker changes"):
        self.path = Path(path)
        self.max_entries = max_entries
        self.title = title
        self._lock = asyncio.Lock()

    def _entry(self, event: ChangeEvent) -> FeedEntry:
        title = f"{event.title} changed"
        if event.report.silent_edit:
            title += " (silent edit)"
        return FeedEntry(
            id=event.entry_id,
            title=title,
            updated=event.checked_at,
            summary="\n".join(event.summary),
            link=_file_link(event.report_link) or event.url,
            page_url=event.url,
        )

    def _write(self, entry: FeedEntry) -> None:
        entries: list[FeedEntry] = []
        if self.path.exists():
            try:
                entries = parse_feed(self.path.read_bytes())
            except Exception as error:  # an unreadable feed is rebuilt, not a stop
                log.warning("the feed file was unreadable and is started afresh: %s", error)
        entries = [entry, *(old for old in entries if old.id != entry.id)]
        entries.sort(key=lambda item: item.updated, reverse=True)
        data = render_feed(
            entries[: self.max_entries],
            feed_id=f"urn:tracker:feed:{self.path.name}",
            title=self.title,
            self_link=self.path.resolve().as_uri(),
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, data)

    async def send(self, event: ChangeEvent) -> None:
        async with self._lock:
            try:
                await asyncio.to_thread(self._write, self._entry(event))
            except OSError as error:
                raise DeliveryError(f"cannot write the feed {self.path}: {error}") from None

    async def send_health(self, notice: HealthNotice) -> None:
        raise DeliveryError("the feed carries article changes only")

    async def aclose(self) -> None:
        return None


# --------------------------------------------------------------------------- webhook


@register
class WebhookNotifier:
    """POSTs each change report as JSON; retried with exponential backoff and jitter."""

    name: ClassVar[str] = "webhook"
    health: ClassVar[bool] = True

    def __init__(
        self,
        url: str,
        *,
        attempts: int = 5,
        first_delay: float = 2.0,
        timeout: float = 10.0,
        headers: dict[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.url = url
        self.attempts = max(attempts, 1)
        self.first_delay = first_delay
        self._sleep = sleep
        self._client = httpx.AsyncClient(
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": "tracker-notify/0.1", **(headers or {})},
        )

    async def _post(self, payload: dict[str, Any]) -> None:
        body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
        problem = ""
        for attempt in range(1, self.attempts + 1):
            try:
                response = await self._client.post(
                    self.url, content=body, headers={"Content-Type": "application/json"}
                )
            except httpx.HTTPError as error:
                problem = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            else:
                if response.is_success:
                    return
                problem = f"HTTP {response.status_code}"
                if response.status_code < 500 and response.status_code not in (408, 429):
                    break  # the receiver refuses this request; repeating it will not help
            if attempt < self.attempts:
                delay = self.first_delay * 2 ** (attempt - 1)
                await self._sleep(delay + random.uniform(0, delay / 2))
        raise DeliveryError(f"webhook {self.url} failed after {attempt} attempt(s): {problem}")

    async def send(self, event: ChangeEvent) -> None:
        await self._post(event.to_json())

    async def send_health(self, notice: HealthNotice) -> None:
        await self._post(notice.to_json())

    async def aclose(self) -> None:
        await self._client.aclose()


# --------------------------------------------------------------------------- email


@dataclass(frozen=True, slots=True, kw_only=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str = "tracker@localhost"
    recipients: tuple[str, ...] = ()
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    security: str = "none"  # none, starttls or tls
    timeout: float = 30.0


@register
class EmailNotifier:
    """One plain-text email per change (the report JSON attached), over SMTP via smtplib."""

    name: ClassVar[str] = "email"
    health: ClassVar[bool] = True

    def __init__(self, settings: SmtpSettings) -> None:
        if not settings.recipients:
            raise ValueError("email notifications need at least one recipient")
        if settings.security not in {"none", "starttls", "tls"}:
            raise ValueError(f"unknown SMTP security {settings.security!r}")
        self.settings = settings

    def _message(self, subject: str, body: str, attachment: dict[str, Any] | None) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = " ".join(subject.split())[:200]
        message["From"] = self.settings.sender
        message["To"] = ", ".join(self.settings.recipients)
        message["Date"] = format_datetime(datetime.now(UTC))
        message["Message-ID"] = make_msgid(domain="tracker.local")
        message.set_content(body)
        if attachment is not None:
            message.add_attachment(
                json.dumps(attachment, ensure_ascii=False, indent=2, default=str).encode("utf-8"),
                maintype="application",
                subtype="json",
                filename="change-report.json",
            )
        return message

    def _deliver(self, message: EmailMessage) -> None:
        s = self.settings
        context = ssl.create_default_context()
        smtp_class = smtplib.SMTP_SSL if s.security == "tls" else smtplib.SMTP
        kwargs: dict[str, Any] = {"context": context} if s.security == "tls" else {}
        with smtp_class(s.host, s.port, timeout=s.timeout, **kwargs) as smtp:
            if s.security == "starttls":
                smtp.starttls(context=context)
            if s.username:
                smtp.login(s.username, s.password or "")
            smtp.send_message(message)

    async def _send(self, message: EmailMessage) -> None:
        try:
            await asyncio.to_thread(self._deliver, message)
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(
                f"email via {self.settings.host}:{self.settings.port} failed: {error}"
            ) from None

    async def send(self, event: ChangeEvent) -> None:
        lines = [f"{event.title}", event.url, "", *event.summary, ""]
        if event.report_link:
            lines.append(f"Full report: {_file_link(event.report_link)}")
        lines.append(f"Checked at {event.checked_at.isoformat(timespec='seconds')}")
        subject = f"[tracker] {event.title} changed"
        if event.report.silent_edit:
            subject += " (silent edit)"
        await self._send(self._message(subject, "\n".join(lines) + "\n", event.to_json()))

    async def send_health(self, notice: HealthNotice) -> None:
        subject = f"[tracker] {notice.watch} {notice.event}"
        body = f"{notice.describe()}\n{notice.url}\n"
        await self._send(self._message(subject, body, None))

    async def aclose(self) -> None:
        return None


# --------------------------------------------------------------------------- dispatch


class Dispatcher:
    """Sends each event to every notifier concurrently; one failing never stops the others."""

    def __init__(self, notifiers: Iterable[Notifier] = ()) -> None:
        self.notifiers = list(notifiers)

    async def _fan_out(
        self, targets: list[Notifier], call: Callable[[Notifier], Awaitable[None]], watch: str
    ) -> list[str]:
        results = await asyncio.gather(*(call(n) for n in targets), return_exceptions=True)
        delivered = []
        for notifier, result in zip(targets, results, strict=True):
            if isinstance(result, BaseException):
                if isinstance(result, asyncio.CancelledError):
                    raise result
                log.error(
                    "notification not delivered: %s",
                    result,
                    extra={"watch": watch, "notifier": notifier.name},
                )
            else:
                delivered.append(notifier.name)
        return delivered

    async def change(self, event: ChangeEvent, filters: Sequence[str] = ()) -> list[str]:
        """Deliver ``event`` if the watch's filters want it; the names of notifiers that took it."""
        if not self.notifiers or not wants(filters, event.report):
            return []
        return await self._fan_out(self.notifiers, lambda n: n.send(event), event.watch)

    async def health(self, notice: HealthNotice) -> list[str]:
        targets = [n for n in self.notifiers if n.health]
        return await self._fan_out(targets, lambda n: n.send_health(notice), notice.watch)

    async def aclose(self) -> None:
        for notifier in self.notifiers:
            await notifier.aclose()
