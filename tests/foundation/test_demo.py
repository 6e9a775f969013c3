"""The demo end to end: the acceptance facts of the foundation issue, as a person reads them."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.demo import DemoSite, DemoStep, load_revisions, run_demo
from tracker.model import ChangeKind, ClaimTag
from tracker.store import open_index


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> list[DemoStep]:
    return run_demo(tmp_path_factory.mktemp("demo"), lambda step: None)


def test_revisions_build_and_differ() -> None:
    revisions = load_revisions()
    assert len(revisions) >= 4
    assert len({revision.html for revision in revisions}) == len(revisions)


def test_site_serves_the_published_revision_with_etag() -> None:
    first, second = load_revisions()[:2]
    with DemoSite.serve() as site:
        site.publish(first)
        response = httpx.get(site.url)
        assert response.content == first.html
        etag = response.headers["etag"]
        assert httpx.get(site.url, headers={"If-None-Match": etag}).status_code == 304
        site.publish(second)
        assert httpx.get(site.url, headers={"If-None-Match": etag}).content == second.html
        assert httpx.get(site.url.rsplit("/", 1)[0] + "/nope").status_code == 404


def test_outcomes(steps: list[DemoStep]) -> None:
    outcomes = [str(step.result.outcome) for step in steps]
    assert outcomes == ["new", "changed", "changed", "changed", "unchanged"]
    assert steps[-1].result.http_status == 304


def test_first_version_is_the_article_without_chrome(steps: list[DemoStep]) -> None:
    document = steps[0].document
    assert document is not None
    assert document.title == "Stem Cell Therapy for Knee Osteoarthritis: Evidence & Costs (2024)"
    assert document.updated == "2024-03-03"
    assert document.authors == ["Maya Ellison, MD"]
    assert len(document.references) == 4
    text = document.text
    for chrome in (
        "Subscribe",
        "Thanks for subscribing",
        "Sorry, we could not",
        "Logo",
        "Start Screening",
        "Global css",
        "Onboarding",
    ):
        assert chrome not in text
    assert "Mesenchymal stem cells have been tested" in text


def test_strengthened_claim_number_reference_and_date(steps: list[DemoStep]) -> None:
    report = steps[1].result.report
    assert report is not None and report.article_changed and not report.silent_edit
    tags = [tag for change in report.claim_changes for tag in change.tags]
    assert ClaimTag.STRENGTHENED in tags and ClaimTag.HEDGE_REMOVED in tags
    numbers = {(n.old, n.new) for change in report.claim_changes for n in change.numbers}
    assert any(old and "400" in old and new and "900" in new for old, new in numbers)
    assert [change.kind for change in report.reference_changes] == [ChangeKind.ADDED]
    assert {(c.field, c.old, c.new) for c in report.metadata_changes} >= {
        ("updated", "2024-03-03", "2024-05-20")
    }
    assert any("25,000+" in (change.new or "") for change in report.boilerplate_changes)


def test_silent_edit(steps: list[DemoStep]) -> None:
    report = steps[2].result.report
    assert report is not None and report.article_changed and report.silent_edit
    assert not report.metadata_changes
    assert any(change.kind == ChangeKind.REMOVED for change in report.claim_changes)


def test_renumbered_references_keep_citations_by_work(steps: list[DemoStep]) -> None:
    report = steps[3].result.report
    assert report is not None
    kinds = sorted(str(change.kind) for change in report.reference_changes)
    assert kinds == ["added", "removed", "renumbered", "renumbered"]
    # Sentences that still cite the same works after renumbering show no citation change.
    for change in report.claim_changes:
        if change.kind == ChangeKind.MODIFIED:
            assert ClaimTag.CITATION_CHANGED not in change.tags


def test_the_store_verifies_after_the_demo(tmp_path: Path) -> None:
    run_demo(tmp_path, lambda step: None)
    with open_index(tmp_path) as store:
        assert store.verify() == []


def test_demo_command_prints_the_reports() -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    for expected in ("revision 4", "strengthened", "SILENT EDIT", "2024-05-20", "renumbered"):
        assert expected in result.output
    assert "revision 4 checked again" in result.output
    assert "answered 304 Not Modified" in result.output
