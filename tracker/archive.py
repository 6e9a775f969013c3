"""Captures as WARC 1.1 evidence that standard web-archive tools can replay.

Each record is one gzip member, appended to a file and fsynced before the index
refers to it, so a record's (file, offset, length) is a stable citation. The
store decides which file to append to and trims a half-written tail after a
crash; this module only turns captures into records, appends them, reads them
back and copies them out (``export_warc``). warcio builds and parses the records
(the reference WARC library of the Webrecorder tools); compression is done here,
one member per record at level 3, because warcio's writer always uses level 9: on
a 600 KB page level 9 costs 11 ms, level 6 8 ms and level 3 4 ms, for files 13 %
larger than level 9's (``warcio recompress`` can squeeze an old file further).

A response record holds the body as it came off the wire: chunking undone (as WARC
tools expect), the Content-Encoding kept, the server's headers as sent (only
Transfer-Encoding moves under ``X-Archive-Orig-``, since the chunks are gone), and
WARC-Payload-Digest over those bytes, so replay tools serve what the server sent.
A failure's answer (a 404 page, a login wall) is kept the same way, cut at
tracker.fetch's ERROR_BODY_BYTES with ``WARC-Truncated: length``, and its records
say what the check made of it (``Tracker-Failure: blocked: login wall``), so a
reader never takes it for a version of the page.

A page the browser fetcher rendered adds, after its response (or revisit) record, a
``conversion`` record holding the DOM after the page's scripts ran, which
``WARC-Refers-To`` the response: the bytes as served stay the response's payload.

A body's identity is its decoded bytes: a server that compresses the same page
differently has sent the same content. A revisit record says which sameness it
claims: ``identical-payload-digest`` (WARC 1.1) only when the bytes sent equal the
original's, else ``IDENTICAL_CONTENT_PROFILE``, which claims no payload digest (the
record holds no payload and its bytes differ from the original's) and names the
sha256 of the decoded content in ``Tracker-Decoded-Digest``.

Files written before tracker kept wire bytes hold the decoded body with the coding
headers under ``X-Archive-Orig-``; they read the same way (``ArchivedRecord.body``
undoes whatever Content-Encoding the stored headers still name, which is none).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParserException
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from tracker import __version__
from tracker.errors import FetchFailure, IntegrityError, StoreError
from tracker.fetch.contentcoding import decode_stored
from tracker.model import RENDERED_TYPE, Capture, Headers

__all__ = [
    "DECODED_DIGEST",
    "FAILURE_FIELD",
    "IDENTICAL_CONTENT_PROFILE",
    "IDENTICAL_PROFILE",
    "NOT_MODIFIED_PROFILE",
    "ArchivedRecord",
    "RecordGroup",
    "RevisitTarget",
    "WarcFile",
    "build_capture_records",
    "build_not_modified_record",
    "build_revisit_records",
    "build_warcinfo",
    "export_warc",
    "fsync_directory",
    "payload_digest",
    "read_record",
    "scan_warc",
    "stored_headers",
    "wire_headers",
]

WARC_VERSION = "1.1"
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
IDENTICAL_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
# tracker's own revisit profile (WARC 1.1 allows others): the same content after the
# content coding is undone, sent with other bytes (another compression). A reader that
# does not know it treats the record as a revisit it cannot resolve, never as the same bytes.
IDENTICAL_CONTENT_PROFILE = "urn:tracker:warc:revisit:identical-decoded-content"
DECODED_DIGEST = "Tracker-Decoded-Digest"
# On the records of a failed check's answer: what the check made of it ("blocked: login
# wall"), so the record says by itself that it is no version of the page.
FAILURE_FIELD = "Tracker-Failure"
_GZIP_LEVEL = 3
_COPY_CHUNK = 1 << 20


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest value warcio and pywb use: sha1, base32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _gzip_member(data: bytes) -> bytes:
    compressor = zlib.compressobj(_GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(data) + compressor.flush()


def _warc_date(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return datetime_to_iso_date(moment, use_micros=True)


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _request_target(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return path, parts.netloc


_ORIGINAL = "X-Archive-Orig-"


def _coded(headers: Headers) -> bool:
    codings = headers.get_all("content-encoding")
    return any(value.strip().lower() not in {"", "identity"} for value in codings)


def wire_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The response headers as sent, for a body kept as sent: only the chunking is gone.

    Transfer-Encoding keeps its value under ``X-Archive-Orig-`` (the record holds the
    body de-chunked, as WARC tools expect); everything else, Content-Encoding and
    Content-Length included, stays exactly as the server wrote it.
    """
    return [
        (_ORIGINAL + name, value) if name.lower() == "transfer-encoding" else (name, value)
        for name, value in headers
    ]


def stored_headers(headers: Iterable[tuple[str, str]], body_length: int) -> list[tuple[str, str]]:
    """The response headers made true of a body whose content coding was undone.

    For a Capture that holds only its decoded body (one imported from another tool's
    WARC file): headers that describe a coding no longer applied keep their value
    under the ``X-Archive-Orig-`` prefix replay tools use, and Content-Length states
    the stored length, so pywb or warcio never try to decode the body twice.
    """
    result: list[tuple[str, str]] = []
    for name, value in headers:
        lowered = name.lower()
        if lowered == "transfer-encoding" or (
            lowered == "content-encoding" and value.strip().lower() not in {"", "identity"}
        ):
            result.append((_ORIGINAL + name, value))
        elif lowered == "content-length":
            if value.strip() != str(body_length):
                result.append((_ORIGINAL + name, value))
        else:
            result.append((name, value))
    result.append(("Content-Length", str(body_length)))
    return result


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordGroup:
    """The gzip members of one capture, main record first, ready to append together."""

    members: tuple[bytes, ...]
    record_type: str  # of the main record: "response" or "revisit"
    record_id: str
    payload_digest: str | None
    warc_date: str

    @property
    def main_length(self) -> int:
        return len(self.members[0])

    @property
    def span(self) -> int:
        return sum(len(member) for member in self.members)


@dataclass(frozen=True, slots=True, kw_only=True)
class RevisitTarget:
    """The earlier response record a revisit points back to."""

    record_id: str
    uri: str
    warc_date: str


def _serialize(writer: WARCWriter, record: object) -> bytes:
    buffer = io.BytesIO()
    writer.out = buffer
    writer.write_record(record)
    return _gzip_member(buffer.getvalue())


def _writer() -> WARCWriter:
    return WARCWriter(io.BytesIO(), gzip=False, warc_version=WARC_VERSION)


def _request_record(writer: WARCWriter, capture: Capture, concurrent_to: str, date: str) -> bytes:
    path, host = _request_target(capture.final_url)
    headers = list(capture.request_headers)
    if capture.request_headers.get("host") is None:
        headers.insert(0, ("Host", host))
    http_headers = StatusAndHeaders(
        f"GET {path} {capture.http_version}", headers, is_http_request=True
    )
    record = writer.create_warc_record(
        capture.final_url,
        "request",
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": concurrent_to},
    )
    return _serialize(writer, record)


def _redirect_record(writer: WARCWriter, capture: Capture, concurrent_to: str, date: str) -> bytes:
    """How the fetch reached the final URL: the URL asked for and every redirecting hop."""
    fields = [f"requested-url: {capture.url}"]
    fields += [f"redirect: {hop}" for hop in capture.redirects]
    payload = ("\r\n".join(fields) + "\r\n").encode("utf-8")
    record = writer.create_warc_record(
        capture.final_url,
        "metadata",
        payload=io.BytesIO(payload),
        length=len(payload),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": concurrent_to},
    )
    return _serialize(writer, record)


def _rendered_record(writer: WARCWriter, capture: Capture, refers_to: str, date: str) -> bytes:
    """The page's DOM after its scripts ran (the browser fetcher), as a ``conversion`` of
    the response it was rendered from: what the article was read from."""
    rendered = capture.rendered or b""
    record = writer.create_warc_record(
        capture.final_url,
        "conversion",
        payload=io.BytesIO(rendered),
        length=len(rendered),
        warc_content_type=RENDERED_TYPE,
        warc_headers_dict={
            "WARC-Date": date,
            "WARC-Refers-To": refers_to,
            "WARC-Payload-Digest": payload_digest(rendered),
        },
    )
    return _serialize(writer, record)


def _http_headers(capture: Capture) -> StatusAndHeaders:
    """The status line and headers true of the bytes the record keeps."""
    if capture.wire_body is None and _coded(capture.headers):
        headers = stored_headers(capture.headers, len(capture.body))  # decoded only
    else:
        headers = wire_headers(capture.headers)
    return StatusAndHeaders(_status_line(capture.status), headers, protocol=capture.http_version)


def _capture_fields(capture: Capture, date: str, failure: str | None) -> dict[str, str]:
    fields = {"WARC-Date": date}
    if capture.truncated:
        fields["WARC-Truncated"] = capture.truncated
    if failure:
        fields[FAILURE_FIELD] = " ".join(failure.split())[:300]
    return fields


def build_capture_records(
    capture: Capture, digest: str | None = None, *, failure: str | None = None
) -> RecordGroup:
    """A response record holding the body as sent, its request record, and (after
    redirects) a metadata record naming the hops.

    ``digest`` is the payload digest of ``capture.wire`` when the caller has it already;
    ``failure`` is what a failed check made of this answer (FAILURE_FIELD).
    """
    writer = _writer()
    date = _warc_date(capture.fetched_at)
    stored = capture.wire
    digest = digest or payload_digest(stored)
    warc_headers = _capture_fields(capture, date, failure)
    warc_headers["WARC-Payload-Digest"] = digest
    record = writer.create_warc_record(
        capture.final_url,
        "response",
        payload=io.BytesIO(stored),
        length=len(stored),
        http_headers=_http_headers(capture),
        warc_headers_dict=warc_headers,
    )
    return _group(writer, capture, record, "response", digest, date)


def build_revisit_records(
    capture: Capture,
    target: RevisitTarget,
    digest: str | None = None,
    *,
    same_wire: bool = True,
    body_sha256: str | None = None,
    failure: str | None = None,
) -> RecordGroup:
    """A capture whose content equals an earlier one: headers only, pointing at the original.

    With ``same_wire`` the bytes sent equal the original's and ``digest`` is their
    payload digest (the original's, which spares hashing a large body a second
    time): an identical-payload-digest revisit. Without it only the decoded content
    is the same (the server compressed it otherwise): an IDENTICAL_CONTENT_PROFILE
    revisit that claims no payload digest and names ``body_sha256`` (the decoded
    content's) instead.
    """
    writer = _writer()
    date = _warc_date(capture.fetched_at)
    warc_headers = _capture_fields(capture, date, failure)
    warc_headers["WARC-Refers-To"] = target.record_id
    warc_headers["WARC-Refers-To-Target-URI"] = target.uri
    warc_headers["WARC-Refers-To-Date"] = target.warc_date
    recorded: str | None
    if same_wire:
        recorded = digest or payload_digest(capture.wire)
        warc_headers["WARC-Profile"] = IDENTICAL_PROFILE
        warc_headers["WARC-Payload-Digest"] = recorded
    else:
        recorded = None
        warc_headers["WARC-Profile"] = IDENTICAL_CONTENT_PROFILE
        warc_headers[DECODED_DIGEST] = "sha256:" + (body_sha256 or capture.sha256)
    record = writer.create_warc_record(
        capture.final_url,
        "revisit",
        http_headers=_http_headers(capture),
        warc_headers_dict=warc_headers,
    )
    return _group(writer, capture, record, "revisit", recorded, date)


def _group(
    writer: WARCWriter,
    capture: Capture,
    record: Any,
    record_type: str,
    digest: str | None,
    date: str,
) -> RecordGroup:
    """The main record, then the request that got it, after redirects the hops, and
    for a rendered page its DOM."""
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    members = (_serialize(writer, record), _request_record(writer, capture, record_id, date))
    if capture.redirects:
        members += (_redirect_record(writer, capture, record_id, date),)
    if capture.rendered is not None:
        members += (_rendered_record(writer, capture, record_id, date),)
    return RecordGroup(
        members=members,
        record_type=record_type,
        record_id=record_id,
        payload_digest=digest,
        warc_date=date,
    )


class NotModifiedAnswer(Protocol):
    """A 304 to a conditional request, as the fetcher reports it."""

    @property
    def final_url(self) -> str: ...
    @property
    def fetched_at(self) -> datetime: ...
    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> tuple[tuple[str, str], ...]: ...


def build_not_modified_record(
    answer: NotModifiedAnswer, target: RevisitTarget, digest: str | None
) -> RecordGroup:
    """A 304 answer as a WARC 1.1 server-not-modified revisit of the last stored response."""
    writer = _writer()
    date = _warc_date(answer.fetched_at)
    warc_headers = {
        "WARC-Date": date,
        "WARC-Profile": NOT_MODIFIED_PROFILE,
        "WARC-Refers-To": target.record_id,
        "WARC-Refers-To-Target-URI": target.uri,
        "WARC-Refers-To-Date": target.warc_date,
    }
    if digest:
        warc_headers["WARC-Payload-Digest"] = digest
    http_headers = StatusAndHeaders(
        _status_line(answer.status), list(answer.headers), protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        answer.final_url, "revisit", http_headers=http_headers, warc_headers_dict=warc_headers
    )
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    return RecordGroup(
        members=(_serialize(writer, record),),
        record_type="revisit",
        record_id=record_id,
        payload_digest=digest,
        warc_date=date,
    )


def build_warcinfo(filename: str) -> bytes:
    writer = _writer()
    record = writer.create_warcinfo_record(
        filename,
        {
            "software": f"tracker/{__version__} (warcio)",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "description": "Captures of tracked web articles, kept as evidence.",
        },
    )
    return _serialize(writer, record)


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
        """Append a record group at the end; returns the offset of its main record."""
        try:
            with open(self.path, "ab") as handle:
                offset = handle.seek(0, os.SEEK_END)
                handle.write(b"".join(group.members))
                handle.flush()
                os.fsync(handle.fileno())
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

    @property
    def computed_digest(self) -> str:
        return payload_digest(self.payload)

    @property
    def content_encoding(self) -> str | None:
        return self.http_headers.joined("content-encoding")

    @property
    def coded(self) -> bool:
        """Whether the payload is content-coded (kept as sent, gzip or brotli and so on)."""
        return _coded(self.http_headers)

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
    except (
        ArchiveLoadFailed,
        StatusAndHeadersParserException,
        zlib.error,
        EOFError,
        ValueError,
    ) as error:
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
    )


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
    except (
        ArchiveLoadFailed,
        StatusAndHeadersParserException,
        zlib.error,
        EOFError,
        ValueError,
    ) as error:
        detail = _one_line(error)
        problems.append(f"unreadable after offset {offset}: {detail}")
    except OSError as error:
        problems.append(f"cannot be read: {error.strerror}")
    return problems


def export_warc(spans: Iterable[tuple[Path, int, int]], out: Path) -> int:
    """Write a warcinfo record and then each (file, offset, length) span byte for byte.

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
