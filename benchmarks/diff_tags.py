"""Are claim edits tagged as researchers expect? Measured on real press-release sentences.

Usage:
    .venv/bin/python benchmarks/diff_tags.py DATA_DIR

DATA_DIR holds ``claims/press-release-sentences.csv`` (../shared/data: 2,076 real
sentences). Each sentence that allows it is edited the way pages get edited, and
the tags of the claim change (tracker.comparison.claim_tags.claim_tags over the claim
assessor) are checked against what the edit means:

  hedge removed   " may " dropped                     -> hedge_removed and strengthened
  hedge added     the same edit read backwards        -> hedge_added and weakened
  number          one 2-4 digit number raised by 7    -> number_changed, no direction tag
  negation        " is " -> " is not " (does, can)    -> negation_changed

The baseline in the same run is a plain word diff (difflib over words) that tags
hedge_removed / hedge_added when "may" left or came, number_changed when a digit
token changed, negation_changed when "not" / "cannot" came or left.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from tracker.comparison.claim_tags import claim_tags
from tracker.comparison.claims import assess

NUMBER = re.compile(r"\b(\d{2,4})\b")
NEGATIONS = ((" is ", " is not "), (" does ", " does not "), (" can ", " cannot "))

Tagger = Callable[[str, str], set[str]]


def tracker_tags(old: str, new: str) -> set[str]:
    tags, _ = claim_tags(assess(old), assess(new))
    return {str(tag) for tag in tags}


def word_diff_tags(old: str, new: str) -> set[str]:
    a, b = old.split(), new.split()
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if tag != "equal":
            removed += a[i1:i2]
            added += b[j1:j2]
    tags = set()
    if "may" in removed:
        tags.add("hedge_removed")
    if "may" in added:
        tags.add("hedge_added")
    if any(any(c.isdigit() for c in w) for w in removed + added):
        tags.add("number_changed")
    if {"not", "cannot"} & set(removed + added):
        tags.add("negation_changed")
    return tags


def edits(sentence: str) -> list[tuple[str, str, str, set[str], set[str]]]:
    """(case, old, new, tags that must be there, tags that must not)."""
    cases = []
    if " may " in sentence:
        without = sentence.replace(" may ", " ", 1)
        cases.append(
            ("hedge removed", sentence, without, {"hedge_removed", "strengthened"}, {"weakened"})
        )
        cases.append(
            ("hedge added", without, sentence, {"hedge_added", "weakened"}, {"strengthened"})
        )
    match = NUMBER.search(sentence)
    if match:
        raised = str(int(match.group(1)) + 7)
        edited = sentence[: match.start()] + raised + sentence[match.end() :]
        cases.append(("number", sentence, edited, {"number_changed"}, {"strengthened", "weakened"}))
    for plain, negated in NEGATIONS:
        if plain in sentence and negated not in sentence:
            edited = sentence.replace(plain, negated, 1)
            cases.append(("negation", sentence, edited, {"negation_changed"}, set()))
            break
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    args = parser.parse_args()
    path = args.data_dir / "claims" / "press-release-sentences.csv"
    with path.open(encoding="utf-8") as handle:
        sentences = [row["sentence"] for row in csv.DictReader(handle)]
    taggers: dict[str, Tagger] = {"tracker": tracker_tags, "word diff": word_diff_tags}
    score: dict[str, Counter[str]] = {}
    for sentence in sentences:
        for case, old, new, wanted, unwanted in edits(sentence):
            counts = score.setdefault(case, Counter())
            counts["cases"] += 1
            for name, tagger in taggers.items():
                tags = tagger(old, new)
                counts[name] += wanted <= tags and not unwanted & tags
    print(f"claim-edit tags on {len(sentences)} real sentences: exact expected tags")
    print(f"{'edit':<14} {'cases':>5} {'tracker':>8} {'word diff':>9}")
    for case, counts in score.items():
        cases = counts["cases"]
        print(
            f"{case:<14} {cases:>5} {counts['tracker'] / cases:>8.1%} "
            f"{counts['word diff'] / cases:>9.1%}"
        )


if __name__ == "__main__":
    main()
