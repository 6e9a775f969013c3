"""The shipped ONNX encoder: loads once, batches without changing answers, fails clearly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.comparison import claim_encoder
from tracker.comparison.claim_encoder import (
    CONFIG_FILE,
    ENCODER_SCHEMA,
    MODEL_FILE,
    TOKENIZER_FILE,
    WEIGHTS_FILE,
    ClaimEncoder,
    EncoderConfig,
    load_encoder,
)
from tracker.comparison.claims import assess, assess_many
from tracker.errors import TrackerError

MODELS = Path(claim_encoder.__file__).resolve().parent.parent / "assets" / "models"

# Written for this test, one unmistakable sentence per level and several shapes each.
BY_LEVEL = {
    0: [
        "The clinic opened a second office in the city centre last spring.",
        "Researchers recruited 240 adults from three hospitals for the trial.",
        "Researchers will follow the volunteers for five years.",
    ],
    1: [
        "Higher coffee intake was associated with a lower risk of liver disease.",
        "Poor sleep is linked to higher blood pressure in teenagers.",
        "Children who read daily tended to have larger vocabularies.",
    ],
    2: [
        "Daily walking may reduce the risk of heart disease.",
        "A low-salt diet could help lower blood pressure in older adults.",
        "The new drug might slow memory loss in people with dementia.",
    ],
    3: [
        "Daily walking reduces the risk of heart disease.",
        "The new drug slows memory loss in people with dementia.",
        "Smoking causes lung cancer.",
    ],
}

Reads = Callable[[Any, str], list[Any]]  # the `reads` fixture of conftest.py


@pytest.fixture(scope="module")
def encoder() -> ClaimEncoder:
    return load_encoder()


def test_the_shipped_encoder_loads_once(encoder: ClaimEncoder) -> None:
    assert load_encoder() is encoder
    assert encoder.config.classes == (0, 1, 2, 3)
    assert 0.0 <= encoder.config.encoder_weight <= 1.0


def test_one_row_of_four_logits_per_sentence(encoder: ClaimEncoder) -> None:
    rows = encoder.logits(["Aspirin may reduce stroke risk.", "", "Hello."])
    assert len(rows) == 3 and all(len(row) == 4 for row in rows)
    assert encoder.logits([]) == []


def test_a_batch_answers_as_single_sentences_do(encoder: ClaimEncoder) -> None:
    texts = [t for level in BY_LEVEL.values() for t in level]
    batched = encoder.logits(texts)
    for text, row in zip(texts, batched, strict=True):
        (alone,) = encoder.logits([text])
        assert row == alone
    assert [a.strength for a in assess_many(texts)] == [assess(t).strength for t in texts]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=4))
def test_any_text_gets_a_level_and_a_list_answers_as_one_by_one(texts: list[str]) -> None:
    listed = assess_many(texts)
    assert [a.strength for a in listed] == [assess(t).strength for t in texts]
    assert all(a.strength in (0, 1, 2, 3) for a in listed)


def test_the_same_input_gives_the_same_output(encoder: ClaimEncoder) -> None:
    texts = BY_LEVEL[2] + BY_LEVEL[3]
    assert encoder.logits(texts) == encoder.logits(texts)


@pytest.mark.parametrize(
    ("level", "text"), [(level, text) for level, texts in BY_LEVEL.items() for text in texts]
)
def test_unambiguous_sentences_get_their_level(level: int, text: str) -> None:
    assert assess(text).strength == level


def test_a_garbled_model_is_refused_clearly() -> None:
    tokenizer = (MODELS / TOKENIZER_FILE).read_text(encoding="utf-8")
    config = json.loads((MODELS / CONFIG_FILE).read_text(encoding="utf-8"))
    with pytest.raises(TrackerError, match="unreadable"):
        ClaimEncoder(b"not an onnx model", tokenizer, config)


def test_a_config_of_another_schema_is_refused() -> None:
    with pytest.raises(TrackerError, match="schema"):
        ClaimEncoder(b"", "{}", {"schema": "other/1"})
    with pytest.raises(TrackerError, match="could not be loaded"):
        ClaimEncoder(b"", "{}", {"schema": ENCODER_SCHEMA})


def test_a_missing_model_file_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (CONFIG_FILE, TOKENIZER_FILE):
        (tmp_path / name).write_bytes((MODELS / name).read_bytes())
    monkeypatch.setattr(claim_encoder.resources, "files", lambda package: tmp_path)
    monkeypatch.setattr(claim_encoder, "_loaded", None)
    with pytest.raises(TrackerError, match=f"{MODEL_FILE} is missing"):
        load_encoder()
    with pytest.raises(TrackerError, match="missing"):
        assess("Kale may ease sore knees, says a sentence no other test assesses.")


def test_a_missing_weights_file_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The graph names its weights file: without it the model is refused before loading."""
    for name in (CONFIG_FILE, TOKENIZER_FILE, MODEL_FILE):
        (tmp_path / name).write_bytes((MODELS / name).read_bytes())
    monkeypatch.setattr(claim_encoder.resources, "files", lambda package: tmp_path)
    monkeypatch.setattr(claim_encoder, "_loaded", None)
    with pytest.raises(TrackerError, match=f"{WEIGHTS_FILE} is missing"):
        load_encoder()


def test_settle_at_is_read_from_the_config_and_checked() -> None:
    config = json.loads((MODELS / CONFIG_FILE).read_text(encoding="utf-8"))
    assert EncoderConfig.read(config).settle_at == config["settle_at"]
    assert EncoderConfig.read({**config, "settle_at": None}).settle_at is None
    with pytest.raises(TrackerError, match="could not be loaded"):
        EncoderConfig.read({**config, "settle_at": "sure"})


def test_a_corrupt_config_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_text("{not json", encoding="utf-8")
    (tmp_path / TOKENIZER_FILE).write_bytes((MODELS / TOKENIZER_FILE).read_bytes())
    monkeypatch.setattr(claim_encoder.resources, "files", lambda package: tmp_path)
    monkeypatch.setattr(claim_encoder, "_loaded", None)
    with pytest.raises(TrackerError, match="corrupt"):
        load_encoder()


def test_a_sentence_read_again_is_answered_from_memory_as_the_first_time(reads: Reads) -> None:
    """A page's new version repeats its sentences: each (text, cites) is assessed once."""
    from tracker.comparison import claims
    from tracker.memo import forget_all

    texts = BY_LEVEL[1][:2] + BY_LEVEL[3][:1]
    forget_all()
    first = assess_many(texts, cites_reference=[False, True, False])
    read = reads(claims, "read_cues")
    again = assess_many([texts[2], texts[0], texts[1], texts[1]], cites_reference=[False] * 4)
    assert again[:2] == [first[2], first[0]]
    assert read == [texts[1]]  # cited before, not now: read again, once
    assert again[2] == again[3] and again[2] != first[1]
    forget_all()
    assert assess_many(texts, cites_reference=[False, True, False]) == first
