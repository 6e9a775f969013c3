"""Notifiers from configuration: ``[notify.<name>]`` tables, or the old command-line flags.

A watchlist may hold ``[notify.<name>]`` tables (``type = "webhook" | "email" |
"apprise" | "feed"`` and that channel's settings); so may a ``tracker.toml`` beside
it, for settings shared by every watchlist of a directory. The flags of ``tracker
run`` and ``tracker check`` (``--webhook``, ``--smtp-host``...) build the same
``NotifierSpec`` values, so both paths end in one ``build_notifiers``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tracker.config import Watch
from tracker.errors import UsageError, WatchlistError
from tracker.notify.registry import CHANNELS, COMMON_SETTINGS, ChannelContext, Links, Notifier
from tracker.watchlist import load_watchlist

__all__ = [
    "DIGESTS",
    "SHARED_CONFIG",
    "NotifierFlags",
    "NotifierSpec",
    "build_notifiers",
    "default_watch",
    "load_specs",
    "notifiers_for",
    "specs_from_flags",
    "specs_from_tables",
    "watch_for_url",
]

SHARED_CONFIG = "tracker.toml"  # notify tables shared by the watchlists of its directory
DIGESTS = ("daily",)


@dataclass(frozen=True, slots=True, kw_only=True)
class NotifierSpec:
    """One notifier as configured: its name, its channel and that channel's settings."""

    name: str
    kind: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    source: str = "command line"


def specs_from_tables(tables: object, source: str) -> list[NotifierSpec]:
    """Validate a ``[notify]`` table of ``source``; WatchlistError names file and field."""

    def fail(key: str, problem: str) -> WatchlistError:
        return WatchlistError(source, None, key, problem)

    if not isinstance(tables, dict):
        raise fail("notify", "expected [notify.<name>] tables")
    specs = []
    for name, settings in tables.items():
        where = f"notify.{name}"
        if not isinstance(settings, dict):
            raise fail(where, "expected a table with a type and its settings")
        kind = settings.get("type")
        if kind not in CHANNELS:
            raise fail(f"{where}.type", f"expected one of {sorted(CHANNELS)}")
        known = {*COMMON_SETTINGS, *CHANNELS[kind].SETTINGS}
        if unknown := sorted(set(settings) - known):
            raise fail(f"{where}.{unknown[0]}", f"unknown setting; {kind} takes {sorted(known)}")
        if settings.get("digest") not in (None, *DIGESTS):
            raise fail(f"{where}.digest", f"expected one of {list(DIGESTS)}")
        specs.append(NotifierSpec(name=name, kind=kind, settings=settings, source=source))
    return specs


def _table(path: Path, name: str) -> object:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise WatchlistError(str(path), None, None, f"cannot read it: {error}") from None
    return data.get(name, {})


def load_specs(watchlists: Iterable[Path]) -> list[NotifierSpec]:
    """The notifiers the watchlists (and a ``tracker.toml`` beside them) configure."""
    files: list[Path] = []
    for path in watchlists:
        shared = path.parent / SHARED_CONFIG
        for candidate in (shared, path):
            if candidate.exists() and candidate not in files:
                files.append(candidate)
    specs: dict[str, NotifierSpec] = {}
    for path in files:
        for spec in specs_from_tables(_table(path, "notify"), str(path)):
            if spec.name in specs and specs[spec.name].settings != spec.settings:
                raise WatchlistError(
                    str(path),
                    None,
                    f"notify.{spec.name}",
                    f"already configured otherwise in {specs[spec.name].source}",
                )
            specs[spec.name] = spec
    return list(specs.values())


@dataclass(frozen=True, slots=True, kw_only=True)
class NotifierFlags:
    """The notification flags of ``tracker run`` and ``tracker check``."""

    feed: Path | None = None
    no_feed: bool = False
    webhooks: tuple[str, ...] = ()
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_security: str = "none"
    smtp_user: str | None = None
    mail_from: str = "tracker@localhost"
    mail_to: tuple[str, ...] = ()
    digest: str | None = None
    base_url: str | None = None  # the web workspace's address: links point there


def specs_from_flags(
    flags: NotifierFlags, configured: Sequence[NotifierSpec]
) -> list[NotifierSpec]:
    """The notifiers the flags ask for, beside ``configured`` ones (named apart from them).

    A feed is kept unless ``--no-feed`` or a configured feed; ``--feed`` names its file.
    """
    if flags.mail_to and not flags.smtp_host:
        raise ValueError("--mail-to needs --smtp-host")
    if flags.smtp_host and not flags.mail_to:
        raise ValueError("--smtp-host needs at least one --mail-to")
    common = {"digest": flags.digest} if flags.digest else {}
    taken = {spec.name for spec in configured}

    def named(base: str) -> str:
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name)
        return name

    specs = []
    has_feed = any(spec.kind == "feed" for spec in configured)
    if flags.feed is not None or not (flags.no_feed or has_feed):
        feed = {"path": str(flags.feed)} if flags.feed is not None else {}
        specs.append(NotifierSpec(name=named("feed"), kind="feed", settings={**feed, **common}))
    for url in flags.webhooks:
        specs.append(
            NotifierSpec(name=named("webhook"), kind="webhook", settings={"url": url, **common})
        )
    if flags.smtp_host:
        settings: dict[str, Any] = {
            "host": flags.smtp_host,
            "security": flags.smtp_security,
            "from": flags.mail_from,
            "to": list(flags.mail_to),
            **common,
        }
        if flags.smtp_port:
            settings["port"] = flags.smtp_port
        if flags.smtp_user:
            settings["username"] = flags.smtp_user
        specs.append(NotifierSpec(name=named("email"), kind="email", settings=settings))
    return specs


def build_notifiers(specs: Iterable[NotifierSpec], context: ChannelContext) -> list[Notifier]:
    """One notifier per spec; a setting its channel refuses is a WatchlistError naming it."""
    notifiers: list[Notifier] = []
    for spec in specs:
        own = context
        if spec.settings.get("base_url"):
            own = replace(context, links=Links(str(spec.settings["base_url"])))
        try:
            notifier = CHANNELS[spec.kind].from_settings(spec.name, spec.settings, own)
        except (ValueError, TypeError) as error:
            raise WatchlistError(spec.source, None, f"notify.{spec.name}", str(error)) from None
        notifiers.append(notifier)
    return notifiers


def notifiers_for(
    watchlists: Sequence[Path],
    flags: NotifierFlags,
    *,
    data_dir: Path,
    environ: Mapping[str, str],
) -> list[Notifier]:
    """Every notifier the watchlists configure and the flags add, built and ready."""
    configured = load_specs(watchlists)
    try:
        specs = [*configured, *specs_from_flags(flags, configured)]
    except ValueError as error:
        raise UsageError(str(error)) from None
    context = ChannelContext(data_dir=data_dir, links=Links(flags.base_url), environ=environ)
    return build_notifiers(specs, context)


def watch_for_url(watchlists: Sequence[Path], url: str) -> Watch | None:
    """The watch of ``url`` in the watchlists (None: none lists it), for a manual
    ``tracker check`` to check and notify as the daemon would."""
    from tracker.store import normalize_url

    key = normalize_url(url)
    for path in watchlists:
        for watch in load_watchlist(path, strict=False).watches:
            if normalize_url(watch.url) == key:
                return watch
    return None


def default_watch(watchlists: Sequence[Path], url: str) -> Watch:
    """A watch of ``url`` under the ``[defaults]`` of the first watchlist that has them (its
    fetch settings, selectors, filters, threshold...), named by its URL."""
    for path in watchlists:
        if (defaults := load_watchlist(path, strict=False).defaults) is not None:
            return replace(defaults, name=url, url=url)
    return Watch(name=url, url=url)
