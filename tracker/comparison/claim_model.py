"""The shipped strength model: linear features and a fine-tuned encoder, averaged.

The linear half: weights in tracker/assets/models/claim_strength.json (trained by
benchmarks/train_claims.py) over named linguistic features, a sparse dot product in
plain Python. The encoder half: tracker.comparison.claim_encoder. Their probabilities
are averaged with the encoder's share chosen by cross-validation; nothing is
downloaded at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from importlib import resources
from typing import Any

from tracker.comparison.claim_encoder import EncoderConfig, encoder_config, load_encoder
from tracker.comparison.claim_features import Cues, features, read_cues
from tracker.errors import TrackerError
from tracker.memo import Recent, once

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
        """Each class's intercept plus the weights of the features present, added in the
        features' order (``sum`` from the intercept: the same additions, done in C)."""
        # a feature is present or not: counts carry no more evidence
        rows = [row for row in map(self.weights.get, feats) if row is not None]
        if not rows:
            return list(self.intercepts)
        return [
            sum(column, start)
            for start, column in zip(self.intercepts, zip(*rows, strict=True), strict=True)
        ]

    def predict(self, feats: dict[str, float]) -> int:
        totals = self.scores(feats)
        best = max(range(len(totals)), key=totals.__getitem__)
        return self.classes[best]


@once()
def load_model() -> ClaimModel:
    try:
        path = resources.files("tracker.assets.models").joinpath(MODEL_FILE)
        raw = path.read_text(encoding="utf-8")
        return ClaimModel(json.loads(raw))
    except (OSError, ValueError, KeyError) as error:
        raise TrackerError(f"the claim strength model could not be loaded: {error}") from error


RECENT_STRENGTHS = 4096
# The feature model settles a sentence alone when it names no relation (no causal,
# association or conditional phrase) and the model reads "no relationship" at least this
# sure: about three in four sentences of real articles, a tenth of press-release ones.
# Held out (benchmarks/claims.py) the ensemble scores the same with or without this
# shortcut. Beyond it, any sentence whose top level the feature model gives at least the
# encoder config's `settle_at` (chosen by benchmarks/choose_settle_at.py) is settled too:
# the encoder costs some 30 times the feature model, and where the feature model is that
# sure the ensemble rarely answers otherwise.
SETTLED_CONFIDENCE = 0.8
_recent: Recent[str, tuple[float, ...]] = Recent(RECENT_STRENGTHS)


def softmax(values: Sequence[float]) -> list[float]:
    top = max(values)
    exps = [math.exp(v - top) for v in values]
    total = sum(exps)
    return [e / total for e in exps]


def mix(
    encoder_logits: Sequence[float],
    linear_scores: Sequence[float],
    weight: float,
    temperature: float = 1.0,
) -> list[float]:
    """The ensemble's probabilities: the two models' averaged, `weight` on the encoder.

    Averaging probabilities (not raw scores) keeps either model from winning only because
    its scores run on a wider scale. A fine-tuned encoder is overconfident (0.99 on
    nearly everything), which turns an average into a switch; dividing its logits by a
    temperature above 1 softens it so the feature model's reading still counts. Weight
    and temperature are chosen by cross-validation (benchmarks/train_claims_encoder.py)
    on sentences neither model was trained on.
    """
    enc = softmax([v / temperature for v in encoder_logits])
    lin = softmax(linear_scores)
    return [weight * e + (1.0 - weight) * li for e, li in zip(enc, lin, strict=True)]


def combine(
    encoder_logits: Sequence[float],
    linear_scores: Sequence[float],
    weight: float,
    temperature: float = 1.0,
) -> int:
    """The ensemble's level: the index of the most probable level of ``mix``."""
    mixed = mix(encoder_logits, linear_scores, weight, temperature)
    return max(range(len(mixed)), key=mixed.__getitem__)


def settled_by_features(
    linear_scores: Sequence[float], cues: Cues, settle_at: float | None = None
) -> bool:
    """Whether the feature model's answer stands without asking the encoder: a level 0
    naming no relation (SETTLED_CONFIDENCE), or any level at least ``settle_at`` sure."""
    chances = softmax(linear_scores)
    best = max(chances)
    if settle_at is not None and best >= settle_at:
        return True
    if cues.causal or cues.assoc or cues.cond:
        return False
    return chances[0] == best and best >= SETTLED_CONFIDENCE


def predict_strength(text: str, cues: Cues | None = None) -> int:
    """The feature model alone: the strength the ensemble's linear half gives."""
    if cues is None:
        cues = read_cues(text)
    return load_model().predict(features(text, cues))


def strength_probabilities(
    texts: Sequence[str],
    cues: Sequence[Cues] | None = None,
    config: EncoderConfig | None = None,
) -> list[list[float]]:
    """The ensemble's probability of each level (in ``load_model().classes`` order).

    A sentence the feature model settles alone gets the feature model's probabilities;
    the others ask the encoder, in one batch, which is loaded only then. ``config``:
    the ensemble's settings, the shipped encoder's unless given (a benchmark's).
    """
    if cues is None:
        cues = [read_cues(text) for text in texts]
    if config is None:
        config = encoder_config()
    linear = load_model()
    scores = [linear.scores(features(text, cue)) for text, cue in zip(texts, cues, strict=True)]
    chances = [softmax(row) for row in scores]
    asked = [
        i
        for i in range(len(texts))
        if not settled_by_features(scores[i], cues[i], config.settle_at)
    ]
    if asked:
        logits = load_encoder().logits([texts[i] for i in asked])
        for i, row in zip(asked, logits, strict=True):
            chances[i] = mix(row, scores[i], config.encoder_weight, config.encoder_temperature)
    return chances


def level_chances(
    texts: Sequence[str], cues: Sequence[Cues] | None = None
) -> list[tuple[float, ...]]:
    """The shipped reading of each sentence: the probability of each strength level, from
    the feature model and the fine-tuned encoder combined (``strength_probabilities``).

    Sentences the feature model settles alone never reach the encoder, and answers are
    remembered by text (a few thousand): the encoder costs milliseconds a sentence, and
    each new version of a tracked page repeats sentences the last comparison read.
    """
    if cues is None:
        cues = [read_cues(text) for text in texts]
    found: dict[int, tuple[float, ...]] = {}
    for index, text in enumerate(texts):
        chances = _recent.get(text)
        if chances is not None:
            found[index] = chances
    missing = [index for index in range(len(texts)) if index not in found]
    if missing:
        rows = strength_probabilities([texts[i] for i in missing], [cues[i] for i in missing])
        for index, row in zip(missing, rows, strict=True):
            found[index] = tuple(row)
            _recent.put(texts[index], found[index])
    return [found[index] for index in range(len(texts))]


def likeliest_level(chances: Sequence[float]) -> int:
    """The strength a sentence is read as: its most probable level."""
    return load_model().classes[max(range(len(chances)), key=chances.__getitem__)]


def compare_levels(
    first: Sequence[float], second: Sequence[float], same_weight: float | None = None
) -> int:
    """Does the second sentence claim a stronger relation (1), a weaker one (-1) or the same (0)?

    Each answer's probability is read from the two sentences' level probabilities as if
    independent, "the same" weighted by ``same_weight`` (the encoder config's unless given),
    and the likeliest answer wins. Comparing the two likeliest levels throws away how
    unsure each reading is; comparing expected levels lets two unsure readings drift
    apart. The weight is above 1 because two sentences of one claim are read with
    errors in common; benchmarks/choose_pair_rule.py chooses it on the press-release
    file's own pairs of sentences, never on InSciOut's.
    """
    if same_weight is None:
        same_weight = encoder_config().same_weight
    more = less = same = 0.0
    for i, p in enumerate(first):
        for j, q in enumerate(second):
            if j > i:
                more += p * q
            elif j < i:
                less += p * q
            else:
                same += p * q
    same *= same_weight
    if same >= more and same >= less:
        return 0
    return 1 if more > less else -1
