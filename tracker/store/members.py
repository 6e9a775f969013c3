"""A WARC file read as what it physically is: one gzip member after another.

Every record tracker writes is its own gzip member, so a file can be walked member
by member without trusting the index: where each whole record lies, whether the
file ends inside a member (a write cut short: the only bytes the store may ever cut
off), and where bytes that are no gzip member begin (damage, never cut). The index
uses this to settle a tail beyond what it committed, ``verify`` to find records the
index does not hold, and ``reindex`` to find what to restore.
"""

from __future__ import annotations

import bisect
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import StoreError

__all__ = ["Member", "MemberScan", "held", "scan_members"]

_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Member:
    """One whole gzip member: a record's place in its file."""

    offset: int
    length: int

    @property
    def end(self) -> int:
        return self.offset + self.length


@dataclass(slots=True)
class MemberScan:
    """What a file holds from a starting offset on."""

    members: list[Member] = field(default_factory=list)
    torn_at: int | None = None  # the file ends inside the member starting here
    junk_at: int | None = None  # bytes from here on are no gzip member

    @property
    def sound_end(self) -> int | None:
        """The end of the last whole member (None when there is none)."""
        return self.members[-1].end if self.members else None


def _one_member_length(handle: object, first: bytes) -> tuple[int, bytes] | None:
    """Inflate one member from ``first`` and what follows in ``handle``.

    Returns (its length, the bytes read past it), or None when the file ends first.
    """
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    data, length = first, 0
    while True:
        inflater.decompress(data)
        if inflater.eof:
            rest = inflater.unused_data
            return length + len(data) - len(rest), rest
        length += len(data)
        data = handle.read(_CHUNK)  # type: ignore[attr-defined]
        if not data:
            return None


def scan_members(path: Path, start: int = 0) -> MemberScan:
    """Walk the gzip members of ``path`` from ``start`` to the end of the file."""
    scan = MemberScan()
    position = start
    try:
        with open(path, "rb") as handle:
            handle.seek(start)
            buffer = b""
            while True:
                if len(buffer) < len(_GZIP_MAGIC):
                    buffer += handle.read(_CHUNK)
                if not buffer:
                    return scan
                if not buffer.startswith(_GZIP_MAGIC):
                    if _GZIP_MAGIC.startswith(buffer):
                        scan.torn_at = position  # the first byte of a member, then nothing
                    else:
                        scan.junk_at = position
                    return scan
                try:
                    found = _one_member_length(handle, buffer)
                except zlib.error:
                    scan.junk_at = position
                    return scan
                if found is None:
                    scan.torn_at = position
                    return scan
                length, buffer = found
                scan.members.append(Member(position, length))
                position += length
    except FileNotFoundError:
        return scan
    except OSError as error:
        raise StoreError(f"cannot read WARC file {path}: {error.strerror}") from None


def held(member: Member, spans: list[tuple[int, int]]) -> bool:
    """Whether one of the sorted (offset, end) spans covers the record at ``member``."""
    at = bisect.bisect_right(spans, (member.offset, float("inf"))) - 1
    return at >= 0 and spans[at][0] <= member.offset < spans[at][1]
