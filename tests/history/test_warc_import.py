"""tracker import against WARC files written with warcio, shaped like crawlers write them."""

from __future__ import annotations

import gzip
import json
import threading
import zipfile
from collections import Counter
from pathlib import Path

import brotli
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.crawl import Crawl
from support.prp_article import PDF, URL, article

from tracker.cli import cli
from tracker.errors import UsageError
from tracker.history import PastOutcome, import_warcs
from tracker.history.warc_import import scan_warc
from tracker.store import Index

OTHER = "https://harbourjoint.example/blog/shoulder-physio"
LOGO = "https://harbourjoint.example/images/logo.png"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)
D1, D2, D3, D4 = (
    "2019-12-04T10:20:30Z",
    "2021-06-20T09:30:00Z",
    "2022-02-01T00:00:00Z",
    "2023-03-03T03:03:03Z",
)


def crawl_file(tmp_path: Path, *, compress: bool = True) -> Path:
    crawl = Crawl(compress=compress)
    crawl.response(URL, D1, article(1))
    second = crawl.response(URL, D2, article(2), wire="chunked-gzip")
    crawl.response(LOGO, D2, PNG, content_type="image/png")
    crawl.response(OTHER, D2, article(1).replace(b"knee", b"shoulder"))
    crawl.revisit(URL, D3, article(2), second, D2)  # the same page seen again
    crawl.revisit(URL, D4, article(3), "<urn:uuid:not-in-this-file>", "2023-01-01T00:00:00Z")
    crawl.response(URL, "2020-05-05T05:05:05Z", PDF, content_type="application/pdf")
    crawl.response(URL, "2020-07-07T07:07:07Z", b"gone", status="404 Not Found")
    name = "crawl.warc.gz" if compress else "crawl.warc"
    return crawl.save(tmp_path / name)


@pytest.fixture
def warc(tmp_path: Path) -> Path:
    return crawl_file(tmp_path)


def outcomes(run: object) -> Counter[str]:
    return Counter(result.outcome for _, result in run.results)  # type: ignore[attr-defined]


def test_watched_url_is_imported_with_original_dates(store: Index, warc: Path) -> None:
    store.ensure_watch(URL)
    run = import_warcs(store, [warc], urls=store.urls())
    assert outcomes(run) == Counter(
        {PastOutcome.STORED: 2, PastOutcome.UNCHANGED: 1, PastOutcome.SKIPPED: 3}
    )
    versions = store.snapshots(URL)
    assert [version.fetched_at.isoformat() for version in versions] == [
        "2019-12-04T10:20:30+00:00",
        "2021-06-20T09:30:00+00:00",
    ]
    reasons = {result.reason for _, result in run.results if result.reason}
    assert "revisit of a record that is not in these files" in reasons
    assert "not HTML: application/pdf" in reasons
    assert "HTTP 404 response, not a page" in reasons
    assert run.skipped["not a watched URL"] == 2  # the logo and the other article
    assert run.skipped["request record (not a capture)"] == 6

    history = store.history(URL)
    assert [row.origin for row in history] == ["imported"] * 3
    assert [row.outcome for row in history] == ["new", "changed", "unchanged"]
    provenance = history[0].to_json()["provenance"]
    assert provenance["source"] == "crawl.warc.gz" and provenance["original_timestamp"] == D1
    assert provenance["record_id"].startswith("<urn:uuid:")
    report = store.report_for_snapshot(versions[1].id)
    assert report is not None and report["origin"] == {"old": "imported", "new": "imported"}
    # the chunked, gzipped body was decoded before extraction
    assert store.resolve_version(f"{URL}@2021-06-20").updated == "2021-06-15"
    # and is kept as recorded: de-chunked, still gzip, the headers saying so
    kept = store.read_capture(versions[1].warc_file, versions[1].warc_offset)
    assert gzip.decompress(kept.payload) == kept.body() == article(2)
    assert ("Content-Encoding", "gzip") in kept.http_headers
    assert ("X-Archive-Orig-Transfer-Encoding", "chunked") in kept.http_headers
    assert store.verify() == []


def test_importing_twice_stores_nothing_twice(store: Index, warc: Path) -> None:
    store.ensure_watch(URL)
    import_warcs(store, [warc], urls=[URL])
    again = import_warcs(store, [warc], urls=[URL])
    assert outcomes(again)[PastOutcome.DONE] == 6
    assert len(store.snapshots(URL)) == 2 and len(store.history(URL)) == 3


def test_an_import_waits_for_a_live_check_of_the_same_page(store: Index, warc: Path) -> None:
    store.ensure_watch(URL)
    importing = threading.Thread(target=import_warcs, args=(store, [warc]), kwargs={"urls": [URL]})
    with store.url_lock(URL):  # a live check of the page holds its lock
        importing.start()
        importing.join(timeout=2)
        assert importing.is_alive()
        assert store.snapshots(URL) == []  # nothing placed beside the check
    importing.join()
    assert len(store.snapshots(URL)) == 2


def test_all_imports_every_html_page(store: Index, warc: Path) -> None:
    run = import_warcs(store, [warc], urls=None)
    assert set(store.urls()) == {URL, OTHER}
    assert run.skipped["not HTML: image/png"] == 1
    assert len(store.snapshots(OTHER)) == 1


def test_plain_uncompressed_warc(store: Index, tmp_path: Path) -> None:
    path = crawl_file(tmp_path, compress=False)
    import_warcs(store, [path], urls=[URL])
    assert len(store.snapshots(URL)) == 2
    assert store.verify() == []


@pytest.mark.parametrize("wire", ["br", "decoded-but-labelled-gzip"])
def test_bodies_are_decoded_here_and_kept_as_recorded(
    store: Index, tmp_path: Path, wire: str
) -> None:
    crawl = Crawl()
    crawl.response(URL, D1, article(1), wire=wire)
    run = import_warcs(store, [crawl.save(tmp_path / "c.warc.gz")], urls=[URL])
    assert outcomes(run)[PastOutcome.STORED] == 1
    (version,) = store.snapshots(URL)
    kept = store.read_capture(version.warc_file, version.warc_offset)
    assert kept.body() == article(1)
    if wire == "br":  # kept as recorded, the coding with it
        assert kept.payload == brotli.compress(article(1)) and kept.coded
    else:  # read as warcio reads it: the body as it is, the stale header set aside
        assert kept.payload == article(1) and not kept.coded
    assert store.verify() == []


def test_a_whole_file_gzip_warc(store: Index, tmp_path: Path) -> None:
    plain = crawl_file(tmp_path, compress=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))  # one gzip member, not one per record
    run = import_warcs(store, [whole], urls=[URL])
    assert outcomes(run)[PastOutcome.STORED] == 2
    assert store.verify() == []


def test_a_revisit_resolved_across_files(store: Index, tmp_path: Path) -> None:
    first = Crawl()
    original = first.response(URL, D1, article(1))
    second = Crawl()
    second.revisit(URL, D3, article(1), original, D1)
    paths = [first.save(tmp_path / "a.warc.gz"), second.save(tmp_path / "b.warc.gz")]
    run = import_warcs(store, paths, urls=[URL])
    assert outcomes(run) == Counter({PastOutcome.STORED: 1, PastOutcome.UNCHANGED: 1})


def test_imported_versions_before_tracked_ones(store: Index, tmp_path: Path) -> None:
    crawl = Crawl()
    crawl.response(URL, D1, article(1))
    crawl.response(URL, D3, article(3))
    import_warcs(store, [crawl.save(tmp_path / "late.warc.gz")], urls=[URL])
    earlier = Crawl()
    earlier.response(URL, D2, article(2))
    import_warcs(store, [earlier.save(tmp_path / "middle.warc.gz")], urls=[URL])
    versions = store.snapshots(URL)
    assert [store.resolve_version(str(v.id)).updated for v in versions] == [
        "2019-12-02",
        "2021-06-15",
        "2024-04-11",
    ]
    last = store.report_for_snapshot(versions[2].id)
    assert last is not None and last["old"]["updated"] == "2021-06-15"


def test_a_wacz_package_is_read_through_its_warc_members(store: Index, tmp_path: Path) -> None:
    warc = crawl_file(tmp_path)
    wacz = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(wacz, "w") as package:
        package.writestr("datapackage.json", json.dumps({"profile": "data-package"}))
        package.writestr("pages/pages.jsonl", json.dumps({"url": URL}) + "\n")
        package.write(warc, "archive/data.warc.gz", compress_type=zipfile.ZIP_STORED)
    import_warcs(store, [wacz], urls=[URL])
    assert len(store.snapshots(URL)) == 2
    provenance = store.history(URL)[0].provenance
    assert provenance is not None and provenance.source == "crawl.wacz/archive/data.warc.gz"
    assert store.verify() == []
    empty = tmp_path / "empty.wacz"
    with zipfile.ZipFile(empty, "w") as package:
        package.writestr("datapackage.json", "{}")
    with pytest.raises(UsageError, match="no WARC files"):
        import_warcs(store, [empty], urls=[URL])


def test_a_file_that_is_not_a_warc(store: Index, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.warc.gz"
    bogus.write_bytes(gzip.compress(b"these are my notes, not a web archive\n"))
    with pytest.raises(UsageError, match="not a readable WARC file"):
        import_warcs(store, [bogus], urls=[URL])
    with pytest.raises(UsageError, match="no such WARC file"):
        import_warcs(store, [tmp_path / "absent.warc"], urls=[URL])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600), compress=st.booleans())
def test_scanning_random_bytes_never_crashes(tmp_path: Path, data: bytes, compress: bool) -> None:
    path = tmp_path / "random.warc"
    path.write_bytes(gzip.compress(data) if compress else data)
    skipped: Counter[str] = Counter()
    try:
        entries = list(scan_warc(path, skipped))
    except UsageError:
        return
    assert all(entry.record_type in {"response", "revisit"} for entry in entries)


def test_cli_import(warc: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    data = ["--data-dir", str(tmp_path / "cli")]
    refused = runner.invoke(cli, ["import", str(warc), *data])
    assert refused.exit_code == 2 and "--all" in refused.output

    watchlist = tmp_path / "clinics.toml"
    watchlist.write_text(f'[[watch]]\nname = "prp"\nurl = "{URL}"\n')
    done = runner.invoke(
        cli, ["import", str(warc), "--watchlist", str(watchlist), "--format", "json", *data]
    )
    assert done.exit_code == 0, done.output
    summary = json.loads(done.output)
    assert summary["counts"] == {"stored": 2, "unchanged": 1, "skipped": 3}
    assert summary["origin"] == "imported"

    text = runner.invoke(cli, ["import", str(warc), *data])  # the URL is watched now
    assert text.exit_code == 0, text.output
    assert "6 done" in text.output and "skipped 1 record(s): warcinfo" in text.output

    history = runner.invoke(cli, ["history", URL, "--format", "json", *data])
    assert {row["origin"] for row in json.loads(history.output)} == {"imported"}

    missing = runner.invoke(cli, ["import", str(tmp_path / "nope.warc.gz"), "--all", *data])
    assert missing.exit_code == 2 and "no such WARC file" in missing.output
