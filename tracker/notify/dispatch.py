"""From findings to deliveries: what to queue (``Plan``) and sending what is owed (``Dispatcher``).

A check asks the ``Plan`` which notifications an article change owes (one per
notifier, if the watch's filters want it) and the store queues them in the
transaction that stores the change, complete: the store hands the Plan both versions
as stored, so each payload names their ids, capture times, digests and WARC records.
The ``Dispatcher`` sends what the outbox holds, as it is (no read of the index per
delivery; only a change queued by an earlier tracker, without its captures, is
completed from the index when sent), for one notifier at a time: what its receiver
accepted is marked sent, a batch at once (the feed writes its file once a batch),
each failure is kept with its reason and retried later with exponential backoff. A
notifier with ``digest = "daily"`` is owed its news at the next midnight (UTC) and
gets it as one delivery.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from functools import partial
from typing import Any

from tracker.config import Watch
from tracker.errors import TrackerError
from tracker.model import ChangeReport
from tracker.notify.events import (
    ChangeEvent,
    HealthNotice,
    VersionRef,
    event_from_json,
    wants,
)
from tracker.notify.registry import Batch, Notifier
from tracker.render.evidence import naming_snapshots
from tracker.store import (
    Delivery,
    DeliveryClaim,
    FailedDelivery,
    Index,
    Queued,
    SnapshotRow,
    unreachable_between,
)

__all__ = ["DEFAULT_RETRY", "Dispatcher", "Plan", "RetryBackoff", "next_digest"]

log = logging.getLogger("tracker.notify")

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def next_digest(now: datetime) -> datetime:
    """When a daily digest queued at ``now`` goes out: the next midnight, UTC."""
    return datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time(), tzinfo=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryBackoff:
    """How long a failed delivery waits before its next attempt: doubling, capped."""

    first: float = 30.0
    factor: float = 2.0
    cap: float = 6 * 3600.0

    def delay(self, attempts: int) -> float:
        """Seconds to wait after the ``attempts``-th failed attempt (1 for the first)."""
        return min(self.first * self.factor ** max(attempts - 1, 0), self.cap)


DEFAULT_RETRY = RetryBackoff()


def _version(row: SnapshotRow | None) -> VersionRef | None:
    if row is None:
        return None
    return VersionRef(
        snapshot=row.id,
        captured=row.fetched_at,
        sha256=row.body_sha256,
        record=f"{row.warc_file}@{row.warc_offset}",
    )


def _naming_versions(event: ChangeEvent, old: SnapshotRow | None, new: SnapshotRow) -> ChangeEvent:
    """``event`` naming the versions it compares as stored: ids, capture times, sha256
    digests and WARC records, in its report and its own ``old`` and ``new``."""
    return replace(
        event,
        report=naming_snapshots(event.report, old, new),
        snapshot=new.id,
        old=_version(old),
        new=_version(new),
    )


class Plan:
    """Which notifiers are owed what: the deliveries a finding queues."""

    def __init__(self, notifiers: Iterable[Notifier], clock: Clock = _utc_now) -> None:
        self.notifiers = list(notifiers)
        self._clock = clock

    def _not_before(self, notifier: Notifier) -> datetime | None:
        return next_digest(self._clock()) if notifier.digest == "daily" else None

    def change(
        self,
        watch: Watch,
        report: ChangeReport,
        checked_at: datetime,
        old: SnapshotRow | None,
        new: SnapshotRow,
    ) -> tuple[Queued, ...]:
        """The deliveries a change of ``watch``'s article owes (none when its filters don't
        want it), each complete: the versions compared as stored (id, capture time,
        sha256, WARC record) and the gap the check found, so the sender sends them as
        they are."""
        if not self.notifiers or not wants(watch.notify, report):
            return ()
        event = ChangeEvent(
            watch=watch.name,
            url=watch.url,
            checked_at=checked_at,
            report=report,
            tags=tuple(watch.tags),
            unreachable=report.unreachable,
        )
        payload = _naming_versions(event, old, new).to_json()
        return tuple(
            Queued(
                notifier=notifier.name,
                kind="change",
                watch=watch.name,
                url=watch.url,
                payload=payload,
                not_before=self._not_before(notifier),
                previous_snapshot_id=old.id if old is not None else None,
            )
            for notifier in self.notifiers
        )

    def deliveries(
        self, watch: Watch
    ) -> Callable[[ChangeReport, datetime, SnapshotRow | None, SnapshotRow], tuple[Queued, ...]]:
        """What a check of ``watch`` owes for a change (tracker.check's ``deliveries``)."""
        return partial(self.change, watch)

    def health(self, notice: HealthNotice) -> tuple[Queued, ...]:
        """The deliveries a health notice owes: every notifier that takes health news."""
        payload = notice.to_json()
        return tuple(
            Queued(
                notifier=notifier.name,
                kind=str(notice.kind),
                watch=notice.watch,
                url=notice.url,
                payload=payload,
                not_before=self._not_before(notifier),
            )
            for notifier in self.notifiers
            if notifier.health
        )


def _batch(key: str, payloads: Sequence[Mapping[str, Any]], *, digest: bool = False) -> Batch:
    return Batch(
        key=key,
        events=tuple(event_from_json(payload) for payload in payloads),
        digest=digest,
        payloads=tuple(payloads),
    )


class Dispatcher:
    """Sends what the outbox owes each notifier; one notifier's failure never stops another."""

    def __init__(
        self,
        store: Index,
        notifiers: Iterable[Notifier],
        *,
        backoff: RetryBackoff | None = None,
        clock: Clock = _utc_now,
        batch_size: int = 50,
        lease: float = 60.0,
    ) -> None:
        self.store = store
        self.notifiers = {notifier.name: notifier for notifier in notifiers}
        self.backoff = backoff or RetryBackoff()
        self._clock = clock
        self.batch_size = batch_size
        self.lease = lease  # longer than any one attempt may take

    def _payload(self, delivery: Delivery) -> Mapping[str, Any]:
        """What ``delivery`` sends: its payload as stored. A change queued by an earlier
        version of tracker (no ``new`` capture in its payload: it was completed when sent)
        is completed here from the index, as it was then, so an upgrade never sends a
        notification that names no captures."""
        payload = delivery.payload
        if payload.get("type") != "change" or payload.get("new") or delivery.snapshot_id is None:
            return payload
        new = self.store.snapshot(delivery.snapshot_id)
        if new is None:
            return payload
        old = (
            self.store.snapshot(delivery.previous_snapshot_id)
            if delivery.previous_snapshot_id is not None
            else None
        )
        event = ChangeEvent.from_json(payload)
        gap = (
            unreachable_between(
                self.store.checks_after(delivery.url, old.check_id), old.check_id, new.check_id
            )
            if old is not None
            else None
        )
        return replace(
            _naming_versions(event, old, new), unreachable=gap or event.unreachable
        ).to_json()

    def _batches(self, notifier: Notifier, owed: list[Delivery]) -> list[tuple[Batch, list[int]]]:
        """What to send: each delivery's payload as stored, read back into its event; a
        digest's or a bundling notifier's (the feed: one file write) all in one send."""
        if (notifier.digest or notifier.bundles) and len(owed) > 1:
            ids = [delivery.id for delivery in owed]
            kind = "digest" if notifier.digest else "bundle"
            key = f"tracker-{kind}-" + hashlib.sha256(repr(ids).encode()).hexdigest()[:32]
            payloads = [self._payload(delivery) for delivery in owed]
            return [(_batch(key, payloads, digest=bool(notifier.digest)), ids)]
        return [
            (_batch(delivery.key, [self._payload(delivery)]), [delivery.id]) for delivery in owed
        ]

    async def deliver_due(self, name: str, check_id: int | None = None) -> tuple[int, int]:
        """Try once what notifier ``name`` is owed now (``check_id``: only what that check
        queued): (deliveries sent, deliveries failed)."""
        notifier = self.notifiers[name]
        claim = DeliveryClaim(
            notifier=name,
            now=self._clock(),
            lease=self.lease,
            limit=self.batch_size,
            check_id=check_id,
        )
        owed = self.store.claim_deliveries(claim)
        accepted: list[int] = []  # accepted by the receiver, not yet marked sent
        refused: list[FailedDelivery] = []  # failed attempts, not yet kept
        sent = failed = 0
        loop = asyncio.get_running_loop()
        claimed = loop.time()
        try:
            for batch, ids in self._batches(notifier, owed):
                if loop.time() - claimed > self.lease / 2:
                    self._settle(accepted, refused)  # before the claim ends
                try:
                    await notifier.send(batch)
                except asyncio.CancelledError:
                    raise
                except Exception as error:  # a notifier's bug is its delivery's failure
                    refused += self._failed(name, owed, ids, error)
                    failed += len(ids)
                else:
                    accepted.extend(ids)
                    sent += len(ids)
        finally:  # even when stopped midway: what was accepted is never sent again
            self._settle(accepted, refused)
        return sent, failed

    def _settle(self, accepted: list[int], refused: list[FailedDelivery]) -> None:
        """Keep what the receiver did with the attempts so far, in one transaction: those
        ``accepted`` marked sent (after it accepted them: a crash before this resends them
        under the same idempotency key), those ``refused`` with their error and next try
        (a crash before this leaves them owed, tried again when the claim ends)."""
        if accepted or refused:
            self.store.settle_deliveries(accepted, refused, self._clock())
            accepted.clear()
            refused.clear()

    def _failed(
        self, name: str, owed: Sequence[Delivery], ids: Sequence[int], error: Exception
    ) -> list[FailedDelivery]:
        """A failed attempt with its reason and the time of the next one, for each of ``ids``."""
        attempts = 1 + max(d.attempts for d in owed if d.id in ids)
        reason = str(error) if isinstance(error, TrackerError) else repr(error)
        retry = self._clock() + timedelta(seconds=self.backoff.delay(attempts))
        log.warning(
            "notification not delivered (attempt %d, next %s): %s",
            attempts,
            retry.isoformat(timespec="seconds"),
            reason,
            extra={"notifier": name},
        )
        return [FailedDelivery(id=delivery_id, error=reason, retry_at=retry) for delivery_id in ids]

    async def deliver_all_due(self, check_id: int | None = None) -> tuple[int, int]:
        """One pass over every notifier at once (``tracker check`` tries what its check
        queued once, and leaves failures to the daemon)."""
        results = await asyncio.gather(
            *(self.deliver_due(name, check_id) for name in self.notifiers)
        )
        return sum(r[0] for r in results), sum(r[1] for r in results)

    async def aclose(self) -> None:
        for notifier in self.notifiers.values():
            await notifier.aclose()
