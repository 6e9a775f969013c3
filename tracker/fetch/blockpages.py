"""Recognise pages that stand in front of the article: bot challenges, captcha walls,
access-denied pages and login walls.

Storing one of these as a new version would tell a researcher that the article lost
every sentence. They are recorded as a ``blocked`` check instead. Recognition uses
the status, the headers and a bounded scan of the body; the expensive look at the
visible text happens only when a cheap signal has already fired, so ordinary pages
cost a few substring searches.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import lxml.etree
import lxml.html

from tracker.model import Headers

__all__ = ["SCAN_BYTES", "detect_block"]

# Block pages are small: their markers sit in the first bytes of the body. Scanning only
# these keeps the cost of an ordinary large article to a few short substring searches.
SCAN_BYTES = 64 * 1024
# Readable text is measured over at most this much of the body (a wall is never bigger).
TEXT_SCAN_BYTES = 2 * 1024 * 1024
# A page with less readable text than this, and a wall's markers, is the wall itself.
THIN_TEXT = 1500

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_PASSWORD_INPUT = re.compile(rb"<input\b[^>]*\btype\s*=\s*[\"']?password\b", re.IGNORECASE)
_LOGIN_PATH = re.compile(
    r"/(?:log-?in|sign-?in|signon|auth|account/log-?in|users?/log-?in|wp-login\.php|sso)(?:[/?.#]|$)",
    re.IGNORECASE,
)

# (label, markers any of which identifies the page) — markers specific enough to never
# appear in an article.
_VENDOR_MARKERS: tuple[tuple[str, tuple[bytes, ...]], ...] = (
    (
        "Cloudflare challenge page",
        (b"_cf_chl_opt", b"cf-browser-verification", b"cf_chl_prog", b"cf-challenge-running"),
    ),
    ("Cloudflare block page", (b"cf-error-details", b"attention required! | cloudflare")),
    ("Akamai access-denied page", (b"errors.edgesuite.net", b"akamai reference #")),
    (
        "Imperva/Incapsula block page",
        (b"_incapsula_resource", b"incapsula incident id", b"imperva incident id"),
    ),
    ("Sucuri firewall block page", (b"sucuri website firewall", b"cloudproxy.sucuri")),
    ("DataDome captcha wall", (b"captcha-delivery.com", b"geo.captcha-delivery")),
    ("PerimeterX captcha wall", (b"px-captcha", b"_pxcaptcha", b"perimeterx.net/captcha")),
    ("AWS WAF challenge", (b"awswafintegration", b"aws-waf-token", b'challenge.js" data-aws')),
)
_CAPTCHA_WIDGETS = (b"g-recaptcha", b"h-captcha", b"cf-turnstile", b"hcaptcha.com/1/api.js")
_CHALLENGE_TITLES = re.compile(
    r"^(?:just a moment|attention required|one more step|please wait|checking your browser|"
    r"ddos-guard|security check|verify(?:ing)? you are (?:a )?human|are you a robot|"
    r"human verification|captcha|bot check|pardon our interruption)",
    re.IGNORECASE,
)
_DENIED_TITLES = re.compile(
    r"^(?:access denied|access to this page has been denied|403 forbidden|forbidden|"
    r"error 403|request (?:blocked|rejected)|you have been blocked|blocked|"
    r"web page blocked|the request could not be satisfied)",
    re.IGNORECASE,
)
_LOGIN_TITLES = re.compile(
    r"(?:^|\W)(?:log ?in|sign ?in|sign on|anmelden|connexion|iniciar sesi[oó]n|members? only|"
    r"subscribers? only|please log ?in|authentication required)(?:\W|$)",
    re.IGNORECASE,
)


def _header(headers: Headers, name: str) -> str:
    return (headers.joined(name) or "").lower()


def _title(head: bytes) -> str:
    match = _TITLE.search(head)
    if match is None:
        return ""
    text = match.group(1)[:1000].decode("utf-8", errors="replace")
    return " ".join(html.unescape(text).split())


def _visible_text_length(body: bytes) -> int:
    """Characters of readable text, scripts and styles excluded; 0 when unparseable."""
    try:
        root = lxml.html.document_fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return 0
    lxml.etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    return len(" ".join(root.text_content().split()))


def detect_block(
    status: int, headers: Iterable[tuple[str, str]], body: bytes, *, url: str = ""
) -> str | None:
    """A short label for the wall this response is ("Cloudflare challenge page"), or None."""
    headers = headers if isinstance(headers, Headers) else Headers(headers)
    mitigated = _header(headers, "cf-mitigated")
    if "challenge" in mitigated:
        return "Cloudflare challenge page"
    waf_action = _header(headers, "x-amzn-waf-action")
    if waf_action in {"captcha", "challenge"}:
        return f"AWS WAF {waf_action}"

    head = body[:SCAN_BYTES]
    lowered = head.lower()
    for label, markers in _VENDOR_MARKERS:
        if any(marker in lowered for marker in markers):
            return label

    title = _title(head)
    server = _header(headers, "server")
    thin: bool | None = None

    def is_thin() -> bool:
        # Over the whole body, not the scanned head: many articles open with 100 KB of
        # scripts and styles before their first sentence.
        nonlocal thin
        if thin is None:
            thin = len(body) <= TEXT_SCAN_BYTES and _visible_text_length(body) < THIN_TEXT
        return thin

    # Titles alone are weak ("Just a moment of calm: ..." is a fine article title), so a
    # wall's title counts only on an error status or a page with almost no text.
    if _CHALLENGE_TITLES.match(title) and (status >= 400 or is_thin()):
        if "cloudflare" in server or b"/cdn-cgi/challenge-platform/" in lowered:
            return "Cloudflare challenge page"
        return f"challenge page ({title[:60]})"
    if _DENIED_TITLES.match(title) and (status >= 400 or is_thin()):
        if "akamai" in server:
            return "Akamai access-denied page"
        return f"access denied page ({title[:60]})"
    if any(widget in lowered for widget in _CAPTCHA_WIDGETS) and (status >= 400 or is_thin()):
        return "captcha wall"
    if (
        b"password" in lowered
        and _PASSWORD_INPUT.search(head)
        and (_LOGIN_TITLES.search(title) or _LOGIN_PATH.search(url) or is_thin())
    ):
        return "login wall"
    if status == 401:
        return "login required (HTTP 401)"
    if status == 403:
        return "access denied (HTTP 403)"
    if status == 451:
        return "unavailable for legal reasons (HTTP 451)"
    return None
