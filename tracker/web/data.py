"""What the workspace shows, read from an Index: the same values feed the pages and the API.

Nothing here knows HTML or HTTP. Tags and names come from the watchlists (the
index keeps URLs, not how a researcher files them), so a watch in the index and in
no watchlist is still listed, only without tags.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tracker.errors import UnknownVersionError
from tracker.model import FAILED_OUTCOMES, ChangeReport, Document
from tracker.store import (
    Annotation,
    AnnotationQuery,
    ArchivedRecord,
    Between,
    CheckRow,
    Index,
    SnapshotRow,
    WatchSummary,
    normalize_url,
    versions_between,
)
from tracker.store.rows import iso_utc
from tracker.watchlist import load_watchlist

__all__ = [
    "ChangeView",
    "Gap",
    "Listed",
    "Timeline",
    "ToCompare",
    "Version",
    "WatchRow",
    "change_view",
    "gaps_of",
    "listed_watches",
    "timeline",
    "versions_to_compare",
    "watch_rows",
]


@dataclass(frozen=True, slots=True)
class Listed:
    """How a watchlist files a URL: its name and tags."""

    name: str
    tags: tuple[str, ...]


def listed_watches(paths: Iterable[Path]) -> dict[str, Listed]:
    """Every watch of these watchlists by its stored URL key (invalid watches skipped)."""
    listed: dict[str, Listed] = {}
    for path in paths:
        for watch in load_watchlist(path, strict=False).watches:
            listed[normalize_url(watch.url)] = Listed(watch.name, tuple(watch.tags))
    return listed


def _listing(listed: Mapping[str, Listed], url: str, stored_name: str | None) -> Listed:
    """How a watch is shown: as its watchlist files it, else under the name the index
    keeps (or its URL) and without tags."""
    return listed.get(url) or Listed(stored_name or url, ())


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchRow:
    summary: WatchSummary
    name: str
    tags: tuple[str, ...]

    @property
    def health(self) -> str:
        """ "ok", "failing" (the last checks failed), or "unchecked"."""
        if self.summary.last_outcome is None:
            return "unchecked"
        return "failing" if self.summary.failing_checks else "ok"

    def to_json(self) -> dict[str, Any]:
        return {
            **self.summary.to_json(),
            "name": self.name,
            "tags": list(self.tags),
            "health": self.health,
        }


def watch_rows(
    index: Index,
    user: str,
    listed: Mapping[str, Listed],
    *,
    tag: str | None = None,
    text: str | None = None,
) -> list[WatchRow]:
    """Every watch, with ``user``'s unseen changes; only those with ``tag`` and holding
    ``text`` (case-insensitive, in the name, URL or tags) when given."""
    needle = (text or "").strip().casefold()
    rows = []
    for summary in index.watch_summaries(user):
        shown = _listing(listed, summary.url, summary.name)
        row = WatchRow(summary=summary, name=shown.name, tags=shown.tags)
        if tag and tag not in row.tags:
            continue
        if needle and needle not in " ".join((row.name, summary.url, *row.tags)).casefold():
            continue
        rows.append(row)
    return rows


def all_tags(listed: Mapping[str, Listed]) -> list[str]:
    return sorted({tag for entry in listed.values() for tag in entry.tags})


@dataclass(frozen=True, slots=True, kw_only=True)
class Version:
    """One stored version of an article, numbered from 1 in capture order."""

    number: int
    row: SnapshotRow
    origin: str  # checked, backfilled or imported
    unseen: bool  # a change newer than the version the user last marked seen

    @property
    def redirected(self) -> bool:
        return self.row.final_url != self.row.url

    def to_json(self) -> dict[str, Any]:
        return {**self.row.to_json(), "number": self.number, "origin": self.origin}


@dataclass(frozen=True, slots=True, kw_only=True)
class Gap:
    """Checks in a row that got no page (failed, blocked, gone): nothing is known of the
    article from the last good check before ``start`` to the first after ``end``."""

    start: datetime
    end: datetime
    checks: int
    outcomes: tuple[str, ...]  # each outcome met, in order of first appearance
    errors: tuple[str, ...]  # each distinct reason, in order of first appearance
    after: int | None  # the check before the gap that got a page, if any
    until: int | None  # the check after it, if any

    def to_json(self) -> dict[str, Any]:
        return {
            "start": iso_utc(self.start),
            "end": iso_utc(self.end),
            "checks": self.checks,
            "outcomes": list(self.outcomes),
            "errors": list(self.errors),
            "after_check": self.after,
            "until_check": self.until,
        }


def gaps_of(checks: Sequence[CheckRow]) -> list[Gap]:
    """Runs of checks that got no page, oldest first (``checks`` oldest first)."""
    found: list[Gap] = []
    run: list[CheckRow] = []
    before: int | None = None
    for check in [*checks, None]:
        if check is not None and check.outcome in FAILED_OUTCOMES:
            run.append(check)
            continue
        if run:
            found.append(
                Gap(
                    start=run[0].checked_at,
                    end=run[-1].checked_at,
                    checks=len(run),
                    outcomes=tuple(dict.fromkeys(c.outcome.value for c in run)),
                    errors=tuple(dict.fromkeys(c.error for c in run if c.error)),
                    after=before,
                    until=check.id if check is not None else None,
                )
            )
            run = []
        before = check.id if check is not None else before
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline:
    url: str
    name: str
    tags: tuple[str, ...]
    checks: list[CheckRow]  # newest first
    versions: list[Version]  # newest first
    seen_snapshot: int | None

    @property
    def gaps(self) -> list[Gap]:
        """Failed runs, newest first, as the checks are listed."""
        return gaps_of(self.checks[::-1])[::-1]

    @property
    def entries(self) -> list[tuple[str, Version | Gap]]:
        """Versions and gaps, newest first: ("version", v) or ("gap", g)."""
        dated: list[tuple[datetime, str, Version | Gap]] = [
            (version.row.fetched_at, "version", version) for version in self.versions
        ]
        dated.extend((gap.start, "gap", gap) for gap in self.gaps)
        dated.sort(key=lambda entry: entry[0], reverse=True)
        return [(kind, entry) for _, kind, entry in dated]

    @property
    def numbers(self) -> dict[int, int]:
        """Each version's number by its snapshot id, for the checks that stored or saw it."""
        return {version.row.id: version.number for version in self.versions}

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "name": self.name,
            "tags": list(self.tags),
            "seen_snapshot": self.seen_snapshot,
            "versions": [version.to_json() for version in self.versions],
            "checks": [check.to_json() for check in self.checks],
            "gaps": [gap.to_json() for gap in self.gaps],
        }


def _origin(check: CheckRow | None) -> str:
    """A version's origin in the workspace's words: a live check is "checked"."""
    if check is None or check.origin == "tracked":
        return "checked"
    return check.origin


def timeline(index: Index, url: str, user: str, listed: Mapping[str, Listed]) -> Timeline:
    """Every check and every version of one watched URL, newest first (UnknownURLError)."""
    checks = index.history(url)
    key = normalize_url(url)
    by_id = {check.id: check for check in checks}
    rows = index.snapshots(key)
    state = index.watch_state(key)
    seen = index.seen_snapshot(user, state.id) if state is not None else None
    seen_at = next((row.fetched_at for row in rows if row.id == seen), None)
    versions = [
        Version(
            number=number,
            row=row,
            origin=_origin(by_id.get(row.check_id)),
            unseen=number > 1 and (seen_at is None or row.fetched_at > seen_at),
        )
        for number, row in enumerate(rows, start=1)
    ]
    shown = _listing(listed, key, state.name if state else None)
    return Timeline(
        url=key,
        name=shown.name,
        tags=shown.tags,
        checks=checks[::-1],
        versions=versions[::-1],
        seen_snapshot=seen,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeView:
    """The change that introduced one version: its report, its evidence, what people said."""

    version: Version
    previous: Version | None
    report: ChangeReport | None  # None for a first version
    report_json: dict[str, Any] | None
    record: ArchivedRecord  # the WARC record holding the version's capture
    annotations: list[Annotation]


def _version(index: Index, snapshot_id: int) -> tuple[Version, Version | None]:
    """A version and the one before it, numbered in their article's history."""
    row = index.snapshot(snapshot_id)
    if row is None:
        raise UnknownVersionError(f"no stored version {snapshot_id}")
    rows = index.snapshots(row.url)
    origins = {check.id: _origin(check) for check in index.history(row.url)}
    numbered = [
        Version(number=n, row=r, origin=origins.get(r.check_id, "checked"), unseen=False)
        for n, r in enumerate(rows, start=1)
    ]
    at = next(i for i, version in enumerate(numbered) if version.row.id == snapshot_id)
    return numbered[at], numbered[at - 1] if at > 0 else None


def version_record(index: Index, row: SnapshotRow) -> ArchivedRecord:
    return index.read_capture(row.warc_file, row.warc_offset, row.warc_length)


def change_view(index: Index, snapshot_id: int) -> ChangeView:
    """The change report stored for ``snapshot_id`` with its evidence and annotations."""
    version, previous = _version(index, snapshot_id)
    stored = index.report_for_snapshot(snapshot_id)
    return ChangeView(
        version=version,
        previous=previous,
        report=ChangeReport.from_json(stored) if stored is not None else None,
        report_json=stored,
        record=version_record(index, version.row),
        annotations=index.annotations(AnnotationQuery(snapshot_id=snapshot_id)),
    )


@dataclass(frozen=True, slots=True)
class ToCompare:
    """Two stored versions, earlier first, their Documents and what lies between them."""

    old: Version
    new: Version
    old_document: Document
    new_document: Document
    between: Between


def versions_to_compare(index: Index, first_id: int, second_id: int) -> ToCompare:
    """Two stored versions to ``compare`` as ``tracker diff`` does (the comparison is the
    pure part, safe to run off the index's thread; ``with_between`` then names them)."""
    first, _ = _version(index, first_id)
    second, _ = _version(index, second_id)
    old, new = sorted((first, second), key=lambda version: version.row.fetched_at)
    return ToCompare(
        old=old,
        new=new,
        old_document=index.load_document(old.row.document_sha256),
        new_document=index.load_document(new.row.document_sha256),
        between=versions_between(index, old.row, new.row),
    )
