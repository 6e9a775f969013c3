"""WARC files on disk: records appended with fsync, read back, checked and exported.

Each record is one gzip member, appended to a file and fsynced before the index
refers to it, so a record's (file, offset, length) is a stable citation. The store
decides which file to append to and trims a half-written tail after a crash
(tracker.store.warcs); this module appends record groups (``WarcFile``), reads one
record back and proves it whole (``read_record``: a record must be exactly one
gzip member of its length), reads a file front to back as replay tools will
(``scan_warc``) and copies records out byte for byte (``export_warc``). Files
written before tracker kept wire bytes hold the decoded body with the coding headers
under ``X-Archive-Orig-``; they read the same way (``ArchivedRecord.body`` undoes
whatever Content-Encoding the stored headers still name, which is none).
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.statusandheaders import StatusAndHeadersParserException

from tracker.errors import FetchFailure, IntegrityError, StoreError
from tracker.fetch.contentcoding import decode_stored
from tracker.model import Headers
from tracker.store.warc_records import (
    DECODED_DIGEST,
    FAILURE_FIELD,
    ORIGIN_FIELD,
    PROVENANCE_FIELD,
    RecordGroup,
    build_warcinfo,
    is_coded,
    payload_digest,
)

__all__ = [
    "ArchivedRecord",
    "WarcFile",
    "export_warc",
    "fsync_directory",
    "read_record",
    "read_rendered",
    "scan_warc",
]

_COPY_CHUNK = 1 << 20
# What warcio and zlib raise on bytes that are no sound WARC record.
_UNREADABLE = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError)


def fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class WarcFile:
    """One append-only WARC file; every append is flushed to disk before it returns."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def name(self) -> str:
        return self.path.name

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def create(self) -> int:
        """Start the file with its warcinfo record; returns the bytes written."""
        info = build_warcinfo(self.path.name)
        try:
            with open(self.path, "xb") as handle:
                handle.write(info)
                handle.flush()
                os.fsync(handle.fileno())
            fsync_directory(self.path.parent)
        except OSError as error:
            raise StoreError(f"cannot create WARC file {self.path}: {error.strerror}") from None
        return len(info)

    def append(self, group: RecordGroup) -> int:
        """Append a record group at the end; returns the offset of its main record.

        Written through a bare descriptor: a Python file object's layers (its buffer, the
        isatty probe, its seeks) cost about three times the system calls of the write."""
        data = memoryview(b"".join(group.members))
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o666)
            try:
                offset = os.lseek(fd, 0, os.SEEK_END)
                while data:
                    data = data[os.write(fd, data) :]
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as error:
            raise StoreError(f"cannot write WARC file {self.path}: {error.strerror}") from None
        return offset

    def truncate(self, size: int) -> None:
        """Drop a tail that no committed check refers to (left by a crash mid-append)."""
        try:
            with open(self.path, "r+b") as handle:
                handle.truncate(size)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            raise StoreError(f"cannot repair WARC file {self.path}: {error.strerror}") from None


def _one_line(error: BaseException) -> str:
    """An error from warcio as a short printable line (it may quote binary bytes)."""
    text = str(error).strip()
    if not text:
        return type(error).__name__
    line = "".join(ch if ch.isprintable() and ch.isascii() else "?" for ch in text.splitlines()[0])
    return line if len(line) <= 80 else line[:77] + "..."


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchivedRecord:
    """One record read back: enough to re-check it and to show what the server sent.

    ``payload`` is the bytes the record keeps (as sent, content coding included);
    ``body()`` is the page they decode to.
    """

    record_type: str
    record_id: str | None
    target_uri: str | None
    warc_date: str | None
    recorded_digest: str | None
    profile: str | None
    status: int | None
    http_headers: Headers
    payload: bytes
    truncated: str | None = None  # WARC-Truncated: the payload stops short of the body
    refers_to: str | None = None  # a revisit's original record
    decoded_digest: str | None = None  # Tracker-Decoded-Digest of a revisit by content
    failure: str | None = None  # Tracker-Failure: the answer of a failed check
    concurrent_to: str | None = None  # a record of another's capture (a rendered DOM's revisit)
    origin: str | None = None  # Tracker-Origin: tracked, backfilled, imported (None: not said)
    provenance: str | None = None  # Tracker-Provenance: a past capture's, as JSON

    @property
    def computed_digest(self) -> str:
        return payload_digest(self.payload)

    @property
    def content_encoding(self) -> str | None:
        return self.http_headers.joined("content-encoding")

    @property
    def coded(self) -> bool:
        """Whether the payload is content-coded (kept as sent, gzip or brotli and so on)."""
        return is_coded(self.http_headers)

    def body(self) -> bytes:
        """The payload with its Content-Encoding undone: the page the server meant.

        A truncated payload decodes as far as it goes; a whole one that does not
        decode is damage (IntegrityError).
        """
        try:
            return decode_stored(
                self.payload, self.content_encoding, partial=self.truncated is not None
            )
        except FetchFailure as failure:
            raise IntegrityError(
                f"the body of record {self.record_id} does not decode: {failure.reason}"
            ) from None


_GZIP_MAGIC = b"\x1f\x8b"


def _one_member(data: bytes, where: str) -> bytes:
    """The decompressed bytes of ``data`` if it is exactly one complete gzip member."""
    if not data.startswith(_GZIP_MAGIC):
        raise IntegrityError(f"no WARC record starts at {where}")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    raw = inflater.decompress(data)
    if not inflater.eof or inflater.unused_data:
        raise IntegrityError(f"the record at {where} is not one whole gzip member of its length")
    return raw


def read_record(path: Path, offset: int, length: int | None = None) -> ArchivedRecord:
    """Parse the record at ``offset``; IntegrityError when it is not a sound record.

    Every record here is its own gzip member, so a record must start with the gzip
    magic, and with ``length`` those bytes must be exactly one whole member: warcio
    alone would skip junk and return whatever record follows a wrong offset.
    """
    where = f"{path.name} offset {offset}"
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            if length is None:
                if handle.read(2) != _GZIP_MAGIC:
                    raise IntegrityError(f"no WARC record starts at {where}")
                handle.seek(offset)
                source: Any = handle
            else:
                data = handle.read(length)
                if len(data) < length:
                    raise IntegrityError(f"{path.name} ends before the record at offset {offset}")
                source = io.BytesIO(_one_member(data, where))
            iterator = ArchiveIterator(source)
            record = next(iterator, None)
            if record is None:
                raise IntegrityError(f"no WARC record at {path.name} offset {offset}")
            payload = record.raw_stream.read()
    except FileNotFoundError:
        raise IntegrityError(f"WARC file {path} is missing") from None
    except _UNREADABLE as error:
        detail = _one_line(error)
        raise IntegrityError(
            f"unreadable WARC record at {path.name} offset {offset}: {detail}"
        ) from None
    except OSError as error:
        raise StoreError(f"cannot read WARC file {path}: {error.strerror}") from None
    headers = record.rec_headers
    http = record.http_headers
    status: int | None = None
    if http is not None and record.rec_type in {"response", "revisit"}:
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            status = None
    return ArchivedRecord(
        record_type=record.rec_type,
        record_id=headers.get_header("WARC-Record-ID"),
        target_uri=headers.get_header("WARC-Target-URI"),
        warc_date=headers.get_header("WARC-Date"),
        recorded_digest=headers.get_header("WARC-Payload-Digest"),
        profile=headers.get_header("WARC-Profile"),
        status=status,
        http_headers=Headers(http.headers if http is not None else ()),
        payload=payload,
        truncated=headers.get_header("WARC-Truncated"),
        refers_to=headers.get_header("WARC-Refers-To"),
        decoded_digest=headers.get_header(DECODED_DIGEST),
        failure=headers.get_header(FAILURE_FIELD),
        concurrent_to=headers.get_header("WARC-Concurrent-To"),
        origin=headers.get_header(ORIGIN_FIELD),
        provenance=headers.get_header(PROVENANCE_FIELD),
    )


def read_rendered(path: Path, offset: int, length: int, span: int) -> bytes | str | None:
    """The rendered DOM kept in the record group at ``offset`` (its main record
    ``length`` bytes, the group ``span``): the payload of its ``conversion`` record; the
    record id of the conversion it revisits when the DOM was the watch's last one again
    (a str); None when the group has neither (a page fetched without a browser)."""
    where = f"{path.name} offset {offset}"
    try:
        with open(path, "rb") as handle:
            handle.seek(offset + length)
            rest = handle.read(span - length)
        if len(rest) < span - length:
            raise IntegrityError(f"{path.name} ends before the records of the group at {offset}")
        for record in ArchiveIterator(io.BytesIO(rest)):
            payload = record.raw_stream.read()
            if record.rec_type == "conversion":
                return payload
            if record.rec_type == "revisit":
                return record.rec_headers.get_header("WARC-Refers-To")
    except FileNotFoundError:
        raise IntegrityError(f"WARC file {path} is missing") from None
    except _UNREADABLE as error:
        raise IntegrityError(
            f"unreadable WARC record group at {where}: {_one_line(error)}"
        ) from None
    except OSError as error:
        raise StoreError(f"cannot read WARC file {path}: {error.strerror}") from None
    return None


def scan_warc(path: Path, limit: int) -> list[str]:
    """Read a WARC file front to back up to ``limit`` bytes, as replay tools will, checking
    every record's digests; returns what is wrong (an empty list for a sound file)."""
    problems: list[str] = []
    offset = 0
    try:
        with open(path, "rb") as handle:
            iterator = ArchiveIterator(LimitReader(handle, limit), check_digests=True)
            for record in iterator:
                offset = iterator.offset
                record.raw_stream.read()
                if record.digest_checker.passed is False:
                    detail = "; ".join(record.digest_checker.problems)
                    problems.append(f"record at offset {offset}: {detail}")
    except FileNotFoundError:
        return [f"{path.name} is missing"]
    except _UNREADABLE as error:
        detail = _one_line(error)
        problems.append(f"unreadable after offset {offset}: {detail}")
    except OSError as error:
        problems.append(f"cannot be read: {error.strerror}")
    return problems


def export_warc(
    spans: Iterable[tuple[Path, int, int]], out: Path, appended: Iterable[bytes] = ()
) -> int:
    """Write a warcinfo record and then each (file, offset, length) span byte for byte,
    then the ``appended`` records (about the captures: researchers' annotations).

    Records are copied, never rebuilt, so their digests and dates stay those of
    the original capture. The output is written beside ``out`` and renamed into
    place, so a failed export never leaves a half file under the requested name.
    Returns the number of spans copied.
    """
    out = Path(out)
    partial = out.with_name(f".{out.name}.partial")
    copied = 0
    try:
        with open(partial, "wb") as target:
            target.write(build_warcinfo(out.name))
            for path, offset, length in spans:
                with open(path, "rb") as source:
                    source.seek(offset)
                    remaining = length
                    while remaining > 0:
                        chunk = source.read(min(_COPY_CHUNK, remaining))
                        if not chunk:
                            raise IntegrityError(
                                f"{path.name} ends before the record at offset {offset}"
                            )
                        target.write(chunk)
                        remaining -= len(chunk)
                copied += 1
            for record in appended:
                target.write(record)
            target.flush()
            os.fsync(target.fileno())
        os.replace(partial, out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StoreError(f"cannot write {out}: {error.strerror or error}") from None
    except IntegrityError:
        partial.unlink(missing_ok=True)
        raise
    return copied
