"""Choose, on the press-release file only, how two sentences' strengths decide "claims more".

    D=/work/shared/data/claims
    .venv/bin/python benchmarks/choose_pair_rule.py $D/press-release-sentences.csv \\
        [--pairs $D/insciout-train.jsonl]

claims_pairwise.py asks whether a press release claims more, less or the same as its
paper, and compares the two sentences' levels (the named baseline) or their expected
levels with a margin of half a level set before looking. Whether a margin on the
expected level decides better is chosen here on pairs the press-release file itself
holds, never on InSciOut: every two sentences of one release (its title and its body
sentences: the title often says more than the body, as a release says more than its
paper), gold "more/less/same" from their two labels, each sentence read as the package
reads it (the ensemble with `settle_at`) by models that never saw its fold (the same
folds and held-out encoder logits as choose_settle_at.py). Candidates: levels compared,
and expected levels compared with each margin in MARGINS; the best macro-F1 is chosen.
`--pairs` then scores the chosen rule and levels compared once on InSciOut's pairs,
read by the shipped models (trained on the press-release file alone): held out.
"""

from __future__ import annotations

import argparse
import csv
import json
from itertools import combinations
from pathlib import Path

from choose_settle_at import held_out_rows
from claims import ENCODER_CV, encoder_folds
from sklearn.metrics import f1_score
from train_claims import load

from tracker.comparison.claim_encoder import encoder_config
from tracker.comparison.claim_model import mix, settled_by_features, softmax, strength_probabilities

MARGINS = [round(0.05 * k, 2) for k in range(1, 21)]
LABELS = ("more", "less", "same")
Rule = tuple[str, float | None]  # ("levels", None) or ("expected", margin)


def answer(difference: float) -> str:
    return "more" if difference > 0 else "less" if difference < 0 else "same"


def level(chances: list[float]) -> int:
    return max(range(len(chances)), key=chances.__getitem__)


def expected(chances: list[float]) -> float:
    return sum(k * p for k, p in enumerate(chances))


def decide(rule: Rule, first: list[float], second: list[float]) -> str:
    """Does the second sentence claim more than the first?"""
    kind, margin = rule
    if kind == "levels":
        return answer(level(second) - level(first))
    difference = expected(second) - expected(first)
    return answer(difference if abs(difference) >= margin else 0.0)


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
    for rule in [("levels", None), *(("expected", m) for m in MARGINS)]:
        figures[rule] = macro(gold, [decide(rule, chances[i], chances[j]) for i, j in pairs])
        print(
            f"  {rule[0]} compared{'' if rule[1] is None else f', margin {rule[1]}':14} "
            f"macro-F1 {figures[rule]:.3f}"
        )
    chosen = max(figures, key=figures.__getitem__)
    print(f"chosen: {chosen[0]} compared" + ("" if chosen[1] is None else f", margin {chosen[1]}"))
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
    for rule in dict.fromkeys([("levels", None), chosen]):
        predicted = [decide(rule, chances[k], chances[count + k]) for k in range(count)]
        name = f"{rule[0]} compared" + ("" if rule[1] is None else f", margin {rule[1]}")
        print(f"  {name:34} macro-F1 {macro(gold, predicted):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="press-release-sentences.csv")
    parser.add_argument("--pairs", type=Path, help="insciout-train.jsonl, scored after choosing")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    chosen = choose(args.csv, args.folds, args.seed)
    if args.pairs:
        held_out(args.pairs, chosen)


if __name__ == "__main__":
    main()
