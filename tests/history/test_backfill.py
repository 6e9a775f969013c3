"""tracker backfill against a fake CDX / Memento archive on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support.archive import FakeArchive
from support.clock import FakeClock, Sleeps
from support.prp_article import PDF, URL, article

import tracker.history.cdx as cdx_module
from tracker.check import check
from tracker.cli import cli
from tracker.config import FetchSettings
from tracker.daemon.state import status_rows
from tracker.fetch import HttpFetcher
from tracker.history import Archive, BackfillRun, PastOutcome, backfill
from tracker.store import Index, open_index

T1, T1_COPY, T1_CHROME, T_PDF, T2, T3 = (
    "20191204102030",
    "20200301080000",
    "20200601080000",
    "20200701080000",
    "20210620093000",
    "20240411120000",
)


def seed(archive: FakeArchive, url: str = URL) -> None:
    archive.add(T1, url, article(1))
    archive.add(T1_COPY, url, article(1))  # same digest: collapsed
    archive.add(T1_CHROME, url, article(1, banner="Spring offer: 20% off"))  # same article
    archive.add(T_PDF, url, PDF, mimetype="application/pdf")
    archive.add(T2, url, article(2))
    archive.add(T3, url, article(3))


def cdx(archive: FakeArchive) -> Archive:
    return Archive.parse(f"{archive.base}/cdx/search/cdx")


def run(
    store: Index,
    settings: FetchSettings,
    where: Archive,
    url: str = URL,
    sleeps: Sleeps | None = None,
    **options: Any,
) -> BackfillRun:
    sleep = sleeps or Sleeps()

    async def go() -> BackfillRun:
        async with HttpFetcher(sleep=sleep) as fetcher:
            return await backfill(
                store, fetcher, url, settings, archive=where, sleep=sleep, **options
            )

    return asyncio.run(go())


def moment(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def id_requests(archive: FakeArchive) -> list[str]:
    return [path for path in archive.log if "id_/" in path]


def check_live(store: Index, url: str, settings: FetchSettings) -> Any:
    """One live check of ``url``, as the daemon or 'tracker check' would run it."""

    async def go() -> Any:
        async with HttpFetcher() as fetcher:
            return await check(store, fetcher, url, settings)

    return asyncio.run(go())


def test_versions_are_stored_at_their_capture_dates_with_provenance(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    seed(archive)
    result = run(store, settings, cdx(archive))

    versions = store.snapshots(URL)
    assert [version.fetched_at for version in versions] == [moment(T1), moment(T2), moment(T3)]
    assert result.listed == 5  # the server collapsed the identical copy
    outcomes = {item.key.split("/web/")[1][:14]: item.outcome for item in result.results}
    assert outcomes == {
        T1: PastOutcome.STORED,
        T1_CHROME: PastOutcome.UNCHANGED,
        T_PDF: PastOutcome.SKIPPED,
        T2: PastOutcome.STORED,
        T3: PastOutcome.STORED,
    }
    assert result.complete
    # raw captures only, and never the non-HTML one
    fetched = id_requests(archive)
    assert fetched and all(f"/web/{stamp}id_/" in " ".join(fetched) for stamp in (T1, T2, T3))
    assert not any(T_PDF in path for path in fetched)
    assert not [path for path in archive.requests("/web/") if "id_/" not in path]
    cdx_query = archive.requests("/cdx/search/cdx")[0]
    assert "collapse=digest" in cdx_query and "output=json" in cdx_query
    assert "fl=timestamp%2Coriginal%2Cstatuscode%2Cmimetype%2Cdigest%2Clength" in cdx_query

    history = store.history(URL)
    assert [row.checked_at for row in history] == sorted(row.checked_at for row in history)
    assert {row.origin for row in history} == {"backfilled"}
    first = history[0].to_json()
    assert first["provenance"]["memento_url"] == f"{archive.base}/web/{T1}/{URL}"
    assert first["provenance"]["original_timestamp"] == T1
    assert first["provenance"]["source"] == f"{archive.base}/cdx/search/cdx"
    assert store.verify() == []


def test_reports_read_in_date_order_and_are_marked(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    seed(archive)
    run(store, settings, cdx(archive))
    first, second, third = store.snapshots(URL)
    assert store.report_for_snapshot(first.id) is None
    report = store.report_for_snapshot(second.id)
    assert report is not None
    assert report["origin"] == {"old": "backfilled", "new": "backfilled"}
    assert report["provenance"]["original_timestamp"] == T2
    assert report["old"]["updated"] == "2019-12-02" and report["new"]["updated"] == "2021-06-15"
    tags = {tag for change in report["claim_changes"] for tag in change["tags"]}
    assert {"hedge_removed", "number_changed"} <= tags
    later = store.report_for_snapshot(third.id)
    assert later is not None and later["reference_changes"]
    assert store.resolve_snapshot(f"{URL}@2019-12-04").id == first.id
    assert store.resolve_snapshot(f"{URL}@2024-04-11").id == third.id


def test_listing_is_paged_with_resume_keys(
    store: Index, archive: FakeArchive, settings: FetchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(archive)
    monkeypatch.setattr(cdx_module, "CDX_PAGE_SIZE", 2)
    result = run(store, settings, cdx(archive))
    listings = archive.requests("/cdx/search/cdx")
    assert len(listings) == 3
    assert "resumeKey" not in listings[0] and all("resumeKey=" in q for q in listings[1:])
    assert result.listed == 5
    assert len(store.snapshots(URL)) == 3


def test_digests_collapse_even_when_the_server_does_not(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    seed(archive)
    archive.honour_collapse = False
    result = run(store, settings, cdx(archive))
    assert result.listed == 6 and result.collapsed == 1
    assert not any(T1_COPY in path for path in id_requests(archive))


def test_a_page_that_changed_back_keeps_every_version(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    archive.add(T1, URL, article(1))
    archive.add(T2, URL, article(2))
    archive.add(T3, URL, article(1))  # reverted: the same digest as the first, not adjacent
    run(store, settings, cdx(archive))
    versions = store.snapshots(URL)
    assert len(versions) == 3
    assert versions[0].article_sha256 == versions[2].article_sha256


def test_from_and_to_limit_the_listing(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    seed(archive)
    result = run(store, settings, cdx(archive), start=date(2020, 1, 1), end=date(2021, 12, 31))
    assert "from=20200101" in archive.requests("/cdx/search/cdx")[0]
    assert "to=20211231" in archive.requests("/cdx/search/cdx")[0]
    assert {item.captured_at.year for item in result.results} <= {2020, 2021}
    # the 2020 copy of the first version is the earliest in range: it is stored
    assert [version.fetched_at for version in store.snapshots(URL)] == [
        moment(T1_COPY),
        moment(T2),
    ]


def test_a_missing_capture_is_recorded_and_fetched_by_the_next_run(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    seed(archive)
    archive.missing.add(T2)
    first_run = run(store, settings, cdx(archive))
    assert not first_run.complete
    failed = [item for item in first_run.results if item.outcome == PastOutcome.FAILED]
    assert len(failed) == 1 and "404" in (failed[0].reason or "")
    ledger = {item.key: item for item in store.past_captures(URL)}
    assert ledger[f"{archive.base}/web/{T2}/{URL}"].state == "failed"
    assert "no such capture" in (ledger[f"{archive.base}/web/{T2}/{URL}"].reason or "")
    assert len(store.snapshots(URL)) == 2
    newest = store.snapshots(URL)[-1]
    before = store.report_for_snapshot(newest.id)
    assert before is not None and before["old"]["updated"] == "2019-12-02"

    archive.missing.clear()
    archive.log.clear()
    second_run = run(store, settings, cdx(archive))
    assert second_run.complete
    assert id_requests(archive) == [f"/web/{T2}id_/{URL}"]  # only what was missing
    assert second_run.count(PastOutcome.DONE) == 4
    versions = store.snapshots(URL)
    assert [version.fetched_at for version in versions] == [moment(T1), moment(T2), moment(T3)]
    # the newest version's report was recomputed against the version now before it
    after = store.report_for_snapshot(versions[2].id)
    assert after is not None and after["old"]["updated"] == "2021-06-15"
    assert ledger[f"{archive.base}/web/{T2}/{URL}"].attempts == 1
    assert {item.key: item for item in store.past_captures(URL)}[
        f"{archive.base}/web/{T2}/{URL}"
    ].attempts == 2
    assert store.verify() == []


def test_a_third_run_fetches_nothing(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    seed(archive)
    run(store, settings, cdx(archive))
    archive.log.clear()
    again = run(store, settings, cdx(archive))
    assert id_requests(archive) == []
    assert again.count(PastOutcome.DONE) == 5 and again.complete
    assert len(store.history(URL)) == 4


def test_retry_after_is_honoured(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    seed(archive)
    archive.retry_after = "7"
    archive.rate_limits[f"/web/{T2}id_/{URL}"] = 1
    sleeps = Sleeps()
    result = run(store, settings, cdx(archive), sleeps=sleeps)
    assert result.complete
    assert any(6.0 < call <= 7.0 for call in sleeps.calls), sleeps.calls
    assert id_requests(archive).count(f"/web/{T2}id_/{URL}") == 2
    assert len(store.snapshots(URL)) == 3


def test_a_retry_after_beyond_the_fetch_deadline_is_waited_out(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    seed(archive)
    archive.retry_after = "120"  # longer than the 10 s a fetch may take
    archive.rate_limits[f"/web/{T2}id_/{URL}"] = 1
    clock = FakeClock()

    async def go() -> BackfillRun:
        async with HttpFetcher(clock=clock, sleep=clock.sleep) as fetcher:
            return await backfill(
                store, fetcher, URL, settings, archive=cdx(archive), sleep=clock.sleep
            )

    result = asyncio.run(go())
    assert result.complete, result.to_json()
    assert 120.0 in clock.sleeps
    assert len(store.snapshots(URL)) == 3

    archive.rate_limits[f"/web/{T3}id_/{URL}"] = 1
    archive.retry_after = "86400"  # a day: not waited, the run stops for later
    store_two = open_index(store.root.parent / "other")
    try:

        async def impatient() -> BackfillRun:
            async with HttpFetcher(clock=clock, sleep=clock.sleep) as fetcher:
                return await backfill(
                    store_two, fetcher, URL, settings, archive=cdx(archive), sleep=clock.sleep
                )

        stopped = asyncio.run(impatient())
    finally:
        store_two.close()
    assert stopped.stopped is not None and "again later" in stopped.stopped
    assert 86400.0 not in clock.sleeps


def test_an_archive_that_keeps_rate_limiting_stops_the_run_for_later(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    seed(archive)
    archive.rate_limits[f"/web/{T2}id_/{URL}"] = 10
    result = run(store, settings, cdx(archive))
    assert result.stopped is not None and "429" in result.stopped
    assert not any(T3 in path for path in id_requests(archive))
    assert [item.outcome for item in result.results][-1] == PastOutcome.FAILED

    archive.rate_limits.clear()
    resumed = run(store, settings, cdx(archive))
    assert resumed.complete
    assert len(store.snapshots(URL)) == 3


def test_memento_timemap_with_pages(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    seed(archive)
    where = Archive.parse(f"{archive.base}/mem")
    assert where.kind == "memento"
    result = run(store, settings, where)
    assert archive.requests("/mem/timemap2/link/")  # the second page was followed
    assert result.listed == 6  # a TimeMap has no digests to collapse by
    raw = [path for path in archive.requests("/mem/") if "timemap" not in path]
    assert raw and all("id_/" in path for path in raw)
    versions = store.snapshots(URL)
    assert [version.fetched_at for version in versions] == [moment(T1), moment(T2), moment(T3)]
    row = store.history(URL)[0].to_json()
    assert row["provenance"]["memento_url"] == f"{archive.base}/mem/{T1}/{URL}"
    assert row["provenance"]["original_timestamp"] == "Wed, 04 Dec 2019 10:20:30 GMT"
    assert store.verify() == []


def test_a_replay_redirected_to_the_nearest_capture_is_dated_by_the_archive(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    archive.add(T1, URL, article(1))
    archive.add(T2, URL, article(2))
    archive.add(T1_COPY, URL, article(1), listed=False)
    archive.nearest[T1] = T1_COPY  # listed at T1, replayed from a capture a little later
    result = run(store, settings, Archive.parse(f"{archive.base}/mem"))
    assert result.complete
    first = store.snapshots(URL)[0]
    assert first.fetched_at == moment(T1_COPY)
    provenance = store.history(URL)[0].to_json()["provenance"]
    assert provenance["memento_url"] == f"{archive.base}/mem/{T1_COPY}id_/{URL}"
    assert provenance["original_timestamp"] == "Wed, 04 Dec 2019 10:20:30 GMT"


def test_an_archived_redirect_to_another_page_is_skipped(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    moved = "https://harbourjoint.example/treatments/prp"
    archive.add(T1, URL, article(1))
    archive.add(T2, URL, b"", status=301, location=moved)
    archive.add(T2, moved, article(2))
    result = run(store, settings, Archive.parse(f"{archive.base}/mem"))  # no status listed
    skipped = [item for item in result.results if item.outcome == PastOutcome.SKIPPED]
    assert len(skipped) == 1 and moved in (skipped[0].reason or "")
    assert len(store.snapshots(URL)) == 1


def test_versions_older_than_tracking_slot_in_before_it(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    live_url = f"{archive.base}/live/prp"
    archive.live["/live/prp"] = article(3, banner="New: weekend appointments")

    tracked = check_live(store, live_url, settings)
    assert str(tracked.outcome) == "new"
    tracked_id = tracked.snapshot_id
    seed(archive, live_url)
    run(store, settings, cdx(archive), url=live_url)

    versions = store.snapshots(live_url)
    assert [version.fetched_at for version in versions] == [moment(T1), moment(T2), moment(T3)]
    # the archive saw the tracked version on 2024-04-11: its first sighting moved back
    assert versions[-1].id == tracked_id
    assert store.watch_state(live_url).current_snapshot_id == tracked_id  # type: ignore[union-attr]
    report = store.report_for_snapshot(tracked_id)  # type: ignore[arg-type]
    assert report is not None and report["old"]["updated"] == "2021-06-15"
    history = store.history(live_url)
    assert history[-1].origin == "tracked" and history[-1].snapshot == tracked_id
    assert store.verify() == []

    assert str(check_live(store, live_url, settings).outcome) == "unchanged"


def test_an_archived_version_newer_than_the_last_check_is_what_the_next_check_compares_with(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    live_url = f"{archive.base}/live/newer"
    archive.live["/live/newer"] = article(1)

    first = check_live(store, live_url, settings)
    later = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y%m%d%H%M%S")
    archive.add(later, live_url, article(2))  # the archive saw an edit after our last check
    run(store, settings, cdx(archive), url=live_url)
    newest = store.snapshots(live_url)[-1]
    assert store.watch_state(live_url).current_snapshot_id == newest.id  # type: ignore[union-attr]

    again = check_live(store, live_url, settings)  # the page is back to the first version
    assert str(again.outcome) == "changed", again.to_json()
    assert again.previous_snapshot_id == newest.id and again.snapshot_id != first.snapshot_id


def test_status_shows_the_last_check_run_not_a_backfilled_capture(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    live_url = f"{archive.base}/live/status"
    archive.live["/live/status"] = article(3)

    tracked = check_live(store, live_url, settings)
    seed(archive, live_url)
    run(store, settings, cdx(archive), url=live_url)
    (row,) = status_rows(store, [("prp", live_url)])
    assert row.last_check_at == tracked.checked_at and row.last_outcome == "new"


def test_older_versions_recompute_the_reports_after_them(
    store: Index, archive: FakeArchive, settings: FetchSettings
) -> None:
    live_url = f"{archive.base}/live/knee"
    archive.live["/live/knee"] = article(3)

    tracked = check_live(store, live_url, settings)
    assert tracked.report is None  # the first version tracked: nothing to compare with
    archive.add(T1, live_url, article(1))
    archive.add(T2, live_url, article(2))

    run(store, settings, cdx(archive), url=live_url, end=date(2019, 12, 31))
    report = store.report_for_snapshot(tracked.snapshot_id)
    assert report is not None and report["old"]["updated"] == "2019-12-02"
    assert report["origin"] == {"old": "backfilled", "new": "tracked"}

    run(store, settings, cdx(archive), url=live_url)  # now 2021 slots in between
    versions = store.snapshots(live_url)
    assert [store.snapshot_origin(version.id) for version in versions] == [
        "backfilled",
        "backfilled",
        "tracked",
    ]
    middle = store.report_for_snapshot(versions[1].id)
    assert middle is not None and middle["old"]["updated"] == "2019-12-02"
    report = store.report_for_snapshot(tracked.snapshot_id)
    assert report is not None and report["old"]["updated"] == "2021-06-15"
    assert store.verify() == []


def test_cli_backfill_history_and_diff(archive: FakeArchive, tmp_path: Path) -> None:
    seed(archive)
    data = str(tmp_path / "cli-data")
    runner = CliRunner()
    common = ["--data-dir", data]
    backfill = ["backfill", URL, "--archive", f"{archive.base}/cdx/search/cdx", "--delay", "0"]
    backfill += ["--allow-private", *common]
    result = runner.invoke(cli, [*backfill, "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["counts"]["stored"] == 3 and summary["origin"] == "backfilled"
    assert all(item["notify"] is False for item in summary["captures"])

    history = runner.invoke(cli, ["history", URL, "--format", "json", *common])
    assert history.exit_code == 0, history.output
    rows = json.loads(history.output)
    assert [row["origin"] for row in rows] == ["backfilled"] * 4
    assert rows[0]["checked_at"].startswith("2019-12-04")
    lines = runner.invoke(cli, ["history", URL, *common]).output.splitlines()
    assert len(lines) == 4 and all(line.endswith("  [backfilled]") for line in lines)
    assert all(line.count("[backfilled]") == 1 for line in lines)
    assert lines[0].startswith("2019-12-04 10:20:30Z  new")

    diff = runner.invoke(
        cli, ["diff", f"{URL}@2019-12-04", f"{URL}@2024-04-11", "--format", "json", *common]
    )
    assert diff.exit_code == 1, diff.output  # like diff(1): the versions differ
    report = json.loads(diff.output)
    assert report["old"]["updated"] == "2019-12-02" and report["new"]["updated"] == "2024-04-11"
    assert report["article_changed"] is True

    shown = runner.invoke(cli, ["show", f"{URL}@2021-06-20", "--format", "json", *common])
    assert shown.exit_code == 0, shown.output
    stored_report = json.loads(shown.output)["report"]
    assert stored_report["origin"] == {"old": "backfilled", "new": "backfilled"}
    assert stored_report["provenance"]["original_timestamp"] == T2

    text = runner.invoke(cli, backfill)
    assert text.exit_code == 0, text.output
    assert "5 done" in text.output

    ledger = runner.invoke(cli, ["backfill", URL, "--status", *common])
    assert ledger.exit_code == 0, ledger.output
    lines = ledger.output.splitlines()
    assert len(lines) == 5 and "skipped" in lines[2] and "not HTML" in lines[2]
    assert all("(tried 1x)" in line for line in lines)
    as_json = json.loads(
        runner.invoke(cli, ["backfill", URL, "--status", "--format", "json", *common]).output
    )
    assert [item["state"] for item in as_json] == [
        "stored",
        "unchanged",
        "skipped",
        "stored",
        "stored",
    ]


def test_cli_wrong_archive_and_nothing_archived(archive: FakeArchive, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["--delay", "0", "--allow-private", "--data-dir", str(tmp_path / "d")]
    wrong = runner.invoke(
        cli, ["backfill", URL, "--archive", f"{archive.base}/nowhere/cdx/search/cdx", *base]
    )
    assert wrong.exit_code == 1 and "cannot list captures" in wrong.output
    assert "404" in wrong.output
    for where in (f"{archive.base}/cdx/search/cdx", f"{archive.base}/mem"):
        empty = runner.invoke(cli, ["backfill", URL, "--archive", where, *base])
        assert empty.exit_code == 0, empty.output
        assert "0 capture(s) listed" in empty.output


def test_cli_help_and_bad_input(tmp_path: Path) -> None:
    runner = CliRunner()
    for command in ("backfill", "import"):
        shown = runner.invoke(cli, [command, "--help"])
        assert shown.exit_code == 0 and "Example:" in shown.output
    bad = runner.invoke(
        cli, ["backfill", URL, "--from", "yesterday", "--data-dir", str(tmp_path / "d")]
    )
    assert bad.exit_code == 2 and "--from expects a date" in bad.output
    backwards = runner.invoke(
        cli,
        [
            "backfill",
            URL,
            "--from",
            "2024-01-01",
            "--to",
            "2020-01-01",
            "--archive",
            "http://127.0.0.1:9/cdx/search/cdx",
            "--data-dir",
            str(tmp_path / "d"),
        ],
    )
    assert backwards.exit_code == 2 and "after" in backwards.output
