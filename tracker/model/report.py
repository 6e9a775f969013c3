"""The ChangeReport comparison makes of two Documents: the JSON contract
``tracker.change-report/1`` of DESIGN.md, and the filters a watch's notifications
select reports by."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from tracker.model.document import (
    DatePlace,
    DeclaredDate,
    Document,
    dates_from_json,
    fields_of,
    from_known,
    json_values,
)

CHANGE_REPORT_SCHEMA = "tracker.change-report/1"


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
    # why a change ranks high when no tag above says it: a stated risk made rarer, milder
    # or hedged; a regulator's decision claimed higher or lower
    WARNING_SOFTENED = "warning_softened"
    STATUS_RAISED = "status_raised"
    STATUS_LOWERED = "status_lowered"


class Significance(StrEnum):
    """How much a claim change matters to a reader; reports list the highest first."""

    HIGH = "high"  # a disclaimer, warning or promise gone or loosened; a status raised;
    # a negation flipped
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
        shown = self.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        return f"{self.verdict} by {self.user} at {shown}{note}{tags}"

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
        data = {"schema": CHANGE_REPORT_SCHEMA, **fields_of(self)}
        data["unreachable"] = self.unreachable.to_json() if self.unreachable else None
        del data["annotations"]
        if self.annotations:
            data["annotations"] = [note.to_json() for note in self.annotations]
        return json_values(data)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChangeReport:
        """A stored report back as objects; fields added by later versions are ignored."""
        if data.get("schema") != CHANGE_REPORT_SCHEMA:
            raise ValueError(f"not a {CHANGE_REPORT_SCHEMA} object: schema={data.get('schema')!r}")

        def claim(item: dict[str, Any]) -> ClaimChange:
            return from_known(
                ClaimChange,
                item,
                kind=ChangeKind(item["kind"]),
                tags=[ClaimTag(tag) for tag in item.get("tags", [])],
                significance=Significance(item.get("significance", Significance.LOW)),
                numbers=[from_known(NumberChange, number) for number in item.get("numbers", [])],
            )

        def text(item: dict[str, Any]) -> TextChange:
            return from_known(TextChange, item, kind=ChangeKind(item["kind"]))

        return from_known(
            cls,
            data,
            old=_summary(data["old"]),
            new=_summary(data["new"]),
            date_changes=[DateChange.from_json(c) for c in data.get("date_changes", [])],
            metadata_changes=[
                from_known(MetadataChange, c) for c in data.get("metadata_changes", [])
            ],
            claim_changes=[claim(c) for c in data.get("claim_changes", [])],
            reference_changes=[
                from_known(ReferenceChange, c, kind=ChangeKind(c["kind"]))
                for c in data.get("reference_changes", [])
            ],
            text_changes=[text(c) for c in data.get("text_changes", [])],
            boilerplate_changes=[text(c) for c in data.get("boilerplate_changes", [])],
            unreachable=Unreachable.from_json(gap) if (gap := data.get("unreachable")) else None,
            annotations=[ChangeNote.from_json(note) for note in data.get("annotations", [])],
        )


def _summary(data: dict[str, Any]) -> DocumentSummary:
    return from_known(DocumentSummary, data, dates=dates_from_json(data.get("dates")))


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
