"""A small CRF that labels the tokens of a reference string (author, date, title, container...).

Where a reference breaks the rules of its style, or mixes styles, the boundary between
title and container is a matter of typography the text has lost; a sequence model
trained on annotated references recovers it far better than rules. The model is a
linear-chain CRF (CRFsuite, through python-crfsuite) over whitespace tokens with
word-shape and lexical features (``ref_features``), a few hundred kilobytes on disk. When
python-crfsuite or the model file is missing, ``available()`` is false and the rule parser
works alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Final

from tracker.extraction.ref_features import attributes
from tracker.memo import once

__all__ = [
    "MODEL_NAME",
    "TAG_LABELS",
    "Tagger",
    "attributes",
    "default_tagger",
    "tokenize",
    "train",
]

MODEL_NAME: Final = "references.crfsuite"

# tags of annotated corpora -> the labels the model predicts
TAG_LABELS: Final = {
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


def tokenize(text: str) -> list[str]:
    return text.split()


def _begin_inside(labels: Sequence[str]) -> list[str]:
    """ "B-" opens a field and "I-" continues it, so the model learns where fields start."""
    out: list[str] = []
    for index, label in enumerate(labels):
        opens = index == 0 or labels[index - 1] != label
        out.append(("B-" if opens else "I-") + label)
    return out


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
            trainer.append(attributes(tokens), _begin_inside(labels))
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
        return [label[2:] for label in self._tagger.tag(attributes(tokens))]


def _shipped_model() -> Path | None:
    try:
        candidate = resources.files("tracker.assets.models").joinpath(MODEL_NAME)
    except ModuleNotFoundError:
        return None
    path = Path(str(candidate))
    return path if path.is_file() else None


@once()
def default_tagger() -> Tagger | None:
    """The shipped model, or None when python-crfsuite or the model file is not installed."""
    path = _shipped_model()
    if path is None:
        return None
    try:
        return Tagger(path)
    except (ImportError, OSError, ValueError):
        return None
