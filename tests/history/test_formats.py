"""The archive formats on their own: CDX JSON, link-format TimeMaps, memento URLs, dates."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.errors import FetchFailure, UsageError
from tracker.history.archives import (
    Archive,
    ArchivedCapture,
    parse_day,
    raw_memento_url,
    wayback_timestamp,
)
from tracker.history.cdx import parse_cdx_json
from tracker.history.listing import collapse_digests
from tracker.history.memento import parse_link_format, parse_timemap

REPLAY = "https://web.archive.org/web"
PAGE = "https://clinic.example/blog/post"


def test_cdx_rows_are_read_by_the_header_whatever_the_field_order() -> None:
    text = json.dumps(
        [
            ["digest", "original", "timestamp", "statuscode", "mimetype", "length"],
            ["AAA", PAGE, "20191204102030", "200", "text/html", "5120"],
            ["BBB", PAGE, "2021062009", "-", "warc/revisit", "-"],
            ["CCC", PAGE, "not-a-time", "200", "text/html", "1"],
            [],
            ["resume-key-1"],
        ]
    )
    captures, resume = parse_cdx_json(text, REPLAY)
    assert resume == "resume-key-1"
    assert [capture.digest for capture in captures] == ["AAA", "BBB"]
    first, second = captures
    assert first.memento_url == f"{REPLAY}/20191204102030/{PAGE}"
    assert first.raw_url == f"{REPLAY}/20191204102030id_/{PAGE}"
    assert first.captured_at == datetime(2019, 12, 4, 10, 20, 30, tzinfo=UTC)
    assert first.length == 5120 and first.status == "200"
    assert second.captured_at == datetime(2021, 6, 20, 9, tzinfo=UTC)
    assert second.length is None and second.mimetype == "warc/revisit"


def test_cdx_edge_answers() -> None:
    assert parse_cdx_json("", REPLAY) == ([], None)
    assert parse_cdx_json("[]", REPLAY) == ([], None)
    headerless = json.dumps([["20200101000000", PAGE, "200", "text/html", "D", "10"]])
    assert len(parse_cdx_json(headerless, REPLAY)[0]) == 1
    with pytest.raises(FetchFailure, match="no valid JSON"):
        parse_cdx_json("<html>Service unavailable</html>", REPLAY)
    with pytest.raises(FetchFailure, match="no valid JSON"):
        parse_cdx_json("[" * 100_000, REPLAY)
    with pytest.raises(FetchFailure, match="not a list of rows"):
        parse_cdx_json('{"error": "x"}', REPLAY)


def test_link_format_keeps_commas_and_semicolons_inside_quotes() -> None:
    text = (
        '<https://a.example/timemap>; rel="self"; type="application/link-format",\n'
        '<https://a.example/web/20191204102030/https://x.example/>; rel="first memento";'
        ' datetime="Wed, 04 Dec 2019 10:20:30 GMT",\n'
        '<https://a.example/q?a=1,2>;rel=memento;datetime="Thu, 05 Dec 2019 00:00:00 GMT";'
        ' title="say \\"hi\\"; ok"'
    )
    links = parse_link_format(text)
    assert [uri for uri, _ in links] == [
        "https://a.example/timemap",
        "https://a.example/web/20191204102030/https://x.example/",
        "https://a.example/q?a=1,2",
    ]
    assert links[1][1]["datetime"] == "Wed, 04 Dec 2019 10:20:30 GMT"
    assert links[2][1]["rel"] == "memento"
    assert links[2][1]["title"] == 'say "hi"; ok'


_TOKEN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=8)
_VALUE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\'),
    max_size=20,
)
_URI = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs"), blacklist_characters="<>,;\"'"),
    min_size=1,
    max_size=30,
)


@given(
    st.lists(
        st.tuples(_URI, st.dictionaries(_TOKEN, _VALUE, max_size=4)),
        max_size=6,
    )
)
def test_link_format_round_trip(links: list[tuple[str, dict[str, str]]]) -> None:
    text = ",\n".join(
        f"<{uri}>" + "".join(f'; {name}="{value}"' for name, value in params.items())
        for uri, params in links
    )
    assert parse_link_format(text) == [(uri.strip(), params) for uri, params in links]


@given(st.text(max_size=300))
def test_link_format_never_crashes(text: str) -> None:
    for uri, params in parse_link_format(text):
        assert isinstance(uri, str) and isinstance(params, dict)
    parse_timemap(text)


def test_timemap_mementos_and_pages() -> None:
    text = ",".join(
        [
            f'<{PAGE}>; rel="original"',
            '<https://arch.example/timemap/link/x>; rel="self"; type="application/link-format"',
            '<https://arch.example/timemap/link/2/x>; rel="timemap";'
            ' type="application/link-format"',
            f'<https://arch.example/20191204102030/{PAGE}>; rel="first memento";'
            ' datetime="Wed, 04 Dec 2019 10:20:30 GMT"',
            f'<https://arch.example/20240411000000/{PAGE}>; rel="last memento";'
            ' datetime="Thu, 11 Apr 2024 00:00:00 GMT"',
            f'<https://arch.example/undated/{PAGE}>; rel="memento"; datetime="sometime"',
        ]
    )
    captures, pages = parse_timemap(text)
    assert pages == ["https://arch.example/timemap/link/2/x"]
    assert [capture.captured_at.year for capture in captures] == [2019, 2024]
    assert all(capture.original == PAGE for capture in captures)
    assert captures[0].raw_url == f"https://arch.example/20191204102030id_/{PAGE}"


@pytest.mark.parametrize(
    ("memento", "raw"),
    [
        (f"{REPLAY}/20191204102030/{PAGE}", f"{REPLAY}/20191204102030id_/{PAGE}"),
        (f"{REPLAY}/20191204102030im_/{PAGE}", f"{REPLAY}/20191204102030id_/{PAGE}"),
        (f"{REPLAY}/20191204102030id_/{PAGE}", f"{REPLAY}/20191204102030id_/{PAGE}"),
        (
            "https://arquivo.pt/wayback/20191204102030/https://x.example/2019/12/post",
            "https://arquivo.pt/wayback/20191204102030id_/https://x.example/2019/12/post",
        ),
        ("https://archive.ph/AbCdE", "https://archive.ph/AbCdE"),
    ],
)
def test_raw_memento_urls(memento: str, raw: str) -> None:
    assert raw_memento_url(memento) == raw


@given(st.datetimes(min_value=datetime(1996, 1, 1), max_value=datetime(2099, 12, 31)))
def test_wayback_timestamps_round_trip(moment: datetime) -> None:
    moment = moment.replace(microsecond=0, tzinfo=UTC)
    assert wayback_timestamp(moment.strftime("%Y%m%d%H%M%S")) == moment


def test_short_wayback_timestamps_mean_the_start_of_the_period() -> None:
    assert wayback_timestamp("2019") == datetime(2019, 1, 1, tzinfo=UTC)
    assert wayback_timestamp("201912") == datetime(2019, 12, 1, tzinfo=UTC)
    assert wayback_timestamp("20191204") == datetime(2019, 12, 4, tzinfo=UTC)
    with pytest.raises(ValueError):
        wayback_timestamp("2019-12-04")


def _capture(digest: str | None, second: int) -> ArchivedCapture:
    moment = datetime(2020, 1, 1, 0, 0, second, tzinfo=UTC)
    return ArchivedCapture(
        original=PAGE,
        timestamp=moment.strftime("%Y%m%d%H%M%S"),
        captured_at=moment,
        memento_url=f"{REPLAY}/{moment:%Y%m%d%H%M%S}/{PAGE}",
        digest=digest,
    )


@given(st.lists(st.sampled_from(["A", "B", "C", None]), max_size=40))
def test_collapse_only_drops_neighbouring_repeats(digests: list[str | None]) -> None:
    captures = [_capture(digest, index) for index, digest in enumerate(digests)]
    kept = collapse_digests(captures)
    kept_digests = [capture.digest for capture in kept]
    assert all(a is None or a != b for a, b in itertools.pairwise(kept_digests))
    assert collapse_digests(kept) == kept
    assert set(kept_digests) == set(digests)  # every distinct content survives
    assert [c.captured_at for c in kept] == sorted(c.captured_at for c in kept)


def test_collapse_keeps_a_page_that_changed_back() -> None:
    kept = collapse_digests([_capture(d, i) for i, d in enumerate("AABA")])
    assert [capture.digest for capture in kept] == ["A", "B", "A"]


def test_archive_kinds() -> None:
    wayback = Archive.parse()
    assert wayback.kind == "cdx" and wayback.replay == "https://web.archive.org/web"
    pywb = Archive.parse("https://pywb.example/my-coll/cdx")
    assert pywb.kind == "cdx" and pywb.replay == "https://pywb.example/my-coll"
    memento = Archive.parse("https://arquivo.pt/wayback/")
    assert memento.kind == "memento"
    assert memento.endpoint == "https://arquivo.pt/wayback/timemap/link/{url}"
    template = Archive.parse("https://tm.example/timemap/link/{url}")
    assert template.kind == "memento" and template.endpoint.endswith("{url}")
    with pytest.raises(UsageError, match="--archive"):
        Archive.parse("ftp://archive.example/")


def test_dates_on_the_command_line() -> None:
    assert parse_day("2019-12-04", "--from") == date(2019, 12, 4)
    assert parse_day("2019-12", "--from") == date(2019, 12, 1)
    assert parse_day("2019", "--to") == date(2019, 1, 1)
    assert parse_day("20191204102030", "--to") == date(2019, 12, 4)
    with pytest.raises(UsageError, match="--to expects a date"):
        parse_day("2019-13-45", "--to")


@given(st.text(max_size=24))
def test_a_date_option_is_read_or_explained(text: str) -> None:
    try:
        day = parse_day(text, "--from")
    except UsageError as error:
        assert "--from expects a date" in str(error)
    else:
        assert 1 <= day.year <= 9999


@given(st.text(max_size=200))
def test_cdx_answers_are_read_or_refused(text: str) -> None:
    try:
        captures, _ = parse_cdx_json(text, REPLAY)
    except FetchFailure:
        return
    assert all(capture.memento_url.startswith(REPLAY + "/") for capture in captures)
