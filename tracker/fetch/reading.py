"""Reading a response body within limits, into an ``Exchange``.

Bytes are counted as they arrive, on the wire and decoded (the content coding is
undone here in bounded pieces, so a compression bomb stops with little memory), and
the bytes as sent are kept beside the decoded ones when a coding was undone (the
WARC record keeps those). A body we want whole fails over a limit; a body we only
need the start of (robots.txt, an error page) is cut there and marked truncated.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from tracker.errors import FetchFailure, TooLargeFailure
from tracker.fetch.body import ERROR_BODY_BYTES, size
from tracker.fetch.contentcoding import ContentDecoder
from tracker.fetch.exchange import Exchange

__all__ = ["drain", "read_body", "read_error_body"]


async def drain(response: httpx.Response) -> None:
    """Read a small unwanted body to its end, so the connection can be reused.

    httpcore closes a connection whose response was closed unread; for the 304s
    of routine checks that would cost a new TCP (and TLS) handshake each time. A
    large or broken body is simply abandoned with its connection. (Redirect bodies
    are read as evidence instead, the same way: see ``read_error_body``.)
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


async def read_error_body(exchange: Exchange, response: httpx.Response) -> None:
    """The first ERROR_BODY_BYTES of a body we do not want as a page, kept as evidence.

    Its problems (a broken coding, a reset) only shorten the evidence: the failure
    that matters is the one the status or the content type already names.
    """
    try:
        await read_body(response, exchange, ERROR_BODY_BYTES, ERROR_BODY_BYTES, truncate=True)
    except (FetchFailure, httpx.TransportError):
        exchange.truncated = exchange.truncated or "unspecified"


async def read_body(
    response: httpx.Response,
    exchange: Exchange,
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
        exchange.truncated = await _receive(
            response, decoder, decoded, wire, raw_limit, decoded_limit, truncate=truncate
        )
    except FetchFailure as failure:
        exchange.truncated = "length" if isinstance(failure, TooLargeFailure) else "unspecified"
        exchange.body = bytes(decoded[:ERROR_BODY_BYTES])
        exchange.wire = bytes(wire[:ERROR_BODY_BYTES]) if wire is not None else None
        raise
    exchange.body = bytes(decoded)
    exchange.wire = bytes(wire) if wire is not None else None


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
