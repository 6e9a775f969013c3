"""tracker: a revision tracker for web articles.

from tracker import extract, compare
report = compare(extract(old_html), extract(new_html))
print(report.to_json())
"""

from __future__ import annotations

__version__ = "0.1.0"

from tracker import native

COMPILED = native.compiled()  # before the stage is imported: a stale build must not run

from tracker.comparison import compare  # noqa: E402
from tracker.extraction import extract  # noqa: E402
from tracker.model import (  # noqa: E402
    Block,
    BlockKind,
    Capture,
    ChangeReport,
    Citation,
    Document,
    Reference,
    Sentence,
    StrippedBlock,
    StripReason,
)

__all__ = [
    "COMPILED",
    "Block",
    "BlockKind",
    "Capture",
    "ChangeReport",
    "Citation",
    "Document",
    "Reference",
    "Sentence",
    "StripReason",
    "StrippedBlock",
    "__version__",
    "compare",
    "extract",
]
