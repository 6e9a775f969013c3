"""The index's schema, as registered migrations: one function per version, append only.

The SQLite index runs every step the index has not seen yet, each in its own transaction,
and records the version in ``PRAGMA user_version``. Modules that keep a table of
their own in the index (the daemon's job state, backfill provenance) register
their step here, after the others.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tracker.store.rows import url_host

__all__ = ["MIGRATIONS", "Migration", "migration", "run_script"]

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: list[Migration] = []


def migration(function: Migration) -> Migration:
    """Register the next schema version. Append only: a released step is never edited."""
    MIGRATIONS.append(function)
    return function


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run SQL statements inside the caller's transaction (``executescript`` would commit it)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement.strip()[:60]}")


@migration
def _initial_schema(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        CREATE TABLE watches (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            name TEXT,
            created_at TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            last_body_sha256 TEXT,
            last_payload_digest TEXT,
            last_record_id TEXT,
            last_record_uri TEXT,
            last_record_date TEXT,
            current_snapshot_id INTEGER REFERENCES snapshots(id) DEFERRABLE INITIALLY DEFERRED
        );
        CREATE TABLE warc_files (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            committed_bytes INTEGER NOT NULL CHECK (committed_bytes >= 0)
        );
        CREATE TABLE checks (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id),
            checked_at TEXT NOT NULL,
            outcome TEXT NOT NULL
                CHECK (outcome IN ('new','changed','unchanged','failed','blocked','gone')),
            http_status INTEGER,
            error TEXT,
            fetch_ms REAL,
            total_ms REAL,
            bytes INTEGER NOT NULL DEFAULT 0,
            snapshot_id INTEGER REFERENCES snapshots(id) DEFERRABLE INITIALLY DEFERRED,
            warc_file TEXT REFERENCES warc_files(name),
            warc_offset INTEGER,
            warc_length INTEGER,
            warc_span INTEGER,
            record_type TEXT,
            payload_digest TEXT
        );
        CREATE INDEX checks_by_watch ON checks(watch_id, id);
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id),
            check_id INTEGER NOT NULL UNIQUE
                REFERENCES checks(id) DEFERRABLE INITIALLY DEFERRED,
            url TEXT NOT NULL,
            final_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            body_sha256 TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            article_sha256 TEXT NOT NULL,
            document_sha256 TEXT NOT NULL,
            warc_file TEXT NOT NULL REFERENCES warc_files(name),
            warc_offset INTEGER NOT NULL,
            warc_length INTEGER NOT NULL
        );
        CREATE INDEX snapshots_by_watch ON snapshots(watch_id, fetched_at);
        CREATE TABLE reports (
            check_id INTEGER PRIMARY KEY REFERENCES checks(id),
            old_snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            new_snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            report TEXT NOT NULL
        );
        CREATE TABLE site_profiles (
            host TEXT PRIMARY KEY,
            profile TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        """,
    )


@migration
def _daemon_jobs(db: sqlite3.Connection) -> None:
    """Per-watch state of the scheduling daemon (tracker.store.jobs)."""
    run_script(
        db,
        """
        CREATE TABLE daemon_jobs (
            name TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            next_run TEXT,
            interval REAL,
            unchanged_streak INTEGER NOT NULL DEFAULT 0,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            failing_since TEXT,
            failure_reason TEXT,
            failure_reported INTEGER NOT NULL DEFAULT 0,
            last_change_at TEXT,
            last_notified_snapshot INTEGER
        );
        """,
    )


@migration
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


@migration
def _response_lookup(db: sqlite3.Connection) -> None:
    """Find an earlier response with the same body, so a page that flips back to a former
    version gets a revisit record instead of its whole body stored again."""
    run_script(
        db,
        """
        CREATE INDEX checks_by_response_digest ON checks(watch_id, payload_digest)
            WHERE record_type = 'response';
        """,
    )


@migration
def _wire_evidence(db: sqlite3.Connection) -> None:
    """Bodies kept as sent (content coding included), and failures' answers kept too.

    A response's identity is the sha256 of its decoded body, now on its check row:
    the payload digest is over the bytes as sent and changes when a server
    compresses the same page otherwise, and a failure's answer has no snapshot to
    hold it. Responses written before this step kept the decoded body, so the
    snapshot each one made already names it. ``last_payload_coded`` says whether the
    last response's payload is content-coded (one sent plain is then other bytes).
    """
    run_script(
        db,
        """
        ALTER TABLE checks ADD COLUMN body_sha256 TEXT;
        UPDATE checks SET body_sha256 = (
            SELECT s.body_sha256 FROM snapshots s WHERE s.check_id = checks.id
                AND s.warc_file = checks.warc_file AND s.warc_offset = checks.warc_offset
        ) WHERE record_type = 'response';
        ALTER TABLE watches ADD COLUMN last_payload_coded INTEGER NOT NULL DEFAULT 0;
        DROP INDEX checks_by_response_digest;
        CREATE INDEX checks_by_response_body ON checks(watch_id, body_sha256)
            WHERE record_type = 'response';
        """,
    )


@migration
def _watch_hosts(db: sqlite3.Connection) -> None:
    """Each watch's host, indexed: a site's template is relearned from the current versions
    of that host's pages, and finding them must not read every watch of the store."""
    db.execute("ALTER TABLE watches ADD COLUMN host TEXT NOT NULL DEFAULT ''")
    for watch_id, url in db.execute("SELECT id, url FROM watches").fetchall():
        db.execute("UPDATE watches SET host = ? WHERE id = ?", (url_host(url), watch_id))
    db.execute("CREATE INDEX watches_by_host ON watches(host)")


@migration
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
