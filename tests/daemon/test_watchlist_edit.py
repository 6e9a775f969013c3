"""tracker watch add|remove|list: comments kept, invalid edits refused, files never half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.cli import cli
from tracker.errors import UsageError, WatchlistError
from tracker.watchlist import add_watch, list_watches, load_watchlist, remove_watch

ORIGINAL = """# Clinics we follow for the knee-injection review.
[defaults]
interval = "6h"  # four looks a day is enough
jitter = "5m"

# The flagship clinic's main treatment page.
[[watch]]
name = "northfield-knee"
url = "https://northfield.example/knee"
tags = ["clinic"]  # keep: used in the weekly digest
"""


@pytest.fixture
def watchlist(tmp_path: Path) -> Path:
    path = tmp_path / "clinics.toml"
    path.write_text(ORIGINAL, encoding="utf-8")
    return path


def test_add_keeps_comments_and_the_new_watch_loads_with_the_defaults(watchlist: Path) -> None:
    added = add_watch(
        watchlist,
        "harbor-hip",
        "https://harbor.example/hip",
        {"cron": "0 6 * * 1", "notify": ["claims"]},
    )
    text = watchlist.read_text(encoding="utf-8")
    assert text.startswith(ORIGINAL)  # nothing a person wrote was touched
    assert added.cron == "0 6 * * 1" and added.interval is None and added.notify == ("claims",)
    assert added.jitter == 300  # from [defaults]
    loaded = load_watchlist(watchlist)
    assert [w.name for w in loaded.watches] == ["northfield-knee", "harbor-hip"]


@pytest.mark.parametrize(
    ("name", "url", "settings", "field"),
    [
        ("bad-url", "ftp://harbor.example/hip", {}, "url"),
        ("bad-interval", "https://harbor.example/hip", {"interval": "often"}, "interval"),
        ("northfield-knee", "https://other.example/", {}, "name"),
        ("both", "https://harbor.example/hip", {"interval": "1h", "cron": "0 6 * * *"}, "cron"),
        ("bad-filter", "https://harbor.example/hip", {"notify": ["everything"]}, "notify"),
    ],
)
def test_an_invalid_addition_is_refused_and_the_file_is_unchanged(
    watchlist: Path, name: str, url: str, settings: dict[str, object], field: str
) -> None:
    with pytest.raises(WatchlistError) as caught:
        add_watch(watchlist, name, url, settings)
    assert caught.value.field == field and str(watchlist) in str(caught.value)
    assert watchlist.read_text(encoding="utf-8") == ORIGINAL
    assert (
        not list(watchlist.parent.glob("*.tmp")) and len(list(watchlist.parent.glob("*.toml"))) == 1
    )


def test_remove_and_add_to_a_new_file(tmp_path: Path, watchlist: Path) -> None:
    add_watch(watchlist, "harbor-hip", "https://harbor.example/hip")
    remove_watch(watchlist, "northfield-knee")
    assert [w.name for w in list_watches(watchlist).watches] == ["harbor-hip"]
    assert "# Clinics we follow" in watchlist.read_text(encoding="utf-8")
    with pytest.raises(UsageError, match="no watch named 'nope'"):
        remove_watch(watchlist, "nope")
    fresh = tmp_path / "new" / "list.toml"
    add_watch(fresh, "first", "https://first.example/a", {"interval": "1d"})
    assert [w.interval for w in load_watchlist(fresh).watches] == [86400]


def test_remove_drops_the_removed_watchs_comment_and_keeps_the_next_ones(watchlist: Path) -> None:
    add_watch(watchlist, "harbor-hip", "https://harbor.example/hip")
    text = watchlist.read_text(encoding="utf-8").replace(
        '[[watch]]\nname = "harbor-hip"',
        '# Harbor: added after the March complaint.\n[[watch]]\nname = "harbor-hip"',
    )
    watchlist.write_text(text, encoding="utf-8")
    remove_watch(watchlist, "northfield-knee")
    text = watchlist.read_text(encoding="utf-8")
    assert "flagship clinic" not in text and "keep: used in the weekly digest" not in text
    assert "# Harbor: added after the March complaint.\n[[watch]]" in text
    assert text.startswith("# Clinics we follow") and "# four looks a day is enough" in text
    assert [w.name for w in load_watchlist(watchlist).watches] == ["harbor-hip"]


def test_watch_commands(watchlist: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(
        cli,
        [
            "watch",
            "add",
            str(watchlist),
            "harbor-hip",
            "https://harbor.example/hip",
            "--interval",
            "12h",
            "--tag",
            "clinic",
            "--notify",
            "strengthened",
        ],
    )
    assert added.exit_code == 0, added.output
    assert "added harbor-hip" in added.output and "every 12h" in added.output
    listed = runner.invoke(cli, ["watch", "list", str(watchlist), "--format", "json"])
    entries = json.loads(listed.output)["watches"]
    assert [(e["name"], e["schedule"]) for e in entries] == [
        ("northfield-knee", "every 6h"),
        ("harbor-hip", "every 12h"),
    ]
    assert entries[1]["notify"] == ["strengthened"]
    refused = runner.invoke(cli, ["watch", "add", str(watchlist), "x", "not a url"])
    assert refused.exit_code == 2 and "field 'url'" in refused.output
    removed = runner.invoke(cli, ["watch", "remove", str(watchlist), "northfield-knee"])
    assert removed.exit_code == 0
    text = runner.invoke(cli, ["watch", "list", str(watchlist)]).output
    assert "harbor-hip" in text and "northfield-knee" not in text


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(min_size=0, max_size=30),
    url=st.one_of(
        st.text(max_size=40),
        st.from_regex(r"https://[a-z]{1,12}\.example/[a-z0-9/]{0,20}", fullmatch=True),
    ),
    interval=st.one_of(st.none(), st.text(max_size=6), st.sampled_from(["30m", "6h", "1d"])),
)
def test_add_either_round_trips_or_refuses_and_leaves_the_file_alone(
    watchlist: Path, name: str, url: str, interval: str | None
) -> None:
    before = watchlist.read_bytes()
    extra = {"interval": interval} if interval is not None else {}
    try:
        added = add_watch(watchlist, name, url, extra)
    except WatchlistError:
        assert watchlist.read_bytes() == before
        return
    loaded = {w.name: w for w in load_watchlist(watchlist).watches}
    assert loaded[added.name].url == added.url
    remove_watch(watchlist, name)
    assert added.name not in {w.name for w in load_watchlist(watchlist).watches}
    watchlist.write_bytes(before)
