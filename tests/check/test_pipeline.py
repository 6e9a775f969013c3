"""The check pipeline end to end: the real fetcher against a page server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import socket
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.checks import fresh_paths, run_checks
from support.site import (
    FIRST,
    LOCAL,
    REFERENCES,
    SECOND,
    SIMPLE_READING,
    Page,
    PageServer,
    article_page,
    simple_extract,
)
from warcio.archiveiterator import ArchiveIterator

from tracker.check import CheckResult, check
from tracker.config import Watch
from tracker.errors import ExtractionError
from tracker.fetch import HttpFetcher
from tracker.model import ChangeReport, Document, Outcome
from tracker.reading import Reading
from tracker.store import Index

CHALLENGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b'<div id="cf-challenge-running">Checking your browser before accessing the site.</div>'
    b'<script>window._cf_chl_opt={cvId:"3",cType:"managed"};</script></body></html>'
)


class CountingExtract:
    """simple_extract that counts its calls, to prove the cheap paths parse nothing."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, html: bytes, **kwargs: object) -> Document:
        self.calls += 1
        return simple_extract(html, **kwargs)  # type: ignore[arg-type]


def documents(store: Index) -> int:
    return len(list((store.root / "documents").rglob("*.json.gz")))


def warc_types(store: Index) -> list[str]:
    types = []
    for path in sorted((store.root / "warc").iterdir()):
        with path.open("rb") as handle:
            types += [record.rec_type for record in ArchiveIterator(handle)]
    return types


def test_new_then_304_then_changed_then_identical_body(site: PageServer, store: Index) -> None:
    url = site.url("/blog/vitamin-drips")
    extract = CountingExtract()
    site.pages["/blog/vitamin-drips"] = Page(body=article_page("Vitamin drips", FIRST))

    first, second = run_checks(store, url, 2, reading=Reading(extract=extract))
    assert first.outcome is Outcome.NEW and first.snapshot_id is not None
    assert first.report is None
    assert second.outcome is Outcome.UNCHANGED and second.http_status == 304
    assert second.because == "the server answered 304 Not Modified"
    assert second.snapshot_id == first.snapshot_id
    assert extract.calls == 1  # the 304 parsed nothing
    assert site.requests[-1].headers.get("If-None-Match")

    site.pages["/blog/vitamin-drips"] = Page(
        body=article_page("Vitamin drips", SECOND, references=REFERENCES), etag=False
    )
    third, fourth = run_checks(store, url, 2, reading=Reading(extract=extract))
    assert third.outcome is Outcome.CHANGED
    assert third.previous_snapshot_id == first.snapshot_id
    assert third.snapshot_id not in (None, first.snapshot_id)
    assert third.report is not None and third.report.article_changed
    assert fourth.outcome is Outcome.UNCHANGED and fourth.http_status == 200
    assert fourth.because == "the same bytes as the last capture"
    assert extract.calls == 2  # an identical body is recognised by its hash, not parsed

    assert documents(store) == 2
    assert warc_types(store) == [
        "warcinfo",
        "response",
        "request",
        "revisit",  # the 304: server-not-modified
        "response",
        "request",
        "revisit",  # the identical body: identical-payload-digest
        "request",
    ]
    history = [row.outcome for row in store.history(url)]
    assert history == ["new", "unchanged", "changed", "unchanged"]
    report = store.report_for_snapshot(third.snapshot_id or 0)
    assert report is not None and report["schema"] == "tracker.change-report/1"
    assert store.resolve_version(f"{url}@-2").text == "\n".join(FIRST)
    assert store.verify() == []


def test_a_chrome_only_change_is_unchanged_and_stores_no_version(
    site: PageServer, store: Index
) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST, sidebar="Newsletter: May"))
    run_checks(store, url, reading=SIMPLE_READING)
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST, sidebar="Newsletter: June"))
    (result,) = run_checks(store, url, reading=SIMPLE_READING)
    assert result.outcome is Outcome.UNCHANGED
    assert result.because == "the page changed outside the article only"
    assert store.counts()["snapshots"] == 1
    assert warc_types(store).count("response") == 2  # the new bytes are still evidence
    (again,) = run_checks(store, url, reading=Reading(extract=CountingExtract()))
    assert again.outcome is Outcome.UNCHANGED  # the 304 answers against the newest body
    assert store.verify() == []


def test_a_date_bump_alone_is_a_change_with_a_report(site: PageServer, store: Index) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST, updated="May 1, 2025"))
    run_checks(store, url, reading=SIMPLE_READING)
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST, updated="June 9, 2025"))
    (result,) = run_checks(store, url, reading=SIMPLE_READING)
    assert result.outcome is Outcome.CHANGED
    assert result.report is not None and not result.report.article_changed


def test_gone_keeps_the_last_version(site: PageServer, store: Index) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))
    (first,) = run_checks(store, url, reading=SIMPLE_READING)
    del site.pages["/post"]
    (gone,) = run_checks(store, url, reading=SIMPLE_READING)
    assert gone.outcome is Outcome.GONE and not gone.ok
    assert gone.http_status == 404 and "404" in (gone.error or "")
    assert gone.snapshot_id is None
    assert store.resolve_snapshot(url).id == first.snapshot_id
    assert [row.outcome for row in store.history(url)] == ["new", "gone"]


def test_a_challenge_page_is_blocked_not_a_version(site: PageServer, store: Index) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))
    run_checks(store, url, reading=SIMPLE_READING)
    site.pages["/post"] = Page(body=CHALLENGE, status=403, etag=False)
    (blocked,) = run_checks(store, url, reading=SIMPLE_READING)
    assert blocked.outcome is Outcome.BLOCKED
    assert "Cloudflare" in (blocked.error or "")
    assert store.counts()["snapshots"] == 1
    rows = store.history(url)
    assert rows[-1].outcome == "blocked" and rows[-1].error == blocked.error


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (Page(body=b"", etag=False), "empty body"),
        (Page(body=b"<html><body>oops</body></html>", status=500, etag=False), "500"),
        (Page(body=b"%PDF-1.7 binary", content_type="application/pdf", etag=False), "not HTML"),
    ],
)
def test_fetch_failures_are_recorded_with_their_reason(
    site: PageServer, store: Index, page: Page, reason: str
) -> None:
    url = site.url("/post")
    site.pages["/post"] = page
    (result,) = run_checks(store, url, reading=SIMPLE_READING)
    assert result.outcome is Outcome.FAILED
    assert reason in (result.error or "")
    row = store.history(url)[-1]
    assert row.outcome == "failed" and row.error == result.error
    assert store.counts()["snapshots"] == 0
    assert store.verify() == []


def test_an_unreachable_server_is_a_recorded_failure(store: Index) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (result,) = run_checks(store, f"http://127.0.0.1:{port}/post", reading=SIMPLE_READING)
    assert result.outcome is Outcome.FAILED
    assert "connect" in (result.error or "")


def test_a_page_without_an_article_is_a_failure_with_its_capture_kept(
    site: PageServer, store: Index
) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=b"<html><body><nav>Home | Blog</nav></body></html>")
    (result,) = run_checks(store, url, reading=SIMPLE_READING)
    assert result.outcome is Outcome.FAILED
    assert result.error == "no article found on the page"
    row = store.history(url)[-1]
    assert row.warc_file is not None and row.record_type == "response"
    assert store.counts()["snapshots"] == 0
    assert store.verify() == []


def test_an_extraction_error_is_a_recorded_failure(site: PageServer, store: Index) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))

    def broken(html: bytes, **_: object) -> Document:
        raise ExtractionError("the markup nests 10000 levels deep")

    (result,) = run_checks(store, url, reading=Reading(extract=broken))
    assert result.outcome is Outcome.FAILED
    assert "10000 levels" in (result.error or "")
    (recovered,) = run_checks(store, url, reading=SIMPLE_READING)
    assert recovered.outcome is Outcome.NEW  # a failed body is never "the last body"


def test_a_gzip_page_is_stored_as_sent_and_verifies(site: PageServer, store: Index) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST), gzip=True)
    (result,) = run_checks(store, url, reading=SIMPLE_READING)
    assert result.outcome is Outcome.NEW
    snapshot = store.resolve_snapshot(url)
    record = store.read_capture(snapshot.warc_file, snapshot.warc_offset, snapshot.warc_length)
    assert record.payload == site.sent[-1] == gzip.compress(article_page("Fasting", FIRST), mtime=0)
    assert record.body() == article_page("Fasting", FIRST)
    assert snapshot.body_sha256 == hashlib.sha256(record.body()).hexdigest()
    assert store.verify() == []


def test_a_watch_brings_its_name_and_settings(site: PageServer, store: Index) -> None:
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))
    watch = Watch(name="riverside-fasting", url=site.url("/post"), fetch=replace(LOCAL))

    async def go() -> CheckResult:
        async with HttpFetcher() as fetcher:
            return await check(store, fetcher, watch, reading=SIMPLE_READING)

    result = asyncio.run(go())
    assert result.outcome is Outcome.NEW
    state = store.watch_state(site.url("/post"))
    assert state is not None and state.name == "riverside-fasting"


@given(
    body=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.lists(
            st.sampled_from(
                ["<p>", "</p>", "<article>", "<h1>", "Claims (1).", "<div hidden>", "&amp;", "é"]
            ),
            max_size=200,
        ).map(lambda parts: "".join(parts).encode()),
    ),
    content_type=st.sampled_from(
        ["text/html", "text/html; charset=latin-1", "application/xhtml+xml"]
    ),
)
@settings(max_examples=30, deadline=None)
def test_any_body_ends_in_a_recorded_outcome(
    shared: tuple[PageServer, Index], body: bytes, content_type: str
) -> None:
    site, store = shared
    path = f"/random/{next(fresh_paths)}"
    site.pages[path] = Page(body=body, content_type=content_type, etag=False)
    (result,) = run_checks(store, site.url(path))  # the real extraction
    assert result.outcome in {Outcome.NEW, Outcome.FAILED, Outcome.BLOCKED}
    row = store.history(site.url(path))[-1]
    assert row.outcome == str(result.outcome)
    if result.outcome is not Outcome.NEW:
        assert result.error and "\n" not in result.error
    assert store.verify() == []


def test_a_crashing_extractor_is_a_recorded_failure(site: PageServer, store: Index) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))

    def crashes(html: bytes, **_: object) -> Document:
        raise RuntimeError("list index out of range\nwith a second line")

    (result,) = run_checks(store, url, reading=Reading(extract=crashes))
    assert result.outcome is Outcome.FAILED
    assert result.error == "extraction failed unexpectedly: RuntimeError: list index out of range"


def test_a_failed_comparison_keeps_the_new_version(site: PageServer, store: Index) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))
    run_checks(store, url, reading=SIMPLE_READING)
    site.pages["/post"] = Page(body=article_page("Fasting", SECOND))

    def crashes(old: Document, new: Document) -> ChangeReport:
        raise ValueError("alignment exploded")

    (result,) = run_checks(store, url, reading=replace(SIMPLE_READING, compare=crashes))
    assert result.outcome is Outcome.CHANGED and result.report is None
    assert "comparison failed: ValueError: alignment exploded" in (result.error or "")
    assert store.resolve_version(url).text == "\n".join(SECOND)
    assert store.history(url)[-1].error == result.error
    assert store.verify() == []


def test_a_redirected_page_keeps_its_hops_as_evidence(site: PageServer, store: Index) -> None:
    site.pages["/old-post"] = Page(
        body=b"", status=301, headers=[("Location", "/post")], etag=False
    )
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))
    (result,) = run_checks(store, site.url("/old-post"), reading=SIMPLE_READING)
    assert result.outcome is Outcome.NEW
    snapshot = store.resolve_snapshot(site.url("/old-post"))
    assert snapshot.final_url == site.url("/post")
    assert warc_types(store) == ["warcinfo", "response", "request", "metadata"]
    assert store.verify() == []


def test_a_page_that_flips_back_is_a_change_stored_as_a_revisit(
    site: PageServer, store: Index
) -> None:
    url = site.url("/post")
    versions = [article_page("Fasting", FIRST), article_page("Fasting", SECOND)]
    outcomes = []
    for body in (versions[0], versions[1], versions[0]):
        site.pages["/post"] = Page(body=body, etag=False)
        (result,) = run_checks(store, url, reading=SIMPLE_READING)
        outcomes.append(result.outcome)
    assert outcomes == [Outcome.NEW, Outcome.CHANGED, Outcome.CHANGED]
    first, _, third = store.snapshots(url)
    assert (third.warc_file, third.warc_offset) == (first.warc_file, first.warc_offset)
    assert warc_types(store) == [
        "warcinfo",
        "response",
        "request",
        "response",
        "request",
        "revisit",  # A again: its body is not stored a second time
        "request",
    ]
    assert documents(store) == 2  # and neither is its Document
    assert store.resolve_version(url).text == "\n".join(FIRST)
    (fourth,) = run_checks(store, url, reading=Reading(extract=CountingExtract()))
    assert fourth.outcome is Outcome.UNCHANGED
    assert store.verify() == []
    out = store.root.parent / "export.warc.gz"  # never inside the data directory
    assert store.export_warc(url, out) == 4


@pytest.mark.parametrize(
    ("pages", "reason"),
    [
        (  # a gzip bomb: 8 MB of zeros in a few KB, over a 1 MB decompressed limit
            {"/post": Page(body=b"<html>" + b"\0" * 8_000_000, gzip=True, etag=False)},
            "decompressed body over",
        ),
        (
            {
                "/post": Page(body=b"", status=302, headers=[("Location", "/loop")], etag=False),
                "/loop": Page(body=b"", status=302, headers=[("Location", "/post")], etag=False),
            },
            "redirect loop",
        ),
        (
            {
                "/post": Page(
                    body=b"slow down", status=429, headers=[("Retry-After", "3600")], etag=False
                )
            },
            "retry after 3600 s",
        ),
    ],
)
def test_hostile_answers_end_in_a_recorded_reason_and_a_sound_store(
    site: PageServer, store: Index, pages: dict[str, Page], reason: str
) -> None:
    site.pages.update(pages)
    settings = replace(LOCAL, max_decompressed_bytes=1_000_000, total_timeout=5.0)

    async def go() -> CheckResult:
        async with HttpFetcher() as fetcher:
            return await check(store, fetcher, site.url("/post"), settings, reading=SIMPLE_READING)

    result = asyncio.run(go())
    assert result.outcome is Outcome.FAILED
    assert reason in (result.error or "")
    assert store.history(site.url("/post"))[-1].error == result.error
    assert store.counts()["snapshots"] == 0
    assert store.verify() == []


DISCLAIMER = (
    "This article is for general information and does not replace a consultation with "
    "one of our physicians."
)


def test_the_site_template_is_learned_while_tracking_and_never_reads_as_a_change(
    site: PageServer, store: Index
) -> None:
    knee, hip = site.url("/blog/knee"), site.url("/blog/hip")
    # Two articles of one site: different bodies, the same closing disclaimer.
    knee_body = [f"Knee paragraph {n} describes one step of the knee protocol." for n in range(6)]
    hip_body = [f"Hip paragraph {n} describes one step of the hip protocol here." for n in range(6)]
    knee_text = ["Knee injections may ease pain for some patients.", *knee_body, DISCLAIMER]
    site.pages["/blog/knee"] = Page(article_page("Knee injections", knee_text), etag=False)
    site.pages["/blog/hip"] = Page(
        article_page("Hip injections", [*hip_body, DISCLAIMER]), etag=False
    )
    assert [r.outcome for r in run_checks(store, knee)] == [Outcome.NEW]
    assert store.site_profile("127.0.0.1") is None  # one page teaches nothing
    assert [r.outcome for r in run_checks(store, hip)] == [Outcome.NEW]
    assert store.site_profile("127.0.0.1") is not None

    # The same article under new chrome: the disclaimer is template now, yet no change.
    site.pages["/blog/knee"] = Page(
        article_page("Knee injections", knee_text, sidebar="Our new newsletter"), etag=False
    )
    assert [r.outcome for r in run_checks(store, knee)] == [Outcome.UNCHANGED]

    # A real edit: the report has the claim, not the disclaimer as removed text.
    edited = ["Knee injections ease pain for most patients.", *knee_body, DISCLAIMER]
    site.pages["/blog/knee"] = Page(article_page("Knee injections", edited), etag=False)
    (result,) = run_checks(store, knee)
    assert result.outcome is Outcome.CHANGED and result.report is not None
    changed = [c.old for c in result.report.claim_changes + result.report.text_changes]
    assert changed == ["Knee injections may ease pain for some patients."]
    latest = store.resolve_version(f"{knee}@-1")
    assert DISCLAIMER not in latest.text
    assert any(b.reason == "site_template" and DISCLAIMER in b.text for b in latest.stripped)
