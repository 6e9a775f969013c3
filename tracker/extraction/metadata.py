"""Title, authors, language and the declared dates: every candidate kept with its source.

* dates: every date the page declares, with its kind and place, and the published and
  updated dates a reader is shown (``page_dates.py``).
* title: the page's <h1> (inside the article first), og:title, JSON-LD headline,
  then <title> without its site-name suffix.
* authors: JSON-LD, meta author, then the visible byline.

Every title, author and language candidate goes into ``Document.metadata`` as a
``MetadataValue`` with its source, and every date into ``Document.dates``, so a
researcher can see where each value came from and which lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final
from urllib.parse import urlsplit

from lxml import etree

from tracker.extraction.date_cues import BYLINE, DATE_LABEL, opens_byline
from tracker.extraction.dates import find_date
from tracker.extraction.dom import normalize_space, text_of
from tracker.extraction.page_dates import declared_dates
from tracker.extraction.segment import RawBlock
from tracker.model import Document, MetadataValue, StripReason

_NOT_WORD: Final = re.compile(r"[\W_]+")
_CREDENTIAL: Final = re.compile(
    r"^(?:M\.?D\.?|Ph\.?D\.?|D\.?O\.?|R\.?N\.?|MPH|MSc?|MBA|FACP|FACS|BSN|MSN|PharmD|DNP|NP|PA-C"
    r"|RD|LD|CPT|DC|DDS|DVM|Jr\.?|Sr\.?|II|III|[A-Z]{2,5})$"
)
_NAME: Final = re.compile(
    r"^[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:[A-ZÀ-Þ][\w'’.-]*|(?:de|da|del|der|di|du|la|le|van|von|bin"
    r"|al|el|dos|das|ten|ter|y)\b))*$"
)
# the author's role printed after the name in a byline ("By Ana Ruiz | Staff Writer", "By
# Ben Li, Senior Health Reporter"): the byline's, no name and no reason to reject the line
_ROLE: Final = re.compile(
    r"(?:(?:senior|staff|contributing|associate|managing|deputy|executive|chief|lead|guest"
    r"|freelance|special|health|science|political|news|sports|features?|travel|food|tech"
    r"|technology|business)\s+){0,3}"
    r"(?:writer|editor|reporter|correspondent|contributor|columnist|journalist)s?",
    re.IGNORECASE,
)
_NOT_NAMES: Final = re.compile(
    r"\b(?:about|the|our|team|staff|editor(?:ial)?|admin|share|comments?|posted|updated|read"
    r"|minutes?|min|follow|subscribe|view|all|more|articles?|posts?|by)\b",
    re.IGNORECASE,
)
_SITE_SEPARATORS: Final = re.compile(r"\s+[|–—·•:»-]\s+|\s+::\s+")
_ARTICLE_TYPES: Final = re.compile(
    r"article|posting|report|webpage|medicalwebpage|blogposting|newsarticle|scholarly"
    # what a page that is no article calls itself: page_dates then takes no hidden date
    r"|itempage|collectionpage|product|profilepage|searchresultspage",
    re.IGNORECASE,
)
MAX_JSON_LD: Final = 1_000_000


@dataclass(slots=True)
class Metadata:
    """What a page says of itself: the Document's head (title, authors, dates, language and
    every candidate value; its blocks come later), and which visible blocks said it."""

    head: Document = field(default_factory=Document)
    date_lines: set[int] = field(default_factory=set)  # indexes of visible date-line blocks
    bylines: set[int] = field(default_factory=set)
    # the page's JSON-LD texts (``_json_ld_text``), read with its <meta>s in one walk: the
    # readings' fallbacks parse them again, without walking the page for them
    json_ld: list[str] = field(default_factory=list)
    # the page names its price's currency in a <meta> of its microdata (an Offer's
    # ``priceCurrency``): it sells something, a product's page as a JSON-LD Product says
    priced: bool = False


def _meta_and_json_ld(root: etree._Element) -> tuple[dict[str, list[str]], list[str]]:
    """The page's <meta> values by name, and its JSON-LD texts (``_json_ld_text``), from
    one walk of the page for both kinds of element."""
    found: dict[str, list[str]] = {}
    texts: list[str] = []
    for element in root.iter("script", "meta"):
        if element.tag == "meta":
            key = element.get("property") or element.get("name") or element.get("itemprop") or ""
            content = element.get("content")
            if key and content and content.strip():
                found.setdefault(key.strip().lower(), []).append(normalize_space(content))
        text = _json_ld_text(element)
        if text is not None:
            texts.append(text)
    return found, texts


def _json_ld_text(element: etree._Element) -> str | None:
    """The JSON-LD text a <script> or <meta> element holds, or None: a script's, or the
    same JSON written escaped in an attribute by a framework that renders the page on its
    server (a script's ``children``, Next.js's ``<meta name="script:ld+json" content>``)."""
    if element.tag == "meta":
        if (element.get("name") or "").strip().lower() == "script:ld+json":
            return element.get("content") or ""
    elif (element.get("type") or "").strip().lower() == "application/ld+json":
        return element.text or element.get("children") or ""
    return None


def json_ld_scripts(texts: Iterable[str], *, strict: bool = True) -> Iterator[Any]:
    """The parsed value of each of the page's JSON-LD texts (``Metadata.json_ld``) that
    parses, in page order (``strict=False``: also one whose strings hold raw line breaks or
    tabs, as a CMS that pastes a post's text into it writes them)."""
    for text in texts:
        if not text.strip() or len(text) > MAX_JSON_LD:
            continue
        try:
            yield json.loads(text.strip().rstrip(";"), strict=strict)
        except (ValueError, RecursionError):
            continue


def _json_ld_objects(texts: list[str]) -> Iterator[dict[str, Any]]:
    for data in json_ld_scripts(texts, strict=False):  # its dates, names and titles
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
        BYLINE.sub("", part).strip()
        for part in re.split(r"\s*(?:,|;|&|\band\b|\||—|–|·|•)\s*", text)
        if part.strip()
    ]
    # a date in the line ("Updated on March 5, 2024") or the author's role ("Staff Writer")
    # is not a name, nor a reason to reject
    parts = [part for part in parts if not DATE_LABEL.fullmatch(part) and not _ROLE.fullmatch(part)]
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


def strip_site_name(title: str, site_names: list[str], headings: Sequence[str] = ()) -> str:
    """'Lupus and stem cells | Clinic' -> 'Lupus and stem cells'.

    A part of the title that the page's own heading prints is the page's name, whichever
    side of the separator it stands: "Field Tote – Larch Goods", a shop's short product
    name before its longer name, or documentation's "Install — Relay 2.1 documentation",
    read by lengths alone, look like a site's name before a page's.
    """
    title = normalize_space(title)
    named = {_fold(heading) for heading in headings} - {""}
    if named:
        for part in _SITE_SEPARATORS.split(title):
            if _fold(part) in named:
                return part.strip()
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


# what names the site's own mark: a logo's or a brand's box, a theme's site title
_SITE_MARK: Final = re.compile(r"logo|brand|site[-_]?(?:title|name)|masthead", re.IGNORECASE)
_HOME_PATHS: Final = frozenset(
    ("", "/", "./", "index.html", "/index.html", "index.php", "./index.php")
)


def _site_mark(heading: etree._Element) -> bool:
    """Whether an h1 is the site's name, as themes print it on every page: in a box its
    class or id calls the logo, the brand or the site's title, or a link to the home page."""
    element: etree._Element | None = heading
    for _ in range(4):
        if element is None:
            break
        if _SITE_MARK.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            return True
        element = element.getparent()
    return any(
        not (href := link.get("href") or "#").startswith("#") and urlsplit(href).path in _HOME_PATHS
        for link in heading.iter("a")
    )


def _fold(text: str) -> str:
    return _NOT_WORD.sub(" ", text).casefold().strip()


def _choose_title(
    values: list[MetadataValue],
    site_names: list[str],
    page_title: str | None,
    site_marks: set[str],
) -> str | None:
    """The page's <h1> that the machine-readable titles agree with, else the best of those.

    A theme that puts the site name in an <h1> on every page does not make it the title.
    An <h1> that is the first side of the <title> (``page_title``, as written: "Legal
    notice | Vauban Clinic") is the page's title, wherever it stands (a wiki's or a
    category's title in a header box): the last side is where most sites put their name,
    and an <h1> that is the site's mark (``site_marks``: a logo's, a home link) is not asked.
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
    if page_title:
        first_side = _fold(_SITE_SEPARATORS.split(page_title, maxsplit=1)[0])
        for heading in h1s:
            if _fold(heading) == first_side and heading not in site_marks:
                return heading
    if h1s and not machine:
        return h1s[0]
    return next(
        (v.value for v in values if v.field == "title" and v.source != "h1" and _fold(v.value)),
        h1s[0] if h1s else None,
    )


# read once: an enum member read through its class costs ~0.4 µs on Python 3.11 (the hook
# of EnumType's __getattr__), and these are read for every block
_HIDDEN: Final = StripReason.HIDDEN
_BYLINE: Final = StripReason.BYLINE
_BANNER: Final = frozenset(
    (StripReason.HIDDEN, StripReason.HEADER, StripReason.NAVIGATION, StripReason.FOOTER)
)


def extract_metadata(
    root: etree._Element,
    blocks: list[RawBlock],
    *,
    now: datetime | None = None,
    source: str | None = None,
) -> Metadata:
    """Title, authors, language and declared dates (``now``, the capture time, dates "3 days
    ago"; ``source``, the text the tree was parsed from, spares walking the tree for what
    it does not name)."""
    found = Metadata()
    head = found.head
    values = head.metadata
    meta, found.json_ld = _meta_and_json_ld(root)
    found.priced = "pricecurrency" in meta

    seen: set[tuple[str, str, str]] = set()

    def add(field_name: str, value: str | None, source: str) -> None:
        if value and (field_name, value, source) not in seen:
            seen.add((field_name, value, source))
            values.append(MetadataValue(field=field_name, value=value, source=source))

    # ---- language (it orders the day and month of numeric dates)
    html_lang = root.get("lang") or root.get("xml:lang")
    language = html_lang or next(iter(meta.get("content-language", [])), None)
    if language:
        head.language = language.strip().replace("_", "-")[:20] or None
        add("language", head.language, "html:lang" if html_lang else "meta:content-language")

    # ---- dates
    ld_objects = list(_json_ld_objects(found.json_ld))
    dates = declared_dates(
        root, blocks, meta, ld_objects, language=head.language, now=now, source=source
    )
    head.dates, found.date_lines = dates.dates, dates.date_lines
    head.published, head.updated = dates.published, dates.updated

    # ---- title
    site_names = meta.get("og:site_name", []) + meta.get("application-name", [])
    h1_blocks = [b for b in blocks if b.element.tag == "h1"]
    h1s = [
        text_of(b.element)
        for b in h1_blocks
        if not any(reason is _HIDDEN for reason, _, _ in b.marks)
    ]
    for heading in dict.fromkeys(h1s):
        add("title", heading, "h1")
    # the h1s that are the site's name as themes print it (a logo's, a home link's), and
    # those of the page's own part, not a banner's, whose h1 may be the site's name
    marking = [b for b in h1_blocks if _site_mark(b.element)]
    site_marks = {text_of(b.element) for b in marking}
    own_h1s = [
        text_of(b.element)
        for b in h1_blocks
        if not any(reason in _BANNER for reason, _, _ in b.marks) and b not in marking
    ]
    for value in meta.get("og:title", [])[:1]:
        add("title", strip_site_name(value, site_names, own_h1s), "meta:og:title")
    for item in ld_objects:
        if isinstance(item.get("headline"), str):
            add("title", normalize_space(item["headline"]), "json-ld:headline")
    title_element = root.find(".//title")
    page_title = text_of(title_element) if title_element is not None else None
    if page_title is not None:
        add("title", strip_site_name(page_title, site_names, own_h1s), "title")
    head.title = _choose_title(values, site_names, page_title, site_marks)

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
        hidden = marked = False
        for reason, _, _ in block.marks:  # (a loop, no set made: asked of every short block)
            hidden = hidden or reason is _HIDDEN
            marked = marked or reason is _BYLINE
        if hidden:
            continue
        if not (marked or opens_byline(block.text)):  # (BYLINE opens with ^: a match)
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
    head.authors = list(dict.fromkeys(authors))

    return found
