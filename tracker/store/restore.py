"""What the WARC files hold that the index does not: the store's half of ``reindex``.

The evidence is the truth and the index a way into it: every capture tracker wrote is
a record group in a WARC file (its response or revisit record, then the request, the
redirect hops, the rendered DOM), dated and addressed. ``adopt_warc_files`` lists the
files the index lost track of (and the whole records past a file's committed end),
and ``unheld_captures`` reads back each group no check or ledger entry holds, with
the response a revisit points at, for tracker.reindex to put in its place in time.
Nothing here deletes or rewrites a byte.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import IntegrityError
from tracker.store.members import Member, held, scan_members
from tracker.store.rows import (
    WARC_DIR,
    FoundCapture,
    PastSource,
    WarcLocation,
    iso_utc,
    parse_warc_date,
    utc_now,
)
from tracker.store.warc_io import ArchivedRecord, read_record
from tracker.store.warcs import WARC_NAME

__all__ = ["Restoration"]

_MAIN_TYPES = {"response", "revisit"}
_REQUESTED = "requested-url:"
_REDIRECT = "redirect:"


def _route(record: ArchivedRecord) -> tuple[str | None, tuple[str, ...]]:
    """The URL asked for and the hops redirected through, from a redirect-hop metadata
    record (tracker.store.warc_records)."""
    requested, hops = None, []
    for line in record.payload.decode("utf-8", "replace").splitlines():
        if line.startswith(_REQUESTED):
            requested = line.removeprefix(_REQUESTED).strip()
        elif line.startswith(_REDIRECT):
            hops.append(line.removeprefix(_REDIRECT).strip())
    return requested, tuple(hops)


class _Group:
    """A capture's records gathered while the files are walked: its main record, the span
    of the records appended with it, and what the records naming it by id say."""

    def __init__(self, record: ArchivedRecord, location: WarcLocation) -> None:
        self.record = record
        self.location = location
        self.requested: str | None = None
        self.redirects: tuple[str, ...] = ()
        self.dom: str | None = None  # the conversion record holding the DOM its check read

    def extend(self, length: int) -> None:
        self.location = replace(self.location, span=self.location.span + length)

    def link(self, record: ArchivedRecord) -> None:
        """A record naming this group's main record: its redirect hops, or its DOM (its own
        conversion record, or a revisit of an earlier one when the DOM was that one again)."""
        if record.record_type == "metadata":
            requested, self.redirects = _route(record)
            self.requested = requested or self.requested
        elif record.record_type == "conversion":
            self.dom = record.record_id
            self.location = replace(self.location, conversion_id=record.record_id)
        elif record.record_type == "revisit":
            self.dom = record.refers_to


def _names(record: ArchivedRecord) -> str | None:
    """The main record a group's other record belongs to: a conversion's WARC-Refers-To
    (the response it was rendered from), any other's WARC-Concurrent-To."""
    if record.concurrent_to is None and record.record_type == "conversion":
        return record.refers_to
    return record.concurrent_to


def _located(name: str, member: Member, record: ArchivedRecord) -> WarcLocation:
    """Where ``record``, read from the file ``name`` at ``member``, lies: a record alone (a
    group's span grows as its other records are read)."""
    return WarcLocation(
        file=name,
        offset=member.offset,
        length=member.length,
        span=member.length,
        record_type=record.record_type,
        record_id=record.record_id or "",
        warc_date=record.warc_date or "",
        payload_digest=record.recorded_digest,
    )


def _found(
    group: _Group, original: WarcLocation | None, rendered: WarcLocation | None
) -> FoundCapture:
    """A capture as its records tell it: a past capture's page and date are its
    provenance's (its record is dated and addressed by the archive fetch that kept it)."""
    record = group.record
    past = PastSource.of_record(record.origin, record.provenance)
    return FoundCapture(
        url=past.page if past else group.requested or record.target_uri or "",
        final_url=past.original_url if past else record.target_uri or "",
        captured_at=(
            past.provenance.captured_at if past else parse_warc_date(record.warc_date or "")
        ),
        location=group.location,
        status=record.status,
        failure=record.failure,
        original=original,
        origin=record.origin,
        past=past,
        rendered=rendered,
        redirects=group.redirects,
    )


class Restoration:
    """The reindex methods of tracker.store.sqlite.SqliteIndex."""

    if TYPE_CHECKING:
        root: Path
        _db: sqlite3.Connection
        _transaction: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]
        _write_lock: Callable[[], contextlib.AbstractContextManager[None]]
        held_spans: Callable[[], dict[str, list[tuple[int, int]]]]

    def adopt_warc_files(self) -> list[str]:
        """List every WARC file tracker wrote that the index lost track of, and commit the
        whole records past a listed file's committed end; the names adopted."""
        adopted: list[str] = []
        with self._write_lock(), self._transaction() as db:
            known = dict(db.execute("SELECT name, committed_bytes FROM warc_files").fetchall())
            for path in sorted((self.root / WARC_DIR).glob("*.warc.gz")):
                if not WARC_NAME.match(path.name):
                    continue
                end = scan_members(path).sound_end or 0
                if path.name not in known and end > 0:
                    db.execute(
                        "INSERT INTO warc_files (name, created_at, committed_bytes)"
                        " VALUES (?, ?, ?)",
                        (path.name, iso_utc(utc_now()), end),
                    )
                    adopted.append(path.name)
                elif path.name in known and end > known[path.name]:
                    db.execute(
                        "UPDATE warc_files SET committed_bytes = ? WHERE name = ?",
                        (end, path.name),
                    )
        return adopted

    def unheld_captures(self) -> list[FoundCapture]:
        """Every capture in the listed WARC files that the index does not hold, oldest first.

        A group's records are found by the ids they name (``_names``), not by where they
        lie: a browser check's DOM is the conversion record naming its response, or the
        earlier conversion its DOM revisit names, wherever the files hold it.
        """
        spans = self.held_spans()
        responses: dict[str, WarcLocation] = {}
        conversions: dict[str, WarcLocation] = {}
        groups: list[_Group] = []
        unheld: dict[str, _Group] = {}
        names = [name for (name,) in self._db.execute("SELECT name FROM warc_files ORDER BY id")]
        for name in names:
            path = self.root / WARC_DIR / name
            current: _Group | None = None
            for member in scan_members(path).members[1:]:  # after the file's warcinfo
                try:
                    record = read_record(path, member.offset, member.length)
                except IntegrityError:
                    current = None
                    continue
                # A record concurrent to another (a rendered DOM's revisit) is of its group.
                if record.record_type in _MAIN_TYPES and record.concurrent_to is None:
                    location = _located(name, member, record)
                    if record.record_type == "response" and record.record_id:
                        responses[record.record_id] = location
                    current = None
                    if not held(member, spans.get(name, [])) and record.record_id:
                        current = unheld[record.record_id] = _Group(record, location)
                        groups.append(current)
                    continue
                if current is not None:
                    current.extend(member.length)
                if record.record_type == "conversion" and record.record_id:
                    conversions[record.record_id] = _located(name, member, record)
                if (owner := unheld.get(_names(record) or "")) is not None:
                    owner.link(record)
        found = [
            _found(
                group,
                responses.get(group.record.refers_to or ""),
                conversions.get(group.dom or ""),
            )
            for group in groups
            if group.record.target_uri and group.record.warc_date
        ]
        found.sort(key=lambda f: (f.captured_at, f.location.file, f.location.offset))
        return found
