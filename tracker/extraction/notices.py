"""Consent notices and newsletter sign-ups known by their words, whatever their markup.

Class names find most of them (``boilerplate.py``), but a site that names its elements
by a build tool's hashes ("g fa lp"), or a sign-up box in a footer whose mark was revoked
as a wrapper's, leaves only the text to say what the box is: "By using this site, you
agree to our cookie policy", "Subscribe to our newsletter… unsubscribe at any time".
Such a box is never the article; when the main-content choice reads as one, the page is
read again without it (``__init__._without_notices``).
"""

from __future__ import annotations

import re

from tracker.model import StripReason

# a notice is a few sentences: a longer block that names cookies is a policy's own text
NOTICE_MAX_CHARS = 400
# the reading is a notice when its notice blocks hold this share of its text
NOTICE_SHARE = 0.5

_COOKIES = re.compile(r"\bcookies?\b", re.IGNORECASE)
_CONSENT = re.compile(
    r"\b(?:accept|agree|consent|we use|uses|use of|settings|preferences|policy"
    r"|by (?:using|continuing|clicking|browsing|visiting))",
    re.IGNORECASE,
)
_SIGN_UP = re.compile(
    r"\bnewsletters?\b|\bunsubscribe|\bmailing list\b|\benter your e-?mail"
    r"|\b(?:subscribe|sign(?:ing)? up|opt(?:ing)? in)\b.{0,80}"
    r"\b(?:e-?mails?|inbox|updates|offers|news)\b",
    re.IGNORECASE | re.DOTALL,
)
# a page about cookies, privacy or a newsletter is its own article
_ABOUT_NOTICES = re.compile(
    r"\b(?:cookies?|privacy|newsletters?|subscribe|subscriptions?|sign[ -]?up)\b", re.IGNORECASE
)


def notice_kind(text: str) -> StripReason | None:
    """What a short block of text is by its words: a consent notice, a sign-up box, or
    neither (None)."""
    if len(text) > NOTICE_MAX_CHARS:
        return None
    if _COOKIES.search(text) and _CONSENT.search(text):
        return StripReason.COOKIE_BANNER
    if _SIGN_UP.search(text):
        return StripReason.NEWSLETTER
    return None


def reads_as_notice(texts: list[str], title: str | None) -> StripReason | None:
    """Whether a reading (its kept blocks' texts) is a consent notice or a sign-up box
    rather than an article: its notice blocks hold half of its text, and the page's title
    is not about cookies, privacy or a newsletter. Returns the kind that holds more."""
    if title and _ABOUT_NOTICES.search(title):
        return None
    total = sum(len(text) for text in texts)
    found: dict[StripReason, int] = {}
    for text in texts:
        kind = notice_kind(text)
        if kind is not None:
            found[kind] = found.get(kind, 0) + len(text)
    if not total or sum(found.values()) < NOTICE_SHARE * total:
        return None
    return max(found, key=found.__getitem__)
