"""A CPU-time limit on one piece of pure work in a worker thread, that really stops it.

A daemon reads pages it does not control. ``PageLimits`` bounds what can be counted
before the work is paid for (bytes, tags, blocks, sentences); this bounds what cannot
(an unforeseen shape that makes one loop quadratic): ``run_within(seconds, work)``
runs ``work`` in the calling thread and, once that thread has spent ``seconds`` of
CPU on it, raises ``OverCpuLimit`` inside it, at its next Python instruction. The
work is abandoned where it stands and its thread goes on with the next check.

CPU time rather than wall time, so a loaded machine never fails a page that is merely
waiting for a core. One watchdog thread serves every limited thread; it sleeps until
the earliest moment any of them could reach its limit (a thread cannot spend more
CPU than wall time passes), so work that ends in time costs two lock round trips.

Known limit: the exception is delivered between Python instructions, so a single
call into C code (a regular expression, lxml parsing a document) finishes first;
those are bounded by the byte and tag limits checked before extraction.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["OverCpuLimit", "run_within"]

T = TypeVar("T")


class OverCpuLimit(BaseException):
    """The work spent its CPU time; raised inside the thread doing it. A BaseException,
    so the ``except Exception`` of the work it stops (a comparison's, an extractor's)
    never mistakes it for the work's own failure and carries on."""


REFIRE_AFTER = 0.05  # CPU seconds a stopped job may still run before it is told again


@dataclass(slots=True)
class _Job:
    thread_id: int
    clock: int  # the thread's CPU-time clock
    limit: float  # CPU seconds of that clock at which the job is stopped
    fired: bool = False


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Have ``exception`` raised in thread ``thread_id`` at its next Python instruction
    (None: cancel one still pending)."""
    argument = ctypes.py_object(exception) if exception is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), argument)


class _Watchdog:
    """One thread watching every limited job, waking when the first could be over."""

    def __init__(self) -> None:
        self._jobs: dict[int, _Job] = {}
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def add(self, job: _Job) -> None:
        with self._changed:
            self._jobs[job.thread_id] = job
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._watch, name="tracker-cpu-limit", daemon=True
                )
                self._thread.start()
            self._changed.notify()

    def remove(self, job: _Job) -> None:
        with self._changed:
            self._jobs.pop(job.thread_id, None)
            if job.fired:  # fired as it ended: the exception must not reach the next job
                _raise_in(job.thread_id, None)

    def _watch(self) -> None:
        with self._changed:
            while True:
                pause: float | None = None
                for job in list(self._jobs.values()):
                    left = job.limit - time.clock_gettime(job.clock)
                    if left <= 0:
                        # Raised again while the work still runs: an exception that lands
                        # in a finaliser or a callback from C is printed and dropped there.
                        job.fired = True
                        job.limit += REFIRE_AFTER
                        left = REFIRE_AFTER
                        _raise_in(job.thread_id, OverCpuLimit)
                    pause = left if pause is None else min(pause, left)
                self._changed.wait(pause)


_WATCHDOG = _Watchdog()


def run_within(seconds: float | None, work: Callable[[], T]) -> T:
    """``work()`` in this thread, stopped with ``OverCpuLimit`` once this thread spent
    ``seconds`` of CPU on it (None: no limit)."""
    if seconds is None:
        return work()
    thread_id = threading.get_ident()
    clock = time.pthread_getcpuclockid(thread_id)
    job = _Job(thread_id=thread_id, clock=clock, limit=time.clock_gettime(clock) + seconds)
    try:
        _WATCHDOG.add(job)
        return work()
    finally:
        _WATCHDOG.remove(job)
