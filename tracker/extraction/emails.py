"""E-mail addresses hidden from scrapers, put back so they compare as themselves.

Cloudflare's e-mail protection rewrites every address on a page: the text becomes
"[email protected]" and the address travels XOR-encoded in hex, with a fresh key on
each response, in a ``data-cfemail`` attribute or after ``/cdn-cgi/l/email-protection#``
in a link. Two captures of an unchanged page then differ in their markup, and the
placeholder hides a real change of address. Decoding the hex (first byte the key,
each following byte XOR the key, UTF-8) restores what a reader's browser shows.

Sites also spell an address out ("name [at] example [dot] com") or write it backwards
for the stylesheet to turn round; both are written as the address, so a site that moves
from one form to another has not changed its text.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

_PROTECTION_PATH: Final = "/cdn-cgi/l/email-protection"
_HEX: Final = re.compile(r"(?:[0-9a-fA-F]{2}){2,}")
# the placeholder as Cloudflare writes it, any whitespace (often &#160;) inside the brackets
_PLACEHOLDER: Final = re.compile(r"\[\s*email\s+protected\s*\]", re.IGNORECASE)


def decode_cfemail(encoded: str) -> str | None:
    """The address hidden in a ``data-cfemail`` value, or None when it is not one."""
    encoded = encoded.strip()
    if not _HEX.fullmatch(encoded):
        return None
    data = bytes.fromhex(encoded)
    key = data[0]
    try:
        address = bytes(byte ^ key for byte in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return address if "@" in address and address.isprintable() else None


_PROTECTED: Final = etree.XPath(f"//*[@data-cfemail] | //a[contains(@href, '{_PROTECTION_PATH}#')]")


def _encoded_of(element: etree._Element) -> str:
    value = element.get("data-cfemail")
    if value:
        return value
    href = element.get("href") or ""
    return href[href.find(_PROTECTION_PATH + "#") + len(_PROTECTION_PATH) + 1 :]


def reveal_emails(
    root: etree._Element, source: str | None = None, utf8: bytes | None = None
) -> int:
    """Replace every protected address in ``root`` by the address; returns how many.

    ``source``, the text ``root`` was parsed from, lets a page without protection
    (nearly all) skip the search of its tree; ``utf8``, its UTF-8 bytes where the caller
    has them (``decode.decode_page``), spares encoding it for those looks.

    The element that carried the placeholder gets the address as its text (its
    children, which only spelled the placeholder, go); a protected link whose text
    is something else ("write to us") keeps its text and points to ``mailto:``.
    """
    if source is None:
        revealed = 0
    else:
        page = _lowered(source, utf8)
        revealed = _reveal_spelled(root, page)
        if b"data-cfemail" not in page and _PROTECTION_PATH.encode() not in page:
            return revealed
    for element in _PROTECTED(root):
        address = decode_cfemail(_encoded_of(element))
        if address is None:
            continue
        revealed += 1
        if element.get("href"):
            element.set("href", f"mailto:{address}")
        element.attrib.pop("data-cfemail", None)
        text = "".join(element.itertext())
        if not text.strip() or _PLACEHOLDER.search(text):
            for child in list(element):
                element.remove(child)
            element.text = _PLACEHOLDER.sub(address, text) if text.strip() else address
    return revealed


# "name [at] example [dot] com", "name (at) example.com": the brackets spell what they hide
_SPELLED_AT: Final = re.compile(r"\s*[\[({]\s*at\s*[\])}]\s*", re.IGNORECASE)
# whether a text holds a spelled "at": the same answer as _SPELLED_AT without its leading
# \s*, which made every search quadratic in a run of whitespace (an inline script's)
_BRACKETED_AT: Final = re.compile(r"[\[({]\s*at\s*[\])}]", re.IGNORECASE)
_SPELLED_DOT: Final = re.compile(r"\s*[\[({]\s*dot\s*[\])}]\s*", re.IGNORECASE)
_SPELLED_ADDRESS: Final = re.compile(
    r"[\w.+-]+\s*[\[({]\s*at\s*[\])}]\s*[\w-]+(?:(?:\.|\s*[\[({]\s*dot\s*[\])}]\s*)[\w-]+)+",
    re.IGNORECASE,
)
# an address written backwards and shown forwards by the stylesheet
_BACKWARDS: Final = re.compile(r"direction\s*:\s*rtl", re.IGNORECASE)
# what ``\s`` reads as whitespace in a text, every character of it (a test checks)
SPACE_CHARACTERS: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_CLOSING: Final = b"])}"
# "at" closed by a bracket ("at]", "at )", "at}"), whitespace allowed before it as
# ``_SPELLED_AT`` reads it, in the page's lower-cased UTF-8 bytes (``_lowered``): it
# matches there exactly where "at", "At", "aT" or "AT" so closed does in the text; a
# pattern opening with a literal is scanned for in C. The lookahead, the bytes that can
# follow such an "at" (a bracket, or the first byte of a space), turns away at one class
# test the thousands of "at"s of a page's words and scripts ("data", "format"), where the
# loop over the spaces' alternatives was set up for each
_AT_CLOSED: Final = re.compile(
    b"at(?=["
    + re.escape(bytes(sorted({c.encode()[0] for c in SPACE_CHARACTERS} | set(_CLOSING))))
    + b"])(?:"
    + b"|".join(re.escape(c.encode()) for c in SPACE_CHARACTERS)
    + b")*["
    + re.escape(_CLOSING)
    + b"]"
)


def _lowered(source: str, utf8: bytes | None) -> bytes:
    """The page's UTF-8 bytes with ASCII letters in lower case, for the looks below, which
    read ASCII alone: one lower-casing of bytes, a table lookup a byte, costs less than
    one case-blind scan of the text (several, as there are several looks, on most pages
    beyond ASCII); ``utf8`` spares encoding ``source``."""
    return (utf8 if utf8 is not None else source.encode("utf-8", "surrogatepass")).lower()


def _says_at_closed(page: bytes) -> bool:
    """Whether ``page`` (``_lowered``) holds "at]", "at)" or "at}" in any case, spaces
    allowed before the bracket ("[ at ]"), as ``_SPELLED_AT`` reads them."""
    return _AT_CLOSED.search(page) is not None


def _says_bidi_override(page: bytes) -> bool:
    """Whether ``page`` (``_lowered``) holds "bidi-override" in any case."""
    return b"bidi-override" in page


def spell_out(text: str) -> str:
    """``text`` with addresses spelled "name [at] example [dot] com" written as addresses."""
    return _SPELLED_ADDRESS.sub(
        lambda match: _SPELLED_DOT.sub(".", _SPELLED_AT.sub("@", match.group())), text
    )


def _reveal_spelled(root: etree._Element, page: bytes) -> int:
    """Addresses obfuscated in the text itself, written as themselves; returns how many.

    Two forms compare as the address a reader reads: "name [at] example [dot] com" (and
    its parenthesised and braced spellings), and an address written backwards in an
    element whose inline style turns it round (``direction: rtl`` with
    ``unicode-bidi: bidi-override``). A site that switches from one form to another, or
    to a plain address, has not changed its text.
    """
    spelled = _says_at_closed(page)
    backwards = _says_bidi_override(page)
    if not (spelled or backwards):
        return 0
    if not backwards:
        return _reveal_spelled_text(root)
    revealed = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        style = element.get("style") or ""
        if backwards and _BACKWARDS.search(style) and "bidi-override" in style.lower():
            text = (element.text or "").strip()
            if len(element) == 0 and "@" in text and " " not in text:
                element.text = text[::-1]
                revealed += 1
                continue
        if spelled:
            for attribute in ("text", "tail"):
                value = getattr(element, attribute)
                if value and _BRACKETED_AT.search(value):
                    new = spell_out(value)
                    if new != value:
                        setattr(element, attribute, new)
                        revealed += 1
    return revealed


# text no reader reads: a page's scripts are megabytes of "format(" and "[at", and a
# spelled address in them (JSON-LD's) is a script's business
_NOT_READ: Final = frozenset({"script", "style"})


def _spells_at(value: str) -> bool:
    """Whether a text holds a bracketed "at" (the test before the pattern is its first
    character's, in C)."""
    return ("[" in value or "(" in value or "{" in value) and bool(_BRACKETED_AT.search(value))


def _reveal_spelled_text(root: etree._Element) -> int:
    """``_reveal_spelled`` on a page with no backwards address: only text nodes change,
    those with a bracketed "at", never a script's or a style sheet's. One walk over the
    elements reading each text and tail (an XPath asking libxml2 for the nodes with a
    bracket and "at" copied each node's text once per ``contains``: twice the cost)."""
    revealed = 0
    for node in root.iter():
        text = node.text
        if text and isinstance(node.tag, str) and node.tag not in _NOT_READ and _spells_at(text):
            new = spell_out(text)
            if new != text:
                node.text = new
                revealed += 1
        tail = node.tail
        if tail and _spells_at(tail):
            parent = node.getparent()
            if parent is None or parent.tag not in _NOT_READ:
                new = spell_out(tail)
                if new != tail:
                    node.tail = new
                    revealed += 1
    return revealed
