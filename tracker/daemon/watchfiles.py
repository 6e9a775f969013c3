"""The watchlist files a daemon runs from: what they hold now, and whether they changed.

Apart from the scheduler (tracker.daemon.scheduler), which makes its jobs match what
``WatchFiles.load`` returns. A file that no longer loads keeps its previous watches; a
watch an edit broke keeps its last valid version (tracker.watchlist.LastValid); a name
defined twice is kept once. Every problem is logged and returned so the daemon tells it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from tracker.config import Watch
from tracker.errors import WatchlistError
from tracker.watchlist import LastValid, Watchlist, load_watchlist

__all__ = ["ReloadSummary", "WatchFiles"]

log = logging.getLogger("tracker.daemon")


@dataclass(frozen=True, slots=True)
class ReloadSummary:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    problems: tuple[WatchlistError, ...] = ()


def _file_mark(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


class WatchFiles:
    """The watchlist files, read again on each reload, with what each last held."""

    def __init__(self, paths: tuple[Path, ...]) -> None:
        self.paths = paths
        self._marks: dict[Path, tuple[int, int, int] | None] = {}
        self._last_good: dict[Path, Watchlist] = {}
        self._last_valid = LastValid()  # a watch an edit broke keeps running, and is told

    def load(self) -> tuple[dict[str, tuple[Watch, Path]], list[WatchlistError]]:
        """Every watch of the files by name with its file, and every problem found."""
        watches: dict[str, tuple[Watch, Path]] = {}
        problems: list[WatchlistError] = []
        for path in self.paths:
            self._marks[path] = _file_mark(path)
            try:
                watchlist = self._last_valid.keep(load_watchlist(path, strict=False))
            except WatchlistError as error:
                watchlist = self._last_good.get(path)
                kept = "keeping its previous watches" if watchlist else "no watches from it"
                log.error("watchlist not loaded (%s): %s", kept, error, extra={"path": str(path)})
                problems.append(error)
                if watchlist is None:
                    continue
            else:
                self._last_good[path] = watchlist
            for problem in watchlist.problems:
                log.warning("watch skipped: %s", problem, extra={"path": str(path)})
                problems.append(problem)
            for watch in watchlist.watches:
                if watch.name in watches:
                    problem = WatchlistError(
                        str(path),
                        watch.name,
                        "name",
                        f"already defined in {watches[watch.name][1]}; this one is skipped",
                    )
                    log.warning("watch skipped: %s", problem, extra={"path": str(path)})
                    problems.append(problem)
                    continue
                watches[watch.name] = (watch, path)
        return watches, problems

    def changed(self) -> bool:
        """Whether a file changed on disk since it was last loaded."""
        return any(_file_mark(path) != mark for path, mark in self._marks.items())
