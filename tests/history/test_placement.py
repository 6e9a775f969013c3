"""Placing past captures: whatever order they arrive in, the versions and reports come out
the same as if every capture had been seen in date order."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.history import PastOutcome, place_past_capture
from tracker.model import Block, BlockKind, Capture, Document, Sentence
from tracker.outcome import article_fingerprint
from tracker.reading import Reading
from tracker.store import CheckEntry, Index, NewSnapshot, Provenance, WatchState, open_index
from tracker.store.warc_records import RevisitTarget, build_capture_records, build_revisit_records

URL = "https://clinic.example/blog/cryotherapy"
DAY0 = datetime(2018, 3, 1, 12, 0, tzinfo=UTC)
CLAIMS = {
    0: "Whole-body cryotherapy may ease muscle soreness after exercise.",
    1: "Whole-body cryotherapy eases muscle soreness after exercise.",
    2: "Whole-body cryotherapy cures muscle soreness in every patient.",
}


def fake_extract(body: bytes, **_: Any) -> Document:
    """The variant number is in the body; the rest of the body is chrome that varies by day."""
    variant = int(body.split(b"variant=")[1][:1])
    text = CLAIMS[variant]
    return Document(
        url=URL,
        title="Cryotherapy",
        updated=f"v{variant}",
        blocks=[Block(kind=BlockKind.PARAGRAPH, text=text, sentences=[Sentence(text=text)])],
    )


def place(store: Index, watch: WatchState, day: int, variant: int) -> str:
    when = DAY0 + timedelta(days=day)
    body = f"<p>variant={variant}</p><footer>served on day {day}</footer>".encode()
    capture = Capture(
        url=URL,
        final_url=URL,
        fetched_at=when,
        status=200,
        headers=(("Content-Type", "text/html"),),
        body=body,
    )
    location = store.archive(build_capture_records(capture))
    result = place_past_capture(
        store,
        watch,
        body=body,
        content_type="text/html",
        original_url=URL,
        location=location,
        body_sha256=capture.sha256,
        http_status=200,
        provenance=Provenance(
            origin="imported",
            source="property.warc.gz",
            original_timestamp=when.isoformat(),
            captured_at=when,
            record_id=f"<urn:day:{day}>",
        ),
        key=f"<urn:day:{day}>",
        reading=Reading(extract=fake_extract),
    )
    return result.outcome


def expected_versions(variants: list[int]) -> list[tuple[int, int]]:
    """(day, variant) of each version: a new one wherever the article differs from the day
    before."""
    runs: list[tuple[int, int]] = []
    for day, variant in enumerate(variants):
        if not runs or runs[-1][1] != variant:
            runs.append((day, variant))
    return runs


def check_timeline(store: Index, variants: list[int]) -> None:
    versions = store.snapshots(URL)
    documents = [store.load_document(version.document_sha256) for version in versions]
    assert [
        (int((version.fetched_at - DAY0).days), document.updated)
        for version, document in zip(versions, documents, strict=True)
    ] == [(day, f"v{variant}") for day, variant in expected_versions(variants)]
    assert store.report_for_snapshot(versions[0].id) is None
    for older, newer in zip(documents, versions[1:], strict=False):
        report = store.report_for_snapshot(newer.id)
        assert report is not None
        assert report["old"]["updated"] == older.updated
        assert report["new"]["updated"] == store.load_document(newer.document_sha256).updated
    # every capture points at the version current on its day
    for row in store.history(URL):
        current = [version for version in versions if version.fetched_at <= row.checked_at][-1]
        assert row.snapshot == current.id, (row.checked_at, row.snapshot, current.id)
    assert store.watch_state(URL).current_snapshot_id == versions[-1].id  # type: ignore[union-attr]
    assert store.verify() == []


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_arrival_order_gives_the_date_order_timeline(data: st.DataObject) -> None:
    variants = data.draw(st.lists(st.integers(0, 2), min_size=1, max_size=7), label="variants")
    order = data.draw(st.permutations(range(len(variants))), label="order")
    with tempfile.TemporaryDirectory() as directory, open_index(Path(directory)) as store:
        watch = store.ensure_watch(URL)
        for day in order:
            place(store, watch, day, variants[day])
        check_timeline(store, variants)


def test_a_revert_seen_before_the_edit_between(tmp_path: Path) -> None:
    # A on day 0 and day 2 arrive first; the B of day 1 arrives last and splits A's run.
    with open_index(tmp_path) as store:
        watch = store.ensure_watch(URL)
        assert place(store, watch, 2, 0) == PastOutcome.STORED
        assert place(store, watch, 0, 0) == PastOutcome.BACKDATED
        assert place(store, watch, 1, 1) == PastOutcome.STORED
        check_timeline(store, [0, 1, 0])
        back = store.report_for_snapshot(store.snapshots(URL)[2].id)
        assert back is not None
        assert back["old"]["updated"] == "v1" and back["new"]["updated"] == "v0"


def test_a_capture_inside_a_tracked_run_splits_it(tmp_path: Path) -> None:
    """Tracked on day 0 and seen unchanged on day 5 (a revisit record); the archive shows
    another version on day 3, so the page changed and changed back between two checks."""
    with open_index(tmp_path) as store:
        watch = store.ensure_watch(URL)
        body = b"<p>variant=0</p>"
        first = Capture(url=URL, final_url=URL, fetched_at=DAY0, status=200, headers=(), body=body)
        location = store.archive(build_capture_records(first))
        document = fake_extract(body)
        created = store.record_check(
            CheckEntry(
                watch_id=watch.id,
                checked_at=DAY0,
                outcome="new",
                location=location,
                new_snapshot=NewSnapshot(
                    document=document,
                    url=URL,
                    final_url=URL,
                    fetched_at=DAY0,
                    body_sha256=first.sha256,
                    article_sha256=article_fingerprint(document),
                ),
            )
        )
        later = replace(first, fetched_at=DAY0 + timedelta(days=5))
        target = RevisitTarget(record_id=location.record_id, uri=URL, warc_date=location.warc_date)
        store.record_check(
            CheckEntry(
                watch_id=watch.id,
                checked_at=later.fetched_at,
                outcome="unchanged",
                location=store.archive(build_revisit_records(later, target)),
                seen_snapshot_id=created.snapshot_id,
            )
        )
        assert place(store, watch, 3, 1) == PastOutcome.STORED
        versions = store.snapshots(URL)
        assert [version.fetched_at.day - DAY0.day for version in versions] == [0, 3, 5]
        assert [store.snapshot_origin(version.id) for version in versions] == [
            "tracked",
            "imported",
            "tracked",
        ]
        assert versions[2].warc_offset == versions[0].warc_offset  # a revisit's body is the first
        history = store.history(URL)
        assert [row.snapshot for row in history] == [version.id for version in versions]
        assert store.verify() == []
