"""A rebuilt index says where each capture came from, as the index it replaces did.

One page tracked, backfilled from a web archive and imported from a crawler's WARC file;
the index deleted and rebuilt by ``tracker reindex``: its history reads as before, each
check with its origin and provenance, because every WARC record says where its capture
came from (``Tracker-Origin``, ``Tracker-Provenance``). Records written before they said
so come back ``restored``, and reindex says it could not tell.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support.archive import FakeArchive
from support.commands import pace_checks
from support.crawl import Crawl
from support.prp_article import article

from tracker.cli import cli
from tracker.store.rows import INDEX_NAME
from tracker.store.warc_records import RecordOrigin

PATH = "/blog/prp-knee"
# What a check row says that a rebuilt index must say again (its timings are not evidence).
KEPT = ("checked_at", "outcome", "origin", "provenance", "http_status", "error", "snapshot")


def tracker(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def history(page: str, data: Path) -> list[dict[str, Any]]:
    rows = json.loads(tracker("history", page, "--format", "json", "--data-dir", str(data)))
    return [{key: row[key] for key in KEPT} for row in rows]


def three_origins(archive: FakeArchive, tmp_path: Path) -> tuple[str, Path]:
    """A page backfilled (2019, 2021), imported (2022) and tracked (now)."""
    page = f"{archive.base}{PATH}"
    archive.add("20191204102030", page, article(1))
    archive.add("20210620093000", page, article(2))
    archive.live[PATH] = article(3)
    data = tmp_path / "data"
    common = ["--data-dir", str(data), "--allow-private"]
    tracker(
        "backfill", page, "--archive", f"{archive.base}/cdx/search/cdx", "--delay", "0", *common
    )
    crawl = Crawl()
    crawl.response(page, "2022-02-01T00:00:00Z", article(2).replace(b"900", b"1200"))
    tracker("import", str(crawl.save(tmp_path / "crawl.warc.gz")), "--data-dir", str(data))
    tracker("check", page, *common)
    return page, data


def test_reindex_gives_every_capture_its_origin_back(
    archive: FakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pace_checks(monkeypatch, 0.0)
    page, data = three_origins(archive, tmp_path)
    before = history(page, data)
    assert [row["origin"] for row in before] == ["backfilled", "backfilled", "imported", "tracked"]
    ledger = tracker("backfill", page, "--status", "--format", "json", "--data-dir", str(data))

    (data / INDEX_NAME).unlink()
    said = " ".join(tracker("reindex", "--data-dir", str(data)).split())
    assert "restored 4 capture(s)" in said
    assert "tracked, backfilled or imported" not in said  # every record said which

    after = history(page, data)
    # A tracked check's row is dated when the check began, its record when the answer came.
    tracked_before, tracked_after = before.pop()["checked_at"], after.pop()["checked_at"]
    assert tracked_before <= tracked_after
    assert after == before
    # The backfill's ledger is back under its own keys: a new run fetches nothing again.
    status = tracker("backfill", page, "--status", "--format", "json", "--data-dir", str(data))
    # ...and reindex's own ledger holds the tracked check it put back (so a rerun skips it).
    *past, tracked = json.loads(status)
    assert past == json.loads(ledger) and tracked["origin"] == "restored"
    assert "restored 0 capture(s)" in tracker("reindex", "--data-dir", str(data))


def test_records_from_before_the_origin_was_written_come_back_restored_and_say_so(
    archive: FakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pace_checks(monkeypatch, 0.0)
    monkeypatch.setattr(RecordOrigin, "fields", lambda self: {})  # as tracker wrote them before
    page, data = three_origins(archive, tmp_path)
    (data / INDEX_NAME).unlink()
    said = " ".join(tracker("reindex", "--data-dir", str(data)).split())
    assert (
        "whether 4 capture(s) were tracked, backfilled or imported: their records were"
        " written before tracker said so" in said
    )
    assert {row["origin"] for row in history(page, data)} == {"restored"}
