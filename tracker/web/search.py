"""The claim ledger searched: filters as a person types them, checked once for the CLI,
the pages and the API alike, then one call to the index."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time

from tracker.comparison.claims import CATEGORIES
from tracker.errors import UsageError
from tracker.store import Index
from tracker.store.ledger import CHANGE_KINDS, LedgerQuery, SearchResult
from tracker.web.data import Listed

__all__ = ["MAX_LIMIT", "SearchRequest", "request_from", "search_ledger"]

MAX_LIMIT = 1000


def _day(text: str, *, end: bool) -> datetime:
    """An ISO date or time; a bare date means its whole day (UTC)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"expected a date like 2024-04-11, got {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if end and len(text.strip()) == 10:
        moment = datetime.combine(moment.date(), time.max, tzinfo=UTC)
    return moment


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchRequest:
    """A ledger search as asked: the words, and the filters by name (None: not asked)."""

    text: str = ""
    site: str | None = None
    tag: str | None = None
    category: str | None = None
    change_kind: str | None = None
    since: str | None = None
    until: str | None = None
    works: bool = False  # the cited works, not the claims
    limit: int = 100
    offset: int = 0

    def query(self, listed: Mapping[str, Listed]) -> LedgerQuery:
        """The index's query, or UsageError naming the filter that is wrong."""
        if self.category and self.category not in CATEGORIES:
            raise UsageError(f"unknown category {self.category!r}; one of {', '.join(CATEGORIES)}")
        if self.change_kind and self.change_kind not in CHANGE_KINDS:
            raise UsageError(
                f"unknown change kind {self.change_kind!r}; one of {', '.join(CHANGE_KINDS)}"
            )
        if not 1 <= self.limit <= MAX_LIMIT or self.offset < 0:
            raise UsageError(f"'limit' must be 1 to {MAX_LIMIT} and 'offset' not negative")
        urls = None
        if self.tag:
            urls = tuple(url for url, entry in listed.items() if self.tag in entry.tags)
        since = _day(self.since, end=False) if self.since else None
        until = _day(self.until, end=True) if self.until else None
        if since and until and until < since:
            raise UsageError("'until' is before 'since'")
        return LedgerQuery(
            text=self.text,
            sites=(self.site.strip().lower(),) if self.site else (),
            urls=urls,
            category=self.category or None,
            change_kind=self.change_kind or None,
            since=since,
            until=until,
            limit=self.limit,
            offset=self.offset,
        )


def search_ledger(
    index: Index, request: SearchRequest, listed: Mapping[str, Listed]
) -> SearchResult:
    """Claims (or cited works) of the ledger that match ``request``."""
    search: Callable[[LedgerQuery], SearchResult] = (
        index.search_works if request.works else index.search_claims
    )
    return search(request.query(listed))


def request_from(params: Mapping[str, str]) -> SearchRequest:
    """A search as a page's form or an API call sends it (query parameters)."""
    numbers = {}
    for name, default in (("limit", 100), ("offset", 0)):
        value = params.get(name) or str(default)
        if not value.isdigit():
            raise UsageError(f"'{name}' must be a whole number, got {value!r}")
        numbers[name] = int(value)
    return SearchRequest(
        text=params.get("q", ""),
        site=params.get("site") or None,
        tag=params.get("tag") or None,
        category=params.get("category") or None,
        change_kind=params.get("change_kind") or None,
        since=params.get("since") or None,
        until=params.get("until") or None,
        works=params.get("works", "") in {"1", "true", "yes"},
        **numbers,
    )
