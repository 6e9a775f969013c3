"""Which captures a report compares, in words: every report's header names its evidence.

A reader of a report, or of a notification months later, must be able to find the
exact bytes each side was read from: the snapshot id, when it was captured, the
sha256 of its body and the WARC record (file and offset) that holds it.
"""

from __future__ import annotations

from tracker.model import ChangeReport, DocumentSummary

__all__ = ["capture_words", "evidence_lines"]


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
