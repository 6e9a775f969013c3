"""The index's schema: every owner's named migration set, in the order they run.

The store's own tables are the ``STORE`` set here; the daemon's job state
(tracker.store.jobs), backfill provenance (tracker.store.past), the research
workspace (tracker.store.workspace) and the notification outbox
(tracker.store.outbox) keep their sets beside the code that reads
them. ``MIGRATION_SETS`` is the order sets run in on a new index: a set may refer
only to tables of the sets before it.

Indexes written before steps had names recorded a number in ``PRAGMA
user_version``; ``NUMBERED_STEPS`` says which steps those numbers stood for, so such
an index is adopted without running anything twice. An adopted or new index has
``user_version`` ``NAMED_STEPS_VERSION``, which a tracker from before named steps
refuses as "written by a newer tracker" instead of misreading it.
"""

from __future__ import annotations

import sqlite3

from tracker.store.jobs import DAEMON_MIGRATIONS
from tracker.store.ledger import LEDGER_MIGRATIONS
from tracker.store.migrations import MigrationSet, Step, run_script
from tracker.store.outbox import OUTBOX_MIGRATIONS
from tracker.store.past import HISTORY_MIGRATIONS
from tracker.store.redirects import REDIRECT_MIGRATIONS
from tracker.store.rows import url_host
from tracker.store.workspace import WORKSPACE_MIGRATIONS

__all__ = [
    "MIGRATION_SETS",
    "NAMED_STEPS_VERSION",
    "NUMBERED_STEPS",
    "STORE_MIGRATIONS",
    "adopt_numbered_steps",
    "applied_steps",
    "pending_steps",
    "record_step",
    "unknown_steps",
]

STORE_MIGRATIONS = MigrationSet("store")


@STORE_MIGRATIONS
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


@STORE_MIGRATIONS
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


@STORE_MIGRATIONS
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


@STORE_MIGRATIONS
def _watch_hosts(db: sqlite3.Connection) -> None:
    """Each watch's host, indexed: a site's template is relearned from the current versions
    of that host's pages, and finding them must not read every watch of the store."""
    db.execute("ALTER TABLE watches ADD COLUMN host TEXT NOT NULL DEFAULT ''")
    for watch_id, url in db.execute("SELECT id, url FROM watches").fetchall():
        db.execute("UPDATE watches SET host = ? WHERE id = ?", (url_host(url), watch_id))
    db.execute("CREATE INDEX watches_by_host ON watches(host)")


_RENDERED_COLUMNS = (
    ("watches", "last_rendered_sha256"),
    ("watches", "last_rendered_record_id"),
    ("watches", "last_rendered_uri"),
    ("watches", "last_rendered_date"),
    ("checks", "conversion_id"),
)


@STORE_MIGRATIONS
def _rendered_once(db: sqlite3.Connection) -> None:
    """A rendered DOM kept once: the conversion record holding a watch's last one (a later
    identical render is a revisit of it), and on each check the conversion record its
    group holds, so a version read from a revisited DOM finds the record that has it.
    Columns are added only if missing: an index set back to a numbered schema version
    runs this step again."""
    for table, column in _RENDERED_COLUMNS:
        if column not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    db.execute(
        "CREATE INDEX IF NOT EXISTS checks_by_conversion ON checks(conversion_id)"
        " WHERE conversion_id IS NOT NULL"
    )


MIGRATION_SETS: tuple[MigrationSet, ...] = (
    STORE_MIGRATIONS,
    DAEMON_MIGRATIONS,
    HISTORY_MIGRATIONS,
    WORKSPACE_MIGRATIONS,
    LEDGER_MIGRATIONS,
    OUTBOX_MIGRATIONS,
    REDIRECT_MIGRATIONS,
)

NUMBERED_STEPS: tuple[str, ...] = (
    "store/initial_schema",
    "daemon/daemon_jobs",
    "history/provenance",
    "store/response_lookup",
    "store/wire_evidence",
    "store/watch_hosts",
    "workspace/workspace",
)
NAMED_STEPS_VERSION = 100

_LEDGER = """
    CREATE TABLE IF NOT EXISTS migrations (
        migration_set TEXT NOT NULL,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        PRIMARY KEY (migration_set, name)
    )
"""


def applied_steps(db: sqlite3.Connection) -> set[str] | None:
    """Keys (``set/name``) of the steps this index has run; None before it recorded any."""
    has_ledger = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    ).fetchone()
    if has_ledger is None:
        return None
    rows = db.execute("SELECT migration_set, name FROM migrations").fetchall()
    return {f"{set_name}/{name}" for set_name, name in rows}


def pending_steps(applied: set[str]) -> list[Step]:
    """Every registered step the index has not run, in the order they must run."""
    return [s for m in MIGRATION_SETS for s in m.steps if s.key not in applied]


def unknown_steps(applied: set[str]) -> list[str]:
    """Steps the index has run that this tracker doesn't know: a newer tracker wrote it."""
    known = {step.key for migration_set in MIGRATION_SETS for step in migration_set.steps}
    return sorted(applied - known)


def adopt_numbered_steps(db: sqlite3.Connection, applied_at: str) -> int:
    """Create the ledger, recording the steps an index from before named steps had run.

    Returns the ``user_version`` it had: above ``len(NUMBERED_STEPS)`` (and not ours)
    means a newer tracker wrote it, which the caller refuses.
    """
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > len(NUMBERED_STEPS) and version != NAMED_STEPS_VERSION:
        return version
    db.execute(_LEDGER)
    if version <= len(NUMBERED_STEPS):
        for key in NUMBERED_STEPS[:version]:
            record_step(db, key, applied_at)
        db.execute(f"PRAGMA user_version = {NAMED_STEPS_VERSION}")
    return version


def record_step(db: sqlite3.Connection, key: str, applied_at: str) -> None:
    set_name, name = key.split("/", 1)
    db.execute(
        "INSERT OR IGNORE INTO migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        (set_name, name, applied_at),
    )
