"""The claim and reference ledger: every claim and cited work ever seen on a tracked page.

One ``ledger_claims`` row per claim per page: its wording now, when it was first and
last seen, whether and when it left the page, its categories, strength and the works
it cites; ``ledger_claim_events`` its life (seen in a page's first version, added,
reworded, strengthened, weakened, hedged, unhedged, removed, restored), each naming
the version that showed it. ``ledger_citings`` is the same for references: one row
per span of time a page cited a work (``ledger_works``, one row per work, keyed as
``tracker.extraction.references.reference_key`` names it). ``ledger_claim_text`` and
``ledger_work_text`` are FTS5 tables over every wording a claim had and every work's
entry, so "when did any clinic first say X" finds a claim by its old wording too.

The ledger is filled as versions are stored, in the transaction that stores them
(``note_version``): a version that follows the last one the ledger holds for its
watch is applied at once; anything else (an index from before the ledger, a capture
placed in the past) leaves the watch stale until ``rebuild_ledger_watch`` replays its
versions in time order, which ``tracker ledger rebuild`` does watch by watch, one
transaction each, so an interrupted rebuild resumes where it stopped.

A claim is followed across a rewording through the change report of the version that
reworded it (its ``claim_changes`` of kind ``modified``); otherwise a claim is known
by its words, case and punctuation folded and citation markers left out.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tracker.errors import IntegrityError
from tracker.model import Document
from tracker.store.ledger_fill import (
    ClaimSentences,
    HeldVersion,
    LedgerVersion,
    apply_version,
    assess_all,
    assessments_of,
    claim_sentences_of,
    forget_watch,
    unassessed,
)
from tracker.store.ledger_search import (
    ClaimEvent,
    LedgerClaim,
    LedgerQuery,
    LedgerWork,
    OneList,
    SearchResult,
    WorkCiting,
    citing_of,
    claim_filters,
    claim_of,
    fts_query,
    one_list,
    span_filters,
)
from tracker.store.migrations import MigrationSet, run_script
from tracker.store.rows import from_row, iso_utc, parse_iso

if TYPE_CHECKING:
    import threading

    from tracker.store.documents import DocumentFiles

# The ledger's full-text tables, kept in few segments (a search reads every segment):
# each stored version merges up to MERGE_PAGES pages of them, where a level holds
# enough segments to merge; ``tracker ledger rebuild`` ends with one optimize.
TEXT_TABLES = ("ledger_claim_text", "ledger_work_text")
MERGE_PAGES = 16

# Words held by one claim in COMMON or more: a page of them is met soon in first-seen
# order, so it is read from that index rather than by sorting every match.
COMMON = 50

__all__ = [
    "CHANGE_KINDS",
    "ClaimEvent",
    "Ledger",
    "LedgerClaim",
    "LedgerQuery",
    "LedgerWork",
    "SearchResult",
    "WorkCiting",
]

LEDGER_MIGRATIONS = MigrationSet("ledger")


@LEDGER_MIGRATIONS
def _ledger(db: sqlite3.Connection) -> None:
    """Claims and cited works of every tracked page over time, with full-text search
    (created only if missing, as the workspace's tables: an index set back to an earlier
    schema version keeps them)."""
    run_script(
        db,
        """
        CREATE TABLE IF NOT EXISTS ledger_claims (
            id INTEGER PRIMARY KEY,
            watch_id INTEGER NOT NULL REFERENCES watches(id),
            claim_key TEXT NOT NULL,
            text TEXT NOT NULL,
            section TEXT,
            categories TEXT NOT NULL DEFAULT '[]',
            strength INTEGER,
            citations TEXT NOT NULL DEFAULT '[]',
            first_snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            first_seen TEXT NOT NULL,
            last_snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            last_seen TEXT NOT NULL,
            removed_snapshot_id INTEGER REFERENCES snapshots(id),
            removed_at TEXT
        );
        CREATE INDEX IF NOT EXISTS ledger_claims_by_watch ON ledger_claims(watch_id, claim_key);
        CREATE INDEX IF NOT EXISTS ledger_claims_by_first_seen ON ledger_claims(first_seen);
        CREATE TABLE IF NOT EXISTS ledger_claim_events (
            claim_id INTEGER NOT NULL REFERENCES ledger_claims(id),
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            seen_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT,
            strength INTEGER,
            PRIMARY KEY (claim_id, snapshot_id, kind)
        );
        CREATE INDEX IF NOT EXISTS ledger_claim_events_by_kind
            ON ledger_claim_events(kind, seen_at);
        CREATE VIRTUAL TABLE IF NOT EXISTS ledger_claim_text USING fts5(
            text, claim_id UNINDEXED, tokenize = 'porter unicode61'
        );
        CREATE TABLE IF NOT EXISTS ledger_works (
            id INTEGER PRIMARY KEY,
            work_key TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            title TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            year TEXT,
            doi TEXT,
            pmid TEXT,
            url TEXT
        );
        CREATE TABLE IF NOT EXISTS ledger_citings (
            id INTEGER PRIMARY KEY,
            work_id INTEGER NOT NULL REFERENCES ledger_works(id),
            watch_id INTEGER NOT NULL REFERENCES watches(id),
            label TEXT,
            first_snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            first_seen TEXT NOT NULL,
            last_snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            last_seen TEXT NOT NULL,
            removed_snapshot_id INTEGER REFERENCES snapshots(id),
            removed_at TEXT
        );
        CREATE INDEX IF NOT EXISTS ledger_citings_by_watch
            ON ledger_citings(watch_id, removed_snapshot_id);
        CREATE INDEX IF NOT EXISTS ledger_citings_by_work ON ledger_citings(work_id);
        CREATE VIRTUAL TABLE IF NOT EXISTS ledger_work_text USING fts5(
            text, work_id UNINDEXED, tokenize = 'porter unicode61'
        );
        CREATE TABLE IF NOT EXISTS ledger_watches (
            watch_id INTEGER PRIMARY KEY REFERENCES watches(id),
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            fetched_at TEXT NOT NULL
        );
        """,
    )


@LEDGER_MIGRATIONS
def _events_by_kind_covering(db: sqlite3.Connection) -> None:
    """Events by kind and time with their claim: a change-kind search reads the index
    alone (it looked up every event's row for its claim, 11,000 rows for "removed" in
    a thousand pages)."""
    run_script(
        db,
        """
        DROP INDEX IF EXISTS ledger_claim_events_by_kind;
        CREATE INDEX IF NOT EXISTS ledger_claim_events_by_kind_claim
            ON ledger_claim_events(kind, seen_at, claim_id);
        """,
    )


# What happened to a claim in one version, in the order a reader asks about them.
CHANGE_KINDS = (
    "seen",  # on the page's first version
    "added",
    "reworded",
    "strengthened",
    "weakened",
    "hedged",
    "unhedged",
    "number_changed",
    "negation_changed",
    "removed",
    "restored",
)


class Ledger:
    """The ledger's methods of tracker.store.sqlite.SqliteIndex."""

    if TYPE_CHECKING:
        _db: sqlite3.Connection
        _mutex: threading.RLock
        _documents: DocumentFiles
        _transaction: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]

    # ------------------------------------------------------------- filling

    def _note_version(self, db: sqlite3.Connection, stored: LedgerVersion) -> None:
        """A new version, inside the transaction storing it: applied when it follows the
        last version the ledger holds for the watch; otherwise the watch stays stale."""
        watch_id, snapshot_id = stored.watch_id, stored.snapshot_id
        state = db.execute(
            "SELECT snapshot_id, fetched_at FROM ledger_watches WHERE watch_id = ?", (watch_id,)
        ).fetchone()
        newest = db.execute(
            "SELECT id FROM snapshots WHERE watch_id = ? AND id != ?"
            " ORDER BY fetched_at DESC, id DESC LIMIT 1",
            (watch_id, snapshot_id),
        ).fetchone()
        held = state[0] if state else None
        if held != (newest[0] if newest else None) or (
            state is not None and state[1] > iso_utc(stored.fetched_at)
        ):
            return
        apply_version(db, stored)
        for table in TEXT_TABLES:
            db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('merge', ?)", (MERGE_PAGES,))

    def _warm_ledger(
        self, watch_id: int, document: Document, document_sha: str
    ) -> tuple[ClaimSentences, HeldVersion | None]:
        """Assess a new version's sentences that its watch's claims do not hold yet and the
        version the ledger holds does not settle (``HeldVersion``), before the write lock
        is taken: inside it, applying the version only looks them up. Returns its claim
        sentences and the version held, for applying it to read (read once a version)."""
        sentences = claim_sentences_of(document_sha, lambda: document)
        with self._mutex:
            claims = [
                key
                for (key,) in self._db.execute(
                    "SELECT claim_key FROM ledger_claims WHERE watch_id = ?", (watch_id,)
                )
            ]
            row = self._db.execute(
                "SELECT l.snapshot_id, s.document_sha256 FROM ledger_watches l"
                " JOIN snapshots s ON s.id = l.snapshot_id WHERE l.watch_id = ?",
                (watch_id,),
            ).fetchone()
        held = None
        if row is not None:
            snapshot_id, sha = row
            with contextlib.suppress(IntegrityError):  # then nothing is settled: all assessed
                held = HeldVersion(
                    snapshot_id, claim_sentences_of(sha, lambda: self._documents.load(sha))
                )
        assessments_of(unassessed(sentences, held, claims))
        return sentences, held

    def ledger_stale_watches(self) -> list[int]:
        """Watches whose newest version the ledger does not hold, for ``rebuild``."""
        with self._mutex:
            rows = self._db.execute(
                "SELECT w.id FROM watches w JOIN snapshots s ON s.id = w.current_snapshot_id"
                " LEFT JOIN ledger_watches l ON l.watch_id = w.id"
                " WHERE l.snapshot_id IS NOT s.id ORDER BY w.id"
            ).fetchall()
        return [row[0] for row in rows]

    def forget_ledger(self) -> None:
        """Mark every watch stale, so the next rebuild replays them all."""
        with self._transaction() as db:
            db.execute("DELETE FROM ledger_watches")

    def optimize_ledger_text(self) -> None:
        """Merge the full-text tables into one segment each: a rebuild leaves many
        (a watch's deleted wordings and new ones in each of its transactions), and a
        claim probe reads every segment (benchmarks/ledger_text.py: "study" on one site
        307 -> 23 ms CPU once 15 segments became one)."""
        with self._transaction() as db:
            for table in TEXT_TABLES:
                db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    def ledger_text_segments(self) -> int:
        """How many segments the full-text tables hold (what optimize brings to one each)."""
        with self._mutex:
            return sum(
                self._db.execute(
                    f"SELECT count(DISTINCT id >> 37) FROM {table}_data WHERE id > 10"
                ).fetchone()[0]
                for table in TEXT_TABLES
            )

    def rebuild_ledger_watch(self, watch_id: int) -> None:
        """Replay one watch's versions in time order into the ledger (one transaction)."""
        with self._mutex:
            versions = _versions_of(self._db, watch_id)
        documents = {sha: self._documents.load(sha) for _, _, sha, _ in versions}
        assess_all(documents.values())  # outside the transaction: remembered by text
        with self._transaction() as db:
            self._rebuild_in(db, watch_id, versions, documents)

    def _rebuild_watch_in(self, db: sqlite3.Connection, watch_id: int) -> None:
        """Replay a watch inside the caller's transaction (a capture placed in the past)."""
        versions = _versions_of(db, watch_id)
        documents = {sha: self._documents.load(sha) for _, _, sha, _ in versions}
        self._rebuild_in(db, watch_id, versions, documents)

    @staticmethod
    def _rebuild_in(
        db: sqlite3.Connection,
        watch_id: int,
        versions: Sequence[Sequence[Any]],
        documents: dict[str, Document],
    ) -> None:
        forget_watch(db, watch_id)
        for snapshot_id, fetched_at, sha, report in versions:
            stored = LedgerVersion(
                watch_id,
                snapshot_id,
                parse_iso(fetched_at),
                documents[sha],
                json.loads(report) if report else None,
            )
            apply_version(db, stored)

    # ------------------------------------------------------------- reading

    def search_claims(self, query: LedgerQuery) -> SearchResult:
        """Claims matching ``query``, earliest first seen first, with their events."""
        with self._mutex:
            one = one_list(query)
            if one is not None:
                total, ids = self._match_listed(one, query)
            else:
                total, ids = self._match(query)
            rows = self._db.execute(
                "SELECT c.*, w.url FROM ledger_claims c JOIN watches w ON w.id = c.watch_id"
                f" WHERE c.id IN ({','.join('?' * len(ids))}) ORDER BY c.first_seen, c.id",
                ids,
            ).fetchall()
            claims = self._with_events(rows)
            stale = self._stale_count()
        return SearchResult(total=total, claims=claims, stale_watches=stale)

    def _match(self, query: LedgerQuery) -> tuple[int, list[int]]:
        """(total, the page's claim ids): the matches found once (the filters are the
        cost), counted, and the page chosen from them by number."""
        where, values = claim_filters(query, self._page_claims(query))
        clause = " AND ".join(where) or "1"
        found = self._db.execute(
            "WITH m AS MATERIALIZED (SELECT c.id, c.first_seen FROM ledger_claims c"
            f" WHERE {clause}) SELECT (SELECT count(*) FROM m), id FROM m"
            " ORDER BY first_seen, id LIMIT ? OFFSET ?",
            [*values, query.limit, query.offset],
        ).fetchall()
        if found:
            return found[0][0], [row[1] for row in found]
        # no page: none found, or asked past the last
        return (self._count_claims(clause, values) if query.offset else 0), []

    def _match_listed(self, one: OneList, query: LedgerQuery) -> tuple[int, list[int]]:
        """(total, the page's claim ids) of one filter alone: counted from its own index,
        and the page read in first-seen order. While matches are common the first-seen
        index is walked, testing each claim by a probe when the walk to the page's end
        costs less than the whole list (a word on nearly every page), else against the
        list; rare matches are listed and sorted."""
        found = self._db.execute(f"SELECT count(DISTINCT id) FROM ({one.listed})", one.values)
        total = int(found.fetchone()[0])
        claims = self._db.execute("SELECT coalesce(max(id), 0) FROM ledger_claims").fetchone()[0]
        if total == 0 or query.offset >= total:
            return total, []
        walk = "INDEXED BY ledger_claims_by_first_seen" if total * COMMON >= claims else ""
        walked = (query.offset + query.limit) * claims / total  # claims read to the page's end
        test = f"c.id IN (SELECT id FROM ({one.listed}))"
        if walk and walked * one.probe_cost < total:
            test = one.probe
        found = self._db.execute(
            f"SELECT c.id FROM ledger_claims c {walk} WHERE {test}"
            " ORDER BY c.first_seen, c.id LIMIT ? OFFSET ?",
            [*one.values, query.limit, query.offset],
        )
        return total, [row[0] for row in found]

    def _page_claims(self, query: LedgerQuery) -> int | None:
        """How many claims the pages a search names hold (None: it names none), read from
        the watch index alone: what probing each of them for the words would cost."""
        if not query.sites and query.urls is None:
            return None
        where, values = span_filters(replace(query, since=None, until=None), "c")
        return self._count_claims(" AND ".join(where), values)

    def _count_claims(self, clause: str, values: list[object]) -> int:
        """The claims matching ``clause``, counted alone."""
        return int(
            self._db.execute(
                f"SELECT count(*) FROM ledger_claims c WHERE {clause}",
                values,
            ).fetchone()[0]
        )

    def _stale_count(self) -> int:
        """How many watches the ledger does not hold up to their newest version."""
        return int(
            self._db.execute(
                "SELECT count(*) FROM watches w LEFT JOIN ledger_watches l ON l.watch_id = w.id"
                " WHERE w.current_snapshot_id IS NOT NULL"
                " AND l.snapshot_id IS NOT w.current_snapshot_id"
            ).fetchone()[0]
        )

    def ledger_claim(self, claim_id: int) -> LedgerClaim | None:
        with self._mutex:
            rows = self._db.execute(
                "SELECT c.*, w.url FROM ledger_claims c JOIN watches w ON w.id = c.watch_id"
                " WHERE c.id = ?",
                (claim_id,),
            ).fetchall()
            found = self._with_events(rows)
        return found[0] if found else None

    def search_works(self, query: LedgerQuery) -> SearchResult:
        """Cited works matching ``query`` (text, site, pages, date range), with every page
        that cited them."""
        where = []
        values: list[object] = []
        if query.text.strip():
            where.append(
                "k.id IN (SELECT work_id FROM ledger_work_text WHERE ledger_work_text MATCH ?)"
            )
            values.append(fts_query(query.text))
        citing_where, citing_values = span_filters(query, "g")
        where.append(
            "EXISTS (SELECT 1 FROM ledger_citings g"
            f" WHERE g.work_id = k.id AND {' AND '.join(citing_where) or '1'})"
        )
        values.extend(citing_values)
        clause = " AND ".join(where)
        with self._mutex:
            total = self._db.execute(
                f"SELECT count(*) FROM ledger_works k WHERE {clause}", values
            ).fetchone()[0]
            rows = self._db.execute(
                f"SELECT k.* FROM ledger_works k WHERE {clause} ORDER BY k.text, k.id"
                " LIMIT ? OFFSET ?",
                [*values, query.limit, query.offset],
            ).fetchall()
            citings: dict[int, list[WorkCiting]] = {row["id"]: [] for row in rows}
            marks = ",".join("?" * len(citings))
            for row in self._db.execute(
                "SELECT g.*, w.url FROM ledger_citings g JOIN watches w ON w.id = g.watch_id"
                f" WHERE g.work_id IN ({marks}) ORDER BY g.first_seen, g.id",
                list(citings),
            ):
                citings[row["work_id"]].append(citing_of(row))
            stale = self._stale_count()
        works = tuple(
            from_row(LedgerWork, row, key=row["work_key"], citings=tuple(citings[row["id"]]))
            for row in rows
        )
        return SearchResult(total=total, works=works, stale_watches=stale)

    def _with_events(self, rows: Sequence[sqlite3.Row]) -> tuple[LedgerClaim, ...]:
        events: dict[int, list[ClaimEvent]] = {row["id"]: [] for row in rows}
        marks = ",".join("?" * len(events))
        for row in self._db.execute(
            f"SELECT * FROM ledger_claim_events WHERE claim_id IN ({marks})"
            " ORDER BY seen_at, snapshot_id",
            list(events),
        ):
            events[row["claim_id"]].append(
                from_row(ClaimEvent, row, seen_at=parse_iso(row["seen_at"]))
            )
        return tuple(claim_of(row, tuple(events[row["id"]])) for row in rows)


def _versions_of(db: sqlite3.Connection, watch_id: int) -> list[sqlite3.Row]:
    """A watch's versions in time order, each with its Document's hash and its report."""
    return db.execute(
        "SELECT s.id, s.fetched_at, s.document_sha256, r.report FROM snapshots s"
        " LEFT JOIN reports r ON r.check_id = (SELECT min(check_id) FROM reports"
        " WHERE new_snapshot_id = s.id) WHERE s.watch_id = ?"
        " ORDER BY s.fetched_at, s.id",
        (watch_id,),
    ).fetchall()
