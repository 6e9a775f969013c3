"""The browser fetcher on local pages whose article a script builds: the whole way
through the commands (check, WARC, history, diff), and the admission, limits and wall
checks it shares with the HTTP fetcher.

These tests drive the system's Chromium. Without it (or without Playwright) they are
skipped on a developer's machine and fail under CI, so CI cannot pass by skipping.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from support.commands import pace_checks
from support.site import CLINIC_FIRST, CLINIC_SECOND, Page, PageServer, page_server
from support.terms import SELECTION, terms_page
from warcio.archiveiterator import ArchiveIterator

from tracker.check import check
from tracker.cli import cli
from tracker.config import FetchSettings, Watch
from tracker.errors import BlockedFailure, TimeoutFailure, TooLargeFailure, UsageError
from tracker.fetch import BrowserFetcher, Fetchers, HttpFetcher
from tracker.fetch.browser import find_chromium
from tracker.model import Capture, NotModified, Outcome, Validators
from tracker.store import open_index
from tracker.store.rows import INDEX_NAME

TITLE = "Ozone therapy for chronic fatigue"
LOCAL = FetchSettings(allow_private=True, min_host_delay=0.0, fetcher="browser")

# An empty shell: the article is fetched and built by app.js, as single-page sites do.
SHELL = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Riverside clinic</title></head>
<body><nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
<main id="app"><p class="loading">Loading...</p></main>
<script src="/app.js"></script></body></html>
"""
APP = b"""
fetch('/article.json').then(r => r.json()).then(article => {
  const main = document.getElementById('app');
  main.innerHTML = '';
  const body = document.createElement('article');
  const h1 = document.createElement('h1');
  h1.textContent = article.title;
  body.appendChild(h1);
  for (const text of article.paragraphs) {
    const p = document.createElement('p');
    p.textContent = text;
    body.appendChild(p);
  }
  main.appendChild(body);
});
"""


@pytest.fixture(scope="module", autouse=True)
def chromium() -> None:
    """Skip without Chromium and Playwright, except under CI, where that is a failure."""
    try:
        find_chromium()
        import playwright  # noqa: F401
    except (UsageError, ImportError) as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests must run under CI: {error}")
        pytest.skip(f"no browser to drive: {error}")


def article_json(paragraphs: list[str]) -> bytes:
    return json.dumps({"title": TITLE, "paragraphs": paragraphs}).encode()


@pytest.fixture
def site() -> Iterator[PageServer]:
    with page_server() as server:
        server.pages["/post"] = Page(body=SHELL)
        server.pages["/app.js"] = Page(body=APP, content_type="text/javascript")
        server.pages["/article.json"] = Page(
            body=article_json(CLINIC_FIRST), content_type="application/json"
        )
        yield server


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


Render = Callable[[str, FetchSettings], Capture]


def browser_fetch(http: HttpFetcher) -> Iterator[Render]:
    """Fetches through one browser on one event loop (starting Chromium takes seconds)."""
    loop = asyncio.new_event_loop()
    browser = BrowserFetcher(http)

    def fetch(url: str, settings: FetchSettings) -> Capture:
        result = loop.run_until_complete(browser.fetch(url, settings))
        assert isinstance(result, Capture)
        return result

    try:
        yield fetch
    finally:
        loop.run_until_complete(browser.aclose())
        loop.run_until_complete(http.aclose())
        loop.close()


@pytest.fixture(scope="module")
def render() -> Iterator[Render]:
    yield from browser_fetch(HttpFetcher())


def test_a_script_built_article_is_tracked_end_to_end(
    site: PageServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pace_checks(monkeypatch, 0.0)
    data = str(tmp_path / "data")
    url = site.url("/post")
    check = ("check", url, "--data-dir", data, "--allow-private")

    # As served, the page holds no article: what the HTTP fetcher stores lacks it.
    as_served = str(tmp_path / "as-served")
    run("check", url, "--data-dir", as_served, "--allow-private")
    code, out = run("show", url, "--data-dir", as_served)
    assert "patients" not in out

    code, out = run(*check, "--fetcher", "browser", "--format", "json")
    assert code == 0, out
    first = json.loads(out)
    assert first["outcome"] == "new"
    code, out = run("show", str(first["snapshot"]), "--data-dir", data)
    assert "More than 300 patients" in out and "Loading" not in out

    # The same shell, another article behind it: the change is found and reported.
    site.pages["/article.json"] = Page(
        body=article_json(CLINIC_SECOND), content_type="application/json"
    )
    code, out = run(*check, "--fetcher", "browser")
    assert code == 0
    assert out.startswith(f"changed: {url} stored as snapshot")
    assert "1200" in out

    code, out = run(*check, "--fetcher", "browser")
    assert code == 0 and "(the same article after the page's scripts ran)" in out

    code, out = run("history", url, "--data-dir", data, "--format", "json")
    assert [row["outcome"] for row in json.loads(out)] == ["new", "changed", "unchanged"]
    code, out = run("diff", f"{url}@-2", f"{url}@-1", "--data-dir", data)
    assert code == 1 and "1200" in out and "300" in out
    code, out = run("verify", "--data-dir", data)
    assert code == 0 and out.startswith("ok:")

    target = tmp_path / "post.warc.gz"
    run("export", url, "--warc", str(target), "--data-dir", data)
    with target.open("rb") as handle:
        records = [
            (record.rec_type, record.rec_headers, record.content_stream().read())
            for record in ArchiveIterator(handle, check_digests=True)
        ]
    responses = [(headers, body) for kind, headers, body in records if kind == "response"]
    conversions = [(headers, body) for kind, headers, body in records if kind == "conversion"]
    # The HTML as served, byte for byte, once; each rendered DOM once: the unchanged
    # render of the third check is a revisit of the second's conversion record.
    assert [body for _, body in responses] == [SHELL]
    assert len(conversions) == 2
    dom_revisits = [
        h for kind, h, _ in records if kind == "revisit" and h.get_header("WARC-Concurrent-To")
    ]
    assert [h.get_header("WARC-Refers-To") for h in dom_revisits] == [
        conversions[1][0].get_header("WARC-Record-ID")
    ]
    ids = {headers.get_header("WARC-Record-ID") for kind, headers, _ in records}
    for headers, body in conversions:
        assert headers.get_header("Content-Type") == "text/html; charset=utf-8"
        assert headers.get_header("WARC-Refers-To") in ids
        assert b"<article>" in body and b"Loading..." not in body
    assert b"More than 300 patients" in conversions[0][1]
    assert b"More than 1200 patients" in conversions[1][1]

    # The index lost: reindex reads each version from the DOM its check rendered, found in
    # the WARC by the records naming it (the third check's by its revisit), not the shell.
    code, before = run("history", url, "--data-dir", data, "--format", "json")
    (Path(data) / INDEX_NAME).unlink()
    code, out = run("reindex", "--data-dir", data)
    assert code == 0 and "restored 3 capture(s)" in out, out
    code, after = run("history", url, "--data-dir", data, "--format", "json")
    kept = ("outcome", "origin", "snapshot", "new_snapshot", "http_status", "error")
    assert [{k: row[k] for k in kept} for row in json.loads(after)] == [
        {k: row[k] for k in kept} for row in json.loads(before)
    ]
    code, out = run("show", f"{url}@-1", "--data-dir", data)
    assert "More than 1200 patients" in out and "Loading" not in out
    code, out = run("diff", f"{url}@-2", f"{url}@-1", "--data-dir", data)
    assert code == 1 and "1200" in out and "300" in out
    code, out = run("verify", "--data-dir", data)
    assert code == 0 and out.startswith("ok:"), out


def test_every_request_of_the_page_is_admitted(site: PageServer) -> None:
    """A literal loopback address, a robots.txt-disallowed path and a WebSocket (which
    request interception does not see) are refused unsent;
    the page still renders (a refused request is the page's problem, not the check's)."""
    port = site.base.rsplit(":", 1)[1]
    site.pages["/robots.txt"] = Page(body=b"User-agent: *\nDisallow: /private/\n")
    site.pages["/private/data.json"] = Page(body=b"{}", content_type="application/json")
    site.pages["/secret"] = Page(body=b"{}", content_type="application/json")
    site.pages["/post"] = Page(
        body=b"""<html><body><article><h1>Built here</h1><p id="out">waiting</p></article>
<script>
const out = document.getElementById('out');
new WebSocket('ws://127.0.0.1:%s/socket');
Promise.allSettled([
  fetch('/private/data.json'), fetch('http://127.0.0.1:%s/secret')
]).then(results => { out.textContent = results.map(r => r.status).join(' '); });
</script></body></html>"""
        % (port.encode(), port.encode())
    )

    async def public(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]  # "localhost" passes the address policy; 127.0.0.1 cannot

    # An injected transport: the connection to the page itself is not vetted again.
    http = HttpFetcher(transport=httpx.AsyncHTTPTransport(), resolver=public)
    settings = FetchSettings(min_host_delay=0.0, fetcher="browser")
    for fetch in browser_fetch(http):
        capture = fetch(f"http://localhost:{port}/post", settings)
    assert capture.rendered is not None
    assert b"rejected rejected" in capture.rendered
    paths = site.paths
    assert "/robots.txt" in paths and "/post" in paths
    assert "/private/data.json" not in paths and "/secret" not in paths
    assert "/socket" not in paths  # Chromium has no network of its own to escape by


def test_every_request_of_the_page_goes_through_the_admitted_client(site: PageServer) -> None:
    """Pinned to what admission vetted: the page's requests are sent by the HTTP
    fetcher's own client (here a transport that alone knows clinic.test), never
    resolved again by Chromium or Playwright."""
    routes = {path: site.pages[path] for path in ("/post", "/app.js", "/article.json")}
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        route = routes[request.url.path]
        headers = {"Content-Type": route.content_type or "text/html"}
        return httpx.Response(route.status, headers=headers, content=route.payload())

    async def public(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    http = HttpFetcher(transport=httpx.MockTransport(answer), resolver=public)
    settings = replace(LOCAL, allow_private=False, respect_robots=False)
    for fetch in browser_fetch(http):
        capture = fetch("http://clinic.test/post", settings)
    assert capture.rendered is not None and b"More than 300 patients" in capture.rendered
    assert seen == ["/post", "/app.js", "/article.json"]
    assert site.paths == []  # nothing reached the real server by another way


def test_a_page_unchanged_in_every_part_is_not_rendered_again(site: PageServer) -> None:
    loop = asyncio.new_event_loop()
    http = HttpFetcher()
    browser = BrowserFetcher(http)
    url = site.url("/post")

    def fetch(validators: Validators | None = None) -> Capture | NotModified:
        return loop.run_until_complete(browser.fetch(url, LOCAL, validators=validators))

    try:
        first = fetch()
        assert isinstance(first, Capture)
        validators = Validators.of(first)
        before, bodies = len(site.requests), len(site.sent)
        assert isinstance(fetch(validators), NotModified)
        # The HTML and every request its render read, each asked with its validators.
        asked = site.requests[before:]
        assert [request.path for request in asked] == ["/post", "/app.js", "/article.json"]
        assert all(request.headers.get("If-None-Match") for request in asked)
        assert len(site.sent) == bodies  # every answer was a 304: no body sent again
        # The same HTML, another article behind it: the render is done again.
        site.pages["/article.json"] = Page(
            body=article_json(CLINIC_SECOND), content_type="application/json"
        )
        second = fetch(validators)
        assert isinstance(second, Capture) and second.rendered is not None
        assert b"More than 1200 patients" in second.rendered
    finally:
        loop.run_until_complete(browser.aclose())
        loop.run_until_complete(http.aclose())
        loop.close()


def scripted(page: str) -> bytes:
    """A page whose whole body a script writes: the HTML as served holds none of it."""
    body = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    markup = json.dumps(body).replace("</", "<\\/")
    return (
        "<html><head><title>Terms of service</title></head><body>"
        f"<script>document.body.innerHTML = {markup};</script></body></html>"
    ).encode()


def test_new_selectors_read_the_stored_version_from_its_rendered_dom(
    site: PageServer, tmp_path: Path
) -> None:
    """The stored version is read again through the new selectors from the DOM its
    check rendered (the served HTML has no article to read)."""
    url = site.url("/terms")
    plain = Watch(name="terms", url=url)
    chosen = replace(plain, include=SELECTION.include, exclude=SELECTION.exclude)
    loop = asyncio.new_event_loop()
    fetchers = Fetchers(HttpFetcher())

    def check_watch(watch: Watch) -> Outcome:
        return loop.run_until_complete(check(store, fetchers, watch, LOCAL)).outcome

    try:
        with open_index(tmp_path / "data") as store:
            site.pages["/terms"] = Page(body=scripted(terms_page(promo="Get 20% off.")))
            assert check_watch(plain) is Outcome.NEW
            site.pages["/terms"] = Page(body=scripted(terms_page(promo="Get 30% off.")))
            assert check_watch(chosen) is Outcome.UNCHANGED
            site.pages["/terms"] = Page(body=scripted(terms_page(promo="Get 30% off.", fee="12")))
            assert check_watch(chosen) is Outcome.CHANGED
        # 'tracker diff' through selectors reads both stored versions from their DOMs.
        versions = (f"{url}@-2", f"{url}@-1", "--include", ".legal-footer")
        code, out = run("diff", *versions, "--data-dir", str(tmp_path / "data"))
        assert code == 1 and "12 euros" in out and "10 euros" in out
    finally:
        loop.run_until_complete(fetchers.aclose())
        loop.close()


def test_the_page_requests_count_against_the_size_limit(site: PageServer, render: Render) -> None:
    site.pages["/article.json"] = Page(body=b"[" + b"0," * 300_000 + b"0]")
    with pytest.raises(TooLargeFailure, match=r"over the 97\.7 KB limit"):
        render(site.url("/post"), replace(LOCAL, max_body_bytes=100_000))


def test_a_page_that_never_finishes_loading_ends_at_the_deadline(
    site: PageServer, render: Render
) -> None:
    def slow() -> bytes:
        time.sleep(4.0)
        return APP

    site.pages["/app.js"] = Page(body=slow, content_type="text/javascript")
    with pytest.raises(TimeoutFailure, match=r"timed out after 1\.5 s") as raised:
        render(site.url("/post"), replace(LOCAL, total_timeout=1.5))
    # The server did answer: the page as served is kept as the failure's evidence.
    answer = raised.value.response
    assert answer is not None and answer.body == SHELL and answer.rendered is None


def test_a_wall_built_by_a_script_is_blocked_with_its_evidence(
    site: PageServer, render: Render
) -> None:
    site.pages["/post"] = Page(
        body=b"""<html><head><title>Riverside clinic</title></head><body><main></main>
<script>document.title = 'Access denied';
document.querySelector('main').textContent = 'You do not have permission.';</script>
</body></html>"""
    )
    with pytest.raises(BlockedFailure) as raised:
        render(site.url("/post"), LOCAL)
    answer = raised.value.response
    assert answer is not None and answer.rendered is not None
    assert b"<title>Access denied</title>" in answer.rendered


def test_a_missing_chromium_says_what_to_install(
    site: PageServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TRACKER_CHROMIUM", str(tmp_path / "no-such-chromium"))
    for fetch in browser_fetch(HttpFetcher()):
        with pytest.raises(UsageError, match="apt-get install chromium"):
            fetch(site.url("/post"), LOCAL)
