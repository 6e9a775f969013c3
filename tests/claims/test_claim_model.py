"""The shipped strength model: plain JSON read by plain Python, nothing downloaded or imported."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from tracker.comparison import claim_model
from tracker.comparison.claim_features import features, read_cues
from tracker.comparison.claim_model import MODEL_SCHEMA, ClaimModel, combine, load_model
from tracker.errors import TrackerError
from tracker.memo import forget_all

Reads = Callable[[Any, str], list[Any]]  # the `reads` fixture of conftest.py


def test_shipped_model_is_a_four_level_linear_model() -> None:
    model = load_model()
    assert model.classes == [0, 1, 2, 3]
    assert len(model.intercepts) == 4
    assert all(len(row) == 4 for row in model.weights.values())
    assert "has:hedged_causal" in model.weights


def test_assess_needs_no_deep_learning_framework() -> None:
    code = (
        "import sys\n"
        "for name in ('torch', 'transformers', 'tensorflow', 'sklearn', 'scipy'):\n"
        "    sys.modules[name] = None\n"
        "from tracker.comparison.claims import assess\n"
        "print(assess('Aspirin may reduce the risk of stroke.').strength)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2"


def test_a_model_of_another_schema_is_refused() -> None:
    with pytest.raises(TrackerError, match="schema"):
        ClaimModel({"schema": "other/1", "classes": [0], "intercepts": [0.0], "weights": {}})


def test_prediction_is_the_highest_scoring_class() -> None:
    model = ClaimModel(
        {
            "schema": MODEL_SCHEMA,
            "classes": [0, 1, 2, 3],
            "intercepts": [0.0, 0.0, 0.0, 0.0],
            "weights": {"has:hedged_causal": [0.0, 0.0, 3.0, 0.0], "has:causal": [0, 0, 0, 1.5]},
        }
    )
    assert model.predict(features("Exercise may reduce pain.")) == 2
    assert model.predict(features("Exercise reduces pain.")) == 3
    assert model.predict(features("The sky is blue.")) == 0


def test_the_ensemble_averages_probabilities_and_a_temperature_softens_the_encoder() -> None:
    encoder, linear = [10.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 3.0]
    assert combine(encoder, linear, 0.7) == 0  # a confident encoder outvotes
    assert combine(encoder, linear, 0.7, temperature=10.0) == 3  # a softened one does not
    assert combine(encoder, linear, 0.0) == 3 and combine(encoder, linear, 1.0) == 0


# Written for these tests: sentences naming a relation the shipped feature model reads
# with little confidence (top level below the config's settle_at), so they ask the encoder
UNSURE = [
    "People who nap live longer.",
    "Fish oil helps the heart, say researchers.",
    "Meditation eases anxiety in students.",
]


def top_chance(text: str) -> float:
    return max(claim_model.softmax(claim_model.load_model().scores(features(text))))


def test_strengths_are_remembered_by_text_until_cleared(reads: Reads) -> None:
    """A new version repeats sentences the last comparison read: the encoder runs once."""
    from tracker.comparison.claim_encoder import load_encoder

    read = reads(load_encoder(), "logits")
    texts = UNSURE[:2]
    forget_all()
    first = claim_model.level_chances(texts)
    again = claim_model.level_chances([texts[1], UNSURE[2], texts[0]])
    assert again[0] == first[1] and again[2] == first[0]
    assert read == [*texts, UNSURE[2]]
    forget_all()
    assert claim_model.level_chances(texts) == first
    assert read[-2:] == texts


def test_only_sentences_the_feature_model_is_unsure_of_ask_the_encoder(reads: Reads) -> None:
    from tracker.comparison.claim_encoder import encoder_config, load_encoder

    settle_at = encoder_config().settle_at
    assert settle_at is not None
    read = reads(load_encoder(), "logits")
    forget_all()
    plain = "Our office is open from nine to five on weekdays."
    sure = "Daily walks may lower blood pressure in older adults."
    assert top_chance(sure) >= settle_at > top_chance(UNSURE[0])
    chances = claim_model.level_chances([plain, sure, UNSURE[0]])
    assert [claim_model.likeliest_level(row) for row in chances[:2]] == [0, 2]
    assert read == [UNSURE[0]]


def test_before_settle_at_every_sentence_naming_a_relation_asked_the_encoder(
    reads: Reads,
) -> None:
    from tracker.comparison.claim_encoder import encoder_config, load_encoder

    read = reads(load_encoder(), "logits")
    every_relation = replace(encoder_config(), settle_at=None)
    plain = "Our office is open from nine to five on weekdays."
    sure = "Daily walks may lower blood pressure in older adults."
    chances = claim_model.strength_probabilities([plain, sure], config=every_relation)
    assert read == [sure]
    assert all(abs(sum(row) - 1.0) < 1e-9 for row in chances)


def test_settle_at_settles_any_level_the_feature_model_is_sure_of() -> None:
    cues = read_cues("Daily walks may lower blood pressure in older adults.")
    sure_of_two = [0.0, 0.0, 9.0, 0.0]
    assert claim_model.settled_by_features(sure_of_two, cues, 0.9)
    assert not claim_model.settled_by_features(sure_of_two, cues, None)  # names a relation
    assert not claim_model.settled_by_features([0.0, 0.0, 1.0, 0.0], cues, 0.9)


def test_a_sentence_the_feature_model_is_fairly_sure_of_still_asks_the_encoder(
    reads: Reads,
) -> None:
    """On text it was not trained on the feature model is surer than it is right, so the
    shipped settle_at spends the speed budget on the encoder (choose_settle_at.py)."""
    from tracker.comparison.claim_encoder import encoder_config, load_encoder

    fairly_sure = "The tablets lowered fever within an hour."
    settle_at = encoder_config().settle_at
    assert settle_at is not None and 0.89 <= top_chance(fairly_sure) < settle_at
    read = reads(load_encoder(), "logits")
    forget_all()
    claim_model.level_chances([fairly_sure])
    assert read == [fairly_sure]


def test_two_readings_compare_by_the_likeliest_answer_not_the_likeliest_levels() -> None:
    """A sure level 1 against an unsure reading split between 1 and 2: the levels differ,
    but "the same" is the likelier answer once it is weighted for errors in common."""
    sure_one = [0.0, 1.0, 0.0, 0.0]
    torn = [0.0, 0.45, 0.55, 0.0]
    assert claim_model.compare_levels(sure_one, torn, 1.0) == 1  # 0.55 more against 0.45
    assert claim_model.compare_levels(sure_one, torn, 1.55) == 0  # 0.70 the same
    assert claim_model.compare_levels(torn, sure_one, 1.55) == 0
    assert claim_model.compare_levels(sure_one, [0.0, 0.1, 0.1, 0.8], 1.55) == 1
    assert claim_model.compare_levels([0.0, 0.1, 0.1, 0.8], sure_one, 1.55) == -1


def test_the_shipped_config_weighs_the_same_level_above_independent_readings() -> None:
    from tracker.comparison.claim_encoder import encoder_config

    assert encoder_config().same_weight > 1.0
