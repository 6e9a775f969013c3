"""The fetcher against a real socket that misbehaves: every case ends, with the right
failure class and a reason a person can read."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import replace

import httpx
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from support.clock import Sleeps
from support.fetching import capture_of, failure_of
from support.hostile import ARTICLE, ETAG, LAST_MODIFIED, LYING_CHARSET, HostileServer

from tracker.config import FetchSettings
from tracker.errors import (
    AddressFailure,
    BlockedFailure,
    ContentTypeFailure,
    EmptyFailure,
    FetchFailure,
    GoneFailure,
    HTTPStatusFailure,
    NetworkFailure,
    RedirectFailure,
    RobotsFailure,
    TimeoutFailure,
    TooLargeFailure,
)
from tracker.fetch import HttpFetcher
from tracker.model import Capture, NotModified, Validators

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(30)]


# ---------------------------------------------------------------- good pages


async def test_plain_article_is_captured_exactly(server, fetcher, settings):
    capture = await capture_of(fetcher, f"{server.base}/article", settings)
    assert capture.body == ARTICLE
    assert capture.status == 200
    assert capture.final_url == f"{server.base}/article"
    assert capture.http_version == "HTTP/1.1"
    assert capture.fetched_at.tzinfo is not None
    assert capture.header("content-type") == "text/html; charset=utf-8"
    sent = dict((k.lower(), v) for k, v in capture.request_headers)
    assert sent["user-agent"] == settings.user_agent
    assert "gzip" in sent["accept-encoding"]
    # robots.txt was asked first, the page second
    assert server.log.paths() == ["/robots.txt", "/article"]


@pytest.mark.parametrize("path", ["/gzip", "/deflate-raw", "/br"])
async def test_compressed_bodies_are_decoded(server, fetcher, settings, path):
    capture = await capture_of(fetcher, server.base + path, settings)
    assert capture.body == ARTICLE


async def test_lying_charset_bytes_are_preserved(server, fetcher, settings):
    capture = await capture_of(fetcher, f"{server.base}/lying-charset", settings)
    assert capture.body == LYING_CHARSET


async def test_missing_content_type_with_html_bytes_is_accepted(server, fetcher, settings):
    capture = await capture_of(fetcher, f"{server.base}/untyped-html", settings)
    assert capture.body.endswith(ARTICLE)


async def test_xhtml_is_accepted(server, fetcher, settings):
    capture = await capture_of(fetcher, f"{server.base}/xhtml", settings)
    assert capture.body.startswith(b"<?xml")


async def test_redirect_is_followed_and_recorded(server, fetcher, settings):
    capture = await capture_of(fetcher, f"{server.base}/redirect-article", settings)
    assert capture.url == f"{server.base}/redirect-article"
    assert capture.final_url == f"{server.base}/article"
    assert capture.redirects == (f"{server.base}/redirect-article",)


async def test_cookie_check_revisit_is_not_a_loop(server, fetcher, settings):
    capture = await capture_of(fetcher, f"{server.base}/cookie-check", settings)
    assert capture.body == ARTICLE
    assert len(capture.redirects) == 1


# ---------------------------------------------------------------- conditional requests


async def test_etag_gives_not_modified(server, fetcher, settings):
    first = await capture_of(fetcher, f"{server.base}/etag", settings)
    validators = Validators.of(first)
    assert validators.etag == ETAG
    again = await fetcher.fetch(f"{server.base}/etag", settings, validators=validators)
    assert isinstance(again, NotModified)
    assert again.status == 304
    assert again.final_url == f"{server.base}/etag"
    assert server.log.requests[-1].headers["if-none-match"] == ETAG


async def test_routine_checks_reuse_one_connection(server, fetcher, settings):
    """304s and redirects are read to their end, so keep-alive survives them."""
    validators = Validators(etag=ETAG)
    for _ in range(3):
        assert isinstance(
            await fetcher.fetch(f"{server.base}/etag", settings, validators=validators), NotModified
        )
    await fetcher.fetch(f"{server.base}/redirect-article", settings)
    assert server.log.paths() == ["/robots.txt"] + ["/etag"] * 3 + ["/redirect-article", "/article"]
    assert server.log.connections == 1


async def test_last_modified_gives_not_modified(server, fetcher, settings):
    first = await capture_of(fetcher, f"{server.base}/last-modified", settings)
    validators = Validators.of(first)
    assert validators == Validators(last_modified=LAST_MODIFIED)
    again = await fetcher.fetch(f"{server.base}/last-modified", settings, validators=validators)
    assert isinstance(again, NotModified)


async def test_stale_validators_get_the_full_page(server, fetcher, settings):
    result = await fetcher.fetch(
        f"{server.base}/etag", settings, validators=Validators(etag='"old"')
    )
    assert isinstance(result, Capture)
    assert result.body == ARTICLE


# ---------------------------------------------------------------- size limits


async def test_gzip_bomb_is_stopped(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/gzip-bomb", settings)
    assert isinstance(failure, TooLargeFailure)
    assert failure.reason == "decompressed body over the 2 MB limit (Content-Encoding: gzip)"


async def test_brotli_bomb_is_stopped(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/brotli-bomb", settings)
    assert isinstance(failure, TooLargeFailure)
    assert failure.reason == "decompressed body over the 2 MB limit (Content-Encoding: br)"


async def test_endless_body_is_stopped(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/endless", settings)
    assert isinstance(failure, TooLargeFailure)
    assert failure.reason == "body over the 1 MB limit"


async def test_declared_huge_body_is_refused_before_reading(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/big-declared", settings)
    assert isinstance(failure, TooLargeFailure)
    assert failure.reason == "body over the 1 MB limit (Content-Length 200 MB)"


# ---------------------------------------------------------------- redirects


async def test_redirect_loop(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/loop-a", settings)
    assert isinstance(failure, RedirectFailure)
    assert failure.reason == f"redirect loop at {server.base}/loop-a"


async def test_too_many_redirects(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/chain", settings)
    assert isinstance(failure, RedirectFailure)
    assert failure.reason.startswith("too many redirects (more than 4)")
    assert server.log.paths().count("/chain") == 5


async def test_redirect_to_other_scheme(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/redirect-ftp", settings)
    assert isinstance(failure, RedirectFailure)
    assert "ftp://files.example.org/a.html" in failure.reason


# ---------------------------------------------------------------- time limits


async def test_drip_is_cut_by_the_total_deadline(server, fetcher, settings):
    drip = replace(settings, total_timeout=1.0)
    failure = await failure_of(fetcher, f"{server.base}/drip", drip)
    assert isinstance(failure, TimeoutFailure)
    assert (
        failure.reason == "timed out after 1 s reading the body (the total deadline of one fetch)"
    )


async def test_headers_that_never_come_hit_the_read_timeout(server, fetcher, settings):
    silent = replace(settings, read_timeout=0.5)
    failure = await failure_of(fetcher, f"{server.base}/silent", silent)
    assert isinstance(failure, TimeoutFailure)
    assert failure.reason == "timed out after 0.5 s waiting for the response headers"


async def test_headers_that_never_come_hit_the_deadline(server, fetcher, settings):
    silent = replace(settings, read_timeout=10.0, total_timeout=0.5)
    failure = await failure_of(fetcher, f"{server.base}/silent", silent)
    assert isinstance(failure, TimeoutFailure)
    assert failure.reason == (
        "timed out after 0.5 s waiting for the response headers (the total deadline of one fetch)"
    )


async def test_headers_that_never_end(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/endless-headers", settings)
    assert isinstance(failure, NetworkFailure)
    assert failure.reason == "127.0.0.1 sent response headers over the size limit"


# ---------------------------------------------------------------- broken connections


async def test_connection_reset(server, fetcher, settings, sleeps):
    failure = await failure_of(fetcher, f"{server.base}/reset", settings)
    assert isinstance(failure, NetworkFailure)
    assert failure.reason.startswith(
        "the connection to 127.0.0.1 was reset while waiting for the response headers"
    )
    assert failure.reason.endswith("(gave up after 3 attempts)")
    assert len(sleeps.calls) >= 2  # backed off between the attempts


async def test_reset_in_the_middle_of_the_body(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/reset-mid-body", settings)
    assert isinstance(failure, NetworkFailure)


async def test_truncated_body_is_not_a_capture(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/truncated", settings)
    assert isinstance(failure, NetworkFailure)
    assert "before the body was complete" in failure.reason


async def test_garbage_instead_of_http(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/garbage", settings)
    assert isinstance(failure, NetworkFailure)
    assert "no valid HTTP response" in failure.reason


async def test_connection_refused():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: connections are refused
        settings = FetchSettings(allow_private=True, respect_robots=False, total_timeout=5)
        sleeps = Sleeps()
        async with HttpFetcher(sleep=sleeps) as fetcher:
            failure = await failure_of(fetcher, f"http://127.0.0.1:{port}/", settings)
    assert isinstance(failure, NetworkFailure)
    assert failure.reason.startswith("could not connect to 127.0.0.1")


# ---------------------------------------------------------------- statuses


async def test_server_error(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/error-500", settings)
    assert type(failure) is HTTPStatusFailure
    assert failure.status == 500
    assert failure.reason == "HTTP 500 Internal Server Error"
    assert server.log.paths().count("/error-500") == 1  # a 500 is not retried


async def test_503_then_200_is_retried(server, fetcher, settings, sleeps):
    capture = await capture_of(fetcher, f"{server.base}/flaky?key=retry-once", settings)
    assert capture.body == ARTICLE
    assert server.log.paths().count("/flaky") == 2
    assert sleeps.calls  # waited before the second attempt


async def test_429_with_retry_after_is_honoured(server, fetcher, settings, sleeps):
    capture = await capture_of(fetcher, f"{server.base}/rate-limited?key=ra1&wait=2", settings)
    assert capture.body == ARTICLE
    assert any(1.5 < seconds <= 2.0 for seconds in sleeps.calls)


async def test_429_with_retry_after_beyond_the_deadline(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/rate-limited?key=ra2&wait=600", settings)
    assert isinstance(failure, HTTPStatusFailure)
    assert failure.status == 429
    assert failure.retry_after == 600
    assert failure.reason == (
        "HTTP 429 Too Many Requests: the server asks to retry after 600 s, beyond the 3 s deadline"
    )
    # the next fetch of the host does not hammer it either
    again = await failure_of(fetcher, f"{server.base}/article", settings)
    assert isinstance(again, HTTPStatusFailure)
    assert "Retry-After" in again.reason


async def test_gone(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/gone", settings)
    assert isinstance(failure, GoneFailure)
    assert failure.outcome == "gone"
    assert failure.reason == "gone: HTTP 410 Gone"
    missing = await failure_of(fetcher, f"{server.base}/missing", settings)
    assert isinstance(missing, GoneFailure)
    assert missing.reason == "gone: HTTP 404 Not Found"


# ---------------------------------------------------------------- content


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/png", "not HTML: image/png"),
        ("/octet", "not HTML: application/octet-stream"),
        ("/untyped-binary", "not HTML: no Content-Type and the body does not look like HTML"),
    ],
)
async def test_binary_content_is_refused(server, fetcher, settings, path, reason):
    failure = await failure_of(fetcher, server.base + path, settings)
    assert isinstance(failure, ContentTypeFailure)
    assert failure.reason == reason


async def test_empty_body(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/empty", settings)
    assert isinstance(failure, EmptyFailure)
    assert failure.reason == "empty body: HTTP 200 OK with no content"


async def test_challenge_page_is_blocked(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/challenge", settings)
    assert isinstance(failure, BlockedFailure)
    assert failure.outcome == "blocked"
    assert failure.status == 403
    assert failure.reason == "blocked: Cloudflare challenge page"


async def test_login_wall_is_blocked(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/login", settings)
    assert isinstance(failure, BlockedFailure)
    assert failure.reason == "blocked: login wall"


# ---------------------------------------------------------------- manners and safety


async def test_robots_disallow(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/private/page", settings)
    assert isinstance(failure, RobotsFailure)
    assert failure.reason.startswith(f"robots.txt disallows {server.base}/private/page")
    assert "/private/page" not in server.log.paths()


async def test_robots_opt_out(server, fetcher, settings):
    capture = await capture_of(
        fetcher, f"{server.base}/private/page", replace(settings, respect_robots=False)
    )
    assert capture.body == ARTICLE
    assert "/robots.txt" not in server.log.paths()


async def test_loopback_is_refused_by_default(server, fetcher, settings):
    failure = await failure_of(
        fetcher, f"{server.base}/article", replace(settings, allow_private=False)
    )
    assert isinstance(failure, AddressFailure)
    assert failure.reason == (
        "refused: the URL points at loopback address 127.0.0.1 (set allow_private to track it)"
    )
    assert server.log.requests == []


class _Route(httpx.AsyncBaseTransport):
    """Sends requests for named test hosts to the local server; the Host header stays."""

    def __init__(self, server: HostileServer, hosts: set[str]) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._server = server
        self._hosts = hosts

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host in self._hosts:
            request.url = request.url.copy_with(host="127.0.0.1", port=self._server.port)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def test_redirect_to_a_private_address_is_refused(server, settings, sleeps):
    addresses = {"public.test": ["93.184.216.34"], "internal.test": ["10.0.0.5"]}

    async def resolver(host: str, port: int) -> list[str]:
        return addresses[host]

    transport = _Route(server, {"public.test"})
    async with HttpFetcher(transport=transport, resolver=resolver, sleep=sleeps) as fetcher:
        failure = await failure_of(
            fetcher, "http://public.test/redirect-internal", replace(settings, allow_private=False)
        )
    await transport.aclose()
    assert isinstance(failure, AddressFailure)
    assert failure.reason == (
        "refused: internal.test resolves to private address 10.0.0.5 "
        "(set allow_private to track it)"
    )
    assert server.log.paths() == ["/robots.txt", "/redirect-internal"]
    assert server.log.requests[-1].headers["host"] == "public.test"


async def test_dns_rebinding_is_caught_at_connect_time(server, settings, sleeps):
    """The resolver we ask says public; the connection lands on loopback anyway."""

    async def lying(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    async with HttpFetcher(resolver=lying, sleep=sleeps) as fetcher:
        failure = await failure_of(
            fetcher,
            f"http://localhost:{server.port}/article",
            replace(settings, allow_private=False),
        )
    assert isinstance(failure, AddressFailure)
    assert failure.reason == (
        "refused: localhost connected to loopback address 127.0.0.1 (set allow_private to track it)"
    )
    assert server.log.requests == []  # refused at connect time: not one request was sent


async def test_plain_body_over_the_decoded_limit_reads_as_a_size_limit(server, fetcher, settings):
    small = replace(settings, max_body_bytes=1 << 20, max_decompressed_bytes=600)
    failure = await failure_of(fetcher, f"{server.base}/article", small)
    assert isinstance(failure, TooLargeFailure)
    assert failure.reason == "body over the 600 bytes limit"


async def test_deadline_failures_are_plain_timeout_failures(server, fetcher, settings):
    failure = await failure_of(fetcher, f"{server.base}/drip", replace(settings, total_timeout=0.3))
    assert type(failure) is TimeoutFailure


async def test_untrusted_certificate_is_a_tls_failure(server, fetcher, settings):
    url = f"https://127.0.0.1:{server.tls_port}/article"
    failure = await failure_of(fetcher, url, replace(settings, respect_robots=False))
    assert isinstance(failure, NetworkFailure)
    assert failure.reason.startswith("TLS handshake with 127.0.0.1 failed")
    assert "certificate" in failure.reason.lower()
    assert "gave up" not in failure.reason  # a bad certificate is not retried


async def test_tls_handshake_that_never_finishes_hits_the_connect_timeout(
    server, fetcher, settings
):
    url = f"https://127.0.0.1:{server.port}/silent"  # a plain-HTTP port never answers TLS
    stalled = replace(settings, respect_robots=False, connect_timeout=0.3)
    failure = await failure_of(fetcher, url, stalled)
    assert isinstance(failure, TimeoutFailure)
    assert failure.reason.startswith("timed out after 0.3 s connecting to 127.0.0.1")


@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    head=st.sampled_from(
        [
            b"",
            b"HTTP/1.1 200 OK\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
            b"HTTP/1.0 302 Found\r\nLocation: /raw?key=none\r\n",
            b"HTTP/1.1 304 Not Modified\r\n",
        ]
    ),
    tail=st.binary(max_size=600),
)
def test_any_bytes_from_a_socket_end_in_a_result_or_a_failure(hostile_server, head, tail):
    key = hashlib.sha256(head + tail).hexdigest()
    hostile_server.raw[key] = head + tail

    async def run() -> object:
        async with HttpFetcher(sleep=Sleeps()) as fetcher:
            try:
                return await fetcher.fetch(
                    f"{hostile_server.base}/raw?key={key}",
                    FetchSettings(allow_private=True, respect_robots=False, total_timeout=3),
                )
            except FetchFailure as failure:
                return failure

    result = asyncio.run(run())
    assert isinstance(result, Capture | NotModified | FetchFailure)
    if isinstance(result, FetchFailure):
        assert result.reason and "\n" not in result.reason
