"""Choose, on the press-release file only, how two sentences' strengths decide "claims more".

    D=/work/shared/data/claims
    .venv/bin/python benchmarks/choose_pair_rule.py $D/press-release-sentences.csv \\
        [--pairs $D/insciout-train.jsonl] [--write]

A change report tags a rewritten claim `strengthened` or `weakened` by comparing the
two sentences' strengths (claim_tags.stronger), and claims_pairwise.py asks the same
of a press release and its paper. The package reads the answer from both sentences'
level probabilities (claim_model.compare_levels): more, less or the same, whichever is
likeliest if the two readings were independent, "the same" weighted by `same_weight`
(two sentences of one claim are read with errors in common). The weight is chosen
here on pairs the press-release file itself holds, never on InSciOut: every two
sentences of one release (its title and its body sentences: the title often says more
than the body, as a release says more than its paper), gold "more/less/same" from
their two labels, each sentence read as the package reads it (the ensemble with
`settle_at`) by models that never saw its fold (the same folds and held-out encoder
logits as choose_settle_at.py). The weight with the best macro-F1 among WEIGHTS is
chosen; levels compared and expected levels compared at each margin in MARGINS are
printed beside it as the rules it is measured against. `--pairs` then scores the chosen
weight and levels compared once on InSciOut's pairs, read by the shipped models
(trained on the press-release file alone): held out. `--write` stores the weight in
tracker/assets/models/claim_encoder.json.
"""

from __future__ import annotations

import argparse
import csv
import json
from itertools import combinations
from pathlib import Path

from choose_settle_at import CONFIG, held_out_rows
from claims import ENCODER_CV, encoder_folds
from sklearn.metrics import f1_score
from train_claims import load

from tracker.comparison.claim_encoder import encoder_config
from tracker.comparison.claim_model import (
    compare_levels,
    mix,
    settled_by_features,
    softmax,
    strength_probabilities,
)

MARGINS = [round(0.05 * k, 2) for k in range(1, 21)]
WEIGHTS = [round(1 + 0.05 * k, 2) for k in range(41)]  # 1 (independent readings) to 3
LABELS = ("more", "less", "same")
# ("levels", None), ("expected", margin) or ("likeliest", same_weight): the package's rule
Rule = tuple[str, float | None]


def answer(difference: float) -> str:
    return "more" if difference > 0 else "less" if difference < 0 else "same"


def level(chances: list[float]) -> int:
    return max(range(len(chances)), key=chances.__getitem__)


def expected(chances: list[float]) -> float:
    return sum(k * p for k, p in enumerate(chances))


def decide(rule: Rule, first: list[float], second: list[float]) -> str:
    """Does the second sentence claim more than the first?"""
    kind, setting = rule
    if kind == "levels":
        return answer(level(second) - level(first))
    assert setting is not None
    if kind == "likeliest":
        return answer(compare_levels(first, second, setting))
    difference = expected(second) - expected(first)
    return answer(difference if abs(difference) >= setting else 0.0)


def name(rule: Rule) -> str:
    kind, setting = rule
    if kind == "levels":
        return "levels compared"
    if kind == "likeliest":
        return f"likeliest answer, same weight {setting}"
    return f"expected compared, margin {setting}"


def macro(gold: list[str], predicted: list[str]) -> float:
    return float(f1_score(gold, predicted, average="macro", labels=LABELS))


def release_pairs(path: Path) -> list[tuple[int, int]]:
    """Every two sentences of one release ("<paper>-<release>-<n>-title|sentence")."""
    with path.open(newline="", encoding="utf-8") as handle:
        releases = [row["sentId"].rsplit("-", 2)[0] for row in csv.DictReader(handle)]
    by_release: dict[str, list[int]] = {}
    for index, release in enumerate(releases):
        by_release.setdefault(release, []).append(index)
    return [pair for members in by_release.values() for pair in combinations(members, 2)]


def choose(path: Path, folds: int, seed: int) -> Rule:
    texts, labels = load(path)
    settle_at = encoder_config().settle_at
    chances = []
    for _, scores, cues, logits, weight, temperature in held_out_rows(
        texts, labels, encoder_folds(ENCODER_CV, path, folds, seed), seed
    ):
        settled = settled_by_features(scores, cues, settle_at)
        chances.append(softmax(scores) if settled else mix(logits, scores, weight, temperature))
    pairs = release_pairs(path)
    gold = [answer(labels[j] - labels[i]) for i, j in pairs]
    print(
        f"{len(pairs)} pairs within {len({i for pair in pairs for i in pair})} sentences' "
        f"releases, gold {dict((k, gold.count(k)) for k in LABELS)}"
    )
    figures: dict[Rule, float] = {}
    rules: list[Rule] = [("levels", None), *(("expected", m) for m in MARGINS)]
    for rule in rules + [("likeliest", w) for w in WEIGHTS]:
        figures[rule] = macro(gold, [decide(rule, chances[i], chances[j]) for i, j in pairs])
        print(f"  {name(rule):38} macro-F1 {figures[rule]:.3f}")
    chosen = max((rule for rule in figures if rule[0] == "likeliest"), key=figures.__getitem__)
    print(f"chosen: {name(chosen)}")
    return chosen


def held_out(pairs_path: Path, chosen: Rule) -> None:
    pairs = [json.loads(line) for line in pairs_path.read_text(encoding="utf-8").splitlines()]
    count = len(pairs)
    chances = strength_probabilities(
        [p["abstract_conclusion"] for p in pairs] + [p["press_release_conclusion"] for p in pairs]
    )
    translate = {"exaggerates": "more", "downplays": "less", "same": "same"}
    gold = [translate[p["exaggeration_label"]] for p in pairs]
    print(f"InSciOut, {count} pairs read by the shipped models (held out):")
    for rule in [("levels", None), chosen]:
        predicted = [decide(rule, chances[k], chances[count + k]) for k in range(count)]
        print(f"  {name(rule):38} macro-F1 {macro(gold, predicted):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="press-release-sentences.csv")
    parser.add_argument("--pairs", type=Path, help="insciout-train.jsonl, scored after choosing")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--write", action="store_true", help="store the weight in the config")
    args = parser.parse_args()
    chosen = choose(args.csv, args.folds, args.seed)
    if args.write:
        config = json.loads(CONFIG.read_text(encoding="utf-8"))
        config["same_weight"] = chosen[1]
        CONFIG.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CONFIG}")
    if args.pairs:
        held_out(args.pairs, chosen)


if __name__ == "__main__":
    main()
