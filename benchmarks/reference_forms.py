"""Identifiers read in the forms real reference lists write them, on real reference strings.

Usage:
    .venv/bin/python benchmarks/reference_forms.py ../shared/data/references/anystyle-core.xml
                                                   [--baseline SRC] [--every N] [--errors]

The strings are anystyle's hand-annotated references (one in N, default 5). Each one's own
DOI (with its "doi:" or link prefix) is taken out and the identifiers are written at its end
in each form of the list below, as MEDLINE exports, PubMed pages, publishers and hand-made
lists write them; the DOIs are the real DOIs of the corpus (round robin), PMIDs and PMCIDs
numbers of their length. Printed per form: the share of strings whose DOI, PMID and PMCID
all come out exactly, and the share whose first author, year, title and container are the
same as when the DOI is written plainly ("doi:10.x/y" at the end). ``--baseline SRC``
scores, in the same run, the parser of another source tree (``git archive COMMIT | tar -x
-C /tmp/base``) in a subprocess.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from references import FIELDS, Example, load, predicted, same

from tracker.extraction.references import parse_reference

IDS = ("doi", "pmid", "pmcid")
Fields = dict[str, str | None]
Case = tuple[str, str, str, Fields]  # form, string with a plain DOI, string in the form, gold
KEPT = tuple(field for field in FIELDS if field not in IDS)


class Ids:
    def __init__(self, doi: str, number: int) -> None:
        self.doi = doi
        self.pmid = str(30_000_000 + number * 7919 % 9_000_000)
        self.pmcid_number = str(6_000_000 + number * 104_729 % 3_000_000)

    def gold(self, *, pmid: bool = False, pmcid: bool = False) -> dict[str, str | None]:
        return {
            "doi": self.doi,
            "pmid": self.pmid if pmid else None,
            "pmcid": "PMC" + self.pmcid_number if pmcid else None,
        }


def _pii(doi: str) -> str:
    return doi.split("/", 1)[1]


def _spaced(doi: str) -> str:
    prefix, suffix = doi.split("/", 1)
    return f"{prefix}/ {suffix}"


# form name -> (identifier text written, which of PMID / PMCID it carries)
FORMS: dict[str, Callable[[Ids], tuple[str, dict[str, str | None]]]] = {
    "plain doi:": lambda i: (f"doi:{i.doi}.", i.gold()),
    "doi.org link": lambda i: (f"https://doi.org/{i.doi}", i.gold()),
    "MEDLINE [doi]": lambda i: (f"{i.doi} [doi]", i.gold()),
    "MEDLINE glued [doi]": lambda i: (f"{i.doi}[doi]", i.gold()),
    "[pii] then [doi]": lambda i: (f"{_pii(i.doi)} [pii] {i.doi} [doi]", i.gold()),
    "PMID glued": lambda i: (f"doi:{i.doi}.PMID:{i.pmid}", i.gold(pmid=True)),
    "space after slash": lambda i: (f"doi: {_spaced(i.doi)}.", i.gold()),
    "in brackets": lambda i: (f"[doi:{i.doi}].", i.gold()),
    "in parentheses": lambda i: (f"(doi:{i.doi}).", i.gold()),
    "PubMed page": lambda i: (
        f"doi: {i.doi}. Epub 2020 Jan 24. PMID: {i.pmid}; PMCID: PMC{i.pmcid_number}.",
        i.gold(pmid=True, pmcid=True),
    ),
    "PMCID: PMCPMC": lambda i: (
        f"doi:{i.doi}. PMCID: PMCPMC{i.pmcid_number}",
        i.gold(pmcid=True),
    ),
    "PMCID: digits": lambda i: (f"doi:{i.doi}. PMCID: {i.pmcid_number}", i.gold(pmcid=True)),
    "[PubMed: n]": lambda i: (f"doi: {i.doi}. [PubMed: {i.pmid}]", i.gold(pmid=True)),
    "MEDLINE PMID-": lambda i: (f"PMID- {i.pmid} doi: {i.doi}", i.gold(pmid=True)),
}


def without_doi(raw: str, doi: str | None) -> str:
    """The string with its own DOI (and the prefix before it) taken out."""
    if doi:
        at = raw.lower().find(doi.lower())
        if at >= 0:
            before = re.sub(r"(?i)(?:\bdoi\s*[:.>]?\s*|https?://(?:dx\.)?doi\.org/)$", "", raw[:at])
            raw = before + raw[at + len(doi) :]
    return raw.strip().rstrip(",;:").strip()


def cases(examples: list[Example], every: int) -> list[Case]:
    """(form, plain string, string in the form, gold identifiers) for the chosen strings."""
    dois = sorted({ex.gold["doi"] for ex in examples if ex.gold["doi"]})
    # a string that carries its own PMID or PMCID would be scored against two
    chosen = [
        ex
        for index, ex in enumerate(examples)
        if index % every == 0 and not ex.gold["pmid"] and not ex.gold["pmcid"]
    ]
    found = []
    for number, example in enumerate(chosen):
        ids = Ids(dois[number % len(dois)], number)
        body = without_doi(example.raw, example.gold["doi"])
        body = body if body.endswith(".") else body + "."
        plain = f"{body} doi:{ids.doi}."
        for form, write in FORMS.items():
            text, gold = write(ids)
            found.append((form, plain, f"{body} {text}", gold))
    return found


def parsed(strings: list[str]) -> list[dict[str, str | None]]:
    return [predicted(parse_reference(text)) for text in strings]


def baseline_parsed(source: Path, strings: list[str]) -> list[dict[str, str | None]]:
    environment = dict(os.environ, PYTHONPATH=str(source.resolve()))
    done = subprocess.run(
        [sys.executable, __file__, "--emit"],
        env=environment,
        input=json.dumps(strings),
        capture_output=True,
        text=True,
        check=True,
        cwd=source,
    )
    return json.loads(done.stdout)


def scores(found: list[Case], guesses: dict[str, Fields]) -> dict[str, tuple[int, int, int]]:
    """Per form: (identifiers exact, fields as when plain, strings)."""
    table: dict[str, list[int]] = {form: [0, 0, 0] for form in FORMS}
    for form, plain, text, gold in found:
        guess, reference = guesses[text], guesses[plain]
        table[form][0] += all(same(name, gold[name], guess[name]) for name in IDS)
        table[form][1] += all(fields_agree(name, reference, guess) for name in KEPT)
        table[form][2] += 1
    return {form: (a, b, n) for form, (a, b, n) in table.items()}


def fields_agree(name: str, reference: Fields, guess: Fields) -> bool:
    return same(name, reference[name], guess[name]) or reference[name] == guess[name]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", help="anystyle core.xml")
    parser.add_argument("--baseline", type=Path, help="a source tree to score in the same run")
    parser.add_argument("--every", type=int, default=5, help="take one string in N (default 5)")
    parser.add_argument("--errors", action="store_true", help="print tracker's identifier misses")
    parser.add_argument("--field-errors", action="store_true", help="print fields that moved")
    parser.add_argument("--emit", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.emit:
        json.dump(parsed(json.load(sys.stdin)), sys.stdout)
        return
    if args.corpus is None:
        parser.error("the corpus is required")
    found = cases(load(args.corpus), args.every)
    strings = sorted({text for _, plain, form_text, _ in found for text in (plain, form_text)})
    columns = {}
    if args.baseline:
        before = baseline_parsed(args.baseline, strings)
        columns["baseline"] = dict(zip(strings, before, strict=True))
    columns["tracker"] = dict(zip(strings, parsed(strings), strict=True))
    tables = {name: scores(found, guesses) for name, guesses in columns.items()}
    count = len(found) // len(FORMS)
    print(f"{count} real reference strings x {len(FORMS)} identifier forms")
    header = f"{'form':<22}" + "".join(f"{name + ' ids':>16}{'fields':>8}" for name in tables)
    print(header)
    print("-" * len(header))
    for form in (*FORMS, "all"):
        row = f"{form:<22}"
        for table in tables.values():
            a, b, n = (
                [sum(values[k] for values in table.values()) for k in range(3)]
                if form == "all"
                else table[form]
            )
            row += f"{a / n:>16.3f}{b / n:>8.3f}"
        print(row)
    for form, plain, text, gold in found:
        guess, reference = columns["tracker"][text], columns["tracker"][plain]
        if args.errors and not all(same(name, gold[name], guess[name]) for name in IDS):
            print(f"\n[{form}] {text}\n  gold:  {gold}\n  guess: {[guess[n] for n in IDS]}")
        moved = [name for name in KEPT if not fields_agree(name, reference, guess)]
        if args.field_errors and moved:
            print(f"\n[{form}] {text}")
            for name in moved:
                print(f"  {name}: {reference[name]!r} -> {guess[name]!r}")


if __name__ == "__main__":
    main()
