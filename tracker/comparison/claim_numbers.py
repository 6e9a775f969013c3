"""Numbers as written in a sentence, normalised so two versions of a claim compare by value.

"over 1,000 patients", "$4,500", "2.5 mg", "ten years", "5 million", "15 to 45": each
becomes a Quantity whose ``value`` is plain digits ("1000", "4500", "2.5", "10",
"5000000", "15-45") and whose ``unit`` is a normal spelling ("patients", "USD",
"mg", "years", "%"). Citation markers such as "[3]" or "(2, 4)" are not numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tracker.comparison.claim_lexicon import (
    COUNT_NOUNS,
    CURRENCIES,
    NOT_UNITS,
    NUMBER_WORDS,
    SCALE_WORDS,
    UNITS,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A number as written, normalised for comparison."""

    text: str
    value: str
    unit: str | None


_QUALIFIER = (
    r"(?:more than|less than|fewer than|greater than|up to|nearly|almost|about|around|"
    r"approximately|approx\.|at least|at most|over|under|above|below|roughly|"
    r"an estimated|estimated|as many as|as few as|as much as|upwards of|in excess of|"
    r"just over|just under|well over|close to|only|some|~|>|<|≥|≤)"
).replace(" ", r"\s+")  # the number pattern is verbose: spaces must be explicit
_CURRENCY_PREFIX = r"(?:US\$|C\$|A\$|\$|€|£|¥|₹|USD|EUR|GBP|MXN|CAD|AUD|CHF|INR)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_WORD_UNITS = "|".join(
    sorted((w for w in NUMBER_WORDS if w not in ("hundred", "dozen")), key=len, reverse=True)
)
_WORD_NUMBER = rf"(?:(?:{_WORD_UNITS})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?)"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|k|m)"

_NUMBER_RE = re.compile(
    rf"""
    (?<![\w.,/-])(?<![A-Za-z]-)
    (?:(?P<qual>{_QUALIFIER})\s*)?
    (?P<cur>{_CURRENCY_PREFIX})?\s?
    (?:
        (?P<num>{_DIGITS})
      | (?P<word>{_WORD_NUMBER}|a\ dozen|dozens?|a\ hundred|a\ thousand|a\ million|a\ billion)
    )
    (?:\s?(?P<scale>{_SCALE})\b)?
    (?:
        \s?(?:-|–|—|to)\s?(?:{_CURRENCY_PREFIX})?
        (?P<num2>{_DIGITS})(?:\s?(?P<scale2>{_SCALE})\b)?
    )?
    (?P<pct>\s?%)?
    (?=(?:mg/dl|mg/kg|mmol/l|mg|mcg|µg|μg|kg|ml|g|l|iu|mm|cm|km|x)\b|[^\w]|$)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# "15-year", "ten-week": a number fused to its unit by a hyphen.
_HYPHEN_UNIT_RE = re.compile(r"-(year|month|week|day|hour|minute|fold|mg|point)s?\b", re.I)
# "5mg", "10kg", "3x": a unit written straight after the digits.
_FUSED_UNIT_RE = re.compile(
    r"(?<=\d)(mg/dl|mg/kg|mmol/l|mg|mcg|µg|μg|kg|ml|g|l|iu|mm|cm|km|x)\b", re.I
)
_CITATION_RE = re.compile(r"[\[(]\s*\d+(?:\s*[-–,]\s*\d+)*\s*[\])]")
# phone numbers and copyright years are not claims about anything
_NOT_A_QUANTITY_RE = re.compile(
    r"(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]\d{4}\b"
    r"|(?:©|\(c\)|copyright)\s*\d{4}(?:\s*[-–]\s*\d{4})?",
    re.I,
)
# "Song et al. 2020", "Song et al. (2020)", "Lin and Wu, 2019": the year names a paper;
# "16(4)", "37(2):100-110": a volume and issue. Neither is a number the claim states.
_AUTHOR_YEAR_RE = re.compile(
    r"\b[A-Z][\w'’-]+(?:\s+(?:et\s+al\.?|(?:and|&)\s+[A-Z][\w'’-]+))?,?\s*"
    r"[(\[]?(?:19|20)\d\d[a-z]?(?:[)\]]|\b)"
)
_VOLUME_ISSUE_RE = re.compile(r"\b\d{1,4}\s?\(\d{1,4}(?:[-–]\d{1,4})?\)(?::\s?\d+(?:[-–]\d+)?)?")
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
_N_EQUALS_RE = re.compile(r"\bn\s*=\s*(\d[\d,]*)", re.I)
_COUNT_NOUN_RE = re.compile(rf"^(?:{'|'.join(COUNT_NOUNS)})$", re.I)
_NEXT_WORDS_RE = re.compile(
    r"\s*([A-Za-z%µμ][\w/%µμ-]*)(?:\s+([A-Za-z][\w/-]*))?(?:\s+([A-Za-z][\w/-]*))?"
)
_PARTICIPLE_RE = re.compile(r"^[a-z-]+(?:ed|ised|ized) [a-z-]+(?:ed|ised|ized)$")
_UNIT_PHRASES = sorted(UNITS, key=len, reverse=True)


def _normalise(digits: str, scale: str | None) -> str:
    try:
        number = Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return digits
    if scale:
        factor = SCALE_WORDS.get(scale.lower())
        if factor is not None:
            number *= factor
    if number == number.to_integral_value():
        # Decimal formatting, not int(): no digit limit on a 5,000-digit "number"
        return format(number.to_integral_value(), "f")
    return format(number.normalize(), "f")


def _word_value(word: str) -> Decimal | None:
    word = word.lower()
    if word in ("a dozen", "dozen"):
        return Decimal(12)
    if word.startswith("a "):
        return Decimal(SCALE_WORDS[word[2:]])
    if word == "dozens":
        return None
    parts = re.split(r"[- ]", word)
    total = 0
    for part in parts:
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return Decimal(total)


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """The unit written after position ``end`` and where it stops."""
    hyphen = _HYPHEN_UNIT_RE.match(text, end)
    if hyphen:
        return UNITS.get(hyphen.group(1).lower() + "s", hyphen.group(1).lower()), hyphen.end()
    fused = _FUSED_UNIT_RE.match(text, end)
    if fused:
        return UNITS.get(fused.group(1).lower(), fused.group(1)), fused.end()
    rest = text[end : end + 60]
    lowered = rest.lower()
    stripped = lowered.lstrip()
    offset = len(lowered) - len(stripped)
    if offset > 2:
        return None, end
    for phrase in _UNIT_PHRASES:
        if stripped.startswith(phrase) and not stripped[len(phrase) : len(phrase) + 1].isalnum():
            if phrase == "x" and offset != 0:
                continue
            if phrase in ("l", "g", "m") and offset > 0:
                continue
            return UNITS[phrase], end + offset + len(phrase)
    words = _NEXT_WORDS_RE.match(rest)
    if not words:
        return None, end
    for index in (1, 2, 3):
        word = words.group(index)
        if word is None:
            break
        if _COUNT_NOUN_RE.match(word) and not word[0].isupper():  # "2025 Harbor Clinic"
            return word.lower(), end + words.end(index)
        if index == 1 and word.lower() in ("of", "more", "new", "additional", "other", "adult"):
            continue
        # "12 randomized controlled trials": two participles may stand before the noun
        if index >= 2 and not (index == 2 and _PARTICIPLE_RE.match(words.group(1) + " " + word)):
            break
    first = words.group(1)
    if (
        first.isalpha()
        and first.lower() not in NOT_UNITS
        and first.lower() not in SCALE_WORDS
        and not first[0].isupper()
    ):
        return first.lower(), end + words.end(1)
    return None, end


_BETWEEN_RE = re.compile(r"\bbetween\s+$", re.I)
_AND_RE = re.compile(r"\s+and\s+")


def _join_between_ranges(
    text: str, found: list[Quantity], spans: list[tuple[int, int]]
) -> list[Quantity]:
    """ "between 15 and 45" is one range, "15-45", like "15 to 45"."""
    joined: list[Quantity] = []
    index = 0
    while index < len(found):
        current = found[index]
        if index + 1 < len(found):
            (start, stop), (next_start, next_stop) = spans[index], spans[index + 1]
            following = found[index + 1]
            between = _BETWEEN_RE.search(text, max(0, start - 12), start)
            if (
                between
                and _AND_RE.fullmatch(text, stop, next_start)
                and "-" not in current.value + following.value
                and current.unit in (None, following.unit)
            ):
                joined.append(
                    Quantity(
                        text=text[between.start() : next_stop].strip(),
                        value=f"{current.value}-{following.value}",
                        unit=following.unit,
                    )
                )
                index += 2
                continue
        joined.append(current)
        index += 1
    return joined


def _is_known_unit(unit: str | None) -> bool:
    if unit is None:
        return False
    return unit in _KNOWN_UNITS or bool(_COUNT_NOUN_RE.match(unit))


_KNOWN_UNITS = frozenset(UNITS.values()) | frozenset(CURRENCIES.values())


def _is_year(match: re.Match[str], num: str | None, currency: str | None, unit: str | None) -> bool:
    """A bare four-digit year: no currency, percent, scale or known unit attached."""
    if num is None or not _YEAR_RE.match(num) or currency or match.group("pct"):
        return False
    return not match.group("scale") and not match.group("num2") and not _is_known_unit(unit)


def find_quantities(text: str) -> tuple[Quantity, ...]:
    """Every number in the sentence, in order, with its unit when one is written."""
    masked = _NOT_A_QUANTITY_RE.sub(lambda m: " " * len(m.group(0)), text)
    for pattern in (_VOLUME_ISSUE_RE, _CITATION_RE, _AUTHOR_YEAR_RE):
        masked = pattern.sub(lambda m: " " * len(m.group(0)), masked)
    found: list[Quantity] = []
    spans: list[tuple[int, int]] = []
    for match in _NUMBER_RE.finditer(masked):
        num, word = match.group("num"), match.group("word")
        scale = match.group("scale")
        if word is not None:
            value = _word_value(word)
            if value is None:
                continue
            digits = str(value)
        else:
            digits = num
        if scale and scale.lower() == "m" and not match.group("cur"):
            # "5 m" is metres, not millions, unless it is money
            scale = None
        value_text = _normalise(digits, scale)
        if match.group("num2"):
            value_text += "-" + _normalise(match.group("num2"), match.group("scale2") or scale)
        unit: str | None
        stop = match.end()
        currency = match.group("cur")
        if currency:
            unit = CURRENCIES.get(currency.lower(), currency.upper())
        elif match.group("pct"):
            unit = "%"
        else:
            unit, stop = _unit_after(masked, match.end())
            if unit is not None and unit in CURRENCIES:
                unit = CURRENCIES[unit]
        if word is not None and not scale and not _is_known_unit(unit):
            continue  # "one of the best", "no one knows": not a checkable number
        if _is_year(match, num, currency, unit):
            continue  # "in 2019", "since 2015": when, not how much
        if match.group("scale") and scale is None and unit is None:
            stop = match.start("scale")
        qualifier = match.group("qual")
        if qualifier and qualifier.lower() in ("some", "only") and num is None:
            qualifier = None
        start = match.start("qual") if qualifier else match.start("cur") if currency else None
        if start is None:
            start = match.start("num") if num is not None else match.start("word")
        spans.append((start, stop))
        found.append(Quantity(text=text[start:stop].strip(), value=value_text, unit=unit))
    found = _join_between_ranges(text, found, spans)
    for match in _N_EQUALS_RE.finditer(masked):
        value_text = _normalise(match.group(1).rstrip(","), None)
        if not any(q.value == value_text for q in found):
            found.append(Quantity(text=match.group(0), value=value_text, unit="participants"))
        else:
            found = [
                Quantity(text=match.group(0), value=q.value, unit="participants")
                if q.value == value_text and q.unit is None
                else q
                for q in found
            ]
    return tuple(found)
