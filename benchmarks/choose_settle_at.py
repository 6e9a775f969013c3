"""Choose how sure the feature model must be to settle a sentence without the encoder.

    .venv/bin/python benchmarks/choose_settle_at.py \\
        /work/shared/data/claims/press-release-sentences.csv [--write]

The encoder costs some 30 times the feature model per sentence (claims_pairwise.py
prints both), so the ensemble asks it only where the feature model is unsure: a
sentence whose top level the feature model gives at least `settle_at` keeps the
feature model's answer (claim_model.settled_by_features). The choice is made on the
press-release file's 5 folds only (the same folds and held-out encoder logits as
benchmarks/claims.py, from results/claim_encoder_cv.json; each fold's feature model
refitted without it), never on InSciOut, whose figures claims_pairwise.py reports:
the lowest `settle_at` whose cross-validated macro-F1 is within TOLERANCE of asking
the encoder about every sentence that names a relation. `--write` stores it in the
shipped tracker/assets/models/claim_encoder.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from claims import ENCODER_CV, encoder_folds
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from train_claims import fit, load

from tracker.comparison.claim_encoder import CONFIG_FILE
from tracker.comparison.claim_features import features, read_cues
from tracker.comparison.claim_model import ClaimModel, mix, settled_by_features, softmax

CONFIG = Path(__file__).resolve().parent.parent / "tracker" / "assets" / "models" / CONFIG_FILE
TOLERANCE = 0.01  # macro-F1 given up for speed, set before looking at any figure
CANDIDATES = [round(0.5 + 0.01 * k, 2) for k in range(50)]


def held_out_rows(texts: list[str], labels: list[int], folds: dict[str, dict], seed: int) -> list:
    """(gold, feature scores, cues, encoder logits, weight, temperature) of every sentence,
    in the file's order, each read by models trained without its fold."""
    splitter = StratifiedKFold(n_splits=len(folds), shuffle=True, random_state=seed)
    rows: list = [None] * len(texts)
    for k, (train, test) in enumerate(splitter.split(texts, labels)):
        saved = folds[str(k)]
        linear = ClaimModel(fit([texts[i] for i in train], [labels[i] for i in train], "fold"))
        for i, logits in zip(test, saved["encoder_logits"], strict=True):
            cues = read_cues(texts[i])
            weight, temperature = saved["weight"], saved.get("temperature", 1.0)
            rows[i] = (
                labels[i],
                linear.scores(features(texts[i], cues)),
                cues,
                logits,
                weight,
                temperature,
            )
    return rows


def scored(rows: list, settle_at: float | None) -> tuple[float, float]:
    """The share of sentences that ask the encoder, and the ensemble's macro-F1."""
    gold, predicted, asked = [], [], 0
    for label, scores, cues, logits, weight, temperature in rows:
        if settled_by_features(scores, cues, settle_at):
            chances = softmax(scores)
        else:
            asked += 1
            chances = mix(logits, scores, weight, temperature)
        gold.append(label)
        predicted.append(max(range(len(chances)), key=chances.__getitem__))
    return asked / len(rows), float(f1_score(gold, predicted, average="macro"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="press-release-sentences.csv")
    parser.add_argument("--encoder-cv", type=Path, default=ENCODER_CV)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--write", action="store_true", help="store the choice in the config")
    args = parser.parse_args()

    texts, labels = load(args.csv)
    rows = held_out_rows(
        texts, labels, encoder_folds(args.encoder_cv, args.csv, args.folds, args.seed), args.seed
    )
    share, full = scored(rows, None)
    print(f"every sentence naming a relation asks the encoder: {share:.3f} asked, F1 {full:.3f}")
    chosen = None
    for settle_at in CANDIDATES:
        share, macro = scored(rows, settle_at)
        print(f"  settle_at {settle_at:.2f}: {share:.3f} asked, macro-F1 {macro:.3f}")
        if chosen is None and macro >= full - TOLERANCE:
            chosen = settle_at
    print(f"chosen: settle_at {chosen} (the lowest within {TOLERANCE} of {full:.3f})")
    if args.write and chosen is not None:
        config = json.loads(CONFIG.read_text(encoding="utf-8"))
        config["settle_at"] = chosen
        CONFIG.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CONFIG}")


if __name__ == "__main__":
    main()
