"""The outbox: notifications owed, kept in the index until a receiver accepted them.

A check that finds an article change queues one delivery per notifier in the same
transaction that stores the change (``CheckEntry.deliveries``, written by
``queue``), so a change is never stored without its notifications being owed, and
a kill at any instant loses neither. Health news is queued the same way
(``Outbox.enqueue``), with the daemon's job state that records it was told.

A delivery is sent by tracker.notify's dispatcher, apart from the checks: marked
sent once accepted, or failed with its error and the time of the next attempt
(exponential backoff, kept here so it survives restarts), what a pass over a claim did
settled in one transaction (``settle_deliveries``). Each row carries an
idempotency key, the same on every attempt, so a receiver can drop a repeat.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tracker.store.jobs import JobState, save_jobs
from tracker.store.migrations import MigrationSet, run_script
from tracker.store.rows import DeliveryClaim, Row, from_row, iso_utc, parse_iso, utc_now

if TYPE_CHECKING:
    import threading

__all__ = ["OUTBOX_MIGRATIONS", "Delivery", "FailedDelivery", "Outbox", "Queued", "queue"]

OUTBOX_MIGRATIONS = MigrationSet("outbox")


@OUTBOX_MIGRATIONS
def _outbox(db: sqlite3.Connection) -> None:
    """Notifications owed to each notifier, until accepted (tracker.store.outbox; created
    only if missing: an index set back to an earlier schema version keeps it)."""
    run_script(
        db,
        """
        CREATE TABLE IF NOT EXISTS outbox (
            id INTEGER PRIMARY KEY,
            notifier TEXT NOT NULL,
            kind TEXT NOT NULL,
            watch TEXT NOT NULL,
            url TEXT NOT NULL,
            check_id INTEGER REFERENCES checks(id),
            snapshot_id INTEGER REFERENCES snapshots(id),
            previous_snapshot_id INTEGER REFERENCES snapshots(id),
            payload TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            not_before TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            last_attempt_at TEXT,
            sent_at TEXT
        );
        CREATE INDEX IF NOT EXISTS outbox_owed ON outbox(notifier, not_before)
            WHERE sent_at IS NULL;
        """,
    )


@OUTBOX_MIGRATIONS
def _abandoned_deliveries(db: sqlite3.Connection) -> None:
    """A delivery given up on by a person (its notifier removed from the configuration),
    kept with when and why; and the notifiers the last daemon ran with, so ``tracker
    status`` can tell what is owed to a notifier no daemon sends through."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(outbox)")}
    for column in ("abandoned_at", "abandoned_reason"):
        if column not in columns:
            db.execute(f"ALTER TABLE outbox ADD COLUMN {column} TEXT")
    run_script(
        db,
        """
        CREATE TABLE IF NOT EXISTS notifier_roster (
            name TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            noted_at TEXT NOT NULL
        );
        """,
    )


# A delivery still owed: neither accepted by its receiver nor abandoned by a person.
_OWED = "sent_at IS NULL AND abandoned_at IS NULL"


@dataclass(frozen=True, slots=True, kw_only=True)
class Queued:
    """One notification owed to one notifier, as its finder queues it."""

    notifier: str
    kind: str  # "change", or a health kind (tracker.notify.HealthKind)
    watch: str
    url: str
    payload: Mapping[str, Any]  # the event's JSON (tracker.notify.events)
    not_before: datetime | None = None  # not sent before this (a digest's hour); None: now
    previous_snapshot_id: int | None = None  # a change: the version it compares against


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery(Queued):
    """A queued notification as the outbox holds it, with its delivery record."""

    id: int
    payload: dict[str, Any]
    key: str  # the idempotency key: the same on every attempt
    created_at: datetime
    not_before: datetime  # the next attempt is due then
    check_id: int | None = None
    snapshot_id: int | None = None
    attempts: int = 0
    last_error: str | None = None
    last_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    abandoned_at: datetime | None = None  # given up on by a person, with the reason
    abandoned_reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FailedDelivery:
    """An attempt a receiver refused or that failed: why, and when to try again."""

    id: int
    error: str
    retry_at: datetime


def queue(
    db: sqlite3.Connection,
    items: Iterable[Queued],
    *,
    check_id: int | None = None,
    snapshot_id: int | None = None,
) -> list[int]:
    """Insert ``items`` inside the caller's transaction (the one storing what they tell)."""
    now = utc_now()
    ids = []
    for item in items:
        cursor = db.execute(
            "INSERT INTO outbox (notifier, kind, watch, url, check_id, snapshot_id,"
            " previous_snapshot_id, payload, key, created_at, not_before)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                item.notifier,
                item.kind,
                item.watch,
                item.url,
                check_id,
                snapshot_id,
                item.previous_snapshot_id,
                json.dumps(item.payload, ensure_ascii=False, sort_keys=True, default=str),
                f"tracker-{uuid.uuid4().hex}",
                iso_utc(now),
                iso_utc(item.not_before or now),
            ),
        )
        ids.append(int(cursor.lastrowid or 0))
    return ids


def _delivery(row: Row) -> Delivery:
    def moment(name: str) -> datetime | None:
        return parse_iso(row[name]) if row[name] else None

    return from_row(
        Delivery,
        row,
        payload=json.loads(row["payload"]),
        created_at=parse_iso(row["created_at"]),
        not_before=parse_iso(row["not_before"]),
        last_attempt_at=moment("last_attempt_at"),
        sent_at=moment("sent_at"),
        abandoned_at=moment("abandoned_at"),
    )


class Outbox:
    """The outbox's methods of tracker.store.sqlite.SqliteIndex."""

    if TYPE_CHECKING:
        _db: sqlite3.Connection
        _mutex: threading.RLock
        _transaction: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]

    def enqueue(self, items: Iterable[Queued], states: Iterable[JobState] = ()) -> list[int]:
        """Queue ``items`` and save ``states`` (which record them) as one unit: news no
        stored check carries (a watchlist problem, a crashed check's); a check's own news
        is queued by ``record_check`` with it."""
        with self._transaction() as db:
            ids = queue(db, items)
            save_jobs(db, states)
            return ids

    def claim_deliveries(self, claim: DeliveryClaim) -> list[Delivery]:
        """What ``claim.notifier`` is owed and may be sent at ``claim.now``, oldest first,
        claimed for ``claim.lease`` seconds: another sender (the daemon, a ``tracker
        check``) passes them by until the claim ends, so one delivery is not sent twice
        at once."""
        only = "" if claim.check_id is None else " AND check_id = ?"
        arguments: tuple[Any, ...] = (claim.notifier, iso_utc(claim.now))
        arguments += () if claim.check_id is None else (claim.check_id,)
        query = (
            f"SELECT * FROM outbox WHERE {_OWED} AND notifier = ? AND not_before <= ?"
            f"{only} ORDER BY not_before, id LIMIT ?"
        )
        with self._mutex:
            if self._db.execute(query, (*arguments, 1)).fetchone() is None:
                return []  # nothing due: no write lock taken (the common case, every poll)
        with self._transaction() as db:
            rows = db.execute(query, (*arguments, claim.limit)).fetchall()
            until = iso_utc(claim.now + timedelta(seconds=claim.lease))
            db.executemany(
                "UPDATE outbox SET not_before = ? WHERE id = ?", [(until, r["id"]) for r in rows]
            )
        return [_delivery(row) for row in rows]

    def next_delivery_due(self, notifier: str) -> datetime | None:
        """When ``notifier``'s next owed delivery may be tried (None: it is owed nothing)."""
        with self._mutex:
            row = self._db.execute(
                f"SELECT min(not_before) FROM outbox WHERE {_OWED} AND notifier = ?",
                (notifier,),
            ).fetchone()
        return parse_iso(row[0]) if row and row[0] else None

    def owed_deliveries(self, limit: int = 1000) -> list[Delivery]:
        """Every delivery not yet accepted nor abandoned, oldest first (``tracker status``)."""
        with self._mutex:
            rows = self._db.execute(
                f"SELECT * FROM outbox WHERE {_OWED} ORDER BY id LIMIT ?", (limit,)
            ).fetchall()
        return [_delivery(row) for row in rows]

    def abandoned_deliveries(self, limit: int = 1000) -> list[Delivery]:
        """The deliveries a person gave up on, oldest first, each with when and why."""
        with self._mutex:
            rows = self._db.execute(
                "SELECT * FROM outbox WHERE abandoned_at IS NOT NULL ORDER BY id LIMIT ?",
                (limit,),
            ).fetchall()
        return [_delivery(row) for row in rows]

    def note_notifiers(self, notifiers: Mapping[str, str], at: datetime) -> None:
        """The notifiers (name: kind) a daemon starts with, replacing the last daemon's."""
        with self._transaction() as db:
            db.execute("DELETE FROM notifier_roster")
            db.executemany(
                "INSERT INTO notifier_roster (name, kind, noted_at) VALUES (?, ?, ?)",
                [(name, kind, iso_utc(at)) for name, kind in notifiers.items()],
            )

    def notifier_roster(self) -> dict[str, str]:
        """The notifiers (name: kind) the last daemon started with; empty if none ran."""
        with self._mutex:
            rows = self._db.execute("SELECT name, kind FROM notifier_roster").fetchall()
        return {name: kind for name, kind in rows}

    def abandon_deliveries(self, notifier: str, reason: str, at: datetime) -> int:
        """Give up on what ``notifier`` is owed: each row kept, marked abandoned with ``reason``
        (never sent again, never deleted); how many."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE outbox SET abandoned_at = ?, abandoned_reason = ?"
                f" WHERE {_OWED} AND notifier = ?",
                (iso_utc(at), reason, notifier),
            )
            return cursor.rowcount

    def redirect_deliveries(self, notifier: str, to: str, at: datetime) -> int:
        """Owe to notifier ``to`` what ``notifier`` is owed: each delivery queued again for
        ``to`` (a new idempotency key: another receiver), the original kept, marked
        abandoned as redirected; how many."""
        with self._transaction() as db:
            rows = db.execute(
                f"SELECT * FROM outbox WHERE {_OWED} AND notifier = ? ORDER BY id", (notifier,)
            ).fetchall()
            for row in rows:
                delivery = _delivery(row)
                (moved,) = queue(
                    db,
                    [replace(delivery, notifier=to, not_before=at)],
                    check_id=delivery.check_id,
                    snapshot_id=delivery.snapshot_id,
                )
                db.execute(
                    "UPDATE outbox SET abandoned_at = ?, abandoned_reason = ? WHERE id = ?",
                    (iso_utc(at), f"redirected to {to} (delivery {moved})", delivery.id),
                )
            return len(rows)

    def settle_deliveries(
        self, sent: Sequence[int], failed: Sequence[FailedDelivery], at: datetime
    ) -> None:
        """In one transaction: mark ``sent`` accepted by their receiver (never sent again),
        and keep each of ``failed`` with its error and the time of its next attempt."""
        if not sent and not failed:
            return
        when = iso_utc(at)
        with self._transaction() as db:
            db.executemany(
                "UPDATE outbox SET sent_at = ?, last_attempt_at = ?, attempts = attempts + 1,"
                f" last_error = NULL WHERE id = ? AND {_OWED}",
                [(when, when, delivery_id) for delivery_id in sent],
            )
            db.executemany(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ?,"
                f" not_before = ? WHERE id = ? AND {_OWED}",
                [(f.error, when, iso_utc(f.retry_at), f.id) for f in failed],
            )
