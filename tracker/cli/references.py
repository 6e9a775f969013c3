"""Commands on reference lists: references."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from dataclasses import asdict
from pathlib import Path

import click

from tracker.cli.options import allow_private_option
from tracker.errors import UsageError
from tracker.model import Reference

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
    return json.dumps(ordered, ensure_ascii=False)


def _load_html(source: str, allow_private: bool) -> tuple[bytes, str | None]:
    """The page's bytes and URL, from a saved file or by fetching a URL once."""
    if re.match(r"(?i)https?://", source):
        from tracker.config import FetchSettings
        from tracker.fetch import Fetcher, NotModified

        async def get() -> bytes:
            async with Fetcher() as fetcher:
                result = await fetcher.fetch(source, FetchSettings(allow_private=allow_private))
            if isinstance(result, NotModified):
                raise UsageError(f"{source}: the server answered 304 Not Modified to a plain GET")
            return result.body

        return asyncio.run(get()), source
    path = Path(source)
    try:
        return path.read_bytes(), None
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{source}: is a directory, give an HTML file") from None
    except OSError as error:
        raise UsageError(f"{source}: cannot read: {error.strerror or error}") from None


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

    html, url = _load_html(source, allow_private)
    document = extract(html, url=url)
    for ref in document.references:
        click.echo(_line_json(ref))


COMMANDS = [references_command]
