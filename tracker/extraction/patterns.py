"""Regular expressions written where they are used, compiled once.

The ``regex`` module's own module-level functions (``regex.sub(pattern, ...)``) look
their pattern up in a cache on every call, and that lookup costs several times the
match itself on the short strings of a reference entry or a citation: about 2.5 µs
a call, some fifty calls per reference. ``compiled`` keeps each pattern beside the
code that reads it while paying the compilation once per process.
"""

from __future__ import annotations

import regex

from tracker.memo import once

__all__ = ["compiled"]


@once(1024)  # bounded: a few patterns interpolate a year
def compiled(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    return regex.compile(pattern, flags)
