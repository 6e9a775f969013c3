"""tracker.memo.Recent: bounded, least recently used out first, safe across threads."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracker
from tracker.memo import Recent, forget_all, once, remembered


def test_the_least_recently_used_entry_goes_first() -> None:
    recent: Recent[str, int] = Recent(2)
    recent.put("a", 1)
    recent.put("b", 2)
    assert recent.get("a") == 1  # "a" is now the more recent of the two
    recent.put("c", 3)
    assert recent.get("b") is None
    assert (recent.get("a"), recent.get("c"), len(recent)) == (1, 3, 2)
    recent.clear()
    assert len(recent) == 0 and recent.get("a") is None


def test_a_memory_needs_room() -> None:
    with pytest.raises(ValueError, match="room"):
        Recent(0)


@given(st.lists(st.tuples(st.integers(0, 9), st.integers()), max_size=60), st.integers(1, 5))
def test_it_answers_as_a_dict_of_the_last_keys_used(puts: list[tuple[int, int]], size: int) -> None:
    recent: Recent[int, int] = Recent(size)
    model: dict[int, int] = {}
    for key, value in puts:
        recent.put(key, value)
        model.pop(key, None)
        model[key] = value
        while len(model) > size:
            model.pop(next(iter(model)))
    assert len(recent) == len(model)
    assert all(recent.get(key) == value for key, value in model.items())


def test_threads_side_by_side_keep_it_bounded_and_whole() -> None:
    recent: Recent[int, int] = Recent(50)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for n in range(3000):
                recent.put((n + offset) % 200, n)
                recent.get((n * 7 + offset) % 200)
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(recent) == 50


def test_forget_all_empties_every_remembered_function_and_mapping() -> None:
    calls: list[str] = []

    @remembered(8)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    recent: Recent[str, int] = Recent(4)
    recent.put("a", 1)
    assert shout("x") == shout("x") == "X" and calls == ["x"]
    forget_all()
    assert shout("x") == "X" and calls == ["x", "x"]
    assert len(recent) == 0


def test_what_is_loaded_once_outlives_forget_all() -> None:
    loads: list[int] = []

    @once()
    def model() -> int:
        loads.append(1)
        return 42

    assert model() == model() == 42
    forget_all()
    assert model() == 42 and loads == [1]


def test_every_cache_in_tracker_goes_through_memo() -> None:
    package = Path(tracker.__file__).parent
    elsewhere = [
        path.relative_to(package)
        for path in package.rglob("*.py")
        if path.name != "memo.py"
        and re.search(r"lru_cache|functools\.cache|@cache\b", path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []
