"""Reading a watchlist file: TOML in, validated ``Watch`` values out.

A watchlist is a TOML file (``seeds/*.toml``) with an optional ``[defaults]``
table and one ``[[watch]]`` table per tracked page. Every watch setting may be
given in ``[defaults]`` and overridden per watch. Loading validates everything
and raises WatchlistError naming the file, the watch and the field; ``load_watchlist``
with ``strict=False`` skips an invalid watch and reports it instead, so one bad
entry never stops the others.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tracker.config import FETCHER_KINDS, FetchSettings, Watch
from tracker.errors import WatchlistError
from tracker.model import REPORT_FILTERS

__all__ = ["LastValid", "Watchlist", "load_watchlist", "parse_duration"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Watchlist:
    path: Path
    watches: tuple[Watch, ...]
    problems: tuple[WatchlistError, ...] = ()  # watches skipped as invalid (strict=False)
    # [defaults] as a watch (name "defaults"), for a URL no watch lists; None without one
    defaults: Watch | None = None


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_FETCH_FIELDS = {
    "connect_timeout": "duration",
    "read_timeout": "duration",
    "total_timeout": "duration",
    "max_body_bytes": "int",
    "max_decompressed_bytes": "int",
    "max_redirects": "int",
    "min_host_delay": "duration",
    "user_agent": "str",
    "respect_robots": "bool",
    "allow_private": "bool",
    "fetcher": "fetcher",
}
_WATCH_FIELDS = {
    "name",
    "url",
    "interval",
    "cron",
    "jitter",
    "tags",
    "notify",
    "adaptive",
    "failure_threshold",
    "include",
    "exclude",
    *_FETCH_FIELDS,
}


def parse_duration(value: object, *, allow_zero: bool = False) -> float:
    """Seconds from 90, 90.5, "90s", "30m", "6h", "1d" or "2w" ("0s" too where ``allow_zero``:
    no jitter is a choice, no interval is not)."""
    if isinstance(value, bool):
        raise ValueError(f"expected a duration like '30m', '6h' or '1d', got {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    else:
        raise ValueError(f"expected a duration like '30m', '6h' or '1d', got {value!r}")
    if seconds < 0 or (seconds == 0 and not allow_zero):
        raise ValueError(f"a duration must be positive, got {value!r}")
    return seconds


def _check_url(url: object) -> str:
    if not isinstance(url, str) or not url.strip():
        raise ValueError("expected an http:// or https:// URL")
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"expected an http:// or https:// URL, got {url!r}")
    if parts.username is not None or parts.password is not None:
        # Never repeated back: the message names the host only.
        raise ValueError(
            f"the URL of {parts.hostname} carries a user name or password; tracker never"
            " stores credentials, so give the URL without them"
        )
    return url.strip()


def _check_cron(expression: object) -> str:
    from apscheduler.triggers.cron import CronTrigger

    if not isinstance(expression, str):
        raise ValueError(f"expected a cron expression like '0 6 * * *', got {expression!r}")
    try:
        CronTrigger.from_crontab(expression)
    except ValueError as error:
        raise ValueError(f"invalid cron expression {expression!r}: {error}") from None
    return expression


def _check_strings(value: object, allowed: frozenset[str] | None = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"expected a list of strings, got {value!r}")
    if allowed is not None and (unknown := sorted(set(value) - allowed)):
        raise ValueError(f"unknown value(s) {unknown}; choose from {sorted(allowed)}")
    return tuple(value)


def _check_selectors(value: object) -> tuple[str, ...]:
    """A CSS selector or a list of them, each one parsed (as lxml.cssselect will)."""
    from cssselect import GenericTranslator, SelectorError

    selectors = _check_strings([value] if isinstance(value, str) else value)
    for selector in selectors:
        try:
            if not selector.strip():
                raise SelectorError("empty")
            GenericTranslator().css_to_xpath(selector)
        except SelectorError as error:
            raise ValueError(f"expected CSS selectors, got {selector!r} ({error})") from None
    return selectors


def _fetch_value(kind: str, value: object) -> object:
    if kind == "duration":
        return parse_duration(value)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"expected a positive integer, got {value!r}")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if kind == "fetcher":
        if value not in FETCHER_KINDS:
            choices = ", ".join(map(repr, FETCHER_KINDS))
            raise ValueError(f"expected one of {choices}, got {value!r}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value


def _build_watch(
    path: str, settings: dict[str, Any], base_fetch: FetchSettings, label: str | None
) -> Watch:
    def fail(field_name: str | None, problem: str) -> WatchlistError:
        return WatchlistError(path, label, field_name, problem)

    if unknown := sorted(set(settings) - _WATCH_FIELDS):
        raise fail(unknown[0], f"unknown field; known fields are {sorted(_WATCH_FIELDS)}")
    for required in ("name", "url"):
        if required not in settings:
            raise fail(required, "missing; every watch needs a name and a url")
    if not isinstance(settings["name"], str) or not settings["name"].strip():
        raise fail("name", "expected a non-empty string")
    values: dict[str, Any] = {"name": settings["name"].strip()}
    fetch_values: dict[str, Any] = {}
    checks = {
        "url": _check_url,
        "interval": parse_duration,
        "cron": _check_cron,
        "jitter": lambda v: 0.0 if v == "0" else parse_duration(v, allow_zero=True),
        "tags": _check_strings,
        "notify": lambda v: _check_strings(v, frozenset(REPORT_FILTERS)),
        "adaptive": lambda v: _fetch_value("bool", v),
        "failure_threshold": lambda v: _fetch_value("int", v),
        "include": _check_selectors,
        "exclude": _check_selectors,
    }
    for key, value in settings.items():
        try:
            if key in checks:
                values[key] = checks[key](value)
            elif key in _FETCH_FIELDS:
                fetch_values[key] = _fetch_value(_FETCH_FIELDS[key], value)
        except ValueError as error:
            raise fail(key, str(error)) from None
    if "cron" in values and "interval" in settings:
        raise fail("cron", "give either interval or cron, not both")
    if "cron" in values:
        values["interval"] = None
    return Watch(**values, fetch=replace(base_fetch, **fetch_values))


def load_watchlist(path: str | Path, *, strict: bool = True) -> Watchlist:
    """Parse and validate one watchlist file."""
    path = Path(path)
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WatchlistError(name, None, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise WatchlistError(name, None, None, f"cannot read the file: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise WatchlistError(name, None, None, f"not valid TOML: {error}") from None

    # [notify.<name>] tables configure notifiers (tracker.notify.config reads them).
    if unknown := sorted(set(data) - {"defaults", "watch", "notify"}):
        raise WatchlistError(
            name, None, unknown[0], "unknown top-level table; use [defaults] and [[watch]]"
        )
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise WatchlistError(name, None, "defaults", "expected a [defaults] table")
    if bad := sorted(set(defaults) & {"name", "url"}):
        raise WatchlistError(name, None, f"defaults.{bad[0]}", "cannot be a default")
    entries = data.get("watch", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise WatchlistError(name, None, "watch", "expected [[watch]] tables")

    # Validate the defaults once by building a watch from them alone.
    try:
        template = _build_watch(
            name, {"name": "defaults", "url": "http://x/", **defaults}, FetchSettings(), None
        )
    except WatchlistError as error:
        raise WatchlistError(name, None, f"defaults.{error.field}", error.problem) from None

    watches: list[Watch] = []
    problems: list[WatchlistError] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        label = entry.get("name") if isinstance(entry.get("name"), str) else f"#{index}"
        merged = {**defaults, **entry}
        # A watch's own schedule replaces the default one of the other kind.
        if "cron" in entry and "interval" not in entry:
            merged.pop("interval", None)
        if "interval" in entry and "cron" not in entry:
            merged.pop("cron", None)
        try:
            watch = _build_watch(name, merged, template.fetch, label)
            if watch.name in seen:
                raise WatchlistError(name, label, "name", "another watch has this name")
        except WatchlistError as error:
            if strict:
                raise
            problems.append(error)
            continue
        seen.add(watch.name)
        watches.append(watch)
    return Watchlist(
        path=path,
        watches=tuple(watches),
        problems=tuple(problems),
        defaults=template if "defaults" in data else None,
    )


class LastValid:
    """Each watch's last valid version, by file and name, for a daemon that reloads.

    An edit that makes a running watch invalid (a typo: ``intervall``) must not drop
    it: its last valid version keeps running and the problem says so, naming file,
    watch and field, until the file is fixed. A watch removed from the file is gone.
    """

    def __init__(self) -> None:
        self._watches: dict[tuple[Path, str], Watch] = {}

    def keep(self, watchlist: Watchlist) -> Watchlist:
        """``watchlist`` with the last valid version of each watch it could not load."""
        kept: list[Watch] = []
        problems: list[WatchlistError] = []
        for problem in watchlist.problems:
            previous = self._watches.get((watchlist.path, problem.watch or ""))
            if previous is not None:
                kept.append(previous)
                problem = WatchlistError(
                    problem.path,
                    problem.watch,
                    problem.field,
                    f"{problem.problem}; its last valid version keeps running",
                )
            problems.append(problem)
        for watch in watchlist.watches:
            self._watches[(watchlist.path, watch.name)] = watch
        return replace(watchlist, watches=(*watchlist.watches, *kept), problems=tuple(problems))
