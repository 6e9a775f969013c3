"""Reference-parsing accuracy on an annotated corpus, beside a naive baseline.

Usage:
    .venv/bin/python benchmarks/references.py /work/shared/data/references/anystyle-core.xml

The corpus is anystyle's core.xml: each <sequence> is one reference string cut into tagged
parts. The string given to the parser is the parts joined by spaces; the expected fields
come from the tags: the family name of the first <author>, the first four-digit year of the
first <date>, the first <title>, the first <journal> or <container-title>, and <doi>.
PMID and PMCID are read from the text where a string carries one. Fields are compared
after case, accent and punctuation folding (a container's leading "In" aside). Accuracy is
counted on the strings that carry
the field; "absent ok" is the share of the other strings where the parser also says none.

Three parsers are scored in the same run:
  naive   the parser everyone writes first: split on ". ", first piece is the authors (first
          word = family), second the title, third the container, first 19xx/20xx the year,
          the first "10.x/..." token the DOI;
  rules   tracker's rule parser alone (parse_reference(raw, tagger=None));
  model   tracker as shipped (rules + token CRF), cross-validated: the corpus is cut into k
          folds and each string is parsed by a model trained on the other folds only, so no
          string is scored by a model that saw it. The shipped model (trained on all of it by
          benchmarks/train_references.py) is only timed here, never scored.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tracker.extraction.ref_model import TAG_LABELS, Tagger, default_tagger, tokenize, train
from tracker.extraction.reference_authors import author_family, split_authors
from tracker.extraction.references import parse_reference
from tracker.model import Reference

FIELDS = ("first_author", "year", "title", "container", "doi", "pmid", "pmcid")
TARGETS = {"first_author": 0.90, "year": 0.90, "title": 0.90, "container": 0.90}
ID_TARGET = 0.98


@dataclass(slots=True)
class Example:
    raw: str
    gold: dict[str, str | None]
    tokens: list[str]
    labels: list[str]


def fold(value: str | None) -> str:
    if not value:
        return ""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"\w+", value))


def load(path: Path) -> list[Example]:
    try:
        tree = etree.parse(str(path))
    except (OSError, etree.XMLSyntaxError) as error:
        sys.exit(f"references benchmark: cannot read {path}: {error}")
    examples: list[Example] = []
    for sequence in tree.getroot().iter("sequence"):
        parts = [(child.tag, " ".join((child.text or "").split())) for child in sequence]
        raw = " ".join(text for _, text in parts if text)

        def first(*tags: str, parts: list[tuple[str, str]] = parts) -> str | None:
            return next((text for tag, text in parts if tag in tags and text), None)

        author = first("author")
        people = split_authors(author) if author else []
        date = first("date")
        year = re.search(r"\b(1[5-9]\d\d|20\d\d)", date or "")
        doi = first("doi")
        doi_match = re.search(r"10\.\d{4,9}/\S+", doi or "")
        pmid = re.search(r"\bPMID:?\s*(\d+)", raw)
        pmcid = re.search(r"\b(PMC\d+)", raw)
        gold = {
            "first_author": author_family(people[0]) if people else None,
            "year": year.group(1) if year else None,
            "title": first("title"),
            "container": first("journal", "container-title"),
            "doi": identifier(doi_match.group(0)) if doi_match else None,
            "pmid": pmid.group(1) if pmid else None,
            "pmcid": pmcid.group(1) if pmcid else None,
        }
        tokens: list[str] = []
        labels: list[str] = []
        for index, (tag, text) in enumerate(parts):
            if tag == "citation-number" and index == 0:
                continue  # the parser splits the label off before the model sees the text
            for token in tokenize(text):
                tokens.append(token)
                labels.append(TAG_LABELS.get(tag, "note"))
        examples.append(Example(raw=raw, gold=gold, tokens=tokens, labels=labels))
    return examples


def predicted(ref: Reference) -> dict[str, str | None]:
    return {
        "first_author": author_family(ref.authors[0]) if ref.authors else None,
        "year": ref.year,
        "title": ref.title,
        "container": ref.container,
        "doi": ref.doi,
        "pmid": ref.pmid,
        "pmcid": ref.pmcid,
    }


def naive(raw: str) -> dict[str, str | None]:
    pieces = [piece.strip() for piece in raw.split(". ")]
    year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", raw)
    doi = re.search(r"10\.\d{4,9}/\S+", raw)
    pmid = re.search(r"PMID:?\s*(\d+)", raw)
    pmcid = re.search(r"PMC\d+", raw)
    first_word = pieces[0].split()[0].rstrip(",") if pieces and pieces[0].split() else None
    return {
        "first_author": first_word,
        "year": year.group(1) if year else None,
        "title": pieces[1] if len(pieces) > 1 else None,
        "container": pieces[2] if len(pieces) > 2 else None,
        "doi": doi.group(0) if doi else None,
        "pmid": pmid.group(1) if pmid else None,
        "pmcid": pmcid.group(0) if pmcid else None,
    }


def same(field: str, gold: str | None, guess: str | None) -> bool:
    if field in ("doi", "pmid", "pmcid"):
        return (gold or "").lower() == (guess or "").lower()
    if field == "container":
        # "In Proceedings of X": the "In" joins the container to the title, it is not its name
        return re.sub(r"^in ", "", fold(gold)) == re.sub(r"^in ", "", fold(guess))
    return fold(gold) == fold(guess)


def identifier(text: str) -> str:
    """An annotated DOI without the sentence punctuation or bracket the annotator took in."""
    text = text.rstrip(".,;:")
    while (
        text and text[-1] in ")]" and text.count(text[-1]) > text.count("(["[")]".index(text[-1])])
    ):
        text = text[:-1].rstrip(".,;:")
    return text


def score(
    examples: list[Example], guesses: list[dict[str, str | None]]
) -> dict[str, tuple[int, int, int, int]]:
    """Per field: (correct where present, present, none where absent, absent)."""
    counts = {field: [0, 0, 0, 0] for field in FIELDS}
    for example, guess in zip(examples, guesses, strict=True):
        for field in FIELDS:
            gold = example.gold[field]
            if gold:
                counts[field][1] += 1
                counts[field][0] += same(field, gold, guess[field])
            else:
                counts[field][3] += 1
                counts[field][2] += not guess[field]
    return {field: (c[0], c[1], c[2], c[3]) for field, c in counts.items()}


def cross_validated(examples: list[Example], folds: int) -> list[dict[str, str | None]]:
    """Each string parsed by a model trained on the other folds only (never on itself)."""
    guesses: list[dict[str, str | None] | None] = [None] * len(examples)
    with tempfile.TemporaryDirectory() as folder:
        for fold in range(folds):
            path = Path(folder) / f"fold{fold}.crfsuite"
            train(
                ((ex.tokens, ex.labels) for i, ex in enumerate(examples) if i % folds != fold),
                path,
            )
            tagger = Tagger(path)
            for index in range(fold, len(examples), folds):
                ref = parse_reference(examples[index].raw, tagger=tagger)
                guesses[index] = predicted(ref)
    return [guess for guess in guesses if guess is not None]


def timed(
    parse: Callable[[str], dict[str, str | None]], examples: list[Example]
) -> tuple[list[dict[str, str | None]], float]:
    started = time.perf_counter()
    guesses = [parse(example.raw) for example in examples]
    return guesses, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="anystyle core.xml (annotated references)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    parser.add_argument("--errors", metavar="FIELD", help="print the misses of one field (model)")
    parser.add_argument("--rules-errors", metavar="FIELD", help="print the misses of the rules")
    args = parser.parse_args()
    examples = load(args.corpus)

    naive_guesses, naive_time = timed(naive, examples)
    rule_guesses, rule_time = timed(
        lambda raw: predicted(parse_reference(raw, tagger=None)), examples
    )
    model_guesses = cross_validated(examples, args.folds)
    columns = {
        "naive": score(examples, naive_guesses),
        "rules": score(examples, rule_guesses),
        f"model({args.folds}-fold)": score(examples, model_guesses),
    }

    print(f"{len(examples)} reference strings from {args.corpus.name}")
    names = list(columns)
    header = f"{'field':<13}{'n':>6}" + "".join(f"{name:>16}" for name in names)
    header += f"{'target':>8}{'absent ok':>11}"
    print(header)
    print("-" * len(header))
    final = columns[names[-1]]
    for field in FIELDS:
        correct, present, quiet, absent = final[field]
        if not present:
            print(f"{field:<13}{0:>6}  (no string in the corpus carries one)")
            continue
        target = TARGETS.get(field, ID_TARGET)
        row = f"{field:<13}{present:>6}"
        row += "".join(f"{columns[name][field][0] / present:>16.3f}" for name in names)
        ok = "ok" if correct / present >= target else "BELOW"
        row += f"{target:>8.2f}{(quiet / absent if absent else 1.0):>11.3f}  {ok}"
        print(row)
    shipped = default_tagger()
    speed = f"speed: rules {len(examples) / rule_time:,.0f} refs/s"
    if shipped is not None:
        # the shipped model was trained on this corpus: timed here, never scored here
        _, model_time = timed(lambda raw: predicted(parse_reference(raw, tagger=shipped)), examples)
        speed += f", rules+model {len(examples) / model_time:,.0f} refs/s"
    print(f"{speed}, naive {len(examples) / naive_time:,.0f} refs/s (one core)")

    for field, guesses in ((args.errors, model_guesses), (args.rules_errors, rule_guesses)):
        if not field:
            continue
        for example, guess in zip(examples, guesses, strict=True):
            gold = example.gold[field]
            if gold and not same(field, gold, guess[field]):
                print(f"\n{example.raw}\n  gold:  {gold}\n  guess: {guess[field]}")


if __name__ == "__main__":
    main()
