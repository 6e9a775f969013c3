"""A spy on the reference parser: which entry texts extraction asks it to parse."""

from __future__ import annotations

import pytest

from tracker.extraction import reference_list
from tracker.model import Reference


def parsed_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The entry texts ``parse_reference`` is asked about from now on, in order."""
    asked: list[str] = []
    parse = reference_list.parse_reference

    def counting(text: str) -> Reference:
        asked.append(text)
        return parse(text)

    monkeypatch.setattr(reference_list, "parse_reference", counting)
    return asked
