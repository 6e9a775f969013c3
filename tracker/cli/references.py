"""Commands on reference lists: references."""

from __future__ import annotations

import sys
from dataclasses import asdict

import click

from tracker.cli.options import allow_private_option
from tracker.errors import UsageError
from tracker.model import Reference
from tracker.pages import load_page
from tracker.render.printable import printable_json

LINE_FIELDS = (
    "label",
    "authors",
    "year",
    "title",
    "container",
    "doi",
    "pmid",
    "pmcid",
    "url",
    "raw",
)


def _line_json(ref: Reference) -> str:
    data = asdict(ref)
    ordered = {key: data[key] for key in LINE_FIELDS}
    ordered.update({key: value for key, value in data.items() if key not in ordered})
    return printable_json(ordered)


@click.command("references")
@click.argument("source", required=False)
@click.option(
    "--lines",
    is_flag=True,
    help="Parse one reference string per stdin line instead of a page.",
)
@allow_private_option
def references_command(source: str | None, lines: bool, allow_private: bool) -> None:
    """Print a page's parsed references as JSON lines.

    SOURCE is a saved HTML file or a URL. With --lines, each line of stdin is one
    reference string and each output line the JSON object parsed from it, in order
    (blank input lines give an object with an empty raw).

    \b
    Examples:
        tracker references page.html
        tracker references https://example.org/article
        printf 'Yuan X, Sun L. Title. Front Immunol. 2022;3:61.\\n' | tracker references --lines
    """
    from tracker.extraction.references import parse_reference

    if lines:
        if source is not None:
            raise UsageError("--lines reads reference strings from stdin; give no SOURCE with it")
        for line in sys.stdin:
            click.echo(_line_json(parse_reference(line.rstrip("\r\n"))))
        return
    if source is None:
        raise UsageError(
            "give a saved HTML file or a URL, or --lines to read references from stdin"
        )
    from tracker.extraction import extract

    page = load_page(source, allow_private=allow_private)
    document = extract(page.html, url=page.url, content_type=page.content_type)
    for ref in document.references:
        click.echo(_line_json(ref))


COMMANDS = [references_command]
