"""The workspace's commands for a terminal: an article's evidence dossier, and annotations."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tracker.cli.options import data_dir_option, format_option, output_option, watchlists_option
from tracker.errors import UsageError


def _evidence_names(output: Path) -> tuple[Path, Path]:
    stem = output.with_suffix("")
    return stem.with_name(stem.name + ".warc.gz"), stem.with_name(stem.name + ".wacz")


@click.command("dossier")
@click.argument("url")
@output_option(
    required=True,
    help="FILE.html or FILE.pdf; the article's FILE.warc.gz and FILE.wacz are written beside.",
)
@watchlists_option("naming and tagging the watch")
@click.option(
    "--base-url",
    metavar="URL",
    help="Where 'tracker serve' serves this data directory: each version links there.",
)
@data_dir_option
def dossier_command(
    url: str,
    output: Path,
    watchlists: tuple[Path, ...],
    base_url: str | None,
    data_dir: Path,
) -> None:
    """Write the evidence dossier of one article, with its WARC and a WACZ beside it.

    The dossier holds the timeline (with the gaps when checks got no page), every
    change report, each version's capture provenance (time, URL and final URL, HTTP
    status, sha256, WARC file and record id), what 'tracker verify' finds now, and
    the annotations. A .pdf is printed by the system's Chromium.

    \b
    Examples:
        tracker dossier https://example.org/post --output post.html
        tracker dossier https://example.org/post --output post.pdf
        tracker dossier https://example.org/post -o post.html --base-url http://ws.lab:8000
    """
    from tracker.daemon import default_watchlists
    from tracker.fetch.browser import find_chromium
    from tracker.links import checked_base_url
    from tracker.store import open_index
    from tracker.web.data import listed_watches
    from tracker.web.dossier import build_dossier, dossier_html, print_pdf, write_evidence

    if output.suffix.lower() not in {".html", ".pdf"}:
        raise UsageError("--output must name a .html or a .pdf file")
    base = checked_base_url(base_url) if base_url is not None else None
    warc, wacz = _evidence_names(output)
    listed = listed_watches(watchlists or default_watchlists())
    with open_index(data_dir, create=False) as index:
        dossier = build_dossier(index, url, listed)
        write_evidence(index, dossier.timeline.url, warc, wacz, dossier.timeline.name)
    downloads = {"warc": warc.name, "wacz": wacz.name}
    html = dossier_html(dossier, downloads, standalone=True, base_url=base)
    if output.suffix.lower() == ".pdf":
        print_pdf(html, output, find_chromium())
    else:
        output.write_text(html, encoding="utf-8")
    click.echo(f"{output} ({dossier.verdict}); evidence: {warc}, {wacz}", err=True)


@click.command("annotate")
@click.argument("snapshot")
@click.option(
    "--significant/--not-significant",
    default=None,
    help="Your verdict on the change that introduced SNAPSHOT (default: none).",
)
@click.option("--note", default="", help="What you make of it.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--user", default="default", show_default=True, help="Who is annotating.")
@format_option("text", "json")
@data_dir_option
def annotate_command(
    snapshot: str,
    significant: bool | None,
    note: str,
    tags: tuple[str, ...],
    user: str,
    output_format: str,
    data_dir: Path,
) -> None:
    """Annotate the change that introduced a version: significant or not, a note, tags.

    SNAPSHOT names the version as 'tracker show' does (ID, URL@-1, URL@2024-04-11).
    Annotations are kept in the index, never edited, and shown in the workspace, its
    API, the change reports of 'tracker serve' and the evidence dossier.

    \b
    Examples:
        tracker annotate 42 --significant --note "FDA disclaimer removed" --tag fda
        tracker annotate https://example.org/post@-1 --not-significant
    """
    from tracker.store import open_index
    from tracker.web.guard import valid_user_name
    from tracker.web.pages import parse_annotation

    if not valid_user_name(user):
        raise UsageError("--user is 1 to 64 letters, digits, '.', '_', '@' or '-'")
    judgement = parse_annotation(significant, note, list(tags))
    with open_index(data_dir, create=False) as index:
        row = index.resolve_snapshot(snapshot)
        annotation = index.add_annotation(row.id, user, judgement)
    if output_format == "json":
        click.echo(json.dumps(annotation.to_json(), ensure_ascii=False, indent=2))
    else:
        said = {True: "significant", False: "not significant", None: "no verdict"}
        verdict = said[judgement.significant]
        click.echo(f"annotation {annotation.id} on version {row.id} ({row.url}): {verdict}")


COMMANDS = [dossier_command, annotate_command]
