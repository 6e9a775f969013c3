"""Where a fetch goes next: URLs checked, redirects followed, hops and loops counted.

Every rule about redirects lives here: which statuses redirect, how a Location is
resolved (and its fragment inherited, RFC 9110 10.2.2), which targets are refused,
when a chain is a loop or too long, and which hops a failure's evidence names.
``HttpFetcher`` asks ``RedirectChain`` at each hop and admits each new URL itself
(address policy and robots.txt), so no hop escapes the checks the first one had.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from tracker.errors import FetchFailure, HTTPStatusFailure, RedirectFailure
from tracker.fetch.body import phrase
from tracker.model import Capture

if TYPE_CHECKING:
    from tracker.fetch.exchange import Exchange

__all__ = [
    "REDIRECT_STATUSES",
    "ROBOTS_MAX_REDIRECTS",
    "RedirectChain",
    "check_url",
    "redirect_target",
]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 2.3.1.2


def _web_url_problem(url: httpx.URL) -> str | None:
    """Why ``url`` cannot be fetched (not http(s), no host, a port out of range), or None."""
    try:
        host = url.host
    except ValueError as error:  # an IDNA label that does not decode ("xn--abc")
        return f"its host name does not decode ({error})"
    if url.scheme not in {"http", "https"} or not host:
        return "not an http:// or https:// URL"
    if url.port is not None and not 0 < url.port < 65536:
        return f"port {url.port} is out of range"
    return None


def check_url(url: str) -> str:
    """``url`` normalised, or a FetchFailure saying why it cannot be fetched."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as error:
        raise FetchFailure(f"not a valid URL: {url[:200]!r} ({error})") from None
    if (problem := _web_url_problem(parsed)) is not None:
        raise FetchFailure(f"{problem}: {url[:200]!r}")
    return str(parsed)


def _without_fragment(url: str) -> str:
    """``url`` (normalised by httpx, as every URL of a chain is) without its fragment;
    one with no "#" is returned as it is, unparsed (the chain's URL of every fetch)."""
    if "#" not in url:
        return url
    return str(httpx.URL(url).copy_with(fragment=None))


def redirect_target(exchange: Exchange) -> str:
    """The URL a redirect answer sends us to, or the failure its Location means."""
    location = exchange.header("location")
    if not location or not location.strip():
        raise HTTPStatusFailure(
            f"{phrase(exchange.status, exchange.reason)} without a Location header",
            status=exchange.status,
        )
    try:
        base = httpx.URL(exchange.url)
        target = base.join(location.strip())
    except (httpx.InvalidURL, ValueError) as error:
        raise RedirectFailure(
            f"redirect to an invalid URL {location!r}: {error}", status=exchange.status
        ) from None
    if (problem := _web_url_problem(target)) is not None:
        raise RedirectFailure(
            f"redirect to an unusable URL ({problem}): {location[:200]}",
            status=exchange.status,
        )
    if not target.fragment and base.fragment:
        target = target.copy_with(fragment=base.fragment)  # RFC 9110 10.2.2
    return str(target)


class RedirectChain:
    """The redirects of one page fetch: the URLs left (``hops``), loops and the limit.

    ``visit`` before each request; ``follow`` with each redirect answer, which
    returns the next URL. The last redirect answer is kept as a loop's evidence.
    """

    def __init__(self, start_url: str, max_redirects: int) -> None:
        self.current = start_url
        self.hops: list[str] = []
        self._max = max_redirects
        self._seen: set[tuple[str, tuple[tuple[str, str, str, str], ...]]] = set()
        self._last: Exchange | None = None

    def visit(self, jar: httpx.Cookies) -> str:
        """The URL to request now; a RedirectFailure if the chain came back unchanged."""
        # A redirect back to a URL is a loop only if nothing changed in between: a
        # cookie check ("set cookie, reload") legitimately revisits a URL once.
        # (The cookie jar itself is read: httpx.Cookies.items() raises KeyError on a
        # valueless cookie such as "Set-Cookie: 0".)
        cookies = sorted((c.domain, c.path, c.name, c.value or "") for c in jar.jar)
        state = (_without_fragment(self.current), tuple(cookies))
        if state in self._seen:
            last = self._last
            raise RedirectFailure(
                f"redirect loop at {self.current}",
                status=last.status if last else None,
                response=last.answer() if last else None,
            )
        self._seen.add(state)
        return self.current

    def follow(self, exchange: Exchange) -> str:
        """Leave the current URL by ``exchange``, a redirect answer: the next URL to visit."""
        try:
            target = redirect_target(exchange)
        except FetchFailure as failure:
            failure.response = exchange.answer()
            raise
        self.hops.append(self.current)
        if len(self.hops) > self._max:
            raise RedirectFailure(
                f"too many redirects (more than {self._max}), the last one to {target}",
                status=exchange.status,
                response=exchange.answer(),
            )
        self.current, self._last = target, exchange
        return target

    def hops_to(self, answer: Capture) -> tuple[str, ...]:
        """The hops that led to a failure's ``answer`` (a failing redirect is not its own hop)."""
        hops = self.hops
        return tuple(hops[:-1] if hops[-1:] == [answer.final_url] else hops)
