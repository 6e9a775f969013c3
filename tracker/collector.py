"""Python's cyclic garbage collector held off while a page is extracted.

Extraction allocates a page's worth of containers (contexts, attribute dicts, marks,
blocks) and makes no reference cycles (a test holds it over real-shaped pages), so
reference counting frees every one of them. Left on, the collector still runs every
700 containers kept, and every few pages it traverses every object in the process,
the answers ``memo`` remembers among them: over 453 WCXB dev pages extracted in one
process, 0.71 s of 11.7 s of CPU went to the collector; paused, 0.19 s.
Held off for the page, it runs again as soon as the page is done, if it is due.

The collector is one per process, so the pause is too: extractions in worker threads
share it, and it ends when the last of them does. Two guards keep it from lasting:

- extractions that overlap without a gap never hold it off more than ``MAX_HELD``
  seconds: the first to end past that collects once, then the count starts again;
- a thread whose pause was never released (its work stopped by ``cpu_limit`` between
  two instructions of the release) holds nothing once it pauses again, nor at all
  after ``STALE_AFTER`` seconds.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["MAX_HELD", "STALE_AFTER", "Pause", "paused"]

MAX_HELD = 1.0  # seconds the collector may stay off while extractions overlap
STALE_AFTER = 300.0  # seconds after which a pause still held is taken as abandoned


class Pause:
    """Who holds the collector off, and since when; every change under one lock."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._holders: dict[int, float] = {}  # thread id -> when its pause began
        self._resume = False  # whether the collector was on when the pause began
        self._off_since = 0.0

    @contextmanager
    def held(self) -> Iterator[None]:
        """The collector off while the block runs (if something else turned it off, it
        stays as it was found)."""
        me = threading.get_ident()
        self.hold(me)
        try:
            yield
        finally:
            self.release(me)

    def hold(self, holder: int) -> None:
        now = self._clock()
        with self._lock:
            self._forget_stale(now)
            if not self._holders:
                self._resume = gc.isenabled()
                self._off_since = now
                gc.disable()
            self._holders[holder] = now  # one it left unreleased is replaced, not stacked

    def release(self, holder: int) -> None:
        now = self._clock()
        with self._lock:
            self._holders.pop(holder, None)
            self._forget_stale(now)
            if self._holders and self._resume and now - self._off_since > MAX_HELD:
                gc.collect()  # overlapping pauses: what the collector would have done by now
                self._off_since = self._clock()

    def _forget_stale(self, now: float) -> None:
        for holder, since in list(self._holders.items()):
            if now - since > STALE_AFTER:
                del self._holders[holder]
        if not self._holders and self._resume:
            self._resume = False
            gc.enable()


# the process's collector off while a block, or a function it decorates, runs
paused = Pause().held
