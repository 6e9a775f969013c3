"""Speed of `tracker diff` on long pages, and how it scales, against a named baseline.

Usage:
    .venv/bin/python benchmarks/diff_speed.py [--sizes 200000,800000,2000000,8000000]
        [--repeat 3] [--edit-rate 0.02] [--seed 1]

For each size S a synthetic article page of about S bytes of HTML is generated
(sections, paragraphs, "(n)" citations, a numbered reference list, page chrome),
and a revised copy with about ``edit-rate`` of its sentences rewritten, some added
and removed, one section moved and one reference inserted (the rest renumbered).

Printed per size, best of ``--repeat`` runs on one core, in CPU seconds of this
process by default (steady when other work shares the machine; ``--clock wall``
for elapsed time):
  extract   extract() of both versions (the colleague stage, shown for context)
  compare   compare() of the two Documents: alignment, references, claims, report
  total     extract + compare: what `tracker diff old.html new.html` spends
  difflib   baseline: difflib.SequenceMatcher over the same two sentence lists
            (get_opcodes, autojunk off), the standard library's sequence diff
and, for each size that is 4x an earlier one, the time ratio (near 4 = linear).
Targets from the issue: total <= 0.5 s at 200 KB, <= 5 s at 2 MB.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import html
import random
import time
from collections.abc import Callable
from functools import partial

from tracker import compare, extract
from tracker.memo import forget_all
from tracker.model import Document

CONSONANTS = "bcdfghklmnprstvz"
VOWELS = "aeiou"
STARTS = ["In", "After", "Among", "Across", "During", "Without", "Before", "Unlike"]
VERBS = [
    "reduced",
    "may reduce",
    "improved",
    "was associated with",
    "did not change",
    "could help",
    "increased",
    "halted",
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(rng.randint(1, 4)))


def _sentence(rng: random.Random, vocabulary: list[str], refs: int) -> str:
    words = [rng.choice(vocabulary) for _ in range(rng.randint(6, 22))]
    middle = rng.randint(2, len(words) - 2)
    text = f"{rng.choice(STARTS)} {' '.join(words[:middle])} {rng.choice(VERBS)} "
    text += f"{' '.join(words[middle:])} in {rng.randint(5, 5000)} patients"
    if rng.random() < 0.3:
        text += f" ({rng.randint(1, refs)})"
    return text + "."


Page = tuple[list[tuple[str, list[list[str]]]], list[str]]


def make_page(size: int, rng: random.Random) -> Page:
    """Sections of paragraphs of sentences, and a reference list, about ``size`` bytes."""
    vocabulary = [_word(rng) for _ in range(5000)]
    refs = max(10, size // 20000)
    references = [
        f"{_word(rng).title()} {rng.choice(CONSONANTS).upper()}, {_word(rng).title()} "
        f"{rng.choice(CONSONANTS).upper()}. {' '.join(_word(rng) for _ in range(8)).capitalize()}. "
        f"J {_word(rng).title()}. {rng.randint(1990, 2024)};{rng.randint(1, 80)}:"
        f"{rng.randint(1, 900)}. "
        f"doi:10.{rng.randint(1000, 9999)}/{_word(rng)}.{n}"
        for n in range(refs)
    ]
    sections: list[tuple[str, list[list[str]]]] = []
    total = 0
    while total < size * 0.93:  # leave room for markup and chrome
        paragraphs = [
            [_sentence(rng, vocabulary, refs) for _ in range(rng.randint(2, 6))]
            for _ in range(rng.randint(2, 6))
        ]
        title = " ".join(_word(rng) for _ in range(3)).capitalize()
        sections.append((title, paragraphs))
        total += sum(len(s) + 1 for p in paragraphs for s in p) + 20
    return sections, references


def revise(page: Page, rate: float, rng: random.Random) -> Page:
    """A later version: rewritten, added and removed sentences, a moved section, a new reference."""
    sections, references = page
    vocabulary = [_word(rng) for _ in range(500)]
    new_sections = []
    for title, paragraphs in sections:
        new_paragraphs = []
        for paragraph in paragraphs:
            revised = []
            for sentence in paragraph:
                roll = rng.random()
                if roll < rate / 2:
                    words = sentence.split()
                    words[rng.randrange(1, len(words) - 1)] = rng.choice(vocabulary)
                    revised.append(" ".join(words))
                elif roll < rate * 0.75:
                    continue  # removed
                elif roll < rate:
                    revised += [sentence, _sentence(rng, vocabulary, len(references))]
                else:
                    revised.append(sentence)
            new_paragraphs.append(revised or paragraph)
        new_sections.append((title, new_paragraphs))
    if len(new_sections) > 4:
        moved = new_sections.pop(len(new_sections) // 3)
        new_sections.insert(2 * len(new_sections) // 3, moved)
    new_references = list(references)
    new_references.insert(1, "Newcomer A. An inserted reference. J Test. 2024;1:1. doi:10.9999/new")
    renumber = {str(n): str(n + 1) for n in range(2, len(references) + 1)}

    def shift(sentence: str) -> str:
        for old in sorted(renumber, key=int, reverse=True):
            sentence = sentence.replace(f"({old})", f"({renumber[old]})")
        return sentence

    new_sections = [(t, [[shift(s) for s in p] for p in ps]) for t, ps in new_sections]
    return new_sections, new_references


def render(page: Page) -> str:
    sections, references = page
    body = []
    for title, paragraphs in sections:
        body.append(f"<h2>{html.escape(title)}</h2>")
        body.extend(f"<p>{html.escape(' '.join(p))}</p>" for p in paragraphs)
    body.append("<h2>References</h2><ol>")
    body.extend(f"<li>{html.escape(r)}</li>" for r in references)
    body.append("</ol>")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A long review</title>'
        '<meta property="article:modified_time" content="2024-05-01"></head><body>'
        '<header><nav><a href="/">Home</a> <a href="/blog">Blog</a></nav></header>'
        '<main><article><h1>A long review</h1><p class="byline">By Kim Odum</p>'
        + "\n".join(body)
        + '</article></main><aside class="newsletter"><p>Join 9,000 readers.</p></aside>'
        "<footer><p>© 2024 Example Clinic</p></footer></body></html>"
    )


def best_of(repeat: int, run: Callable[[], object], clock: Callable[[], float]) -> float:
    times = []
    for _ in range(repeat):
        forget_all()
        gc.collect()  # start each run from the same heap, so one run's garbage is not the next's
        start = clock()
        run()
        times.append(clock() - start)
    return min(times)


def extract_both(old_html: str, new_html: str) -> None:
    extract(old_html)
    extract(new_html)


def baseline(old: Document, new: Document) -> None:
    matcher = difflib.SequenceMatcher(
        None, [s.text for s in old.sentences], [s.text for s in new.sentences], autojunk=False
    )
    matcher.get_opcodes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200000,800000,2000000,8000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edit-rate", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="cpu: this process's CPU time (steady on a busy machine); wall: elapsed time",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    print(
        f"diff speed, best of {args.repeat}, edit rate {args.edit_rate:.0%}, one core, "
        f"{args.clock} seconds"
    )
    print(
        f"{'size':>9} {'old KB':>7} {'new KB':>7} {'sentences':>9} {'changes':>7} "
        f"{'extract s':>9} {'compare s':>9} {'total s':>8} {'difflib s':>9}"
    )
    # warm-up: first calls load the claim model and compile patterns; not part of a diff
    warm = make_page(20000, random.Random(0))
    compare(extract(render(warm)), extract(render(revise(warm, 0.1, random.Random(0)))))
    measured: dict[int, tuple[float, float, float]] = {}
    for size in sizes:
        rng = random.Random(args.seed + size)
        page = make_page(size, rng)
        old_html, new_html = render(page), render(revise(page, args.edit_rate, rng))
        extract_time = best_of(args.repeat, partial(extract_both, old_html, new_html), clock)
        old_doc, new_doc = extract(old_html), extract(new_html)
        compare_time = best_of(args.repeat, partial(compare, old_doc, new_doc), clock)
        base_time = best_of(args.repeat, partial(baseline, old_doc, new_doc), clock)
        report = compare(old_doc, new_doc)
        changes = len(report.claim_changes) + len(report.text_changes)
        total = extract_time + compare_time
        measured[size] = (compare_time, total, base_time)
        print(
            f"{size:>9} {len(old_html.encode()) / 1000:>7.0f} "
            f"{len(new_html.encode()) / 1000:>7.0f} "
            f"{len(old_doc.sentences):>9} {changes:>7} {extract_time:>9.3f} {compare_time:>9.3f} "
            f"{total:>8.3f} {base_time:>9.3f}"
        )
    print()
    for size in sizes:
        if size // 4 in measured and size in measured:
            small, big = measured[size // 4], measured[size]
            print(
                f"4x input ({size // 4} -> {size}): compare x{big[0] / small[0]:.2f}, "
                f"total x{big[1] / small[1]:.2f}, difflib x{big[2] / small[2]:.2f}  (4 = linear)"
            )
    for size, target in ((200000, 0.5), (2000000, 5.0)):
        if size in measured:
            seconds = measured[size][1]
            verdict = "meets" if seconds <= target else "MISSES"
            print(f"target at {size // 1000} KB: total {seconds:.3f} s {verdict} <= {target} s")


if __name__ == "__main__":
    main()
