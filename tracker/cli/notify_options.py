"""The notification flags ``tracker run`` and ``tracker check`` share, gathered in one value,
and how a manual check checks and notifies as the daemon would."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.options import FILE, F
from tracker.config import FetcherKind, Watch

if TYPE_CHECKING:  # tracker.notify is imported when a command runs, not when the CLI loads
    from tracker.notify import Notifier, NotifierFlags, Plan
    from tracker.outcome import Deliveries, HealthNews
    from tracker.store import Index


_OPTIONS = (
    click.option(
        "--feed",
        type=FILE,
        default=None,
        help="Atom feed file of changes and health news [default: DATA_DIR/feed.atom].",
    ),
    click.option("--no-feed", is_flag=True, help="Do not keep an Atom feed."),
    click.option(
        "--webhook",
        "webhooks",
        multiple=True,
        metavar="URL",
        help="POST each change report and health notice as JSON to URL (repeatable).",
    ),
    click.option("--smtp-host", default=None, help="Send e-mails through this SMTP server."),
    click.option("--smtp-port", type=int, default=None, help="[default: 25, 465 with tls]"),
    click.option(
        "--smtp-security",
        type=click.Choice(["none", "starttls", "tls"]),
        default="none",
        show_default=True,
    ),
    click.option(
        "--smtp-user", default=None, help="SMTP login (password from TRACKER_SMTP_PASSWORD)."
    ),
    click.option("--mail-from", default="tracker@localhost", show_default=True),
    click.option("--mail-to", multiple=True, metavar="ADDRESS", help="Recipient (repeatable)."),
    click.option(
        "--digest",
        type=click.Choice(["daily"]),
        default=None,
        help="Gather the flags' notifiers' news into one delivery a day.",
    ),
    click.option(
        "--base-url",
        default=None,
        metavar="URL",
        help="The web workspace's address (tracker serve): notifications link there.",
    ),
)


def notify_options(function: F) -> F:
    """Add the notification flags; the command receives them as ``notify_flags``, one
    NotifierFlags (each option's parameter is named as the field it fills)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from tracker.notify import NotifierFlags

        flags = NotifierFlags(
            **{field.name: kwargs.pop(field.name) for field in fields(NotifierFlags)}
        )
        return function(*args, notify_flags=flags, **kwargs)

    decorated: Any = wrapper
    for option in reversed(_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchOverrides:
    """The flags of ``tracker check`` that override its watch's settings (unset: keep them)."""

    fetcher: FetcherKind | None = None
    allow_private: bool = False
    failure_threshold: int | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    notify: tuple[str, ...] = ()

    def apply(self, watch: Watch) -> Watch:
        fetch = replace(
            watch.fetch,
            fetcher=self.fetcher or watch.fetch.fetcher,
            allow_private=self.allow_private or watch.fetch.allow_private,
        )
        return replace(
            watch,
            fetch=fetch,
            failure_threshold=self.failure_threshold or watch.failure_threshold,
            include=self.include or watch.include,
            exclude=self.exclude or watch.exclude,
            notify=self.notify or watch.notify,
        )


@dataclass(frozen=True, slots=True)
class ManualCheck:
    """A ``tracker check`` as the daemon would run it: the watch of its URL (or the
    watchlist's defaults) with the flags' overrides, and the notifiers it owes news to."""

    watch: Watch
    plan: Plan
    notifiers: Sequence[Notifier]

    @classmethod
    def of(
        cls,
        url: str,
        watchlists: Sequence[Path],
        flags: NotifierFlags,
        data_dir: Path,
        overrides: WatchOverrides,
    ) -> ManualCheck:
        """The notifiers of the watchlists (default: seeds/*.toml) and flags, and URL's watch."""
        from tracker.daemon import default_watchlists
        from tracker.notify import Plan, default_watch, notifiers_for, watch_for_url

        paths = tuple(watchlists) or default_watchlists()
        notifiers = notifiers_for(paths, flags, data_dir=data_dir, environ=os.environ)
        watch = watch_for_url(paths, url) or default_watch(paths, url)
        return cls(watch=overrides.apply(watch), plan=Plan(notifiers), notifiers=notifiers)

    def deliveries(self) -> Deliveries:
        """What a change found by the check owes (queued with the change)."""
        return self.plan.deliveries(self.watch)

    def health(self) -> HealthNews:
        """The health news the check makes (a page gone, blocked, failing, back; a redirect
        that starts), judged from the index's streak as the daemon judges it, so the two
        agree whoever checked and neither tells it twice; queued with the check."""
        from tracker.daemon.failures import DEFAULT_THRESHOLD, health_news

        threshold = self.watch.failure_threshold or DEFAULT_THRESHOLD
        return health_news(self.plan, self.watch, threshold=threshold)

    async def deliver(self, store: Index, check_id: int) -> None:
        """Try once what the check queued; what is not accepted is left to the daemon."""
        from tracker.notify import Dispatcher

        dispatcher = Dispatcher(store, self.notifiers)
        try:
            _, failed = await dispatcher.deliver_all_due(check_id)
        finally:
            await dispatcher.aclose()
        if failed:
            click.echo(
                f"note: {failed} notification(s) not delivered yet; the daemon retries "
                "them (see 'tracker status')",
                err=True,
            )
