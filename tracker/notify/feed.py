"""The Atom feed channel: a file of the latest changes and health news (the file is its state).

Each write merges new entries into those the file holds. A notifier remembers what it
last wrote (the entries, and the file's identity, size and time after the write) and
each entry's XML (``render_entry``, in a ``memo.Recent``), so while the file is as it
left it a write reads nothing back and renders only the new entries: on a full feed
of 500 entries that is a few milliseconds, not the ~60 ms of parsing and rendering the
whole file again for every change. A file changed by anyone else is read again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Self, Unpack

from tracker.atomic import atomic_write
from tracker.memo import Recent
from tracker.notify.events import ChangeEvent, Event
from tracker.notify.registry import (
    Batch,
    ChannelContext,
    CommonOptions,
    DeliveryError,
    NotifierBase,
)
from tracker.render.feed import FeedEntry, parse_feed, render_entry, render_feed

__all__ = ["FeedNotifier"]

log = logging.getLogger("tracker.notify")


class FeedNotifier(NotifierBase):
    """Keeps an Atom file of the latest events, newest first, one entry per event."""

    kind = "feed"
    bundles = True
    SETTINGS: ClassVar[Mapping[str, str]] = {
        "path": "the Atom file to keep (default: DATA_DIR/feed.atom)",
        "max_entries": "how many entries the file keeps (default 500)",
        "title": 'the feed\'s title (default "tracker changes")',
    }

    def __init__(
        self,
        path: Path,
        *,
        max_entries: int = 500,
        title: str = "tracker changes",
        **common: Unpack[CommonOptions],
    ) -> None:
        super().__init__(**common)
        self.path = Path(path)
        self.max_entries = max_entries
        self.title = title
        self._lock = asyncio.Lock()
        # what this notifier last wrote, and the file's (inode, size, mtime) after it
        self._written: tuple[tuple[int, int, int], list[FeedEntry]] | None = None
        self._entry_xml: Recent[FeedEntry, bytes] = Recent(2 * max_entries)

    @classmethod
    def from_settings(cls, name: str, settings: Mapping[str, Any], context: ChannelContext) -> Self:
        return cls(
            Path(settings.get("path") or context.data_dir / "feed.atom"),
            max_entries=int(settings.get("max_entries", 500)),
            title=str(settings.get("title", "tracker changes")),
            **cls.common_options(name, settings, context),
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

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return stat.st_ino, stat.st_size, stat.st_mtime_ns

    def _held(self) -> list[FeedEntry]:
        """The entries the file holds: those written last while it is as it was left."""
        signature = self._signature()
        if signature is None:
            return []
        if self._written is not None and self._written[0] == signature:
            return self._written[1]
        try:
            return parse_feed(self.path.read_bytes())
        except Exception as error:  # an unreadable feed is rebuilt, not a stop
            log.warning("the feed file was unreadable and is started afresh: %s", error)
            return []

    def _xml(self, entry: FeedEntry) -> bytes:
        xml = self._entry_xml.get(entry)
        if xml is None:
            xml = render_entry(entry)
            self._entry_xml.put(entry, xml)
        return xml

    def _write(self, new: list[FeedEntry]) -> None:
        ids = {entry.id for entry in new}
        entries = [*new, *(old for old in self._held() if old.id not in ids)]
        entries.sort(key=lambda item: item.updated, reverse=True)
        kept = entries[: self.max_entries]
        data = render_feed(
            kept,
            feed_id=f"urn:tracker:feed:{self.path.name}",
            title=self.title,
            self_link=workspace.feed() if (workspace := self.links.workspace) else None,
            entry_xml=self._xml,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._written = None
        atomic_write(self.path, data)
        signature = self._signature()
        self._written = (signature, kept) if signature is not None else None

    async def send(self, batch: Batch) -> None:
        entries = [self._entry(event) for event in batch.events]
        async with self._lock:
            try:
                await asyncio.to_thread(self._write, entries)
            except OSError as error:
                raise DeliveryError(f"cannot write the feed {self.path}: {error}") from None
