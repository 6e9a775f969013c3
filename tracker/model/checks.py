"""What one check was: the outcome every stage spells the same way."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """What one check was. The one spelling of the outcome: the check decides it, the
    index keeps it, the daemon counts failures by it, every output prints it."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    BLOCKED = "blocked"
    GONE = "gone"

    @property
    def ok(self) -> bool:
        """A usable page: a version is stored or seen again."""
        return self in OK_OUTCOMES


OK_OUTCOMES = frozenset({Outcome.NEW, Outcome.CHANGED, Outcome.UNCHANGED})
FAILED_OUTCOMES = frozenset(Outcome) - OK_OUTCOMES  # checks that yield no usable page
