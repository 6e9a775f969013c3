"""tracker references --lines: one JSON object per input line, in order."""

from __future__ import annotations

import json

from click.testing import CliRunner
from support.server import Route, local_server

from tracker.cli import cli

KEYS = ["label", "authors", "year", "title", "container", "doi", "pmid", "pmcid", "url", "raw"]


def test_lines_prints_one_object_per_line_in_order() -> None:
    stdin = (
        "[1] Okafor N, Lindqvist P. Lupus care. Lupus Sci Med. 2021;8(1):e000512. PMID: 33661234\n"
        "\n"
        "https://www.niams.nih.gov/health-topics/lupus\n"
    )
    result = CliRunner().invoke(cli, ["references", "--lines"], input=stdin)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 3
    assert all(list(row)[: len(KEYS)] == KEYS for row in rows)
    assert rows[0]["label"] == "1" and rows[0]["pmid"] == "33661234"
    assert rows[0]["authors"] == ["Okafor N", "Lindqvist P"]
    assert rows[1]["raw"] == ""
    assert rows[2]["url"] == "https://www.niams.nih.gov/health-topics/lupus"


def test_lines_with_a_source_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["references", "--lines", "page.html"])
    assert result.exit_code == 2
    assert "stdin" in result.output


def test_missing_file_is_a_clear_error(tmp_path) -> None:
    result = CliRunner().invoke(cli, ["references", str(tmp_path / "nope.html")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_no_source_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["references"])
    assert result.exit_code == 2


PAGE = """<html><head><title>Diet and lupus | Vale Clinic</title></head><body>
<nav><a href="/">Home</a> <a href="/book">Book a visit</a></nav>
<main><article><h1>Can diet calm lupus flares?</h1>
<p>Lupus is an autoimmune disease that can affect many organs, and what people eat may change
how often flares come <sup><a href="#ref-1">1</a></sup>. Omega-3 fatty acids lowered disease
activity in a small trial (2).</p>
<p>Vitamin D is often low in people with lupus (Liu et al., 2018), though trials
disagree [2, 3].</p>
<h2>References</h2>
<ol>
<li id="ref-1">Okafor N, Lindqvist P. Diet in cutaneous lupus: a cohort study. Lupus Sci Med.
2021 Mar 4;8(1):e000512. doi: 10.1136/lupus-2021-000512. PMID: 33661234; PMCID: PMC7934211.</li>
<li>Brandt, K. L., &amp; Tanaka, H. (2019). Fasting and autoimmune flares: A randomized trial.
Journal of Clinical Rheumatology, 25(4), 211–219.</li>
<li>Liu, X., &amp; Wang, Y. (2018). Vitamin D in lupus. Lupus, 27(3), 1-9.</li>
</ol></article></main>
<footer>© Vale Clinic. All rights reserved.</footer></body></html>
"""


def _check_page_output(output: str) -> None:
    rows = [json.loads(line) for line in output.splitlines()]
    assert [row["label"] for row in rows] == ["1", "2", "3"]
    assert rows[0]["doi"] == "10.1136/lupus-2021-000512"
    assert rows[0]["pmcid"] == "PMC7934211"
    assert rows[1]["year"] == "2019"
    assert rows[2]["container"] == "Lupus"


def test_page_file(tmp_path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["references", str(page)])
    assert result.exit_code == 0, result.output
    _check_page_output(result.output)


def test_page_url_from_a_local_server() -> None:
    with local_server({"/article": Route(PAGE)}) as site:
        result = CliRunner().invoke(cli, ["references", "--allow-private", site.url("/article")])
    assert result.exit_code == 0, result.output
    _check_page_output(result.output)
