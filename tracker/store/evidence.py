"""How a check's evidence is written: which WARC records keep what the server answered.

A check hands the store what it got (a capture, a 304, a failure's answer) together
with the watch as the check found it; the store decides the records. A body seen
before is never written twice: the same body as the last capture, or a body an
earlier response of the watch holds (a page back to a former version, the same 404
page again), becomes a revisit pointing at that response, claiming the payload digest
only when the bytes sent are the original's. A browser check's rendered DOM is
likewise kept once: the same DOM as the watch's last kept one becomes a revisit of
that conversion record (tracker.store.warc_records). The record layout itself is
tracker.store.warc_records'; the choice between layouts is made here, once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tracker.model import Capture
from tracker.store.rows import CaptureState, EarlierResponse, WarcLocation, WatchState
from tracker.store.warc_records import (
    NotModifiedAnswer,
    RecordGroup,
    RenderedDom,
    RevisitTarget,
    build_capture_records,
    build_not_modified_record,
    build_revisit_records,
    payload_digest,
)

__all__ = [
    "Evidence",
    "FailedAnswer",
    "FindResponse",
    "KeptCapture",
    "NotModifiedAnswer",
    "NotModifiedEvidence",
    "SameBody",
    "kept_capture",
    "new_body_records",
    "records_for",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class NotModifiedEvidence:
    """A 304: a server-not-modified revisit of the watch's last capture, if it has one."""

    watch: WatchState
    answer: NotModifiedAnswer


@dataclass(frozen=True, slots=True, kw_only=True)
class SameBody:
    """The last capture's body again: a revisit of it, without reading it back."""

    watch: WatchState
    capture: Capture


@dataclass(frozen=True, slots=True, kw_only=True)
class FailedAnswer:
    """What the server answered to a failed check (a 404 page, a wall, a 500 page)."""

    watch: WatchState
    capture: Capture
    body_sha256: str
    failure: str  # what the check made of it, written as Tracker-Failure ("gone: ...")


Evidence = NotModifiedEvidence | SameBody | FailedAnswer

# An earlier sound response of a watch holding a decoded body:
# (watch id, body sha256, truncated as, failed) -> the response or None.
FindResponse = Callable[[int, str, str | None, bool], EarlierResponse | None]


@dataclass(frozen=True, slots=True, kw_only=True)
class KeptCapture:
    """A new body kept: where its record landed and what the next check compares against."""

    location: WarcLocation  # this check's own record: a response, or a revisit
    original: WarcLocation | None  # the earlier response it revisits: the version's evidence
    capture_state: CaptureState


def _body_records(
    capture: Capture,
    watch_id: int,
    body_sha256: str,
    find: FindResponse,
    failure: str | None = None,
    last_dom: RenderedDom | None = None,
) -> tuple[RecordGroup, EarlierResponse | None]:
    """A response record, or a revisit of an earlier response holding the same body.

    The revisit claims the payload digest only when the original's bytes were the same.
    Only a record cut the same way holds the same thing, and a version's evidence is
    never a failed check's answer (a failure may point at any answer).
    """
    digest = payload_digest(capture.wire)
    earlier = find(watch_id, body_sha256, capture.truncated, failure is not None)
    if earlier is None:
        return build_capture_records(capture, digest, failure=failure, last_dom=last_dom), None
    group = build_revisit_records(
        capture,
        earlier.target,
        digest,
        same_wire=earlier.location.payload_digest == digest,
        body_sha256=body_sha256,
        failure=failure,
        last_dom=last_dom,
    )
    return group, earlier


def _same_body_records(evidence: SameBody) -> RecordGroup:
    watch, capture = evidence.watch, evidence.capture
    assert watch.revisit_target is not None
    if capture.wire_body is None:
        # Sent plain: the same bytes as the original only if that one was plain too,
        # and then its digest is ours without hashing the body again.
        same_wire = not watch.last_payload_coded
        digest = watch.last_payload_digest if same_wire else None
    else:
        digest = payload_digest(capture.wire_body)
        same_wire = watch.last_payload_coded and digest == watch.last_payload_digest
    return build_revisit_records(
        capture,
        watch.revisit_target,
        digest,
        same_wire=same_wire,
        body_sha256=watch.last_body_sha256,
    )


def records_for(evidence: Evidence, find: FindResponse) -> RecordGroup | None:
    """The records that keep one check's answer (None: a 304 with nothing to point at)."""
    if isinstance(evidence, NotModifiedEvidence):
        watch, answer = evidence.watch, evidence.answer
        if watch.current_snapshot_id is None or watch.revisit_target is None:
            return None
        return build_not_modified_record(answer, watch.revisit_target, watch.last_payload_digest)
    if isinstance(evidence, SameBody):
        return _same_body_records(evidence)
    label = evidence.failure
    group, _ = _body_records(
        evidence.capture, evidence.watch.id, evidence.body_sha256, find, failure=label
    )
    return group


def new_body_records(
    watch: WatchState, capture: Capture, body_sha256: str, find: FindResponse
) -> tuple[RecordGroup, EarlierResponse | None]:
    """A new body's records: a response, or a revisit when the watch held it before."""
    return _body_records(capture, watch.id, body_sha256, find, last_dom=watch.last_rendered)


def kept_capture(
    capture: Capture,
    body_sha256: str,
    location: WarcLocation,
    earlier: EarlierResponse | None,
    rendered: RenderedDom | None = None,
) -> KeptCapture:
    """What a new body's records make of the watch's last capture: the record a later
    revisit points to (the earlier response when this one is a revisit of it), and
    ``rendered``, the conversion record holding its rendered DOM."""
    if earlier is None:
        target = RevisitTarget(
            record_id=location.record_id, uri=capture.final_url, warc_date=location.warc_date
        )
        original, digest, coded = None, location.payload_digest, capture.wire_body is not None
    else:
        target = earlier.target
        original, digest, coded = earlier.location, earlier.location.payload_digest, earlier.coded
    return KeptCapture(
        location=location,
        original=original,
        capture_state=CaptureState(
            etag=capture.header("ETag"),
            last_modified=capture.header("Last-Modified"),
            body_sha256=body_sha256,
            payload_digest=digest,
            target=target,
            payload_coded=coded,
            rendered=rendered,
        ),
    )
