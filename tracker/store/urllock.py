"""One check of a URL at a time, across processes and within one.

Two checks of one URL at once (a manual ``tracker check`` while the daemon runs, two
watches with one URL) would both compare against the same old version: the report
chain forks, and the next check reports a change that never happened. A check
therefore holds its URL's lock from reading the watch's state until its rows are
stored, so each check compares against the version the one before it stored.

The lock is an ``flock`` on an empty file named by the hash of the URL's key in the
data directory's ``locks/`` folder. Every acquisition opens its own descriptor, so
two checks in one process exclude each other as two processes do; closing the
descriptor releases it, also when a process dies. Waiting for it never blocks an
event loop (``async with`` waits in a worker thread) and a cancelled waiter leaves
no lock behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import os
from pathlib import Path

from tracker.errors import StoreError

__all__ = ["LOCK_DIR", "UrlLock"]

LOCK_DIR = "locks"


class UrlLock:
    """The lock of one URL key; ``with`` for synchronous callers, ``async with`` in a loop."""

    def __init__(self, root: Path, key: str) -> None:
        name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        self.path = root.joinpath(LOCK_DIR, f"{name}.lock")
        self._fd: int | None = None

    def _open(self) -> int:
        try:
            try:
                return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except FileNotFoundError:  # the first lock of this data directory
                self.path.parent.mkdir(exist_ok=True)
                return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise StoreError(f"cannot open the lock {self.path}: {error.strerror}") from None

    def __enter__(self) -> UrlLock:
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def __exit__(self, *_: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # releases the flock
            self._fd = None

    async def __aenter__(self) -> UrlLock:
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting = asyncio.get_running_loop().run_in_executor(
                None, fcntl.flock, fd, fcntl.LOCK_EX
            )
            try:
                await asyncio.shield(waiting)
            except BaseException:
                # Cancelled (or failed) while waiting: the thread may still get the lock;
                # closing the descriptor then gives it straight back.
                waiting.add_done_callback(lambda _: _close(fd))
                raise
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    async def __aexit__(self, *_: object) -> None:
        self.__exit__()


def _close(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)
