"""The revision corpus: real page shapes through extract() and compare(), with expected facts.

Pages are hand-written fixtures (tests/fixtures/revisions/*.html) plus one generated
20,000-word page; pairs.toml says how each old and new version is made and what a
researcher must read in the report.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from support.longpage import long_article

from tracker import compare, extract
from tracker.model import ChangeReport, Document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "revisions"
PAIRS: list[dict[str, Any]] = tomllib.loads((FIXTURES / "pairs.toml").read_text("utf-8"))["pair"]


@cache
def page(name: str) -> str:
    if name == "@long":
        return long_article()
    return (FIXTURES / name).read_text(encoding="utf-8")


def apply(html: str, edits: list[dict[str, Any]], pair: str) -> str:
    for edit in edits:
        if "cut_from" in edit:
            start = html.index(edit["cut_from"])
            end = html.index(edit["cut_to"], start + len(edit["cut_from"]))
            chunk = html[start:end]
            html = html[:start] + html[end:]
            at = html.index(edit["insert_before"])
            html = html[:at] + chunk + html[at:]
            continue
        count = html.count(edit["find"])
        if edit.get("all"):
            assert count >= 1, f"{pair}: {edit['find']!r} not in the page"
        else:
            assert count == 1, f"{pair}: {edit['find']!r} occurs {count} times"
        html = html.replace(edit["find"], edit["replace"])
    return html


BY_NAME = {pair["name"]: pair for pair in PAIRS}


@cache
def versions(name: str) -> tuple[Document, Document]:
    """The pair's old and new Document, extracted once for all the tests that read them."""
    pair = BY_NAME[name]
    base = page(pair["page"])
    old = apply(base, pair.get("old_edits", []), name)
    new = apply(base, pair["edits"], name)
    if pair["edits"]:
        assert old != new, f"{name}: the edits changed nothing"
    return extract(old), extract(new)


def run(pair: dict[str, Any]) -> ChangeReport:
    return compare(*versions(pair["name"]))


def check(report: ChangeReport, expect: dict[str, Any]) -> None:
    article = report.claim_changes + report.text_changes
    for flag in ("article_changed", "silent_edit", "date_only_bump"):
        if flag in expect:
            assert getattr(report, flag) is expect[flag], flag
    if "changes" in expect:
        assert Counter(str(c.kind) for c in article) == Counter(expect["changes"])
    if "only_kinds" in expect:
        assert article, "expected some change"
        assert {str(c.kind) for c in article} <= set(expect["only_kinds"])
    tags = {str(tag) for change in report.claim_changes for tag in change.tags}
    assert set(expect.get("claim_tags", [])) <= tags
    assert not set(expect.get("absent_tags", [])) & tags
    found = [(n.old or "", n.new or "") for c in report.claim_changes for n in c.numbers]
    for old, new in expect.get("numbers", []):
        assert any(old in a and new in b for a, b in found), (old, new, found)
    if "claim_text" in expect:
        texts = [t for c in report.claim_changes for t in (c.old, c.new) if t]
        assert any(expect["claim_text"] in text for text in texts), texts
    orphaned = {label for c in report.claim_changes for label in c.orphaned_citations}
    assert set(expect.get("orphaned", [])) <= orphaned
    if "references" in expect:
        kinds = Counter(str(c.kind) for c in report.reference_changes)
        assert kinds == Counter(expect["references"])
    if "reference_fields" in expect:
        [modified] = [c for c in report.reference_changes if c.kind == "modified"]
        assert set(expect["reference_fields"]) <= set(modified.fields), modified.fields
    if "metadata" in expect:
        assert sorted(m.field for m in report.metadata_changes) == sorted(expect["metadata"])
    if "boilerplate_min" in expect:
        if expect["boilerplate_min"] == 0:
            assert report.boilerplate_changes == []
        else:
            assert len(report.boilerplate_changes) >= expect["boilerplate_min"]


def test_the_corpus_is_big_and_varied() -> None:
    assert len(PAIRS) >= 30
    assert len({pair["page"] for pair in PAIRS}) >= 5
    assert len(long_article().split()) >= 20_000
    assert len({pair["name"] for pair in PAIRS}) == len(PAIRS)


@pytest.mark.parametrize("pair", PAIRS, ids=[pair["name"] for pair in PAIRS])
def test_revision_pair(pair: dict[str, Any]) -> None:
    check(run(pair), pair["expect"])


SWAP = {
    "added": "removed",
    "removed": "added",
    "strengthened": "weakened",
    "weakened": "strengthened",
    "hedge_added": "hedge_removed",
    "hedge_removed": "hedge_added",
    "citation_added": "citation_removed",
    "citation_removed": "citation_added",
    "limitation_added": "limitation_removed",
    "limitation_removed": "limitation_added",
    "disclaimer_added": "disclaimer_removed",
    "disclaimer_removed": "disclaimer_added",
    "warning_added": "warning_removed",
    "warning_removed": "warning_added",
    "protection_strengthened": "protection_weakened",
    "protection_weakened": "protection_strengthened",
}


def swapped(names: list[str]) -> Counter[str]:
    return Counter(SWAP.get(name, name) for name in names)


@pytest.mark.parametrize("pair", PAIRS, ids=[pair["name"] for pair in PAIRS])
def test_reading_the_pair_backwards_mirrors_it(pair: dict[str, Any]) -> None:
    old, new = versions(pair["name"])
    forward, backward = compare(old, new), compare(new, old)
    assert forward.article_changed is backward.article_changed
    for name in ("claim_changes", "text_changes", "reference_changes"):
        kinds = [str(c.kind) for c in getattr(forward, name)]
        assert Counter(str(c.kind) for c in getattr(backward, name)) == swapped(kinds), name
    tags = [str(t) for c in forward.claim_changes for t in c.tags]
    assert Counter(str(t) for c in backward.claim_changes for t in c.tags) == swapped(tags)
