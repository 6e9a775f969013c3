"""The SQLite index: one data directory's index, WARC files and Documents (see tracker.store).

Layout of ``DATA_DIR``::

    index.sqlite3          watches, checks, snapshots, change reports, site profiles (WAL)
    warc/*.warc.gz         raw captures, one gzip member per record (tracker.store.warc_records)
    documents/ab/<sha256>.json.gz   extracted Documents, named by the hash of their JSON
    store.lock             held while files are written, so writers never interleave

Crash safety rests on three rules. Files are written and fsynced before the index
rows that point at them, and a Document is written beside its name then renamed into
place, so the index never refers to a half or missing file. A WARC append counts only
once ``warc_files.committed_bytes`` covers it; a writer that dies mid-append leaves a
tail that the next writer (or opening the store) cuts off. Every index change is one
SQLite transaction in WAL mode. A kill at any instant therefore loses at most the
check in flight. The index runs with ``synchronous=NORMAL``: a killed process loses
no committed transaction and WAL never corrupts, while a power cut may roll back the
last few checks, whose evidence the index then no longer claims; fsyncing the WAL
on every commit would double the CPU of an unchanged check for that case alone.

The index is one class made of its parts, each a module by job: the connection,
upgrades, lock and recovery (connection.py), live writes (writes.py), look-ups
(lookups.py), WARC files (warcs.py), past captures (past.py), verify, reindex's
restoration, the workspace's tables, the outbox and the ledger. Every public
method's ``sqlite3.Error`` leaves as StoreError (``translate_errors``, applied to
the whole class once), so no SQLite type or error crosses tracker.store's face. The
index never prints: it returns values and raises tracker.errors classes.
"""

from __future__ import annotations

from tracker.store.connection import (
    DEFAULT_MAX_WARC_BYTES,
    IndexConnection,
    set_aside,
    translate_errors,
)
from tracker.store.ledger import Ledger
from tracker.store.lookups import Lookups
from tracker.store.outbox import Outbox
from tracker.store.past import PastPlacement
from tracker.store.restore import Restoration
from tracker.store.verify import Verification
from tracker.store.warcs import WarcShelf
from tracker.store.workspace import Workspace
from tracker.store.writes import LiveWrites

__all__ = ["DEFAULT_MAX_WARC_BYTES", "SqliteIndex", "set_aside"]


@translate_errors
class SqliteIndex(
    IndexConnection,
    LiveWrites,
    Lookups,
    WarcShelf,
    PastPlacement,
    Verification,
    Restoration,
    Workspace,
    Outbox,
    Ledger,
):
    """One data directory indexed by SQLite: the tracker.store.Index of a single machine.

    Opened, upgraded and locked as tracker.store.connection says; its methods are its
    parts' (the class adds none, so each job stays in its own module).
    """
