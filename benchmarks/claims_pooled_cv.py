"""Does pooling InSciOut's sentences into the feature model read another source better?

    D=/work/shared/data/claims
    .venv/bin/python benchmarks/claims_pooled_cv.py $D/press-release-sentences.csv \\
        $D/insciout-train.jsonl [--repeats N]

Grouped cross-validation on InSciOut: its 100 pairs are split into k folds (both
sentences of a pair always in the same fold, so no paper's conclusion is scored by a
model that read its own press release). For each fold two feature models are fitted
(benchmarks/train_claims.py's `fit`): on the press-release file alone, as shipped, and
pooled, on the press-release file and the other folds' pairs. Each scores the held-out
fold's sentences as the package runs them: the shipped encoder (trained on the
press-release file only, so it never saw InSciOut) and its config's weight,
temperature and `settle_at`. Printed: macro-F1 per fold and over all held-out
sentences (mean over repeats of the fold split), the abstracts' and releases' halves,
the pairs compared as the package compares them (claim_model.compare_levels), and how
many sentences reach the encoder (the speed of assess_many follows that count).

In-domain check: the press-release file's 5 folds of benchmarks/claims.py (same seed),
each fold's feature model fitted on the other folds alone and pooled with all of
InSciOut, scored with that fold's held-out encoder logits and weight from
benchmarks/results/claim_encoder_cv.json, as claims.py scores the shipped ensemble.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections.abc import Sequence
from pathlib import Path

from claims import ENCODER_CV, encoder_folds
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold, StratifiedKFold
from train_claims import fit, load, load_pairs

from tracker.comparison.claim_encoder import encoder_config, load_encoder
from tracker.comparison.claim_features import features, read_cues
from tracker.comparison.claim_model import (
    ClaimModel,
    compare_levels,
    mix,
    settled_by_features,
    softmax,
)

LABELS = ("exaggerates", "downplays", "same")
VERDICT = {1: "exaggerates", -1: "downplays", 0: "same"}


def read(
    model: ClaimModel,
    texts: Sequence[str],
    logits: Sequence[Sequence[float]],
    weight: float,
    temperature: float,
    settle_at: float | None,
) -> tuple[list[list[float]], int]:
    """Each sentence's level probabilities as the package combines them; how many asked."""
    chances, asked = [], 0
    for text, row in zip(texts, logits, strict=True):
        cues = read_cues(text)
        scores = model.scores(features(text, cues))
        if settled_by_features(scores, cues, settle_at):
            chances.append(softmax(scores))
        else:
            chances.append(mix(row, scores, weight, temperature))
            asked += 1
    return chances, asked


def level(chances: Sequence[float]) -> int:
    return max(range(len(chances)), key=chances.__getitem__)


def insciout_cv(
    press: tuple[list[str], list[int]],
    insciout: tuple[list[str], list[int]],
    pairs: list[dict],
    folds: int,
    repeats: int,
    pool_weights: Sequence[float],
) -> None:
    """Grouped k-fold CV over InSciOut's pairs, press-release-only against pooled."""
    config = encoder_config()
    count = len(pairs)
    texts, gold = insciout  # abstracts first, then releases: i and i + count are one pair
    logits = load_encoder().logits(texts)
    shipped = ClaimModel(fit(*press, "press releases"))
    gold_pairs = [pair["exaggeration_label"] for pair in pairs]
    names = ("press releases only", *(f"pooled, weight {w:g}" for w in pool_weights))
    overall: dict[str, list[list[float]]] = {name: [] for name in names}
    for repeat in range(repeats):
        held: dict[str, list[list[float]]] = {name: [[]] * len(texts) for name in names}
        asked = dict.fromkeys(names, 0)
        per_fold: dict[str, list[float]] = {name: [] for name in names}
        splitter = KFold(n_splits=folds, shuffle=True, random_state=13 + repeat)
        for train, test in splitter.split(range(count)):
            train_rows = [*train, *(i + count for i in train)]
            test_rows = [*test, *(i + count for i in test)]
            pooled = [
                ClaimModel(
                    fit(
                        press[0] + [texts[i] for i in train_rows],
                        press[1] + [gold[i] for i in train_rows],
                        "pooled",
                        [1.0] * len(press[0]) + [w] * len(train_rows),
                    )
                )
                for w in pool_weights
            ]
            for name, model in zip(names, (shipped, *pooled), strict=True):
                chances, sent = read(
                    model,
                    [texts[i] for i in test_rows],
                    [logits[i] for i in test_rows],
                    config.encoder_weight,
                    config.encoder_temperature,
                    config.settle_at,
                )
                asked[name] += sent
                for i, row in zip(test_rows, chances, strict=True):
                    held[name][i] = row
                per_fold[name].append(
                    f1_score(
                        [gold[i] for i in test_rows],
                        [level(row) for row in chances],
                        average="macro",
                    )
                )
        print(f" repeat {repeat} (fold split seed {13 + repeat}):")
        for name in names:
            predicted = [level(row) for row in held[name]]
            macro = f1_score(gold, predicted, average="macro")
            half = f1_score(gold[:count], predicted[:count], average="macro")
            other = f1_score(gold[count:], predicted[count:], average="macro")
            compared = [
                VERDICT[compare_levels(held[name][i], held[name][i + count])] for i in range(count)
            ]
            pairwise = f1_score(gold_pairs, compared, average="macro", labels=LABELS)
            overall[name].append([macro, half, other, pairwise, asked[name]])
            print(
                f"  {name:22} macro-F1 {macro:.3f} (abstracts {half:.3f}, releases {other:.3f})"
                f"  pairs {pairwise:.3f}  asked the encoder {asked[name]}/{len(texts)}"
                f"  folds {' '.join(f'{v:.3f}' for v in per_fold[name])}"
            )
    print(f" mean over {repeats} repeat(s):")
    for name in names:
        means = [statistics.mean(column) for column in zip(*overall[name], strict=True)]
        print(
            f"  {name:22} macro-F1 {means[0]:.3f} (abstracts {means[1]:.3f}, releases"
            f" {means[2]:.3f})  pairs {means[3]:.3f}  asked {means[4]:.0f}"
        )


def press_release_cv(
    csv_path: Path, insciout: tuple[list[str], list[int]], pool_weights: Sequence[float]
) -> None:
    """claims.py's in-domain folds, each fold's feature model alone and pooled with InSciOut."""
    texts, labels = load(csv_path)
    encoder = encoder_folds(ENCODER_CV, csv_path, 5, 13)
    settle_at = encoder_config().settle_at
    splitter = StratifiedKFold(n_splits=5, shuffle=True, random_state=13)
    names = ("press releases only", *(f"pooled, weight {w:g}" for w in pool_weights))
    held = {name: [0] * len(texts) for name in names}
    per_fold: dict[str, list[float]] = {name: [] for name in names}
    for k, (train, test) in enumerate(splitter.split(texts, labels)):
        saved = encoder[str(k)]
        train_texts = [texts[i] for i in train]
        train_labels = [labels[i] for i in train]
        models = [ClaimModel(fit(train_texts, train_labels, "fold"))] + [
            ClaimModel(
                fit(
                    train_texts + insciout[0],
                    train_labels + insciout[1],
                    "fold",
                    [1.0] * len(train_texts) + [w] * len(insciout[0]),
                )
            )
            for w in pool_weights
        ]
        for name, model in zip(names, models, strict=True):
            chances, _ = read(
                model,
                [texts[i] for i in test],
                saved["encoder_logits"],
                saved["weight"],
                saved.get("temperature", 1.0),
                settle_at,
            )
            for i, row in zip(test, chances, strict=True):
                held[name][i] = level(row)
            per_fold[name].append(
                f1_score([labels[i] for i in test], [held[name][i] for i in test], average="macro")
            )
    for name in names:
        macro = f1_score(labels, held[name], average="macro")
        print(
            f"  {name:22} macro-F1 {macro:.3f}"
            f"  folds {' '.join(f'{v:.3f}' for v in per_fold[name])}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="press-release-sentences.csv")
    parser.add_argument("pairs", type=Path, help="insciout-train.jsonl")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3, help="fold splits, each seeded apart")
    parser.add_argument(
        "--pool-weights",
        type=float,
        nargs="+",
        default=[1.0],
        help="how many times each pooled InSciOut sentence counts, one pooled model each",
    )
    args = parser.parse_args()
    press = load(args.csv)
    pairs = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines()]
    print(f"InSciOut, {args.folds} folds by pair, scored as the package runs (shipped encoder):")
    insciout = load_pairs(args.pairs)
    insciout_cv(press, insciout, pairs, args.folds, args.repeats, args.pool_weights)
    print("press releases, claims.py's 5 folds (held-out encoder logits per fold):")
    press_release_cv(args.csv, insciout, args.pool_weights)


if __name__ == "__main__":
    main()
