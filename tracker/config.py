"""Settings: small keyword-only value objects with named defaults.

``FetchSettings`` (how one page is fetched) and ``Watch`` (one tracked page) are
what the pipeline, the daemon and the CLI pass around; ``tracker.watchlist`` reads
them from and writes them to the watchlist files (``seeds/*.toml``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_DATA_DIR",
    "DEFAULT_INTERVAL",
    "DEFAULT_JITTER",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_DECOMPRESSED_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_MIN_HOST_DELAY",
    "DEFAULT_READ_TIMEOUT",
    "DEFAULT_TOTAL_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "FETCHER_KINDS",
    "FetchSettings",
    "FetcherKind",
    "Watch",
    "allow_private_from_env",
    "data_dir_from_env",
]

DEFAULT_DATA_DIR = Path("snapshots")
DEFAULT_INTERVAL = 6 * 3600.0
DEFAULT_JITTER = 60.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 30.0
DEFAULT_TOTAL_TIMEOUT = 60.0
DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 10
DEFAULT_MIN_HOST_DELAY = 2.0
DEFAULT_CONTACT = "https://github.com/tracker-project/tracker"
DEFAULT_USER_AGENT = f"tracker/0.1 (+{DEFAULT_CONTACT}; revision tracker for web articles)"


def data_dir_from_env() -> Path:
    return Path(os.environ.get("TRACKER_DATA_DIR") or DEFAULT_DATA_DIR)


def allow_private_from_env() -> bool:
    return os.environ.get("TRACKER_ALLOW_PRIVATE", "").strip().lower() in {"1", "true", "yes"}


# How a page is fetched: as served (http), or rendered by a browser after its scripts ran.
FetcherKind = Literal["http", "browser"]
FETCHER_KINDS: tuple[FetcherKind, ...] = get_args(FetcherKind)


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchSettings:
    """Limits and manners of one fetch; every field can be set per watch."""

    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    min_host_delay: float = DEFAULT_MIN_HOST_DELAY
    user_agent: str = DEFAULT_USER_AGENT
    respect_robots: bool = True
    allow_private: bool = False
    fetcher: FetcherKind = "http"


@dataclass(frozen=True, slots=True, kw_only=True)
class Watch:
    name: str
    url: str
    interval: float | None = DEFAULT_INTERVAL  # seconds; None when cron is set
    cron: str | None = None
    jitter: float = DEFAULT_JITTER
    tags: tuple[str, ...] = ()
    notify: tuple[str, ...] = ()  # filters: claims, references, strengthened, silent_edits
    adaptive: bool | None = None  # adaptive cadence for this watch; None: the daemon's choice
    # failed checks in a row before the watch is reported failing; None: the daemon's choice
    failure_threshold: int | None = None
    # CSS selectors over the automatic article decision (tracker.extraction.selection)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fetch: FetchSettings = field(default_factory=FetchSettings)
