"""RobotsCache on its own: RFC 9309 status handling, per-origin caching, Crawl-delay."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.clock import FakeClock

from tracker.errors import RobotsFailure
from tracker.fetch.robots import (
    MAX_CRAWL_DELAY,
    RobotsAnswer,
    RobotsCache,
    origin_of,
    product_token,
)

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(30)]

UA = "tracker/0.1 (+https://example.org/contact)"


class Robots:
    """A scripted robots.txt fetch that counts its calls per URL."""

    def __init__(self, answer: RobotsAnswer) -> None:
        self.answer = answer
        self.calls: list[str] = []

    async def __call__(self, url: str) -> RobotsAnswer:
        self.calls.append(url)
        return self.answer


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://Clinic.Example/a/b?c", "https://clinic.example"),
        ("https://clinic.example:443/a", "https://clinic.example"),
        ("http://clinic.example:8080/a", "http://clinic.example:8080"),
        ("http://[2001:db8::1]/x", "http://[2001:db8::1]"),
    ],
)
def test_origin_of(url, origin):
    assert origin_of(url) == origin


async def test_rules_are_applied_per_user_agent():
    text = b"User-agent: tracker\nDisallow: /drafts/\n\nUser-agent: *\nDisallow: /\n"
    fetch = Robots(RobotsAnswer(200, text))
    cache = RobotsCache(clock=FakeClock())
    assert await cache.check("https://a.example/post", UA, fetch) == 0.0
    with pytest.raises(RobotsFailure, match=r"robots\.txt disallows https://a\.example/drafts/1"):
        await cache.check("https://a.example/drafts/1", UA, fetch)
    with pytest.raises(RobotsFailure):
        await cache.check("https://a.example/post", "OtherBot/1.0", fetch)
    assert fetch.calls == ["https://a.example/robots.txt"]


@pytest.mark.parametrize(
    ("user_agent", "token"),
    [
        ("tracker/0.1 (+https://github.com/tracker-project/tracker)", "tracker"),
        ("Research-Bot", "Research-Bot"),
        ("  my_watch/2", "my_watch"),
        ("Mozilla/5.0 (compatible)", "Mozilla"),
    ],
)
def test_product_token(user_agent, token):
    assert product_token(user_agent) == token


async def test_groups_match_the_product_token_not_the_contact_url():
    text = b"User-agent: github\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    fetch = Robots(RobotsAnswer(200, text))
    ua = "tracker/0.1 (+https://github.com/tracker-project/tracker)"
    assert await RobotsCache(clock=FakeClock()).check("https://a.example/post", ua, fetch) == 0.0


async def test_each_origin_has_its_own_rules():
    fetch = Robots(RobotsAnswer(404, b""))
    cache = RobotsCache(clock=FakeClock())
    await cache.check("https://a.example/1", UA, fetch)
    await cache.check("http://a.example/1", UA, fetch)
    await cache.check("https://a.example:8443/1", UA, fetch)
    assert fetch.calls == [
        "https://a.example/robots.txt",
        "http://a.example/robots.txt",
        "https://a.example:8443/robots.txt",
    ]


async def test_crawl_delay_is_returned_and_capped():
    fetch = Robots(RobotsAnswer(200, b"User-agent: *\nCrawl-delay: 86400\n"))
    assert await RobotsCache(clock=FakeClock()).check("https://a.example/", UA, fetch) == (
        MAX_CRAWL_DELAY
    )


async def test_robots_txt_itself_is_never_checked():
    fetch = Robots(RobotsAnswer(200, b"User-agent: *\nDisallow: /\n"))
    assert (
        await RobotsCache(clock=FakeClock()).check("https://a.example/robots.txt", UA, fetch) == 0
    )
    assert fetch.calls == []


async def test_too_many_requests_on_robots_is_not_an_allow_all():
    fetch = Robots(RobotsAnswer(429, b""))
    with pytest.raises(RobotsFailure, match="answered HTTP 429"):
        await RobotsCache(clock=FakeClock()).check("https://a.example/x", UA, fetch)


async def test_server_error_disallows_until_it_recovers():
    clock = FakeClock()
    fetch = Robots(RobotsAnswer(500, b""))
    cache = RobotsCache(clock=clock)
    with pytest.raises(RobotsFailure, match="answered HTTP 500"):
        await cache.check("https://a.example/x", UA, fetch)
    fetch.answer = RobotsAnswer(200, b"User-agent: *\nAllow: /\n")
    # a failure is not cached for a day: the next check asks again
    assert await cache.check("https://a.example/x", UA, fetch) == 0.0
    assert len(fetch.calls) == 2


async def test_network_problem_is_named():
    fetch = Robots(RobotsAnswer(0, b"", problem="timed out after 10 s connecting to a.example"))
    with pytest.raises(RobotsFailure) as caught:
        await RobotsCache(clock=FakeClock()).check("https://a.example/x", UA, fetch)
    assert caught.value.reason == (
        "robots.txt at https://a.example/robots.txt could not be fetched (timed out after 10 s "
        "connecting to a.example), so nothing on https://a.example may be fetched "
        "(set respect_robots = false for this watch to override)"
    )


@settings(deadline=None)  # no per-example time limit on a loaded machine
@given(body=st.binary(max_size=3000), path=st.text(max_size=40))
async def test_any_robots_body_is_parsed_without_crashing(body, path):
    fetch = Robots(RobotsAnswer(200, body))
    with contextlib.suppress(RobotsFailure):
        await RobotsCache(clock=FakeClock()).check(f"https://a.example/{path}", UA, fetch)


async def test_expired_rules_are_forgotten_when_many_origins_were_seen():
    clock = FakeClock()
    fetch = Robots(RobotsAnswer(200, b"User-agent: *\nAllow: /\n"))
    cache = RobotsCache(clock=clock, ttl=10.0)
    for n in range(1100):
        await cache.check(f"https://site{n}.example/", UA, fetch)
        clock.now += 0.05  # the first origins expire while the later ones are read
    assert len(cache) < 1100
    assert "https://site1099.example" in cache
