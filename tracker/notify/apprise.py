"""The Apprise channel: one library for 100+ services (Slack, Matrix, Telegram, ntfy, Teams...).

Each notifier holds one or more Apprise URLs (``ntfy://host/topic``,
``slack://T/B/C``, ``json://host/path``...); a delivery is accepted when every
service took it. Titles pass ``header_text``; the body is the plain text every
channel shares, links pointing at the web workspace when its address is known.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, ClassVar, Self, Unpack

from tracker.notify.events import HealthNotice
from tracker.notify.registry import (
    Batch,
    ChannelContext,
    CommonOptions,
    DeliveryError,
    NotifierBase,
)
from tracker.notify.text import batch_subject, text_body

__all__ = ["AppriseNotifier"]


class AppriseNotifier(NotifierBase):
    """Sends each delivery as one Apprise notification to every URL it holds."""

    kind = "apprise"
    SETTINGS: ClassVar[Mapping[str, str]] = {
        "urls": 'Apprise service URLs, a list (e.g. "ntfy://ntfy.sh/my-topic")',
        "timeout": "seconds one attempt may take (default 30)",
    }

    def __init__(
        self,
        urls: tuple[str, ...],
        *,
        timeout: float = 30.0,
        **common: Unpack[CommonOptions],
    ) -> None:
        if not urls:
            raise ValueError("apprise needs at least one service URL in urls")
        super().__init__(**common)
        self.timeout = timeout
        import apprise  # imported when a notifier asks for it: it loads 100+ service modules

        self._apprise = apprise.Apprise()
        for url in urls:
            if not self._apprise.add(url):
                raise ValueError(f"apprise does not understand the URL {url!r}")

    @classmethod
    def from_settings(cls, name: str, settings: Mapping[str, Any], context: ChannelContext) -> Self:
        return cls(
            cls.strings(settings, "urls"),
            timeout=float(settings.get("timeout", 30.0)),
            **cls.common_options(name, settings, context),
        )

    def _notify(self, batch: Batch) -> bool:
        import apprise

        warning = any(isinstance(event, HealthNotice) for event in batch.events)
        result = self._apprise.notify(
            body=text_body(batch.events, self.links),
            title=batch_subject(batch.events),
            notify_type=apprise.NotifyType.WARNING if warning else apprise.NotifyType.INFO,
            body_format=apprise.NotifyFormat.TEXT,
            timeout=self.timeout,
        )
        return bool(result)

    async def send(self, batch: Batch) -> None:
        if not await asyncio.to_thread(self._notify, batch):
            raise DeliveryError(f"apprise notifier {self.name}: a service refused or was down")
