"""Whether the extraction stage runs compiled, and the guard that keeps a stale build from
running: setup.py compiles tracker/extraction with mypyc at install, and in an editable
install the compiled modules sit beside their sources and shadow them, so a source edited
since would silently not run. tracker/__init__ asks before importing the stage."""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from tracker.errors import StaleBuildError

STAGE = Path(__file__).parent / "extraction"
# the records the stage makes by the thousand, compiled with it (setup.py)
RECORDS = Path(__file__).parent / "model"


def compiled(*stages: Path) -> bool:
    """True when the stage's compiled modules are installed beside their sources (``stages``:
    the folders compiled, by default the stage's and its records'); raises StaleBuildError
    when a compiled module's source is newer than the build (the modules left as Python,
    setup.py's list, run as edited)."""
    folders = stages or (STAGE, RECORDS)
    built = [
        path
        for folder in folders
        for path in folder.iterdir()
        if path.name.endswith(tuple(EXTENSION_SUFFIXES))
    ]
    if not built:
        return False
    oldest = min(path.stat().st_mtime for path in built)
    names = {(path.parent, path.name.split(".")[0]) for path in built}
    edited = sorted(
        f"tracker/{path.parent.name}/{path.name}"
        for folder in folders
        for path in folder.glob("*.py")
        if (folder, path.stem) in names and path.stat().st_mtime > oldest
    )
    if edited:
        raise StaleBuildError(
            f"{edited[0]} is newer than its compiled build: run the install "
            "again (pip install -e .) to rebuild it, or set TRACKER_PURE_PYTHON=1 for that "
            "install to run the sources as plain Python"
        )
    return True
