"""The research workspace's own tables: annotations, seen-state, and the watch summaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.errors import UnknownVersionError
from tracker.store import AnnotationQuery, Judgement, open_index


def test_a_watch_never_checked_is_summarised_without_a_check(tmp_path: Path) -> None:
    with open_index(tmp_path) as index:
        index.ensure_watch("https://clinic.example/post", name="post")
        (summary,) = index.watch_summaries("ana")
    assert summary.name == "post" and summary.last_check_at is None
    assert (summary.versions, summary.unseen_changes, summary.failing_checks) == (0, 0, 0)
    assert summary.to_json()["last_check"] is None


def test_annotations_and_seen_state_need_a_stored_version(tmp_path: Path) -> None:
    with open_index(tmp_path) as index:
        with pytest.raises(UnknownVersionError):
            index.add_annotation(7, "ana", Judgement(True, "", ()))
        with pytest.raises(UnknownVersionError):
            index.mark_seen("ana", 7)
        assert index.annotations(AnnotationQuery()) == []


def test_the_tables_survive_reopening_and_are_plain_sql(tmp_path: Path) -> None:
    import sqlite3

    with open_index(tmp_path):
        pass
    with sqlite3.connect(tmp_path / "index.sqlite3") as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert {"annotations", "seen_versions"} <= tables
