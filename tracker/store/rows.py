"""The rows the store hands out and takes in: plain frozen values, and their JSON.

Also the few conventions every row follows: times are UTC ISO text with
microseconds (so they sort inside SQLite), URLs are keyed by ``normalize_url``,
and a Document is named by the hash of its ``Document.canonical_json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import urlsplit, urlunsplit

from tracker.errors import UsageError
from tracker.memo import once
from tracker.model import FAILED_OUTCOMES, Document, Outcome, Unreachable
from tracker.store.warc_records import RecordOrigin, RenderedDom, RevisitTarget

if TYPE_CHECKING:
    from tracker.store.outbox import Queued

INDEX_NAME = "index.sqlite3"
WARC_DIR = "warc"
DOCUMENT_DIR = "documents"
INTENT_NAME = "append.intent"  # the WARC bytes an append in flight is writing

Row = Mapping[str, Any]  # one row of the index, columns by name

RowValue = TypeVar("RowValue")


def from_row(kind: type[RowValue], row: Row, **computed: Any) -> RowValue:
    """A ``kind`` (a dataclass) whose fields are the row's columns of the same names, but
    for those ``computed`` by the caller (a column parsed, or named otherwise in the
    query). A field with neither a column nor a computed value is a KeyError/IndexError,
    never a silent default."""
    same_named = {name: row[name] for name in _field_names(kind) if name not in computed}
    return kind(**same_named, **computed)


@once()
def _field_names(kind: type) -> tuple[str, ...]:
    """A row type's field names, read once (``fields`` walks the class on every call)."""
    return tuple(field.name for field in fields(kind))


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """UTC with microseconds always, so the text sorts in time order inside SQLite."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def parse_warc_date(text: str) -> datetime:
    """A WARC-Date (ISO 8601 in UTC, ``Z``-suffixed, to the second or finer) as a datetime."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


CREDENTIALS_REFUSED = (
    "carries a user name or password (user:password@host); tracker never stores"
    " credentials, so give the URL without them"
)


def has_credentials(url: str) -> bool:
    """Whether a URL names a user or password: what must never reach the index or a WARC."""
    parts = urlsplit(url.strip())
    return parts.username is not None or parts.password is not None


def normalize_url(url: str) -> str:
    """The key a watch is stored under: trimmed, fragment and any user:password@ dropped,
    scheme and host lower-cased."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # an unclosed "[" read as an IPv6 host, say
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
        raise UsageError(f"expected an http:// or https:// URL, got {url!r}")
    host = parts.netloc.rpartition("@")[2].lower()
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


def url_host(url: str) -> str:
    """The host a watch's pages share a site template by: lower-case, no port or user."""
    return urlsplit(url).hostname or ""


ChangeDeliveries = Callable[["SnapshotRow | None", "SnapshotRow"], "tuple[Queued, ...]"]


@dataclass(frozen=True, slots=True, kw_only=True)
class WarcLocation:
    """Where one capture's records live: the main record, and the whole group for export."""

    file: str
    offset: int
    length: int
    span: int
    record_type: str
    record_id: str
    warc_date: str
    payload_digest: str | None
    conversion_id: str | None = None  # the group's own conversion record (a rendered DOM)


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchState:
    """What a new check needs to know about the last ones, read in one query."""

    id: int
    url: str
    name: str | None
    etag: str | None
    last_modified: str | None
    last_body_sha256: str | None
    last_payload_digest: str | None
    revisit_target: RevisitTarget | None
    current_snapshot_id: int | None
    current_article_sha256: str | None
    current_document_sha256: str | None
    last_payload_coded: bool = False  # the revisit target's payload is content-coded
    last_rendered: RenderedDom | None = None  # the last rendered DOM kept, for a revisit
    final_url: str | None = None  # where the last answer came from, after its redirects
    # The live checks in a row, up to the last, that got no page (the workspace's
    # watch_activity, kept with each check): 0 means no failing streak to read back.
    failing: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSnapshot:
    document: Document
    # its canonical JSON when the check wrote it already (tracker.reading.storable): the
    # bytes the store keeps, so a version is serialised once
    document_json: bytes | None = None
    url: str
    final_url: str
    fetched_at: datetime
    body_sha256: str
    article_sha256: str
    # The response record holding the body, when it is an earlier one than the check's own
    # record (which is then a revisit of it): a page that went back to a former version.
    evidence: WarcLocation | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptureState:
    """The last usable capture of a watch: validators and the record a revisit points to."""

    etag: str | None
    last_modified: str | None
    body_sha256: str
    payload_digest: str | None  # the target's, over its payload as sent
    target: RevisitTarget
    payload_coded: bool  # the target's payload is content-coded (its bytes are not the body)
    rendered: RenderedDom | None = None  # the conversion holding the last rendered DOM


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckEntry:
    """Everything one check writes to the index, decided by tracker.check, stored as one unit."""

    watch_id: int
    checked_at: datetime
    outcome: Outcome
    http_status: int | None = None
    error: str | None = None
    fetch_ms: float | None = None
    total_ms: float | None = None
    bytes: int = 0
    location: WarcLocation | None = None
    seen_snapshot_id: int | None = None  # an unchanged check: the version it saw again
    new_snapshot: NewSnapshot | None = None
    report: dict[str, Any] | None = None  # change report against previous_snapshot_id
    previous_snapshot_id: int | None = None
    capture_state: CaptureState | None = None  # set when this check is the new "last capture"
    body_sha256: str | None = None  # the decoded body its records hold or point to
    deliveries: tuple[Queued, ...] = ()  # notifications owed, queued in the same transaction
    # what the change owes, given the versions it compares as stored (old, new): called in
    # the transaction, so each delivery is queued complete (ids, records) and sent as is
    change_deliveries: ChangeDeliveries | None = None
    final_url: str | None = None  # where the answer came from (None: nothing answered)
    redirects: tuple[str, ...] = ()  # the URLs redirected through before final_url
    # False when the watch's row already names final_url (read with its state under the
    # URL lock): an unchanged route costs the check no statement
    final_url_moved: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class EarlierResponse:
    """A response record of this watch that holds a given decoded body: a revisit's target."""

    location: WarcLocation
    target: RevisitTarget
    coded: bool  # its payload is content-coded


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedCheck:
    check_id: int
    snapshot_id: int | None
    evidence: bool = False  # a WARC record keeps what the server answered


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where a capture made before tracking began came from."""

    # "backfilled" (a web archive) or "imported" (a WARC file); "restored": rebuilt from a
    # WARC record that did not say; "tracked": a check rebuilt from its record (no row kept)
    origin: str
    source: str  # the archive's base URL, or the WARC file's name
    original_timestamp: str  # as the source wrote it: 14-digit Wayback time, Memento or WARC date
    captured_at: datetime
    memento_url: str | None = None
    record_id: str | None = None  # WARC-Record-ID in the imported file
    digest: str | None = None  # the source's payload digest

    def to_json(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "source": self.source,
            "memento_url": self.memento_url,
            "original_timestamp": self.original_timestamp,
            "captured_at": iso_utc(self.captured_at),
            "record_id": self.record_id,
            "digest": self.digest,
        }

    @classmethod
    def of_row(cls, row: Row) -> Provenance | None:
        if row["p_origin"] is None:
            return None
        return cls(
            origin=row["p_origin"],
            source=row["p_source"],
            original_timestamp=row["p_original_timestamp"],
            captured_at=parse_iso(row["p_captured_at"]),
            memento_url=row["p_memento_url"],
            record_id=row["p_record_id"],
            digest=row["p_digest"],
        )


PAST_ORIGINS = ("backfilled", "imported")


@dataclass(frozen=True, slots=True, kw_only=True)
class PastSource:
    """A capture from before tracking began as its WARC record names it (Tracker-Provenance):
    the watched page it is a version of, the URL its source captured, the key the backfill
    or import ledger knows it by, and its provenance; what ``reindex`` needs to put it back
    as the backfill or import put it."""

    page: str
    original_url: str
    key: str
    provenance: Provenance

    def record_origin(self) -> RecordOrigin:
        detail = {
            "page": self.page,
            "original_url": self.original_url,
            "key": self.key,
            **self.provenance.to_json(),
        }
        text = json.dumps(detail, sort_keys=True, separators=(",", ":"))  # ASCII, one line
        return RecordOrigin(self.provenance.origin, text)

    @classmethod
    def of_record(cls, origin: str | None, text: str | None) -> PastSource | None:
        """What a record's Tracker-Origin and Tracker-Provenance say; None when they name
        no past capture or do not read."""
        if origin not in PAST_ORIGINS or text is None:
            return None
        try:
            data = json.loads(text)
            provenance = Provenance(
                origin=origin,
                source=str(data["source"]),
                original_timestamp=str(data["original_timestamp"]),
                captured_at=parse_iso(data["captured_at"]),
                memento_url=data.get("memento_url"),
                record_id=data.get("record_id"),
                digest=data.get("digest"),
            )
            return cls(
                page=str(data["page"]),
                original_url=str(data["original_url"]),
                key=str(data["key"]),
                provenance=provenance,
            )
        except (ValueError, KeyError, TypeError):
            return None


PROVENANCE_COLUMNS = (
    "p.origin AS p_origin, p.source AS p_source, p.memento_url AS p_memento_url,"
    " p.original_timestamp AS p_original_timestamp, p.captured_at AS p_captured_at,"
    " p.record_id AS p_record_id, p.digest AS p_digest"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundCapture:
    """A capture in the WARC files that the index does not hold: what ``reindex`` restores."""

    url: str  # the URL asked for (before any redirect): the watch it belongs to
    final_url: str
    captured_at: datetime
    location: WarcLocation  # its record group: a response or a revisit, and what follows
    status: int | None
    failure: str | None  # Tracker-Failure: the answer of a failed check
    original: WarcLocation | None  # a revisit's original response, when the files hold it
    origin: str | None = None  # its record's Tracker-Origin (None: written before it was said)
    past: PastSource | None = None  # a backfilled or imported capture's provenance
    # the conversion record holding the DOM a browser check read the article from
    rendered: WarcLocation | None = None
    redirects: tuple[str, ...] = ()  # the URLs its fetch was redirected through

    @property
    def warc_date(self) -> str:
        return self.location.warc_date


@dataclass(frozen=True, slots=True, kw_only=True)
class PastNote:
    """What the ledger of past captures tried is told of one: whose it is, where it came
    from, what became of it and why, and where its records lie when they were kept."""

    watch_id: int
    provenance: Provenance
    key: str  # the memento URL, or the WARC-Record-ID of an imported record
    state: str  # stored, unchanged, skipped (never worth fetching again), failed (retried)
    reason: str | None = None
    location: WarcLocation | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PastCapture:
    """One archived or imported capture tried: what became of it, and why."""

    key: str  # the memento URL, or the WARC-Record-ID of an imported record
    origin: str
    source: str
    captured_at: datetime
    state: str  # stored, unchanged, skipped (never worth fetching again), failed (retried)
    reason: str | None
    check_id: int | None
    attempts: int

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "origin": self.origin,
            "source": self.source,
            "captured_at": iso_utc(self.captured_at),
            "state": self.state,
            "reason": self.reason,
            "check": self.check_id,
            "attempts": self.attempts,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class SplitRun:
    """A version seen again after a past capture that differs: from that sighting on, a new
    version (the same article back again), so reports read A -> B -> A, not A -> B."""

    snapshot_id: int  # the version whose later sightings split off
    check_id: int  # its first sighting after the past capture: the new version's first
    report: dict[str, Any]  # the past capture's version -> the version back again


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplacedReport:
    """A neighbour's change report, recomputed because a version was placed before it."""

    snapshot_id: int
    old_snapshot_id: int | None  # None: the version the same past check stores
    report: dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Placement:
    """Where tracker.history.placement put a past capture among the stored versions; the
    index carries it out in one transaction (``Index.record_past_check``).

    Nothing set: a new version, or a sighting of the version before it, in its place by
    date. ``backdate``: an earlier sighting of that stored version, re-pointed at this
    older evidence instead of being stored twice. ``replaced``: the neighbours' reports
    recomputed against the new order. ``split``: the version before was seen again after
    this capture, and those later sightings become a version of their own.
    """

    backdate: int | None = None
    replaced: tuple[ReplacedReport, ...] = ()
    split: SplitRun | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnotationQuery:
    """Which annotations to read: of one change (the version it introduced), with one
    tag, one by its id, or of every change of one page (``url``); none given: all."""

    snapshot_id: int | None = None
    tag: str | None = None
    annotation_id: int | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryClaim:
    """A sender's request for what ``notifier`` is owed at ``now``: at most ``limit``
    deliveries, held from other senders for ``lease`` seconds; ``check_id``: only what
    that check queued."""

    notifier: str
    now: datetime
    lease: float = 60.0
    limit: int = 100
    check_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckRow:
    id: int
    url: str
    checked_at: datetime
    outcome: Outcome
    http_status: int | None
    error: str | None
    fetch_ms: float | None
    total_ms: float | None
    bytes: int
    snapshot: int | None
    new_snapshot: bool
    warc_file: str | None
    warc_offset: int | None
    record_type: str | None
    origin: str = "tracked"  # or "backfilled" / "imported": never a live observation
    provenance: Provenance | None = None
    final_url: str | None = None  # where the answer came from (None: nothing answered)
    redirects: tuple[str, ...] = ()  # the URLs redirected through before final_url

    @property
    def evidence(self) -> bool:
        """Whether what the server answered is kept: every capture, and a failure's answer."""
        return self.warc_file is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "checked_at": iso_utc(self.checked_at),
            "outcome": self.outcome,
            "origin": self.origin,
            "provenance": self.provenance.to_json() if self.provenance is not None else None,
            "error": self.error,
            "snapshot": self.snapshot,
            "new_snapshot": self.new_snapshot,
            "http_status": self.http_status,
            "bytes": self.bytes,
            "fetch_ms": self.fetch_ms,
            "total_ms": self.total_ms,
            "evidence": self.evidence,
            "final_url": self.final_url,
            "redirects": list(self.redirects),
            "warc": (
                {"file": self.warc_file, "offset": self.warc_offset, "type": self.record_type}
                if self.warc_file is not None
                else None
            ),
        }


def unreachable_between(
    checks: Iterable[CheckRow], after_check_id: int, before_check_id: int | None = None
) -> Unreachable | None:
    """The live checks of one page that failed after check ``after_check_id`` and before
    ``before_check_id`` (None: up to now), the gap a change report and its notice name."""
    failed = [
        row
        for row in checks
        if after_check_id < row.id
        and (before_check_id is None or row.id < before_check_id)
        and row.origin == "tracked"
        and row.outcome in FAILED_OUTCOMES
    ]
    if not failed:
        return None
    return Unreachable(
        first=min(row.checked_at for row in failed),
        last=max(row.checked_at for row in failed),
        failed_checks=len(failed),
        outcomes=tuple(sorted({str(row.outcome) for row in failed})),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SnapshotRow:
    id: int
    watch_id: int
    check_id: int
    url: str
    final_url: str
    fetched_at: datetime
    body_sha256: str
    text_sha256: str
    article_sha256: str
    document_sha256: str
    warc_file: str
    warc_offset: int
    warc_length: int

    @property
    def document_path(self) -> str:
        return f"{DOCUMENT_DIR}/{self.document_sha256[:2]}/{self.document_sha256}.json.gz"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "final_url": self.final_url,
            "fetched_at": iso_utc(self.fetched_at),
            "body_sha256": self.body_sha256,
            "text_sha256": self.text_sha256,
            "document": self.document_path,
            "warc": {
                "file": self.warc_file,
                "offset": self.warc_offset,
                "length": self.warc_length,
            },
        }


def snapshot_row(row: Row) -> SnapshotRow:
    return from_row(SnapshotRow, row, fetched_at=parse_iso(row["fetched_at"]))


def last_rendered(row: Row) -> RenderedDom | None:
    """The conversion record holding a watch's last rendered DOM, from its watches row."""
    if not row["last_rendered_sha256"]:
        return None
    target = RevisitTarget(
        record_id=row["last_rendered_record_id"],
        uri=row["last_rendered_uri"],
        warc_date=row["last_rendered_date"],
    )
    return RenderedDom(sha256=row["last_rendered_sha256"], target=target)


def rendered_columns(dom: RenderedDom) -> tuple[str, str, str, str]:
    """The last_rendered_* columns of a watches row, in the step's column order."""
    return (dom.sha256, dom.target.record_id, dom.target.uri, dom.target.warc_date)


def snapshot_columns(
    snap: NewSnapshot, document_sha: str | None, location: WarcLocation
) -> tuple[object, ...]:
    """final_url .. warc_length of a snapshots row, in the table's column order."""
    return (
        snap.final_url,
        iso_utc(snap.fetched_at),
        snap.body_sha256,
        snap.document.text_sha256(),
        snap.article_sha256,
        document_sha,
        location.file,
        location.offset,
        location.length,
    )


ProblemKind = Literal["damage", "unheld", "spare"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing ``verify`` found wrong: what is affected and how.

    ``kind`` says what the fix is: ``damage`` (something the index holds is missing or
    no longer what it was), ``unheld`` (WARC evidence the index does not hold: restored
    by ``reindex``), ``spare`` (a Document no version refers to: kept, no damage).
    """

    where: str
    problem: str
    kind: ProblemKind = "damage"

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


def naming_new_snapshot(report: dict[str, Any], snapshot_id: int) -> dict[str, Any]:
    """A change report's JSON with the id its new version was just given (``new.snapshot``):
    a report names both captures it compares, and only the index numbers versions."""
    new = report.get("new")
    if not isinstance(new, dict):
        return report
    return {**report, "new": {**new, "snapshot": snapshot_id}}
