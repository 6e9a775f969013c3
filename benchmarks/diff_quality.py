"""Does the comparison report exactly the edit that was made? Measured on real article pages.

Usage:
    .venv/bin/python benchmarks/diff_quality.py DATA_DIR [--limit N] [--seed S]

DATA_DIR holds ``html/*.html.gz`` (e.g. ../shared/data/extraction: 181 real news and
blog pages). Each page is extracted once; then each kind of edit below is applied
to a copy of its Document (at sentence and block level, so extraction plays no
part) and compare() must report exactly the expected change facts:

  rewrite     one word of one sentence replaced       -> 1 modified
  split       a sentence cut in two at a comma         -> 1 modified (one change)
  merge       two adjacent sentences joined            -> 1 modified (one change)
  insert      a new sentence added                     -> 1 added
  delete      a sentence removed                       -> 1 removed
  move        a paragraph of 2+ sentences moved away   -> only moved, nothing added/removed
  move+edit   the same, one of its sentences reworded  -> only moved, nothing added/removed
  breaks      a paragraph split in two at a sentence   -> no change
  typography  curly quotes, dashes, no-break spaces    -> no change

The baseline in the same run is difflib.SequenceMatcher over the sentence texts
(the standard library's sequence diff): a replace of n old by m new sentences
counts as one modification when n, m <= 2, as removed/added otherwise.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import gzip
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from shared_data import extraction_dir

from tracker import compare, extract
from tracker.model import Block, Document, Sentence

Edit = Callable[[Document, random.Random], Counter[str] | None]
NEW_SENTENCE = "An independent review of these figures was published on the same day."


def _sentences(doc: Document) -> list[tuple[int, int]]:
    return [(b, s) for b, block in enumerate(doc.blocks) for s in range(len(block.sentences))]


def _long(doc: Document, rng: random.Random, words: int = 8) -> tuple[int, int] | None:
    places = [
        (b, s)
        for b, s in _sentences(doc)
        if len(doc.blocks[b].sentences[s].text.split()) >= words
        and not doc.blocks[b].sentences[s].citations
    ]
    return rng.choice(places) if places else None


def _set(doc: Document, b: int, sentences: list[Sentence]) -> None:
    block = doc.blocks[b]
    block.sentences = sentences
    block.text = " ".join(s.text for s in sentences)


def rewrite(doc: Document, rng: random.Random) -> Counter[str] | None:
    place = _long(doc, rng)
    if place is None:
        return None
    b, s = place
    words = doc.blocks[b].sentences[s].text.split()
    k = rng.randrange(1, len(words) - 1)
    words[k] = "remarkably" if words[k] != "remarkably" else "notably"
    sentences = list(doc.blocks[b].sentences)
    sentences[s] = Sentence(text=" ".join(words))
    _set(doc, b, sentences)
    return Counter({"modified": 1})


def split(doc: Document, rng: random.Random) -> Counter[str] | None:
    places = [
        (b, s)
        for b, s in _sentences(doc)
        if ", " in doc.blocks[b].sentences[s].text[10:-10]
        and not doc.blocks[b].sentences[s].citations
    ]
    if not places:
        return None
    b, s = rng.choice(places)
    text = doc.blocks[b].sentences[s].text
    cut = text.index(", ", 10)
    first, second = text[:cut] + ".", text[cut + 2 :]
    second = second[:1].upper() + second[1:]
    sentences = list(doc.blocks[b].sentences)
    sentences[s : s + 1] = [Sentence(text=first), Sentence(text=second)]
    _set(doc, b, sentences)
    return Counter({"modified": 1})


def merge(doc: Document, rng: random.Random) -> Counter[str] | None:
    places = [
        (b, s)
        for b, s in _sentences(doc)
        if s + 1 < len(doc.blocks[b].sentences)
        and not doc.blocks[b].sentences[s].citations
        and not doc.blocks[b].sentences[s + 1].citations
        and doc.blocks[b].sentences[s].text.endswith(".")
    ]
    if not places:
        return None
    b, s = rng.choice(places)
    one, two = doc.blocks[b].sentences[s].text, doc.blocks[b].sentences[s + 1].text
    joined = one[:-1] + ", and " + two[:1].lower() + two[1:]
    sentences = list(doc.blocks[b].sentences)
    sentences[s : s + 2] = [Sentence(text=joined)]
    _set(doc, b, sentences)
    return Counter({"modified": 1})


def insert(doc: Document, rng: random.Random) -> Counter[str] | None:
    places = _sentences(doc)
    if not places:
        return None
    b, s = rng.choice(places)
    sentences = list(doc.blocks[b].sentences)
    sentences.insert(s + 1, Sentence(text=NEW_SENTENCE))
    _set(doc, b, sentences)
    return Counter({"added": 1})


def delete(doc: Document, rng: random.Random) -> Counter[str] | None:
    place = _long(doc, rng)
    if place is None:
        return None
    b, s = place
    sentences = list(doc.blocks[b].sentences)
    del sentences[s]
    _set(doc, b, sentences)
    if not sentences:
        del doc.blocks[b]
    return Counter({"removed": 1})


def move(doc: Document, rng: random.Random) -> Counter[str] | None:
    places = [b for b, block in enumerate(doc.blocks) if len(block.sentences) >= 2]
    if len(places) < 1 or len(doc.blocks) < 6:
        return None
    b = rng.choice(places)
    block = doc.blocks.pop(b)
    targets = [t for t in range(len(doc.blocks) + 1) if abs(t - b) >= 3]
    if not targets:
        return None
    doc.blocks.insert(rng.choice(targets), block)
    return Counter({"moved": -1})  # -1: any number of moved changes, nothing else


def move_rewrite(doc: Document, rng: random.Random) -> Counter[str] | None:
    """A moved paragraph with one of its sentences reworded: still moved, never removed+added."""
    places = [
        b
        for b, block in enumerate(doc.blocks)
        if len(block.sentences) >= 2
        and any(len(s.text.split()) >= 10 and not s.citations for s in block.sentences)
    ]
    if not places or len(doc.blocks) < 6:
        return None
    b = rng.choice(places)
    targets = [t for t in range(len(doc.blocks)) if abs(t - b) >= 3]
    if not targets:
        return None
    block = doc.blocks.pop(b)
    sentences = list(block.sentences)
    k = next(k for k, s in enumerate(sentences) if len(s.text.split()) >= 10 and not s.citations)
    words = sentences[k].text.split()
    words[len(words) // 2] = "reportedly"
    sentences[k] = Sentence(text=" ".join(words))
    block.sentences = sentences
    block.text = " ".join(s.text for s in sentences)
    doc.blocks.insert(rng.choice(targets), block)
    return Counter({"moved": -1})


def breaks(doc: Document, rng: random.Random) -> Counter[str] | None:
    places = [b for b, block in enumerate(doc.blocks) if len(block.sentences) >= 2]
    if not places:
        return None
    b = rng.choice(places)
    block = doc.blocks[b]
    cut = rng.randrange(1, len(block.sentences))
    first = Block(kind=block.kind, text="", sentences=block.sentences[:cut], section=block.section)
    second = Block(kind=block.kind, text="", sentences=block.sentences[cut:], section=block.section)
    for part in (first, second):
        part.text = " ".join(s.text for s in part.sentences)
    doc.blocks[b : b + 1] = [first, second]
    return Counter()


def typography(doc: Document, rng: random.Random) -> Counter[str] | None:
    touched = 0
    for block in doc.blocks:
        for sentence in block.sentences:
            text = sentence.text
            styled = text.replace("'", "\u2019").replace(" - ", " \u2013 ").replace(", ", ",\u00a0")
            if styled != text:
                sentence.text = styled
                touched += 1
    return Counter() if touched else None


EDITS: dict[str, Edit] = {
    "rewrite": rewrite,
    "split": split,
    "merge": merge,
    "insert": insert,
    "delete": delete,
    "move": move,
    "move+edit": move_rewrite,
    "breaks": breaks,
    "typography": typography,
}


def tracker_kinds(old: Document, new: Document) -> Counter[str]:
    report = compare(old, new)
    return Counter(str(c.kind) for c in report.claim_changes + report.text_changes)


def difflib_kinds(old: Document, new: Document) -> Counter[str]:
    a = [s.text for s in old.sentences]
    b = [s.text for s in new.sentences]
    kinds: Counter[str] = Counter()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 <= 2 and j2 - j1 <= 2:
            kinds["modified"] += 1
        elif tag in ("replace", "delete", "insert"):
            kinds["removed"] += i2 - i1
            kinds["added"] += j2 - j1
    return kinds


def correct(found: Counter[str], expected: Counter[str]) -> bool:
    if expected.get("moved") == -1:
        return bool(found) and set(found) == {"moved"}
    return found == expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = sorted((extraction_dir(args.data_dir) / "html").glob("*.html.gz"))
    if args.limit:
        files = files[: args.limit]
    rng = random.Random(args.seed)
    score: dict[str, Counter[str]] = {name: Counter() for name in EDITS}
    spent = 0.0
    for path in files:
        original = extract(gzip.decompress(path.read_bytes()))
        if len(original.sentences) < 5:
            continue
        for name, edit in EDITS.items():
            edited = copy.deepcopy(original)
            expected = edit(edited, rng)
            if expected is None:
                continue
            start = time.perf_counter()
            found = tracker_kinds(original, edited)
            spent += time.perf_counter() - start
            score[name]["cases"] += 1
            score[name]["tracker"] += correct(found, expected)
            score[name]["difflib"] += correct(difflib_kinds(original, edited), expected)
    print(f"exact change facts on {len(files)} real pages (seed {args.seed})")
    print(f"{'edit':<11} {'cases':>5} {'tracker':>8} {'difflib':>8}")
    totals: Counter[str] = Counter()
    for name, counts in score.items():
        totals.update(counts)
        cases = max(counts["cases"], 1)
        print(
            f"{name:<11} {counts['cases']:>5} {counts['tracker'] / cases:>8.1%} "
            f"{counts['difflib'] / cases:>8.1%}"
        )
    cases = max(totals["cases"], 1)
    print(
        f"{'all':<11} {totals['cases']:>5} {totals['tracker'] / cases:>8.1%} "
        f"{totals['difflib'] / cases:>8.1%}"
    )
    print(f"compare() time: {spent / cases * 1000:.1f} ms per pair")


if __name__ == "__main__":
    main()
