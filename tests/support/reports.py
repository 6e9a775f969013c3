"""Change reports of the shapes the daemon must tell apart, built from the model dataclasses."""

from __future__ import annotations

from tracker.model import (
    ChangeKind,
    ChangeReport,
    ClaimChange,
    ClaimTag,
    DocumentSummary,
    MetadataChange,
    ReferenceChange,
    TextChange,
)


def summary(updated: str | None) -> DocumentSummary:
    return DocumentSummary(
        title="Knee cartilage repair with cell therapy", updated=updated, published=None, authors=[]
    )


def claim_report(*, strengthened: bool = False, silent: bool = False) -> ChangeReport:
    tags = (
        [ClaimTag.STRENGTHENED, ClaimTag.HEDGE_REMOVED]
        if strengthened
        else [ClaimTag.NUMBER_CHANGED]
    )
    return ChangeReport(
        old=summary("2025-03-02"),
        new=summary("2025-03-02" if silent else "2025-09-14"),
        article_changed=True,
        silent_edit=silent,
        metadata_changes=[]
        if silent
        else [MetadataChange(field="updated", old="2025-03-02", new="2025-09-14")],
        claim_changes=[
            ClaimChange(
                kind=ChangeKind.MODIFIED,
                old="Injections might ease knee pain for some of our 300 patients.",
                new="Injections ease knee pain for all of our 900 patients.",
                tags=tags,
            )
        ],
    )


def reference_report() -> ChangeReport:
    return ChangeReport(
        old=summary("2025-03-02"),
        new=summary("2025-03-02"),
        article_changed=True,
        silent_edit=True,
        reference_changes=[
            ReferenceChange(
                kind=ChangeKind.REMOVED,
                old={"label": "4", "text": "Ortega P. A small pilot of cartilage grafts. 2016."},
                new=None,
            )
        ],
    )


def chrome_report() -> ChangeReport:
    return ChangeReport(
        old=summary("2025-03-02"),
        new=summary("2025-03-02"),
        article_changed=False,
        silent_edit=False,
        boilerplate_changes=[
            TextChange(kind=ChangeKind.MODIFIED, old="Book a free call", new="Book a call today")
        ],
    )
