"""Captures as WARC 1.1 evidence that standard web-archive tools can replay.

This module builds the records: each one gzip member, grouped per capture
(``RecordGroup``), appended by tracker.store.warc_io (which also reads them back,
scans and exports files). tracker.store.evidence decides which records a check
gets; tracker.store.warcs which file they go to. warcio builds and parses the records
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
A DOM byte-identical to the watch's last kept one is not written again: the group
then holds an identical-payload-digest ``revisit`` of that conversion record instead
(its sha1 payload digest, the DOM's sha256 in ``Tracker-Decoded-Digest``, and
``WARC-Concurrent-To`` its own main record), so each check's group still says, by
itself and verifiably, which DOM the article was read from.

A body's identity is its decoded bytes: a server that compresses the same page
differently has sent the same content. A revisit record says which sameness it
claims: ``identical-payload-digest`` (WARC 1.1) only when the bytes sent equal the
original's, else ``IDENTICAL_CONTENT_PROFILE``, which claims no payload digest (the
record holds no payload and its bytes differ from the original's) and names the
sha256 of the decoded content in ``Tracker-Decoded-Digest``.

Every main record (response or revisit) says where its capture came from in
``Tracker-Origin``: ``tracked`` (a check of the page), ``backfilled`` (a web archive's
copy) or ``imported`` (another tool's WARC or WACZ file); a past capture's record also
holds its provenance as JSON in ``Tracker-Provenance`` (the page it is a version of,
the source, the source's own date, record id and digest), so an index rebuilt from the
files (``tracker reindex``) says the same of each capture as the index it replaces.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any, Protocol
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from tracker import __version__
from tracker.model import RENDERED_TYPE, Capture, Headers

__all__ = [
    "ANNOTATIONS_TYPE",
    "DECODED_DIGEST",
    "FAILURE_FIELD",
    "IDENTICAL_CONTENT_PROFILE",
    "IDENTICAL_PROFILE",
    "NOT_MODIFIED_PROFILE",
    "ORIGIN_FIELD",
    "PROVENANCE_FIELD",
    "TRACKED",
    "RecordGroup",
    "RecordOrigin",
    "RenderedDom",
    "RevisitTarget",
    "build_annotations_record",
    "build_capture_records",
    "build_not_modified_record",
    "build_revisit_records",
    "build_warcinfo",
    "is_coded",
    "payload_digest",
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
# On every main record: where the capture came from (RecordOrigin).
ORIGIN_FIELD = "Tracker-Origin"
PROVENANCE_FIELD = "Tracker-Provenance"
TRACKED = "tracked"
_GZIP_LEVEL = 3


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


def is_coded(headers: Headers) -> bool:
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


@dataclass(frozen=True, slots=True)
class RecordOrigin:
    """Where a capture came from, as its main record says: ``kind`` is ``tracked``,
    ``backfilled`` or ``imported``; ``provenance`` a past capture's, as JSON text."""

    kind: str = TRACKED
    provenance: str | None = None

    def fields(self) -> dict[str, str]:
        fields = {ORIGIN_FIELD: self.kind}
        if self.provenance is not None:
            fields[PROVENANCE_FIELD] = self.provenance
        return fields


TRACKED_ORIGIN = RecordOrigin()


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordGroup:
    """The gzip members of one capture, main record first, ready to append together."""

    members: tuple[bytes, ...]
    record_type: str  # of the main record: "response" or "revisit"
    record_id: str
    payload_digest: str | None
    warc_date: str
    rendered: RenderedDom | None = None  # the conversion holding its DOM (its own or earlier)
    conversion_id: str | None = None  # the record id of its own conversion record, if any

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

    def fields(self) -> dict[str, str]:
        """The WARC fields by which a revisit names this record."""
        return {
            "WARC-Refers-To": self.record_id,
            "WARC-Refers-To-Target-URI": self.uri,
            "WARC-Refers-To-Date": self.warc_date,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedDom:
    """A conversion record holding a rendered DOM: what an identical later render revisits."""

    sha256: str
    target: RevisitTarget


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


def _redirect_record(
    writer: WARCWriter, capture: Capture | NotModifiedAnswer, concurrent_to: str, date: str
) -> bytes:
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


def _rendered_record(writer: WARCWriter, capture: Capture, refers_to: str, date: str) -> Any:
    """The page's DOM after its scripts ran (the browser fetcher), as a ``conversion`` of
    the response it was rendered from: what the article was read from."""
    rendered = capture.rendered or b""
    return writer.create_warc_record(
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


def _rendered_revisit(
    writer: WARCWriter, capture: Capture, earlier: RenderedDom, concurrent_to: str, date: str
) -> bytes:
    """The same DOM as the conversion record ``earlier``: a revisit of it, without the DOM."""
    rendered = capture.rendered or b""
    record = writer.create_warc_record(
        capture.final_url,
        "revisit",
        warc_content_type=RENDERED_TYPE,
        warc_headers_dict={
            "WARC-Date": date,
            "WARC-Profile": IDENTICAL_PROFILE,
            **earlier.target.fields(),
            "WARC-Concurrent-To": concurrent_to,
            "WARC-Payload-Digest": payload_digest(rendered),
            DECODED_DIGEST: f"sha256:{earlier.sha256}",
        },
    )
    return _serialize(writer, record)


def _rendered_members(
    writer: WARCWriter, capture: Capture, main_id: str, date: str, last_dom: RenderedDom | None
) -> tuple[bytes, RenderedDom, str | None]:
    """The record keeping a rendered DOM: a conversion, or a revisit of ``last_dom`` when
    the DOM is byte for byte that one; with the DOM's conversion and its own record id."""
    sha256 = hashlib.sha256(capture.rendered or b"").hexdigest()
    if last_dom is not None and last_dom.sha256 == sha256:
        return _rendered_revisit(writer, capture, last_dom, main_id, date), last_dom, None
    record = _rendered_record(writer, capture, main_id, date)
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    target = RevisitTarget(record_id=record_id, uri=capture.final_url, warc_date=date)
    return _serialize(writer, record), RenderedDom(sha256=sha256, target=target), record_id


def _http_headers(capture: Capture) -> StatusAndHeaders:
    """The status line and headers true of the bytes the record keeps."""
    if capture.wire_body is None and is_coded(capture.headers):
        headers = stored_headers(capture.headers, len(capture.body))  # decoded only
    else:
        headers = wire_headers(capture.headers)
    return StatusAndHeaders(_status_line(capture.status), headers, protocol=capture.http_version)


def _capture_fields(
    capture: Capture, date: str, failure: str | None, origin: RecordOrigin
) -> dict[str, str]:
    fields = {"WARC-Date": date, **origin.fields()}
    if capture.truncated:
        fields["WARC-Truncated"] = capture.truncated
    if failure:
        fields[FAILURE_FIELD] = " ".join(failure.split())[:300]
    return fields


def build_capture_records(
    capture: Capture,
    digest: str | None = None,
    *,
    failure: str | None = None,
    last_dom: RenderedDom | None = None,
    origin: RecordOrigin = TRACKED_ORIGIN,
) -> RecordGroup:
    """A response record holding the body as sent, its request record, and (after
    redirects) a metadata record naming the hops.

    ``digest`` is the payload digest of ``capture.wire`` when the caller has it already;
    ``failure`` is what a failed check made of this answer (FAILURE_FIELD); a rendered
    DOM equal to ``last_dom`` (the watch's last kept one) becomes a revisit of it;
    ``origin`` is where the capture came from (a check's, unless said otherwise).
    """
    date = _warc_date(capture.fetched_at)
    stored = capture.wire
    digest = digest or payload_digest(stored)
    warc_headers = _capture_fields(capture, date, failure, origin)
    warc_headers["WARC-Payload-Digest"] = digest
    return _group(capture, "response", warc_headers, digest, date, last_dom, payload=stored)


def build_revisit_records(
    capture: Capture,
    target: RevisitTarget,
    digest: str | None = None,
    *,
    same_wire: bool = True,
    body_sha256: str | None = None,
    failure: str | None = None,
    last_dom: RenderedDom | None = None,
) -> RecordGroup:
    """A capture whose content equals an earlier one: headers only, pointing at the original.

    With ``same_wire`` the bytes sent equal the original's and ``digest`` is their
    payload digest (the original's, which spares hashing a large body a second
    time): an identical-payload-digest revisit. Without it only the decoded content
    is the same (the server compressed it otherwise): an IDENTICAL_CONTENT_PROFILE
    revisit that claims no payload digest and names ``body_sha256`` (the decoded
    content's) instead.
    """
    date = _warc_date(capture.fetched_at)
    warc_headers = _capture_fields(capture, date, failure, TRACKED_ORIGIN)
    warc_headers.update(target.fields())
    recorded: str | None
    if same_wire:
        recorded = digest or payload_digest(capture.wire)
        warc_headers["WARC-Profile"] = IDENTICAL_PROFILE
        warc_headers["WARC-Payload-Digest"] = recorded
    else:
        recorded = None
        warc_headers["WARC-Profile"] = IDENTICAL_CONTENT_PROFILE
        warc_headers[DECODED_DIGEST] = "sha256:" + (body_sha256 or capture.sha256)
    return _group(capture, "revisit", warc_headers, recorded, date, last_dom)


def _group(
    capture: Capture,
    record_type: str,
    warc_headers: dict[str, str],
    digest: str | None,
    date: str,
    last_dom: RenderedDom | None,
    payload: bytes | None = None,
) -> RecordGroup:
    """The main record (a response keeps ``payload``, a revisit no body), then the
    request that got it, after redirects the hops, and for a rendered page its DOM (or
    a revisit of ``last_dom`` when it is that one)."""
    writer = _writer()
    record = writer.create_warc_record(
        capture.final_url,
        record_type,
        payload=None if payload is None else io.BytesIO(payload),
        length=None if payload is None else len(payload),
        http_headers=_http_headers(capture),
        warc_headers_dict=warc_headers,
    )
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    members = (_serialize(writer, record), _request_record(writer, capture, record_id, date))
    if capture.redirects:
        members += (_redirect_record(writer, capture, record_id, date),)
    rendered: RenderedDom | None = None
    conversion_id: str | None = None
    if capture.rendered is not None:
        member, rendered, conversion_id = _rendered_members(
            writer, capture, record_id, date, last_dom
        )
        members += (member,)
    return RecordGroup(
        members=members,
        record_type=record_type,
        record_id=record_id,
        payload_digest=digest,
        warc_date=date,
        rendered=rendered,
        conversion_id=conversion_id,
    )


class NotModifiedAnswer(Protocol):
    """A 304 to a conditional request, as the fetcher reports it."""

    @property
    def url(self) -> str: ...
    @property
    def final_url(self) -> str: ...
    @property
    def redirects(self) -> tuple[str, ...]: ...
    @property
    def fetched_at(self) -> datetime: ...
    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> Headers: ...


def build_not_modified_record(
    answer: NotModifiedAnswer, target: RevisitTarget, digest: str | None
) -> RecordGroup:
    """A 304 answer as a WARC 1.1 server-not-modified revisit of the last stored response,
    and (after redirects) the metadata record naming the URL asked for and the hops, so
    the check's route is in the files as a 200's is."""
    writer = _writer()
    date = _warc_date(answer.fetched_at)
    warc_headers = {
        "WARC-Date": date,
        **TRACKED_ORIGIN.fields(),
        "WARC-Profile": NOT_MODIFIED_PROFILE,
        **target.fields(),
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
    members = (_serialize(writer, record),)
    if answer.redirects:
        members += (_redirect_record(writer, answer, record_id, date),)
    return RecordGroup(
        members=members,
        record_type="revisit",
        record_id=record_id,
        payload_digest=digest,
        warc_date=date,
    )


ANNOTATIONS_TYPE = "application/vnd.tracker.annotations+json"


def build_annotations_record(
    url: str, refers_to: str | None, annotations: list[dict[str, Any]], date: datetime
) -> bytes:
    """Researchers' annotations of one change as a ``metadata`` record about the response
    of the version it introduced (``WARC-Refers-To``), dated by the newest of them: how an
    exported WARC carries what was said about its captures beside them, unmixed."""
    payload = json.dumps(
        {"schema": "tracker.annotations/1", "annotations": annotations},
        ensure_ascii=False,
        sort_keys=True,
    ).encode("utf-8")
    writer = _writer()
    fields = {"WARC-Date": _warc_date(date)}
    if refers_to is not None:
        fields["WARC-Refers-To"] = refers_to
    record = writer.create_warc_record(
        url,
        "metadata",
        payload=io.BytesIO(payload),
        length=len(payload),
        warc_content_type=ANNOTATIONS_TYPE,
        warc_headers_dict=fields,
    )
    return _serialize(writer, record)


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
