"""Where a page's own date stands, told from a list's: the block that states the page's
title (dates by it are the page's), and the order of a run of dates (a thread's posts go
forward in time, a list of posts backward).

Read by ``date_reader`` (the evidence) and ``page_dates`` (the choice from it).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import pairwise
from typing import Final

from tracker.extraction.date_cues import NOT_WORD, in_box, in_sidebar_only
from tracker.extraction.segment import RawBlock
from tracker.memo import remembered
from tracker.model import BlockKind, StripReason

MIN_TITLE_CHARS: Final = 8
MAX_PAGE_DAYS: Final = 2  # <time>s of more days are a list's, unless the markup names one
# a block this long or shorter may be a date line or a byline; a longer one is the text's
MAX_VISIBLE_DATE_BLOCK: Final = 100

# read once: an enum member read through its class costs ~0.4 µs on Python 3.11 (the hook
# of EnumType's __getattr__), and these are read for every block
_HEADING: Final = BlockKind.HEADING
_PARAGRAPH: Final = BlockKind.PARAGRAPH
_FOOTER: Final = {StripReason.FOOTER}


@remembered(4096)
def title_key(text: str) -> str:
    return NOT_WORD.sub(" ", text.casefold()).strip()


def names_title(text: str, keys: list[str]) -> bool:
    """The text states the page's own title (its <title> or og:title, which may carry the
    site's name around it)."""
    key = title_key(text)
    return len(key) >= MIN_TITLE_CHARS and any(
        key == title
        or ((title.startswith(key) or title.endswith(key)) and 2 * len(key) > len(title))
        for title in keys
    )


_TITLE_PARTS: Final = re.compile(r"\s(?:[|—–-]|::)\s")
MIN_TITLE_WORDS: Final = 3


def _holds_title_words(block: RawBlock, titles: list[str]) -> bool:
    """The heading holds every word of the page's title, its site's name apart
    ("Introducing the Spice Cayenne Data Accelerator | Spice AI" over the heading
    "Introducing Spice Cayenne: The Next-Generation Data Accelerator ...")."""
    words = set(title_key(block.text).split())
    parts = (title_key(part).split() for title in titles for part in _TITLE_PARTS.split(title))
    return any(len(part) >= MIN_TITLE_WORDS and words.issuperset(part) for part in parts)


def title_block(
    blocks: list[RawBlock], titles: list[str], keys: list[str], chrome: list[bool]
) -> int | None:
    """Where the article's title stands: the heading that states the page's title (an
    <h2> under a site-name <h1> on many blogs, not a section heading after the text under
    the <h1> that the <title> happens to name), else the first <h1> (not a footer's:
    "Contact Us" under a page built of styled boxes), else a heading that holds every word
    of the title (``keys``: the titles as title_key writes them; ``chrome``: whether each
    block speaks of other pages)."""
    shown = [i for i, other in enumerate(chrome) if not other]
    first_h1 = next(
        (i for i in shown if blocks[i].element.tag == "h1" and not in_box(blocks[i], _FOOTER)),
        None,
    )
    headings = [i for i in shown if blocks[i].kind is _HEADING]
    stating = next((i for i in headings if keys and names_title(blocks[i].text, keys)), None)
    if stating is not None and not (
        first_h1 is not None
        and first_h1 < stating
        and any(body_paragraph(blocks[i]) for i in shown if first_h1 < i < stating)
    ):
        return stating
    if first_h1 is not None:
        return first_h1
    holding = next((i for i in headings if _holds_title_words(blocks[i], titles)), None)
    if holding is not None or not keys:
        return holding
    return next(
        (i for i, block in enumerate(blocks) if _title_elsewhere(block, keys, chrome[i])), None
    )


def _title_elsewhere(block: RawBlock, keys: list[str], chrome: bool) -> bool:
    """On a page where no heading shown states its title, the block that does: an <h1> in
    a hero box its class names a call to action ("hero-banner-popup", read as a sidebar
    is), or a short paragraph a site builder styles as the title (Framer's <p>s)."""
    if chrome:
        shape = block.element.tag == "h1" and in_sidebar_only(block)
    else:
        shape = block.kind is _PARAGRAPH and len(block.text) <= MAX_VISIBLE_DATE_BLOCK
    return shape and names_title(block.text, keys)


def body_paragraph(block: RawBlock) -> bool:
    """A paragraph of an article's text (longer than any date or byline line)."""
    return block.kind is _PARAGRAPH and len(block.text) > MAX_VISIBLE_DATE_BLOCK


def as_moments(values: list[str]) -> list[datetime]:
    """ISO dates as moments to compare (a zone's in UTC)."""
    moments = []
    for value in values:
        moment = datetime.fromisoformat(value)
        moments.append(moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment)
    return moments


def thread_stamps(values: list[str]) -> bool:
    """Dates with their times (a post's stamp has one, a list's entry often not) that
    never go back in time and move forward: a thread's posts in the order written."""
    if not all("T" in value for value in values):
        return False
    moments = as_moments(values)
    return all(a <= b for a, b in pairwise(moments)) and moments[0] < moments[-1]


def newest_first(values: list[str]) -> bool:
    """Dates of more moments than a page has (days, or times of day when given) that
    never go forward in time: a list of posts ("Posted Mar 6, 2026 17:33", "Posted Mar 6,
    2026 14:39", ...), none of them the page's."""
    moments = as_moments(values)
    if len(set(moments)) <= MAX_PAGE_DAYS:
        return False
    return all(a >= b for a, b in pairwise(moments))
