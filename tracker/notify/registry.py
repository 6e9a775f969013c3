"""The notifier protocol and the registry of channel kinds a ``[notify.<name>]`` table names.

A channel is a class registered under its ``kind`` (``feed``, ``webhook``, ``email``,
``apprise``): it lists the settings it takes (``SETTINGS``, documented in README
and held to that by a test) and builds itself from them (``from_settings``). A new
channel is one module in tracker/notify/ with one ``NotifierBase`` subclass (which
holds the options every channel shares and registers the class as it is defined).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypedDict, TypeVar, Unpack

from tracker.errors import TrackerError
from tracker.links import Links as WorkspaceLinks
from tracker.notify.events import Event

__all__ = [
    "CHANNELS",
    "COMMON_SETTINGS",
    "Batch",
    "Channel",
    "ChannelContext",
    "CommonOptions",
    "DeliveryError",
    "Links",
    "Notifier",
    "NotifierBase",
    "register",
]


class DeliveryError(TrackerError):
    """A notification was not accepted; the outbox tries it again later."""


@dataclass(frozen=True, slots=True)
class Links:
    """Where a notification points: the web workspace (``tracker serve``) when its address
    is known, else the page itself; never a path on the daemon's machine. The routes
    are the workspace's own (tracker.links)."""

    base_url: str | None = None

    @property
    def workspace(self) -> WorkspaceLinks | None:
        """The workspace's routes at ``base_url`` (None: its address is not known)."""
        return WorkspaceLinks(self.base_url.rstrip("/")) if self.base_url else None

    def change(self, snapshot: int | None) -> str | None:
        workspace = self.workspace
        return workspace.change(snapshot) if workspace and snapshot is not None else None

    def watch(self, url: str) -> str | None:
        workspace = self.workspace
        return workspace.watch(url) if workspace else None

    def of(self, event: Event) -> str:
        """The best link for ``event``: its change in the workspace, the watch, or the page."""
        snapshot = getattr(event, "snapshot", None)
        if not event.url:  # news of a watchlist file, not of a page
            return self.base_url or ""
        return self.change(snapshot) or self.watch(event.url) or event.url


@dataclass(frozen=True, slots=True, kw_only=True)
class Batch:
    """What one send carries: one event, a digest's several, or (to a notifier that
    ``bundles``) several deliveries at once, under one key.

    ``key`` is the delivery's idempotency key: the same on every retry, so a receiver
    that got a delivery whose acceptance we never heard of can drop the repeat.
    """

    key: str
    events: tuple[Event, ...]
    digest: bool = False
    payloads: tuple[Mapping[str, Any], ...] = ()  # the events' JSON as the outbox holds it

    def as_json(self) -> list[dict[str, Any]]:
        """Each event's JSON: as the outbox stored it when given (not built again per
        delivery), else built from the events."""
        if self.payloads:
            return [dict(payload) for payload in self.payloads]
        return [event.to_json() for event in self.events]


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelContext:
    """What every channel may need beyond its own settings."""

    data_dir: Path
    links: Links = field(default_factory=Links)
    environ: Mapping[str, str] = field(default_factory=dict)


class Notifier(Protocol):
    """One configured notifier: a channel of some ``kind`` under its own ``name``.

    ``health`` says whether it takes health notices as well as changes; ``digest``
    (``"daily"`` or None) whether its deliveries are gathered into one a day;
    ``bundles`` whether one ``send`` may carry several deliveries at once, each still
    its own item (a file written once for them all, not one message for them all).
    """

    kind: ClassVar[str]
    bundles: ClassVar[bool]
    name: str
    health: bool
    digest: str | None

    async def send(self, batch: Batch) -> None:
        """Deliver ``batch`` or raise DeliveryError (one attempt: the outbox retries)."""
        ...

    async def aclose(self) -> None: ...


class Channel(Protocol):
    """A registered channel class: its settings and how it builds itself from them."""

    kind: ClassVar[str]
    SETTINGS: ClassVar[Mapping[str, str]]

    @classmethod
    def from_settings(
        cls, name: str, settings: Mapping[str, Any], context: ChannelContext
    ) -> Notifier: ...


# Settings every [notify.<name>] table may hold, whatever its type.
COMMON_SETTINGS: Mapping[str, str] = {
    "type": "the channel: feed, webhook, email or apprise",
    "digest": '"daily": gather this notifier\'s news into one delivery a day',
    "health": "false: send article changes only, no health news (default true)",
    "base_url": "the web workspace's address for this notifier's links (default --base-url)",
}


class CommonOptions(TypedDict, total=False):
    """The options every channel takes beside its own (``COMMON_SETTINGS``, as arguments)."""

    name: str
    links: Links | None
    health: bool
    digest: str | None


class NotifierBase:
    """What every channel holds beside its own settings: its name (by default its kind),
    where its links point, whether it takes health news, and its digest. A subclass
    is registered in ``CHANNELS`` under its ``kind`` as it is defined."""

    kind: ClassVar[str]
    bundles: ClassVar[bool] = False
    SETTINGS: ClassVar[Mapping[str, str]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        register(cls)

    @staticmethod
    def common_options(
        name: str, settings: Mapping[str, Any], context: ChannelContext
    ) -> CommonOptions:
        """A ``[notify.<name>]`` table's common options, for a channel's ``from_settings``."""
        return CommonOptions(
            name=name,
            links=context.links,
            health=bool(settings.get("health", True)),
            digest=settings.get("digest"),
        )

    @staticmethod
    def strings(settings: Mapping[str, Any], key: str) -> tuple[str, ...]:
        """A setting that is a list of strings, or one string standing for a list of one."""
        values = settings.get(key) or ()
        if isinstance(values, str):
            values = (values,)
        return tuple(str(value) for value in values)

    def __init__(self, **common: Unpack[CommonOptions]) -> None:
        self.name = common.get("name") or self.kind
        self.links = common.get("links") or Links()
        self.health = common.get("health", True)
        self.digest = common.get("digest")

    async def aclose(self) -> None:
        """Release what the channel holds open (nothing, unless it says otherwise)."""
        return None


CHANNELS: dict[str, type[Channel]] = {}

C = TypeVar("C", bound=type[Channel])


def register(cls: C) -> C:
    """Add a channel to ``CHANNELS`` under its ``kind`` (a NotifierBase subclass is added as
    it is defined; a channel written from scratch uses this as its class decorator)."""
    CHANNELS[cls.kind] = cls
    return cls
