"""Every cache in tracker, in one place: answers remembered, and things loaded once.

A tracked page's new version repeats almost everything the last one said, so the
stages remember what they worked out by text (sentence splits, parsed references,
citations per reference list, claim strengths and assessments, sentence keys) and
the store keeps the Documents it last stored or read; a new version then pays only
for what is new. Two ways to remember an answer, both bounded and registered here:

- ``remembered(size)`` on a pure function of hashable arguments (functools' LRU cache);
- ``Recent(size)``, a mapping for answers that are not one function's (thread-safe:
  checks extract and compare in worker threads side by side).

``forget_all()`` empties every one of them, so a benchmark that times a page "with
nothing remembered" starts truly cold. ``once`` is for what is loaded or compiled
from the program itself (a shipped model, a regular expression, a cron expression):
it is no memory of pages, and ``forget_all`` leaves it.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["Recent", "forget_all", "once", "remembered"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
F = TypeVar("F", bound=Callable[..., Any])

_functions: list[Any] = []  # remembered functions: module-level, they live as long as tracker
_mappings: weakref.WeakSet[Recent[Any, Any]] = weakref.WeakSet()  # a store's go with it
_registry_lock = threading.Lock()


def remembered(size: int) -> Callable[[F], F]:
    """Remember a pure function's last ``size`` answers; ``forget_all`` forgets them."""

    def decorate(function: F) -> F:
        cached = functools.lru_cache(maxsize=size)(function)
        with _registry_lock:
            _functions.append(cached)
        return cached  # type: ignore[return-value]

    return decorate


def once(size: int | None = None) -> Callable[[F], F]:
    """Load or compile something from the program once per process, never forgotten
    (``size`` bounds it where the program builds many, as patterns with a year in them)."""

    def decorate(function: F) -> F:
        return functools.lru_cache(maxsize=size)(function)  # type: ignore[return-value]

    return decorate


def forget_all() -> None:
    """Forget every remembered answer in the process (loaded models stay loaded)."""
    with _registry_lock:
        functions, mappings = list(_functions), list(_mappings)
    for function in functions:
        function.cache_clear()
    for mapping in mappings:
        mapping.clear()


class Recent(Generic[K, V]):
    """A thread-safe mapping of at most ``size`` entries, least recently used out first."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("a memory of recent answers needs room for one at least")
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        with _registry_lock:
            _mappings.add(self)

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
