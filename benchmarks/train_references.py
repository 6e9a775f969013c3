"""Train the reference token model shipped with tracker.

Usage:
    .venv/bin/python benchmarks/train_references.py /work/shared/data/references/anystyle-core.xml

Writes tracker/assets/models/references.crfsuite (or --output). The model is trained on every
string of the corpus; its accuracy is measured without it, by k-fold cross-validation in
benchmarks/references.py, which trains one model per fold on the other folds.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from references import load  # benchmarks/references.py: the corpus reader

from tracker.extraction.ref_model import MODEL_NAME, train

MODELS = Path(__file__).resolve().parent.parent / "tracker" / "assets" / "models"
DEFAULT_OUTPUT = MODELS / MODEL_NAME


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="anystyle core.xml (annotated references)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    examples = load(args.corpus)
    started = time.perf_counter()
    train(((example.tokens, example.labels) for example in examples), args.output)
    elapsed = time.perf_counter() - started
    size = args.output.stat().st_size
    print(
        f"trained on {len(examples)} strings in {elapsed:.1f} s -> {args.output} ({size:,} bytes)"
    )


if __name__ == "__main__":
    main()
