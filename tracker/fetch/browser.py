"""Fetch a page as a browser shows it: for articles that JavaScript builds.

Some pages send an empty shell and build the article with a script (from a JSON
API, a bundled template). ``BrowserFetcher`` takes the page as served through the
HTTP fetcher (so the main document has every limit, redirect rule, retry, wall check
and the WARC bytes exactly as sent), then renders it in the system's Chromium,
driven by Playwright, and keeps the DOM after the scripts ran as ``Capture.rendered``:
the article is read from it, and the WARC evidence holds both (the response as
served, and the rendered DOM as a ``conversion`` record).

Chromium never touches the network on its own (it resolves no host and is pointed at
a proxy that cannot be reached, so a WebSocket or a prefetch, which interception does
not see, goes nowhere): every request the page makes is intercepted and sent by the
HTTP fetcher's own client (``HttpFetcher.fetch_resource``) only after the same
``Admission`` as any fetch (address policy, robots.txt, a turn at the host), so the
address each new connection reaches is vetted as for the main document (DNS rebinding
is caught for every request, and neither Chromium nor Playwright resolves a host again
after admission). Redirects are left to
the page (so each hop is admitted again), and every body counts against the watch's
size limits; the whole fetch, rendering included, stays within the watch's total
deadline. Images, media and fonts
are not requested at all (the article never needs them). Requests are refused,
not failed, so a page whose tracker script is disallowed still renders. Whether the
rendered page is a wall is checked like a served one.

Chromium is Debian's ``chromium`` (never a browser downloaded at run time): the path
is the fetcher's ``executable``, else TRACKER_CHROMIUM, else ``chromium`` on PATH.
Playwright is the optional ``browser`` extra. One browser is started, on first use,
for the fetcher's lifetime; each fetch gets a fresh context (no cookies or storage
carried from one page to the next).

Conditional requests: a script-built article changes while its HTML stays the same,
so a 304 to the HTML alone proves nothing. The fetcher remembers what each page's last
render read (every request, with the validators of its answer); when the check's
validators are those of that render's HTML, the HTML is asked for conditionally, and
on a 304 every request the render read is asked again with its own validators. Only
when all of them answer 304 is the page NotModified (nothing rendered, nothing
written but the 304); otherwise the HTML is fetched again whole and rendered. A page
whose render read something that cannot be asked again (a POST, an answer without
validators, a failed request) is always rendered, and so is a page the fetcher has not
rendered yet (each ``tracker check`` starts afresh; the daemon's fetcher remembers).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Unpack
from urllib.parse import urldefrag, urlsplit

from tracker.config import FetchSettings
from tracker.errors import (
    BlockedFailure,
    FetchFailure,
    TimeoutFailure,
    TooLargeFailure,
    UsageError,
)
from tracker.fetch.admission import DeadlineExpired
from tracker.fetch.body import HTML_TYPES, media_type, seconds, size
from tracker.fetch.exchange import FetchOptions, conditional_headers
from tracker.fetch.politeness import Deadline
from tracker.memo import Recent
from tracker.model import Capture, Headers, NotModified, Validators

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page, Playwright, Route

    from tracker.fetch.http import HttpFetcher

__all__ = ["CHROMIUM_FLAGS", "BrowserFetcher", "find_chromium"]

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Chromium gets no network of its own: what request interception does not see (a
    # WebSocket, a prefetch) goes to a proxy that cannot be reached, never to the site.
    "--proxy-server=http://proxy.invalid:1",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
# Pages whose last render is remembered (their HTML's validators and what it read), so
# that a page unchanged in every part is not rendered again.
RENDERS_REMEMBERED = 1024
# After the load event, how long the page may keep fetching (its article, often) before
# the DOM is taken as it is; "network idle" is 500 ms without a request.
SETTLE_SECONDS = 10.0
# What the article never needs: not requested at all (fewer requests to the site, too).
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})
# Headers that describe the wire form of a body, not the decoded bytes handed to Chromium.
_WIRE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
_INSTALL_PLAYWRIGHT = "pip install 'tracker[browser]' (the Playwright package)"
_INSTALL_CHROMIUM = (
    "install Debian's chromium (apt-get install chromium) "
    "or set TRACKER_CHROMIUM to a Chromium executable"
)


def find_chromium(executable: str | None = None) -> str:
    """The Chromium to drive: ``executable``, TRACKER_CHROMIUM, or ``chromium`` on PATH."""
    named = executable or os.environ.get("TRACKER_CHROMIUM")
    if named:
        if os.path.isfile(named) and os.access(named, os.X_OK):
            return named
        raise UsageError(f"the browser fetcher cannot run Chromium at {named}: {_INSTALL_CHROMIUM}")
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise UsageError(f"the browser fetcher needs Chromium, none was found: {_INSTALL_CHROMIUM}")
    return found


@dataclass(slots=True)
class _Render:
    """One page being rendered: what its requests may still spend, what was refused,
    and what it read (the requests to ask again before rendering it another time)."""

    served: Capture
    settings: FetchSettings
    deadline: Deadline
    spent: int = 0
    failure: FetchFailure | None = None  # why rendering must stop (the deadline, a limit)
    read: list[tuple[str, Validators]] = field(default_factory=list)
    askable: bool = True  # every request it read can be asked again conditionally


@dataclass(frozen=True, slots=True)
class _LastRender:
    """What a page's last render was made of: its HTML's validators, and each request
    it read with the validators of the answer (None: one of them cannot be asked again)."""

    validators: Validators
    read: tuple[tuple[str, Validators], ...] | None


class BrowserFetcher:
    """The page after its scripts ran; the main document through ``http`` (its
    Admission serves every request the page makes)."""

    def __init__(self, http: HttpFetcher, *, executable: str | None = None) -> None:
        self._http = http
        self.admission = http.admission
        self._executable = executable
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._starting = asyncio.Lock()
        self._renders: Recent[str, _LastRender] = Recent(RENDERS_REMEMBERED)

    async def aclose(self) -> None:
        """Stop the browser, if it was started."""
        if self._browser is not None:
            await self._browser.close()
            self._browser = None
        if self._playwright is not None:
            await self._playwright.stop()
            self._playwright = None

    async def _started(self) -> Browser:
        async with self._starting:
            if self._browser is None:
                executable = find_chromium(self._executable)
                try:
                    from playwright.async_api import Error, async_playwright
                except ImportError:
                    raise UsageError(
                        f"the browser fetcher needs Playwright: {_INSTALL_PLAYWRIGHT}"
                    ) from None
                if self._playwright is None:
                    self._playwright = await async_playwright().start()
                try:
                    self._browser = await self._playwright.chromium.launch(
                        executable_path=executable, args=list(CHROMIUM_FLAGS), headless=True
                    )
                except Error as error:
                    await self.aclose()
                    raise UsageError(
                        f"Chromium at {executable} did not start ({_first_line(error)}): "
                        f"{_INSTALL_CHROMIUM}"
                    ) from None
            return self._browser

    async def fetch(
        self, url: str, settings: FetchSettings, **options: Unpack[FetchOptions]
    ) -> Capture | NotModified:
        """The page as served, with ``rendered``: its DOM after the scripts ran.

        ``validators`` go with the request for the page's HTML: a 304 comes back as
        NotModified, unrendered. A body that is not HTML (an archive listing asked for
        with ``media_types``) comes back as served.
        """
        validators, media_types = options.get("validators"), options.get("media_types")
        deadline = self.admission.deadline(settings)
        last = self._renders.get(url)
        if (
            validators
            and last is not None
            and last.validators == validators
            and last.read is not None
        ):
            served = await self._http.fetch(url, settings, **options)
            if not isinstance(served, Capture):
                if await self._unchanged(last.read, settings, deadline):
                    return served  # the HTML and all it read are as they were
                served = await self._http.fetch(url, settings, media_types=media_types)
        else:
            served = await self._http.fetch(url, settings, media_types=media_types)
        if not isinstance(served, Capture):
            return served  # unreachable without validators; the protocol allows it
        media = media_type(served.header("content-type"))
        if media is not None and media not in HTML_TYPES:
            return served
        browser = await self._started()
        render = _Render(served=served, settings=settings, deadline=deadline)
        rendered = await self._rendered(browser, render)
        if len(rendered) > settings.max_decompressed_bytes:
            render.failure = TooLargeFailure(
                f"rendered page over the {size(settings.max_decompressed_bytes)} limit"
            )
        if (failure := render.failure) is not None:
            # The server did answer: the page as served is the failure's evidence.
            failure.status = failure.status or served.status
            failure.response = failure.response or served
            raise failure
        capture = replace(served, rendered=rendered)
        read = tuple(render.read) if render.askable else None
        self._renders.put(url, _LastRender(validators=Validators.of(served), read=read))
        blocked = self.admission.blocked
        final = served.final_url
        if (label := blocked(served.status, served.headers, rendered, url=final)) is not None:
            raise BlockedFailure(f"blocked: {label}", status=served.status, response=capture)
        return capture

    async def _unchanged(
        self, read: tuple[tuple[str, Validators], ...], settings: FetchSettings, deadline: Deadline
    ) -> bool:
        """Whether every request of the last render answers 304 to its validators now."""
        for url, validators in read:
            try:
                exchange = await self._http.fetch_resource(
                    url,
                    settings,
                    deadline,
                    headers=[("User-Agent", settings.user_agent), *conditional_headers(validators)],
                )
            except FetchFailure:
                return False
            if exchange.status != 304:
                return False
        return True

    async def _rendered(self, browser: Browser, render: _Render) -> bytes:
        """The DOM within the deadline; on a failure, b"" and ``render.failure`` says why."""
        try:
            async with asyncio.timeout(max(render.deadline.remaining(), 0.0)):
                return await self._render(browser, render)
        except TimeoutError:
            render.failure = render.failure or TimeoutFailure(
                f"timed out after {seconds(render.deadline.seconds)} rendering the page "
                "(the total deadline of one fetch)"
            )
        except Exception as error:
            if not _is_playwright_error(error):
                raise
            if not browser.is_connected():
                self._browser = None  # Chromium died: the next fetch starts another
            render.failure = render.failure or FetchFailure(
                f"the browser could not render the page: {_first_line(error)}"
            )
        return b""

    async def _render(self, browser: Browser, render: _Render) -> bytes:
        """Load the served page in a fresh context and return its DOM once it settles."""
        context = await browser.new_context(
            user_agent=render.settings.user_agent,
            service_workers="block",  # a worker's requests would escape interception
            accept_downloads=False,
        )
        # Playwright's own timeouts stay beyond the deadline: the fetch's timeout says it.
        context.set_default_timeout((max(render.deadline.remaining(), 0.0) + 1.0) * 1000)
        try:
            page = await context.new_page()

            async def route(route: Route) -> None:
                await self._route(route, page, render)

            await context.route("**/*", route)
            await page.goto(render.served.final_url, wait_until="load")
            try:
                settle = min(SETTLE_SECONDS, max(render.deadline.remaining(), 0.0))
                await page.wait_for_load_state("networkidle", timeout=settle * 1000)
            except Exception as error:
                if not _is_playwright_timeout(error):
                    raise
                # A page that never stops polling is taken as it is now.
            html = await page.content()
        finally:
            await context.close()
        return html.encode("utf-8")

    async def _route(self, route: Route, page: Page, render: _Render) -> None:
        """Serve one request the page makes: the main document as served, anything else
        only when admitted, within the watch's limits."""
        request = route.request
        served = render.served
        main = request.is_navigation_request() and request.frame == page.main_frame
        if main and urldefrag(request.url).url == urldefrag(served.final_url).url:
            headers = _browser_headers(served.headers)
            await route.fulfill(status=served.status, headers=headers, body=served.body)
            return
        if (
            render.failure is not None
            or request.resource_type in SKIPPED_RESOURCES
            or urlsplit(request.url).scheme not in {"http", "https"}
        ):
            await route.abort("blockedbyclient")
            return
        try:
            await self._subresource(route, render)
        except DeadlineExpired as expired:
            render.failure = TimeoutFailure(expired.reason)
            await route.abort("timedout")
        except TooLargeFailure as failure:
            render.failure = failure
            await route.abort("blockedbyclient")
        except FetchFailure:  # refused by the address policy or robots.txt, or unanswered
            render.askable = False
            await route.abort("blockedbyclient")
        except Exception as error:
            if not _is_playwright_error(error):
                raise
            render.askable = False
            await route.abort("failed")  # the server did not answer: the page copes

    async def _subresource(self, route: Route, render: _Render) -> None:
        """Admit one request, send it through the HTTP client (redirects left to the
        page), count its bytes, and hand Chromium the answer."""
        request = route.request
        url = request.url
        settings = render.settings
        exchange = await self._http.fetch_resource(
            url,
            settings,
            render.deadline,
            method=request.method,
            headers=(await request.all_headers()).items(),
            content=request.post_data_buffer,
        )
        render.spent += len(exchange.body)
        validators = Validators.of(exchange.answer())
        if request.method == "GET" and exchange.status == 200 and validators:
            render.read.append((url, validators))
        else:
            render.askable = False  # a POST, an error, an answer without validators
        if render.spent > settings.max_decompressed_bytes:
            raise TooLargeFailure(
                f"the page's requests came to over {size(settings.max_decompressed_bytes)}"
            )
        await route.fulfill(
            status=exchange.status, headers=_browser_headers(exchange.headers), body=exchange.body
        )


def _browser_headers(headers: Headers) -> dict[str, str]:
    """Response fields for Chromium, true of the decoded body it is handed (several
    Set-Cookie fields travel as one, a line each, as Playwright takes them)."""
    fields: dict[str, list[str]] = {}
    for name, value in headers:
        if name.lower() not in _WIRE_HEADERS:
            fields.setdefault(name.lower(), []).append(value)
    return {
        name: ("\n" if name == "set-cookie" else ", ").join(values)
        for name, values in fields.items()
    }


def _is_playwright_error(error: BaseException) -> bool:
    from playwright.async_api import Error

    return isinstance(error, Error)


def _is_playwright_timeout(error: BaseException) -> bool:
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    return isinstance(error, PlaywrightTimeout)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__
