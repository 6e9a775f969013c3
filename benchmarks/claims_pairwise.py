"""Claim strength on another source than the training data, and which of two sentences claims more.

    .venv/bin/python benchmarks/claims_pairwise.py \\
        /work/shared/data/claims/press-release-sentences.csv \\
        /work/shared/data/claims/insciout-train.jsonl

Strength across sources. The shipped models are trained on the press-release
sentences only, so the InSciOut conclusions are sentences they never saw: the
abstracts' (another source: the papers themselves, another team's annotation on the
same 0-3 scale) and the press releases' (other releases, other annotators). The reverse
direction trains the linear feature model on InSciOut's 200 sentences alone (the
encoder needs torch to train, so only the feature model can be retrained here) and
scores it on the 2,076 press-release sentences.

Pairwise. Each pair is (abstract, press release) with the gold answer `exaggerates`,
`downplays` or `same`: does the release claim more than the paper? Systems, all in
this run:

- keyword rules, compared: the literature's few-keyword rules on both, the sign of
  the difference;
- strengths as predicted, compared (the named baseline): the shipped strength of each
  sentence, the sign of the difference;
- tracker's verdict: ``claim_tags(abstract, release)``, what a change report would tag
  if the paper's sentence were rewritten into the release's (strengthened ->
  exaggerates, weakened -> downplays, neither -> same);
- learned from the pairs: a logistic regression over the differences between the two
  assessments (the ensemble's level probabilities, expected level, certainty, hedges,
  boosters, limitations). Only 100 pairs: it is scored by 5-fold cross-validation
  repeated 10 times with different shuffles, and the mean and spread are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
if hasattr(os, "sched_setaffinity"):  # "sentences/s on one core": pin this process to one
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

from claims import keyword_rules, lexicon_rules
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from train_claims import fit, load

from tracker.comparison.claim_encoder import load_encoder
from tracker.comparison.claim_features import features
from tracker.comparison.claim_model import ClaimModel, load_model, strength_probabilities
from tracker.comparison.claim_tags import claim_tags
from tracker.comparison.claims import ClaimAssessment, assess_many
from tracker.memo import forget_all
from tracker.model import ClaimTag

LABELS = ("exaggerates", "downplays", "same")
REPEATS = 10


def verdict(difference: float) -> str:
    return "exaggerates" if difference > 0 else "downplays" if difference < 0 else "same"


def tag_verdict(abstract: ClaimAssessment, release: ClaimAssessment) -> str:
    tags, _ = claim_tags(abstract, release)
    if ClaimTag.STRENGTHENED in tags:
        return "exaggerates"
    if ClaimTag.WEAKENED in tags:
        return "downplays"
    return "same"


def pair_features(
    abstract: ClaimAssessment,
    release: ClaimAssessment,
    p_abstract: Sequence[float],
    p_release: Sequence[float],
) -> list[float]:
    """How the release's assessment differs from the paper's, as numbers."""
    expected = sum(k * p for k, p in enumerate(p_release)) - sum(
        k * p for k, p in enumerate(p_abstract)
    )
    return [
        *(r - a for r, a in zip(p_release, p_abstract, strict=True)),
        expected,
        release.strength - abstract.strength,
        release.certainty - abstract.certainty,
        len(release.hedges) - len(abstract.hedges),
        len(release.boosters) - len(abstract.boosters),
        len(release.limitations) - len(abstract.limitations),
        float(release.negated) - float(abstract.negated),
    ]


def learned_from_pairs(rows: list[list[float]], gold: list[str]) -> list[float]:
    """Macro-F1 of each repeat of 5-fold cross-validation over the pairs."""
    results = []
    for repeat in range(REPEATS):
        predicted = [""] * len(gold)
        splitter = StratifiedKFold(n_splits=5, shuffle=True, random_state=repeat)
        for train, test in splitter.split(rows, gold):
            model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
            model.fit([rows[i] for i in train], [gold[i] for i in train])
            for i, label in zip(test, model.predict([rows[i] for i in test]), strict=True):
                predicted[i] = str(label)
        results.append(f1_score(gold, predicted, average="macro", labels=LABELS))
    return results


def strength_rows(name: str, gold: list[int], predicted: list[int], how: str) -> str:
    accuracy = accuracy_score(gold, predicted)
    macro = f1_score(gold, predicted, average="macro")
    return f"  {name:46} {accuracy:8.3f} {macro:8.3f}  {how}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="press-release-sentences.csv")
    parser.add_argument("pairs", type=Path, help="insciout-train.jsonl")
    args = parser.parse_args()

    csv_texts, csv_labels = load(args.csv)
    pairs = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines()]
    abstracts = [pair["abstract_conclusion"] for pair in pairs]
    releases = [pair["press_release_conclusion"] for pair in pairs]
    gold_abstract = [int(pair["abstract_strength"]) for pair in pairs]
    gold_release = [int(pair["press_release_strength"]) for pair in pairs]
    gold_pairs = [pair["exaggeration_label"] for pair in pairs]

    load_model()  # loading the models once is not the assessor's speed
    load_encoder()
    forget_all()
    start = time.perf_counter()
    assessed_abstracts = assess_many(abstracts)
    assessed_releases = assess_many(releases)
    speed = 2 * len(pairs) / (time.perf_counter() - start)

    print(f"{len(pairs)} pairs; gold pairs {dict((k, gold_pairs.count(k)) for k in LABELS)}")
    print(f"\nstrength across sources{'':25} {'accuracy':>8} {'macro-F1':>8}")
    for source, texts, gold, assessed in (
        ("InSciOut abstracts", abstracts, gold_abstract, assessed_abstracts),
        ("InSciOut press releases", releases, gold_release, assessed_releases),
    ):
        print(f" {source} ({len(texts)}), trained on the press-release file only:")
        print(strength_rows("keyword rules", gold, [keyword_rules(t) for t in texts], "no data"))
        print(strength_rows("lexicon rules", gold, [lexicon_rules(t) for t in texts], "no data"))
        linear = ClaimModel(json.loads(json.dumps(fit(csv_texts, csv_labels))))
        print(
            strength_rows(
                "linear feature model",
                gold,
                [linear.predict(features(t)) for t in texts],
                "trained on the 2,076 press-release sentences",
            )
        )
        print(
            strength_rows(
                "tracker assess() (shipped ensemble)",
                gold,
                [a.strength for a in assessed],
                "shipped models, trained on the press-release file",
            )
        )
    reverse = ClaimModel(fit(abstracts + releases, gold_abstract + gold_release))
    print(" the reverse: press-release file (2,076), trained on InSciOut's 200 sentences:")
    print(
        strength_rows(
            "linear feature model",
            csv_labels,
            [reverse.predict(features(t)) for t in csv_texts],
            "trained on InSciOut only",
        )
    )
    print(strength_rows("lexicon rules", csv_labels, [lexicon_rules(t) for t in csv_texts], ""))

    p_abstracts = strength_probabilities(abstracts)
    p_releases = strength_probabilities(releases)
    rows = [
        pair_features(a, r, pa, pr)
        for a, r, pa, pr in zip(
            assessed_abstracts, assessed_releases, p_abstracts, p_releases, strict=True
        )
    ]
    systems = [
        (
            "keyword rules, compared",
            [
                verdict(keyword_rules(r) - keyword_rules(a))
                for a, r in zip(abstracts, releases, strict=True)
            ],
        ),
        (
            "strengths as predicted, compared (baseline)",
            [
                verdict(r.strength - a.strength)
                for a, r in zip(assessed_abstracts, assessed_releases, strict=True)
            ],
        ),
        (
            "tracker's verdict (claim_tags)",
            [tag_verdict(a, r) for a, r in zip(assessed_abstracts, assessed_releases, strict=True)],
        ),
    ]
    print(f"\npairwise: does the release claim more?{'':9} {'accuracy':>8} {'macro-F1':>8}")
    for name, predicted in systems:
        accuracy = accuracy_score(gold_pairs, predicted)
        macro = f1_score(gold_pairs, predicted, average="macro", labels=LABELS)
        print(f"  {name:46} {accuracy:8.3f} {macro:8.3f}")
    learned = learned_from_pairs(rows, gold_pairs)
    print(
        f"  {'learned from the 100 pairs':46} {'':>8} {statistics.mean(learned):8.3f}"
        f"  5-fold CV x {REPEATS}, sd {statistics.stdev(learned):.3f},"
        f" range {min(learned):.3f}-{max(learned):.3f}"
    )
    forget_all()
    start = time.perf_counter()
    for text in abstracts + releases:
        linear.predict(features(text))
    baseline = 2 * len(pairs) / (time.perf_counter() - start)
    print(
        f"\nassess_many(): {speed:.0f} sentences/s on one core (these 200 sentences, nothing"
        f" remembered); the linear feature model alone: {baseline:.0f}/s"
    )


if __name__ == "__main__":
    main()
