"""Train the shipped claim-strength model and write tracker/assets/models/claim_strength.json.

    .venv/bin/python benchmarks/train_claims.py /work/shared/data/claims/press-release-sentences.csv

The shipped model is trained on the press-release file alone. `--pairs insciout-train.jsonl`
pools both sentences of each InSciOut pair in (same 0-3 scale); that model is not
shipped. benchmarks/claims_pooled_cv.py measures it by cross-validation grouped by
pair (5 folds, 3 fold splits, scored with the shipped encoder and settle_at): each
InSciOut sentence counted once, macro-F1 0.636 against the press-release model's
0.634 on the same folds (pairs compared 0.649 against 0.640); counted 3 or 6 times,
0.642 and 0.641 but pairs 0.627 and 0.618, single folds swinging from 0.43 to 0.81.
In-domain (claims.py's folds pooled with all of InSciOut) it falls from 0.818 to
0.815, 0.811 and 0.809. A gain that small and that noisy, paid in-domain (and on the
pairs when weighted), does not ship; InSciOut's annotators also read "can reduce" as hedged where
the press-release file reads it as direct.

The model is NB-weighted logistic regression (Wang & Manning 2012, "NBSVM"): for
each strength level, a one-vs-rest logistic regression over binary features scaled
by their naive-Bayes log-count ratio. The scaling folds into the weights, so the
package scores a sentence with one sparse dot product per level in plain Python.
scikit-learn and numpy are used here only.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from tracker.comparison.claim_features import features
from tracker.comparison.claim_model import MODEL_FILE, MODEL_SCHEMA

MODEL_PATH = Path(__file__).resolve().parent.parent / "tracker" / "assets" / "models" / MODEL_FILE
C = 1.0  # inverse L2 strength of each one-vs-rest regression
ALPHA = 1.0  # naive-Bayes smoothing of the log-count ratios
MIN_COUNT = 2  # a feature seen in one sentence only is memorised noise, not language
LEVELS = (0, 1, 2, 3)


def load(path: Path) -> tuple[list[str], list[int]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [html.unescape(row["sentence"]) for row in rows], [int(row["label"]) for row in rows]


def load_pairs(path: Path) -> tuple[list[str], list[int]]:
    """Both sentences of each InSciOut pair (the paper's conclusion, then the release's)."""
    pairs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts = [p["abstract_conclusion"] for p in pairs] + [
        p["press_release_conclusion"] for p in pairs
    ]
    labels = [int(p["abstract_strength"]) for p in pairs] + [
        int(p["press_release_strength"]) for p in pairs
    ]
    return texts, labels


def fit(
    texts: list[str], labels: list[int], source: str = "", weights: list[float] | None = None
) -> dict[str, Any]:
    """Train on labelled sentences, each counted ``weights[i]`` times (1 unless given);
    return the model as the JSON the package reads."""
    rows = [features(text) for text in texts]
    seen: Counter[str] = Counter(name for row in rows for name in row)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(
        [{name: 1.0 for name in row if seen[name] >= MIN_COUNT} for row in rows]
    ).tocsr()
    gold = np.array(labels)
    counted = np.ones(len(texts)) if weights is None else np.array(weights, dtype=float)
    weighted = matrix.multiply(counted[:, None]).tocsr()
    weights = np.zeros((len(LEVELS), matrix.shape[1]))
    intercepts = np.zeros(len(LEVELS))
    for index, level in enumerate(LEVELS):
        positive = gold == level
        p = ALPHA + np.asarray(weighted[positive].sum(axis=0)).ravel()
        q = ALPHA + np.asarray(weighted[~positive].sum(axis=0)).ravel()
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
        model.fit(matrix.multiply(ratio).tocsr(), positive.astype(int), sample_weight=counted)
        weights[index] = model.coef_[0] * ratio
        intercepts[index] = model.intercept_[0]
    table = {}
    for column, name in enumerate(vectorizer.get_feature_names_out()):
        row = [round(float(w), 4) for w in weights[:, column]]
        if any(abs(w) >= 1e-4 for w in row):
            table[str(name)] = row
    return {
        "schema": MODEL_SCHEMA,
        "about": "NB-weighted one-vs-rest logistic regression over claim_features (binary)",
        "trained_on": source,
        "C": C,
        "alpha": ALPHA,
        "min_count": MIN_COUNT,
        "classes": list(LEVELS),
        "intercepts": [round(float(v), 4) for v in intercepts],
        "weights": table,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="press-release-sentences.csv")
    parser.add_argument("--pairs", type=Path, help="insciout-train.jsonl, pooled in")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    texts, labels = load(args.csv)
    source = f"{args.csv.name} ({len(texts)} labelled sentences)"
    if args.pairs is not None:
        pair_texts, pair_labels = load_pairs(args.pairs)
        texts, labels = texts + pair_texts, labels + pair_labels
        source += f" + {args.pairs.name} ({len(pair_texts)} sentences)"
    data = fit(texts, labels, source)
    args.output.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {args.output} ({len(data['weights'])} features)")


if __name__ == "__main__":
    main()
