"""Bounded work per page includes time: a page that takes too much CPU to read is stopped.

The limit really stops the work (an extractor that never ends is abandoned where it
stands), the check is recorded as failed with its reason and the answer kept, and a
neighbour checked at the same time is read as if nothing happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import replace
from typing import Any

import pytest
from support.site import FIRST, LOCAL, SIMPLE_READING, Page, PageServer, article_page

from tracker.check import CheckResult, check
from tracker.cpu_limit import OverCpuLimit, run_within
from tracker.fetch import HttpFetcher
from tracker.model import Document, Outcome
from tracker.reading import DEFAULT_LIMITS, Reading
from tracker.store import Index


def endless(*_: Any, **__: Any) -> Document:
    """An extractor caught in a loop that never ends (a shape nobody foresaw)."""
    turns = 0
    while True:
        turns += 1


def test_work_over_its_cpu_time_is_stopped_and_its_thread_goes_on() -> None:
    with pytest.raises(OverCpuLimit):
        run_within(0.05, endless)
    assert run_within(5.0, lambda: sum(range(1000))) == 499500  # nothing left pending
    stopped: list[bool] = []

    def in_a_worker() -> None:
        try:
            run_within(0.05, endless)
        except OverCpuLimit:
            stopped.append(True)
        stopped.append(run_within(None, lambda: True))

    worker = threading.Thread(target=in_a_worker)
    worker.start()
    worker.join()
    assert stopped == [True, True]


def test_a_stop_dropped_on_its_way_is_given_again() -> None:
    """An exception that lands in a finaliser or a callback from C is printed and lost
    there; the work must still be stopped."""

    def drops_the_first_stop() -> None:
        with contextlib.suppress(OverCpuLimit):
            endless()
        endless()

    with pytest.raises(OverCpuLimit):
        run_within(0.05, drops_the_first_stop)


def slow_page(paragraphs: int) -> bytes:
    """A long article whose reading takes far more than the few milliseconds a page takes."""
    text = "Patients in the trial reported {n} fewer days of pain after the injections."
    return article_page("A long trial", [text.format(n=n) for n in range(paragraphs)])


# the limit may land in a weakref callback run by the garbage collector, where Python prints
# the exception and drops it; the watchdog raises it again REFIRE_AFTER later (cpu_limit)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_page_over_its_cpu_time_is_a_failed_check_and_its_neighbour_is_unaffected(
    site: PageServer, store: Index
) -> None:
    site.pages["/slow"] = Page(body=slow_page(6000))  # ~0.1 s of CPU read warm, compiled
    site.pages["/endless"] = Page(body=article_page("Loops", FIRST))
    site.pages["/neighbour"] = Page(body=article_page("Fasting", FIRST))
    tight = replace(DEFAULT_LIMITS, max_read_cpu_seconds=0.02)

    async def together() -> tuple[CheckResult, CheckResult, CheckResult]:
        async with HttpFetcher() as fetcher:
            slow, stuck, neighbour = await asyncio.gather(
                check(store, fetcher, site.url("/slow"), LOCAL, limits=tight),
                check(
                    store,
                    fetcher,
                    site.url("/endless"),
                    LOCAL,
                    reading=Reading(extract=endless),
                    limits=tight,
                ),
                check(store, fetcher, site.url("/neighbour"), LOCAL, reading=SIMPLE_READING),
            )
            return slow, stuck, neighbour

    slow, stuck, neighbour = asyncio.run(together())
    for result in (slow, stuck):
        assert result.outcome is Outcome.FAILED
        assert result.error is not None and "s of CPU" in result.error, result.error
        assert result.evidence  # the answer is kept in the WARC files
    assert "over 0.02 s of CPU" in (slow.error or "")
    assert neighbour.outcome is Outcome.NEW
    (row,) = store.history(site.url("/slow"))
    assert row.outcome is Outcome.FAILED and "CPU" in (row.error or "")
