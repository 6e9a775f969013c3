"""A benchmark run on this tree and on an earlier commit, in the same run, figure by figure.

The earlier commit is checked out in a temporary git worktree and the benchmark runs
there with that tree's own ``tracker`` first on the import path (``PYTHONPATH``), and
that tree's own copy of the benchmark script, so each side measures the code it had.
Runs alternate (baseline, current, baseline, current...) so a machine whose load
changes during the run weighs on both sides alike; each figure is the median of its
rounds. Lines of the two outputs are paired by their words (the line with its numbers
taken out) and every number is printed for both sides with the ratio now/baseline:
for a time below 1 is faster, for a rate above 1 is.

``--script this`` runs this tree's copy of the benchmark on both sides instead (still
each with its own ``tracker``): for a benchmark whose baseline copy cannot measure, as
daemon_load's at 92bd9a3, whose 304 baseline also asked the pages that change and
stopped on the first 200 when the machine was slow enough for one to change first.
daemon_load runs this way by default (its script names the daemon's parts both ways).

The default baseline is the tree before the architecture work (issue 14): the parent
of the commit that created the ``tracker/store/`` package.

    .venv/bin/python benchmarks/against_ref.py check_cost -- --rounds 20
    .venv/bin/python benchmarks/against_ref.py diff_speed --ref main~5 -- --sizes 20000
    .venv/bin/python benchmarks/against_ref.py extraction -- /work/shared/data --limit 40
    .venv/bin/python benchmarks/against_ref.py daemon_load -- --watches 500 --interval 30 \
        --minutes 2
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMED = ("check_cost", "extraction", "diff_speed", "daemon_load")
THIS_SCRIPT_BY_DEFAULT = ("daemon_load",)  # see the module's docstring
# a number standing alone (not the 256 of "sha256"), thousands commas allowed
NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:,\d{3})*(?:\.\d+)?(?![\w.]*\d)")


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def before_architecture() -> str:
    """The parent of the commit that created tracker/store/ (the first step of issue 14)."""
    created = git("log", "--diff-filter=A", "--format=%H", "--", "tracker/store/__init__.py")
    return git("rev-parse", f"{created.splitlines()[-1]}~1")


@dataclass(frozen=True, slots=True)
class Line:
    """One output line: as printed, as words (numbers replaced by #), and its numbers."""

    text: str
    words: str
    numbers: tuple[float, ...]


Key = tuple[str, int]  # a line's words, and how many lines before it had the same words


def lines_of(output: str) -> dict[Key, Line]:
    """The lines of ``output`` each by its key (a line without numbers is a heading)."""
    seen: Counter[str] = Counter()
    found = {}
    for text in output.splitlines():
        if text.strip():
            numbers = tuple(float(n.replace(",", "")) for n in NUMBER.findall(text))
            words = " ".join(NUMBER.sub("#", text).split())
            found[(words, seen[words])] = Line(text.strip(), words, numbers)
            seen[words] += 1
    return found


def medians(outputs: list[str]) -> dict[Key, Line]:
    """Per line, the median of each number over the rounds that printed that line alike."""
    rounds = [lines_of(output) for output in outputs]
    result = {}
    for key, first in rounds[0].items():
        runs = [r[key].numbers for r in rounds if key in r and r[key].words == first.words]
        values = tuple(statistics.median(column) for column in zip(*runs, strict=True))
        result[key] = Line(first.text, first.words, values)
    return result


def run(tree: Path, name: str, args: list[str], script: Path) -> str:
    """The benchmark's output in ``tree``, with that tree's tracker imported."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    probe = subprocess.run(
        [sys.executable, "-c", "import tracker; print(tracker.__file__)"],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    if not Path(probe.stdout.strip()).is_relative_to(tree):
        raise SystemExit(f"{tree}: imports tracker from {probe.stdout.strip()}, not its own")
    done = subprocess.run(
        ["nice", "-n", "10", sys.executable, str(script), *args],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{name} failed in {tree}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def figure(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def compare(now: dict[Key, Line], then: dict[Key, Line]) -> list[str]:
    """One block per line: the line as this tree printed it, then each number both ways."""
    out = []
    for key, line in now.items():
        if not line.numbers:
            out.append(line.text)
            continue
        before = then.get(key)
        if before is None or len(before.numbers) != len(line.numbers):
            # the line as the baseline's script printed it (another format), if one line
            # there starts with the same label
            label = line.words.split(" ", 1)[0]
            alike = [b for k, b in then.items() if k not in now and b.words.startswith(label)]
            seen = f"baseline: {alike[0].text}" if len(alike) == 1 else "not in the baseline"
            out.append(f"{line.text}\n    ({seen})")
            continue
        pairs = [
            f"{figure(b)} -> {figure(c)}" + (f" (x{c / b:.2f})" if b and c != b else "")
            for c, b in zip(line.numbers, before.numbers, strict=True)
        ]
        out.append(f"{line.text}\n    baseline -> now: {'; '.join(pairs)}")
    gone = [line for key, line in then.items() if key not in now and line.numbers]
    out += [f"{line.text}\n    (only in the baseline)" for line in gone]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", choices=NAMED, help="the benchmark (benchmarks/NAME.py)")
    parser.add_argument("--ref", help="the baseline commit (default: before the architecture)")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each side, alternating")
    parser.add_argument(
        "--script",
        choices=("own", "this"),
        help="each tree's own copy of the benchmark, or this tree's on both sides "
        f"(default: this for {', '.join(THIS_SCRIPT_BY_DEFAULT)}, own for the others)",
    )
    parser.epilog = "Everything after -- goes to the benchmark itself."
    # split at "--" by hand: argparse would take options after the name for the benchmark's
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    options = parser.parse_args(argv[:cut])
    options.args = argv[cut + 1 :]
    ref = git("rev-parse", options.ref) if options.ref else before_architecture()
    head = git("rev-parse", "HEAD")
    changed = git("diff", "--stat", ref, "--", f"benchmarks/{options.name}.py") or "unchanged"
    default = "this" if options.name in THIS_SCRIPT_BY_DEFAULT else "own"
    this_script = (options.script or default) == "this"
    with tempfile.TemporaryDirectory(prefix="tracker-ref-") as scratch:
        tree = Path(scratch) / "tree"
        git("worktree", "add", "--detach", str(tree), ref)
        try:
            then_runs, now_runs = [], []
            script = Path("benchmarks", f"{options.name}.py")
            then_script = ROOT / script if this_script else tree / script
            for _ in range(options.rounds):
                then_runs.append(run(tree, options.name, options.args, then_script))
                now_runs.append(run(ROOT, options.name, options.args, ROOT / script))
        finally:
            git("worktree", "remove", "--force", str(tree))
    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--", "tracker") else ""
    print(f"{options.name} {' '.join(options.args)}: baseline {ref[:10]} -> now {head[:10]}{dirty}")
    print(f"  {options.rounds} round(s) each, alternating; each figure the median of its rounds")
    print(f"  the benchmark script since the baseline: {changed.splitlines()[-1].strip()}")
    if this_script:
        print("  this tree's copy of the script ran on both sides, each with its own tracker")
    print("\n".join(compare(medians(now_runs), medians(then_runs))))


if __name__ == "__main__":
    main()
