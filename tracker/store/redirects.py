"""Where each check was redirected: the chain of hops and the final URL, on its check row.

A page that moves (a new address, a login page, a parked domain) is news and evidence:
each check keeps the URLs it was sent through (``checks.redirects``, a JSON list of the
hops before ``checks.final_url``), and the watch keeps where its last answer came from
(``watches.final_url``), so a check can tell when a redirect starts or goes elsewhere.
"""

from __future__ import annotations

import json
import sqlite3

from tracker.store.migrations import MigrationSet

__all__ = ["REDIRECT_MIGRATIONS", "hops_of", "note_final_url", "route_columns"]

REDIRECT_MIGRATIONS = MigrationSet("redirects")


@REDIRECT_MIGRATIONS
def _redirect_chains(db: sqlite3.Connection) -> None:
    """Each check's redirect hops and final URL; each watch's last final URL (added only
    where missing: an index set back to an earlier schema version keeps them)."""
    for table, column in (
        ("checks", "final_url"),
        ("checks", "redirects"),
        ("watches", "final_url"),
    ):
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if column not in columns:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")


def route_columns(final_url: str | None, redirects: tuple[str, ...]) -> tuple[str | None, ...]:
    """A check row's ``final_url`` and ``redirects`` columns, written with the row (both
    NULL when nothing answered)."""
    if final_url is None:
        return None, None
    return final_url, json.dumps(list(redirects)) if redirects else None


def note_final_url(db: sqlite3.Connection, watch_id: int, final_url: str | None) -> None:
    """The watch's last final URL, inside the caller's transaction; its row is written
    only when the URL moved (an unchanged page's check rewrites nothing for it)."""
    if final_url is not None:
        db.execute(
            "UPDATE watches SET final_url = ? WHERE id = ? AND final_url IS NOT ?",
            (final_url, watch_id, final_url),
        )


def hops_of(stored: str | None) -> tuple[str, ...]:
    """The hops as stored on a check row (None: no redirect, or a check from before)."""
    return tuple(json.loads(stored)) if stored else ()
