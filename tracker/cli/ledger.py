"""The ledger commands: search every claim and cited work ever seen; rebuild the ledger."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from tracker.cli.options import data_dir_option, format_option, watchlists_option
from tracker.store.ledger import CHANGE_KINDS, LedgerClaim, LedgerWork, SearchResult


def _day(moment: object) -> str:
    return str(moment)[:10]


def _claim_lines(claim: LedgerClaim) -> list[str]:
    life = f"first seen {_day(claim.first_seen)} (version {claim.first_snapshot})"
    if claim.removed_snapshot is not None:
        life += f", removed {_day(claim.removed_at)} (version {claim.removed_snapshot})"
    else:
        life += f", still there at version {claim.last_snapshot}"
    about = ", ".join(claim.categories) or "no category"
    changes = [f"{e.kind} {_day(e.seen_at)} (v{e.snapshot_id})" for e in claim.events[1:]]
    lines = [f"#{claim.id} {claim.url}", f"  {claim.text}", f"  {life}"]
    lines.append(f"  strength {claim.strength}; {about}")
    if claim.citations:
        lines.append(f"  cites: {'; '.join(claim.citations)}")
    if changes:
        lines.append(f"  changes: {'; '.join(changes)}")
    return lines


def _work_lines(work: LedgerWork) -> list[str]:
    lines = [f"#{work.id} {work.text}"]
    for citing in work.citings:
        span = f"cited from {_day(citing.first_seen)} (version {citing.first_snapshot})"
        if citing.removed_snapshot is not None:
            span += f", dropped {_day(citing.removed_at)} (version {citing.removed_snapshot})"
        lines.append(f"  {citing.url}: {span}")
    return lines


def format_result(result: SearchResult, works: bool) -> str:
    """The result as text: one paragraph per claim or work, then how many matched."""
    found = "works" if works else "claims"
    if works:
        blocks = [_work_lines(work) for work in result.works]
    else:
        blocks = [_claim_lines(claim) for claim in result.claims]
    lines = [line for block in blocks for line in (*block, "")]
    lines.append(f"{len(blocks)} of {result.total} {found}")
    if result.stale_watches:
        lines.append(
            f"{result.stale_watches} watches have versions the ledger does not hold yet: "
            "run 'tracker ledger rebuild'"
        )
    return "\n".join(lines)


@click.command("search")
@click.argument("text", default="")
@click.option("--site", help="Only pages of this host (example.org).")
@click.option("--tag", help="Only watches the watchlists file under this tag.")
@click.option("--category", help="Only claims of this category (efficacy, disclaimer, ...).")
@click.option(
    "--change-kind",
    type=click.Choice(CHANGE_KINDS),
    help="Only claims that changed this way (between --since and --until, when given).",
)
@click.option("--since", metavar="DATE", help="From this day (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Up to this day (YYYY-MM-DD).")
@click.option("--works", is_flag=True, help="Search the cited works, not the claims.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 1000))
@watchlists_option("whose tags --tag reads")
@format_option("text", "json")
@data_dir_option
def search_command(
    watchlists: tuple[Path, ...], output_format: str, data_dir: Path, **asked: Any
) -> None:
    """Search every claim (or cited work) ever seen on any tracked page.

    TEXT is matched word by word (stemmed: "reduce" finds "reduces"), in every wording a
    claim ever had. Without TEXT, the filters alone choose.

    \b
    Examples:
        tracker search "not evaluated by the FDA" --change-kind removed --since 2024-01-01
        tracker search cures --category efficacy --format json
        tracker search "Lancet" --works --site example.org
    """
    from tracker.daemon import default_watchlists
    from tracker.store import open_index
    from tracker.web.data import listed_watches
    from tracker.web.search import SearchRequest, search_ledger

    request = SearchRequest(**asked)  # TEXT and the filters are named as its fields
    listed = listed_watches(watchlists or default_watchlists()) if request.tag else {}
    with open_index(data_dir, create=False) as index:
        result = search_ledger(index, request, listed)
    if output_format == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_result(result, request.works))


@click.group("ledger")
def ledger_group() -> None:
    """The claim and reference ledger kept in the index.

    Versions are added to the ledger as they are stored. A data directory from
    before the ledger, or one whose ledger was interrupted, is brought up to date
    with 'tracker ledger rebuild'.
    """


@ledger_group.command("rebuild")
@click.option("--all", "everything", is_flag=True, help="Replay every watch, not only stale ones.")
@data_dir_option
def rebuild_command(everything: bool, data_dir: Path) -> None:
    """Replay stored versions into the ledger, watch by watch, in time order.

    Each watch is one transaction: interrupted, the next run goes on with the
    watches not done yet. --all starts over (and is resumable the same way).

    \b
    Examples:
        tracker ledger rebuild --data-dir snapshots
        tracker ledger rebuild --all
    """
    from tracker.store import open_index

    with open_index(data_dir, create=False) as index:
        if everything:
            index.forget_ledger()
        stale = index.ledger_stale_watches()
        with click.progressbar(stale, label="ledger", file=None) as bar:
            for watch_id in bar:
                index.rebuild_ledger_watch(watch_id)
        index.optimize_ledger_text()
    click.echo(f"ledger: {len(stale)} watches replayed", err=True)


COMMANDS = [search_command, ledger_group]
