"""Commands on one page: extract."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.cli.options import allow_private_option, format_option, selection_options
from tracker.errors import UsageError
from tracker.model import Document
from tracker.pages import load_page
from tracker.render.printable import printable_json, printable_lines

if TYPE_CHECKING:
    from tracker.extraction.selection import Selection


def format_text(doc: Document) -> str:
    """The article as plain text: each heading, paragraph and list item on its own line
    (exactly ``doc.text``), then a blank line and each reference entry on its own line."""
    text = doc.text
    if doc.references:
        text += "\n\n" + "\n".join(ref.raw for ref in doc.references)
    return text


def claims_of(doc: Document) -> list[dict[str, Any]]:
    """The article's claims, each with its block, its categories and its assessment: what
    a report on the next version will compare."""
    from tracker.comparison.claims import assess_many

    placed = [(b, s) for b, block in enumerate(doc.blocks) for s in block.sentences]
    found = assess_many(
        [sentence.text for _, sentence in placed],
        cites_reference=[bool(sentence.cited_labels) for _, sentence in placed],
    )
    return [
        {"block": b, **item.to_json()}
        for (b, _), item in zip(placed, found, strict=True)
        if item.is_claim
    ]


def selection_of(include: tuple[str, ...], exclude: tuple[str, ...]) -> Selection | None:
    """The --include/--exclude selectors, checked; None when none was given."""
    from tracker.extraction.selection import Selection

    try:
        return Selection.of(include, exclude) or None
    except ValueError as error:
        raise UsageError(str(error)) from None


def _read_site_pages(paths: tuple[Path, ...]) -> list[bytes]:
    pages = []
    for path in paths:
        try:
            pages.append(path.read_bytes())
        except OSError as error:
            raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    return pages


@click.command("extract")
@click.argument("sources", nargs=-1, required=True, metavar="FILE|URL")
@format_option("text", "json")
@click.option(
    "--site-pages",
    "site_pages",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Other saved pages of the same site (FILE..., or the flag repeated): blocks "
    "recurring on most of them are stripped as site_template.",
)
@selection_options
@allow_private_option
def extract_command(
    sources: tuple[str, ...],
    output_format: str,
    site_pages: tuple[Path, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    allow_private: bool,
) -> None:
    """Extract the article from one HTML page.

    FILE|URL is a saved HTML file or a URL (fetched once with a plain GET). The text
    format prints headings, paragraphs and list items, one per line, then the
    reference list; the json format prints the whole Document, with the
    metadata and where each value came from, and every stripped block with the
    reason it was stripped, and under "claims" each claim sentence with its block,
    categories, strength, hedges and numbers.

    \b
    Examples:
        tracker extract page.html
        tracker extract page.html --format json
        tracker extract page.html --site-pages other1.html other2.html
        tracker extract page.html --include "main .terms" --exclude ".promo-banner"
    """
    from tracker.extraction import SiteProfile, extract

    source, *more = sources
    if more and not site_pages:
        raise UsageError(
            f"one page at a time: got {len(sources)} (other pages go after --site-pages)"
        )
    # "--site-pages a.html b.html": the shell form with several files after one flag
    site_pages = (*site_pages, *(Path(path) for path in more))
    page = load_page(source, allow_private=allow_private)
    profile = None
    if site_pages:
        profile = SiteProfile.learn([page.html, *_read_site_pages(site_pages)])
    doc = extract(
        page.html,
        url=page.url,
        content_type=page.content_type,
        site_profile=profile,
        selection=selection_of(include, exclude),
    )
    if output_format == "json":
        output = {**doc.to_json(), "claims": claims_of(doc)}
        click.echo(printable_json(output, indent=2))
    else:
        click.echo(printable_lines(format_text(doc)))


COMMANDS = [extract_command]
