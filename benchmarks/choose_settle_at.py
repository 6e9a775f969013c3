"""Choose how sure the feature model must be to settle a sentence without the encoder.

    D=/work/shared/data/claims
    .venv/bin/python benchmarks/choose_settle_at.py $D/press-release-sentences.csv \\
        [--speed-on $D/insciout-train.jsonl] [--write]

The encoder costs some 10 to 30 times the feature model per sentence (claims_pairwise.py
prints both), so the ensemble asks it only where the feature model is unsure: a
sentence whose top level the feature model gives at least `settle_at` keeps the
feature model's answer (claim_model.settled_by_features). Macro-F1 is read on the
press-release file's 5 folds only (the same folds and held-out encoder logits as
benchmarks/claims.py, from results/claim_encoder_cv.json; each fold's feature model
refitted without it), never on InSciOut's labels, whose figures claims_pairwise.py
reports.

Without `--speed-on`: the lowest `settle_at` whose cross-validated macro-F1 is within
TOLERANCE of asking the encoder about every sentence that names a relation. That
in-domain tolerance under-reads what settling costs on another source: the feature
model is surer of press releases than of text it never saw (on InSciOut it settled
sentences the encoder reads better, 0.01 given up on the folds was 0.013 there and
0.03 on the abstracts' half), while on both sources macro-F1 rises as more sentences
ask the encoder. So with `--speed-on FILE` (InSciOut's sentences, their text only: no
label is read) the encoder gets the whole speed budget instead: the highest candidate
at which assess_many() still reads TARGET_RATE sentences/s with MARGIN to spare on one
core, estimated from the share of FILE's sentences that ask the encoder and the
measured CPU cost of the feature path and of the encoder per sentence (a sentence
that asks costs both). `--write` stores the choice in the shipped
tracker/assets/models/claim_encoder.json; run choose_pair_rule.py --write after it, since
the `same_weight` it chooses is read from probabilities the settled sentences help make.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from unittest import mock

from claims import ENCODER_CV, encoder_folds  # pins this process to one core
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from train_claims import fit, load, load_pairs

from tracker.comparison import claim_model
from tracker.comparison.claim_encoder import CONFIG_FILE, encoder_config, load_encoder
from tracker.comparison.claim_features import features, read_cues
from tracker.comparison.claim_model import (
    ClaimModel,
    load_model,
    mix,
    settled_by_features,
    softmax,
)
from tracker.comparison.claims import assess_many
from tracker.memo import forget_all

CONFIG = Path(__file__).resolve().parent.parent / "tracker" / "assets" / "models" / CONFIG_FILE
TOLERANCE = 0.01  # macro-F1 given up for speed, set before looking at any figure
CANDIDATES = [round(0.5 + 0.01 * k, 2) for k in range(50)]
TARGET_RATE = 300  # sentences/s of assess_many() on one core that issue 16 asks for
MARGIN = 1.15  # headroom for the timing noise of a shared machine
ROUNDS = 5  # each cost is the least of this many cold runs, the one least disturbed


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


def encoder_shares(texts: list[str]) -> dict[float, float]:
    """The share of ``texts`` that ask the shipped encoder at each candidate."""
    linear = load_model()
    read = [(linear.scores(features(t, c)), c) for t, c in ((t, read_cues(t)) for t in texts)]
    return {
        settle_at: sum(not settled_by_features(s, c, settle_at) for s, c in read) / len(texts)
        for settle_at in CANDIDATES
    }


def least_ms(run: Callable[[], object], count: int) -> float:
    """CPU ms per sentence of the fastest of ROUNDS runs, each with nothing remembered."""
    spent = []
    for _ in range(ROUNDS):
        forget_all()
        start = time.process_time()
        run()
        spent.append(time.process_time() - start)
    return 1000 * min(spent) / count


def costs(texts: list[str]) -> tuple[float, float]:
    """CPU ms per sentence on one core: assess_many() with every sentence settled by the
    feature model (settle_at 0), and the shipped encoder alone."""
    encoder = load_encoder()  # loading once is not the assessor's speed
    settled = replace(encoder_config(), settle_at=0.0)

    def feature_path() -> object:
        with mock.patch.object(claim_model, "encoder_config", lambda: settled):
            return assess_many(texts)

    return least_ms(feature_path, len(texts)), least_ms(lambda: encoder.logits(texts), len(texts))


def within_budget(shares: dict[float, float], feature_ms: float, encoder_ms: float) -> list:
    """The candidates whose estimated assess_many() rate keeps TARGET_RATE with MARGIN."""
    budget = 1000 / (TARGET_RATE * MARGIN)
    print(
        f"feature path {feature_ms:.2f} ms/sentence, encoder {encoder_ms:.2f}: {budget:.2f} allowed"
    )
    return [s for s, share in shares.items() if feature_ms + share * encoder_ms <= budget]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="press-release-sentences.csv")
    parser.add_argument("--encoder-cv", type=Path, default=ENCODER_CV)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--speed-on", type=Path, help="insciout-train.jsonl: its sentences' text, never labels"
    )
    parser.add_argument("--write", action="store_true", help="store the choice in the config")
    args = parser.parse_args()

    texts, labels = load(args.csv)
    rows = held_out_rows(
        texts, labels, encoder_folds(args.encoder_cv, args.csv, args.folds, args.seed), args.seed
    )
    shares = encoder_shares(load_pairs(args.speed_on)[0]) if args.speed_on else {}
    share, full = scored(rows, None)
    print(f"every sentence naming a relation asks the encoder: {share:.3f} asked, F1 {full:.3f}")
    chosen = None
    for settle_at in CANDIDATES:
        share, macro = scored(rows, settle_at)
        other = f", {shares[settle_at]:.3f} of {args.speed_on.name} asked" if shares else ""
        print(f"  settle_at {settle_at:.2f}: {share:.3f} asked, macro-F1 {macro:.3f}{other}")
        if chosen is None and macro >= full - TOLERANCE:
            chosen = settle_at
    print(f"the lowest within {TOLERANCE} of {full:.3f}: settle_at {chosen}")
    if args.speed_on:
        fast = within_budget(shares, *costs(load_pairs(args.speed_on)[0]))
        chosen = max([s for s in fast if chosen is None or s >= chosen], default=chosen)
        print(f"the highest keeping {TARGET_RATE}/s with {MARGIN}x to spare: settle_at {chosen}")
    if args.write and chosen is not None:
        config = json.loads(CONFIG.read_text(encoding="utf-8"))
        config["settle_at"] = chosen
        CONFIG.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CONFIG}")


if __name__ == "__main__":
    main()
