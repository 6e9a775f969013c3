"""The shipped sentence encoder for claim strength: a fine-tuned MiniLM run by onnxruntime.

Linguistic features name the cues ("may", "is linked to", "reduces"); the encoder reads
how they combine in a sentence (scope, what a modal governs, reported speech), which is
where the feature model errs. It is all-MiniLM-L6-v2 fine-tuned on the 4 strength levels
(benchmarks/train_claims_encoder.py), exported to ONNX and quantised to int8, so the
install needs onnxruntime and tokenizers, never a deep-learning framework, and nothing is
downloaded at run time. The session is built once per process, on the first sentence
that needs it (the feature model settles most alone, claim_model.py), on one thread:
the speed target is sentences per second on one core, and a tracker running beside
other work should not take every core for a diff.

Where the time goes (benchmarks/claims_pairwise.py, CPU time on one core): three
quarters of it in the int8 matrix products of the six layers, about 22 ms for a
32-token sentence here; fp32, fused attention, batching sorted by length and other
quantisation variants all cost within 10% of it. The weights sit in
claim_encoder.onnx.data beside the graph, which onnxruntime maps from the file rather
than copying: only the rows of the 30,522-word embedding table a text uses are read.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tracker.errors import TrackerError
from tracker.memo import once

ENCODER_SCHEMA = "tracker.claim-encoder/1"
MODEL_FILE = "claim_encoder.onnx"
WEIGHTS_FILE = "claim_encoder.onnx.data"  # the graph's weights, named inside MODEL_FILE
TOKENIZER_FILE = "claim_encoder_tokenizer.json"
CONFIG_FILE = "claim_encoder.json"

_lock = threading.Lock()
_loaded: ClaimEncoder | None = None


@dataclass(frozen=True, slots=True)
class EncoderConfig:
    classes: tuple[int, ...]
    max_len: int
    encoder_weight: float  # the encoder's share of the ensemble with the feature model
    encoder_temperature: float  # its logits are divided by this before the average
    # the feature model settles a sentence alone when its top level is at least this
    # probable (None: only sentences naming no relation, claim_model.settled_by_features)
    settle_at: float | None = None
    # how much likelier than independent readings "the same level" is for two sentences
    # of one claim (claim_model.compare_levels): their readings err together
    same_weight: float = 1.0

    @classmethod
    def read(cls, config: dict[str, Any]) -> EncoderConfig:
        """The settings of a claim_encoder.json, checked."""
        if config.get("schema") != ENCODER_SCHEMA:
            raise TrackerError(
                f"claim encoder config has schema {config.get('schema')!r}, not {ENCODER_SCHEMA}"
            )
        try:
            settle_at = config.get("settle_at")
            read = cls(
                classes=tuple(int(c) for c in config["classes"]),
                max_len=int(config["max_len"]),
                encoder_weight=float(config["encoder_weight"]),
                encoder_temperature=float(config.get("encoder_temperature", 1.0)),
                settle_at=None if settle_at is None else float(settle_at),
                same_weight=float(config.get("same_weight", 1.0)),
            )
            if not (0.0 <= read.encoder_weight <= 1.0 and read.encoder_temperature > 0):
                raise ValueError("encoder_weight must lie in 0..1 and encoder_temperature above 0")
            if read.same_weight <= 0:
                raise ValueError("same_weight must be above 0")
        except (KeyError, TypeError, ValueError) as error:
            raise TrackerError(f"the claim encoder could not be loaded: {error}") from error
        return read


class ClaimEncoder:
    """An ONNX session and its tokenizer; logits for a batch of sentences."""

    def __init__(self, model: bytes | str, tokenizer_json: str, config: dict[str, Any]) -> None:
        """``model``: the ONNX file's path (its weights file beside it), or the bytes of a
        model that holds its own weights."""
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as error:
            raise TrackerError(
                f"the claim encoder needs onnxruntime and tokenizers: {error}"
            ) from error
        self.config = EncoderConfig.read(config)
        try:
            self._tokenizer = Tokenizer.from_str(tokenizer_json)
            self._tokenizer.enable_truncation(max_length=self.config.max_len)
            self._tokenizer.no_padding()
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            self._session = onnxruntime.InferenceSession(
                model, options, providers=["CPUExecutionProvider"]
            )
        except (KeyError, TypeError, ValueError) as error:
            raise TrackerError(f"the claim encoder could not be loaded: {error}") from error
        except Exception as error:  # onnxruntime raises its own unexported exception types
            raise TrackerError(
                f"the claim encoder model is unreadable: {str(error).splitlines()[0][:200]}"
            ) from error

    def logits(self, texts: Sequence[str]) -> list[list[float]]:
        """One row of level scores per sentence, in order.

        Each sentence runs on its own, unpadded: the cost is the matrix products over
        its tokens, which batching does not share (measured in CPU time: batches of 8
        or 32 sorted by length and padded to the longest cost within 5% of one by
        one), and a sentence's answer cannot depend on which others came with it.
        """
        import numpy as np

        rows: list[list[float]] = []
        for text in texts:
            encoded = self._tokenizer.encode(text if text.strip() else ".")
            ids = np.array([encoded.ids], dtype=np.int64)
            mask = np.ones_like(ids)
            try:
                (out,) = self._session.run(["logits"], {"input_ids": ids, "attention_mask": mask})
            except Exception as error:  # onnxruntime's own error types are not exported
                raise TrackerError(
                    f"the claim encoder failed: {str(error).splitlines()[0][:200]}"
                ) from error
            rows.append([float(v) for v in out[0]])
        return rows


def _read(name: str) -> bytes:
    try:
        return resources.files("tracker.assets.models").joinpath(name).read_bytes()
    except OSError as error:
        raise TrackerError(
            f"the claim encoder file {name} is missing from the install "
            f"(reinstall tracker): {error.strerror or error}"
        ) from error


def _read_config() -> dict[str, Any]:
    try:
        return json.loads(_read(CONFIG_FILE))
    except (ValueError, UnicodeDecodeError) as error:
        raise TrackerError(f"the claim encoder files are corrupt: {error}") from error


@once()
def encoder_config() -> EncoderConfig:
    """The shipped encoder's settings, read without loading the model: whether a
    sentence needs the encoder at all is decided before the model is loaded."""
    return EncoderConfig.read(_read_config())


def load_encoder() -> ClaimEncoder:
    """The shipped encoder, built on first use and shared by every caller after."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                config = _read_config()
                try:
                    tokenizer = _read(TOKENIZER_FILE).decode("utf-8")
                except UnicodeDecodeError as error:
                    raise TrackerError(f"the claim encoder files are corrupt: {error}") from error
                folder = resources.files("tracker.assets.models")
                for name in (MODEL_FILE, WEIGHTS_FILE):
                    if not folder.joinpath(name).is_file():
                        raise TrackerError(
                            f"the claim encoder file {name} is missing from the install "
                            "(reinstall tracker)"
                        )
                # a path, not bytes: onnxruntime then maps the weights file beside it
                with resources.as_file(folder.joinpath(MODEL_FILE)) as path:
                    _loaded = ClaimEncoder(str(path), tokenizer, config)
    return _loaded
