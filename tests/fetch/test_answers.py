"""What the fetcher keeps of each answer: compressed bodies as sent, and the answer a
failure got, for the WARC evidence. Against the hostile server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.fetching import failure_of
from support.hostile import (
    ARTICLE,
    BR_ARTICLE,
    CHALLENGE,
    DEFLATE_RAW_ARTICLE,
    ERROR_PAGE,
    GONE_PAGE,
    GZIP_ARTICLE,
    LOGIN_WALL,
    PNG,
)
from warcio.archiveiterator import ArchiveIterator

from tracker.errors import (
    BlockedFailure,
    ContentTypeFailure,
    EmptyFailure,
    GoneFailure,
    HTTPStatusFailure,
    NetworkFailure,
    RedirectFailure,
    TimeoutFailure,
    TooLargeFailure,
)
from tracker.fetch import ERROR_BODY_BYTES
from tracker.model import Capture
from tracker.store.warc_io import WarcFile, read_record
from tracker.store.warc_records import build_capture_records, payload_digest

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(30)]


@pytest.mark.parametrize(
    ("path", "coding", "sent"),
    [
        ("/gzip", "gzip", GZIP_ARTICLE),
        ("/deflate-raw", "deflate", DEFLATE_RAW_ARTICLE),
        ("/br", "br", BR_ARTICLE),
    ],
)
async def test_a_compressed_body_is_kept_as_sent_and_archived_byte_for_byte(
    server, fetcher, settings, tmp_path: Path, path: str, coding: str, sent: bytes
) -> None:
    capture = await fetcher.fetch(server.base + path, settings)
    assert isinstance(capture, Capture)
    assert capture.body == ARTICLE and capture.wire_body == capture.wire == sent
    assert capture.sha256 == hashlib.sha256(ARTICLE).hexdigest()  # identity: decoded bytes
    warc = WarcFile(tmp_path / "t.warc.gz")
    warc.create()
    group = build_capture_records(capture)
    offset = warc.append(group)
    record = read_record(warc.path, offset, group.main_length)
    assert record.payload == sent and record.body() == ARTICLE
    assert record.recorded_digest == payload_digest(sent) == record.computed_digest
    assert ("Content-Encoding", coding) in record.http_headers
    assert ("Content-Length", str(len(sent))) in record.http_headers
    if coding != "br":  # warcio decodes br only with brotlipy (warcio issue #73)
        with warc.path.open("rb") as handle:
            handle.seek(offset)
            replayed = next(iter(ArchiveIterator(handle, check_digests=True)))
            assert replayed.content_stream().read() == ARTICLE


async def test_a_plain_body_has_no_separate_wire_copy(server, fetcher, settings) -> None:
    capture = await fetcher.fetch(f"{server.base}/article", settings)
    assert isinstance(capture, Capture)
    assert capture.wire_body is None and capture.wire is capture.body == ARTICLE


@pytest.mark.parametrize(
    ("path", "kind", "status", "body"),
    [
        ("/missing", GoneFailure, 404, b"<html><body>No such page</body></html>"),
        ("/gone", GoneFailure, 410, GONE_PAGE),
        ("/challenge", BlockedFailure, 403, CHALLENGE),
        ("/login", BlockedFailure, 200, LOGIN_WALL),
        ("/error-500", HTTPStatusFailure, 500, ERROR_PAGE),
        ("/png", ContentTypeFailure, 200, PNG),
        ("/untyped-binary", ContentTypeFailure, 200, PNG),
        ("/empty", EmptyFailure, 200, b""),
    ],
)
async def test_a_failure_carries_the_answer_it_got(
    server, fetcher, settings, path: str, kind: type, status: int, body: bytes
) -> None:
    url = server.base + path
    failure = await failure_of(fetcher, url, settings)
    assert isinstance(failure, kind)
    answer = failure.response
    assert answer is not None
    assert (answer.url, answer.final_url, answer.status) == (url, url, status)
    assert answer.body == answer.wire == body and answer.truncated is None
    assert answer.header("Content-Length") == str(len(body))
    assert answer.fetched_at.tzinfo is not None
    assert any(name.lower() == "user-agent" for name, _ in answer.request_headers)


async def test_a_redirect_loop_keeps_the_redirect_that_closed_it(server, fetcher, settings) -> None:
    failure = await failure_of(fetcher, f"{server.base}/loop-a", settings)
    assert isinstance(failure, RedirectFailure)
    answer = failure.response
    assert answer is not None and answer.status in {301, 302, 303, 307, 308}
    assert answer.url == f"{server.base}/loop-a"
    assert answer.final_url == f"{server.base}/loop-b"
    assert answer.header("Location") == "/loop-a"
    assert answer.redirects == (f"{server.base}/loop-a",)


@pytest.mark.parametrize(
    ("path", "wire_at_most"),
    [("/big-declared", 0), ("/gzip-bomb", ERROR_BODY_BYTES), ("/endless", ERROR_BODY_BYTES)],
)
async def test_an_answer_over_a_limit_is_kept_cut_and_marked(
    server, fetcher, settings, path: str, wire_at_most: int
) -> None:
    failure = await failure_of(fetcher, server.base + path, settings)
    assert isinstance(failure, TooLargeFailure)
    answer = failure.response
    assert answer is not None and answer.truncated == "length"
    assert len(answer.wire) <= wire_at_most and len(answer.body) <= ERROR_BODY_BYTES


async def test_an_error_page_over_the_evidence_cap_is_cut_there(server, fetcher, settings) -> None:
    page = b"<html><body>" + b"<p>We are sorry, this page does not exist.</p>" * 3000
    server.raw["long-404"] = (
        f"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: {len(page)}"
        "\r\nConnection: close\r\n\r\n"
    ).encode() + page
    failure = await failure_of(fetcher, f"{server.base}/raw?key=long-404", settings)
    assert isinstance(failure, GoneFailure)
    answer = failure.response
    assert answer is not None and answer.truncated == "length"
    assert answer.body == answer.wire == page[:ERROR_BODY_BYTES]


@pytest.mark.parametrize("path", ["/reset", "/silent", "/reset-mid-body", "/truncated"])
async def test_a_failure_below_http_has_no_answer(server, fetcher, settings, path: str) -> None:
    quick = replace(settings, read_timeout=0.3, total_timeout=1.0)
    failure = await failure_of(fetcher, server.base + path, quick)
    assert isinstance(failure, NetworkFailure | TimeoutFailure)
    assert failure.response is None


def test_warcio_reads_every_kept_answer(tmp_path: Path) -> None:
    """A failure's answer archived as a truncated response still reads as a WARC record."""
    answer = Capture(
        url="https://clinic.example/post",
        final_url="https://clinic.example/post",
        fetched_at=datetime(2025, 5, 3, 9, 30, tzinfo=UTC),
        status=404,
        headers=(("Content-Type", "text/html"), ("Content-Length", "900000")),
        body=b"<html>" + b"x" * 100,
        truncated="length",
    )
    group = build_capture_records(answer, failure="gone: HTTP 404 Not Found")
    data = b"".join(group.members)
    record = next(iter(ArchiveIterator(io.BytesIO(data), check_digests=True)))
    assert record.rec_headers.get_header("WARC-Truncated") == "length"
    assert record.content_stream().read() == answer.body
    assert record.digest_checker.passed is not False
