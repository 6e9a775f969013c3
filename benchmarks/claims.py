"""Claim strength: accuracy, macro-F1 and speed of the assessor against named baselines.

    .venv/bin/python benchmarks/claims.py /work/shared/data/claims/press-release-sentences.csv

Every trained system is scored by stratified k-fold cross-validation: each fold's
model is trained on the other folds with the same code as the shipped model and scored
on sentences it never saw. The linear feature model is refitted here per fold
(benchmarks/train_claims.py). The encoder needs torch to train, so its held-out logits
come from benchmarks/results/claim_encoder_cv.json, written by
`train_claims_encoder.py --cv` on the same folds: each fold's encoder was trained
without that fold, exported to int8 ONNX and run through the package's own inference
code, and the fold's ensemble weight was chosen on an inner split of its training
part; the shipped `settle_at` (the feature model's confidence that skips the encoder)
was chosen no lower than these same folds allow (choose_settle_at.py), which makes the
ensemble's figure here slightly optimistic. The shipped models are trained on the whole file, so
their in-sample score is printed only as a sanity check. Speed is sentences per second
of the full assess() on one core (over a list, as `tracker claims --lines` runs it,
and one call per sentence, as a diff runs it), timed in the same run as the baselines.
The lexicon rules were written while reading this file, so that line is not a held-out
figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
if hasattr(os, "sched_setaffinity"):  # "sentences/s on one core": pin this process to one
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from train_claims import fit, load

from tracker.comparison.claim_encoder import encoder_config, load_encoder
from tracker.comparison.claim_features import features, read_cues, rule_strength
from tracker.comparison.claim_model import (
    ClaimModel,
    combine,
    load_model,
    predict_strength,
    settled_by_features,
)
from tracker.comparison.claims import assess, assess_many
from tracker.memo import forget_all

ENCODER_CV = Path(__file__).resolve().parent / "results" / "claim_encoder_cv.json"

_KEYWORD_CAUSAL = re.compile(
    r"\b(?:cause[sd]?|increase[sd]?|reduce[sd]?|decrease[sd]?|lead[s]? to|improve[sd]?"
    r"|prevent[s]?)\b"
)
_KEYWORD_ASSOC = re.compile(r"\b(?:associated|linked|correlated|related|association|link)\b")
_KEYWORD_MODAL = re.compile(r"\b(?:may|might|could|can)\b")


def keyword_rules(text: str) -> int:
    """The few-keyword baseline of the literature: modal+causal, causal, association, none."""
    lowered = text.lower()
    causal = _KEYWORD_CAUSAL.search(lowered)
    if causal and _KEYWORD_MODAL.search(lowered):
        return 2
    if causal:
        return 3
    if _KEYWORD_ASSOC.search(lowered):
        return 1
    return 0


def lexicon_rules(text: str) -> int:
    return rule_strength(read_cues(text))


def scores(gold: list[int], predicted: list[int]) -> tuple[float, float]:
    return accuracy_score(gold, predicted), f1_score(gold, predicted, average="macro")


def per_second(function: Callable[[str], object], texts: list[str], rounds: int = 1) -> float:
    """Sentences per second, every round cold: the assessor remembers texts it has read."""
    elapsed = 0.0
    for _ in range(rounds):
        forget_all()
        start = time.perf_counter()
        for text in texts:
            function(text)
        elapsed += time.perf_counter() - start
    return rounds * len(texts) / elapsed


def encoder_folds(path: Path, csv_path: Path, folds: int, seed: int) -> dict[str, dict]:
    """The encoder's held-out logits, refused unless made on this file with these folds."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    digest = hashlib.sha256(csv_path.read_bytes()).hexdigest()
    if saved["csv_sha256"] != digest or saved["folds_total"] != folds or saved["seed"] != seed:
        raise SystemExit(f"{path} was made on another file or other folds: rerun --cv")
    if len(saved["folds"]) != folds:
        raise SystemExit(f"{path} holds {len(saved['folds'])} of {folds} folds: rerun --cv")
    # an encoder's folds are trained with its own settings: say which, so a file left
    # from another encoder than the shipped one is not read as the shipped one's figure
    print(f"encoder folds trained with {saved['settings']} (layers: 6 unless named)")
    return saved["folds"]


def cross_validate(
    texts: list[str], labels: list[int], folds: int, seed: int, encoder: dict[str, dict]
) -> dict[str, list]:
    """Held-out predictions of every trained system, fold by fold."""
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    held: dict[str, list] = {name: [0] * len(texts) for name in ("ours", "tfidf", "enc", "ens")}
    settle_at = encoder_config().settle_at
    for k, (train, test) in enumerate(splitter.split(texts, labels)):
        saved = encoder[str(k)]
        if saved["test"] != [int(i) for i in test]:
            raise SystemExit(f"fold {k} of the encoder file is not this fold: rerun --cv")
        train_texts = [texts[i] for i in train]
        train_labels = [labels[i] for i in train]
        shipped_form = ClaimModel(fit(train_texts, train_labels, "fold"))
        for i, logits in zip(test, saved["encoder_logits"], strict=True):
            linear = shipped_form.scores(features(texts[i]))
            held["ours"][i] = shipped_form.classes[max(range(4), key=linear.__getitem__)]
            held["enc"][i] = max(range(4), key=logits.__getitem__)
            if settled_by_features(linear, read_cues(texts[i]), settle_at):  # as shipped
                held["ens"][i] = held["ours"][i]  # the feature model's level, whichever
            else:
                held["ens"][i] = shipped_form.classes[
                    combine(logits, linear, saved["weight"], saved.get("temperature", 1.0))
                ]
        baseline_vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        baseline = LogisticRegression(max_iter=3000, C=10.0, class_weight="balanced")
        baseline.fit(baseline_vec.fit_transform(train_texts), train_labels)
        predicted = baseline.predict(baseline_vec.transform([texts[i] for i in test]))
        for i, label in zip(test, predicted, strict=True):
            held["tfidf"][i] = int(label)
    return held


def list_per_second(texts: list[str]) -> float:
    forget_all()
    start = time.perf_counter()
    assess_many(texts)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "csv", type=Path, help="press-release-sentences.csv (sentId,sentence,label)"
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--encoder-cv", type=Path, default=ENCODER_CV, help="from train_claims_encoder.py --cv"
    )
    args = parser.parse_args()

    texts, labels = load(args.csv)
    print(f"{len(texts)} sentences, labels 0/1/2/3 = {[labels.count(k) for k in range(4)]}")
    encoder = encoder_folds(args.encoder_cv, args.csv, args.folds, args.seed)
    held_out = cross_validate(texts, labels, args.folds, args.seed, encoder)

    tfidf_vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    tfidf_model = LogisticRegression(max_iter=3000, C=10.0, class_weight="balanced")
    tfidf_model.fit(tfidf_vec.fit_transform(texts), labels)
    load_model()
    load_encoder()
    sample = texts[:1000]
    cv = f"{args.folds}-fold CV"

    rows = [
        (
            "keyword rules (5 keyword groups)",
            [keyword_rules(t) for t in texts],
            per_second(keyword_rules, sample),
            "no training",
        ),
        (
            "lexicon rules (claim_features, no model)",
            [lexicon_rules(t) for t in texts],
            per_second(lexicon_rules, sample),
            "tuned reading this file",
        ),
        (
            "TF-IDF 1-2 grams + logistic regression",
            held_out["tfidf"],
            per_second(lambda t: tfidf_model.predict(tfidf_vec.transform([t])), sample[:300]),
            cv,
        ),
        (
            "linear feature model, strength only",
            held_out["ours"],
            per_second(predict_strength, sample),
            cv,
        ),
        ("int8 MiniLM encoder alone", held_out["enc"], None, cv + ", 80% of each train part"),
        (
            "tracker assess(), one call per sentence",
            held_out["ens"],
            per_second(assess, sample[:300]),
            cv + " (shipped ensemble)",
        ),
        (
            "tracker assess_many() over the list",
            held_out["ens"],
            list_per_second(sample),
            cv + " (shipped ensemble)",
        ),
    ]
    print(f"\n{'system':44} {'accuracy':>8} {'macro-F1':>8} {'sent/s':>9}  scored on")
    for name, predicted, speed, how in rows:
        accuracy, macro = scores(labels, predicted)
        shown = f"{speed:9.0f}" if speed is not None else f"{'-':>9}"
        print(f"{name:44} {accuracy:8.3f} {macro:8.3f} {shown}  {how}")

    print("\nheld-out F1 per level (0 / 1 / 2 / 3) and macro-F1 per fold:")
    splitter = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
    test_folds = [test for _, test in splitter.split(texts, labels)]
    for name, key in (("linear", "ours"), ("encoder", "enc"), ("ensemble", "ens")):
        per_level = f1_score(labels, held_out[key], average=None)
        per_fold = [
            f1_score([labels[i] for i in test], [held_out[key][i] for i in test], average="macro")
            for test in test_folds
        ]
        print(
            f"  {name:9} levels {' / '.join(f'{v:.3f}' for v in per_level)}   "
            f"folds {' '.join(f'{v:.3f}' for v in per_fold)}"
        )
    print(
        "  encoder weight / temperature chosen per fold on inner validation: "
        + ", ".join(
            f"{encoder[str(k)]['weight']}/{encoder[str(k)].get('temperature', 1.0)}"
            for k in range(args.folds)
        )
    )

    shipped = [a.strength for a in assess_many(texts)]
    accuracy, macro = scores(labels, shipped)
    print(
        f"\nshipped ensemble on its own training file (not a held-out figure): "
        f"accuracy {accuracy:.3f}, macro-F1 {macro:.3f}"
    )
    single, listed, linear_speed = rows[5][2], rows[6][2], rows[3][2]
    _, held_macro = scores(labels, held_out["ens"])
    print(
        f"target: macro-F1 >= 0.80 at >= 200 sentences/s on one core; held-out {held_macro:.3f}; "
        f"assess() {single:.0f}/s one by one, {listed:.0f}/s over a list, "
        f"{listed / linear_speed:.2f}x the linear model's {linear_speed:.0f}/s"
    )


if __name__ == "__main__":
    main()
