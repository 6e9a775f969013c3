"""What a ledger search asks and answers, and the SQL terms that ask it.

``LedgerQuery`` in, ``SearchResult`` out (claims with their events, cited works with
every page citing them); ``claim_filters`` and ``span_filters`` write a query as the
WHERE terms of tracker.store.ledger's searches, ``claim_of`` and ``citing_of`` read
their rows back.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from tracker.store.ledger_fill import WORDING_BITS
from tracker.store.rows import from_row, iso_utc, parse_iso

__all__ = [
    "PROBED_CLAIMS",
    "ClaimEvent",
    "LedgerClaim",
    "LedgerQuery",
    "LedgerWork",
    "OneList",
    "SearchResult",
    "Span",
    "WorkCiting",
    "citing_of",
    "claim_filters",
    "claim_of",
    "fts_query",
    "one_list",
    "span_filters",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimEvent:
    snapshot_id: int
    seen_at: datetime
    kind: str
    text: str | None
    strength: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot_id,
            "seen_at": iso_utc(self.seen_at),
            "kind": self.kind,
            "text": self.text,
            "strength": self.strength,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """When a claim or a citing was on its page: first and last seen, and its removal."""

    first_snapshot: int
    first_seen: datetime
    last_snapshot: int
    last_seen: datetime
    removed_snapshot: int | None
    removed_at: datetime | None

    def span_json(self) -> dict[str, Any]:
        return {
            "first_snapshot": self.first_snapshot,
            "first_seen": iso_utc(self.first_seen),
            "last_snapshot": self.last_snapshot,
            "last_seen": iso_utc(self.last_seen),
            "removed_snapshot": self.removed_snapshot,
            "removed_at": iso_utc(self.removed_at) if self.removed_at else None,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerClaim(Span):
    """One claim on one page over its whole life."""

    id: int
    url: str
    text: str
    section: str | None
    categories: tuple[str, ...]
    strength: int | None
    citations: tuple[str, ...]
    events: tuple[ClaimEvent, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "text": self.text,
            "section": self.section,
            "categories": list(self.categories),
            "strength": self.strength,
            "citations": list(self.citations),
            **self.span_json(),
            "events": [event.to_json() for event in self.events],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkCiting(Span):
    """One span of time one page cited a work."""

    url: str
    label: str | None

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "label": self.label, **self.span_json()}


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerWork:
    """A cited work and every page that cited it."""

    id: int
    key: str
    text: str
    title: str | None
    year: str | None
    doi: str | None
    citings: tuple[WorkCiting, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "text": self.text,
            "title": self.title,
            "year": self.year,
            "doi": self.doi,
            "citings": [citing.to_json() for citing in self.citings],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerQuery:
    """What to look for in the ledger; every filter is optional.

    ``since``/``until`` bound the moment of the ``change_kind`` asked for (when was it
    removed), or without one the claim's life on the page (was it there then).
    """

    text: str = ""
    sites: tuple[str, ...] = ()  # hosts
    urls: tuple[str, ...] | None = None  # None: any page; a watchlist tag's pages otherwise
    category: str | None = None
    change_kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 100
    offset: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchResult:
    total: int
    claims: tuple[LedgerClaim, ...] = ()
    works: tuple[LedgerWork, ...] = ()
    stale_watches: int = 0  # watches whose versions the ledger does not hold yet

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "claims": [claim.to_json() for claim in self.claims],
            "works": [work.to_json() for work in self.works],
            "stale_watches": self.stale_watches,
        }


def fts_query(text: str) -> str:
    """The words of ``text`` as an FTS5 query: each quoted, so no word is read as syntax."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split())


def _span_of(row: sqlite3.Row) -> dict[str, Any]:
    """A claim's or a citing's span read from its row, as keyword arguments."""
    removed = row["removed_at"]
    return {
        "first_snapshot": row["first_snapshot_id"],
        "first_seen": parse_iso(row["first_seen"]),
        "last_snapshot": row["last_snapshot_id"],
        "last_seen": parse_iso(row["last_seen"]),
        "removed_snapshot": row["removed_snapshot_id"],
        "removed_at": parse_iso(removed) if removed else None,
    }


def claim_of(row: sqlite3.Row, events: tuple[ClaimEvent, ...]) -> LedgerClaim:
    return from_row(
        LedgerClaim,
        row,
        categories=tuple(json.loads(row["categories"])),
        citations=tuple(json.loads(row["citations"])),
        events=events,
        **_span_of(row),
    )


def citing_of(row: sqlite3.Row) -> WorkCiting:
    return WorkCiting(url=row["url"], label=row["label"], **_span_of(row))


def span_filters(query: LedgerQuery, alias: str) -> tuple[list[str], list[object]]:
    """Site, pages and the date range over a row's life on its page (``alias`` its table)."""
    where: list[str] = []
    values: list[object] = []
    # pages as a list of watches, so a search over every page joins no watch row
    if query.sites:
        marks = ",".join("?" * len(query.sites))
        where.append(f"{alias}.watch_id IN (SELECT id FROM watches WHERE host IN ({marks}))")
        values.extend(site.lower() for site in query.sites)
    if query.urls is not None:
        marks = ",".join("?" * len(query.urls))
        where.append(f"{alias}.watch_id IN (SELECT id FROM watches WHERE url IN ({marks}))")
        values.extend(query.urls)
    if query.change_kind is None:
        if query.since is not None:
            where.append(f"coalesce({alias}.removed_at, {alias}.last_seen) >= ?")
            values.append(iso_utc(query.since))
        if query.until is not None:
            where.append(f"{alias}.first_seen <= ?")
            values.append(iso_utc(query.until))
    return where, values


_WORDS_LIST = (
    f"SELECT rowid >> {WORDING_BITS} AS id FROM ledger_claim_text WHERE ledger_claim_text MATCH ?"
)
# one claim c tested for the words within its own wordings (a rowid range of the table)
_WORDS_PROBE = (
    "EXISTS (SELECT 1 FROM ledger_claim_text t WHERE ledger_claim_text MATCH ?"
    f" AND t.rowid BETWEEN c.id << {WORDING_BITS}"
    f" AND (c.id << {WORDING_BITS}) + {(1 << WORDING_BITS) - 1})"
)


# What one probe costs, in rows of a list read (measured on 5,000 pages): the words
# within one claim's wordings (an FTS query of its own), one claim's events (its key).
WORDS_PROBE_COST = 300
EVENTS_PROBE_COST = 10


@dataclass(frozen=True, slots=True)
class OneList:
    """A query of one filter alone, both ways: ``listed`` selects the ids of the claims
    it matches (repeats included), ``probe`` tests one claim ``c``; a probe costs about
    what reading ``probe_cost`` listed rows does."""

    listed: str
    probe: str
    values: list[object]
    probe_cost: int


def _events(query: LedgerQuery, probe: bool) -> tuple[str, list[object]]:
    """The events of the change kind asked for, in its dates: as a list of claim ids, or
    (``probe``) as a test of one claim ``c`` through its own events (the primary key;
    "+e.kind" keeps the kind index out of it)."""
    event = ["+e.kind = ?" if probe else "e.kind = ?"]
    values: list[object] = [query.change_kind]
    if query.since is not None:
        event.append("e.seen_at >= ?")
        values.append(iso_utc(query.since))
    if query.until is not None:
        event.append("e.seen_at <= ?")
        values.append(iso_utc(query.until))
    if probe:
        event.insert(0, "e.claim_id = c.id")
        return f"EXISTS (SELECT 1 FROM ledger_claim_events e WHERE {' AND '.join(event)})", values
    return f"SELECT e.claim_id AS id FROM ledger_claim_events e WHERE {' AND '.join(event)}", values


def one_list(query: LedgerQuery) -> OneList | None:
    """A query of one filter alone (words, or a change kind in its dates) as a list and a
    probe, or None for any other query: such a query is counted from its own index and
    paged from the first-seen index."""
    bare = LedgerQuery(limit=query.limit, offset=query.offset)
    words = fts_query(query.text)
    if words and query == replace(bare, text=query.text):
        return OneList(_WORDS_LIST, _WORDS_PROBE, [words], probe_cost=WORDS_PROBE_COST)
    asked = replace(bare, change_kind=query.change_kind, since=query.since, until=query.until)
    if query.change_kind is not None and query == asked:
        listed, values = _events(query, probe=False)
        probe = _events(query, probe=True)[0]
        return OneList(listed, probe, values, probe_cost=EVENTS_PROBE_COST)
    return None


# A probe of one claim's wordings costs about what reading a few hundred FTS rows does:
# pages with more claims than this are searched by one pass over the words instead.
PROBED_CLAIMS = 1000


def claim_filters(
    query: LedgerQuery, page_claims: int | None = None
) -> tuple[list[str], list[object]]:
    """The WHERE terms of a claim search, written so the narrowest filter drives it.

    Pages (a site, a tag) holding few claims (``page_claims``, counted by the caller)
    are the narrowest: their claims are read through the watch index and each is
    probed for the words within its own wordings (a rowid range of the FTS table).
    Otherwise the words are: one pass over the FTS table lists the claims holding them.
    A change kind is an index range of the events when it is all that was asked, else a
    probe of each candidate claim's own events.
    """
    where, values = span_filters(query, "c")
    narrowed = bool(query.sites) or query.urls is not None
    words = fts_query(query.text)
    if words and page_claims is not None and page_claims <= PROBED_CLAIMS:
        where.append(_WORDS_PROBE)
        values.append(words)
    elif words:
        where.append(f"c.id IN ({_WORDS_LIST})")
        values.append(words)
    if query.category:
        where.append("EXISTS (SELECT 1 FROM json_each(c.categories) j WHERE j.value = ?)")
        values.append(query.category)
    if query.change_kind is not None:
        probe = narrowed or bool(words)
        events, event_values = _events(query, probe)
        where.append(events if probe else f"c.id IN ({events})")
        values.extend(event_values)
    return where, values
