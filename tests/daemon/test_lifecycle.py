"""Lifecycle of a real daemon process: the lock, SIGTERM mid-check, SIGHUP, logs, status."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.clinic import clinic_page
from support.receivers import Mailbox, Receiver
from support.server import LocalServer, Route
from support.site import Page

from tracker.cli import cli
from tracker.daemon.lockfile import LOCK_NAME, DaemonLock, lock_holder
from tracker.errors import UsageError
from tracker.render.feed import parse_feed
from tracker.store import Delivery, open_index

TRACKER = [sys.executable, "-m", "tracker"]
# How long a condition may take before the test gives up: never reached when green, but a
# loaded machine (two cores shared by several suites) took over 30 s to start a tracker process.
LIMIT = 90.0


def test_a_second_daemon_on_the_same_data_directory_is_refused(tmp_path: Path) -> None:
    with DaemonLock(tmp_path) as first:
        assert first.took_over is None
        assert lock_holder(tmp_path).running  # type: ignore[union-attr]
        with pytest.raises(UsageError, match=f"pid {os.getpid()}.*already running"):
            DaemonLock(tmp_path).acquire()
    holder = lock_holder(tmp_path)
    assert holder is not None and not holder.running
    with DaemonLock(tmp_path) as again:
        assert again.took_over is None  # a cleanly released lock is not "stale"


def test_the_stale_lock_of_a_killed_daemon_is_taken_over(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from tracker.daemon.lockfile import DaemonLock; "
            f"DaemonLock({str(tmp_path)!r}).acquire(); print('locked', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(UsageError, match=f"pid {holder.pid}"):
            DaemonLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.wait()
    assert (tmp_path / LOCK_NAME).read_text().strip() == str(holder.pid)
    assert not lock_holder(tmp_path).running  # type: ignore[union-attr]
    with DaemonLock(tmp_path) as lock:
        assert lock.took_over == holder.pid
        assert (tmp_path / LOCK_NAME).read_text().strip() == str(os.getpid())


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + LIMIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def _watchlist(path: Path, site: LocalServer, names: list[str], interval: str = "0.3") -> None:
    lines = [
        "[defaults]",
        f'interval = "{interval}"',
        "jitter = 0",
        "min_host_delay = 0.01",
        "respect_robots = false",
        "",
    ]
    for name in names:
        lines += ["[[watch]]", f'name = "{name}"', f'url = "{site.url("/" + name)}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            *TRACKER,
            "run",
            *args,
            "--data-dir",
            str(tmp_path / "data"),
            "--allow-private",
            "--startup-spread",
            "0",
            "--log-format",
            "json",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def test_sigterm_during_checks_stops_the_daemon_and_leaves_a_sound_store(
    tmp_path: Path, site: LocalServer
) -> None:
    pages = {f"/p{n}": clinic_page(patients=100 + n) for n in range(6)}
    site.pages.update({path: Page(html) for path, html in pages.items()})
    watchlist = tmp_path / "w.toml"
    _watchlist(watchlist, site, [f"p{n}" for n in range(6)])
    daemon = _start(tmp_path, str(watchlist))
    logs = _LogReader(daemon)
    answer = threading.Event()
    try:
        _wait_for(lambda: len(site.requests) >= 8, "every page checked")
        # From now on every answer waits for the test, so both SIGTERMs land mid-check
        # (one request to a host at a time: one check waits, the others queue behind it).
        site.pages.update(
            {path: Route(body=partial(_held, answer, html)) for path, html in pages.items()}
        )
        seen = len(site.requests)
        _wait_for(lambda: len(site.requests) > seen, "a check in flight")
        second = DaemonLockProbe(tmp_path / "data")
        assert second.refused
        daemon.send_signal(signal.SIGTERM)
        _wait_for(lambda: logs.said("stopping: waiting for"), "the first SIGTERM")
        daemon.send_signal(signal.SIGTERM)  # asked twice: abandon the checks in flight now
        _wait_for(lambda: logs.said("stopping now: cancelling"), "the second SIGTERM")
        daemon.wait(timeout=LIMIT)
    finally:
        answer.set()
        if daemon.poll() is None:
            daemon.kill()
    assert daemon.returncode == 0
    entries = [json.loads(line) for line in logs.lines() if line.startswith("{")]
    messages = [entry["message"] for entry in entries]
    assert "daemon started" in messages and "daemon stopped" in messages
    assert {entry["outcome"] for entry in entries if entry["message"] == "checked"} >= {"new"}
    with open_index(tmp_path / "data") as store:
        assert store.verify() == []
    report = _status(tmp_path, watchlist)
    assert report["daemon"]["running"] is False
    rows = {row["watch"]: row for row in report["watches"]}
    assert set(rows) == {f"p{n}" for n in range(6)}
    assert all(row["last_check"] and row["next_run"] for row in rows.values())
    assert all(row["outcome"] in {"new", "unchanged"} for row in rows.values())


def _held(answer: threading.Event, html: str) -> str:
    """A page body that is ready only when the test says so."""
    answer.wait(LIMIT)
    return html


class _LogReader:
    """The daemon's log lines as they come, read on a thread so the test can wait on one."""

    def __init__(self, daemon: subprocess.Popen[str]) -> None:
        assert daemon.stderr is not None
        self._stream = daemon.stderr
        self._lines: list[str] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self._stream:
            self._lines.append(line)

    def said(self, words: str) -> bool:
        return any(words in line for line in list(self._lines))

    def lines(self) -> list[str]:
        """Every line, once the daemon has closed its end."""
        self._thread.join(LIMIT)
        return [line.rstrip("\n") for line in self._lines]


class DaemonLockProbe:
    """Tries to take the daemon lock of a data directory from this process."""

    def __init__(self, data_dir: Path) -> None:
        try:
            DaemonLock(data_dir).acquire().release()
        except UsageError:
            self.refused = True
        else:
            self.refused = False


def test_sighup_reloads_and_a_second_run_command_is_refused(
    tmp_path: Path, site: LocalServer
) -> None:
    site.pages.update({"/knee": Page(clinic_page()), "/hip": Page(clinic_page(patients=250))})
    watchlist = tmp_path / "w.toml"
    _watchlist(watchlist, site, ["knee"], interval="1h")
    daemon = _start(tmp_path, str(watchlist))
    try:
        _wait_for(lambda: "/knee" in site.paths, "the first check")
        refused = subprocess.run(
            [*TRACKER, "run", str(watchlist), "--data-dir", str(tmp_path / "data")],
            capture_output=True,
            text=True,
            timeout=LIMIT,
        )
        assert refused.returncode == 2 and "already running" in refused.stderr
        _watchlist(watchlist, site, ["knee", "hip"], interval="1h")
        daemon.send_signal(signal.SIGHUP)
        _wait_for(lambda: "/hip" in site.paths, "the added watch to be checked")
        daemon.send_signal(signal.SIGINT)
        daemon.wait(timeout=LIMIT)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    assert daemon.returncode == 0


def test_run_refuses_a_missing_watchlist_and_status_an_empty_data_directory(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(
        cli, ["run", str(tmp_path / "nope.toml"), "--data-dir", str(tmp_path / "d")]
    )
    assert missing.exit_code == 2 and "nope.toml: file not found" in missing.output
    assert not (tmp_path / "d").exists()
    listed = tmp_path / "w.toml"
    listed.write_text('[[watch]]\nname = "a"\nurl = "https://a.example/"\n', encoding="utf-8")
    empty = runner.invoke(cli, ["status", str(listed), "--data-dir", str(tmp_path / "d")])
    assert empty.exit_code == 2 and "no tracker data" in empty.output


def test_run_notifies_article_changes_by_webhook_email_and_feed_but_not_chrome_changes(
    tmp_path: Path, webhook: Receiver, smtp_server: Mailbox, site: LocalServer
) -> None:
    site.pages["/knee"] = Page(clinic_page())
    watchlist = tmp_path / "w.toml"
    _watchlist(watchlist, site, ["knee"], interval="0.2")
    daemon = _start(
        tmp_path,
        str(watchlist),
        "--webhook",
        webhook.url,
        "--smtp-host",
        smtp_server.host,
        "--smtp-port",
        str(smtp_server.port),
        "--mail-to",
        "desk@watchdog.example",
    )
    try:
        _wait_for(lambda: len(site.requests) >= 2, "the first checks")
        site.pages["/knee"] = Page(clinic_page(chrome="Call us today"))  # chrome only: no notice
        seen = len(site.requests)
        _wait_for(lambda: len(site.requests) >= seen + 3, "checks of the chrome change")
        assert webhook.posts == [] and smtp_server.messages == []
        site.pages["/knee"] = Page(clinic_page(chrome="Call us today", patients=2000, hedge="will"))
        _wait_for(lambda: bool(webhook.posts) and bool(smtp_server.messages), "the notifications")
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=LIMIT)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    (post,) = webhook.posts
    assert post["watch"] == "knee" and post["report"]["article_changed"] is True
    assert any("strengthened" in change["tags"] for change in post["report"]["claim_changes"])
    # The evidence compared: both versions' ids, capture times and body digests.
    assert post["new"]["snapshot"] == post["snapshot"] and post["old"]["sha256"]
    assert post["old"]["snapshot"] < post["snapshot"] and post["link"] == site.url("/knee")
    (message,) = smtp_server.messages
    assert message["To"] == "desk@watchdog.example" and "changed" in message["Subject"]
    (entry,) = parse_feed((tmp_path / "data" / "feed.atom").read_bytes())
    assert entry.link == site.url("/knee")  # no --base-url: the page, never a local file


def _status(tmp_path: Path, watchlist: Path) -> dict:  # type: ignore[type-arg]
    """`tracker status` as JSON, run in this process: it only reads the data directory,
    and a process of its own would only add an interpreter's start-up."""
    status = CliRunner().invoke(
        cli,
        ["status", str(watchlist), "--data-dir", str(tmp_path / "data"), "--format=json"],
        catch_exceptions=False,
    )
    assert status.exit_code == 0, status.output
    return json.loads(status.stdout)


def _checked(tmp_path: Path, url: str) -> bool:
    """Whether a check of ``url`` is recorded in the index (not only its request made)."""
    with open_index(tmp_path / "data") as store:
        return bool(store.history(url))


def _owed(tmp_path: Path) -> list[Delivery]:
    with open_index(tmp_path / "data") as store:
        return list(store.owed_deliveries())


def test_a_killed_daemon_owing_a_notification_delivers_it_once_after_restart(
    tmp_path: Path, webhook: Receiver, site: LocalServer
) -> None:
    site.pages["/knee"] = Page(clinic_page())
    watchlist = tmp_path / "w.toml"
    _watchlist(watchlist, site, ["knee"], interval="0.2")
    webhook.status = 503
    args = (str(watchlist), "--webhook", webhook.url, "--no-feed", "--retry-delay", "0.2")
    daemon = _start(tmp_path, *args)
    try:
        _wait_for(lambda: len(site.requests) >= 2, "the first checks")
        site.pages["/knee"] = Page(clinic_page(patients=2000, hedge="will"))
        _wait_for(lambda: any(o.attempts for o in _owed(tmp_path)), "a refused delivery")
        daemon.kill()  # SIGKILL while the delivery is owed
        daemon.wait(timeout=LIMIT)
        (owed,) = _status(tmp_path, watchlist)["notifications"]
        assert owed["notifier"] == "webhook" and owed["kind"] == "change"
        assert owed["attempts"] >= 1 and "HTTP 503" in owed["last_error"]
        webhook.status = 200
        daemon = _start(tmp_path, *args)
        _wait_for(lambda: bool(webhook.posts), "the owed delivery after the restart")
        _wait_for(lambda: not _owed(tmp_path), "nothing owed any more")
        seen = len(site.requests)
        _wait_for(lambda: len(site.requests) >= seen + 3, "more checks after it")
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=LIMIT)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    (post,) = webhook.posts
    assert post["watch"] == "knee" and post["type"] == "change"
    assert _status(tmp_path, watchlist)["notifications"] == []


def test_a_manual_check_while_the_daemon_runs_is_notified(
    tmp_path: Path, webhook: Receiver, site: LocalServer
) -> None:
    site.pages["/knee"] = Page(clinic_page())
    watchlist = tmp_path / "w.toml"
    _watchlist(watchlist, site, ["knee"], interval="1h")
    with watchlist.open("a", encoding="utf-8") as file:
        file.write(f'\n[notify.desk]\ntype = "webhook"\nurl = "{webhook.url}"\n')
    daemon = _start(tmp_path, str(watchlist), "--no-feed")
    try:
        _wait_for(lambda: "/knee" in site.paths, "the daemon's first check")
        _wait_for(lambda: _checked(tmp_path, site.url("/knee")), "its record")
        site.pages["/knee"] = Page(clinic_page(patients=2000, hedge="will"))
        manual = subprocess.run(
            [
                *TRACKER,
                *("check", site.url("/knee"), "--data-dir", str(tmp_path / "data")),
                *("--allow-private", "--watchlist", str(watchlist), "--no-feed", "--format=json"),
            ],
            capture_output=True,
            text=True,
            timeout=LIMIT,
        )
        assert manual.returncode == 0, manual.stderr
        _wait_for(lambda: bool(webhook.posts), "the manual check's notification")
        time.sleep(0.5)  # pacing: the daemon polls the outbox every 2 s; nothing more comes
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=LIMIT)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    result = json.loads(manual.stdout)
    (post,) = webhook.posts
    assert result["outcome"] == "changed"
    assert post["watch"] == "knee" and post["snapshot"] == result["snapshot"]
    assert _owed(tmp_path) == []
