"""One stored version as text or HTML: what ``tracker show`` prints.

The article's blocks, its references, what was stripped as chrome, and where the
evidence lies. Every page string is escaped (HTML, under a policy that loads and
runs nothing) or filtered (text, tracker.render.printable).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from tracker.model import Document
from tracker.render.dates import date_words, version_dates
from tracker.render.html import annotations_html
from tracker.render.printable import printable

if TYPE_CHECKING:
    from tracker.render import ShownVersion

__all__ = ["document_html", "document_text"]


def _shown(document: Document, separator: str) -> str:
    """'updated: 2025-07-09  effective: …': the dates a reader is shown, each under the
    kind the page gives it (an update line is never called a publish date)."""
    shown = version_dates(document.published, document.updated, document.dates)
    return separator.join(f"{kind}: {value}" for kind, value in shown.items() if value)


def _dates_text(document: Document) -> list[str]:
    return [
        _shown(document, "  ") or "no date declared",
        *(f"  date seen: {date_words(date)}" for date in document.dates or []),
    ]


def _provenance(document: Document) -> list[str]:
    """Where article blocks came from when not from the page's visible markup: text the
    page carries for machines (the extractor's fallback) or the watch's include selector.
    A researcher quoting the version must know which words a reader did not see."""
    counts: dict[str, int] = {}
    for block in document.blocks:
        if block.source:
            key = f"read from the page's data for machines ({block.source})"
        elif block.selected:
            key = f"kept by the watch's include selector {block.selected}"
        else:
            continue
        counts[key] = counts.get(key, 0) + 1
    return [f"{count} block(s) {key}" for key, count in counts.items()]


def _route(version: ShownVersion) -> str:
    """ "A -> B -> C": every URL the capture was sent through, then where it was served from."""
    return " -> ".join((*version.redirects, version.snapshot.final_url))


def document_text(version: ShownVersion) -> str:
    snapshot, document = version.snapshot, version.document
    lines = [
        f"snapshot {snapshot.id}: {snapshot.url}",
        *([f"served from: {snapshot.final_url}"] if snapshot.final_url != snapshot.url else []),
        *([f"redirects: {_route(version)}"] if version.redirects else []),
        f"fetched: {snapshot.fetched_at.isoformat()}",
        f"evidence: warc/{snapshot.warc_file} offset {snapshot.warc_offset}",
        f"title: {document.title or '-'}",
        f"authors: {', '.join(document.authors) or '-'}",
        *_dates_text(document),
        *_provenance(document),
        *(f"annotated {note.words()}" for note in version.annotations),
        "",
    ]
    lines += [block.text for block in document.blocks]
    if document.references:
        lines += ["", "References:"]
        lines += [
            f"  {ref.label + '. ' if ref.label else ''}{ref.raw}" for ref in document.references
        ]
    if document.stripped:
        lines += ["", f"Stripped ({len(document.stripped)} blocks, not part of the article):"]
        lines += [f"  [{item.reason}] {item.text}" for item in document.stripped]
    return "".join(printable(line, tabs=True) + "\n" for line in lines)


_TAGS = {
    "heading": "h2",
    "paragraph": "p",
    "list_item": "li",
    "quote": "blockquote",
    "table_cell": "p",
    "caption": "p",
    "preformatted": "pre",
}


def document_html(version: ShownVersion) -> str:
    snapshot, document = version.snapshot, version.document
    e = html.escape
    title = e(document.title or snapshot.url)
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{title} — snapshot {snapshot.id}</title>",
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;"
        "padding:0 1em}.meta{color:#555;font-size:.9em}.stripped{color:#777}"
        "h2.h1{font-size:1.6em}</style></head><body>",
        f"<h1>{title}</h1>",
        '<p class="meta">',
        f"Snapshot {snapshot.id} of <code>{e(snapshot.url)}</code>, fetched "
        f"{e(snapshot.fetched_at.isoformat())}.<br>",
        *(
            [f"Served from <code>{e(snapshot.final_url)}</code> after redirects.<br>"]
            if snapshot.final_url != snapshot.url
            else []
        ),
        *([f"Redirects: <code>{e(_route(version))}</code>.<br>"] if version.redirects else []),
        f"Authors: {e(', '.join(document.authors) or '—')}. "
        f"{e(_shown(document, '. ') or 'No date declared')}.<br>",
        *(f"Date seen: {e(date_words(date))}<br>" for date in document.dates or []),
        *(f"{e(line)}.<br>" for line in _provenance(document)),
        f"Evidence: <code>warc/{e(snapshot.warc_file)}</code> offset {snapshot.warc_offset}, "
        f"body sha256 <code>{snapshot.body_sha256}</code>.</p>",
        annotations_html(version.annotations),
        "<article>",
    ]
    for block in document.blocks:
        tag = _TAGS.get(str(block.kind), "p")
        parts.append(f"<{tag}>{e(block.text)}</{tag}>")
    parts.append("</article>")
    if document.references:
        parts.append("<h2>References</h2><ol>")
        parts += [
            f"<li>{e(ref.label + '. ' if ref.label else '')}{e(ref.raw)}</li>"
            for ref in document.references
        ]
        parts.append("</ol>")
    if document.stripped:
        parts.append('<h2>Stripped from the page</h2><ul class="stripped">')
        parts += [
            f"<li><b>{e(str(item.reason))}</b> {e(item.text)}</li>" for item in document.stripped
        ]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
