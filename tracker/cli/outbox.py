"""``tracker outbox``: settle what is owed to a notifier that is no longer configured.

A delivery is owed to one notifier by name. When that notifier leaves the
configuration (a webhook retired, a channel renamed), nothing sends what it is owed:
``tracker status`` says so, and these commands settle it, keeping every row (marked
abandoned, with the reason), never deleting one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from tracker.cli.options import data_dir_option


@click.group("outbox")
def outbox_group() -> None:
    """Settle notifications owed to a notifier that is no longer configured.

    'tracker status' lists what is owed and names the notifiers nothing sends
    through. Each delivery settled is kept in the index, marked abandoned with
    the reason; none is deleted.

    \b
    Examples:
        tracker outbox redirect old-hook --to desk
        tracker outbox abandon old-hook --reason "webhook retired in May"
    """


@outbox_group.command("abandon")
@click.argument("notifier")
@click.option("--reason", required=True, help="Why these notifications are given up (kept).")
@data_dir_option
def outbox_abandon(notifier: str, reason: str, data_dir: Path) -> None:
    """Give up on every notification owed to NOTIFIER: never sent, kept with REASON.

    \b
    Example:
        tracker outbox abandon old-hook --reason "webhook retired in May"
    """
    from tracker.store import open_index

    with open_index(data_dir, create=False) as store:
        count = store.abandon_deliveries(notifier, reason, datetime.now(UTC))
    click.echo(f"abandoned {count} notification(s) owed to {notifier!r} (kept, with the reason)")


@outbox_group.command("redirect")
@click.argument("notifier")
@click.option("--to", "target", required=True, metavar="NAME", help="The notifier to owe them.")
@data_dir_option
def outbox_redirect(notifier: str, target: str, data_dir: Path) -> None:
    """Owe to another notifier what NOTIFIER is owed; the daemon sends them through it.

    Each delivery is queued again for NAME (the notifier's name in a [notify.NAME]
    table, or one the flags of 'tracker run' make: feed, webhook, email); the original
    is kept, marked abandoned as redirected.

    \b
    Example:
        tracker outbox redirect old-hook --to desk
    """
    from tracker.store import open_index

    if target == notifier:
        raise click.BadParameter("name another notifier than the one owed", param_hint="--to")
    with open_index(data_dir, create=False) as store:
        count = store.redirect_deliveries(notifier, target, datetime.now(UTC))
    click.echo(f"redirected {count} notification(s) owed to {notifier!r} to {target!r}")


COMMANDS = [outbox_group]
