"""A change event and a health notice as the notifiers receive them, for channel tests."""

from __future__ import annotations

from datetime import UTC, datetime

from support.reports import claim_report
from tracker.notify import ChangeEvent, HealthKind, HealthNotice, VersionRef

AT = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)
BASE = "https://tracker.lab.example"


def event(report=None, snapshot: int = 7) -> ChangeEvent:
    return ChangeEvent(
        watch="knee-clinic",
        url="https://clinic.example/knee",
        checked_at=AT,
        report=report or claim_report(strengthened=True),
        snapshot=snapshot,
        old=VersionRef(snapshot=snapshot - 1, captured=AT, sha256="a" * 64, record="w.warc.gz@0"),
        new=VersionRef(snapshot=snapshot, captured=AT, sha256="b" * 64, record="w.warc.gz@90"),
    )


def notice() -> HealthNotice:
    return HealthNotice(
        watch="knee-clinic",
        url="https://clinic.example/knee",
        kind=HealthKind.GONE,
        at=AT,
        message="knee-clinic is gone (1 failed check(s)): HTTP 404",
        detail={"reason": "gone: HTTP 404"},
    )
