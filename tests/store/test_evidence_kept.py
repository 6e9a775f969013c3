"""The store never destroys evidence to agree with its index, as a user meets it.

An index that is missing, emptied or older than its WARC files (a restored backup)
leaves every WARC byte in place; only a write provably cut short is cut, and
``tracker verify`` names every disagreement instead of calling the store sound.
"""

from __future__ import annotations

import itertools
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.commands import TITLE, clinic_site, run
from support.site import (
    CLINIC_FIRST,
    CLINIC_REFERENCES,
    CLINIC_SECOND,
    Page,
    PageServer,
    article_page,
)

from tracker.store import open_index
from tracker.store.rows import INDEX_NAME, INTENT_NAME


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[PageServer]:
    with clinic_site(monkeypatch, min_host_delay=0.0) as server:
        yield server


def check(site: PageServer, data: Path, paragraphs: list[str]) -> dict[str, object]:
    site.pages["/blog/ozone"] = Page(
        body=article_page(TITLE, paragraphs, references=CLINIC_REFERENCES)
    )
    url = site.url("/blog/ozone")
    code, out, err = run(
        "check", url, "--data-dir", str(data), "--allow-private", "--format", "json"
    )
    assert code == 0, err
    return json.loads(out)


def warc_bytes(data: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((data / "warc").iterdir())}


def versions_over_time(site: PageServer, data: Path) -> tuple[Path, dict[str, bytes]]:
    """One version, the index saved, then two more versions: (the saved index, the WARCs)."""
    check(site, data, CLINIC_FIRST)
    saved = data.parent / "index-backup.sqlite3"
    shutil.copy(data / INDEX_NAME, saved)
    check(site, data, CLINIC_SECOND)
    check(site, data, [*CLINIC_FIRST, "A paragraph added later."])
    return saved, warc_bytes(data)


def test_a_restored_older_index_keeps_every_later_capture(site: PageServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    saved, before = versions_over_time(site, data)
    shutil.copy(saved, data / INDEX_NAME)

    code, out, _ = run("history", site.url("/blog/ozone"), "--data-dir", str(data))
    assert code == 0 and len(out.splitlines()) == 1
    assert warc_bytes(data) == before  # opening the store cut nothing

    code, out, err = run("verify", "--data-dir", str(data))
    assert code == 1 and "is sound" not in out
    assert "not indexed:" in out and "the index does not hold" in out
    assert "spare:" in out  # the two later versions' Documents
    assert "tracker reindex" in err
    assert warc_bytes(data) == before


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_missing_or_empty_index_beside_captures_is_refused_not_replaced(
    site: PageServer, tmp_path: Path, how: str
) -> None:
    data = tmp_path / "data"
    _, before = versions_over_time(site, data)
    if how == "deleted":
        (data / INDEX_NAME).unlink()
    else:
        (data / INDEX_NAME).write_bytes(b"")
    url = site.url("/blog/ozone")
    for args in (
        ("history", url),
        ("verify",),
        ("check", url, "--allow-private"),
    ):
        code, _, err = run(*args, "--data-dir", str(data))
        assert code == 1, args
        assert "hold captures" in err or "no index" in err
        assert "tracker reindex" in err and "Traceback" not in err
    assert warc_bytes(data) == before


def test_a_write_cut_short_is_cut_and_nothing_else(site: PageServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    check(site, data, CLINIC_FIRST)
    check(site, data, CLINIC_SECOND)
    (warc,) = (data / "warc").iterdir()
    sound = warc.read_bytes()
    with open_index(data) as store:
        last = store.history(site.url("/blog/ozone"))[-1]
    group = sound[last.warc_offset or 0 :]

    # The file ends inside a gzip member: an append killed mid-write.
    warc.write_bytes(sound + group[: len(group) // 2])
    code, out, _ = run("verify", "--data-dir", str(data))
    assert code == 0, out
    assert warc.read_bytes() == sound

    # Whole records after the committed end that the write intent announced: the
    # append of a transaction that never committed.
    warc.write_bytes(sound + group)
    intent = {"file": warc.name, "start": len(sound), "end": len(sound) + len(group)}
    (data / INTENT_NAME).write_text(json.dumps(intent))
    code, out, _ = run("verify", "--data-dir", str(data))
    assert code == 0, out
    assert warc.read_bytes() == sound

    # The same whole records with no intent naming them: kept, and reported.
    warc.write_bytes(sound + group)
    code, out, _ = run("verify", "--data-dir", str(data))
    assert code == 1 and "not indexed:" in out
    assert warc.read_bytes() == sound + group
    # A later check writes after them, never over them.
    check(site, data, CLINIC_FIRST)
    assert warc.read_bytes().startswith(sound + group)


def test_bytes_that_are_no_record_are_kept_and_reported(site: PageServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    check(site, data, CLINIC_FIRST)
    (warc,) = (data / "warc").iterdir()
    damaged = warc.read_bytes() + b"not a gzip member at all"
    warc.write_bytes(damaged)
    code, out, _ = run("verify", "--data-dir", str(data))
    assert code == 1 and "no WARC record" in out
    assert warc.read_bytes() == damaged


def test_a_warc_file_the_index_never_listed_is_kept_and_reported(
    site: PageServer, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    check(site, data, CLINIC_FIRST)
    (warc,) = (data / "warc").iterdir()
    stranger = warc.with_name("tracker-20250101T000000Z-0123abcd.warc.gz")
    shutil.copy(warc, stranger)
    code, out, _ = run("verify", "--data-dir", str(data))
    assert code == 1 and f"{stranger.name}: not in the index: 2 record(s)" in out
    assert stranger.exists()


# --------------------------------------------------------------------------- reindex


def history(site: PageServer, data: Path) -> list[dict[str, object]]:
    code, out, err = run(
        "history", site.url("/blog/ozone"), "--data-dir", str(data), "--format", "json"
    )
    assert code == 0, err
    return json.loads(out)


def reindexed(data: Path) -> str:
    code, out, err = run("reindex", "--data-dir", str(data))
    assert code == 0, err
    return out


def assert_every_version_seen(site: PageServer, data: Path, versions: int) -> None:
    """history, verify and diff see every version, and each report follows the one before."""
    code, out, _ = run("verify", "--data-dir", str(data))
    assert code == 0, out
    url = site.url("/blog/ozone")
    with open_index(data) as store:
        snapshots = store.snapshots(url)
        assert len(snapshots) == versions
        for older, newer in itertools.pairwise(snapshots):
            assert store.report_for_snapshot(newer.id) is not None
            (compared,) = store._db.execute(  # type: ignore[attr-defined]
                "SELECT old_snapshot_id FROM reports WHERE new_snapshot_id = ?", (newer.id,)
            ).fetchall()
            assert compared[0] == older.id
    code, out, err = run("diff", f"{url}@-{versions}", f"{url}@-1", "--data-dir", str(data))
    assert code == 1 and "A paragraph added later." in out, err  # 1: they differ


@pytest.mark.parametrize("how", ["deleted", "emptied", "older"])
def test_reindex_restores_every_version_the_index_lost(
    site: PageServer, tmp_path: Path, how: str
) -> None:
    data = tmp_path / "data"
    saved, before = versions_over_time(site, data)
    if how == "deleted":
        (data / INDEX_NAME).unlink()
    elif how == "emptied":
        (data / INDEX_NAME).write_bytes(b"")
    else:
        shutil.copy(saved, data / INDEX_NAME)
    out = reindexed(data)
    assert "[1/" in out and "nothing was deleted" in out
    checks = history(site, data)
    assert len(checks) == 3
    # Each comes back a tracked check, as its record says (Tracker-Origin).
    assert [check["origin"] for check in checks] == ["tracked"] * 3
    assert_every_version_seen(site, data, versions=3)
    assert all(warc_bytes(data)[name].startswith(body) for name, body in before.items())

    # A second run finds nothing left to restore.
    assert "restored 0 capture(s)" in reindexed(data)
    assert len(history(site, data)) == 3


def test_reindex_names_pages_after_their_watch_and_says_what_it_could_not_recover(
    site: PageServer, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    versions_over_time(site, data)
    url = site.url("/blog/ozone")
    (data / INDEX_NAME).unlink()
    unlisted = tmp_path / "other.toml"
    unlisted.write_text('[[watch]]\nname = "knee"\nurl = "https://clinic.example/knee"\n')
    code, out, err = run("reindex", "--data-dir", str(data), "--watchlist", str(unlisted))
    assert code == 0, err
    said = " ".join(out.split())
    assert "not recovered" in said and "tracked, backfilled or imported" not in said
    assert f"the names of 1 page(s) no watchlist lists: {url}" in said
    assert "checks that got no answer" in said

    (data / INDEX_NAME).unlink()
    listed = tmp_path / "w.toml"
    listed.write_text(f'[[watch]]\nname = "ozone"\nurl = "{url}"\ninclude = ["article"]\n')
    code, out, err = run("reindex", "--data-dir", str(data), "--watchlist", str(listed))
    assert code == 0, err
    assert "named 1 page(s) after their watch" in out and "no watchlist lists" not in out
    with open_index(data) as store:
        state = store.watch_state(url)
        assert state is not None and state.name == "ozone"
        latest = store.snapshots(url)[-1]
        read = store.load_document(latest.document_sha256)
    assert any("article" in selector for selector in read.selection)  # read as its watch reads

    # Lost again, and no watchlist lists it: its newest Document says how it was read.
    (data / INDEX_NAME).unlink()
    code, out, err = run("reindex", "--data-dir", str(data), "--watchlist", str(unlisted))
    assert code == 0, err
    assert "read 1 page(s) no watchlist lists through the selectors" in out
    with open_index(data) as store:
        latest = store.snapshots(url)[-1]
        assert store.load_document(latest.document_sha256).selection == read.selection


def test_verify_repair_restores_what_an_older_index_lacks_then_finds_the_store_sound(
    site: PageServer, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    saved, before = versions_over_time(site, data)
    shutil.copy(saved, data / INDEX_NAME)
    code, out, _ = run("verify", "--data-dir", str(data))
    assert code == 1 and "not indexed" in out
    code, out, err = run("verify", "--repair", "--data-dir", str(data))
    assert code == 0, err
    assert "restored 2 capture(s)" in out and "nothing was deleted" in out
    assert out.rstrip().splitlines()[-1].startswith("ok:")
    assert len(history(site, data)) == 3
    assert all(warc_bytes(data)[name].startswith(body) for name, body in before.items())


def test_reindex_puts_lost_checks_before_a_check_made_after_the_restore(
    site: PageServer, tmp_path: Path
) -> None:
    """A backup restored, then the daemon checked again before anyone noticed: that check
    compared against the old version. Reindex puts the lost versions in between and
    the reports follow the versions as they came."""
    data = tmp_path / "data"
    saved, _ = versions_over_time(site, data)
    shutil.copy(saved, data / INDEX_NAME)
    check(site, data, [*CLINIC_FIRST, "A paragraph added later."])
    reindexed(data)
    assert len(history(site, data)) == 4
    assert_every_version_seen(site, data, versions=3)


# --------------------------------------------------------------------------- export


def test_export_never_writes_inside_the_data_directory(site: PageServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    check(site, data, CLINIC_FIRST)
    (warc,) = (data / "warc").iterdir()
    before = warc_bytes(data), (data / INDEX_NAME).read_bytes()
    url = site.url("/blog/ozone")
    for target in (warc, data / INDEX_NAME, data / "export.warc.gz", data / "documents" / "x"):
        code, _, err = run("export", url, "--warc", str(target), "--data-dir", str(data))
        assert code == 2 and "inside the data directory" in err
        assert f"write it outside, e.g. {tmp_path.resolve() / target.name}" in err
    assert (warc_bytes(data), (data / INDEX_NAME).read_bytes()) == before
    assert not (data / "export.warc.gz").exists()
    code, out, _ = run(
        "export", url, "--warc", str(tmp_path / "out.warc.gz"), "--data-dir", str(data)
    )
    assert code == 0 and "wrote 1 capture(s)" in out


# --------------------------------------------------------------------------- a damaged index


def _damage(index: Path, how: str) -> None:
    data = index.read_bytes()
    page = 4096
    if how == "pages":  # every page after the schema's overwritten
        index.write_bytes(data[:page] + bytes(range(256)) * ((len(data) - page) // 256))
    elif how == "truncated":
        index.write_bytes(data[: len(data) // 3])
    else:
        index.write_text("these are my notes, not an index\n" * 200)


@pytest.mark.parametrize("how", ["pages", "truncated", "foreign"])
def test_a_damaged_index_reads_as_a_clear_error_then_reindex_rebuilds_it(
    site: PageServer, tmp_path: Path, how: str
) -> None:
    data = tmp_path / "data"
    versions_over_time(site, data)
    _damage(data / INDEX_NAME, how)
    url = site.url("/blog/ozone")
    for args in (
        ("history", url),
        ("show", f"{url}@-1"),
        ("export", url, "--warc", str(tmp_path / "out.warc.gz")),
        ("status",),
        ("check", url, "--allow-private"),
    ):
        code, _, err = run(*args, "--data-dir", str(data))
        assert code != 0, args
        assert "is damaged" in err and "tracker reindex" in err and "tracker verify" in err, err
    code, out, err = run("verify", "--data-dir", str(data))
    assert code == 1 and "is damaged" in out and "tracker reindex" in err

    out = reindexed(data)
    assert "restored 3 capture(s)" in out and list(data.glob("index.sqlite3.damaged-*"))
    assert_every_version_seen(site, data, versions=3)


@pytest.mark.parametrize("index_before", [False, True])
def test_a_first_capture_written_while_the_index_opens_is_not_taken_for_lost_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index_before: bool
) -> None:
    """Another process creates the index (or finds it empty), lists its new WARC file,
    then fills it: an opening that looked at the index before and at the files after
    must not refuse the directory as an index lost or emptied beside its captures."""
    from support.checks import run_checks
    from support.site import FIRST, REFERENCES, page_server

    from tracker.store import connection

    data = tmp_path / "data"
    if index_before:
        open_index(data).close()
    real_holds_captures = connection.holds_captures
    writers: list[threading.Thread] = []

    def another_process_writes_meanwhile(root: Path) -> bool:
        if not writers:  # the opening under test, between its two looks
            thread = threading.Thread(target=first_check)
            writers.append(thread)
            thread.start()
            thread.join(2.0)  # it waits for the store's write lock, when the opening holds it
        return real_holds_captures(root)

    def first_check() -> None:
        with open_index(data) as other:
            run_checks(other, site.url("/a"))

    monkeypatch.setattr(connection, "holds_captures", another_process_writes_meanwhile)
    with page_server() as site:
        site.pages["/a"] = Page(body=article_page("Drips", FIRST, references=REFERENCES))
        with open_index(data) as store:
            assert store.applied_migrations  # opened, not refused
        writers[0].join(60)
        assert not writers[0].is_alive()
        with open_index(data) as store:
            assert len(store.snapshots(site.url("/a"))) == 1
