"""Whatever a server answers, fetch returns a Capture or NotModified or raises a
FetchFailure with a one-line reason: never another exception, never a crash."""

from __future__ import annotations

import asyncio
import gzip
import io

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.clock import FakeClock
from support.fetching import RawStream
from warcio.archiveiterator import ArchiveIterator

from tracker.config import FetchSettings
from tracker.errors import FetchFailure
from tracker.fetch import ERROR_BODY_BYTES, HttpFetcher
from tracker.fetch.contentcoding import decode_stored
from tracker.model import Capture, NotModified, Validators
from tracker.store.warc_records import build_capture_records

STATUSES = st.sampled_from(
    [
        200,
        200,
        200,
        204,
        301,
        302,
        304,
        307,
        400,
        401,
        403,
        404,
        410,
        429,
        451,
        500,
        502,
        503,
        504,
        599,
    ]
)
CONTENT_TYPES = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "text/html",
            "text/html; charset=utf-8",
            "application/xhtml+xml",
            "image/png",
            "application/json",
            "",
            ";;",
            "TEXT/HTML",
        ]
    ),
    st.text(max_size=30),
)
ENCODINGS = st.one_of(
    st.none(),
    st.sampled_from(["gzip", "br", "deflate", "identity", "gzip, br", "zstd"]),
    st.text(max_size=12),
)
LOCATIONS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "/next",
            "https://other.example/x",
            "//x.example/",
            "ftp://a/b",
            "http://10.0.0.1/",
            "javascript:alert(1)",
            "http://[::1]/",
            "",
        ]
    ),
    st.text(max_size=40),
)
COOKIES = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "a=1; Path=/",
            "b=2; Domain=.other.example; Expires=Wed, 99 Zzz 9999 99:99:99 GMT",
            "c=; Max-Age=-1",
            "=novalue",
            "d=4; Domain=site.example; Path=/x; Secure; HttpOnly; SameSite=Strict",
            "e=5; Expires=0; Max-Age=abc",
        ]
    ),
    st.text(max_size=60),
)
BODIES = st.one_of(
    st.binary(max_size=2000),
    st.sampled_from(
        [
            b"",
            b"   ",
            b"<html><body><p>ok</p></body></html>",
            gzip.compress(b"<html><p>zipped</p></html>"),
        ]
    ),
)


def _header_safe(value: str) -> str:
    return "".join(ch for ch in value if 32 <= ord(ch) < 127)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    answers=st.lists(
        st.tuples(
            STATUSES,
            CONTENT_TYPES,
            ENCODINGS,
            LOCATIONS,
            BODIES,
            st.none()
            | st.sampled_from(
                ["0", "1", "5", "abc", "99999", "9" * 400, "Fri, 31 Dec 9999 23:59:59 GMT"]
            ),
            COOKIES,
            st.none() | st.sampled_from(["\u00b2", "-1", "abc", "99999999999999999999", "3"]),
        ),
        min_size=1,
        max_size=6,
    ),
    conditional=st.booleans(),
)
def test_fetch_never_raises_anything_else(answers, conditional):
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        status, ctype, encoding, location, body, retry_after, cookie, content_length = (
            queue.pop(0) if queue else (200, "text/html", None, None, b"<p>x</p>", None, None, None)
        )
        headers = []
        if ctype is not None:
            headers.append(("Content-Type", _header_safe(ctype)))
        if encoding is not None:
            headers.append(("Content-Encoding", _header_safe(encoding)))
        if location is not None:
            headers.append(("Location", _header_safe(location)))
        if content_length is not None:
            headers.append((b"Content-Length", content_length.encode("latin-1")))
        if cookie is not None:
            headers.append(("Set-Cookie", _header_safe(cookie)))
        if retry_after is not None:
            headers.append(("Retry-After", retry_after))
        return httpx.Response(status, headers=headers, stream=RawStream(body, chunk=97))

    async def public(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    async def run() -> object:
        clock = FakeClock()
        fetcher = HttpFetcher(
            transport=httpx.MockTransport(handler), resolver=public, clock=clock, sleep=clock.sleep
        )
        async with fetcher:
            try:
                return await fetcher.fetch(
                    "https://site.example/start",
                    FetchSettings(total_timeout=30, max_redirects=3),
                    validators=Validators(etag='"e"') if conditional else None,
                )
            except FetchFailure as failure:
                return failure

    result = asyncio.run(run())
    assert isinstance(result, Capture | NotModified | FetchFailure)
    if isinstance(result, FetchFailure):
        assert result.reason and "\n" not in result.reason
        assert "Traceback" not in result.reason
    if isinstance(result, Capture):
        assert result.body.strip()
    _assert_kept_as_sent(result)


def _assert_kept_as_sent(result: object) -> None:
    """Whatever was answered is archivable as sent, and the kept bytes decode to the body."""
    if isinstance(result, FetchFailure):
        answer = result.response
        if answer is None:
            return
        assert len(answer.wire) <= ERROR_BODY_BYTES
        assert answer.truncated in {None, "length", "unspecified"}
        assert answer.url == "https://site.example/start"
    elif isinstance(result, Capture):
        answer = result
        assert answer.truncated is None
        if answer.wire_body is not None:
            assert decode_stored(answer.wire_body, answer.header("Content-Encoding")) == answer.body
    else:
        return
    group = build_capture_records(answer)
    record = next(iter(ArchiveIterator(io.BytesIO(b"".join(group.members)), check_digests=True)))
    assert record.raw_stream.read() == answer.wire
    assert record.digest_checker.passed is not False


@settings(max_examples=200, deadline=None)
@given(
    scheme=st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "", "//"]),
    rest=st.text(max_size=60),
)
def test_any_url_text_is_refused_or_fetched_never_crashes(scheme, rest):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>x</p>")

    async def public(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    async def run() -> object:
        clock = FakeClock()
        async with HttpFetcher(
            transport=httpx.MockTransport(handler), resolver=public, clock=clock, sleep=clock.sleep
        ) as fetcher:
            try:
                return await fetcher.fetch(scheme + rest, FetchSettings())
            except FetchFailure as failure:
                return failure

    result = asyncio.run(run())
    assert isinstance(result, Capture | FetchFailure)
