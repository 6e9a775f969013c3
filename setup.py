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

from setuptools import Extension, setup

# Modules of the stage left as Python. Its public face (__init__: extract) checks what it is
# handed and says so in an ExtractionError, where compiled code would raise TypeError. The
# reference list's reading (reference_list, ref_model) is a small part of the few pages that
# have one, and holds the seams the tests observe: which entries are parsed anew, a missing
# python-crfsuite (compiled code calls its module's functions directly, and takes a module
# that sys.modules marks absent for present).
# The model's attributes of each token (ref_features) are compiled: most of a reference's cost.
_PYTHON = {"__init__.py", "reference_list.py", "ref_model.py"}
# The records the stage makes by the thousand per page (Block, Sentence, StrippedBlock),
# compiled with it: native classes, whose attributes compiled code reads from the object's
# C struct, not through a descriptor found by name.
_RECORDS = "tracker/model/document.py"


def _compiled_stage() -> list[Extension]:
    if os.environ.get("TRACKER_PURE_PYTHON"):
        return []
    from mypyc.build import mypycify

    stage = Path("tracker/extraction")
    sources = sorted(str(path) for path in stage.glob("*.py") if path.name not in _PYTHON)
    sources.append(_RECORDS)
    return mypycify(sources, opt_level="3", group_name="tracker_extraction")


setup(ext_modules=_compiled_stage())
