"""tracker.collector: the cyclic collector held off while a page is extracted, and why
that is safe (extraction makes no reference cycles) and never lasts."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import tracker
from tracker.collector import MAX_HELD, STALE_AFTER, Pause, paused
from tracker.errors import ExtractionError
from tracker.extraction import extract

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
DEMO_PAGES = Path(tracker.__file__).resolve().parent / "assets" / "demo_pages"


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# the packages extraction runs (what ``import tracker.extraction`` loads): a thread another
# test left in this worker (a fetch test's server winding down) may drop cycles of its own,
# of the fetcher's types, while this one watches, and they are not extraction's
_EXTRACTION_PACKAGES = (
    "extraction",
    "model",
    "comparison",
    "memo",
    "collector",
    "errors",
    "native",
)


def _ours(garbage: list[object]) -> list[object]:
    """What of the collector's garbage extraction made: its objects and frames."""
    root = Path(tracker.__file__).resolve().parent
    modules = tuple(f"tracker.{package}" for package in _EXTRACTION_PACKAGES)
    files = tuple(str(root / package) for package in _EXTRACTION_PACKAGES)
    return [
        item
        for item in garbage
        if type(item).__module__.startswith(modules)
        or (hasattr(item, "f_code") and item.f_code.co_filename.startswith(files))  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize(
    "page",
    sorted(FIXTURES.glob("*.html")) + sorted(DEMO_PAGES.glob("*.html")),
    ids=lambda path: path.name,
)
def test_extraction_makes_no_reference_cycles(page: Path) -> None:
    """The premise of the pause: with the collector off, a page's extraction leaves no
    garbage that only the collector could free."""
    raw = page.read_bytes()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        extract(raw, url="https://example.org/a")
        extract(
            raw.replace(b"</body>", b"<p>One more line.</p></body>"), url="https://example.org/a"
        )
        gc.collect()
        made = _ours(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert made == []


def test_extract_pauses_the_collector_and_turns_it_back_on() -> None:
    seen: list[bool] = []
    gc.callbacks.append(lambda phase, info: seen.append(True))
    try:
        with paused():
            assert not gc.isenabled()
        assert gc.isenabled()
        extract(b"<html><body><p>Plain text of a page.</p></body></html>")
        assert gc.isenabled()
        with pytest.raises(ExtractionError):
            extract(12)  # type: ignore[arg-type]
        assert gc.isenabled()
    finally:
        gc.callbacks.pop()


def test_a_collector_found_off_stays_off() -> None:
    gc.disable()
    with paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_threads_share_one_pause_that_ends_with_the_last() -> None:
    pause = Pause()
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with pause.held():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with pause.held():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread's pause still holds
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_overlapping_pauses_collect_once_past_max_held() -> None:
    clock = Clock()
    pause = Pause(clock=clock)
    collections: list[int] = []
    gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(1))
    try:
        pause.hold(1)
        pause.hold(2)
        clock.now += MAX_HELD / 2
        pause.release(2)
        assert collections == [] and not gc.isenabled()
        pause.hold(2)
        clock.now += MAX_HELD
        pause.release(2)  # off for longer than MAX_HELD, and still held by 1
        assert collections == [1] and not gc.isenabled()
        pause.release(1)
        assert gc.isenabled()
    finally:
        gc.callbacks.pop()


def test_a_pause_never_released_is_forgotten() -> None:
    clock = Clock()
    pause = Pause(clock=clock)
    pause.hold(7)  # its work stopped before it could release: it never will
    assert not gc.isenabled()
    pause.hold(7)  # the same thread pauses again: the old hold is replaced
    pause.release(7)
    assert gc.isenabled()
    pause.hold(8)
    with pause.held():
        clock.now += STALE_AFTER + 1
    assert gc.isenabled()  # 8's hold is stale: nothing holds the collector any more
