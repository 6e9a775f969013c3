"""benchmarks/extraction.py reads Mozilla Readability's layout of test pages (a folder a
page, `source.html` and the `expected.html` Readability's tests expect), so the same
command measures tracker on those pages beside trafilatura."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "extraction.py"

ARTICLE = """<p>The walk-in clinic on Harbour Street will open at seven in the morning from
March, an hour earlier than before, after a review of waiting times over the winter.</p>
<figure><img src="queue.jpg" alt=""><figcaption>Patients queued outside before the doors
opened on most weekdays in January.</figcaption></figure>
<p>Staff said the early hour would suit shift workers, who made up a third of the
patients seen before nine, and that evening appointments would stay.</p>"""

SOURCE = f"""<!DOCTYPE html><html><head><title>Why the clinic opens earlier</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About us</a></nav>
<article><h1>Why the clinic opens earlier</h1>{ARTICLE}</article>
<footer><p>Copyright 2026 Harbour Health. All rights reserved.</p></footer></body></html>"""

MISSING = "<p>A second site in the old library will follow in the autumn, the board said.</p>"


def write_page(root: Path, name: str, expected: str) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "source.html").write_text(SOURCE, encoding="utf-8")
    (folder / "expected.html").write_text(f'<div id="readability-page-1">{expected}</div>')


def test_readability_pages_are_scored_by_words_with_captions(tmp_path: Path) -> None:
    pages = tmp_path / "test-pages"
    write_page(pages, "as-printed", ARTICLE)
    write_page(pages, "with-more", ARTICLE + MISSING)  # words no extractor can find
    scores = tmp_path / "scores.json"
    run = subprocess.run(
        [sys.executable, str(BENCHMARK), str(pages), "--no-trafilatura", "--per-page", scores],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "2 pages from" in run.stdout and "(readability, word F1)" in run.stdout
    per_page = json.loads(scores.read_text())["tracker"]
    assert per_page["as-printed"] == [1.0, 1.0, 1.0]  # caption counted, title and chrome not
    precision, recall, _ = per_page["with-more"]
    assert precision == 1.0 and recall < 0.9
