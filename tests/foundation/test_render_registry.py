"""Renderers are chosen from one registry, and page text meets one printable filter."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import click
from hypothesis import given
from hypothesis import strategies as st

from tracker import compare
from tracker.cli import cli
from tracker.model import (
    Block,
    BlockKind,
    DateKind,
    DatePlace,
    DeclaredDate,
    Document,
    Sentence,
)
from tracker.render import DOCUMENT_FORMATS, REPORT_FORMATS, render_document, render_report
from tracker.render.printable import printable
from tracker.store import SnapshotRow


def _doc(text: str) -> Document:
    return Document(
        title="Knee pain",
        blocks=[Block(kind=BlockKind.PARAGRAPH, text=text, sentences=[Sentence(text=text)])],
    )


def _choices(command: str) -> list[str]:
    group = cli
    option = next(p for p in group.commands[command].params if p.name == "output_format")
    assert isinstance(option.type, click.Choice)
    return list(option.type.choices)


def test_every_registered_report_format_renders_and_diff_offers_exactly_those() -> None:
    report = compare(_doc("Therapy may help."), _doc("Therapy cures knee pain.\u202e"))
    rendered = {name: render_report(report, name) for name in REPORT_FORMATS}
    assert json.loads(rendered["json"])["article_changed"] is True
    assert rendered["html"].startswith("<!DOCTYPE html>")
    assert "cures" in rendered["text"] and "\u202e" not in rendered["text"]
    assert _choices("diff") == list(REPORT_FORMATS)


def _row() -> SnapshotRow:
    return SnapshotRow(
        id=1,
        watch_id=1,
        check_id=1,
        url="https://clinic.example/knee",
        final_url="https://clinic.example/knee",
        fetched_at=datetime(2026, 1, 2, tzinfo=UTC),
        body_sha256="0" * 64,
        text_sha256="0" * 64,
        article_sha256="0" * 64,
        document_sha256="0" * 64,
        warc_file="a.warc.gz",
        warc_offset=0,
        warc_length=10,
    )


def test_every_registered_document_view_renders_and_show_offers_them() -> None:
    row = _row()
    document = _doc("Therapy \x1b[31mcures\x1b[0m knee pain.")
    text = render_document(row, document, "text")
    assert "\x1b" not in text and "cures" in text
    assert "<script" not in render_document(row, document, "html")
    assert set(DOCUMENT_FORMATS) <= set(_choices("show"))


def test_a_version_showing_only_an_update_line_is_never_said_to_be_published() -> None:
    line = DeclaredDate(
        kind=DateKind.UPDATED,
        value="2025-07-09",
        text="Updated July 9, 2025",
        place=DatePlace.LINE,
    )
    document = _doc("Therapy may help.")
    document.published = document.updated = "2025-07-09"
    document.dates = [line]
    for name in DOCUMENT_FORMATS:
        shown = render_document(_row(), document, name)
        assert "updated: 2025-07-09" in shown and "published" not in shown.lower(), name
        assert "Updated July 9, 2025" in shown  # the page's own words, where they stood
    document.dates = []
    assert "no date declared" not in render_document(_row(), document, "text")


@given(st.text())
def test_printable_text_has_no_control_or_format_characters(text: str) -> None:
    shown = printable(text)
    assert len(shown) == len(text)
    assert all(ch.isprintable() for ch in shown)


def test_tabs_are_kept_only_when_asked() -> None:
    assert printable("a\tb\u2066c") == "a b c"
    assert printable("a\tb", tabs=True) == "a\tb"


def test_blocks_not_read_from_the_visible_markup_say_where_they_came_from() -> None:
    shown = Block(kind=BlockKind.PARAGRAPH, text="Visible.", sentences=[])
    machine = Block(
        kind=BlockKind.PARAGRAPH,
        text="Posted for machines.",
        sentences=[],
        source="JSON-LD DiscussionForumPosting text",
    )
    chosen = Block(kind=BlockKind.PARAGRAPH, text="Kept.", sentences=[], selected=".terms")
    document = Document(title="Thread", blocks=[shown, machine, machine, chosen])
    row = _row()
    text = render_document(row, document, "text")
    assert "2 block(s) read from the page's data for machines (JSON-LD Discussion" in text
    assert "1 block(s) kept by the watch's include selector .terms" in text
    page = render_document(row, document, "html")
    assert "2 block(s) read from the page&#x27;s data for machines" in page
    plain = render_document(row, Document(title="Plain", blocks=[shown]), "text")
    assert "block(s)" not in plain
