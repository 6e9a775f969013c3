"""Listing an archive's captures through a Memento TimeMap (RFC 7089).

Any Memento-compliant archive publishes a TimeMap in ``application/link-format``
(RFC 6690 / RFC 8288): the mementos of a URL with their datetimes, and, for a
long history, links to the TimeMap's further pages.
"""

from __future__ import annotations

import re
from datetime import datetime

from tracker.history.archives import Archive, ArchivedCapture, http_date, original_of

__all__ = ["parse_link_format", "parse_timemap", "timemap_url"]


def parse_link_format(text: str) -> list[tuple[str, dict[str, str]]]:
    """Links of an RFC 6690 / RFC 8288 link list: (URI, lower-cased parameters).

    Quoted values may hold commas and semicolons (Memento datetimes do); a link
    that cannot be read ends at the next comma and the rest is still read.
    """
    links: list[tuple[str, dict[str, str]]] = []
    position = 0
    while (start := text.find("<", position)) >= 0:
        close = text.find(">", start)
        if close < 0:
            break
        uri = text[start + 1 : close].strip()
        position = close + 1
        params: dict[str, str] = {}
        while match := _LINK_PARAM.match(text, position):
            name = match.group(1).lower()
            value = match.group(2) or ""
            if value.startswith('"'):
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            params.setdefault(name, value)
            position = match.end()
        links.append((uri, params))
        comma = text.find(",", position)
        if comma < 0:
            break
        position = comma + 1
    return links


_LINK_PARAM = re.compile(
    r"\s*;\s*([A-Za-z0-9!#$&+\-.^_`|~*]+)\s*(?:=\s*(\"(?:[^\"\\]|\\.)*\"|[^;,\s]*))?"
)


def parse_timemap(text: str) -> tuple[list[ArchivedCapture], list[str]]:
    """Mementos of a link-format TimeMap, and the other TimeMaps it links to (its pages)."""
    original = ""
    mementos: list[tuple[str, str, datetime]] = []
    pages: list[str] = []
    for uri, params in parse_link_format(text):
        rels = params.get("rel", "").lower().split()
        if "original" in rels:
            original = uri
        if "memento" in rels:
            moment = http_date(params.get("datetime", ""))
            if moment is not None:
                mementos.append((uri, params["datetime"], moment))
        elif "timemap" in rels and "self" not in rels:
            pages.append(uri)
    captures = [
        ArchivedCapture(
            original=original or original_of(uri),
            timestamp=stamp,
            captured_at=moment,
            memento_url=uri,
        )
        for uri, stamp, moment in mementos
    ]
    return captures, pages


def timemap_url(archive: Archive, url: str) -> str:
    return archive.endpoint.replace("{url}", url)
