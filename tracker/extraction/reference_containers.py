"""The container of a reference: the journal, book, site or meeting a work appeared in.

Where it starts and stops is the hardest boundary in a reference string: a journal's
name carries abbreviation dots ("Proc. Natl. Acad. Sci."), is followed by volume,
issue, pages or a date in a dozen styles, and editors, "In:" or a meeting's city sit
around it. ``references`` asks these rules for it, and trims what the token model
labelled container the same way.
"""

from __future__ import annotations

import unicodedata
from typing import Final

import regex as re

from tracker.extraction.patterns import compiled
from tracker.extraction.reference_authors import ABBREV_BEFORE_DOT, field_value

__all__ = [
    "MONTH",
    "NOT_CONTAINER",
    "YEAR",
    "container_from",
    "extend_abbreviated_container",
    "fold",
    "trim_container",
    "without_tail",
]

YEAR: Final = r"(?:1[5-9]\d\d|20\d\d)"
MONTH: Final = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)


_CONTAINER_STOPS: Final = [
    re.compile(r",\s*(?=(?:vol|Vol|no\.|No\.|pp?\.|\(?\d|[IVXLC]+\b|" + MONTH + r"\s))"),
    re.compile(r"\s(?=\d+(?:\s*[(:,;.]|\s*$))"),
    re.compile(r"\s(?=(?:No|no|Vol|vol|pp|Part|Nr)\.?\s*\d)"),
    re.compile(r";"),
    re.compile(r"\s\("),
    re.compile(r":\s*\d"),
    re.compile(r",\s+(?=[\p{Lu}][\p{L}]+:)"),
    re.compile(r",?\s+(?=(?:[Ee]d\.|[Ee]ds\.|[Ee]dited by|Web\.|Print\.)(?:\s|$))"),
]
_AFTER_ABBREVIATION: Final = re.compile(
    r"^(?:\p{Lu}|(?:of|on|in|and|for|the|de|der|des|du|für|di)\s)"
)
_NOT_ABBREVIATED: Final = re.compile(r"^(?:Ed|Eds|Edited|Web|Print|Accessed|Retrieved|Available)\b")


def _abbreviation_inside(word: str, after: str) -> bool:
    """'Proc.' in 'Proc. of X', 'Biomed.' in 'Biomed. Eng.': a dot inside a journal name."""
    if not word or not word[0].isupper() or not _AFTER_ABBREVIATION.match(after):
        return False
    if _NOT_ABBREVIATED.match(after):
        return False
    if len(word) <= 5:
        return True
    # a longer word is abbreviated only inside a chain of abbreviations ("Biomed. Eng.")
    return len(word) <= 9 and bool(compiled(r"^\p{Lu}\p{Ll}{0,6}\.").match(after))


def container_from(text: str) -> tuple[str | None, str]:
    """The container at the start of ``text`` and what follows it (volume, pages, year...)."""
    text = text.strip()
    text = compiled(r"^(?:In|in)\s*:?\s+").sub("", text)
    text = compiled(r"^\d+(?:st|nd|rd|th)\s+(?:ed|edn|edition)\b\.?\s*", re.I).sub("", text)
    editors = compiled(
        r"^(?:[^()]{0,120}?)\((?:[Ee]ds?|[Ee]ditors?|Hrsg|[Ee]d\. by)\.?\)[,.:]?\s*"
    ).match(text)
    if editors:
        text = text[editors.end() :]
    if text[:1] in '"“‘«':
        close = compiled(r"[\"”’»]").search(text[1:])
        if close:
            return text[1 : close.start() + 1], text[close.end() + 1 :]
    end = len(text)
    for stop in _CONTAINER_STOPS:
        if match := stop.search(text):
            end = min(end, match.start())
    # a '.' ends the container unless it closes an abbreviated word of a journal name
    for match in compiled(r"\.(?=\s|$)").finditer(text[:end]):
        before = text[: match.start()]
        word = compiled(r"(\p{L}+)$").search(before)
        after = text[match.end() :].lstrip()
        if _abbreviation_inside(word.group(1) if word else "", after) or ABBREV_BEFORE_DOT.search(
            before
        ):
            continue
        end = match.start() + 1
        break
    return text[:end], text[end:]


# words that open a date line or an edition, never a journal or site name
NOT_CONTAINER: Final = re.compile(
    r"^(?:Published|Updated|Last\s+(?:updated|reviewed|modified)|Reviewed|Modified|Posted|"
    r"Accessed|Retrieved|Viewed|Cited|Epub|\d+(?:st|nd|rd|th)(?:\s+(?:ed|edn|edition)\b|\W*$)|"
    r"(?:Revised|Second|Third|New)\s+edition)",
    re.I,
)
# "J. Smith (Eds.), Book", "A. Bauer, B. Roth (Hgg.): Buch", "Smith, J., Editors, Book"
_EDITORS_BEFORE: Final = re.compile(
    r"^[^()]{0,120}?\((?:[Ee]ds?|[Ee]ditors?|Hrsg|Hgg?|[Ee]d\. by|sous la dir)\.?\)[,.:]?\s*"
    r"|^[^()]{0,120}?,\s+(?:[Ee]ditors?|[Ee]ds\.)[,.:]\s*(?=\S)"
)


# a bracket the name never closes ("Bulletin (August"), an issue number ("n°95")
_MONTHS_ANY: Final = (
    rf"(?:{MONTH}|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
    r"novembre|décembre)"
)
# what trails a container but is not its name: a bracket never closed, an issue number,
# "N.p.", a roman volume, a date ("4 January", ", 30 juillet 1952", " May(26)"), a year
_CONTAINER_TAIL: Final = re.compile(
    r"\s*\([^()]*$|\s+n[°º]\s*\d+.*$|,\s*N\.\s?p\.?$|,\s*[IVXLC]+\.?$"
    rf"|(?:,\s+|\s+\d{{1,2}}\s+){_MONTHS_ANY}(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?$"
    rf"|\s+{_MONTHS_ANY}(?:\s*\(\d{{1,2}}\)|,?\s+\d{{4}})$"
    rf"|,\s*{YEAR}$|,?\s*Special Issue\b.*$|,?\s*(?:Epub\s+)?[Aa]head of print\b.*$"
    # a volume and its issue ("27(4)", "XIV:4"), a volume spaced out ("X L I"), a series
    r"|\s+\d+\s?\(\d+(?:[-–/]\d+)?\)$|\s+[IVXLC]+:\d+$|,\s*(?:[IVXLC]\s){1,4}[IVXLC]$"
    r"|,\s+(?:Lecture Notes in [\p{L} ]+)(?:,?\s+(?:vol\.?\s*)?\d+)?$"
    # a volume and what follows it, a part, the place of a meeting, a city and its publisher
    r"|[,:.]?\s+Vols?\.\s*\d+\b.*$|,\s+Part\s+(?:[IVX]+|\d+)$|\s+\d+\.\d+$"
    r"|,\s+held\s+(?:at|in)\s.*$|\.\s+\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?:\s*\p{Lu}[\p{L}&.-]*(?:\s[\p{L}&.-]+){0,3}$"
)
# what opens a container but is not its name: a part of the title ("I."), a special issue
_CONTAINER_LEAD: Final = re.compile(
    r"^(?:[IVX]{1,4}\.\s+(?=\p{Lu}\p{Ll})|Special Issue,\s+"
    r"|\p{Lu}\p{Ll}+\s\p{Lu}\p{Ll}+\s(?:&|and)\s\p{Lu}\p{Ll}+\s\p{Lu}\p{Ll}+,\s+(?=\p{Lu}))"
)
# the city of a meeting after its name: "Proceedings of ... Intelligence, Karlsruhe"
_MEETING: Final = re.compile(
    r"\b(?:Proceedings|Conference|Workshop|Symposium|Meeting|Congress)\b|\b(?:Proc|Conf)\."
)
_MEETING_PLACE: Final = re.compile(
    r",\s+(?!(?:Part|Volume|Vol|Section|Session|Papers|Abstracts|Proceedings)\b)"
    r"\p{Lu}\p{Ll}{2,}(?:[-/]\p{Lu}\p{Ll}+)?$"
)


def without_tail(container: str) -> str | None:
    """The container without what trails it, peeled until nothing more comes off."""
    previous = None
    while previous != container:
        previous = container
        container = field_value(_CONTAINER_TAIL.sub("", container)) or container
        container = field_value(_CONTAINER_LEAD.sub("", container)) or container
        if _MEETING.search(container):
            container = field_value(_MEETING_PLACE.sub("", container)) or container
    if compiled(rf"{_MONTHS_ANY}(?:\s+\d{{1,2}})?,?", re.I).fullmatch(container):
        return None  # "April": a date, the container was never named
    return container


_CONTAINER_HEAD: Final = re.compile(
    r"^(?:(?:Reprinted|Repr\.|Published|Also)\s+)?(?:In|in)\s*:?\s+"
)


def trim_container(container: str, title: str | None) -> str:
    """A container span without the "In", the editors, or a tail of the title before it."""
    container = _CONTAINER_HEAD.sub("", container)
    container = _EDITORS_BEFORE.sub("", container)
    container = compiled(r"^Special Issue,?\s+").sub("", container)
    for match in compiled(r"(?<=[\p{L})\]])\.\s+(?=\p{Lu}|[<\[“\"])").finditer(container):
        before = container[: match.start()]
        word = compiled(r"(\p{L}+)\)?$").search(before)
        if word and len(word.group(1)) <= 7 and not before.endswith(")"):
            continue  # "Proc. Natl.": an abbreviation inside the name
        if title and fold(before) and fold(before) in fold(title):
            return container[match.end() :]  # the model started inside the title
        if before.endswith(")") and len(before.split()) <= 3:
            return container[match.end() :]  # "(in Russian). Doklady ..."
    return container


_ABBREVIATED_WORD: Final = re.compile(r"\p{Lu}\p{Ll}{1,4}\.")


def extend_abbreviated_container(tokens: list[str], labels: list[str]) -> list[str]:
    """'Atm. Environ.': a journal's first abbreviated word the model gave to the title."""
    labels = list(labels)
    for index in range(1, len(labels)):
        if labels[index] != "container" or labels[index - 1] == "container":
            continue
        start = index
        while (
            start > 1
            and _ABBREVIATED_WORD.fullmatch(tokens[start - 1])
            and tokens[start - 2][-1:] in ",."
            and labels[start - 1] in ("title", "note", "publisher")
        ):
            start -= 1
        for position in range(start, index):
            labels[position] = "container"
        break
    return labels


def fold(text: str) -> str:
    """Lower-case letters and digits only, accents dropped: how two titles are compared."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return compiled(r"[^\p{L}\p{N}]+").sub(" ", text.lower()).strip()
