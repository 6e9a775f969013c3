"""The webhook channel: each event POSTed as JSON with an ``Idempotency-Key`` header.

One attempt per delivery, bounded by ``timeout``: the outbox retries with backoff,
so a receiver that is down holds neither the checks nor the other notifiers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar, Self, Unpack

import httpx

from tracker.fetch.http import tls_context
from tracker.notify.registry import (
    Batch,
    ChannelContext,
    CommonOptions,
    DeliveryError,
    NotifierBase,
)

__all__ = ["WebhookNotifier"]


class WebhookNotifier(NotifierBase):
    """POSTs each event's JSON (a digest: ``{"type": "digest", "events": [...]}``)."""

    kind = "webhook"
    SETTINGS: ClassVar[Mapping[str, str]] = {
        "url": "where to POST (required)",
        "timeout": "seconds one attempt may take (default 10)",
        "headers": "extra HTTP headers, a table (e.g. an Authorization token)",
    }

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 10.0,
        headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        **common: Unpack[CommonOptions],
    ) -> None:
        super().__init__(**common)
        self.url = url
        self._client = httpx.AsyncClient(
            timeout=timeout,
            transport=transport,
            verify=tls_context(),
            headers={"User-Agent": "tracker-notify/0.1", **(headers or {})},
        )

    @classmethod
    def from_settings(cls, name: str, settings: Mapping[str, Any], context: ChannelContext) -> Self:
        if not settings.get("url"):
            raise ValueError("a webhook needs a url")
        return cls(
            str(settings["url"]),
            timeout=float(settings.get("timeout", 10.0)),
            headers={str(k): str(v) for k, v in dict(settings.get("headers") or {}).items()},
            **cls.common_options(name, settings, context),
        )

    def _payload(self, batch: Batch) -> dict[str, Any]:
        items = []
        for event, item in zip(batch.events, batch.as_json(), strict=True):
            item["link"] = self.links.of(event)
            items.append(item)
        if batch.digest:
            return {"type": "digest", "events": items}
        return items[0]

    async def send(self, batch: Batch) -> None:
        body = json.dumps(self._payload(batch), ensure_ascii=False, default=str).encode("utf-8")
        headers = {"Content-Type": "application/json", "Idempotency-Key": batch.key}
        try:
            response = await self._client.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as error:
            problem = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            raise DeliveryError(f"webhook {self.url}: {problem}") from None
        if not response.is_success:
            raise DeliveryError(f"webhook {self.url}: HTTP {response.status_code}")

    async def aclose(self) -> None:
        await self._client.aclose()
