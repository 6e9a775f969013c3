"""The plain data that flows between pipeline stages.

fetch makes a Capture; extract turns its HTML into a Document; compare turns two
Documents into a ChangeReport. Each stage sees only these types, never another
stage's internals, so every stage can be tested and replaced on its own.
Documents and reports round-trip through JSON (``to_json`` / ``from_json``):
that JSON is what the store keeps and what researchers cite.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

DOCUMENT_SCHEMA = "tracker.document/1"
CHANGE_REPORT_SCHEMA = "tracker.change-report/1"

_T = TypeVar("_T")


# --------------------------------------------------------------------------- capture


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """One HTTP response exactly as received: the evidence everything else derives from."""

    url: str
    final_url: str
    fetched_at: datetime
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    request_headers: tuple[tuple[str, str], ...] = ()
    http_version: str = "HTTP/1.1"
    redirects: tuple[str, ...] = ()
    # The body as it came off the wire (chunking undone, Content-Encoding kept) when a
    # content coding was undone to make ``body``; None when the two are the same bytes.
    wire_body: bytes | None = None
    # Why the kept bytes stop short of the whole body (WARC-Truncated: "length"), if they do.
    truncated: str | None = None

    @property
    def sha256(self) -> str:
        """The body's identity: the hash of the decoded bytes, whatever coding carried them."""
        return hashlib.sha256(self.body).hexdigest()

    @property
    def wire(self) -> bytes:
        """The bytes the server sent (after chunking), which the WARC record keeps."""
        return self.body if self.wire_body is None else self.wire_body

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None


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


@dataclass(slots=True, kw_only=True)
class Document:
    url: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    language: str | None = None
    metadata: list[MetadataValue] = field(default_factory=list)
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

    def to_json(self) -> dict[str, Any]:
        return {"schema": DOCUMENT_SCHEMA, **asdict(self)}

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


@dataclass(slots=True, kw_only=True)
class DocumentSummary:
    title: str | None
    updated: str | None
    published: str | None
    authors: list[str]
    url: str | None = None  # where the version was read from, so a report can be cited

    @classmethod
    def of(cls, doc: Document) -> DocumentSummary:
        return cls(
            title=doc.title,
            updated=doc.updated,
            published=doc.published,
            authors=list(doc.authors),
            url=doc.url,
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
class ChangeReport:
    old: DocumentSummary
    new: DocumentSummary
    article_changed: bool
    silent_edit: bool
    date_only_bump: bool = False  # declared updated date moved, article unchanged
    metadata_changes: list[MetadataChange] = field(default_factory=list)
    claim_changes: list[ClaimChange] = field(default_factory=list)
    reference_changes: list[ReferenceChange] = field(default_factory=list)
    text_changes: list[TextChange] = field(default_factory=list)
    boilerplate_changes: list[TextChange] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(
            self.article_changed
            or self.metadata_changes
            or self.reference_changes
            or self.boilerplate_changes
        )

    def to_json(self) -> dict[str, Any]:
        return {"schema": CHANGE_REPORT_SCHEMA, **asdict(self)}

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
                numbers=[_known(NumberChange, number) for number in item.get("numbers", [])],
            )

        def text(item: dict[str, Any]) -> TextChange:
            return _known(TextChange, item, kind=ChangeKind(item["kind"]))

        return _known(
            cls,
            data,
            old=_known(DocumentSummary, data["old"]),
            new=_known(DocumentSummary, data["new"]),
            metadata_changes=[_known(MetadataChange, c) for c in data.get("metadata_changes", [])],
            claim_changes=[claim(c) for c in data.get("claim_changes", [])],
            reference_changes=[
                _known(ReferenceChange, c, kind=ChangeKind(c["kind"]))
                for c in data.get("reference_changes", [])
            ],
            text_changes=[text(c) for c in data.get("text_changes", [])],
            boilerplate_changes=[text(c) for c in data.get("boilerplate_changes", [])],
        )


def _known(cls: type[_T], data: dict[str, Any], **converted: Any) -> _T:
    """``cls`` from the keys of ``data`` it knows, with ``converted`` values taking precedence."""
    names = {item.name for item in fields(cls)}  # type: ignore[arg-type]
    known = {key: value for key, value in data.items() if key in names}
    return cls(**{**known, **converted})
