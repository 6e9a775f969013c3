"""Recent answers remembered in memory: bounded, the least recently used forgotten first.

A tracked page's new version repeats almost everything the last one said, so the
stages remember what they worked out by text (citations per reference list, claim
strengths and assessments) and the store keeps the Documents it last stored or
read; a new version then pays only for what is new. Checks extract and compare in
worker threads side by side, so every access takes a lock.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["Recent"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A thread-safe mapping of at most ``size`` entries, least recently used out first."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("a memory of recent answers needs room for one at least")
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

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
