"""What the research workspace (tracker.web) keeps in the index, and the summaries it reads.

The workspace writes only its own two tables: ``annotations`` (a researcher's
verdict on a change: significant or not, a note, tags; append-only, so the record
of who said what when is itself evidence) and ``seen_versions`` (per user and
watch, the last version looked at, which is what "changes since I last looked"
counts from). Everything else it only reads, and the list of watches in one
query set rather than one query per watch, so the page stays quick over thousands.

A change is named by the version it introduced: the snapshot a change report leads to.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tracker.errors import UnknownVersionError
from tracker.model import FAILED_OUTCOMES, ChangeNote
from tracker.store.migrations import MigrationSet, run_script
from tracker.store.rows import AnnotationQuery, from_row, iso_utc, normalize_url, parse_iso, utc_now

if TYPE_CHECKING:
    import threading

__all__ = ["Annotation", "Judgement", "WatchSummary", "Workspace", "annotations_by_version"]


WORKSPACE_MIGRATIONS = MigrationSet("workspace")


@WORKSPACE_MIGRATIONS
def _workspace(db: sqlite3.Connection) -> None:
    """The research workspace's own tables (tracker.store.workspace): researchers'
    annotations of changes, and per user and watch the last version looked at (created
    only if missing: an index set back to an earlier schema version keeps them)."""
    run_script(
        db,
        """
        CREATE TABLE IF NOT EXISTS annotations (
            id INTEGER PRIMARY KEY,
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            user TEXT NOT NULL,
            significant INTEGER CHECK (significant IN (0, 1)),
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS annotations_by_snapshot ON annotations(snapshot_id, id);
        CREATE TABLE IF NOT EXISTS seen_versions (
            user TEXT NOT NULL,
            watch_id INTEGER NOT NULL REFERENCES watches(id),
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            seen_at TEXT NOT NULL,
            PRIMARY KEY (user, watch_id)
        );
        """,
    )


@WORKSPACE_MIGRATIONS
def _watch_activity(db: sqlite3.Connection) -> None:
    """Per watch, what the watch list shows, kept as checks are stored (the list read it
    from every check and report, which grows with every check the daemon runs)."""
    run_script(
        db,
        """
        CREATE TABLE IF NOT EXISTS watch_activity (
            watch_id INTEGER PRIMARY KEY REFERENCES watches(id),
            last_check_id INTEGER REFERENCES checks(id),
            failing INTEGER NOT NULL DEFAULT 0,
            versions INTEGER NOT NULL DEFAULT 0,
            changes INTEGER NOT NULL DEFAULT 0,
            last_change_id INTEGER REFERENCES snapshots(id),
            last_change_at TEXT
        );
        """,
    )
    for (watch_id,) in db.execute("SELECT id FROM watches").fetchall():
        refresh_activity(db, watch_id)


FAILED = "(" + ",".join(f"'{outcome}'" for outcome in sorted(FAILED_OUTCOMES)) + ")"
# A check tracker ran itself, not a capture placed from an archive or a WARC file.
_TRACKED = "NOT EXISTS (SELECT 1 FROM provenance p WHERE p.check_id = c.id)"


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchSummary:
    """One row of the workspace's watch list."""

    id: int
    url: str
    name: str | None
    last_check_at: datetime | None
    last_outcome: str | None
    last_error: str | None
    last_status: int | None
    failing_checks: int  # failed tracked checks in a row, ending with the last one
    last_change_at: datetime | None  # capture time of the newest version a report leads to
    last_change: int | None  # that version's id: the change is named by it
    current_snapshot: int | None
    versions: int
    seen_snapshot: int | None  # the last version this user marked seen
    unseen_changes: int  # changes newer than the version last seen

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "name": self.name,
            "last_check": {
                "checked_at": _iso(self.last_check_at),
                "outcome": self.last_outcome,
                "error": self.last_error,
                "http_status": self.last_status,
            }
            if self.last_check_at is not None
            else None,
            "failing_checks": self.failing_checks,
            "last_change_at": _iso(self.last_change_at),
            "last_change": self.last_change,
            "current_snapshot": self.current_snapshot,
            "versions": self.versions,
            "seen_snapshot": self.seen_snapshot,
            "unseen_changes": self.unseen_changes,
        }


@dataclass(frozen=True, slots=True)
class Judgement:
    """What a researcher says of one change as an annotation is written: significant or
    not (None: no verdict, only a note or tags), a note, and tags."""

    significant: bool | None
    note: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Annotation(ChangeNote):
    """A researcher's verdict on one change, as written (never edited afterwards)."""

    id: int
    url: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, **ChangeNote.to_json(self), "url": self.url}


def annotations_by_version(annotations: Iterable[Annotation]) -> dict[int, list[Annotation]]:
    """Annotations grouped by the version whose change they judge, in the order given."""
    grouped: dict[int, list[Annotation]] = {}
    for annotation in annotations:
        grouped.setdefault(annotation.snapshot_id, []).append(annotation)
    return grouped


def _iso(moment: datetime | None) -> str | None:
    return iso_utc(moment) if moment is not None else None


def _time(text: str | None) -> datetime | None:
    return parse_iso(text) if text else None


# One watch's activity recomputed from its checks (a capture placed in the past, an
# index from before the table): every count through the checks_by_watch index.
_ACTIVITY = f"""
INSERT OR REPLACE INTO watch_activity
    (watch_id, last_check_id, failing, versions, changes, last_change_id, last_change_at)
SELECT :watch,
    (SELECT max(c.id) FROM checks c WHERE c.watch_id = :watch AND {_TRACKED}),
    (SELECT count(*) FROM checks c WHERE c.watch_id = :watch AND c.outcome IN {FAILED}
        AND {_TRACKED} AND c.id > coalesce((SELECT max(c.id) FROM checks c
            WHERE c.watch_id = :watch AND c.outcome NOT IN {FAILED} AND {_TRACKED}), 0)),
    (SELECT count(*) FROM snapshots WHERE watch_id = :watch),
    (SELECT count(DISTINCT r.new_snapshot_id) FROM checks c JOIN reports r ON r.check_id = c.id
        WHERE c.watch_id = :watch),
    last.id, last.fetched_at
FROM (SELECT 1) LEFT JOIN (SELECT s.id, s.fetched_at FROM checks c
    JOIN reports r ON r.check_id = c.id JOIN snapshots s ON s.id = r.new_snapshot_id
    WHERE c.watch_id = :watch ORDER BY s.fetched_at DESC, s.id DESC LIMIT 1) last
"""

# Changes newer than the version a user last saw: every version after it is a change
# (only a first version has no report, and the seen one is at least the first).
_SUMMARIES = """
SELECT w.id, w.url, w.name, w.current_snapshot_id AS current_snapshot,
    c.checked_at AS last_check_at, c.outcome AS last_outcome, c.error AS last_error,
    c.http_status AS last_status,
    coalesce(a.failing, 0) AS failing_checks, coalesce(a.versions, 0) AS versions,
    a.last_change_id AS last_change, a.last_change_at,
    v.snapshot_id AS seen_snapshot,
    CASE WHEN v.snapshot_id IS NULL THEN coalesce(a.changes, 0) ELSE
        (SELECT count(*) FROM snapshots s WHERE s.watch_id = w.id AND s.fetched_at >
            (SELECT fetched_at FROM snapshots WHERE id = v.snapshot_id)) END AS unseen_changes
FROM watches w
LEFT JOIN watch_activity a ON a.watch_id = w.id
LEFT JOIN checks c ON c.id = a.last_check_id
LEFT JOIN seen_versions v ON v.watch_id = w.id AND v.user = :user
ORDER BY coalesce(w.name, w.url), w.url
"""


def note_check_activity(
    db: sqlite3.Connection,
    watch_id: int,
    check_id: int,
    outcome: str,
    new_version: bool,
    change: tuple[int, str] | None,
) -> None:
    """One check's effect on its watch's activity row, in the transaction storing it:
    one statement (a first check makes the row as if from zeros), as every check runs it."""
    change_id, change_at = change if change is not None else (None, None)
    db.execute(
        "INSERT INTO watch_activity"
        " (watch_id, last_check_id, failing, versions, changes, last_change_id, last_change_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(watch_id) DO UPDATE SET"
        " last_check_id = excluded.last_check_id,"
        " failing = CASE WHEN excluded.failing THEN failing + 1 ELSE 0 END,"
        " versions = versions + excluded.versions, changes = changes + excluded.changes,"
        " last_change_id = coalesce(excluded.last_change_id, last_change_id),"
        " last_change_at = coalesce(excluded.last_change_at, last_change_at)",
        (
            watch_id,
            check_id,
            int(outcome in FAILED_OUTCOMES),
            int(new_version),
            int(change is not None),
            change_id,
            change_at,
        ),
    )


def refresh_activity(db: sqlite3.Connection, watch_id: int) -> None:
    """Recompute one watch's activity row from its checks."""
    db.execute(_ACTIVITY, {"watch": watch_id})


class Workspace:
    """The workspace's methods of tracker.store.sqlite.SqliteIndex."""

    if TYPE_CHECKING:
        _db: sqlite3.Connection
        _mutex: threading.RLock
        _transaction: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]

    def watch_summaries(self, user: str) -> list[WatchSummary]:
        """Every watch with its last check, health, last change and what ``user`` has not seen."""
        with self._mutex:
            rows = self._db.execute(_SUMMARIES, {"user": user}).fetchall()
        return [
            from_row(
                WatchSummary,
                row,
                last_check_at=_time(row["last_check_at"]),
                last_change_at=_time(row["last_change_at"]),
            )
            for row in rows
        ]

    def seen_snapshot(self, user: str, watch_id: int) -> int | None:
        """The last version of a watch ``user`` marked seen."""
        with self._mutex:
            row = self._db.execute(
                "SELECT snapshot_id FROM seen_versions WHERE user = ? AND watch_id = ?",
                (user, watch_id),
            ).fetchone()
        return row[0] if row else None

    def mark_seen(self, user: str, snapshot_id: int) -> None:
        """``user`` has looked at a watch up to this version (an earlier one may be chosen)."""
        with self._transaction() as db:
            watch_id = self._watch_of(db, snapshot_id)
            db.execute(
                "INSERT INTO seen_versions (user, watch_id, snapshot_id, seen_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(user, watch_id) DO UPDATE SET"
                " snapshot_id = excluded.snapshot_id, seen_at = excluded.seen_at",
                (user, watch_id, snapshot_id, iso_utc(utc_now())),
            )

    def add_annotation(self, snapshot_id: int, user: str, judgement: Judgement) -> Annotation:
        """Record ``user``'s judgement of the change that introduced ``snapshot_id``."""
        created = utc_now()
        with self._transaction() as db:
            self._watch_of(db, snapshot_id)
            cursor = db.execute(
                "INSERT INTO annotations (snapshot_id, user, significant, note, tags, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    snapshot_id,
                    user,
                    None if judgement.significant is None else int(judgement.significant),
                    judgement.note,
                    json.dumps(list(judgement.tags), ensure_ascii=False),
                    iso_utc(created),
                ),
            )
            annotation_id = int(cursor.lastrowid or 0)
        return self.annotations(AnnotationQuery(annotation_id=annotation_id))[0]

    def annotations(self, query: AnnotationQuery) -> list[Annotation]:
        """The annotations ``query`` asks for, newest first."""
        where = []
        values: list[object] = []
        if query.snapshot_id is not None:
            where.append("a.snapshot_id = ?")
            values.append(query.snapshot_id)
        if query.url is not None:
            where.append("s.watch_id = (SELECT id FROM watches WHERE url = ?)")
            values.append(normalize_url(query.url))
        if query.annotation_id is not None:
            where.append("a.id = ?")
            values.append(query.annotation_id)
        if query.tag is not None:
            where.append("EXISTS (SELECT 1 FROM json_each(a.tags) t WHERE t.value = ?)")
            values.append(query.tag)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        with self._mutex:
            rows = self._db.execute(
                "SELECT a.*, s.url FROM annotations a JOIN snapshots s ON s.id = a.snapshot_id"
                f"{clause} ORDER BY a.id DESC",
                values,
            ).fetchall()
        return [
            from_row(
                Annotation,
                row,
                significant=None if row["significant"] is None else bool(row["significant"]),
                tags=tuple(json.loads(row["tags"])),
                created_at=parse_iso(row["created_at"]),
            )
            for row in rows
        ]

    @staticmethod
    def _watch_of(db: sqlite3.Connection, snapshot_id: int) -> int:
        row = db.execute("SELECT watch_id FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
        if row is None:
            raise UnknownVersionError(f"no stored version {snapshot_id}")
        return int(row[0])
