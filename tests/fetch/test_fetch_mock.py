"""HttpFetcher behaviour that needs no real socket: httpx.MockTransport, a fake resolver,
and a fake clock whose sleep moves time forward instead of waiting."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

import httpx
import pytest
from support.clock import FakeClock
from support.fetching import RawStream

from tracker.config import FetchSettings
from tracker.errors import (
    AddressFailure,
    BlockedFailure,
    ContentTypeFailure,
    FetchFailure,
    HTTPStatusFailure,
    NetworkFailure,
    RedirectFailure,
    RobotsFailure,
)
from tracker.fetch import HttpFetcher
from tracker.fetch.robots import ROBOTS_TTL
from tracker.model import Capture, NotModified, Validators

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(30)]

PAGE = b"<!doctype html><html><head><title>A post</title></head><body><p>Text.</p></body></html>"
PUBLIC = "93.184.216.34"


@dataclass
class Site:
    """A scripted web: per-path handlers, a log of (host, path, start, end) and concurrency."""

    clock: FakeClock
    routes: dict[str, Callable[[httpx.Request], httpx.Response]] = field(default_factory=dict)
    log: list[tuple[str, str, float, float]] = field(default_factory=list)
    in_flight: dict[str, int] = field(default_factory=dict)
    max_in_flight: dict[str, int] = field(default_factory=dict)
    duration: float = 0.25  # simulated time each request takes

    async def handle(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        self.in_flight[host] = self.in_flight.get(host, 0) + 1
        self.max_in_flight[host] = max(self.max_in_flight.get(host, 0), self.in_flight[host])
        start = self.clock.now
        for _ in range(3):
            await asyncio.sleep(0)  # let any other task run while this request is "open"
        self.clock.now += self.duration
        self.in_flight[host] -= 1
        self.log.append((host, request.url.path, start, self.clock.now))
        route = self.routes.get(request.url.path)
        if route is None:
            if request.url.path == "/robots.txt":
                return httpx.Response(404)
            return httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE)
        return route(request)

    def paths(self) -> list[str]:
        return [path for _, path, _, _ in self.log]


async def public(host: str, port: int) -> list[str]:
    return [PUBLIC]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def site(clock: FakeClock) -> Site:
    return Site(clock)


@pytest.fixture
def settings() -> FetchSettings:
    return FetchSettings(min_host_delay=2.0, total_timeout=30.0)


def fetcher_for(site: Site, clock: FakeClock, resolver=public, **kwargs) -> HttpFetcher:
    return HttpFetcher(
        transport=httpx.MockTransport(site.handle),
        resolver=resolver,
        clock=clock,
        sleep=clock.sleep,
        **kwargs,
    )


async def failure_of(call: Awaitable[object]) -> FetchFailure:
    with pytest.raises(FetchFailure) as caught:
        await call
    return caught.value


# ---------------------------------------------------------------- politeness


async def test_two_fetches_to_one_host_are_serialised_with_the_delay(site, clock, settings):
    async with fetcher_for(site, clock) as fetcher:
        results = await asyncio.gather(
            fetcher.fetch("https://clinic.example/a", settings),
            fetcher.fetch("https://clinic.example/b", settings),
        )
    assert all(isinstance(result, Capture) for result in results)
    assert site.max_in_flight["clinic.example"] == 1
    assert site.paths()[0] == "/robots.txt"
    assert sorted(site.paths()[1:]) == ["/a", "/b"]
    # the two fetches are spaced; a fetch's own robots.txt-then-page is one page load
    (_, _, _, first_end), (_, _, second_start, _) = site.log[1], site.log[2]
    assert second_start - first_end >= settings.min_host_delay
    assert site.log[1][2] == site.log[0][3]
    assert clock.sleeps and all(s <= settings.min_host_delay for s in clock.sleeps)


async def test_different_hosts_do_not_wait_for_each_other(site, clock, settings):
    quiet = replace(settings, respect_robots=False)
    async with fetcher_for(site, clock) as fetcher:
        await asyncio.gather(
            fetcher.fetch("https://one.example/a", quiet),
            fetcher.fetch("https://two.example/a", quiet),
        )
    assert clock.sleeps == []
    starts = [start for _, _, start, _ in site.log]
    assert starts[0] == starts[1]  # both requests were open at the same moment


async def test_crawl_delay_from_robots_raises_the_pause(site, clock, settings):
    site.routes["/robots.txt"] = lambda r: httpx.Response(
        200, text="User-agent: *\nCrawl-delay: 7\nDisallow: /admin\n"
    )
    async with fetcher_for(site, clock) as fetcher:
        await fetcher.fetch("https://clinic.example/a", settings)
        await fetcher.fetch("https://clinic.example/b", settings)
    gaps = [b[2] - a[3] for a, b in zip(site.log, site.log[1:], strict=False)]
    assert gaps[-1] >= 7.0


# ---------------------------------------------------------------- robots.txt


async def test_robots_is_fetched_once_per_origin_and_cached(site, clock, settings):
    site.routes["/robots.txt"] = lambda r: httpx.Response(200, text="User-agent: *\nAllow: /\n")
    async with fetcher_for(site, clock) as fetcher:
        for path in ("/a", "/b", "/c"):
            await fetcher.fetch(f"https://clinic.example{path}", settings)
        assert site.paths().count("/robots.txt") == 1
        clock.now += ROBOTS_TTL + 1  # a day later the rules are read again
        await fetcher.fetch("https://clinic.example/d", settings)
    assert site.paths().count("/robots.txt") == 2


@pytest.mark.parametrize("status", [401, 403, 404, 410])
async def test_unavailable_robots_allows_everything(site, clock, settings, status):
    site.routes["/robots.txt"] = lambda r: httpx.Response(status)
    async with fetcher_for(site, clock) as fetcher:
        assert isinstance(await fetcher.fetch("https://clinic.example/a", settings), Capture)


async def test_unreachable_robots_disallows_with_a_reason(site, clock, settings):
    site.routes["/robots.txt"] = lambda r: httpx.Response(503)
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(fetcher.fetch("https://clinic.example/a", settings))
    assert isinstance(failure, RobotsFailure)
    assert failure.reason == (
        "robots.txt at https://clinic.example/robots.txt answered HTTP 503, so nothing on "
        "https://clinic.example may be fetched (set respect_robots = false for this watch "
        "to override)"
    )
    assert "/a" not in site.paths()


async def test_unreachable_robots_falls_back_to_the_last_good_copy(site, clock, settings):
    answers = iter([httpx.Response(200, text="User-agent: *\nDisallow: /x\n"), None])

    def robots(request: httpx.Request) -> httpx.Response:
        answer = next(answers, None)
        if answer is None:
            raise httpx.ConnectError("connection refused")
        return answer

    site.routes["/robots.txt"] = robots
    async with fetcher_for(site, clock) as fetcher:
        await fetcher.fetch("https://clinic.example/a", settings)
        clock.now += ROBOTS_TTL + 1
        assert isinstance(await fetcher.fetch("https://clinic.example/b", settings), Capture)
        failure = await failure_of(fetcher.fetch("https://clinic.example/x", settings))
    assert isinstance(failure, RobotsFailure)


async def test_robots_redirect_is_followed(site, clock, settings):
    site.routes["/robots.txt"] = lambda r: httpx.Response(
        301, headers={"Location": "https://clinic.example/static/robots.txt"}
    )
    site.routes["/static/robots.txt"] = lambda r: httpx.Response(
        200, text="User-agent: tracker\nDisallow: /\n"
    )
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(fetcher.fetch("https://clinic.example/a", settings))
    assert isinstance(failure, RobotsFailure)
    assert failure.reason.startswith("robots.txt disallows https://clinic.example/a")


async def test_a_resource_request_is_admitted_by_the_fetcher_itself(site, clock, settings):
    # what a rendered page asks for: robots.txt and the address policy hold without the caller
    site.routes["/robots.txt"] = lambda r: httpx.Response(
        200, text="User-agent: *\nDisallow: /members/\n"
    )
    async with fetcher_for(site, clock) as fetcher:
        deadline = fetcher.admission.deadline(settings)
        refused = await failure_of(
            fetcher.fetch_resource("https://clinic.example/members/list.json", settings, deadline)
        )
        sent = await fetcher.fetch_resource("https://clinic.example/app.js", settings, deadline)
    assert isinstance(refused, RobotsFailure)
    assert sent.status == 200
    assert site.paths() == ["/robots.txt", "/app.js"]


async def test_robots_is_checked_on_every_hop(site, clock, settings):
    site.routes["/a"] = lambda r: httpx.Response(
        302, headers={"Location": "https://other.example/hidden"}
    )

    def robots(request: httpx.Request) -> httpx.Response:
        if request.url.host == "other.example":
            return httpx.Response(200, text="User-agent: *\nDisallow: /hidden\n")
        return httpx.Response(404)

    site.routes["/robots.txt"] = robots
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(fetcher.fetch("https://clinic.example/a", settings))
    assert isinstance(failure, RobotsFailure)
    assert "https://other.example/hidden" in failure.reason
    assert "/hidden" not in site.paths()


# ---------------------------------------------------------------- retries


async def test_transient_statuses_are_retried_with_growing_backoff(site, clock, settings):
    statuses = iter([502, 504, 200])

    def flaky(request: httpx.Request) -> httpx.Response:
        status = next(statuses)
        if status == 200:
            return httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE)
        return httpx.Response(status)

    site.routes["/a"] = flaky
    quiet = replace(settings, respect_robots=False, min_host_delay=0.001)
    async with fetcher_for(site, clock) as fetcher:
        result = await fetcher.fetch("https://clinic.example/a", quiet)
    assert isinstance(result, Capture)
    backoffs = [s for s in clock.sleeps if s > 0.01]
    assert len(backoffs) == 2
    assert 0.25 <= backoffs[0] <= 0.5 and 0.5 <= backoffs[1] <= 1.0


async def test_retries_give_up_after_three_attempts(site, clock, settings):
    site.routes["/a"] = lambda r: httpx.Response(503)
    quiet = replace(settings, respect_robots=False)
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(fetcher.fetch("https://clinic.example/a", quiet))
    assert isinstance(failure, HTTPStatusFailure)
    assert failure.status == 503
    assert failure.reason == "HTTP 503 Service Unavailable (gave up after 3 attempts)"
    assert site.paths() == ["/a", "/a", "/a"]


async def test_backoff_never_outlasts_the_deadline(site, clock, settings):
    site.routes["/a"] = lambda r: httpx.Response(502)
    tight = replace(settings, respect_robots=False, total_timeout=0.2)  # < the first backoff
    site.duration = 0.0
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(fetcher.fetch("https://clinic.example/a", tight))
    assert failure.reason == "HTTP 502 Bad Gateway (gave up after 1 attempt)"
    assert sum(clock.sleeps) <= 0.2


async def test_retry_after_http_date_is_honoured(site, clock, settings):
    answers = iter(
        [
            httpx.Response(503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
            httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE),
        ]
    )
    site.routes["/a"] = lambda r: next(answers)
    quiet = replace(settings, respect_robots=False, min_host_delay=0.001)
    async with fetcher_for(site, clock) as fetcher:
        assert isinstance(await fetcher.fetch("https://clinic.example/a", quiet), Capture)


async def test_connect_errors_are_retried(site, clock, settings):
    calls = iter([httpx.ConnectError("refused"), None])

    def sometimes(request: httpx.Request) -> httpx.Response:
        error = next(calls)
        if error is not None:
            raise error
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE)

    site.routes["/a"] = sometimes
    async with fetcher_for(site, clock) as fetcher:
        result = await fetcher.fetch(
            "https://clinic.example/a", replace(settings, respect_robots=False)
        )
    assert isinstance(result, Capture)


async def test_block_page_is_never_retried(site, clock, settings):
    site.routes["/a"] = lambda r: httpx.Response(
        503,
        headers={"cf-mitigated": "challenge", "Content-Type": "text/html"},
        content=b"<html><title>Just a moment...</title></html>",
    )
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(
            fetcher.fetch("https://clinic.example/a", replace(settings, respect_robots=False))
        )
    assert isinstance(failure, BlockedFailure)
    assert site.paths() == ["/a"]


# ---------------------------------------------------------------- addresses


async def test_mixed_public_and_private_resolution_is_refused(site, clock, settings):
    async def mixed(host: str, port: int) -> list[str]:
        return [PUBLIC, "192.168.1.20"]

    async with fetcher_for(site, clock, resolver=mixed) as fetcher:
        failure = await failure_of(fetcher.fetch("https://clinic.example/a", settings))
    assert isinstance(failure, AddressFailure)
    assert failure.reason == (
        "refused: clinic.example resolves to private address 192.168.1.20 "
        "(set allow_private to track it)"
    )
    assert site.log == []


@pytest.mark.parametrize(
    ("url", "kind", "address"),
    [
        ("http://[::1]/", "loopback", "::1"),
        ("http://169.254.169.254/latest/meta-data/", "link-local", "169.254.169.254"),
        ("http://[::ffff:10.1.2.3]/", "private", "::ffff:10.1.2.3"),
        ("http://0.0.0.0/", "unspecified", "0.0.0.0"),
        ("http://224.0.0.1/", "multicast", "224.0.0.1"),
    ],
)
async def test_literal_addresses_are_refused(site, clock, settings, url, kind, address):
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(fetcher.fetch(url, settings))
    assert isinstance(failure, AddressFailure)
    assert failure.reason == (
        f"refused: the URL points at {kind} address {address} (set allow_private to track it)"
    )


async def test_allow_private_skips_resolution(site, clock, settings):
    async def must_not_run(host: str, port: int) -> list[str]:
        raise AssertionError("resolver called although private addresses are allowed")

    allowed = replace(settings, allow_private=True, respect_robots=False)
    async with fetcher_for(site, clock, resolver=must_not_run) as fetcher:
        assert isinstance(await fetcher.fetch("http://intranet.local/a", allowed), Capture)


async def test_dns_failure_is_a_network_failure(site, clock, settings):
    async def broken(host: str, port: int) -> list[str]:
        raise NetworkFailure(f"DNS lookup failed for {host}: Name or service not known")

    async with fetcher_for(site, clock, resolver=broken) as fetcher:
        failure = await failure_of(fetcher.fetch("https://nowhere.example/", settings))
    assert isinstance(failure, NetworkFailure)
    assert failure.reason.startswith("DNS lookup failed for nowhere.example")


# ---------------------------------------------------------------- protocol edges


async def test_request_headers_and_response_headers_are_kept_in_order(site, clock, settings):
    site.routes["/a"] = lambda r: httpx.Response(
        200,
        headers=[
            ("Content-Type", "text/html"),
            ("Set-Cookie", "a=1"),
            ("Set-Cookie", "b=2"),
            ("ETag", 'W/"x"'),
        ],
        content=PAGE,
    )
    quiet = replace(settings, respect_robots=False)
    async with fetcher_for(site, clock) as fetcher:
        capture = await fetcher.fetch(
            "https://clinic.example/a#section",
            quiet,
            validators=Validators(etag='W/"old"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT"),
        )
    assert isinstance(capture, Capture)
    assert [k for k, _ in capture.headers if k.lower() == "set-cookie"] == ["Set-Cookie"] * 2
    sent = dict(capture.request_headers)
    assert sent["If-None-Match"] == 'W/"old"'
    assert sent["If-Modified-Since"] == "Mon, 01 Jan 2024 00:00:00 GMT"
    # only codings every WARC reader decodes: the answer is archived as it was sent
    assert sent["Accept-Encoding"] == "gzip, deflate"
    assert Validators.of(capture) == Validators(etag='W/"x"')


async def test_304_without_a_conditional_request_is_a_failure(site, clock, settings):
    site.routes["/a"] = lambda r: httpx.Response(304)
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(
            fetcher.fetch("https://clinic.example/a", replace(settings, respect_robots=False))
        )
    assert isinstance(failure, HTTPStatusFailure)
    assert failure.status == 304


async def test_304_after_a_redirect_keeps_both_urls(site, clock, settings):
    site.routes["/old"] = lambda r: httpx.Response(301, headers={"Location": "/new"})
    site.routes["/new"] = lambda r: httpx.Response(304, headers={"ETag": '"1"'})
    async with fetcher_for(site, clock) as fetcher:
        result = await fetcher.fetch(
            "https://clinic.example/old",
            replace(settings, respect_robots=False),
            validators=Validators(etag='"1"'),
        )
    assert isinstance(result, NotModified)
    assert result.url == "https://clinic.example/old"
    assert result.final_url == "https://clinic.example/new"
    assert result.header("etag") == '"1"'


async def test_redirect_without_location(site, clock, settings):
    site.routes["/a"] = lambda r: httpx.Response(302)
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(
            fetcher.fetch("https://clinic.example/a", replace(settings, respect_robots=False))
        )
    assert failure.reason == "HTTP 302 Found without a Location header"


async def test_unsupported_content_encoding(site, clock, settings):
    site.routes["/a"] = lambda r: httpx.Response(
        200, headers={"Content-Type": "text/html", "Content-Encoding": "zstd"}, content=b"xx"
    )
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(
            fetcher.fetch("https://clinic.example/a", replace(settings, respect_robots=False))
        )
    assert isinstance(failure, ContentTypeFailure)
    assert failure.reason == "unsupported Content-Encoding: zstd"


async def test_corrupt_gzip(site, clock, settings):
    site.routes["/a"] = lambda r: httpx.Response(
        200,
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        stream=RawStream(b"\x1f\x8b\x08\x00garbage-not-deflate" * 10),
    )
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(
            fetcher.fetch("https://clinic.example/a", replace(settings, respect_robots=False))
        )
    assert isinstance(failure, ContentTypeFailure)
    assert failure.reason.startswith("the body is not valid gzip data")


async def test_truncated_gzip(site, clock, settings):
    site.routes["/a"] = lambda r: httpx.Response(
        200,
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        stream=RawStream(gzip.compress(PAGE * 50)[:-30]),
    )
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(
            fetcher.fetch("https://clinic.example/a", replace(settings, respect_robots=False))
        )
    assert isinstance(failure, NetworkFailure)
    assert failure.reason == "the gzip body ended early: the transfer was cut off"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/a",
        "mailto:x@example.org",
        "not a url",
        "",
        "http://clinic.example:99999/",
        "http://\u2488.com/",
        "http://[::1/",
        "http://a\x00b/",
    ],
)
async def test_non_web_urls_are_refused(site, clock, settings, url):
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(fetcher.fetch(url, settings))
    assert type(failure) is FetchFailure
    assert site.log == []


async def test_redirect_loop_across_hosts(site, clock, settings):
    site.routes["/a"] = lambda r: httpx.Response(
        302, headers={"Location": f"https://{'b' if r.url.host == 'a.example' else 'a'}.example/a"}
    )
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(
            fetcher.fetch("https://a.example/a", replace(settings, respect_robots=False))
        )
    assert isinstance(failure, RedirectFailure)
    assert failure.reason == "redirect loop at https://a.example/a"


async def test_media_types_widen_what_is_accepted(site, clock, settings):
    listing_body = b'[["urlkey","timestamp"],["com,example)/px-captcha","20240101"]]'
    site.routes["/cdx"] = lambda r: httpx.Response(
        200, headers={"Content-Type": "application/json"}, content=listing_body
    )
    quiet = replace(settings, respect_robots=False)
    async with fetcher_for(site, clock) as fetcher:
        listing = await fetcher.fetch(
            "https://archive.example/cdx", quiet, media_types=frozenset({"application/json"})
        )
        assert isinstance(listing, Capture)
        assert listing.body == listing_body  # block-page markers in data are just data
        failure = await failure_of(fetcher.fetch("https://archive.example/cdx", quiet))
    assert isinstance(failure, ContentTypeFailure)
    assert failure.reason == "not HTML: application/json"


async def test_result_url_is_the_url_as_given(site, clock, settings):
    quiet = replace(settings, respect_robots=False)
    async with fetcher_for(site, clock) as fetcher:
        capture = await fetcher.fetch("HTTPS://Clinic.Example/a b", quiet)
    assert isinstance(capture, Capture)
    assert capture.url == "HTTPS://Clinic.Example/a b"
    assert capture.final_url == "https://clinic.example/a%20b"


@pytest.mark.parametrize(
    "location", ["http://clinic.example:70000/x", "http://[::1/x", "javascript:alert(1)"]
)
async def test_unusable_redirect_targets(site, clock, settings, location):
    site.routes["/a"] = lambda r: httpx.Response(302, headers={"Location": location})
    async with fetcher_for(site, clock) as fetcher:
        failure = await failure_of(
            fetcher.fetch("https://clinic.example/a", replace(settings, respect_robots=False))
        )
    assert isinstance(failure, RedirectFailure)
    assert "redirect to" in failure.reason


async def test_valueless_cookie_on_a_redirect(site, clock, settings):
    """Found by hypothesis: "Set-Cookie: 0" made httpx.Cookies.items() raise KeyError."""
    site.routes["/a"] = lambda r: httpx.Response(
        302, headers=[("Set-Cookie", "0"), ("Location", "/b")]
    )
    async with fetcher_for(site, clock) as fetcher:
        capture = await fetcher.fetch(
            "https://clinic.example/a", replace(settings, respect_robots=False)
        )
    assert isinstance(capture, Capture)
    assert capture.final_url == "https://clinic.example/b"
