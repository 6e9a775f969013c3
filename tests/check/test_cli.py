"""The capture commands as a user runs them, with the real extraction and comparison."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.commands import TITLE, clinic_site, run
from support.site import (
    CLINIC_REFERENCES,
    CLINIC_SECOND,
    Page,
    PageServer,
    article_page,
    make_document,
    store_version,
)
from warcio.archiveiterator import ArchiveIterator

from tracker.store import open_index


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[PageServer]:
    # The command's own settings, minus the pause between two requests to one host.
    with clinic_site(monkeypatch, min_host_delay=0.01) as server:
        yield server


def test_check_history_show_verify_export(site: PageServer, tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    url = site.url("/blog/ozone")

    code, out, _ = run("check", url, "--data-dir", data, "--allow-private", "--format", "json")
    assert code == 0
    first = json.loads(out)
    assert first["outcome"] == "new" and first["snapshot"] == 1 and first["report"] is None

    code, out, _ = run("check", url, "--data-dir", data, "--allow-private")
    assert code == 0 and out.startswith("unchanged:") and "(the server answered 304" in out

    site.pages["/blog/ozone"] = Page(
        body=article_page(TITLE, CLINIC_SECOND, references=CLINIC_REFERENCES)
    )
    code, out, _ = run("check", url, "--data-dir", data, "--allow-private")
    assert code == 0
    assert out.startswith(f"changed: {url} stored as snapshot 2, replacing snapshot 1")
    assert "1200" in out  # the report is printed

    code, out, _ = run("history", url, "--data-dir", data, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [row["outcome"] for row in rows] == ["new", "unchanged", "changed"]
    assert [row["snapshot"] for row in rows] == [1, 1, 2]
    code, out, _ = run("history", url, "--data-dir", data)
    assert code == 0 and len(out.splitlines()) == 3 and "changed" in out

    code, out, _ = run("show", f"{url}@-2", "--data-dir", data)
    assert code == 0 and "More than 300 patients" in out and "References:" in out
    code, out, _ = run("show", "2", "--data-dir", data, "--format", "json")
    shown = json.loads(out)
    assert shown["snapshot"]["id"] == 2
    assert shown["document"]["schema"] == "tracker.document/1"
    assert shown["report"]["schema"] == "tracker.change-report/1"
    code, out, _ = run("show", url, "--data-dir", data, "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and "1200 patients" in out

    code, out, _ = run("verify", "--data-dir", data)
    assert code == 0 and out.startswith("ok:")

    target = tmp_path / "ozone.warc.gz"
    code, out, _ = run("export", url, "--warc", str(target), "--data-dir", data)
    assert code == 0 and "3 capture(s)" in out
    with target.open("rb") as handle:
        types = [record.rec_type for record in ArchiveIterator(handle, check_digests=True)]
    assert types == ["warcinfo", "response", "request", "revisit", "response", "request"]


def test_a_failed_check_exits_1_with_the_reason_and_no_traceback(
    site: PageServer, tmp_path: Path
) -> None:
    data = str(tmp_path / "data")
    code, _, err = run("check", site.url("/nowhere"), "--data-dir", data, "--allow-private")
    assert code == 1
    assert err.startswith("gone:") and "404" in err and "Traceback" not in err
    code, out, _ = run("history", site.url("/nowhere"), "--data-dir", data, "--format", "json")
    (row,) = json.loads(out)
    assert row["outcome"] == "gone" and row["snapshot"] is None and "404" in row["error"]


def test_private_addresses_are_refused_unless_allowed(site: PageServer, tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    code, _, err = run("check", site.url("/blog/ozone"), "--data-dir", data)
    assert code == 1
    assert err.startswith("failed:") and "loopback address 127.0.0.1" in err
    assert site.requests == []  # refused before any connection


def test_the_data_dir_comes_from_the_environment(
    site: PageServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.setenv("TRACKER_ALLOW_PRIVATE", "1")
    code, _, _ = run("check", site.url("/blog/ozone"))
    assert code == 0
    assert (tmp_path / "env-data" / "index.sqlite3").exists()


def test_verify_reports_each_problem_and_exits_1(site: PageServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    run("check", site.url("/blog/ozone"), "--data-dir", str(data), "--allow-private")
    (document,) = (data / "documents").rglob("*.json.gz")
    document.write_bytes(b"not gzip at all")
    code, out, err = run("verify", "--data-dir", str(data))
    assert code == 1
    assert out.startswith("problem: snapshot 1:") and "1 problem(s)" in err


@pytest.mark.parametrize(
    "args",
    [
        ["history", "https://clinic.example/never"],
        ["show", "1"],
        ["verify"],
        ["export", "https://clinic.example/never", "--warc", "x.warc.gz"],
    ],
)
def test_reading_an_empty_data_dir_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    code, _, err = run(*args, "--data-dir", str(tmp_path / "empty"))
    assert code == 2 and "no tracker data" in err
    assert not (tmp_path / "empty").exists()


def test_a_bad_url_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("check", "clinic.example/blog", "--data-dir", str(tmp_path))
    assert code == 2 and "http://" in err


def test_show_never_lets_page_text_run_as_markup_or_terminal_codes(tmp_path: Path) -> None:
    hostile = make_document(
        "<script>alert('x')</script> & \x1b[2J\x1b[31mred\x1b[0m",
        title="<img src=x onerror=alert(1)>",
    )
    data = tmp_path / "data"
    with open_index(data) as store:
        store_version(store, hostile, datetime(2025, 1, 1, tzinfo=UTC))
    code, out, _ = run("show", "1", "--data-dir", str(data), "--format", "html")
    assert code == 0
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<img" not in out and "&lt;img" in out
    code, out, _ = run("show", "1", "--data-dir", str(data))
    assert code == 0 and "\x1b" not in out and "red" in out


def test_a_page_gone_between_two_versions_shows_the_gap_in_every_report(
    site: PageServer, tmp_path: Path
) -> None:
    data = str(tmp_path / "data")
    url = site.url("/blog/ozone")
    assert run("check", url, "--data-dir", data, "--allow-private")[0] == 0
    site.pages["/blog/ozone"] = Page(body="Not here", status=404)
    assert run("check", url, "--data-dir", data, "--allow-private")[0] == 1
    site.pages["/blog/ozone"] = Page(
        body=article_page(TITLE, CLINIC_SECOND, references=CLINIC_REFERENCES)
    )
    code, out, _ = run("check", url, "--data-dir", data, "--allow-private", "--format", "json")
    assert code == 0
    checked = json.loads(out)["report"]["unreachable"]
    assert checked["failed_checks"] == 1 and checked["outcomes"] == ["gone"]
    assert checked["from"] == checked["to"]

    _, out, _ = run("history", url, "--data-dir", data, "--format", "json")
    gone = json.loads(out)[1]
    assert gone["outcome"] == "gone"
    assert datetime.fromisoformat(checked["from"]) == datetime.fromisoformat(gone["checked_at"])
    _, out, _ = run("show", "2", "--data-dir", data, "--format", "json")
    assert json.loads(out)["report"]["unreachable"] == checked
    code, out, _ = run("diff", f"{url}@-2", f"{url}@-1", "--data-dir", data, "--format", "json")
    assert code == 1 and json.loads(out)["unreachable"] == checked
    _, out, _ = run("diff", "1", "2", "--data-dir", data)
    assert "The page was unreachable in between: 1 failed check(s) (gone)" in out
    _, out, _ = run("diff", "1", "2", "--data-dir", data, "--format", "html")
    assert '<p class="unreachable">The page was unreachable in between' in out


def test_versions_without_failures_between_them_have_no_gap(
    site: PageServer, tmp_path: Path
) -> None:
    data = str(tmp_path / "data")
    url = site.url("/blog/ozone")
    run("check", url, "--data-dir", data, "--allow-private")
    site.pages["/blog/ozone"] = Page(
        body=article_page(TITLE, CLINIC_SECOND, references=CLINIC_REFERENCES)
    )
    _, out, _ = run("check", url, "--data-dir", data, "--allow-private", "--format", "json")
    assert json.loads(out)["report"]["unreachable"] is None
    _, out, _ = run("diff", "1", "2", "--data-dir", data)
    assert "unreachable" not in out
