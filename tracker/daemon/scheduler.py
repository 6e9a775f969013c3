"""The daemon: every watch checked on its own schedule, for months, until stopped.

APScheduler 3 (its asyncio scheduler) holds one job per watch. The job's trigger
is the watch's natural schedule (interval or cron); the daemon takes the decision
of *when* back after every check: it pauses the job while the check runs, then
sets the next run computed by tracker.daemon.schedule (adaptive cadence, failure
backoff, jitter) and persists it in the index, so a restart resumes from there.

Checks go through tracker.check (fetch, archive, extract, store, compare), bounded
by one semaphore for the whole daemon and one per host. An article change that
passes the watch's filters, and the health news of failure dampening
(tracker.daemon.failures: gone, blocked, failing, recovered, a redirect that starts),
are queued for every notifier in the transaction that records the check; the daemon
logs the news and keeps the streak in its job state for backoff. The sender (tracker.daemon.sender)
delivers what is owed apart from the checks. The watchlist files are the source of
truth: reloaded on SIGHUP and whenever one changes on disk, adding, removing and
rescheduling jobs. SIGTERM or SIGINT stop the daemon within ``stop_timeout``:
checks in flight may finish, the rest are cancelled at an await point, which the
store's transactions make safe (a cancelled check writes nothing half).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import signal
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from tracker.config import Watch
from tracker.daemon.checker import Checked, Checker, pipeline_checker
from tracker.daemon.failures import (
    DEFAULT_THRESHOLD,
    CheckHealth,
    check_health,
    health_notice,
    judge,
    observe,
    redirect_notice,
    watchlist_notice,
)
from tracker.daemon.schedule import (
    DEFAULT_BACKOFF,
    DEFAULT_CADENCE,
    Backoff,
    Cadence,
    adapt_interval,
    base_period,
    natural_trigger,
    next_run,
    resume_time,
    schedule_key,
)
from tracker.daemon.sender import Sender
from tracker.daemon.watchfiles import ReloadSummary, WatchFiles
from tracker.errors import TrackerError, WatchlistError
from tracker.model import Outcome
from tracker.notify import (
    DEFAULT_RETRY,
    Dispatcher,
    HealthNotice,
    Notifier,
    Plan,
    RetryBackoff,
    is_article_change,
)
from tracker.store import Index, JobState, open_index

__all__ = ["Daemon", "DaemonSettings", "default_watchlists", "run_daemon"]

log = logging.getLogger("tracker.daemon")


@dataclass(frozen=True, slots=True, kw_only=True)
class DaemonSettings:
    """How the daemon runs; every field has a default fit for a small server."""

    data_dir: Path
    watchlists: tuple[Path, ...]
    max_concurrency: int = 16  # checks in flight across all watches
    per_host: int = 2  # checks in flight against one host (the fetcher also spaces requests)
    misfire_grace: float = 300.0  # a run late by less than this still runs (restart, stall)
    startup_spread: float = 300.0  # new and long-overdue watches start within this window
    reload_poll: float = 5.0  # seconds between looks at the watchlist files; 0 disables
    stop_timeout: float = 8.0  # checks in flight get this long to finish on SIGTERM
    state_flush: float = 1.0  # seconds between batched writes of job state
    cadence: Cadence = DEFAULT_CADENCE
    backoff: Backoff = DEFAULT_BACKOFF
    failure_threshold: int = DEFAULT_THRESHOLD
    allow_private: bool = False  # overrides every watch's allow_private when set
    delivery_poll: float = 2.0  # seconds between looks at the outbox (others queue there too)
    retry: RetryBackoff = DEFAULT_RETRY  # a failed delivery's wait before its next attempt


@dataclass(slots=True)
class _Job:
    """The daemon's live view of one watch: its settings, its state, where it came from."""

    watch: Watch
    state: JobState
    source: Path
    running: bool = False


class Daemon:
    """Schedules and runs every watch of the watchlists until ``request_stop``."""

    def __init__(
        self,
        settings: DaemonSettings,
        *,
        store: Index,
        checker: Checker,
        notifiers: Sequence[Notifier] = (),
        clock: Callable[[], datetime] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.checker = checker
        self._clock = clock or (lambda: datetime.now(UTC))
        self.plan = Plan(notifiers, self._clock)
        self.sender = Sender(
            Dispatcher(store, notifiers, backoff=settings.retry, clock=self._clock),
            poll=settings.delivery_poll,
            clock=self._clock,
        )
        self._rng = rng or random.Random()
        self.scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(max(settings.misfire_grace, 1)),
            },
        )
        self.jobs: dict[str, _Job] = {}
        self._states: dict[str, JobState] = {}
        self._dirty: dict[str, JobState] = {}
        self._inflight: set[asyncio.Task[None]] = set()
        self._files = WatchFiles(settings.watchlists)
        self._told_problems: set[str] = set()
        self._global: asyncio.Semaphore | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._stop: asyncio.Event | None = None
        self._stopping = False
        self.checks_done = 0
        self.outcomes: dict[str, int] = {}

    # ----------------------------------------------------------------- lifecycle

    async def run(self, *, ready: Callable[[Daemon], None] | None = None) -> None:
        """Run until ``request_stop``; ``ready`` is called once every job is scheduled."""
        self._stop = asyncio.Event()
        self._global = asyncio.Semaphore(max(self.settings.max_concurrency, 1))
        self._states = self.store.job_states()
        self.scheduler.start()
        background = [asyncio.create_task(self._flush_loop(), name="tracker-state-flush")]
        if self.settings.reload_poll > 0:
            background.append(asyncio.create_task(self._watch_files(), name="tracker-reload"))
        self.sender.start()
        try:
            self._note_notifiers()
            self.reload()
            log.info(
                "daemon started",
                extra={"pid": os.getpid(), "path": str(self.settings.data_dir)},
            )
            if ready is not None:
                ready(self)
            await self._stop.wait()
        finally:
            await self._shutdown(background)

    def _note_notifiers(self) -> None:
        """Record the notifiers this daemon sends through, and say what is owed to others:
        nothing would ever send it ('tracker status' names it, 'tracker outbox' settles it)."""
        notifiers = self.sender.dispatcher.notifiers
        try:
            self.store.note_notifiers(
                {name: notifier.kind for name, notifier in notifiers.items()}, self._clock()
            )
            stranded = Counter(
                delivery.notifier
                for delivery in self.store.owed_deliveries()
                if delivery.notifier not in notifiers
            )
        except TrackerError as error:
            log.error("notifiers not recorded: %s", error)
            return
        for name, count in sorted(stranded.items()):
            log.warning(
                "%d notification(s) owed to %r, which this daemon has no notifier of: never "
                "sent unless redirected ('tracker outbox redirect %s --to NAME') or abandoned "
                "('tracker outbox abandon %s --reason TEXT')",
                count,
                name,
                name,
                name,
                extra={"notifier": name},
            )

    def request_stop(self) -> None:
        """Stop gracefully; asked twice, abandon the checks in flight at once."""
        if self._stop is None:
            return
        if self._stopping:
            log.warning("stopping now: cancelling %d check(s) in flight", len(self._inflight))
            for task in list(self._inflight):
                task.cancel()
            return
        self._stopping = True
        self._stop.set()

    def install_signal_handlers(self) -> None:
        """SIGTERM/SIGINT stop, SIGHUP reloads the watchlists (call inside the running loop)."""
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, self.request_stop)
        loop.add_signal_handler(signal.SIGINT, self.request_stop)
        loop.add_signal_handler(signal.SIGHUP, self._reload_on_signal)

    def _reload_on_signal(self) -> None:
        log.info("SIGHUP: reloading the watchlists")
        self.reload()

    async def _shutdown(self, background: list[asyncio.Task[None]]) -> None:
        self._stopping = True
        if self.scheduler.running:
            self.scheduler.pause()
        inflight = set(self._inflight)
        if inflight:
            log.info("stopping: waiting for %d check(s) in flight", len(inflight))
            _, pending = await asyncio.wait(inflight, timeout=self.settings.stop_timeout)
            if pending:
                log.warning("stopping: abandoning %d check(s) still in flight", len(pending))
                for task in pending:
                    task.cancel()
                await asyncio.gather(*pending, return_exceptions=True)
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self._flush()
        await self.sender.stop()
        log.info("daemon stopped", extra={"pid": os.getpid()})

    # ----------------------------------------------------------------- watchlists

    def reload(self) -> ReloadSummary:
        """Make the jobs match the watchlist files: add, remove and reschedule."""
        wanted, problems = self._files.load()
        now = self._clock()
        self._announce_problems(problems, now)
        removed = tuple(sorted(set(self.jobs) - set(wanted)))
        for name in removed:
            job = self.jobs.pop(name)
            self._states[name] = job.state
            with contextlib.suppress(JobLookupError):
                self.scheduler.remove_job(name)
        added, changed = [], []
        for name, (watch, source) in wanted.items():
            job = self.jobs.get(name)
            if job is None:
                self._add(watch, source, now)
                added.append(name)
            elif job.watch != watch:
                self._update(job, watch, source, now)
                changed.append(name)
        summary = ReloadSummary(
            added=tuple(sorted(added)),
            removed=removed,
            changed=tuple(sorted(changed)),
            problems=tuple(problems),
        )
        if added or removed or changed:
            log.info(
                "watchlists loaded: %d watch(es); %d added, %d removed, %d changed",
                len(self.jobs),
                len(added),
                len(removed),
                len(changed),
            )
        return summary

    def _add(self, watch: Watch, source: Path, now: datetime) -> None:
        state = self._states.get(watch.name)
        if state is None or state.url != watch.url:
            state = JobState(name=watch.name, url=watch.url)
        spread = min(self.settings.startup_spread, base_period(watch, now))
        first = resume_time(
            state.next_run, now, grace=self.settings.misfire_grace, spread=spread, rng=self._rng
        )
        state = replace(state, next_run=first)
        self.jobs[watch.name] = _Job(watch=watch, state=state, source=source)
        self._remember(state)
        self.scheduler.add_job(
            self._run_job,
            trigger=natural_trigger(watch),
            args=[watch.name],
            id=watch.name,
            name=watch.name,
            next_run_time=first,
            replace_existing=True,
        )

    def _update(self, job: _Job, watch: Watch, source: Path, now: datetime) -> None:
        old = job.watch
        job.watch, job.source = watch, source
        if schedule_key(old) == schedule_key(watch):
            return
        if old.url != watch.url:
            # Another page under the same name: its history starts afresh, now.
            job.state = JobState(name=watch.name, url=watch.url)
            planned = now
        else:
            # A new schedule applies from now, but never postpones a run already due sooner.
            planned = next_run(
                watch,
                now,
                failures=job.state.failure.consecutive,
                backoff=self.settings.backoff,
                rng=self._rng,
            )
            if job.state.next_run is not None and job.state.next_run < planned:
                planned = max(job.state.next_run, now)
        job.state = replace(job.state, next_run=planned, interval=None)
        self._remember(job.state)
        with contextlib.suppress(JobLookupError):
            self.scheduler.modify_job(watch.name, trigger=natural_trigger(watch))
            if not job.running:
                self.scheduler.modify_job(watch.name, next_run_time=planned)

    async def _watch_files(self) -> None:
        while True:
            await asyncio.sleep(self.settings.reload_poll)
            if self._files.changed():
                log.info("a watchlist file changed: reloading")
                self.reload()

    # ----------------------------------------------------------------- state

    def _remember(self, state: JobState) -> None:
        self._states[state.name] = state
        self._dirty[state.name] = state

    def _flush(self) -> None:
        if not self._dirty:
            return
        batch, self._dirty = self._dirty, {}
        try:
            self.store.save_job_states(batch.values())
        except TrackerError as error:
            log.error("job state not saved, will retry: %s", error)
            self._dirty = {**batch, **self._dirty}

    async def _flush_loop(self) -> None:
        while True:
            await asyncio.sleep(self.settings.state_flush)
            self._flush()

    # ----------------------------------------------------------------- one check

    def _host_gate(self, url: str) -> asyncio.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        gate = self._hosts.get(host)
        if gate is None:
            gate = self._hosts[host] = asyncio.Semaphore(max(self.settings.per_host, 1))
        return gate

    async def _run_job(self, name: str) -> None:
        job = self.jobs.get(name)
        if job is None or self._stopping or job.running:
            return
        task = asyncio.current_task()
        assert task is not None
        self._inflight.add(task)  # type: ignore[arg-type]
        job.running = True
        with contextlib.suppress(JobLookupError):
            self.scheduler.pause_job(name)  # the next run is decided when this one ends
        try:
            await self._check(job)
        finally:
            job.running = False
            self._inflight.discard(task)  # type: ignore[arg-type]

    async def _safe_check(self, watch: Watch) -> Checked:
        try:
            return await self.checker(watch)
        except asyncio.CancelledError:
            raise
        except TrackerError as error:
            log.error("check not recorded: %s", error, extra={"watch": watch.name})
            return Checked(outcome=getattr(error, "outcome", "failed"), error=str(error))
        except Exception as error:
            log.exception("check crashed", extra={"watch": watch.name})
            return Checked(outcome=Outcome.FAILED, error=f"internal error: {type(error).__name__}")

    async def _check(self, job: _Job) -> None:
        watch = job.watch
        assert self._global is not None
        async with self._global, self._host_gate(watch.url):
            started = time.perf_counter()
            result = await self._safe_check(watch)
            seconds = time.perf_counter() - started
        now = self._clock()
        self.checks_done += 1
        if route := result.redirect_started:
            notice = redirect_notice(watch.name, watch.url, route[-1], route[:-1], now)
            self._tell(notice, told=result.told)
        outcome = str(result.outcome)  # counted by name: the counts are printed and logged
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

        state = job.state
        judged = self._judge(job, result, now)
        failure = judged.after
        changed = result.report is not None and is_article_change(result.report)
        cadence = self.settings.cadence
        if watch.adaptive is not None:
            cadence = replace(cadence, enabled=watch.adaptive)
        interval, streak = state.interval, state.unchanged_streak
        if result.outcome.ok:
            streak = 0 if changed else streak + 1
            if watch.interval is not None:
                interval = adapt_interval(
                    watch.interval,
                    interval,
                    changed=changed,
                    unchanged_streak=streak,
                    cadence=cadence,
                )
        planned = next_run(
            watch,
            now,
            interval=interval,
            failures=failure.consecutive,
            backoff=self.settings.backoff,
            rng=self._rng,
        )
        state = replace(
            state,
            next_run=planned,
            interval=interval if cadence.enabled else None,
            unchanged_streak=streak,
            failure=failure,
            last_change_at=now if changed else state.last_change_at,
        )
        self._commit(job, state)
        level = logging.INFO if result.outcome.ok else logging.WARNING
        log.log(
            level,
            "checked",
            extra={
                "watch": watch.name,
                "outcome": result.outcome,
                "snapshot": result.snapshot,
                "error": result.error,
                "seconds": round(seconds, 3),
                "next_run": planned.isoformat(timespec="seconds"),
                "failures": failure.consecutive or None,
            },
        )
        if judged.news is not None:
            notice = health_notice(
                judged.news, watch=watch.name, url=watch.url, at=now, streak=judged.streak
            )
            self._tell(notice, told=result.told, states=[job.state])
        if changed:
            self.sender.wake()  # the check queued its notifications with the change

    def _judge(self, job: _Job, result: Checked, now: datetime) -> CheckHealth:
        """The failing streak and its news after this check, from the index's checks: the
        failures a manual ``tracker check`` found (and reported) count. The streak the check
        itself read from the index as it stored the check, when it judged its news (no
        query again); from the job's state when no check was stored (the check crashed)."""
        threshold = job.watch.failure_threshold or self.settings.failure_threshold
        if (facts := result.judged) is not None:
            return judge(
                facts.streak,
                facts.outcome,
                facts.checked_at,
                reason=facts.error,
                threshold=threshold,
            )
        if result.check_id is not None:
            with contextlib.suppress(TrackerError):
                checks = self.store.failing_run(job.watch.url, result.check_id)
                return check_health(checks, result.check_id, threshold=threshold)
        before = job.state.failure
        after, news = observe(before, result.outcome, now, reason=result.error, threshold=threshold)
        return CheckHealth(before=before, after=after, news=news)

    def _commit(self, job: _Job, state: JobState) -> None:
        job.state = state
        self._remember(state)
        if self.jobs.get(job.watch.name) is job and not self._stopping:
            with contextlib.suppress(JobLookupError):
                self.scheduler.modify_job(job.watch.name, next_run_time=state.next_run)

    def _tell(self, notice: HealthNotice, *, told: bool, states: Sequence[JobState] = ()) -> None:
        """Log a check's health news, and queue it unless the check queued it when stored."""
        log.warning(notice.message, extra={"watch": notice.watch})
        if told:
            self.sender.wake()
        else:
            self.announce(notice, states)

    def announce(self, notice: HealthNotice, states: Sequence[JobState] = ()) -> None:
        """Queue health news for every notifier that takes it, with the job ``states`` that
        record it was told (one transaction), and wake the sender."""
        try:
            self.store.enqueue(self.plan.health(notice), states)
        except TrackerError as error:
            log.error("health notice not queued: %s", error, extra={"watch": notice.watch})
            return
        self.sender.wake()

    def _announce_problems(self, problems: Sequence[WatchlistError], now: datetime) -> None:
        """Tell once of each watchlist problem (file, watch, field): a watch never leaves
        silently. A problem fixed and made again is told again."""
        current = {str(problem): problem for problem in problems}
        for text, problem in current.items():
            if text in self._told_problems:
                continue
            self.announce(watchlist_notice(problem, now))
        self._told_problems = set(current)


async def _run_with_fetcher(
    settings: DaemonSettings,
    store: Index,
    notifiers: Sequence[Notifier],
    ready: Callable[[Daemon], None] | None,
) -> None:
    from tracker.fetch import open_fetcher

    async with open_fetcher() as fetcher:
        plan = Plan(notifiers)
        daemon = Daemon(
            settings,
            store=store,
            checker=pipeline_checker(
                store,
                fetcher,
                plan,
                allow_private=settings.allow_private,
                failure_threshold=settings.failure_threshold,
            ),
            notifiers=notifiers,
        )
        daemon.install_signal_handlers()
        await daemon.run(ready=ready)


def run_daemon(
    settings: DaemonSettings,
    notifiers: Sequence[Notifier] = (),
    *,
    ready: Callable[[Daemon], None] | None = None,
) -> None:
    """Hold the data directory's daemon lock, open the store and run until stopped."""
    from tracker.daemon.lockfile import DaemonLock

    with DaemonLock(settings.data_dir), open_index(settings.data_dir) as store:
        asyncio.run(_run_with_fetcher(settings, store, notifiers, ready))


def default_watchlists(seeds: Path = Path("seeds")) -> tuple[Path, ...]:
    """Every ``seeds/*.toml``, the watchlists ``tracker run`` uses when given none."""
    return tuple(sorted(seeds.glob("*.toml")))
