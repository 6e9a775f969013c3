"""The dates seen on both versions in words, shared by every renderer.

A verdict about dates ("silent edit", "date-only bump") is published only with its
evidence: every date each version declares, what it declares, where it was read and
the page's own words, and which of them moved.
"""

from __future__ import annotations

from tracker.model import (
    ChangeReport,
    DateChange,
    DateKind,
    DatePlace,
    DeclaredDate,
    DocumentSummary,
    declares_published,
)
from tracker.render.printable import clipped

__all__ = [
    "DATE_ONLY_BUMP",
    "SILENT_EDIT",
    "change_words",
    "date_words",
    "evidence",
    "place_words",
    "shown_dates",
    "version_dates",
]

SILENT_EDIT = "silent edit: the article changed and no date the page declares moved"
DATE_ONLY_BUMP = "date-only bump: a date the page shows moved, the article did not"

_PLACES = {
    DatePlace.META: "<meta> {detail}",
    DatePlace.JSON_LD: "JSON-LD {detail}",
    DatePlace.TIME: "<time> {detail}",
    DatePlace.LINE: "date line",
    DatePlace.NOTE: "update note",
    DatePlace.CHANGE_LOG: "change log",
}


def place_words(date: DeclaredDate) -> str:
    """'<meta> article:modified_time', 'date line under “Data retention”'."""
    words = _PLACES[date.place].format(detail=date.detail).strip()
    if date.place in (DatePlace.LINE, DatePlace.NOTE, DatePlace.CHANGE_LOG) and date.detail:
        words += f" under “{clipped(date.detail, 60)}”"
    return words


def date_words(date: DeclaredDate) -> str:
    """'updated 2024-06-02 — date line under “Terms”: “Last updated: June 2, 2024”'."""
    return f"{date.kind.value} {date.value} — {place_words(date)}: “{clipped(date.text, 120)}”"


def change_words(change: DateChange) -> str:
    if change.old is not None and change.new is not None:
        return (
            f"{change.new.kind.value} {change.old.value} → {change.new.value} — "
            f"{place_words(change.new)}: “{clipped(change.old.text, 80)}” → "
            f"“{clipped(change.new.text, 80)}”"
        )
    only = change.new or change.old
    return date_words(only) if only is not None else ""


def evidence(report: ChangeReport) -> str:
    """One sentence on what the date verdict rests on."""
    old, new = report.old.dates, report.new.dates
    if old is None or new is None:
        return "the earlier version was stored before tracker kept every declared date"
    seen = f"{len(old)} date{'s' if len(old) != 1 else ''} declared before, {len(new)} after"
    if not old and not new:
        return "the page declares no date on either version"
    moved = len(report.date_changes)
    return f"{seen}; {moved} moved" if moved else f"{seen}; none moved"


def version_dates(
    published: str | None, updated: str | None, dates: list[DeclaredDate] | None
) -> dict[str, str | None]:
    """The dates one version shows a reader, each under the kind the page gives it: a
    published date that is only an update line standing in for it is the update's."""
    effective = [d.value for d in dates or [] if d.kind is DateKind.EFFECTIVE]
    return {
        "updated": updated,
        "published": published if declares_published(published, dates) else None,
        "effective": max(effective, key=lambda value: value[:10], default=None),
    }


def _side_dates(side: DocumentSummary) -> dict[str, str | None]:
    return version_dates(side.published, side.updated, side.dates)


def shown_dates(report: ChangeReport) -> list[tuple[str, str | None, str | None]]:
    """(kind, before, after) of each date either version shows, labelled by its kind:
    'updated', 'published', 'effective' (the latest effective date); a kind neither
    version declares is left out."""
    old, new = _side_dates(report.old), _side_dates(report.new)
    return [(kind, old[kind], new[kind]) for kind in old if old[kind] or new[kind]]
