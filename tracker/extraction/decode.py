"""Bytes -> text: HTTP charset, byte-order mark, <meta> charset, then detection.

Bad bytes never raise: an undecodable byte becomes U+FFFD, and characters that
no HTML parser accepts (NUL, other C0 controls) are dropped.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET: Final = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET: Final = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_CONTROL_CHARACTERS: Final = (
    *map(chr, range(0x00, 0x09)), "\x0b", "\x0c", *map(chr, range(0x0e, 0x20)),
    "\x7f", "\ufffe", "\uffff",
)  # fmt: skip
_CONTROL: Final = re.compile(f"[{re.escape(''.join(_CONTROL_CHARACTERS))}]")
_DETECT_BYTES: Final = 200_000


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return _known(match.group(1)) if match else None


def _known(name: str | bytes | None) -> str | None:
    """The codec Python knows under this label, or None; latin-1 labels mean windows-1252."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # WHATWG: iso-8859-1 and us-ascii labels are decoded as windows-1252
    return "cp1252" if codec in {"latin_1", "iso8859-1", "ascii"} else codec


def sniff_encoding(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(encoding, where it came from) for an HTML body."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, "bom"
    declared = charset_from_content_type(content_type)
    if declared:
        return declared, "http"
    match = _META_CHARSET.search(data[:4096])
    if match:
        meta = _known(match.group(1))
        if meta and not meta.startswith("utf-16"):  # bytes we are reading are not utf-16
            return meta, "meta"
    try:
        data[:_DETECT_BYTES].decode("utf-8")
    except UnicodeDecodeError as error:
        # a multi-byte character cut at the sample's end is still utf-8
        if error.start < min(len(data), _DETECT_BYTES) - 4:
            return _detect(data), "detected"
    return "utf-8", "default"


def _detect(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:_DETECT_BYTES]).best()
    except Exception:  # detection is best effort; never let it crash extraction
        best = None
    known = _known(best.encoding) if best is not None else None
    return known or "cp1252"


def decode_html(data: str | bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding) with BOM removed and parser-hostile control characters dropped."""
    text, encoding, _ = decode_page(data, content_type)
    return text, encoding


def decode_page(
    data: str | bytes, content_type: str | None = None
) -> tuple[str, str, bytes | None]:
    """``decode_html``'s (text, encoding), and the text's UTF-8 bytes when ``data`` holds
    exactly them (UTF-8 read without a byte replaced or dropped: nearly every page), so
    the parser, which reads UTF-8, is handed them rather than the text encoded again."""
    if isinstance(data, str):
        return clean_text(data), "unicode", None
    encoding, source = sniff_encoding(data, content_type)
    if source == "bom":
        data = data[len(next(bom for bom, name in _BOMS if name == encoding)) :]
    if source in {"http", "meta"} and encoding in _SINGLE_BYTE and _is_utf8(data):
        # valid multi-byte UTF-8 almost never arises from legacy text: the label is stale
        encoding = "utf-8"
    exact = encoding == "utf-8"  # the bytes are the text's UTF-8 unless one is replaced
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if source in {"http", "meta"}:  # the declaration lied: detect instead
            encoding = _detect(data)
        text = data.decode(encoding, errors="replace")
        exact = False
    except LookupError:
        encoding = "utf-8"
        text = data.decode(encoding, errors="replace")
        exact = False
    cleaned = clean_text(text, data if exact else None)
    return cleaned, encoding, data if exact and cleaned is text else None


_SINGLE_BYTE: Final = {"cp1252", "iso8859-15", "cp1250", "iso8859-2", "mac-roman"}


def _is_utf8(data: bytes) -> bool:
    """True when the bytes are UTF-8 with at least one multi-byte character."""
    sample = data[:_DETECT_BYTES]
    if sample.isascii():
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(sample) - 4 and len(data) > _DETECT_BYTES
    return True


# the control characters in UTF-8: the C0 ones and DEL are their own byte (never part of
# a longer character's), U+FFFE and U+FFFF three bytes no other character writes, all three
# after the lead byte of U+F000-U+FFFF, which most pages never write: one memchr for it
# spares two whole-page searches of three bytes (~1.2 instructions a byte each)
_CONTROL_BYTES: Final = tuple(
    character.encode() for character in _CONTROL_CHARACTERS if len(character.encode()) == 1
)
_NONCHARACTER_BYTES: Final = tuple(
    character.encode() for character in _CONTROL_CHARACTERS if len(character.encode()) > 1
)
_NONCHARACTER_LEAD: Final = b"\xef"


def clean_text(text: str, utf8: bytes | None = None) -> str:
    """``text`` without a leading byte-order mark or control characters; ``utf8``, its
    own UTF-8 bytes where the caller has them, where the look for one is made."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # nearly every page holds none: a substring test per character is several times
    # faster than the pattern's pass over the whole page, and in bytes (memchr) some
    # times faster than in a text beyond ASCII (two or four bytes a character)
    if utf8 is None:
        dirty = any(character in text for character in _CONTROL_CHARACTERS)
    else:
        dirty = any(byte in utf8 for byte in _CONTROL_BYTES) or (
            _NONCHARACTER_LEAD in utf8 and any(sequence in utf8 for sequence in _NONCHARACTER_BYTES)
        )
    return _CONTROL.sub("", text) if dirty else text
