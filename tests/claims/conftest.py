"""Shared fixtures of the claim tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Callable[[Any, str], list[Any]]:
    """``reads(owner, name)``: every first argument ``owner.name`` is called with, from now.

    Tests of what is remembered count what is read again (the encoder's sentences, the
    assessor's cue reading) without changing the answers.
    """

    def install(owner: Any, name: str) -> list[Any]:
        seen: list[Any] = []
        original = getattr(owner, name)

        def counting(first: Any, *args: Any, **kwargs: Any) -> Any:
            seen.extend(first) if isinstance(first, list) else seen.append(first)
            return original(first, *args, **kwargs)

        monkeypatch.setattr(owner, name, counting)
        return seen

    return install
