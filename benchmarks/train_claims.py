"""Train the shipped claim-strength model and write tracker/models/claim_strength.json.

    .venv/bin/python benchmarks/train_claims.py /work/shared/data/claims/press-release-sentences.csv

scikit-learn is used here only: the package reads the JSON with plain Python.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from tracker.comparison.claim_features import features
from tracker.comparison.claim_model import MODEL_FILE, MODEL_SCHEMA

MODEL_PATH = Path(__file__).resolve().parent.parent / "tracker" / "models" / MODEL_FILE
C = 0.3
MIN_COUNT = 2


def load(path: Path) -> tuple[list[str], list[int]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [html.unescape(row["sentence"]) for row in rows], [int(row["label"]) for row in rows]


def fit(
    texts: list[str], labels: list[int], c: float = C
) -> tuple[DictVectorizer, LogisticRegression]:
    rows = [features(text) for text in texts]
    seen: Counter[str] = Counter(name for row in rows for name in row)
    # a feature seen in one sentence only is memorised noise, not language
    rows = [{k: v for k, v in row.items() if seen[k] >= MIN_COUNT} for row in rows]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    model.fit(matrix, labels)
    return vectorizer, model


def export(vectorizer: DictVectorizer, model: LogisticRegression, source: str) -> dict:
    names = vectorizer.get_feature_names_out()
    weights = {}
    for column, name in enumerate(names):
        row = [round(float(model.coef_[k][column]), 4) for k in range(len(model.classes_))]
        if any(abs(w) >= 1e-4 for w in row):
            weights[str(name)] = row
    return {
        "schema": MODEL_SCHEMA,
        "about": "multinomial logistic regression over tracker.comparison.claim_features",
        "trained_on": source,
        "C": C,
        "classes": [int(c) for c in model.classes_],
        "intercepts": [round(float(v), 4) for v in model.intercept_],
        "weights": weights,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    texts, labels = load(args.csv)
    vectorizer, model = fit(texts, labels)
    data = export(vectorizer, model, f"{args.csv.name} ({len(texts)} labelled sentences)")
    args.output.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {args.output} ({len(data['weights'])} features)")


if __name__ == "__main__":
    main()
