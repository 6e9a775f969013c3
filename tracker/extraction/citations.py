"""In-text citation markers -> the reference entries they point to.

Numeric markers ("(3)", "[2]", "[1, 3]", "[2-4]"; superscripts and "#ref-n" links arrive
rendered as "[n]") count only when the reference list has an entry with that label, so
years, percentages, "(n = 15)" and enumerations "(1) ... (2) ..." are not mistaken for
citations. Without a reference list only the unambiguous bracket shape "[n]" counts.
Author-year markers ("(Liu et al., 2018)", "Liu et al. (2018)", "(Smith & Jones 2019; Lee
2020)") resolve by first-author family name and year; one that matches no entry is kept
with no labels, so a sentence still shows that it cites something.
"""

from __future__ import annotations

import unicodedata
from typing import Final, NamedTuple

import regex as re

from tracker.extraction.patterns import compiled
from tracker.extraction.reference_authors import author_family
from tracker.memo import Recent, remembered
from tracker.model import Block, Citation, Reference

__all__ = ["attach_citations", "find_citations"]

_MAX_RANGE: Final = 200  # "[1-2000]" is not a citation range anyone writes

_NUM_ITEM: Final = r"\d{1,4}[a-z]?(?:\s*[-–—]\s*\d{1,4})?"
_NUM_LIST: Final = rf"{_NUM_ITEM}(?:\s*[,;]\s*{_NUM_ITEM})*"
_NUMERIC: Final = re.compile(
    r"\[(?P<r1>\d{1,4})\]\s*[-–—]\s*\[(?P<r2>\d{1,4})\]"  # IEEE ranges: "[2]–[4]"
    rf"|\[(?P<b>{_NUM_LIST})\]|\((?P<p>{_NUM_LIST})\)"
)
# "(1) ... (2) ..." opening the items of a list: after a colon or a verb, each before its item
_ENUMERATION: Final = re.compile(
    r"(?:^|[:;,]|\b(?:are|were|is|was|to|be|include|includes|including|namely|both|either|"
    r"whether|that|which|who|by|for|of|and)\b)\s*\((?:1|a|i)\)\s+\p{L}.*?[\s,;]"
    r"\((?:2|b|ii)\)\s+\p{L}",
    re.S | re.I,
)

_YEAR: Final = r"(?:1[5-9]\d\d|20\d\d)[a-z]?|n\.\s?d\.|in press|forthcoming"
_NAME: Final = r"(?:(?:van|von|der|den|de|del|della|da|di|du|la|le|dos|St\.)\s+)*\p{Lu}[\p{L}'’-]+"
_WHO: Final = rf"{_NAME}(?:\s+et\.?\s?al\.?|\s*(?:,\s*{_NAME})*,?\s+(?:and|&)\s+{_NAME})?"
_PAREN_ITEM: Final = re.compile(
    r"^(?:(?:e\.g\.|i\.e\.|see(?:\s+also)?|cf\.|as in|reviewed in)\s*,?\s+)?"
    rf"(?P<who>{_WHO})(?P<comma>,)?\s+"
    rf"(?P<years>(?:{_YEAR})(?:\s*,\s*(?:{_YEAR}))*)(?:\s*,\s*(?:p|pp)\.\s*[\d–-]+)?$",
    re.I,
)
_PARENS: Final = re.compile(r"\((?P<body>[^()]{4,300})\)")
_YEAR_HINT: Final = re.compile(_YEAR, re.I)  # no year, no author-year marker: a cheap first look
_NARRATIVE: Final = re.compile(
    rf"(?P<who>{_WHO})\s+\((?P<years>(?:{_YEAR})(?:\s*[,;]\s*(?:{_YEAR}))*)(?:,\s*(?:p|pp)\.\s*[\d–-]+)?\)"
)

_SECOND_ITEM: Final = re.compile(r"\((?:2|b|ii)\)", re.I)


def _enumerates(text: str) -> bool:
    """Whether "(1) ... (2) ..." opens list items here (the second item is a cheap first look)."""
    return bool(_SECOND_ITEM.search(text)) and bool(_ENUMERATION.search(text))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def _expand(body: str) -> list[str] | None:
    """'1, 3-5' -> ['1', '3', '4', '5']; None for a range no one would cite."""
    labels: list[str] = []
    for item in compiled(r"\s*[,;]\s*").split(body.strip()):
        bounds = compiled(r"\s*[-–—]\s*").split(item)
        if len(bounds) == 2:
            low, high = int(bounds[0]), int(bounds[1])
            if high < low or high - low > _MAX_RANGE:
                return None
            labels.extend(str(n) for n in range(low, high + 1))
        else:
            labels.append(bounds[0])
    return labels


def _numeric(text: str, known: set[str], has_list: bool) -> list[tuple[int, Citation]]:
    found: list[tuple[int, Citation]] = []
    enumeration: bool | None = None  # looked for once a lone "(n)" could open a list item
    for match in _NUMERIC.finditer(text):
        bracket = match.group("p") is None
        if match.group("r1"):
            labels = _expand(f"{match.group('r1')}-{match.group('r2')}")
        else:
            labels = _expand(match.group("b") or match.group("p"))
        if not labels:
            continue
        if has_list:
            if not bracket and len(labels) == 1:
                if enumeration is None:
                    enumeration = _enumerates(text)
                after = text[match.end() : match.end() + 2]
                if enumeration and compiled(r"\s\p{L}").match(after):
                    continue
            labels = [label for label in labels if label in known]
            if not labels:
                continue
        elif not bracket:
            continue
        found.append((match.start(), Citation(marker=match.group(0), labels=labels)))
    return found


def _families(name_group: str) -> list[str]:
    cleaned = compiled(r"\s+et\.?\s?al\.?", re.I).sub("", name_group)
    return [part for part in compiled(r"\s*(?:,|\band\b|&)\s*").split(cleaned) if part.strip()]


class _Work(NamedTuple):
    """What an author-year marker is matched against, computed once per reference list."""

    label: str
    year: str
    first: str  # folded family name of the first author
    second: str | None


@remembered(4096)
def _folded_family(author: str) -> str:
    """An author's folded family name: each version of a page lists the same authors."""
    return _fold(author_family(author))


def _works(references: list[Reference]) -> list[_Work]:
    return [
        _Work(
            label=ref.label,
            year=(ref.year or "")[:4],
            first=_folded_family(ref.authors[0]),
            second=_folded_family(ref.authors[1]) if len(ref.authors) > 1 else None,
        )
        for ref in references
        if ref.label is not None and ref.authors
    ]


def _resolve(who: str, year: str, works: list[_Work]) -> list[str]:
    """The label of the entry whose first author and year match an author-year marker."""
    names = [_fold(name) for name in _families(who)]
    if not names:
        return []
    base, suffix = year[:4], year[4:].strip()
    matches = [
        work
        for work in works
        if work.year == base
        and work.first == names[0]
        and (len(names) < 2 or work.second is None or work.second == names[1])
    ]
    if not matches:
        return []
    if suffix.isalpha() and len(suffix) == 1 and len(matches) > 1:
        # "2018a", "2018b": the entries of one author and year, in list order
        index = ord(suffix.lower()) - ord("a")
        return [matches[index].label] if 0 <= index < len(matches) else []
    for work in matches:
        if work.label.endswith(year):
            return [work.label]
    return [matches[0].label]


def _author_year(text: str, works: list[_Work]) -> list[tuple[int, Citation]]:
    found: list[tuple[int, Citation]] = []
    taken: set[int] = set()  # offsets inside parenthetical markers already read
    for match in _PARENS.finditer(text):
        items = [item.strip() for item in match.group("body").split(";")]
        parsed = [_PAREN_ITEM.match(item) for item in items]
        if not parsed or not all(parsed):
            continue
        labels: list[str] = []
        shaped = True
        for item in parsed:
            assert item is not None
            resolved: list[str] = []
            for year in compiled(r"\s*,\s*").split(item.group("years")):
                resolved.extend(_resolve(item.group("who"), year, works))
            shaped = shaped and _is_marker(item.group("who"), bool(item.group("comma")), resolved)
            labels.extend(resolved)
        if not shaped:
            continue
        found.append((match.start(), Citation(marker=match.group(0), labels=_unique(labels))))
        taken.update(range(match.start(), match.end()))
    for match in _NARRATIVE.finditer(text):
        if match.start() in taken:
            continue
        who = match.group("who")
        labels = []
        for year in compiled(r"\s*[,;]\s*").split(match.group("years")):
            labels.extend(_resolve(who, year, works))
        if not _is_marker(who, False, labels):
            continue
        found.append((match.start(), Citation(marker=match.group(0), labels=_unique(labels))))
    return found


_NOT_NAMES: Final = re.compile(
    r"^(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Spring|Summer|Autumn|Fall|"
    r"Winter|In|Since|Until|From|Before|After|By|The|This|Circa|Updated|Published|Revised|"
    r"Accessed|Retrieved|Est|Founded|Copyright|Q[1-4]|FY|Fiscal)$",
    re.I,
)


def _is_marker(who: str, comma: bool, labels: list[str]) -> bool:
    """A name and a year is a citation if it resolved, or if its shape leaves no doubt."""
    if labels:
        return True
    first = _families(who)[0] if _families(who) else ""
    if _NOT_NAMES.match(first.strip()):
        return False
    grouped = bool(compiled(r"\bet\.?\s?al\b|\band\b|&").search(who))
    return grouped or comma


def _unique(labels: list[str]) -> list[str]:
    return list(dict.fromkeys(label for label in labels if label))


def find_citations(text: str, references: list[Reference]) -> list[Citation]:
    """Every citation marker in ``text``, in reading order, with the labels it resolves to."""
    known = {ref.label for ref in references if ref.label}
    return _find(text, known, bool(references), _works(references))


def _find(text: str, known: set[str], has_list: bool, works: list[_Work]) -> list[Citation]:
    # Most sentences cite nothing: every marker is bracketed, an author-year one has a year
    if "(" not in text and "[" not in text:
        return []
    found = _numeric(text, known, has_list)
    if "(" in text and _YEAR_HINT.search(text):
        found.extend(_author_year(text, works))
    found.sort(key=lambda pair: pair[0])
    return [citation for _, citation in found]


_RECENT_LISTS: Final = 32  # reference lists whose sentences' citations are remembered
_SENTENCES_PER_LIST: Final = 2048  # at most 64k sentences in all
_found_by_list: Recent[tuple[object, ...], dict[str, list[Citation]]] = Recent(_RECENT_LISTS)


def _found_for(key: tuple[object, ...]) -> dict[str, list[Citation]]:
    """The citations already found in sentences read against one reference list.

    A page's new version repeats its list and almost all of its sentences, so only
    the new sentences are read again.
    """
    found = _found_by_list.get(key)
    if found is None or len(found) >= _SENTENCES_PER_LIST:
        found = {}
        _found_by_list.put(key, found)
    return found


def attach_citations(blocks: list[Block], references: list[Reference]) -> None:
    """Fill ``Sentence.citations`` of every sentence of every block, in place."""
    known = {ref.label for ref in references if ref.label}
    works = _works(references)
    has_list = bool(references)
    found = _found_for((frozenset(known), has_list, tuple(works)))
    for block in blocks:
        for sentence in block.sentences:
            citations = found.get(sentence.text)
            if citations is None:
                citations = found[sentence.text] = _find(sentence.text, known, has_list, works)
            # each Document gets its own Citation objects: a Document is never shared (most
            # sentences cite nothing: no comprehension, a call on Python 3.11, made for them)
            sentence.citations = (
                [Citation(marker=c.marker, labels=list(c.labels)) for c in citations]
                if citations
                else []
            )
