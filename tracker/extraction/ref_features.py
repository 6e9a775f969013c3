"""The attributes the reference token model (``ref_model``) reads of each token: its word
shape and lexical features, its place in the string, its neighbours'.

Apart from ``ref_model`` so that it is compiled with the stage (``ref_model`` stays Python
for its seams): a reference's tokens are mostly new words, so every one is built anew, and
interpreted this was most of a reference's cost. The attribute strings are the ones the
shipped model was trained with: any change to them changes what it predicts.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from typing import Final

import regex as re

from tracker.memo import remembered

__all__ = ["attributes"]

_MONTHS: Final = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december", "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre", "januar", "februar",
    "märz", "juni", "juli", "oktober", "dezember", "spring", "summer", "fall", "autumn", "winter",
}  # fmt: skip
_PARTICLES: Final = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "da",
    "di",
    "du",
    "la",
    "le",
    "dos",
}
_CUES: Final = {
    "in", "in:", "proc", "proceedings", "journal", "j", "trans", "transactions", "conf",
    "conference", "symposium", "workshop", "review", "letters", "bulletin", "annals", "acta",
    "vol", "volume", "no", "pp", "p", "pages", "ed", "eds", "editor", "editors", "edited",
    "press", "university", "publishers", "publishing", "verlag", "retrieved", "available",
    "accessed", "doi", "http", "https", "et", "al", "and", "&", "thesis", "dissertation",
    "report", "technical", "tech", "rep", "chapter", "ch", "edition", "edn", "isbn", "hrsg",
    "ibid", "op", "cit", "nd", "n.d.", "press,", "inc", "ltd", "magazine", "news", "times",
}  # fmt: skip


_UPPER: Final = re.compile(r"\p{Lu}")
_LOWER: Final = re.compile(r"\p{Ll}")
_DIGIT: Final = re.compile(r"\d")
_EDGES: Final = re.compile(r"^\W+|\W+$")
_YEAR_TOKEN: Final = re.compile(r"\W*(1[5-9]\d\d|20\d\d)[a-z]?\W*")
_RANGE: Final = re.compile(r"\d+[-–—]+\d+")
_INITIAL: Final = re.compile(r"\W*\p{Lu}\.(-?\p{Lu}\.)*,?")
_INITIALS: Final = re.compile(r"\p{Lu}{1,3}[.,]?")
_QUOTE_CLOSE: Final = re.compile(r"[\"”’»'](?:[.,;:]?)$")
_PAREN_CLOSE: Final = re.compile(r"[)\]][.,;:]?$")


# in ASCII the three classes a shape names are A-Z, a-z and 0-9
_ASCII_SHAPE: Final = str.maketrans(
    string.ascii_uppercase + string.ascii_lowercase + string.digits, "X" * 26 + "x" * 26 + "d" * 10
)


def _shape(token: str) -> str:
    """Upper case as X, lower case as x, digits as d, runs cut to two; an ASCII token (most
    are) by one translation rather than three passes of a pattern."""
    if token.isascii():
        shape = token.translate(_ASCII_SHAPE)
    else:
        shape = _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", token)))
    return _cut_runs(shape)


def _cut_runs(shape: str) -> str:
    """Each run of one character cut to two, as ``(.)\\1{2,}`` -> ``\\1\\1`` did (a line end,
    which ``.`` skips, is kept): by a loop, where the pattern's replacement template cost
    more than the rest of a token's features."""
    kept: list[str] = []
    previous = ""
    run = 0
    for char in shape:
        run = run + 1 if char == previous else 1
        previous = char
        if run <= 2 or char == "\n":
            kept.append(char)
    return "".join(kept)


def _core(token: str) -> str:
    return _EDGES.sub("", token.lower())


@remembered(65536)
def _token_features(token: str) -> dict[str, object]:
    """Features of one token alone; cached, as reference lists repeat their words."""
    core = _core(token)
    digits = _DIGIT.search(token) is not None
    last = token[-1]
    first = token[0]
    return {
        "w": core,
        "shape": _shape(token),
        "p3": core[:3],
        "s3": core[-3:],
        "last": last if not last.isalnum() else "a",
        "first": first if not first.isalnum() else ("A" if first.isupper() else "a"),
        "cap": first.isupper(),
        "upper": token.isupper() and len(core) > 1,
        "digits": digits,
        # each pattern asked only where the token can match it: a year and a range need a
        # digit, an initial its full stop, initials four characters at most
        "year": digits and _YEAR_TOKEN.fullmatch(token) is not None,
        "range": digits and _RANGE.search(token) is not None,
        "initial": "." in token and _INITIAL.fullmatch(token) is not None,
        "inits": len(token) <= 4 and _INITIALS.fullmatch(token) is not None,
        "month": core in _MONTHS,
        "particle": core in _PARTICLES,
        "cue": core if core in _CUES else "",
        "quote_open": first in "\"“‘«„'`",
        "quote_close": bool(_QUOTE_CLOSE.search(token)),
        "paren_open": first in "([",
        "paren_close": bool(_PAREN_CLOSE.search(token)),
        "len": min(len(core), 8),
    }


_CLOSES_QUOTE: Final = re.compile(r"[\"”»]|''")
_HAS_YEAR: Final = re.compile(r"(?:1[5-9]\d\d|20\d\d)")
_ENDS_SENTENCE: Final = re.compile(r"[.?!][\"”’)]?$")
_LONE_INITIAL: Final = re.compile(r"\W*\p{Lu}\.")


def _context(tokens: Sequence[str], cores: Sequence[str]) -> list[tuple[int, tuple[str, ...]]]:
    """Where each token stands in the string: after how many full stops (and that state's
    attributes), inside quotes or brackets, after "In" or "(Eds.)" -- the state a reader
    tracks to find the field. ``cores``: each token's ``_core``, as its features hold it."""
    out: list[tuple[int, tuple[str, ...]]] = []
    stops = 0
    commas = 0
    quoted = False
    depth = 0
    after_in = False
    seen_year = False
    count = max(len(tokens), 1)
    for index, token in enumerate(tokens):
        opens_quote = token[0] in '"“«„' or token.startswith(("``", "‘"))
        if opens_quote and not quoted:
            quoted = True
        state = (min(stops, 4), min(commas, 4), quoted, depth > 0, after_in, seen_year)
        out.append((state[0], _state_attributes(*state, index * 5 // count)))
        core = cores[index]
        # a closing quote and a year matter only until the quote closes and a year is seen
        if quoted and _CLOSES_QUOTE.search(token[1:] if opens_quote else token):
            quoted = False
        depth = max(
            0, depth + token.count("(") + token.count("[") - token.count(")") - token.count("]")
        )
        if not seen_year and _HAS_YEAR.search(token):
            seen_year = True
        if core in ("in", "in:") and index > 0:
            after_in = True
        if _ENDS_SENTENCE.search(token) and not _LONE_INITIAL.fullmatch(token):
            stops += 1
        if token.endswith(","):
            commas += 1
    return out


def _attributes_of(features: Iterable[tuple[str, object]]) -> tuple[str, ...]:
    """Features as CRFsuite's attribute strings: a true flag by name, a false one left
    out, a value as key=value (the flags are the bools True and False, which are one
    object each: telling them apart by identity costs no call per feature)."""
    return tuple(
        key if value is True else f"{key}={value}" for key, value in features if value is not False
    )


@remembered(4096)
def _state_attributes(
    stops: int, commas: int, quoted: bool, paren: bool, after_in: bool, seen_year: bool, frac: int
) -> tuple[str, ...]:
    """A context state's attributes (2,000 states at most)."""
    state = {
        "stops": stops,
        "commas": commas,
        "quoted": quoted,
        "paren": paren,
        "after_in": after_in,
        "seen_year": seen_year,
        "frac": frac,
    }
    return _attributes_of(state.items())


@remembered(65536)
def _own_attributes(token: str) -> tuple[str, ...]:
    return _attributes_of(_token_features(token).items())


_NEAR_KEYS: Final = ("w", "shape", "last", "cap", "year", "initial", "cue", "digits")
_FAR_KEYS: Final = ("w", "last")


_OFFSETS: Final = (-3, -2, -1, 1, 2, 3)


@remembered(65536)
def _neighbour_views(token: str) -> tuple[tuple[str, ...], ...]:
    """The token's attributes as a neighbour sees it from each of ``_OFFSETS``: worked out
    once per token (the near and far attributes once, then prefixed), where every
    sequence it stands in asks six times."""
    feats = _token_features(token)
    near = _attributes_of((k, feats[k]) for k in _NEAR_KEYS)
    far = _attributes_of((k, feats[k]) for k in _FAR_KEYS)
    return tuple(
        tuple(f"{offset}:{a}" for a in (far if abs(offset) == 3 else near)) for offset in _OFFSETS
    )


_EDGE: Final = {offset: f"{offset}:edge" for offset in _OFFSETS}
_POSITION: Final = tuple(f"pos={index}" for index in range(11))
_RELATIVE: Final = tuple(f"rel={tenth}" for tenth in range(10))


def attributes(tokens: Sequence[str]) -> list[list[str]]:
    """CRFsuite attributes of each token: its own, its context's and its neighbours'."""
    feats = [_token_features(token) for token in tokens]
    context = _context(tokens, [str(own["w"]) for own in feats])
    views = [_neighbour_views(token) for token in tokens]
    count = len(tokens)
    result: list[list[str]] = []
    for index, token in enumerate(tokens):
        own = feats[index]
        stops, state = context[index]
        item = ["bias=1.0", _POSITION[min(index, 10)], _RELATIVE[index * 10 // count]]
        item.extend(_own_attributes(token))
        item.extend(state)
        item.append(f"stops_last={stops}|{own['last']}")
        for place, offset in enumerate(_OFFSETS):
            other = index + offset
            if 0 <= other < count:
                item.extend(views[other][place])
            else:
                item.append(_EDGE[offset])
        if index > 0:
            before = feats[index - 1]
            item.append(f"-1w|w={before['w']}|{own['w']}")
            item.append(f"-1last|shape={before['last']}|{own['shape']}")
        if index + 1 < count:
            after = feats[index + 1]
            item.append(f"w|+1w={own['w']}|{after['w']}")
            item.append(f"last|+1first={own['last']}|{after['first']}")
        result.append(item)
    return result
