"""Reference strings -> Reference, and the reference list of an article -> entries.

Rules first, then a token model where the rules guess. A reference list on a clinic
page or a news site mixes styles (APA, Vancouver/PubMed, Nature, MLA, Chicago, IEEE,
bare "Sources" lines), and the parts that matter most for tracking a page (label, DOI,
PMID, PMCID, URL) are exact patterns: rules take them out first. Rules then read the
author list by the shapes names take in each style, the year, the title (quoted, or the
next sentence) and the container. Where typography the text has lost decides the
boundary between title and container, the token CRF of ``ref_model`` does better, so
its reading replaces the rules' except where the rules are sure (a name list that
matched, an organisation, a quoted title) or where the model plainly stopped short or
ran on. Without python-crfsuite or the model file, the rules work alone.

Authors are kept as written, one string per person ("Yuan X", "Romero, C.",
"S. E. Han"); ``author_family`` derives the family name from any of these. Titles and
containers lose the punctuation that joined them to their neighbours; a DOI keeps its
case (``reference_key`` lower-cases it).
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import NamedTuple
from urllib.parse import urlsplit

import regex as re

from tracker.extraction.patterns import compiled
from tracker.extraction.ref_model import Tagger, default_tagger, tokenize
from tracker.memo import remembered
from tracker.model import Block, BlockKind, Reference

__all__ = [
    "NUMBERED_ENTRY",
    "REFERENCE_HEADING",
    "author_family",
    "looks_like_reference",
    "parse_reference",
    "reference_key",
    "split_references",
]

# --------------------------------------------------------------------------- patterns

_LABEL = re.compile(
    r"^\s*(?:\[(?P<a>\d{1,4}[a-z]?)\]|\((?P<b>\d{1,4}[a-z]?)\)|(?P<c>\d{1,3}[a-z]?)[.)](?=\s|$)"
    r"|\^(?P<d>\d{1,3})\s)\s*"
)
_DOI = re.compile(
    r"(?:\b(?:doi|DOI)\s*[:.>]?\s*|https?://(?:dx\.)?doi\.org/|doi\.org/)?"
    # a space typed after the slash ("10.1016/ j.cub.2016.05.047") when what follows is
    # a DOI's suffix (it holds a digit), not the next word
    r"(?P<doi>10\.\d{4,9}/(?:\s(?=[^\s\"<>]*\d))?[^\s\"<>]+)"
)
# where a DOI glued to what follows it ends: MEDLINE's "[doi]" / "[pii]" tags, a glued
# ".PMID:123" or "PMCID", "Epub"
_DOI_END = re.compile(r"(?i)\[(?:doi|pii|pmid|pmcid|pubmed)\].*$|\.?(?:PMID|PMCID|Epub)\b.*$")
_PMID = re.compile(r"\bPMID\s*:?\s*(?P<id>\d{1,9})\b")
# "PMC1234567", and as lists write it: "PMCID: PMCPMC1234567", "PMCID: 1234567"
_PMCID = re.compile(r"\bPMCID\s*:?\s*(?:PMC)*(?P<num>\d{3,9})\b|\b(?:PMC)+(?P<id>\d{3,9})\b")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)
_PUBMED_URL = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d{1,9})")
_PMC_URL = re.compile(r"/(PMC\d{3,9})")
_CUES = re.compile(
    r"(?:\b(?:Retrieved|Accessed|Available|Viewed|Cited)\b[^.;]*?(?:from|at|on|:)?\s*$)"
    r"|\[(?:Internet|online|Online)\]|\[cited[^\]]*\]|\bEpub\b[^.;]*[.;]?"
    r"|\b(?:Accessed|Retrieved|Viewed)\s+(?:on\s+)?[^.;]*\d{4}\.?"
    r"|\bdoi\s*:?\s*$|\bPMID\s*:?\s*;?|\bPMCID\s*:?\s*;?|\bAvailable\s+(?:from|at|online)\s*:?",
    re.I,
)

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_YEAR_TOKEN = re.compile(rf"(?<![\d\p{{L}}/.–-]){_YEAR}(?![\d–-]|\.\d)[a-z]?")
_PAREN_YEAR = re.compile(
    rf"\((?:[\p{{L}}.]+\s+)?(?P<y>{_YEAR}[a-z]?|n\.\s?d\.|in press|forthcoming)(?:[,;/][^()]*)?\)",
    re.I,
)

_PART = (
    r"(?i:vander|van|von|der|den|de|del|della|dei|da|di|du|la|le|dos|das|do|ter|ten|vom|zu|al|el|bin|"
    r"ibn|St\.?)"
)
_FAM_WORD = r"(?:\p{Lu}[\p{L}'’]*\p{Ll}[\p{L}'’]*(?:-\p{Lu}?[\p{L}'’]+)*)"
_FAMILY = rf"(?:(?:{_PART}\s+)*{_FAM_WORD})"
_INITS = r"(?:\p{Lu}\p{Ll}?\.(?:\s?-?\p{Lu}\p{Ll}?\.)*)"
_GIVEN_WORD = r"(?:\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)"
_GIVEN = rf"(?:{_GIVEN_WORD}(?:\s+(?:{_GIVEN_WORD}|\p{{Lu}}\.))*)"
_SUFFIX = r"(?:,?\s(?:Jr\.?|Sr\.?|II|III|IV))?"
_VINITS = r"(?:\p{Lu}{1,4}(?![\p{L}'’-])(?!\.\S))"
_ETAL = r"(?:,?\s+(?:et\.?\s?al\.?|and\s+others|\.\.\.|…))"
_EDS = r"(?:,?\s\(?[Ee]ds?\.?\)?)"
_SEP = r"(?:,\s(?:and\s|&\s)?|\s(?:and|&)\s|;\s|,?\s(?:…|\.\.\.)\s)"

_A_INV = (
    rf"(?:(?:{_FAMILY}|\p{{Lu}}{{2,}}(?:[-\s]\p{{Lu}}{{2,}})*),\s?(?:{_INITS}|{_GIVEN}){_SUFFIX})"
)
_A_VAN = rf"(?:{_FAMILY}(?:\s{_FAM_WORD})?\s{_VINITS}{_SUFFIX})"
_A_FWD_I = rf"(?:{_INITS}\s?{_FAMILY}{_SUFFIX})"
_A_FWD_G = rf"(?:{_GIVEN_WORD}(?:\s(?:{_GIVEN_WORD}|\p{{Lu}}\.))?\s{_FAMILY}{_SUFFIX})"

_AUTHOR_LISTS = [
    re.compile(rf"^{_A_INV}(?:{_SEP}{_A_INV})*{_ETAL}?{_EDS}?"),
    re.compile(rf"^{_A_VAN}(?:,\s{_A_VAN})*(?:,?\s(?:and|&)\s{_A_VAN})?{_ETAL}?{_EDS}?"),
    re.compile(rf"^{_A_INV}(?:{_SEP}(?:{_A_FWD_I}|{_A_FWD_G}))*{_ETAL}?{_EDS}?"),
    re.compile(rf"^{_A_FWD_I}(?:{_SEP}{_A_FWD_I})*{_ETAL}?{_EDS}?"),
    re.compile(rf"^{_A_FWD_G}(?:{_SEP}{_A_FWD_G})*{_ETAL}?{_EDS}?"),
]
# what may follow an author list: punctuation then a year, a quote, a capital or the end
_AFTER_AUTHORS = re.compile(r"^(?:[.,:;]\s*(?:\(|\[|[\"“‘«]|\p{Lu}|\d{4}|$)|\.\s*\S|\s*[(\[“\"]|$)")
# after an author list that ends in an initial's full stop, a capital may start the title
_AFTER_INITIAL = re.compile(r"^\s+[\p{Lu}\"“‘«\d]")

_ORG_WORDS = re.compile(
    r"\b(?:Institute|Institutes|Association|Centers?|Centres?|Organi[sz]ation|Society|University|"
    r"Department|Foundation|Clinic|Agency|Council|College|Ministry|Administration|Service|"
    r"Services|Academy|Board|Commission|Office|Hospital|Network|Alliance|Federation|Inc|Ltd|"
    r"Group|Trust|Committee|Library|Museum|Bureau|Corporation|Company|Authority|Team|Consortium|"
    r"Collaboration|Collaborators|Investigators|Working|Task Force|WHO|CDC|NIH|NHS|FDA|EMA)\b"
)
_ABBREV_BEFORE_DOT = re.compile(
    r"(?:\b\p{Lu}|\bet al|\bvs|\bVol|\bvol|\bNo|\bno|\bpp|\bed|\bEd|\beds|\bEds|\bSt|\bDr|\bMr|"
    r"\bMrs|\bMs|\bJr|\bSr|\bInc|\bLtd|\bCo|\bCorp|\be\.g|\bi\.e|\bcf|\betc|\bU\.S|\bU\.K)$"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_VANCOUVER_TAIL = re.compile(
    rf"(?P<y>{_YEAR})[a-z]?(?:\s+{_MONTH}(?:[-–/]{_MONTH})?(?:\s+\d{{1,2}})?)?\s*"
    r"(?:;\s*(?P<v>[\w-]+)?\s*(?:\((?P<i>[^)]+)\))?\s*(?::\s*(?P<p>[\w]+(?:\s*[-–]\s*[\w]+)?))?)"
)
_NATURE_TAIL = re.compile(
    rf"(?P<v>\d+)\s*(?:\((?P<i>[^)]+)\))?,\s*(?P<p>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)"
    rf"\s*\((?P<y>{_YEAR})\)"
)
_APA_TAIL = re.compile(
    r"(?P<v>\d+)\s*(?:\((?P<i>[^)]+)\))?\s*[,:]\s*(?P<p>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)"
)
_VOL = re.compile(r"\b(?:vol|volume|Vol|Volume|VOL)\.?\s*(?P<v>[\w]+)")
_ISSUE = re.compile(r"\b(?:no|No|issue|Issue|nr|Nr)\.?\s*(?P<i>\d+[\w/–-]*)")
_PAGES = re.compile(
    r"\b(?:pp?|pages?|S\.)\.?\s*(?P<p>[A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?)"
    r"|(?<![\d./])(?P<q>\d+\s*[-–—]\s*\d+)(?![\d./])"
)


# --------------------------------------------------------------------------- helpers


def _clean_ws(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return compiled(r"\s+").sub(" ", text).strip()


def _strip_trailing(value: str) -> str:
    """Trailing punctuation that belongs to the sentence, not to a DOI or URL."""
    while value:
        last = value[-1]
        if last in ".,;:'\"”’>":
            value = value[:-1]
        elif last in ")]}":
            opener = {")": "(", "]": "[", "}": "{"}[last]
            if value.count(opener) < value.count(last):
                value = value[:-1]
            else:
                break
        else:
            break
    return value


def _field(value: str | None) -> str | None:
    """A field value without the punctuation that joined it to its neighbours."""
    if value is None:
        return None
    value = value.strip()
    value = compiled(r"^[\s,.;:–—-]+").sub("", value)
    value = compiled(r"[\s,;:–—-]+$").sub("", value)
    if value.endswith(".") and not _ABBREV_BEFORE_DOT.search(value[:-1]):
        value = value[:-1]
    value = value.strip()
    if len(value) >= 2 and value[0] in "\"“‘«'" and value[-1] in "\"”’»'":
        value = value[1:-1].strip()
        value = compiled(r"[,.]$").sub("", value).strip()
    return value or None


def _sentence_end(text: str, start: int = 0) -> int:
    """Index just after the first sentence-ending '.', '?' or '!' that is not an abbreviation."""
    for match in compiled(r"[.?!](?=\s|$)").finditer(text[start:]):
        pos = start + match.start()
        if text[pos] == "." and _ABBREV_BEFORE_DOT.search(text[:pos]):
            continue
        return pos + 1
    return len(text)


def _identifiers(text: str) -> tuple[str, dict[str, str]]:
    """Lift DOI, PMID, PMCID and URL out of the text; what remains is the bibliographic part."""
    found: dict[str, str] = {}
    spans: list[tuple[int, int]] = []

    for match in _URL.finditer(text):
        url = _strip_trailing(match.group(0))
        found.setdefault("url", url)
        spans.append((match.start(), match.start() + len(url)))
        if pm := _PUBMED_URL.search(url):
            found.setdefault("pmid", pm.group(1))
        if pmc := _PMC_URL.search(url):
            found.setdefault("pmcid", pmc.group(1))
    for match in _DOI.finditer(text):
        written = _DOI_END.sub("", match.group("doi"))
        doi = _strip_trailing(written).replace(" ", "")
        found.setdefault("doi", doi)
        spans.append((match.start(), match.start("doi") + len(_strip_trailing(written))))
    if match := _PMID.search(text):
        found.setdefault("pmid", match.group("id"))
        spans.append(match.span())
    if match := _PMCID.search(text):
        found.setdefault("pmcid", "PMC" + (match.group("num") or match.group("id")))
        spans.append(match.span())

    if not spans:
        return text, found
    spans.sort()
    pieces: list[str] = []
    cursor = 0
    for start, end in spans:
        if start >= cursor:
            pieces.append(text[cursor:start])
            cursor = end
        else:
            cursor = max(cursor, end)
    pieces.append(text[cursor:])
    rest = " ".join(piece.strip() for piece in pieces if piece.strip())
    return rest, found


def _remove_cues(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _CUES.sub(" ", text)
        text = compiled(r"\s+").sub(" ", text).strip()
        text = compiled(r"(?:\s*[.;,:])+\s*$").sub(".", text) if text else text
        text = compiled(r"\s+([.,;:])").sub(r"\1", text)
    return text.strip(" ;,")


def _match_authors(text: str) -> str | None:
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
        head = text[: _sentence_end(text)]
        if _ORG_WORDS.search(head) or text[len(best) :].startswith(":"):
            return None
    return best


def _is_bare_family(part: str) -> bool:
    """A family name still waiting for its initials ("Romero", "van der Berg", "Van Dyke")."""
    if "," in part or compiled(rf"^{_INITS}").match(part):
        return False
    return not compiled(r"\s\p{Lu}{1,4}$").search(part)


def split_authors(segment: str) -> list[str]:
    """One author list as written -> one string per person, each as written."""
    segment = _field(segment) or ""
    segment = compiled(rf"{_EDS}$").sub("", segment).strip()
    segment = compiled(r",?\s(?:…|\.\.\.)\s").sub(", ", segment)
    segment = compiled(r"(?i)(?:,?\s*(?:et\.?\s?al\.?|and others)|\s*(?:\.\.\.|…))\s*$").sub(
        "", segment
    )
    if not segment:
        return []
    if _ORG_WORDS.search(segment) and not compiled(rf"{_INITS}|,").search(segment):
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
    return [_field(p) or p for p in people]


def author_family(name: str) -> str:
    """The family name in one author string, whatever the style it was written in."""
    name = name.strip().rstrip(".,")
    if "," in name:
        return name.split(",", 1)[0].strip()
    words = name.split()
    if not words:
        return ""
    particles = [w for w in words if w[0].islower() and not compiled(_PART).fullmatch(w)]
    if _ORG_WORDS.search(name) or particles or len(words) > 4:
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


def _pick_year(text: str) -> tuple[str | None, tuple[int, int] | None]:
    if match := _PAREN_YEAR.search(text):
        year = compiled(r"\d{4}").match(match.group("y"))
        return (year.group(0) if year else None), match.span()
    candidates = [m for m in _YEAR_TOKEN.finditer(text)]
    if not candidates:
        return None, None
    pick = candidates[-1]
    return pick.group(0)[:4], pick.span()


_CONTAINER_STOPS = [
    re.compile(r",\s*(?=(?:vol|Vol|no\.|No\.|pp?\.|\(?\d|[IVXLC]+\b|" + _MONTH + r"\s))"),
    re.compile(r"\s(?=\d+(?:\s*[(:,;.]|\s*$))"),
    re.compile(r"\s(?=(?:No|no|Vol|vol|pp|Part|Nr)\.?\s*\d)"),
    re.compile(r";"),
    re.compile(r"\s\("),
    re.compile(r":\s*\d"),
    re.compile(r",\s+(?=[\p{Lu}][\p{L}]+:)"),
    re.compile(r",?\s+(?=(?:[Ee]d\.|[Ee]ds\.|[Ee]dited by|Web\.|Print\.)(?:\s|$))"),
]
_AFTER_ABBREVIATION = re.compile(r"^(?:\p{Lu}|(?:of|on|in|and|for|the|de|der|des|du|für|di)\s)")
_NOT_ABBREVIATED = re.compile(r"^(?:Ed|Eds|Edited|Web|Print|Accessed|Retrieved|Available)\b")


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


def _container_from(text: str) -> tuple[str | None, str]:
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
        if _abbreviation_inside(word.group(1) if word else "", after) or _ABBREV_BEFORE_DOT.search(
            before
        ):
            continue
        end = match.start() + 1
        break
    return text[:end], text[end:]


def _numbers(text: str, ref: Reference) -> None:
    """Volume, issue and pages from the tail of a reference."""
    for pattern in (_VANCOUVER_TAIL, _NATURE_TAIL):
        for match in pattern.finditer(text):
            if match.groupdict().get("v") or match.groupdict().get("p"):
                ref.volume = ref.volume or match.group("v")
                ref.issue = ref.issue or match.group("i")
                ref.pages = ref.pages or match.group("p")
                return
    if match := _VOL.search(text):
        ref.volume = match.group("v")
    if match := _ISSUE.search(text):
        ref.issue = match.group("i")
    if match := _PAGES.search(text):
        ref.pages = compiled(r"\s+").sub("", match.group("p") or match.group("q"))
    if ref.volume is None and (match := _APA_TAIL.search(text)):
        ref.volume = match.group("v")
        ref.issue = ref.issue or match.group("i")
        ref.pages = ref.pages or match.group("p")


def _domain(url: str) -> str | None:
    if not compiled(r"(?i)https?://").match(url):
        url = "http://" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


# --------------------------------------------------------------------------- parse


_DEFAULT = object()
MAX_PARSED_CHARS = 1000


def parse_reference(
    raw: str, label: str | None = None, *, tagger: Tagger | object | None = _DEFAULT
) -> Reference:
    """One reference string, in any common style, to a Reference; never raises on odd text.

    ``tagger`` is the token model that settles authors, year, title and container; by
    default the shipped one, ``None`` for rules alone.
    """
    text = _clean_ws(raw)
    if match := _LABEL.match(text):
        found = next(g for g in match.groups() if g is not None)
        label = label if label is not None else found
        text = text[match.end() :]
    ref = Reference(label=label, raw=" ".join(raw.split()))
    if not text:
        return ref
    text = text[:MAX_PARSED_CHARS]  # no reference is longer; a page's run-on block is not one

    rest, ids = _identifiers(text)
    ref.doi = ids.get("doi")
    ref.pmid = ids.get("pmid")
    ref.pmcid = ids.get("pmcid")
    ref.url = ids.get("url")
    rest = _remove_cues(rest)
    rest = rest.strip(" .,;:")
    if not rest:
        if ref.url:
            ref.container = _domain(ref.url)
        return ref

    facts = _parse_body(rest, ref)
    model = default_tagger() if tagger is _DEFAULT else tagger
    if isinstance(model, Tagger):
        _apply_model(text, ref, model, facts)
    if ref.title and not facts.quoted_title:
        ref.title = _field(_TITLE_NOTE.sub("", ref.title)) or ref.title
        ref.title = _title_without_tail(ref.title, ref)
    if ref.container:
        ref.container = _without_tail(ref.container)
    if ref.container is None and ref.url and not ref.doi:
        ref.container = _domain(ref.url)
    return ref


def _runs(labels: list[str], name: str) -> list[tuple[int, int]]:
    """(start, end) of each run of one label, bridging a single stray token inside it."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(labels):
        if labels[index] != name:
            index += 1
            continue
        start = end = index
        while end + 1 < len(labels):
            if labels[end + 1] == name:
                end += 1
            elif (
                end + 2 < len(labels) and labels[end + 2] == name and name in ("title", "container")
            ):
                end += 2
            else:
                break
        runs.append((start, end))
        index = end + 1
    return runs


def _main_span(tokens: list[str], labels: list[str], name: str) -> str | None:
    """The first run of one label: the field (later runs are a series, a reprint...)."""
    runs = _runs(labels, name)
    if not runs:
        return None
    start, end = runs[0]
    return " ".join(tokens[start : end + 1])


class _RuleFacts(NamedTuple):
    """How sure the rules were, so the model only overrides readings the rules guessed."""

    quoted_title: bool
    named_authors: bool  # the author list matched one of the name-list shapes
    organisation: bool  # the author is an organisation named in the first sentence


# a description after the title ("(Doctoral dissertation)"), or a bracket the title never closes
_TITLE_NOTE = re.compile(
    r"\s*(?:\((?:[^()]*\b(?:dissertation|thesis|report|edition|ed\.|trans\.|translated|vols?\.?)"
    r"\b[^()]*)\)|\([^()]*)[.,]?$",
    re.I,
)


def _title_without_tail(title: str, ref: Reference) -> str:
    """A title that ran on into its container ("... trial. Diabetes Educ., 36") or its
    year ("The Hydrolysis of Cations, 1976") loses that tail."""
    if ref.container and len(ref.container) > 3:
        at = title.find(ref.container)
        if at > 0:
            before, after = title[:at].rstrip(), title[at + len(ref.container) :]
            if compiled(r"\d").search(after) and compiled(r"[\d\s,.;:()–-]*").fullmatch(after):
                title = _field(before) or title  # the journal and its volume and pages
    if ref.year:
        title = compiled(rf",\s*{ref.year}[a-z]?(?:,\s*\w+)?\.?$").sub("", title) or title
    return title


def _choose_title(
    ref: Reference, model: str | None, facts: _RuleFacts, *, lead_cut: bool = False
) -> str | None:
    """The model's title, unless the rules' reading is safer: a quoted title, a title of
    which the model kept only a piece (it stopped at an abbreviation or a bracket), or one
    that ran into the authors or the container."""
    rules = ref.title
    if model and ref.authors and model.startswith(ref.authors[0] + ". "):
        model = model[len(ref.authors[0]) + 2 :]  # "Lupus Foundation. What is lupus?"
    if model and len(compiled(r"\b\p{L}{3,}\b").findall(model)) < 2 and rules:
        return rules  # "Jun 2;172(11):ITC81": not a title
    if model and facts.organisation and _fold(model) == _fold(ref.authors[0]) and rules:
        return rules  # the organisation that wrote it is not its title
    if not model or facts.quoted_title:
        return rules or model
    if not rules:
        return model
    if ref.container and len(ref.container) > 3 and model.startswith(rules):
        folded, extra = _fold(ref.container), _fold(model[len(rules) :])
        if folded in extra and (ref.url or compiled(r"\d").search(extra.replace(folded, ""))):
            return rules  # the model ran on into the journal and its numbers, or the site
    if len(rules) > len(model) and rules.startswith(model):
        extra = rules[len(model) :].lstrip()
        if extra[:1] not in (",", ";", ":"):
            return rules  # the model stopped inside the sentence the rules read whole
    if (facts.named_authors or lead_cut) and len(rules) > len(model) and rules.endswith(model):
        head = rules[: -len(model)].strip()
        if len(head.split()) <= 2 and not compiled(r"[,.;]").search(head):
            return rules  # the model took the title's first word or two for a name
    return model


# words that open a date line or an edition, never a journal or site name
_NOT_CONTAINER = re.compile(
    r"^(?:Published|Updated|Last\s+(?:updated|reviewed|modified)|Reviewed|Modified|Posted|"
    r"Accessed|Retrieved|Viewed|Cited|Epub|\d+(?:st|nd|rd|th)(?:\s+(?:ed|edn|edition)\b|\W*$)|"
    r"(?:Revised|Second|Third|New)\s+edition)",
    re.I,
)
# "J. Smith (Eds.), Book", "A. Bauer, B. Roth (Hgg.): Buch", "Smith, J., Editors, Book"
_EDITORS_BEFORE = re.compile(
    r"^[^()]{0,120}?\((?:[Ee]ds?|[Ee]ditors?|Hrsg|Hgg?|[Ee]d\. by|sous la dir)\.?\)[,.:]?\s*"
    r"|^[^()]{0,120}?,\s+(?:[Ee]ditors?|[Ee]ds\.)[,.:]\s*(?=\S)"
)


# a bracket the name never closes ("Bulletin (August"), an issue number ("n°95")
_MONTHS_ANY = (
    rf"(?:{_MONTH}|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
    r"novembre|décembre)"
)
# what trails a container but is not its name: a bracket never closed, an issue number,
# "N.p.", a roman volume, a date ("4 January", ", 30 juillet 1952", " May(26)"), a year
_CONTAINER_TAIL = re.compile(
    r"\s*\([^()]*$|\s+n[°º]\s*\d+.*$|,\s*N\.\s?p\.?$|,\s*[IVXLC]+\.?$"
    rf"|(?:,\s+|\s+\d{{1,2}}\s+){_MONTHS_ANY}(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?$"
    rf"|\s+{_MONTHS_ANY}(?:\s*\(\d{{1,2}}\)|,?\s+\d{{4}})$"
    rf"|,\s*{_YEAR}$|,?\s*Special Issue\b.*$|,?\s*(?:Epub\s+)?[Aa]head of print\b.*$"
    # a volume and its issue ("27(4)", "XIV:4"), a volume spaced out ("X L I"), a series
    r"|\s+\d+\s?\(\d+(?:[-–/]\d+)?\)$|\s+[IVXLC]+:\d+$|,\s*(?:[IVXLC]\s){1,4}[IVXLC]$"
    r"|,\s+(?:Lecture Notes in [\p{L} ]+)(?:,?\s+(?:vol\.?\s*)?\d+)?$"
    # a volume and what follows it, a part, the place of a meeting, a city and its publisher
    r"|[,:.]?\s+Vols?\.\s*\d+\b.*$|,\s+Part\s+(?:[IVX]+|\d+)$|\s+\d+\.\d+$"
    r"|,\s+held\s+(?:at|in)\s.*$|\.\s+\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?:\s*\p{Lu}[\p{L}&.-]*(?:\s[\p{L}&.-]+){0,3}$"
)
# what opens a container but is not its name: a part of the title ("I."), a special issue
_CONTAINER_LEAD = re.compile(
    r"^(?:[IVX]{1,4}\.\s+(?=\p{Lu}\p{Ll})|Special Issue,\s+"
    r"|\p{Lu}\p{Ll}+\s\p{Lu}\p{Ll}+\s(?:&|and)\s\p{Lu}\p{Ll}+\s\p{Lu}\p{Ll}+,\s+(?=\p{Lu}))"
)
# the city of a meeting after its name: "Proceedings of ... Intelligence, Karlsruhe"
_MEETING = re.compile(
    r"\b(?:Proceedings|Conference|Workshop|Symposium|Meeting|Congress)\b|\b(?:Proc|Conf)\."
)
_MEETING_PLACE = re.compile(
    r",\s+(?!(?:Part|Volume|Vol|Section|Session|Papers|Abstracts|Proceedings)\b)"
    r"\p{Lu}\p{Ll}{2,}(?:[-/]\p{Lu}\p{Ll}+)?$"
)


def _without_tail(container: str) -> str | None:
    """The container without what trails it, peeled until nothing more comes off."""
    previous = None
    while previous != container:
        previous = container
        container = _field(_CONTAINER_TAIL.sub("", container)) or container
        container = _field(_CONTAINER_LEAD.sub("", container)) or container
        if _MEETING.search(container):
            container = _field(_MEETING_PLACE.sub("", container)) or container
    if compiled(rf"{_MONTHS_ANY}(?:\s+\d{{1,2}})?,?", re.I).fullmatch(container):
        return None  # "April": a date, the container was never named
    return container


_CONTAINER_HEAD = re.compile(r"^(?:(?:Reprinted|Repr\.|Published|Also)\s+)?(?:In|in)\s*:?\s+")


def _trim_container(container: str, title: str | None) -> str:
    """A container span without the "In", the editors, or a tail of the title before it."""
    container = _CONTAINER_HEAD.sub("", container)
    container = _EDITORS_BEFORE.sub("", container)
    container = compiled(r"^Special Issue,?\s+").sub("", container)
    for match in compiled(r"(?<=[\p{L})\]])\.\s+(?=\p{Lu}|[<\[“\"])").finditer(container):
        before = container[: match.start()]
        word = compiled(r"(\p{L}+)\)?$").search(before)
        if word and len(word.group(1)) <= 7 and not before.endswith(")"):
            continue  # "Proc. Natl.": an abbreviation inside the name
        if title and _fold(before) and _fold(before) in _fold(title):
            return container[match.end() :]  # the model started inside the title
        if before.endswith(")") and len(before.split()) <= 3:
            return container[match.end() :]  # "(in Russian). Doklady ..."
    return container


# words before a colon, with no initial and no comma: the head of a title ("Stem Cells: ...")
_TITLE_LEAD = re.compile(r"[^,.]*\p{Ll}[^,.]*:")


_ABBREVIATED_WORD = re.compile(r"\p{Lu}\p{Ll}{1,4}\.")


def _extend_abbreviated_container(tokens: list[str], labels: list[str]) -> list[str]:
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


def _apply_model(text: str, ref: Reference, tagger: Tagger, facts: _RuleFacts) -> None:
    """Authors, year, title and container from the token model, where it finds them."""
    tokens = tokenize(text)
    labels = tagger.tag(tokens)
    labels = _extend_abbreviated_container(tokens, labels)
    found = {
        name: _main_span(tokens, labels, name) for name in ("author", "date", "title", "container")
    }
    found = {name: value for name, value in found.items() if value}
    title_lead = "author" in found and bool(_TITLE_LEAD.fullmatch(found["author"]))
    sure = facts.named_authors or facts.organisation
    if "author" in found and not sure and not title_lead:
        people = split_authors(found["author"])
        if people:
            ref.authors = people
    if "date" in found and (year := compiled(rf"{_YEAR}").search(found["date"])):
        ref.year = year.group(0)
    model_title = found.get("title")
    if model_title:
        model_title = _TITLE_NOTE.sub("", model_title)
    ref.title = _choose_title(ref, _field(model_title), facts, lead_cut=title_lead)
    if "container" in found and not _NOT_CONTAINER.match(found["container"]):
        container = _field(_trim_container(found["container"], ref.title))
        rules = ref.container
        if container and rules and len(rules) > len(container) and rules.endswith(container):
            head = rules[: -len(container)].strip()
            if head.endswith(":") and len(head.split()) <= 2:
                container = rules  # "Maedica: A Journal of ...": the model began after the colon
        if container and ref.title and _fold(container) == _fold(ref.title):
            after = text.split(found["container"], 1)[-1].lstrip(" ,.;:")
            if "title" not in found and after[:1].isdigit():
                ref.title = None  # "Nano Lett. 2010, 10, 1979": a journal, and no title
            else:
                container = None  # the title cannot be its own container
        ref.container = container or ref.container


_COMMA_STYLE_CUT = re.compile(
    r",\s+(?=(?:In\b|in:|in\s|Proc\b|Proc\.|Proceedings|Journal|J\.\s|Trans\b|Trans\.|IEEE|ACM|"
    r"Conference|Symposium|Workshop|Vol\b|vol\b|Vol\.|vol\.|pp\.|No\.|Technical|Tech\.|Report|"
    r"Ph\.?D|Thesis|Master|Dissertation|Unpublished|paper\b|to appear|submitted|\d))"
)
_TITLE_PAREN = re.compile(r"\s\((?=[^()]*(?:\d{4}|\bby\b|:|\bvols?\b|edition|\beds?\.))")


def _parse_body(text: str, ref: Reference) -> _RuleFacts:
    """Fill the fields by rules, and say which readings were sure."""
    text = text.replace("``", "“").replace("''", "”")
    # "———." repeats the previous entry's author
    text = compiled(r"^[—–-]{2,}[.,]?\s*").sub("", text)
    authors = _match_authors(text)
    rest = text
    comma_style = False
    organisation = False
    if authors:
        ref.authors = split_authors(authors)
        rest = text[len(authors) :]
        comma_style = rest.startswith(",")
    else:
        # an organisation or an unrecognised author: the first sentence, if a year or a
        # second sentence follows in the way author-date styles put them
        end = _sentence_end(text)
        head, tail = text[:end], text[end:].lstrip()
        paren = _PAREN_YEAR.match(tail) or _PAREN_YEAR.search(head)
        if paren and _PAREN_YEAR.search(head) and 0 < _PAREN_YEAR.search(head).start() < 120:
            year_match = _PAREN_YEAR.search(head)
            ref.authors = [_field(head[: year_match.start()]) or ""]
            rest = head[year_match.start() :] + " " + tail
        elif compiled(rf"^{_YEAR}[a-z]?\.").match(tail) or (
            _ORG_WORDS.search(head) and len(head) < 120 and tail and not head.startswith(('"', "“"))
        ):
            ref.authors = [_field(head) or head]
            rest = tail
            organisation = bool(_ORG_WORDS.search(head))
    rest = rest.lstrip(" .,:;")

    # year right after the authors (APA, Harvard, Chicago author-date)
    year_span = None
    lead_year = compiled(
        rf"^(?:\((?P<y>{_YEAR})[a-z]?(?:,\s*[^).]{{0,30}})?\)[.,:]?|(?P<y2>{_YEAR})[a-z]?[.,:])\s*"
        r"|^\((?:n\.\s?d\.|in press)\)[.,]?\s*",
        re.I,
    ).match(rest)
    if lead_year and (lead_year.group(0).strip().startswith("(") or ref.authors):
        ref.year = lead_year.group("y") or lead_year.group("y2")
        rest = rest[lead_year.end() :]
    else:
        ref.year, year_span = _pick_year(rest)

    # title: quoted, or the next sentence
    rest = rest.strip()
    quoted_title = False
    quoted = compiled(r"[\"“«„]\s*(?P<t>[^\"“”«»„]{3,}?)\s*[\"”»“]").search(rest)
    if quoted and quoted.start() < max(40, len(rest) // 2):
        before = _field(rest[: quoted.start()])
        # sure when the quote opens the title, or follows what reads as the author's name;
        # other words before it make it a title quoted inside a title
        quoted_title = quoted.start() <= 2 or bool(
            before
            and not ref.authors
            and compiled(r"(?:\p{Lu}[\p{L}.'’-]*,?\s*)+").fullmatch(before)
        )
        if before and not ref.authors and not compiled(r"\d").search(before):
            ref.authors = split_authors(before)
        ref.title = _field(quoted.group("t"))
        tail = rest[quoted.end() :]
    elif rest[:1] == "‘" and (close := compiled(r"[’'](?=[\s.,:;]|$)").search(rest[1:])):
        ref.title = _field(rest[1 : close.start() + 1])
        quoted_title = True
        tail = rest[close.end() + 1 :]
    else:
        end = _sentence_end(rest)
        if comma_style and (cut := _COMMA_STYLE_CUT.search(rest[:end])):
            end = cut.start() + 1  # "A. Author, Title, Journal, 12, ..." (IEEE without quotes)
        if paren := _TITLE_PAREN.search(rest[:end]):
            end = paren.start()  # "Title (Boston: Press, 1998)", "Title (translated by ...)"
        title = rest[:end]
        if year_span and ref.authors and year_span[0] < end and not lead_year:
            # a year inside the first sentence ends the title (Harvard without brackets)
            title = rest[: year_span[0]]
        ref.title = _field(title)
        tail = rest[len(title) :]
        if ref.title and " - " in ref.title and not ref.authors and (ref.url or not tail.strip()):
            page, site = ref.title.rsplit(" - ", 1)
            ref.title, ref.container = _field(page), _field(site)
        elif ref.title and " | " in ref.title and not ref.authors:
            page, site = ref.title.rsplit(" | ", 1)
            ref.title, ref.container = _field(page), _field(site)

    tail = tail.lstrip(" .,:;")
    if ref.container is None and tail:
        container, after = _container_from(tail)
        container = _field(container)
        if (
            container
            and not compiled(rf"[\d\s,.;:()–-]*|{_YEAR}.*").fullmatch(container)
            and not _NOT_CONTAINER.match(container)
        ):
            ref.container = container
        tail = after
    if ref.year is None:
        ref.year, _ = _pick_year(tail)
    _numbers(tail if tail else rest, ref)
    if ref.title and ref.year and ref.title == ref.year:
        ref.title = None
    return _RuleFacts(
        quoted_title=quoted_title, named_authors=bool(authors), organisation=organisation
    )


# --------------------------------------------------------------------------- identity


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return compiled(r"[^\p{L}\p{N}]+").sub(" ", text.lower()).strip()


def reference_key(ref: Reference) -> str:
    """A normalised identity for a reference, stable across restyling and renumbering."""
    if ref.doi:
        return "doi:" + ref.doi.lower()
    if ref.pmid:
        return "pmid:" + ref.pmid
    if ref.pmcid:
        return "pmcid:" + ref.pmcid.upper()
    family = _fold(author_family(ref.authors[0])) if ref.authors else ""
    title = _fold(ref.title or "")
    if title or family:
        return f"work:{title}|{family}|{ref.year or ''}"
    if ref.url:
        return "url:" + ref.url.lower().rstrip("/")
    return "raw:" + _fold(ref.raw)


# --------------------------------------------------------------------------- the list

REFERENCE_HEADING = re.compile(
    r"^(?:\d+\.?\s*)?(?:references?|reference list|sources?|notes|end\s?notes|foot\s?notes|"
    r"bibliography|citations?|works cited|literature cited|literature|cited literature|"
    r"studies cited|scientific references|research|sources and references|"
    r"references and (?:notes|further reading|sources)|sources and notes|"
    r"referencias|références|quellen|literatur|bibliografía|bibliographie)\s*:?$",
    re.I,
)
NUMBERED_ENTRY = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,3}[.)]\s|\^\d{1,3}\s)")
_REF_SIGNAL = re.compile(
    rf"(?:{_YEAR}|\b10\.\d{{4,9}}/|https?://|www\.|\bPMID\b|\bet al\b|\bRetrieved\b|\bAccessed\b|"
    r"\bdoi\b|[\"“].+[\"”]|\bvol\.|\bpp\.)",
    re.I,
)


def looks_like_reference(block: Block) -> bool:
    text = block.text.strip()
    if not text or len(text) > 1500:
        return False
    if _REF_SIGNAL.search(text):
        return True
    return len(text.split()) <= 25 and block.kind is not BlockKind.HEADING


@remembered(4096)
def _parsed_entry(text: str, label: str | None) -> Reference:
    """Parsed once per process: every new version of a tracked page repeats its list."""
    return parse_reference(text, label=label)


def _entry(block: Block) -> Reference:
    label = str(block.ordinal) if block.ordinal is not None else None
    text = block.text
    if _LABEL.match(text):
        label = None  # the text's own label wins over the list position
    shared = _parsed_entry(text, label)
    return replace(shared, authors=list(shared.authors))  # callers relabel their copy


def _heading_section(blocks: list[Block]) -> tuple[int, int] | None:
    """(start, end) of the last reference section opened by a heading, heading included."""
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        text = block.text.strip()
        is_heading = (
            block.kind is BlockKind.HEADING
            or (block.kind is BlockKind.PARAGRAPH and text.endswith(":"))
            or (block.kind is BlockKind.PARAGRAPH and len(text) < 40)
        )
        if not is_heading or not REFERENCE_HEADING.match(text):
            continue
        end = index + 1
        while end < len(blocks):
            nxt = blocks[end]
            if nxt.kind is BlockKind.HEADING:
                break
            if nxt.kind is not BlockKind.LIST_ITEM and not looks_like_reference(nxt):
                break
            end += 1
        if end > index + 1:
            return index, end
    return None


MAX_TAIL_BLOCKS = 6  # short leftovers after a list: "IRB-approved protocol", "Share this"
MAX_TAIL_WORDS = 15


def _numbered(block: Block) -> bool:
    if block.kind is BlockKind.HEADING:
        return False
    return bool(NUMBERED_ENTRY.match(block.text)) or (
        block.kind is BlockKind.LIST_ITEM and block.ordinal is not None
    )


def _trailing_section(blocks: list[Block]) -> tuple[int, int] | None:
    """A run of numbered, reference-like blocks that ends the article, without a heading.

    A few short blocks may follow it (a badge, a call to action the cleaner left); a
    paragraph of prose after it means the run was part of the article, and it stays.
    """
    end = len(blocks)
    while (
        end > 0
        and len(blocks) - end < MAX_TAIL_BLOCKS
        and not _numbered(blocks[end - 1])
        and len(blocks[end - 1].text.split()) <= MAX_TAIL_WORDS
    ):
        end -= 1
    if end == 0 or not _numbered(blocks[end - 1]):
        return None
    start = end
    while start > 0 and _numbered(blocks[start - 1]):
        start -= 1
    run = blocks[start:end]
    if len(run) < 2:
        return None
    signalled = sum(1 for block in run if _REF_SIGNAL.search(block.text))
    if signalled * 2 < len(run) or signalled < 2:
        return None
    return start, end


def _author_year_labels(references: list[Reference]) -> None:
    """Unnumbered lists (APA, MLA) get "Family Year" labels so citations can point at them.

    Two works of one author and year become "Liu 2018a", "Liu 2018b", in list order, as
    author-year styles write them in the text.
    """
    if any(ref.label for ref in references):
        return
    bases: list[str] = []
    for position, ref in enumerate(references, start=1):
        family = author_family(ref.authors[0]) if ref.authors else ""
        bases.append(f"{family} {ref.year}" if family and ref.year else str(position))
    totals = {base: bases.count(base) for base in bases}
    used: dict[str, int] = {}
    for ref, base in zip(references, bases, strict=True):
        if totals[base] == 1:
            ref.label = base
            continue
        index = used.get(base, 0)
        used[base] = index + 1
        ref.label = f"{base}{chr(ord('a') + index)}" if index < 26 else f"{base}-{index + 1}"


def split_references(blocks: list[Block]) -> tuple[list[Block], list[Reference]]:
    """Remove the reference list (and its heading) from the article blocks and parse it."""
    section = _heading_section(blocks) or _trailing_section(blocks)
    if section is None:
        return list(blocks), []
    start, end = section
    entries = blocks[start:end]
    if entries and REFERENCE_HEADING.match(entries[0].text.strip()):
        entries = entries[1:]
    references = [_entry(block) for block in entries if block.text.strip()]
    _author_year_labels(references)
    return blocks[:start] + blocks[end:], references
