"""Fetch a page as a browser shows it: for articles that JavaScript builds.

Some pages send an empty shell and build the article with a script (from a JSON
API, a bundled template). ``BrowserFetcher`` takes the page as served through the
HTTP fetcher (so the main document has every limit, redirect rule, retry, wall check
and the WARC bytes exactly as sent), then renders it in the system's Chromium,
driven by Playwright, and keeps the DOM after the scripts ran as ``Capture.rendered``:
the article is read from it, and the WARC evidence holds both (the response as
served, and the rendered DOM as a ``conversion`` record).

Chromium never touches the network on its own: every request the page makes is
intercepted and goes only after the same ``Admission`` as any fetch (address policy,
robots.txt, a turn at the host), is fetched with redirects left to the page (so each
hop is admitted again), and counts against the watch's size limits; the whole fetch,
rendering included, stays within the watch's total deadline. Images, media and fonts
are not requested at all (the article never needs them). Requests are refused,
not failed, so a page whose tracker script is disallowed still renders. Whether the
rendered page is a wall is checked like a served one.

Chromium is Debian's ``chromium`` (never a browser downloaded at run time): the path
is the fetcher's ``executable``, else TRACKER_CHROMIUM, else ``chromium`` on PATH.
Playwright is the optional ``browser`` extra. One browser is started, on first use,
for the fetcher's lifetime; each fetch gets a fresh context (no cookies or storage
carried from one page to the next). Residual gap: Playwright resolves a subresource's
host again after Admission has vetted it, so DNS rebinding is not caught for those
requests as it is for the main document's connection.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
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
from tracker.fetch.politeness import Deadline
from tracker.model import Capture, NotModified, Validators

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
)
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
    """One page being rendered: what its requests may still spend, and what was refused."""

    served: Capture
    settings: FetchSettings
    deadline: Deadline
    spent: int = 0
    failure: FetchFailure | None = None  # why rendering must stop (the deadline, a limit)


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
        self,
        url: str,
        settings: FetchSettings,
        *,
        validators: Validators | None = None,
        media_types: frozenset[str] | None = None,
    ) -> Capture | NotModified:
        """The page as served, with ``rendered``: its DOM after the scripts ran.

        ``validators`` are not sent: a script-built article changes while the HTML
        shell stays the same, so only rendering it tells. A body that is not HTML
        (an archive listing asked for with ``media_types``) comes back as served.
        """
        deadline = self.admission.deadline(settings)
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
        blocked = self.admission.blocked
        final = served.final_url
        if (label := blocked(served.status, served.headers, rendered, url=final)) is not None:
            raise BlockedFailure(f"blocked: {label}", status=served.status, response=capture)
        return capture

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
            headers = {k: v for k, v in served.headers if k.lower() not in _WIRE_HEADERS}
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
        except FetchFailure:  # refused by the address policy or robots.txt
            await route.abort("blockedbyclient")
        except Exception as error:
            if not _is_playwright_error(error):
                raise
            await route.abort("failed")  # the server did not answer: the page copes

    async def _subresource(self, route: Route, render: _Render) -> None:
        """Admit one request, fetch it (redirects left to the page), count its bytes."""
        url = route.request.url
        settings, deadline = render.settings, render.deadline
        robots = self._http.robots_source(settings, deadline)
        await self.admission.admit(url, settings, deadline, robots)
        async with self.admission.turn(url, settings, deadline):
            response = await route.fetch(
                max_redirects=0, max_retries=0, timeout=max(deadline.remaining(), 0.001) * 1000
            )
            body = await response.body()
        render.spent += len(body)
        if len(body) > settings.max_body_bytes or render.spent > settings.max_decompressed_bytes:
            raise TooLargeFailure(
                f"the page's requests came to over {size(settings.max_decompressed_bytes)}"
                if render.spent > settings.max_decompressed_bytes
                else f"a request of the page is over the {size(settings.max_body_bytes)} limit"
            )
        await route.fulfill(response=response, body=body)


def _is_playwright_error(error: BaseException) -> bool:
    from playwright.async_api import Error

    return isinstance(error, Error)


def _is_playwright_timeout(error: BaseException) -> bool:
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    return isinstance(error, PlaywrightTimeout)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__
