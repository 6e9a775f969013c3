"""The plain data that flows between pipeline stages.

fetch makes a Capture; extract turns its HTML into a Document; compare turns two
Documents into a ChangeReport. Each stage sees only these types, never another
stage's internals, so every stage can be tested and replaced on its own.
Documents and reports round-trip through JSON (``to_json`` / ``from_json``):
that JSON is what the store keeps and what researchers cite.

One module a kind of data, every name imported from here (``tracker.model``):
``checks`` (the outcome), ``capture`` (what a fetch brings back), ``document``
(the Document and its one serialiser), ``report`` (the ChangeReport contract).
"""

from tracker.model.capture import (
    NO_HEADERS,
    RENDERED_TYPE,
    Capture,
    Headers,
    NotModified,
    Validators,
)
from tracker.model.checks import FAILED_OUTCOMES, OK_OUTCOMES, Outcome
from tracker.model.document import (
    DOCUMENT_SCHEMA,
    Block,
    BlockKind,
    Citation,
    DateKind,
    DatePlace,
    DeclaredDate,
    Document,
    MetadataValue,
    Reference,
    Sentence,
    StrippedBlock,
    StripReason,
    declares_published,
)
from tracker.model.report import (
    CHANGE_REPORT_SCHEMA,
    REPORT_FILTERS,
    ChangeKind,
    ChangeNote,
    ChangeReport,
    ClaimChange,
    ClaimTag,
    DateChange,
    DocumentSummary,
    MetadataChange,
    NumberChange,
    ReferenceChange,
    Significance,
    TextChange,
    Unreachable,
)

__all__ = [
    "CHANGE_REPORT_SCHEMA",
    "DOCUMENT_SCHEMA",
    "FAILED_OUTCOMES",
    "NO_HEADERS",
    "OK_OUTCOMES",
    "RENDERED_TYPE",
    "REPORT_FILTERS",
    "Block",
    "BlockKind",
    "Capture",
    "ChangeKind",
    "ChangeNote",
    "ChangeReport",
    "Citation",
    "ClaimChange",
    "ClaimTag",
    "DateChange",
    "DateKind",
    "DatePlace",
    "DeclaredDate",
    "Document",
    "DocumentSummary",
    "Headers",
    "MetadataChange",
    "MetadataValue",
    "NotModified",
    "NumberChange",
    "Outcome",
    "Reference",
    "ReferenceChange",
    "Sentence",
    "Significance",
    "StripReason",
    "StrippedBlock",
    "TextChange",
    "Unreachable",
    "Validators",
    "declares_published",
]
