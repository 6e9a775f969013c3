"""The Document extraction makes of a page, and its one JSON serialiser.

A stored Document is named by the sha256 of ``Document.canonical_json``, so that
serialiser lives here once; ``from_json`` reads it back. ``from_known`` and
``dates_from_json`` are shared with the report types, which embed declared dates.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, TypeVar

import orjson

DOCUMENT_SCHEMA = "tracker.document/1"

_T = TypeVar("_T")


# The canonical form: sorted keys, dataclasses through ``fields_of`` (orjson's own
# dataclass support keeps declaration order, which OPT_SORT_KEYS does not reorder).
_CANONICAL = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
_PLAIN = orjson.OPT_PASSTHROUGH_DATACLASS


def fields_of(value: Any) -> dict[str, Any]:
    """A dataclass of the model as the mapping of its fields, in declaration order: how
    both JSON encoders walk a Document (``dataclasses.asdict`` without its deep copies,
    one shallow dict per object, the encoder calling this again for each one inside)."""
    try:
        names = value.__dataclass_fields__
    except AttributeError:
        raise TypeError(f"{type(value).__name__} is not a type of the model") from None
    return {name: getattr(value, name) for name in names}


def remade(cls: type[_T], values: dict[str, Any]) -> _T:
    """A record of the model made anew from its fields: how copy and pickle remake one."""
    return cls(**values)


def json_values(data: Any) -> Any:
    """``data`` (dicts, lists and the model's dataclasses inside) as plain JSON values,
    fields in declaration order: what ``to_json`` returns (``dataclasses.asdict``
    without its deep copies). orjson makes them; ``json`` what orjson refuses (an
    integer beyond 64 bits, a lone surrogate)."""
    try:
        return orjson.loads(orjson.dumps(data, default=fields_of, option=_PLAIN))
    except orjson.JSONEncodeError:
        return json.loads(json.dumps(data, default=fields_of, ensure_ascii=False))


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

    # Sentence, Block and StrippedBlock, made by the thousand per page, write their
    # __init__ out as the dataclass's own would be: compiled (setup.py), mypyc makes it
    # native code, where the one ``dataclass`` writes at import runs interpreted. Compiled,
    # such a class makes each new object through its __init__, so copy and pickle, which
    # make one empty and fill it after, are told to make theirs through it (``__reduce__``)
    def __init__(self, *, text: str, citations: list[Citation] | None = None) -> None:
        self.text = text
        self.citations = [] if citations is None else citations

    def __reduce__(self) -> tuple[Any, ...]:
        return remade, (type(self), fields_of(self))

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
    # set when the page's markup showed no article and the block was read from the text the
    # page carries for machines: "JSON-LD DiscussionForumPosting text", "Discourse preloaded post"
    source: str | None = None

    def __init__(
        self,
        *,
        kind: BlockKind,
        text: str,
        sentences: list[Sentence] | None = None,
        level: int | None = None,
        ordinal: int | None = None,
        section: str | None = None,
        row: str | None = None,
        selected: str | None = None,
        source: str | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.sentences = [] if sentences is None else sentences
        self.level = level
        self.ordinal = ordinal
        self.section = section
        self.row = row
        self.selected = selected
        self.source = source

    def __reduce__(self) -> tuple[Any, ...]:
        return remade, (type(self), fields_of(self))


@dataclass(slots=True, kw_only=True)
class StrippedBlock:
    """Page text that is not article: kept, with the reason, so nothing is silently lost."""

    text: str
    reason: StripReason
    detail: str = ""  # what triggered the decision, e.g. 'class "w-form-fail"'

    def __init__(self, *, text: str, reason: StripReason, detail: str = "") -> None:
        self.text = text
        self.reason = reason
        self.detail = detail

    def __reduce__(self) -> tuple[Any, ...]:
        return remade, (type(self), fields_of(self))


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
        return from_known(cls, data, kind=DateKind(data["kind"]), place=DatePlace(data["place"]))


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
        serialises its Document, and the store keeps those bytes); ``json`` writes the
        same bytes for what orjson refuses (an integer beyond 64 bits). A lone surrogate
        cannot be UTF-8 and raises UnicodeEncodeError (``tracker.reading.storable``
        repairs a page's first).
        """
        data = {"schema": DOCUMENT_SCHEMA, **fields_of(self)}
        try:
            return orjson.dumps(data, default=fields_of, option=_CANONICAL)
        except orjson.JSONEncodeError:
            text = json.dumps(
                data, default=fields_of, sort_keys=True, separators=(",", ":"), ensure_ascii=False
            )
            return text.encode("utf-8")

    def to_json(self) -> dict[str, Any]:
        """The Document as JSON values, fields in declaration order (``tracker extract``
        prints it); the same values as ``canonical_json``, lone surrogates left as they are."""
        return json_values({"schema": DOCUMENT_SCHEMA, **fields_of(self)})

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
            dates=dates_from_json(data.get("dates")),
            blocks=[
                Block(
                    kind=BlockKind(block["kind"]),
                    text=block["text"],
                    level=block.get("level"),
                    ordinal=block.get("ordinal"),
                    section=block.get("section"),
                    row=block.get("row"),
                    selected=block.get("selected"),
                    source=block.get("source"),
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


def dates_from_json(items: list[dict[str, Any]] | None) -> list[DeclaredDate] | None:
    return None if items is None else [DeclaredDate.from_json(item) for item in items]


def from_known(cls: type[_T], data: dict[str, Any], **converted: Any) -> _T:
    """``cls`` from the keys of ``data`` it knows, with ``converted`` values taking precedence."""
    names = {item.name for item in fields(cls)}  # type: ignore[arg-type]
    known = {key: value for key, value in data.items() if key in names}
    return cls(**{**known, **converted})
