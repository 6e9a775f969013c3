"""The shipped strength model: plain JSON read by plain Python, nothing downloaded or imported."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from tracker.comparison.claim_features import features
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


def test_strengths_are_remembered_by_text_until_cleared(reads: Reads) -> None:
    """A new version repeats sentences the last comparison read: the encoder runs once."""
    from tracker.comparison import claim_model
    from tracker.comparison.claim_encoder import load_encoder

    read = reads(load_encoder(), "logits")
    texts = ["Vitamin D may lower the risk of falls.", "Exercise reduces back pain in adults."]
    forget_all()
    first = claim_model.predict_strengths(texts)
    again = claim_model.predict_strengths([texts[1], "Sleep is linked to mood.", texts[0]])
    assert again[0] == first[1] and again[2] == first[0]
    assert read == [*texts, "Sleep is linked to mood."]
    forget_all()
    assert claim_model.predict_strengths(texts) == first
    assert read[-2:] == texts


def test_sentences_naming_no_relation_are_settled_without_the_encoder(reads: Reads) -> None:
    from tracker.comparison import claim_model
    from tracker.comparison.claim_encoder import load_encoder

    read = reads(load_encoder(), "logits")
    forget_all()
    plain = "Our office is open from nine to five on weekdays."
    related = "Daily walks may lower blood pressure in older adults."
    assert claim_model.predict_strengths([plain, related]) == [0, 2]
    assert read == [related]
