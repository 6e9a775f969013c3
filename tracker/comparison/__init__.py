"""Document x Document -> ChangeReport: what changed in an article's claims, citations and text.

The modules, in the order compare() uses them:

    normalize        matching keys: typography, Unicode forms and citation markers folded away
    align            whole-document sentence alignment: equal, modified, moved, added, removed;
                     splits and merges are one change; near-linear on long pages
    reference_match  reference entries paired by DOI / PMID / PMCID, entry text, then fuzzy
                     title, first author and year; never by label
    claims           the claim assessor (strength 0-3, hedges, boosters, numbers, negation)
    claim_tags       how one claim changed: its tags, numbers that moved, significance
    report           the ChangeReport: claim vs text changes, citations by work,
                     orphaned citations, metadata, silent edits, date-only bumps, chrome
    words            the inline word diff every renderer shows
"""

from __future__ import annotations

from tracker.model import ChangeReport, Document


def compare(old: Document, new: Document) -> ChangeReport:
    """Compare two versions of one article; see tracker.comparison.report for the rules."""
    # imported here: the assessor compiles a large lexicon, worth paying for only when comparing
    from tracker.comparison.claims import assess
    from tracker.comparison.report import build_report

    return build_report(old, new, assess)
