"""A page's history from before tracking began, out of public web archives.

Listing: the Wayback CDX API (JSON with a header row, ``collapse=digest``, ``from``/``to``,
paged with ``showResumeKey``/``resumeKey``) for Wayback-style archives, and a Memento
TimeMap (RFC 7089, ``application/link-format``) for any other archive. Each capture is
then fetched in its raw ``id_`` form, the bytes the archive stored, never the replay
page it rewrites, through the same ``PageFetcher`` as live checks, so the limits,
politeness and Retry-After hold towards archives too.

Placing: each capture becomes a check dated at its capture time, with its provenance,
and goes into its place in time among the versions already stored. An archived copy
of the version before it is an "unchanged" sighting; an earlier copy of the version
after it moves that version's first sighting back; anything else is a new version, and
the neighbour after it gets its change report recomputed (or, when the version before
was seen again after this capture, those later sightings become that version back
again), so versions and reports read in date order whatever order captures arrive in.
``place_past_capture`` is shared with ``tracker.warc_import``.

Every capture tried is written to a ledger with what became of it (stored, unchanged,
skipped as never usable, failed with its reason), so a second run fetches only what is
missing. Nothing here notifies: results carry their origin so the daemon's filters can
tell them from live changes.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from tracker.check import article_fingerprint
from tracker.config import FetchSettings
from tracker.errors import (
    ContentTypeFailure,
    EmptyFailure,
    ExtractionError,
    FetchFailure,
    GoneFailure,
    HTTPStatusFailure,
    UsageError,
)
from tracker.fetch import PageFetcher
from tracker.model import Capture, ChangeReport, Document, NotModified, Outcome
from tracker.store import (
    CheckEntry,
    Index,
    NewSnapshot,
    Provenance,
    RecordedCheck,
    ReplacedReport,
    SplitRun,
    WarcLocation,
    WatchState,
)

__all__ = [
    "DEFAULT_ARCHIVE",
    "Archive",
    "ArchivedCapture",
    "BackfillRun",
    "PastOutcome",
    "PastResult",
    "backfill",
    "collapse_digests",
    "list_captures",
    "parse_cdx_json",
    "parse_day",
    "parse_link_format",
    "parse_timemap",
    "place_past_capture",
    "raw_memento_url",
    "wayback_timestamp",
]

DEFAULT_ARCHIVE = "https://web.archive.org/cdx/search/cdx"
CDX_FIELDS = ("timestamp", "original", "statuscode", "mimetype", "digest", "length")
CDX_PAGE_SIZE = 1000
MAX_LISTING_PAGES = 200
# A Retry-After longer than the fetcher's deadline is waited out here, up to this long;
# a longer one stops the run, to be resumed later.
MAX_RATE_LIMIT_WAIT = 900.0
# What archive listings arrive as; Wayback labels its JSON text/plain or application/json.
LISTING_TYPES = frozenset(
    {"application/json", "text/json", "text/plain", "application/link-format"}
)
HTML_MIMETYPES = frozenset({"text/html", "application/xhtml+xml"})
# CDX rows that point at the payload of an earlier capture, or whose type was not recorded.
FETCHABLE_MIMETYPES = HTML_MIMETYPES | {"warc/revisit", "unk", "-", ""}
_TIMESTAMP = re.compile(r"^[0-9]{4,14}$")
_MEMENTO = re.compile(
    r"^(?P<prefix>https?://.+?/)(?P<ts>[0-9]{4,14})(?:[a-z]{2}_)?/(?P<rest>.+)$", re.DOTALL
)

Extract = Callable[..., Document]
Compare = Callable[[Document, Document], ChangeReport]
Sleep = Callable[[float], Awaitable[None]]


# --------------------------------------------------------------------------- archives


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


def _replay_url(replay: str, timestamp: str, original: str) -> str:
    return f"{replay}/{timestamp}/{original}"


def _day_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC)


def _in_range(moment: datetime, start: date | None, end: date | None) -> bool:
    if start is not None and moment < _day_start(start):
        return False
    return end is None or moment < _day_start(end + timedelta(days=1))


# --------------------------------------------------------------------------- CDX


def parse_cdx_json(text: str, replay: str) -> tuple[list[ArchivedCapture], str | None]:
    """Rows of a CDX ``output=json`` answer, and its resume key when there is one.

    The first row names the fields; with ``showResumeKey=true`` an empty row and then a
    one-element row holding the key follow the captures. Rows that cannot be read are
    dropped rather than guessed at.
    """
    if not text.strip():
        return [], None
    try:
        rows = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise FetchFailure(f"the CDX server sent no valid JSON: {error}") from None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise FetchFailure("the CDX server sent JSON that is not a list of rows")
    if not rows:
        return [], None
    header = [str(name) for name in rows[0]]
    body = rows[1:] if "timestamp" in header else rows
    if "timestamp" not in header:
        header = list(CDX_FIELDS)
    resume: str | None = None
    captures: list[ArchivedCapture] = []
    for index, row in enumerate(body):
        if not row:
            tail = body[index + 1 : index + 2]
            if tail and tail[0]:
                resume = str(tail[0][0])
            break
        values = dict(zip(header, (str(value) for value in row), strict=False))
        timestamp = values.get("timestamp", "")
        original = values.get("original", "")
        try:
            moment = wayback_timestamp(timestamp)
        except ValueError:
            continue
        if not original:
            continue
        length = values.get("length", "")
        captures.append(
            ArchivedCapture(
                original=original,
                timestamp=timestamp,
                captured_at=moment,
                memento_url=_replay_url(replay, timestamp, original),
                status=values.get("statuscode") or None,
                mimetype=(values.get("mimetype") or "").lower() or None,
                digest=values.get("digest") or None,
                length=int(length) if length.isdigit() else None,
            )
        )
    return captures, resume


def _cdx_url(
    archive: Archive, url: str, start: date | None, end: date | None, resume: str | None
) -> str:
    params: list[tuple[str, str]] = [
        ("url", url),
        ("output", "json"),
        ("fl", ",".join(CDX_FIELDS)),
        ("collapse", "digest"),
        ("showResumeKey", "true"),
        ("limit", str(CDX_PAGE_SIZE)),
    ]
    if start is not None:
        params.append(("from", start.strftime("%Y%m%d")))
    if end is not None:
        params.append(("to", end.strftime("%Y%m%d")))
    if resume is not None:
        params.append(("resumeKey", resume))
    return f"{archive.endpoint}?{urlencode(params)}"


# --------------------------------------------------------------------------- Memento


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


def _http_date(text: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


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
            moment = _http_date(params.get("datetime", ""))
            if moment is not None:
                mementos.append((uri, params["datetime"], moment))
        elif "timemap" in rels and "self" not in rels:
            pages.append(uri)
    captures = [
        ArchivedCapture(
            original=original or _original_of(uri),
            timestamp=stamp,
            captured_at=moment,
            memento_url=uri,
        )
        for uri, stamp, moment in mementos
    ]
    return captures, pages


def _original_of(memento_url: str) -> str:
    match = _MEMENTO.match(memento_url)
    return match["rest"] if match else memento_url


def _timemap_url(archive: Archive, url: str) -> str:
    return archive.endpoint.replace("{url}", url)


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True, slots=True)
class _Patience:
    sleep: Sleep = asyncio.sleep
    max_wait: float = MAX_RATE_LIMIT_WAIT


def _rate_limited(failure: FetchFailure) -> bool:
    if not isinstance(failure, HTTPStatusFailure):
        return False
    # status None: the fetcher refused to sleep through a Retry-After beyond its deadline
    return failure.status in {429, 503} or (
        failure.status is None and failure.retry_after is not None
    )


async def _fetch_patiently(
    fetcher: PageFetcher,
    url: str,
    settings: FetchSettings,
    patience: _Patience,
    media_types: frozenset[str] | None = None,
) -> Capture | NotModified:
    """One fetch; a rate limit the fetcher could not wait out in its deadline is waited here."""
    try:
        return await fetcher.fetch(url, settings, media_types=media_types)
    except HTTPStatusFailure as failure:
        wait = failure.retry_after
        if not _rate_limited(failure) or wait is None or wait > patience.max_wait:
            raise
        await patience.sleep(wait)
        return await fetcher.fetch(url, settings, media_types=media_types)


async def _get_listing(
    fetcher: PageFetcher, url: str, settings: FetchSettings, *, kind: str, patience: _Patience
) -> str | None:
    """The text of one listing page; None when the archive holds nothing for the URL.

    A CDX server answers an empty body when nothing is archived, a TimeMap a 404; a
    404 from a CDX endpoint means the endpoint is wrong, and says so.
    """
    try:
        answer = await _fetch_patiently(fetcher, url, settings, patience, LISTING_TYPES)
    except EmptyFailure:
        return None
    except GoneFailure as failure:
        if kind == "memento":
            return None
        raise FetchFailure(
            f"cannot list captures at {urlsplit(url).netloc}: {failure.reason}; "
            "is --archive a CDX endpoint (…/cdx/search/cdx) or a Memento replay prefix?",
            status=failure.status,
        ) from None
    except FetchFailure as failure:
        raise FetchFailure(
            f"cannot list captures at {urlsplit(url).netloc}: {failure.reason}",
            status=failure.status,
        ) from None
    if not isinstance(answer, Capture):
        raise FetchFailure(f"the archive answered 'not modified' to {url}")
    charset = _charset(answer.header("Content-Type"))
    return answer.body.decode(charset, errors="replace")


def _charset(content_type: str | None) -> str:
    match = re.search(r"charset=\"?([\w.:-]+)", content_type or "", re.IGNORECASE)
    if match:
        try:
            "".encode(match.group(1))
            return match.group(1)
        except LookupError:
            pass
    return "utf-8"


async def list_captures(
    fetcher: PageFetcher,
    archive: Archive,
    url: str,
    settings: FetchSettings,
    *,
    start: date | None = None,
    end: date | None = None,
    sleep: Sleep = asyncio.sleep,
    max_wait: float = MAX_RATE_LIMIT_WAIT,
) -> list[ArchivedCapture]:
    """Every capture the archive lists for ``url`` within [start, end], oldest first."""
    patience = _Patience(sleep, max_wait)
    captures: list[ArchivedCapture] = []
    if archive.kind == "cdx":
        resume: str | None = None
        keys: set[str] = set()
        for _ in range(MAX_LISTING_PAGES):
            text = await _get_listing(
                fetcher,
                _cdx_url(archive, url, start, end, resume),
                settings,
                kind="cdx",
                patience=patience,
            )
            if text is None:
                break
            page, resume = parse_cdx_json(text, archive.replay)
            captures.extend(page)
            if resume is None or resume in keys:
                break
            keys.add(resume)
    else:
        queue = [_timemap_url(archive, url)]
        seen: set[str] = set()
        while queue and len(seen) < MAX_LISTING_PAGES:
            page_url = queue.pop(0)
            if page_url in seen:
                continue
            seen.add(page_url)
            text = await _get_listing(
                fetcher, page_url, settings, kind="memento", patience=patience
            )
            if text is None:
                continue
            page, pages = parse_timemap(text)
            captures.extend(page)
            queue.extend(link for link in pages if link not in seen)
    unique = {capture.memento_url: capture for capture in captures}
    ordered = sorted(
        unique.values(), key=lambda capture: (capture.captured_at, capture.memento_url)
    )
    return [capture for capture in ordered if _in_range(capture.captured_at, start, end)]


def collapse_digests(captures: Iterable[ArchivedCapture]) -> list[ArchivedCapture]:
    """Drop a capture whose digest equals the one just before it (what ``collapse=digest`` does).

    Only neighbours collapse: A, B, A is a page that changed and changed back, and
    the third capture is a version in its own right.
    """
    kept: list[ArchivedCapture] = []
    previous: str | None = None
    for capture in captures:
        if capture.digest is not None and capture.digest == previous:
            continue
        kept.append(capture)
        if capture.mimetype != "warc/revisit":
            previous = capture.digest
    return kept


# --------------------------------------------------------------------------- placing


class PastOutcome:
    """What became of one archived or imported capture."""

    STORED = "stored"  # a version not stored before
    BACKDATED = "backdated"  # an earlier sighting of a stored version: its date moves back
    UNCHANGED = "unchanged"  # the same article as the version before it
    SKIPPED = "skipped"  # never usable (not HTML, an error page, no article): not retried
    FAILED = "failed"  # could not be fetched this time: retried by the next run
    DONE = "done"  # handled by an earlier run


@dataclass(frozen=True, slots=True, kw_only=True)
class PastResult:
    key: str
    captured_at: datetime
    outcome: str
    origin: str
    reason: str | None = None
    snapshot_id: int | None = None
    check_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "captured_at": self.captured_at.isoformat(),
            "outcome": self.outcome,
            "origin": self.origin,
            "notify": False,  # a version from the past is never news
            "reason": self.reason,
            "snapshot": self.snapshot_id,
            "check": self.check_id,
        }


def _marked(
    report: ChangeReport, old_origin: str, new_origin: str, provenance: Provenance | None = None
) -> dict[str, Any]:
    """A report's JSON with where both versions came from, so renderers and filters can tell."""
    data = report.to_json()
    data["origin"] = {"old": old_origin, "new": new_origin}
    if provenance is not None:
        data["provenance"] = provenance.to_json()
    return data


def place_past_capture(
    store: Index,
    watch: WatchState,
    *,
    body: bytes,
    content_type: str | None,
    original_url: str,
    location: WarcLocation,
    body_sha256: str,
    http_status: int | None,
    provenance: Provenance,
    key: str,
    extract: Extract | None = None,
    compare: Compare | None = None,
    evidence: WarcLocation | None = None,
) -> PastResult:
    """Extract one past capture and record it in its place in time (see the module notes).

    The raw capture must already be in the WARC archive at ``location``; ``body`` is
    what to extract (the same bytes, decoded of any transfer or content coding).
    ``evidence`` is the response holding the body when ``location`` is a revisit of it.
    """
    extract = extract or _default_extract()
    compare = compare or _default_compare()
    moment = provenance.captured_at

    def skipped(reason: str) -> PastResult:
        store.note_past_capture(watch.id, provenance, key, PastOutcome.SKIPPED, reason, location)
        return PastResult(
            key=key,
            captured_at=moment,
            outcome=PastOutcome.SKIPPED,
            origin=provenance.origin,
            reason=reason,
        )

    try:
        document = extract(body, url=original_url, content_type=content_type, captured_at=moment)
    except ExtractionError as error:
        return skipped(f"could not extract the article: {error}")
    if not document.blocks:
        return skipped("no article found in the capture")
    fingerprint = article_fingerprint(document)
    before, after = store.snapshot_neighbours(watch.id, moment)
    entry = CheckEntry(
        watch_id=watch.id,
        checked_at=moment,
        outcome=Outcome.NEW,
        http_status=http_status,
        bytes=len(body),
        location=location,
    )
    snapshot = NewSnapshot(
        document=document,
        url=watch.url,
        final_url=original_url,
        fetched_at=moment,
        body_sha256=body_sha256,
        article_sha256=fingerprint,
        evidence=evidence,
    )
    if before is not None and before.article_sha256 == fingerprint:
        recorded = store.record_past_check(
            replace(entry, outcome=Outcome.UNCHANGED, seen_snapshot_id=before.id),
            provenance,
            key=key,
        )
        return _result(key, provenance, PastOutcome.UNCHANGED, recorded)
    report = None
    if before is not None:
        old = store.load_document(before.document_sha256)
        report = _marked(
            compare(old, document), store.snapshot_origin(before.id), provenance.origin, provenance
        )
    outcome = Outcome.CHANGED if before is not None else Outcome.NEW
    # The version before may have been seen again after this capture: then this capture
    # sits inside its run, and the sightings after it become that version back again.
    again = store.later_sighting(before.id, moment) if before is not None else None
    if again is None and after is not None and after.article_sha256 == fingerprint:
        replaced = ()
        if before is not None and report is not None:
            replaced = (
                ReplacedReport(snapshot_id=after.id, old_snapshot_id=before.id, report=report),
            )
        recorded = store.record_past_check(
            replace(entry, outcome=outcome, new_snapshot=snapshot),
            provenance,
            key=key,
            backdate=after.id,
            replaced=replaced,
        )
        return _result(key, provenance, PastOutcome.BACKDATED, recorded)
    replaced = ()
    split = None
    if before is not None and again is not None:
        returned = store.load_document(before.document_sha256)
        split = SplitRun(
            snapshot_id=before.id,
            check_id=again,
            report=_marked(
                compare(document, returned), provenance.origin, store.snapshot_origin(before.id)
            ),
        )
    elif after is not None:
        newer = store.load_document(after.document_sha256)
        replaced = (
            ReplacedReport(
                snapshot_id=after.id,
                old_snapshot_id=None,
                report=_marked(
                    compare(document, newer), provenance.origin, store.snapshot_origin(after.id)
                ),
            ),
        )
    recorded = store.record_past_check(
        replace(
            entry,
            outcome=outcome,
            new_snapshot=snapshot,
            report=report,
            previous_snapshot_id=before.id if before is not None else None,
        ),
        provenance,
        key=key,
        replaced=replaced,
        split=split,
    )
    return _result(key, provenance, PastOutcome.STORED, recorded)


def _result(key: str, provenance: Provenance, outcome: str, recorded: RecordedCheck) -> PastResult:
    return PastResult(
        key=key,
        captured_at=provenance.captured_at,
        outcome=outcome,
        origin=provenance.origin,
        snapshot_id=recorded.snapshot_id,
        check_id=recorded.check_id,
    )


def _default_extract() -> Extract:
    # Today's learned site profile is not applied: an old capture may wear an old template.
    from tracker.extraction import extract

    return extract


def _default_compare() -> Compare:
    from tracker.comparison import compare

    return compare


# --------------------------------------------------------------------------- backfill


@dataclass(slots=True, kw_only=True)
class BackfillRun:
    """What one backfill run listed, did and left; ``stopped`` says why it ended early."""

    url: str
    archive: str
    listed: int = 0
    collapsed: int = 0
    results: list[PastResult] = field(default_factory=list)
    stopped: str | None = None

    def count(self, outcome: str) -> int:
        return sum(1 for result in self.results if result.outcome == outcome)

    @property
    def complete(self) -> bool:
        return self.stopped is None and self.count(PastOutcome.FAILED) == 0

    def to_json(self) -> dict[str, Any]:
        outcomes = (
            PastOutcome.STORED,
            PastOutcome.BACKDATED,
            PastOutcome.UNCHANGED,
            PastOutcome.SKIPPED,
            PastOutcome.FAILED,
            PastOutcome.DONE,
        )
        return {
            "url": self.url,
            "archive": self.archive,
            "origin": "backfilled",
            "listed": self.listed,
            "collapsed": self.collapsed,
            "counts": {outcome: self.count(outcome) for outcome in outcomes},
            "complete": self.complete,
            "stopped": self.stopped,
            "captures": [result.to_json() for result in self.results],
        }


def _listed_problem(capture: ArchivedCapture) -> str | None:
    """Why a listed capture is not worth fetching, from what the listing says about it."""
    status = capture.status
    if status is not None and status.isdigit() and not 200 <= int(status) < 300:
        return f"the archived response was HTTP {status}, not a page"
    mimetype = (capture.mimetype or "").split(";", 1)[0].strip()
    if capture.mimetype is not None and mimetype not in FETCHABLE_MIMETYPES:
        return f"not HTML: archived as {mimetype}"
    return None


def _failure_outcome(failure: FetchFailure) -> str:
    """Permanent problems are skipped for good; anything else is tried again next run."""
    if isinstance(failure, ContentTypeFailure | EmptyFailure):
        return PastOutcome.SKIPPED
    return PastOutcome.FAILED


async def backfill(
    store: Index,
    fetcher: PageFetcher,
    url: str,
    settings: FetchSettings | None = None,
    *,
    archive: Archive | None = None,
    start: date | None = None,
    end: date | None = None,
    extract: Extract | None = None,
    compare: Compare | None = None,
    progress: Callable[[PastResult], None] | None = None,
    sleep: Sleep = asyncio.sleep,
    max_wait: float = MAX_RATE_LIMIT_WAIT,
) -> BackfillRun:
    """List ``url``'s captures in ``archive``, fetch the missing ones raw, place them in order.

    A listing that fails raises FetchFailure. A capture that fails is recorded with
    its reason and the run goes on. A rate limit is waited out as Retry-After asks
    (by the fetcher within its deadline, then here up to ``max_wait``); an archive
    still answering 429 after that stops the run, to be resumed later.
    """
    patience = _Patience(sleep, max_wait)
    archive = archive or Archive.parse()
    settings = settings or FetchSettings()
    if start is not None and end is not None and start > end:
        raise UsageError(f"--from {start} is after --to {end}")
    watch = store.ensure_watch(url)
    run = BackfillRun(url=watch.url, archive=archive.base)
    listed = await list_captures(
        fetcher, archive, url, settings, start=start, end=end, sleep=sleep, max_wait=max_wait
    )
    run.listed = len(listed)
    captures = collapse_digests(listed)
    run.collapsed = len(listed) - len(captures)
    done = store.past_capture_states(watch.id)

    def report(result: PastResult) -> None:
        run.results.append(result)
        if progress is not None:
            progress(result)

    for capture in captures:
        key = capture.memento_url
        provenance = Provenance(
            origin="backfilled",
            source=archive.base,
            memento_url=capture.memento_url,
            original_timestamp=capture.timestamp,
            captured_at=capture.captured_at,
            digest=capture.digest,
        )
        if done.get(key, PastOutcome.FAILED) != PastOutcome.FAILED:
            report(
                PastResult(
                    key=key,
                    captured_at=capture.captured_at,
                    outcome=PastOutcome.DONE,
                    origin="backfilled",
                    reason=f"{done[key]} by an earlier run",
                )
            )
            continue
        if (problem := _listed_problem(capture)) is not None:
            store.note_past_capture(watch.id, provenance, key, PastOutcome.SKIPPED, problem)
            report(_unusable(key, provenance, PastOutcome.SKIPPED, problem))
            continue
        try:
            answer = await _fetch_patiently(fetcher, capture.raw_url, settings, patience)
        except FetchFailure as failure:
            reason = _fetch_reason(failure)
            outcome = _failure_outcome(failure)
            store.note_past_capture(watch.id, provenance, key, outcome, reason)
            report(_unusable(key, provenance, outcome, reason))
            if _rate_limited(failure):
                run.stopped = (
                    f"the archive is still rate-limiting ({failure.reason}); "
                    f"run 'tracker backfill {url}' again later to fetch the rest"
                )
                break
            continue
        if not isinstance(answer, Capture):
            reason = "the archive answered 'not modified' to a request that was not conditional"
            store.note_past_capture(watch.id, provenance, key, PastOutcome.FAILED, reason)
            report(_unusable(key, provenance, PastOutcome.FAILED, reason))
            continue
        if (elsewhere := _redirected_elsewhere(capture, answer)) is not None:
            reason = f"archived as a redirect to {elsewhere}, not a version of this page"
            store.note_past_capture(watch.id, provenance, key, PastOutcome.SKIPPED, reason)
            report(_unusable(key, provenance, PastOutcome.SKIPPED, reason))
            continue
        provenance = _dated_by_archive(provenance, answer)
        location = store.keep_past_capture(answer)
        result = await asyncio.to_thread(
            _place_locked,
            store,
            watch,
            answer,
            capture,
            location,
            provenance,
            key,
            extract,
            compare,
        )
        report(result)
    return run


def _place_locked(
    store: Index,
    watch: WatchState,
    answer: Capture,
    capture: ArchivedCapture,
    location: WarcLocation,
    provenance: Provenance,
    key: str,
    extract: Extract | None,
    compare: Compare | None,
) -> PastResult:
    return place_past_capture(
        store,
        watch,
        body=answer.body,
        content_type=answer.header("Content-Type"),
        original_url=capture.original,
        location=location,
        body_sha256=answer.sha256,
        http_status=int(capture.status) if (capture.status or "").isdigit() else answer.status,
        provenance=provenance,
        key=key,
        extract=extract,
        compare=compare,
    )


def _page_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/') or '/'}?{parts.query}"


def _redirected_elsewhere(capture: ArchivedCapture, answer: Capture) -> str | None:
    """The page an archived redirect led to, when it is not the page asked for.

    Archives also redirect an ``id_`` URL to the nearest capture of the same page;
    that is the same page (dated by its Memento-Datetime) and is kept.
    """
    if not answer.redirects:
        return None
    landed = _original_of(answer.final_url)
    return None if _page_key(landed) == _page_key(capture.original) else landed


def _dated_by_archive(provenance: Provenance, answer: Capture) -> Provenance:
    """The archive's own Memento-Datetime wins: it may have redirected to a nearby capture."""
    stated = answer.header("Memento-Datetime")
    moment = _http_date(stated) if stated else None
    if moment is None or moment == provenance.captured_at:
        return provenance
    return replace(provenance, captured_at=moment, memento_url=answer.final_url)


def _fetch_reason(failure: FetchFailure) -> str:
    if isinstance(failure, GoneFailure):
        return f"the archive has no such capture ({failure.reason})"
    return failure.reason


def _unusable(key: str, provenance: Provenance, outcome: str, reason: str) -> PastResult:
    return PastResult(
        key=key,
        captured_at=provenance.captured_at,
        outcome=outcome,
        origin=provenance.origin,
        reason=reason,
    )


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
