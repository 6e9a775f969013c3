"""Claim strength: accuracy, macro-F1 and speed of the assessor against named baselines.

    .venv/bin/python benchmarks/claims.py /work/shared/data/claims/press-release-sentences.csv

Every trained system is scored by stratified k-fold cross-validation: each fold's
model is trained on the other folds with the same code as the shipped model
(benchmarks/train_claims.py) and scored on sentences it never saw. The shipped
model itself is trained on the whole file, so its in-sample score is printed only
as a sanity check. Speed is sentences per second on one core, all systems timed
in the same run. The lexicon rules were written while reading this file, so the
"lexicon rules" line is not a held-out figure.
"""

from __future__ import annotations

import argparse
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

from tracker.comparison.claim_features import features, read_cues, rule_strength
from tracker.comparison.claim_model import ClaimModel, load_model
from tracker.comparison.claims import assess

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
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            function(text)
    return rounds * len(texts) / (time.perf_counter() - start)


def cross_validate(texts: list[str], labels: list[int], folds: int, seed: int) -> dict[str, list]:
    """Held-out predictions of every trained system, fold by fold."""
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    ours = [0] * len(texts)
    tfidf = [0] * len(texts)
    for train, test in splitter.split(texts, labels):
        train_texts = [texts[i] for i in train]
        train_labels = [labels[i] for i in train]
        shipped_form = ClaimModel(fit(train_texts, train_labels, "fold"))
        for i in test:
            ours[i] = shipped_form.predict(features(texts[i]))
        baseline_vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        baseline = LogisticRegression(max_iter=3000, C=10.0, class_weight="balanced")
        baseline.fit(baseline_vec.fit_transform(train_texts), train_labels)
        predicted = baseline.predict(baseline_vec.transform([texts[i] for i in test]))
        for i, label in zip(test, predicted, strict=True):
            tfidf[i] = int(label)
    return {"ours": ours, "tfidf": tfidf}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "csv", type=Path, help="press-release-sentences.csv (sentId,sentence,label)"
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    texts, labels = load(args.csv)
    print(f"{len(texts)} sentences, labels 0/1/2/3 = {[labels.count(k) for k in range(4)]}")
    held_out = cross_validate(texts, labels, args.folds, args.seed)

    tfidf_vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    tfidf_model = LogisticRegression(max_iter=3000, C=10.0, class_weight="balanced")
    tfidf_model.fit(tfidf_vec.fit_transform(texts), labels)
    load_model()
    sample = texts[:1000]

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
            f"{args.folds}-fold CV",
        ),
        (
            "tracker assess() (shipped linear model)",
            held_out["ours"],
            per_second(assess, sample),
            f"{args.folds}-fold CV",
        ),
    ]
    print(f"\n{'system':44} {'accuracy':>8} {'macro-F1':>8} {'sent/s':>9}  scored on")
    for name, predicted, speed, how in rows:
        accuracy, macro = scores(labels, predicted)
        print(f"{name:44} {accuracy:8.3f} {macro:8.3f} {speed:9.0f}  {how}")

    shipped = [assess(t).strength for t in texts]
    accuracy, macro = scores(labels, shipped)
    print(
        f"\nshipped model on its own training file (not a held-out figure): "
        f"accuracy {accuracy:.3f}, macro-F1 {macro:.3f}"
    )
    per_class = f1_score(labels, held_out["ours"], average=None)
    print("held-out F1 per level: " + ", ".join(f"{k}: {v:.3f}" for k, v in enumerate(per_class)))
    ours_speed = rows[-1][2]
    print(
        f"target: macro-F1 >= 0.80 at >= 200 sentences/s; assess() runs {ours_speed:.0f}/s, "
        f"{ours_speed / rows[2][2]:.1f}x the TF-IDF baseline's per-sentence speed"
    )


if __name__ == "__main__":
    main()
