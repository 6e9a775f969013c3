"""Identifiers in reference strings, in the forms real lists write them.

A DOI bare, as ``doi:`` or as a doi.org link, with MEDLINE's "[doi]" / "[pii]" tags after
it, a PMID glued to it ("doi:10.1000/abc.PMID:123"), a space typed after its slash, or
in brackets; a PMID; a PMCID with its "PMC" prefix doubled or missing ("PMCID:
PMCPMC1234567", "PMCID: 1234567"); PubMed and PMC links; any URL. ``identifiers`` lifts
them out of the text so the rest can be read as authors, title and container.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

import regex as re

from tracker.extraction.patterns import compiled

LABEL: Final = re.compile(
    r"^\s*(?:\[(?P<a>\d{1,4}[a-z]?)\]|\((?P<b>\d{1,4}[a-z]?)\)|(?P<c>\d{1,3}[a-z]?)[.)](?=\s|$)"
    r"|\^(?P<d>\d{1,3})\s)\s*"
)
_DOI: Final = re.compile(
    r"(?:\b(?:doi|DOI)\s*[:.>]?\s*|https?://(?:dx\.)?doi\.org/|doi\.org/)?"
    # a space typed after the slash ("10.1016/ j.cub.2016.05.047") when what follows is
    # a DOI's suffix (it holds a digit, or a "doi:" label names it), not the next word
    r"(?P<doi>10\.\d{4,9}/(?:\s(?=[^\s\"<>]*\d)|(?<=\b(?:doi|DOI)\s*[:.>]?\s*10\.\d{4,9}/)\s)?"
    r"[^\s\"<>]+)"
)
# where a DOI glued to what follows it ends: MEDLINE's "[doi]" / "[pii]" tags, a glued
# ".PMID:123" or "PMCID", "Epub"
_DOI_END: Final = re.compile(
    r"(?i)\[(?:doi|pii|pmid|pmcid|pubmed|crossref|google scholar|pmc free article|medline)\].*$"
    r"|\.?(?:PMID|PMCID|Epub)\b.*$"
)
# "PMID: 123", MEDLINE's "PMID- 123", and "[PubMed: 12345678]"
_PMID: Final = re.compile(r"\bPMID\s*[:-]?\s*(?P<id>\d{1,9})\b|\bPubMed\s*:\s*(?P<pub>\d{5,9})\b")
# "PMC1234567", and as lists write it: "PMCID: PMCPMC1234567", "PMCID: 1234567"
_PMCID: Final = re.compile(r"\bPMCID\s*:?\s*(?:PMC)*(?P<num>\d{3,9})\b|\b(?:PMC)+(?P<id>\d{3,9})\b")
_URL: Final = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)
_PUBMED_URL: Final = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d{1,9})"
)
_PMC_URL: Final = re.compile(r"/(PMC\d{3,9})")
_CUES: Final = re.compile(
    r"(?:\b(?:Retrieved|Accessed|Available|Viewed|Cited)\b[^.;]*?(?:from|at|on|:)?\s*$)"
    r"|\[(?:Internet|online|Online)\]|\[cited[^\]]*\]|\bEpub\b[^.;]*[.;]?"
    r"|\b(?:Accessed|Retrieved|Viewed)\s+(?:on\s+)?[^.;]*\d{4}\.?"
    r"|\bdoi\s*:?\s*$|\bPMID\s*[:-]?\s*;?|\bPMCID\s*:?\s*;?|\bAvailable\s+(?:from|at|online)\s*:?"
    # MEDLINE's tags, the publisher's id a "[pii]" tag names, brackets left empty
    r"|\S+\s*\[pii\]|\[(?:doi|pmid|pmcid|pubmed|crossref|google scholar|pmc free article"
    r"|medline)\]|\[\s*[;,.]?\s*\]|\(\s*[;,.]?\s*\)",
    re.I,
)
# every match of _CUES holds one of these (lower-cased), or an empty bracket: a look in C
# for them spares most references the case-blind alternation, about half a million
# instructions on a reference it does not match. Lower-casing keeps each letter that
# case-blind matching takes for an ASCII one, but for "İ" and "ſ" (read as "i" and "s")
_CUE_MARKS: Final = (
    "retrieved", "accessed", "available", "viewed", "cited", "epub", "doi", "pmid", "pmcid", "[",
)  # fmt: skip
_CASE_ODD: Final = ("İ", "ſ")
_EMPTY_PAREN: Final = re.compile(r"\(\s*[;,.]?\s*\)")


def _may_cue(text: str) -> bool:
    """Whether ``_CUES`` can match in ``text``: False only where it cannot."""
    if any(odd in text for odd in _CASE_ODD):
        return True
    lowered = text.lower()
    return any(mark in lowered for mark in _CUE_MARKS) or bool(_EMPTY_PAREN.search(text))


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


def identifiers(text: str) -> tuple[str, dict[str, str]]:
    """Lift DOI, PMID, PMCID and URL out of the text; what remains is the bibliographic part."""
    found, spans = _lift(text)
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


def not_bibliographic(text: str) -> list[tuple[int, int]]:
    """Where the identifiers and their cues ("PMID- 123", "Epub 2020 Jan 24.", "[pii]") are:
    text that is no author, title or container whatever a model reading around it says."""
    spans = _lift(text)[1]
    if _may_cue(text):
        spans += [match.span() for match in _CUES.finditer(text)]
    return spans


def _lift(text: str) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """The identifiers found, and the spans of text that wrote them."""
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
        found.setdefault("pmid", match.group("id") or match.group("pub"))
        spans.append(match.span())
    if match := _PMCID.search(text):
        found.setdefault("pmcid", "PMC" + (match.group("num") or match.group("id")))
        spans.append(match.span())
    return found, spans


def remove_cues(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        if _may_cue(text):
            text = _CUES.sub(" ", text)
        text = compiled(r"\s+").sub(" ", text).strip()
        text = compiled(r"(?:\s*[.;,:])+\s*$").sub(".", text) if text else text
        text = compiled(r"\s+([.,;:])").sub(r"\1", text)
    return text.strip(" ;,")


def domain_of(url: str) -> str | None:
    if not compiled(r"(?i)https?://").match(url):
        url = "http://" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host
