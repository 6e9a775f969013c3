"""Checks pages in a loop until killed; run by test_crash.py as a separate process.

Usage: python crash_worker.py DATA_DIR BASE_URL [CRASH_POINT]. After each check it
prints ``<check id> <outcome>`` and flushes, so the test knows which checks completed.

With a CRASH_POINT the worker kills itself with SIGKILL at that exact instant of its
third check, so the moments a random kill rarely hits are each hit for certain:

    warc-half         half of a WARC record group written
    warc-uncommitted  the records written and fsynced, the index not yet told
    document-temp     a Document's temporary file written, not yet renamed into place
    transaction       inside the index transaction, after the snapshot row, before COMMIT
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from support.site import LOCAL, SIMPLE_READING

import tracker.store.documents
from tracker.check import check
from tracker.fetch import HttpFetcher
from tracker.store import Index, open_index
from tracker.store.warc_io import WarcFile
from tracker.store.warc_records import RecordGroup

PATHS = ("/changing", "/steady", "/gzip-changing", "/missing", "/wall")
ARMED_AFTER = 2  # checks completed before the crash point is armed


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class Armed:
    on = False


def install(point: str, store: Index) -> None:
    original_append = WarcFile.append

    def append(self: WarcFile, group: RecordGroup) -> int:
        if Armed.on and point == "warc-half":
            data = b"".join(group.members)
            with open(self.path, "ab") as handle:
                handle.write(data[: len(data) // 2])
                handle.flush()
                os.fsync(handle.fileno())
            die()
        offset = original_append(self, group)
        if Armed.on and point == "warc-uncommitted":
            die()
        return offset

    def atomic_write(path: Path, data: bytes, **_: Any) -> None:
        if Armed.on and point == "document-temp":
            temp = path.with_name(f".{path.name}.crash.tmp")
            temp.write_bytes(data[: len(data) // 2])
            die()
        original_atomic_write(path, data)

    class Connection:
        """Passes everything to the real connection; dies mid-transaction when armed."""

        def __init__(self, db: sqlite3.Connection) -> None:
            self._db = db

        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            cursor = self._db.execute(sql, *args)
            if Armed.on and point == "transaction" and sql.startswith("INSERT INTO snapshots"):
                die()
            return cursor

        def __getattr__(self, name: str) -> Any:
            return getattr(self._db, name)

    original_atomic_write = tracker.store.documents.atomic_write
    WarcFile.append = append  # type: ignore[method-assign]
    tracker.store.documents.atomic_write = atomic_write  # type: ignore[assignment]
    store._db = Connection(store._db)  # type: ignore[assignment]


async def main(data_dir: str, base: str, point: str | None) -> None:
    with open_index(data_dir) as store:
        if point is not None:
            install(point, store)
        done = 0
        async with HttpFetcher() as fetcher:
            while True:
                for path in PATHS:
                    Armed.on = point is not None and done >= ARMED_AFTER
                    result = await check(store, fetcher, base + path, LOCAL, reading=SIMPLE_READING)
                    print(result.check_id, result.outcome, flush=True)
                    done += 1


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
