"""Which captures a report compares: named on the report, and in words in its header.

A reader of a report, or of a notification months later, must be able to find the
exact bytes each side was read from: the snapshot id, when it was captured, the
sha256 of its body and the WARC record (file and offset) that holds it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tracker.model import ChangeReport, DocumentSummary

if TYPE_CHECKING:
    from tracker.store import Between, SnapshotRow

__all__ = ["capture_words", "evidence_lines", "naming_snapshots", "with_between"]


def _named(side: DocumentSummary, row: SnapshotRow | None) -> DocumentSummary:
    if row is None:
        return side
    return side.captured_as(
        snapshot=row.id,
        captured=row.fetched_at,
        sha256=row.body_sha256,
        warc_file=row.warc_file,
        warc_offset=row.warc_offset,
    )


def naming_snapshots(
    report: ChangeReport, old: SnapshotRow | None, new: SnapshotRow | None
) -> ChangeReport:
    """``report`` naming the stored versions it compares (None: a side read from a file)."""
    return replace(report, old=_named(report.old, old), new=_named(report.new, new))


def with_between(report: ChangeReport, between: Between) -> ChangeReport:
    """``report`` of two stored versions naming them, the checks that failed between
    them and the researchers' annotations of the changes that led from one to the other."""
    named = naming_snapshots(report, between.old, between.new)
    return replace(named, unreachable=between.unreachable, annotations=between.annotations)


def capture_words(side: DocumentSummary) -> str | None:
    """One side's capture ("snapshot 3, captured …, sha256 …, warc/FILE@OFFSET"), or None
    when it was not read from a stored capture (a saved file given to ``tracker diff``)."""
    parts = []
    if side.snapshot is not None:
        parts.append(f"snapshot {side.snapshot}")
    if side.captured:
        parts.append(f"captured {side.captured}")
    if side.sha256:
        parts.append(f"sha256 {side.sha256}")
    if side.warc_file:
        parts.append(f"warc/{side.warc_file}@{side.warc_offset}")
    return ", ".join(parts) or None


def evidence_lines(report: ChangeReport) -> list[tuple[str, str]]:
    """("old", words) and ("new", words) for each side that names its capture."""
    return [
        (name, words)
        for name, side in (("old", report.old), ("new", report.new))
        if (words := capture_words(side)) is not None
    ]
