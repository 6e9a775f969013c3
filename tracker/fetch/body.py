"""What every fetcher says about a body: is it HTML, how big, and in which words.

Shared by the HTTP and browser fetchers so both accept the same pages, cut error
answers at the same length and word their failures alike.
"""

from __future__ import annotations

from http import HTTPStatus

__all__ = [
    "ERROR_BODY_BYTES",
    "HTML_TYPES",
    "looks_like_html",
    "media_type",
    "phrase",
    "seconds",
    "size",
]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Bytes of an error response read to recognise a block page and kept as evidence of
# what the server answered; the rest is discarded (the record says WARC-Truncated).
ERROR_BODY_BYTES = 64 * 1024

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")


def seconds(value: float) -> str:
    return f"{value:g} s" if value < 10 else f"{round(value):d} s"


def size(value: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if value >= scale:
            amount = value / scale
            return f"{amount:.0f} {unit}" if amount == int(amount) else f"{amount:.1f} {unit}"
    return f"{value} bytes"


def phrase(status: int, reason: str = "") -> str:
    """ "HTTP 404 Not Found": the status and its reason (the standard one if none was sent)."""
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    return f"HTTP {status} {reason}".rstrip()


def media_type(content_type: str | None) -> str | None:
    if content_type is None:
        return None
    media = content_type.split(";", 1)[0].strip().lower()
    return media or None


def looks_like_html(body: bytes) -> bool:
    """Whether an unlabelled body is HTML, from its first bytes (as browsers sniff)."""
    head = body[:1024]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    head = head.lstrip().lower()
    while head.startswith(b"<!--"):
        end = head.find(b"-->")
        if end < 0:
            return False
        head = head[end + 3 :].lstrip()
    if head.startswith(b"<?xml"):
        return b"<html" in body[:4096].lower()
    return head.startswith(_HTML_STARTS)
