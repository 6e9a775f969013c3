"""Publish dates found, and none invented, on real pages, side by side with trafilatura.

Usage:
    .venv/bin/python benchmarks/dates.py ../shared/data/extraction-wcxb [--no-trafilatura]
                                         [--half even|odd] [--errors] [--limit N]
                                         [--without-markup]

The folder holds ``html/<id>.html.gz`` and ``ground-truth/<id>.json`` whose
``ground_truth.publish_date`` is the date a person read on the page (null when the page
states none). Two shares are printed for each extractor:

  dated ok    of the pages that state a publish date, the share whose extracted publish
              date falls on the same calendar day (tracker: ``Document.published``;
              trafilatura: ``extract_metadata(...).date``, its default settings);
  undated ok  of the pages that state none, the share given no publish date at all.

Both are also printed per page type. A dated page whose date is written nowhere in its
HTML (in no form tracker's parser reads, in its text or its attributes: the labeller read
it elsewhere) cannot be found by any extractor: their count is printed, and each
extractor's dated share on the other pages beside it, and ``--errors`` marks them.
``--half even`` / ``--half odd`` scores only the pages whose number is even or odd: tune
on one half, read the other as unseen pages. ``--without-markup`` reads every page with its
``<meta>`` tags, its JSON-LD and its microdata date properties taken out: what the date
reader finds in what the page shows alone (on the dev pages the markup often states the
day a reader's miss would lose, and held-out pages carry other markup, or none). The last
lines time the date parsers on the date texts tracker found: tracker's own ``parse_date``
and, when it is installed, ``dateparser.parse`` (why tracker does not use it:
ARCHITECTURE.md).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.extraction import extract
from tracker.extraction.dates import find_dates, parse_date


@dataclass(slots=True)
class Page:
    page_id: str
    kind: str
    url: str | None
    html: bytes
    gold: str | None


_MARKUP = (
    re.compile(rb"<meta\b[^>]*>", re.IGNORECASE),
    re.compile(rb"<script[^>]*ld\+json[^>]*>.*?</script>", re.IGNORECASE | re.DOTALL),
    re.compile(rb'itemprop="(?:datePublished|dateModified|dateCreated)"', re.IGNORECASE),
)


def without_markup(page_html: bytes) -> bytes:
    """The page without the dates it states for machines: its <meta> tags, its JSON-LD and
    its microdata date properties (the <time> elements a reader sees stay)."""
    for pattern in _MARKUP:
        page_html = pattern.sub(b"", page_html)
    return page_html


def load(folder: Path, half: str | None, limit: int | None) -> list[Page]:
    truth_dir, html_dir = folder / "ground-truth", folder / "html"
    if not truth_dir.is_dir() or not html_dir.is_dir():
        raise SystemExit(f"{folder}: expected ground-truth/ and html/ (the WCXB folder)")
    pages = []
    for path in sorted(truth_dir.glob("*.json")):
        page_id = path.stem
        if half and (int(page_id) % 2 == 0) != (half == "even"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        gold = data.get("ground_truth", {}).get("publish_date")
        kind = data.get("_internal", {}).get("page_type", {}).get("primary", "?")
        html = gzip.decompress((html_dir / f"{page_id}.html.gz").read_bytes())
        pages.append(Page(page_id, kind, data.get("url"), html, str(gold)[:10] if gold else None))
    return pages[:limit]


def tracker_date(page: Page, texts: list[str]) -> str | None:
    document = extract(page.html, url=page.url, content_type="text/html; charset=utf-8")
    texts += [found.text for found in document.dates or []]
    return document.published


def trafilatura_date(page: Page, _texts: list[str]) -> str | None:
    import trafilatura

    metadata = trafilatura.extract_metadata(page.html.decode("utf-8", "replace"), page.url)
    return metadata.date if metadata is not None else None


def score(pages: list[Page], guesses: list[str | None]) -> dict[str, tuple[int, int, int, int]]:
    """Per page type and overall: (dated found, dated, undated left empty, undated)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for page, guess in zip(pages, guesses, strict=True):
        for key in ("all", page.kind):
            row = counts[key]
            if page.gold:
                row[1] += 1
                row[0] += bool(guess) and guess[:10] == page.gold
            else:
                row[3] += 1
                row[2] += not guess
    return {key: (r[0], r[1], r[2], r[3]) for key, r in counts.items()}


_TAG = re.compile(r"<[^>]+>")


def written_anywhere(page: Page) -> bool:
    """Whether the page's labelled date is written anywhere in its HTML, in its text or in
    an attribute, in any form and day/month order tracker's parser reads."""
    source = page.html.decode("utf-8", "replace")
    texts = (source, html.unescape(_TAG.sub(" ", source)))
    return any(
        found.iso[:10] == page.gold
        for text in texts
        for day_first in (None, True)
        for found in find_dates(text, day_first=day_first)
    )


def unfindable(pages: list[Page], runs: list[list[str | None]]) -> set[str]:
    """Ids of the dated pages some extractor missed whose date the HTML nowhere writes
    (a page every extractor found writes it by definition)."""
    missed = (
        page
        for index, page in enumerate(pages)
        if page.gold and any((guesses[index] or "")[:10] != page.gold for guesses in runs)
    )
    return {page.page_id for page in missed if not written_anywhere(page)}


def found_among(pages: list[Page], guesses: list[str | None], nowhere: set[str]) -> int:
    """Dated pages whose date is written somewhere in the HTML and was found."""
    return sum(
        bool(page.gold) and page.page_id not in nowhere and (guess or "")[:10] == page.gold
        for page, guess in zip(pages, guesses, strict=True)
    )


def share(hits: int, total: int) -> str:
    return f"{hits / total:.3f}" if total else "  -  "


def time_parsers(texts: list[str], limit: int = 300) -> None:
    """Both parsers on the same first ``limit`` texts (dateparser reads a few per second)."""
    texts = texts[:limit]
    parsers: list[tuple[str, Callable[[str], object]]] = [("tracker parse_date", parse_date)]
    try:
        import dateparser
    except ImportError:
        print("dateparser not installed: tracker's parser timed alone", file=sys.stderr)
    else:
        parsers.append(("dateparser.parse", dateparser.parse))
        dateparser.parse("1 January 2024")  # its first call loads every language
    print(f"\nparsing the first {len(texts)} date texts tracker found (one core):")
    for name, parse in parsers:
        start = time.perf_counter()
        parsed = sum(parse(text) is not None for text in texts)
        rate = len(texts) / (time.perf_counter() - start)
        print(f"  {name:<20} {rate:>10,.0f} texts/s   {parsed} parsed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the extraction-wcxb folder")
    parser.add_argument("--no-trafilatura", action="store_true", help="score tracker only")
    parser.add_argument("--half", choices=("even", "odd"), help="score one half of the pages")
    parser.add_argument("--errors", action="store_true", help="list tracker's misses")
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument(
        "--without-markup", action="store_true", help="read the pages without meta, JSON-LD"
    )
    args = parser.parse_args(argv)
    pages = load(args.folder, args.half, args.limit)
    if args.without_markup:
        for page in pages:
            page.html = without_markup(page.html)

    runs: list[tuple[str, Callable[[Page, list[str]], str | None]]] = [("tracker", tracker_date)]
    if not args.no_trafilatura:
        try:
            import trafilatura  # noqa: F401
        except ImportError:
            print("trafilatura not installed (pip install -e '.[bench]'): skipped", file=sys.stderr)
        else:
            runs.append(("trafilatura", trafilatura_date))
    texts: list[str] = []
    results = {}
    for name, run in runs:
        start = time.perf_counter()
        guesses = [run(page, texts if name == "tracker" else []) for page in pages]
        results[name] = (guesses, time.perf_counter() - start)

    print(
        f"{len(pages)} pages from {args.folder}"
        + (f" ({args.half} half)" if args.half else "")
        + (" without their markup" if args.without_markup else "")
    )
    print(f"{'type':<15}{'dated':>6}{'undated':>8}" + "".join(
        f"{name + ' dated ok':>22}{'undated ok':>11}" for name in results
    ))  # fmt: skip
    scored = {name: score(pages, guesses) for name, (guesses, _) in results.items()}
    kinds = ["all", *sorted({page.kind for page in pages})]
    for kind in kinds:
        first = scored["tracker"][kind]
        row = f"{kind:<15}{first[1]:>6}{first[3]:>8}"
        for name in results:
            found, dated, empty, undated = scored[name][kind]
            row += f"{share(found, dated):>22}{share(empty, undated):>11}"
        print(row)
    nowhere = unfindable(pages, [guesses for guesses, _ in results.values()])
    dated_pages = sum(bool(page.gold) for page in pages)
    print(
        f"dated pages whose date is written nowhere in their HTML (no extractor can find it):"
        f" {len(nowhere)} of {dated_pages}; dated ok on the other {dated_pages - len(nowhere)}: "
        + ", ".join(
            f"{name} {share(found_among(pages, guesses, nowhere), dated_pages - len(nowhere))}"
            for name, (guesses, _) in results.items()
        )
    )
    print("target on held-out pages: >= 0.90 on both")
    print(
        "pages/s: "
        + ", ".join(f"{name} {len(pages) / spent:.1f}" for name, (_, spent) in results.items())
    )
    time_parsers(texts)

    if args.errors:
        guesses = results["tracker"][0]
        for page, guess in zip(pages, guesses, strict=True):
            if (guess or "")[:10] != (page.gold or ""):
                where = " (written nowhere in the HTML)" if page.page_id in nowhere else ""
                print(
                    f"{page.page_id} {page.kind:<13} gold {page.gold}{where} tracker {guess}"
                    f" {page.url}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
