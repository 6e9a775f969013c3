"""A ChangeReport as the stable JSON of DESIGN.md (schema tracker.change-report/1)."""

from __future__ import annotations

import json

from tracker.model import ChangeReport

__all__ = ["render_json"]


def render_json(report: ChangeReport, *, indent: int | None = 2) -> str:
    """UTF-8 JSON text, keys in contract order; non-ASCII kept as is, so quotes stay legible."""
    return json.dumps(report.to_json(), ensure_ascii=False, indent=indent) + "\n"
