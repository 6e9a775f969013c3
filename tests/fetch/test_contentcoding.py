"""Content decoding: exact round trips however the bytes are chunked, bounded pieces for
bombs, clear failures for corrupt or cut-off streams."""

from __future__ import annotations

import gzip
import itertools
import zlib

import brotli
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import ContentTypeFailure, NetworkFailure
from tracker.fetch.contentcoding import DECODE_PIECE, ContentDecoder


def _deflate_raw(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


ENCODERS = {
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "deflate": zlib.compress,  # RFC 9110: zlib-wrapped
    "br": brotli.compress,
}


def decode(encoding: str | None, wire: bytes, cuts: list[int]) -> bytes:
    decoder = ContentDecoder(encoding)
    out = bytearray()
    bounds = sorted({0, len(wire), *(c % (len(wire) + 1) for c in cuts)})
    for start, end in itertools.pairwise(bounds):
        for piece in decoder.feed(wire[start:end]):
            assert len(piece) < 2 * DECODE_PIECE or encoding is None
            out += piece
    for piece in decoder.finish():
        out += piece
    return bytes(out)


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=100_000) | st.sampled_from([bytes(300_000), b"<p>x</p>" * 40_000]),
    encoding=st.sampled_from(sorted(ENCODERS)),
    cuts=st.lists(st.integers(0, 400_000), max_size=12),
)
def test_round_trip_in_any_chunking(data, encoding, cuts):
    assert decode(encoding, ENCODERS[encoding](data), cuts) == data


@settings(max_examples=30, deadline=None)
@given(data=st.binary(min_size=1, max_size=50_000), cuts=st.lists(st.integers(0, 60_000)))
def test_raw_deflate_and_stacked_codings(data, cuts):
    assert decode("deflate", _deflate_raw(data), cuts) == data
    stacked = brotli.compress(gzip.compress(data))  # "gzip, br": gzip applied first
    assert decode("gzip, br", stacked, cuts) == data


@pytest.mark.parametrize("encoding", [None, "", "identity", "IDENTITY"])
def test_identity_passes_bytes_through(encoding):
    assert decode(encoding, b"<p>\xff\xfe raw</p>", [3]) == b"<p>\xff\xfe raw</p>"


def test_concatenated_gzip_members():
    wire = gzip.compress(b"<p>one</p>") + gzip.compress(b"<p>two</p>")
    assert decode("gzip", wire, [5, 30]) == b"<p>one</p><p>two</p>"


def test_trailing_garbage_after_gzip_is_ignored():
    assert decode("gzip", gzip.compress(b"<p>x</p>") + b"\n\n", []) == b"<p>x</p>"


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [("gzip", gzip.compress), ("br", lambda d: brotli.compress(d, quality=1))],
)
def test_a_bomb_comes_out_in_small_pieces(encoding, compress):
    bomb = compress(bytes(32 << 20))  # 32 MB of zeros in a few kilobytes
    pieces = ContentDecoder(encoding).feed(bomb)
    first = [next(pieces) for _ in range(4)]  # the caller can stop here, memory stays small
    assert all(0 < len(piece) < 2 * DECODE_PIECE for piece in first)


def test_unknown_coding_is_named():
    with pytest.raises(ContentTypeFailure, match="unsupported Content-Encoding: compress"):
        ContentDecoder("gzip, compress")


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_corrupt_data_is_a_content_failure(encoding):
    with pytest.raises(ContentTypeFailure, match=f"not valid {encoding}|not valid brotli"):
        list(ContentDecoder(encoding).feed(b"\x1f\x8b\x08\x00" + bytes(range(200))))


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_cut_off_stream_is_a_network_failure(encoding):
    wire = ENCODERS[encoding](bytes(range(256)) * 400)
    decoder = ContentDecoder(encoding)
    list(decoder.feed(wire[: len(wire) // 2]))
    with pytest.raises(NetworkFailure, match="ended early"):
        list(decoder.finish())


@settings(max_examples=80, deadline=None)
@given(encoding=st.sampled_from(["gzip", "deflate", "br", "gzip, br"]), wire=st.binary())
def test_random_bytes_never_crash(encoding, wire):
    decoder = ContentDecoder(encoding)
    try:
        for _ in decoder.feed(wire):
            pass
        list(decoder.finish())
    except (ContentTypeFailure, NetworkFailure):
        pass


def test_a_deep_stack_of_codings_is_refused():
    with pytest.raises(ContentTypeFailure, match="too many content codings: more than 3"):
        ContentDecoder(", ".join(["gzip"] * 20_000))
    layered = gzip.compress(gzip.compress(gzip.compress(b"<p>three</p>")))
    assert decode("gzip, gzip, gzip", layered, [4]) == b"<p>three</p>"
