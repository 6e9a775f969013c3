"""The page's own title, not its site's name, on real pages, side by side with trafilatura.

Usage:
    .venv/bin/python benchmarks/titles.py ../shared/data/extraction-wcxb [--no-trafilatura]
                                          [--errors] [--limit N]

A report names each page by ``Document.title`` and the title heading is left out of the
article's text, so a site's name taken for the title both mislabels the page and leaves
its real heading in the text. The folder holds ``html/<id>.html.gz`` and
``ground-truth/<id>.json`` whose ``ground_truth.title`` is the title a person read on the
page. Two shares are printed for each extractor, overall and per page type, of the pages
with a labelled title:

  exact      the extracted title is the labelled one, compared by their words
             (case, punctuation and spacing aside: "Quickstart¶" is "Quickstart");
  overlaps   one holds the other's words in order ("Sudo" in "Sudo - ArchWiki").

``--errors`` lists the pages tracker got wrong, with both titles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.extraction import extract

_NOT_WORD = re.compile(r"\W+")


@dataclass(frozen=True, slots=True)
class Page:
    page_id: str
    kind: str
    url: str | None
    html: bytes
    title: str


def fold(text: str | None) -> str:
    """A title's words, lower-cased, one space apart."""
    return _NOT_WORD.sub(" ", text or "").casefold().strip()


def load(folder: Path, limit: int | None) -> list[Page]:
    truth_dir, html_dir = folder / "ground-truth", folder / "html"
    if not truth_dir.is_dir() or not html_dir.is_dir():
        raise SystemExit(f"{folder}: expected ground-truth/ and html/ (the WCXB folder)")
    pages = []
    for path in sorted(truth_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        title = (data.get("ground_truth") or {}).get("title") or ""
        if not fold(title):
            continue
        kind = ((data.get("_internal") or {}).get("page_type") or {}).get("primary") or "?"
        raw = gzip.decompress((html_dir / f"{path.stem}.html.gz").read_bytes())
        pages.append(Page(path.stem, kind, data.get("url"), raw, title))
    return pages[:limit]


def tracker_title(page: Page) -> str | None:
    return extract(page.html, url=page.url, content_type="text/html; charset=utf-8").title


def trafilatura_title(page: Page) -> str | None:
    import trafilatura

    metadata = trafilatura.extract_metadata(page.html.decode("utf-8", "replace"), page.url)
    return metadata.title if metadata is not None else None


def judge(expected: str, found: str | None) -> tuple[bool, bool]:
    """(exact, overlaps) of one title."""
    want, got = fold(expected), fold(found)
    return want == got, bool(got) and (want in got or got in want)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="example: .venv/bin/python benchmarks/titles.py ../shared/data/extraction-wcxb"
        " --errors",
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--no-trafilatura", action="store_true", help="score tracker only")
    parser.add_argument("--errors", action="store_true", help="list tracker's wrong titles")
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    args = parser.parse_args(argv)

    pages = load(args.data_dir, args.limit)
    if not pages:
        raise SystemExit("no page with a labelled title")
    extractors: list[tuple[str, Callable[[Page], str | None]]] = [("tracker", tracker_title)]
    if not args.no_trafilatura:
        try:
            import trafilatura  # noqa: F401
        except ImportError:
            print("trafilatura not installed (pip install -e '.[bench]'): skipped", file=sys.stderr)
        else:
            extractors.append(("trafilatura", trafilatura_title))

    print(f"{len(pages)} pages with a labelled title from {args.data_dir}")
    kinds = sorted({page.kind for page in pages}, key=lambda k: -sum(p.kind == k for p in pages))
    print(f"{'extractor':<12} {'kind':<14} {'pages':>5} {'exact':>7} {'overlaps':>9}")
    for name, title_of in extractors:
        found = [title_of(page) for page in pages]
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for page, title in zip(pages, found, strict=True):
            exact, overlaps = judge(page.title, title)
            for key in ("all", page.kind):
                tally[key][0] += 1
                tally[key][1] += exact
                tally[key][2] += overlaps
        for key in ("all", *kinds):
            total, exact_count, overlap_count = tally[key]
            print(
                f"{name:<12} {key:<14} {total:>5} {exact_count / total:>7.3f}"
                f" {overlap_count / total:>9.3f}"
            )
        if args.errors and name == "tracker":
            for page, title in zip(pages, found, strict=True):
                if not judge(page.title, title)[0]:
                    print(f"  {page.page_id} {page.kind:<13} {title!r} (labelled {page.title!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
