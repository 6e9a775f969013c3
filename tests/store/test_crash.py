"""kill -9 during checks: the index opens, verify finds no damage, and completed checks are
all there. The check in flight may leave its kept capture unheld by the index (its
evidence, never cut once committed), which verify reports and reindex restores."""

from __future__ import annotations

import itertools
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.checks import run_checks
from support.site import (
    FIRST,
    REFERENCES,
    SECOND,
    SIMPLE_READING,
    Page,
    PageServer,
    article_page,
    page_server,
)

from tracker.reindex import reindex
from tracker.store import open_index

WORKER = Path(__file__).with_name("crash_worker.py")
# How long a worker may take before the test gives up: never reached when green, but a
# loaded machine (two cores shared by several suites) took over 30 s to start a process.
LIMIT = 90.0
WALL = (
    b"<!DOCTYPE html><html><head><title>Members only - sign in</title></head><body>"
    b'<form method="post" action="/account/login"><input type="email" name="email">'
    b'<input type="password" name="password"><button>Log in</button></form>'
    + b"<p>Members can read every article after signing in.</p>" * 400
    + b"</body></html>"
)


def _changing_page() -> bytes:
    counter = itertools.count()

    def body() -> bytes:
        n = next(counter)
        paragraphs = [*(FIRST if n % 2 else SECOND), f"Revision {n} of this page."]
        # Large enough that a kill often lands inside a write, not between writes.
        return article_page("Vitamin drips", paragraphs, references=REFERENCES * 40)

    return body  # type: ignore[return-value]


def _read_lines(process: subprocess.Popen[bytes], wanted: int, timeout: float) -> list[str]:
    """Lines the worker printed, waiting until ``wanted`` have come (or the timeout)."""
    assert process.stdout is not None
    lines: list[str] = []
    buffer = b""
    end = time.monotonic() + timeout
    while len(lines) < wanted and time.monotonic() < end:
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, end - time.monotonic()))
        if not ready:
            break
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            break
        buffer += chunk
        *complete, buffer = buffer.split(b"\n")
        lines += [line.decode() for line in complete]
    return lines


def _assert_sound(data: Path, completed: set[int]) -> None:
    with open_index(data) as store:
        problems = store.verify()
        assert [problem for problem in problems if problem.kind == "damage"] == []
        assert all("cut short" not in problem.problem for problem in problems)
        reindex(store)
        assert store.verify() == []
        stored = {row[0] for row in store._db.execute("SELECT id FROM checks").fetchall()}
        assert completed <= stored  # every check reported as done survived
        for url in store.urls():
            for snapshot in store.snapshots(url):
                store.load_document(snapshot.document_sha256)


SERVED = ("/changing", "/gzip-changing", "/steady", "/wall")


def _serve(site: PageServer) -> None:
    site.pages["/changing"] = Page(body=_changing_page(), etag=False)
    site.pages["/gzip-changing"] = Page(body=_changing_page(), etag=False, gzip=True)
    site.pages["/steady"] = Page(body=article_page("Steady page", FIRST))
    # A login wall: a blocked check whose answer is kept as evidence, then revisited.
    site.pages["/wall"] = Page(body=WALL, etag=False, gzip=True)


def _worker(data: Path, site: PageServer, *extra: str) -> subprocess.Popen[bytes]:
    errors = (data.parent / "worker-stderr.txt").open("ab")
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(data), site.base, *extra],
        stdout=subprocess.PIPE,
        stderr=errors,
    )


def _stderr(data: Path) -> str:
    path = data.parent / "worker-stderr.txt"
    return path.read_text(errors="replace")[-2000:] if path.exists() else ""


def test_sigkill_at_random_moments_never_corrupts_the_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rng = random.Random(20261124)
    completed: set[int] = set()
    with page_server() as site:
        _serve(site)
        for round_number in range(3):
            process = _worker(data, site)
            try:
                # Let it finish a few checks, then kill it at a random instant of the next.
                lines = _read_lines(process, 3 + round_number, timeout=LIMIT)
                time.sleep(rng.uniform(0.0, 0.02))
            finally:
                process.send_signal(signal.SIGKILL)
                process.wait()
            assert lines, f"the worker never completed a check: {_stderr(data)}"
            completed.update(int(line.split()[0]) for line in lines if line.strip())
            _assert_sound(data, completed)
    assert len(completed) >= 3 * 3


@pytest.mark.parametrize("point", ["warc-half", "warc-uncommitted", "document-temp", "transaction"])
def test_sigkill_at_each_write_step_never_corrupts_the_store(tmp_path: Path, point: str) -> None:
    data = tmp_path / "data"
    with page_server() as site:
        _serve(site)
        process = _worker(data, site, point)
        try:
            lines = _read_lines(process, 10, timeout=LIMIT)
            assert process.wait(timeout=LIMIT) == -signal.SIGKILL
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        completed = {int(line.split()[0]) for line in lines if line.strip()}
        assert len(completed) == 2, _stderr(data)  # killed during the third check, as armed
        _assert_sound(data, completed)
        # The store keeps working after the crash: the next opener records its checks
        # (in this process: a worker of its own would only add an interpreter's start-up).
        with open_index(data) as store:
            more = [
                result.check_id
                for path in SERVED
                for result in run_checks(store, site.url(path), reading=SIMPLE_READING)
            ]
        assert len(set(more)) == len(SERVED)
        _assert_sound(data, completed | set(more))


def test_two_processes_checking_at_once_keep_the_store_sound(tmp_path: Path) -> None:
    """`tracker check` while the daemon runs: both write, the file lock keeps them apart."""
    data = tmp_path / "data"
    with page_server() as site:
        _serve(site)
        open_index(data).close()  # created once, so both start from the same schema
        workers = [_worker(data, site), _worker(data, site)]
        try:
            outputs = [_read_lines(process, 8, timeout=LIMIT) for process in workers]
        finally:
            for process in workers:
                process.kill()
                process.wait()
    assert all(len(lines) >= 8 for lines in outputs), _stderr(data)
    completed = {int(line.split()[0]) for lines in outputs for line in lines if line.strip()}
    assert len(completed) == sum(len(lines) for lines in outputs)  # no id handed out twice
    _assert_sound(data, completed)
