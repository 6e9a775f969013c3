"""The look-ups of the SQLite index: watches, versions, checks, reports, site profiles.

Reads only, each one query (or a few) over the index's tables, returning the plain
rows of tracker.store.rows; none takes the write lock.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import UnknownURLError
from tracker.model import OK_OUTCOMES, Document, Outcome
from tracker.store.documents import DocumentFiles
from tracker.store.jobs import JobState, load_jobs
from tracker.store.redirects import hops_of
from tracker.store.rows import (
    PROVENANCE_COLUMNS,
    CheckRow,
    Provenance,
    SnapshotRow,
    WatchState,
    from_row,
    last_rendered,
    normalize_url,
    parse_iso,
    snapshot_row,
)
from tracker.store.urllock import UrlLock
from tracker.store.versions import resolve_snapshot
from tracker.store.warc_records import RevisitTarget

__all__ = ["Lookups"]


class Lookups:
    """The look-up methods of tracker.store.sqlite.SqliteIndex."""

    if TYPE_CHECKING:
        root: Path
        _db: sqlite3.Connection
        _mutex: threading.RLock
        _documents: DocumentFiles

    def url_lock(self, url: str) -> UrlLock:
        """The lock a check of ``url`` holds from reading its watch to storing its rows."""
        return UrlLock(self.root, normalize_url(url))

    def watch_state(self, url: str) -> WatchState | None:
        row = self._db.execute(
            "SELECT w.*, s.article_sha256, s.document_sha256, coalesce(a.failing, 0) AS failing"
            " FROM watches w LEFT JOIN snapshots s ON s.id = w.current_snapshot_id"
            " LEFT JOIN watch_activity a ON a.watch_id = w.id WHERE w.url = ?",
            (normalize_url(url),),
        ).fetchone()
        if row is None:
            return None
        target = None
        if row["last_record_id"]:
            target = RevisitTarget(
                record_id=row["last_record_id"],
                uri=row["last_record_uri"],
                warc_date=row["last_record_date"],
            )
        return from_row(
            WatchState,
            row,
            revisit_target=target,
            current_article_sha256=row["article_sha256"],
            current_document_sha256=row["document_sha256"],
            last_payload_coded=bool(row["last_payload_coded"]),
            last_rendered=last_rendered(row),
        )

    def urls(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT url FROM watches ORDER BY url")]

    def last_tracked_check(self, url: str) -> tuple[datetime, str, str | None] | None:
        """(time, outcome, error) of the latest check tracker itself ran on ``url``.

        Backfilled and imported captures are not checks we ran, so they never count.
        """
        with self._mutex:
            row = self._db.execute(
                "SELECT c.checked_at, c.outcome, c.error FROM checks c"
                " JOIN watches w ON w.id = c.watch_id WHERE w.url = ?"
                " AND c.id NOT IN (SELECT check_id FROM provenance) ORDER BY c.id DESC LIMIT 1",
                (normalize_url(url),),
            ).fetchone()
        return (parse_iso(row["checked_at"]), row["outcome"], row["error"]) if row else None

    def job_states(self) -> dict[str, JobState]:
        """Every job state the daemon saved, by watch name."""
        with self._mutex:
            return load_jobs(self._db)

    def current_documents_on_host(self, host: str, limit: int) -> list[str]:
        """Document hashes of the current versions of pages on ``host``, newest first."""
        rows = self._db.execute(
            "SELECT s.document_sha256 FROM watches w"
            " JOIN snapshots s ON s.id = w.current_snapshot_id"
            " WHERE w.host = ? ORDER BY s.fetched_at DESC LIMIT ?",
            (host.lower(), limit),
        )
        return [sha for (sha,) in rows]

    def site_profile(self, host: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT profile FROM site_profiles WHERE host = ?", (host.lower(),)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def load_document(self, sha: str) -> Document:
        """Read a stored Document, checking it still hashes to its name.

        The last versions stored or read are kept in memory: a check compares against
        the version the previous check stored, and relearns a site's template from its
        pages' current versions. Documents are values: one from here is never mutated.
        """
        return self._documents.load(sha)

    def snapshot(self, snapshot_id: int) -> SnapshotRow | None:
        row = self._db.execute("SELECT * FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
        return snapshot_row(row) if row else None

    def snapshots(self, url: str) -> list[SnapshotRow]:
        """The stored versions of one URL, oldest first."""
        rows = self._db.execute(
            "SELECT s.* FROM snapshots s JOIN watches w ON w.id = s.watch_id WHERE w.url = ?"
            " ORDER BY s.fetched_at, s.id",
            (normalize_url(url),),
        )
        return [snapshot_row(row) for row in rows]

    def history(self, url: str) -> list[CheckRow]:
        """Every check of one URL, oldest capture first (backfilled ones in their place).

        UnknownURLError when the URL was never checked.
        """
        key = normalize_url(url)
        if self._db.execute("SELECT 1 FROM watches WHERE url = ?", (key,)).fetchone() is None:
            raise UnknownURLError(url, f"{url} has never been checked")
        return self._check_rows("w.url = ? ORDER BY c.checked_at, c.id", (key,))

    def checks_after(self, url: str, check_id: int) -> list[CheckRow]:
        """The checks of one URL after check ``check_id``, in order: what a new version's
        gap of failed checks is read from, without the page's whole history."""
        return self._check_rows(
            "w.url = ? AND c.id > ? ORDER BY c.id", (normalize_url(url), check_id)
        )

    def failing_run(self, url: str, check_id: int) -> list[CheckRow]:
        """The live checks of ``url`` up to ``check_id`` since the last one before it that
        got a page: all a failing streak is judged from, however long the page's history."""
        ok = sorted(str(outcome) for outcome in OK_OUTCOMES)
        return self._check_rows(
            "w.url = ? AND c.id <= ? AND p.check_id IS NULL AND c.id > coalesce(("
            " SELECT c2.id FROM checks c2 LEFT JOIN provenance p2 ON p2.check_id = c2.id"
            " WHERE c2.watch_id = w.id AND c2.id < ? AND p2.check_id IS NULL"
            f" AND c2.outcome IN ({', '.join('?' * len(ok))})"
            " ORDER BY c2.id DESC LIMIT 1), 0) ORDER BY c.id",
            (normalize_url(url), check_id, check_id, *ok),
        )

    def _check_rows(self, where: str, parameters: tuple[object, ...]) -> list[CheckRow]:
        rows = self._db.execute(
            f"SELECT c.*, w.url AS watch_url, s.check_id AS created_by, {PROVENANCE_COLUMNS}"
            " FROM checks c JOIN watches w ON w.id = c.watch_id"
            " LEFT JOIN snapshots s ON s.id = c.snapshot_id"
            f" LEFT JOIN provenance p ON p.check_id = c.id WHERE {where}",
            parameters,
        )
        return [
            from_row(
                CheckRow,
                row,
                url=row["watch_url"],
                checked_at=parse_iso(row["checked_at"]),
                outcome=Outcome(row["outcome"]),
                snapshot=row["snapshot_id"],
                new_snapshot=row["created_by"] == row["id"],
                origin=row["p_origin"] or "tracked",
                provenance=Provenance.of_row(row),
                redirects=hops_of(row["redirects"]),
            )
            for row in rows
        ]

    def report_for_snapshot(self, snapshot_id: int) -> dict[str, Any] | None:
        """The change report that introduced this version (None for a first version)."""
        row = self._db.execute(
            "SELECT report FROM reports WHERE new_snapshot_id = ? ORDER BY check_id LIMIT 1",
            (snapshot_id,),
        ).fetchone()
        return json.loads(row[0]) if row else None

    def resolve_snapshot(self, spec: str) -> SnapshotRow:
        """The version ``spec`` names (tracker.store.versions)."""
        return resolve_snapshot(spec, self.snapshot, self.snapshots)

    def resolve_version(self, spec: str) -> Document:
        return self.load_document(self.resolve_snapshot(spec).document_sha256)

    def counts(self) -> dict[str, int]:
        """How much the index holds, for summaries."""
        one = self._db.execute
        return {
            "watches": one("SELECT count(*) FROM watches").fetchone()[0],
            "checks": one("SELECT count(*) FROM checks").fetchone()[0],
            "snapshots": one("SELECT count(*) FROM snapshots").fetchone()[0],
            "documents": one("SELECT count(DISTINCT document_sha256) FROM snapshots").fetchone()[0],
            "warc_files": one("SELECT count(*) FROM warc_files").fetchone()[0],
        }
