"""Claim strength on another source than the training data, and which of two sentences claims more.

    D=/work/shared/data/claims
    .venv/bin/python benchmarks/claims_pairwise.py $D/press-release-sentences.csv \\
        $D/insciout-train.jsonl [--baseline-encoder tracker/assets/models]

Strength across sources, both ways: trained on the press-release sentences and scored
on InSciOut's 200 conclusion sentences (100 from papers' abstracts, 100 from their
press releases, another team's annotation on the same 0-3 scale), and trained on
InSciOut's 200 and scored on the 2,076 press-release sentences. The linear feature
model is fitted here on the training source; the encoder needs torch to train, so its
logits on the other source come from benchmarks/results/claim_encoder_cross.json
(`train_claims_encoder.py --cross`: each direction's encoder trained on its training
source only, exported to int8 and run through the package's own inference code, the
ensemble's weight chosen on a fifth of the training source). The ensemble is scored as
the package runs it (sentences the feature model settles alone skip the encoder). The
shipped models are trained on the press-release file only, so `--baseline-encoder
tracker/assets/models` adds the shipped ensemble's figure on InSciOut, held out.

Pairwise. Each pair is (abstract, press release) with the gold answer `exaggerates`,
`downplays` or `same`: does the release claim more than the paper? Every system reads
the sentences through the models trained on the press-release file only (direction one
above), so none has seen these sentences:

- keyword rules, compared: the literature's few-keyword rules on both;
- levels compared (the named baseline): the sign of the difference of the two levels;
- expected strength compared: the difference of the two expected levels (probability-
  weighted), "same" within a margin set before looking at the pairs;
- tracker's verdict: ``claim_tags(abstract, release)`` with those levels, what a change
  report would tag if the paper's sentence were rewritten into the release's;
- learned from the pairs: a logistic regression over the differences between the two
  assessments, 5-fold cross-validation repeated 10 times (only 100 pairs).

Speed is CPU time (time.process_time) on one core, every run cold: assess_many() over
the InSciOut sentences and the first press-release sentences, the linear feature model
alone, and the encoder alone. `--baseline-encoder DIR` names a folder holding another
claim_encoder.onnx, its tokenizer and JSON, trained on the press-release file ONLY
(the shipped one is; an earlier release's): it is scored on InSciOut beside the first
direction, alone and in the ensemble at its own weight, and timed in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
if hasattr(os, "sched_setaffinity"):  # "sentences/s on one core": pin this process to one
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

from claims import keyword_rules, lexicon_rules
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from train_claims import fit, load, load_pairs

from tracker.comparison.claim_encoder import (
    CONFIG_FILE,
    MODEL_FILE,
    TOKENIZER_FILE,
    ClaimEncoder,
    load_encoder,
)
from tracker.comparison.claim_features import features, read_cues
from tracker.comparison.claim_model import (
    ClaimModel,
    load_model,
    mix,
    settled_by_features,
    softmax,
)
from tracker.comparison.claim_tags import claim_tags
from tracker.comparison.claims import ClaimAssessment, assess_many
from tracker.memo import forget_all
from tracker.model import ClaimTag

CROSS = Path(__file__).resolve().parent / "results" / "claim_encoder_cross.json"
LABELS = ("exaggerates", "downplays", "same")
REPEATS = 10
SPEED_SAMPLE = 800  # press-release sentences timed beside InSciOut's 200
Probabilities = list[list[float]]
# expected strength compared: "same" when the two expected levels differ by less than
# half a level, the midpoint between "same level" and "a level apart" (not tuned here)
SAME_MARGIN = 0.5


def expected_strength(probabilities: Sequence[float]) -> float:
    return sum(level * p for level, p in enumerate(probabilities))


def expected_verdict(abstract: Sequence[float], release: Sequence[float]) -> str:
    difference = expected_strength(release) - expected_strength(abstract)
    return verdict(difference if abs(difference) >= SAME_MARGIN else 0.0)


def verdict(difference: float) -> str:
    return "exaggerates" if difference > 0 else "downplays" if difference < 0 else "same"


def tag_verdict(abstract: ClaimAssessment, release: ClaimAssessment) -> str:
    tags, _ = claim_tags(abstract, release)
    if ClaimTag.STRENGTHENED in tags:
        return "exaggerates"
    if ClaimTag.WEAKENED in tags:
        return "downplays"
    return "same"


def cross_results(path: Path, csv_path: Path, pairs_path: Path) -> dict:
    """The encoders' logits on the other source, refused unless made from these files."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    for key, data in (("csv_sha256", csv_path), ("pairs_sha256", pairs_path)):
        if saved[key] != hashlib.sha256(data.read_bytes()).hexdigest():
            raise SystemExit(f"{path} was made from another {data.name}: rerun --cross")
    return saved


def ensemble(
    texts: Sequence[str], linear: ClaimModel, saved: dict
) -> tuple[Probabilities, list[int], list[int]]:
    """Each sentence's probabilities and level as the package combines them, and the encoder's."""
    probabilities, encoder_levels = [], []
    for text, logits in zip(texts, saved["encoder_logits"], strict=True):
        cues = read_cues(text)
        scores = linear.scores(features(text, cues))
        if settled_by_features(scores, cues):
            probabilities.append(softmax(scores))
        else:
            probabilities.append(mix(logits, scores, saved["weight"], saved["temperature"]))
        encoder_levels.append(max(range(4), key=logits.__getitem__))
    levels = [max(range(4), key=row.__getitem__) for row in probabilities]
    return probabilities, levels, encoder_levels


def row(name: str, gold: Sequence[int], predicted: Sequence[int], how: str = "") -> float:
    macro = f1_score(gold, predicted, average="macro")
    print(f"  {name:44} {accuracy_score(gold, predicted):8.3f} {macro:8.3f}  {how}")
    return float(macro)


def strength_across_sources(
    sources: dict[str, tuple[list[str], list[int]]], cross: dict, baseline: ClaimEncoder | None
) -> dict[str, Probabilities]:
    """Print every system's figure in both directions; the ensemble's probabilities by source."""
    print(f"strength across sources{'':23} {'accuracy':>8} {'macro-F1':>8}")
    held: dict[str, Probabilities] = {}
    ensembles = []
    layers = cross["settings"]["layers"]
    for saved in cross["directions"].values():
        train_texts, train_labels = sources[saved["train"]]
        texts, gold = sources[saved["test"]]
        print(f" trained on {saved['train']} ({len(train_texts)}), scored on {saved['test']}:")
        linear = ClaimModel(fit(train_texts, train_labels, saved["train"]))
        probabilities, levels, encoder_levels = ensemble(texts, linear, saved)
        row("keyword rules", gold, [keyword_rules(t) for t in texts], "no training")
        row("lexicon rules", gold, [lexicon_rules(t) for t in texts], "no training")
        row("linear feature model", gold, [linear.predict(features(t)) for t in texts])
        row(f"int8 encoder alone ({layers} layers)", gold, encoder_levels)
        ensembles.append(
            row(
                "ensemble, as the package runs it",
                gold,
                levels,
                f"encoder weight {saved['weight']}, temperature {saved['temperature']}",
            )
        )
        held[saved["test"]] = probabilities
        if baseline is not None and saved["train"] == "press releases":
            config = baseline.config
            own = {
                "encoder_logits": baseline.logits(texts),
                "weight": config.encoder_weight,
                "temperature": config.encoder_temperature,
            }
            held["insciout, baseline encoder"], levels, encoder_levels = ensemble(
                texts, linear, own
            )
            row("baseline encoder alone", gold, encoder_levels, "--baseline-encoder")
            row(
                "ensemble with the baseline encoder",
                gold,
                levels,
                f"weight {config.encoder_weight}",
            )
    print(
        f"  mean of the two directions' ensemble macro-F1: {statistics.mean(ensembles):.3f}"
        " (target on held-out sources: 0.80)"
    )
    return held


def pair_features(
    abstract: ClaimAssessment,
    release: ClaimAssessment,
    p_abstract: Sequence[float],
    p_release: Sequence[float],
) -> list[float]:
    """How the release's assessment differs from the paper's, as numbers."""
    return [
        *(r - a for r, a in zip(p_release, p_abstract, strict=True)),
        expected_strength(p_release) - expected_strength(p_abstract),
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


def pairwise(pairs: list[dict], probabilities: Probabilities, read_by: str) -> None:
    """Does the release claim more than its paper? Read by the press-release-trained models."""
    count = len(pairs)
    abstracts = [pair["abstract_conclusion"] for pair in pairs]
    releases = [pair["press_release_conclusion"] for pair in pairs]
    gold = [pair["exaggeration_label"] for pair in pairs]
    p_abstracts, p_releases = probabilities[:count], probabilities[count:]
    level = [max(range(4), key=p.__getitem__) for p in probabilities]
    assessed = [
        replace(a, strength=s)
        for a, s in zip(assess_many(abstracts + releases), level, strict=True)
    ]
    a_read, r_read = assessed[:count], assessed[count:]
    systems = [
        (
            "keyword rules, compared",
            [
                verdict(keyword_rules(r) - keyword_rules(a))
                for a, r in zip(abstracts, releases, strict=True)
            ],
        ),
        (
            "levels compared (baseline)",
            [verdict(r - a) for a, r in zip(level[:count], level[count:], strict=True)],
        ),
        (
            f"expected strength compared, margin {SAME_MARGIN}",
            [expected_verdict(a, r) for a, r in zip(p_abstracts, p_releases, strict=True)],
        ),
        (
            "tracker's verdict (claim_tags)",
            [tag_verdict(a, r) for a, r in zip(a_read, r_read, strict=True)],
        ),
    ]
    print(f"\npairwise: does the release claim more?{'':7} {'accuracy':>8} {'macro-F1':>8}")
    print(f"  {count} pairs, gold {dict((k, gold.count(k)) for k in LABELS)}, read by {read_by}")
    for name, predicted in systems:
        accuracy = accuracy_score(gold, predicted)
        macro = f1_score(gold, predicted, average="macro", labels=LABELS)
        print(f"  {name:44} {accuracy:8.3f} {macro:8.3f}")
    rows = [
        pair_features(a, r, pa, pr)
        for a, r, pa, pr in zip(a_read, r_read, p_abstracts, p_releases, strict=True)
    ]
    learned = learned_from_pairs(rows, gold)
    print(
        f"  {'learned from the pairs':44} {'':>8} {statistics.mean(learned):8.3f}"
        f"  5-fold CV x {REPEATS}, sd {statistics.stdev(learned):.3f}"
    )


def cpu_per_sentence(run: Callable[[], object], count: int) -> float:
    """Milliseconds of this process's CPU per sentence, with nothing remembered."""
    forget_all()
    start = time.process_time()
    run()
    return 1000 * (time.process_time() - start) / count


def other_encoder(folder: Path) -> ClaimEncoder:
    config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    tokenizer = (folder / TOKENIZER_FILE).read_text(encoding="utf-8")
    return ClaimEncoder((folder / MODEL_FILE).read_bytes(), tokenizer, config)


def speed(texts: list[str], baseline: ClaimEncoder | None) -> None:
    linear, encoder = load_model(), load_encoder()  # loading once is not the assessor's speed
    count = len(texts)
    whole = cpu_per_sentence(lambda: assess_many(texts), count)
    alone = cpu_per_sentence(lambda: [linear.scores(features(t)) for t in texts], count)
    settled = sum(
        settled_by_features(linear.scores(features(t, c)), c)
        for t, c in ((t, read_cues(t)) for t in texts)
    )
    print(f"\nspeed, CPU time on one core, {count} sentences, nothing remembered:")
    print(f"  assess_many(), shipped ensemble   {whole:6.2f} ms/sentence  {1000 / whole:5.0f}/s")
    print(f"  linear feature model alone        {alone:6.2f} ms/sentence  {1000 / alone:5.0f}/s")
    timed = [("shipped encoder alone", encoder)]
    if baseline is not None:
        timed.append(("baseline encoder alone", baseline))
    for name, model in timed:
        cost = cpu_per_sentence(lambda model=model: model.logits(texts), count)
        print(f"  {name:33} {cost:6.2f} ms/sentence  {1000 / cost:5.0f}/s")
    print(f"  {settled} of {count} sentences settled by the feature model without the encoder")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="press-release-sentences.csv")
    parser.add_argument("pairs", type=Path, help="insciout-train.jsonl")
    parser.add_argument("--cross", type=Path, default=CROSS, help="from --cross training")
    parser.add_argument(
        "--baseline-encoder", type=Path, help="folder of an encoder trained on press releases only"
    )
    args = parser.parse_args()

    sources = {"press releases": load(args.csv), "insciout": load_pairs(args.pairs)}
    pairs = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines()]
    cross = cross_results(args.cross, args.csv, args.pairs)
    baseline = other_encoder(args.baseline_encoder) if args.baseline_encoder else None
    held = strength_across_sources(sources, cross, baseline)
    for name, probabilities in held.items():
        if name.startswith("insciout"):
            pairwise(pairs, probabilities, name.partition(", ")[2] or "the --cross models")
    speed(sources["insciout"][0] + sources["press releases"][0][:SPEED_SAMPLE], baseline)


if __name__ == "__main__":
    main()
