"""Commands that compare versions: diff."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tracker.atomic import atomic_write
from tracker.cli.extract import selection_of
from tracker.cli.options import data_dir_option, format_option, output_option, selection_options
from tracker.errors import TrackerError, UsageError
from tracker.model import DOCUMENT_SCHEMA, Document
from tracker.render import REPORT_FORMATS, render_report
from tracker.render.evidence import with_between

if TYPE_CHECKING:
    from tracker.extraction.selection import Selection
    from tracker.store import Between

# Exit statuses like diff(1).
EXIT_SAME = 0
EXIT_CHANGED = 1
EXIT_TROUBLE = 2


def load_version(spec: str, data_dir: Path, selection: Selection | None = None) -> Document:
    """A saved HTML page, a saved Document JSON, "-" for either on stdin, or a stored version.

    With ``selection`` a page, or a stored version's captured page, is read through it.
    """
    path = Path(spec)
    if spec == "-" or path.is_file():
        try:
            data = sys.stdin.buffer.read() if spec == "-" else path.read_bytes()
        except OSError as error:
            raise UsageError(f"cannot read {spec}: {error.strerror or error}") from error
        document = _document_json(data)
        if document is not None:
            if selection:
                raise UsageError(f"{spec}: --include/--exclude read pages, not saved documents")
            return document
        from tracker.extraction import extract

        return extract(data, url=None, selection=selection)
    if path.is_dir():
        raise UsageError(f"{spec} is a directory; give a saved page or a stored version")
    if not (spec.isdigit() or spec.startswith(("http://", "https://"))):
        raise UsageError(
            f"{spec}: no such file; a stored version is a snapshot id, URL, URL@-1 or URL@DATE"
        )
    from tracker.store import open_index

    with open_index(data_dir, create=False) as store:
        if not selection:
            return store.resolve_version(spec)
        row = store.resolve_snapshot(spec)
        page = store.read_page(row)  # the rendered DOM, when a browser read the page
    if page is None:
        raise UsageError(f"{spec}: the stored capture holds no page to read through selectors")
    body, _ = page
    from tracker.extraction import extract

    return extract(body, url=row.final_url, selection=selection, captured_at=row.fetched_at)


def _is_stored(spec: str) -> bool:
    return spec != "-" and not Path(spec).exists()


def _between(old: str, new: str, data_dir: Path) -> Between | None:
    """What the index knows between the stored sides (None when both are files)."""
    if not (_is_stored(old) or _is_stored(new)):
        return None
    from tracker.store import open_index, versions_between

    with open_index(data_dir, create=False) as store:
        rows = [store.resolve_snapshot(spec) if _is_stored(spec) else None for spec in (old, new)]
        return versions_between(store, *rows)


def _document_json(data: bytes) -> Document | None:
    """A file written by 'tracker extract --format json' is read back, not re-extracted."""
    head = data[:4096].lstrip()
    if not head.startswith(b"{") or DOCUMENT_SCHEMA.encode() not in data[:1_000_000]:
        return None
    try:
        return Document.from_json(json.loads(data))
    except (ValueError, KeyError, TypeError) as error:
        raise UsageError(f"not a readable tracker document: {error}") from error


@click.command("diff")
@click.argument("old")
@click.argument("new")
@format_option(*REPORT_FORMATS)
@output_option()
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text format (default: when writing to a terminal and NO_COLOR is unset).",
)
@selection_options
@data_dir_option
def diff_command(
    old: str,
    new: str,
    output_format: str,
    output: Path | None,
    color: bool | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    data_dir: Path,
) -> None:
    """Compare two versions of an article: claims, references, dates and text.

    OLD and NEW are saved HTML pages, documents saved by 'tracker extract
    --format json', stored snapshot ids, or stored versions of a tracked URL:
    URL@-1 (latest), URL@-2 (the one before), URL@2024-04-11 (current on that day).
    One of them may be "-": the page or document read from stdin.

    Exit status like diff(1): 0 the article is unchanged (chrome or dates may
    have moved), 1 the article changed, 2 trouble.

    \b
    Examples:
        tracker diff old.html new.html
        tracker diff old.html new.html --format html --output changes.html
        tracker diff https://clinic.example/lupus@-2 https://clinic.example/lupus@-1 --format json
        tracker diff old.html new.html --exclude ".newsletter-box"

    --include and --exclude read both sides through the same CSS selectors.
    """
    if old == new == "-":
        click.echo("tracker: error: only one of OLD and NEW can be read from stdin", err=True)
        sys.exit(EXIT_TROUBLE)
    try:
        selection = selection_of(include, exclude)
        changed = _diff(old, new, output_format, output, color, data_dir, selection)
    except TrackerError as error:
        # every failure is trouble (2), never "changed" (1): scripts rely on diff(1) statuses
        click.echo(f"tracker: error: {error}", err=True)
        sys.exit(EXIT_TROUBLE)
    except Exception as error:  # a bug must not read as "changed" (1) to a calling script
        click.echo(f"tracker: internal error: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_TROUBLE)
    sys.exit(EXIT_CHANGED if changed else EXIT_SAME)


def _diff(
    old: str,
    new: str,
    output_format: str,
    output: Path | None,
    color: bool | None,
    data_dir: Path,
    selection: Selection | None = None,
) -> bool:
    """Compare, render and write; True when the article changed."""
    from tracker.comparison import compare

    report = compare(load_version(old, data_dir, selection), load_version(new, data_dir, selection))
    between = _between(old, new, data_dir)
    if between is not None:
        report = with_between(report, between)
    if output_format == "text" and color is None:
        # like most tools: colour for a terminal, never when NO_COLOR is set
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    text = render_report(report, output_format, color=bool(color))
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            # a report is evidence: readers see the previous file or the whole new one
            atomic_write(output, text.encode("utf-8"))
        except OSError as error:
            raise UsageError(f"cannot write {output}: {error.strerror or error}") from error
    return report.article_changed


COMMANDS = [diff_command]
