"""The live writes of the SQLite index: a watch made, a check's rows, a site profile.

``record_check`` writes one check as one transaction: its Document first (a file,
fsynced before any row names it), the WARC records the index chose for its evidence
appended and committed with it, then the check, its new version and report, the
ledger and the watch's activity, the notifications it owes, its route and the
watch's capture state. A check is the only way a live version enters the index.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tracker.errors import UsageError
from tracker.model import Capture, Document, Outcome
from tracker.store.documents import DocumentFiles
from tracker.store.evidence import (
    Evidence,
    FindResponse,
    KeptCapture,
    kept_capture,
    new_body_records,
    records_for,
)
from tracker.store.jobs import JobState, save_jobs
from tracker.store.ledger_fill import ClaimSentences, HeldVersion, LedgerVersion
from tracker.store.outbox import queue
from tracker.store.redirects import note_final_url, route_columns
from tracker.store.rows import (
    CREDENTIALS_REFUSED,
    CheckEntry,
    PastSource,
    RecordedCheck,
    SnapshotRow,
    WarcLocation,
    WatchState,
    has_credentials,
    iso_utc,
    naming_new_snapshot,
    normalize_url,
    rendered_columns,
    snapshot_columns,
    snapshot_row,
    url_host,
    utc_now,
)
from tracker.store.warc_records import RecordGroup, build_capture_records
from tracker.store.workspace import note_check_activity

__all__ = ["LiveWrites"]


class LiveWrites:
    """The live-write methods of tracker.store.sqlite.SqliteIndex."""

    if TYPE_CHECKING:
        _documents: DocumentFiles
        _find_response: FindResponse
        _transaction: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]
        _write_lock: Callable[[], contextlib.AbstractContextManager[None]]
        _appending: Callable[
            [RecordGroup],
            contextlib.AbstractContextManager[tuple[WarcLocation, sqlite3.Connection]],
        ]
        archive: Callable[[RecordGroup], WarcLocation]
        watch_state: Callable[[str], WatchState | None]
        _warm_ledger: Callable[[int, Document, str], tuple[ClaimSentences, HeldVersion | None]]
        _note_version: Callable[[sqlite3.Connection, LedgerVersion], None]

    def ensure_watch(self, url: str, name: str | None = None) -> WatchState:
        """The watch of ``url``, made on first sight. A URL with credentials is refused
        before anything is fetched or stored (UsageError, the password not repeated)."""
        key = normalize_url(url)
        if has_credentials(url):
            raise UsageError(f"{key} {CREDENTIALS_REFUSED}")
        state = self.watch_state(key)
        if state is not None and (name is None or name == state.name):
            return state  # the common case costs one read, no write
        with self._transaction() as db:
            db.execute(
                "INSERT INTO watches (url, name, created_at, host) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET name = coalesce(excluded.name, watches.name)",
                (key, name, iso_utc(utc_now()), url_host(key)),
            )
        state = self.watch_state(key)
        assert state is not None
        return state

    def put_document(self, document: Document) -> str:
        """Store a Document once under the sha256 of its canonical JSON; returns that hash."""
        return self._documents.put(document)

    def keep_capture(self, watch: WatchState, capture: Capture, body_sha256: str) -> KeptCapture:
        """Keep a new body as evidence now, before it is read: a response record, or a
        revisit when the watch held the same body before (a page back to a former version)."""
        group, earlier = new_body_records(watch, capture, body_sha256, self._find_response)
        return kept_capture(capture, body_sha256, self.archive(group), earlier, group.rendered)

    def keep_past_capture(self, capture: Capture, source: PastSource) -> WarcLocation:
        """Keep a capture from before tracking began (an archive's, a WARC file's) whole,
        its record naming where it came from (``source``), so a reindex says it again."""
        return self.archive(build_capture_records(capture, origin=source.record_origin()))

    def record_check(self, entry: CheckEntry, evidence: Evidence | None = None) -> RecordedCheck:
        """Write one check (and its snapshot and report, if any) as a single transaction.

        With ``evidence`` its records are chosen here, appended first and committed in
        that same transaction (the cheap path of an unchanged page: one fsync of the
        WARC, one of the index); ``entry.location`` is then where they landed.
        """
        Outcome(entry.outcome)  # ValueError on an outcome the vocabulary does not have
        snap = entry.new_snapshot
        document_sha = self._documents.put(snap.document, snap.document_json) if snap else None
        group = records_for(evidence, self._find_response) if evidence is not None else None
        ledger = None
        if snap is not None and document_sha is not None:
            ledger = self._warm_ledger(entry.watch_id, snap.document, document_sha)
        if group is None:
            with self._write_lock(), self._transaction() as db:
                return self._write_check(db, entry, document_sha, ledger)
        with self._appending(group) as (location, db):
            entry = replace(entry, location=location)
            return self._write_check(db, entry, document_sha, ledger)

    def _write_check(
        self,
        db: sqlite3.Connection,
        entry: CheckEntry,
        document_sha: str | None,
        ledger: tuple[ClaimSentences, HeldVersion | None] | None = None,
    ) -> RecordedCheck:
        """The rows of one check, inside the caller's transaction (its Document already
        stored; ``ledger``: its claim sentences and the version the ledger held, when the
        ledger has read them)."""
        snap = entry.new_snapshot
        location = entry.location
        evidence = location is not None
        body_sha = entry.body_sha256
        if body_sha is None and snap is not None and snap.evidence is None and location:
            body_sha = snap.body_sha256  # the check's own response holds the version's body
        cursor = db.execute(
            "INSERT INTO checks (watch_id, checked_at, outcome, http_status, error, fetch_ms,"
            " total_ms, bytes, snapshot_id, warc_file, warc_offset, warc_length, warc_span,"
            " record_type, payload_digest, body_sha256, conversion_id, final_url, redirects)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                entry.watch_id,
                iso_utc(entry.checked_at),
                entry.outcome,
                entry.http_status,
                entry.error,
                entry.fetch_ms,
                entry.total_ms,
                entry.bytes,
                entry.seen_snapshot_id,
                location.file if location else None,
                location.offset if location else None,
                location.length if location else None,
                location.span if location else None,
                location.record_type if location else None,
                location.payload_digest if location else None,
                body_sha if location else None,
                location.conversion_id if location else None,
                *route_columns(entry.final_url, entry.redirects),
            ),
        )
        check_id = int(cursor.lastrowid or 0)
        snapshot_id: int | None = entry.seen_snapshot_id
        if snap is not None:
            location = snap.evidence or location
            if location is None or location.record_type != "response":
                raise ValueError("a new snapshot needs the response record it came from")
            cursor = db.execute(
                "INSERT INTO snapshots (watch_id, check_id, url, final_url, fetched_at,"
                " body_sha256, text_sha256, article_sha256, document_sha256, warc_file,"
                " warc_offset, warc_length) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    entry.watch_id,
                    check_id,
                    normalize_url(snap.url),
                    *snapshot_columns(snap, document_sha, location),
                ),
            )
            snapshot_id = int(cursor.lastrowid or 0)
            db.execute("UPDATE checks SET snapshot_id = ? WHERE id = ?", (snapshot_id, check_id))
            db.execute(
                "UPDATE watches SET current_snapshot_id = ? WHERE id = ?",
                (snapshot_id, entry.watch_id),
            )
        if entry.report is not None:
            if snapshot_id is None or entry.previous_snapshot_id is None:
                raise ValueError("a change report needs the old and the new snapshot")
            db.execute(
                "INSERT INTO reports (check_id, old_snapshot_id, new_snapshot_id, report)"
                " VALUES (?, ?, ?, ?)",
                (
                    check_id,
                    entry.previous_snapshot_id,
                    snapshot_id,
                    json.dumps(
                        naming_new_snapshot(entry.report, snapshot_id),
                        ensure_ascii=False,
                        sort_keys=True,
                    ),
                ),
            )
        change = None
        if snap is not None and snapshot_id is not None:
            sentences, held = ledger if ledger is not None else (None, None)
            stored = LedgerVersion(
                entry.watch_id,
                snapshot_id,
                snap.fetched_at,
                snap.document,
                entry.report,
                sentences,
                held,
            )
            self._note_version(db, stored)
            change = (snapshot_id, iso_utc(snap.fetched_at)) if entry.report else None
        note_check_activity(db, entry.watch_id, check_id, entry.outcome, snap is not None, change)
        owed = entry.deliveries
        if entry.change_deliveries is not None and snapshot_id is not None:
            old = _stored_snapshot(db, entry.previous_snapshot_id)
            new = _stored_snapshot(db, snapshot_id)
            owed += entry.change_deliveries(old, new) if new is not None else ()
        if owed:
            queue(db, owed, check_id=check_id, snapshot_id=snapshot_id)
        if entry.final_url_moved:
            note_final_url(db, entry.watch_id, entry.final_url)
        state = entry.capture_state
        if state is not None:
            db.execute(
                "UPDATE watches SET etag = ?, last_modified = ?, last_body_sha256 = ?,"
                " last_payload_digest = ?, last_record_id = ?, last_record_uri = ?,"
                " last_record_date = ?, last_payload_coded = ? WHERE id = ?",
                (
                    state.etag,
                    state.last_modified,
                    state.body_sha256,
                    state.payload_digest,
                    state.target.record_id,
                    state.target.uri,
                    state.target.warc_date,
                    int(state.payload_coded),
                    entry.watch_id,
                ),
            )
            if state.rendered is not None:
                db.execute(
                    "UPDATE watches SET last_rendered_sha256 = ?, last_rendered_record_id = ?,"
                    " last_rendered_uri = ?, last_rendered_date = ? WHERE id = ?",
                    (*rendered_columns(state.rendered), entry.watch_id),
                )
        return RecordedCheck(check_id=check_id, snapshot_id=snapshot_id, evidence=evidence)

    def set_site_profile(self, host: str, profile: dict[str, Any]) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO site_profiles (host, profile, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(host) DO UPDATE SET profile = excluded.profile,"
                " updated_at = excluded.updated_at",
                (host.lower(), json.dumps(profile, sort_keys=True), iso_utc(utc_now())),
            )

    def save_job_states(self, states: Iterable[JobState]) -> int:
        """Save the daemon's job states in one transaction; the number written."""
        with self._transaction() as db:
            return save_jobs(db, states)


def _stored_snapshot(db: sqlite3.Connection, snapshot_id: int | None) -> SnapshotRow | None:
    """A version as the caller's transaction sees it (one just inserted included)."""
    if snapshot_id is None:
        return None
    row = db.execute("SELECT * FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
    return snapshot_row(row) if row else None
