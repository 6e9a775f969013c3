"""Dates as pages write them -> ISO 8601 (``YYYY-MM-DD``, or a datetime when a time is given).

Handles ISO forms, "Apr 11, 2024", "11 April 2024", "April 2024" is *not* a date
(a day is required), numeric "10/05/2017" (month first unless the first number
cannot be a month), "11.04.2024" (day first), each optionally followed by a
time ("- 11:32", "at 3:05 pm"). Dates outside 1990..2100 are rejected.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME = (
    r"(?:\s*(?:[-–—,|@]|at|T)?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\.\d+)?\s*(?P<ampm>[ap]\.?m\.?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})" + _TIME, re.IGNORECASE),
    re.compile(
        _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b" + _TIME,
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        + _MONTH
        + r",?\s+(?P<year>\d{4})\b"
        + _TIME,
        re.IGNORECASE,
    ),
    re.compile(r"\b(?P<year>\d{4})/(?P<mon>\d{1,2})/(?P<day>\d{1,2})\b" + _TIME),
    re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})\b" + _TIME),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})\b" + _TIME),
]


def _build(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("month"):
        month = MONTHS.get(groups["month"].lower().rstrip("."), 0)
    elif groups.get("mon"):
        month = int(groups["mon"])
    else:  # a/b/yyyy: month first, unless a cannot be a month
        first, second = int(groups["a"]), int(groups["b"])
        month, day = (second, first) if first > 12 else (first, second)
        groups["day"] = str(day)
    day = int(groups["day"])
    if not 1990 <= year <= 2100:
        return None
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    if groups.get("hour") is None:
        return value.isoformat()
    hour, minute = int(groups["hour"]), int(groups["minute"])
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    second = int(groups["second"]) if groups.get("second") else 0
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return value.isoformat()
    text = moment.isoformat(timespec="seconds" if groups.get("second") else "minutes")
    tz = groups.get("tz")
    if tz:
        text += "+00:00" if tz.upper() == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
    return text


def find_date(text: str) -> tuple[str, int, int] | None:
    """(iso, start, end) of the first date in the text, or None."""
    best: tuple[str, int, int] | None = None
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[1]):
            iso = _build(match)
            if iso is not None:
                best = (iso, match.start(), match.end())
    return best


def parse_date(text: str | None) -> str | None:
    """ISO form of the first date in the text, or None."""
    if not text:
        return None
    found = find_date(text[:200])
    return found[0] if found else None
