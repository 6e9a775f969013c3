"""A rendered DOM is written once per watch: a browser check whose DOM is byte for byte
the watch's last kept one holds an identical-payload-digest revisit of that conversion
record, and every version still reads back its own DOM and verifies."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from support.site import T0, URL, capture, make_document, new_snapshot
from warcio.archiveiterator import ArchiveIterator

from tracker.model import RENDERED_TYPE, Document
from tracker.store import Index, open_index
from tracker.store.rows import WARC_DIR, CheckEntry
from tracker.store.warc_records import IDENTICAL_PROFILE, payload_digest

SHELL = b"<html><body><main id='app'>Loading...</main><script src='/app.js'></script></body></html>"
FIRST_DOM = b"<html><body><main id='app'><article><p>First.</p></article></main></body></html>"
SECOND_DOM = b"<html><body><main id='app'><article><p>Second.</p></article></main></body></html>"


def browser_check(store: Index, rendered: bytes, minutes: int, document: Document) -> int | None:
    """A browser check of the same shell as tracker.check stores it: the capture kept
    first, then its check, making a version when ``document`` is not the current one."""
    state = store.ensure_watch(URL)
    at = T0 + timedelta(minutes=minutes)
    page = replace(capture(SHELL, at), rendered=rendered)
    kept = store.keep_capture(state, page, page.sha256)
    article_sha = hashlib.sha256(document.text.encode()).hexdigest()
    new = article_sha != state.current_article_sha256
    recorded = store.record_check(
        CheckEntry(
            watch_id=state.id,
            checked_at=at,
            outcome=("changed" if state.current_snapshot_id else "new") if new else "unchanged",
            http_status=200,
            bytes=len(SHELL),
            location=kept.location,
            body_sha256=page.sha256,
            seen_snapshot_id=None if new else state.current_snapshot_id,
            new_snapshot=new_snapshot(document, at, page.sha256, evidence=kept.original)
            if new
            else None,
            report={"schema": "tracker.change-report/1"}
            if new and state.current_snapshot_id
            else None,
            previous_snapshot_id=state.current_snapshot_id if new else None,
            capture_state=kept.capture_state,
        )
    )
    return recorded.snapshot_id if new else None


def records(root: Path) -> list[tuple[str, dict[str, str], bytes]]:
    found = []
    for path in sorted((root / WARC_DIR).glob("*.warc.gz")):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle, check_digests=True):
                headers = dict(record.rec_headers.headers)
                found.append((record.rec_type, headers, record.content_stream().read()))
    return found


def test_an_unchanged_render_is_a_revisit_of_the_conversion_that_holds_it(
    tmp_path: Path,
) -> None:
    first, second = make_document("First."), make_document("Second.")
    with open_index(tmp_path) as store:
        v1 = browser_check(store, FIRST_DOM, 0, first)
        browser_check(store, FIRST_DOM, 10, first)  # unchanged render: no second copy
        v2 = browser_check(store, SECOND_DOM, 20, second)  # a changed render is kept
        # The same DOM read otherwise (a better extraction): a version on a revisited DOM.
        v3 = browser_check(store, SECOND_DOM, 30, make_document("Second, read anew."))
        assert None not in (v1, v2, v3)
        assert store.verify() == []
        pages = {}
        for version in (v1, v2, v3):
            row = store.snapshot(version or 0)
            assert row is not None
            pages[version] = store.read_page(row)
        assert pages == {
            v1: (FIRST_DOM, RENDERED_TYPE),
            v2: (SECOND_DOM, RENDERED_TYPE),
            v3: (SECOND_DOM, RENDERED_TYPE),
        }
    kept = records(tmp_path)
    conversions = [(h, body) for kind, h, body in kept if kind == "conversion"]
    assert [body for _, body in conversions] == [FIRST_DOM, SECOND_DOM]
    dom_revisits = [h for kind, h, _ in kept if kind == "revisit" and "WARC-Concurrent-To" in h]
    assert [h["WARC-Refers-To"] for h in dom_revisits] == [
        conversions[0][0]["WARC-Record-ID"],
        conversions[1][0]["WARC-Record-ID"],
    ]
    for headers, (original, body) in zip(dom_revisits, conversions, strict=True):
        assert headers["WARC-Profile"] == IDENTICAL_PROFILE
        assert headers["WARC-Payload-Digest"] == original["WARC-Payload-Digest"]
        assert headers["WARC-Payload-Digest"] == payload_digest(body)
        assert headers["Tracker-Decoded-Digest"] == f"sha256:{hashlib.sha256(body).hexdigest()}"


def test_a_render_back_to_an_older_dom_is_kept_again(tmp_path: Path) -> None:
    """Only the watch's last DOM is revisited: A, B, A keeps three conversions."""
    with open_index(tmp_path) as store:
        browser_check(store, FIRST_DOM, 0, make_document("First."))
        browser_check(store, SECOND_DOM, 10, make_document("Second."))
        browser_check(store, FIRST_DOM, 20, make_document("First."))
        assert store.verify() == []
    conversions = [body for kind, _, body in records(tmp_path) if kind == "conversion"]
    assert conversions == [FIRST_DOM, SECOND_DOM, FIRST_DOM]
