"""Builds the extraction stage into C with mypyc: the same Python source, type-checked by
mypy and compiled, reads a page in about four fifths of the interpreter's instructions
(benchmarks/extraction.py prints which build it measured). Everything else is
configured in pyproject.toml.

Set TRACKER_PURE_PYTHON=1 at install to skip the compiler: the package then runs as plain
Python, with the same output, slower. In an editable install the compiled modules sit beside
their sources and shadow them, so an edited source needs the install run again (tracker
refuses to import a build older than its source: tracker/native.py).
"""

import os
from pathlib import Path

from setuptools import setup


def _compiled_stage() -> list:
    if os.environ.get("TRACKER_PURE_PYTHON"):
        return []
    from mypyc.build import mypycify

    sources = sorted(str(path) for path in Path("tracker/extraction").glob("*.py"))
    return mypycify(sources, opt_level="3", group_name="tracker_extraction")


setup(ext_modules=_compiled_stage())
