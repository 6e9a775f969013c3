"""What notifications say: an article change, or news about a watch's health.

Both travel through the outbox as JSON (``to_json``/``from_json``), so what a check
found is what is sent, even days later after a restart. A health notice is general:
a ``kind`` (``HealthKind``) and a ``detail`` mapping of plain values, so a new kind
of news (a watchlist gone invalid, a redirect that started) needs no new type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from tracker.links import Links
from tracker.model import REPORT_FILTERS, ChangeReport, Unreachable
from tracker.render.feed import report_summary

__all__ = [
    "ChangeEvent",
    "Event",
    "HealthKind",
    "HealthNotice",
    "Unreachable",
    "VersionRef",
    "event_from_json",
    "is_article_change",
    "wants",
]

DetailValue = str | int | float | bool | None


class HealthKind(StrEnum):
    """What happened to a watch (or its watchlist entry) that a researcher should hear of.

    ``failing`` is a run of failed checks past the daemon's threshold; ``gone`` and
    ``blocked`` are told at their first occurrence; ``recovered`` ends any of them and
    names the gap. ``watchlist_invalid`` (detail: file, watch, field, problem) and
    ``redirect_started`` (detail: from, to) are raised by the watchlist loader and the
    check when they see it.
    """

    FAILING = "failing"
    GONE = "gone"
    BLOCKED = "blocked"
    RECOVERED = "recovered"
    WATCHLIST_INVALID = "watchlist_invalid"
    REDIRECT_STARTED = "redirect_started"


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthNotice:
    """One piece of health news about a watch: a kind, when, and plain details.

    ``message`` is the one line a person reads; ``detail`` carries what a program
    needs (a recovery's ``from``, ``to`` and ``failed_checks``; a failure's ``since``,
    ``failures`` and ``reason``; a watchlist problem's ``file``, ``watch``, ``field``).
    """

    watch: str
    url: str
    kind: HealthKind
    at: datetime
    message: str
    detail: Mapping[str, DetailValue] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.watch}: {str(self.kind).replace('_', ' ')}"

    @property
    def entry_id(self) -> str:
        return f"urn:tracker:health:{self.watch}:{self.kind}:{self.at.isoformat()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.kind),
            "watch": self.watch,
            "url": self.url,
            "at": self.at.isoformat(),
            "message": self.message,
            "detail": dict(self.detail),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HealthNotice:
        return cls(
            watch=data["watch"],
            url=data["url"],
            kind=HealthKind(data["type"]),
            at=datetime.fromisoformat(data["at"]),
            message=data["message"],
            detail=dict(data.get("detail") or {}),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionRef:
    """One stored version a change compares: its id, capture time, body digest and record."""

    snapshot: int
    captured: datetime
    sha256: str
    record: str | None = None  # "file.warc.gz@offset": the WARC record holding the body

    def describe(self, base_url: str | None = None) -> str:
        """The capture in words; with the workspace's ``base_url`` its record is named by
        the workspace's address for it, not by a file of the machine that stored it."""
        where = Links(base_url.rstrip("/")).record(self.snapshot) if base_url else None
        record = f", {where or self.record}" if self.record else ""
        captured = self.captured.isoformat(timespec="seconds")
        return f"snapshot {self.snapshot} captured {captured}, sha256 {self.sha256}{record}"

    def to_json(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot,
            "captured": self.captured.isoformat(),
            "sha256": self.sha256,
            "record": self.record,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> VersionRef | None:
        if not data:
            return None
        return cls(
            snapshot=int(data["snapshot"]),
            captured=datetime.fromisoformat(data["captured"]),
            sha256=data["sha256"],
            record=data.get("record"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeEvent:
    """One article change worth telling someone about, with the evidence it compares."""

    watch: str
    url: str
    checked_at: datetime
    report: ChangeReport
    snapshot: int | None = None  # the new version
    tags: tuple[str, ...] = ()
    unreachable: Unreachable | None = None
    old: VersionRef | None = None  # the versions compared, read from the store when sent
    new: VersionRef | None = None

    @property
    def title(self) -> str:
        return self.report.new.title or self.report.old.title or self.watch

    @property
    def summary(self) -> list[str]:
        lines = report_summary(self.report)
        if self.unreachable is not None:
            lines.append(self.unreachable.describe())
        return lines

    def evidence(self, base_url: str | None = None) -> list[str]:
        """ "Old: snapshot 4 captured …, sha256 …": the captures this change compares
        (each record at the workspace's ``base_url`` when it is known)."""
        sides = (("Old", self.old), ("New", self.new))
        return [f"{label}: {ref.describe(base_url)}" for label, ref in sides if ref is not None]

    @property
    def entry_id(self) -> str:
        if self.snapshot is not None:
            return f"urn:tracker:snapshot:{self.snapshot}"
        return f"urn:tracker:change:{self.watch}:{self.checked_at.isoformat()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "change",
            "watch": self.watch,
            "url": self.url,
            "title": self.title,
            "checked_at": self.checked_at.isoformat(),
            "snapshot": self.snapshot,
            "tags": list(self.tags),
            "summary": self.summary,
            "unreachable": self.unreachable.to_json() if self.unreachable else None,
            "old": self.old.to_json() if self.old else None,
            "new": self.new.to_json() if self.new else None,
            "report": self.report.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChangeEvent:
        gap = data.get("unreachable")
        return cls(
            watch=data["watch"],
            url=data["url"],
            checked_at=datetime.fromisoformat(data["checked_at"]),
            report=ChangeReport.from_json(data["report"]),
            snapshot=data.get("snapshot"),
            tags=tuple(data.get("tags") or ()),
            unreachable=Unreachable.from_json(gap) if gap else None,
            old=VersionRef.from_json(data.get("old")),
            new=VersionRef.from_json(data.get("new")),
        )


Event = ChangeEvent | HealthNotice


def event_from_json(data: Mapping[str, Any]) -> Event:
    """The event a notification payload holds (the outbox keeps them as JSON)."""
    if data.get("type") == "change":
        return ChangeEvent.from_json(data)
    return HealthNotice.from_json(data)


def is_article_change(report: ChangeReport) -> bool:
    """Whether the article itself changed (chrome-only changes and date bumps do not count)."""
    return bool(report.article_changed or report.claim_changes or report.reference_changes)


def wants(filters: Sequence[str], report: ChangeReport) -> bool:
    """Whether a watch with ``notify = filters`` is told about ``report`` (any filter matches)."""
    if not is_article_change(report):
        return False
    if not filters:
        return True
    unknown = set(filters) - set(REPORT_FILTERS)
    if unknown:
        raise ValueError(
            f"unknown notify filter(s) {sorted(unknown)}; choose from {sorted(REPORT_FILTERS)}"
        )
    return any(REPORT_FILTERS[name](report) for name in filters)
