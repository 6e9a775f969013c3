"""Rebuild the index from the evidence: every capture the WARC files hold, in its place.

An index can fall behind its files: deleted, emptied, a backup restored after more
checks ran, or damaged and set aside. The WARC records are the truth, so ``reindex``
lists the files the index lost (``Index.adopt_warc_files``), reads back each capture
no check holds (``Index.unheld_captures``) and restores it as a check of its watch,
oldest first, through the same placement as backfill (tracker.history's
``place_past_capture``): a version where the article changed, with its change report
against the version before, an unchanged sighting otherwise, the reports of the
versions after it recomputed. A failed check's kept answer becomes that failed check
again. Each record says where its capture came from (``Tracker-Origin``), and each
comes back as it was: a tracked check as a tracked check (no provenance row, as a live
check has none), a backfilled or imported capture with the provenance its record holds
(``Tracker-Provenance``: page, source, dates, key), under the backfill's or import's own
ledger key, so a later backfill or import knows it done. A record written before tracker
said so comes back ``restored`` (its WARC file and record id). The ledger keyed by
record id (or the past capture's own key) makes a second run skip what the first
restored, so an interrupted reindex resumes. Nothing is deleted.

What the records carry comes back: each capture's URL, time, status, body, redirect
hops, a failure's reason, and for a page a browser rendered the DOM its article was
read from (the conversion record naming its response, or the one its DOM revisit
names). What they do not carry is recovered from the watchlists
when given (each watch's name, and its selectors, so a version is read as its watch
reads it) or, for a page no watchlist lists, from the Documents left in the data
directory (the selectors the newest was read through), and what cannot be recovered is
said (``Reindexed.unrecovered``): records written before ``Tracker-Origin`` do not say
whether their capture was tracked, backfilled or imported (those come back as
``restored``); a check that got no answer (a timeout, a refused connection) wrote no
record; notifications owed and the daemon's schedule live only in the index.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.config import Watch
from tracker.errors import IntegrityError
from tracker.history.placement import PastOutcome, PastResult, place_past_capture, unusable
from tracker.model import FAILED_OUTCOMES, Outcome
from tracker.reading import DEFAULT_READING, Reading
from tracker.store import CheckEntry, FoundCapture, Index, Provenance, normalize_url
from tracker.store.warc_records import TRACKED

if TYPE_CHECKING:
    from tracker.extraction.selection import Selection

__all__ = ["NOT_IN_THE_RECORDS", "Reindexed", "reindex", "restore_capture"]

ORIGIN = "restored"

Progress = Callable[[int, int, FoundCapture, PastResult], None]


# What the WARC records never held, so no reindex brings it back.
NOT_IN_THE_RECORDS = (
    "checks that got no answer (timeouts, refused connections, DNS failures): they wrote no record",
    "notifications owed and the daemon's schedule and failure counts: they lived in the index only",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Reindexed:
    """What one reindex did, and what it could not recover."""

    adopted_files: tuple[str, ...]  # WARC files the index had lost and now lists
    results: tuple[PastResult, ...]  # one per capture restored, skipped or already done
    named: tuple[str, ...] = ()  # URLs given their watch's name from the watchlists
    unnamed: tuple[str, ...] = ()  # URLs restored that no watchlist names and had no name
    # URLs no watchlist lists, read through the selectors their stored Documents record
    selected_by_documents: tuple[str, ...] = ()
    # captures whose records were written before they said their origin: come back 'restored'
    unlabelled: int = 0

    @property
    def unrecovered(self) -> list[str]:
        """What this reindex could not bring back, in words."""
        lost = list(NOT_IN_THE_RECORDS)
        if self.unlabelled:
            lost.insert(
                0,
                f"whether {self.unlabelled} capture(s) were tracked, backfilled or imported:"
                " their records were written before tracker said so (Tracker-Origin),"
                f" so they came back '{ORIGIN}'",
            )
        if self.unnamed:
            lost.append(
                f"the names of {len(self.unnamed)} page(s) no watchlist lists: "
                + ", ".join(self.unnamed)
            )
        return lost

    @property
    def skipped(self) -> int:
        return sum(1 for result in self.results if result.outcome == PastOutcome.SKIPPED)

    @property
    def restored(self) -> int:
        passed = {PastOutcome.SKIPPED, PastOutcome.DONE}
        return sum(1 for result in self.results if result.outcome not in passed)


def _provenance(found: FoundCapture) -> tuple[Provenance, str]:
    """Where ``found`` came from as its record says, and the key its ledger knows it by:
    a past capture's own provenance and key, else the record's (a tracked check's, or
    ``restored`` when the record does not say)."""
    if found.past is not None:
        return found.past.provenance, found.past.key
    return Provenance(
        origin=TRACKED if found.origin == TRACKED else ORIGIN,
        source=found.location.file,
        original_timestamp=found.warc_date,
        captured_at=found.captured_at,
        record_id=found.location.record_id,
        digest=found.location.payload_digest,
    ), found.location.record_id


def _failure_outcome(label: str) -> Outcome:
    """The outcome a kept answer's Tracker-Failure names ("gone: HTTP 404 ...")."""
    word = label.split(":", 1)[0].strip()
    outcomes = {str(outcome): outcome for outcome in FAILED_OUTCOMES}
    return outcomes.get(word, Outcome.FAILED)


def _selection(include: Iterable[str], exclude: Iterable[str]) -> Selection | None:
    from tracker.extraction.selection import Selection

    chosen = Selection.of(include, exclude)
    return chosen if chosen else None


def _selections_in_documents(store: Index) -> dict[str, Selection]:
    """The selectors the newest Document of each URL read (among those no version refers
    to) was read through: what is left of a page's reading when its index is gone."""
    newest: dict[str, tuple[float, list[str]]] = {}
    for spare in store.spare_documents():
        with contextlib.suppress(IntegrityError, ValueError, OSError):
            written = (store.root / spare.where).stat().st_mtime
            document = store.load_document(Path(spare.where).name.removesuffix(".json.gz"))
            url = normalize_url(document.url or "")
            if written >= newest.get(url, (0.0, []))[0]:
                newest[url] = (written, document.selection)
    chosen: dict[str, Selection] = {}
    for url, (_, reading) in newest.items():
        words = [line.split(" ", 1) for line in reading if " " in line]
        with contextlib.suppress(ValueError):
            picked = _selection(
                [s for kind, s in words if kind == "include"],
                [s for kind, s in words if kind == "exclude"],
            )
            if picked is not None:
                chosen[url] = picked
    return chosen


def restore_capture(
    store: Index,
    found: FoundCapture,
    *,
    reading: Reading = DEFAULT_READING,
    name: str | None = None,
    selection: Selection | None = None,
) -> PastResult:
    """Put one capture the index lacks back in its place as a check of its watch, named
    ``name`` and read through ``selection`` when they are known."""
    watch = store.ensure_watch(found.url, name)
    if selection is not None:
        reading = replace(reading, extract=partial(reading.extract, selection=selection))
    provenance, key = _provenance(found)
    # A check's route, as its records hold it; a past capture's source recorded none.
    route = (found.final_url, found.redirects) if found.past is None else (None, ())
    if key in store.past_capture_states(watch.id):
        return PastResult.of(key, provenance, PastOutcome.DONE)

    def skipped(reason: str) -> PastResult:
        return unusable(
            store, watch.id, provenance, key, PastOutcome.SKIPPED, reason, found.location
        )

    if found.failure is not None:
        outcome = _failure_outcome(found.failure)
        recorded = store.record_past_check(
            CheckEntry(
                watch_id=watch.id,
                checked_at=found.captured_at,
                outcome=outcome,
                http_status=found.status,
                error=found.failure,
                location=found.location,
                final_url=route[0],
                redirects=route[1],
            ),
            provenance,
            key,
        )
        return PastResult.of(key, provenance, str(outcome), reason=found.failure, recorded=recorded)
    holder = found.location if found.location.record_type == "response" else found.original
    if holder is None:
        return skipped("a revisit of a response the WARC files do not hold")
    try:
        record = store.read_capture(holder.file, holder.offset, holder.length)
        body = record.body()
        dom = found.rendered
        rendered = store.read_capture(dom.file, dom.offset, dom.length).payload if dom else None
    except IntegrityError as error:
        return skipped(f"its record is unreadable: {error}")
    return place_past_capture(
        store,
        watch,
        body=body,
        content_type=record.http_headers.get("content-type"),
        original_url=found.final_url,
        location=found.location,
        body_sha256=hashlib.sha256(body).hexdigest(),
        http_status=found.status,
        provenance=provenance,
        key=key,
        reading=reading,
        evidence=holder if holder is not found.location else None,
        rendered=rendered,
        route=route,
    )


def reindex(
    store: Index,
    *,
    progress: Progress | None = None,
    reading: Reading = DEFAULT_READING,
    watches: Iterable[Watch] = (),
) -> Reindexed:
    """Restore every capture the WARC files hold and the index does not, oldest first;
    ``watches`` (the watchlists') give each URL its name and selectors back, else the
    stored Documents the selectors they were read through."""
    listed = {normalize_url(watch.url): watch for watch in watches}
    adopted = store.adopt_warc_files()
    found = store.unheld_captures()
    read_as = _selections_in_documents(store) if found else {}
    results, reread = [], set()
    for number, capture in enumerate(found, 1):
        watch = listed.get(normalize_url(capture.url))
        if watch is not None:
            selection = _selection(watch.include, watch.exclude)
        else:
            selection = read_as.get(normalize_url(capture.final_url))
            if selection is not None:
                reread.add(normalize_url(capture.url))
        with store.url_lock(capture.url):  # never beside a live check of the same page
            result = restore_capture(
                store,
                capture,
                reading=reading,
                name=watch.name if watch else None,
                selection=selection,
            )
        results.append(result)
        if progress is not None:
            progress(number, len(found), capture, result)
    urls = sorted({normalize_url(capture.url) for capture in found})
    named = [url for url in urls if url in listed]
    unnamed = [
        url
        for url in urls
        if url not in listed and ((state := store.watch_state(url)) is None or not state.name)
    ]
    return Reindexed(
        adopted_files=tuple(adopted),
        results=tuple(results),
        named=tuple(named),
        unnamed=tuple(unnamed),
        selected_by_documents=tuple(sorted(reread)),
        unlabelled=sum(1 for capture in found if capture.origin is None),
    )
