"""Commands of the daemon: run, status, watch (add, remove, list)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.notify_options import notify_options
from tracker.cli.options import (
    FILE,
    F,
    allow_private_option,
    data_dir_option,
    format_option,
    notify_filters_option,
)
from tracker.config import Watch, allow_private_from_env
from tracker.errors import UsageError
from tracker.render.printable import printable, printable_json
from tracker.watchlist import load_watchlist

if TYPE_CHECKING:
    from tracker.daemon import DaemonStatus, Owed
    from tracker.notify import NotifierFlags


def _watchlists(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    from tracker.daemon import default_watchlists

    chosen = paths or default_watchlists()
    if not chosen:
        raise UsageError("no watchlist given and no seeds/*.toml here; pass WATCHLIST files")
    return tuple(chosen)


def _when(moment: datetime | None, now: datetime) -> str:
    """A time a person reads at a glance: the UTC minute and how far it is from now."""
    if moment is None:
        return "—"
    seconds = (moment - now).total_seconds()
    span = abs(seconds)
    if span < 90:
        relative = f"{span:.0f}s"
    elif span < 90 * 60:
        relative = f"{span / 60:.0f}m"
    elif span < 36 * 3600:
        relative = f"{span / 3600:.1f}h"
    else:
        relative = f"{span / 86400:.1f}d"
    relative = f"in {relative}" if seconds >= 0 else f"{relative} ago"
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} ({relative})"


def _schedule(watch: Watch) -> str:
    if watch.cron is not None:
        return f"cron {watch.cron}"
    seconds = watch.interval or 0.0
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"every {seconds / size:g}{unit}"
    return f"every {seconds:g}s"


def _count_option(flag: str, default: int, help: str) -> Callable[[F], F]:
    """A whole number of at least one, its default shown in --help."""
    return click.option(flag, type=click.IntRange(1), default=default, show_default=True, help=help)


# --------------------------------------------------------------------------- run


@click.command("run")
@click.argument("watchlists", nargs=-1, type=FILE)
@data_dir_option
@allow_private_option
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Log lines for a person (text) or for a log collector (json).",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="info",
    show_default=True,
)
@_count_option("--max-concurrency", 16, "Checks in flight at once, across all watches.")
@_count_option("--per-host", 2, "Checks in flight at once against one host.")
@click.option(
    "--adaptive/--fixed",
    default=False,
    show_default=True,
    help="Check more often after a change and less after a quiet spell "
    "(between 1/4 and 4 times the watch's interval); a watch's own `adaptive` wins.",
)
@click.option(
    "--startup-spread",
    type=float,
    default=300.0,
    show_default=True,
    help="Seconds over which new and long-overdue watches are spread at start.",
)
@click.option(
    "--retry-delay",
    type=click.FloatRange(min=0.01),
    default=30.0,
    show_default=True,
    help="Seconds before a refused notification is tried again (doubling, up to 6 h).",
)
@_count_option(
    "--failure-threshold",
    2,
    "Failed checks in a row before a watch is reported failing "
    "(gone and blocked are reported at once).",
)
@notify_options
def run_command(
    watchlists: tuple[Path, ...],
    data_dir: Path,
    allow_private: bool,
    log_format: str,
    log_level: str,
    max_concurrency: int,
    per_host: int,
    adaptive: bool,
    startup_spread: float,
    retry_delay: float,
    failure_threshold: int,
    notify_flags: NotifierFlags,
) -> None:
    """Run until stopped, checking every watch on its own schedule.

    Reads every seeds/*.toml when no WATCHLIST is given. The watchlists are
    reloaded on SIGHUP and whenever a file changes; SIGTERM or Ctrl-C stop the
    daemon within 10 s. One daemon per data directory. Article changes (never
    chrome-only ones, filtered by each watch's `notify` list) and health news go
    to the notifiers the watchlists' [notify.<name>] tables configure and those the
    flags add; an Atom feed is kept unless --no-feed. What a receiver did not
    accept is retried, across restarts, until it does ('tracker status' shows it).

    \b
    Examples:
        tracker run
        tracker run seeds/clinics.toml --webhook https://hooks.example.org/tracker
        tracker run --log-format json --smtp-host mail.example.org --mail-to me@example.org
    """
    from tracker.daemon import DaemonSettings, run_daemon, setup_logging
    from tracker.daemon.schedule import Cadence
    from tracker.notify import RetryBackoff, notifiers_for

    paths = _watchlists(watchlists)
    # A missing or unreadable file is a mistake to fix now; invalid watches inside a
    # readable file are logged and told by the daemon, which keeps the others. A daemon
    # with nothing valid to watch would idle, looking healthy: refuse it.
    loaded = [load_watchlist(path, strict=False) for path in paths]
    if not any(watchlist.watches for watchlist in loaded):
        problems = [str(problem) for watchlist in loaded for problem in watchlist.problems]
        files = ", ".join(map(str, paths))
        raise UsageError(
            f"no valid watch in {files}" + (": " + "; ".join(problems[:3]) if problems else "")
        )
    notifiers = notifiers_for(paths, notify_flags, data_dir=data_dir, environ=os.environ)
    setup_logging(log_format, level=log_level.upper())
    settings = DaemonSettings(
        data_dir=data_dir,
        watchlists=paths,
        max_concurrency=max_concurrency,
        per_host=per_host,
        startup_spread=startup_spread,
        cadence=Cadence(enabled=adaptive),
        allow_private=allow_private or allow_private_from_env(),
        retry=RetryBackoff(first=retry_delay),
        failure_threshold=failure_threshold,
    )
    run_daemon(settings, notifiers)


# --------------------------------------------------------------------------- status


def _echo_stranded(status: DaemonStatus) -> None:
    """Say what no notifier will ever send, and the two ways to settle it."""
    for name, count in sorted(status.stranded.items()):
        click.echo(
            printable(
                f"\n{count} notification(s) owed to {name!r}, which neither the last daemon "
                "nor the watchlists configure: never sent as things stand. Send them through "
                f"another notifier: tracker outbox redirect {name} --to NAME; or give them up "
                f'(kept, marked abandoned): tracker outbox abandon {name} --reason "..."'
            )
        )
    if status.abandoned:
        click.echo(
            f"\nabandoned: {len(status.abandoned)} notification(s), kept in the index's"
            " outbox with when and why (--format json lists them)"
        )


def _echo_owed(owed: list[Owed], now: datetime) -> None:
    failing = [item for item in owed if item.delivery.attempts]
    click.echo(
        f"\nnotifications owed: {len(owed)} ({len(failing)} failing)"
        if owed
        else "\nnotifications owed: none"
    )
    shown = 20  # the oldest; --format json lists them all
    if len(owed) > shown:
        click.echo(f"  (the oldest {shown}; --format json lists every one)")
    for item in owed[:shown]:
        delivery = item.delivery
        what = delivery.kind + (f" snapshot {delivery.snapshot_id}" if delivery.snapshot_id else "")
        queued = delivery.created_at.isoformat()[:19]
        line = f"  {delivery.notifier}: {delivery.watch} {what}, queued {queued}"
        if delivery.attempts:
            retry = _when(delivery.not_before, now)
            line += f"; {delivery.attempts} attempt(s), next {retry}: {delivery.last_error}"
        click.echo(printable(line))


@click.command("status")
@click.argument("watchlists", nargs=-1, type=FILE)
@data_dir_option
@format_option("text", "json")
def status_command(watchlists: tuple[Path, ...], data_dir: Path, output_format: str) -> None:
    """Show per watch: last check and outcome, last article change, next run, failures;
    and the notifications owed to a receiver that has not accepted them yet, and why;
    and what is owed to a notifier no longer configured ('tracker outbox' settles it).

    Reads every seeds/*.toml when no WATCHLIST is given, and the state the daemon
    keeps in the data directory (it need not be running).

    \b
    Example:
        tracker status
        tracker status seeds/clinics.toml --format json
    """
    from tracker.daemon import daemon_status

    status = daemon_status(data_dir, _watchlists(watchlists))
    if output_format == "json":
        click.echo(printable_json(status.as_json(), indent=2))
        return
    pid = f" (pid {status.pid})" if status.pid else ""
    click.echo(f"daemon: {'running' + pid if status.running else 'not running'} on {data_dir}")
    now = datetime.now(UTC)
    for row in status.watches:
        state = row.state
        click.echo(f"\n{state.name}  {state.url}")
        outcome = row.last_outcome or "never checked"
        if row.last_error:
            outcome += f": {row.last_error}"
        click.echo(f"  last check   {_when(row.last_check_at, now)}  {outcome}")
        click.echo(f"  last change  {_when(state.last_change_at, now)}")
        click.echo(f"  next run     {_when(state.next_run, now)}")
        if failures := state.failure.consecutive:
            since = _when(state.failure.since, now)
            click.echo(f"  failures     {failures} in a row, since {since}")
    _echo_owed(status.owed, now)
    _echo_stranded(status)
    for problem in status.problems:
        click.echo(f"\nskipped: {problem}", err=True)


# --------------------------------------------------------------------------- watch


@click.group("watch")
def watch_group() -> None:
    """Add, remove or list the watches of a watchlist, keeping its comments.

    \b
    Examples:
        tracker watch list seeds/watchlist.toml
        tracker watch add seeds/watchlist.toml knee https://clinic.example/knee --interval 12h
        tracker watch remove seeds/watchlist.toml knee
    """


@watch_group.command("list")
@click.argument("watchlists", nargs=-1, type=FILE)
@format_option("text", "json")
def watch_list(watchlists: tuple[Path, ...], output_format: str) -> None:
    """List the watches of WATCHLIST files (default: seeds/*.toml) and any invalid ones.

    \b
    Example:
        tracker watch list seeds/watchlist.toml
    """
    from tracker.watchlist import list_watches

    entries, problems = [], []
    for path in _watchlists(watchlists):
        loaded = list_watches(path)
        problems.extend(str(problem) for problem in loaded.problems)
        for watch in loaded.watches:
            schedule = _schedule(watch)
            entries.append(
                {
                    "watchlist": str(path),
                    "name": watch.name,
                    "url": watch.url,
                    "schedule": schedule,
                    "tags": list(watch.tags),
                    "notify": list(watch.notify),
                }
            )
    if output_format == "json":
        click.echo(printable_json({"watches": entries, "problems": problems}, indent=2))
        return
    for entry in entries:
        tags = f"  [{', '.join(entry['tags'])}]" if entry["tags"] else ""
        click.echo(f"{entry['name']}  {entry['url']}  {entry['schedule']}{tags}")
    for problem in problems:
        click.echo(f"invalid: {problem}", err=True)


@watch_group.command("add")
@click.argument("watchlist", type=FILE)
@click.argument("name")
@click.argument("url")
@click.option("--interval", default=None, help='How often, e.g. "30m", "6h", "1d".')
@click.option("--cron", default=None, help='A crontab schedule instead, e.g. "0 6 * * 1".')
@click.option("--jitter", default=None, help='Random delay added to each run, e.g. "10m".')
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@notify_filters_option("every article change")
@click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Allow this watch's target on a loopback or private address.",
)
def watch_add(
    watchlist: Path,
    name: str,
    url: str,
    interval: str | None,
    cron: str | None,
    jitter: str | None,
    tags: tuple[str, ...],
    notify_filters: tuple[str, ...],
    allow_private: bool | None,
) -> None:
    """Add a watch to WATCHLIST (created if missing); it is validated before writing.

    \b
    Example:
        tracker watch add seeds/watchlist.toml knee https://clinic.example/knee --interval 12h
    """
    from tracker.watchlist import add_watch

    settings: dict[str, Any] = {
        key: value
        for key, value in {
            "interval": interval,
            "cron": cron,
            "jitter": jitter,
            "tags": list(tags) or None,
            "notify": list(notify_filters) or None,
            "allow_private": allow_private,
        }.items()
        if value is not None
    }
    watch = add_watch(watchlist, name, url, settings)
    schedule = _schedule(watch)
    click.echo(f"added {watch.name} ({watch.url}, {schedule}) to {watchlist}")


@watch_group.command("remove")
@click.argument("watchlist", type=FILE)
@click.argument("name")
def watch_remove(watchlist: Path, name: str) -> None:
    """Remove the watch NAME from WATCHLIST (its stored history is kept).

    \b
    Example:
        tracker watch remove seeds/watchlist.toml knee
    """
    from tracker.watchlist import remove_watch

    remove_watch(watchlist, name)
    click.echo(f"removed {name} from {watchlist}")


COMMANDS = [run_command, status_command, watch_group]
