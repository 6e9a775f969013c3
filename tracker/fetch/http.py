"""Fetch one page, politely, within hard limits, and return exactly what was received.

Every page we fetch is untrusted: it may never answer, answer a byte a second, send a
compression bomb, redirect forever, point at an internal address or hide behind a
bot wall. ``HttpFetcher.fetch`` bounds each of these (time, bytes, hops, addresses),
follows redirects itself so every hop is checked against the address policy and
robots.txt (and vets the address each new connection actually reached, before sending
anything), decodes gzip/deflate/brotli itself in bounded pieces (contentcoding)
so a bomb is stopped with little memory (keeping the bytes as sent beside the decoded
ones, for the WARC evidence), and turns every problem into one ``FetchFailure``
subclass whose ``reason`` a person can read. When the server did answer (a 404 page,
a wall, a 500 page, a PDF), the failure carries that answer as ``response``, its
first ERROR_BODY_BYTES, so the check can keep it as evidence. A 304 to a conditional
request comes back as the cheap ``NotModified``. Whether and when each request may go
(address policy, robots.txt, per-host turns, walls) is asked of ``Admission``, which
the browser fetcher shares.
"""

from __future__ import annotations

import asyncio
import random
import ssl
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urlsplit

import httpx

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
from tracker.fetch.addresses import Resolver, address_problem
from tracker.fetch.admission import Admission, DeadlineExpired, RobotsSource, host_key
from tracker.fetch.body import (
    ERROR_BODY_BYTES,
    HTML_TYPES,
    looks_like_html,
    media_type,
    phrase,
    seconds,
    size,
)
from tracker.fetch.contentcoding import ACCEPT_ENCODING, ContentDecoder
from tracker.fetch.politeness import (
    MAX_RETRY_AFTER,
    Clock,
    Deadline,
    Sleep,
    WaitTooLong,
    backoff_delay,
    parse_retry_after,
)
from tracker.fetch.robots import ROBOTS_MAX_BYTES, RobotsAnswer
from tracker.model import Capture, Headers, NotModified, Validators

__all__ = ["HttpFetcher"]

ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
GONE_STATUSES = frozenset({404, 410})
MAX_ATTEMPTS = 3
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 2.3.1.2
# Failures that happen below HTTP or before any request: no answer to keep.
_NO_ANSWER = (TimeoutFailure, NetworkFailure, AddressFailure, RobotsFailure)


# --------------------------------------------------------------------------- helpers


def _web_url_problem(url: httpx.URL) -> str | None:
    """Why ``url`` cannot be fetched (not http(s), no host, a port out of range), or None."""
    if url.scheme not in {"http", "https"} or not url.host:
        return "not an http:// or https:// URL"
    if url.port is not None and not 0 < url.port < 65536:
        return f"port {url.port} is out of range"
    return None


def _check_url(url: str) -> str:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as error:
        raise FetchFailure(f"not a valid URL: {url[:200]!r} ({error})") from None
    if (problem := _web_url_problem(parsed)) is not None:
        raise FetchFailure(f"{problem}: {url[:200]!r}")
    return str(parsed)


def _without_fragment(url: str) -> str:
    return str(httpx.URL(url).copy_with(fragment=None))


@dataclass(slots=True)
class _Exchange:
    """One request and its response head, plus the body when it was read: decoded
    (``body``) and, when a content coding was undone, as sent (``wire``)."""

    url: str
    status: int
    reason: str
    headers: Headers
    http_version: str
    request_headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    wire: bytes | None = None
    truncated: str | None = None  # WARC-Truncated reason when the body was not read whole

    def header(self, name: str) -> str | None:
        return self.headers.joined(name)

    def answer(self) -> Capture:
        """What the server answered, as a Capture (the fetch fills in the watch's URL)."""
        return Capture(
            url=self.url,
            final_url=self.url,
            fetched_at=datetime.now(UTC),
            status=self.status,
            headers=self.headers,
            body=self.body,
            request_headers=self.request_headers,
            http_version=self.http_version,
            wire_body=self.wire,
            truncated=self.truncated,
        )


def _evidence(
    answer: Capture, url: str, fetched_at: datetime, redirects: tuple[str, ...]
) -> Capture:
    """A failure's answer as it is kept: dated as the fetch, at most ERROR_BODY_BYTES of it."""
    wire, body, truncated = answer.wire_body, answer.body, answer.truncated
    if len(answer.wire) > ERROR_BODY_BYTES:
        truncated = "length"
        if wire is not None:
            wire = wire[:ERROR_BODY_BYTES]
        body = body[:ERROR_BODY_BYTES]
    elif wire is None and len(body) > ERROR_BODY_BYTES:
        truncated, body = "length", body[:ERROR_BODY_BYTES]
    return replace(
        answer,
        url=url,
        fetched_at=fetched_at,
        redirects=redirects,
        body=body,
        wire_body=wire,
        truncated=truncated,
    )


def _peer_refusal(host: str, stream: Any) -> AddressFailure | None:
    """The refusal due when a connection's peer is not a public address, else None."""
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer:
        return None
    address = str(peer[0])
    if (kind := address_problem(address)) is None:
        return None
    return AddressFailure(
        f"refused: {host} connected to {kind} address {address} (set allow_private to track it)"
    )


class _Progress:
    """Where one exchange is, fed by httpcore's trace events: for messages, and to vet
    each new connection's peer address before a single byte is sent on it."""

    __slots__ = ("guard", "host", "phase")

    def __init__(self, host: str, *, guard: bool) -> None:
        self.host = host
        self.guard = guard
        self.phase = f"waiting for a turn at {host}"

    async def trace(self, event: str, info: Mapping[str, Any]) -> None:
        if event == "connection.connect_tcp.complete" and self.guard:
            # DNS may answer differently now than when the host was checked (DNS
            # rebinding): refuse the socket httpx actually opened, before the request.
            stream = info.get("return_value")
            if (refusal := _peer_refusal(self.host, stream)) is not None:
                await stream.aclose()
                raise refusal
            return
        if not event.endswith(".started"):
            return
        if event.startswith(("connection.connect_tcp", "connection.start_tls")):
            self.phase = f"connecting to {self.host}"
        elif event.startswith("http11.send_request"):
            self.phase = f"sending the request to {self.host}"
        elif event.startswith("http11.receive_response_headers"):
            self.phase = "waiting for the response headers"


class _Retry(Exception):
    """A transient failure worth another attempt (carries the failure to raise if not)."""

    def __init__(self, failure: FetchFailure, retry_after: float | None = None) -> None:
        self.failure = failure
        self.retry_after = retry_after
        super().__init__(failure.reason)


# Network errors worth retrying for an idempotent GET: the next attempt may well work.
_TRANSIENT = (httpx.ConnectError, httpx.ReadError, httpx.WriteError)


def _is_transient(error: httpx.TransportError) -> bool:
    if isinstance(error, httpx.RemoteProtocolError):
        # A dropped connection (often a stale keep-alive one) is worth another try;
        # a response that breaks the protocol will break it again.
        text = str(error).lower()
        return "disconnected" in text or "closed" in text
    return isinstance(error, _TRANSIENT) and not _is_tls_failure(error)


def _is_tls_failure(error: httpx.TransportError) -> bool:
    """A certificate or handshake failure: retrying would fail the same way."""
    if not isinstance(error, httpx.ConnectError):
        return False
    cause = error.__context__
    while cause is not None:
        if isinstance(cause, ssl.SSLError | ssl.CertificateError):
            return True
        cause = cause.__context__
    text = str(error).lower()
    return "ssl" in text or "certificate" in text


# --------------------------------------------------------------------------- the fetcher


class ClosedOnExit(ABC):
    """``async with`` it and it is closed on the way out, whatever happened."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    @abstractmethod
    async def aclose(self) -> None: ...


class HttpFetcher(ClosedOnExit):
    """Fetches pages over HTTP; one per event loop, shared by all its watches (its
    connection pool and its Admission, with the host gate and robots cache, belong to
    that loop: the CLI makes one inside ``asyncio.run``, the daemon one for its lifetime).

    ``transport`` replaces the network (httpx.MockTransport in tests); ``resolver``
    replaces DNS for the address policy; ``clock`` (monotonic seconds) and ``sleep``
    replace time for politeness and backoff; ``admission`` shares another fetcher's.
    An injected transport decides where connections go, so the connected-peer check
    applies only to the default one.
    """

    def __init__(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        admission: Admission | None = None,
    ) -> None:
        self._owns_transport = transport is None
        self._transport = transport or httpx.AsyncHTTPTransport(
            retries=0,
            http1=True,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
        )
        self.admission = admission or Admission(resolver=resolver, clock=clock, sleep=sleep)
        self._sleep = self.admission.sleep
        self._rng = rng or random.Random()

    async def aclose(self) -> None:
        """Close the connection pool this fetcher made (an injected transport is the caller's)."""
        if self._owns_transport:
            await self._transport.aclose()

    # ------------------------------------------------------------------ fetch

    async def fetch(
        self,
        url: str,
        settings: FetchSettings,
        *,
        validators: Validators | None = None,
        media_types: frozenset[str] | None = None,
    ) -> Capture | NotModified:
        """GET ``url`` within ``settings``; a Capture, a NotModified, or a FetchFailure.

        The result's ``url`` is ``url`` exactly as given (the watch's identity);
        ``final_url`` is the normalised URL the page was finally fetched from.

        ``media_types`` accepts more than HTML, for callers that read data through the
        same limits and manners (web-archive listings); HTML is always accepted.
        """
        # Archive listings (CDX JSON, link-format TimeMaps) widen what is usable.
        accepted = HTML_TYPES | frozenset(media_types or ())
        try:
            return await self._fetch(url, settings, validators, accepted)
        except DeadlineExpired as expired:
            raise TimeoutFailure(expired.reason) from None  # the internal marker stays inside

    async def _fetch(
        self,
        url: str,
        settings: FetchSettings,
        validators: Validators | None,
        accepted: frozenset[str],
    ) -> Capture | NotModified:
        start_url = _check_url(url)
        deadline = self.admission.deadline(settings)
        fetched_at = datetime.now(UTC)
        redirects: list[str] = []
        try:
            return await self._follow(
                url, start_url, settings, validators, accepted, deadline, fetched_at, redirects
            )
        except FetchFailure as failure:
            answer = failure.response
            if answer is not None:
                # The hops that led to the answer (a failing redirect is not its own hop).
                hops = redirects[:-1] if redirects[-1:] == [answer.final_url] else redirects
                failure.response = _evidence(answer, url, fetched_at, tuple(hops))
            raise

    async def _follow(
        self,
        url: str,
        start_url: str,
        settings: FetchSettings,
        validators: Validators | None,
        accepted: frozenset[str],
        deadline: Deadline,
        fetched_at: datetime,
        redirects: list[str],
    ) -> Capture | NotModified:
        """Request ``start_url`` and follow its redirects, each hop admitted on its own."""
        jar = httpx.Cookies()
        seen: set[tuple[str, tuple[tuple[str, str, str, str], ...]]] = set()
        current = start_url
        last: _Exchange | None = None  # the last redirect: a redirect failure's evidence
        while True:
            # A redirect back to a URL is a loop only if nothing changed in between: a
            # cookie check ("set cookie, reload") legitimately revisits a URL once.
            # (The cookie jar itself is read: httpx.Cookies.items() raises KeyError on a
            # valueless cookie such as "Set-Cookie: 0".)
            cookies = sorted((c.domain, c.path, c.name, c.value or "") for c in jar.jar)
            state = (_without_fragment(current), tuple(cookies))
            if state in seen:
                raise RedirectFailure(
                    f"redirect loop at {current}",
                    status=last.status if last else None,
                    response=last.answer() if last else None,
                )
            seen.add(state)
            await self._admit(current, settings, deadline)
            exchange = await self._with_retries(
                current, settings, deadline, validators, jar, accepted
            )
            if exchange.status in REDIRECT_STATUSES:
                try:
                    target = self._redirect_target(exchange)
                except FetchFailure as failure:
                    failure.response = exchange.answer()
                    raise
                redirects.append(current)
                if len(redirects) > settings.max_redirects:
                    raise RedirectFailure(
                        f"too many redirects (more than {settings.max_redirects}), "
                        f"the last one to {target}",
                        status=exchange.status,
                        response=exchange.answer(),
                    )
                current, last = target, exchange
                continue
            if exchange.status == 304:
                return NotModified(
                    url=url,
                    final_url=current,
                    fetched_at=fetched_at,
                    status=304,
                    headers=exchange.headers,
                )
            return self._capture(url, exchange, redirects, fetched_at, accepted)

    def _capture(
        self,
        url: str,
        exchange: _Exchange,
        redirects: list[str],
        fetched_at: datetime,
        accepted: frozenset[str],
    ) -> Capture:
        body = exchange.body
        capture = Capture(
            url=url,
            final_url=exchange.url,
            fetched_at=fetched_at,
            status=exchange.status,
            headers=exchange.headers,
            body=body,
            request_headers=exchange.request_headers,
            http_version=exchange.http_version,
            redirects=tuple(redirects),
            wire_body=exchange.wire,
        )
        status = exchange.status
        if not body or body.isspace():  # isspace scans without copying a large body
            raise EmptyFailure(
                f"empty body: {phrase(status, exchange.reason)} with no content",
                status=status,
                response=capture,
            )
        if (media := media_type(exchange.header("content-type"))) is None:
            if not looks_like_html(body):
                raise ContentTypeFailure(
                    "not HTML: no Content-Type and the body does not look like HTML",
                    status=status,
                    response=capture,
                )
        elif media not in accepted:
            raise ContentTypeFailure(f"not HTML: {media}", status=status, response=capture)
        # Walls are HTML pages; an archive listing (JSON, link format) is never one.
        is_page = media is None or media in HTML_TYPES
        blocked = self.admission.blocked
        if is_page and (label := blocked(status, exchange.headers, body, url=exchange.url)):
            raise BlockedFailure(f"blocked: {label}", status=status, response=capture)
        return capture

    @staticmethod
    def _redirect_target(exchange: _Exchange) -> str:
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

    # ------------------------------------------------------------------ admission

    async def _admit(self, url: str, settings: FetchSettings, deadline: Deadline) -> None:
        """Address policy, then robots.txt (fetched through this fetcher), for one hop."""
        await self.admission.admit(url, settings, deadline, self.robots_source(settings, deadline))

    def robots_source(self, settings: FetchSettings, deadline: Deadline) -> RobotsSource:
        """robots.txt fetched through this fetcher, within ``settings`` and ``deadline``."""

        async def fetch_robots(robots_url: str) -> RobotsAnswer:
            return await self._fetch_robots(robots_url, settings, deadline)

        return fetch_robots

    async def _fetch_robots(
        self, robots_url: str, settings: FetchSettings, deadline: Deadline
    ) -> RobotsAnswer:
        """GET robots.txt: redirects followed (each hop admitted), body truncated, never retried."""
        current = robots_url
        try:
            for _ in range(ROBOTS_MAX_REDIRECTS + 1):
                await self.admission.check_address(current, settings, deadline)
                exchange = await self._exchange(
                    current, settings, deadline, None, httpx.Cookies(), robots=True
                )
                if exchange.status not in REDIRECT_STATUSES:
                    return RobotsAnswer(status=exchange.status, body=exchange.body)
                current = self._redirect_target(exchange)
            return RobotsAnswer(
                status=0, body=b"", problem=f"more than {ROBOTS_MAX_REDIRECTS} redirects"
            )
        except (DeadlineExpired, AddressFailure):
            raise  # out of time, or sent somewhere it must not go: not a robots question
        except _Retry as retry:
            return RobotsAnswer(status=0, body=b"", problem=retry.failure.reason)
        except FetchFailure as failure:
            return RobotsAnswer(status=failure.status or 0, body=b"", problem=failure.reason)

    # ------------------------------------------------------------------ retries

    async def _with_retries(
        self,
        url: str,
        settings: FetchSettings,
        deadline: Deadline,
        validators: Validators | None,
        jar: httpx.Cookies,
        accepted: frozenset[str],
    ) -> _Exchange:
        for attempt in range(MAX_ATTEMPTS):
            try:
                return await self._exchange(
                    url, settings, deadline, validators, jar, accepted=accepted
                )
            except _Retry as retry:
                failure = retry.failure
                last = attempt == MAX_ATTEMPTS - 1
                if retry.retry_after is not None:
                    # Retry-After is a floor: "retry after 0" must not become a hammer.
                    backoff = backoff_delay(attempt, rng=self._rng)
                    wait = min(max(retry.retry_after, backoff), MAX_RETRY_AFTER)
                    self.admission.defer(url, wait)
                    if wait > deadline.remaining():
                        raise HTTPStatusFailure(
                            f"{failure.reason}: the server asks to retry after "
                            f"{seconds(retry.retry_after)}, beyond the "
                            f"{seconds(deadline.seconds)} deadline",
                            status=failure.status,
                            retry_after=wait,
                            response=failure.response,
                        ) from None
                    if last:
                        raise self._exhausted(failure, wait) from None
                    continue  # the gate makes the next attempt wait for it
                if last:
                    raise self._exhausted(failure, None) from None
                delay = backoff_delay(attempt, rng=self._rng)
                if delay >= deadline.remaining():
                    raise self._exhausted(failure, None, attempts=attempt + 1) from None
                await self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    @staticmethod
    def _exhausted(
        failure: FetchFailure, retry_after: float | None, attempts: int = MAX_ATTEMPTS
    ) -> FetchFailure:
        noun = "attempt" if attempts == 1 else "attempts"
        reason = f"{failure.reason} (gave up after {attempts} {noun})"
        if isinstance(failure, HTTPStatusFailure):
            return HTTPStatusFailure(
                reason, status=failure.status, retry_after=retry_after, response=failure.response
            )
        return type(failure)(reason, status=failure.status, response=failure.response)

    # ------------------------------------------------------------------ one exchange

    def _request(
        self,
        url: str,
        settings: FetchSettings,
        validators: Validators | None,
        jar: httpx.Cookies,
        *,
        robots: bool,
    ) -> httpx.Request:
        headers = [
            ("User-Agent", settings.user_agent),
            ("Accept", "text/plain,*/*;q=0.1" if robots else ACCEPT),
            ("Accept-Encoding", ACCEPT_ENCODING),
        ]
        if validators is not None and validators.etag:
            headers.append(("If-None-Match", validators.etag))
        if validators is not None and validators.last_modified:
            headers.append(("If-Modified-Since", validators.last_modified))
        timeout = {
            "connect": settings.connect_timeout,
            "read": settings.read_timeout,
            "write": settings.read_timeout,
            "pool": settings.connect_timeout,
        }
        request = httpx.Request("GET", url, headers=headers, extensions={"timeout": timeout})
        jar.set_cookie_header(request)
        return request

    async def _exchange(
        self,
        url: str,
        settings: FetchSettings,
        deadline: Deadline,
        validators: Validators | None,
        jar: httpx.Cookies,
        *,
        robots: bool = False,
        accepted: frozenset[str] = HTML_TYPES,
    ) -> _Exchange:
        host = host_key(url)
        progress = _Progress(host, guard=self._owns_transport and not settings.allow_private)
        try:
            async with self.admission.turn(url, settings, deadline):
                progress.phase = f"connecting to {host}"
                async with asyncio.timeout(max(deadline.remaining(), 0.0)):
                    request = self._request(url, settings, validators, jar, robots=robots)
                    request.extensions["trace"] = progress.trace
                    response = await self._transport.handle_async_request(request)
                    try:
                        response.request = request
                        progress.phase = "reading the body"
                        return await self._handle(
                            url,
                            request,
                            response,
                            settings,
                            validators,
                            jar,
                            robots=robots,
                            accepted=accepted,
                        )
                    finally:
                        await response.aclose()
        except WaitTooLong as wait:
            raise HTTPStatusFailure(
                f"{host} asked (Retry-After) for a pause of {seconds(wait.wait)}, beyond "
                f"what is left of the {seconds(deadline.seconds)} deadline",
                retry_after=wait.wait,
            ) from None
        except TimeoutError:
            raise DeadlineExpired(
                f"timed out after {seconds(deadline.seconds)} {progress.phase} "
                "(the total deadline of one fetch)"
            ) from None
        except httpx.TimeoutException as error:
            failure = self._timeout(error, host, settings, progress.phase)
            if isinstance(error, httpx.ConnectTimeout):
                raise _Retry(failure) from None
            raise failure from None
        except httpx.TransportError as error:
            failure = self._network(error, host, progress.phase)
            if _is_transient(error):
                raise _Retry(failure) from None
            raise failure from None

    @staticmethod
    def _timeout(
        error: httpx.TimeoutException, host: str, settings: FetchSettings, phase: str
    ) -> FetchFailure:
        if isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout):
            return TimeoutFailure(
                f"timed out after {seconds(settings.connect_timeout)} connecting to {host}"
            )
        if isinstance(error, httpx.WriteTimeout):
            return TimeoutFailure(
                f"timed out after {seconds(settings.read_timeout)} sending the request to {host}"
            )
        what = (
            "reading the body"
            if phase == "reading the body"
            else "waiting for the response headers"
        )
        return TimeoutFailure(f"timed out after {seconds(settings.read_timeout)} {what}")

    @staticmethod
    def _network(error: httpx.TransportError, host: str, phase: str) -> FetchFailure:
        detail = " ".join(str(error).split())
        if len(detail) > 160:  # a garbage status line is echoed back in the message
            detail = detail[:157] + "..."
        suffix = f": {detail}" if detail else ""
        if isinstance(error, httpx.ConnectError):
            if _is_tls_failure(error):
                return NetworkFailure(f"TLS handshake with {host} failed{suffix}")
            return NetworkFailure(f"could not connect to {host}{suffix}")
        if isinstance(error, httpx.RemoteProtocolError):
            if "without sending complete message body" in detail or phase == "reading the body":
                return NetworkFailure(
                    f"the connection to {host} closed before the body was complete{suffix}"
                )
            if "receive buffer too long" in detail.lower():
                return NetworkFailure(f"{host} sent response headers over the size limit")
            return NetworkFailure(f"{host} sent no valid HTTP response{suffix}")
        if isinstance(error, httpx.ReadError):
            return NetworkFailure(f"the connection to {host} was reset while {phase}{suffix}")
        if isinstance(error, httpx.UnsupportedProtocol | httpx.LocalProtocolError):
            return FetchFailure(f"cannot request {host}{suffix}")
        return NetworkFailure(f"network error with {host} while {phase}{suffix}")

    async def _handle(
        self,
        url: str,
        request: httpx.Request,
        response: httpx.Response,
        settings: FetchSettings,
        validators: Validators | None,
        jar: httpx.Cookies,
        *,
        robots: bool,
        accepted: frozenset[str],
    ) -> _Exchange:
        if not settings.allow_private and self._owns_transport:
            self._check_peer(url, response)
        jar.extract_cookies(response)
        reason_phrase = response.extensions.get("reason_phrase", b"")
        exchange = _Exchange(
            url=url,
            status=response.status_code,
            reason=reason_phrase.decode("latin-1") if isinstance(reason_phrase, bytes) else "",
            headers=Headers(
                (key.decode("latin-1"), value.decode("latin-1"))
                for key, value in response.headers.raw
            ),
            http_version=response.extensions.get("http_version", b"HTTP/1.1").decode("latin-1"),
            request_headers=tuple(
                (key.decode("latin-1"), value.decode("latin-1"))
                for key, value in request.headers.raw
            ),
        )
        status = exchange.status
        if robots:
            if 200 <= status < 300:
                await self._read(
                    response, exchange, ROBOTS_MAX_BYTES, ROBOTS_MAX_BYTES, truncate=True
                )
            else:
                await self._drain(response)
            return exchange
        try:
            await self._answer(exchange, response, settings, validators, accepted)
        except FetchFailure as failure:
            # The server answered: what it said is the failure's evidence.
            if failure.response is None and not isinstance(failure, _NO_ANSWER):
                failure.response = exchange.answer()
            raise
        return exchange

    async def _answer(
        self,
        exchange: _Exchange,
        response: httpx.Response,
        settings: FetchSettings,
        validators: Validators | None,
        accepted: frozenset[str],
    ) -> None:
        """Read the body the status calls for, or raise the failure the answer means."""
        status = exchange.status
        if status in REDIRECT_STATUSES:
            await self._read_error_body(exchange, response)  # evidence if the redirects fail
            return
        if status == 304:
            await self._drain(response)
            if not validators:
                raise HTTPStatusFailure(
                    "HTTP 304 Not Modified to a request that was not conditional", status=304
                )
            return
        if not 200 <= status < 300:
            await self._fail_status(exchange, response)
        media = media_type(exchange.header("content-type"))
        if media is not None and media not in accepted:
            await self._read_error_body(exchange, response)
            raise ContentTypeFailure(f"not HTML: {media}", status=status)
        await self._read(
            response, exchange, settings.max_body_bytes, settings.max_decompressed_bytes
        )

    @staticmethod
    async def _drain(response: httpx.Response) -> None:
        """Read a small unwanted body to its end, so the connection can be reused.

        httpcore closes a connection whose response was closed unread; for the 304s
        of routine checks that would cost a new TCP (and TLS) handshake each time. A
        large or broken body is simply abandoned with its connection. (Redirect bodies
        are read as evidence instead, the same way: see ``_read_error_body``.)
        """
        stream = response.stream
        if not isinstance(stream, httpx.AsyncByteStream):
            return
        received = 0
        try:
            async for chunk in stream:
                received += len(chunk)
                if received > ERROR_BODY_BYTES:
                    return
        except httpx.TransportError:
            return

    @staticmethod
    def _check_peer(url: str, response: httpx.Response) -> None:
        """Against DNS rebinding on a reused keep-alive connection: its peer, again."""
        stream = response.extensions.get("network_stream")
        if (refusal := _peer_refusal(urlsplit(url).hostname or "", stream)) is not None:
            raise refusal

    async def _read_error_body(self, exchange: _Exchange, response: httpx.Response) -> None:
        """The first ERROR_BODY_BYTES of a body we do not want as a page, kept as evidence.

        Its problems (a broken coding, a reset) only shorten the evidence: the failure
        that matters is the one the status or the content type already names.
        """
        try:
            await self._read(response, exchange, ERROR_BODY_BYTES, ERROR_BODY_BYTES, truncate=True)
        except (FetchFailure, httpx.TransportError):
            exchange.truncated = exchange.truncated or "unspecified"

    async def _fail_status(self, exchange: _Exchange, response: httpx.Response) -> None:
        """Raise the failure an unusable status means (or _Retry for a transient one)."""
        status = exchange.status
        said = phrase(status, exchange.reason)
        await self._read_error_body(exchange, response)
        if status in GONE_STATUSES:
            raise GoneFailure(f"gone: {said}", status=status, response=exchange.answer())
        label = self.admission.blocked(status, exchange.headers, exchange.body, url=exchange.url)
        if label is not None:
            raise BlockedFailure(f"blocked: {label}", status=status, response=exchange.answer())
        retry_after = parse_retry_after(exchange.header("retry-after"))
        failure = HTTPStatusFailure(
            said, status=status, retry_after=retry_after, response=exchange.answer()
        )
        if status in RETRY_STATUSES:
            raise _Retry(failure, retry_after if status in {429, 503} else None)
        raise failure

    async def _read(
        self,
        response: httpx.Response,
        exchange: _Exchange,
        raw_limit: int,
        decoded_limit: int,
        *,
        truncate: bool = False,
    ) -> None:
        """Read the body into ``exchange``, counting wire and decoded bytes as they arrive.

        The decoded body goes to ``exchange.body``; when a content coding was undone
        the bytes as sent go to ``exchange.wire`` too (they are what the WARC record
        keeps). With ``truncate`` the body is cut at the limits instead of failing
        (robots.txt and error pages, where the start is all we need) and
        ``exchange.truncated`` says so. When reading fails, what had arrived (its first
        ERROR_BODY_BYTES) is left in the exchange as evidence of the answer.
        """
        length = response.headers.get("content-length", "").strip()
        if not truncate and length.isascii() and length.isdigit() and int(length) > raw_limit:
            exchange.truncated = "length"
            raise TooLargeFailure(
                f"body over the {size(raw_limit)} limit (Content-Length {size(int(length))})",
                status=response.status_code,
            )
        try:
            decoder = ContentDecoder(response.headers.get("content-encoding"))
        except FetchFailure:
            exchange.truncated = "unspecified"  # a coding we cannot undo: the body is not read
            raise
        decoded = bytearray()
        wire = None if decoder.identity else bytearray()
        try:
            exchange.truncated = await self._receive(
                response, decoder, decoded, wire, raw_limit, decoded_limit, truncate=truncate
            )
        except FetchFailure as failure:
            exchange.truncated = "length" if isinstance(failure, TooLargeFailure) else "unspecified"
            exchange.body = bytes(decoded[:ERROR_BODY_BYTES])
            exchange.wire = bytes(wire[:ERROR_BODY_BYTES]) if wire is not None else None
            raise
        exchange.body = bytes(decoded)
        exchange.wire = bytes(wire) if wire is not None else None

    @staticmethod
    async def _receive(
        response: httpx.Response,
        decoder: ContentDecoder,
        decoded: bytearray,
        wire: bytearray | None,
        raw_limit: int,
        decoded_limit: int,
        *,
        truncate: bool,
    ) -> str | None:
        """Fill ``decoded`` (and ``wire``, if given); "length" when the body was cut short."""
        # The stream itself, not response.aiter_raw(): a response built in memory (a mock,
        # a cache) counts as already consumed for aiter_raw, yet its stream still iterates.
        stream = response.stream
        if not isinstance(stream, httpx.AsyncByteStream):
            raise FetchFailure("the transport returned a synchronous stream to an async fetch")
        received = 0
        chunks: AsyncIterator[bytes] = aiter(stream)
        async for chunk in chunks:
            received += len(chunk)
            cut = received > raw_limit
            if cut:
                if not truncate:
                    raise TooLargeFailure(
                        f"body over the {size(raw_limit)} limit", status=response.status_code
                    )
                chunk = chunk[: len(chunk) - (received - raw_limit)]
            if wire is not None:
                wire += chunk
            for piece in decoder.feed(chunk):
                decoded += piece
                if len(decoded) > decoded_limit:
                    if truncate:
                        del decoded[decoded_limit:]
                        return "length"
                    if decoder.identity:  # nothing was decompressed: a plain size limit
                        raise TooLargeFailure(
                            f"body over the {size(decoded_limit)} limit",
                            status=response.status_code,
                        )
                    raise TooLargeFailure(
                        f"decompressed body over the {size(decoded_limit)} limit "
                        f"(Content-Encoding: {decoder.content_encoding})",
                        status=response.status_code,
                    )
            if cut:
                return "length"
        if truncate:
            try:
                for piece in decoder.finish():
                    decoded += piece
            except FetchFailure:
                return "unspecified"  # a whole body whose coding stops early: kept as sent
            return None
        for piece in decoder.finish():
            decoded += piece
        return None
