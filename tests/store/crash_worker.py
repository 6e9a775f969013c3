"""Checks pages in a loop until killed; run by test_crash.py as a separate process.

Usage: python crash_worker.py DATA_DIR BASE_URL. After each check it prints
``<check id> <outcome>`` and flushes, so the test knows which checks completed.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.helpers import LOCAL, simple_extract
from tracker.check import check
from tracker.fetch import Fetcher
from tracker.store import Store

PATHS = ("/changing", "/steady", "/gzip-changing", "/missing")


async def main(data_dir: str, base: str) -> None:
    with Store(data_dir) as store:
        async with Fetcher() as fetcher:
            while True:
                for path in PATHS:
                    result = await check(store, fetcher, base + path, LOCAL, extract=simple_extract)
                    print(result.check_id, result.outcome, flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
