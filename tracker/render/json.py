"""A ChangeReport as the stable JSON of DESIGN.md (schema tracker.change-report/1).

Every rewritten sentence also carries its inline word diff (``diff``: a list of
``{"op": "equal"|"delete"|"insert", "text": ...}``), the same one the terminal and
HTML renderers show, so scripts need no diff library of their own. It is an added
field: the contract's fields are unchanged.
"""

from __future__ import annotations

import json
from typing import Any

from tracker.comparison.words import word_diff
from tracker.model import ChangeReport

__all__ = ["render_json", "report_json"]


def _with_diff(change: dict[str, Any], old: Any, new: Any) -> dict[str, Any]:
    if isinstance(old, str) and isinstance(new, str) and old != new:
        change["diff"] = [{"op": s.op, "text": s.text} for s in word_diff(old, new)]
    return change


def report_json(report: ChangeReport) -> dict[str, Any]:
    """The report's JSON object, with the word diffs added."""
    data = report.to_json()
    for key in ("claim_changes", "text_changes", "boilerplate_changes"):
        data[key] = [_with_diff(change, change["old"], change["new"]) for change in data[key]]
    data["reference_changes"] = [
        _with_diff(
            change,
            (change["old"] or {}).get("text"),
            (change["new"] or {}).get("text"),
        )
        for change in data["reference_changes"]
    ]
    return data


def render_json(report: ChangeReport, *, indent: int | None = 2) -> str:
    """UTF-8 JSON text, keys in contract order; non-ASCII kept as is, so quotes stay legible."""
    return json.dumps(report_json(report), ensure_ascii=False, indent=indent) + "\n"
