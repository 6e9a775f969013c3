"""``verify``: every stored file re-hashed against the index, and every file the index
does not account for named (SQLite).

Nothing is trusted from memory: WARC files are scanned up to their committed end,
each check's record is read back and its digests compared, every revisit must point
at a response the index holds and claim only what that one holds, every version's
rendered DOM must be found (a revisited one in the conversion it names), and every Document
file is re-hashed. The other way round, every WARC file in the data directory is
walked record by record: a file the index does not list, records no check (or
ledger entry) holds and a record cut short are reported too, so an index older
than its files never reads as sound. An empty list of problems means files and
index agree; ``spare_documents`` names the Documents no version refers to.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import IntegrityError, TrackerError
from tracker.model import OK_OUTCOMES
from tracker.store.documents import is_sha256
from tracker.store.members import held, scan_members
from tracker.store.rows import (
    DOCUMENT_DIR,
    INDEX_NAME,
    WARC_DIR,
    Problem,
    SnapshotRow,
    snapshot_row,
)
from tracker.store.warc_io import ArchivedRecord, scan_warc
from tracker.store.warc_records import IDENTICAL_CONTENT_PROFILE

if TYPE_CHECKING:
    import threading

    from tracker.store.documents import DocumentFiles

__all__ = ["Verification"]


def _revisit_problems(
    record: ArchivedRecord, originals: dict[str, tuple[str | None, str | None]]
) -> list[str]:
    """What a revisit claims of its original that the original does not hold."""
    if record.refers_to is None:
        return []
    original = originals.get(record.refers_to)
    if original is None:
        return [f"its revisit refers to {record.refers_to}, a record the index does not hold"]
    digest, body_sha = original
    if record.profile == IDENTICAL_CONTENT_PROFILE:
        if body_sha is not None and record.decoded_digest != f"sha256:{body_sha}":
            return ["its revisit claims decoded content its original does not hold"]
    elif record.recorded_digest is not None and record.recorded_digest != digest:
        return ["its revisit claims a payload digest its original does not have"]
    return []


def _body_problem(record: ArchivedRecord, body_sha256: str, mismatch: str) -> str | None:
    """Why ``record``'s decoded body is not the body hashed as ``body_sha256`` (it cannot be
    decoded, or ``mismatch``), or None when it is."""
    try:
        body = record.body()
    except IntegrityError as error:
        return str(error)
    return mismatch if hashlib.sha256(body).hexdigest() != body_sha256 else None


class Verification:
    """The ``verify`` method of tracker.store.sqlite.SqliteIndex."""

    if TYPE_CHECKING:
        root: Path
        _db: sqlite3.Connection
        _mutex: threading.RLock
        _documents: DocumentFiles
        read_capture: Callable[..., ArchivedRecord]
        read_page: Callable[[SnapshotRow], object]

    def verify(self) -> list[Problem]:
        """Re-hash every stored file against the index; an empty list means all is sound."""
        problems: list[Problem] = []
        try:
            with self._mutex:
                integrity = [row[0] for row in self._db.execute("PRAGMA integrity_check")]
                foreign = list(self._db.execute("PRAGMA foreign_key_check"))
        except sqlite3.Error as error:
            return [Problem(INDEX_NAME, f"cannot be read: {error}")]
        if integrity != ["ok"]:
            problems.extend(Problem(INDEX_NAME, line) for line in integrity)
        problems.extend(
            Problem(f"{INDEX_NAME} table {row[0]} row {row[1]}", f"refers to a missing {row[2]}")
            for row in foreign
        )
        committed = {
            row["name"]: row["committed_bytes"]
            for row in self._db.execute("SELECT name, committed_bytes FROM warc_files")
        }
        for name, size in committed.items():
            path = self.root / WARC_DIR / name
            if not path.exists():
                problems.append(Problem(f"{WARC_DIR}/{name}", "missing"))
            elif path.stat().st_size < size:
                problems.append(
                    Problem(
                        f"{WARC_DIR}/{name}",
                        f"truncated: {path.stat().st_size} bytes, the index has {size}",
                    )
                )
            else:
                problems.extend(
                    Problem(f"{WARC_DIR}/{name}", problem) for problem in scan_warc(path, size)
                )
        problems.extend(self._verify_checks(committed))
        problems.extend(self._verify_snapshots())
        problems.extend(self._verify_reports())
        problems.extend(self._unheld_records(committed))
        return problems

    def held_spans(self) -> dict[str, list[tuple[int, int]]]:
        """Per WARC file, the (offset, end) of every record group the index holds: each
        check's, and each kept capture its ledger skipped."""
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        rows = self._db.execute(
            "SELECT warc_file, warc_offset, warc_span FROM checks WHERE warc_file IS NOT NULL"
            " UNION ALL SELECT warc_file, warc_offset, warc_span FROM past_captures"
            " WHERE warc_file IS NOT NULL"
        )
        for file, offset, span in rows:
            spans[file].append((offset or 0, (offset or 0) + (span or 0)))
        for found in spans.values():
            found.sort()
        return spans

    def _unheld_records(self, committed: dict[str, int]) -> list[Problem]:
        """Records in the WARC files that the index does not hold (``reindex`` restores them)."""
        problems: list[Problem] = []
        spans = self.held_spans()
        directory = self.root / WARC_DIR
        for path in sorted(directory.glob("*.warc.gz")):
            name = path.name
            where = f"{WARC_DIR}/{name}"
            scan = scan_members(path)
            # A file starts with its warcinfo record, which no check holds.
            unheld = [m for m in scan.members[1:] if not held(m, spans.get(name, []))]
            if name not in committed:
                if unheld or scan.torn_at is not None:
                    problems.append(
                        Problem(where, f"not in the index: {len(unheld)} record(s)", "unheld")
                    )
            elif unheld:
                problems.append(
                    Problem(
                        where,
                        f"{len(unheld)} record(s) the index does not hold,"
                        f" the first at offset {unheld[0].offset}",
                        "unheld",
                    )
                )
            if scan.torn_at is not None:
                problems.append(
                    Problem(where, f"a record cut short at offset {scan.torn_at}", "unheld")
                )
            if scan.junk_at is not None and scan.junk_at >= committed.get(name, 0):
                problems.append(
                    Problem(where, f"bytes that are no WARC record from offset {scan.junk_at}")
                )
        return problems

    def spare_documents(self) -> list[Problem]:
        """Document files no version refers to: an older reading of a version that a past
        capture re-dated, the version of a check cut short, or an index older than the
        files. Kept, and named, but no damage."""
        used = {
            sha for (sha,) in self._db.execute("SELECT DISTINCT document_sha256 FROM snapshots")
        }
        return [
            Problem(
                f"{DOCUMENT_DIR}/{path.parent.name}/{path.name}",
                "a Document no version refers to",
                "spare",
            )
            for path in sorted((self.root / DOCUMENT_DIR).glob("??/*.json.gz"))
            if is_sha256(path.name.removesuffix(".json.gz"))
            and path.name.removesuffix(".json.gz") not in used
        ]

    def _verify_checks(self, committed: dict[str, int]) -> list[Problem]:
        problems: list[Problem] = []
        rows = self._db.execute(
            "SELECT id, outcome, snapshot_id, warc_file, warc_offset, warc_length, warc_span,"
            " record_type, payload_digest, body_sha256 FROM checks ORDER BY id"
        ).fetchall()
        # Response records seen so far (a revisit always follows its original):
        # record id -> (payload digest, decoded body sha256).
        originals: dict[str, tuple[str | None, str | None]] = {}
        for row in rows:
            where = f"check {row['id']}"
            if row["outcome"] in OK_OUTCOMES and row["snapshot_id"] is None:
                problems.append(Problem(where, f"outcome {row['outcome']} but no snapshot"))
            if row["warc_file"] is None:
                if row["outcome"] in OK_OUTCOMES:
                    problems.append(Problem(where, f"outcome {row['outcome']} but no WARC record"))
                continue
            end = (row["warc_offset"] or 0) + (row["warc_span"] or 0)
            if row["warc_file"] in committed and end > committed[row["warc_file"]]:
                problems.append(Problem(where, "its WARC record lies past the committed end"))
                continue
            try:
                record = self.read_capture(row["warc_file"], row["warc_offset"], row["warc_length"])
            except TrackerError as error:
                problems.append(Problem(where, str(error)))
                continue
            if record.record_type != row["record_type"]:
                problems.append(
                    Problem(
                        where, f"expected a {row['record_type']} record, found {record.record_type}"
                    )
                )
            if record.recorded_digest != row["payload_digest"]:
                problems.append(Problem(where, "WARC payload digest differs from the index"))
            if record.record_type == "revisit":
                problems.extend(Problem(where, p) for p in _revisit_problems(record, originals))
            if record.record_type != "response":
                continue
            if record.record_id is not None:
                originals[record.record_id] = (record.recorded_digest, row["body_sha256"])
            if record.computed_digest != record.recorded_digest:
                problems.append(
                    Problem(where, "WARC response body no longer matches its payload digest")
                )
            elif row["body_sha256"] is not None and record.truncated is None:
                # The decoded body names the response for revisits: it must still be it.
                mismatch = "the decoded WARC body does not match body_sha256"
                if problem := _body_problem(record, row["body_sha256"], mismatch):
                    problems.append(Problem(where, problem))
        return problems

    def _verify_snapshots(self) -> list[Problem]:
        problems: list[Problem] = []
        documents: dict[str, str] = {}  # each file re-hashed once: its text hash or the error
        rows = self._db.execute("SELECT * FROM snapshots ORDER BY id").fetchall()
        for row in rows:
            snap = snapshot_row(row)
            where = f"snapshot {snap.id}"
            try:
                record = self.read_capture(snap.warc_file, snap.warc_offset, snap.warc_length)
            except TrackerError as error:
                problems.append(Problem(where, str(error)))
            else:
                mismatch = "raw body in the WARC does not match body_sha256"
                if problem := _body_problem(record, snap.body_sha256, mismatch):
                    problems.append(Problem(where, problem))
                try:
                    self.read_page(snap)  # its rendered DOM, kept or revisited, is found
                except TrackerError as error:
                    problems.append(Problem(where, str(error)))
            if snap.document_sha256 not in documents:
                try:
                    documents[snap.document_sha256] = self._documents.read(
                        snap.document_sha256
                    ).text_sha256()
                except TrackerError as error:
                    documents[snap.document_sha256] = str(error)
            text_sha = documents[snap.document_sha256]
            if not is_sha256(text_sha):
                problems.append(Problem(where, text_sha))
            elif text_sha != snap.text_sha256:
                problems.append(Problem(where, "article text does not match text_sha256"))
        return problems

    def _verify_reports(self) -> list[Problem]:
        problems: list[Problem] = []
        for check_id, text in self._db.execute("SELECT check_id, report FROM reports"):
            try:
                json.loads(text)
            except ValueError:
                problems.append(Problem(f"report of check {check_id}", "is not valid JSON"))
        return problems
