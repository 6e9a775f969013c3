"""What a fetch brings back: one HTTP response as received, or a 304, and the
validators that ask for one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

RENDERED_TYPE = "text/html; charset=utf-8"


class Headers(tuple[tuple[str, str], ...]):
    """HTTP header fields as received: (name, value) pairs in order, names as sent.

    A tuple, so the pairs go into WARC records byte for byte as the server sent them;
    look-ups by name ignore case, as HTTP field names do (RFC 9110 5.1).
    """

    __slots__ = ()

    def get_all(self, name: str) -> list[str]:
        """Every value of the field ``name``, in the order received."""
        lowered = name.lower()
        return [value for key, value in self if key.lower() == lowered]

    def get(self, name: str) -> str | None:
        """The first value of the field ``name``, or None."""
        lowered = name.lower()
        return next((value for key, value in self if key.lower() == lowered), None)

    def joined(self, name: str) -> str | None:
        """All values of ``name`` joined by ", " (one field, RFC 9110 5.3), or None."""
        values = self.get_all(name)
        return ", ".join(values) if values else None


NO_HEADERS = Headers()


def _headers(value: tuple[tuple[str, str], ...]) -> Headers:
    return value if isinstance(value, Headers) else Headers(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """One HTTP response exactly as received: the evidence everything else derives from."""

    url: str
    final_url: str
    fetched_at: datetime
    status: int
    headers: Headers
    body: bytes
    request_headers: Headers = NO_HEADERS
    http_version: str = "HTTP/1.1"
    redirects: tuple[str, ...] = ()
    # The body as it came off the wire (chunking undone, Content-Encoding kept) when a
    # content coding was undone to make ``body``; None when the two are the same bytes.
    wire_body: bytes | None = None
    # Why the kept bytes stop short of the whole body (WARC-Truncated: "length"), if they do.
    truncated: str | None = None
    # The page's DOM after its scripts ran (the browser fetcher), serialised as UTF-8
    # HTML: what the article is read from. None for a page taken as served.
    rendered: bytes | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", _headers(self.headers))
        object.__setattr__(self, "request_headers", _headers(self.request_headers))

    @property
    def sha256(self) -> str:
        """The body's identity: the hash of the decoded bytes, whatever coding carried them."""
        return hashlib.sha256(self.body).hexdigest()

    @property
    def wire(self) -> bytes:
        """The bytes the server sent (after chunking), which the WARC record keeps."""
        return self.body if self.wire_body is None else self.wire_body

    @property
    def page(self) -> bytes:
        """The HTML the article is read from: the rendered DOM when there is one."""
        return self.body if self.rendered is None else self.rendered

    @property
    def page_content_type(self) -> str | None:
        """The Content-Type of ``page`` (a rendered DOM is serialised as UTF-8)."""
        return self.header("content-type") if self.rendered is None else RENDERED_TYPE

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@dataclass(frozen=True, slots=True, kw_only=True)
class Validators:
    """The previous capture's validators, sent as If-None-Match / If-Modified-Since."""

    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def of(cls, capture: Capture) -> Validators:
        return cls(etag=capture.header("etag"), last_modified=capture.header("last-modified"))

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True, slots=True, kw_only=True)
class NotModified:
    """A 304 to a conditional request: the page is as it was; nothing to parse or store."""

    url: str
    final_url: str
    fetched_at: datetime
    status: int
    headers: Headers
    redirects: tuple[str, ...] = ()  # the URLs redirected through before final_url

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", _headers(self.headers))

    def header(self, name: str) -> str | None:
        return self.headers.get(name)
