"""Renderers: JSON contract, terminal grouping and word diff, HTML that is safe and offline."""

from __future__ import annotations

import json
import re

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st
from support.documents import doc, ref

from tracker import compare
from tracker.model import ChangeReport, ClaimTag
from tracker.render.html import render_html, report_sections
from tracker.render.json import render_json
from tracker.render.terminal import render_text

HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)> \x1b[31mred\x1b[0m \u202eevil\u202c'
)
OLD = doc(
    [
        "Stem cell therapy may reduce knee pain (1).",
        "Our clinic has treated 800 patients.",
        "Opening hours are listed below.",
    ],
    refs=[ref("1", "Stem cells for knees", doi="10.1/a")],
    chrome=["Join our newsletter"],
)
NEW = doc(
    [
        "Stem cell therapy reduces knee pain (2).",
        "Our clinic has treated 2,000 patients.",
        "Opening hours are listed on the contact page.",
        f"A new sentence {HOSTILE}.",
    ],
    refs=[ref("1", "A new trial", doi="10.1/b"), ref("2", "Stem cells for knees", doi="10.1/a")],
    updated="2024-06-02",
    chrome=["Join 60,000 readers of our newsletter"],
)


def report() -> ChangeReport:
    return compare(OLD, NEW)


def test_json_follows_the_contract() -> None:
    data = json.loads(render_json(report()))
    assert data["schema"] == "tracker.change-report/1"
    for key in (
        "old",
        "new",
        "article_changed",
        "silent_edit",
        "metadata_changes",
        "claim_changes",
        "reference_changes",
        "text_changes",
        "boilerplate_changes",
    ):
        assert key in data
    assert set(data["old"]) >= {"title", "updated", "published", "authors"}
    claim = data["claim_changes"][0]
    assert set(claim) >= {"kind", "old", "new", "tags", "numbers", "citations"}
    assert claim["citations"] == {"old": ["1"], "new": ["2"]}
    assert "citation_changed" not in claim["tags"]
    vocabulary = {
        "strengthened",
        "weakened",
        "hedge_added",
        "hedge_removed",
        "number_changed",
        "citation_added",
        "citation_removed",
        "citation_changed",
        "negation_changed",
    } | {str(tag) for tag in ClaimTag}  # DESIGN.md's tags and the ones added since
    assert {t for c in data["claim_changes"] for t in c["tags"]} <= vocabulary
    assert all(
        claim["significance"] in ("high", "medium", "low") for claim in data["claim_changes"]
    )
    assert all(isinstance(claim["categories"], list) for claim in data["claim_changes"])
    assert {c["kind"] for c in data["reference_changes"]} == {"added", "renumbered"}
    assert data["metadata_changes"] == [
        {"field": "updated", "old": "2024-04-11", "new": "2024-06-02"}
    ]


def test_terminal_groups_counts_and_marks_words() -> None:
    text = render_text(report(), color=False)
    assert "article changed" in text
    assert re.search(r"Claims \(\d+\)", text)
    assert "References (2)" in text
    assert "Metadata (1)" in text
    assert "Boilerplate" in text
    assert "[-may reduce-]{+reduces+}" in text or "[-may -]" in text
    assert "\x1b" not in text  # neither our colour nor the page's escape codes


def test_terminal_colour_is_ansi_and_page_escapes_are_neutralised() -> None:
    text = render_text(report(), color=True)
    assert "\x1b[" in text
    assert "\x1b[31mred" not in text
    assert "\u202e" not in text


def test_html_is_self_contained_and_escaped() -> None:
    page = render_html(report())
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert "<img" not in page and "&lt;img src=x onerror=" in page
    assert "\u202e" not in page and "\x1b" not in page
    assert "&lt;script&gt;" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert 'class="text inline"' in page and 'class="side"' in page
    assert "<del>" in page and "<ins>" in page
    assert 'class="change claim"' in page and 'class="change reference"' in page


def test_html_for_no_changes() -> None:
    page = render_html(compare(OLD, OLD))
    assert "article unchanged" in page and "No changes." in page


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_any_page_text_stays_text(text: str) -> None:
    new = doc(["Stem cell therapy may reduce knee pain (1).", text or "x"], refs=OLD.references)
    rendered = compare(OLD, new)
    page = render_html(rendered)
    assert "<script" not in page.lower()
    body = page.split("<main>", 1)[1]
    assert not re.search(
        r"<(?!/?(?:section|h2|article|div|span|p|table|tr|th|td|del|ins|ul|li|mark|main|footer|body|html)\b)",
        body,
    )
    render_text(rendered, color=True)
    json.loads(render_json(rendered))


def test_html_parses_to_the_right_structure_with_nothing_active() -> None:
    rendered = report()
    tree = lxml.html.document_fromstring(render_html(rendered))
    assert tree.xpath("//script | //iframe | //object | //embed | //img | //link | //form") == []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert not any(name.lower().startswith("on") for name in element.attrib)
        for name in ("src", "href", "action"):
            assert element.get(name, "#").startswith("#")
    changes = (
        len(rendered.metadata_changes)
        + len(rendered.claim_changes)
        + len(rendered.reference_changes)
        + len(rendered.text_changes)
        + len(rendered.boilerplate_changes)
    )
    assert len(tree.xpath("//article[contains(@class, 'change')]")) == changes
    assert len(tree.xpath("//article[contains(@class, 'claim')]")) == len(rendered.claim_changes)
    hostile = tree.xpath("//article[contains(@class, 'claim')]//td[@class='new']")
    assert any("<script>" in cell.text_content() for cell in hostile)


def test_json_carries_the_word_diff_of_each_rewrite() -> None:
    data = json.loads(render_json(report()))
    claim = data["claim_changes"][0]
    old = "".join(s["text"] for s in claim["diff"] if s["op"] != "insert")
    new = "".join(s["text"] for s in claim["diff"] if s["op"] != "delete")
    assert (old, new) == (claim["old"], claim["new"])
    assert {"op": "delete", "text": "may reduce"} in claim["diff"]
    added = [c for c in data["claim_changes"] if c["kind"] == "added"]
    assert added and all("diff" not in c for c in added)


def test_html_header_says_which_declared_dates_moved_and_which_did_not() -> None:
    old = doc(["Stem cells may ease knee pain."], updated="2024-05-20")
    new = doc(["Stem cells ease knee pain."], updated="2024-05-20", published="2024-01-02")
    header = lxml.html.fromstring(render_html(compare(old, new))).find(".//header")
    line = next(p.text_content() for p in header.iter("p") if "updated" in p.text_content())
    assert line == "updated 2024-05-20 (unchanged) · published — → 2024-01-02"


def test_html_highlights_citation_markers_in_claims_but_nothing_in_reference_entries() -> None:
    """A reference entry's "5(2)" is its volume and issue, "[1]" its label: no in-text marker."""
    container = "Osteoarthritis Cartilage 5(2):12-19"
    refs_old = [ref("[1]", "Knee injections", container=container, year="2019")]
    refs_new = [ref("[1]", "Knee injections", container=container, year="2020")]
    old = doc(["Injections ease knee pain [1]."], refs=refs_old)
    new = doc(["Injections may ease knee pain [1]."], refs=refs_new)
    sections = report_sections(compare(old, new))
    assert "Cartilage 5(2):12-19" in sections["references"]
    assert "<mark" not in sections["references"]
    assert '<mark class="cite">[1]</mark>' in sections["claims"]
