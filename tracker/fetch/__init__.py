"""Fetch: one page in, a ``Capture`` (or a cheap ``NotModified``) out, or a FetchFailure.

``PageFetcher`` is the seam the check, the daemon and history use; two fetchers
implement it, each a module here:

- ``http.HttpFetcher``: the page as served, over httpx, within hard limits;
- ``browser.BrowserFetcher``: the page after its scripts ran, in the system's
  Chromium driven by Playwright (an optional extra), for articles built by JavaScript.

Both ask the same ``Admission`` (address policy, robots.txt, per-host turns, walls)
before every request. ``open_fetcher`` makes the fetchers of one event loop; each
watch's ``fetcher`` setting picks which one fetches it.
"""

from __future__ import annotations

from typing import Protocol, Unpack

from tracker.config import FetcherKind, FetchSettings
from tracker.fetch.admission import Admission
from tracker.fetch.body import ERROR_BODY_BYTES, HTML_TYPES, looks_like_html
from tracker.fetch.browser import BrowserFetcher
from tracker.fetch.exchange import FetchOptions
from tracker.fetch.http import ClosedOnExit, HttpFetcher
from tracker.model import Capture, NotModified

__all__ = [
    "ERROR_BODY_BYTES",
    "HTML_TYPES",
    "Admission",
    "BrowserFetcher",
    "FetchOptions",
    "FetcherKind",
    "Fetchers",
    "HttpFetcher",
    "PageFetcher",
    "looks_like_html",
    "open_fetcher",
]


class PageFetcher(Protocol):
    """What every fetcher offers: ``url`` fetched within ``settings``.

    Returns the Capture, or NotModified when ``validators`` were sent and the server
    answered 304; raises a FetchFailure (carrying the server's answer as ``response``
    when there was one). ``media_types`` widens what is accepted beyond HTML, for
    callers that read data through the same limits and manners (archive listings).
    """

    async def fetch(
        self, url: str, settings: FetchSettings, **options: Unpack[FetchOptions]
    ) -> Capture | NotModified: ...


class Fetchers(ClosedOnExit):
    """The fetchers of one event loop, one of each kind, chosen per fetch by
    ``settings.fetcher``: the browser is started only when a watch first asks for it,
    and shares the HTTP fetcher's Admission (and fetches its main documents with it)."""

    def __init__(self, http: HttpFetcher, *, browser_path: str | None = None) -> None:
        self.http = http
        self._browser_path = browser_path
        self._browser: BrowserFetcher | None = None

    async def aclose(self) -> None:
        if self._browser is not None:
            await self._browser.aclose()
            self._browser = None
        await self.http.aclose()

    def kind(self, kind: FetcherKind) -> PageFetcher:
        """The fetcher of ``kind``, started now if it is the browser's first use."""
        if kind == "http":
            return self.http
        if self._browser is None:
            self._browser = BrowserFetcher(self.http, executable=self._browser_path)
        return self._browser

    async def fetch(
        self, url: str, settings: FetchSettings, **options: Unpack[FetchOptions]
    ) -> Capture | NotModified:
        return await self.kind(settings.fetcher).fetch(url, settings, **options)


def open_fetcher(*, browser_path: str | None = None) -> Fetchers:
    """The fetchers for one event loop (``async with open_fetcher() as fetcher:``).

    ``browser_path`` names the Chromium to drive; by default TRACKER_CHROMIUM, then
    ``chromium`` on PATH (see tracker.fetch.browser).
    """
    return Fetchers(HttpFetcher(), browser_path=browser_path)
