"""The claim and reference ledger, filled by the real pipeline's checks and rebuilt."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient
from support.workspace_data import Built

from tracker.cli import cli
from tracker.errors import UsageError
from tracker.store import Index, open_index
from tracker.store.ledger import LedgerQuery
from tracker.web.search import SearchRequest, search_ledger


def _claims(index: Index, text: str, **filters: object) -> list:
    return list(index.search_claims(LedgerQuery(text=text, **filters)).claims)  # type: ignore[arg-type]


def test_a_hedged_claim_strengthened_is_one_claim_with_its_rewording(
    index: Index, built: Built
) -> None:
    (claim,) = _claims(index, "stem cell injections knee pain", urls=(built.demo_url,))
    assert claim.url == built.demo_url
    assert claim.text.startswith("Stem cell injections reduce knee pain in most patients")
    first, second = built.demo_versions[:2]
    assert claim.first_snapshot == first
    assert [event.kind for event in claim.events][:2] == ["seen", "strengthened"]
    assert claim.events[1].snapshot_id == second
    assert claim.removed_snapshot is None and claim.last_snapshot == built.demo_versions[-1]
    # the old wording finds it too
    old_wording = _claims(index, "may reduce knee pain in some patients", urls=(built.demo_url,))
    assert [c.id for c in old_wording] == [claim.id]


def test_a_removed_disclaimer_is_found_by_its_change_kind_and_date(
    index: Index, built: Built
) -> None:
    # the hostile page kept it; the clinic's page dropped it in its third version
    (claim,) = _claims(index, "not approved by the FDA", change_kind="removed")
    assert claim.url == built.demo_url
    assert "disclaimer" in claim.categories
    assert claim.removed_snapshot == built.demo_versions[2]
    assert claim.last_snapshot == built.demo_versions[1]
    later = datetime(2999, 1, 1, tzinfo=UTC)
    assert _claims(index, "FDA", change_kind="removed", since=later) == []
    assert _claims(index, "FDA", category="disclaimer")


def test_a_cited_work_lists_every_page_that_cited_it_and_when_it_was_dropped(
    index: Index, built: Built
) -> None:
    result = index.search_works(LedgerQuery(text="Exercise first guidance"))
    (work,) = result.works
    assert {c.url for c in work.citings} == {built.demo_url, built.hostile_url}
    citing = next(c for c in work.citings if c.url == built.demo_url)
    assert citing.first_snapshot == built.demo_versions[0]
    assert citing.removed_snapshot == built.demo_versions[3]
    added = index.search_works(LedgerQuery(text="Five-year outcomes mesenchymal"))
    assert added.works[0].citings[0].first_snapshot == built.demo_versions[1]


def test_search_words_are_never_read_as_query_syntax(index: Index) -> None:
    assert _claims(index, 'pain" OR "x') == []
    assert _claims(index, "NEAR(") == []


def test_filters_are_checked_with_the_reason(index: Index) -> None:
    with pytest.raises(UsageError, match="unknown category"):
        search_ledger(index, SearchRequest(category="magic"), {})
    with pytest.raises(UsageError, match="date like"):
        search_ledger(index, SearchRequest(since="last week"), {})


def test_a_tag_and_a_site_narrow_the_search(index: Index, built: Built, listed) -> None:
    tagged = search_ledger(index, SearchRequest(text="pain", tag="knee"), listed)
    assert tagged.claims and {c.url for c in tagged.claims} == {built.demo_url}
    nowhere = search_ledger(index, SearchRequest(text="pain", site="example.org"), listed)
    assert nowhere.total == 0


def _ledger_rows(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "index.sqlite3") as db:
        claims = db.execute(
            "SELECT watch_id, claim_key, text, first_snapshot_id, last_snapshot_id,"
            " removed_snapshot_id FROM ledger_claims ORDER BY watch_id, first_snapshot_id, text"
        ).fetchall()
        events = db.execute(
            "SELECT c.claim_key, e.snapshot_id, e.kind FROM ledger_claim_events e"
            " JOIN ledger_claims c ON c.id = e.claim_id ORDER BY 1, 2, 3"
        ).fetchall()
        citings = db.execute(
            "SELECT k.work_key, g.first_snapshot_id, g.removed_snapshot_id FROM ledger_citings g"
            " JOIN ledger_works k ON k.id = g.work_id ORDER BY 1, 2"
        ).fetchall()
    return [claims, events, citings]


def test_rebuild_replays_the_same_ledger_the_checks_filled(data_dir: Path) -> None:
    filled = _ledger_rows(data_dir)
    with open_index(data_dir, create=False) as index:
        assert index.ledger_stale_watches() == []
    result = CliRunner().invoke(cli, ["ledger", "rebuild", "--all", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "watches replayed" in result.output
    assert _ledger_rows(data_dir) == filled


def _answers(index: Index) -> list[list[tuple[int, str]]]:
    words = ("knee pain", "FDA", "study", "stem cell injections", "patients")
    claims = [[(c.id, c.text) for c in _claims(index, text)] for text in words]
    works = [[(w.id, w.text) for w in index.search_works(LedgerQuery(text="exercise")).works]]
    return claims + works


def test_optimizing_the_full_text_index_keeps_every_answer(data_dir: Path) -> None:
    with open_index(data_dir, create=False) as index:
        before = _answers(index)
        assert index.ledger_text_segments() > 2  # one a stored version's transaction
        index.optimize_ledger_text()
        assert index.ledger_text_segments() <= 2  # one a table
        assert _answers(index) == before and any(before)
    result = CliRunner().invoke(cli, ["ledger", "rebuild", "--all", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    with open_index(data_dir, create=False) as index:
        assert index.ledger_text_segments() <= 2  # a rebuild ends optimized
        rebuilt = _answers(index)
    assert [[text for _, text in answer] for answer in rebuilt] == [
        [text for _, text in answer] for answer in before
    ]


def test_a_data_directory_from_before_the_ledger_is_stale_until_rebuilt(
    data_dir: Path,
) -> None:
    with sqlite3.connect(data_dir / "index.sqlite3") as db:
        db.execute("DELETE FROM ledger_claim_events")
        db.execute("DELETE FROM ledger_claim_text")
        db.execute("DELETE FROM ledger_claims")
        db.execute("DELETE FROM ledger_watches")
    runner = CliRunner()
    found = runner.invoke(cli, ["search", "FDA", "--data-dir", str(data_dir)])
    assert "0 of 0 claims" in found.output and "tracker ledger rebuild" in found.output
    assert runner.invoke(cli, ["ledger", "rebuild", "--data-dir", str(data_dir)]).exit_code == 0
    found = runner.invoke(cli, ["search", "FDA", "--format", "json", "--data-dir", str(data_dir)])
    answer = json.loads(found.output)
    assert answer["total"] >= 1 and answer["stale_watches"] == 0
    assert any("FDA" in claim["text"] for claim in answer["claims"])


def test_search_prints_each_claim_with_its_life(data_dir: Path, built: Built) -> None:
    result = CliRunner().invoke(
        cli, ["search", "stem cell injections", "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 0, result.output
    assert built.demo_url in result.output
    assert "strengthened" in result.output and "first seen" in result.output


# ----------------------------------------------------------------------------- web


def test_the_ledger_page_finds_a_claim_with_links_to_its_versions(
    client: TestClient, built: Built
) -> None:
    page = client.get("/ledger", params={"q": "not approved by the FDA", "change_kind": "removed"})
    assert page.status_code == 200
    assert "1 of 1 claims" in page.text
    assert f'href="/changes/{built.demo_versions[2]}"' in page.text  # the version that removed it
    assert f"#version-{built.demo_versions[0]}" in page.text  # the first that held it


def test_the_ledger_page_escapes_what_pages_said(client: TestClient) -> None:
    page = client.get("/ledger", params={"q": "cures pain"})
    assert "<img src=x" not in page.text and "&lt;img src=x" in page.text


def test_the_ledger_api_answers_what_the_cli_prints(client: TestClient, data_dir: Path) -> None:
    api = client.get("/api/ledger", params={"q": "FDA", "category": "disclaimer"}).json()
    cli_answer = CliRunner().invoke(
        cli,
        [
            "search",
            "FDA",
            "--category",
            "disclaimer",
            "--format",
            "json",
            "--data-dir",
            str(data_dir),
        ],
    )
    assert api == json.loads(cli_answer.output) and api["total"] == 2
    works = client.get("/api/ledger", params={"q": "Okafor", "works": "true"}).json()
    assert works["works"] and not works["claims"]
    bad = client.get("/api/ledger", params={"change_kind": "vanished"})
    assert bad.status_code == 400 and "unknown change kind" in bad.json()["error"]
    assert "/api/ledger" in client.get("/api/openapi.json").json()["paths"]


def test_the_readme_queries_run_on_a_data_directory_as_datasette_would_open_it(
    built: Built,
) -> None:
    """Each SQL query README gives to sqlite3 or sqlite-utils answers, read-only."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    queries = re.findall(r'(?:sqlite3 -readonly|sqlite-utils query) \S+ "(.*?)"', readme, re.S)
    assert len(queries) >= 3
    index = (built.data_dir / "index.sqlite3").resolve()
    with sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True) as db:
        answers = {query: db.execute(query).fetchall() for query in queries}
    dropped = next(rows for query, rows in answers.items() if "'disclaimer'" in query)
    assert [url for url, *_ in dropped] == [built.demo_url]
    fda = next(rows for query, rows in answers.items() if "MATCH 'fda'" in query)
    assert fda and all("FDA" in text for _, text, _ in fda)


@pytest.mark.parametrize(
    "asked",
    [
        {"text": "pain"},
        {"text": "FDA", "change_kind": "removed"},
        {"change_kind": "seen"},
        {"text": "knee", "category": "efficacy"},
        {"text": "patients", "until": datetime(2999, 1, 1, tzinfo=UTC)},
    ],
)
def test_a_search_finds_the_same_claims_whichever_filter_drives_it(
    index: Index, built: Built, asked: dict
) -> None:
    """Pages narrowed first (words probed claim by claim) or words first (one FTS pass):
    the same claims, in the same order, and pages of a search add up to all of it."""
    everywhere = index.search_claims(LedgerQuery(**asked, limit=1000))
    assert everywhere.total == len(everywhere.claims) > 0
    on_page = index.search_claims(LedgerQuery(**asked, urls=(built.demo_url,), limit=1000))
    assert [c.id for c in on_page.claims] == [
        c.id for c in everywhere.claims if c.url == built.demo_url
    ]
    by_site = index.search_claims(LedgerQuery(**asked, sites=("127.0.0.1",), limit=1000))
    assert by_site.total == everywhere.total  # every page of the test is on 127.0.0.1
    pages = [
        index.search_claims(LedgerQuery(**asked, limit=2, offset=offset))
        for offset in range(0, everywhere.total + 2, 2)
    ]
    assert {page.total for page in pages} == {everywhere.total}
    assert [c.id for page in pages for c in page.claims] == [c.id for c in everywhere.claims]


def test_one_filter_alone_pages_alike_from_the_first_seen_index_or_sorted(
    index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Words alone, or a change kind alone, are paged by walking the first-seen index
    when common and by sorting their matches when rare: the same pages either way."""
    from tracker.store import ledger, ledger_search

    def pages(asked: dict) -> list[list[int]]:
        return [
            [c.id for c in index.search_claims(LedgerQuery(**asked, limit=3, offset=o)).claims]
            for o in range(0, 12, 3)
        ]

    since = datetime(2000, 1, 1, tzinfo=UTC)
    for asked in ({"text": "pain"}, {"text": "FDA"}, {"change_kind": "seen", "since": since}):
        monkeypatch.setattr(ledger, "COMMON", 0)  # no list common: the matches sorted
        ways = [pages(asked)]
        monkeypatch.setattr(ledger, "COMMON", 10**9)  # every list common: the index walked
        for cost in (10**9, 0):  # each claim tested against the list, then by a probe
            monkeypatch.setattr(ledger_search, "WORDS_PROBE_COST", cost)
            monkeypatch.setattr(ledger_search, "EVENTS_PROBE_COST", cost)
            ways.append(pages(asked))
        assert ways[0][0] and ways[1:] == [ways[0], ways[0]], asked


def test_search_works_prints_each_cited_work_with_the_pages_citing_it(
    data_dir: Path, built: Built
) -> None:
    result = CliRunner().invoke(
        cli, ["search", "Exercise first guidance", "--works", "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 0, result.output
    assert "Exercise first: updated guidance on knee osteoarthritis care" in result.output
    assert f"{built.demo_url}: cited from" in result.output
    assert result.output.rstrip().endswith("1 of 1 works")
