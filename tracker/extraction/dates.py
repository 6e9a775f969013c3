"""Dates as pages write them -> ISO 8601 (``YYYY-MM-DD``, or a datetime when a time is given).

Month names and their usual abbreviations in English, Spanish, French, German,
Portuguese and Italian ("Apr 11, 2024", "11 April 2024", "1er août 2025", "1.º de março
de 2024", "14 de enero de 2025", "14. Januar 2025"); ISO forms, "2025/12/17" and
"2025.12.17"; year, month and day with the CJK signs ("2025年12月1日", "2025년 12월 1일");
numeric "10/05/2017", "14-01-2025" and "11.04.2024"; "19-Dec-2025", "Jul. 11. 2025".
The order of a numeric day and month comes from the page's language (``day_first``):
month first for US English and when the language is unknown (unless the first number
cannot be a month), day first for every other language; dotted dates are day first unless
the second number cannot be a month ("06.18.2025") (``writes_day_first`` tells the order
a page's own dates in words keep, for the page to settle an order its language
leaves open). A time and a zone that follow the date are kept ("- 11:32", "at 3:05 pm",
"14h30", "um 14:30 Uhr", "ore 14:30", "10:00 EST"). "April 2024" is not a date (a day is
required); years outside 1990..2100 are rejected. Relative dates ("3 days ago", "2 days, 3
hours ago", "il y a 2 jours", "vor einem Tag", "3 dias atrás", "yesterday") are resolved
only against a capture time given as ``now`` (to the day: "3 hours ago" says which day, not
which minute), never against the clock of the machine reading the page; a count of months
or years says no day and is not read, nor is a date that names one ("2 months, 3 days ago").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from tracker.memo import remembered

_FIRST_YEAR: Final = 1990  # the years a date may name
_LAST_YEAR: Final = 2100
_MONTH_NAMES: Final[tuple[tuple[str, ...], ...]] = (
    # English; Spanish; French; German; Portuguese; Italian (and their abbreviations)
    ("january", "jan", "enero", "ene", "janvier", "janv", "januar", "jänner", "janeiro",
     "gennaio", "gen"),
    ("february", "feb", "febrero", "février", "fevrier", "févr", "fevr", "février", "februar",
     "fevereiro", "fev", "febbraio"),
    ("march", "mar", "marzo", "mars", "märz", "maerz", "marz", "mär", "mrz", "março",
     "marco"),
    ("april", "apr", "abril", "abr", "avril", "avr", "aprile"),
    ("may", "mayo", "mai", "maio", "maggio", "mag"),
    ("june", "jun", "junio", "juin", "juni", "junho", "giugno", "giu"),
    ("july", "jul", "julio", "juillet", "juil", "juli", "julho", "luglio", "lug"),
    ("august", "aug", "agosto", "ago", "août", "aout", "agosto"),
    ("september", "sep", "sept", "septiembre", "setiembre", "septembre", "setembro", "set",
     "settembre", "sett"),
    ("october", "oct", "octubre", "octobre", "oktober", "okt", "outubro", "out", "ottobre",
     "ott"),
    ("november", "nov", "noviembre", "novembre", "novembro"),
    ("december", "dec", "diciembre", "dic", "décembre", "decembre", "déc", "dezember", "dez",
     "dezembro", "dicembre"),
)  # fmt: skip
MONTHS: Final = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
# the letters a month name opens with, looked ahead for before the names are tried one by
# one: at every number or word a form of a date is tried at, the names rarely begin there
_INITIALS: Final = "".join(sorted({re.escape(name[0]) for name in MONTHS}))
_MONTH_INITIALS: Final = "(?=[" + _INITIALS + "])"
_MONTH: Final = (
    _MONTH_INITIALS
    + r"(?P<month>"
    + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
    + r")(?![\w])\.?"
)
_ZONES: Final = {
    "z": "+00:00", "utc": "+00:00", "gmt": "+00:00", "est": "-05:00", "edt": "-04:00",
    "cst": "-06:00", "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00",
    "pdt": "-07:00", "cet": "+01:00", "cest": "+02:00", "mez": "+01:00", "mesz": "+02:00",
    "bst": "+01:00", "wet": "+00:00", "west": "+01:00", "eet": "+02:00", "eest": "+03:00",
}  # fmt: skip
_TIME: Final = (
    r"(?:\s*(?:[-–—,|@·]|at|à|a\s+las|a\s+la|um|alle|às|as|ore|T)?\s*"
    r"(?P<hour>\d{1,2})(?::|h(?=\d{2}))(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?"
    r"\s*(?P<ampm>[aApP]\.?\s?[mM]\.?)?(?:\s*Uhr)?"
    r"\s*(?P<tz>Z\b|[+-]\d{2}:?\d{2}\b|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?"
    r"|(?:" + "|".join(z.upper() for z in _ZONES if len(z) > 1) + r")\b)?)?"
)
# "1.º de março" in Portugal, "1ᵉʳ août" in French typography
_DAY_SUFFIX: Final = r"(?:st|nd|rd|th|er|re|e|ᵉʳ|ʳᵉ|ᵉ|\.?º|\.?°|o|\.)?"


def _opening_number(group: str, rest: str, not_after: str) -> str:
    """A form's opening number as a named group whose first digit is matched before the
    check of the character ahead of it (``not_after``): the same matches as a look-behind
    (or ``\\b``) in front, but a pattern that opens with a digit is scanned for in C, while
    one that opens with a look-behind is tried at every character of the text."""
    return rf"(?P<{group}>\d(?<!{not_after}\d){rest})"


# a year's four digits, then no digit, unless a reading time runs into them ("May 2nd
# 202511 mins": the byline's spans joined without a space)
_YEAR_END: Final = r"(?!\d(?!\d{0,2}\s?[mM][iI][nN]))"
_DOTTED: Final = re.compile(
    _opening_number("day", r"\d?", r"[\d.]")
    + r"\.\s?(?P<mon>\d{1,2})\.\s?(?P<year>\d{4})\b"
    + _TIME
)
_MONTH_FIRST: Final = re.compile(
    # a year may run into the next word: "Dec 17, 2025Julian", and a name into the month:
    # "Ana RuizMar 5, 2025" (spans joined without a space: a capital after a small letter)
    r"(?:\b|(?-i:(?<=[a-z])(?=[A-Z])))"
    + _MONTH
    + r"\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?[,.]?\s+(?P<year>\d{4})"
    + _YEAR_END
    + _TIME,
    re.IGNORECASE,
)
# what every match of the month-first form holds, its day then its year ("17, 2025"):
# scanning for that is far cheaper than trying every month name at every word
_DAY_THEN_YEAR: Final = re.compile(r"\d(?:st|nd|rd|th)?[,.]?\s+\d{4}" + _YEAR_END, re.IGNORECASE)
_DAY_FIRST: Final = re.compile(
    r"\b(?P<day>\d{1,2})"
    + _DAY_SUFFIX
    + r"(?:-|\s*(?:of\s+|de\s+)?)"
    + _MONTH
    + r"(?:-|,?\s*(?:de\s+|del\s+)?)(?P<year>\d{4})"
    + _YEAR_END
    + _TIME,
    re.IGNORECASE,
)
_PATTERNS: Final = [
    re.compile(
        _opening_number("year", r"\d{3}", r"[\d.]")
        + r"-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?![\d])"
        + _TIME
    ),
    _MONTH_FIRST,
    _DAY_FIRST,
    re.compile(
        _opening_number("year", r"\d{3}", r"[\d.]")
        + r"(?P<sep>[/.])(?P<mon>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\.?\d)"
        + _TIME
    ),
    re.compile(
        _opening_number("a", r"\d?", r"[\d./-]")
        + r"[/-](?P<b>\d{1,2})[/-](?P<year>\d{4})\b"
        + _TIME
    ),
    _DOTTED,
    # Chinese and Japanese "2025年12月1日", Korean "2025년 12월 1일"
    re.compile(
        _opening_number("year", r"\d{3}", r"\d")
        + r"\s*[年년]\s*(?P<mon>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"
        + _TIME
    ),
]
# unit prefixes (every language above) -> days per unit; hours are counted apart
_HOUR_UNITS: Final = ("hour", "hr", "heure", "hora", "stunde", "ore", "ora")
_DAY_UNITS: Final = ("day", "jour", "día", "dia", "tag", "giorn")
_WEEK_UNITS: Final = ("week", "semaine", "semana", "woche", "settiman")
_UNIT: Final = (
    r"(?P<unit>seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?"
    r"|secondes?|heures?|jours?|semaines?"
    r"|segundos?|minutos?|horas?|días?|dias?|semanas?"
    r"|sekunden?|minuten?|stunden?|tag(?:en?)?|wochen?"
    r"|secondi|secondo|minuti|minuto|ore|ora|giorni|giorno|settimane|settimana)"
)
# the larger units a relative date may name before its last ("2 days, 3 hours ago")
_LEAD_UNIT: Final = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)"
_LEAD_PART: Final = re.compile(r"(?P<count>\d{1,3}|an?|one)\s+(?P<unit>" + _LEAD_UNIT + ")", re.I)
_RELATIVE: Final = re.compile(
    r"\b(?:(?P<lead>(?:(?:\d{1,3}|an?|one)\s+" + _LEAD_UNIT + r",?\s+(?:and\s+)?)+)?"
    r"(?P<n1>\d{1,3}|an?|one)\s+" + _UNIT + r"\s+ago"
    r"|il\s+y\s+a\s+(?P<n2>\d{1,3}|une?)\s+" + _UNIT.replace("unit", "unit2")
    + r"|(?:hace|há|ha)\s+(?P<n3>\d{1,3}|una?|um|uma)\s+" + _UNIT.replace("unit", "unit3")
    + r"|vor\s+(?P<n4>\d{1,3}|einer?|einem)\s+" + _UNIT.replace("unit", "unit4")
    + r"|(?P<n5>\d{1,3}|una?|un|uma?)\s+" + _UNIT.replace("unit", "unit5") + r"\s+(?:fa|atrás)"
    + r")\b"
    r"|\b(?P<yesterday>yesterday|hier|ayer|gestern|ontem|ieri)\b"
    r"|\b(?P<today>today|aujourd'hui|hoy|heute|hoje|oggi)\b",
    re.IGNORECASE,
)  # fmt: skip


# a character a date written out in full starts at: every form opens with a digit (its
# day's or its year's) or with its month's name (relative dates excepted)
WRITTEN_DATE_START: Final = re.compile(r"[\d" + _INITIALS + "]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """One date in a text: its ISO value and where it stood."""

    iso: str
    start: int
    end: int
    relative: bool = False
    # "03/10/2023": the reading with day and month the other way round, when both can be
    # a month and only the page's language chose (its markup may say which is meant)
    other_order: str | None = None


def day_first_for(language: str | None) -> bool | None:
    """Whether a numeric "01/08/2025" puts the day first on a page in this language.

    None (month first unless impossible) for US English and an unknown language.
    """
    if not language:
        return None
    tag = language.lower().replace("_", "-")
    if tag.startswith("en"):
        return None if tag in ("en", "en-us") or tag.startswith(("en-us", "en-ph")) else True
    return True


def writes_day_first(texts: Iterable[str]) -> bool | None:
    """Whether the texts write their dates with month names day first ("16 February 2026")
    rather than month first ("February 16, 2026"): the order a writer who does both ways
    keeps in numbers too. None when they write neither, or both as often."""
    day_first = month_first = 0
    for text in texts:
        if _names_a_year(text):
            day_first += sum(1 for _ in _DAY_FIRST.finditer(text))
            month_first += sum(1 for _ in _MONTH_FIRST.finditer(text))
    return None if day_first == month_first else day_first > month_first


def _zone(text: str) -> str:
    text = text.strip()
    named = _ZONES.get(text.lower())
    if named:
        return named
    if text.upper().startswith(("UTC", "GMT")):
        rest = text[3:]
        if not rest:
            return "+00:00"
        sign, digits = rest[0], rest[1:].replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
        return f"{sign}{int(hours):02d}:{minutes}"
    return text if ":" in text else f"{text[:3]}:{text[3:]}"


def _build(match: re.Match[str], day_first: bool | None) -> str | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("month"):
        month = MONTHS.get(groups["month"].lower().rstrip("."), 0)
    elif groups.get("mon"):
        month = int(groups["mon"])
        if match.re is _DOTTED and month > 12 >= int(groups["day"]):
            month, groups["day"] = int(groups["day"]), groups["mon"]  # "06.18.2025"
    else:  # a/b/yyyy: the page's order, unless one of them cannot be a month
        first, second = int(groups["a"]), int(groups["b"])
        if first > 12:
            day_first_here = True
        elif second > 12:
            day_first_here = False
        else:
            day_first_here = bool(day_first)
        month, day = (second, first) if day_first_here else (first, second)
        groups["day"] = str(day)
    day = int(groups["day"])
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        return None
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    if groups.get("hour") is None:
        return value.isoformat()
    hour, minute = int(groups["hour"]), int(groups["minute"])
    ampm = re.sub(r"[.\s]", "", groups.get("ampm") or "").lower()
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
    if groups.get("tz"):
        text += _zone(groups["tz"])
    return text


def _other_order(match: re.Match[str], iso: str) -> str | None:
    """The same numeric date read with day and month swapped, when both are 1..12."""
    groups = match.groupdict()
    if groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
    elif groups.get("mon") and match.re is _DOTTED:
        first, second = int(groups["day"]), int(groups["mon"])
    else:
        return None
    if first == second or first > 12 or second > 12:
        return None
    month, day = int(iso[5:7]), int(iso[8:10])
    return f"{iso[:4]}-{day:02d}-{month:02d}{iso[10:]}"


def _relative(match: re.Match[str], now: datetime) -> str | None:
    """The day a relative date points at, counted back from the capture time."""
    if match.group("yesterday"):
        return (now.date() - timedelta(days=1)).isoformat()
    if match.group("today"):
        return now.date().isoformat()
    index = next(k for k in range(1, 6) if match.group(f"n{k}"))
    parts = [(match.group(f"n{index}"), match.group("unit" if index == 1 else f"unit{index}"))]
    if index == 1 and match.group("lead"):
        parts += [(part["count"], part["unit"]) for part in _LEAD_PART.finditer(match["lead"])]
    back = timedelta()
    for count_text, unit_text in parts:
        count = int(count_text) if count_text.isdigit() else 1
        unit = unit_text.lower()
        if unit.startswith(("month", "year", "yr")):
            return None  # "2 months, 3 days ago": a count of months says no day
        if unit.startswith(_WEEK_UNITS):
            back += timedelta(weeks=count)
        elif unit.startswith(_DAY_UNITS):
            back += timedelta(days=count)
        elif unit.startswith(_HOUR_UNITS):
            back += timedelta(hours=count)
    return (now - back).date().isoformat()


# every form's year is a run of exactly four digits (or four a reading time runs into:
# _YEAR_END), and one outside the years read
# rejects its date: a text with no such run in range ("in 5000 patients") holds none.
# The run is looked for from its first digit, then no digit before it: a pattern that
# opens with a digit is scanned for in C, one that opens with a look-behind is tried at
# every character (four times the cost, on the opening of every block of a page)
_FOUR_DIGITS: Final = re.compile(r"\d(?<!\d\d)\d{3}" + _YEAR_END)


def _names_a_year(text: str) -> bool:
    return any(_FIRST_YEAR <= int(digits) <= _LAST_YEAR for digits in _FOUR_DIGITS.findall(text))


@remembered(16384)
def _written_dates(text: str, day_first: bool | None) -> tuple[FoundDate, ...]:
    """The dates written out in full (every form names a four-digit year), by text: a
    page's new version repeats almost every block of the last."""
    if not _names_a_year(text):
        return ()
    return tuple(
        FoundDate(iso, match.start(), match.end(), other_order=_other_order(match, iso))
        for pattern in _PATTERNS
        if pattern is not _MONTH_FIRST or _DAY_THEN_YEAR.search(text)
        for match in pattern.finditer(text)
        if (iso := _build(match, day_first)) is not None
    )


@remembered(16384)
def _relative_phrases(text: str) -> tuple[re.Match[str], ...]:
    """The relative date phrases in the text ("3 days ago"), by text; the day each points
    at depends on the capture time, so it is counted per capture."""
    return tuple(_RELATIVE.finditer(text))


def find_dates(
    text: str, *, day_first: bool | None = None, now: datetime | None = None
) -> list[FoundDate]:
    """Every date in the text, in order, none overlapping another."""
    found = list(_written_dates(text, day_first))
    if now is not None:
        for match in _relative_phrases(text):
            iso = _relative(match, now)
            if iso is not None:
                found.append(FoundDate(iso, match.start(), match.end(), relative=True))
    if len(found) < 2:
        return found  # most texts name no date: nothing to order or overlap
    found.sort(key=lambda item: (item.start, -item.end))
    kept: list[FoundDate] = []
    for item in found:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


_MONTH_DAY: Final = (
    re.compile(r"\b" + _MONTH + r"\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d:])", re.IGNORECASE),
    re.compile(
        r"\b(?P<day>\d{1,2})" + _DAY_SUFFIX + r"\s*(?:of\s+|de\s+)?" + _MONTH, re.IGNORECASE
    ),
)


def month_days(text: str) -> list[tuple[int, int]]:
    """(month, day) of the dates written without a year ("May 28", "2 juin"): not a date
    alone, but enough to say which of the page's machine-readable dates it shows."""
    found = []
    for pattern in _MONTH_DAY:
        for match in pattern.finditer(text):
            month, day = MONTHS[match.group("month").lower().rstrip(".")], int(match.group("day"))
            if 1 <= day <= 31:
                found.append((month, day))
    return found


def find_date(
    text: str, *, day_first: bool | None = None, now: datetime | None = None
) -> tuple[str, int, int] | None:
    """(iso, start, end) of the first date in the text, or None."""
    dates = find_dates(text, day_first=day_first, now=now)
    return (dates[0].iso, dates[0].start, dates[0].end) if dates else None


def parse_date(text: str | None, *, day_first: bool | None = None) -> str | None:
    """ISO form of the first date in the text, or None."""
    if not text:
        return None
    found = find_date(text[:200], day_first=day_first)
    return found[0] if found else None
