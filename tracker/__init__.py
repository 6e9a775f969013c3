"""tracker: a revision tracker for web articles.

from tracker import extract, compare
report = compare(extract(old_html), extract(new_html))
print(report.to_json())
"""

from __future__ import annotations

__version__ = "0.1.0"

from tracker.comparison import compare
from tracker.extraction import extract
from tracker.model import (
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
