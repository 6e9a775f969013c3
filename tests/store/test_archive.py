"""WARC records: readable by warcio with correct digests, revisits, export round trip."""

from __future__ import annotations

import gzip
import hashlib
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import brotli
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator

from tracker.errors import IntegrityError
from tracker.model import Capture, NotModified
from tracker.store.warc_io import WarcFile, export_warc, read_record, scan_warc
from tracker.store.warc_records import (
    IDENTICAL_CONTENT_PROFILE,
    IDENTICAL_PROFILE,
    NOT_MODIFIED_PROFILE,
    RevisitTarget,
    build_capture_records,
    build_not_modified_record,
    build_revisit_records,
    payload_digest,
    stored_headers,
    wire_headers,
)

URL = "https://news.example/health/fasting-study"
T0 = datetime(2025, 5, 6, 12, 30, 15, 123456, tzinfo=UTC)
PAGE = "<!DOCTYPE html><html><body><h1>Fasting</h1><p>Café — 12 patients (2)</p></body></html>"


def capture(body: bytes = PAGE.encode(), at: datetime = T0, **extra: object) -> Capture:
    return Capture(
        url=URL,
        final_url=URL,
        fetched_at=at,
        status=200,
        headers=(("Content-Type", "text/html; charset=utf-8"), ("ETag", '"abc"')),
        body=body,
        request_headers=(("User-Agent", "tracker-test"), ("Accept", "text/html")),
        **extra,  # type: ignore[arg-type]
    )


def all_records(path: Path) -> list[tuple[str, dict[str, str], bytes, bool | None]]:
    out = []
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle, check_digests=True):
            payload = record.content_stream().read()
            headers = dict(record.rec_headers.headers)
            out.append((record.rec_type, headers, payload, record.digest_checker.passed))
    return out


def new_file(tmp_path: Path) -> WarcFile:
    warc = WarcFile(tmp_path / "test.warc.gz")
    warc.create()
    return warc


def test_a_capture_is_a_response_and_a_request_record_warcio_reads(tmp_path: Path) -> None:
    warc = new_file(tmp_path)
    cap = capture()
    group = build_capture_records(cap)
    warc.append(group)
    records = all_records(warc.path)
    assert [r[0] for r in records] == ["warcinfo", "response", "request"]
    _, response, payload, passed = records[1]
    assert payload == cap.body
    assert passed is not False
    assert response["WARC-Target-URI"] == URL
    assert response["WARC-Date"] == "2025-05-06T12:30:15.123456Z"
    assert response["WARC-Payload-Digest"] == payload_digest(cap.body)
    assert response["WARC-Record-ID"] == group.record_id
    _, request, _, _ = records[2]
    assert request["WARC-Concurrent-To"] == group.record_id
    with gzip.open(warc.path) as handle:
        assert handle.read(9) == b"WARC/1.1\r"


def test_read_record_by_file_and_offset(tmp_path: Path) -> None:
    warc = new_file(tmp_path)
    first = build_capture_records(capture(b"<p>first</p>"))
    second = build_capture_records(capture(b"<p>second</p>", T0 + timedelta(days=1)))
    offsets = [warc.append(first), warc.append(second)]
    record = read_record(warc.path, offsets[1], second.main_length)
    assert record.payload == b"<p>second</p>"
    assert record.record_type == "response"
    assert record.status == 200
    assert record.computed_digest == record.recorded_digest
    assert read_record(warc.path, offsets[0]).payload == b"<p>first</p>"


def test_reading_garbage_at_an_offset_is_an_integrity_error(tmp_path: Path) -> None:
    warc = new_file(tmp_path)
    offset = warc.append(build_capture_records(capture()))
    with pytest.raises(IntegrityError):
        read_record(warc.path, offset + 7)
    with pytest.raises(IntegrityError, match="not one whole gzip member"):
        read_record(warc.path, offset, 100)  # a wrong length in the index
    with pytest.raises(IntegrityError, match="missing"):
        read_record(tmp_path / "gone.warc.gz", 0)


def test_revisit_records_point_at_the_original(tmp_path: Path) -> None:
    warc = new_file(tmp_path)
    original = build_capture_records(capture())
    warc.append(original)
    target = RevisitTarget(record_id=original.record_id, uri=URL, warc_date=original.warc_date)
    warc.append(build_revisit_records(capture(at=T0 + timedelta(hours=6)), target))
    warc.append(
        build_not_modified_record(
            NotModified(
                url=URL,
                final_url=URL,
                fetched_at=T0 + timedelta(hours=12),
                status=304,
                headers=(("ETag", '"abc"'),),
            ),
            target,
            original.payload_digest,
        )
    )
    records = all_records(warc.path)
    assert [r[0] for r in records] == [
        "warcinfo",
        "response",
        "request",
        "revisit",
        "request",
        "revisit",
    ]
    identical, not_modified = records[3][1], records[5][1]
    assert identical["WARC-Profile"] == IDENTICAL_PROFILE
    assert not_modified["WARC-Profile"] == NOT_MODIFIED_PROFILE
    for revisit in (identical, not_modified):
        assert revisit["WARC-Refers-To"] == original.record_id
        assert revisit["WARC-Refers-To-Target-URI"] == URL
        assert revisit["WARC-Refers-To-Date"] == original.warc_date
        assert revisit["WARC-Payload-Digest"] == original.payload_digest
    assert records[3][2] == b""  # no body: it is in the original
    assert read_record(warc.path, 0).record_type == "warcinfo"


def test_decoded_bodies_do_not_keep_headers_that_would_decode_them_again(tmp_path: Path) -> None:
    warc = new_file(tmp_path)
    body = PAGE.encode()
    cap = Capture(
        url=URL,
        final_url=URL,
        fetched_at=T0,
        status=200,
        headers=(
            ("Content-Type", "text/html"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
        ),
        body=body,
    )
    offset = warc.append(build_capture_records(cap))
    with warc.path.open("rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)))
        assert record.content_stream().read() == body  # warcio does not try to gunzip it
        headers = dict(record.http_headers.headers)
    assert headers["X-Archive-Orig-Content-Encoding"] == "gzip"
    assert headers["X-Archive-Orig-Transfer-Encoding"] == "chunked"
    assert headers["Content-Length"] == str(len(body))
    assert "Content-Encoding" not in headers


def test_stored_headers_keep_a_true_content_length_as_is() -> None:
    headers = stored_headers([("Content-Length", "10"), ("X-Thing", "1")], 10)
    assert headers == [("X-Thing", "1"), ("Content-Length", "10")]


def test_export_copies_records_byte_for_byte(tmp_path: Path) -> None:
    warc = new_file(tmp_path)
    groups = [
        build_capture_records(capture(f"<p>version {n}</p>".encode(), T0 + timedelta(days=n)))
        for n in range(3)
    ]
    spans = [(warc.path, warc.append(group), group.span) for group in groups]
    out = tmp_path / "export.warc.gz"
    assert export_warc(spans[::2], out) == 2
    records = all_records(out)
    assert [r[0] for r in records] == ["warcinfo", "response", "request", "response", "request"]
    assert [r[2] for r in records if r[0] == "response"] == [
        b"<p>version 0</p>",
        b"<p>version 2</p>",
    ]
    data = out.read_bytes()
    original = warc.path.read_bytes()
    for _, offset, span in spans[::2]:
        assert original[offset : offset + span] in data
    assert not list(tmp_path.glob(".*partial"))


def test_a_failed_export_leaves_no_file(tmp_path: Path) -> None:
    warc = new_file(tmp_path)
    group = build_capture_records(capture())
    offset = warc.append(group)
    out = tmp_path / "export.warc.gz"
    with pytest.raises(IntegrityError):
        export_warc([(warc.path, offset, group.span + 500)], out)
    assert not out.exists()
    assert not list(tmp_path.glob(".*partial"))


@pytest.fixture(scope="module")
def shared_warc(tmp_path_factory: pytest.TempPathFactory) -> WarcFile:
    return new_file(tmp_path_factory.mktemp("warc"))


@given(
    body=st.binary(max_size=4096),
    status=st.sampled_from([200, 203, 299, 304, 451, 599]),
    headers=st.lists(
        st.tuples(
            st.from_regex(r"X-[A-Za-z][A-Za-z0-9-]{0,20}", fullmatch=True),
            st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40).map(
                str.strip
            ),
        ),
        max_size=5,
    ),
)
@settings(max_examples=60, deadline=None)
def test_any_capture_round_trips(
    shared_warc: WarcFile,
    body: bytes,
    status: int,
    headers: list[tuple[str, str]],
) -> None:
    warc = shared_warc
    cap = Capture(
        url=URL,
        final_url=URL,
        fetched_at=T0,
        status=status,
        headers=tuple(headers),
        body=body,
    )
    group = build_capture_records(cap)
    offset = warc.append(group)
    record = read_record(warc.path, offset, group.main_length)
    assert record.payload == body
    assert record.status == status
    assert record.recorded_digest == payload_digest(body) == record.computed_digest
    for name, value in headers:
        assert (name, value) in record.http_headers


def test_redirect_hops_are_kept_in_a_metadata_record(tmp_path: Path) -> None:
    warc = new_file(tmp_path)
    cap = Capture(
        url="http://news.example/fasting",
        final_url=URL,
        fetched_at=T0,
        status=200,
        headers=(("Content-Type", "text/html"),),
        body=PAGE.encode(),
        redirects=("http://news.example/fasting", "https://news.example/fasting"),
    )
    group = build_capture_records(cap)
    offset = warc.append(group)
    records = all_records(warc.path)
    assert [r[0] for r in records] == ["warcinfo", "response", "request", "metadata"]
    _, headers, payload, _ = records[3]
    assert headers["WARC-Concurrent-To"] == group.record_id
    assert payload.decode().splitlines() == [
        "requested-url: http://news.example/fasting",
        "redirect: http://news.example/fasting",
        "redirect: https://news.example/fasting",
    ]
    assert read_record(warc.path, offset, group.main_length).payload == cap.body
    assert warc.size() == offset + group.span


# --------------------------------------------------------------------------- wire bytes


def _coded(body: bytes, coding: str) -> bytes:
    if coding == "gzip":
        return gzip.compress(body, mtime=0)
    if coding == "br":
        return brotli.compress(body)
    compressor = zlib.compressobj(6, zlib.DEFLATED, 15)  # "deflate": zlib-wrapped
    return compressor.compress(body) + compressor.flush()


@given(
    body=st.binary(max_size=4096),
    coding=st.sampled_from(["gzip", "br", "deflate"]),
    chunked=st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_any_coded_body_is_kept_as_sent_and_reads_back_decoded(
    shared_warc: WarcFile, body: bytes, coding: str, chunked: bool
) -> None:
    wire = _coded(body, coding)
    headers = [("Content-Type", "text/html"), ("Content-Encoding", coding)]
    headers.append(
        ("Transfer-Encoding", "chunked") if chunked else ("Content-Length", str(len(wire)))
    )
    cap = Capture(
        url=URL,
        final_url=URL,
        fetched_at=T0,
        status=200,
        headers=tuple(headers),
        body=body,
        wire_body=wire,
    )
    group = build_capture_records(cap)
    offset = shared_warc.append(group)
    record = read_record(shared_warc.path, offset, group.main_length)
    assert record.payload == wire and record.body() == body
    assert record.recorded_digest == payload_digest(wire) == record.computed_digest
    assert record.coded
    kept = [(name, value) for name, value in record.http_headers]
    expected = wire_headers(headers)
    assert kept == expected  # in order, as sent; only the chunking moved aside
    assert ("Content-Encoding", coding) in kept


def test_a_revisit_by_content_claims_no_payload_digest(tmp_path: Path) -> None:
    warc = new_file(tmp_path)
    page = PAGE.encode()
    first = Capture(
        url=URL,
        final_url=URL,
        fetched_at=T0,
        status=200,
        headers=(("Content-Encoding", "gzip"),),
        body=page,
        wire_body=gzip.compress(page, mtime=0),
    )
    original = build_capture_records(first)
    warc.append(original)
    target = RevisitTarget(record_id=original.record_id, uri=URL, warc_date=original.warc_date)
    again = Capture(
        url=URL,
        final_url=URL,
        fetched_at=T0 + timedelta(hours=1),
        status=200,
        headers=(("Content-Encoding", "br"),),
        body=page,
        wire_body=brotli.compress(page),
    )
    group = build_revisit_records(again, target, same_wire=False)
    assert group.payload_digest is None and group.record_type == "revisit"
    offset = warc.append(group)
    record = read_record(warc.path, offset, group.main_length)
    assert record.profile == IDENTICAL_CONTENT_PROFILE
    assert record.recorded_digest is None and record.payload == b""
    assert record.refers_to == original.record_id
    assert record.decoded_digest == "sha256:" + hashlib.sha256(page).hexdigest()
    assert ("Content-Encoding", "br") in record.http_headers
    assert scan_warc(warc.path, warc.size()) == []


def test_a_truncated_answer_decodes_as_far_as_it_goes(tmp_path: Path) -> None:
    warc = new_file(tmp_path)
    page = b"<html><body>" + b"<p>Not found.</p>" * 5000
    wire = gzip.compress(page, mtime=0)[:300]  # cut, as a failure's evidence is
    cap = Capture(
        url=URL,
        final_url=URL,
        fetched_at=T0,
        status=404,
        headers=(("Content-Encoding", "gzip"), ("Content-Length", "99999")),
        body=b"",
        wire_body=wire,
        truncated="length",
    )
    group = build_capture_records(cap, failure="gone: HTTP 404 Not Found")
    offset = warc.append(group)
    record = read_record(warc.path, offset, group.main_length)
    assert record.truncated == "length" and record.failure == "gone: HTTP 404 Not Found"
    assert record.payload == wire
    assert page.startswith(record.body()) and record.body()
    assert scan_warc(warc.path, warc.size()) == []


def test_a_whole_record_that_does_not_decode_is_damage(tmp_path: Path) -> None:
    warc = new_file(tmp_path)
    cap = Capture(
        url=URL,
        final_url=URL,
        fetched_at=T0,
        status=200,
        headers=(("Content-Encoding", "gzip"),),
        body=b"<p>page</p>",
        wire_body=b"\x1f\x8b not really gzip",
    )
    group = build_capture_records(cap)
    offset = warc.append(group)
    with pytest.raises(IntegrityError, match="does not decode"):
        read_record(warc.path, offset, group.main_length).body()


def test_an_old_record_of_a_decoded_body_still_reads_as_it_did(tmp_path: Path) -> None:
    """Records written before tracker kept wire bytes: the decoded body, codings renamed."""
    warc = new_file(tmp_path)
    cap = Capture(
        url=URL,
        final_url=URL,
        fetched_at=T0,
        status=200,
        headers=(("Content-Type", "text/html"), ("Content-Encoding", "br")),
        body=PAGE.encode(),
    )
    group = build_capture_records(cap)
    offset = warc.append(group)
    record = read_record(warc.path, offset, group.main_length)
    assert not record.coded and record.payload == record.body() == PAGE.encode()
    assert ("X-Archive-Orig-Content-Encoding", "br") in record.http_headers
