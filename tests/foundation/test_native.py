"""The compiled extraction stage: it must type-check to compile, and a build older than
its sources must refuse to run (an editable install's build shadows edited sources)."""

from __future__ import annotations

import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest
from mypy import api as mypy_api

from tracker.errors import StaleBuildError
from tracker.native import STAGE, compiled

ROOT = Path(__file__).resolve().parents[2]


def _stage(tmp_path: Path, built_at: float | None, source_at: float) -> Path:
    tmp_path.mkdir(exist_ok=True)
    source = tmp_path / "segment.py"
    source.write_text("")
    os.utime(source, (source_at, source_at))
    if built_at is not None:
        build = tmp_path / f"segment{EXTENSION_SUFFIXES[0]}"
        build.write_bytes(b"")
        os.utime(build, (built_at, built_at))
    return tmp_path


def test_sources_alone_run_as_python(tmp_path: Path) -> None:
    assert compiled(_stage(tmp_path, built_at=None, source_at=1_000)) is False


def test_a_build_newer_than_its_sources_runs(tmp_path: Path) -> None:
    assert compiled(_stage(tmp_path, built_at=2_000, source_at=1_000)) is True


def test_a_source_edited_after_the_build_refuses_to_run_and_says_how_to_rebuild(
    tmp_path: Path,
) -> None:
    with pytest.raises(StaleBuildError, match=r"segment\.py is newer.*pip install -e \."):
        compiled(_stage(tmp_path, built_at=1_000, source_at=2_000))


def test_the_stage_type_checks_as_the_compiler_needs() -> None:
    """mypyc compiles only code mypy accepts: an annotation that lies would fail the install
    (or, unchecked, raise at run time in the compiled stage)."""
    out, err, status = mypy_api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            str(STAGE),
            str(ROOT / "tracker/comparison"),
        ]
    )
    assert status == 0, out + err


def test_a_module_left_as_python_runs_as_edited(tmp_path: Path) -> None:
    stage = _stage(tmp_path, built_at=1_000, source_at=500)
    edited = stage / "__init__.py"
    edited.write_text("")
    os.utime(edited, (2_000, 2_000))
    assert compiled(stage) is True


def test_a_record_module_edited_after_the_build_refuses_to_run(tmp_path: Path) -> None:
    """The model's records are compiled with the stage (setup.py): an edited one is stale too."""
    stage = _stage(tmp_path / "extraction", built_at=2_000, source_at=1_000)
    records = _stage(tmp_path / "model", built_at=2_000, source_at=3_000)
    with pytest.raises(StaleBuildError, match=r"tracker/model/segment\.py is newer"):
        compiled(stage, records)
    assert compiled(stage) is True
