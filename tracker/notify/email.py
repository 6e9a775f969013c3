"""The e-mail channel: HTML with a plain-text part, over SMTP (smtplib, in a worker thread).

The Message-ID is the delivery's idempotency key, so a mail system (or a reader)
sees a repeat as the same message. Headers carry only ``header_text``: no control,
format or bidi character from a page ever reaches a Subject.
"""

from __future__ import annotations

import asyncio
import json
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any, ClassVar, Self, Unpack

from tracker.notify.events import ChangeEvent
from tracker.notify.registry import (
    Batch,
    ChannelContext,
    CommonOptions,
    DeliveryError,
    NotifierBase,
)
from tracker.notify.text import batch_subject, header_text, html_body, text_body

__all__ = ["EmailNotifier", "SmtpSettings"]

PASSWORD_ENV = "TRACKER_SMTP_PASSWORD"


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


class EmailNotifier(NotifierBase):
    """One e-mail per delivery: HTML and plain text, a change's report JSON attached."""

    kind = "email"
    SETTINGS: ClassVar[Mapping[str, str]] = {
        "host": "the SMTP server (required)",
        "port": "its port (default 25, 465 with tls)",
        "security": "none, starttls or tls (default none)",
        "from": 'the sender address (default "tracker@localhost")',
        "to": "the recipients, a list (required)",
        "username": "SMTP login, if the server wants one",
        "password_env": f"the environment variable holding its password (default {PASSWORD_ENV})",
        "timeout": "seconds one attempt may take (default 30)",
    }

    def __init__(
        self,
        settings: SmtpSettings,
        **common: Unpack[CommonOptions],
    ) -> None:
        if not settings.recipients:
            raise ValueError("e-mail notifications need at least one recipient")
        if settings.security not in {"none", "starttls", "tls"}:
            raise ValueError(f"unknown SMTP security {settings.security!r}")
        super().__init__(**common)
        self.settings = settings

    @classmethod
    def from_settings(cls, name: str, settings: Mapping[str, Any], context: ChannelContext) -> Self:
        if not settings.get("host"):
            raise ValueError("e-mail needs an SMTP host")
        security = str(settings.get("security", "none"))
        password_env = str(settings.get("password_env", PASSWORD_ENV))
        smtp = SmtpSettings(
            host=str(settings["host"]),
            port=int(settings.get("port") or (465 if security == "tls" else 25)),
            sender=str(settings.get("from", "tracker@localhost")),
            recipients=cls.strings(settings, "to"),
            username=settings.get("username"),
            password=context.environ.get(password_env),
            security=security,
            timeout=float(settings.get("timeout", 30.0)),
        )
        return cls(smtp, **cls.common_options(name, settings, context))

    def message(self, batch: Batch) -> EmailMessage:
        """The e-mail for ``batch``: headers cleaned, text and HTML alternatives."""
        message = EmailMessage()
        message["Subject"] = batch_subject(batch.events)
        message["From"] = header_text(self.settings.sender)
        message["To"] = header_text(", ".join(self.settings.recipients), limit=2000)
        message["Date"] = format_datetime(datetime.now(UTC))
        message["Message-ID"] = f"<{header_text(batch.key)}@tracker.local>"
        message.set_content(text_body(batch.events, self.links))
        message.add_alternative(html_body(batch.events, self.links), subtype="html")
        changes = [event for event in batch.events if isinstance(event, ChangeEvent)]
        if len(changes) == 1:
            message.add_attachment(
                json.dumps(changes[0].to_json(), ensure_ascii=False, indent=2).encode("utf-8"),
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

    async def send(self, batch: Batch) -> None:
        try:
            await asyncio.to_thread(self._deliver, self.message(batch))
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(
                f"e-mail via {self.settings.host}:{self.settings.port} failed: {error}"
            ) from None
