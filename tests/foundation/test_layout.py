"""The test tree's layout: shared helpers live in tests/support, imported as ``support.*``."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _imported_modules(path: Path) -> list[str]:
    """Every module a file imports, relative imports written with their leading dots."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append("." * node.level + (node.module or ""))
    return found


def test_no_test_imports_a_conftest_or_another_test_module() -> None:
    """A helper two test folders need is a module of tests/support, not a conftest's
    name reached through pytest's path insertion (``from daemon.conftest import ...``)."""
    offending = [
        f"{path.relative_to(TESTS)} imports {module}"
        for path in sorted(TESTS.rglob("*.py"))
        for module in _imported_modules(path)
        if module.startswith(".")
        or any(
            part == "conftest" or part.startswith("test_") or part == "tests"
            for part in module.split(".")
        )
    ]
    assert offending == []
