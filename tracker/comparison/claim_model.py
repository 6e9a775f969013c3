"""The shipped strength model: a linear classifier over named linguistic features.

Weights live in tracker/models/claim_strength.json (trained by
benchmarks/train_claims.py); inference is a sparse dot product in plain Python, so
the default install needs no numerical library and nothing is downloaded at run time.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from tracker.comparison.claim_features import Cues, features, read_cues
from tracker.errors import TrackerError

MODEL_SCHEMA = "tracker.claim-strength-model/1"
MODEL_FILE = "claim_strength.json"


class ClaimModel:
    """A linear model stored as {feature: [weight per class]}, over binary features."""

    __slots__ = ("classes", "intercepts", "weights")

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("schema") != MODEL_SCHEMA:
            raise TrackerError(f"claim model has schema {data.get('schema')!r}, not {MODEL_SCHEMA}")
        self.classes: list[int] = [int(c) for c in data["classes"]]
        self.intercepts: list[float] = [float(v) for v in data["intercepts"]]
        self.weights: dict[str, list[float]] = data["weights"]

    def scores(self, feats: dict[str, float]) -> list[float]:
        totals = list(self.intercepts)
        n = len(totals)
        for name in feats:  # a feature is present or not: counts carry no more evidence
            row = self.weights.get(name)
            if row is not None:
                for index in range(n):
                    totals[index] += row[index]
        return totals

    def predict(self, feats: dict[str, float]) -> int:
        totals = self.scores(feats)
        best = max(range(len(totals)), key=totals.__getitem__)
        return self.classes[best]


@cache
def load_model() -> ClaimModel:
    try:
        raw = resources.files("tracker.models").joinpath(MODEL_FILE).read_text(encoding="utf-8")
        return ClaimModel(json.loads(raw))
    except (OSError, ValueError, KeyError) as error:
        raise TrackerError(f"the claim strength model could not be loaded: {error}") from error


def predict_strength(text: str, cues: Cues | None = None) -> int:
    if cues is None:
        cues = read_cues(text)
    return load_model().predict(features(text, cues))
