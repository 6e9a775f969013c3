"""History from before tracking began: web archives' captures and WARC files, placed in time.

A page's earlier versions come from two places, and both end in one function,
``place_past_capture``, which records a capture at its own date among the versions
already stored (tracker.history.placement):

- ``backfill`` (backfill_run.py) lists a URL's captures in a public web archive,
  described by an ``Archive`` (archives.py): through the Wayback CDX API (cdx.py) or
  a Memento TimeMap in link format (memento.py), paged and rate-limited in
  listing.py; then fetches each in its raw form through the same ``PageFetcher`` as
  live checks;
- ``import_warcs`` (warc_import.py) reads WARC files and WACZ packages made by other
  tools (Heritrix, Browsertrix, Webrecorder, wget).

Every capture tried is noted in a ledger (stored, unchanged, skipped, failed), so a
second run does only what is missing. Nothing here notifies.
"""

from __future__ import annotations

from tracker.history.archives import (
    DEFAULT_ARCHIVE,
    Archive,
    ArchivedCapture,
    parse_day,
    raw_memento_url,
    wayback_timestamp,
)
from tracker.history.backfill_run import BackfillRun, backfill
from tracker.history.cdx import parse_cdx_json
from tracker.history.listing import collapse_digests, list_captures
from tracker.history.memento import parse_link_format, parse_timemap
from tracker.history.placement import PastOutcome, PastResult, place_past_capture
from tracker.history.warc_import import ImportRun, import_warcs

__all__ = [
    "DEFAULT_ARCHIVE",
    "Archive",
    "ArchivedCapture",
    "BackfillRun",
    "ImportRun",
    "PastOutcome",
    "PastResult",
    "backfill",
    "collapse_digests",
    "import_warcs",
    "list_captures",
    "parse_cdx_json",
    "parse_day",
    "parse_link_format",
    "parse_timemap",
    "place_past_capture",
    "raw_memento_url",
    "wayback_timestamp",
]
