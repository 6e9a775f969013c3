"""Text normalisation for matching: two renderings of the same words must compare equal.

Pages change typography without changing what they say (curly quotes, non-breaking
spaces, en dashes, NFKC forms, a citation marker moved or renumbered). Matching keys
fold all of that away; the original text is always what reports show.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tracker.memo import remembered

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)
# "word ." and "( word" render like "word." and "(word": the space is layout, not text
_LOOSE_SPACING = re.compile(r" (?=[,.;:!?)\]])|(?<=[(\[]) ")
# Numeric citation markers as pages print them: (3) [3] [2-4] (3, 5) [12,13]; a bare
# superscript digit run glued to a word end ("shown2.") is left alone: too ambiguous.
_NUMERIC_MARKER = re.compile(r"\s*[(\[]\s*\d{1,3}(?:\s*[-,;]\s*\d{1,3})*\s*[)\]]")
_WORD = re.compile(r"\w+", re.UNICODE)


def clean(text: str) -> str:
    """Typography folded (NFKC, quotes, dashes, invisible characters, spacing); case kept."""
    # Fast paths matter: a 2 MB page has ~15,000 sentences, most of them plain ASCII.
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    elif "`" in text:
        text = text.replace("`", "'")
    return _LOOSE_SPACING.sub("", " ".join(text.split()))


def strip_markers(text: str, markers: Iterable[str] = ()) -> str:
    """The text without its citation markers, so renumbering never looks like a rewrite."""
    if markers:
        for marker in sorted({m.strip() for m in markers} - {""}, key=len, reverse=True):
            text = text.replace(marker, " ")
    if "(" in text or "[" in text:
        text = _NUMERIC_MARKER.sub(" ", text)
    return text


@remembered(32768)
def match_key(text: str, markers: tuple[str, ...] = ()) -> str:
    """The key under which two sentences count as the same sentence.

    Cached: nearly every sentence of a new version was keyed when the last one was.
    """
    return clean(strip_markers(text, markers))


def loose_key(text: str) -> str:
    """Case- and punctuation-blind words, for similarity scoring and fuzzy reference titles."""
    return loose_key_of_clean(clean(text))


def loose_key_of_clean(cleaned: str) -> str:
    """``loose_key`` of the text ``cleaned`` was cleaned from: for a caller that holds the
    clean text already (a remembered ``match_key``), so it is not cleaned again."""
    return " ".join(_WORD.findall(cleaned.casefold()))
