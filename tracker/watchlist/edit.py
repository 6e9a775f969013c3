"""``tracker watch add|remove|list``: edit a watchlist without losing what a person wrote.

The watchlist is the researcher's own file, comments and layout included, so it
is edited with tomlkit (a style-preserving TOML parser), the result is validated
with ``load_watchlist`` before anything is written, and it replaces
the file atomically (a running daemon reloading it sees the old or the new file,
never half of one). Edits are serialised by a lock on the file's directory.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Comment, Table, Whitespace

from tracker.atomic import atomic_write
from tracker.config import Watch
from tracker.errors import StoreError, UsageError, WatchlistError
from tracker.watchlist.load import Watchlist, load_watchlist

__all__ = ["add_watch", "list_watches", "remove_watch"]

_NEW_FILE_HEADER = (
    "# A tracker watchlist: [defaults] applies to every [[watch]]; any field may be\n"
    '# overridden per watch. Schedule with `interval` ("6h") or `cron` ("0 6 * * *").\n'
)


@contextlib.contextmanager
def _edit_lock(path: Path) -> Iterator[None]:
    """Serialise edits: a lock on the watchlist's directory (the file itself is replaced)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path.parent, os.O_RDONLY)
    except OSError as error:
        raise StoreError(f"cannot lock {path} for editing: {error.strerror}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _parse(path: Path) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return tomlkit.parse(_NEW_FILE_HEADER)
    except (OSError, UnicodeDecodeError) as error:
        raise WatchlistError(str(path), None, None, f"cannot read the file: {error}") from None
    except TOMLKitError as error:
        raise WatchlistError(str(path), None, None, f"not valid TOML: {error}") from None


def _validate(path: Path, text: str) -> Watchlist:
    """Load ``text`` as the watchlist ``path`` would be, with errors naming ``path``."""
    directory = path.parent if path.parent.exists() else Path(tempfile.gettempdir())
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", suffix=".toml", dir=directory, delete=False
    ) as temp:
        temp.write(text)
    try:
        loaded = load_watchlist(temp.name, strict=False)
    except WatchlistError as error:
        raise WatchlistError(str(path), error.watch, error.field, error.problem) from None
    finally:
        os.unlink(temp.name)
    problems = tuple(
        WatchlistError(str(path), problem.watch, problem.field, problem.problem)
        for problem in loaded.problems
    )
    return Watchlist(path=path, watches=loaded.watches, problems=problems)


def _write(path: Path, document: tomlkit.TOMLDocument) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, tomlkit.dumps(document).encode("utf-8"))
    except OSError as error:
        raise StoreError(f"cannot write {path}: {error.strerror or error}") from None


def _watches(document: tomlkit.TOMLDocument) -> AoT | None:
    watches = document.get("watch")
    return watches if isinstance(watches, AoT) else None


def _tail(container: Container) -> list[int]:
    """Positions of the comments and blank lines after a table's last key.

    tomlkit keeps the comment lines written above a ``[[watch]]`` header at the end of
    the table before it, so a watch's own comments live in its predecessor's tail.
    """
    positions: list[int] = []
    for position in range(len(container.body) - 1, -1, -1):
        key, item = container.body[position]
        if key is not None or not isinstance(item, Comment | Whitespace):
            break
        positions.insert(0, position)
    return positions


def _move_comments_on_removal(document: tomlkit.TOMLDocument, watches: AoT, index: int) -> None:
    """Drop the comments written above the removed watch; keep those above the next one."""
    if index > 0:
        before: Container | None = watches[index - 1].value
    else:
        entries = document.body
        at = next(i for i, (key, _) in enumerate(entries) if key is not None and key.key == "watch")
        previous = entries[at - 1][1] if at > 0 else None
        before = previous.value if isinstance(previous, Table) else None
    if before is None:
        return
    removed = watches[index].value
    moved = [removed.body[position] for position in _tail(removed)]
    spaced = bool(moved) and isinstance(moved[0][1], Whitespace)
    for position in reversed(_tail(before)):
        if spaced or isinstance(before.body[position][1], Comment):
            del before.body[position]
    before.body.extend(moved)


def list_watches(path: Path) -> Watchlist:
    """The valid watches of ``path`` and the problems of the invalid ones."""
    return load_watchlist(path, strict=False)


def add_watch(path: Path, name: str, url: str, settings: Mapping[str, Any] | None = None) -> Watch:
    """Append a ``[[watch]]`` to ``path`` (created if missing) and return it as loaded."""
    path = Path(path)
    with _edit_lock(path):
        document = _parse(path)
        watches = _watches(document)
        if watches is not None and any(t.get("name") == name for t in watches):
            raise WatchlistError(str(path), name, "name", "another watch has this name")
        table: Table = tomlkit.table()
        table["name"] = name
        table["url"] = url
        for key, value in (settings or {}).items():
            table[key] = list(value) if isinstance(value, tuple) else value
        if watches is None:
            if "watch" in document:
                raise WatchlistError(str(path), None, "watch", "expected [[watch]] tables")
            document.append("watch", tomlkit.aot())
            watches = _watches(document)
            assert watches is not None
        elif len(watches) and not tomlkit.dumps(document).endswith("\n\n"):
            watches[-1].add(tomlkit.nl())
        watches.append(table)
        text = tomlkit.dumps(document)
        loaded = _validate(path, text)
        for problem in loaded.problems:
            if problem.watch == name:
                raise problem
        added = next((watch for watch in loaded.watches if watch.name == name), None)
        if added is None:
            raise WatchlistError(str(path), name, None, "the watch did not load back")
        _write(path, document)
        return added


def remove_watch(path: Path, name: str) -> None:
    """Remove the watch called ``name`` from ``path``."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such watchlist")
    with _edit_lock(path):
        document = _parse(path)
        watches = _watches(document)
        index = next(
            (i for i, table in enumerate(watches or []) if table.get("name") == name), None
        )
        if watches is None or index is None:
            raise UsageError(f"{path}: no watch named {name!r} (see 'tracker watch list {path}')")
        _move_comments_on_removal(document, watches, index)
        del watches[index]
        if not len(watches):
            del document["watch"]
        _validate(path, tomlkit.dumps(document))
        _write(path, document)
