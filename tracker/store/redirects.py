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

__all__ = ["REDIRECT_MIGRATIONS", "hops_of", "write_route"]

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


def write_route(
    db: sqlite3.Connection,
    *,
    check_id: int,
    watch_id: int,
    final_url: str | None,
    redirects: tuple[str, ...],
) -> None:
    """The check's route, inside the caller's transaction; nothing when nothing answered."""
    if final_url is None:
        return
    db.execute(
        "UPDATE checks SET final_url = ?, redirects = ? WHERE id = ?",
        (final_url, json.dumps(list(redirects)) if redirects else None, check_id),
    )
    db.execute("UPDATE watches SET final_url = ? WHERE id = ?", (final_url, watch_id))


def hops_of(stored: str | None) -> tuple[str, ...]:
    """The hops as stored on a check row (None: no redirect, or a check from before)."""
    return tuple(json.loads(stored)) if stored else ()
