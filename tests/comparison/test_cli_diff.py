"""tracker diff: inputs, formats, --output, and diff(1) exit statuses."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from support.documents import doc

from tracker.check import check
from tracker.cli import cli
from tracker.model import Capture, Document
from tracker.store import open_index

OLD = doc(["Stem cell therapy may reduce knee pain.", "Call us today."])
NEW = doc(["Stem cell therapy reduces knee pain.", "Call us today."])


def save(path: Path, document: Document) -> str:
    path.write_text(json.dumps(document.to_json()), encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_changed_article_exits_1_and_prints_json(tmp_path: Path) -> None:
    old, new = save(tmp_path / "old.json", OLD), save(tmp_path / "new.json", NEW)
    code, out, _ = run("diff", old, new, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["article_changed"] is True
    assert data["claim_changes"][0]["kind"] == "modified"


def test_unchanged_article_exits_0(tmp_path: Path) -> None:
    old = save(tmp_path / "old.json", OLD)
    bumped = doc(
        ["Stem cell therapy may reduce knee pain.", "Call us today."], updated="2025-01-01"
    )
    new = save(tmp_path / "new.json", bumped)
    code, out, _ = run("diff", old, new)
    assert code == 0
    assert "article unchanged" in out and "DATE-ONLY BUMP" in out


def test_output_file_gets_the_html(tmp_path: Path) -> None:
    old, new = save(tmp_path / "old.json", OLD), save(tmp_path / "new.json", NEW)
    target = tmp_path / "report.html"
    code, out, _ = run("diff", old, new, "--format", "html", "--output", str(target))
    assert code == 1 and out == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_missing_input_exits_2(tmp_path: Path) -> None:
    old = save(tmp_path / "old.json", OLD)
    code, _, err = run("diff", old, str(tmp_path / "nope.html"), "--data-dir", str(tmp_path / "d"))
    assert code == 2
    assert err.startswith("tracker: error:") and "no such file" in err


def test_broken_document_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "tracker.document/1", "blocks": [{"kind": "nonsense"}]}')
    code, _, err = run("diff", str(bad), str(bad))
    assert code == 2 and "not a readable tracker document" in err


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    old, new = save(tmp_path / "old.json", OLD), save(tmp_path / "new.json", NEW)
    code, _, err = run("diff", old, new, "--output", str(tmp_path / "no" / "such" / "dir.txt"))
    assert code == 2 and "cannot write" in err


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "revisions"


def test_saved_html_pages(tmp_path: Path) -> None:
    page = (FIXTURES / "clinic.html").read_text(encoding="utf-8")
    old = tmp_path / "old.html"
    new = tmp_path / "new.html"
    chrome = tmp_path / "chrome.html"
    old.write_text(page, encoding="utf-8")
    new.write_text(page.replace("may reduce joint swelling", "reduces joint swelling"), "utf-8")
    chrome.write_text(page.replace("40,000+ subscribers", "55,000+ subscribers"), "utf-8")
    code, out, _ = run("diff", str(old), str(new), "--no-color")
    assert code == 1
    assert "SILENT EDIT" in out and "hedge_removed" in out
    assert "[-may reduce-]{+reduces+}" in out
    code, out, _ = run("diff", str(old), str(chrome), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["article_changed"] is False and data["boilerplate_changes"]


def test_unknown_stored_version_exits_2(tmp_path: Path) -> None:
    old = save(tmp_path / "old.json", OLD)
    data_dir = tmp_path / "data"
    code, _, err = run("diff", old, "https://clinic.example/page@-1", "--data-dir", str(data_dir))
    assert code == 2 and err.startswith("tracker: error:")
    assert not data_dir.exists()  # a diff never creates a data directory


class _Pages:
    """A fetcher that serves the given bodies in turn: stored versions without any network."""

    def __init__(self, *bodies: bytes) -> None:
        self.bodies = list(bodies)

    async def fetch(self, url: str, settings: object, *, validators: object = None) -> Capture:
        return Capture(
            url=url,
            final_url=url,
            fetched_at=datetime.now(UTC),
            status=200,
            headers=(("Content-Type", "text/html; charset=utf-8"),),
            body=self.bodies.pop(0),
        )


def test_stored_versions_of_a_tracked_url(tmp_path: Path) -> None:
    page = (FIXTURES / "news.html").read_bytes()
    edited = page.replace(b"rose by 160 percent", b"rose by 180 percent")
    url = "https://ledger.example/health/injections"
    data_dir = tmp_path / "data"
    fetcher = _Pages(page, edited)
    with open_index(data_dir) as store:
        asyncio.run(check(store, fetcher, url))
        asyncio.run(check(store, fetcher, url))
    code, out, err = run(
        "diff", f"{url}@-2", f"{url}@-1", "--format", "json", "--data-dir", str(data_dir)
    )
    assert code == 1, err
    [change] = json.loads(out)["claim_changes"]
    [number] = change["numbers"]
    assert "160" in number["old"] and "180" in number["new"]
    code, _, err = run("diff", f"{url}@-1", f"{url}@-1", "--data-dir", str(data_dir))
    assert code == 0, err


def test_one_version_from_stdin(tmp_path: Path) -> None:
    new = save(tmp_path / "new.json", NEW)
    result = CliRunner().invoke(
        cli, ["diff", "-", new, "--format", "json"], input=json.dumps(OLD.to_json())
    )
    assert result.exit_code == 1 and json.loads(result.stdout)["article_changed"] is True
    code, _, err = run("diff", "-", "-")
    assert code == 2 and "stdin" in err
