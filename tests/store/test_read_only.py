"""``open_index(read_only=True)``: a reader beside a writer (``tracker serve --read-only``)
runs no upgrade, no recovery and writes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.site import T0, URL, make_document, store_version

from tracker.cli import cli
from tracker.errors import MigrationPending, StoreError
from tracker.store import open_index
from tracker.store.rows import INDEX_NAME


def _files(root: Path) -> dict[str, bytes]:
    """Every file's bytes; SQLite's shared-memory index and an empty WAL, which a reader of a
    WAL database may create, are not data."""
    files = {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.endswith("-shm")
    }
    return {name: data for name, data in files.items() if data or not name.endswith("-wal")}


def test_a_read_only_index_reads_everything_and_writes_nothing(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        store_version(store, make_document("A claim."), T0)
    (warc,) = (tmp_path / "warc").iterdir()
    with warc.open("ab") as handle:  # what a writer killed mid-append leaves behind
        handle.write(b"\x1f\x8b")
    before = _files(tmp_path)
    with open_index(tmp_path, read_only=True) as store:
        assert [snapshot.id for snapshot in store.snapshots(URL)] == [1]
        assert store.resolve_version(URL).text == "A claim."
        assert [problem.kind for problem in store.verify()] == ["unheld"]  # the torn tail
        with pytest.raises(StoreError, match="read-only"):
            store.ensure_watch("https://example.org/other")
        with pytest.raises(StoreError, match="read-only"):
            store.put_document(make_document("Another claim."))
        with pytest.raises(StoreError, match="read-only"):
            store.mark_seen("someone", 1)
    assert _files(tmp_path) == before  # no recovery cut, no row, no file


def test_a_pending_upgrade_is_left_to_a_writer(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        store_version(store, make_document("A claim."), T0)
    with sqlite3.connect(tmp_path / INDEX_NAME) as db:  # as a tracker one step older left it
        db.execute("DELETE FROM migrations WHERE name = 'restorable'")
    before = _files(tmp_path)
    with pytest.raises(MigrationPending, match="history/restorable"):
        open_index(tmp_path, read_only=True)
    result = CliRunner().invoke(cli, ["serve", "--read-only", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "open it once without --read-only" in result.stderr
    assert _files(tmp_path) == before
    with open_index(tmp_path) as store:  # a writer runs it
        assert "history/restorable" in store.applied_migrations
