"""What a check was: the facts it gathers, the one rule that decides its outcome, and
the result it returns.

Pure and apart from the pipeline (tracker.check) so the rule reads on its own, is
tested without fetching anything, and the types a check hands its callers
(``CheckResult``, the ``Deliveries`` and ``HealthNews`` it is given) can be named by
modules that never run one (the daemon's failure rule, the CLI's flags, backfill).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tracker.model import ChangeReport, Document, Outcome
from tracker.store import CheckRow, Queued, SnapshotRow

__all__ = [
    "CheckFacts",
    "CheckNews",
    "CheckResult",
    "Deliveries",
    "HealthNews",
    "Timings",
    "article_fingerprint",
    "decide_outcome",
    "unchanged_because",
]


# The notifications a change owes (tracker.notify.Plan), given the report, the check's
# time and the versions it compares as stored (old, new): the store asks for them in the
# transaction that stores the change, so they are queued complete and sent as they are.
Deliveries = Callable[[ChangeReport, datetime, SnapshotRow | None, SnapshotRow], tuple[Queued, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckNews:
    """A check about to be stored, as the health news it makes is judged
    (tracker.daemon.failures): the news is queued in the transaction that records the check,
    so no crash between the two can lose it."""

    url: str
    outcome: Outcome
    checked_at: datetime
    error: str | None
    streak: tuple[CheckRow, ...]  # the live checks of the failing streak before this one
    redirect: tuple[str, ...] = ()  # a redirect that starts: its hops, then where it led


# The health notifications a check owes (tracker.daemon.failures.health_news).
HealthNews = Callable[[CheckNews], tuple[Queued, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckFacts:
    """What a check found out, before anything is decided."""

    failure: str | None = None  # the outcome a FetchFailure names: failed, blocked or gone
    not_modified: bool = False  # the server answered 304 to our validators
    same_body: bool = False  # the body hashes the same as the last usable capture
    article_found: bool = False  # extraction found article text
    has_previous: bool = False  # a version of this page is already stored
    same_article: bool = False  # the article (text, references, metadata) equals that version
    rendered: bool = False  # the article was read from the DOM a browser rendered


def decide_outcome(facts: CheckFacts) -> Outcome:
    """The single rule for what a check was; the order of the tests is the rule."""
    if facts.failure is not None:
        return Outcome(facts.failure)
    if facts.not_modified or facts.same_body:
        # Only a stored version can be "the same": without one there is nothing to show.
        return Outcome.UNCHANGED if facts.has_previous else Outcome.FAILED
    if not facts.article_found:
        return Outcome.FAILED
    if not facts.has_previous:
        return Outcome.NEW
    return Outcome.UNCHANGED if facts.same_article else Outcome.CHANGED


def unchanged_because(facts: CheckFacts) -> str:
    """How an unchanged check knew, in words: what a researcher reads in the output."""
    if facts.not_modified:
        return "the server answered 304 Not Modified"
    if facts.same_body:
        return "the same bytes as the last capture"
    if facts.rendered:
        return "the same article after the page's scripts ran"
    return "the page changed outside the article only"


def article_fingerprint(document: Document) -> str:
    """Hash of what counts as a new version: article text, references and declared metadata.

    Chrome (navigation, newsletter boxes, related links) is left out so a rotating
    sidebar does not make a new version of an article that did not change.
    """
    metadata = [document.title, document.authors, document.published, document.updated]
    digest = hashlib.sha256(document.text_sha256().encode("ascii"))
    digest.update(json.dumps(metadata, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Timings:
    fetch_ms: float = 0.0
    extract_ms: float = 0.0
    compare_ms: float = 0.0
    store_ms: float = 0.0
    total_ms: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    url: str
    outcome: Outcome
    checked_at: datetime
    check_id: int
    snapshot_id: int | None  # the version stored, or seen again; None when the check failed
    previous_snapshot_id: int | None
    report: ChangeReport | None = None
    error: str | None = None
    http_status: int | None = None
    bytes: int = 0
    timings: Timings = field(default_factory=Timings)
    because: str | None = None  # for an unchanged check: how that was known
    evidence: bool = False  # what the server answered is kept in the WARC files
    final_url: str | None = None  # where the answer came from (None: nothing answered)
    redirects: tuple[str, ...] = ()  # the URLs redirected through before final_url
    redirect_started: bool = False  # redirected, and elsewhere than the last answer came from

    @property
    def ok(self) -> bool:
        return self.outcome.ok

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "outcome": str(self.outcome),
            "checked_at": self.checked_at.isoformat(),
            "check": self.check_id,
            "snapshot": self.snapshot_id,
            "previous_snapshot": self.previous_snapshot_id,
            "error": self.error,
            "http_status": self.http_status,
            "bytes": self.bytes,
            "because": self.because,
            "evidence": self.evidence,
            "final_url": self.final_url,
            "redirects": list(self.redirects),
            "timings_ms": {
                "fetch": round(self.timings.fetch_ms, 3),
                "extract": round(self.timings.extract_ms, 3),
                "compare": round(self.timings.compare_ms, 3),
                "store": round(self.timings.store_ms, 3),
                "total": round(self.timings.total_ms, 3),
            },
            "report": self.report.to_json() if self.report is not None else None,
        }
