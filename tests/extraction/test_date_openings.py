"""The numeric date forms open with a digit and check the character before it afterwards
(so the regex engine scans for digits in C): they must find exactly what the same forms
written with a look-behind in front find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.extraction import dates

# "(?P<year>\d(?<![\d.]\d)\d{3})" -> "(?<![\d.])(?P<year>\d\d{3})"
_FAST_OPENING = re.compile(r"^\(\?P<(?P<group>\w+)>\\d\(\?<!(?P<not_after>.+?)\\d\)")


def _plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    source = _FAST_OPENING.sub(r"(?<!\g<not_after>)(?P<\g<group>>\\d", pattern.pattern)
    return re.compile(source, pattern.flags)


FAST = [pattern for pattern in dates._PATTERNS if _FAST_OPENING.match(pattern.pattern)]
PIECES = ["2024", "1999", "12", "7", "31", "0", "-", "/", ".", ". ", " ", "a", "x1", "_",
          "年", "년", "月", "월", "日", "일", " 14:30", "T09:05", " pm", "Z", "\n"]  # fmt: skip


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict]]:
    return [(match.span(), match.groupdict()) for match in pattern.finditer(text)]


def test_every_numeric_form_opens_with_a_digit() -> None:
    assert len(FAST) == 5
    assert all(_plain(pattern).pattern.startswith("(?<!") for pattern in FAST)


def test_a_written_example_of_each_form_is_found() -> None:
    text = "On 2024-03-07, 2024/3/7 and 7/3/2024 (or 7.3.2024, 2024年3月7日), not 12024-03-07."
    assert [found.iso for found in dates.find_dates(text, day_first=True)] == ["2024-03-07"] * 5
    assert all(
        _matches(pattern, text) == _matches(_plain(pattern), text) and _matches(pattern, text)
        for pattern in FAST
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_the_digit_opening_finds_what_the_look_behind_finds(text: str) -> None:
    for pattern in FAST:
        assert _matches(pattern, text) == _matches(_plain(pattern), text)


MONTH_FORMS = [dates._MONTH_FIRST, dates._DAY_FIRST, *dates._MONTH_DAY]
WORDS = ["14", "2025", "1er", "of ", "de ", ", ", " ", ".", "Jan", "MAR", "mayo", "août", "Dez",
         "ſept", "olive ", "sea", "x", "aB", "Kelvin", "İ", "\n", " 9:05 pm"]  # fmt: skip


def _without_initials(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern.replace(dates._MONTH_INITIALS, ""), pattern.flags)


def test_every_month_form_looks_ahead_for_an_initial() -> None:
    assert all(dates._MONTH_INITIALS in pattern.pattern for pattern in MONTH_FORMS)
    text = "Posted 3 de mayo de 2024 and Dec 17, 2025 9:05 pm; again on 1er août."
    assert [found.iso for found in dates.find_dates(text)] == ["2024-05-03", "2025-12-17T21:05"]
    assert dates.month_days(text) == [(12, 17), (5, 3), (8, 1)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12).map("".join))
def test_the_initials_look_ahead_finds_what_the_names_alone_find(text: str) -> None:
    for pattern in MONTH_FORMS:
        assert _matches(pattern, text) == _matches(_without_initials(pattern), text)
