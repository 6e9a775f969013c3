"""A page's blocks read for the dates they declare, in order, with their sections.

``page_dates`` asks a DateReader for the evidence (date lines, update notes, change-log
entries, version lists, bylines, where the title stands and which days the header
shows) and then chooses from it, with the markup's dates, the ones a reader is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Final

from tracker.extraction.date_cues import (
    BULLET,
    BYLINE,
    BYLINE_BOX,
    CHANGE_LOG_HEADING,
    CHANGE_VERB,
    ENTRY_SEPARATOR,
    META_BOX,
    NOT_THE_PAGES,
    NOT_WORD,
    NOTE_TAIL,
    READ_TIME,
    VERSIONS,
    comments_heading,
    credit_line,
    date_labels,
    dateline,
    each_speaks_of_other_pages,
    in_box,
    in_sidebar_only,
    label_kind,
    label_line,
    names_today,
    only_bylines,
    only_tags,
    opens_byline,
)
from tracker.extraction.date_layout import (
    MAX_PAGE_DAYS,
    MAX_VISIBLE_DATE_BLOCK,
    body_paragraph,
    thread_stamps,
    title_block,
    title_key,
)
from tracker.extraction.dates import WRITTEN_DATE_START, FoundDate, find_dates, month_days
from tracker.extraction.markup_dates import hinted_kind
from tracker.extraction.segment import RawBlock
from tracker.extraction.volatile import related_heading, text_reason
from tracker.memo import Recent
from tracker.model import BlockKind, DateKind, DatePlace, DeclaredDate, StripReason

__all__ = ["MIN_THREAD_POSTS", "DateReader", "PageDates"]

MAX_DATE_LINE: Final = 160
MAX_LABEL_ONLY: Final = 40
_DIGIT: Final = re.compile(r"\d")
MAX_DATE_LINE_LEFTOVER: Final = 30
MAX_SPLIT_ITEM: Final = 40  # a byline's item printed in an element of its own
MAX_BYLINE_GAP: Final = 2  # blocks between a byline and its date (a role: 'Co-founder')
MAX_ENTRY_BLOCKS: Final = 16  # blocks between a list's entries (a heading, an excerpt, tags)
MIN_THREAD_POSTS: Final = 2  # post stamps in the order written that make a page a thread
MAX_HEADER_RUN: Final = 16  # short items of a byline between the title and its date
_OTHER_POSTS: Final = {StripReason.NAVIGATION, StripReason.ASIDE}
_HIDDEN: Final = {StripReason.HIDDEN}
_BYLINE: Final = {StripReason.BYLINE}
_PROMO: Final = {StripReason.CALL_TO_ACTION, StripReason.NEWSLETTER}
# read once: an enum member read through its class costs ~0.4 µs on Python 3.11 (the hook
# of EnumType's __getattr__), and these are read for every block
_HEADING: Final = BlockKind.HEADING
_PREFORMATTED: Final = BlockKind.PREFORMATTED
_COUNTER: Final = StripReason.COUNTER
# furniture whose date is still a declaration: a byline's counter, a post's edit note
_DECLARING: Final = frozenset({_COUNTER, StripReason.DATE_LINE})
# long blocks that declared no date: (text, section, day-first, relative dates read)
_SILENT: Final[Recent[tuple[str, str, bool | None, bool], bool]] = Recent(16384)


@dataclass(slots=True)
class PageDates:
    """What a page declares: every date with its kind and place, and the two it shows."""

    dates: list[DeclaredDate] = field(default_factory=list)
    date_lines: set[int] = field(default_factory=set)  # blocks that are only date lines
    published: str | None = None
    updated: str | None = None


BareDate = tuple[int, RawBlock, list[FoundDate], str]  # block index, block, dates, section


class DateReader:
    """One page's blocks read for dates, in order, with the section each stands in."""

    def __init__(self, blocks: list[RawBlock], day_first: bool | None, now: datetime | None):
        self.blocks = blocks
        self.day_first = day_first
        self.now = now
        self.found = PageDates()
        # days shown by the title or in a byline or date box: a markup date of that day
        # is the one the page shows
        self.header_days: set[str] = set()
        self.header: set[int] = set()  # ids of the blocks by the title
        self.bare: list[BareDate] = []  # dates alone on their line by the title
        self.bare_credited: set[int] = set()  # indexes of those under a byline away from it
        self.bare_line: DeclaredDate | None = None  # the one of them kept as the page's
        # (month, day) shown there without a year ("May 28"): a markup date of that day
        # and month is the one the page shows
        self.header_month_days: set[tuple[int, int]] = set()
        self.header_dates: set[int] = set()  # ids of the dates read there
        # ids of the dates read in a byline or date box, wherever it stands
        self.boxed_dates: set[int] = set()
        self.in_meta_box = False  # whether the block being read stands in such a box
        # ids of the dates read in a box its class names a byline ("article-byline"), not
        # under the comments' or a related posts' heading: the article's own credits,
        # wherever they stand
        self.byline_dates: set[int] = set()
        self.in_byline_box = False  # whether the block being read stands in one
        self.comments: set[int] = set()  # ids of the blocks under a comments' heading
        self.cards: set[int] = set()  # ids of the blocks of other posts' cards in chrome
        self.in_comments = False  # whether the block being read is one of them
        # the dates read just under a byline away from the title ("by Ana Ruiz" over
        # "Updated October 17, 2025"): on more days than a page has, a list's cards
        self.under_byline = False
        self.credited: list[DeclaredDate] = []
        # the dates read under a related posts' heading ("Related Articles"): on more days
        # than a page has, the other posts' ("Published on …", "Updated on …" of each);
        # one "Last updated" line below its list of links is the page's
        self.in_related = False
        self.related: list[DeclaredDate] = []
        self.listed_dates: set[int] = set()  # ids of those, when they are a list's
        # "03/10/2023" read in the page language's order: the other order, by date id
        self.other_orders: dict[int, str] = {}
        self.heading_page = False  # whether the block being read heads the page
        self.stamps: list[tuple[FoundDate, RawBlock, str]] = []  # posts' "#1 DATE TIME"
        self.title_keys: list[str] = []  # the page's titles, as title_key writes them
        self.run_starts: list[int] | None = None  # _short_runs, worked out when first asked

    def dates_in(self, text: str) -> list[FoundDate]:
        return find_dates(text, day_first=self.day_first, now=self.now)

    def add(self, kind: DateKind, found: FoundDate, text: str, place: DatePlace, detail: str):
        if kind is DateKind.PUBLISHED and self.in_comments:
            return  # "Posted on ..." over a reader's comment
        declared = DeclaredDate(kind=kind, value=found.iso, text=text, place=place, detail=detail)
        self.found.dates.append(declared)
        if found.other_order:
            self.other_orders[id(declared)] = found.other_order
        if self.heading_page:
            self.header_dates.add(id(declared))
        if self.in_meta_box:
            self.boxed_dates.add(id(declared))
        if self.in_byline_box and not (self.in_comments or self.in_related):
            self.byline_dates.add(id(declared))
        if self.under_byline:
            self.credited.append(declared)
        if self.in_related:
            self.related.append(declared)

    def read(self, titles: list[str]) -> None:
        section = ""
        self.title_keys = [key for key in map(title_key, titles) if key]
        chrome = each_speaks_of_other_pages(self.blocks)
        title = title_block(self.blocks, titles, self.title_keys, chrome)
        after_byline = -MAX_BYLINE_GAP - 1  # the last block that credits the author ("By Ana Ruiz")
        body_begun = False  # whether the article's first paragraph after the title is read
        header_run = False  # whether only short items stand between the title and the block
        run_credits = False  # whether one of them opens a byline ("By")
        comments = 0  # the level of the comments' heading ("3 Responses") the block is under
        # the level of a related posts' heading ("Related Articles") after a paragraph of
        # prose the block is under (a forum's "Recommended Posts" over the thread heads it)
        related = 0
        prose_read = False  # whether a paragraph of prose has been read
        # whether the block stands in a card of chrome: under a heading (or a post's
        # <header>) there that links to another page
        card = False
        # whether the section is a promotion's: a heading in a box its class names a call
        # to action or a newsletter ("Survey" over a report's date, "5 min read", title)
        promo = False
        for index, block in enumerate(self.blocks):
            # (the marks looked at first: most blocks have none, and a tag read costs more)
            if block.marks and block.element.tag == "header" and in_box(block, _OTHER_POSTS):
                card = card or _links(block)  # (a sidebar's <article><header><a href=...>)
            if block.kind is _HEADING and (index == title or not in_box(block, BYLINE_BOX)):
                section = block.text  # (an author card's name heading opens no section)
                card = chrome[index] and _links(block)
                promo = index != title and in_box(block, _PROMO)
                level = _level(block)
                if comments_heading(section):
                    comments = level
                elif level <= comments:  # (a commenter's name under it is a deeper heading)
                    comments = 0
                if prose_read and index != title and related_heading(section):
                    related = level
                elif level <= related:  # (each post's title under it is a deeper heading)
                    related = 0
            if index == title:
                header_run, run_credits = True, False
            elif header_run and index - 1 != title:
                previous = self.blocks[index - 1].text
                header_run = len(previous) <= MAX_SPLIT_ITEM
                run_credits = run_credits or bool(BYLINE.match(previous + " "))
            # by the title: a few blocks from it, or below it after only a byline's items
            # printed one per element ("By", "Ana Ruiz", ",", "Sam Lee", then the date;
            # not a menu's: "Donate", "Subscribe", then the site's "today")
            near_title = title is not None and (
                title - 3 <= index <= title + 6
                or (header_run and run_credits and index - title <= MAX_HEADER_RUN)
            )
            if not block.text or index in self.found.date_lines:
                continue  # the date under a label line, read with it
            # under the comments' heading: a comment's byline and date are the comment's
            # (its stamp still counts for a thread, whose replies are posts, and its
            # "edited" line for the page's updates)
            self.in_comments = bool(comments) and not near_title
            if self.in_comments:
                self.comments.add(id(block))
            self.in_related = bool(related) and not near_title
            # under another post's linked title in a sidebar or a menu ("You might also
            # like"), a card's byline box, its "Created:" line and its <time> are that post's
            carded = card and in_box(block, _OTHER_POSTS)
            if carded:
                self.cards.add(id(block))
            if chrome[index] or carded:
                # a sidebar's line is the page's, but no box's nor a byline's
                self.in_meta_box = self.in_byline_box = self.under_byline = False
                if len(block.text) <= MAX_DATE_LINE and in_sidebar_only(block) and not card:
                    self.sidebar_line(index, block, section, near_title and not body_begun)
                continue  # chrome
            prose = body_paragraph(block)
            opening = title is not None and index > title and not body_begun and prose
            body_begun = body_begun or opening
            prose_read = prose_read or prose
            in_meta_box = self.in_meta_box = in_box(block, META_BOX)
            self.in_byline_box = in_meta_box and in_box(block, _BYLINE)
            if near_title or in_meta_box:
                self.header.add(id(block))
            # ("By" alone in its element opens one too: the name follows in the next)
            if len(block.text) <= MAX_VISIBLE_DATE_BLOCK and opens_byline(block.text + " "):
                after_byline = index
            elif 0 <= index - after_byline <= MAX_BYLINE_GAP and _filler(block.text):
                after_byline = index  # "|", "6 min read" between a byline and its date
            elif len(block.text) <= MAX_SPLIT_ITEM and self.split_byline(index):
                after_byline = index  # (the length asked first: no call for most blocks)
            # a date just under the byline is the byline's date, wherever the byline is
            bylined = 0 <= index - after_byline <= MAX_BYLINE_GAP
            self.under_byline = bylined and not near_title
            # under the title (or in its byline box) before the article's first section:
            # not a product's or a listing's own "Last updated" further down
            self.heading_page = bylined or (
                title is not None
                and (near_title or in_meta_box)
                and (index <= title or section == self.blocks[title].text)
            )
            if opening:
                self.opening_dateline(block, section)
            text = block.text
            if len(text) > MAX_DATE_LINE:
                if block.kind is not _HEADING:
                    self.long_block(index, block, section)
                continue
            if not (_DIGIT.search(text) or self.now is not None):
                if len(text) <= MAX_LABEL_ONLY:
                    self.label_then_date_below(index, block, section)
                continue
            dates = self.dates_in(text)
            furniture = text_reason(text) if dates else None
            if furniture is not None and furniture[0] not in _DECLARING:
                continue  # "Today is Monday, March 4, 2024": a clock, not a declaration
                # (a byline's "Mar 5, 2025 | 6 comments" counts its comments, not the day;
                # a post's edit note, "Last edited by ana (2025-11-01)", declares its date)
            if dates and names_today(block):
                continue  # "Friday, December 19, 2025" in the banner's "todays-date" box
            if dates:
                self.post_stamp(block, dates[0], section)
            if len(text) <= MAX_VISIBLE_DATE_BLOCK and id(block) in self.header:
                self.header_days.update(found.iso[:10] for found in dates)
                if not dates:
                    self.header_month_days.update(month_days(text))
            if block.kind is _HEADING:
                # "Friday, December 19, 2025" over a blog post's title (not a date the
                # title itself names: "Weekly news (2025-09-21)")
                if near_title and index != title:
                    self.bare_date_line(index, block, dates, section)
                continue
            if not dates:
                self.label_then_date_below(index, block, section)
            elif (
                not (
                    self.versions(index, block, section)
                    or self.labelled(index, block, section)
                    or self.change_log_entry(
                        block, dates, section, by_title=near_title and not body_begun
                    )
                )
                and (
                    near_title
                    or (bylined and not self.in_comments)
                    or (in_box(block, BYLINE_BOX) and self.heading_page and not body_begun)
                )
                and not (promo and in_box(block, _PROMO))
            ):  # (not the promoted report's date)
                self.bare_date_line(index, block, dates, section)
        self.heading_page = self.in_meta_box = self.in_comments = self.under_byline = False
        self.in_byline_box = False
        self.in_related = False
        for listed in (self.credited, self.related):
            if len({d.value[:10] for d in listed}) > MAX_PAGE_DAYS:
                self.listed_dates |= {id(d) for d in listed}
        self.header_dates -= self.listed_dates
        bare = self.bare
        if len(bare) > 1:  # dates of other posts in a menu or a sidebar are not the page's
            bare = [item for item in bare if not in_box(item[1], _OTHER_POSTS)]
        # a date by the title over dates under bylines away from it (the author's other
        # articles, each "by NAME" over its date; the byline repeated under the article)
        if any(item[0] not in self.bare_credited for item in bare):
            bare = [item for item in bare if item[0] not in self.bare_credited]
        # the day a post was last modified beside the day it was published, in elements
        # its theme names for an update ("wp-block-post-date__modified-date"): one post's
        updates = [item for item in bare if _bare_kind(item[1]) is DateKind.UPDATED]
        if len(updates) == len(bare):
            updates = []
        bare = [item for item in bare if item not in updates]
        # several dates by the title: a list of posts, not a byline (one day shown again,
        # in the header's copy or a byline repeated under the article, is one date)
        if (len(bare) == 1 or len({dates[0].iso[:10] for _, _, dates, _ in bare}) == 1) and not (
            self.listed(bare[0][0]) or self.heads_a_card(bare[0][0], title)
        ):
            self.bare_line = self.keep_bare(*bare[0])
            for item in updates:
                self.keep_bare(*item)
        self.thread_start()

    def keep_bare(
        self, index: int, block: RawBlock, dates: list[FoundDate], section: str
    ) -> DeclaredDate:
        """The date alone on its line by the title, kept as the page's."""
        text = block.text[dates[0].start : dates[0].end]
        kind = _bare_kind(block)
        self.add(kind, dates[0], text, DatePlace.LINE, section)
        declared = self.found.dates[-1]
        if kind is DateKind.UPDATED:  # by the title, as an "Updated" line there would be
            self.header_dates.add(id(declared))
        self.found.date_lines.add(index)
        return declared

    def heads_a_card(self, index: int, title: int | None) -> bool:
        """The date by the title stands over another post's linked title, and dated blocks
        of any shape follow it closely on more days than a page has (a blog's front page:
        the featured post's "Feb 19, 2026" over its <h4><a href=...>, then the other
        posts' cards): that post's date, not the page's (an article's first section
        heading links nowhere, and a buying guide's linked picks carry no dates)."""
        after = index + 1
        if after >= len(self.blocks) or after == title:
            return False
        block = self.blocks[after]
        return block.kind is _HEADING and _links(block) and self.listed(index, any_shape=True)

    def split_byline(self, index: int) -> bool:
        """The block ends a byline printed one word or item per element ("By", "The Team",
        "|", "6", "mins", "|", "February 28, 2026", each in its own <div> of one box): the
        short blocks of one parent up to it read as a byline (the block itself is short:
        the caller asks that first)."""
        if self.run_starts is None:
            self.run_starts = _short_runs(self.blocks)
        start = self.run_starts[index]
        # a run of more items than a date block has characters cannot be one
        if start == index or index - start > MAX_VISIBLE_DATE_BLOCK:
            return False
        line = " ".join(b.text for b in self.blocks[start : index + 1])
        return len(line) <= MAX_VISIBLE_DATE_BLOCK and opens_byline(line)

    def long_block(self, index: int, block: RawBlock, section: str) -> None:
        """A block longer than a date line declares a date only where it opens: a version
        list, an update note, a change-log entry (no date line, post stamp or date by the
        title is that long). What these read is the block's text, its section, the page's
        day order and whether relative dates are read (where dates stand, not the day they
        count back to), so a block that declared nothing is known by those (_SILENT): a
        page's new version repeats almost every paragraph of the last."""
        opening = block.text[:MAX_DATE_LINE]
        if not _DIGIT.search(opening):
            return  # (most paragraphs: no date opens them, and nothing to remember)
        key = (block.text, section, self.day_first, self.now is not None)
        if _SILENT.get(key):
            return
        declared = len(self.found.dates)
        _ = (
            self.versions(index, block, section)
            or self.labelled(index, block, section)
            or (
                self.may_open_entry(block.text)
                and self.change_log_entry(block, self.dates_in(opening), section)
            )
        )
        if len(self.found.dates) == declared:
            _SILENT.put(key, True)

    def listed(self, index: int, *, any_shape: bool = False) -> bool:
        """The date by the title is printed the way the blocks that follow it closely print
        theirs, on more days than a page has: a list's first entry (posts, news, each with
        its excerpt), not the page's own date, which the article's text parts from any
        list further down (a template's class names the shape; a bare tag says nothing).
        ``any_shape`` counts the short dated blocks of every shape."""
        shape = _shape(self.blocks[index])
        if not (shape[1] or any_shape):
            return False
        days: set[str] = set()
        last = index
        for at in range(index, len(self.blocks)):
            if at - last > MAX_ENTRY_BLOCKS:
                break
            other = self.blocks[at]
            if len(other.text) <= MAX_VISIBLE_DATE_BLOCK and (any_shape or _shape(other) == shape):
                dates = self.dates_in(other.text)
                if dates:
                    days.add(dates[0].iso[:10])
                    last = at
                    if len(days) > MAX_PAGE_DAYS:
                        return True
        return False

    def opening_dateline(self, block: RawBlock, section: str) -> None:
        """'RAJSHAHI, Dec 20, 2025 (BSS) - ...' opening the story: a news agency's dateline
        gives the day the story was filed, the page's publish date."""
        dates = self.dates_in(block.text[:MAX_DATE_LINE])
        if not dates:
            return
        found = dates[0]
        if len(dates) > 1 and not NOT_WORD.sub("", block.text[found.end : dates[1].start]):
            return  # "March 4, 2025 – April 9, 2025": a range of days, an event's
        if dateline(block.text[: found.start], block.text[found.end :]):
            text = block.text[found.start : found.end]
            self.add(DateKind.PUBLISHED, found, text, DatePlace.LINE, section)

    def post_stamp(self, block: RawBlock, found: FoundDate, section: str) -> None:
        """'#1 2025-11-01 15:14:37', 'by Ana » Tue Aug 27, 2019 1:47 am': a date with its
        time at the head of a short line, as a forum prints over each post."""
        head = block.text[: found.start]
        if NOT_THE_PAGES.search(head) or block.kind is _PREFORMATTED:
            return  # a member's sign-up day; a program's log printed in a code sample
        if any(label_kind(label) is not DateKind.PUBLISHED for label in date_labels(head)):
            return  # "Last edited by Ana (2024-08-03 11:02:20)"
        leftover = NOT_WORD.sub("", READ_TIME.sub(" ", head))
        if len(leftover) <= MAX_DATE_LINE_LEFTOVER or credit_line(head):
            self.stamps.append((found, block, section))

    def thread_start(self) -> None:
        """Post stamps of one shape in the order they were written are a thread's posts
        (a list of posts runs newest first; a quote or a box of other threads is printed
        in another shape): the first post's date is the page's, when the page shows no
        other publish date."""
        shapes: dict[tuple[str, str], list[tuple[FoundDate, RawBlock, str]]] = {}
        for stamp in self.stamps:  # one template prints every post's stamp
            shapes.setdefault(_shape(stamp[1]), []).append(stamp)
        stamps = max(shapes.values(), key=len, default=[])
        if len(stamps) < MIN_THREAD_POSTS or not thread_stamps([f.iso for f, _, _ in stamps]):
            return
        if any(d.kind is DateKind.PUBLISHED for d in self.found.dates):
            return
        found, block, section = stamps[0]
        if id(block) in self.comments:
            return  # readers' comments under a post, not a thread's opening post
        text = block.text[found.start : found.end]
        self.add(DateKind.PUBLISHED, found, text, DatePlace.LINE, section)

    def sidebar_line(self, index: int, block: RawBlock, section: str, heading: bool) -> None:
        """A sidebar's labelled line ("Published on Oct 21, 2025", or "Published" over
        "August 30, 2024"): the page's, where a bare date would be another post's, unless
        the date stands alone by the title before the article's first paragraph (an
        <aside> beside the article's heading: ``heading``)."""
        if _DIGIT.search(block.text):
            if not self.labelled(index, block, section) and heading:
                dates = self.dates_in(block.text)
                if len(dates) == 1 and _filler(_without(block.text, dates[0])):
                    self.bare_date_line(index, block, dates, section)
        elif len(block.text) <= MAX_LABEL_ONLY:
            self.label_then_date_below(index, block, section)

    def versions(self, index: int, block: RawBlock, section: str) -> bool:
        """'Versions: 04 Aug 2025, 01 Aug 2025': each listed date is an entry (and the
        line, like a date line, is the page's dates rather than its text)."""
        if len(block.text) > 400 or not VERSIONS.match(block.text):
            return False
        dates = self.dates_in(block.text)
        for found in dates:
            self.add(DateKind.CHANGELOG, found, block.text, DatePlace.CHANGE_LOG, section)
        if dates:
            self.found.date_lines.add(index)
        return bool(dates)

    def labelled(self, index: int, block: RawBlock, section: str) -> bool:
        """Date lines ('Last updated: ...') and update notes ('[Updated on ...: added ...]')."""
        hits: list[tuple[re.Match[str], FoundDate]] = []
        text = block.text
        for label in date_labels(text[:MAX_DATE_LINE]):
            after = self.dates_in(text[label.end() : label.end() + 60])
            if after and after[0].start == 0:
                shift = label.end()
                moved = replace(after[0], start=after[0].start + shift, end=after[0].end + shift)
                hits.append((label, moved))
        if not hits:
            return False
        leftover = text
        for label, found in hits:
            leftover = leftover.replace(text[label.start() : found.end], " ")
        in_meta_box = in_box(block, META_BOX)
        short = len(NOT_WORD.sub("", leftover)) <= MAX_DATE_LINE_LEFTOVER
        says_what = any(NOTE_TAIL.match(text[found.end :]) for _, found in hits)
        if (
            len(text) <= MAX_DATE_LINE
            and not says_what
            and (short or in_meta_box or only_bylines(leftover) or only_tags(leftover))
        ):
            self.unlabelled_first(text[: hits[0][0].start()], section)
            for label, found in hits:
                line = text[label.start() : found.end].strip()
                self.add(label_kind(label), found, line, DatePlace.LINE, section)
            self.found.date_lines.add(index)
            return True
        noted = False
        for label, found in hits:
            before = text[: label.start()]
            opens_note = not before.strip(" [(*_—–-") or before.rstrip().endswith(("[", "("))
            if opens_note and label_kind(label) in (DateKind.UPDATED, DateKind.EFFECTIVE):
                note = _note(text, label.start())
                self.add(label_kind(label), found, note, DatePlace.NOTE, section)
                noted = True
        return noted

    def unlabelled_first(self, head: str, section: str) -> None:
        """'Sweat August 16, 2019 - Updated July 9, 2025': the date before the update
        label, with only a name before it, is the one the page was published on."""
        dates = self.dates_in(head)
        if len(dates) != 1 or not _filler(head[dates[0].end :]):
            return
        found = dates[0]
        if len(NOT_WORD.sub("", head[: found.start])) <= MAX_DATE_LINE_LEFTOVER:
            shown = head[found.start : found.end]
            self.add(DateKind.PUBLISHED, found, shown, DatePlace.LINE, section)

    def bare_date_line(
        self, index: int, block: RawBlock, dates: list[FoundDate], section: str
    ) -> None:
        """'March 3, 2024 · 5 min read' by the title: the date the page was published
        (kept when it is the only one by the title)."""
        if len(block.text) > MAX_VISIBLE_DATE_BLOCK or len(dates) != 1:
            return
        found = dates[0]
        rest = _without(block.text, found)
        if NOT_THE_PAGES.search(rest):
            return  # "Registered: 2024-01-27" under a post's author
        leftover = READ_TIME.sub(" ", rest)
        if not (
            len(NOT_WORD.sub("", leftover)) <= MAX_DATE_LINE_LEFTOVER
            or credit_line(rest)
            # "Dec. 19, 2025 · Niko Matsakis on behalf of the docs team" in a byline box
            or (in_box(block, BYLINE_BOX) and len(rest) <= MAX_VISIBLE_DATE_BLOCK // 2)
        ):
            return
        self.bare.append((index, block, dates, section))
        if self.under_byline:
            self.bare_credited.add(index)

    def label_then_date_below(self, index: int, block: RawBlock, section: str) -> None:
        """A block that is only a label ('Last updated:') over a block that is only a date
        (a label for screen readers alone may stand between them: 'Published', a hidden
        'Publish date', then '15 November 2018')."""
        label = label_line(block.text.strip())  # asked first: almost no block is one
        if label is None:
            return
        below = index + 1
        if below < len(self.blocks) and in_box(self.blocks[below], _HIDDEN):
            below += 1
        if below >= len(self.blocks):
            return
        following = self.blocks[below]
        dates = self.dates_in(following.text) if len(following.text) <= 60 else []
        if dates:
            text = f"{block.text.strip()} {following.text.strip()}"
            self.add(label_kind(label), dates[0], text, DatePlace.LINE, section)
            self.found.date_lines.update(range(index, below + 1))

    def may_open_entry(self, text: str) -> bool:
        """Whether a date may open the text where a change-log entry's does (at its start
        or just after its bullet): where no digit or month name's first letter stands there
        (a paragraph's first word, mostly), the dates of a long opening are not looked for.
        A relative date may open with any word ("an hour ago"): asked only where those are
        not read."""
        if self.now is not None:
            return True
        lead = BULLET.match(text)
        return WRITTEN_DATE_START.search(text, 0, (lead.end() if lead else 0) + 2) is not None

    def change_log_entry(
        self, block: RawBlock, dates: list[FoundDate], section: str, *, by_title: bool = False
    ) -> bool:
        """'January 8, 2026: Added X to the list', or a bare date under a change-log heading,
        but not the date by the title before the article's text (``by_title``): a title
        that speaks of changes ("Pricing changes for Actions", "M&A Updates" over a report)
        heads an article, and the date under it is the article's."""
        if not dates:
            return False
        first = dates[0]
        lead = BULLET.match(block.text)
        if first.start > (lead.end() if lead else 0) + 1:
            return False
        rest = block.text[first.end :]
        separator = ENTRY_SEPARATOR.match(rest)
        under_log = not by_title and bool(section and CHANGE_LOG_HEADING.search(section))
        if separator is not None and len(rest) > separator.end():
            entry = rest[separator.end() :]
            if not (under_log or CHANGE_VERB.match(entry)):
                return False
        elif not (under_log and len(NOT_WORD.sub("", rest)) <= MAX_DATE_LINE_LEFTOVER):
            return False
        self.add(DateKind.CHANGELOG, first, block.text[:200], DatePlace.CHANGE_LOG, section)
        return True


def _short_runs(blocks: list[RawBlock]) -> list[int]:
    """Where the run of short blocks of one parent that each block closes begins (its own
    index when the block before it is no short sibling): one pass for the page, not a walk
    back from every short block through a menu of hundreds."""
    starts: list[int] = []
    previous = None  # the parent of the block before, when that block is short
    for index, block in enumerate(blocks):
        short = len(block.text) <= MAX_SPLIT_ITEM
        # a parent asked only where it is compared: a long block after a long one has no run
        parent = block.element.getparent() if short or previous is not None else None
        joins = previous is not None and parent is previous
        starts.append(starts[index - 1] if joins else index)
        previous = parent if short else None
    return starts


def _bare_kind(block: RawBlock) -> DateKind:
    """A date alone by the title is the publish date, unless its element (or the <time>
    that holds it) is named for an update ("updated", "date-modified"): themes that show
    the day a post was last modified name it so."""
    element = block.element
    times = [element] if element.tag == "time" else element.findall(".//time")[:1]
    hinted = (hinted_kind(item) for item in (element, *times))
    updated = any(kind is DateKind.UPDATED for kind in hinted)
    return DateKind.UPDATED if updated else DateKind.PUBLISHED


def _links(heading: RawBlock) -> bool:
    """The heading is a link to another page (a card's title: another post's), or holds
    one; an anchor of this page ("#methods") is none."""
    element = heading.element
    links = [*element.iterfind(".//a[@href]"), *element.iterancestors("a")]
    return any(not link.get("href", "#").startswith("#") for link in links)


def _level(heading: RawBlock) -> int:
    """A heading's level, 1 for <h1>; any other heading element counts as the deepest."""
    tag = str(heading.element.tag)
    return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" else 7


def _shape(block: RawBlock) -> tuple[str, str]:
    """The tag and class a template prints a block with."""
    return str(block.element.tag), block.element.get("class") or ""


def _without(text: str, found: FoundDate) -> str:
    return text[: found.start] + " " + text[found.end :]


# a letter that no reading time or credit word (READ_TIME) holds: the text is more than filler
_NOT_FILLER: Final = re.compile(r"[^\W\d_abcdeilmnoprstuvyz]", re.IGNORECASE)


def _filler(text: str) -> bool:
    """A separator or a reading time, nothing a reader takes as words (a paragraph's first
    letters tell it is more, where rewriting it through two patterns cost ~100 k
    instructions)."""
    return not _NOT_FILLER.search(text) and not NOT_WORD.sub("", READ_TIME.sub(" ", text))


def _note(text: str, start: int) -> str:
    """The update note from its label to the end of its sentence (or bracket)."""
    end = len(text)
    for closer in ("]", ")", ". "):
        at = text.find(closer, start + 10)
        if at != -1:
            end = min(end, at + 1)
    return text[start:end].strip()[:200]
