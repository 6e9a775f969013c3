"""The Atom feed channel: a file of the latest changes and health news (the file is its state)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Self

from tracker.atomic import atomic_write
from tracker.notify.events import ChangeEvent, Event
from tracker.notify.registry import Batch, ChannelContext, DeliveryError, Links, register
from tracker.render.feed import FeedEntry, parse_feed, render_feed

__all__ = ["FeedNotifier"]

log = logging.getLogger("tracker.notify")


@register
class FeedNotifier:
    """Keeps an Atom file of the latest events, newest first, one entry per event."""

    kind: ClassVar[str] = "feed"
    bundles: ClassVar[bool] = True
    SETTINGS: ClassVar[Mapping[str, str]] = {
        "path": "the Atom file to keep (default: DATA_DIR/feed.atom)",
        "max_entries": "how many entries the file keeps (default 500)",
        "title": 'the feed\'s title (default "tracker changes")',
    }

    def __init__(
        self,
        path: Path,
        *,
        name: str = "feed",
        max_entries: int = 500,
        title: str = "tracker changes",
        links: Links | None = None,
        health: bool = True,
        digest: str | None = None,
    ) -> None:
        self.name = name
        self.path = Path(path)
        self.max_entries = max_entries
        self.title = title
        self.links = links or Links()
        self.health = health
        self.digest = digest
        self._lock = asyncio.Lock()

    @classmethod
    def from_settings(cls, name: str, settings: Mapping[str, Any], context: ChannelContext) -> Self:
        return cls(
            Path(settings.get("path") or context.data_dir / "feed.atom"),
            name=name,
            max_entries=int(settings.get("max_entries", 500)),
            title=str(settings.get("title", "tracker changes")),
            links=context.links,
            health=bool(settings.get("health", True)),
            digest=settings.get("digest"),
        )

    def _entry(self, event: Event) -> FeedEntry:
        if isinstance(event, ChangeEvent):
            title = f"{event.title} changed"
            if event.report.silent_edit:
                title += " (silent edit)"
            summary = "\n".join([*event.summary, *event.evidence(self.links.base_url)])
            updated = event.checked_at
        else:
            title, summary, updated = event.title, event.message, event.at
        return FeedEntry(
            id=event.entry_id,
            title=title,
            updated=updated,
            summary=summary,
            link=self.links.of(event),
            page_url=event.url,
        )

    def _write(self, new: list[FeedEntry]) -> None:
        entries: list[FeedEntry] = []
        if self.path.exists():
            try:
                entries = parse_feed(self.path.read_bytes())
            except Exception as error:  # an unreadable feed is rebuilt, not a stop
                log.warning("the feed file was unreadable and is started afresh: %s", error)
        ids = {entry.id for entry in new}
        entries = [*new, *(old for old in entries if old.id not in ids)]
        entries.sort(key=lambda item: item.updated, reverse=True)
        data = render_feed(
            entries[: self.max_entries],
            feed_id=f"urn:tracker:feed:{self.path.name}",
            title=self.title,
            self_link=workspace.feed() if (workspace := self.links.workspace) else None,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, data)

    async def send(self, batch: Batch) -> None:
        entries = [self._entry(event) for event in batch.events]
        async with self._lock:
            try:
                await asyncio.to_thread(self._write, entries)
            except OSError as error:
                raise DeliveryError(f"cannot write the feed {self.path}: {error}") from None

    async def aclose(self) -> None:
        return None
