"""Dates the markup declares: ``<meta>`` tags, JSON-LD and ``<time>`` elements.

Each is kept as a DeclaredDate with its kind, its text and where it was read (the meta
name, the JSON-LD object's type and key, the <time>'s itemprop or class).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final, NamedTuple

from lxml import etree

from tracker.extraction.date_cues import (
    DATE_LABEL,
    NOT_THE_PAGES,
    label_kind,
    label_line,
    names_page_date,
    speaks_of_other_pages,
)
from tracker.extraction.dates import parse_date
from tracker.extraction.dom import normalize_space, text_of
from tracker.extraction.segment import RawBlock
from tracker.model import DateKind, DatePlace, DeclaredDate

DOCUMENT_DATE: Final = "ms.date"
# the <meta> names of each kind of date, read in this order
_META_KEYS: Final = {
    DateKind.UPDATED: (
        "article:modified_time",
        "og:updated_time",
        "last-modified",
        "datemodified",
        "dcterms.modified",
        "dc.date.modified",
        # a documentation article's own date, last reviewed or updated (Microsoft Learn)
        DOCUMENT_DATE,
    ),
    DateKind.PUBLISHED: (
        "article:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publish-date",
        "dc.date.issued",
        "dcterms.issued",
        "dcterms.created",
        "citation_publication_date",
        "citation_date",
    ),
}
_KNOWN_META: Final = frozenset(key for keys in _META_KEYS.values() for key in keys)
_JSON_LD_KEYS: Final = (
    ("dateModified", DateKind.UPDATED),
    ("datePublished", DateKind.PUBLISHED),
    ("dateCreated", DateKind.PUBLISHED),
    ("lastReviewed", DateKind.REVIEWED),
)


def _type_names(item: dict[str, Any]) -> list[str]:
    types = item.get("@type")
    return [str(t) for t in types] if isinstance(types, list) else [str(types or "")]


def json_ld_types(items: list[dict[str, Any]]) -> set[str]:
    """The schema.org types the page's JSON-LD objects declare (what the page says it is)."""
    return {name for item in items for name in _type_names(item) if name}


def json_ld_dates(items: list[dict[str, Any]]) -> Iterator[DeclaredDate]:
    """Dates of JSON-LD objects, the detail naming the object's type and the key."""
    for item in items:
        typed = " ".join(_type_names(item)).strip()
        for key, kind in _JSON_LD_KEYS:
            value = item.get(key)
            iso = parse_date(value) if isinstance(value, str) else None
            if iso and isinstance(value, str):
                detail = f"{typed} {key}".strip()
                yield DeclaredDate(
                    kind=kind, value=iso, text=value, place=DatePlace.JSON_LD, detail=detail
                )


# the other names CMSs and analytics tags give an article's publish date in a meta tag
# (Parse.ly's "parsely-pub-date", "published-date", "cxenseparse:publishtime",
# "article:first_published_time"): a declaration of the article's date, like Open Graph's
# article:published_time (not a "last_published", nor the "publisher"; nor a "published_at",
# a CMS record's column that every page and product has)
_PUBLISH_NAME: Final = re.compile(
    r"(?:^|[:._-])(?<!last[:._-])(?:first[-_]?)?(?:pub(?:lish(?:ed)?)?[-_]?(?:date|time)|published)$"
    r"|(?:^|[:._-])date[-_]pub$"
)


# Open Graph's, and the scholarly (Highwire) names Google Scholar reads an article's date from
_ARTICLE_NAMES: Final = frozenset(
    ("article:published_time", "citation_publication_date", "citation_date")
)


def declares_article_date(detail: str) -> bool:
    """A meta tag's name that declares the article's publish date (Open Graph's, or one of
    the other names of it above)."""
    return detail in _ARTICLE_NAMES or bool(_PUBLISH_NAME.search(detail))


def meta_dates(meta: dict[str, list[str]]) -> Iterator[DeclaredDate]:
    named = [(key, kind) for kind, keys in _META_KEYS.items() for key in keys if key in meta]
    named += [
        (key, DateKind.PUBLISHED)
        for key in meta
        if key not in _KNOWN_META and _PUBLISH_NAME.search(key)
    ]
    for key, kind in named:
        for value in meta[key][:1]:
            iso = parse_date(value)
            if iso:
                place = DatePlace.META
                yield DeclaredDate(kind=kind, value=iso, text=value, place=place, detail=key)


# the microdata items that open a forum thread (its first post, a question): their
# datePublished is the thread's, where a reply's ("Comment", "Answer") is not
THREAD_ITEMS: Final = ("DiscussionForumPosting", "Question")


# the elements with an itemprop, the root too: libxml2 gathers attributes by name in its walk
# at a quarter of the cost of ElementPath's ``.//*[@itemprop="datePublished"]``, which read
# every element's attribute in Python; from the elements alone (``descendant-or-self::*``,
# the same attributes as ``.//@itemprop``: only an element has one), where ``//`` gathered
# every node, text too, to ask each for its attributes (a quarter fewer instructions)
_WITH_ITEMPROP: Final = etree.XPath("descendant-or-self::*/@itemprop/..")


def thread_dates(root: etree._Element, source: str | None = None) -> Iterator[DeclaredDate]:
    """The datePublished of the first item that opens a forum thread in the microdata
    (``<meta itemprop="datePublished">`` inside the opening post's itemscope).

    ``source``, the text the tree was parsed from: a page whose text never writes
    "datePublished" (six pages in ten) holds no such item, and its tree is not walked (the
    walk costs more than the text's search in C; the value is matched as written, and no
    template writes it with character references)."""
    if source is not None and "datePublished" not in source:
        return
    for element in _WITH_ITEMPROP(root):
        if element is root or element.get("itemprop") != "datePublished":
            continue
        item = next((a for a in element.iterancestors() if a.get("itemtype")), None)
        kind = (
            (item.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1] if item is not None else ""
        )
        if kind not in THREAD_ITEMS:
            continue
        value = element.get("content") or element.get("datetime") or text_of(element)
        iso = parse_date(value)
        if iso:
            detail = f"{kind} datePublished"
            yield DeclaredDate(
                kind=DateKind.PUBLISHED, value=iso, text=value, place=DatePlace.META, detail=detail
            )
            return


_TIME_HINTS: Final = (
    ("modif", DateKind.UPDATED),
    ("updat", DateKind.UPDATED),
    ("revis", DateKind.UPDATED),
    ("review", DateKind.REVIEWED),
)


def hinted_kind(element: etree._Element) -> DateKind | None:
    """The kind of date an element's itemprop or class names ("dateModified", "updated",
    "last-reviewed"), if it names one."""
    hint = " ".join(filter(None, [element.get("itemprop"), element.get("class")])).lower()
    return next((kind for word, kind in _TIME_HINTS if word in hint), None)


# <time>, and every element with a datetime or a ts attribute: libxml2 gathers attributes by
# name in its walk as cheaply as elements by tag, where a predicate asked of every element
# (a '-' in its name) cost three times that walk; the attributes of the elements (``//*/@``),
# not of every node, text too (``//@``): the same attributes, a quarter fewer instructions
_TIME_CANDIDATES: Final = etree.XPath("//time | //*/@datetime/.. | //*/@ts/..")
# the elements with a datetime or a ts attribute alone: on a page where none is a custom
# element (most), the times are its <time>s, which lxml's walk by tag lists in page order at
# a fraction of the union's cost (the union sorted three node sets into one)
_DATED: Final = etree.XPath("//*/@datetime/.. | //*/@ts/..")


def _custom(element: etree._Element) -> bool:
    """A custom element: a '-' in its name."""
    return "-" in element.tag[element.tag.rfind("}") + 1 :]


def times(root: etree._Element) -> list[etree._Element]:
    """The page's <time> elements, and the custom elements that stand for one and print
    the moment as an age ("3d ago") by script: GitHub's <relative-time datetime>,
    Reddit's <faceplate-timeago ts> (a '-' in the name), in page order."""
    if not any(_custom(element) for element in _DATED(root)):
        return list(root.getroottree().iter("time"))
    return [
        element for element in _TIME_CANDIDATES(root) if element.tag == "time" or _custom(element)
    ]


# the characters before a <time> in its block that may hold what it is the date of ("Last
# active", "Registration deadline:")
MAX_LABEL_GAP: Final = 40


def _not_the_pages(shown: str, before: str) -> bool:
    """Whether a <time>'s own words, or the last words before it with no date label after
    them, say it is a member's or a deadline's ("Last active", "Register by May 31"), not
    "Registration deadline passed. Published <time>"."""
    if NOT_THE_PAGES.search(shown):
        return True
    stated = list(NOT_THE_PAGES.finditer(before))
    return bool(stated) and DATE_LABEL.search(before, stated[-1].end()) is None


class TimeDate(NamedTuple):
    """A <time> element's date, the block it stands in, and whether it shows text."""

    date: DeclaredDate
    block: RawBlock
    shown: bool


def time_dates(
    elements: list[etree._Element], blocks: list[RawBlock], day_first: bool | None
) -> Iterator[TimeDate]:
    """The <time> elements (``times``) in blocks that speak of this page, each with the
    block it is in."""
    if not elements:
        return  # (most pages: no map of the blocks made)
    owner = {id(block.element): index for index, block in enumerate(blocks)}
    for time in elements:
        at = next((owner[id(el)] for el in (time, *time.iterancestors()) if id(el) in owner), None)
        if at is None:
            continue
        block = blocks[at]
        if speaks_of_other_pages(block) and not names_page_date(block, time.get("itemprop")):
            continue
        shown = text_of(time)
        iso = parse_date(time.get("datetime") or time.get("ts") or shown, day_first=day_first)
        if not iso:
            continue
        before = block.text[: block.text.find(shown)] if shown in block.text else ""
        if _not_the_pages(shown, before[-MAX_LABEL_GAP:]):
            continue  # "Register by <time>May 31</time>", "Last active <relative-time>"
        kind = hinted_kind(time)
        if kind is None:
            # the label inside it, or before it: <time>Page updated: 12 November 2025</time>
            inside = DATE_LABEL.search(shown)
            labels = [inside] if inside else list(DATE_LABEL.finditer(before))
            if not labels and not before.strip() and at:
                # or a block that is only its label, over it ("Date Last Reviewed:")
                above = label_line(blocks[at - 1].text.strip())
                labels = [above] if above else []
            kind = label_kind(labels[-1]) if labels else DateKind.PUBLISHED
        text = normalize_space(shown or time.get("datetime") or time.get("ts") or "")
        detail = time.get("itemprop") or time.get("class") or ""
        date = DeclaredDate(kind=kind, value=iso, text=text, place=DatePlace.TIME, detail=detail)
        yield TimeDate(date, block, bool(shown))
