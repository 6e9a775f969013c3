"""The store's one face: what crosses it, and what an implementation must provide."""

from __future__ import annotations

import contextlib
import inspect
import re
import sqlite3
from pathlib import Path

import pytest

import tracker
from tracker.errors import StoreError
from tracker.model import Outcome
from tracker.store import Index, SqliteIndex, open_index
from tracker.store.rows import INDEX_NAME

PACKAGE = Path(tracker.__file__).parent


def _members(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in vars(cls).items()
        if inspect.isfunction(member) and not name.startswith("_")
    }


def test_the_sqlite_index_provides_every_member_of_the_protocol_with_its_signature() -> None:
    for name, signature in _members(Index).items():
        assert hasattr(SqliteIndex, name), name
        provided = inspect.signature(getattr(SqliteIndex, name))
        assert list(provided.parameters) == list(signature.parameters), name


def test_no_module_outside_the_store_imports_sqlite() -> None:
    imports = re.compile(r"^\s*(import|from) sqlite3\b", re.MULTILINE)
    outside = [
        path.relative_to(PACKAGE)
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != "store"
        and imports.search(path.read_text(encoding="utf-8"))
    ]
    assert outside == []


def test_a_database_error_in_any_part_of_the_index_leaves_as_a_store_error(
    tmp_path: Path,
) -> None:
    with open_index(tmp_path) as store:
        watch = store.ensure_watch("https://clinic.example/knee")
    db = sqlite3.connect(tmp_path / INDEX_NAME)
    db.execute("DROP TABLE past_captures")
    db.commit()
    db.close()
    with open_index(tmp_path) as store:
        with pytest.raises(StoreError, match="no such table"):
            store.past_capture_states(watch.id)
        with pytest.raises(StoreError, match="no such table"):
            store.past_captures(watch.url)


def test_the_index_accepts_exactly_the_outcomes_of_the_model(tmp_path: Path) -> None:
    with open_index(tmp_path):
        pass
    with contextlib.closing(sqlite3.connect(tmp_path / INDEX_NAME)) as db:
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'checks'").fetchone()
    listed = re.search(r"outcome IN \(([^)]*)\)", sql)
    assert listed is not None
    assert {value.strip(" '") for value in listed.group(1).split(",")} == set(Outcome)
