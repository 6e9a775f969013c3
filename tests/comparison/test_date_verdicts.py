"""Silent edits and date-only bumps on pages of the shapes real sites write, with evidence."""

from __future__ import annotations

import json

from tracker import compare
from tracker.extraction import extract
from tracker.model import ChangeKind, ChangeReport, DateKind, DatePlace, Document
from tracker.render.html import render_html
from tracker.render.json import render_json
from tracker.render.terminal import render_text

PARAGRAPHS = [
    "We collect the e-mail address you give us and the pages you visit on our site.",
    "We keep this data for as long as your account is open and delete it afterwards.",
    "We do not sell personal data to advertisers or to any other third party.",
]
NEW_PARAGRAPH = "We now share usage statistics with a hosting provider in the European Union."


def policy(top: str = "", bottom: str = "", extra: str = "", head: str = "", lang="en") -> str:
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + (f"<p>{extra}</p>" if extra else "")
    return (
        f'<html lang="{lang}"><head><title>Privacy policy</title>{head}</head><body>'
        "<nav><a href='/'>Home</a> <a href='/blog'>Blog</a></nav>"
        f"<main><h1>Privacy policy</h1>{top}{body}{bottom}</main>"
        "<footer>© 2024 Example Ltd</footer></body></html>"
    )


def diff(old_html: str, new_html: str) -> ChangeReport:
    return compare(extract(old_html), extract(new_html))


def moved(report: ChangeReport) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (
            change.kind.value,
            change.place.value,
            change.old.value if change.old else None,
            change.new.value if change.new else None,
        )
        for change in report.date_changes
    ]


def test_update_note_in_the_body_is_a_declared_update_though_the_meta_date_stays() -> None:
    head = '<meta property="article:modified_time" content="2021-06-01T08:00:00Z">'
    note = "<p>[Updated on 2022-08-27: added a paragraph on data sharing.]</p>"
    report = diff(policy(head=head), policy(top=note, extra=NEW_PARAGRAPH, head=head))
    assert report.article_changed and not report.silent_edit
    assert moved(report) == [("added", "note", None, "2022-08-27")]
    assert report.new.updated == "2022-08-27"


def test_effective_date_line_that_moved_is_a_date_change_not_other_text() -> None:
    old = policy(top="<p>Effective date: February 1, 2024</p>")
    new = policy(top="<p>Effective date: April 27, 2026</p>", extra=NEW_PARAGRAPH)
    report = diff(old, new)
    assert report.article_changed and not report.silent_edit
    assert moved(report) == [("modified", "line", "2024-02-01", "2026-04-27")]
    everywhere = [c.old or "" for c in report.text_changes + report.boilerplate_changes]
    everywhere += [c.new or "" for c in report.text_changes + report.boilerplate_changes]
    assert not any("Effective date" in text for text in everywhere)


def test_a_new_per_section_last_updated_line_is_a_declared_update() -> None:
    days = ["March 1, 2024", "May 9, 2024", "April 2, 2024", "June 3, 2024", "June 20, 2024"]

    def sections(count: int, extra: str = "") -> str:
        parts = "".join(
            f"<h2>Part {n + 1}</h2><p>Last updated: {days[n % 5]}</p><p>{PARAGRAPHS[n % 3]}"
            f" Section {n + 1} says so.</p>"
            for n in range(count)
        )
        return policy(bottom=parts + extra)

    old = sections(5)
    new = sections(5, "<h2>Part 6</h2><p>Last updated: January 8, 2026</p>"
                      f"<p>{NEW_PARAGRAPH}</p>")  # fmt: skip
    report = diff(old, new)
    assert report.article_changed and not report.silent_edit
    assert moved(report) == [("added", "line", None, "2026-01-08")]
    assert report.new.updated == "2026-01-08"
    assert len([d for d in report.old.dates or [] if d.place is DatePlace.LINE]) == 5
    assert report.boilerplate_changes == []


def test_a_change_log_that_gained_an_entry_is_a_declared_update() -> None:
    log = (
        "<h2>Sub-processors</h2><ul><li>Example Hosting, Ireland</li>{extra}</ul>"
        "<h2>Change log</h2><ul>{entry}"
        "<li>March 2, 2025: Added Example Hosting to the list of sub-processors.</li></ul>"
    )
    old = policy(bottom=log.format(extra="", entry=""))
    new = policy(
        bottom=log.format(
            extra="<li>Example Analytics, Germany</li>",
            entry="<li>January 8, 2026: Added Example Analytics to the list of "
            "sub-processors.</li>",
        )
    )
    report = diff(old, new)
    assert report.article_changed and not report.silent_edit
    assert moved(report) == [("added", "change_log", None, "2026-01-08")]
    assert report.new.dates and report.new.dates[-2].kind is DateKind.CHANGELOG


def test_a_version_list_that_lost_an_entry_is_a_date_change() -> None:
    old = policy(bottom="<p>Versions: 04 Aug 2025, 01 Aug 2025, 26 Jun 2025</p>")
    new = policy(bottom="<p>Versions: 04 Aug 2025, 01 Aug 2025</p>", extra=NEW_PARAGRAPH)
    report = diff(old, new)
    assert report.article_changed and not report.silent_edit
    assert moved(report) == [("removed", "change_log", "2025-06-26", None)]
    filed = [c.old or "" for c in report.boilerplate_changes + report.text_changes]
    assert not any("Versions" in text for text in filed)  # a date change, not boilerplate


def test_french_date_line_read_day_first_and_its_move_declared() -> None:
    old = policy(top="<p>Dernière mise à jour : le 14/01/2025</p>", lang="fr")
    new = policy(top="<p>Dernière mise à jour : le 01/08/2025</p>", extra=NEW_PARAGRAPH, lang="fr")
    report = diff(old, new)
    assert not report.silent_edit
    assert moved(report) == [("modified", "line", "2025-01-14", "2025-08-01")]


def test_a_real_silent_edit_carries_the_dates_seen_on_both_sides() -> None:
    head = '<meta property="article:published_time" content="2024-02-01T09:00:00Z">'
    top = "<p>Effective date: February 1, 2024</p>"
    report = diff(policy(top=top, head=head), policy(top=top, head=head, extra=NEW_PARAGRAPH))
    assert report.article_changed and report.silent_edit and report.date_changes == []
    for side in (report.old, report.new):
        assert {(d.kind, d.place) for d in side.dates or []} == {
            (DateKind.PUBLISHED, DatePlace.META),
            (DateKind.EFFECTIVE, DatePlace.LINE),
        }


def test_a_page_that_declares_no_date_is_never_called_a_silent_edit() -> None:
    # a product or service page with no date cannot keep one still: its edits are changes,
    # and the evidence says why no date verdict was made
    report = diff(policy(), policy(extra=NEW_PARAGRAPH))
    assert report.article_changed and not report.silent_edit and report.date_changes == []
    assert "declares no date on either version" in render_text(report, color=False)
    published = '<meta property="article:published_time" content="2024-02-01T09:00:00Z">'
    dated = diff(policy(head=published), policy(head=published, extra=NEW_PARAGRAPH))
    assert dated.article_changed and dated.silent_edit


def test_a_markup_date_that_moved_is_declared_but_shows_no_bump() -> None:
    def head(day: str) -> str:
        return f'<meta property="article:modified_time" content="{day}">'

    changed = diff(policy(head=head("2024-01-01")), policy(head=head("2024-03-01"), extra="New."))
    assert changed.article_changed and not changed.silent_edit
    assert moved(changed) == [("modified", "meta", "2024-01-01", "2024-03-01")]
    same_article = diff(policy(head=head("2024-01-01")), policy(head=head("2024-03-01")))
    assert not same_article.article_changed and not same_article.date_only_bump


def test_date_only_bump_of_a_visible_line() -> None:
    report = diff(
        policy(top="<p>Last updated: May 9, 2024</p>"),
        policy(top="<p>Last updated: June 1, 2024</p>"),
    )
    assert report.date_only_bump and not report.article_changed and report.has_changes
    assert moved(report) == [("modified", "line", "2024-05-09", "2024-06-01")]


def test_a_version_stored_before_dates_were_kept_compares_by_its_shown_date() -> None:
    old_json = extract(policy(top="<p>Last updated: May 9, 2024</p>")).to_json()
    del old_json["dates"]
    old = Document.from_json(old_json)
    report = compare(old, extract(policy(top="<p>Last updated: May 9, 2024</p>", extra="New.")))
    assert report.date_changes == [] and report.silent_edit
    assert report.old.dates is None


def test_every_format_shows_the_dates_seen_and_what_moved() -> None:
    old = policy(top="<p>Effective date: February 1, 2024</p>")
    new = policy(top="<p>Effective date: April 27, 2026</p>", extra=NEW_PARAGRAPH)
    report = diff(old, new)
    text = render_text(report)
    assert "Dates seen" in text
    assert "effective 2024-02-01 → 2026-04-27 — date line" in text
    assert "1 date declared before, 1 after; 1 moved" in text
    page = render_html(report)
    assert '<section id="dates">' in page and "Effective date: April 27, 2026" in page
    data = json.loads(render_json(report))
    assert data["old"]["dates"][0] == {
        "kind": "effective",
        "value": "2024-02-01",
        "text": "Effective date: February 1, 2024",
        "place": "line",
        "detail": "Privacy policy",
    }
    assert data["date_changes"][0]["kind"] == "modified"
    assert data["silent_edit"] is False and data["schema"] == "tracker.change-report/1"
    again = ChangeReport.from_json(data)
    assert again.date_changes == report.date_changes and again.new.dates == report.new.dates
    assert again.date_changes[0].kind is ChangeKind.MODIFIED


def test_silent_edit_verdict_is_stated_with_its_evidence() -> None:
    top = "<p>Last updated: May 9, 2024</p>"
    report = diff(policy(top=top), policy(top=top, extra=NEW_PARAGRAPH))
    assert report.silent_edit
    text = render_text(report)
    assert "SILENT EDIT: the article changed and no date the page declares moved" in text
    assert "updated 2024-05-09 — date line" in text
    assert "silent edit: the article changed" in render_html(report)


def header_dates(report: ChangeReport) -> tuple[str, str]:
    """The dates line of the HTML header and the date lines of the terminal's header."""
    page = render_html(report)
    start = page.index('<p class="dates">', page.index("<header>"))
    html_line = page[start : page.index("</p>", start)]
    text = render_text(report).split("article ")[0]
    return html_line, text


def test_the_header_labels_each_date_by_the_kind_the_page_gives_it() -> None:
    # a page that shows only an update line: its Document gives that day as published too,
    # but the header must not say "published"
    old = policy(top="<p>Updated on March 3, 2024</p>")
    new = policy(top="<p>Updated on May 20, 2024</p>", extra=NEW_PARAGRAPH)
    report = diff(old, new)
    assert report.new.published == "2024-05-20"
    html_line, text = header_dates(report)
    assert "updated 2024-03-03 → 2024-05-20" in html_line and "published" not in html_line
    assert "updated: 2024-03-03 → 2024-05-20" in text and "published" not in text


def test_the_header_shows_a_declared_publish_date_and_an_effective_date_by_kind() -> None:
    lines = "<p>Published on January 5, 2023</p><p>Effective date: {}</p>"
    old = policy(top=lines.format("February 1, 2024"))
    new = policy(top=lines.format("April 27, 2026"), extra=NEW_PARAGRAPH)
    html_line, text = header_dates(diff(old, new))
    assert "published 2023-01-05 (unchanged)" in html_line
    assert "effective 2024-02-01 → 2026-04-27" in html_line and "updated" not in html_line
    assert "published: 2023-01-05 (unchanged)" in text
    assert "effective: 2024-02-01 → 2026-04-27" in text
