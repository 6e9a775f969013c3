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

This module is the fetch loop (redirects, retries, what each answer means); its parts
are modules beside it: ``redirects`` (every redirect rule and the chain of hops),
``exchange`` (the request, the connection's progress, httpx's errors translated) and
``reading`` (a body read within limits).
"""

from __future__ import annotations

import asyncio
import random
import ssl
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from functools import partial
from typing import Self, Unpack
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
    RobotsFailure,
    TimeoutFailure,
)
from tracker.fetch.addresses import Resolver
from tracker.fetch.admission import Admission, DeadlineExpired, RobotsSource, host_key
from tracker.fetch.body import HTML_TYPES, looks_like_html, media_type, phrase, seconds
from tracker.fetch.exchange import (
    Exchange,
    FetchOptions,
    Progress,
    Retry,
    as_evidence,
    build_request,
    is_transient,
    network_failure,
    peer_refusal,
    resource_request,
    timeout_failure,
)
from tracker.fetch.politeness import (
    MAX_RETRY_AFTER,
    Clock,
    Deadline,
    Sleep,
    WaitTooLong,
    backoff_delay,
    parse_retry_after,
)
from tracker.fetch.reading import drain, read_body, read_error_body
from tracker.fetch.redirects import (
    REDIRECT_STATUSES,
    ROBOTS_MAX_REDIRECTS,
    RedirectChain,
    check_url,
    redirect_target,
)
from tracker.fetch.robots import ROBOTS_MAX_BYTES, RobotsAnswer
from tracker.memo import once
from tracker.model import Capture, NotModified, Validators

__all__ = ["ClosedOnExit", "HttpFetcher", "tls_context"]

RETRY_STATUSES = frozenset({429, 502, 503, 504})
GONE_STATUSES = frozenset({404, 410})
MAX_ATTEMPTS = 3
# Failures that happen below HTTP or before any request: no answer to keep.
_NO_ANSWER = (TimeoutFailure, NetworkFailure, AddressFailure, RobotsFailure)


class ClosedOnExit(ABC):
    """``async with`` it and it is closed on the way out, whatever happened."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    @abstractmethod
    async def aclose(self) -> None: ...


@once()
def tls_context() -> ssl.SSLContext:
    """The certificate authorities httpx trusts, read once per process: a transport of
    its own would read the whole bundle again for every fetcher and every webhook
    notifier (~50 ms of CPU each, paid by every command). The context holds no
    connection, so every HTTP client of tracker shares it."""
    return httpx.create_ssl_context()


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
            verify=tls_context(),
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
        self, url: str, settings: FetchSettings, **options: Unpack[FetchOptions]
    ) -> Capture | NotModified:
        """GET ``url`` within ``settings``; a Capture, a NotModified, or a FetchFailure.

        The result's ``url`` is ``url`` exactly as given (the watch's identity);
        ``final_url`` is the normalised URL the page was finally fetched from.

        ``media_types`` accepts more than HTML, for callers that read data through the
        same limits and manners (web-archive listings); HTML is always accepted.
        """
        # Archive listings (CDX JSON, link-format TimeMaps) widen what is usable.
        accepted = HTML_TYPES | frozenset(options.get("media_types") or ())
        try:
            return await self._fetch(url, settings, options.get("validators"), accepted)
        except DeadlineExpired as expired:
            raise TimeoutFailure(expired.reason) from None  # the internal marker stays inside

    async def _fetch(
        self,
        url: str,
        settings: FetchSettings,
        validators: Validators | None,
        accepted: frozenset[str],
    ) -> Capture | NotModified:
        chain = RedirectChain(check_url(url), settings.max_redirects)
        deadline = self.admission.deadline(settings)
        fetched_at = datetime.now(UTC)
        try:
            return await self._follow(
                url, chain, settings, validators, accepted, deadline, fetched_at
            )
        except FetchFailure as failure:
            answer = failure.response
            if answer is not None:
                failure.response = as_evidence(answer, url, fetched_at, chain.hops_to(answer))
            raise

    async def _follow(
        self,
        url: str,
        chain: RedirectChain,
        settings: FetchSettings,
        validators: Validators | None,
        accepted: frozenset[str],
        deadline: Deadline,
        fetched_at: datetime,
    ) -> Capture | NotModified:
        """Request the chain's URL and follow its redirects, each hop admitted on its own."""
        jar = httpx.Cookies()
        while True:
            current = chain.visit(jar)
            await self._admit(current, settings, deadline)
            exchange = await self._with_retries(
                current,
                deadline,
                partial(
                    self._exchange, current, settings, deadline, validators, jar, accepted=accepted
                ),
            )
            if exchange.status in REDIRECT_STATUSES:
                chain.follow(exchange)
                continue
            if exchange.status == 304:
                return NotModified(
                    url=url,
                    final_url=current,
                    fetched_at=fetched_at,
                    status=304,
                    headers=exchange.headers,
                    redirects=tuple(chain.hops),
                )
            return self._capture(url, exchange, chain.hops, fetched_at, accepted)

    def _capture(
        self,
        url: str,
        exchange: Exchange,
        redirects: list[str],
        fetched_at: datetime,
        accepted: frozenset[str],
    ) -> Capture:
        body = exchange.body
        capture = exchange.answer(url=url, fetched_at=fetched_at, redirects=redirects)
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

    # ------------------------------------------------------------------ admission

    async def _admit(self, url: str, settings: FetchSettings, deadline: Deadline) -> None:
        """Address policy, then robots.txt (fetched through this fetcher), for one hop."""
        await self.admission.admit(url, settings, deadline, self._robots_source(settings, deadline))

    def _robots_source(self, settings: FetchSettings, deadline: Deadline) -> RobotsSource:
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
                current = redirect_target(exchange)
            return RobotsAnswer(
                status=0, body=b"", problem=f"more than {ROBOTS_MAX_REDIRECTS} redirects"
            )
        except (DeadlineExpired, AddressFailure):
            raise  # out of time, or sent somewhere it must not go: not a robots question
        except Retry as retry:
            return RobotsAnswer(status=0, body=b"", problem=retry.failure.reason)
        except FetchFailure as failure:
            return RobotsAnswer(status=failure.status or 0, body=b"", problem=failure.reason)

    # ------------------------------------------------------------------ retries

    async def _with_retries(
        self, url: str, deadline: Deadline, exchange: Callable[[], Awaitable[Exchange]]
    ) -> Exchange:
        """``exchange`` (one request of ``url``) tried again, after a wait, on a Retry."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                return await exchange()
            except Retry as retry:
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
    ) -> Exchange:
        def request() -> httpx.Request:
            return build_request(url, settings, validators, jar, robots=robots)

        async def answer(exchange: Exchange, response: httpx.Response) -> None:
            # the jar reads Set-Cookie alone (its policy ignores Set-Cookie2): an answer
            # without one, most of them, leaves it as it was
            if "set-cookie" in response.headers:
                jar.extract_cookies(response)
            await self._handle(
                exchange, response, settings, validators, robots=robots, accepted=accepted
            )

        return await self._send(url, settings, deadline, request, answer)

    async def fetch_resource(
        self,
        url: str,
        settings: FetchSettings,
        deadline: Deadline,
        *,
        method: str = "GET",
        headers: Iterable[tuple[str, str]] = (),
        content: bytes | None = None,
    ) -> Exchange:
        """One request a rendered page makes, sent through this client as the page made
        it: so the connection's peer is vetted as for any page, and no other resolver or
        network stack is involved. Redirects are answered, not followed (the page's next
        request is admitted on its own), nothing is retried, any status and type is
        returned; the body is read within the watch's limits. It is admitted first (address
        policy, robots.txt), as every request this fetcher sends."""
        await self._admit(url, settings, deadline)

        def request() -> httpx.Request:
            return resource_request(method, url, settings, headers, content)

        async def answer(exchange: Exchange, response: httpx.Response) -> None:
            await read_body(
                response, exchange, settings.max_body_bytes, settings.max_decompressed_bytes
            )

        try:
            return await self._send(url, settings, deadline, request, answer)
        except Retry as retry:
            raise retry.failure from None

    async def _send(
        self,
        url: str,
        settings: FetchSettings,
        deadline: Deadline,
        request: Callable[[], httpx.Request],
        answer: Callable[[Exchange, httpx.Response], Awaitable[None]],
    ) -> Exchange:
        """Send ``request()`` in a turn at its host within the deadline, vet the peer it
        reached, and let ``answer`` read the response into the exchange."""
        host = host_key(url)
        progress = Progress(host, guard=self._owns_transport and not settings.allow_private)
        try:
            async with self.admission.turn(url, settings, deadline):
                progress.phase = f"connecting to {host}"
                async with asyncio.timeout(max(deadline.remaining(), 0.0)):
                    sent = request()
                    sent.extensions["trace"] = progress.trace
                    response = await self._transport.handle_async_request(sent)
                    try:
                        response.request = sent
                        progress.phase = "reading the body"
                        if not settings.allow_private and self._owns_transport:
                            self._check_peer(url, response)
                        exchange = Exchange.of(url, sent, response)
                        await answer(exchange, response)
                        return exchange
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
            failure = timeout_failure(error, host, settings, progress.phase)
            if isinstance(error, httpx.ConnectTimeout):
                raise Retry(failure) from None
            raise failure from None
        except httpx.TransportError as error:
            failure = network_failure(error, host, progress.phase)
            if is_transient(error):
                raise Retry(failure) from None
            raise failure from None

    async def _handle(
        self,
        exchange: Exchange,
        response: httpx.Response,
        settings: FetchSettings,
        validators: Validators | None,
        *,
        robots: bool,
        accepted: frozenset[str],
    ) -> None:
        status = exchange.status
        if robots:
            if 200 <= status < 300:
                await read_body(
                    response, exchange, ROBOTS_MAX_BYTES, ROBOTS_MAX_BYTES, truncate=True
                )
            else:
                await drain(response)
            return
        try:
            await self._answer(exchange, response, settings, validators, accepted)
        except FetchFailure as failure:
            # The server answered: what it said is the failure's evidence.
            if failure.response is None and not isinstance(failure, _NO_ANSWER):
                failure.response = exchange.answer()
            raise

    async def _answer(
        self,
        exchange: Exchange,
        response: httpx.Response,
        settings: FetchSettings,
        validators: Validators | None,
        accepted: frozenset[str],
    ) -> None:
        """Read the body the status calls for, or raise the failure the answer means."""
        status = exchange.status
        if status in REDIRECT_STATUSES:
            await read_error_body(exchange, response)  # evidence if the redirects fail
            return
        if status == 304:
            await drain(response)
            if not validators:
                raise HTTPStatusFailure(
                    "HTTP 304 Not Modified to a request that was not conditional", status=304
                )
            return
        if not 200 <= status < 300:
            await self._fail_status(exchange, response)
        media = media_type(exchange.header("content-type"))
        if media is not None and media not in accepted:
            await read_error_body(exchange, response)
            raise ContentTypeFailure(f"not HTML: {media}", status=status)
        await read_body(
            response, exchange, settings.max_body_bytes, settings.max_decompressed_bytes
        )

    @staticmethod
    def _check_peer(url: str, response: httpx.Response) -> None:
        """Against DNS rebinding on a reused keep-alive connection: its peer, again."""
        stream = response.extensions.get("network_stream")
        if (refusal := peer_refusal(urlsplit(url).hostname or "", stream)) is not None:
            raise refusal

    async def _fail_status(self, exchange: Exchange, response: httpx.Response) -> None:
        """Raise the failure an unusable status means (or Retry for a transient one)."""
        status = exchange.status
        said = phrase(status, exchange.reason)
        await read_error_body(exchange, response)
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
            raise Retry(failure, retry_after if status in {429, 503} else None)
        raise failure
