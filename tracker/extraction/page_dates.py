"""Every date a page declares, with its kind, its words and its place.

Read from the markup (``<meta>`` tags, JSON-LD, ``<time>`` elements) and from what a
reader sees: date lines ("Last updated: ...", "Effective date: ...", "Publié le ...",
one per section or one per page), update notes inside the article ("[Updated on
2022-08-27: added ...]", "Update (May 2, 2024): ..."), change-log entries ("January 8,
2026: Added ...") and version lists ("Versions: 04 Aug 2025, 01 Aug 2025"). Blocks of
chrome (navigation, related posts, comments, asides...) declare nothing about the page.

The Document's own dates are the ones a reader is shown: ``published`` the first
published date the page shows, ``updated`` the latest update it shows (a date line, an
update note or a change-log entry). A date only the markup carries counts for them
when the page also shows that day (a ``<time>`` text, a bare date under the title or
its byline, or the same day and month written without a year: "May 28"); otherwise it
stays evidence in ``dates`` only. A page whose only date by its title is an update
("Updated July 9, 2025") gives that as its date, ``published`` too: that is the date its
readers (and the people who label pages) take for it, over a JSON-LD publish date the
page does not show (but not over an Open Graph one); the evidence keeps its kind. The
title is the heading that states the page's <title> (an <h2> under a site-name <h1> on
many blogs). <time>s of many days with none the markup names are a list's (posts,
replies): none is the page's. A page that tells Open Graph it is a website takes no
hidden JSON-LD article date. A page that shows no date gets none.
"""

from __future__ import annotations

import re
from datetime import datetime
from itertools import pairwise
from typing import Any, Final

from lxml import etree

from tracker.extraction.date_cues import (
    META_BOX,
    in_box,
)
from tracker.extraction.date_layout import (
    MAX_PAGE_DAYS,
    as_moments,
    names_title,
    newest_first,
    thread_stamps,
)
from tracker.extraction.date_reader import MIN_THREAD_POSTS, DateReader, PageDates
from tracker.extraction.dates import day_first_for, find_dates, writes_day_first
from tracker.extraction.dom import text_of
from tracker.extraction.markup_dates import (
    DOCUMENT_DATE,
    THREAD_ITEMS,
    TimeDate,
    declares_article_date,
    json_ld_dates,
    json_ld_types,
    meta_dates,
    thread_dates,
    time_dates,
    times,
)
from tracker.extraction.segment import RawBlock
from tracker.model import DateKind, DatePlace, DeclaredDate

_ARTICLE_TYPE: Final = re.compile(
    r"(?:\w*(?:Article|Posting|Report)|ScholarlyArticle)\b(?! ?WebPage)", re.IGNORECASE
)
# what a page's JSON-LD calls it when it is a product, a shop's or a list's page, or
# technical documentation (docs generators call every reference page a TechArticle)
_NOT_AN_ARTICLE: Final = {
    "techarticle",
    "itempage",
    "collectionpage",
    "product",
    "productgroup",
    "searchresultspage",
    "profilepage",
}
_VISIBLE: Final = {DatePlace.LINE, DatePlace.NOTE, DatePlace.CHANGE_LOG}


def _posts_list(dates: list[DeclaredDate]) -> bool:
    """Publish lines newest first, or of more days than a page has each under its own
    heading (a post's title) and going back in time somewhere (two lists side by side,
    where a thread's posts only go forward): a list of posts."""
    values = [d.value for d in dates]
    if newest_first(values):
        return True
    return (
        len({value[:10] for value in values}) > MAX_PAGE_DAYS
        and len({d.detail for d in dates}) == len(dates)
        and any(a > b for a, b in pairwise(as_moments(values)))
    )


_ISO_DAY: Final = re.compile(r"\d{4}-\d\d-\d\d")


def _order_by_markup(
    reader: DateReader, machine: list[DeclaredDate], elements: list[etree._Element]
) -> None:
    """A numeric date whose day and month could go either way ("03/10/2023") is read the
    way the page's machine-readable dates write it, when they write only that one: its
    markup's, or a <time>'s year-first datetime wherever it stands (a sidebar's list of
    recent posts that holds this one as "2025-12-02" under a header's "02-12-2025"; a
    <time> that writes the same open order, datetime="02-12-2025", says nothing, and is
    read the same way)."""
    days = {d.value[:10] for d in machine if d.place is not DatePlace.TIME}
    days.update(
        found.group()
        for element in elements
        if (found := _ISO_DAY.match(element.get("datetime") or ""))
    )
    timed = [d for d in machine if d.place is DatePlace.TIME]
    for declared in [*reader.found.dates, *timed]:
        other = reader.other_orders.get(id(declared)) or _other_order(declared, reader)
        if other and other[:10] in days and declared.value[:10] not in days:
            if declared.value[:10] in reader.header_days:
                reader.header_days.add(other[:10])
            declared.value = other[:10] + declared.value[10:]


def _other_order(declared: DeclaredDate, reader: DateReader) -> str | None:
    """A <time>'s day read with day and month swapped, when its words are that one
    numeric date open to either order ("02-12-2025")."""
    if declared.place is not DatePlace.TIME:
        return None
    found = reader.dates_in(declared.text)
    return (
        found[0].other_order
        if len(found) == 1 and found[0].iso[:10] == declared.value[:10]
        else None
    )


def _order_by_writing(reader: DateReader, machine: list[DeclaredDate]) -> None:
    """On a page whose language leaves the order open (US or unmarked English), a numeric
    date read month first ("03/10/2023") is read day first when the page writes its dates
    with month names day first ("16 February 2026") and its markup does not say which."""
    if reader.day_first is not None:
        return
    days = {d.value[:10] for d in machine}
    swappable = [
        (declared, other)
        for declared in reader.found.dates
        if (other := reader.other_orders.get(id(declared)))
        and declared.value[:10] not in days
        and other[:10] not in days
        and other in (found.iso for found in find_dates(declared.text, day_first=True))
    ]
    if swappable and writes_day_first(block.text for block in reader.blocks):
        for declared, other in swappable:
            if declared.value[:10] in reader.header_days:
                reader.header_days.add(other[:10])
            declared.value = other


def _modified_shown(reader: DateReader, machine: list[DeclaredDate]) -> None:
    """A date alone by the title on the day the markup says the page was last modified,
    where it says it was published on another day, is that update, shown by a theme that
    prints the day a post was last modified (as one that names it "updated" does)."""
    bare = reader.bare_line
    if bare is None or bare.kind is not DateKind.PUBLISHED:
        return
    declared = [d for d in machine if d.place in (DatePlace.META, DatePlace.JSON_LD)]
    days = {
        kind: {day for d in declared if d.kind is kind for day in (d.value[:10], _utc_day(d.value))}
        for kind in (DateKind.PUBLISHED, DateKind.UPDATED)
    }
    day = bare.value[:10]
    if days[DateKind.PUBLISHED] and day in days[DateKind.UPDATED] - days[DateKind.PUBLISHED]:
        bare.kind = DateKind.UPDATED
        reader.header_dates.add(id(bare))


def _latest(dates: list[DeclaredDate]) -> DeclaredDate | None:
    return max(dates, key=lambda d: d.value[:10], default=None)


def _precise(value: str, dates: list[DeclaredDate], kind: DateKind) -> str:
    """The shown day made precise by a moment of that day: the markup's declaration of it
    (a day shown in UTC is that moment's: "Jan 15, 2024" for 2024-01-14T21:50-05:00), else
    a <time> of that day where it was written, else the one moment on it in UTC (never a
    reply's 2022-10-22T00:59+01:00 for a thread shown as started on Oct 21, 2022)."""
    day = value[:10]
    timed = [d for d in dates if d.kind is kind and len(d.value) > len(value)]
    declared = (
        d.value
        for d in timed
        if d.place in (DatePlace.META, DatePlace.JSON_LD)
        and day in (d.value[:10], _utc_day(d.value))
    )
    written = (d.value for d in timed if d.value[:10] == day)
    in_utc = {d.value for d in timed if _utc_day(d.value) == day}
    sole = next(iter(in_utc)) if len(in_utc) == 1 else value
    return next(declared, None) or next(written, None) or sole


def _utc_day(value: str) -> str:
    return as_moments([value])[0].date().isoformat()


def _shown(kind: DateKind, reader: DateReader, times: list[TimeDate]) -> DeclaredDate | None:
    """The date of this kind a reader is shown: from a line or note, a <time>, or markup
    that states a day the page shows."""
    dates = reader.found.dates
    # (never the dates of a list's cards, each under its author's byline)
    shown = [d for d in dates if d.place in _VISIBLE and id(d) not in reader.listed_dates]
    visible = [d for d in shown if d.kind is kind]
    if kind is DateKind.UPDATED:
        visible += [d for d in shown if d.kind is DateKind.CHANGELOG]
        if visible:
            return _latest(visible)
    elif visible and (
        not _posts_list(visible)
        # the page's own line, by its title or under it, over a list of related posts
        or id(visible[0]) in reader.header_dates
        or names_title(visible[0].detail, reader.title_keys)
    ):
        # a line by the title or in a byline or date box over one read from the text
        # ("This post was originally published on ...")
        by_title = (
            d for d in visible if id(d) in reader.header_dates or id(d) in reader.boxed_dates
        )
        return next(by_title, visible[0])
    machine = [d for d in dates if d.place in (DatePlace.JSON_LD, DatePlace.META)]
    of_kind = [(d, block) for d, block, _ in times if d.kind is kind]
    # a <time> of the day the markup declares: in a forum thread, the first post's
    in_markup = (
        d
        for d, _ in of_kind
        if any(m.kind is kind and m.value[:10] == d.value[:10] for m in machine)
    )
    first = next(in_markup, None)
    if first is not None:
        return first
    days = {d.value[:10] for d, _ in of_kind}
    # <time>s of many days, or of many moments newest first, are a list of posts or
    # replies: none is the page's own
    if len(days) <= MAX_PAGE_DAYS and not newest_first([d.value for d, _ in of_kind]):
        # in a byline or date box, or marked as the page's date by its microdata; never a
        # reader's comment's under the comments' heading, nor another post's card's
        others = reader.comments | reader.cards
        own = [(d, block) for d, block in of_kind if id(block) not in others]
        boxed = (
            d
            for d, block in own
            if in_box(block, META_BOX) or d.detail.lower() in ("datepublished", "datemodified")
        )
        first = next(boxed, None)
        if first is not None:
            return first
        if len(days) == 1 and len(times) <= 3 and own:
            return own[0][0]
    elif len(of_kind) >= MIN_THREAD_POSTS and thread_stamps([d.value for d, _ in of_kind]):
        return of_kind[0][0]  # a thread's posts in the order written: the first post's
    # days shown in bylines or date boxes on more days than a page has, on a page that
    # shows no date line of its own, are a list's cards' (each with its own box): they
    # corroborate no day of the page
    shows_own = any(d.place in _VISIBLE and id(d) not in reader.listed_dates for d in dates)
    many = len(reader.header_days) > MAX_PAGE_DAYS
    header_days = set() if many and not shows_own else reader.header_days
    corroborated = (
        d
        for d in machine
        if d.kind is kind
        and (
            d.value[:10] in header_days
            or (int(d.value[5:7]), int(d.value[8:10])) in reader.header_month_days
        )
    )
    return next(corroborated, None)


def _stood_in(reader: DateReader, dates: list[DeclaredDate]) -> str | None:
    """A page whose only date by its title is "Updated July 9, 2025" gives that day as its
    date: readers (and the people who label pages) take it as the publish date; so does a
    documentation article whose markup gives its own date (``ms.date``, when it was last
    reviewed or updated) rather than a site's "last modified" line at its foot."""
    updates = [d for d in dates if d.kind is DateKind.UPDATED]
    lines = [d for d in updates if d.place is DatePlace.LINE and id(d) not in reader.listed_dates]
    by_title = (d for d in lines if id(d) in reader.header_dates)
    own = (d for d in updates if d.place is DatePlace.META and d.detail == DOCUMENT_DATE)
    # the article's byline box below a product's summary ("Written by ... Updated March 13,
    # 2024"), never a site's "Last updated" line at the foot, which no byline box holds
    credited = (d for d in lines if id(d) in reader.byline_dates)
    stood_in = next(by_title, None) or next(own, None) or next(credited, None)
    return stood_in.value if stood_in else None


def _article_date(
    dates: list[DeclaredDate], page_types: set[str], open_graph_type: str | None
) -> str | None:
    """An article's own publish date is its declaration, shown or not: its JSON-LD
    ``datePublished``, its Open Graph ``article:published_time`` or the microdata
    ``datePublished`` of the post that opens a forum thread (a web page's or a
    product's JSON-LD date is its CMS's bookkeeping, and so is any of these on a page
    whose JSON-LD calls it a product, a collection or documentation and no article, and
    a JSON-LD article's on a page that tells Open Graph it is a ``website``: a theme's
    article object on a listing or a service page)."""
    names = {name.lower() for name in page_types}
    articles = {name for name in names if _ARTICLE_TYPE.fullmatch(name)} - _NOT_AN_ARTICLE
    if names & _NOT_AN_ARTICLE and not articles:
        return None
    website = open_graph_type == "website"
    declared = (
        d.value
        for d in dates
        if d.kind is DateKind.PUBLISHED
        and d.place in (DatePlace.JSON_LD, DatePlace.META)
        and (
            d.detail.startswith(THREAD_ITEMS)
            or (d.place is DatePlace.META and declares_article_date(d.detail))
            or (_ARTICLE_TYPE.match(d.detail) and not (website and d.place is DatePlace.JSON_LD))
        )
    )
    return next(declared, None)


def declared_dates(
    root: etree._Element,
    blocks: list[RawBlock],
    meta: dict[str, list[str]],
    json_ld: list[dict[str, Any]],
    *,
    language: str | None = None,
    now: datetime | None = None,
    source: str | None = None,
) -> PageDates:
    """Every declared date of the page, and the published and updated dates it shows
    (``source``, the text the tree was parsed from, spares walking it for microdata the
    text does not name)."""
    reader = DateReader(blocks, day_first_for(language), now)
    title = root.find(".//head/title")
    titles = meta.get("og:title", []) + meta.get("twitter:title", [])
    reader.read([*titles, text_of(title)] if title is not None else titles)
    visible = reader.found.dates
    elements = times(root)
    timed = list(time_dates(elements, blocks, reader.day_first))
    markup = [*meta_dates(meta), *json_ld_dates(json_ld), *thread_dates(root, source)]
    machine = [*markup, *(d for d, _, _ in timed)]
    _order_by_markup(reader, machine, elements)
    _order_by_writing(reader, machine)
    _modified_shown(reader, machine)
    reader.header_days.update(
        d.value[:10] for d, block, shown in timed if shown and id(block) in reader.header
    )
    lines = {(d.kind, d.value[:10]) for d in visible}
    found = reader.found
    found.dates = [
        *(d for d in machine if d.place is not DatePlace.TIME),
        *(d for d, _, _ in timed if (d.kind, d.value[:10]) not in lines),
        *visible,
    ]
    for kind, name in ((DateKind.PUBLISHED, "published"), (DateKind.UPDATED, "updated")):
        shown = _shown(kind, reader, timed)
        if shown is not None:
            every = [*found.dates, *(d for d, _, _ in timed)]
            setattr(found, name, _precise(shown.value, every, kind))
    if found.published is None:
        open_graph_type = next(iter(meta.get("og:type", [])), None)
        declared = _article_date(
            found.dates, json_ld_types(json_ld), open_graph_type and open_graph_type.lower()
        )
        stood_in = _stood_in(reader, found.dates)
        # the Open Graph publish time is the date the page gives every site that shows
        # it: it stays the publish date; a JSON-LD one alone gives way to the shown update
        shared = any(d.detail == "article:published_time" for d in found.dates)
        found.published = (declared or stood_in) if shared else (stood_in or declared)
    return found
