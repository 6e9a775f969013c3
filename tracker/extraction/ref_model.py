"""A small CRF that labels the tokens of a reference string (author, date, title, container...).

Where a reference breaks the rules of its style, or mixes styles, the boundary between
title and container is a matter of typography the text has lost; a sequence model
trained on annotated references recovers it far better than rules. The model is a
linear-chain CRF (CRFsuite, through python-crfsuite) over whitespace tokens with
word-shape and lexical features, a few hundred kilobytes on disk. When python-crfsuite
or the model file is missing, ``available()`` is false and the rule parser works alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex as re

MODEL_NAME = "references.crfsuite"

# tags of annotated corpora -> the labels the model predicts
TAG_LABELS = {
    "author": "author",
    "date": "date",
    "title": "title",
    "journal": "container",
    "container-title": "container",
    "editor": "editor",
    "volume": "volume",
    "pages": "pages",
    "publisher": "publisher",
    "location": "location",
    "note": "note",
    "url": "url",
    "doi": "url",
    "isbn": "note",
    "citation-number": "label",
    "collection-title": "collection",
    "translator": "editor",
    "director": "author",
    "producer": "author",
    "edition": "edition",
    "genre": "note",
    "medium": "note",
    "source": "container",
    "dataset": "note",
}

_MONTHS = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december", "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre", "januar", "februar",
    "märz", "juni", "juli", "oktober", "dezember", "spring", "summer", "fall", "autumn", "winter",
}  # fmt: skip
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "dos"}
_CUES = {
    "in", "in:", "proc", "proceedings", "journal", "j", "trans", "transactions", "conf",
    "conference", "symposium", "workshop", "review", "letters", "bulletin", "annals", "acta",
    "vol", "volume", "no", "pp", "p", "pages", "ed", "eds", "editor", "editors", "edited",
    "press", "university", "publishers", "publishing", "verlag", "retrieved", "available",
    "accessed", "doi", "http", "https", "et", "al", "and", "&", "thesis", "dissertation",
    "report", "technical", "tech", "rep", "chapter", "ch", "edition", "edn", "isbn", "hrsg",
    "ibid", "op", "cit", "nd", "n.d.", "press,", "inc", "ltd", "magazine", "news", "times",
}  # fmt: skip


def tokenize(text: str) -> list[str]:
    return text.split()


def _shape(token: str) -> str:
    shape = re.sub(r"\p{Lu}", "X", token)
    shape = re.sub(r"\p{Ll}", "x", shape)
    shape = re.sub(r"\d", "d", shape)
    return re.sub(r"(.)\1{2,}", r"\1\1", shape)


def _core(token: str) -> str:
    return re.sub(r"^\W+|\W+$", "", token.lower())


def _token_features(token: str) -> dict[str, object]:
    core = _core(token)
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
        "digits": bool(re.search(r"\d", token)),
        "year": bool(re.fullmatch(r"\W*(1[5-9]\d\d|20\d\d)[a-z]?\W*", token)),
        "range": bool(re.search(r"\d+[-–—]+\d+", token)),
        "initial": bool(re.fullmatch(r"\W*\p{Lu}\.(-?\p{Lu}\.)*,?", token)),
        "inits": bool(re.fullmatch(r"\p{Lu}{1,3}[.,]?", token)),
        "month": core in _MONTHS,
        "particle": core in _PARTICLES,
        "cue": core if core in _CUES else "",
        "quote_open": first in "\"“‘«„'`",
        "quote_close": bool(re.search(r"[\"”’»'](?:[.,;:]?)$", token)),
        "paren_open": first in "([",
        "paren_close": bool(re.search(r"[)\]][.,;:]?$", token)),
        "len": min(len(core), 8),
    }


def _context(tokens: Sequence[str]) -> list[dict[str, object]]:
    """Where each token stands in the string: after how many full stops, inside quotes or
    brackets, after "In" or "(Eds.)" -- the state a reader tracks to find the field."""
    out: list[dict[str, object]] = []
    stops = 0
    commas = 0
    quoted = False
    depth = 0
    after_in = False
    seen_year = False
    for index, token in enumerate(tokens):
        opens_quote = token[0] in '"“«„' or token.startswith(("``", "‘"))
        if opens_quote and not quoted:
            quoted = True
        out.append(
            {
                "stops": min(stops, 4),
                "commas": min(commas, 4),
                "quoted": quoted,
                "paren": depth > 0,
                "after_in": after_in,
                "seen_year": seen_year,
                "frac": index * 5 // max(len(tokens), 1),
            }
        )
        core = _core(token)
        if re.search(r"[\"”»]|''", token[1:] if opens_quote else token):
            quoted = False
        depth = max(
            0, depth + token.count("(") + token.count("[") - token.count(")") - token.count("]")
        )
        if re.search(r"(?:1[5-9]\d\d|20\d\d)", token):
            seen_year = True
        if core in ("in", "in:") and index > 0:
            after_in = True
        if re.search(r"[.?!][\"”’)]?$", token) and not re.fullmatch(r"\W*\p{Lu}\.", token):
            stops += 1
        if token.endswith(","):
            commas += 1
    return out


def features(tokens: Sequence[str]) -> list[dict[str, object]]:
    """CRFsuite feature dicts: each token's own features, its context and its neighbours'."""
    own = [_token_features(token) for token in tokens]
    context = _context(tokens)
    count = len(tokens)
    result: list[dict[str, object]] = []
    for index, feats in enumerate(own):
        item: dict[str, object] = {"bias": 1.0, "pos": min(index, 10), "rel": index * 10 // count}
        item.update(feats)
        item.update(context[index])
        item["stops_last"] = f"{context[index]['stops']}|{feats['last']}"
        for offset in (-3, -2, -1, 1, 2, 3):
            other = index + offset
            if 0 <= other < count:
                near = own[other]
                keys = ("w", "shape", "last", "cap", "year", "initial", "cue", "digits")
                if abs(offset) == 3:
                    keys = ("w", "last")
                for key in keys:
                    item[f"{offset}:{key}"] = near[key]
            else:
                item[f"{offset}:edge"] = True
        if index > 0:
            item["-1w|w"] = f"{own[index - 1]['w']}|{feats['w']}"
        result.append(item)
    return result


def _flatten(items: list[dict[str, object]]) -> list[dict[str, str | float]]:
    """python-crfsuite takes string features as name=value attributes and numbers as weights."""
    flat: list[dict[str, str | float]] = []
    for item in items:
        row: dict[str, str | float] = {}
        for key, value in item.items():
            if isinstance(value, bool):
                if value:
                    row[key] = 1.0
            elif isinstance(value, int | float):
                row[f"{key}={value}"] = 1.0
            else:
                row[f"{key}={value}"] = 1.0
        flat.append(row)
    return flat


def train(
    sequences: Iterable[tuple[list[str], list[str]]],
    path: Path,
    *,
    c1: float = 0.1,
    c2: float = 0.05,
    iterations: int = 200,
) -> None:
    """Train a model on (tokens, labels) pairs and write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, labels in sequences:
        if tokens:
            trainer.append(_flatten(features(tokens)), labels)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(path))


class Tagger:
    """A loaded model; thread-compatible for reading, one per process is enough."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        return list(self._tagger.tag(_flatten(features(tokens))))


def _shipped_model() -> Path | None:
    try:
        candidate = resources.files("tracker.models").joinpath(MODEL_NAME)
    except ModuleNotFoundError:
        return None
    path = Path(str(candidate))
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def default_tagger() -> Tagger | None:
    """The shipped model, or None when python-crfsuite or the model file is not installed."""
    path = _shipped_model()
    if path is None:
        return None
    try:
        return Tagger(path)
    except (ImportError, OSError, ValueError):
        return None


def spans(tokens: Sequence[str], labels: Sequence[str]) -> list[tuple[str, str]]:
    """Consecutive tokens of one label joined back into text: [(label, text), ...]."""
    out: list[tuple[str, str]] = []
    for token, label in zip(tokens, labels, strict=True):
        if out and out[-1][0] == label:
            out[-1] = (label, f"{out[-1][1]} {token}")
        else:
            out.append((label, token))
    return out
