"""`tracker claims`: a page's claims, and one JSON object per stdin line with --lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.server import Route, local_server

from tracker.cli import cli

PAGE = Path(__file__).parent / "pages" / "clinic-shoulder.html"
REQUIRED = {"text", "is_claim", "strength", "hedges", "boosters", "numbers", "negated"}


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, ["claims", *args], input=stdin)


def test_lines_prints_one_object_per_line_in_order() -> None:
    sentences = [
        "PRP may speed up tendon healing.",
        "What is PRP?",
        "",
        "Our clinic has performed over 3,500 procedures.",
        "PRP cures arthritis.",
    ]
    result = run("--lines", stdin="\n".join(sentences) + "\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["text"] for row in rows] == sentences
    assert all(set(row) >= REQUIRED for row in rows)
    assert rows[0]["strength"] == 2 and rows[0]["hedges"] == ["may"] and rows[0]["is_claim"]
    assert not rows[1]["is_claim"] and not rows[2]["is_claim"]
    assert rows[3]["numbers"] == [
        {"text": "over 3,500 procedures", "value": "3500", "unit": "procedures"}
    ]
    assert rows[4]["strength"] == 3


def test_lines_handles_windows_line_endings_and_unicode() -> None:
    result = run("--lines", stdin="Stem cells “may” reduce pain – sometimes.\r\nÉtude\r\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["text"] for row in rows] == ["Stem cells “may” reduce pain – sometimes.", "Étude"]
    assert "may" in rows[0]["hedges"]


def test_lines_refuses_a_file_too() -> None:
    result = run("--lines", str(PAGE))
    assert result.exit_code == 2
    assert "stdin" in result.output


def test_a_page_lists_its_claims_as_json() -> None:
    result = run(str(PAGE), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    texts = [row["text"] for row in rows]
    assert all(row["is_claim"] for row in rows)
    assert any("may speed up tendon healing" in text for text in texts)
    assert any("$850" in text for text in texts)
    assert not any(text.endswith("?") for text in texts)
    healing = next(row for row in rows if "tendon healing" in row["text"])
    assert healing["strength"] == 2
    procedures = next(row for row in rows if "3,500" in row["text"])
    assert {"value": "3500", "unit": "procedures"}.items() <= procedures["numbers"][0].items()


def test_a_page_as_text_and_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "claims.txt"
    result = run(str(PAGE), "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "[2]" in text and "hedges: may" in text


def test_missing_file_is_a_usage_error() -> None:
    result = run("/nonexistent/page.html")
    assert result.exit_code == 2
    assert "no such file" in result.output


@pytest.fixture
def page_server() -> Iterator[str]:
    """A local web server that serves the clinic page, as a clinic's site would."""
    with local_server({"/blog/prp": Route(PAGE.read_bytes())}) as site:
        yield site.base


def test_a_url_is_fetched_and_assessed(page_server: str) -> None:
    result = run(f"{page_server}/blog/prp", "--allow-private", "--format", "json")
    assert result.exit_code == 0, result.output
    texts = [json.loads(line)["text"] for line in result.output.splitlines()]
    assert any("tendon healing" in text for text in texts)


def test_a_private_url_is_refused_without_the_flag(page_server: str) -> None:
    result = run(f"{page_server}/blog/prp")
    assert result.exit_code != 0
    assert "tendon healing" not in result.output


def test_lines_with_no_input_prints_nothing() -> None:
    result = run("--lines", stdin="")
    assert result.exit_code == 0
    assert result.output == ""


def test_all_lists_non_claims_too() -> None:
    claims_only = run(str(PAGE), "--format", "json")
    everything = run(str(PAGE), "--format", "json", "--all")
    assert everything.exit_code == 0, everything.output
    rows = [json.loads(line) for line in everything.output.splitlines()]
    assert len(rows) > len(claims_only.output.splitlines())
    assert any(not row["is_claim"] for row in rows)


def test_extract_json_lists_each_claim_with_its_categories() -> None:
    result = CliRunner().invoke(cli, ["extract", str(PAGE), "--format", "json"])
    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    claims = output["claims"]
    price = next(claim for claim in claims if "$850" in claim["text"])
    assert "price" in price["categories"]
    healing = next(claim for claim in claims if "tendon healing" in claim["text"])
    assert "efficacy" in healing["categories"] and healing["strength"] == 2
    assert all(claim["text"] in output["blocks"][claim["block"]]["text"] for claim in claims)
