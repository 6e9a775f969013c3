"""Claim strength on another source than the training data, and which of two sentences claims more.

    D=/work/shared/data/claims
    .venv/bin/python benchmarks/claims_pairwise.py $D/press-release-sentences.csv \\
        $D/insciout-train.jsonl [--baseline-encoder DIR]

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
shipped models are trained on the press-release file only, so the shipped encoder's
figures on InSciOut are held out too: alone, in the ensemble with every sentence
naming a relation asking it (the path before `settle_at`), and as its config runs it.
`settle_at` (how sure the feature model must be to answer without the encoder) is
chosen on the press-release file's folds by choose_settle_at.py, never on InSciOut.
`--baseline-encoder DIR` names a folder holding another claim_encoder.onnx, its
tokenizer and JSON, trained on the press-release file ONLY (an earlier release's, e.g.
its files from git): it is scored on InSciOut the same ways, timed, and its memory
measured in the same run.

Pairwise. Each pair is (abstract, press release) with the gold answer `exaggerates`,
`downplays` or `same`: does the release claim more than the paper? Every system reads
the sentences through the models trained on the press-release file only (direction one
above), so none has seen these sentences:

- keyword rules, compared: the literature's few-keyword rules on both;
- levels compared (the named baseline): the sign of the difference of the two levels;
- expected strength compared: the difference of the two expected levels (probability-
  weighted), "same" within a margin set before looking at the pairs;
- likeliest answer: more, less or the same, whichever the two sentences' level
  probabilities make likeliest, "same" weighted by the config's `same_weight`
  (claim_model.compare_levels, what the package compares). Both rules are measured on
  the press-release file's own pairs by choose_pair_rule.py (two sentences of one
  release, 1,612 pairs), which chose the weight there: 0.717 macro-F1 against 0.715 for
  levels compared and at most 0.657 for expected levels at any margin from 0.05 to 1;
- tracker's verdict: ``claim_tags(abstract, release)`` with those probabilities and
  levels, what a change report would tag if the paper's sentence were rewritten into
  the release's;
- learned from the pairs: a logistic regression over the differences between the two
  assessments, 5-fold cross-validation repeated 10 times (only 100 pairs).

Speed is CPU time (time.process_time) on one core, onnxruntime on one thread, every
run cold, over the InSciOut sentences only: the shipped models were trained on the
press-release file and are surer of it than of text they never saw (the feature model
settles 787 of its first 800 sentences alone, 139 of InSciOut's 200), so timing
press-release sentences would flatter the path that skips the encoder. Timed:
assess_many() as shipped and as before `settle_at`, the strength alone both ways, the
linear feature model alone, and the encoder alone. Memory: resident MB of a fresh
process with the assessor loaded, then once the encoder has read InSciOut.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from unittest import mock

os.environ.setdefault("OMP_NUM_THREADS", "1")
if hasattr(os, "sched_setaffinity"):  # "sentences/s on one core": pin this process to one
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

from claims import keyword_rules, lexicon_rules
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from train_claims import fit, load, load_pairs

from tracker.comparison import claim_model
from tracker.comparison.claim_encoder import (
    CONFIG_FILE,
    MODEL_FILE,
    TOKENIZER_FILE,
    ClaimEncoder,
    encoder_config,
    load_encoder,
)
from tracker.comparison.claim_features import features, read_cues
from tracker.comparison.claim_model import (
    ClaimModel,
    compare_levels,
    load_model,
    mix,
    settled_by_features,
    softmax,
    strength_probabilities,
)
from tracker.comparison.claim_tags import claim_tags
from tracker.comparison.claims import ClaimAssessment, assess_many
from tracker.memo import forget_all
from tracker.model import ClaimTag

CROSS = Path(__file__).resolve().parent / "results" / "claim_encoder_cross.json"
LABELS = ("exaggerates", "downplays", "same")
REPEATS = 10
SPEED_ROUNDS = 3  # InSciOut's 200 sentences timed this many times, each cold
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
        if settled_by_features(scores, cues, saved.get("settle_at")):
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


def press_release_encoder(
    name: str, encoder: ClaimEncoder, texts: list[str], gold: list[int], linear: ClaimModel
) -> Probabilities:
    """Rows of an encoder trained on the press-release file (the shipped one, a baseline):
    alone, in the ensemble with every relation asking it, and as its config runs it."""
    config = encoder.config
    own = {
        "encoder_logits": encoder.logits(texts),
        "weight": config.encoder_weight,
        "temperature": config.encoder_temperature,
    }
    _, levels, encoder_levels = ensemble(texts, linear, own)
    row(f"{name} encoder alone", gold, encoder_levels, halves(gold, encoder_levels))
    row(
        f"{name}: ensemble, every relation asks it",
        gold,
        levels,
        f"{halves(gold, levels)}; the path before settle_at",
    )
    probabilities, levels, _ = ensemble(texts, linear, {**own, "settle_at": config.settle_at})
    row(
        f"{name}: ensemble as its config runs it",
        gold,
        levels,
        f"{halves(gold, levels)}; weight {config.encoder_weight}, settle_at {config.settle_at}",
    )
    return probabilities


def halves(gold: Sequence[int], predicted: Sequence[int]) -> str:
    """Macro-F1 of InSciOut's abstract half (the papers' conclusions) and release half apart:
    the sources tracker is judged on read like the abstracts."""
    count = len(gold) // 2
    abstracts = f1_score(gold[:count], predicted[:count], average="macro")
    releases = f1_score(gold[count:], predicted[count:], average="macro")
    return f"abstracts {abstracts:.3f}, releases {releases:.3f}"


def strength_across_sources(
    sources: dict[str, tuple[list[str], list[int]]],
    cross: dict,
    encoders: list[tuple[str, ClaimEncoder]],
) -> dict[str, Probabilities]:
    """Print every system's figure in both directions; the ensemble's probabilities by source."""
    print(f"strength across sources{'':23} {'accuracy':>8} {'macro-F1':>8}")
    held: dict[str, Probabilities] = {}
    ensembles = []
    settings = cross["settings"]
    kind = (
        f"conv student, width {settings['channels']}"
        if settings.get("arch") == "conv"
        else f"{settings['layers']} layers"
    )
    for saved in cross["directions"].values():
        train_texts, train_labels = sources[saved["train"]]
        texts, gold = sources[saved["test"]]
        print(f" trained on {saved['train']} ({len(train_texts)}), scored on {saved['test']}:")
        linear = ClaimModel(fit(train_texts, train_labels, saved["train"]))
        probabilities, levels, encoder_levels = ensemble(texts, linear, saved)
        row("keyword rules", gold, [keyword_rules(t) for t in texts], "no training")
        row("lexicon rules", gold, [lexicon_rules(t) for t in texts], "no training")
        predicted = [linear.predict(features(t)) for t in texts]
        on_insciout = saved["test"] == "insciout"
        row("linear feature model", gold, predicted, halves(gold, predicted) if on_insciout else "")
        row(f"int8 encoder alone ({kind})", gold, encoder_levels)
        ensembles.append(
            row(
                "ensemble, as the package runs it",
                gold,
                levels,
                f"encoder weight {saved['weight']}, temperature {saved['temperature']}",
            )
        )
        held[saved["test"]] = probabilities
        if saved["train"] == "press releases":
            for name, encoder in encoders:
                held[f"insciout, {name} encoder"] = press_release_encoder(
                    name, encoder, texts, gold, linear
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
        replace(a, strength=s, chances=tuple(p))
        for a, s, p in zip(assess_many(abstracts + releases), level, probabilities, strict=True)
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
            f"likeliest answer, same weight {encoder_config().same_weight}",
            [verdict(compare_levels(a, r)) for a, r in zip(p_abstracts, p_releases, strict=True)],
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
    """Milliseconds of this process's CPU per sentence, every round with nothing remembered."""
    spent = 0.0
    for _ in range(SPEED_ROUNDS):
        forget_all()
        start = time.process_time()
        run()
        spent += time.process_time() - start
    return 1000 * spent / (SPEED_ROUNDS * count)


def other_encoder(folder: Path) -> ClaimEncoder:
    config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    tokenizer = (folder / TOKENIZER_FILE).read_text(encoding="utf-8")
    return ClaimEncoder(str(folder / MODEL_FILE), tokenizer, config)


# run in a fresh interpreter, so its memory is the assessor's alone (no sklearn, no data)
RESIDENT = """
import json, sys
from tracker.comparison.claim_encoder import CONFIG_FILE, MODEL_FILE, TOKENIZER_FILE, ClaimEncoder
from tracker.comparison.claims import assess_many
def resident():
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return [int(status[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")]
folder, texts = sys.argv[1], json.loads(sys.stdin.read())
assess_many(["Our office is open from nine to five on weekdays."])
before = resident()
config = json.load(open(f"{folder}/{CONFIG_FILE}"))
tokenizer = open(f"{folder}/{TOKENIZER_FILE}").read()
ClaimEncoder(f"{folder}/{MODEL_FILE}", tokenizer, config).logits(texts)
print(json.dumps(before + resident()))
"""


def resident_memory(folder: Path, texts: list[str]) -> list[float]:
    """MB resident (now, peak) of a fresh process with tracker's assessor, then once the
    encoder of ``folder`` has read ``texts``."""
    done = subprocess.run(
        [sys.executable, "-c", RESIDENT, str(folder)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def memory(texts: list[str], baseline: Path | None) -> None:
    shipped = Path(claim_model.__file__).resolve().parent.parent / "assets" / "models"
    folders = [("shipped encoder", shipped)]
    if baseline is not None:
        folders.append(("baseline encoder", baseline))
    print("\nresident memory of a fresh process, MB (now / peak):")
    for name, folder in folders:
        rss, peak, loaded, loaded_peak = resident_memory(folder, texts)
        print(
            f"  {name:22} assessor alone {rss:6.1f} / {peak:6.1f}"
            f"   with the encoder, after InSciOut {loaded:6.1f} / {loaded_peak:6.1f}"
        )


def speed(texts: list[str], baseline: ClaimEncoder | None) -> None:
    """CPU per sentence of the shipped path and of the path before ``settle_at``, one core."""
    linear, encoder = load_model(), load_encoder()  # loading once is not the assessor's speed
    shipped = encoder_config()
    before = replace(shipped, settle_at=None)  # only sentences naming no relation settled
    count = len(texts)
    cues = [read_cues(t) for t in texts]

    def assess_as_before() -> object:
        with mock.patch.object(claim_model, "encoder_config", lambda: before):
            return assess_many(texts)

    timed = [
        ("assess_many(), shipped", lambda: assess_many(texts)),
        ("assess_many(), before settle_at", assess_as_before),
        ("strength, shipped", lambda: strength_probabilities(texts, cues)),
        ("strength, before settle_at", lambda: strength_probabilities(texts, cues, before)),
        ("linear feature model alone", lambda: [linear.scores(features(t)) for t in texts]),
        ("shipped encoder alone", lambda: encoder.logits(texts)),
    ]
    if baseline is not None:
        timed.append(("baseline encoder alone", lambda: baseline.logits(texts)))
    print(
        f"\nspeed, CPU time on one core (onnxruntime on 1 thread), InSciOut's {count}"
        f" sentences, {SPEED_ROUNDS} rounds, each cold:"
    )
    for name, run in timed:
        cost = cpu_per_sentence(run, count)
        print(f"  {name:33} {cost:6.2f} ms/sentence  {1000 / cost:5.0f}/s")
    for name, config in (("shipped", shipped), ("before settle_at", before)):
        settled = sum(
            settled_by_features(linear.scores(features(t, c)), c, config.settle_at)
            for t, c in zip(texts, cues, strict=True)
        )
        print(f"  {name}: {settled} of {count} sentences settled without the encoder")


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
    encoders = [("shipped", load_encoder())]
    if baseline is not None:
        encoders.append(("baseline", baseline))
    held = strength_across_sources(sources, cross, encoders)
    for name, probabilities in held.items():
        if name.startswith("insciout"):
            pairwise(pairs, probabilities, name.partition(", ")[2] or "the --cross models")
    speed(sources["insciout"][0], baseline)
    memory(sources["insciout"][0], args.baseline_encoder)


if __name__ == "__main__":
    main()
