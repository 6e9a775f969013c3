"""Naming a stored version: ``ID``, ``URL`` or ``URL@-1`` (latest), ``URL@-2``, ``URL@YYYY-MM-DD``.

The same names work whatever index holds the versions: this reads only an index's
``snapshot`` and ``snapshots`` look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from tracker.errors import UnknownURLError, UnknownVersionError, UsageError
from tracker.store.rows import SnapshotRow

__all__ = ["resolve_snapshot"]

_SNAPSHOT_ID = re.compile(r"^[0-9]{1,18}$")
_RELATIVE = re.compile(r"^-([0-9]{1,9})$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def resolve_snapshot(
    spec: str,
    snapshot: Callable[[int], SnapshotRow | None],
    snapshots: Callable[[str], list[SnapshotRow]],
) -> SnapshotRow:
    """The version ``spec`` names. A date means the version current at the end of that
    day (UTC)."""
    spec = spec.strip()
    if _SNAPSHOT_ID.match(spec):
        found = snapshot(int(spec))
        if found is None:
            raise UnknownVersionError(f"no snapshot {spec}")
        return found
    url, selector = spec, "-1"
    if "@" in spec:
        head, _, tail = spec.rpartition("@")
        if _RELATIVE.match(tail) or _DAY.match(tail):
            url, selector = head, tail
    try:
        versions = snapshots(url)
    except UsageError:
        raise UsageError(
            f"cannot read {spec!r} as a version; use a snapshot id, URL@-1 (latest), "
            "URL@-2 (the one before) or URL@YYYY-MM-DD"
        ) from None
    if not versions:
        raise UnknownURLError(url, f"no stored version of {url}")
    if relative := _RELATIVE.match(selector):
        back = int(relative.group(1))
        if back == 0 or back > len(versions):
            raise UnknownVersionError(
                f"{url} has {len(versions)} stored version(s); use @-1 to @-{len(versions)}"
            )
        return versions[-back]
    try:
        day = date.fromisoformat(selector)
    except ValueError:
        raise UsageError(f"{selector!r} is not a date; use YYYY-MM-DD") from None
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    current = [version for version in versions if version.fetched_at < end]
    if not current:
        first = versions[0].fetched_at.date().isoformat()
        raise UnknownVersionError(
            f"no version of {url} was stored on or before {day}; the first is from {first}"
        )
    return current[-1]
