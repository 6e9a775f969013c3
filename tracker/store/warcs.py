"""The WARC files of a data directory, appended and committed through the SQLite index.

A record group is appended to the current file and counts only once
``warc_files.committed_bytes`` covers it, in the same transaction as the check that
points at it. Before appending, the store writes which bytes it is about to add
(``append.intent``), so a writer killed before its commit leaves a tail that the next
writer, or opening the index, cuts off exactly (``_recover``); a tail that ends
inside a gzip member is cut too. Nothing else is ever cut or deleted: whole records
the index does not hold are evidence, for ``verify`` to report and ``reindex`` to
restore. A new file is started after ``max_warc_bytes``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import IntegrityError, StoreError, UsageError
from tracker.model import RENDERED_TYPE
from tracker.store.members import scan_members
from tracker.store.rows import (
    INTENT_NAME,
    WARC_DIR,
    AnnotationQuery,
    CheckRow,
    EarlierResponse,
    SnapshotRow,
    WarcLocation,
    iso_utc,
    normalize_url,
    utc_now,
)
from tracker.store.warc_io import (
    ArchivedRecord,
    WarcFile,
    export_warc,
    read_record,
    read_rendered,
)
from tracker.store.warc_records import RecordGroup, RevisitTarget, build_annotations_record
from tracker.store.workspace import Annotation, annotations_by_version

if TYPE_CHECKING:
    import threading

__all__ = ["WarcShelf"]

WARC_NAME = re.compile(r"^tracker-\d{8}T\d{6}Z-[0-9a-f]{8}\.warc\.gz$")  # files tracker wrote
# The write intent is rewritten in place at one width, padded with spaces (which JSON
# allows): announcing an append and settling it are one write each, never a truncation
# and a write (tracker's own WARC names are all of one length, far within it).
_INTENT_WIDTH = 256
_SETTLED = b"null".ljust(_INTENT_WIDTH)


class WarcShelf:
    """The WARC methods of tracker.store.sqlite.SqliteIndex."""

    if TYPE_CHECKING:
        root: Path
        max_warc_bytes: int
        _db: sqlite3.Connection
        _mutex: threading.RLock
        _transaction: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]
        _write_lock: Callable[[], contextlib.AbstractContextManager[None]]
        _intent_fd: int | None
        history: Callable[[str], list[CheckRow]]
        snapshots: Callable[[str], list[SnapshotRow]]
        annotations: Callable[..., list[Annotation]]

    def _recover(self) -> None:
        """Cut what a killed writer left half written, and nothing else.

        A tail beyond a file's committed end is cut only when it is provably the
        unfinished append of a transaction that never committed: the write intent
        names exactly it, or it ends inside a gzip member. Whole records the index does
        not hold (an older copy of the index, a file it never listed) are evidence:
        they are kept for ``verify`` to report and ``reindex`` to restore.
        """
        with self._write_lock():
            for name, committed in self._db.execute(
                "SELECT name, committed_bytes FROM warc_files"
            ).fetchall():
                warc = WarcFile(self.root.joinpath(WARC_DIR, name))
                self._settle_tail(warc, committed, warc.size())
            self._settled()  # whatever was announced is committed or cut by now

    def _settle_tail(self, warc: WarcFile, committed: int, size: int) -> int:
        """Cut an interrupted append beyond ``committed`` from a file of ``size`` bytes
        (write lock held); the size after."""
        if size <= committed:
            return size
        cut = self._interrupted_append(warc.name, committed, size)
        if cut is None:
            scan = scan_members(warc.path, committed)
            if scan.junk_at is None:
                cut = scan.torn_at
        if cut is not None:
            warc.truncate(cut)
            return cut
        return size

    def _interrupted_append(self, name: str, committed: int, size: int) -> int | None:
        """Where the append the write intent announced began, if it is this file's tail."""
        try:
            intent = json.loads(self._intent_path.read_text(encoding="utf-8") or "null")
        except (OSError, ValueError):
            return None
        if not isinstance(intent, dict) or intent.get("file") != name:
            return None
        start, end = intent.get("start"), intent.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            return None
        return start if committed <= start <= size <= end else None

    @property
    def _intent_path(self) -> Path:
        return self.root / INTENT_NAME

    def _announce(self, name: str, start: int, end: int) -> None:
        """Say which bytes the coming append writes, so a crash before its commit can be
        undone exactly; not fsynced: a kill leaves it in the page cache, and after a power
        cut without it a torn tail is still found by parsing (whole records are kept).
        One descriptor stays open for it: a check writes it in one system call."""
        data = json.dumps({"file": name, "start": start, "end": end}).encode("utf-8")
        try:
            if self._intent_fd is None:
                self._intent_fd = os.open(self._intent_path, os.O_RDWR | os.O_CREAT, 0o644)
            os.pwrite(self._intent_fd, data.ljust(_INTENT_WIDTH), 0)
        except OSError as error:
            raise StoreError(f"cannot write {self._intent_path}: {error.strerror}") from None

    def _settled(self) -> None:
        """The announced append committed (or was cut): nothing is left to undo."""
        with contextlib.suppress(OSError):
            if self._intent_fd is not None:
                os.pwrite(self._intent_fd, _SETTLED, 0)
            elif self._intent_path.stat().st_size:
                self._intent_path.write_bytes(b"")

    @contextlib.contextmanager
    def _appending(self, group: RecordGroup) -> Iterator[tuple[WarcLocation, sqlite3.Connection]]:
        """Append one record group and commit it with the caller's rows, in one transaction."""
        with self._write_lock():
            location, end = self._append(group)
            with self._transaction() as db:
                db.execute(
                    "UPDATE warc_files SET committed_bytes = ? WHERE name = ?", (end, location.file)
                )
                yield location, db
            self._settled()

    def archive(self, group: RecordGroup) -> WarcLocation:
        """Append one capture's records and commit them, so no later crash can cut them off."""
        with self._appending(group) as (location, _):
            return location

    def _append(self, group: RecordGroup) -> tuple[WarcLocation, int]:
        """Write a record group at the end of the current file (write lock held).

        Records already beyond the committed end that are not an interrupted append
        stay where they are (evidence the index does not hold); the group goes after.
        """
        row = self._db.execute(
            "SELECT name, committed_bytes FROM warc_files ORDER BY id DESC LIMIT 1"
        ).fetchone()
        usable = row is not None and row["committed_bytes"] < self.max_warc_bytes
        if usable:
            name, committed = row["name"], row["committed_bytes"]
            # One path and one stat per append: a check's cheap path is mostly these steps.
            warc = WarcFile(self.root.joinpath(WARC_DIR, name))
            size = warc.size()
            # Shorter than committed means damage: leave it for 'verify', write elsewhere.
            usable = size >= committed
        if usable:
            size = self._settle_tail(warc, committed, size)
        else:
            name, size = self._new_warc_file()
            warc = WarcFile(self.root.joinpath(WARC_DIR, name))
        span = group.span
        self._announce(name, size, size + span)
        offset = warc.append(group)
        location = WarcLocation(
            file=name,
            offset=offset,
            length=group.main_length,
            span=span,
            record_type=group.record_type,
            record_id=group.record_id,
            warc_date=group.warc_date,
            payload_digest=group.payload_digest,
            conversion_id=group.conversion_id,
        )
        return location, offset + span

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

    def read_page(self, snapshot: SnapshotRow) -> tuple[bytes, str | None] | None:
        """The HTML a stored version was read from, with its Content-Type: the DOM its
        check rendered when a browser fetched the page, else the body as served (None
        when the version's record holds no body of its own)."""
        rendered = self._rendered("id = ?", snapshot.check_id)
        if isinstance(rendered, str):  # the same DOM as an earlier check's: a revisit of it
            conversion = rendered
            rendered = self._rendered("conversion_id = ?", conversion)
            if not isinstance(rendered, bytes):
                raise IntegrityError(
                    f"the rendered DOM of version {snapshot.id} revisits {conversion},"
                    " a conversion record the index does not hold"
                )
        if rendered is not None:
            return rendered, RENDERED_TYPE
        record = self.read_capture(snapshot.warc_file, snapshot.warc_offset, snapshot.warc_length)
        body = record.body()
        if not body.strip():
            return None  # a revisit holds no body
        return body, record.http_headers.get("content-type")

    def _rendered(self, where: str, value: object) -> bytes | str | None:
        """read_rendered of the record group of the check ``where`` picks."""
        row = self._db.execute(
            "SELECT warc_file, warc_offset, warc_length, warc_span FROM checks WHERE " + where,
            (value,),
        ).fetchone()
        if row is None or row["warc_file"] is None or not row["warc_span"]:
            return None
        path = self._warc_path(row["warc_file"])
        return read_rendered(path, row["warc_offset"], row["warc_length"], row["warc_span"])

    def _warc_path(self, name: str) -> Path:
        if "/" in name or "\\" in name or name in {"", ".", ".."}:
            raise IntegrityError(f"bad WARC file name {name!r} in the index")
        return self.root / WARC_DIR / name

    def export_warc(self, url: str, out: Path) -> int:
        """Every capture of one URL, request and response records, in check order.

        Never into the data directory: an export there could replace a live WARC file
        or the index, and would read as evidence the index does not hold.
        """
        root = self.root.resolve()
        target = Path(out).resolve()
        if target == root or root in target.parents:
            raise UsageError(
                f"{out} is inside the data directory {self.root}, where it could replace"
                f" its evidence or index; write it outside, e.g. {root.parent / target.name}"
            )
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
        return export_warc(spans, out, self._annotation_records(url))

    def _annotation_records(self, url: str) -> list[bytes]:
        """One metadata record per annotated change of ``url``, about its version's response."""
        versions = {row.id: row for row in self.snapshots(url)}
        records = []
        for snapshot_id, notes in sorted(
            annotations_by_version(self.annotations(AnnotationQuery(url=url))).items()
        ):
            row = versions[snapshot_id]
            response = self.read_capture(row.warc_file, row.warc_offset, row.warc_length)
            records.append(
                build_annotations_record(
                    row.final_url or row.url,
                    response.record_id,
                    [note.to_json() for note in reversed(notes)],  # oldest first
                    max(note.created_at for note in notes),
                )
            )
        return records
