"""Captures from before tracking began, put in their place in time (SQLite).

Backfill and WARC import decide where a past capture belongs (tracker.history.placement's
``place_past_capture``); this part of the index carries that out in one transaction:
an earlier sighting re-points a stored version at older evidence (backdating), a
capture inside another version's run splits that run in two, the neighbours' reports
are replaced, and the ledger of every capture tried keeps its reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from tracker.model import Outcome
from tracker.store.migrations import MigrationSet, run_script
from tracker.store.rows import (
    CheckEntry,
    PastCapture,
    PastNote,
    Placement,
    Provenance,
    RecordedCheck,
    SnapshotRow,
    SplitRun,
    from_row,
    iso_utc,
    normalize_url,
    parse_iso,
    snapshot_columns,
    snapshot_row,
    utc_now,
)
from tracker.store.warc_records import TRACKED
from tracker.store.workspace import refresh_activity

if TYPE_CHECKING:
    from tracker.store.documents import DocumentFiles
    from tracker.store.warc_io import ArchivedRecord

__all__ = ["PastPlacement"]


HISTORY_MIGRATIONS = MigrationSet("history")


@HISTORY_MIGRATIONS
def _provenance(db: sqlite3.Connection) -> None:
    """Captures from before tracking began: where each came from, and every attempt at one.

    ``provenance`` marks a check (and the snapshot it made) as backfilled from a web
    archive or imported from a WARC file; a check without a row is a tracked one.
    ``past_captures`` is the ledger of every archived capture tried, so a second run
    fetches only what is missing and each failure keeps its reason.
    """
    run_script(
        db,
        """
        CREATE TABLE provenance (
            check_id INTEGER PRIMARY KEY REFERENCES checks(id),
            origin TEXT NOT NULL CHECK (origin IN ('backfilled','imported')),
            source TEXT NOT NULL,
            memento_url TEXT,
            original_timestamp TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            record_id TEXT,
            digest TEXT
        );
        CREATE TABLE past_captures (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id),
            origin TEXT NOT NULL CHECK (origin IN ('backfilled','imported')),
            source TEXT NOT NULL,
            key TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('stored','unchanged','skipped','failed')),
            reason TEXT,
            check_id INTEGER REFERENCES checks(id),
            attempts INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            UNIQUE (watch_id, key)
        );
        """,
    )


@HISTORY_MIGRATIONS
def _restorable(db: sqlite3.Connection) -> None:
    """Captures restored from the WARC files by ``reindex`` (origin ``restored``), and the
    place of a capture the ledger skipped, so the evidence of every capture tried is held.

    SQLite cannot change a CHECK, so both tables are rebuilt with their rows.
    """
    run_script(
        db,
        """
        CREATE TABLE provenance_new (
            check_id INTEGER PRIMARY KEY REFERENCES checks(id),
            origin TEXT NOT NULL CHECK (origin IN ('backfilled','imported','restored')),
            source TEXT NOT NULL,
            memento_url TEXT,
            original_timestamp TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            record_id TEXT,
            digest TEXT
        );
        INSERT INTO provenance_new SELECT * FROM provenance;
        DROP TABLE provenance;
        ALTER TABLE provenance_new RENAME TO provenance;
        CREATE TABLE past_captures_new (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id),
            origin TEXT NOT NULL CHECK (origin IN ('backfilled','imported','restored')),
            source TEXT NOT NULL,
            key TEXT NOT NULL,
            captured_at TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('stored','unchanged','skipped','failed')),
            reason TEXT,
            check_id INTEGER REFERENCES checks(id),
            attempts INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL,
            warc_file TEXT,
            warc_offset INTEGER,
            warc_span INTEGER,
            UNIQUE (watch_id, key)
        );
        INSERT INTO past_captures_new (id, watch_id, origin, source, key, captured_at, state,
            reason, check_id, attempts, updated_at)
            SELECT id, watch_id, origin, source, key, captured_at, state, reason, check_id,
                attempts, updated_at FROM past_captures;
        DROP TABLE past_captures;
        ALTER TABLE past_captures_new RENAME TO past_captures;
        """,
    )


class PastPlacement:
    """The past-capture methods of tracker.store.sqlite.SqliteIndex."""

    if TYPE_CHECKING:
        _db: sqlite3.Connection
        _documents: DocumentFiles
        _transaction: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]
        _write_lock: Callable[[], contextlib.AbstractContextManager[None]]
        _write_check: Callable[[sqlite3.Connection, CheckEntry, str | None], RecordedCheck]
        _rebuild_watch_in: Callable[[sqlite3.Connection, int], None]
        read_capture: Callable[..., ArchivedRecord]

    def snapshot_neighbours(
        self, watch_id: int, moment: datetime
    ) -> tuple[SnapshotRow | None, SnapshotRow | None]:
        """The stored versions just before and just after ``moment`` (either may be None)."""
        at = iso_utc(moment)
        before = self._db.execute(
            "SELECT * FROM snapshots WHERE watch_id = ? AND fetched_at <= ?"
            " ORDER BY fetched_at DESC, id DESC LIMIT 1",
            (watch_id, at),
        ).fetchone()
        after = self._db.execute(
            "SELECT * FROM snapshots WHERE watch_id = ? AND fetched_at > ?"
            " ORDER BY fetched_at, id LIMIT 1",
            (watch_id, at),
        ).fetchone()
        return (
            snapshot_row(before) if before else None,
            snapshot_row(after) if after else None,
        )

    def later_sighting(self, snapshot_id: int, moment: datetime) -> int | None:
        """The first check after ``moment`` that saw this version (its run goes on past it)."""
        row = self._db.execute(
            "SELECT id FROM checks WHERE snapshot_id = ? AND checked_at > ?"
            " ORDER BY checked_at, id LIMIT 1",
            (snapshot_id, iso_utc(moment)),
        ).fetchone()
        return int(row[0]) if row else None

    def snapshot_origin(self, snapshot_id: int) -> str:
        """How the capture that made this version arrived: tracked, backfilled or imported."""
        row = self._db.execute(
            "SELECT p.origin FROM snapshots s LEFT JOIN provenance p ON p.check_id = s.check_id"
            " WHERE s.id = ?",
            (snapshot_id,),
        ).fetchone()
        return (row[0] if row else None) or "tracked"

    def past_capture_states(self, watch_id: int) -> dict[str, str]:
        """Key -> state of every archived or imported capture already tried for a watch."""
        return {
            key: state
            for key, state in self._db.execute(
                "SELECT key, state FROM past_captures WHERE watch_id = ?", (watch_id,)
            )
        }

    def past_captures(self, url: str) -> list[PastCapture]:
        """The ledger of one URL's archived and imported captures, oldest capture first."""
        rows = self._db.execute(
            "SELECT pc.* FROM past_captures pc JOIN watches w ON w.id = pc.watch_id"
            " WHERE w.url = ? ORDER BY pc.captured_at, pc.id",
            (normalize_url(url),),
        )
        return [
            from_row(PastCapture, row, captured_at=parse_iso(row["captured_at"])) for row in rows
        ]

    @staticmethod
    def _note_past(db: sqlite3.Connection, note: PastNote, check_id: int | None = None) -> None:
        provenance, location = note.provenance, note.location
        db.execute(
            "INSERT INTO past_captures (watch_id, origin, source, key, captured_at, state,"
            " reason, check_id, updated_at, warc_file, warc_offset, warc_span)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(watch_id, key) DO UPDATE SET state = excluded.state,"
            " reason = excluded.reason, check_id = coalesce(excluded.check_id, check_id),"
            " attempts = attempts + 1, updated_at = excluded.updated_at,"
            " warc_file = coalesce(excluded.warc_file, warc_file),"
            " warc_offset = coalesce(excluded.warc_offset, warc_offset),"
            " warc_span = coalesce(excluded.warc_span, warc_span)",
            (
                note.watch_id,
                # a tracked check put back by reindex: in reindex's ledger, as 'restored'
                "restored" if provenance.origin == TRACKED else provenance.origin,
                provenance.source,
                note.key,
                iso_utc(provenance.captured_at),
                note.state,
                note.reason,
                check_id,
                iso_utc(utc_now()),
                location.file if location else None,
                location.offset if location else None,
                location.span if location else None,
            ),
        )

    def note_past_capture(self, note: PastNote) -> None:
        """Record an archived or imported capture that was skipped or failed, with why, and
        where its records lie when it was kept (so the index still holds that evidence)."""
        with self._transaction() as db:
            self._note_past(db, note)

    def record_past_check(
        self, entry: CheckEntry, provenance: Provenance, key: str, placed: Placement | None = None
    ) -> RecordedCheck:
        """Write a capture from before tracking began, in its place in time, as one transaction.

        ``entry`` is dated at the original capture, ``key`` names it in the ledger of
        captures tried, and ``placed`` says what it moves among the stored versions
        (none: nothing, it is stored or seen in its place by date). The
        watch's current version stays the newest one by date; when a past capture becomes
        it, the live validators (ETag, body hash, revisit target) are cleared, since they
        describe another version. A ``provenance`` of origin ``tracked`` (a check that
        ``reindex`` puts back from its record) writes no provenance row: it was a live check.
        """
        Outcome(entry.outcome)  # ValueError on an outcome the vocabulary does not have
        snap = entry.new_snapshot
        document_sha = (
            self._documents.put(snap.document, snap.document_json) if snap is not None else None
        )
        if entry.capture_state is not None:
            raise ValueError("a past capture never replaces the live validators")
        placed = placed or Placement()
        backdate, replaced, split = placed.backdate, placed.replaced, placed.split
        with self._write_lock(), self._transaction() as db:
            current = db.execute(
                "SELECT current_snapshot_id FROM watches WHERE id = ?", (entry.watch_id,)
            ).fetchone()
            if backdate is not None:
                if snap is None or entry.location is None:
                    raise ValueError("backdating a version needs the capture that shows it")
                recorded = self._write_check(
                    db,
                    replace(entry, new_snapshot=None, seen_snapshot_id=backdate, report=None),
                    None,
                )
                location = snap.evidence or entry.location
                db.execute(
                    "UPDATE snapshots SET check_id = ?, final_url = ?, fetched_at = ?,"
                    " body_sha256 = ?, text_sha256 = ?, article_sha256 = ?, document_sha256 = ?,"
                    " warc_file = ?, warc_offset = ?, warc_length = ? WHERE id = ?",
                    (
                        recorded.check_id,
                        *snapshot_columns(snap, document_sha, location),
                        backdate,
                    ),
                )
            else:
                recorded = self._write_check(db, entry, document_sha)
            if split is not None:
                if recorded.snapshot_id is None or backdate is not None:
                    raise ValueError("only a new version can split the run of another")
                self._split_run(db, split, recorded.snapshot_id, entry.checked_at)
            for item in replaced:
                owner = db.execute(
                    "SELECT check_id FROM snapshots WHERE id = ?", (item.snapshot_id,)
                ).fetchone()
                if owner is None:
                    raise ValueError(f"no snapshot {item.snapshot_id} to re-report")
                db.execute("DELETE FROM reports WHERE new_snapshot_id = ?", (item.snapshot_id,))
                db.execute(
                    "DELETE FROM reports WHERE check_id = ?", (owner[0],)
                )  # a backdated version's report moves to the check that now owns it
                db.execute(
                    "INSERT INTO reports (check_id, old_snapshot_id, new_snapshot_id, report)"
                    " VALUES (?, ?, ?, ?)",
                    (
                        owner[0],
                        item.old_snapshot_id
                        if item.old_snapshot_id is not None
                        else recorded.snapshot_id,
                        item.snapshot_id,
                        json.dumps(item.report, ensure_ascii=False, sort_keys=True),
                    ),
                )
            if provenance.origin != TRACKED:  # a tracked check, restored, is a live one
                db.execute(
                    "INSERT INTO provenance (check_id, origin, source, memento_url,"
                    " original_timestamp, captured_at, record_id, digest) VALUES (?,?,?,?,?,?,?,?)",
                    (
                        recorded.check_id,
                        provenance.origin,
                        provenance.source,
                        provenance.memento_url,
                        provenance.original_timestamp,
                        iso_utc(provenance.captured_at),
                        provenance.record_id,
                        provenance.digest,
                    ),
                )
            db.execute(
                "UPDATE watches SET current_snapshot_id = (SELECT id FROM snapshots"
                " WHERE watch_id = ? ORDER BY fetched_at DESC, id DESC LIMIT 1) WHERE id = ?",
                (entry.watch_id, entry.watch_id),
            )
            # A past capture newer than the last live one: the live validators (ETag, body
            # hash, revisit target) describe another version now, so the next check must
            # fetch and compare in full rather than call an old body "unchanged".
            db.execute(
                "UPDATE watches SET etag = NULL, last_modified = NULL, last_body_sha256 = NULL,"
                " last_payload_digest = NULL, last_record_id = NULL, last_record_uri = NULL,"
                " last_record_date = NULL, last_payload_coded = 0"
                " WHERE id = ? AND current_snapshot_id IS NOT ?",
                (entry.watch_id, current[0] if current else None),
            )
            state = "unchanged" if entry.outcome == Outcome.UNCHANGED else "stored"
            note = PastNote(
                watch_id=entry.watch_id,
                provenance=provenance,
                key=key,
                state=state,
                reason=entry.error,
            )
            self._note_past(db, note, recorded.check_id)
            self._rebuild_watch_in(db, entry.watch_id)  # the claim ledger, in the new order
            refresh_activity(db, entry.watch_id)  # the workspace's watch list
        return recorded

    def _split_run(
        self, db: sqlite3.Connection, split: SplitRun, inserted: int, moment: datetime
    ) -> None:
        """Turn a version's sightings after ``moment`` into a version of their own."""
        old = db.execute("SELECT * FROM snapshots WHERE id = ?", (split.snapshot_id,)).fetchone()
        check = db.execute(
            "SELECT checked_at, warc_file, warc_offset, warc_length, record_type FROM checks"
            " WHERE id = ?",
            (split.check_id,),
        ).fetchone()
        if old is None or check is None:
            raise ValueError("a split needs the version and the sighting it starts at")
        # Its own capture is the evidence when it holds a body; a revisit's is the original's.
        file, offset, length, body_sha = (
            old["warc_file"],
            old["warc_offset"],
            old["warc_length"],
            old["body_sha256"],
        )
        if check["record_type"] == "response" and check["warc_file"] is not None:
            record = self.read_capture(
                check["warc_file"], check["warc_offset"], check["warc_length"]
            )
            file, offset, length = check["warc_file"], check["warc_offset"], check["warc_length"]
            body_sha = hashlib.sha256(record.body()).hexdigest()
        cursor = db.execute(
            "INSERT INTO snapshots (watch_id, check_id, url, final_url, fetched_at, body_sha256,"
            " text_sha256, article_sha256, document_sha256, warc_file, warc_offset, warc_length)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                old["watch_id"],
                split.check_id,
                old["url"],
                old["final_url"],
                check["checked_at"],
                body_sha,
                old["text_sha256"],
                old["article_sha256"],
                old["document_sha256"],
                file,
                offset,
                length,
            ),
        )
        again = int(cursor.lastrowid or 0)
        db.execute(
            "UPDATE checks SET snapshot_id = ? WHERE snapshot_id = ? AND checked_at > ?",
            (again, split.snapshot_id, iso_utc(moment)),
        )
        # The version after the run now follows the split-off copy; same article, same report.
        db.execute(
            "UPDATE reports SET old_snapshot_id = ? WHERE old_snapshot_id = ?"
            " AND new_snapshot_id IN (SELECT id FROM snapshots WHERE watch_id = ?"
            " AND fetched_at > ?)",
            (again, split.snapshot_id, old["watch_id"], check["checked_at"]),
        )
        db.execute(
            "INSERT INTO reports (check_id, old_snapshot_id, new_snapshot_id, report)"
            " VALUES (?, ?, ?, ?)",
            (
                split.check_id,
                inserted,
                again,
                json.dumps(split.report, ensure_ascii=False, sort_keys=True),
            ),
        )
