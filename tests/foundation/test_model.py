"""Documents and change reports survive the JSON the store keeps."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker import compare, extract
from tracker.demo import load_revisions
from tracker.model import (
    CHANGE_REPORT_SCHEMA,
    Block,
    BlockKind,
    ChangeKind,
    ChangeNote,
    ChangeReport,
    ClaimChange,
    ClaimTag,
    Document,
    DocumentSummary,
    NumberChange,
    TextChange,
)

REVISIONS = load_revisions()
DOCUMENTS = [extract(revision.html, url="https://clinic.example/knee") for revision in REVISIONS]


@pytest.mark.parametrize("index", range(len(DOCUMENTS)))
def test_document_round_trip(index: int) -> None:
    document = DOCUMENTS[index]
    assert Document.from_json(document.to_json()) == document


def test_a_document_copies_pickles_and_replaces_as_a_dataclass() -> None:
    """Its records are compiled with the extraction stage (setup.py), their __init__ written
    out: copy, pickle, replace and the dataclass functions must see the same records."""
    document = DOCUMENTS[0]
    assert copy.deepcopy(document) == document
    assert pickle.loads(pickle.dumps(document)) == document
    block = document.blocks[0]
    assert copy.copy(block) == block and copy.copy(block).sentences is block.sentences
    moved = dataclasses.replace(block, text="other")
    assert moved.text == "other" and moved.sentences is block.sentences and moved != block
    assert dataclasses.asdict(document)["blocks"][0]["text"] == block.text
    assert Block(kind=BlockKind.PARAGRAPH, text="a").sentences == []
    assert Block(kind=BlockKind.PARAGRAPH, text="a") == Block(kind=BlockKind.PARAGRAPH, text="a")
    with pytest.raises(TypeError):
        hash(block)
    with pytest.raises(AttributeError):
        block.extra = 1  # type: ignore[attr-defined]


def stored(report: ChangeReport) -> str:
    """A report as the index keeps it (its JSON with sorted keys)."""
    return json.dumps(report.to_json(), ensure_ascii=False, sort_keys=True)


def stored_before(report: ChangeReport) -> str:
    """As the index first kept it, from ``asdict`` (reports without gap or annotations)."""
    data = {"schema": CHANGE_REPORT_SCHEMA, **dataclasses.asdict(report), "unreachable": None}
    del data["annotations"]
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize(("old", "new"), [(0, 1), (1, 2), (2, 3), (3, 0)])
def test_report_round_trip(old: int, new: int) -> None:
    report = compare(DOCUMENTS[old], DOCUMENTS[new])
    assert ChangeReport.from_json(report.to_json()) == report
    assert stored(report) == stored_before(report)


texts = st.none() | st.text(max_size=20)
claims = st.builds(
    ClaimChange,
    kind=st.sampled_from(ChangeKind),
    old=texts,
    new=texts,
    tags=st.lists(st.sampled_from(ClaimTag), max_size=3),
    numbers=st.lists(st.builds(NumberChange, old=texts, new=texts), max_size=2),
    old_strength=st.none() | st.integers(0, 3),
    new_strength=st.none() | st.integers(0, 3),
)
summaries = st.builds(
    DocumentSummary, title=texts, updated=texts, published=texts, authors=st.lists(st.text())
)


@given(
    old=summaries,
    new=summaries,
    claim_changes=st.lists(claims, max_size=4),
    text_changes=st.lists(
        st.builds(TextChange, kind=st.sampled_from(ChangeKind), old=texts, new=texts), max_size=3
    ),
    flags=st.tuples(st.booleans(), st.booleans()),
)
def test_any_report_round_trips(
    old: DocumentSummary,
    new: DocumentSummary,
    claim_changes: list[ClaimChange],
    text_changes: list[TextChange],
    flags: tuple[bool, bool],
) -> None:
    report = ChangeReport(
        old=old,
        new=new,
        article_changed=flags[0],
        silent_edit=flags[1],
        claim_changes=claim_changes,
        text_changes=text_changes,
    )
    assert ChangeReport.from_json(report.to_json()) == report
    assert stored(report) == stored_before(report)


def test_fields_of_later_versions_are_ignored_and_other_schemas_refused() -> None:
    data = compare(DOCUMENTS[0], DOCUMENTS[1]).to_json()
    data["a_field_from_the_future"] = 1
    data["claim_changes"][0]["word_diff"] = []
    assert ChangeReport.from_json(data).claim_changes
    with pytest.raises(ValueError, match="change-report"):
        ChangeReport.from_json({**data, "schema": "something/2"})


def test_an_annotation_reads_in_utc_minutes_and_keeps_microseconds_in_json() -> None:
    written = datetime(2026, 3, 1, 1, 30, 5, 123456, tzinfo=timezone(timedelta(hours=2)))
    note = ChangeNote(
        snapshot_id=1,
        user="ana",
        significant=True,
        note="FDA line gone",
        tags=("fda",),
        created_at=written,
    )
    assert note.words() == "significant by ana at 2026-02-28 23:30 UTC: FDA line gone [fda]"
    assert note.to_json()["created_at"] == "2026-02-28T23:30:05.123456+00:00"
