"""The evidence dossier, annotations from the terminal, and gaps in a timeline."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from starlette.testclient import TestClient
from support.checks import check_row
from support.workspace_data import HOSTILE_TEXT, Built

from tracker.cli import cli
from tracker.links import Links
from tracker.model import Outcome
from tracker.store import CheckRow, Judgement
from tracker.web.data import gaps_of

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def _check(number: int, outcome: str, error: str | None = None) -> CheckRow:
    return check_row(number, T0 + timedelta(days=number), Outcome(outcome), error=error)


def test_failed_runs_between_good_checks_are_gaps_with_their_span() -> None:
    checks = [
        _check(1, "new"),
        _check(2, "failed", "timed out"),
        _check(3, "blocked", "captcha"),
        _check(4, "failed", "timed out"),
        _check(5, "unchanged"),
        _check(6, "gone", "HTTP 410"),
    ]
    first, last = gaps_of(checks)
    assert (first.start, first.end, first.checks) == (
        T0 + timedelta(days=2),
        T0 + timedelta(days=4),
        3,
    )
    assert first.outcomes == ("failed", "blocked") and first.errors == ("timed out", "captcha")
    assert (first.after, first.until) == (1, 5)
    assert (last.checks, last.after, last.until) == (1, 5, None)
    assert gaps_of([_check(1, "new"), _check(2, "unchanged")]) == []


def test_the_timeline_shows_a_gap_where_checks_got_no_page(
    client: TestClient, built: Built
) -> None:
    line = client.get("/api/timeline", params={"url": built.missing_url}).json()
    (gap,) = line["gaps"]
    assert gap["checks"] == 2 and gap["outcomes"] == ["gone"]


def test_the_dossier_page_holds_provenance_reports_verdict_and_annotations(
    client: TestClient, built: Built, index
) -> None:
    change = built.demo_versions[2]
    index.add_annotation(change, "ana", Judgement(True, "FDA line gone", ("fda",)))
    page = client.get("/dossier", params={"url": built.demo_url})
    assert page.status_code == 200
    text = page.text
    assert "intact: every stored file matches its hash" in text
    assert text.count('class="facts provenance"') == len(built.demo_versions)
    assert "WARC-Record-ID" in text and "&lt;urn:uuid:" in text
    assert "FDA line gone" in text and "silent edit" in text
    assert "<style>" not in text  # served: the workspace's stylesheets, under its policy
    answer = client.get("/api/dossier", params={"url": built.demo_url}).json()
    assert [v["snapshot"] for v in answer["versions"]] == built.demo_versions
    assert answer["versions"][2]["annotations"][0]["note"] == "FDA line gone"
    assert all(v["warc_record_id"].startswith("<urn:uuid:") for v in answer["versions"])


def test_the_dossier_escapes_what_pages_said(client: TestClient, built: Built) -> None:
    text = client.get("/dossier", params={"url": built.hostile_url}).text
    assert HOSTILE_TEXT not in text


def test_the_article_warc_and_wacz_download_beside_the_dossier(
    client: TestClient, built: Built
) -> None:
    warc = client.get("/dossier.warc.gz", params={"url": built.demo_url})
    assert warc.status_code == 200 and warc.content[:2] == b"\x1f\x8b"
    wacz = client.get("/dossier.wacz", params={"url": built.demo_url})
    assert wacz.status_code == 200
    _check_wacz(wacz.content, built)


def _check_wacz(content: bytes, built: Built) -> None:
    import io

    with zipfile.ZipFile(io.BytesIO(content)) as package:
        names = set(package.namelist())
        assert {"datapackage.json", "indexes/index.cdxj", "pages/pages.jsonl"} <= names
        (archive,) = [name for name in names if name.startswith("archive/")]
        manifest = json.loads(package.read("datapackage.json"))
        assert {r["path"] for r in manifest["resources"]} == names - {"datapackage.json"}
        index_lines = package.read("indexes/index.cdxj").decode().splitlines()
        assert len(index_lines) >= len(built.demo_versions)
        first = json.loads(index_lines[0].split(" ", 2)[2])
        assert first["filename"] == archive.removeprefix("archive/")
        pages = package.read("pages/pages.jsonl").decode().splitlines()
        assert json.loads(pages[0])["format"] == "json-pages-1.0"
        assert json.loads(pages[1])["url"] == built.demo_url


def test_dossier_command_writes_html_with_its_warc_and_wacz(
    data_dir: Path, built: Built, tmp_path: Path
) -> None:
    out = tmp_path / "knee.html"
    result = CliRunner().invoke(
        cli, ["dossier", built.demo_url, "--output", str(out), "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<style>" in html and 'href="knee.warc.gz"' in html and 'href="knee.wacz"' in html
    assert (tmp_path / "knee.warc.gz").stat().st_size > 0
    _check_wacz((tmp_path / "knee.wacz").read_bytes(), built)
    wrong = CliRunner().invoke(
        cli,
        [
            "dossier",
            built.demo_url,
            "--output",
            str(tmp_path / "x.txt"),
            "--data-dir",
            str(data_dir),
        ],
    )
    assert wrong.exit_code == 2 and ".html or a .pdf" in wrong.output


def test_annotate_command_records_a_verdict(data_dir: Path, built: Built) -> None:
    version = f"{built.demo_url}@-2"  # the third of four
    result = CliRunner().invoke(
        cli,
        [
            "annotate",
            version,
            "--significant",
            "--note",
            "disclaimer removed",
            "--tag",
            "fda",
            "--tag",
            "silent",
            "--user",
            "ana",
            "--format",
            "json",
            "--data-dir",
            str(data_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    stored = json.loads(result.output)
    assert stored["significant"] is True and stored["tags"] == ["fda", "silent"]
    assert stored["snapshot"] == built.demo_versions[2]
    bare = CliRunner().invoke(
        cli, ["annotate", str(built.demo_versions[1]), "--data-dir", str(data_dir)]
    )
    assert bare.exit_code == 0 and "no verdict" in bare.output


def test_a_dossier_file_links_into_the_workspace_only_at_its_base_url(
    data_dir: Path, built: Built, tmp_path: Path
) -> None:
    out = tmp_path / "linked.html"
    args = ["dossier", built.demo_url, "-o", str(out), "--data-dir", str(data_dir)]
    result = CliRunner().invoke(cli, [*args, "--base-url", "https://ws.example/"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert f'href="https://ws.example/changes/{built.demo_versions[1]}"' in html
    assert "https://ws.example/dossier?url=" in html
    CliRunner().invoke(cli, args)
    assert "open in the workspace" not in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(cli, [*args, "--base-url", "ws.example"])
    assert bad.exit_code == 2 and "--base-url" in bad.output


def test_links_spell_the_workspace_routes() -> None:
    links = Links("http://127.0.0.1:8000")
    assert links.change(7) == "http://127.0.0.1:8000/changes/7"
    assert links.watch("https://a.example/x?y=1") == (
        "http://127.0.0.1:8000/watch?url=https%3A%2F%2Fa.example%2Fx%3Fy%3D1"
    )
    assert Links().compare(1, 2) == "/compare?old=1&new=2"


def test_annotations_follow_their_change_into_history_export_and_pages(
    data_dir: Path, built: Built, tmp_path: Path
) -> None:
    from warcio.archiveiterator import ArchiveIterator

    from tracker.store import open_index
    from tracker.web import create_app

    change = built.demo_versions[2]
    with open_index(data_dir, create=False) as index:
        index.add_annotation(change, "ana", Judgement(True, "FDA line gone", ()))
        index.add_annotation(change, "bo", Judgement(None, "", ("fda",)))
        with TestClient(create_app(index), base_url="http://127.0.0.1") as client:
            assert "FDA line gone" in client.get(f"/changes/{change}").text
            api = client.get(f"/api/changes/{change}/annotations").json()["annotations"]
            assert [a["user"] for a in api] == ["bo", "ana"]
    run = CliRunner()
    text = run.invoke(cli, ["history", built.demo_url, "--data-dir", str(data_dir)])
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    stored = next(i for i, line in enumerate(lines) if f"snapshot {change} (new)" in line)
    assert lines[stored + 1].startswith("    annotated no-verdict by bo at ")
    assert lines[stored + 2].startswith("    annotated significant by ana at ")
    assert lines[stored + 2].endswith(": FDA line gone") and "[fda]" in lines[stored + 1]
    assert sum("annotated" in line for line in lines) == 2
    answer = run.invoke(
        cli, ["history", built.demo_url, "--format", "json", "--data-dir", str(data_dir)]
    )
    checks = json.loads(answer.output)
    (noted,) = [c for c in checks if c.get("annotations")]
    assert noted["snapshot"] == change and noted["annotations"][1]["note"] == "FDA line gone"
    out = tmp_path / "export.warc.gz"
    exported = run.invoke(
        cli, ["export", built.demo_url, "--warc", str(out), "--data-dir", str(data_dir)]
    )
    assert exported.exit_code == 0, exported.output
    with out.open("rb") as stream:
        records = [
            (r.rec_type, dict(r.rec_headers.headers), r.content_stream().read())
            for r in ArchiveIterator(stream)
        ]
    kinds = {fields["WARC-Record-ID"]: kind for kind, fields, _ in records}
    (metadata,) = [
        (fields, payload)
        for kind, fields, payload in records
        if fields.get("Content-Type") == "application/vnd.tracker.annotations+json"
    ]
    assert kinds[metadata[0]["WARC-Record-ID"]] == "metadata"
    assert kinds[metadata[0]["WARC-Refers-To"]] == "response"
    notes = json.loads(metadata[1])["annotations"]
    assert [(n["user"], n["snapshot"]) for n in notes] == [("ana", change), ("bo", change)]


def test_diff_and_show_carry_the_annotations_of_the_changes_they_show(
    data_dir: Path, built: Built
) -> None:
    from tracker.store import open_index

    change = built.demo_versions[2]
    with open_index(data_dir, create=False) as index:
        index.add_annotation(change, "ana", Judgement(True, "<FDA> gone", ("fda",)))
    run = CliRunner()

    def output(*args: str) -> str:
        result = run.invoke(cli, [*args, "--data-dir", str(data_dir)])
        assert result.exit_code in (0, 1), result.output
        return result.output

    old, new, after = (f"{built.demo_url}@{n}" for n in (-4, -2, -1))
    assert "annotated significant by ana at " in output("diff", old, new)
    (note,) = json.loads(output("diff", old, new, "--format", "json"))["annotations"]
    assert (note["snapshot"], note["note"], note["tags"]) == (change, "<FDA> gone", ["fda"])
    assert "&lt;FDA&gt; gone" in output("diff", new, old, "--format", "html")
    assert "annotations" not in json.loads(output("diff", new, after, "--format", "json"))
    assert "annotated significant by ana" not in output("diff", new, after)
    assert ": <FDA> gone [fda]" in output("show", new)
    shown = json.loads(output("show", new, "--format", "json"))
    assert [n["user"] for n in shown["annotations"]] == ["ana"]
    assert "&lt;FDA&gt; gone" in output("show", new, "--format", "html")
    assert json.loads(output("show", after, "--format", "json"))["annotations"] == []


def test_the_links_notifications_carry_resolve_to_the_served_routes(index, built: Built) -> None:
    import re

    from tracker.model import ChangeReport
    from tracker.notify import ChangeEvent, VersionRef
    from tracker.notify import Links as NotifyLinks
    from tracker.notify.text import text_body
    from tracker.web import create_app

    old, new = built.demo_versions[:2]
    stored = index.report_for_snapshot(new)
    refs = [
        VersionRef(snapshot=row.id, captured=row.fetched_at, sha256="a" * 64, record="w@1")
        for row in map(index.snapshot, (old, new))
    ]
    event = ChangeEvent(
        watch="demo",
        url=built.demo_url,
        checked_at=refs[1].captured,
        report=ChangeReport.from_json(stored),
        snapshot=new,
        old=refs[0],
        new=refs[1],
    )
    links = NotifyLinks("http://127.0.0.1/")
    body = text_body([event], links)
    carried = {*re.findall(r"http://127\.0\.0\.1/\S+", body), links.watch(built.demo_url)}
    assert {f"http://127.0.0.1/changes/{new}", f"http://127.0.0.1/captures/{new}/record"} <= carried
    with TestClient(create_app(index), base_url="http://127.0.0.1") as client:
        for link in sorted(carried):
            assert client.get(link).status_code == 200, link
