"""What a web archive is to tracker: where it lists and replays captures, and their dates.

``Archive`` says where an archive lists captures (a Wayback-style CDX endpoint, or a
Memento TimeMap) and replays them; ``ArchivedCapture`` is one capture a listing
names, with ``raw_url``, the bytes the archive stored (its ``id_`` form), never the
replay page it rewrites. Wayback timestamps, HTTP dates and the command line's days
are read here, for the listings (tracker.history.cdx, tracker.history.memento) and
for placing what they list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from tracker.errors import UsageError

__all__ = [
    "DEFAULT_ARCHIVE",
    "Archive",
    "ArchivedCapture",
    "http_date",
    "in_range",
    "original_of",
    "parse_day",
    "raw_memento_url",
    "replay_url",
    "wayback_timestamp",
]

DEFAULT_ARCHIVE = "https://web.archive.org/cdx/search/cdx"
_TIMESTAMP = re.compile(r"^[0-9]{4,14}$")
_MEMENTO = re.compile(
    r"^(?P<prefix>https?://.+?/)(?P<ts>[0-9]{4,14})(?:[a-z]{2}_)?/(?P<rest>.+)$", re.DOTALL
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Archive:
    """Where captures are listed and replayed.

    ``cdx``: a Wayback-style CDX endpoint (``…/cdx/search/cdx`` or a pywb ``…/cdx``),
    replayed under ``replay``. ``memento``: a replay prefix whose TimeMap lives at
    ``{replay}/timemap/link/{url}``, or a TimeMap URL template containing ``{url}``.
    """

    kind: str  # "cdx" or "memento"
    base: str  # what the user gave: named in provenance
    endpoint: str  # the CDX endpoint, or the TimeMap URL template
    replay: str  # prefix of memento URLs: {replay}/{timestamp}id_/{url}

    @classmethod
    def parse(cls, base_url: str = DEFAULT_ARCHIVE) -> Archive:
        base = base_url.strip()
        parts = urlsplit(base)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise UsageError(f"--archive expects an http:// or https:// URL, got {base_url!r}")
        origin = f"{parts.scheme}://{parts.netloc}"
        path = parts.path.rstrip("/")
        if "{url}" in base:
            replay = base.split("/timemap/", 1)[0] if "/timemap/" in base else origin
            return cls(kind="memento", base=base, endpoint=base, replay=replay.rstrip("/"))
        if path.endswith("/cdx/search/cdx"):
            prefix = path[: -len("/cdx/search/cdx")]
            return cls(
                kind="cdx", base=base, endpoint=origin + path, replay=f"{origin}{prefix}/web"
            )
        if path.endswith("/cdx"):
            return cls(kind="cdx", base=base, endpoint=origin + path, replay=origin + path[:-4])
        replay = origin + path
        return cls(
            kind="memento", base=base, endpoint=replay + "/timemap/link/{url}", replay=replay
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchivedCapture:
    """One capture an archive lists: when, what it says it holds, and where to replay it."""

    original: str
    timestamp: str  # as the archive wrote it: 14 digits (CDX) or an HTTP date (Memento)
    captured_at: datetime
    memento_url: str
    status: str | None = None
    mimetype: str | None = None
    digest: str | None = None
    length: int | None = None

    @property
    def raw_url(self) -> str:
        return raw_memento_url(self.memento_url)


def wayback_timestamp(text: str) -> datetime:
    """A Wayback 14-digit timestamp (shorter ones pad with the earliest moment) in UTC."""
    digits = text.strip()
    if not _TIMESTAMP.match(digits):
        raise ValueError(f"not a Wayback timestamp: {text!r}")
    digits = (digits + "0101000000"[len(digits) - 4 :])[:14] if len(digits) < 14 else digits
    return datetime.strptime(digits, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def raw_memento_url(memento_url: str) -> str:
    """The memento's original bytes: ``…/20191204102030id_/http://…`` instead of the replay page.

    Archives built on the Wayback machine or pywb (Internet Archive, Archive-It,
    arquivo.pt, the UK and Icelandic web archives…) serve the capture unrewritten
    under the ``id_`` modifier. A URL without a timestamp segment is returned as is.
    """
    match = _MEMENTO.match(memento_url)
    if match is None:
        return memento_url
    return f"{match['prefix']}{match['ts']}id_/{match['rest']}"


def replay_url(replay: str, timestamp: str, original: str) -> str:
    return f"{replay}/{timestamp}/{original}"


def _day_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC)


def in_range(moment: datetime, start: date | None, end: date | None) -> bool:
    if start is not None and moment < _day_start(start):
        return False
    return end is None or moment < _day_start(end + timedelta(days=1))


def original_of(memento_url: str) -> str:
    match = _MEMENTO.match(memento_url)
    return match["rest"] if match else memento_url


def http_date(text: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_day(text: str, option: str) -> date:
    """A --from/--to value: YYYY-MM-DD, YYYY-MM, YYYY or a Wayback timestamp's date part."""
    value = text.strip()
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            return date.fromisoformat(value)
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
            return date.fromisoformat(value + "-01")
        if _TIMESTAMP.match(value):
            return wayback_timestamp(value).date()
    except ValueError:
        pass
    raise UsageError(f"{option} expects a date like 2019-12-04, got {text!r}")
