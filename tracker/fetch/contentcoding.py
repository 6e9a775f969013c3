"""Undo HTTP content codings (gzip, deflate, brotli) in bounded pieces.

httpx would inflate a whole compressed chunk at once, so a few kilobytes of gzip or
brotli can become gigabytes in memory before any limit is checked. Here each coding
yields its output in pieces of about DECODE_PIECE bytes (zlib exactly at most that,
brotli at most one internal block more, under twice that), so the caller counts as it
goes and stops a compression bomb with a small, fixed amount of memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Protocol

import brotli

from tracker.errors import ContentTypeFailure, NetworkFailure

__all__ = ["ACCEPT_ENCODING", "DECODE_PIECE", "ContentDecoder", "decode_stored"]

# What the tracker asks for: not brotli, though ContentDecoder undoes it. Responses are
# archived as sent, and warcio (and pywb, which reads through it) cannot decode a brotli
# record with the brotli package (warcio issue #73), so asking for br would leave evidence
# the standard tools fail on. A server that sends br unasked is still decoded and kept.
ACCEPT_ENCODING = "gzip, deflate"
# Decoded output is produced in pieces of at most this size, so a bomb is caught early.
DECODE_PIECE = 64 * 1024
# Real servers apply one coding, rarely two; more is an attack on the decoder chain.
MAX_CODINGS = 3


class _Decoder(Protocol):
    name: str

    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def finish(self) -> Iterator[bytes]: ...


class _Identity:
    name = "identity"

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data

    def finish(self) -> Iterator[bytes]:
        return iter(())


class _Zlib:
    """gzip (possibly several members) or deflate (zlib-wrapped or raw), in bounded pieces."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._gzip = name in {"gzip", "x-gzip"}
        self._z = zlib.decompressobj(47 if self._gzip else 15)  # 47: gzip or zlib header
        self._started = False
        self._head = b""  # the first byte of a deflate body, until the second arrives
        self._between = b""  # bytes after a finished gzip member: another member, or junk
        self._done = False  # the stream ended; anything after it is ignored, as browsers do

    def _drain(self, data: bytes) -> Iterator[bytes]:
        pending = data
        while not self._done:
            if self._z.eof:
                if not self._gzip:
                    self._done = True
                    return
                self._between = (self._between + pending).lstrip(b"\x00")
                if len(self._between) < 2:
                    return  # too little to tell whether another member follows
                if self._between[:2] != b"\x1f\x8b":
                    self._done = True
                    return
                self._z = zlib.decompressobj(31)
                pending, self._between = self._between, b""
            piece = self._z.decompress(pending, DECODE_PIECE)
            if piece:
                yield piece
            if self._z.eof:
                pending = self._z.unused_data + self._z.unconsumed_tail
                continue
            pending = self._z.unconsumed_tail
            if not pending and len(piece) < DECODE_PIECE:
                return

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not data or self._done:
            return
        if not self._started and not self._gzip:
            # "deflate" should be zlib-wrapped (RFC 9110) but some servers send raw
            # deflate. Two bytes tell them apart: a zlib header has compression method 8
            # and a checksum; raw deflate can never start that way.
            data = self._head + data
            if len(data) < 2:
                self._head = data
                return
            self._head = b""
            cmf, flg = data[0], data[1]
            if not (cmf & 0x0F == 8 and ((cmf << 8) | flg) % 31 == 0):
                self._z = zlib.decompressobj(-15)
        self._started = True
        try:
            yield from self._drain(data)
        except zlib.error as error:
            raise ContentTypeFailure(
                f"the body is not valid {self.name} data (Content-Encoding: {self.name}): {error}"
            ) from None

    def finish(self) -> Iterator[bytes]:
        if self._head or (self._started and not self._done and not self._z.eof):
            raise NetworkFailure(f"the {self.name} body ended early: the transfer was cut off")
        return iter(())


class _Brotli:
    name = "br"

    def __init__(self) -> None:
        self._d = brotli.Decompressor()
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not data:
            return
        self._started = True
        try:
            piece = self._d.process(data, output_buffer_limit=DECODE_PIECE)
            # Drain everything this input yields, piece by piece: can_accept_more_data()
            # turns true while output is still pending.
            while piece:
                yield piece
                piece = self._d.process(b"", output_buffer_limit=DECODE_PIECE)
        except brotli.error as error:
            raise ContentTypeFailure(
                f"the body is not valid brotli data (Content-Encoding: br): {error}"
            ) from None

    def finish(self) -> Iterator[bytes]:
        if self._started and not self._d.is_finished():
            raise NetworkFailure("the br body ended early: the transfer was cut off")
        return iter(())


def _decoders(content_encoding: str | None) -> list[_Decoder]:
    """Decoders in the order they must run (the reverse of the header's order)."""
    chain: list[_Decoder] = []
    for token in reversed((content_encoding or "").split(",")):
        coding = token.strip().lower()
        if coding in {"", "identity"}:
            continue
        if coding in {"gzip", "x-gzip", "deflate"}:
            chain.append(_Zlib(coding))
        elif coding == "br":
            chain.append(_Brotli())
        else:
            raise ContentTypeFailure(f"unsupported Content-Encoding: {coding}")
        if len(chain) > MAX_CODINGS:
            # "gzip, gzip, ..." thousands deep would nest decoders without end.
            raise ContentTypeFailure(
                f"too many content codings: more than {MAX_CODINGS} in {content_encoding[:80]!r}"
            )
    return chain or [_Identity()]


def _run_chain(chain: list[_Decoder], data: bytes, index: int = 0) -> Iterator[bytes]:
    if index == len(chain):
        yield data
        return
    for piece in chain[index].feed(data):
        yield from _run_chain(chain, piece, index + 1)


def _finish_chain(chain: list[_Decoder], index: int = 0) -> Iterator[bytes]:
    if index == len(chain):
        return
    for piece in chain[index].finish():
        yield from _run_chain(chain, piece, index + 1)
    yield from _finish_chain(chain, index + 1)


class ContentDecoder:
    """The whole Content-Encoding of one response, e.g. "gzip" or "deflate, br".

    Raises ContentTypeFailure for a coding it does not know or data that is not valid
    for its coding, and NetworkFailure when a compressed stream stops before its end.
    """

    def __init__(self, content_encoding: str | None) -> None:
        self.content_encoding = content_encoding or "identity"
        self._chain = _decoders(content_encoding)

    @property
    def identity(self) -> bool:
        """True when the body is not encoded at all."""
        return all(isinstance(decoder, _Identity) for decoder in self._chain)

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces of ``data``, each under 2 * DECODE_PIECE bytes."""
        return _run_chain(self._chain, data)

    def finish(self) -> Iterator[bytes]:
        """What remains once the body has ended; raises if a stream was cut short."""
        return _finish_chain(self._chain)


def decode_stored(data: bytes, content_encoding: str | None, *, partial: bool = False) -> bytes:
    """Bytes kept as sent (a WARC record's payload) with their content coding undone.

    They were bounded when they were fetched, so they are decoded whole. With
    ``partial`` the bytes may stop early (a record kept truncated): what decodes up
    to the cut is returned instead of an error.
    """
    try:
        decoder = ContentDecoder(content_encoding)
    except ContentTypeFailure:
        if partial:
            return b""  # a coding no one can undo was kept as evidence, unread
        raise
    decoded = bytearray()
    try:
        for piece in decoder.feed(data):
            decoded += piece
        for piece in decoder.finish():
            decoded += piece
    except (ContentTypeFailure, NetworkFailure):
        if not partial:
            raise
    return bytes(decoded)
