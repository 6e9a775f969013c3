"""Renderers: what a person or a program reads, chosen by name from a registry.

    REPORT_FORMATS    a ChangeReport as "text" (terminal.py: grouped, a coloured word
                      diff), "json" (json.py: the DESIGN.md contract) or "html"
                      (html.py: one self-contained file that loads and runs nothing)
    DOCUMENT_FORMATS  one stored version as "text" or "html" (document.py)
    feed.py           Atom entries and the one-paragraph summary every notification shares
    printable.py      the one filter page text passes before it reaches a terminal

A new format is a module and one entry here: the CLI offers what is registered
(``tracker diff --format``, ``tracker show --format``). Renderers are imported when
chosen, so a command pays only for the one it prints with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.model import ChangeNote, ChangeReport, Document

if TYPE_CHECKING:
    from tracker.store import SnapshotRow

__all__ = [
    "DOCUMENT_FORMATS",
    "REPORT_FORMATS",
    "ShownVersion",
    "render_document",
    "render_report",
]


def _text(report: ChangeReport, color: bool) -> str:
    from tracker.render.terminal import render_text

    return render_text(report, color=color)


def _json(report: ChangeReport, color: bool) -> str:
    from tracker.render.json import render_json

    return render_json(report)


def _html(report: ChangeReport, color: bool) -> str:
    from tracker.render.html import render_html

    return render_html(report)


@dataclass(frozen=True, slots=True)
class ShownVersion:
    """One stored version as ``tracker show`` prints it: its row, its Document, the URLs its
    capture was redirected through to its final URL, and researchers' verdicts on the
    change that introduced it."""

    snapshot: SnapshotRow
    document: Document
    redirects: tuple[str, ...] = ()
    annotations: Sequence[ChangeNote] = ()


def _document_text(version: ShownVersion) -> str:
    from tracker.render.document import document_text

    return document_text(version)


def _document_html(version: ShownVersion) -> str:
    from tracker.render.document import document_html

    return document_html(version)


# (report, colour wanted) -> what to print; only the terminal renderer colours
REPORT_FORMATS: dict[str, Callable[[ChangeReport, bool], str]] = {
    "text": _text,
    "json": _json,
    "html": _html,
}
DOCUMENT_FORMATS: dict[str, Callable[[ShownVersion], str]] = {
    "text": _document_text,
    "html": _document_html,
}


def render_report(report: ChangeReport, output_format: str, *, color: bool = False) -> str:
    return REPORT_FORMATS[output_format](report, color)


def render_document(
    snapshot: SnapshotRow,
    document: Document,
    output_format: str,
    *,
    redirects: tuple[str, ...] = (),
    annotations: Sequence[ChangeNote] = (),
) -> str:
    """One stored version; ``redirects``: the hops its capture went through to its final URL;
    ``annotations``: researchers' verdicts on the change that introduced it."""
    return DOCUMENT_FORMATS[output_format](ShownVersion(snapshot, document, redirects, annotations))
