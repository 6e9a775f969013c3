"""Watchlist files: the researcher's TOML files of watches, read and edited.

One public face for the two jobs a watchlist file has:

    load.py   TOML -> validated ``Watch`` values (``load_watchlist``), every error naming
              file, watch and field; ``strict=False`` skips an invalid watch and says so;
              ``LastValid`` keeps a reloading daemon's broken watch at its last valid version
    edit.py   ``tracker watch add|remove|list``: tomlkit edits that keep comments,
              validated by ``load_watchlist`` before the file is replaced atomically

The values themselves (``Watch``, ``FetchSettings``) live in ``tracker.config``.
"""

from __future__ import annotations

from tracker.watchlist.edit import add_watch, list_watches, remove_watch
from tracker.watchlist.load import LastValid, Watchlist, load_watchlist, parse_duration

__all__ = [
    "LastValid",
    "Watchlist",
    "add_watch",
    "list_watches",
    "load_watchlist",
    "parse_duration",
    "remove_watch",
]
