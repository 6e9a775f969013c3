"""Reference strings -> Reference (the list they stand in: ``reference_list``).

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
from typing import Final, NamedTuple

import regex as re

from tracker.extraction.patterns import compiled
from tracker.extraction.ref_model import Tagger, default_tagger, tokenize
from tracker.extraction.reference_authors import (
    ORG_WORDS,
    author_family,
    field_value,
    match_authors,
    sentence_end,
    split_authors,
)
from tracker.extraction.reference_containers import (
    MONTH,
    NOT_CONTAINER,
    YEAR,
    container_from,
    extend_abbreviated_container,
    fold,
    trim_container,
    without_tail,
)
from tracker.extraction.reference_ids import (
    LABEL,
    domain_of,
    identifiers,
    not_bibliographic,
    remove_cues,
)
from tracker.model import Reference

__all__ = ["YEAR", "own_label", "parse_reference", "reference_key"]

# --------------------------------------------------------------------------- patterns

_YEAR_TOKEN: Final = re.compile(rf"(?<![\d\p{{L}}/.–-]){YEAR}(?![\d–-]|\.\d)[a-z]?")
_PAREN_YEAR: Final = re.compile(
    rf"\((?:[\p{{L}}.]+\s+)?(?P<y>{YEAR}[a-z]?|n\.\s?d\.|in press|forthcoming)(?:[,;/][^()]*)?\)",
    re.I,
)

_VANCOUVER_TAIL: Final = re.compile(
    rf"(?P<y>{YEAR})[a-z]?(?:\s+{MONTH}(?:[-–/]{MONTH})?(?:\s+\d{{1,2}})?)?\s*"
    r"(?:;\s*(?P<v>[\w-]+)?\s*(?:\((?P<i>[^)]+)\))?\s*(?::\s*(?P<p>[\w]+(?:\s*[-–]\s*[\w]+)?))?)"
)
_NATURE_TAIL: Final = re.compile(
    rf"(?P<v>\d+)\s*(?:\((?P<i>[^)]+)\))?,\s*(?P<p>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)"
    rf"\s*\((?P<y>{YEAR})\)"
)
_APA_TAIL: Final = re.compile(
    r"(?P<v>\d+)\s*(?:\((?P<i>[^)]+)\))?\s*[,:]\s*(?P<p>[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)"
)
_VOL: Final = re.compile(r"\b(?:vol|volume|Vol|Volume|VOL)\.?\s*(?P<v>[\w]+)")
_ISSUE: Final = re.compile(r"\b(?:no|No|issue|Issue|nr|Nr)\.?\s*(?P<i>\d+[\w/–-]*)")
_PAGES: Final = re.compile(
    r"\b(?:pp?|pages?|S\.)\.?\s*(?P<p>[A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?)"
    r"|(?<![\d./])(?P<q>\d+\s*[-–—]\s*\d+)(?![\d./])"
)


# --------------------------------------------------------------------------- helpers


def _clean_ws(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return compiled(r"\s+").sub(" ", text).strip()


def _pick_year(text: str) -> tuple[str | None, tuple[int, int] | None]:
    if match := _PAREN_YEAR.search(text):
        year = compiled(r"\d{4}").match(match.group("y"))
        return (year.group(0) if year else None), match.span()
    candidates = [m for m in _YEAR_TOKEN.finditer(text)]
    if not candidates:
        return None, None
    pick = candidates[-1]
    return pick.group(0)[:4], pick.span()


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


# --------------------------------------------------------------------------- parse


_DEFAULT: Final = object()
MAX_PARSED_CHARS: Final = 1000


def _cut_label(raw: str) -> tuple[str | None, str]:
    """The label an entry's text opens with ("[3]", "12.") if any, and the text after it."""
    text = _clean_ws(raw)
    if match := LABEL.match(text):
        return next(g for g in match.groups() if g is not None), text[match.end() :]
    return None, text


def own_label(raw: str) -> str | None:
    """The label ``parse_reference(raw)`` gives: the one the entry's text opens with."""
    return _cut_label(raw)[0]


def parse_reference(
    raw: str, label: str | None = None, *, tagger: Tagger | object | None = _DEFAULT
) -> Reference:
    """One reference string, in any common style, to a Reference; never raises on odd text.

    ``tagger`` is the token model that settles authors, year, title and container; by
    default the shipped one, ``None`` for rules alone.
    """
    found, text = _cut_label(raw)
    ref = Reference(label=label if label is not None else found, raw=" ".join(raw.split()))
    if not text:
        return ref
    text = text[:MAX_PARSED_CHARS]  # no reference is longer; a page's run-on block is not one

    rest, ids = identifiers(text)
    ref.doi = ids.get("doi")
    ref.pmid = ids.get("pmid")
    ref.pmcid = ids.get("pmcid")
    ref.url = ids.get("url")
    rest = remove_cues(rest)
    rest = rest.strip(" .,;:")
    if not rest:
        if ref.url:
            ref.container = domain_of(ref.url)
        return ref

    facts = _parse_body(rest, ref)
    model = default_tagger() if tagger is _DEFAULT else tagger
    if isinstance(model, Tagger):
        _apply_model(text, ref, model, facts)
    if ref.title and not facts.quoted_title:
        ref.title = field_value(_TITLE_NOTE.sub("", ref.title)) or ref.title
        ref.title = _title_without_tail(ref.title, ref)
    if ref.container:
        ref.container = without_tail(ref.container)
    if ref.container is None and ref.url and not ref.doi:
        ref.container = domain_of(ref.url)
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
_TITLE_NOTE: Final = re.compile(
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
                title = field_value(before) or title  # the journal and its volume and pages
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
    if model and facts.organisation and fold(model) == fold(ref.authors[0]) and rules:
        return rules  # the organisation that wrote it is not its title
    if not model or facts.quoted_title:
        return rules or model
    if not rules:
        return model
    if ref.container and len(ref.container) > 3 and model.startswith(rules):
        folded, extra = fold(ref.container), fold(model[len(rules) :])
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


# words before a colon, with no initial and no comma: the head of a title ("Stem Cells: ...")
_TITLE_LEAD: Final = re.compile(r"[^,.]*\p{Ll}[^,.]*:")


def _apply_model(text: str, ref: Reference, tagger: Tagger, facts: _RuleFacts) -> None:
    """Authors, year, title and container from the token model, where it finds them."""
    tokens = tokenize(text)
    labels = tagger.tag(tokens)
    # the model reads the identifiers as context, but no field runs on into them
    # ("Morgan Kaufmann. PMID- 30039595" is no container)
    lifted = not_bibliographic(text)
    for index, token in enumerate(compiled(r"\S+").finditer(text) if lifted else ()):
        if any(start < token.end() and token.start() < end for start, end in lifted):
            labels[index] = "url"
    labels = extend_abbreviated_container(tokens, labels)
    spans = {
        name: _main_span(tokens, labels, name) for name in ("author", "date", "title", "container")
    }
    found = {name: value for name, value in spans.items() if value}
    title_lead = "author" in found and bool(_TITLE_LEAD.fullmatch(found["author"]))
    sure = facts.named_authors or facts.organisation
    if "author" in found and not sure and not title_lead:
        people = split_authors(found["author"])
        if people:
            ref.authors = people
    if "date" in found and (year := compiled(rf"{YEAR}").search(found["date"])):
        ref.year = year.group(0)
    model_title = found.get("title")
    if model_title:
        model_title = _TITLE_NOTE.sub("", model_title)
    ref.title = _choose_title(ref, field_value(model_title), facts, lead_cut=title_lead)
    if "container" in found and not NOT_CONTAINER.match(found["container"]):
        container = field_value(trim_container(found["container"], ref.title))
        rules = ref.container
        if container and rules and len(rules) > len(container) and rules.endswith(container):
            head = rules[: -len(container)].strip()
            if head.endswith(":") and len(head.split()) <= 2:
                container = rules  # "Maedica: A Journal of ...": the model began after the colon
        if container and ref.title and fold(container) == fold(ref.title):
            after = text.split(found["container"], 1)[-1].lstrip(" ,.;:")
            if "title" not in found and after[:1].isdigit():
                ref.title = None  # "Nano Lett. 2010, 10, 1979": a journal, and no title
            else:
                container = None  # the title cannot be its own container
        ref.container = container or ref.container


_COMMA_STYLE_CUT: Final = re.compile(
    r",\s+(?=(?:In\b|in:|in\s|Proc\b|Proc\.|Proceedings|Journal|J\.\s|Trans\b|Trans\.|IEEE|ACM|"
    r"Conference|Symposium|Workshop|Vol\b|vol\b|Vol\.|vol\.|pp\.|No\.|Technical|Tech\.|Report|"
    r"Ph\.?D|Thesis|Master|Dissertation|Unpublished|paper\b|to appear|submitted|\d))"
)
_TITLE_PAREN: Final = re.compile(r"\s\((?=[^()]*(?:\d{4}|\bby\b|:|\bvols?\b|edition|\beds?\.))")


def _parse_body(text: str, ref: Reference) -> _RuleFacts:
    """Fill the fields by rules, and say which readings were sure."""
    text = text.replace("``", "“").replace("''", "”")
    # "———." repeats the previous entry's author
    text = compiled(r"^[—–-]{2,}[.,]?\s*").sub("", text)
    authors = match_authors(text)
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
        end = sentence_end(text)
        head, tail = text[:end], text[end:].lstrip()
        paren = _PAREN_YEAR.match(tail) or _PAREN_YEAR.search(head)
        if paren and _PAREN_YEAR.search(head) and 0 < _PAREN_YEAR.search(head).start() < 120:
            year_match = _PAREN_YEAR.search(head)
            ref.authors = [field_value(head[: year_match.start()]) or ""]
            rest = head[year_match.start() :] + " " + tail
        elif compiled(rf"^{YEAR}[a-z]?\.").match(tail) or (
            ORG_WORDS.search(head) and len(head) < 120 and tail and not head.startswith(('"', "“"))
        ):
            ref.authors = [field_value(head) or head]
            rest = tail
            organisation = bool(ORG_WORDS.search(head))
    rest = rest.lstrip(" .,:;")

    # year right after the authors (APA, Harvard, Chicago author-date)
    year_span = None
    lead_year = compiled(
        rf"^(?:\((?P<y>{YEAR})[a-z]?(?:,\s*[^).]{{0,30}})?\)[.,:]?|(?P<y2>{YEAR})[a-z]?[.,:])\s*"
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
        before = field_value(rest[: quoted.start()])
        # sure when the quote opens the title, or follows what reads as the author's name;
        # other words before it make it a title quoted inside a title
        quoted_title = quoted.start() <= 2 or bool(
            before
            and not ref.authors
            and compiled(r"(?:\p{Lu}[\p{L}.'’-]*,?\s*)+").fullmatch(before)
        )
        if before and not ref.authors and not compiled(r"\d").search(before):
            ref.authors = split_authors(before)
        ref.title = field_value(quoted.group("t"))
        tail = rest[quoted.end() :]
    elif rest[:1] == "‘" and (close := compiled(r"[’'](?=[\s.,:;]|$)").search(rest[1:])):
        ref.title = field_value(rest[1 : close.start() + 1])
        quoted_title = True
        tail = rest[close.end() + 1 :]
    else:
        end = sentence_end(rest)
        if comma_style and (cut := _COMMA_STYLE_CUT.search(rest[:end])):
            end = cut.start() + 1  # "A. Author, Title, Journal, 12, ..." (IEEE without quotes)
        if paren := _TITLE_PAREN.search(rest[:end]):
            end = paren.start()  # "Title (Boston: Press, 1998)", "Title (translated by ...)"
        title = rest[:end]
        if year_span and ref.authors and year_span[0] < end and not lead_year:
            # a year inside the first sentence ends the title (Harvard without brackets)
            title = rest[: year_span[0]]
        ref.title = field_value(title)
        tail = rest[len(title) :]
        if ref.title and " - " in ref.title and not ref.authors and (ref.url or not tail.strip()):
            page, site = ref.title.rsplit(" - ", 1)
            ref.title, ref.container = field_value(page), field_value(site)
        elif ref.title and " | " in ref.title and not ref.authors:
            page, site = ref.title.rsplit(" | ", 1)
            ref.title, ref.container = field_value(page), field_value(site)

    tail = tail.lstrip(" .,:;")
    if ref.container is None and tail:
        container, after = container_from(tail)
        container = field_value(container)
        if (
            container
            and not compiled(rf"[\d\s,.;:()–-]*|{YEAR}.*").fullmatch(container)
            and not NOT_CONTAINER.match(container)
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


def reference_key(ref: Reference) -> str:
    """A normalised identity for a reference, stable across restyling and renumbering."""
    if ref.doi:
        return "doi:" + ref.doi.lower()
    if ref.pmid:
        return "pmid:" + ref.pmid
    if ref.pmcid:
        return "pmcid:" + ref.pmcid.upper()
    family = fold(author_family(ref.authors[0])) if ref.authors else ""
    title = fold(ref.title or "")
    if title or family:
        return f"work:{title}|{family}|{ref.year or ''}"
    if ref.url:
        return "url:" + ref.url.lower().rstrip("/")
    return "raw:" + fold(ref.raw)
