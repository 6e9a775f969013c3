"""Document x Document -> ChangeReport: what changed in an article's claims, citations and text."""

from __future__ import annotations

from tracker.model import ChangeReport, Document


def compare(old: Document, new: Document) -> ChangeReport:
    """Compare two versions of one article; see tracker.comparison.report for the rules."""
    from tracker.comparison.claims import assess
    from tracker.comparison.report import build_report

    return build_report(old, new, assess)
