"""Commands that bring in history from before tracking began: backfill, import."""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.options import (
    allow_private_option,
    data_dir_option,
    format_option,
    watchlists_option,
)
from tracker.config import FetchSettings, allow_private_from_env
from tracker.render.printable import printable, printable_json
from tracker.store import open_index
from tracker.watchlist import load_watchlist

if TYPE_CHECKING:
    from tracker.history import Archive, BackfillRun, PastResult

EXIT_OK = 0
EXIT_INCOMPLETE = 1
EXIT_INTERRUPTED = 130  # as shells report SIGINT


def _line(result: PastResult, url: str | None = None) -> str:
    moment = result.captured_at.strftime("%Y-%m-%d %H:%M:%S")
    where = f"snapshot {result.snapshot_id}" if result.snapshot_id is not None else "-"
    text = f"{moment}Z  {result.outcome:<9}  {where:<12}  {url or result.key}"
    if result.reason:
        text += f"  ({result.reason})"
    return printable(text)


async def _run_backfill(
    data_dir: Path,
    url: str,
    settings: FetchSettings,
    archive: Archive,
    start: date | None,
    end: date | None,
    echo: bool,
) -> BackfillRun:
    from tracker.fetch import open_fetcher
    from tracker.history import backfill

    def progress(result: PastResult) -> None:
        if echo:
            click.echo(_line(result))

    with open_index(data_dir) as store:
        async with open_fetcher() as fetcher:
            return await backfill(
                store,
                fetcher,
                url,
                settings,
                archive=archive,
                start=start,
                end=end,
                progress=progress,
            )


@click.command("backfill")
@click.argument("url")
@click.option("--from", "start", metavar="DATE", help="First day to fetch (YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="Last day to fetch (YYYY-MM-DD).")
@click.option(
    "--archive",
    metavar="BASE_URL",
    default=None,
    help="A Wayback-style CDX endpoint (…/cdx/search/cdx), or any Memento archive's replay "
    "prefix (its TimeMap is BASE_URL/timemap/link/URL) or a TimeMap URL with {url} in it. "
    "Default: the Internet Archive's CDX API.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0.0),
    default=4.0,
    show_default=True,
    help="Least pause between two requests to the archive, in seconds. Public archives "
    "are shared, under-funded services that block clients in a hurry; a 429 answer is "
    "waited out as its Retry-After asks.",
)
@click.option(
    "--status",
    is_flag=True,
    help="Only print what earlier runs and imports recorded for URL (each capture, "
    "stored, skipped or failed, with the reason); the archive is not contacted.",
)
@data_dir_option
@allow_private_option
@format_option("text", "json")
def backfill_command(
    url: str,
    start: str | None,
    end: str | None,
    archive: str | None,
    delay: float,
    status: bool,
    data_dir: Path,
    allow_private: bool,
    output_format: str,
) -> None:
    """Fetch a page's past versions from web archives and store them in date order.

    Captures are listed through the Wayback CDX API (identical digests collapsed) or
    a Memento TimeMap, fetched in their raw id_ form (the bytes the archive stored,
    not its rewritten replay page), and stored as versions dated at their capture
    time, marked "backfilled" with the archive and memento URL. Change reports are
    recomputed so they read in date order. Run it again to fetch only what is
    missing: captures that failed are retried, the rest are not fetched twice.
    Backfilled versions never notify. Exit status 1 when a capture failed or the
    archive kept rate-limiting.

    \b
    Example:
        tracker backfill https://example.org/post --from 2019-01-01 --to 2024-04-30
        tracker backfill https://example.org/post --archive https://arquivo.pt/wayback
        tracker backfill https://example.org/post --status
    """
    from tracker.history import DEFAULT_ARCHIVE, Archive, parse_day
    from tracker.store import normalize_url

    normalize_url(url)
    if status:
        _print_status(data_dir, url, output_format)
        return
    first = parse_day(start, "--from") if start else None
    last = parse_day(end, "--to") if end else None
    target = Archive.parse(archive or DEFAULT_ARCHIVE)
    settings = FetchSettings(
        allow_private=allow_private or allow_private_from_env(), min_host_delay=delay
    )
    try:
        run = asyncio.run(
            _run_backfill(data_dir, url, settings, target, first, last, output_format == "text")
        )
    except KeyboardInterrupt:
        click.echo(
            "interrupted: every capture placed so far is stored; run the same command again "
            "to fetch the rest",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    if output_format == "json":
        click.echo(printable_json(run.to_json(), indent=2))
    else:
        counts = run.to_json()["counts"]
        summary = ", ".join(f"{count} {name}" for name, count in counts.items() if count)
        click.echo(
            f"{run.listed} capture(s) listed at {run.archive}, {run.collapsed} collapsed as "
            f"identical: {summary or 'nothing to do'}"
        )
        if run.stopped:
            click.echo(f"stopped: {run.stopped}", err=True)
    sys.exit(EXIT_OK if run.complete else EXIT_INCOMPLETE)


def _print_status(data_dir: Path, url: str, output_format: str) -> None:
    with open_index(data_dir, create=False) as store:
        ledger = store.past_captures(url)
    if output_format == "json":
        click.echo(printable_json([item.to_json() for item in ledger], indent=2))
        return
    if not ledger:
        click.echo(f"no archived or imported capture of {url} has been tried yet")
    for item in ledger:
        text = (
            f"{item.captured_at:%Y-%m-%d %H:%M:%S}Z  {item.state:<9}  {item.origin:<10}  "
            f"{item.key}  (tried {item.attempts}x)"
        )
        if item.reason:
            text += f"  {item.reason}"
        click.echo(printable(text))


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--all", "everything", is_flag=True, help="Import every HTML page in the files.")
@click.option("--url", "urls", multiple=True, metavar="URL", help="Import this URL (repeatable).")
@watchlists_option("whose URLs to import", seeds_by_default=False)
@data_dir_option
@format_option("text", "json")
def import_command(
    files: tuple[Path, ...],
    everything: bool,
    urls: tuple[str, ...],
    watchlists: tuple[Path, ...],
    data_dir: Path,
    output_format: str,
) -> None:
    """Import captures of watched URLs from WARC files, with their original dates.

    Reads WARC files from Heritrix, Browsertrix, Webrecorder or wget --warc-file
    (.warc or .warc.gz) and WACZ packages (.wacz). By default only URLs already
    in the data directory are imported; add --url, --watchlist, or --all for
    every HTML page. Revisit
    records are resolved to the capture they repeat, or skipped with the reason;
    non-HTML records are skipped. Imported versions are marked "imported", placed
    in date order, and never notify. Importing a file twice stores nothing twice.

    \b
    Example:
        tracker import crawl-2023.warc.gz --watchlist seeds/clinics.toml
    """
    from tracker.errors import UsageError
    from tracker.history import import_warcs
    from tracker.store import normalize_url

    wanted: set[str] | None = None
    with open_index(data_dir) as store:
        if not everything:
            wanted = set(store.urls()) | {normalize_url(url) for url in urls}
            for path in watchlists:
                wanted |= {normalize_url(watch.url) for watch in load_watchlist(path).watches}
            if not wanted:
                raise UsageError(
                    f"no watched URLs in {data_dir}; name them with --url or --watchlist, "
                    "or import every page with --all"
                )

        def progress(url: str, result: PastResult) -> None:
            if output_format == "text":
                click.echo(_line(result, url))

        run = import_warcs(store, files, urls=wanted, progress=progress)
    if output_format == "json":
        click.echo(printable_json(run.to_json(), indent=2))
        return
    counts = run.to_json()["counts"]
    summary = ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))
    click.echo(f"{len(run.files)} file(s): {summary or 'no capture of a wanted URL'}")
    for reason, count in sorted(run.skipped.items()):
        click.echo(f"  skipped {count} record(s): {reason}")


COMMANDS = [backfill_command, import_command]
