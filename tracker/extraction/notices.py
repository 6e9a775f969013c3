"""Readings that are never the article, whatever their markup says: consent notices,
newsletter sign-ups and cart drawers known by their words, and the page's footer.

Class names find most notices (``boilerplate.py``), but a site that names its elements
by a build tool's hashes ("g fa lp"), or a sign-up box in a footer whose mark was revoked
as a wrapper's, leaves only the text to say what the box is: "By using this site, you
agree to our cookie policy", "Subscribe to our newsletter… unsubscribe at any time",
"Subtotal… Taxes calculated at checkout". A footer's mark is revoked when it holds most
of the page's prose (a listing of short lines above legal notes), and its text then
outscores the page's own. When the main-content choice reads as one of these, the page
is read again without it (``readings.never_the_article``).
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from tracker.extraction.dom import nearest_answer
from tracker.extraction.segment import RawBlock
from tracker.memo import remembered
from tracker.model import StripReason

# a notice is a few sentences: a longer block that names cookies is a policy's own text
NOTICE_MAX_CHARS: Final = 400
# the reading is a notice when its notice blocks hold this share of its text, and a
# notice's box is the largest element around it whose text holds this share
NOTICE_SHARE: Final = 0.5

_COOKIES: Final = re.compile(r"\bcookies?\b", re.IGNORECASE)
_CONSENT: Final = re.compile(
    r"\b(?:accept|agree|consent|we use|uses|use of|settings|preferences|policy"
    r"|by (?:using|continuing|clicking|browsing|visiting)"
    # a consent panel's categories: "Marketing cookies follow visitors across websites…"
    r"|necessary|essential|statistics|analytics|marketing|advertising|ads|tracking"
    r"|functional|performance|third[- ]part|partners"
    # the same asked in the other languages pages often are: "cookies" is everyone's word
    r"|akzeptier|zustimm|einverstanden|verwende|einstellung|utilis|utiliz|usamos|acept"
    r"|accett|gebruik|pr[eé]f[eé]rences)",
    re.IGNORECASE,
)
_SIGN_UP: Final = re.compile(
    r"\b(?:subscribe|sign(?:ing)? up|opt(?:ing)? in)\b.{0,80}"
    r"\b(?:newsletters?|mailing list|e-?mails?|inbox|updates|offers|news)\b"
    r"|\bjoin\b.{0,30}\b(?:newsletter|mailing list)\b"
    r"|\b(?:agree|consent)\w* to receiv\w*\b.{0,60}\be-?mails?\b"
    r"|\bunsubscribe\b|\benter your e-?mail\b"
    r"|^.{0,40}\bnewsletters?\b.{0,20}$",  # a sign-up box's title: "Join our newsletter"
    re.IGNORECASE | re.DOTALL,
)
_SIGN_UP_WORDS: Final = ("subscri", "sign", "opt", "join", "receiv", "mail", "newsletter")
# a shop's cart drawer, open or empty, over the page
_CART: Final = re.compile(r"\b(?:checkout|subtotal|your (?:cart|bag|basket))\b", re.IGNORECASE)
_CART_WORDS: Final = ("checkout", "subtotal", "your ")
# a page about cookies, privacy, a newsletter or the cart is its own article
_ABOUT_NOTICES: Final = re.compile(
    r"\b(?:cookies?|newsletters?|subscribe|subscriptions?|sign[ -]?up|cart|basket"
    r"|checkout|personal data|data protection|gdpr"
    # privacy in the other languages of the consent words above: "Politique de
    # confidentialité", "Datenschutzerklärung", "Política de privacidad", "traceurs"
    r"|confidentialit\w*|donn[ée]es personnelles|vie priv[ée]e|traceurs|rgpd|datenschutz\w*"
    r"|privacidad|privacidade|riservatezza|privacy\w*|dsgvo)\b",
    re.IGNORECASE,
)


def notice_kind(text: str) -> StripReason | None:
    """What a short block of text is by its words: a consent notice, a sign-up box, a
    cart drawer's line (a pop-up: ``CALL_TO_ACTION``, as a modal's name gives), or none."""
    if len(text) > NOTICE_MAX_CHARS:
        return None
    return _short_notice_kind(text)


@remembered(16384)
def _short_notice_kind(text: str) -> StripReason | None:
    """``notice_kind`` of a short text (by text: each reading of a page asks it of every
    short kept block, and a page's new version repeats almost all of them)."""
    lowered = text.lower()  # a word each pattern needs, looked for first: most blocks have none
    if "cookie" in lowered and _COOKIES.search(text) and _CONSENT.search(text):
        return StripReason.COOKIE_BANNER
    if any(word in lowered for word in _SIGN_UP_WORDS) and _SIGN_UP.search(text):
        return StripReason.NEWSLETTER
    if any(word in lowered for word in _CART_WORDS) and _CART.search(text):
        return StripReason.CALL_TO_ACTION
    return None


def reads_as_notice(texts: list[str], title: str | None) -> StripReason | None:
    """Whether a reading (its kept blocks' texts) is a consent notice, a sign-up box or a
    cart drawer rather than an article: its notice blocks hold half of its text, and the
    page's title is not about cookies, privacy, a newsletter or the cart. Returns the kind
    that holds more."""
    if title and _ABOUT_NOTICES.search(title):
        return None
    total = sum(len(text) for text in texts)
    needed = NOTICE_SHARE * total
    short = [text for text in texts if len(text) <= NOTICE_MAX_CHARS]
    unread = sum(len(text) for text in short)
    found: dict[StripReason, int] = {}
    for text in short:
        if sum(found.values()) + unread < needed:
            return None  # half of the reading can no longer be notices: read no further
        unread -= len(text)
        kind = notice_kind(text)
        if kind is not None:
            found[kind] = found.get(kind, 0) + len(text)
    if not total or sum(found.values()) < needed:
        return None
    return max(found, key=found.__getitem__)


# the page's own parts: no notice box or footer holds them (a footer around them wraps
# the page: broken nesting)
_PAGE_PARTS: Final = ("h1", "main", "article")


def _holds_page_parts(element: etree._Element) -> bool:
    return next(element.iter(*_PAGE_PARTS), None) is not None


def notice_boxes(kept: list[RawBlock], blocks: list[RawBlock]) -> set[etree._Element]:
    """The boxes of a reading's notice blocks: from each kept one, the largest element
    around it whose text (all of it, kept or not) is still mostly notices and that holds
    none of the page's own parts (its ``<h1>``, ``<main>``, ``<article>``), so a sign-up
    box or a consent panel goes whole (its title, its list of perks or of cookies) while
    the products beside a cart drawer, or a listing hidden until a script runs, stay."""
    under: dict[etree._Element, list[int]] = {}  # [notice chars, all chars] under each
    for block in blocks:
        notice = len(block.text) if notice_kind(block.text) is not None else 0
        for element in (block.element, *block.element.iterancestors()):
            chars = under.setdefault(element, [0, 0])
            chars[0] += notice
            chars[1] += len(block.text)
    boxes = set()
    for block in kept:
        if notice_kind(block.text) is None:
            continue
        box = block.element
        for ancestor in box.iterancestors():
            notice_chars, all_chars = under.get(ancestor, (0, 0))
            if notice_chars < NOTICE_SHARE * all_chars or _holds_page_parts(ancestor):
                break
            box = ancestor
        boxes.add(box)
    return boxes


def footer_boxes(kept: list[RawBlock]) -> set[etree._Element]:
    """The page's footers (``<footer>``, ``role="contentinfo"``) that hold half of a
    reading between them: its mark was revoked because the page has little prose besides
    (a listing of short lines, a sign-up box or legal notes in the footer), and what it
    holds is the site's, never the article. A footer around the page's ``<h1>``,
    ``<main>`` or ``<article>`` wraps the page and is none."""
    held: dict[etree._Element, int] = {}
    # the footer each element walked is or sits in, if any: blocks share ancestors
    footer_of: dict[etree._Element, etree._Element | None] = {}
    for block in kept:
        footer = nearest_answer(block.element, _a_footer, footer_of, None)
        if footer is not None:
            held[footer] = held.get(footer, 0) + len(block.text)
    total = sum(len(block.text) for block in kept)
    if not held or sum(held.values()) < NOTICE_SHARE * total:
        return set()
    if any(_holds_page_parts(footer) for footer in held):
        return set()
    return set(held)


def _a_footer(node: etree._Element) -> etree._Element | None:
    return (
        node if node.tag == "footer" or (node.get("role") or "").lower() == "contentinfo" else None
    )
