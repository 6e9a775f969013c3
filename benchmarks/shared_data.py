"""Where the benchmarks find the public labelled data (``../shared/data``), never copied here."""

from __future__ import annotations

from pathlib import Path


def extraction_dir(path: Path) -> Path:
    """The article-extraction data: ``path`` itself, or its ``extraction`` folder.

    Either the data root or the folder holding ``ground-truth.json`` and ``html/`` is
    accepted; anything else stops with a message that says what was expected.
    """
    for candidate in (path, path / "extraction"):
        if (candidate / "ground-truth.json").is_file() and (candidate / "html").is_dir():
            return candidate
    raise SystemExit(
        f"{path}: no article-extraction data here; expected a folder holding "
        "ground-truth.json and html/ (for example ../shared/data/extraction), "
        "or the data root that holds it (../shared/data)"
    )
