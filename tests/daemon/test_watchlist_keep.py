"""A watchlist never loses a watch silently: an edit that breaks a running watch keeps
its last valid version running and says so; a daemon with no valid watch never starts."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tracker.cli import cli
from tracker.daemon import Daemon, DaemonSettings
from tracker.store import open_index
from tracker.watchlist import LastValid, load_watchlist

VALID = """[defaults]
jitter = 0

[[watch]]
name = "knee"
url = "https://clinic.example/knee"
interval = "6h"

[[watch]]
name = "hip"
url = "https://clinic.example/hip"
interval = "6h"
"""


def test_a_watch_broken_by_an_edit_keeps_its_last_valid_version(tmp_path: Path) -> None:
    path = tmp_path / "clinics.toml"
    path.write_text(VALID, encoding="utf-8")
    last_valid = LastValid()
    before = last_valid.keep(load_watchlist(path, strict=False))
    path.write_text(VALID.replace('interval = "6h"\n', 'intervall = "1h"\n', 1), encoding="utf-8")
    after = last_valid.keep(load_watchlist(path, strict=False))
    assert sorted(after.watches, key=lambda w: w.name) == sorted(
        before.watches, key=lambda w: w.name
    )
    (problem,) = after.problems
    assert (problem.path, problem.watch, problem.field) == (str(path), "knee", "intervall")
    assert problem.problem.endswith("its last valid version keeps running")
    # Removed on purpose is removed; never seen valid is not invented.
    path.write_text(VALID.split("[[watch]]")[0] + "[[watch]]" + VALID.split("[[watch]]")[2])
    assert [w.name for w in last_valid.keep(load_watchlist(path, strict=False)).watches] == ["hip"]
    assert LastValid().keep(load_watchlist(path, strict=False)).problems == ()


def test_a_running_daemon_keeps_a_watch_an_edit_broke(tmp_path: Path) -> None:
    path = tmp_path / "clinics.toml"
    path.write_text(VALID, encoding="utf-8")
    settings = DaemonSettings(data_dir=tmp_path / "data", watchlists=(path,))
    with open_index(tmp_path / "data") as store:
        daemon = Daemon(settings, store=store, checker=None)
        assert daemon.reload().added == ("hip", "knee")
        path.write_text(VALID.replace('interval = "6h"', 'intervall = "1h"', 1), encoding="utf-8")
        summary = daemon.reload()
        assert summary.removed == () and sorted(daemon.jobs) == ["hip", "knee"]
        assert [(p.watch, p.field) for p in summary.problems] == [("knee", "intervall")]


def test_run_with_no_valid_watch_exits_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "clinics.toml"
    path.write_text('[[watch]]\nname = "knee"\nurl = "ftp://clinic.example/knee"\n')
    result = CliRunner().invoke(cli, ["run", str(path), "--data-dir", str(tmp_path / "data")])
    assert result.exit_code != 0
    assert "no valid watch in" in result.output and "'knee'" in result.output
    assert not (tmp_path / "data").exists()
