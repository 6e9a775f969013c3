"""Author lists in reference strings: the shapes names take in each citation style.

"Yuan X, Romero C" (Vancouver), "Romero, C., & Han, S. E." (APA), "S. E. Han and C.
Romero" (forward), an organisation as author. ``match_authors`` finds where the list
ends, ``split_authors`` cuts it into one string per person, ``author_family`` derives
the family name from any of these forms.
"""

from __future__ import annotations

from typing import Final

import regex as re

from tracker.extraction.patterns import compiled, one_of

_PART: Final = (
    r"(?i:vander|van|von|der|den|de|del|della|dei|da|di|du|la|le|dos|das|do|ter|ten|vom|zu|al|el|bin|"
    r"ibn|St\.?)"
)
_FAM_WORD: Final = r"(?:\p{Lu}[\p{L}'’]*\p{Ll}[\p{L}'’]*(?:-\p{Lu}?[\p{L}'’]+)*)"
_FAMILY: Final = rf"(?:(?:{_PART}\s+)*{_FAM_WORD})"
_INITS: Final = r"(?:\p{Lu}\p{Ll}?\.(?:\s?-?\p{Lu}\p{Ll}?\.)*)"
_GIVEN_WORD: Final = r"(?:\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)"
_GIVEN: Final = rf"(?:{_GIVEN_WORD}(?:\s+(?:{_GIVEN_WORD}|\p{{Lu}}\.))*)"
_SUFFIX: Final = r"(?:,?\s(?:Jr\.?|Sr\.?|II|III|IV))?"
_VINITS: Final = r"(?:\p{Lu}{1,4}(?![\p{L}'’-])(?!\.\S))"
_ETAL: Final = r"(?:,?\s+(?:et\.?\s?al\.?|and\s+others|\.\.\.|…))"
_EDS: Final = r"(?:,?\s\(?[Ee]ds?\.?\)?)"
_SEP: Final = r"(?:,\s(?:and\s|&\s)?|\s(?:and|&)\s|;\s|,?\s(?:…|\.\.\.)\s)"

_A_INV: Final = (
    rf"(?:(?:{_FAMILY}|\p{{Lu}}{{2,}}(?:[-\s]\p{{Lu}}{{2,}})*),\s?(?:{_INITS}|{_GIVEN}){_SUFFIX})"
)
_A_VAN: Final = rf"(?:{_FAMILY}(?:\s{_FAM_WORD})?\s{_VINITS}{_SUFFIX})"
_A_FWD_I: Final = rf"(?:{_INITS}\s?{_FAMILY}{_SUFFIX})"
_A_FWD_G: Final = rf"(?:{_GIVEN_WORD}(?:\s(?:{_GIVEN_WORD}|\p{{Lu}}\.))?\s{_FAMILY}{_SUFFIX})"

_AUTHOR_LISTS: Final = [
    re.compile(rf"^{_A_INV}(?:{_SEP}{_A_INV})*{_ETAL}?{_EDS}?"),
    re.compile(rf"^{_A_VAN}(?:,\s{_A_VAN})*(?:,?\s(?:and|&)\s{_A_VAN})?{_ETAL}?{_EDS}?"),
    re.compile(rf"^{_A_INV}(?:{_SEP}(?:{_A_FWD_I}|{_A_FWD_G}))*{_ETAL}?{_EDS}?"),
    re.compile(rf"^{_A_FWD_I}(?:{_SEP}{_A_FWD_I})*{_ETAL}?{_EDS}?"),
    re.compile(rf"^{_A_FWD_G}(?:{_SEP}{_A_FWD_G})*{_ETAL}?{_EDS}?"),
]
# what may follow an author list: punctuation then a year, a quote, a capital or the end
_AFTER_AUTHORS: Final = re.compile(
    r"^(?:[.,:;]\s*(?:\(|\[|[\"“‘«]|\p{Lu}|\d{4}|$)|\.\s*\S|\s*[(\[“\"]|$)"
)
# after an author list that ends in an initial's full stop, a capital may start the title
_AFTER_INITIAL: Final = re.compile(r"^\s+[\p{Lu}\"“‘«\d]")

# words that name an organisation, so an author that holds one is no person
_ORG_WORDS: Final = (
    "Institute",
    "Institutes",
    "Association",
    "Centers?",
    "Centres?",
    "Organi[sz]ation",
    "Society",
    "University",
    "Department",
    "Foundation",
    "Clinic",
    "Agency",
    "Council",
    "College",
    "Ministry",
    "Administration",
    "Service",
    "Services",
    "Academy",
    "Board",
    "Commission",
    "Office",
    "Hospital",
    "Network",
    "Alliance",
    "Federation",
    "Inc",
    "Ltd",
    "Group",
    "Trust",
    "Committee",
    "Library",
    "Museum",
    "Bureau",
    "Corporation",
    "Company",
    "Authority",
    "Team",
    "Consortium",
    "Collaboration",
    "Collaborators",
    "Investigators",
    "Working",
    "Task Force",
    "WHO",
    "CDC",
    "NIH",
    "NHS",
    "FDA",
    "EMA",
)
ORG_WORDS: Final = re.compile(rf"\b{one_of(_ORG_WORDS)}\b")
ABBREV_BEFORE_DOT: Final = re.compile(
    r"(?:\b\p{Lu}|\bet al|\bvs|\bVol|\bvol|\bNo|\bno|\bpp|\bed|\bEd|\beds|\bEds|\bSt|\bDr|\bMr|"
    r"\bMrs|\bMs|\bJr|\bSr|\bInc|\bLtd|\bCo|\bCorp|\be\.g|\bi\.e|\bcf|\betc|\bU\.S|\bU\.K)$"
)


def field_value(value: str | None) -> str | None:
    """A field value without the punctuation that joined it to its neighbours."""
    if value is None:
        return None
    value = value.strip()
    value = compiled(r"^[\s,.;:–—-]+").sub("", value)
    value = compiled(r"[\s,;:–—-]+$").sub("", value)
    if value.endswith(".") and not ABBREV_BEFORE_DOT.search(value[:-1]):
        value = value[:-1]
    value = value.strip()
    if len(value) >= 2 and value[0] in "\"“‘«'" and value[-1] in "\"”’»'":
        value = value[1:-1].strip()
        value = compiled(r"[,.]$").sub("", value).strip()
    return value or None


def sentence_end(text: str, start: int = 0) -> int:
    """Index just after the first sentence-ending '.', '?' or '!' that is not an abbreviation."""
    for match in compiled(r"[.?!](?=\s|$)").finditer(text[start:]):
        pos = start + match.start()
        if text[pos] == "." and ABBREV_BEFORE_DOT.search(text[:pos]):
            continue
        return pos + 1
    return len(text)


def match_authors(text: str) -> str | None:
    best: str | None = None
    for pattern in _AUTHOR_LISTS:
        match = pattern.match(text)
        if not match:
            continue
        candidate = match.group(0)
        after = text[len(candidate) :]
        ends_initial = candidate.endswith(".") and bool(_AFTER_INITIAL.match(after))
        if not (_AFTER_AUTHORS.match(after) or ends_initial):
            # backtrack to the last complete separator
            cut = max(candidate.rfind(", "), candidate.rfind(" and "), candidate.rfind(" & "))
            if cut <= 0:
                continue
            candidate = candidate[:cut]
            if not pattern.fullmatch(candidate):
                continue
        if best is None or len(candidate) > len(best):
            best = candidate
    if best and not compiled(rf"{_INITS}|\p{{Lu}}{{1,3}}\b").search(best):
        # full names only: not a person if the sentence names an organisation, or if a
        # colon follows ("Stem Cell Therapy: What It Is")
        head = text[: sentence_end(text)]
        if ORG_WORDS.search(head) or text[len(best) :].startswith(":"):
            return None
    return best


def _is_bare_family(part: str) -> bool:
    """A family name still waiting for its initials ("Romero", "van der Berg", "Van Dyke")."""
    if "," in part or compiled(rf"^{_INITS}").match(part):
        return False
    return not compiled(r"\s\p{Lu}{1,4}$").search(part)


def split_authors(segment: str) -> list[str]:
    """One author list as written -> one string per person, each as written."""
    segment = field_value(segment) or ""
    segment = compiled(rf"{_EDS}$").sub("", segment).strip()
    segment = compiled(r",?\s(?:…|\.\.\.)\s").sub(", ", segment)
    segment = compiled(r"(?i)(?:,?\s*(?:et\.?\s?al\.?|and others)|\s*(?:\.\.\.|…))\s*$").sub(
        "", segment
    )
    if not segment:
        return []
    if ORG_WORDS.search(segment) and not compiled(rf"{_INITS}|,").search(segment):
        return [segment]  # "Food and Drug Administration" is one author
    if ";" in segment:
        parts = [p.strip() for p in segment.split(";")]
    else:
        separators = compiled(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+")
        parts = [p.strip() for p in separators.split(segment)]
    parts = [p for p in parts if p]
    people: list[str] = []
    initials_only = re.compile(rf"^(?:{_INITS}|\p{{Lu}}{{1,3}}){_SUFFIX}$")
    suffix_only = re.compile(r"^(?:Jr\.?|Sr\.?|II|III|IV)$")
    for index, part in enumerate(parts):
        if people and (
            suffix_only.match(part) or (initials_only.match(part) and _is_bare_family(people[-1]))
        ):
            people[-1] = f"{people[-1]}, {part}"
            continue
        if (
            index == 1
            and len(people) == 1
            and " " not in people[0]
            and "," not in people[0]
            and compiled(_GIVEN).fullmatch(part)
            and compiled(_FAM_WORD).fullmatch(people[0])
        ):
            people[0] = f"{people[0]}, {part}"
            continue
        people.append(part)
    return [field_value(p) or p for p in people]


def author_family(name: str) -> str:
    """The family name in one author string, whatever the style it was written in."""
    name = name.strip().rstrip(".,")
    if "," in name:
        return name.split(",", 1)[0].strip()
    words = name.split()
    if not words:
        return ""
    particles = [w for w in words if w[0].islower() and not compiled(_PART).fullmatch(w)]
    if ORG_WORDS.search(name) or particles or len(words) > 4:
        return name  # an organisation is its own "family name"
    if len(words) > 1 and compiled(r"\p{Lu}{1,4}").fullmatch(words[-1]):
        return " ".join(words[:-1])
    family = [words[-1]]
    for word in reversed(words[:-1]):
        if compiled(_PART, re.I).fullmatch(word) and word[0].islower():
            family.insert(0, word)
        else:
            break
    return " ".join(family)
