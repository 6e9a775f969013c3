"""tracker references --lines: one JSON object per input line, in order."""

from __future__ import annotations

import json

from click.testing import CliRunner

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
