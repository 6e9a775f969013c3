"""The daemon with a scripted checker: reload, restart without burst, bounds, dampening, notify."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.receivers import Receiver
from support.reports import claim_report

from tracker.config import Watch
from tracker.daemon import Checked, Daemon, DaemonSettings
from tracker.daemon.schedule import Backoff, Cadence
from tracker.model import Outcome
from tracker.notify import RetryBackoff, WebhookNotifier
from tracker.store import JobState, open_index

LIMIT = 20.0  # seconds a condition may take before a test gives up (never reached when green)


def watchlist(
    path: Path, names: list[str], *, interval: str = "1h", host: str = "clinic.example"
) -> Path:
    lines = ["[defaults]", f'interval = "{interval}"', "jitter = 0", ""]
    for name in names:
        lines += ["[[watch]]", f'name = "{name}"', f'url = "https://{host}/{name}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def settings(tmp_path: Path, *lists: Path, **overrides: object) -> DaemonSettings:
    values: dict[str, object] = {
        "data_dir": tmp_path / "data",
        "watchlists": lists,
        "startup_spread": 0.2,
        "reload_poll": 0.05,
        "state_flush": 0.05,
        "stop_timeout": 2.0,
        "delivery_poll": 0.05,
        "retry": RetryBackoff(first=0.05, cap=0.2),
    }
    values.update(overrides)
    return DaemonSettings(**values)  # type: ignore[arg-type]


class Script:
    """A checker answering from a per-watch script, recording every call."""

    def __init__(self, answer: Callable[[Watch, int], Checked] | None = None, pause: float = 0.0):
        self.calls: list[tuple[str, datetime]] = []
        self.count: Counter[str] = Counter()
        self.answer = answer or (
            lambda watch, n: Checked(outcome=Outcome.NEW if n == 1 else Outcome.UNCHANGED)
        )
        self.pause = pause

    async def __call__(self, watch: Watch) -> Checked:
        self.count[watch.name] += 1
        self.calls.append((watch.name, datetime.now(UTC)))
        if self.pause:
            await asyncio.sleep(self.pause)
        return self.answer(watch, self.count[watch.name])


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = asyncio.get_running_loop().time() + LIMIT
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.01)


def drive(
    daemon: Daemon,
    scenario: Callable[[Daemon], Awaitable[None]],
    on_ready: Callable[[Daemon], None] | None = None,
) -> None:
    """Run ``daemon`` and the scenario beside it; stop the daemon when the scenario ends."""

    async def main() -> None:
        started = asyncio.Event()

        def ready(d: Daemon) -> None:
            if on_ready is not None:
                on_ready(d)
            started.set()

        runner = asyncio.create_task(daemon.run(ready=ready))
        await asyncio.wait_for(started.wait(), LIMIT)
        try:
            await scenario(daemon)
        finally:
            daemon.request_stop()
            await asyncio.wait_for(runner, LIMIT)

    asyncio.run(main())


def scheduled(daemon: Daemon) -> set[str]:
    return {job.id for job in daemon.scheduler.get_jobs()}


def test_reload_adds_and_removes_jobs_from_sighup_and_file_changes(tmp_path: Path) -> None:
    path = watchlist(tmp_path / "clinics.toml", ["knee", "hip"])
    other = watchlist(tmp_path / "news.toml", ["ankle"], host="news.example")
    with open_index(tmp_path / "data") as store:
        daemon = Daemon(settings(tmp_path, path, other), store=store, checker=Script())

        async def scenario(d: Daemon) -> None:
            assert scheduled(d) == {"knee", "hip", "ankle"}
            watchlist(path, ["knee", "shoulder"])
            summary = d.reload()  # what SIGHUP does
            assert summary.added == ("shoulder",) and summary.removed == ("hip",)
            assert scheduled(d) == {"knee", "shoulder", "ankle"}
            # A change on disk is picked up without a signal.
            watchlist(other, ["ankle", "wrist", "elbow"], host="news.example")
            await until(
                lambda: scheduled(d) == {"knee", "shoulder", "ankle", "wrist", "elbow"}, "reload"
            )
            # A broken file keeps its previous watches instead of dropping them.
            other.write_text("[[watch]\nname = ", encoding="utf-8")
            summary = d.reload()
            assert summary.problems and scheduled(d) == {
                "knee",
                "shoulder",
                "ankle",
                "wrist",
                "elbow",
            }
            # An invalid watch is skipped and reported; the others stay.
            path.write_text(
                path.read_text() + '[[watch]]\nname = "bad"\nurl = "ftp://clinic.example/x"\n',
                encoding="utf-8",
            )
            summary = d.reload()
            assert any(p.watch == "bad" and p.field == "url" for p in summary.problems)
            assert "bad" not in scheduled(d) and "knee" in scheduled(d)

        drive(daemon, scenario)


def test_changing_a_watch_schedule_reschedules_it(tmp_path: Path) -> None:
    path = watchlist(tmp_path / "w.toml", ["knee"], interval="1d")
    with open_index(tmp_path / "data") as store:
        script = Script()
        daemon = Daemon(settings(tmp_path, path), store=store, checker=script)

        async def scenario(d: Daemon) -> None:
            await until(lambda: script.count["knee"] == 1, "the first check")
            await until(lambda: not d.jobs["knee"].running, "the check to end")
            first = d.scheduler.get_job("knee").next_run_time
            assert first > datetime.now(UTC) + timedelta(hours=23)
            watchlist(path, ["knee"], interval="1h")
            assert d.reload().changed == ("knee",)
            assert d.scheduler.get_job("knee").next_run_time < datetime.now(UTC) + timedelta(
                hours=2
            )

        drive(daemon, scenario)


def test_restart_neither_forgets_nor_bursts(tmp_path: Path) -> None:
    names = [f"page-{n}" for n in range(40)]
    path = watchlist(tmp_path / "w.toml", names, interval="1h")
    now = datetime.now(UTC)
    with open_index(tmp_path / "data") as store:
        # The last daemon stopped three days ago: half the watches were due long since,
        # the other half is planned in the future (as after a short restart).
        states = [
            JobState(
                name=name,
                url=f"https://clinic.example/{name}",
                next_run=now - timedelta(days=3) if n % 2 == 0 else now + timedelta(minutes=30),
            )
            for n, name in enumerate(names)
        ]
        store.save_job_states(states)
        script = Script()
        daemon = Daemon(
            settings(tmp_path, path, startup_spread=0.5),
            store=store,
            checker=script,
            rng=random.Random(1),
        )

        overdue = {name for n, name in enumerate(names) if n % 2 == 0}
        planned: dict[str, datetime | None] = {}

        def first_runs(d: Daemon) -> None:
            planned.update((name, d.jobs[name].state.next_run) for name in overdue)

        async def scenario(d: Daemon) -> None:
            # Spread over the window, not all at one instant.
            assert len(set(planned.values())) == len(overdue)
            assert all(
                p is not None and now <= p <= datetime.now(UTC) + timedelta(seconds=0.5)
                for p in planned.values()
            )
            await until(lambda: set(script.count) == overdue, "every overdue watch to run")
            await asyncio.sleep(0.3)
            # Each overdue watch ran once (its missed runs coalesced); none planned later ran.
            assert set(script.count) == overdue
            assert set(script.count.values()) == {1}

        drive(daemon, scenario, first_runs)
        saved = store.job_states()
        # The next runs were persisted: an hour after each check, or as planned before.
        for n, name in enumerate(names):
            if n % 2 == 0:
                assert saved[name].next_run > now + timedelta(minutes=59)
            else:
                assert saved[name].next_run == now + timedelta(minutes=30)

        # A second restart finds every watch planned in the future: nothing runs at start.
        again = Script()
        daemon = Daemon(settings(tmp_path, path), store=store, checker=again)

        async def quiet(d: Daemon) -> None:
            assert {job.id: job.next_run_time for job in d.scheduler.get_jobs()} == {
                name: saved[name].next_run for name in names
            }
            await asyncio.sleep(0.3)
            assert not again.calls

        drive(daemon, quiet)


def test_concurrency_is_bounded_globally_and_per_host(tmp_path: Path) -> None:
    lists = [
        watchlist(
            tmp_path / f"site{n}.toml",
            [f"s{n}-{i}" for i in range(8)],
            interval="0.05",
            host=f"site{n}.example",
        )
        for n in range(3)
    ]
    running: Counter[str] = Counter()
    peak: dict[str, int] = defaultdict(int)
    total = {"now": 0, "peak": 0}

    async def checker(watch: Watch) -> Checked:
        host = watch.url.split("/")[2]
        running[host] += 1
        total["now"] += 1
        peak[host] = max(peak[host], running[host])
        total["peak"] = max(total["peak"], total["now"])
        await asyncio.sleep(0.01)
        running[host] -= 1
        total["now"] -= 1
        return Checked(outcome=Outcome.UNCHANGED)

    with open_index(tmp_path / "data") as store:
        daemon = Daemon(
            settings(tmp_path, *lists, max_concurrency=4, per_host=2, startup_spread=0.0),
            store=store,
            checker=checker,
        )

        async def scenario(d: Daemon) -> None:
            await until(lambda: d.checks_done >= 100, "100 checks")

        drive(daemon, scenario)
    assert total["peak"] <= 4
    assert max(peak.values()) <= 2


def test_a_failing_watch_backs_off_and_is_reported_once_then_once_on_recovery(
    tmp_path: Path, webhook: Receiver
) -> None:
    path = watchlist(tmp_path / "w.toml", ["knee"], interval="0.02")

    def answer(watch: Watch, n: int) -> Checked:
        if 3 <= n <= 8:
            return Checked(
                outcome=Outcome.GONE if n == 5 else Outcome.FAILED, error=f"HTTP 503 (try {n})"
            )
        return Checked(outcome=Outcome.UNCHANGED)

    script = Script(answer)
    with open_index(tmp_path / "data") as store:
        daemon = Daemon(
            settings(tmp_path, path, backoff=Backoff(factor=2.0, cap=0.1)),
            store=store,
            checker=script,
            notifiers=[WebhookNotifier(webhook.url)],
        )
        seen_failures: list[int] = []

        async def scenario(d: Daemon) -> None:
            await until(lambda: script.count["knee"] >= 5, "failures")
            seen_failures.append(d.jobs["knee"].state.failure.consecutive)
            await until(lambda: script.count["knee"] >= 12, "recovery")
            await until(lambda: len(webhook.posts) >= 2, "two health posts")
            await asyncio.sleep(0.1)

        drive(daemon, scenario)
        state = store.job_states()["knee"]
    failing, recovered = (post["detail"] for post in webhook.posts)
    assert [post["type"] for post in webhook.posts] == ["failing", "recovered"]
    assert failing["failed_checks"] == 2 and "HTTP 503" in failing["reason"]
    # The recovery names the gap: from the first failure to the last, and how many.
    assert recovered["failed_checks"] == 6 and "(try 8)" in recovered["reason"]
    assert recovered["from"] == failing["from"] and recovered["to"] > failing["to"]
    assert seen_failures[0] >= 2
    assert state.failure.consecutive == 0 and not state.failure.reported
    # The gaps between attempts grew while it failed (backoff), capped at 0.1 s.
    times = [t for name, t in script.calls if name == "knee"]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
    assert max(gaps[3:8]) > max(gaps[:2])


def test_stop_abandons_a_check_that_will_not_finish(tmp_path: Path) -> None:
    path = watchlist(tmp_path / "w.toml", ["knee"], interval="1h")
    cancelled = []

    async def stuck(watch: Watch) -> Checked:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.append(watch.name)
            raise
        return Checked(outcome=Outcome.UNCHANGED)

    with open_index(tmp_path / "data") as store:
        daemon = Daemon(
            settings(tmp_path, path, stop_timeout=0.2, startup_spread=0.0),
            store=store,
            checker=stuck,
        )

        async def scenario(d: Daemon) -> None:
            await until(lambda: d.jobs["knee"].running, "the check to start")

        drive(daemon, scenario)
        state = store.job_states()["knee"]
    assert cancelled == ["knee"]
    # The abandoned check did not move the plan: the next daemon runs it again at start.
    assert state.next_run is not None and state.next_run <= datetime.now(UTC)


def test_adaptive_cadence_checks_sooner_after_a_change_and_later_when_quiet(tmp_path: Path) -> None:
    path = watchlist(tmp_path / "w.toml", ["knee"], interval="0.04")
    seen: list[float | None] = []
    holder: dict[str, Daemon] = {}

    def answer(watch: Watch, n: int) -> Checked:
        seen.append(holder["d"].jobs["knee"].state.interval)
        if n == 3:
            return Checked(outcome=Outcome.CHANGED, snapshot=3, report=claim_report())
        return Checked(outcome=Outcome.NEW if n == 1 else Outcome.UNCHANGED)

    script = Script(answer)
    cadence = Cadence(
        enabled=True, fastest=0.25, slowest=4.0, speedup=0.5, slowdown=2.0, quiet_checks=2
    )
    with open_index(tmp_path / "data") as store:
        daemon = Daemon(settings(tmp_path, path, cadence=cadence), store=store, checker=script)
        holder["d"] = daemon

        async def scenario(d: Daemon) -> None:
            await until(lambda: script.count["knee"] >= 12, "a dozen checks")

        drive(daemon, scenario)
        saved = store.job_states()["knee"]
    # Seen before each check: the watch's own interval, doubled after two quiet checks,
    # halved by the change (of the base), then doubling every second quiet check up to
    # four times the base, never beyond.
    assert seen[:5] == [None, 0.04, 0.08, 0.02, 0.02]
    after = seen[3:]
    assert after == sorted(after) and after[-1] == 0.16
    assert saved.interval is not None and saved.interval > 0.02


@pytest.mark.parametrize(("daemon_adaptive", "watch_adaptive"), [(False, True), (True, False)])
def test_a_watchs_own_adaptive_setting_wins_over_the_daemons(
    tmp_path: Path, daemon_adaptive: bool, watch_adaptive: bool
) -> None:
    path = watchlist(tmp_path / "w.toml", ["knee"], interval="0.04")
    path.write_text(
        path.read_text(encoding="utf-8") + f"adaptive = {str(watch_adaptive).lower()}\n",
        encoding="utf-8",
    )
    script = Script(lambda watch, n: Checked(outcome=Outcome.NEW if n == 1 else Outcome.UNCHANGED))
    cadence = Cadence(enabled=daemon_adaptive, slowdown=2.0, quiet_checks=1)
    with open_index(tmp_path / "data") as store:
        daemon = Daemon(settings(tmp_path, path, cadence=cadence), store=store, checker=script)

        async def scenario(d: Daemon) -> None:
            await until(lambda: script.count["knee"] >= 4, "four checks")

        drive(daemon, scenario)
        saved = store.job_states()["knee"]
    if watch_adaptive:
        assert saved.interval is not None and saved.interval > 0.04
    else:
        assert saved.interval is None


def test_an_invalid_watch_is_news_naming_its_file_watch_and_field(
    tmp_path: Path, webhook: Receiver
) -> None:
    path = watchlist(tmp_path / "w.toml", ["knee"])
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[watch]]\nname = "hip"\nurl = "https://clinic.example/hip"\nintervall = "1h"\n',
        encoding="utf-8",
    )
    with open_index(tmp_path / "data") as store:
        daemon = Daemon(
            settings(tmp_path, path),
            store=store,
            checker=Script(),
            notifiers=[WebhookNotifier(webhook.url)],
        )

        async def scenario(d: Daemon) -> None:
            await until(lambda: bool(webhook.posts), "the watchlist notice")
            d.reload()  # the same problem again is not news again
            await asyncio.sleep(0.2)

        drive(daemon, scenario)
    (post,) = webhook.posts
    assert post["type"] == "watchlist_invalid"
    assert post["detail"] == {
        "file": str(path),
        "watch": "hip",
        "field": "intervall",
        "problem": post["detail"]["problem"],
    }
    assert "unknown field" in post["detail"]["problem"]
