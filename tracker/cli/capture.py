"""Commands on captures and the store: check, history, show, verify, reindex, export."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.cli.notify_options import ManualCheck, WatchOverrides, notify_options
from tracker.cli.options import (
    allow_private_option,
    data_dir_option,
    format_option,
    notify_filters_option,
    output_option,
    selection_options,
    watchlists_option,
)
from tracker.config import FETCHER_KINDS, FetcherKind, allow_private_from_env
from tracker.errors import DamagedIndexError, NoDataError
from tracker.model import Document, Outcome
from tracker.render import DOCUMENT_FORMATS, render_document, render_report
from tracker.render.printable import printable, printable_json
from tracker.store import (
    AnnotationQuery,
    FoundCapture,
    annotations_by_version,
    open_index,
    set_aside_index,
)
from tracker.store.rows import WARC_DIR

if TYPE_CHECKING:
    from tracker.check import CheckResult
    from tracker.history import PastResult
    from tracker.notify import NotifierFlags

EXIT_OK = 0
EXIT_FAILED = 1


def _color() -> bool:
    return sys.stdout.isatty()


# --------------------------------------------------------------------------- check


async def _run_check(data_dir: Path, manual: ManualCheck) -> tuple[CheckResult, Document | None]:
    """The check, and for a first version its Document (for the summary line)."""
    from tracker.check import check
    from tracker.fetch import open_fetcher

    with open_index(data_dir) as store:
        async with open_fetcher() as fetcher:
            result = await check(
                store,
                fetcher,
                manual.watch,
                deliveries=manual.deliveries(),
                health=manual.health(),
            )
        await manual.deliver(store, result.check_id)
        document = None
        first = result.outcome is Outcome.NEW and result.snapshot_id is not None
        if first and (row := store.snapshot(result.snapshot_id or 0)):
            document = store.load_document(row.document_sha256)
        return result, document


@click.command("check")
@click.argument("url")
@data_dir_option
@allow_private_option
@click.option(
    "--fetcher",
    "fetcher",
    type=click.Choice(FETCHER_KINDS),
    default=None,
    help="http: the page as served; browser: after its scripts ran (Chromium) "
    "[default: the watch's, else http].",
)
@selection_options
@click.option(
    "--failure-threshold",
    type=click.IntRange(1),
    default=None,
    help="Failed checks in a row before the page is reported failing "
    "[default: the watch's, else 2].",
)
@notify_filters_option("the watch's `notify`")
@watchlists_option("whose watch of URL (or [defaults]) says how to check and notify")
@notify_options
@format_option("text", "json")
def check_command(
    url: str,
    data_dir: Path,
    allow_private: bool,
    fetcher: FetcherKind | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    failure_threshold: int | None,
    notify_filters: tuple[str, ...],
    watchlists: tuple[Path, ...],
    notify_flags: NotifierFlags,
    output_format: str,
) -> None:
    """Fetch one page now, store it if it changed, and print what changed.

    Every attempt is recorded, failures included (see 'tracker history URL').
    The check runs as the daemon would run it: with the settings of URL's watch in
    the watchlists (else the first watchlist's [defaults]): fetcher, limits,
    selectors, failure threshold, `notify` filters; the flags override them. An
    article change and health news (gone, blocked, failing, recovered, a redirect
    that starts) go to the watchlists' notifiers and the flags'; what a receiver
    does not accept now is left to the daemon ('tracker status').
    Exit status: 0 when the page was checked (new, changed or unchanged),
    1 when the check failed, was blocked or the page is gone.

    \b
    Example:
        tracker check https://example.org/post
        tracker check --fetcher browser https://example.org/app-built-post
        tracker check https://example.org/post --failure-threshold 1 --webhook https://hooks.example.org/t
    """
    from tracker.store import normalize_url

    normalize_url(url)  # a bad URL is the user's mistake: say so before touching the store
    overrides = WatchOverrides(
        fetcher=fetcher,
        allow_private=allow_private or allow_private_from_env(),
        failure_threshold=failure_threshold,
        include=include,
        exclude=exclude,
        notify=notify_filters,
    )
    manual = ManualCheck.of(url, watchlists, notify_flags, data_dir, overrides)
    result, document = asyncio.run(_run_check(data_dir, manual))
    if output_format == "json":
        click.echo(printable_json(result.to_json(), indent=2))
    else:
        _print_check(result, document)
    sys.exit(EXIT_OK if result.ok else EXIT_FAILED)


def _print_check(result: CheckResult, document: Document | None) -> None:
    outcome = str(result.outcome)
    status = f" (HTTP {result.http_status})" if result.http_status else ""
    if not result.ok:
        reason = result.error or "no reason recorded"
        reason = reason.removeprefix(f"{outcome}: ")  # "gone: gone: HTTP 404" reads badly
        if str(result.http_status) in reason:
            status = ""
        click.echo(printable(f"{outcome}: {result.url}{status}: {reason}"), err=True)
        if result.evidence:
            click.echo(
                "  the server's answer is kept as evidence (see 'tracker history')", err=True
            )
        return
    if result.outcome is Outcome.NEW:
        click.echo(f"new: first version of {result.url} stored as snapshot {result.snapshot_id}")
        if document is not None:
            click.echo(
                printable(
                    f"  {document.title or '(untitled)'}: {len(document.blocks)} blocks, "
                    f"{len(document.sentences)} sentences, {len(document.references)} "
                    f"references; updated {document.updated or 'not stated'}"
                )
            )
    elif result.outcome is Outcome.UNCHANGED:
        click.echo(
            f"unchanged: {result.url} is as in snapshot {result.snapshot_id} ({result.because})"
        )
    else:
        click.echo(
            f"changed: {result.url} stored as snapshot {result.snapshot_id}, "
            f"replacing snapshot {result.previous_snapshot_id}"
        )
    if result.error:  # a version stored with a caveat, e.g. no report could be made
        click.echo(printable(f"note: {result.error}"), err=True)
    if result.report is not None:
        click.echo(render_report(result.report, "text", color=_color()), nl=False)


# --------------------------------------------------------------------------- history


@click.command("history")
@click.argument("url")
@data_dir_option
@format_option("text", "json")
def history_command(url: str, data_dir: Path, output_format: str) -> None:
    """List every check of a tracked URL, failures included, oldest first.

    A failed check whose server answered (a 404 page, a login wall, a 500 page) shows
    where that answer is kept as evidence: [answer kept: warc/FILE@OFFSET]. In JSON
    each check has "evidence" (true when what the server answered is kept) and "warc".
    A researcher's annotations of a change (tracker annotate, the workspace) follow
    the check that stored its version; in JSON, "annotations" on that check.

    \b
    Example:
        tracker history https://example.org/post --format json
    """
    with open_index(data_dir, create=False) as store:
        rows = store.history(url)
        annotations = annotations_by_version(store.annotations(AnnotationQuery(url=url)))
    if output_format == "json":
        checks = [
            row.to_json()
            | {"annotations": [a.to_json() for a in annotations.get(row.snapshot, [])]}
            if row.new_snapshot
            else row.to_json()
            for row in rows
        ]
        click.echo(printable_json(checks, indent=2))
        return
    for row in rows:
        snapshot = f"snapshot {row.snapshot}" if row.snapshot is not None else "-"
        if row.new_snapshot:
            snapshot += " (new)"
        status = str(row.http_status) if row.http_status is not None else "-"
        line = f"{row.checked_at:%Y-%m-%d %H:%M:%S}Z  {row.outcome:<9}  {status:>3}  {snapshot}"
        if row.origin != "tracked":  # a capture from before tracking began, not a live check
            line += f"  [{row.origin}]"
        if row.redirects:
            line += f"  [redirected {len(row.redirects)}x to {row.final_url}]"
        if row.error:
            line += f"  {row.error}"
        if row.evidence and not row.outcome.ok:
            line += f"  [answer kept: warc/{row.warc_file}@{row.warc_offset}]"
        click.echo(printable(line))
        for annotation in annotations.get(row.snapshot, []) if row.new_snapshot else []:
            click.echo(printable(f"    annotated {annotation.words()}"))


# --------------------------------------------------------------------------- show


@click.command("show")
@click.argument("snapshot")
@data_dir_option
@format_option(*DOCUMENT_FORMATS, "json", "raw")
def show_command(snapshot: str, data_dir: Path, output_format: str) -> None:
    """Show one stored version: its article, references, stripped chrome and evidence.

    SNAPSHOT is a snapshot id, or URL@-1 (latest), URL@-2 (the one before),
    URL@2024-04-11 (the version current on that day). ``--format raw`` writes the
    page exactly as the server sent it, its content coding (gzip, brotli) undone,
    read from the WARC evidence.

    \b
    Example:
        tracker show https://example.org/post@-1 --format html > post.html
        tracker show https://example.org/post@-1 --format raw > post-as-sent.html
    """
    with open_index(data_dir, create=False) as store:
        row = store.resolve_snapshot(snapshot)
        if output_format == "raw":
            record = store.read_capture(row.warc_file, row.warc_offset, row.warc_length)
            click.echo(record.body(), nl=False)  # bytes: written as they are
            return
        document = store.load_document(row.document_sha256)
        report = store.report_for_snapshot(row.id)
        notes = store.annotations(AnnotationQuery(snapshot_id=row.id))
        made_by = [check for check in store.history(row.url) if check.id == row.check_id]
    redirects = made_by[0].redirects if made_by else ()
    if output_format == "json":
        # "report": the change report that introduced this version (null for a first one);
        # "redirects": the URLs its capture was redirected through before its final_url
        snapshot_json = {**row.to_json(), "redirects": list(redirects)}
        # "annotations": researchers' verdicts on that report's change, newest first
        payload = {
            "snapshot": snapshot_json,
            "document": document.to_json(),
            "report": report,
            "annotations": [note.to_json() for note in notes],
        }
        click.echo(printable_json(payload, indent=2))
    else:
        shown = render_document(
            row, document, output_format, redirects=redirects, annotations=notes
        )
        click.echo(shown, nl=False)


# --------------------------------------------------------------------------- verify


_PROBLEM_LABELS = {"damage": "problem", "unheld": "not indexed", "spare": "spare"}


@click.command("verify")
@data_dir_option
@click.option(
    "--repair",
    is_flag=True,
    help="restore what the index lacks from the WARC files (as 'tracker reindex'), then verify",
)
@watchlists_option("whose watches give restored pages their names and selectors (--repair)")
def verify_command(data_dir: Path, repair: bool, watchlists: tuple[Path, ...]) -> None:
    """Re-hash every stored file against the index and report each disagreement.

    Reported: damage (a record, file or Document the index names that is missing
    or changed), WARC records and files the index does not hold ('not indexed':
    'tracker reindex', or --repair, restores them), and Documents no version refers
    to ('spare': kept, no damage). Exit status 0 only when files and index agree.
    With --repair, an index that is missing, emptied, older than its files or damaged
    is first rebuilt from the WARC files (nothing is deleted), then verified.

    \b
    Example:
        tracker verify --data-dir snapshots/
        tracker verify --repair --data-dir snapshots/ --watchlist seeds/watchlist.toml
    """
    if repair:
        _reindex(data_dir, watchlists)
    try:
        store = open_index(data_dir, create=False)
    except DamagedIndexError as error:
        click.echo(f"problem: {error}")
        click.echo(
            "'tracker reindex' moves the damaged index aside and rebuilds it from the WARC files",
            err=True,
        )
        sys.exit(EXIT_FAILED)
    with store:
        problems = store.verify()
        spares = store.spare_documents()
        counts = store.counts()
    for problem in [*problems, *spares]:
        click.echo(f"{_PROBLEM_LABELS[problem.kind]}: {problem}")
    summary = (
        f"{counts['checks']} checks, {counts['snapshots']} snapshots, "
        f"{counts['documents']} documents, {counts['warc_files']} WARC file(s)"
    )
    if problems:
        click.echo(f"{len(problems)} problem(s) in {data_dir} ({summary})", err=True)
        if any(problem.kind == "unheld" for problem in problems):
            click.echo(
                "the WARC files hold captures the index lacks: 'tracker reindex' restores"
                " them (it never deletes evidence)",
                err=True,
            )
        sys.exit(EXIT_FAILED)
    kept = f"; {len(spares)} spare Document(s) kept" if spares else ""
    click.echo(f"ok: {data_dir} is sound ({summary}{kept})")


# --------------------------------------------------------------------------- reindex


@click.command("reindex")
@data_dir_option
@watchlists_option("whose watches give restored pages their names and selectors")
def reindex_command(data_dir: Path, watchlists: tuple[Path, ...]) -> None:
    """Rebuild the index from the WARC files: restore every capture it lacks.

    For an index that was deleted, emptied, restored from an older backup or damaged
    (a damaged one is moved aside as index.sqlite3.damaged-TIME, never deleted).
    Each capture comes back as a check of its watch, in its place in time, with the
    versions and change reports it makes and the origin its record names (tracked,
    backfilled or imported; 'restored' when an older record does not say). The
    watchlists give each page its watch's name and selectors back. It ends saying
    what the WARC files could not bring back. Nothing is deleted, and an interrupted
    run resumes where it stopped (also 'tracker verify --repair').

    \b
    Example:
        tracker reindex --data-dir snapshots/ --watchlist seeds/watchlist.toml
    """
    _reindex(data_dir, watchlists)


def _reindex(data_dir: Path, watchlists: tuple[Path, ...]) -> None:
    from tracker.daemon import default_watchlists
    from tracker.reindex import reindex
    from tracker.watchlist import load_watchlist

    if not (data_dir / WARC_DIR).is_dir():
        raise NoDataError(str(data_dir), f"no WARC files in {data_dir} to rebuild an index from")
    try:
        store = open_index(data_dir, rebuilding=True)
    except DamagedIndexError as error:
        aside = set_aside_index(data_dir)
        click.echo(f"{error}: moved it to {aside}", err=True)
        store = open_index(data_dir, rebuilding=True)

    def progress(number: int, total: int, found: FoundCapture, result: PastResult) -> None:
        when = found.captured_at.strftime("%Y-%m-%d %H:%M:%SZ")
        made = f" snapshot {result.snapshot_id}" if result.snapshot_id else ""
        why = f" ({result.reason})" if result.reason and not made else ""
        click.echo(f"[{number}/{total}] {when}  {found.url}  {result.outcome}{made}{why}")

    paths = watchlists or default_watchlists()
    watches = [watch for path in paths for watch in load_watchlist(path, strict=False).watches]
    with store:
        done = reindex(store, progress=progress, watches=watches)
        counts = store.counts()
    for name in done.adopted_files:
        click.echo(f"listed {WARC_DIR}/{name}, which the index had lost")
    click.echo(
        f"restored {done.restored} capture(s), skipped {done.skipped};"
        f" the index now holds {counts['checks']} checks and {counts['snapshots']} snapshots"
        " (nothing was deleted)"
    )
    if done.named:
        click.echo(f"named {len(done.named)} page(s) after their watch in the watchlists")
    if done.selected_by_documents:
        click.echo(
            f"read {len(done.selected_by_documents)} page(s) no watchlist lists through the"
            " selectors their stored Documents record"
        )
    click.echo("not recovered (the WARC files do not hold it):")
    for lost in done.unrecovered:
        click.echo(printable(f"  - {lost}"))


# --------------------------------------------------------------------------- export


@click.command("export")
@click.argument("url")
@output_option(
    "--warc",
    "warc_path",
    required=True,
    help="The WARC file to write (gzip per record; use a .warc.gz name).",
)
@data_dir_option
def export_command(url: str, warc_path: Path, data_dir: Path) -> None:
    """Write one page's whole history, every capture as recorded, to one WARC file.

    The records are copied byte for byte, so their digests and dates are those of
    the original captures; any WARC tool (warcio, pywb, replayweb.page) reads it.
    What the server answered to failed checks (a 404 page, a login wall) is included,
    marked with a Tracker-Failure header. Researchers' annotations of each change
    follow the captures, one metadata record per annotated version
    (application/vnd.tracker.annotations+json, WARC-Refers-To its response record).

    \b
    Example:
        tracker export https://example.org/post --warc post.warc.gz
    """
    with open_index(data_dir, create=False) as store:
        copied = store.export_warc(url, warc_path)
    click.echo(f"wrote {copied} capture(s) of {url} to {warc_path}")


COMMANDS = [
    check_command,
    history_command,
    show_command,
    verify_command,
    reindex_command,
    export_command,
]
