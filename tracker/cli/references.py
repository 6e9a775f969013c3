"""Commands on reference lists: references."""

from __future__ import annotations

from dataclasses import asdict

import click

from tracker.cli.options import (
    allow_private_option,
    page_article,
    page_or_lines_options,
    stdin_lines,
)
from tracker.model import Reference
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
@page_or_lines_options("Parse one reference string per stdin line instead of a page.")
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
        for line in stdin_lines(source, "reference strings"):
            click.echo(_line_json(parse_reference(line)))
        return
    document = page_article(source, "references", allow_private=allow_private)
    for ref in document.references:
        click.echo(_line_json(ref))


COMMANDS = [references_command]
