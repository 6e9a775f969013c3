"""What the daemon asks of a check, and the real one: tracker.check through one fetcher.

The scheduler holds a ``Checker`` (a watch in, a ``Checked`` out) and nothing of the
pipeline, so its tests run it against a scripted checker and the benchmarks against
a fake site. ``pipeline_checker`` hands each check the notifications a change owes
(tracker.notify.Plan) and the health news it makes (tracker.daemon.failures), which
the store queues in the transaction that records the check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from tracker.config import Watch
from tracker.daemon.failures import DEFAULT_THRESHOLD, health_news
from tracker.fetch import PageFetcher
from tracker.model import ChangeReport, Outcome
from tracker.notify import Plan
from tracker.outcome import CheckNews, HealthNews
from tracker.store import Index, Queued

__all__ = ["Checked", "Checker", "pipeline_checker"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Checked:
    """What the daemon needs to know of one check."""

    outcome: Outcome
    error: str | None = None
    snapshot: int | None = None
    report: ChangeReport | None = None
    redirect_started: tuple[str, ...] = ()  # the hops then the final URL, when newly redirected
    check_id: int | None = None  # the stored check (None: none was stored)
    told: bool = False  # its health news was queued with it (else the daemon queues it)
    # what its health was judged from as it was stored (the streak the index held before
    # it, under the URL's lock): the daemon judges the stored check from it again
    judged: CheckNews | None = None


Checker = Callable[[Watch], Awaitable[Checked]]


def pipeline_checker(
    store: Index,
    fetcher: PageFetcher,
    plan: Plan | None = None,
    *,
    allow_private: bool = False,
    failure_threshold: int = DEFAULT_THRESHOLD,
) -> Checker:
    """The real check: tracker.check.check through the shared fetcher and store, a change
    and the health news (after ``failure_threshold`` failures, or the watch's own) queued
    for ``plan``'s notifiers as the check is stored."""
    from tracker.check import check

    async def run(watch: Watch) -> Checked:
        settings = replace(watch.fetch, allow_private=True) if allow_private else watch.fetch
        owed = plan.deliveries(watch) if plan is not None else None
        threshold = watch.failure_threshold or failure_threshold
        judged: list[CheckNews] = []  # the last is the one stored
        health: HealthNews | None = None
        if plan is not None:
            news_of = health_news(plan, watch, threshold=threshold)

            def noted(news: CheckNews) -> tuple[Queued, ...]:
                judged.append(news)
                return news_of(news)

            health = noted

        result = await check(store, fetcher, watch, settings, deliveries=owed, health=health)
        return Checked(
            outcome=result.outcome,
            error=result.error,
            snapshot=result.snapshot_id,
            report=result.report,
            redirect_started=(
                (*result.redirects, result.final_url)
                if result.redirect_started and result.final_url
                else ()
            ),
            check_id=result.check_id,
            told=health is not None,
            judged=judged[-1] if judged else None,
        )

    return run
