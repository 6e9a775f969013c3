from __future__ import annotations

from pathlib import Path

import pytest

from tracker.config import FetchSettings
from tracker.errors import WatchlistError
from tracker.watchlist import load_watchlist, parse_duration

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "list.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_seed_watchlist_is_valid_and_tracks_the_target_article() -> None:
    urls = []
    for path in SEEDS.glob("*.toml"):
        watchlist = load_watchlist(path)
        assert not watchlist.problems
        urls += [watch.url for watch in watchlist.watches]
    assert "https://www.dvcstem.com/post/lupus" in urls
    assert len(urls) >= 5


def test_defaults_apply_and_watch_settings_override(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[defaults]
interval = "6h"
tags = ["clinic"]
read_timeout = "20s"

[[watch]]
name = "a"
url = "https://example.org/a"

[[watch]]
name = "b"
url = "https://example.org/b"
cron = "0 6 * * *"
tags = ["news"]
respect_robots = false
adaptive = true
fetcher = "browser"
""",
    )
    first, second = load_watchlist(path).watches
    assert (first.interval, first.cron, first.tags) == (21600.0, None, ("clinic",))
    assert first.fetch.read_timeout == 20.0
    assert (second.interval, second.cron, second.tags) == (None, "0 6 * * *", ("news",))
    assert second.fetch.respect_robots is False
    assert (first.fetch.fetcher, second.fetch.fetcher) == ("http", "browser")
    assert (first.adaptive, second.adaptive) == (None, True)
    assert second.fetch.read_timeout == 20.0
    assert first.fetch.max_body_bytes == FetchSettings().max_body_bytes


@pytest.mark.parametrize(
    ("body", "watch", "field", "fragment"),
    [
        ('[[watch]]\nname = "x"\n', "x", "url", "missing"),
        ('[[watch]]\nname = "x"\nurl = "ftp://h/"\n', "x", "url", "http"),
        ('[[watch]]\nname = "x"\nurl = "https://h/"\ninterval = "soon"\n', "x", "interval", "30m"),
        ('[[watch]]\nname = "x"\nurl = "https://h/"\ncron = "61 * * * *"\n', "x", "cron", "cron"),
        (
            '[[watch]]\nname = "x"\nurl = "https://h/"\ncron = "0 6 * * *"\ninterval = "1h"\n',
            "x",
            "cron",
            "either",
        ),
        ('[[watch]]\nname = "x"\nurl = "https://h/"\ncolour = "red"\n', "x", "colour", "unknown"),
        ('[[watch]]\nname = "x"\nurl = "https://h/"\nnotify = ["all"]\n', "x", "notify", "choose"),
        (
            '[[watch]]\nname = "x"\nurl = "https://h/"\nmax_body_bytes = -1\n',
            "x",
            "max_body_bytes",
            "positive",
        ),
        (
            '[[watch]]\nname = "x"\nurl = "https://h/"\nfetcher = "curl"\n',
            "x",
            "fetcher",
            "'browser'",
        ),
    ],
)
def test_errors_name_file_watch_and_field(
    tmp_path: Path, body: str, watch: str, field: str, fragment: str
) -> None:
    path = write(tmp_path, body)
    with pytest.raises(WatchlistError) as caught:
        load_watchlist(path)
    error = caught.value
    assert (error.path, error.watch, error.field) == (str(path), watch, field)
    assert str(path) in str(error) and repr(watch) in str(error) and fragment in str(error)


def test_invalid_watch_is_skipped_and_reported_when_not_strict(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[watch]]\nname = "bad"\nurl = "nope"\n\n[[watch]]\nname = "good"\nurl = "https://h/"\n',
    )
    watchlist = load_watchlist(path, strict=False)
    assert [watch.name for watch in watchlist.watches] == ["good"]
    assert [problem.watch for problem in watchlist.problems] == ["bad"]


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[watch]]\nname = "a"\nurl = "https://h/1"\n[[watch]]\nname = "a"\nurl = "https://h/2"\n',
    )
    with pytest.raises(WatchlistError, match="another watch has this name"):
        load_watchlist(path)


def test_file_level_problems(tmp_path: Path) -> None:
    with pytest.raises(WatchlistError, match="file not found"):
        load_watchlist(tmp_path / "missing.toml")
    with pytest.raises(WatchlistError, match="not valid TOML"):
        load_watchlist(write(tmp_path, "[[watch]\n"))
    with pytest.raises(WatchlistError, match=r"defaults\.interval"):
        load_watchlist(write(tmp_path, '[defaults]\ninterval = "x"\n'))


@pytest.mark.parametrize(
    ("text", "seconds"),
    [(90, 90.0), ("90s", 90.0), ("30m", 1800.0), ("1.5h", 5400.0), ("2w", 1209600.0)],
)
def test_parse_duration(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", [0, -5, "5y", True, None, "h"])
def test_parse_duration_refuses(text: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize("jitter", ['"0s"', '"0m"', "0", '"0"', "0.0"])
def test_a_jitter_of_zero_in_any_unit_means_none(tmp_path: Path, jitter: str) -> None:
    path = write(
        tmp_path, f'[[watch]]\nname = "a"\nurl = "https://example.org/a"\njitter = {jitter}\n'
    )
    assert load_watchlist(path).watches[0].jitter == 0.0


def test_an_interval_of_zero_is_still_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path, '[[watch]]\nname = "a"\nurl = "https://example.org/a"\ninterval = "0s"\n'
    )
    with pytest.raises(WatchlistError, match="interval"):
        load_watchlist(path)
