"""The store on its own: schema and migrations, content addressing, verify, resolve_version."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.site import T0, URL, capture, make_document, store_version

from tracker.cli import advice
from tracker.daemon.failures import check_health
from tracker.errors import IntegrityError, StoreError, UnknownURLError, UsageError
from tracker.model import (
    FAILED_OUTCOMES,
    Outcome,
)
from tracker.store import (
    CheckEntry,
    Index,
    SqliteIndex,
    normalize_url,
    open_index,
)
from tracker.store.documents import RECENT_DOCUMENTS
from tracker.store.migrations import MigrationSet
from tracker.store.rows import INDEX_NAME
from tracker.store.schema import MIGRATION_SETS, NUMBERED_STEPS
from tracker.store.warc_records import build_revisit_records


def record_unchanged(store: Index, at: datetime, body: bytes, url: str = URL) -> int:
    state = store.ensure_watch(url)
    assert state.revisit_target is not None
    location = store.archive(build_revisit_records(capture(body, at, url), state.revisit_target))
    return store.record_check(
        CheckEntry(
            watch_id=state.id,
            checked_at=at,
            outcome="unchanged",
            http_status=200,
            bytes=len(body),
            location=location,
            seen_snapshot_id=state.current_snapshot_id,
        )
    ).check_id


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "documents").rglob("*.json.gz"))


# --------------------------------------------------------------------------- schema


ALL_STEPS = {step.key for migration_set in MIGRATION_SETS for step in migration_set.steps}


def test_a_new_store_is_at_the_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        assert store.applied_migrations == ALL_STEPS
    db = sqlite3.connect(tmp_path / INDEX_NAME)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"watches", "checks", "snapshots", "reports", "site_profiles", "warc_files"} <= tables


def test_reopening_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        snapshot_id = store_version(store, make_document("One claim."), T0)
    with open_index(tmp_path) as store:
        assert store.applied_migrations == ALL_STEPS
        assert store.resolve_snapshot(str(snapshot_id)).id == snapshot_id
        assert store.verify() == []


def test_a_registered_migration_runs_once_on_an_existing_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_index(tmp_path) as store:
        store_version(store, make_document("One claim."), T0)
    calls: list[int] = []

    def add_note_column(db: sqlite3.Connection) -> None:
        calls.append(1)
        db.execute("ALTER TABLE watches ADD COLUMN note TEXT")

    notes = MigrationSet("notes")
    notes(add_note_column)
    monkeypatch.setattr("tracker.store.schema.MIGRATION_SETS", (*MIGRATION_SETS, notes))
    with open_index(tmp_path) as store:
        assert store.applied_migrations == ALL_STEPS | {"notes/add_note_column"}
    with open_index(tmp_path) as store:
        columns = [row[1] for row in store._db.execute("PRAGMA table_info(watches)")]
        assert "note" in columns
    assert calls == [1]


def test_a_failing_migration_leaves_the_schema_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_index(tmp_path).close()

    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x INTEGER)")
        raise sqlite3.OperationalError("disk went away")

    failing = MigrationSet("failing")
    failing(broken)
    monkeypatch.setattr("tracker.store.schema.MIGRATION_SETS", (*MIGRATION_SETS, failing))
    with pytest.raises(StoreError, match=r"cannot upgrade .* \(failing/broken\): disk went away"):
        open_index(tmp_path)
    db = sqlite3.connect(tmp_path / INDEX_NAME)
    steps = {f"{s}/{n}" for s, n in db.execute("SELECT migration_set, name FROM migrations")}
    assert steps == ALL_STEPS
    assert db.execute("SELECT name FROM sqlite_master WHERE name='half_done'").fetchone() is None


def test_a_store_from_a_newer_tracker_is_refused(tmp_path: Path) -> None:
    open_index(tmp_path).close()
    db = sqlite3.connect(tmp_path / INDEX_NAME)
    db.execute("INSERT INTO migrations VALUES ('store', 'from_the_future', '2030-01-01')")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match=r"newer tracker.*store/from_the_future"):
        open_index(tmp_path)


def test_a_store_numbered_by_a_newer_tracker_of_old_is_refused(tmp_path: Path) -> None:
    open_index(tmp_path).close()
    db = sqlite3.connect(tmp_path / INDEX_NAME)
    db.execute("DROP TABLE migrations")
    db.execute(f"PRAGMA user_version = {len(NUMBERED_STEPS) + 5}")
    db.close()
    with pytest.raises(StoreError, match="newer tracker"):
        open_index(tmp_path)


def test_a_store_numbered_before_named_steps_is_adopted_without_rerunning(
    tmp_path: Path,
) -> None:
    with open_index(tmp_path) as store:
        snapshot_id = store_version(store, make_document("One claim."), T0)
    db = sqlite3.connect(tmp_path / INDEX_NAME)
    db.execute("DROP TABLE migrations")
    db.execute(f"PRAGMA user_version = {len(NUMBERED_STEPS)}")
    db.commit()
    db.close()
    with open_index(tmp_path) as store:
        assert store.applied_migrations == ALL_STEPS
        assert store.resolve_snapshot(str(snapshot_id)).id == snapshot_id
    db = sqlite3.connect(tmp_path / INDEX_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 100  # older trackers refuse it


def test_reading_commands_do_not_create_a_data_directory(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no tracker data"):
        open_index(tmp_path / "nothing", create=False)
    assert not (tmp_path / "nothing").exists()


# --------------------------------------------------------------------------- content addressing


def test_identical_documents_are_stored_once(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        first = store.put_document(make_document("A claim.", "Another claim."))
        second = store.put_document(make_document("A claim.", "Another claim."))
        assert first == second
        assert len(stored_files(tmp_path)) == 1
        third = store.put_document(make_document("A claim.", "A changed claim."))
        assert third != first
        assert len(stored_files(tmp_path)) == 2
        assert store.load_document(first) == make_document("A claim.", "Another claim.")


def test_storage_grows_with_changes_not_with_checks(tmp_path: Path) -> None:
    # A page of 64 KB that gzip cannot shrink much, so a stored copy would show.
    noise = "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(1000))
    body = f"<html><body><p>A claim.</p><!-- {noise} --></body></html>".encode()
    with open_index(tmp_path) as store:
        store_version(store, make_document("A claim."), T0, body)
        documents_before = stored_files(tmp_path)
        warc = next((tmp_path / "warc").iterdir())
        size_after_first = warc.stat().st_size
        for hour in range(1, 30):
            record_unchanged(store, T0 + timedelta(hours=hour), body)
        assert stored_files(tmp_path) == documents_before
        assert store.counts()["snapshots"] == 1
        assert store.counts()["checks"] == 30
        per_check = (warc.stat().st_size - size_after_first) / 29
        assert per_check < 2_000 < len(body) / 10  # a revisit record, not the page again
        store_version(store, make_document("A changed claim."), T0 + timedelta(days=2))
        assert len(stored_files(tmp_path)) == 2
        assert store.verify() == []


@pytest.fixture(scope="module")
def document_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    with open_index(tmp_path_factory.mktemp("docs")) as store:
        yield store


@given(
    paragraphs=st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=5),
    title=st.one_of(st.none(), st.text(max_size=30)),
)
@settings(max_examples=40, deadline=None)
def test_any_document_round_trips_through_the_store(
    document_store: Index, paragraphs: list[str], title: str | None
) -> None:
    document = make_document(*paragraphs, title=title)  # type: ignore[arg-type]
    sha = document_store.put_document(document)
    assert document_store.load_document(sha) is document  # the writer keeps it in memory
    with open_index(document_store.root) as reader:  # anyone else reads and re-hashes the file
        assert reader.load_document(sha) == document
    assert document_store.put_document(document) == sha


def test_a_version_read_once_is_then_read_from_memory(tmp_path: Path) -> None:
    with open_index(tmp_path) as writer:
        shas = [writer.put_document(make_document(f"Claim number {n}.")) for n in range(3)]
    with open_index(tmp_path) as reader:
        first = reader.load_document(shas[0])
        assert reader.load_document(shas[0]) is first
        for path in stored_files(tmp_path):
            path.unlink()
        assert reader.load_document(shas[0]) is first
        with pytest.raises(IntegrityError, match="missing"):
            reader.load_document(shas[1])


def test_the_versions_kept_in_memory_are_the_most_recently_used(tmp_path: Path) -> None:
    """A page's site neighbours are read on every change; newer versions must not push
    them out while they are still being read."""
    with open_index(tmp_path) as store:
        neighbour = store.put_document(make_document("A page of the same site."))
        for path in stored_files(tmp_path):
            path.unlink()  # from now on only memory can answer for it
        for n in range(RECENT_DOCUMENTS * 2):
            store.put_document(make_document(f"Version {n} of the tracked page."))
            assert store.load_document(neighbour) == make_document("A page of the same site.")


# --------------------------------------------------------------------------- verify


def test_verify_finds_a_tampered_document(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        store_version(store, make_document("Original claim."), T0)
        path = stored_files(tmp_path)[0]
        forged = make_document("Forged claim.")
        path.write_bytes(gzip.compress(forged.canonical_json()))
        problems = store.verify()
    assert any("no longer matches its hash" in str(p) for p in problems), problems
    with open_index(tmp_path) as store, pytest.raises(IntegrityError):
        store.resolve_version(URL)


def test_verify_finds_a_missing_document_and_a_missing_warc(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        store_version(store, make_document("A claim."), T0)
        stored_files(tmp_path)[0].unlink()
        assert any("missing" in str(p) for p in store.verify())
        next((tmp_path / "warc").iterdir()).unlink()
        problems = [str(p) for p in store.verify()]
    assert any(p.startswith("warc/") and p.endswith("missing") for p in problems), problems


def test_verify_finds_a_changed_byte_in_a_warc_record(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        store_version(store, make_document("A claim."), T0, b"<p>" + b"evidence " * 200 + b"</p>")
        warc = next((tmp_path / "warc").iterdir())
        data = bytearray(warc.read_bytes())
        data[len(data) // 2] ^= 0xFF
        warc.write_bytes(bytes(data))
        assert store.verify() != []


def test_verify_finds_bad_index_rows(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        snapshot_id = store_version(store, make_document("A claim."), T0)
        store._db.execute(
            "UPDATE snapshots SET body_sha256 = ? WHERE id = ?", ("0" * 64, snapshot_id)
        )
        problems = [str(p) for p in store.verify()]
        assert any("body_sha256" in p for p in problems), problems
        store._db.execute("PRAGMA foreign_keys=OFF")
        store._db.execute("UPDATE checks SET snapshot_id = 999 WHERE id = 1")
        problems = [str(p) for p in store.verify()]
    assert any("refers to a missing snapshots" in p for p in problems), problems


def test_verify_of_a_sound_store_is_empty(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        for day in range(3):
            store_version(store, make_document(f"Claim of day {day}."), T0 + timedelta(days=day))
        assert store.verify() == []


def test_verify_finds_a_revisit_that_claims_what_its_original_does_not_hold(
    tmp_path: Path,
) -> None:
    with open_index(tmp_path) as store:
        store_version(store, make_document("A claim."), T0, b"<p>the original</p>")
        record_unchanged(store, T0 + timedelta(hours=1), b"<p>the original</p>")
        assert store.verify() == []
        # A revisit whose payload digest is another body's, and one by content naming
        # a decoded body the original does not hold.
        record_unchanged(store, T0 + timedelta(hours=2), b"<p>something else</p>")
        state = store.ensure_watch(URL)
        assert state.revisit_target is not None
        group = build_revisit_records(
            capture(b"<p>x</p>", T0 + timedelta(hours=3)),
            state.revisit_target,
            same_wire=False,
            body_sha256="0" * 64,
        )
        store.record_check(
            CheckEntry(
                watch_id=state.id,
                checked_at=T0 + timedelta(hours=3),
                outcome="unchanged",
                seen_snapshot_id=state.current_snapshot_id,
                location=store.archive(group),
            )
        )
        problems = [str(problem) for problem in store.verify()]
    assert problems == [
        "check 3: its revisit claims a payload digest its original does not have",
        "check 4: its revisit claims decoded content its original does not hold",
    ]


# --------------------------------------------------------------------------- resolve_version


@pytest.fixture
def three_versions(tmp_path: Path) -> tuple[Index, list[int]]:
    store = open_index(tmp_path)
    ids = [
        store_version(store, make_document("Version one."), datetime(2024, 4, 1, 8, tzinfo=UTC)),
        store_version(store, make_document("Version two."), datetime(2024, 4, 11, 23, tzinfo=UTC)),
        store_version(store, make_document("Version three."), datetime(2024, 6, 2, 7, tzinfo=UTC)),
    ]
    return store, ids


def test_resolve_version_forms(three_versions: tuple[Index, list[int]]) -> None:
    store, ids = three_versions
    assert store.resolve_version(f"{URL}@-1").text == "Version three."
    assert store.resolve_version(URL).text == "Version three."
    assert store.resolve_version(f"{URL}@-2").text == "Version two."
    assert store.resolve_version(f"{URL}@-3").text == "Version one."
    assert store.resolve_version(str(ids[0])).text == "Version one."
    assert store.resolve_version(f"{URL}@2024-04-11").text == "Version two."
    assert store.resolve_version(f"{URL}@2024-04-10").text == "Version one."
    assert store.resolve_version(f"{URL}@2030-01-01").text == "Version three."
    assert store.resolve_version(f"{URL}#section@-2").text == "Version two."
    store.close()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (f"{URL}@-4", "use @-1 to @-3"),
        (f"{URL}@2024-03-31", "first is from 2024-04-01"),
        (f"{URL}@2024-13-01", "not a date"),
        ("999", "no snapshot 999"),
        ("https://other.example/page@-1", "no stored version of https://other.example/page"),
        ("not a url", "snapshot id, URL@-1"),
    ],
)
def test_resolve_version_says_what_to_do(
    three_versions: tuple[Index, list[int]], spec: str, message: str
) -> None:
    store, _ = three_versions
    with pytest.raises(UsageError, match=message.replace("(", r"\(")):
        store.resolve_version(spec)
    store.close()


def test_a_url_with_an_at_sign_in_its_path_still_resolves(tmp_path: Path) -> None:
    url = "https://medium.example/@drsmith/vitamin-drips"
    with open_index(tmp_path) as store:
        store_version(store, make_document("Handle in the path."), T0, url=url)
        assert store.resolve_version(url).text == "Handle in the path."
        assert store.resolve_version(f"{url}@-1").text == "Handle in the path."


# --------------------------------------------------------------------------- history, profiles


def test_history_json_shape(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        body = b"<p>A claim.</p>"
        first = store_version(store, make_document("A claim."), T0, body)
        record_unchanged(store, T0 + timedelta(hours=1), body)
        state = store.ensure_watch(URL)
        store.record_check(
            CheckEntry(
                watch_id=state.id,
                checked_at=T0 + timedelta(hours=2),
                outcome="failed",
                error="timed out after 30 s reading the body",
            )
        )
        rows = [row.to_json() for row in store.history(URL)]
    assert [row["outcome"] for row in rows] == ["new", "unchanged", "failed"]
    assert [row["snapshot"] for row in rows] == [first, first, None]
    assert rows[2]["error"] == "timed out after 30 s reading the body"
    for row in rows:
        assert {"checked_at", "outcome", "error", "snapshot"} <= row.keys()
        assert datetime.fromisoformat(row["checked_at"]).tzinfo is not None
    assert rows[0]["new_snapshot"] and not rows[1]["new_snapshot"]
    assert rows[1]["warc"]["type"] == "revisit"


def test_history_of_an_unknown_url_names_it_and_the_cli_says_how_to_start(
    tmp_path: Path,
) -> None:
    with open_index(tmp_path) as store, pytest.raises(UnknownURLError) as raised:
        store.history("https://never.example/")
    assert "tracker" not in str(raised.value)
    assert advice(raised.value) == "run 'tracker check https://never.example/' first"


def test_site_profiles_are_kept_per_host(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        assert store.site_profile("clinic.example") is None
        store.set_site_profile("Clinic.Example", {"article": "div.w-richtext"})
        store.set_site_profile("clinic.example", {"article": "div.post-body"})
    with open_index(tmp_path) as store:
        assert store.site_profile("clinic.example") == {"article": "div.post-body"}


def test_urls_are_keyed_without_fragment_and_with_lowercase_host() -> None:
    assert normalize_url(" HTTPS://Clinic.Example/Blog?a=1#top ") == (
        "https://clinic.example/Blog?a=1"
    )
    with pytest.raises(UsageError):
        normalize_url("ftp://clinic.example/")
    for unparsable in ('//*[@role="main"]', "https://[clinic.example/"):  # "[" opens an IPv6 host
        with pytest.raises(UsageError):
            normalize_url(unparsable)


@given(spec=st.text(max_size=80))
@settings(max_examples=100, deadline=None)
def test_resolve_never_fails_other_than_with_a_usage_error(
    three_versions_once: tuple[Index, list[int]], spec: str
) -> None:
    store, _ = three_versions_once
    try:
        store.resolve_snapshot(spec)
    except UsageError as error:
        assert str(error) and "\n" not in str(error)


@pytest.fixture(scope="module")
def three_versions_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Index, list]]:
    store = open_index(tmp_path_factory.mktemp("resolve"))
    ids = [
        store_version(store, make_document(f"Version {n}."), T0 + timedelta(days=n))
        for n in range(3)
    ]
    yield store, ids
    store.close()


def test_warc_files_rotate_and_export_spans_them(tmp_path: Path) -> None:
    with SqliteIndex(tmp_path / "data", max_warc_bytes=1_500) as store:
        for day in range(6):
            store_version(store, make_document(f"Claim of day {day}."), T0 + timedelta(days=day))
        files = sorted((tmp_path / "data" / "warc").iterdir())
        assert len(files) >= 3
        assert store.verify() == []
        out = tmp_path / "all.warc.gz"
        assert store.export_warc(URL, out) == 6
    result = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", "-v", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("digest pass") >= 12  # 6 responses and 6 requests


def test_a_damaged_index_is_a_store_error_not_a_traceback(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        store_version(store, make_document("A claim."), T0)
        store._db.execute("DROP TABLE reports")
        with pytest.raises(StoreError, match="no such table"):
            store.report_for_snapshot(1)


def test_watches_from_before_hosts_were_indexed_get_their_host(tmp_path: Path) -> None:
    with open_index(tmp_path) as store:
        store.ensure_watch("https://Clinic.example:8443/post?id=3")
        store.ensure_watch("http://news.example/story")
    db = sqlite3.connect(tmp_path / INDEX_NAME)
    db.executescript("DROP INDEX watches_by_host; ALTER TABLE watches DROP COLUMN host;")
    db.execute("DROP TABLE migrations")
    db.execute(f"PRAGMA user_version = {NUMBERED_STEPS.index('store/watch_hosts')}")
    db.commit()
    db.close()
    with SqliteIndex(tmp_path) as store:
        assert store.applied_migrations == ALL_STEPS
    with contextlib.closing(sqlite3.connect(tmp_path / INDEX_NAME)) as db:
        hosts = db.execute("SELECT url, host FROM watches ORDER BY id").fetchall()
    assert [tuple(row) for row in hosts] == [
        ("https://clinic.example:8443/post?id=3", "clinic.example"),
        ("http://news.example/story", "news.example"),
    ]


def test_the_current_versions_on_a_host_are_those_of_its_pages_newest_first(
    tmp_path: Path,
) -> None:
    with open_index(tmp_path) as store:
        for n, url in enumerate(
            ["https://a.example/1", "https://b.example/1", "http://a.example:81/2"]
        ):
            store_version(store, make_document(f"Claim {n}."), T0 + timedelta(days=n), url=url)
        found = store.current_documents_on_host("A.example", 5)
        assert [store.load_document(sha).blocks[0].text for sha in found] == [
            "Claim 2.",
            "Claim 0.",
        ]
        assert store.current_documents_on_host("a.example", 1) == found[:1]


def test_a_failing_run_is_all_a_streak_is_judged_from(tmp_path: Path) -> None:
    outcomes = ["failed", "unchanged", "failed", "gone", "failed", "unchanged", "blocked"]
    with open_index(tmp_path) as store:
        snapshot_id = store_version(store, make_document("One claim."), T0)
        watch = store.ensure_watch(URL)
        for i, outcome in enumerate(outcomes, start=1):
            store.record_check(
                CheckEntry(
                    watch_id=watch.id,
                    checked_at=T0 + timedelta(hours=i),
                    outcome=Outcome(outcome),
                    error=None if outcome == "unchanged" else f"reason {i}",
                    seen_snapshot_id=snapshot_id if outcome == "unchanged" else None,
                )
            )
        history = store.history(URL)
        for row in history:
            run = store.failing_run(URL, row.id)
            assert run[-1].id == row.id
            assert all(earlier.outcome in FAILED_OUTCOMES for earlier in run[:-1])
            assert check_health(run, row.id) == check_health(history, row.id)
        assert [r.outcome for r in store.failing_run(URL, history[-1].id)] == ["blocked"]
        assert len(store.failing_run(URL, history[5].id)) == 3  # failed, gone, failed
