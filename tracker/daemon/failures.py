"""Failure dampening: a watch in trouble is reported once, and once when it recovers.

A page that is down for a week would otherwise log and notify on every run; a
researcher wants three facts: since when it fails (and why), that it came back,
and the gap in between. A page that answers ``gone`` (404, 410) or ``blocked`` (a
login wall, a challenge page) is news at once; a network failure or a server
error only after ``threshold`` in a row (default 2), since one is often a blip.
``observe`` is a pure state transition so the rule is tested without a daemon;
``health_notice`` words what it decided. ``judge`` replays it over the index's checks,
so the daemon and a manual ``tracker check`` see the same streak, whoever ran the checks
in it, and neither reports it twice; ``health_news`` is what a check hands the store,
which queues the news in the transaction that records the check.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from tracker.errors import WatchlistError
from tracker.model import FAILED_OUTCOMES, Outcome
from tracker.notify import HealthKind, HealthNotice
from tracker.store.jobs import FailureState

if TYPE_CHECKING:
    from tracker.config import Watch
    from tracker.notify import Plan
    from tracker.outcome import CheckNews, HealthNews
    from tracker.store import CheckRow, Queued

__all__ = [
    "DEFAULT_THRESHOLD",
    "CheckHealth",
    "FailureState",
    "check_health",
    "health_news",
    "health_notice",
    "judge",
    "observe",
    "redirect_notice",
    "watchlist_notice",
]

# A single failed run is often a blip (a restart, a timeout); report from the second in a row.
DEFAULT_THRESHOLD = 2

_AT_ONCE = {Outcome.GONE: HealthKind.GONE, Outcome.BLOCKED: HealthKind.BLOCKED}


def observe(
    state: FailureState,
    outcome: Outcome,
    now: datetime,
    *,
    reason: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> tuple[FailureState, HealthKind | None]:
    """The state after one check with ``outcome``, and the kind of news to report, if any."""
    if outcome in FAILED_OUTCOMES:
        failing = replace(
            state,
            consecutive=state.consecutive + 1,
            since=state.since if state.consecutive else now,
            last=now,
            reason=reason or outcome,
        )
        if failing.reported:
            return failing, None
        if outcome in _AT_ONCE:
            return replace(failing, reported=True), _AT_ONCE[outcome]
        if failing.consecutive >= max(threshold, 1):
            return replace(failing, reported=True), HealthKind.FAILING
        return failing, None
    event = HealthKind.RECOVERED if state.reported else None
    return FailureState(), event


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckHealth:
    """One stored check seen as failure dampening sees it."""

    before: FailureState  # the streak the checks before it ended with
    after: FailureState  # the streak after it
    news: HealthKind | None  # what it is news of, if anything

    @property
    def streak(self) -> FailureState:
        """The streak a notice of ``news`` names: a recovery names the one that ended."""
        return self.before if self.news is HealthKind.RECOVERED else self.after


def judge(
    earlier: Iterable[CheckRow],
    outcome: Outcome,
    at: datetime,
    *,
    reason: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> CheckHealth:
    """A check with ``outcome`` after the live checks ``earlier`` (those of the failing
    streak at least): the streak replayed through ``observe`` (what was reported is what
    ``observe`` reported then), and the news this check makes."""
    live = sorted((row for row in earlier if row.origin == "tracked"), key=lambda row: row.id)
    start = len(live)
    while start and live[start - 1].outcome in FAILED_OUTCOMES:
        start -= 1
    before = FailureState()
    for row in live[start:]:
        before, _ = observe(
            before, row.outcome, row.checked_at, reason=row.error, threshold=threshold
        )
    after, news = observe(before, outcome, at, reason=reason, threshold=threshold)
    return CheckHealth(before=before, after=after, news=news)


def check_health(
    checks: Iterable[CheckRow], check_id: int, *, threshold: int = DEFAULT_THRESHOLD
) -> CheckHealth:
    """Stored check ``check_id`` of one page judged from the index's checks before it."""
    rows = list(checks)
    (current,) = [row for row in rows if row.id == check_id and row.origin == "tracked"]
    earlier = [row for row in rows if row.id < check_id]
    return judge(
        earlier, current.outcome, current.checked_at, reason=current.error, threshold=threshold
    )


def health_news(plan: Plan, watch: Watch, *, threshold: int = DEFAULT_THRESHOLD) -> HealthNews:
    """What a check of ``watch`` owes as health news (tracker.check's ``health``): a redirect
    that starts, and the failing streak's news, queued in the transaction recording it."""

    def news(check: CheckNews) -> tuple[Queued, ...]:
        notices = []
        if check.redirect:
            hops, final = check.redirect[:-1], check.redirect[-1]
            notices.append(redirect_notice(watch.name, watch.url, final, hops, check.checked_at))
        health = judge(
            check.streak, check.outcome, check.checked_at, reason=check.error, threshold=threshold
        )
        if health.news is not None:
            notices.append(
                health_notice(
                    health.news,
                    watch=watch.name,
                    url=watch.url,
                    at=check.checked_at,
                    streak=health.streak,
                )
            )
        return tuple(queued for notice in notices for queued in plan.health(notice))

    return news


def _iso(moment: datetime | None, timespec: str = "auto") -> str | None:
    return moment.isoformat(timespec=timespec) if moment else None


def health_notice(
    kind: HealthKind, *, watch: str, url: str, at: datetime, streak: FailureState
) -> HealthNotice:
    """The notice for ``kind``; ``streak`` is the failure streak going on, or (for a
    recovery) the one that just ended: its span is the gap the recovery names."""
    detail = {
        "from": _iso(streak.since),
        "to": _iso(streak.last),
        "failed_checks": streak.consecutive,
        "reason": streak.reason,
    }
    since, last = _iso(streak.since, "seconds"), _iso(streak.last, "seconds")
    if kind is HealthKind.RECOVERED:
        message = (
            f"{watch} recovered: checks succeed again after {streak.consecutive} failed "
            f"check(s) from {since} to {last} (last: {streak.reason})"
        )
    else:
        count = f"{streak.consecutive} failed check(s) since {since}"
        message = f"{watch} is {kind} ({count}): {streak.reason}"
    return HealthNotice(watch=watch, url=url, kind=kind, at=at, message=message, detail=detail)


def watchlist_notice(problem: WatchlistError, at: datetime) -> HealthNotice:
    """News of a watchlist entry the daemon could not take: file, watch and field named."""
    return HealthNotice(
        watch=problem.watch or "",
        url="",
        kind=HealthKind.WATCHLIST_INVALID,
        at=at,
        message=f"watchlist problem: {problem}",
        detail={
            "file": problem.path,
            "watch": problem.watch,
            "field": problem.field,
            "problem": problem.problem,
        },
    )


def redirect_notice(
    watch: str, url: str, final_url: str, hops: tuple[str, ...], at: datetime
) -> HealthNotice:
    """News of a page that started redirecting (or now redirects elsewhere): told once."""
    return HealthNotice(
        watch=watch,
        url=url,
        kind=HealthKind.REDIRECT_STARTED,
        at=at,
        message=f"{watch} now redirects to {final_url} ({len(hops)} redirect(s))",
        detail={"from": url, "to": final_url, "hops": len(hops)},
    )
