"""The daemon's sender: what the outbox owes each notifier, delivered apart from the checks.

One task per notifier, so a receiver that is down (a webhook timing out, an SMTP
server refusing) delays only its own deliveries, never the checks or the other
notifiers. Each task sends what is due (tracker.notify.Dispatcher), then sleeps
until the next delivery is due, a check wakes it, or ``poll`` seconds pass (a
``tracker check`` run beside the daemon queues into the same index). Retries and
their backoff are kept in the outbox, so a restart resumes them where they were.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from tracker.errors import TrackerError
from tracker.notify import Dispatcher

__all__ = ["Sender"]

log = logging.getLogger("tracker.daemon")


class Sender:
    """Delivery tasks, one a notifier, started and stopped with the daemon."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        *,
        poll: float = 2.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.dispatcher = dispatcher
        self.poll = max(poll, 0.01)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._wake: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        for name in self.dispatcher.notifiers:
            self._wake[name] = asyncio.Event()
            self._tasks.append(asyncio.create_task(self._loop(name), name=f"tracker-send-{name}"))

    def wake(self) -> None:
        """Something was queued: look at the outbox now rather than at the next poll."""
        for event in self._wake.values():
            event.set()

    async def stop(self) -> None:
        """Stop sending; a delivery cut short stays owed and is sent after the restart."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        await self.dispatcher.aclose()

    def _pause(self, name: str) -> float:
        due = self.dispatcher.store.next_delivery_due(name)
        if due is None:
            return self.poll
        return min(max((due - self._clock()).total_seconds(), 0.0), self.poll)

    async def _loop(self, name: str) -> None:
        wake = self._wake[name]
        while True:
            wake.clear()
            try:
                await self.dispatcher.deliver_due(name)
                pause = self._pause(name)
            except TrackerError as error:  # the index is busy or broken: try again later
                log.error("outbox not read: %s", error, extra={"notifier": name})
                pause = self.poll
            if pause > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), pause)
