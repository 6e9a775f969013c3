"""Reports name their evidence: snapshot ids, capture times, body digests and WARC records
of both sides, in the stored JSON, the text and HTML headers and ``tracker diff``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner
from support.checks import run_checks
from support.site import FIRST, SECOND, SIMPLE_READING, Page, PageServer, article_page

from tracker.cli import cli
from tracker.model import Outcome
from tracker.render import render_report
from tracker.store import Index


def test_a_change_report_names_both_captures_everywhere(site: PageServer, store: Index) -> None:
    url = site.url("/post")
    first_body, second_body = article_page("Fasting", FIRST), article_page("Fasting", SECOND)
    site.pages["/post"] = Page(body=first_body)
    (first,) = run_checks(store, url, reading=SIMPLE_READING)
    site.pages["/post"] = Page(body=second_body)
    (second,) = run_checks(store, url, reading=SIMPLE_READING)
    assert second.outcome is Outcome.CHANGED and second.report is not None
    old_row, new_row = store.snapshots(url)
    report = second.report.to_json()
    for side, row, body in (("old", old_row, first_body), ("new", new_row, second_body)):
        assert report[side]["snapshot"] == row.id
        assert report[side]["captured"] == row.fetched_at.isoformat()
        assert report[side]["sha256"] == hashlib.sha256(body).hexdigest() == row.body_sha256
        assert (report[side]["warc_file"], report[side]["warc_offset"]) == (
            row.warc_file,
            row.warc_offset,
        )
    assert first.snapshot_id == old_row.id and second.snapshot_id == new_row.id
    assert store.report_for_snapshot(new_row.id) == report  # as stored, the new id included
    text = " ".join(render_report(second.report, "text").split())  # as wrapped lines read
    assert f"old: snapshot {old_row.id}, captured {old_row.fetched_at.isoformat()}" in text
    assert f"sha256 {new_row.body_sha256}, warc/{new_row.warc_file}@{new_row.warc_offset}" in text
    html = render_report(second.report, "html")
    assert f"new: snapshot {new_row.id}, captured" in html

    data = ["--data-dir", str(store.root)]
    printed = CliRunner().invoke(cli, ["diff", f"{url}@-2", f"{url}@-1", "--format", "json", *data])
    diffed = json.loads(printed.output)
    assert (diffed["old"]["snapshot"], diffed["new"]["snapshot"]) == (old_row.id, new_row.id)
    assert diffed["new"]["sha256"] == new_row.body_sha256


def test_a_report_of_saved_files_names_no_capture(tmp_path: Path) -> None:
    old, new = tmp_path / "old.html", tmp_path / "new.html"
    old.write_bytes(article_page("Fasting", FIRST))
    new.write_bytes(article_page("Fasting", SECOND))
    printed = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    report = json.loads(printed.output)
    assert report["old"]["snapshot"] is None and report["new"]["sha256"] is None
    assert "snapshot" not in CliRunner().invoke(cli, ["diff", str(old), str(new)]).output
