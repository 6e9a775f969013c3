"""Named migration sets: each owner of tables in the index keeps its own ordered steps.

As in sqlite-utils' migrations, a step is known by its set and its name and is recorded
in the ``migrations`` table once it has run, so the store, the daemon's job state,
backfill provenance and the research workspace each add steps to their own set without
renumbering anyone else's. Steps are append only: a released step is never edited; a
change is a new step. A step creates or alters only its own set's tables (it may refer
to tables of sets registered before it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Migration", "MigrationSet", "Step", "run_script"]

Migration = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True, slots=True)
class Step:
    """One registered schema change: ``apply`` runs inside the caller's transaction."""

    set_name: str
    name: str
    apply: Migration

    @property
    def key(self) -> str:
        return f"{self.set_name}/{self.name}"


class MigrationSet:
    """An owner's steps, in the order they run; register one with ``@the_set``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._steps: list[Step] = []

    def __call__(self, function: Migration) -> Migration:
        name = function.__name__.lstrip("_")
        if any(step.name == name for step in self._steps):
            raise ValueError(f"migration set {self.name!r} already has a step named {name!r}")
        self._steps.append(Step(self.name, name, function))
        return function

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(self._steps)


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run SQL statements inside the caller's transaction (``executescript`` would commit it)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement.strip()[:60]}")
