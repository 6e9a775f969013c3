from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tracker.cli import cli
from tracker.extraction import SiteProfile, extract
from tracker.model import Document, StripReason

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"

SITE = """<html><body>
<div class="wrap">
<div class="promo-strip-x">Talk to a coordinator about your options today.</div>
<div class="article-body">{body}
<p>Every treatment plan at our clinic is reviewed by two physicians.</p></div></div>
</body></html>"""


def _page(topic: str) -> str:
    body = "".join(
        f"<p>{topic} paragraph {i}: this text differs from page to page, with details, "
        f"numbers and findings that belong to the {topic} article only.</p>"
        for i in range(4)
    )
    return SITE.format(body=body)


def test_site_profile_strips_recurring_blocks() -> None:
    pages = [_page(topic) for topic in ("knee", "hip", "shoulder", "spine")]
    profile = SiteProfile.learn(pages[1:])
    assert profile.pages == 3 and profile.fingerprints
    without = extract(pages[0])
    with_profile = extract(pages[0], site_profile=profile)
    assert "reviewed by two physicians" in without.text
    assert "reviewed by two physicians" not in with_profile.text
    assert "knee paragraph 2" in with_profile.text
    reasons = {b.reason for b in with_profile.stripped if "two physicians" in b.text}
    assert reasons == {StripReason.SITE_TEMPLATE}


def test_site_profile_json_round_trip_and_one_page_learns_nothing() -> None:
    profile = SiteProfile.learn([_page("a"), _page("b")])
    again = SiteProfile.from_json(json.loads(json.dumps(profile.to_json())))
    assert again == profile
    assert SiteProfile.learn([_page("a")]).fingerprints == set()


def test_cli_extract_text_and_json() -> None:
    runner = CliRunner()
    page = str(PAGES / "webflow_clinic.html")
    result = runner.invoke(cli, ["extract", page])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Knee osteoarthritis slowly wears away")
    assert "What are the risks?" in lines
    assert "A screening visit with imaging and blood tests" in lines
    assert any(line.startswith("(5) U.S. Food and Drug Administration") for line in lines)
    assert "Global css" not in result.output
    result = runner.invoke(cli, ["extract", page, "--format", "json"])
    assert result.exit_code == 0
    doc = Document.from_json(json.loads(result.output))
    assert doc.updated == "2025-03-03"
    assert any(b.reason is StripReason.NEWSLETTER for b in doc.stripped)


def test_cli_extract_site_pages(tmp_path: Path) -> None:
    paths = []
    for topic in ("knee", "hip", "spine"):
        path = tmp_path / f"{topic}.html"
        path.write_text(_page(topic), encoding="utf-8")
        paths.append(str(path))
    result = CliRunner().invoke(
        cli, ["extract", paths[0], "--site-pages", paths[1], "--site-pages", paths[2]]
    )
    assert result.exit_code == 0, result.output
    assert "two physicians" not in result.output and "knee paragraph 1" in result.output
    result = CliRunner().invoke(cli, ["extract", paths[0], "--site-pages", paths[1], paths[2]])
    assert result.exit_code == 0, result.output
    assert "two physicians" not in result.output
    result = CliRunner().invoke(cli, ["extract", paths[0], paths[1]])
    assert result.exit_code == 2 and "one page at a time" in result.output


def test_cli_extract_help_and_missing_file() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", "--help"])
    assert result.exit_code == 0 and "tracker extract page.html" in result.output
    result = runner.invoke(cli, ["extract", "/no/such/page.html"])
    assert result.exit_code == 2 and "no such file" in result.output


def test_snapshots_of_one_page_do_not_make_the_article_template() -> None:
    first = _page("knee")
    second = first.replace("paragraph 3: this text", "paragraph 3: this revised text")
    profile = SiteProfile.learn([first, second, first])
    assert profile.pages == 1 and not profile.fingerprints
    assert "knee paragraph 0" in extract(second, site_profile=profile).text
