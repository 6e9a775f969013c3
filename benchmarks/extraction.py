"""Main-content extraction quality and speed, side by side with trafilatura in the same run.

Usage:
    .venv/bin/python benchmarks/extraction.py DATA_DIR [--no-trafilatura] [--limit N]
        [--kind KIND] [--worst K] [--per-page FILE.json] [--sentences] [--dump FILE.jsonl]

DATA_DIR is one of three sets (the shared data root means the ScrapingHub one):

* ``extraction`` (ScrapingHub article-extraction benchmark, 181 news articles):
  ``ground-truth.json`` and ``html/<id>.html.gz``. Its own metric: text split into
  ``\\w+`` tokens, 4-token shingles counted, per page tp/fp/fn from the shingle
  counts normalised by their sum, precision and recall averaged over pages, F1 from
  the two means. Its truth is the body alone, so tracker's output is the body's
  blocks (no title, byline, dates or reference list).
* ``extraction-wcxb`` (WCXB, 1,358 pages of seven kinds): ``ground-truth/<id>.json``,
  ``html/<id>.html.gz``, ``metadata.json``. Its own metric: word-level F1 of the
  bags of lower-cased ``\\w+`` words of the extraction and ``main_content``, averaged
  over pages (a page with empty truth and empty output scores 1), overall and per
  page kind. ``main_content`` holds the headings of the text (section titles, FAQ
  questions, table rows) but not, on nearly every page, the page title; it holds
  a reference list when the page has one. So tracker's output is the article as a
  reader reads it: the body's blocks (headings included, the title heading stripped
  as Document.title) followed by the raw reference entries.

* Mozilla Readability's test pages (``test/test-pages`` of its repository: a folder a
  page, each holding ``source.html`` and ``expected.html``, the readable article
  Readability's own tests expect). Scored by the same word-level F1 as WCXB, against
  the text of ``expected.html``. That text holds the article's figure captions and its
  reference list, but not its title (Readability reports it apart), so tracker's output
  is every block of the body, captions included, followed by the raw reference entries.

In the first two, figure captions are left out of the scored text: tracker keeps them as
``caption`` blocks (a caption that states a finding is content, and its edits are
changes), but neither ground truth holds them (WCXB's main_content has 15 of 155 captions
of its first 400 pages; ScrapingHub's bodies none).

Both extractors get the same bytes: tracker decodes them itself, trafilatura gets the
UTF-8 text (``trafilatura.extract`` with its default settings). "empty" counts pages
where an extractor returned no word at all. Speed is pages per second of wall time,
each extractor in a process of its own and all on one core, page by page in turn
(``evaluate``), decoding included, and pages per CPU-second (the same figure with
less noise on a busy machine); ``x traf`` is the ratio to trafilatura's pages per
CPU-second in this run. The first line says which build of tracker's extraction ran: the
one compiled with mypyc at install (setup.py), or its sources as plain Python
(``TRACKER_PURE_PYTHON=1`` at install, or a tree on PYTHONPATH that was never built).

``--dump FILE.jsonl`` writes every selected page's Document (``Document.to_json``, one
page a line, with its id) and stops: dumps taken before and after a change to the
extractor's mechanics must be byte-identical (``cmp before.jsonl after.jsonl``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from multiprocessing.connection import Connection
from pathlib import Path

from shared_data import extraction_dir

import tracker
from tracker.model import BlockKind, Document

TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Page:
    page_id: str
    raw: bytes
    url: str | None
    expected: str
    kind: str  # page type (WCXB); "article" for the ScrapingHub set


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def shingle_score(expected: str, predicted: str) -> Score:
    """Precision and recall of one page, as the ScrapingHub benchmark computes them."""
    truth, guess = shingles(expected), shingles(predicted)
    tp = float(sum((truth & guess).values()))
    fp = float(sum((guess - truth).values()))
    fn = float(sum((truth - guess).values()))
    total = tp + fp + fn
    if total == 0:  # both empty: perfect
        return Score(1.0, 1.0)
    tp, fp, fn = tp / total, fp / total, fn / total
    return Score(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def words(text: str) -> Counter[str]:
    return Counter(TOKEN.findall((text or "").lower()))


def word_score(expected: str, predicted: str) -> Score:
    """WCXB's word-level precision and recall of one page (bags of lower-cased words)."""
    truth, guess = words(expected), words(predicted)
    if not truth:
        return Score(1.0, 1.0) if not guess else Score(0.0, 0.0)
    if not guess:
        return Score(0.0, 0.0)
    overlap = sum((truth & guess).values())
    return Score(overlap / guess.total(), overlap / truth.total())


def _html(folder: Path, page_id: str) -> bytes:
    return gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())


def load_scrapinghub(folder: Path) -> list[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(page_id, _html(folder, page_id), item.get("url"), item["articleBody"], "article")
        for page_id, item in sorted(truth.items())
    ]


def load_wcxb(folder: Path) -> list[Page]:
    pages = []
    for path in sorted((folder / "ground-truth").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        page_type = ((data.get("_internal") or {}).get("page_type") or {}).get("primary")
        kind = "collection" if page_type == "category" else page_type or "article"
        expected = (data.get("ground_truth") or {}).get("main_content") or ""
        pages.append(Page(path.stem, _html(folder, path.stem), data.get("url"), expected, kind))
    return pages


# The address Readability's test harness gives every test page.
READABILITY_URL = "http://fakehost/test/page.html"


def readability_folders(folder: Path) -> list[Path]:
    """The page folders of a Readability test-pages folder, in name order."""
    return sorted(
        page
        for page in folder.iterdir()
        if (page / "source.html").is_file() and (page / "expected.html").is_file()
    )


class _TextOf(HTMLParser):
    """The text of an HTML fragment, a line break at every tag that is not inline (so a
    heading's last word and the next paragraph's first stay two words)."""

    INLINE = frozenset(
        {"a", "abbr", "b", "bdi", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q"}
        | {"s", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.INLINE:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def load_readability(folder: Path) -> list[Page]:
    pages = []
    for page in readability_folders(folder):
        expected = html_text((page / "expected.html").read_text(encoding="utf-8"))
        raw = (page / "source.html").read_bytes()
        pages.append(Page(page.name, raw, READABILITY_URL, expected, "article"))
    return pages


def load(data_dir: Path) -> tuple[str, list[Page]]:
    """The set's name and its pages: WCXB when the folder has ``ground-truth/``,
    Readability's when it holds folders of ``source.html`` and ``expected.html``."""
    if (data_dir / "ground-truth").is_dir() and (data_dir / "metadata.json").is_file():
        return "wcxb", load_wcxb(data_dir)
    if data_dir.is_dir() and readability_folders(data_dir):
        return "readability", load_readability(data_dir)
    return "scrapinghub", load_scrapinghub(extraction_dir(data_dir))


def _tracker(raw: bytes, url: str | None) -> Document:
    from tracker.extraction import extract

    return extract(raw, url=url, content_type="text/html; charset=utf-8")


def _scored_text(doc: Document) -> str:
    """The article's blocks as both ground truths draw the line: figure captions are
    tracker content (a changed caption is a change) but neither truth holds them."""
    return "\n".join(block.text for block in doc.blocks if block.kind is not BlockKind.CAPTION)


def tracker_body(raw: bytes, url: str | None) -> str:
    return _scored_text(_tracker(raw, url))


def tracker_article(raw: bytes, url: str | None) -> str:
    doc = _tracker(raw, url)
    return "\n".join([_scored_text(doc), *(reference.raw for reference in doc.references)])


def tracker_readable(raw: bytes, url: str | None) -> str:
    """The article as Readability prints it: captions in their place, references after."""
    doc = _tracker(raw, url)
    body = (block.text for block in doc.blocks)
    return "\n".join([*body, *(reference.raw for reference in doc.references)])


def dump_documents(pages: list[Page], path: Path) -> None:
    """Each page's whole Document, one JSON line a page, keys sorted: a diffable record of
    what the extractor decided."""
    with path.open("w", encoding="utf-8") as out:
        for page in pages:
            document = _tracker(page.raw, page.url).to_json()
            out.write(json.dumps({"id": page.page_id, **document}, sort_keys=True) + "\n")


def run_trafilatura(raw: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(raw.decode("utf-8", "replace"), url=url) or ""


@dataclass
class Run:
    name: str
    scores: dict[str, Score]  # by page id
    empty: int
    seconds: float
    cpu_seconds: float

    def mean(self, ids: list[str]) -> tuple[float, float, float]:
        """(precision, recall, F1) averaged over these pages."""
        chosen = [self.scores[i] for i in ids]
        return (
            statistics.mean(s.precision for s in chosen),
            statistics.mean(s.recall for s in chosen),
            statistics.mean(s.f1 for s in chosen),
        )


Extractor = Callable[[bytes, str | None], str]


def evaluate(
    extractors: list[tuple[str, Extractor]],
    pages: list[Page],
    scorer: Callable[[str, str], Score],
) -> list[Run]:
    """Every extractor on every page, page by page in turn (each timed on its own), so a
    machine whose speed drifts during the run weighs on all of them alike: run one after
    the other, a shared machine's slow minutes fell on one side and moved the ratio by
    a fifth between two runs of the same code. Each extractor runs in a process of its
    own, forked once its imports are loaded and its caches warm, and only one runs at a
    time, all on one core: in one process, the garbage one left would set off
    collections timed on the other (the collector is one per process); on two cores,
    each page would start on a core whose caches the other had just filled (both
    measured 10-15% slower, unpinned)."""
    outputs: list[list[str]] = [[] for _ in extractors]
    seconds = [0.0] * len(extractors)
    cpu = [0.0] * len(extractors)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # the workers inherit it
    workers = [_Worker(extractor, pages) for _, extractor in extractors]
    try:
        for index in range(len(pages)):
            for number, worker in enumerate(workers):
                output, wall, used = worker.run(index)
                outputs[number].append(output)
                seconds[number] += wall
                cpu[number] += used
    finally:
        for worker in workers:
            worker.stop()
    runs = []
    for index, (name, _) in enumerate(extractors):
        scores = {
            page.page_id: scorer(page.expected, output)
            for page, output in zip(pages, outputs[index], strict=True)
        }
        empty = sum(1 for out in outputs[index] if not TOKEN.search(out))
        runs.append(Run(name, scores, empty, seconds[index], cpu[index]))
    return runs


class _Worker:
    """One extractor in a forked process of its own, asked for one page at a time."""

    def __init__(self, extractor: Extractor, pages: list[Page]) -> None:
        context = multiprocessing.get_context("fork")  # inherits the warm imports and pages
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs, extractor, pages))
        self._process.start()
        theirs.close()

    def run(self, index: int) -> tuple[str, float, float]:
        """The extractor's output on page ``index``, its wall and CPU seconds."""
        self._connection.send(index)
        return self._connection.recv()

    def stop(self) -> None:
        self._connection.send(None)
        self._process.join()


def _serve(connection: Connection, extractor: Extractor, pages: list[Page]) -> None:
    while (index := connection.recv()) is not None:
        page = pages[index]
        start, start_cpu = time.perf_counter(), time.process_time()
        output = extractor(page.raw, page.url)
        connection.send((output, time.perf_counter() - start, time.process_time() - start_cpu))


def report(runs: list[Run], pages: list[Page], shingle_metric: bool) -> None:
    ids = [page.page_id for page in pages]
    base_cpu = runs[-1].cpu_seconds if len(runs) > 1 else None
    print(
        f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>7} {'empty':>6}"
        f" {'pages/s':>8} {'/cpu-s':>7} {'x traf':>7}"
    )
    for run in runs:
        precision, recall, f1 = run.mean(ids)
        if shingle_metric:  # that benchmark's F1 is taken from the two means
            f1 = Score(precision, recall).f1
        ratio = f"{base_cpu / run.cpu_seconds:>7.2f}" if base_cpu and run.cpu_seconds else ""
        print(
            f"{run.name:<12} {precision:>9.4f} {recall:>7.4f} {f1:>7.4f} {run.empty:>6}"
            f" {len(pages) / run.seconds:>8.1f} {len(pages) / run.cpu_seconds:>7.1f} {ratio}"
        )
    by_kind: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        by_kind[page.kind].append(page.page_id)
    if len(by_kind) < 2:
        return
    names = "".join(f" {run.name[:11]:>11}" for run in runs)
    print(f"\nword F1 per page kind\n{'kind':<14} {'pages':>5}{names}")
    for kind, kind_ids in sorted(by_kind.items(), key=lambda item: -len(item[1])):
        figures = "".join(f" {run.mean(kind_ids)[2]:>11.4f}" for run in runs)
        print(f"{kind:<14} {len(kind_ids):>5}{figures}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--no-trafilatura", action="store_true", help="score tracker only")
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--kind", default=None, help="pages of this kind only (WCXB)")
    parser.add_argument("--worst", type=int, default=0, help="list the K worst pages by F1")
    parser.add_argument("--per-page", type=Path, help="write each page's scores to this JSON")
    parser.add_argument(
        "--sentences", action="store_true", help="also compare the sentence splitter with pysbd"
    )
    parser.add_argument(
        "--dump", type=Path, help="write each page's Document as a JSON line here, and stop"
    )
    args = parser.parse_args(argv)

    name, pages = load(args.data_dir)
    if args.kind:
        pages = [page for page in pages if page.kind == args.kind]
    pages = pages[: args.limit]
    if not pages:
        raise SystemExit("no pages selected")
    if args.dump:
        dump_documents(pages, args.dump)
        print(f"{len(pages)} Documents written to {args.dump}")
        return 0
    tracker_text = {"wcxb": tracker_article, "readability": tracker_readable}
    runs: list[tuple[str, Extractor]] = [("tracker", tracker_text.get(name, tracker_body))]
    if not args.no_trafilatura:
        try:
            import trafilatura  # noqa: F401
        except ImportError:
            print("trafilatura not installed (pip install -e '.[bench]'): skipped", file=sys.stderr)
        else:
            runs.append(("trafilatura", run_trafilatura))
    for _, extractor in runs:  # imports and caches warm, so the first page does not pay
        extractor(pages[0].raw, pages[0].url)

    by_words = name != "scrapinghub"  # WCXB's metric serves Readability's pages too
    scorer = word_score if by_words else shingle_score
    metric = "word" if by_words else "shingle"
    print(f"{len(pages)} pages from {args.data_dir} ({name}, {metric} F1)")
    build = "compiled with mypyc" if tracker.COMPILED else "plain Python"
    print(f"tracker's extraction: {build} ({Path(tracker.__file__).parent})")
    results = evaluate(runs, pages, scorer)
    report(results, pages, shingle_metric=not by_words)
    if args.worst:
        ours = results[0].scores
        kinds = {page.page_id: page.kind for page in pages}
        print(f"\nworst {args.worst} pages for tracker (id, kind, P, R, F1, trafilatura F1):")
        for page_id in sorted(ours, key=lambda i: ours[i].f1)[: args.worst]:
            theirs = f"{results[1].scores[page_id].f1:.3f}" if len(results) > 1 else "-"
            score = ours[page_id]
            print(
                f"  {page_id[:16]:<16} {kinds[page_id]:<13} P={score.precision:.3f}"
                f" R={score.recall:.3f} F1={score.f1:.3f}  traf={theirs}"
            )
    if args.per_page:
        args.per_page.write_text(
            json.dumps(
                {
                    run.name: {i: [s.precision, s.recall, s.f1] for i, s in run.scores.items()}
                    for run in results
                },
                indent=0,
            )
        )
    if args.sentences:
        sentence_benchmark(pages)
    return 0


# Hard cases for a sentence splitter on health articles: (text, expected sentences).
SENTENCE_CASES = [
    ("Liu et al. found a benefit. It was small.", ["Liu et al. found a benefit.", "It was small."]),
    ("Dr. Osei said so. Mrs. Pike agreed.", ["Dr. Osei said so.", "Mrs. Pike agreed."]),
    ("Some drugs, e.g. hydralazine, cause it. Others do not.",
     ["Some drugs, e.g. hydralazine, cause it.", "Others do not."]),
    ("Dose A vs. dose B was tested. Both worked.",
     ["Dose A vs. dose B was tested.", "Both worked."]),
    ("Most trials ran in the U.S. and Europe. None ran in Asia.",
     ["Most trials ran in the U.S. and Europe.", "None ran in Asia."]),
    ("The odds ratio was 0.88 overall. It was 0.75 in men.",
     ["The odds ratio was 0.88 overall.", "It was 0.75 in men."]),
    ("Louis A. Cona wrote it. He is a doctor.", ["Louis A. Cona wrote it.", "He is a doctor."]),
    ("It reduced activity. (3) A second trial agreed. (4)",
     ["It reduced activity. (3)", "A second trial agreed. (4)"]),
    ("It helped.[2] Then it stopped [3]. Why?", ["It helped.[2]", "Then it stopped [3].", "Why?"]),
    ("Over 200 patients took part.[1, 3] Results varied.",
     ["Over 200 patients took part.[1, 3]", "Results varied."]),
    ("“It works,” she said. “We are sure.”", ["“It works,” she said.", "“We are sure.”"]),
    ("See Fig. 2 for details. The end!", ["See Fig. 2 for details.", "The end!"]),
    ("1. Screening visit", ["1. Screening visit"]),
]  # fmt: skip


def sentence_benchmark(pages: list[Page]) -> None:
    """Our splitter against pysbd: exact splits on hard cases, and speed on real bodies."""
    from tracker.extraction.sentences import split_sentences

    splitters: list[tuple[str, Callable[[str], list[str]]]] = [("tracker", split_sentences)]
    try:
        import pysbd
    except ImportError:
        print("pysbd not installed: compared with nothing", file=sys.stderr)
    else:
        segmenter = pysbd.Segmenter(language="en", clean=False)
        splitters.append(("pysbd", lambda text: [s.strip() for s in segmenter.segment(text)]))
    paragraphs = [line for page in pages for line in page.expected.splitlines() if line.strip()]
    print(f"\nsentences: {len(SENTENCE_CASES)} hard cases, {len(paragraphs)} real paragraphs")
    print(f"{'splitter':<12} {'cases right':>11} {'paragraphs/s':>13}")
    for name, split in splitters:
        right = sum(split(text) == expected for text, expected in SENTENCE_CASES)
        start = time.perf_counter()
        for paragraph in paragraphs:
            split(paragraph)
        rate = len(paragraphs) / (time.perf_counter() - start)
        print(f"{name:<12} {right:>5}/{len(SENTENCE_CASES):<5} {rate:>13.0f}")


if __name__ == "__main__":
    sys.exit(main())
