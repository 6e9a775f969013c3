"""WARC evidence end to end: bodies kept byte for byte as sent, and failures' answers kept.

A page server on 127.0.0.1 sends gzip, brotli and plain pages and failure answers
(404, 410, a challenge, a login wall, a 500 page, a PDF); what the WARC files hold
is compared with the bytes the server sent, read back with warcio as replay tools
read it, and re-checked by ``Index.verify``.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import sqlite3
import subprocess
import sys
import zlib
from datetime import UTC, datetime
from pathlib import Path

import brotli
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.checks import fresh_paths
from support.checks import run_checks as run_checks_with
from support.commands import pace_checks
from support.site import (
    FIRST,
    SECOND,
    SIMPLE_READING,
    Page,
    PageServer,
    article_page,
    simple_extract,
)
from warcio.archiveiterator import ArchiveIterator

from tracker.check import CheckResult
from tracker.cli import cli
from tracker.fetch import ERROR_BODY_BYTES
from tracker.history import PastOutcome, import_warcs
from tracker.model import Capture, Outcome
from tracker.outcome import article_fingerprint
from tracker.store import (
    CaptureState,
    CheckEntry,
    Index,
    NewSnapshot,
    SqliteIndex,
    open_index,
)
from tracker.store.rows import INDEX_NAME
from tracker.store.schema import MIGRATION_SETS, NUMBERED_STEPS
from tracker.store.warc_records import (
    DECODED_DIGEST,
    FAILURE_FIELD,
    IDENTICAL_CONTENT_PROFILE,
    IDENTICAL_PROFILE,
    RevisitTarget,
    build_capture_records,
    payload_digest,
)

LOGIN_WALL = (
    b"<!DOCTYPE html><html><head><title>Sign in | Patient Portal</title></head><body>"
    b'<form method="post" action="/login"><label>Email <input type="email" name="email">'
    b'</label><label>Password <input type="password" name="password"></label>'
    b"<button>Sign in</button></form><p>Forgot your password?</p></body></html>"
)
CHALLENGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b'<div id="cf-challenge-running">Checking your browser before accessing the site.</div>'
    b'<script>window._cf_chl_opt={cvId:"3",cType:"managed"};</script></body></html>'
)
SERVER_ERROR = b"<html><body><h1>Internal error</h1><p>Request 7f3a failed.</p></body></html>"
REMOVED = b"<html><body><h1>Gone</h1><p>This treatment page was withdrawn.</p></body></html>"


def run_checks(store: Index, url: str, count: int = 1) -> list[CheckResult]:
    """Checks with the simple extractor: the evidence kept does not depend on the article."""
    return run_checks_with(store, url, count, reading=SIMPLE_READING)


def records(store: Index) -> list[tuple[str, dict[str, str], dict[str, str], bytes, bytes]]:
    """Every capture record as warcio reads it (digests checked): type, WARC headers, HTTP
    headers, the payload as stored, and as warcio's content_stream() decodes it."""
    out = []
    for path in sorted((store.root / "warc").iterdir()):
        with path.open("rb") as handle:
            raws = []
            for record in ArchiveIterator(handle, check_digests=True):
                raws.append(record.raw_stream.read())
                assert record.digest_checker.passed is not False, record.digest_checker.problems
        with path.open("rb") as handle:
            for raw, record in zip(raws, ArchiveIterator(handle), strict=True):
                if record.rec_type not in {"response", "revisit"}:
                    continue
                http = dict(record.http_headers.headers)
                if http.get("Content-Encoding") == "br":
                    # warcio decodes br only with brotlipy installed, not with Google's
                    # brotli (warcio issue #73); the bytes are standard brotli either way.
                    decoded = brotli.decompress(raw) if raw else b""
                else:
                    decoded = record.content_stream().read()
                out.append((record.rec_type, dict(record.rec_headers.headers), http, raw, decoded))
    return out


# --------------------------------------------------------------------------- wire bytes


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_a_compressed_page_is_kept_as_sent_and_replays_decoded(
    site: PageServer, store: Index, coding: str
) -> None:
    page = article_page("Fasting", FIRST)
    site.pages["/post"] = Page(body=page, gzip=coding == "gzip", brotli=coding == "br")
    (result,) = run_checks(store, site.url("/post"))
    assert result.outcome is Outcome.NEW
    sent = site.sent[-1]
    assert sent == (gzip.compress(page, mtime=0) if coding == "gzip" else brotli.compress(page))
    ((kind, warc, http, raw, decoded),) = records(store)
    assert kind == "response"
    assert raw == sent  # byte for byte as it came off the wire
    assert decoded == page  # warcio's content_stream() undoes the coding, as replay does
    assert http["Content-Encoding"] == coding
    assert http["Content-Length"] == str(len(sent))  # the server's header, unchanged
    assert warc["WARC-Payload-Digest"] == payload_digest(sent)
    snapshot = store.resolve_snapshot(site.url("/post"))
    assert snapshot.body_sha256 == hashlib.sha256(page).hexdigest()
    assert store.verify() == []


def test_the_same_compressed_bytes_again_are_an_identical_payload_revisit(
    site: PageServer, store: Index
) -> None:
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST), gzip=True, etag=False)
    _, second = run_checks(store, site.url("/post"), 2)
    assert second.outcome is Outcome.UNCHANGED
    assert second.because == "the same bytes as the last capture"
    original, revisit = records(store)
    assert revisit[0] == "revisit" and revisit[3] == b""
    assert revisit[1]["WARC-Profile"] == IDENTICAL_PROFILE
    assert revisit[1]["WARC-Payload-Digest"] == original[1]["WARC-Payload-Digest"]
    assert revisit[1]["WARC-Refers-To"] == original[1]["WARC-Record-ID"]
    assert store.verify() == []


def test_the_same_page_compressed_otherwise_is_unchanged_and_claims_no_payload_digest(
    site: PageServer, store: Index
) -> None:
    page = article_page("Fasting", FIRST)
    site.pages["/post"] = Page(body=page, gzip=True, recompress=True, etag=False)
    first, second = run_checks(store, site.url("/post"), 2)
    assert site.sent[0] != site.sent[1]  # another gzip header: other bytes, same page
    assert first.outcome is Outcome.NEW and second.outcome is Outcome.UNCHANGED
    original, revisit = records(store)
    assert revisit[0] == "revisit" and revisit[3] == b""
    assert revisit[1]["WARC-Profile"] == IDENTICAL_CONTENT_PROFILE
    assert "WARC-Payload-Digest" not in revisit[1]
    assert revisit[1][DECODED_DIGEST] == "sha256:" + hashlib.sha256(page).hexdigest()
    assert revisit[1]["WARC-Refers-To"] == original[1]["WARC-Record-ID"]
    assert revisit[2]["Content-Encoding"] == "gzip"  # its own headers, as sent
    assert len(list((store.root / "documents").rglob("*.json.gz"))) == 1
    assert store.verify() == []


def test_a_page_sent_plain_after_gzip_is_the_same_content_not_the_same_payload(
    site: PageServer, store: Index
) -> None:
    page = article_page("Fasting", FIRST)
    site.pages["/post"] = Page(body=page, gzip=True, etag=False)
    run_checks(store, site.url("/post"))
    site.pages["/post"] = Page(body=page, etag=False)
    (plain,) = run_checks(store, site.url("/post"))
    site.pages["/post"] = Page(body=page, gzip=True, etag=False)
    (again,) = run_checks(store, site.url("/post"))
    assert plain.outcome is again.outcome is Outcome.UNCHANGED
    _, plain_record, gzip_again = records(store)
    assert plain_record[1]["WARC-Profile"] == IDENTICAL_CONTENT_PROFILE
    assert gzip_again[1]["WARC-Profile"] == IDENTICAL_PROFILE


def test_a_page_back_to_a_former_version_under_another_coding_is_a_revisit_by_content(
    site: PageServer, store: Index
) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST), etag=False)
    run_checks(store, url)
    site.pages["/post"] = Page(body=article_page("Fasting", SECOND), etag=False)
    run_checks(store, url)
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST), brotli=True, etag=False)
    (back,) = run_checks(store, url)
    assert back.outcome is Outcome.CHANGED
    kinds = [(kind, warc.get("WARC-Profile")) for kind, warc, *_ in records(store)]
    assert kinds[-1] == ("revisit", IDENTICAL_CONTENT_PROFILE)
    first, _, third = store.snapshots(url)
    assert (third.warc_file, third.warc_offset) == (first.warc_file, first.warc_offset)
    assert store.verify() == []


def test_verify_finds_a_tampered_wire_body(site: PageServer, store: Index) -> None:
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST), gzip=True)
    run_checks(store, site.url("/post"))
    snapshot = store.resolve_snapshot(site.url("/post"))
    path = store.root / "warc" / snapshot.warc_file
    data = path.read_bytes()
    start, length = snapshot.warc_offset, snapshot.warc_length
    record = zlib.decompress(data[start : start + length], wbits=31)
    body_at = record.index(site.sent[-1])
    # Change one byte of the gzip body and put the record back in the same place: find a
    # change whose recompressed member keeps its length, so only the contents differ.
    for shift in range(40, len(site.sent[-1]) - 10):
        forged = bytearray(record)
        forged[body_at + shift] ^= 0x01
        member = gzip.compress(bytes(forged), compresslevel=3, mtime=0)
        if len(member) == length:
            break
    else:
        pytest.fail("no same-length forgery found")
    path.write_bytes(data[:start] + member + data[start + length :])
    problems = [str(problem) for problem in store.verify()]
    assert any("no longer matches its payload digest" in problem for problem in problems)
    assert any(problem.startswith(f"snapshot {snapshot.id}") for problem in problems), problems


# --------------------------------------------------------------------------- failures


FAILURES = [
    pytest.param("/missing", None, Outcome.GONE, 404, id="404"),
    pytest.param("/post", Page(body=REMOVED, status=410, etag=False), Outcome.GONE, 410, id="410"),
    pytest.param(
        "/post", Page(body=CHALLENGE, status=403, etag=False), Outcome.BLOCKED, 403, id="challenge"
    ),
    pytest.param("/post", Page(body=LOGIN_WALL, etag=False), Outcome.BLOCKED, 200, id="login"),
    pytest.param(
        "/post", Page(body=SERVER_ERROR, status=500, etag=False), Outcome.FAILED, 500, id="500"
    ),
    pytest.param(
        "/post",
        Page(body=b"%PDF-1.7\n%binary", content_type="application/pdf", etag=False),
        Outcome.FAILED,
        200,
        id="pdf",
    ),
]


@pytest.mark.parametrize(("path", "page", "outcome", "status"), FAILURES)
def test_a_failure_keeps_what_the_server_answered(
    site: PageServer, store: Index, path: str, page: Page | None, outcome: Outcome, status: int
) -> None:
    if page is not None:
        site.pages[path] = page
    (result,) = run_checks(store, site.url(path))
    assert result.outcome is outcome and result.http_status == status
    assert result.evidence and result.to_json()["evidence"] is True
    row = store.history(site.url(path))[-1]
    assert row.evidence and row.record_type == "response"
    assert row.to_json()["evidence"] is True and row.to_json()["warc"]["file"] == row.warc_file
    (kind, warc, _, raw, decoded) = records(store)[-1]
    assert (
        kind == "response" and raw == decoded == site.sent[-1]
    )  # the answer exactly as sent (500s sent once each)
    assert warc["WARC-Target-URI"] == site.url(path)
    assert warc[FAILURE_FIELD].startswith(f"{outcome}: ")
    assert "WARC-Truncated" not in warc
    assert store.counts()["snapshots"] == 0
    assert store.verify() == []


def test_a_failure_answered_the_same_way_again_is_a_revisit(site: PageServer, store: Index) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST), etag=False)
    run_checks(store, url)
    site.pages["/post"] = Page(body=LOGIN_WALL, etag=False)
    walls = run_checks(store, url, 3)
    del site.pages["/post"]
    gone = run_checks(store, url, 3)
    assert [r.outcome for r in walls + gone] == [Outcome.BLOCKED] * 3 + [Outcome.GONE] * 3
    kept = records(store)
    assert [kind for kind, *_ in kept] == ["response"] + ["response", "revisit", "revisit"] * 2
    for _, warc, _, raw, _ in kept[2:4] + kept[5:]:
        assert raw == b"" and warc["WARC-Profile"] == IDENTICAL_PROFILE
    assert kept[2][1]["WARC-Refers-To"] == kept[1][1]["WARC-Record-ID"]
    assert kept[6][1]["WARC-Refers-To"] == kept[4][1]["WARC-Record-ID"]
    # The version stays the article; the next good answer is compared with it, not the wall.
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST), etag=False)
    (back,) = run_checks(store, url)
    assert back.outcome is Outcome.UNCHANGED
    assert store.verify() == []


def test_a_long_failure_answer_is_kept_truncated_and_says_so(
    site: PageServer, store: Index
) -> None:
    body = b"<html><body>" + b"<p>Page not found, try the search.</p>" * 4000 + b"</body></html>"
    site.pages["/post"] = Page(body=body, status=404, etag=False)
    first, second = run_checks(store, site.url("/post"), 2)
    assert first.outcome is second.outcome is Outcome.GONE
    (_, warc, http, raw, _), (_, again, _, _, _) = records(store)
    assert warc["WARC-Truncated"] == "length" and again["WARC-Truncated"] == "length"
    assert raw == body[:ERROR_BODY_BYTES]
    assert http["Content-Length"] == str(len(body))  # what the server announced
    assert store.verify() == []


def test_a_compressed_failure_answer_is_kept_as_sent(site: PageServer, store: Index) -> None:
    site.pages["/post"] = Page(body=SERVER_ERROR, status=500, gzip=True, etag=False)
    (result,) = run_checks(store, site.url("/post"))
    assert result.outcome is Outcome.FAILED
    (_, _, http, raw, decoded) = records(store)[0]
    assert raw == site.sent[-1] == gzip.compress(SERVER_ERROR, mtime=0)
    assert decoded == SERVER_ERROR and http["Content-Encoding"] == "gzip"
    assert store.verify() == []


def test_a_network_failure_has_no_answer_to_keep(store: Index) -> None:
    (result,) = run_checks(store, "http://127.0.0.1:9/post")
    assert result.outcome is Outcome.FAILED and not result.evidence
    row = store.history("http://127.0.0.1:9/post")[-1]
    assert not row.evidence and row.to_json()["evidence"] is False
    assert not list((store.root / "warc").iterdir()) or records(store) == []


# --------------------------------------------------------------------------- commands


def test_history_export_verify_and_show_raw_carry_the_evidence(
    site: PageServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pace_checks(monkeypatch, 0.01)
    data = str(tmp_path / "data")
    url = site.url("/post")
    page = article_page("Fasting", FIRST)
    site.pages["/post"] = Page(body=page, gzip=True)
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        return result.exit_code, result.stdout

    assert run("check", url, "--data-dir", data, "--allow-private")[0] == 0
    site.pages["/post"] = Page(body=LOGIN_WALL, etag=False)
    for _ in range(2):  # the second wall is a revisit of the first
        blocked = runner.invoke(cli, ["check", url, "--data-dir", data, "--allow-private"])
        assert blocked.exit_code == 1 and "kept as evidence" in blocked.stderr

    code, out = run("history", url, "--data-dir", data)
    new_line, *blocked_lines = out.splitlines()
    assert "[answer kept: warc/" not in new_line
    for line in blocked_lines:
        assert "blocked" in line and "[answer kept: warc/" in line
    code, out = run("history", url, "--data-dir", data, "--format", "json")
    rows = json.loads(out)
    assert [row["evidence"] for row in rows] == [True, True, True]
    assert [row["warc"]["type"] for row in rows] == ["response", "response", "revisit"]

    code, out = run("show", f"{url}@-1", "--data-dir", data, "--format", "raw")
    assert code == 0 and out.encode() == page

    exported = tmp_path / "post.warc.gz"
    assert run("export", url, "--warc", str(exported), "--data-dir", data)[0] == 0
    with exported.open("rb") as handle:
        bodies = [
            (record.http_headers.get_header("Content-Encoding"), record.raw_stream.read())
            for record in ArchiveIterator(handle, check_digests=True)
            if record.rec_type == "response"
        ]
    assert bodies == [("gzip", gzip.compress(page, mtime=0)), (None, LOGIN_WALL)]
    # warcio's own checker passes it (it needs brotlipy for br bodies: warcio issue #73)
    checked = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", "-v", str(exported)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("digest pass") >= 5  # 2 responses, 3 requests
    code, out = run("verify", "--data-dir", data)
    assert code == 0 and out.startswith("ok:")


# --------------------------------------------------------------------------- older data


def old_style_store(root: Path, url: str, page: bytes) -> None:
    """A data directory as tracker wrote it before it kept wire bytes: the decoded body
    under X-Archive-Orig-Content-Encoding, and the schema from before ``_wire_evidence``."""
    with open_index(root) as store:
        state = store.ensure_watch(url)
        answer = Capture(
            url=url,
            final_url=url,
            fetched_at=datetime(2025, 4, 1, 8, 0, tzinfo=UTC),
            status=200,
            headers=(("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")),
            body=page,  # decoded, no wire bytes: the old records' shape
        )
        location = store.archive(build_capture_records(answer))
        document = simple_extract(page, url=url)
        store.record_check(
            CheckEntry(
                watch_id=state.id,
                checked_at=answer.fetched_at,
                outcome="new",
                http_status=200,
                bytes=len(page),
                location=location,
                new_snapshot=NewSnapshot(
                    document=document,
                    url=url,
                    final_url=url,
                    fetched_at=answer.fetched_at,
                    body_sha256=answer.sha256,
                    article_sha256=article_fingerprint(document),
                ),
                capture_state=CaptureState(
                    etag=None,
                    last_modified=None,
                    body_sha256=answer.sha256,
                    payload_digest=location.payload_digest,
                    target=RevisitTarget(
                        record_id=location.record_id, uri=url, warc_date=location.warc_date
                    ),
                    payload_coded=False,
                ),
            )
        )
    step = NUMBERED_STEPS.index("store/wire_evidence")
    db = sqlite3.connect(root / INDEX_NAME)
    db.executescript(
        """
        DROP INDEX watches_by_host;
        ALTER TABLE watches DROP COLUMN host;
        DROP INDEX checks_by_response_body;
        ALTER TABLE checks DROP COLUMN body_sha256;
        ALTER TABLE watches DROP COLUMN last_payload_coded;
        CREATE INDEX checks_by_response_digest ON checks(watch_id, payload_digest)
            WHERE record_type = 'response';
        DROP TABLE migrations;
        """
    )
    db.execute(f"PRAGMA user_version = {step}")
    db.commit()
    db.close()


def test_a_store_from_before_wire_bytes_migrates_reads_and_verifies(
    site: PageServer, tmp_path: Path
) -> None:
    url = site.url("/post")
    page = article_page("Fasting", FIRST)
    old_style_store(tmp_path / "data", url, page)
    with SqliteIndex(tmp_path / "data") as store:
        assert store.applied_migrations == {
            step.key for migration_set in MIGRATION_SETS for step in migration_set.steps
        }
        with contextlib.closing(sqlite3.connect(store.root / INDEX_NAME)) as db:
            (row,) = db.execute("SELECT body_sha256 FROM checks").fetchall()
        assert row[0] == hashlib.sha256(page).hexdigest()  # filled in from its snapshot
        snapshot = store.resolve_snapshot(url)
        record = store.read_capture(snapshot.warc_file, snapshot.warc_offset, snapshot.warc_length)
        assert record.payload == record.body() == page  # the old record reads as it did
        assert store.verify() == []
        # The same page sent plain is the old record's payload: an identical-payload revisit;
        # sent gzip it is the same content only.
        site.pages["/post"] = Page(body=page, etag=False)
        (plain,) = run_checks(store, url)
        site.pages["/post"] = Page(body=page, gzip=True, etag=False)
        (coded,) = run_checks(store, url)
        assert plain.outcome is coded.outcome is Outcome.UNCHANGED
        profiles = [warc.get("WARC-Profile") for _, warc, *_ in records(store)]
        assert profiles == [None, IDENTICAL_PROFILE, IDENTICAL_CONTENT_PROFILE]
        assert store.verify() == []


def test_an_export_with_failures_imports_its_pages_and_skips_the_failures(
    site: PageServer, store: Index, tmp_path: Path
) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST), brotli=True, etag=False)
    run_checks(store, url)
    site.pages["/post"] = Page(body=LOGIN_WALL, etag=False)
    run_checks(store, url, 2)
    site.pages["/post"] = Page(body=article_page("Fasting", SECOND), gzip=True, etag=False)
    run_checks(store, url)
    exported = tmp_path / "post.warc.gz"
    store.export_warc(url, exported)

    with open_index(tmp_path / "elsewhere") as other:
        run = import_warcs(other, [exported], urls=[url], reading=SIMPLE_READING)
        stored = [result for _, result in run.results if result.outcome == PastOutcome.STORED]
        skipped = [result.reason or "" for _, result in run.results if result.reason]
        assert len(stored) == 2
        assert len(skipped) == 2 and all("failed check" in reason for reason in skipped)
        first, second = other.snapshots(url)
        kept = other.read_capture(first.warc_file, first.warc_offset, first.warc_length)
        assert kept.payload == brotli.compress(article_page("Fasting", FIRST))
        assert second.body_sha256 == hashlib.sha256(article_page("Fasting", SECOND)).hexdigest()
        assert other.verify() == []


# --------------------------------------------------------------------------- any answer


@given(
    body=st.one_of(
        st.binary(max_size=3000),
        st.sampled_from([LOGIN_WALL, CHALLENGE, REMOVED, article_page("Fasting", FIRST)]),
    ),
    status=st.sampled_from([200, 200, 403, 404, 410, 451, 500]),
    coding=st.sampled_from(["identity", "gzip", "br"]),
    content_type=st.sampled_from(["text/html", "application/pdf"]),
    repeat=st.integers(min_value=1, max_value=2),
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_answer_is_recorded_with_its_bytes_as_sent(
    shared: tuple[PageServer, Index],
    body: bytes,
    status: int,
    coding: str,
    content_type: str,
    repeat: int,
) -> None:
    site, store = shared
    path = f"/any/{next(fresh_paths)}"
    site.pages[path] = Page(
        body=body,
        status=status,
        content_type=content_type,
        gzip=coding == "gzip",
        brotli=coding == "br",
        etag=False,
    )
    results = run_checks(store, site.url(path), repeat)
    sent = site.sent[-1]
    for result, row in zip(results, store.history(site.url(path)), strict=True):
        assert row.outcome == str(result.outcome) and row.evidence == result.evidence
        assert result.evidence  # every one of these got an answer
    row = store.history(site.url(path))[0]
    record = store.read_capture(row.warc_file or "", row.warc_offset or 0)
    assert record.record_type == "response"
    assert record.payload == sent[:ERROR_BODY_BYTES] or record.payload == sent
    assert store.verify() == []


def test_verify_finds_an_index_that_names_another_body(site: PageServer, store: Index) -> None:
    site.pages["/post"] = Page(body=REMOVED, status=404, gzip=True, etag=False)
    run_checks(store, site.url("/post"))
    assert store.verify() == []
    with contextlib.closing(sqlite3.connect(store.root / INDEX_NAME)) as db, db:
        db.execute("UPDATE checks SET body_sha256 = ?", ("0" * 64,))
    problems = [str(problem) for problem in store.verify()]
    assert problems == ["check 1: the decoded WARC body does not match body_sha256"]


def test_a_failure_after_redirects_keeps_the_hops_that_led_to_it(
    site: PageServer, store: Index
) -> None:
    site.pages["/old"] = Page(body=b"", status=301, headers=[("Location", "/missing")], etag=False)
    (result,) = run_checks(store, site.url("/old"))
    assert result.outcome is Outcome.GONE and result.evidence
    row = store.history(site.url("/old"))[-1]
    record = store.read_capture(row.warc_file or "", row.warc_offset or 0)
    assert record.target_uri == site.url("/missing") and record.status == 404
    path = store.root / "warc" / (row.warc_file or "")
    with path.open("rb") as handle:
        kinds = {
            record.rec_type: record.content_stream().read()
            for record in ArchiveIterator(handle)
            if record.rec_type in {"request", "metadata"}
        }
    assert kinds["metadata"].decode().splitlines() == [
        f"requested-url: {site.url('/old')}",
        f"redirect: {site.url('/old')}",
    ]


def test_fresher_validators_on_an_unchanged_page_keep_what_the_original_was(
    site: PageServer, store: Index
) -> None:
    url, page = site.url("/post"), article_page("Fasting", FIRST)
    for day in (1, 2, 3):  # the same gzip bytes, a newer Last-Modified each time
        modified = [("Last-Modified", f"Mon, 0{day} Sep 2025 10:00:00 GMT")]
        site.pages["/post"] = Page(body=page, gzip=True, etag=False, headers=modified)
        run_checks(store, url)
    profiles = [warc.get("WARC-Profile") for _, warc, *_ in records(store)]
    assert profiles == [None, IDENTICAL_PROFILE, IDENTICAL_PROFILE]
    assert store.verify() == []
