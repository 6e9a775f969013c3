"""One daemon per data directory: an advisory lock on a file that names its holder's pid.

The lock is an ``fcntl.flock`` on ``daemon.lock``, which the kernel releases when
the holding process dies however it dies, so a lock left by a killed daemon is
never a false "already running": the file still names the dead pid, the new
daemon sees the flock free, says it is taking over, and writes its own pid.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import StoreError, UsageError

__all__ = ["LOCK_NAME", "DaemonLock", "LockInfo", "lock_holder"]

LOCK_NAME = "daemon.lock"
log = logging.getLogger("tracker.daemon")


@dataclass(frozen=True, slots=True)
class LockInfo:
    pid: int | None
    running: bool  # whether a live process holds the lock right now


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def lock_holder(data_dir: Path) -> LockInfo | None:
    """Who holds the daemon lock of ``data_dir`` (None when there is no lock file)."""
    path = Path(data_dir) / LOCK_NAME
    if not path.exists():
        return None
    pid = _read_pid(path)
    try:
        with path.open("rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return LockInfo(pid, True)
            fcntl.flock(handle, fcntl.LOCK_UN)
    except OSError:
        return LockInfo(pid, pid is not None and _pid_alive(pid))
    return LockInfo(pid, False)


class DaemonLock:
    """Context manager holding the daemon lock of one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_NAME
        self._handle: int | None = None
        self.took_over: int | None = None  # pid of a dead daemon whose stale lock was taken over

    def acquire(self) -> DaemonLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise StoreError(
                f"cannot create the daemon lock {self.path}: {error.strerror}"
            ) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            pid = _read_pid(self.path)
            who = f"pid {pid}" if pid is not None else "another process"
            raise UsageError(
                f"another tracker daemon ({who}) is already running on {self.path.parent}; "
                "stop it first or use another --data-dir"
            ) from None
        previous = _read_pid(self.path)
        if previous is not None and previous != os.getpid():
            self.took_over = previous
            log.warning(
                "taking over the stale lock of a daemon that is no longer running",
                extra={"pid": previous, "path": str(self.path)},
            )
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        os.fsync(handle)
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            # Empty the file first: a lock file naming no pid is plainly not held.
            os.ftruncate(self._handle, 0)
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        os.close(self._handle)
        self._handle = None

    def __enter__(self) -> DaemonLock:
        return self.acquire()

    def __exit__(self, *_: object) -> None:
        self.release()
