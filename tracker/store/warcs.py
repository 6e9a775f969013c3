"""The WARC files of a data directory, appended and committed through the SQLite index.

A record group is written at the committed end of the current file and counts only
once ``warc_files.committed_bytes`` covers it, in the same transaction as the check
that points at it; a writer killed mid-append leaves a tail that opening the index
cuts off (``_recover``). A new file is started after ``max_warc_bytes``.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import IntegrityError, UsageError
from tracker.store.rows import (
    WARC_DIR,
    CheckRow,
    EarlierResponse,
    WarcLocation,
    iso_utc,
    normalize_url,
    utc_now,
)
from tracker.store.warc_io import ArchivedRecord, WarcFile, export_warc, read_record
from tracker.store.warc_records import RecordGroup, RevisitTarget

if TYPE_CHECKING:
    import threading

__all__ = ["WarcShelf"]

_WARC_NAME = re.compile(r"^tracker-\d{8}T\d{6}Z-[0-9a-f]{8}\.warc\.gz$")


class WarcShelf:
    """The WARC methods of tracker.store.sqlite.SqliteIndex."""

    if TYPE_CHECKING:
        root: Path
        max_warc_bytes: int
        _db: sqlite3.Connection
        _mutex: threading.RLock
        _transaction: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]
        _write_lock: Callable[[], contextlib.AbstractContextManager[None]]
        history: Callable[[str], list[CheckRow]]

    def _recover(self) -> None:
        """Undo what a killed writer left half done; safe because we hold the write lock."""
        with self._write_lock():
            known = {}
            for row in self._db.execute("SELECT name, committed_bytes FROM warc_files"):
                known[row["name"]] = row["committed_bytes"]
            for path in (self.root / WARC_DIR).iterdir():
                if path.name not in known:
                    if _WARC_NAME.match(path.name):
                        # Created by a writer killed before it registered the file: no
                        # committed record can be in it.
                        with contextlib.suppress(OSError):
                            path.unlink()
                    continue
                if path.stat().st_size > known[path.name]:
                    WarcFile(path).truncate(known[path.name])

    def archive(self, group: RecordGroup) -> WarcLocation:
        """Append one capture's records and commit them, so no later crash can cut them off."""
        with self._write_lock():
            location, end = self._append(group)
            with self._transaction() as db:
                db.execute(
                    "UPDATE warc_files SET committed_bytes = ? WHERE name = ?", (end, location.file)
                )
        return location

    def _append(self, group: RecordGroup) -> tuple[WarcLocation, int]:
        """Write a record group at the committed end of the current file (write lock held)."""
        row = self._db.execute(
            "SELECT name, committed_bytes FROM warc_files ORDER BY id DESC LIMIT 1"
        ).fetchone()
        usable = row is not None and row["committed_bytes"] < self.max_warc_bytes
        size = 0
        if usable:
            name, committed = row["name"], row["committed_bytes"]
            size = WarcFile(self.root / WARC_DIR / name).size()
            # Shorter than committed means damage: leave it for 'verify', write elsewhere.
            usable = size >= committed
        if not usable:
            name, committed = self._new_warc_file()
            size = committed
        warc = WarcFile(self.root / WARC_DIR / name)
        if size > committed:
            warc.truncate(committed)
        offset = warc.append(group)
        location = WarcLocation(
            file=name,
            offset=offset,
            length=group.main_length,
            span=group.span,
            record_type=group.record_type,
            record_id=group.record_id,
            warc_date=group.warc_date,
            payload_digest=group.payload_digest,
        )
        return location, offset + group.span

    def _new_warc_file(self) -> tuple[str, int]:
        stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
        name = f"tracker-{stamp}-{uuid.uuid4().hex[:8]}.warc.gz"
        size = WarcFile(self.root / WARC_DIR / name).create()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO warc_files (name, created_at, committed_bytes) VALUES (?, ?, ?)",
                (name, iso_utc(utc_now()), size),
            )
        return name, size

    def _find_response(
        self, watch_id: int, body_sha256: str, truncated: str | None, failed: bool
    ) -> EarlierResponse | None:
        """An earlier, sound response record of this watch holding this decoded body.

        Only a record cut the same way (``truncated``) holds the same thing: a whole
        body is never pointed at a truncated one. A version's evidence is never a failed
        check's answer; a failure (``failed``) may point at any answer.
        """
        rows = self._db.execute(
            "SELECT warc_file, warc_offset, warc_length, warc_span, payload_digest FROM checks"
            " WHERE watch_id = ? AND body_sha256 = ? AND record_type = 'response'"
            " ORDER BY id LIMIT 4",
            (watch_id, body_sha256),
        ).fetchall()
        for row in rows:
            try:
                record = self.read_capture(row["warc_file"], row["warc_offset"], row["warc_length"])
            except IntegrityError:
                continue  # a damaged original is no place to point: store the body again
            if (
                record.record_id is None
                or record.recorded_digest != row["payload_digest"]
                or record.computed_digest != row["payload_digest"]
                or record.truncated != truncated
                or (record.failure is not None and not failed)
            ):
                continue
            location = WarcLocation(
                file=row["warc_file"],
                offset=row["warc_offset"],
                length=row["warc_length"],
                span=row["warc_span"],
                record_type="response",
                record_id=record.record_id,
                warc_date=record.warc_date or "",
                payload_digest=row["payload_digest"],
            )
            target = RevisitTarget(
                record_id=record.record_id,
                uri=record.target_uri or "",
                warc_date=record.warc_date or "",
            )
            return EarlierResponse(location=location, target=target, coded=record.coded)
        return None

    def read_capture(self, file: str, offset: int, length: int | None = None) -> ArchivedRecord:
        """The WARC record at (file, offset) as tracker.store.warc_io.ArchivedRecord."""
        return read_record(self._warc_path(file), offset, length)

    def _warc_path(self, name: str) -> Path:
        if "/" in name or "\\" in name or name in {"", ".", ".."}:
            raise IntegrityError(f"bad WARC file name {name!r} in the index")
        return self.root / WARC_DIR / name

    def export_warc(self, url: str, out: Path) -> int:
        """Every capture of one URL, request and response records, in check order."""
        checks = self.history(url)
        spans = [
            (self._warc_path(file), offset, span)
            for file, offset, span in self._db.execute(
                "SELECT c.warc_file, c.warc_offset, c.warc_span FROM checks c"
                " JOIN watches w ON w.id = c.watch_id WHERE w.url = ? AND c.warc_file IS NOT NULL"
                " ORDER BY c.checked_at, c.id",  # captures placed in the past go in their place
                (normalize_url(url),),
            )
        ]
        if not spans:
            raise UsageError(
                f"{url} has {len(checks)} check(s) but no capture to export (all failed early)"
            )
        return export_warc(spans, out)
