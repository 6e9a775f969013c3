"""What the shipped encoder's two cheap speed levers cost in macro-F1, on text it never saw.

    D=/work/shared/data/claims
    .venv/bin/python benchmarks/claims_encoder_budget.py $D/press-release-sentences.csv \\
        $D/insciout-train.jsonl

The encoder's cost is the sentences that reach it (the feature model settles the others
when it is at least `settle_at` sure) times their tokens (cut at `max_len`). For each
pair of the two, on InSciOut's 200 sentences (the shipped models were trained on the
press-release file alone): how many sentences ask the encoder, the ensemble's
macro-F1 as the package combines it (claims_pairwise.ensemble, the feature model
fitted on the press-release file), and the encoder's CPU ms per InSciOut sentence on
one core. A measurement, not a choice: `settle_at` is chosen on the press-release
folds (choose_settle_at.py), never on InSciOut.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from claims_pairwise import ensemble
from sklearn.metrics import f1_score
from train_claims import fit, load, load_pairs

from tracker.comparison import claim_model
from tracker.comparison.claim_encoder import (
    CONFIG_FILE,
    MODEL_FILE,
    TOKENIZER_FILE,
    ClaimEncoder,
    encoder_config,
)
from tracker.comparison.claim_features import features, read_cues
from tracker.comparison.claim_model import ClaimModel, settled_by_features

SETTLE_AT = (None, 0.8, 0.7)  # None: the shipped config's
MAX_LEN = (None, 48, 32)  # None: the shipped config's
MODELS = Path(claim_model.__file__).resolve().parent.parent / "assets" / "models"


def shipped_encoder(max_len: int) -> ClaimEncoder:
    """The shipped encoder with its sentences cut at ``max_len`` tokens."""
    config = json.loads((MODELS / CONFIG_FILE).read_text(encoding="utf-8"))
    tokenizer = (MODELS / TOKENIZER_FILE).read_text(encoding="utf-8")
    return ClaimEncoder(str(MODELS / MODEL_FILE), tokenizer, {**config, "max_len": max_len})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="press-release-sentences.csv")
    parser.add_argument("pairs", type=Path, help="insciout-train.jsonl")
    args = parser.parse_args()
    texts, gold = load_pairs(args.pairs)
    linear = ClaimModel(fit(*load(args.csv), "press releases"))
    config = encoder_config()
    print(
        f"shipped: settle_at {config.settle_at}, max_len {config.max_len}; InSciOut's {len(texts)}"
    )
    print(
        f"{'settle_at':>9} {'max_len':>7} {'asked':>5} {'macro-F1':>8} {'encoder ms/sentence':>20}"
    )
    for settle_at in SETTLE_AT:
        settle_at = config.settle_at if settle_at is None else settle_at
        asked = []
        for text in texts:
            cues = read_cues(text)
            asked.append(
                not settled_by_features(linear.scores(features(text, cues)), cues, settle_at)
            )
        for max_len in MAX_LEN:
            max_len = config.max_len if max_len is None else max_len
            encoder = shipped_encoder(max_len)
            need = [text for text, ask in zip(texts, asked, strict=True) if ask]
            start = time.process_time()
            answers = iter(encoder.logits(need))
            spent = time.process_time() - start
            # a settled sentence's logits are never read: ensemble() settles it again
            logits = [next(answers) if ask else [0.0] * 4 for ask in asked]
            saved = {
                "encoder_logits": logits,
                "weight": config.encoder_weight,
                "temperature": config.encoder_temperature,
                "settle_at": settle_at,
            }
            _, levels, _ = ensemble(texts, linear, saved)
            macro = f1_score(gold, levels, average="macro")
            cost = 1000 * spent / len(texts)
            print(f"{settle_at:>9} {max_len:>7} {sum(asked):>5} {macro:8.3f} {cost:20.2f}")


if __name__ == "__main__":
    main()
