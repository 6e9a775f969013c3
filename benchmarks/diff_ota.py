"""Did the article change? Measured on real captures of terms pages (Open Terms Archive).

Usage:
    .venv/bin/python benchmarks/diff_ota.py DATA_DIR [--verbose]

DATA_DIR is ../shared/data/revisions-ota (or the data root holding it): ``pairs.jsonl``
and ``html/``. Each pair is two captures of one terms, privacy or copyright page,
labelled ``changed`` by whether the text people curated for it changed. Both sides
are extracted and compared as tracker does it; scored as its README says:

- precision, recall and F1 of ``article_changed`` (positive: ``changed``); a pair that
  raises counts as wrong; a ``date-only`` positive also counts as found when the
  report says the declared date moved (``date_only_bump`` or a date metadata change);
- changed-line coverage on positives: a curated line that changed counts as covered
  when at least half of its distinctive words occur among the words of the report's
  ``claim_changes`` and ``text_changes``.

The baseline in the same run is a plain trafilatura text diff: ``trafilatura.extract``
of each side, whitespace normalised, changed iff the texts differ (its coverage reads
the words of the lines that differ between its two texts).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from tracker import compare, extract
from tracker.model import ChangeReport

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-cased NFKC runs of letters and digits, link targets and images removed."""
    text = _LINK_TARGET.sub("]", _IMAGE.sub(" ", text))
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def ota_dir(path: Path) -> Path:
    for candidate in (path, path / "revisions-ota"):
        if (candidate / "pairs.jsonl").is_file() and (candidate / "html").is_dir():
            return candidate
    raise SystemExit(
        f"{path}: no OTA revision pairs here; expected a folder holding pairs.jsonl and html/ "
        "(for example ../shared/data/revisions-ota), or the data root that holds it"
    )


@dataclass(slots=True)
class Verdict:
    """One tool's answer on one pair: changed or not, and the words its report shows."""

    changed: bool
    shown: set[str] = field(default_factory=set)
    error: str | None = None


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    covered: int = 0
    lines: int = 0
    seconds: float = 0.0
    wrong: list[str] = field(default_factory=list)

    def add(self, pair: dict[str, Any], verdict: Verdict) -> None:
        label = bool(pair["changed"])
        said = verdict.changed and verdict.error is None
        if label and said:
            self.tp += 1
        elif label:
            self.fn += 1
        elif said or verdict.error is not None:
            self.fp += 1
        else:
            self.tn += 1
        if said != label or verdict.error is not None:
            self.wrong.append(f"{pair['id']} ({verdict.error or ('missed' if label else 'false')})")
        if label:
            for distinctive in changed_lines(pair):
                self.lines += 1
                found = sum(word in verdict.shown for word in distinctive)
                self.covered += found * 2 >= len(distinctive)

    def row(self, name: str, pairs: int) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        coverage = self.covered / self.lines if self.lines else 0.0
        return (
            f"{name:<24} {precision:>9.3f} {recall:>7.3f} {f1:>7.3f}   "
            f"{self.tp:>3} {self.fp:>3} {self.fn:>3} {self.tn:>3}   "
            f"{coverage:>8.3f} ({self.covered}/{self.lines})   {pairs / self.seconds:>6.1f}"
        )


def changed_lines(pair: dict[str, Any]) -> Iterable[list[str]]:
    """The distinctive words of each curated line that changed (and has a word)."""
    for mine, theirs in (
        (pair["ota_removed"], pair["ota_added"]),
        (pair["ota_added"], pair["ota_removed"]),
    ):
        other = {word for line in theirs for word in words(line)}
        for line in mine:
            line_words = words(line)
            if not line_words:
                continue
            distinctive = [word for word in line_words if word not in other]
            yield distinctive or line_words


def tracker_verdict(old_html: bytes, new_html: bytes, url: str, kind: str) -> Verdict:
    report = compare(extract(old_html, url=url), extract(new_html, url=url))
    return Verdict(changed=said_changed(report, kind), shown=report_words(report))


def said_changed(report: ChangeReport, kind: str) -> bool:
    if report.article_changed:
        return True
    dates_moved = report.date_only_bump or any(
        change.field in ("updated", "published") for change in report.metadata_changes
    )
    return kind == "date-only" and dates_moved


def report_words(report: ChangeReport) -> set[str]:
    shown: set[str] = set()
    for change in [*report.claim_changes, *report.text_changes]:
        for text in (change.old, change.new):
            shown.update(words(text or ""))
    return shown


def trafilatura_verdict(old_html: bytes, new_html: bytes, url: str, kind: str) -> Verdict:
    del kind
    old = trafilatura.extract(old_html, url=url) or ""
    new = trafilatura.extract(new_html, url=url) or ""
    shown: set[str] = set()
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0):
        if line[:1] in "+-" and not line.startswith(("+++", "---")):
            shown.update(words(line[1:]))
    return Verdict(changed=" ".join(old.split()) != " ".join(new.split()), shown=shown)


Tool = Callable[[bytes, bytes, str, str], Verdict]


def run(tool: Tool, pair: dict[str, Any], folder: Path, score: Score) -> None:
    old_html = (folder / pair["old"]).read_bytes()
    new_html = (folder / pair["new"]).read_bytes()
    started = time.process_time()
    try:
        verdict = tool(old_html, new_html, pair["url"], pair["ota_kind"])
    except Exception as error:  # a pair that raises counts as wrong
        verdict = Verdict(changed=False, error=f"{type(error).__name__}: {error}")
    score.seconds += time.process_time() - started
    score.add(pair, verdict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="../shared/data/revisions-ota or the data root")
    parser.add_argument("--verbose", action="store_true", help="list the pairs each tool got wrong")
    args = parser.parse_args()
    folder = ota_dir(args.data)
    pairs = [json.loads(line) for line in (folder / "pairs.jsonl").read_text().splitlines()]
    tools: dict[str, Tool] = {
        "tracker": tracker_verdict,
        "trafilatura text diff": trafilatura_verdict,
    }
    scores = {name: Score() for name in tools}
    for pair in pairs:
        for name, tool in tools.items():
            run(tool, pair, folder, scores[name])
    positives = sum(bool(pair["changed"]) for pair in pairs)
    print(f"{len(pairs)} pairs ({positives} changed) from {folder}")
    print(
        f"{'tool':<24} {'precision':>9} {'recall':>7} {'F1':>7}   "
        f"{'tp':>3} {'fp':>3} {'fn':>3} {'tn':>3}   {'coverage':>8}           pairs/s"
    )
    for name, score in scores.items():
        print(score.row(name, len(pairs)))
    if args.verbose:
        for name, score in scores.items():
            print(f"\n{name} wrong on {len(score.wrong)}:")
            for line in score.wrong:
                print(f"  {line}")


if __name__ == "__main__":
    main()
