"""Every hostile page ends as a recorded check: a reason, the answer kept, a sound store.

The real extractor and comparison run here: what breaks on a hostile page is theirs,
and the check is what keeps it from becoming a traceback or "never checked".
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.checks import fresh_paths, run_checks
from support.site import FIRST, SECOND, SIMPLE_READING, Page, PageServer, article_page

from tracker.model import Outcome
from tracker.reading import PageLimits
from tracker.store import CheckEntry, Evidence, Index, RecordedCheck

JSON_LD = '<script type="application/ld+json">{}</script>'


def with_json_ld(page: bytes, data: str) -> bytes:
    return page.replace(b"<head>", b"<head>" + JSON_LD.format(data).encode(), 1)


def assert_recorded(store: Index, url: str, outcome: Outcome) -> None:
    """The last check of ``url`` is in the index with this outcome, and the store is sound."""
    row = store.history(url)[-1]
    assert row.outcome == outcome
    if outcome is not Outcome.NEW:
        assert row.error and "\n" not in row.error
    assert store.verify() == []


def test_a_lone_surrogate_in_json_ld_is_stored_as_a_replacement_character(
    site: PageServer, store: Index
) -> None:
    page = with_json_ld(
        article_page("Fasting", FIRST), '{"@type": "Article", "headline": "\\ud800"}'
    )
    site.pages["/post"] = Page(body=page)
    (result,) = run_checks(store, site.url("/post"))
    assert result.outcome is Outcome.NEW
    stored = store.resolve_version(site.url("/post") + "@-1")
    assert "\ud800" not in json.dumps(stored.to_json(), ensure_ascii=False)
    assert_recorded(store, site.url("/post"), Outcome.NEW)


def test_a_redirect_to_an_undecodable_host_label_is_a_recorded_failure(
    site: PageServer, store: Index
) -> None:
    site.pages["/moved"] = Page(body=b"", status=302, headers=[("Location", "http://xn--abc/")])
    (result,) = run_checks(store, site.url("/moved"))
    assert result.outcome is Outcome.FAILED
    assert "its host name does not decode" in (result.error or "")
    assert result.evidence  # the redirect answer is kept
    assert_recorded(store, site.url("/moved"), Outcome.FAILED)


def test_a_version_the_index_refuses_fails_the_check_and_keeps_the_capture(
    site: PageServer, store: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.url("/post")
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))
    run_checks(store, url, reading=SIMPLE_READING)
    site.pages["/post"] = Page(body=article_page("Fasting", SECOND))
    record_check = store.record_check

    def refuses_versions(entry: CheckEntry, evidence: Evidence | None = None) -> RecordedCheck:
        if entry.new_snapshot is not None:
            raise ValueError("parameter 3 cannot be bound\nsecond line")
        return record_check(entry, evidence)

    monkeypatch.setattr(store, "record_check", refuses_versions)
    (result,) = run_checks(store, url, reading=SIMPLE_READING)
    assert result.outcome is Outcome.FAILED
    assert (
        result.error == "the version could not be stored: ValueError: parameter 3 cannot be bound"
    )
    assert store.history(url)[-1].evidence
    assert store.counts()["snapshots"] == 1
    assert_recorded(store, url, Outcome.FAILED)


def test_a_check_the_index_refuses_even_as_a_failure_raises_once_tried_as_one(
    site: PageServer, store: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))
    tried: list[str] = []

    def refuses_all(entry: CheckEntry, evidence: Evidence | None = None) -> RecordedCheck:
        tried.append(entry.outcome)
        raise ValueError("the disk said no")

    monkeypatch.setattr(store, "record_check", refuses_all)
    with pytest.raises(ValueError, match="the disk said no"):
        run_checks(store, site.url("/post"), reading=SIMPLE_READING)
    assert tried == [Outcome.NEW, Outcome.FAILED]


SHELL = b"""<!DOCTYPE html><html><head><title>Clinic</title>
<script src="/static/js/main.4f3a.js" defer></script></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root"><div class="spinner">Loading...</div></div></body></html>"""


def test_a_script_only_shell_is_needs_browser_and_stores_no_version(
    site: PageServer, store: Index
) -> None:
    site.pages["/app"] = Page(body=SHELL)
    (result,) = run_checks(store, site.url("/app"))
    assert result.outcome is Outcome.FAILED
    assert (result.error or "").startswith("needs_browser:")
    assert 'fetcher = "browser"' in (result.error or "")
    assert result.evidence and store.counts()["snapshots"] == 0
    assert_recorded(store, site.url("/app"), Outcome.FAILED)


def test_a_short_page_with_scripts_and_no_mount_point_is_not_a_shell(
    site: PageServer, store: Index
) -> None:
    page = article_page("Open today", ["We are open from nine to five today, as on every weekday."])
    site.pages["/short"] = Page(
        body=page.replace(b"</head>", b"<script src='/a.js'></script></head>")
    )
    (result,) = run_checks(store, site.url("/short"))
    assert result.outcome is Outcome.NEW


def test_a_page_over_the_size_limit_is_recorded_with_its_reason_and_answer(
    site: PageServer, store: Index
) -> None:
    site.pages["/big"] = Page(body=article_page("Fasting", FIRST * 80))
    (result,) = run_checks(store, site.url("/big"), limits=PageLimits(max_page_bytes=8192))
    assert result.outcome is Outcome.FAILED
    assert "over the 8 KB a page may have to be read" in (result.error or "")
    assert result.evidence
    assert_recorded(store, site.url("/big"), Outcome.FAILED)


def test_a_page_over_the_block_limit_is_recorded_with_its_reason(
    site: PageServer, store: Index
) -> None:
    site.pages["/many"] = Page(body=article_page("Fasting", [f"Line {n}." for n in range(50)]))
    (result,) = run_checks(store, site.url("/many"), limits=PageLimits(max_blocks=20))
    assert result.outcome is Outcome.FAILED
    assert "blocks, over the 20 a page may have" in (result.error or "")


def test_a_change_over_the_comparison_limit_is_stored_without_a_report(
    site: PageServer, store: Index
) -> None:
    url = site.url("/post")
    limits = PageLimits(max_compared_sentences=1)
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))
    run_checks(store, url, reading=SIMPLE_READING, limits=limits)
    site.pages["/post"] = Page(body=article_page("Fasting", SECOND))
    (result,) = run_checks(store, url, reading=SIMPLE_READING, limits=limits)
    assert result.outcome is Outcome.CHANGED and result.report is None
    assert "over the 1 a comparison reads" in (result.error or "")


def test_a_change_of_too_many_sentences_is_stored_without_a_report(
    site: PageServer, store: Index
) -> None:
    url = site.url("/post")
    limits = PageLimits(max_changed_sentences=3)
    site.pages["/post"] = Page(body=article_page("Fasting", FIRST))
    run_checks(store, url, reading=SIMPLE_READING, limits=limits)
    site.pages["/post"] = Page(body=article_page("Fasting", SECOND))
    (result,) = run_checks(store, url, reading=SIMPLE_READING, limits=limits)
    assert result.outcome is Outcome.CHANGED and result.report is None
    assert "4 sentences changed, over the 3 a comparison assesses" in (result.error or "")


def test_a_huge_neighbour_teaches_the_site_template_nothing(site: PageServer, store: Index) -> None:
    limits = PageLimits(template_page_blocks=40)
    closing = "This article is general information and not a consultation with our physicians."

    def page(topic: str, paragraphs: int) -> Page:
        lines = [
            f"{topic} paragraph {n} explains one step of the {topic} plan."
            for n in range(paragraphs)
        ]
        return Page(article_page(topic, [*lines, closing]), etag=False)

    site.pages.update({"/huge": page("huge", 60), "/knee": page("knee", 6), "/hip": page("hip", 6)})
    run_checks(store, site.url("/huge"), limits=limits)
    run_checks(store, site.url("/knee"), limits=limits)
    assert store.site_profile("127.0.0.1") is None  # the huge page counts for nothing
    run_checks(store, site.url("/hip"), limits=limits)
    learned = store.site_profile("127.0.0.1")
    assert learned is not None and learned["pages"] == 2


_TEXT = st.lists(
    st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(["\ud800", "\udfff", "\x1b]52;c;", "\u202e", "\x00", "\x85", "<", "&#0;"]),
    max_size=20,
).map("".join)
_JSON_LD = st.one_of(
    _TEXT.map(lambda text: json.dumps({"@type": "Article", "headline": text})),
    _TEXT.map(lambda text: json.dumps({"@graph": [{"@type": "NewsArticle", "author": text}]})),
    _TEXT.map(lambda text: '{"@type": "Article", "datePublished": "' + text),  # cut short
    _TEXT.map(lambda text: json.dumps([{"@type": "Article", "dateModified": [text, 3, None]}])),
    _TEXT.map(lambda text: f'{{"headline": "{text}"}}'),  # raw escapes, as a page writes them
)
_HEADERS = st.lists(
    st.tuples(
        st.sampled_from(["Link", "Content-Language", "Last-Modified", "X-Title", "Refresh"]),
        st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=30),
    ),
    max_size=3,
)


@given(
    paragraph=_TEXT,
    json_ld=_JSON_LD,
    headers=_HEADERS,
    content_type=st.sampled_from(
        ["text/html", "text/html; charset=latin-1", "text/html; charset=x-bogus"]
    ),
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_hostile_page_ends_as_a_recorded_check(
    shared: tuple[PageServer, Index],
    paragraph: str,
    json_ld: str,
    headers: list[tuple[str, str]],
    content_type: str,
) -> None:
    site, store = shared
    path = f"/hostile/{next(fresh_paths)}"
    raw = paragraph.encode("utf-8", "surrogatepass")  # a lone surrogate: invalid UTF-8 bytes
    body = article_page(
        "TITLE", [f"A clinic paragraph long enough to be an article. {n}" for n in range(3)]
    )
    body = body.replace(b"TITLE", raw).replace(b"article. 1", b"article. " + raw)
    body = body.replace(
        b"<head>", b"<head>" + JSON_LD.format(json_ld).encode("utf-8", "surrogatepass"), 1
    )
    site.pages[path] = Page(body=body, content_type=content_type, headers=headers, etag=False)
    url = site.url(path)
    (result,) = run_checks(store, url)
    assert result.outcome in {Outcome.NEW, Outcome.FAILED, Outcome.BLOCKED}
    row = store.history(url)[-1]
    assert row.outcome == result.outcome
    assert row.evidence
