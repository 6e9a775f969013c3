"""Title, authors, published and updated dates, language: every candidate kept with its source.

Sources, in the order they win for the Document's own field:

* updated / published: the visible date line ("Updated on Apr 11, 2024",
  "Last updated: ...", "Published ..."), then JSON-LD (``dateModified`` /
  ``datePublished``), then meta tags (``article:modified_time`` ...), then
  ``<time>`` elements. What the reader is told wins over what machines are told:
  a silent edit is an article change without a change of the *visible* date.
* title: the page's <h1> (inside the article first), og:title, JSON-LD headline,
  then <title> without its site-name suffix.
* authors: JSON-LD, meta author, then the visible byline.

Every candidate found goes into ``Document.metadata`` as a ``MetadataValue`` with
its source, so a researcher can see where each value came from and which lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from tracker.extraction.dates import find_date, parse_date
from tracker.extraction.dom import normalize_space, text_of
from tracker.extraction.segment import RawBlock
from tracker.model import MetadataValue, StripReason

_LABEL_ANYWHERE = re.compile(
    r"(?:^|(?<=[\s·|•,;(]))(?P<label>(?:last\s+|originally\s+|first\s+)?(?:updated|modified"
    r"|reviewed|revised|published|posted|written|created|released|edited)(?:\s+(?:on|at))?)"
    r"\s*:?\s*",
    re.IGNORECASE,
)
_NOT_WORD = re.compile(r"[\W_]+")
_CREDIT_SEPARATORS = re.compile(r"\s[—–|·•]\s|\s{2,}")
MAX_DATE_LINE_LEFTOVER = 30
# elements whose class says byline, date or article header: their lines may mix names and dates
_META_BOX = {StripReason.BYLINE, StripReason.DATE_LINE, StripReason.HEADER}
_UPDATED_WORDS = ("updat", "modif", "review", "revis", "edit")
_BYLINE = re.compile(
    r"^\s*(?:(?:written|posted|reviewed|medically reviewed|edited|fact[- ]checked)\s+)?by\s*:?\s+",
    re.IGNORECASE,
)
_CREDENTIAL = re.compile(
    r"^(?:M\.?D\.?|Ph\.?D\.?|D\.?O\.?|R\.?N\.?|MPH|MSc?|MBA|FACP|FACS|BSN|MSN|PharmD|DNP|NP|PA-C"
    r"|RD|LD|CPT|DC|DDS|DVM|Jr\.?|Sr\.?|II|III|[A-Z]{2,5})$"
)
_NAME = re.compile(
    r"^[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:[A-ZÀ-Þ][\w'’.-]*|(?:de|da|del|der|di|du|la|le|van|von|bin"
    r"|al|el|dos|das|ten|ter|y)\b))*$"
)
_NOT_NAMES = re.compile(
    r"\b(?:about|the|our|team|staff|editor(?:ial)?|admin|share|comments?|posted|updated|read"
    r"|minutes?|min|follow|subscribe|view|all|more|articles?|posts?|by)\b",
    re.IGNORECASE,
)
_SITE_SEPARATORS = re.compile(r"\s+[|–—·•:»-]\s+|\s+::\s+")
_ARTICLE_TYPES = re.compile(
    r"article|posting|report|webpage|medicalwebpage|blogposting|newsarticle|scholarly",
    re.IGNORECASE,
)
MAX_JSON_LD = 1_000_000


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    language: str | None = None
    values: list[MetadataValue] = field(default_factory=list)
    date_lines: set[int] = field(default_factory=set)  # indexes of visible date-line blocks
    bylines: set[int] = field(default_factory=set)


def _meta(root: etree._Element) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = element.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), []).append(normalize_space(content))
    return found


def _json_ld_objects(root: etree._Element) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if not text.strip() or len(text) > MAX_JSON_LD:
            continue
        try:
            data = json.loads(text.strip().rstrip(";"))
        except (ValueError, RecursionError):
            continue
        stack: list[Any] = [data]
        seen = 0
        while stack and seen < 2000:
            item = stack.pop()
            seen += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                types = item.get("@type")
                types = " ".join(map(str, types)) if isinstance(types, list) else str(types or "")
                if _ARTICLE_TYPES.search(types):
                    yield item
                if isinstance(item.get("mainEntity"), dict | list):
                    stack.append(item["mainEntity"])


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [normalize_space(value)] if value.strip() and "://" not in value else []
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    return []


def split_authors(text: str, *, strict: bool = False) -> list[str]:
    """'Jane Roe, MD and John Doe' -> ['Jane Roe, MD', 'John Doe'] (credentials stay attached).

    With ``strict``, a line with any part that is not a name gives no names at all
    ("By the end of the trial, Smith..." is a sentence, not a byline).
    """
    text = normalize_space(text).strip(" ,;|")
    for _ in range(4):
        hit = find_date(text)
        if hit is None:
            break
        text = f"{text[: hit[1]]} {text[hit[2] :]}"
    parts = [
        _BYLINE.sub("", part).strip()
        for part in re.split(r"\s*(?:,|;|&|\band\b|\||—|–|·|•)\s*", text)
        if part.strip()
    ]
    # a date in the line ("Updated on March 5, 2024") is not a name, nor a reason to reject
    parts = [part for part in parts if not _LABEL_ANYWHERE.fullmatch(part)]
    names: list[str] = []
    for part in filter(None, parts):
        if names and _CREDENTIAL.match(part):
            names[-1] += f", {part}"
        else:
            names.append(part)
    valid = [
        name
        for name in names
        if len(name) <= 80
        and _NAME.match(name.split(",")[0])
        and len(name.split(",")[0].split()) <= 5
        and not _NOT_NAMES.search(name.split(",")[0])
    ]
    return [] if strict and len(valid) < len(names) else valid


def strip_site_name(title: str, site_names: list[str]) -> str:
    """'Lupus and stem cells | Clinic' -> 'Lupus and stem cells'."""
    title = normalize_space(title)
    lowered = title.lower()
    for name in site_names:
        name = normalize_space(name).lower()
        if name and lowered != name and lowered.endswith(name):
            head = title[: len(title) - len(name)].rstrip(" |–—·•:»-")
            if head:
                return head
        if name and lowered != name and lowered.startswith(name):
            tail = title[len(name) :].lstrip(" |–—·•:»-")
            if tail:
                return tail
    separators = list(_SITE_SEPARATORS.finditer(title))
    if not separators:
        return title
    last, first = separators[-1], separators[0]
    head, tail = title[: last.start()], title[last.end() :]
    if len(tail) <= 40 and len(tail) < len(head):
        return head
    head, tail = title[: first.start()], title[first.end() :]
    if len(head) <= 30 and len(head) < len(tail):
        return tail
    return title


def _only_bylines(text: str) -> bool:
    """'Medically reviewed by Ana Ruiz, MD — Written by Sam Lee —': credits, no sentence."""
    parts = [part.strip(" ,;:") for part in _CREDIT_SEPARATORS.split(text)]
    parts = [part for part in parts if _NOT_WORD.sub("", part)]
    return bool(parts) and all(_BYLINE.match(part) and len(part.split()) <= 9 for part in parts)


def _visible_dates(blocks: list[RawBlock], found: Metadata) -> list[tuple[str, str, str]]:
    """(field, iso, source) from visible date lines; marks their blocks as date lines.

    A label ("Updated on", "Last updated:", "Published") directly followed by a date,
    anywhere in a short block ("Published June 18, 2024 · Updated 2:47 PM June 18"),
    or a block that is only a label followed by a block that is only a date.
    """
    dates: list[tuple[str, str, str]] = []
    for index, block in enumerate(blocks):
        if block.image_alt or len(block.text) > 160:
            continue
        if any(reason is StripReason.HIDDEN for reason, _, _ in block.marks):
            continue
        hits, lines, leftover = [], {index}, block.text
        for label in _LABEL_ANYWHERE.finditer(block.text):
            rest = block.text[label.end() :]
            hit = find_date(rest[:60])
            if hit is not None and hit[1] > 2:
                hit = None  # the date must follow the label
            if hit is not None:
                leftover = leftover.replace(block.text[label.start() : label.end() + hit[2]], " ")
            elif not rest.strip() and index + 1 < len(blocks):
                following = blocks[index + 1].text
                hit = find_date(following) if len(following) <= 60 else None
                if hit is not None:
                    lines.add(index + 1)
                    leftover = leftover[: label.start()]
            if hit is not None:
                hits.append((label, hit))
        # a date line is labels and dates, perhaps a name: not a sentence that mentions a date
        in_meta_box = any(reason in _META_BOX for reason, _, _ in block.marks)
        short = len(_NOT_WORD.sub("", leftover)) <= MAX_DATE_LINE_LEFTOVER
        if not hits or not (short or in_meta_box or _only_bylines(leftover)):
            continue
        for label, hit in hits:
            word = normalize_space(label.group("label")).lower()
            field_name = "updated" if any(w in word for w in _UPDATED_WORDS) else "published"
            dates.append((field_name, hit[0], f"visible:{normalize_space(label.group('label'))}"))
        found.date_lines.update(lines)
    return dates


def _fold(text: str) -> str:
    return _NOT_WORD.sub(" ", text).casefold().strip()


def _choose_title(values: list[MetadataValue], site_names: list[str]) -> str | None:
    """The page's <h1> that the machine-readable titles agree with, else the best of those.

    A theme that puts the site name in an <h1> on every page does not make it the title.
    """
    sites = {_fold(name) for name in site_names}
    h1s = [v.value for v in values if v.field == "title" and v.source == "h1"]
    h1s = [h for h in h1s if _fold(h) and _fold(h) not in sites]
    machine = [_fold(v.value) for v in values if v.field == "title" and v.source != "h1"]
    machine = [m for m in machine if m and m not in sites]
    for heading in h1s:
        folded = _fold(heading)
        if any(folded in m or m in folded for m in machine):
            return heading
    if h1s and not machine:
        return h1s[0]
    return next(
        (v.value for v in values if v.field == "title" and v.source != "h1" and _fold(v.value)),
        h1s[0] if h1s else None,
    )


def extract_metadata(root: etree._Element, blocks: list[RawBlock]) -> Metadata:
    found = Metadata()
    values = found.values
    meta = _meta(root)

    seen: set[tuple[str, str, str]] = set()

    def add(field_name: str, value: str | None, source: str) -> None:
        if value and (field_name, value, source) not in seen:
            seen.add((field_name, value, source))
            values.append(MetadataValue(field=field_name, value=value, source=source))

    # ---- dates
    for field_name, iso, source in _visible_dates(blocks, found):
        add(field_name, iso, source)
    ld_objects = list(_json_ld_objects(root))
    for item in ld_objects:
        for key, field_name in (("dateModified", "updated"), ("datePublished", "published")):
            value = item.get(key)
            if isinstance(value, str):
                add(field_name, parse_date(value), f"json-ld:{key}")
    for key, field_name in (
        ("article:modified_time", "updated"),
        ("og:updated_time", "updated"),
        ("last-modified", "updated"),
        ("datemodified", "updated"),
        ("dcterms.modified", "updated"),
        ("dc.date.modified", "updated"),
        ("article:published_time", "published"),
        ("datepublished", "published"),
        ("date", "published"),
        ("pubdate", "published"),
        ("publish-date", "published"),
        ("dc.date.issued", "published"),
        ("dcterms.issued", "published"),
        ("dcterms.created", "published"),
        ("citation_publication_date", "published"),
    ):
        for value in meta.get(key, [])[:1]:
            add(field_name, parse_date(value), f"meta:{key}")
    for time in root.iter("time"):
        value = time.get("datetime") or text_of(time)
        iso = parse_date(value)
        if not iso:
            continue
        hint = " ".join(
            filter(None, [time.get("itemprop"), time.get("class"), time.get("pubdate")])
        ).lower()
        field_name = "updated" if any(w in hint for w in _UPDATED_WORDS) else "published"
        add(field_name, iso, "time" + (f":{time.get('itemprop')}" if time.get("itemprop") else ""))
    for field_name in ("updated", "published"):
        first = next((v.value for v in values if v.field == field_name), None)
        if first is not None:
            # the visible date, made precise by a machine-readable source that agrees with it
            first = max(
                (v.value for v in values if v.field == field_name and v.value.startswith(first)),
                key=len,
            )
        setattr(found, field_name, first)

    # ---- title
    site_names = meta.get("og:site_name", []) + meta.get("application-name", [])
    h1s = [
        text_of(b.element)
        for b in blocks
        if b.element.tag == "h1"
        and not any(reason is StripReason.HIDDEN for reason, _, _ in b.marks)
    ]
    for heading in dict.fromkeys(h1s):
        add("title", heading, "h1")
    for value in meta.get("og:title", [])[:1]:
        add("title", strip_site_name(value, site_names), "meta:og:title")
    for item in ld_objects:
        if isinstance(item.get("headline"), str):
            add("title", normalize_space(item["headline"]), "json-ld:headline")
    title_element = root.find(".//title")
    if title_element is not None:
        add("title", strip_site_name(text_of(title_element), site_names), "title")
    found.title = _choose_title(values, site_names)

    # ---- authors
    authors: list[str] = []
    for item in ld_objects:
        for name in _names(item.get("author")):
            add("author", name, "json-ld:author")
            authors.append(name)
    for key in ("author", "article:author", "dc.creator", "citation_author", "parsely-author"):
        for value in meta.get(key, []):
            for name in split_authors(value) if "://" not in value else []:
                add("author", name, f"meta:{key}")
                if not authors:
                    authors.append(name)
    byline_authors: list[str] = []
    for index, block in enumerate(blocks):
        if len(block.text) > 100 or block.image_alt:
            continue
        if any(reason is StripReason.HIDDEN for reason, _, _ in block.marks):
            continue
        marked = any(reason is StripReason.BYLINE for reason, _, _ in block.marks)
        if not (marked or _BYLINE.search(block.text)):
            continue
        names = split_authors(block.text, strict=not marked)
        if not names:
            continue
        found.bylines.add(index)
        for name in names:
            add("author", name, "visible:byline")
            byline_authors.append(name)
        if len(byline_authors) >= 6:
            break
    if not authors:
        authors = byline_authors
    found.authors = list(dict.fromkeys(authors))

    # ---- language
    html_lang = root.get("lang") or root.get("xml:lang")
    language = html_lang or next(iter(meta.get("content-language", [])), None)
    if language:
        found.language = language.strip().replace("_", "-")[:20] or None
        add("language", found.language, "html:lang" if html_lang else "meta:content-language")
    return found
