"""One request and its answer: how it is built, watched, and how its failures read.

``build_request`` makes the GET (conditional when the check has validators);
``Progress`` follows httpcore's trace events to vet each new connection's peer address
before a byte is sent and to say where a timeout struck; ``timeout_failure`` and
``network_failure`` translate httpx's errors into the FetchFailure a person reads,
``is_transient`` says which deserve another attempt (raised as ``Retry``), and
``Exchange`` holds what came back.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, TypedDict

import httpx

from tracker.config import FetchSettings
from tracker.errors import AddressFailure, FetchFailure, NetworkFailure, TimeoutFailure
from tracker.fetch.addresses import address_problem
from tracker.fetch.body import ERROR_BODY_BYTES, seconds
from tracker.fetch.contentcoding import ACCEPT_ENCODING
from tracker.model import Capture, Headers, Validators

__all__ = [
    "Exchange",
    "FetchOptions",
    "Progress",
    "Retry",
    "as_evidence",
    "build_request",
    "conditional_headers",
    "is_transient",
    "network_failure",
    "peer_refusal",
    "resource_request",
    "timeout_failure",
]

ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
ROBOTS_ACCEPT = "text/plain,*/*;q=0.1"


@dataclass(slots=True)
class Exchange:
    """One request and its response head, plus the body when it was read: decoded
    (``body``) and, when a content coding was undone, as sent (``wire``)."""

    url: str
    status: int
    reason: str
    headers: Headers
    http_version: str
    request_headers: Headers
    body: bytes = b""
    wire: bytes | None = None
    truncated: str | None = None  # WARC-Truncated reason when the body was not read whole

    @classmethod
    def of(cls, url: str, request: httpx.Request, response: httpx.Response) -> Exchange:
        """The exchange's head as received (names and values as sent, in order)."""
        reason_phrase = response.extensions.get("reason_phrase", b"")
        return cls(
            url=url,
            status=response.status_code,
            reason=reason_phrase.decode("latin-1") if isinstance(reason_phrase, bytes) else "",
            headers=Headers(
                (key.decode("latin-1"), value.decode("latin-1"))
                for key, value in response.headers.raw
            ),
            http_version=response.extensions.get("http_version", b"HTTP/1.1").decode("latin-1"),
            request_headers=Headers(
                (key.decode("latin-1"), value.decode("latin-1"))
                for key, value in request.headers.raw
            ),
        )

    def header(self, name: str) -> str | None:
        return self.headers.joined(name)

    def answer(
        self,
        *,
        url: str | None = None,
        fetched_at: datetime | None = None,
        redirects: Sequence[str] = (),
    ) -> Capture:
        """What the server answered, as a Capture: asked for ``url`` (its own unless
        given: a failure's evidence, the fetch then fills in the watch's URL) through
        ``redirects``, at ``fetched_at`` (now unless given)."""
        return Capture(
            url=url or self.url,
            final_url=self.url,
            fetched_at=fetched_at or datetime.now(UTC),
            status=self.status,
            headers=self.headers,
            body=self.body,
            request_headers=self.request_headers,
            http_version=self.http_version,
            redirects=tuple(redirects),
            wire_body=self.wire,
            truncated=self.truncated,
        )


def as_evidence(
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


# ------------------------------------------------------------------ the request


class FetchOptions(TypedDict, total=False):
    """What one fetch may ask beyond its URL and settings: every fetcher takes these as
    keyword arguments (``**options: Unpack[FetchOptions]``), so they are named once."""

    validators: Validators | None  # sent as If-None-Match / If-Modified-Since
    media_types: frozenset[str] | None  # accepted beyond HTML


def conditional_headers(validators: Validators | None) -> list[tuple[str, str]]:
    """If-None-Match / If-Modified-Since from a check's stored validators (none without)."""
    if validators is None:
        return []
    headers = []
    if validators.etag:
        headers.append(("If-None-Match", validators.etag))
    if validators.last_modified:
        headers.append(("If-Modified-Since", validators.last_modified))
    return headers


def build_request(
    url: str,
    settings: FetchSettings,
    validators: Validators | None,
    jar: httpx.Cookies,
    *,
    robots: bool,
) -> httpx.Request:
    """The GET for ``url``: our name, what we accept, the validators, the jar's cookies."""
    headers = [
        ("User-Agent", settings.user_agent),
        ("Accept", ROBOTS_ACCEPT if robots else ACCEPT),
        ("Accept-Encoding", ACCEPT_ENCODING),
        *conditional_headers(validators),
    ]
    request = httpx.Request(
        "GET", url, headers=headers, extensions={"timeout": _timeouts(settings)}
    )
    if jar:  # most hops carry no cookie, and asking the jar costs ~20 µs a request
        jar.set_cookie_header(request)
    return request


# What a page's own request may not carry through us: hop-by-hop fields, and those the
# client sets itself (the connection, the body's length, the codings it can undo).
_NOT_FORWARDED = frozenset(
    {
        "accept-encoding",
        "connection",
        "content-length",
        "host",
        "keep-alive",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)


def resource_request(
    method: str,
    url: str,
    settings: FetchSettings,
    headers: Iterable[tuple[str, str]],
    content: bytes | None,
) -> httpx.Request:
    """A request a rendered page made, as it made it (method, fields, body), with our
    codings and the watch's timeouts."""
    fields = [(name, value) for name, value in headers if name.lower() not in _NOT_FORWARDED]
    fields.append(("Accept-Encoding", ACCEPT_ENCODING))
    return httpx.Request(
        method,
        url,
        headers=fields,
        content=content,
        extensions={"timeout": _timeouts(settings)},
    )


def _timeouts(settings: FetchSettings) -> dict[str, float]:
    return {
        "connect": settings.connect_timeout,
        "read": settings.read_timeout,
        "write": settings.read_timeout,
        "pool": settings.connect_timeout,
    }


# ------------------------------------------------------------------ the connection


def peer_refusal(host: str, stream: Any) -> AddressFailure | None:
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


class Progress:
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
            if (refusal := peer_refusal(self.host, stream)) is not None:
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


# ------------------------------------------------------------------ its failures


class Retry(Exception):
    """A transient failure worth another attempt (carries the failure to raise if not)."""

    def __init__(self, failure: FetchFailure, retry_after: float | None = None) -> None:
        self.failure = failure
        self.retry_after = retry_after
        super().__init__(failure.reason)


# Network errors worth retrying for an idempotent GET: the next attempt may well work.
_TRANSIENT = (httpx.ConnectError, httpx.ReadError, httpx.WriteError)


def is_transient(error: httpx.TransportError) -> bool:
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


def timeout_failure(
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
    what = "reading the body" if phase == "reading the body" else "waiting for the response headers"
    return TimeoutFailure(f"timed out after {seconds(settings.read_timeout)} {what}")


def network_failure(error: httpx.TransportError, host: str, phase: str) -> FetchFailure:
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
