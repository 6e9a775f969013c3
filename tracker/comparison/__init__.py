"""Document x Document -> ChangeReport."""

from tracker.errors import NotBuiltError
from tracker.model import ChangeReport, Document


def compare(old: Document, new: Document) -> ChangeReport:
    raise NotBuiltError("comparison is being built")
