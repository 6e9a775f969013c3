"""What happened between two stored versions of one page, for a report comparing them.

A comparison of two stored versions is read with what the index knows of the time
between them: the checks that failed (the page was unreachable, so a change may have
come and gone unseen) and the researchers' annotations of the changes that led from
one to the other. ``tracker diff`` and the workspace's compare views both read it here,
so a researcher sees the same evidence in the terminal and in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.model import ChangeNote, Unreachable
from tracker.store.index import Index
from tracker.store.rows import AnnotationQuery, SnapshotRow, unreachable_between

__all__ = ["Between", "versions_between"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Between:
    """Two sides of a comparison (None: read from a file) and what lies between them."""

    old: SnapshotRow | None
    new: SnapshotRow | None
    unreachable: Unreachable | None = None
    annotations: list[ChangeNote] = field(default_factory=list)


def versions_between(index: Index, old: SnapshotRow | None, new: SnapshotRow | None) -> Between:
    """The failed checks and annotated changes between ``old`` and ``new`` (in either
    order), when both are versions of one page; nothing between a page and a file."""
    if old is None or new is None or old.watch_id != new.watch_id:
        return Between(old=old, new=new)
    first, last = sorted((old, new), key=lambda row: row.check_id)
    checks = index.history(first.url)
    versions = {
        row.snapshot
        for row in checks
        if row.new_snapshot and first.check_id < row.id <= last.check_id
    }
    notes = [
        note
        for note in index.annotations(AnnotationQuery(url=first.url))
        if note.snapshot_id in versions
    ]
    return Between(
        old=old,
        new=new,
        unreachable=unreachable_between(checks, first.check_id, last.check_id),
        annotations=sorted(notes, key=lambda note: (note.snapshot_id, note.created_at)),
    )
