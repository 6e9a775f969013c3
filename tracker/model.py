"""The plain data that flows between pipeline stages.

fetch makes a Capture; extract turns its HTML into a Document; compare turns two
Documents into a ChangeReport. Each stage sees only these types, never another
stage's internals, so every stage can be tested and replaced on its own.
Documents and reports round-trip through JSON (``to_json`` / ``from_json``):
that JSON is what the store keeps and what researchers cite.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

import orjson

DOCUMENT_SCHEMA = "tracker.document/1"
CHANGE_REPORT_SCHEMA = "tracker.change-report/1"

_T = TypeVar("_T")
RENDERED_TYPE = "text/html; charset=utf-8"

# The canonical form: sorted keys, dataclasses through ``_fields`` (orjson's own
# dataclass support keeps declaration order, which OPT_SORT_KEYS does not reorder).
_CANONICAL = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS


def _fields(value: Any) -> dict[str, Any]:
    """A dataclass of the model as the mapping of its fields, in declaration order: how
    both JSON encoders walk a Document (``dataclasses.asdict`` without its deep copies,
    one shallow dict per object, the encoder calling this again for each one inside)."""
    try:
        names = value.__dataclass_fields__
    except AttributeError:
        raise TypeError(f"{type(value).__name__} is not a type of the model") from None
    return {name: getattr(value, name) for name in names}


# --------------------------------------------------------------------------- outcome


class Outcome(StrEnum):
    """What one check was. The one spelling of the outcome: the check decides it, the
    index keeps it, the daemon counts failures by it, every output prints it."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    BLOCKED = "blocked"
    GONE = "gone"

    @property
    def ok(self) -> bool:
        """A usable page: a version is stored or seen again."""
        return self in OK_OUTCOMES


OK_OUTCOMES = frozenset({Outcome.NEW, Outcome.CHANGED, Outcome.UNCHANGED})
FAILED_OUTCOMES = frozenset(Outcome) - OK_OUTCOMES  # checks that yield no usable page


# --------------------------------------------------------------------------- capture


class Headers(tuple[tuple[str, str], ...]):
    """HTTP header fields as received: (name, value) pairs in order, names as sent.

    A tuple, so the pairs go into WARC records byte for byte as the server sent them;
    look-ups by name ignore case, as HTTP field names do (RFC 9110 5.1).
    """

    __slots__ = ()

    def get_all(self, name: str) -> list[str]:
        """Every value of the field ``name``, in the order received."""
        lowered = name.lower()
        return [value for key, value in self if key.lower() == lowered]

    def get(self, name: str) -> str | None:
        """The first value of the field ``name``, or None."""
        lowered = name.lower()
        return next((value for key, value in self if key.lower() == lowered), None)

    def joined(self, name: str) -> str | None:
        """All values of ``name`` joined by ", " (one field, RFC 9110 5.3), or None."""
        values = self.get_all(name)
        return ", ".join(values) if values else None


NO_HEADERS = Headers()


def _headers(value: tuple[tuple[str, str], ...]) -> Headers:
    return value if isinstance(value, Headers) else Headers(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """One HTTP response exactly as received: the evidence everything else derives from."""

    url: str
    final_url: str
    fetched_at: datetime
    status: int
    headers: Headers
    body: bytes
    request_headers: Headers = NO_HEADERS
    http_version: str = "HTTP/1.1"
    redirects: tuple[str, ...] = ()
    # The body as it came off the wire (chunking undone, Content-Encoding kept) when a
    # content coding was undone to make ``body``; None when the two are the same bytes.
    wire_body: bytes | None = None
    # Why the kept bytes stop short of the whole body (WARC-Truncated: "length"), if they do.
    truncated: str | None = None
    # The page's DOM after its scripts ran (the browser fetcher), serialised as UTF-8
    # HTML: what the article is read from. None for a page taken as served.
    rendered: bytes | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", _headers(self.headers))
        object.__setattr__(self, "request_headers", _headers(self.request_headers))

    @property
    def sha256(self) -> str:
        """The body's identity: the hash of the decoded bytes, whatever coding carried them."""
        return hashlib.sha256(self.body).hexdigest()

    @property
    def wire(self) -> bytes:
        """The bytes the server sent (after chunking), which the WARC record keeps."""
        return self.body if self.wire_body is None else self.wire_body

    @property
    def page(self) -> bytes:
        """The HTML the article is read from: the rendered DOM when there is one."""
        return self.body if self.rendered is None else self.rendered

    @property
    def page_content_type(self) -> str | None:
        """The Content-Type of ``page`` (a rendered DOM is serialised as UTF-8)."""
        return self.header("content-type") if self.rendered is None else RENDERED_TYPE

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@dataclass(frozen=True, slots=True, kw_only=True)
class Validators:
    """The previous capture's validators, sent as If-None-Match / If-Modified-Since."""

    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def of(cls, capture: Capture) -> Validators:
        return cls(etag=capture.header("etag"), last_modified=capture.header("last-modified"))

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True, slots=True, kw_only=True)
class NotModified:
    """A 304 to a conditional request: the page is as it was; nothing to parse or store."""

    url: str
    final_url: str
    fetched_at: datetime
    status: int
    headers: Headers
    redirects: tuple[str, ...] = ()  # the URLs redirected through before final_url

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", _headers(self.headers))

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


# --------------------------------------------------------------------------- document


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    TABLE_CELL = "table_cell"
    CAPTION = "caption"
    PREFORMATTED = "preformatted"


class StripReason(StrEnum):
    """Why a block of the page is not part of the article."""

    HIDDEN = "hidden"
    FORM = "form"
    NEWSLETTER = "newsletter"
    NAVIGATION = "navigation"
    HEADER = "header"
    FOOTER = "footer"
    ASIDE = "aside"
    CALL_TO_ACTION = "call_to_action"
    LOGO_STRIP = "logo_strip"
    COOKIE_BANNER = "cookie_banner"
    SHARE = "share"
    RELATED = "related"
    COMMENTS = "comments"
    AD = "ad"
    EMBED = "embed"
    SITE_TEMPLATE = "site_template"
    BYLINE = "byline"
    DATE_LINE = "date_line"
    DUPLICATE = "duplicate"
    LOW_CONTENT = "low_content"
    OUTSIDE_MAIN = "outside_main"
    # volatile furniture: changes between loads by design (extraction/volatile.py)
    COUNTER = "counter"
    CLOCK = "clock"
    CAROUSEL = "carousel"
    TOKEN = "token"
    # the watch's own include/exclude CSS selectors said so (extraction/selection.py)
    EXCLUDED_BY_SELECTOR = "excluded_by_selector"


@dataclass(slots=True, kw_only=True)
class Citation:
    """An in-text citation marker ("(3)", "[2-4]", "Liu et al., 2018") and what it points to."""

    marker: str
    labels: list[str] = field(default_factory=list)  # labels of the reference entries cited


@dataclass(slots=True, kw_only=True)
class Sentence:
    text: str
    citations: list[Citation] = field(default_factory=list)

    @property
    def cited_labels(self) -> list[str]:
        return [label for citation in self.citations for label in citation.labels]


@dataclass(slots=True, kw_only=True)
class Block:
    kind: BlockKind
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    level: int | None = None  # heading level, list depth
    ordinal: int | None = None  # 1-based position in an ordered list (honours <ol start>)
    section: str | None = None  # text of the nearest heading above
    # what names the table row or definition this block belongs to: the row's first
    # cell, the definition's term (rows are compared by it: tracker.comparison.rows)
    row: str | None = None
    # set when the watch's include selector kept a block the extractor had stripped
    selected: str | None = None


@dataclass(slots=True, kw_only=True)
class StrippedBlock:
    """Page text that is not article: kept, with the reason, so nothing is silently lost."""

    text: str
    reason: StripReason
    detail: str = ""  # what triggered the decision, e.g. 'class "w-form-fail"'


@dataclass(slots=True, kw_only=True)
class Reference:
    label: str | None
    raw: str
    authors: list[str] = field(default_factory=list)
    year: str | None = None
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None


@dataclass(slots=True, kw_only=True)
class MetadataValue:
    """One candidate value for a metadata field, with where on the page it was found."""

    field: str  # title, author, published, updated
    value: str
    source: str  # e.g. "visible:Updated on", "meta:article:modified_time", "json-ld:dateModified"


class DateKind(StrEnum):
    """What a date the page declares says about the page."""

    PUBLISHED = "published"
    UPDATED = "updated"  # "Updated on", "Last modified", "Revised", an update note
    EFFECTIVE = "effective"  # "Effective date", "En vigueur le", "Gültig ab"
    REVIEWED = "reviewed"  # "Medically reviewed on", "Last reviewed"
    CHANGELOG = "changelog"  # an entry of the page's change log or version list


class DatePlace(StrEnum):
    """Where on the page (or in its markup) a declared date was read."""

    META = "meta"  # <meta> tag; detail: its name
    JSON_LD = "json_ld"  # JSON-LD; detail: its key
    TIME = "time"  # a <time> element; detail: its itemprop or class
    LINE = "line"  # a visible date line ("Last updated: ..."); detail: the section it heads
    NOTE = "note"  # an update note in the article ("[Updated on ...: added ...]")
    CHANGE_LOG = "change_log"  # a change-log or version-list entry; detail: its heading


@dataclass(slots=True, kw_only=True)
class DeclaredDate:
    """One date the page declares, with what it says, its words and where it stood."""

    kind: DateKind
    value: str  # ISO date, or datetime when the page gives a time
    text: str  # as the page writes it: "Effective date: February 1, 2024"
    place: DatePlace
    detail: str = ""  # the meta name, JSON-LD key, or the heading of the section it is in

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeclaredDate:
        return _known(cls, data, kind=DateKind(data["kind"]), place=DatePlace(data["place"]))


def declares_published(published: str | None, dates: list[DeclaredDate] | None) -> bool:
    """Whether a version's ``published`` is a date its page declares as published, not an
    update line standing in for it (a page that shows only "Updated July 9, 2025" gives
    that day as its published date too). A version stored before dates were kept (None)
    is taken at its word."""
    if published is None or dates is None:
        return published is not None
    same_day = [d.kind for d in dates if d.value[:10] == published[:10]]
    return DateKind.PUBLISHED in same_day or DateKind.UPDATED not in same_day


@dataclass(slots=True, kw_only=True)
class Document:
    url: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    language: str | None = None
    metadata: list[MetadataValue] = field(default_factory=list)
    # every date the page declares (machine-readable ones first, then in page order);
    # None on a Document stored before dates were kept: its dates were never read
    dates: list[DeclaredDate] | None = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    stripped: list[StrippedBlock] = field(default_factory=list)
    # the include/exclude selectors it was read through ("include main .terms")
    selection: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The article as plain text, one block per line (the reference list excluded)."""
        return "\n".join(block.text for block in self.blocks)

    @property
    def sentences(self) -> list[Sentence]:
        return [sentence for block in self.blocks for sentence in block.sentences]

    def reference(self, label: str) -> Reference | None:
        return next((ref for ref in self.references if ref.label == label), None)

    def text_sha256(self) -> str:
        """Hash of what a reader would call the article: its text and its reference list."""
        digest = hashlib.sha256(self.text.encode())
        for ref in self.references:
            digest.update(b"\x00" + ref.raw.encode())
        return digest.hexdigest()

    def canonical_json(self) -> bytes:
        """The one serialisation of a Document: its JSON with sorted keys, no whitespace,
        UTF-8; the bytes the store hashes to name it, keeps and reads back.

        orjson writes them (3.5 times faster than ``json``: a changed check
        serialises its Document twice); ``json`` writes the same bytes for what orjson
        refuses (an integer beyond 64 bits). A lone surrogate cannot be UTF-8 and raises
        UnicodeEncodeError (``tracker.reading.storable`` repairs a page's first).
        """
        data = {"schema": DOCUMENT_SCHEMA, **_fields(self)}
        try:
            return orjson.dumps(data, default=_fields, option=_CANONICAL)
        except orjson.JSONEncodeError:
            text = json.dumps(
                data, default=_fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False
            )
            return text.encode("utf-8")

    def to_json(self) -> dict[str, Any]:
        """The Document as JSON values, fields in declaration order (``tracker extract``
        prints it); the same values as ``canonical_json``, lone surrogates left as they are."""
        data = {"schema": DOCUMENT_SCHEMA, **_fields(self)}
        return json.loads(json.dumps(data, default=_fields, ensure_ascii=False))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        if data.get("schema") != DOCUMENT_SCHEMA:
            raise ValueError(f"not a {DOCUMENT_SCHEMA} object: schema={data.get('schema')!r}")
        return cls(
            url=data.get("url"),
            title=data.get("title"),
            authors=list(data.get("authors", [])),
            published=data.get("published"),
            updated=data.get("updated"),
            language=data.get("language"),
            metadata=[MetadataValue(**item) for item in data.get("metadata", [])],
            dates=_dates(data.get("dates")),
            blocks=[
                Block(
                    kind=BlockKind(block["kind"]),
                    text=block["text"],
                    level=block.get("level"),
                    ordinal=block.get("ordinal"),
                    section=block.get("section"),
                    row=block.get("row"),
                    selected=block.get("selected"),
                    sentences=[
                        Sentence(
                            text=sentence["text"],
                            citations=[Citation(**c) for c in sentence.get("citations", [])],
                        )
                        for sentence in block.get("sentences", [])
                    ],
                )
                for block in data.get("blocks", [])
            ],
            references=[Reference(**item) for item in data.get("references", [])],
            stripped=[
                StrippedBlock(
                    text=item["text"], reason=StripReason(item["reason"]), detail=item["detail"]
                )
                for item in data.get("stripped", [])
            ],
            selection=list(data.get("selection", [])),
        )


# --------------------------------------------------------------------------- change report


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    MOVED = "moved"
    RENUMBERED = "renumbered"


class ClaimTag(StrEnum):
    STRENGTHENED = "strengthened"
    WEAKENED = "weakened"
    HEDGE_ADDED = "hedge_added"
    HEDGE_REMOVED = "hedge_removed"
    NUMBER_CHANGED = "number_changed"
    CITATION_ADDED = "citation_added"
    CITATION_REMOVED = "citation_removed"
    CITATION_CHANGED = "citation_changed"
    NEGATION_CHANGED = "negation_changed"
    # added to DESIGN.md's vocabulary for what a watchdog publishes (see report.py)
    LIMITATION_ADDED = "limitation_added"
    LIMITATION_REMOVED = "limitation_removed"
    DISCLAIMER_ADDED = "disclaimer_added"
    DISCLAIMER_REMOVED = "disclaimer_removed"
    WARNING_ADDED = "warning_added"
    WARNING_REMOVED = "warning_removed"
    PROTECTION_STRENGTHENED = "protection_strengthened"
    PROTECTION_WEAKENED = "protection_weakened"


class Significance(StrEnum):
    """How much a claim change matters to a reader; reports list the highest first."""

    HIGH = "high"  # a disclaimer, warning or promise gone or loosened; a negation flipped
    MEDIUM = "medium"  # a claim that says more or less, a number, a citation gone
    LOW = "low"  # reworded, moved, a citation added, a minor claim added or removed


@dataclass(slots=True, kw_only=True)
class DocumentSummary:
    title: str | None
    updated: str | None
    published: str | None
    authors: list[str]
    url: str | None = None  # where the version was read from, so a report can be cited
    # the dates seen on this version, the evidence for silent_edit / date_only_bump
    # (None: a version stored before dates were kept)
    dates: list[DeclaredDate] | None = field(default_factory=list)
    # The capture this side was read from, when it is a stored version (None for a file):
    # its snapshot id, capture time (ISO), body sha256 and WARC record.
    snapshot: int | None = None
    captured: str | None = None
    sha256: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None

    def captured_as(
        self,
        *,
        snapshot: int | None,
        captured: datetime,
        sha256: str,
        warc_file: str,
        warc_offset: int,
    ) -> DocumentSummary:
        """This side naming the capture it was read from."""
        return replace(
            self,
            snapshot=snapshot,
            captured=captured.isoformat(),
            sha256=sha256,
            warc_file=warc_file,
            warc_offset=warc_offset,
        )

    @classmethod
    def of(cls, doc: Document) -> DocumentSummary:
        return cls(
            title=doc.title,
            updated=doc.updated,
            published=doc.published,
            authors=list(doc.authors),
            url=doc.url,
            dates=None if doc.dates is None else list(doc.dates),
        )


@dataclass(slots=True, kw_only=True)
class MetadataChange:
    field: str
    old: Any
    new: Any


@dataclass(slots=True, kw_only=True)
class NumberChange:
    old: str | None
    new: str | None


@dataclass(slots=True, kw_only=True)
class ClaimChange:
    kind: ChangeKind
    old: str | None
    new: str | None
    tags: list[ClaimTag] = field(default_factory=list)
    numbers: list[NumberChange] = field(default_factory=list)
    citations: dict[str, list[str]] = field(default_factory=lambda: {"old": [], "new": []})
    old_strength: int | None = None
    new_strength: int | None = None
    section: str | None = None
    # citations whose work left the reference list while the claim still points at it
    orphaned_citations: list[str] = field(default_factory=list)
    # what the claim is about on either side (tracker.comparison.claims.CATEGORIES)
    categories: list[str] = field(default_factory=list)
    significance: Significance = Significance.LOW


@dataclass(slots=True, kw_only=True)
class ReferenceChange:
    kind: ChangeKind
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    fields: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class TextChange:
    kind: ChangeKind
    old: str | None
    new: str | None


@dataclass(slots=True, kw_only=True)
class DateChange:
    """A declared date that appeared, went, or (same kind and place) took another value."""

    kind: ChangeKind  # added, removed, modified
    old: DeclaredDate | None
    new: DeclaredDate | None

    @property
    def place(self) -> DatePlace:
        date = self.new or self.old
        if date is None:
            raise ValueError("a date change names no date")
        return date.place

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DateChange:
        old, new = data.get("old"), data.get("new")
        return cls(
            kind=ChangeKind(data["kind"]),
            old=DeclaredDate.from_json(old) if old else None,
            new=DeclaredDate.from_json(new) if new else None,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeNote:
    """A researcher's verdict on the change that introduced a version (an annotation as
    reports show it; the index's annotations add their id and URL)."""

    snapshot_id: int  # the version the annotated change introduced
    user: str
    significant: bool | None  # None: no verdict, only a note or tags
    note: str
    tags: tuple[str, ...]
    created_at: datetime

    @property
    def verdict(self) -> str:
        """The verdict as one word: significant, not-significant or no-verdict."""
        if self.significant is None:
            return "no-verdict"
        return "significant" if self.significant else "not-significant"

    def words(self) -> str:
        """The annotation in one line, as the terminal shows it under its change."""
        tags = f" [{', '.join(self.tags)}]" if self.tags else ""
        note = f": {self.note}" if self.note else ""
        return f"{self.verdict} by {self.user} at {self.created}{note}{tags}"

    @property
    def created(self) -> str:
        """When it was written, in UTC, as the index keeps it."""
        return self.created_at.astimezone(UTC).isoformat(timespec="microseconds")

    def to_json(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot_id,
            "user": self.user,
            "significant": self.significant,
            "note": self.note,
            "tags": list(self.tags),
            "created_at": self.created,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChangeNote:
        return cls(
            snapshot_id=int(data["snapshot"]),
            user=str(data["user"]),
            significant=data["significant"],
            note=str(data["note"]),
            tags=tuple(data["tags"]),
            created_at=datetime.fromisoformat(data["created_at"]),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Unreachable:
    """The page could not be read between two versions: the checks that failed in between."""

    first: datetime
    last: datetime
    failed_checks: int
    outcomes: tuple[str, ...] = ()  # the distinct outcomes, e.g. ("gone",)

    def describe(self) -> str:
        kinds = "/".join(self.outcomes) or "failed"
        first = self.first.isoformat(timespec="seconds")
        last = self.last.isoformat(timespec="seconds")
        return (
            f"The page was unreachable in between: {self.failed_checks} failed check(s) "
            f"({kinds}) from {first} to {last}."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "failed_checks": self.failed_checks,
            "outcomes": list(self.outcomes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Unreachable:
        return cls(
            first=datetime.fromisoformat(data["from"]),
            last=datetime.fromisoformat(data["to"]),
            failed_checks=int(data["failed_checks"]),
            outcomes=tuple(data.get("outcomes") or ()),
        )


@dataclass(slots=True, kw_only=True)
class ChangeReport:
    old: DocumentSummary
    new: DocumentSummary
    article_changed: bool
    silent_edit: bool
    date_only_bump: bool = False  # declared updated date moved, article unchanged
    # the declared dates that moved between the versions: why silent_edit is false
    date_changes: list[DateChange] = field(default_factory=list)
    metadata_changes: list[MetadataChange] = field(default_factory=list)
    claim_changes: list[ClaimChange] = field(default_factory=list)
    reference_changes: list[ReferenceChange] = field(default_factory=list)
    text_changes: list[TextChange] = field(default_factory=list)
    boilerplate_changes: list[TextChange] = field(default_factory=list)
    # the checks that failed between the two versions (None: none failed, or not known)
    unreachable: Unreachable | None = None
    # researchers' annotations of the changes between the versions (tracker diff of
    # stored versions); in JSON only when there are some
    annotations: list[ChangeNote] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(
            self.article_changed
            or self.date_only_bump
            or self.metadata_changes
            or self.reference_changes
            or self.boilerplate_changes
        )

    def to_json(self) -> dict[str, Any]:
        data = {"schema": CHANGE_REPORT_SCHEMA, **asdict(self)}
        data["unreachable"] = self.unreachable.to_json() if self.unreachable else None
        data.pop("annotations")
        if self.annotations:
            data["annotations"] = [note.to_json() for note in self.annotations]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChangeReport:
        """A stored report back as objects; fields added by later versions are ignored."""
        if data.get("schema") != CHANGE_REPORT_SCHEMA:
            raise ValueError(f"not a {CHANGE_REPORT_SCHEMA} object: schema={data.get('schema')!r}")

        def claim(item: dict[str, Any]) -> ClaimChange:
            return _known(
                ClaimChange,
                item,
                kind=ChangeKind(item["kind"]),
                tags=[ClaimTag(tag) for tag in item.get("tags", [])],
                significance=Significance(item.get("significance", Significance.LOW)),
                numbers=[_known(NumberChange, number) for number in item.get("numbers", [])],
            )

        def text(item: dict[str, Any]) -> TextChange:
            return _known(TextChange, item, kind=ChangeKind(item["kind"]))

        return _known(
            cls,
            data,
            old=_summary(data["old"]),
            new=_summary(data["new"]),
            date_changes=[DateChange.from_json(c) for c in data.get("date_changes", [])],
            metadata_changes=[_known(MetadataChange, c) for c in data.get("metadata_changes", [])],
            claim_changes=[claim(c) for c in data.get("claim_changes", [])],
            reference_changes=[
                _known(ReferenceChange, c, kind=ChangeKind(c["kind"]))
                for c in data.get("reference_changes", [])
            ],
            text_changes=[text(c) for c in data.get("text_changes", [])],
            boilerplate_changes=[text(c) for c in data.get("boilerplate_changes", [])],
            unreachable=Unreachable.from_json(gap) if (gap := data.get("unreachable")) else None,
            annotations=[ChangeNote.from_json(note) for note in data.get("annotations", [])],
        )


def _dates(items: list[dict[str, Any]] | None) -> list[DeclaredDate] | None:
    return None if items is None else [DeclaredDate.from_json(item) for item in items]


def _summary(data: dict[str, Any]) -> DocumentSummary:
    return _known(DocumentSummary, data, dates=_dates(data.get("dates")))


# What a watch's ``notify`` filters select among article changes, by name: the watchlist
# validates against these names, ``tracker watch add --notify`` offers them, and the
# daemon's notifications ask them (tracker.notify.wants).
REPORT_FILTERS: dict[str, Callable[[ChangeReport], bool]] = {
    "claims": lambda report: bool(report.claim_changes),
    "references": lambda report: bool(report.reference_changes),
    "strengthened": lambda report: any(
        ClaimTag.STRENGTHENED in change.tags for change in report.claim_changes
    ),
    "silent_edits": lambda report: report.silent_edit,
    # a disclaimer, warning or promise gone or loosened, a negation flipped
    "significant": lambda report: any(
        change.significance is Significance.HIGH for change in report.claim_changes
    ),
}


def _known(cls: type[_T], data: dict[str, Any], **converted: Any) -> _T:
    """``cls`` from the keys of ``data`` it knows, with ``converted`` values taking precedence."""
    names = {item.name for item in fields(cls)}  # type: ignore[arg-type]
    known = {key: value for key, value in data.items() if key in names}
    return cls(**{**known, **converted})
