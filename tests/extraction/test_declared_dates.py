"""Every date a page declares, with its kind, words and place; the dates a reader is shown."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from lxml import etree

from tracker.extraction import extract
from tracker.extraction.date_cues import speaks_of_other_pages
from tracker.extraction.dates import day_first_for, find_dates, parse_date
from tracker.extraction.dom import parse
from tracker.extraction.markup_dates import thread_dates, times
from tracker.extraction.segment import RawBlock
from tracker.model import BlockKind, DateKind, DatePlace, Document, StripReason

BODY = (
    "<p>Ozone injections are offered for back pain in many clinics, and a few small trials, "
    "most without blinding, report relief that lasts a few weeks at best.</p>"
    "<p>Larger trials are missing, and the reviews that exist call the evidence weak and "
    "ask for sham-controlled studies before any wider use.</p>"
)


def page(inner: str, head: str = "", lang: str = "en") -> str:
    return (
        f'<html lang="{lang}"><head><title>Ozone therapy</title>{head}</head><body>'
        f"<nav><a href='/'>Home</a></nav><article><h1>Ozone therapy</h1>{inner}</article>"
        "<footer>© 2019 Harbor Clinic</footer></body></html>"
    )


def seen(doc: Document) -> set[tuple[str, str, str]]:
    return {(d.kind.value, d.value, d.place.value) for d in doc.dates}


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "language", "iso"),
    [
        ("1er août 2025", "fr", "2025-08-01"),
        ("le 01/08/2025", "fr", "2025-08-01"),
        ("01/08/2025", "en-US", "2025-01-08"),
        ("01/08/2025", "en-GB", "2025-08-01"),
        ("14 de enero de 2025", "es", "2025-01-14"),
        ("14. Januar 2025", "de", "2025-01-14"),
        ("3. März 2025 um 14:30 Uhr", "de", "2025-03-03T14:30"),
        ("1º de janeiro de 2025", "pt", "2025-01-01"),
        ("1.º de março de 2024", "pt-PT", "2024-03-01"),
        ("1. März 2024", "de", "2024-03-01"),
        ("1ᵉʳ mars 2024", "fr", "2024-03-01"),  # the ordinal's letters set as superscripts
        ("Stand: 4. Mrz. 2024", "de", "2024-03-04"),  # DIN 5008's abbreviation
        ("Pubblicato il 4 sett 2024", "it", "2024-09-04"),
        ("3 marzo 2025 ore 14:30", "it", "2025-03-03T14:30"),
        ("14 gennaio 2025", "it", "2025-01-14"),
        ("14 janv. 2025 à 14h30", "fr", "2025-01-14T14:30"),
        ("June 18, 2024 10:00 EST", "en", "2024-06-18T10:00-05:00"),
        ("11-29-2024, 01:50 PM", "en-US", "2024-11-29T13:50"),
        ("Jan. 17, 2025 @ 12:39 AM EST", "en", "2025-01-17T00:39-05:00"),
        ("Sept. 5, 2024", "en", "2024-09-05"),
        ("14-01-2025", "nl", "2025-01-14"),
        ("Jan 2025", "en", None),
        ("Essay - Published: 2025.12.17.", "en", "2025-12-17"),
        ("2025/12/17 10:30", "en", "2025-12-17T10:30"),
        ("version 2.0.2024.1.5", "en", None),
        ("Dec 17, 2025Julian Arni", "en", "2025-12-17"),  # spans joined without a space
        ("May 28, 20251", "en", None),
        ("Mar 27, 20255 mins", "en", "2025-03-27"),  # a reading time run into the year
        ("19-Dec-2025", "en", "2025-12-19"),
        ("19-dic-2025", "es", "2025-12-19"),
        ("Jul. 11. 2025", "en", "2025-07-11"),
        ("December 19. 2025", "en", "2025-12-19"),
        ("06.18.2025", "en", "2025-06-18"),  # dotted, but 18 is no month: month first
        ("09.10.2024", "en", "2024-10-09"),  # dotted, open to either order: day first
        ("2025年12月1日", "ja", "2025-12-01"),
        ("发布时间：2025年12月1日 14:30", "zh", "2025-12-01T14:30"),
        ("2025년 12월 1일", "ko", "2025-12-01"),
    ],
)
def test_dates_in_six_languages(text: str, language: str, iso: str | None) -> None:
    assert parse_date(text, day_first=day_first_for(language)) == iso


def test_relative_dates_count_back_from_the_capture_time_only() -> None:
    captured = datetime(2025, 3, 10, 1, 30, tzinfo=UTC)
    for text, iso in [
        ("Updated 3 days ago", "2025-03-07"),
        ("il y a 2 jours", "2025-03-08"),
        ("vor 3 Tagen", "2025-03-07"),
        ("vor einem Tag", "2025-03-09"),
        ("vor 1 Tag", "2025-03-09"),
        ("hace 1 semana", "2025-03-03"),
        ("há 2 dias", "2025-03-08"),
        ("2 dias atrás", "2025-03-08"),  # Brazil writes both
        ("3 giorni fa", "2025-03-07"),
        ("posted 2 hours ago", "2025-03-09"),
        ("yesterday", "2025-03-09"),
    ]:
        assert [(d.iso, d.relative) for d in find_dates(text, now=captured)] == [(iso, True)]
        assert find_dates(text) == []  # no capture time: never today's clock


def test_relative_date_of_several_units_counts_back_by_all_of_them() -> None:
    """Two days and three hours back, not three hours ("2 days, 3 hours ago"); a count of
    months says no day, so a date that names one is not read."""
    captured = datetime(2025, 3, 10, 1, 30, tzinfo=UTC)
    for text, iso in [
        ("Edited 2 days, 3 hours ago", "2025-03-07"),
        ("answered 1 week and 2 days ago", "2025-03-01"),
        ("4 days 2 hours ago", "2025-03-05"),
    ]:
        assert [(d.iso, d.relative) for d in find_dates(text, now=captured)] == [(iso, True)]
    assert find_dates("asked 2 months, 3 days ago", now=captured) == []


def test_version_list_reads_every_date() -> None:
    found = find_dates("Versions: 04 Aug 2025, 01 Aug 2025, 26 Jun 2025")
    assert [d.iso for d in found] == ["2025-08-04", "2025-08-01", "2025-06-26"]


# --------------------------------------------------------------------------- places and kinds


def test_markup_dates_are_evidence_and_the_shown_ones_are_the_documents() -> None:
    head = (
        '<meta property="article:modified_time" content="2021-05-03T10:00:00Z">'
        '<script type="application/ld+json">{"@type": "BlogPosting", '
        '"datePublished": "2021-04-01", "dateModified": "2021-05-03"}</script>'
    )
    doc = extract(
        page(
            '<p class="byline">By Ana Ruiz · <time datetime="2021-04-01">April 1, 2021</time>'
            "</p>" + BODY,
            head,
        )
    )
    assert ("updated", "2021-05-03T10:00:00+00:00", "meta") in seen(doc)
    assert ("updated", "2021-05-03", "json_ld") in seen(doc)
    # the byline's date, read once (a <time> in a date line is that line's date)
    shown = [d for d in doc.dates if d.place in (DatePlace.LINE, DatePlace.TIME)]
    assert [(d.kind, d.value) for d in shown] == [(DateKind.PUBLISHED, "2021-04-01")]
    assert doc.published == "2021-04-01"
    assert doc.updated is None  # the update is only in the markup: a reader is not shown it


def test_update_note_in_the_body_is_the_latest_update() -> None:
    head = '<meta property="article:modified_time" content="2021-03-14T09:00:00Z">'
    note = (
        "<p>[Updated on 2022-08-27: added the results of the second trial and a note on side "
        "effects that readers asked about.]</p>"
    )
    doc = extract(page("<p>Posted March 14, 2021</p>" + note + BODY, head))
    notes = [d for d in doc.dates if d.place is DatePlace.NOTE]
    assert [(d.kind, d.value) for d in notes] == [(DateKind.UPDATED, "2022-08-27")]
    assert notes[0].text.startswith("Updated on 2022-08-27: added the results")
    assert doc.updated == "2022-08-27"
    assert doc.published == "2021-03-14"
    assert "[Updated on 2022-08-27: added the results" in doc.text  # the note stays article


def test_update_note_with_the_date_in_brackets() -> None:
    note = "<p>Update (May 2, 2024): the clinic no longer offers the injections it described.</p>"
    doc = extract(page(BODY + note))
    assert ("updated", "2024-05-02", "note") in seen(doc)
    assert doc.updated == "2024-05-02"


@pytest.mark.parametrize(
    ("line", "kind", "iso"),
    [
        ("Effective date: February 1, 2024", "effective", "2024-02-01"),
        ("Last modified: 2024-02-01", "updated", "2024-02-01"),
        ("Revised March 3, 2024", "updated", "2024-03-03"),
        ("Medically reviewed on March 5, 2024", "reviewed", "2024-03-05"),
        ("Published 5 March 2024", "published", "2024-03-05"),
        ("Publish date 15 November 2018", "published", "2018-11-15"),
        ("Date of publication: 15/11/2018", "published", "2018-11-15"),
        ("Reviewed by Ana Ruiz, MD on March 5, 2024", "reviewed", "2024-03-05"),
        ("Published Date: June 11, 2025", "published", "2025-06-11"),
        ("Last Updated Date: 06/11/2025", "updated", "2025-06-11"),
    ],
)
def test_visible_date_lines_and_their_kinds(line: str, kind: str, iso: str) -> None:
    doc = extract(page(f"<p>{line}</p>" + BODY))
    assert (kind, iso, "line") in seen(doc)
    assert line not in doc.text  # a date line is not article text


@pytest.mark.parametrize(
    ("line", "lang", "kind", "iso"),
    [
        ("Última actualización: 14 de enero de 2025", "es", "updated", "2025-01-14"),
        ("Fecha de entrada en vigor: 01/08/2025", "es", "effective", "2025-08-01"),
        ("Mis à jour le 1er août 2025 à 14h30", "fr", "updated", "2025-08-01T14:30"),
        ("Zuletzt aktualisiert am 14.01.2025", "de", "updated", "2025-01-14"),
        ("Gültig ab 1. Februar 2024", "de", "effective", "2024-02-01"),
        ("Atualizado em 01/08/2025", "pt-BR", "updated", "2025-08-01"),
        ("Ultimo aggiornamento: 1 agosto 2025", "it", "updated", "2025-08-01"),
        ("Pubblicato il 03/02/2025", "it", "published", "2025-02-03"),
    ],
)
def test_date_lines_in_six_languages_day_first(line: str, lang: str, kind: str, iso: str) -> None:
    doc = extract(page(f"<p>{line}</p>" + BODY, lang=lang))
    assert (kind, iso, "line") in seen(doc)
    assert line not in doc.text  # a date line is not article text


def test_french_policy_date_line_is_day_first() -> None:
    doc = extract(page("<p>Dernière mise à jour : le 14/01/2025</p>" + BODY, lang="fr"))
    assert ("updated", "2025-01-14", "line") in seen(doc)
    assert doc.updated == "2025-01-14"


def test_one_last_updated_line_per_section_all_kept_and_the_latest_wins() -> None:
    sections = "".join(
        f"<h2>Part {n}</h2><p>Last updated: {day}</p>" + BODY
        for n, day in enumerate(["March 1, 2024", "May 9, 2024", "April 2, 2024"], 1)
    )
    doc = extract(page(sections))
    lines = [(d.value, d.detail) for d in doc.dates if d.place is DatePlace.LINE]
    assert lines == [("2024-03-01", "Part 1"), ("2024-05-09", "Part 2"), ("2024-04-02", "Part 3")]
    assert doc.updated == "2024-05-09"


def test_change_log_entries_under_their_heading() -> None:
    log = (
        "<h2>Changes to this list</h2><ul>"
        "<li>January 8, 2026: Added Example Analytics to the list of sub-processors.</li>"
        "<li>March 2, 2025 – Removed a hosting provider.</li></ul>"
    )
    doc = extract(page(BODY + log))
    entries = [(d.kind, d.value, d.detail) for d in doc.dates if d.place is DatePlace.CHANGE_LOG]
    assert entries == [
        (DateKind.CHANGELOG, "2026-01-08", "Changes to this list"),
        (DateKind.CHANGELOG, "2025-03-02", "Changes to this list"),
    ]
    assert doc.updated == "2026-01-08"


@pytest.mark.parametrize(
    ("opening", "day"),
    [
        ("January 8, 2026: Added", "2026-01-08"),
        ("• 8 janvier 2026 – Ajout de", "2026-01-08"),
        ("v2.1.0 – 2026-01-08: Added", "2026-01-08"),
        ("(03/02/2025) Removed", "2025-03-02"),
        ("Removed on 03/02/2025", None),
    ],
)
def test_a_long_change_log_entry_is_read_where_its_date_opens_it(
    opening: str, day: str | None
) -> None:
    """A long entry (past a date line's length) opens with its date, after a bullet or a
    version at most; a date further in opens no entry."""
    entry = f"{opening} the clinic's list of sub-processors, {'with its notes, ' * 12}here."
    doc = extract(page(BODY + f"<h2>Changes to this list</h2><p>{entry}</p>"))
    entries = [d.value for d in doc.dates if d.place is DatePlace.CHANGE_LOG]
    assert entries == ([day] if day else [])


def test_a_dated_event_in_an_article_is_not_a_change_log() -> None:
    doc = extract(page(BODY + "<p>March 2, 2025: the regulator met the clinic owners.</p>"))
    assert not [d for d in doc.dates if d.place is DatePlace.CHANGE_LOG]


def test_version_list_entries() -> None:
    doc = extract(page(BODY + "<p>Versions: 04 Aug 2025, 01 Aug 2025, 26 Jun 2025</p>"))
    entries = [d.value for d in doc.dates if d.kind is DateKind.CHANGELOG]
    assert entries == ["2025-08-04", "2025-08-01", "2025-06-26"]


def test_relative_date_line_needs_the_capture_time() -> None:
    html = page("<p>Updated 3 days ago</p>" + BODY)
    assert extract(html).updated is None
    captured = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    assert extract(html, captured_at=captured).updated == "2025-03-07"


@pytest.mark.parametrize(
    ("line", "lang", "kind", "iso"),
    [
        ("Mis à jour il y a 2 jours", "fr", "updated", "2025-03-08"),
        ("Publié il y a 3 jours", "fr", "published", "2025-03-07"),
        ("Actualizado hace 2 días", "es", "updated", "2025-03-08"),
        ("Aktualisiert vor 2 Tagen", "de", "updated", "2025-03-08"),
        ("Veröffentlicht vor einem Tag", "de", "published", "2025-03-09"),
        ("Publicado 3 dias atrás", "pt-BR", "published", "2025-03-07"),
        ("Atualizado há 2 dias", "pt-BR", "updated", "2025-03-08"),
        ("Aggiornato 2 giorni fa", "it", "updated", "2025-03-08"),
        ("Posted 3 days ago", "en", "published", "2025-03-07"),
    ],
)
def test_a_relative_date_line_keeps_its_labels_kind(
    line: str, lang: str, kind: str, iso: str
) -> None:
    captured = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    doc = extract(page(f"<p>{line}</p>" + BODY, lang=lang), captured_at=captured)
    assert (kind, iso, "line") in seen(doc)


def test_a_page_without_a_date_gets_none() -> None:
    html = page(BODY).replace("<footer>© 2019", "<footer>Copyright 2019")
    doc = extract(html, url="https://clinic.example/2019/05/ozone")
    assert (doc.dates, doc.published, doc.updated) == ([], None, None)


def test_dates_in_related_posts_and_comments_are_not_the_pages() -> None:
    html = page(
        BODY + "<aside class='related-posts'><p>Updated March 9, 2025</p>"
        "<time datetime='2025-03-09'>March 9, 2025</time></aside>"
        "<section class='comments'><p>Posted on March 10, 2025</p></section>"
    )
    doc = extract(html)
    assert doc.dates == [] and doc.updated is None


def test_old_stored_documents_read_back_with_dates_unknown() -> None:
    data = extract(page(BODY)).to_json()
    del data["dates"]
    assert Document.from_json(data).dates is None
    again = extract(page("<p>Last updated: May 9, 2024</p>" + BODY))
    assert Document.from_json(again.to_json()).dates == again.dates


# --------------------------------------------------------------------------- the page's own date


def blog(inner: str, head: str = "") -> str:
    """A blog whose <h1> is the site's name and whose post title is an <h3>."""
    return (
        f'<html lang="en"><head><title>Ozone therapy - Harbor Notes</title>{head}</head><body>'
        "<header><h1>Harbor Notes</h1><p>A clinic's weblog</p></header>"
        f"<main>{inner}</main><footer>© 2025 Harbor Clinic</footer></body></html>"
    )


def test_the_post_title_not_the_site_name_anchors_a_date_heading() -> None:
    doc = extract(blog("<h2>Friday, March 1, 2024</h2><h3>Ozone therapy</h3>" + BODY))
    assert doc.published == "2024-03-01"


def test_a_date_just_under_a_byline_is_the_bylines_wherever_it_stands() -> None:
    tail = "<p>Written by Ana Ruiz and Sam Lee</p><p>April 8, 2024</p><p>Share this</p>"
    doc = extract(page(BODY + tail))
    assert doc.published == "2024-04-08"
    # a bare date far from any byline or title is an event, not the page's date
    far = BODY * 3 + "<p>Share this</p><p>April 8, 2024</p>" + BODY
    assert extract(page(far)).published is None


def test_posted_by_a_name_then_the_date() -> None:
    doc = extract(page(BODY + "<p>Posted by Ana at December 16, 2025 11:15 AM</p>"))
    assert doc.published == "2025-12-16T11:15"
    doc = extract(page(BODY + "<p>Posted on the 15/12/2025 at 19:00</p>", lang="fr"))
    assert doc.published == "2025-12-15T19:00"


def test_a_date_shown_without_its_year_takes_the_markups_year_only_when_they_agree() -> None:
    byline = '<p class="byline"><time datetime="May 28">May 28</time> Written By Ana Ruiz</p>'
    agrees = '<meta itemprop="datePublished" content="2019-05-28T17:12:55+02:00">'
    assert extract(page(byline + BODY, agrees)).published == "2019-05-28T17:12:55+02:00"
    other_day = agrees.replace("05-28", "06-02")
    assert extract(page(byline + BODY, other_day)).published is None
    assert extract(page(byline + BODY)).published is None  # "May 28" alone: no year, no date


def test_an_update_line_by_the_title_is_the_pages_date_when_it_shows_no_other() -> None:
    doc = extract(page("<p>Updated July 9, 2025</p>" + BODY))
    assert (doc.published, doc.updated) == ("2025-07-09", "2025-07-09")
    assert [d.kind for d in doc.dates] == [DateKind.UPDATED]  # the evidence keeps its kind
    # a documentation page's "last modified" at its foot dates an edit, not the page
    foot = "<h2>Help improve this page</h2><p>This page was last modified on Aug 20, 2025</p>"
    doc = extract(page(BODY + foot))
    assert (doc.published, doc.updated) == (None, "2025-08-20")


def test_a_forum_threads_date_is_its_first_posts() -> None:
    head = '<meta itemprop="datePublished" content="2024-01-03T11:23:42-05:00">'
    posts = "".join(
        f'<article class="message"><p class="message-date"><time datetime="{iso}">{shown}</time>'
        f"</p><p>{text}</p></article>"
        for iso, shown, text in [
            ("2024-09-26T01:50:27-04:00", "Sep 26, 2024", "Latest reply in this thread."),
            ("2024-01-03T11:23:42-05:00", "Jan 3, 2024", "Which projector should replace mine?"),
            ("2024-01-04T08:00:00-05:00", "Jan 4, 2024", "I replaced mine last year."),
        ]
    )
    doc = extract(page(posts, head))
    assert doc.published == "2024-01-03T11:23:42-05:00"


def test_a_list_of_posts_dated_on_many_days_gives_the_page_no_date() -> None:
    cards = "".join(
        f'<div class="post-card"><h2>Post {n}</h2><p class="post-date">'
        f'<time datetime="2025-11-{n:02d}">November {n}, 2025</time></p><p>{BODY}</p></div>'
        for n in (3, 9, 17, 25)
    )
    assert extract(page(cards)).published is None


def test_a_date_line_that_credits_its_author_after_the_date() -> None:
    credit = "<p>03/01/2017 by Agatha Caleo, Candidate Representative to the Liaison Committee</p>"
    assert extract(page(credit + BODY)).published == "2017-03-01"
    # a byline box may say more than a name: "on behalf of" a group
    byline = (
        '<div class="post-byline">Dec. 19, 2025 · Niko Matsakis on behalf of the docs team</div>'
    )
    assert extract(page(byline + BODY)).published == "2025-12-19"
    # the same words in a plain paragraph are a sentence, not a byline
    sentence = "<p>Dec. 19, 2025 was the day Niko Matsakis wrote on behalf of the docs team</p>"
    assert extract(page(sentence + BODY)).published is None


def test_a_date_in_the_bylines_own_aside_is_the_bylines() -> None:
    # a byline's date styled as "secondary" text (a sidebar's word) stays the byline's
    byline = (
        '<div class="post-header"><div class="byline-wrapper"><p>Ana Ruiz</p>'
        '<div class="meta color-secondary-text">Dec 04, 2025</div></div></div>'
    )
    assert extract(page(byline + BODY)).published == "2025-12-04"
    # an aside on its own, beside the article, speaks of other pages
    sidebar = "<aside><h3>Recent</h3><p>Dec 04, 2025</p></aside>"
    assert extract(page(BODY + sidebar)).published is None


def test_dates_of_other_posts_in_a_menu_by_the_title_are_not_the_pages() -> None:
    menu = (
        '<div class="header"><nav><div><a href="/a">Exam news</a></div>'
        '<div class="date">12/16/2025</div><div><a href="/b">Obituary</a></div>'
        '<div class="date">12/04/2025</div></nav></div>'
    )
    html = page(BODY, lang="en").replace("<h1>", menu + "<h1>", 1)
    html = html.replace("</h1>", '</h1><div class="node-meta">03/01/2017</div>', 1)
    assert extract(html).published == "2017-03-01"


def test_a_time_element_that_holds_its_own_label_takes_its_kind() -> None:
    shown = "Updated on June 18, 2025 at 12:35 PM"
    byline = f'<p class="byline"><time class="ArticleDate">{shown}</time></p>'
    doc = extract(page(byline + BODY))
    assert ("updated", "2025-06-18T12:35", "line") in seen(doc)
    assert all(d.kind is DateKind.UPDATED for d in doc.dates)
    banner = '<p class="hero__date-info"><time>Page updated: 12 November 2025</time></p>'
    doc = extract(page(banner + BODY))
    assert doc.dates and all(d.kind is DateKind.UPDATED for d in doc.dates)


def test_a_labelled_date_in_the_sidebar_is_the_pages_a_bare_one_is_not() -> None:
    sidebar = "<aside><h3>Published</h3><p>August 30, 2024</p></aside>"
    assert extract(page(BODY + sidebar)).published == "2024-08-30"
    inline = "<aside><p>Published on Oct 21, 2025 Updated on Mar 9, 2026</p></aside>"
    doc = extract(page(BODY + inline))
    assert (doc.published, doc.updated) == ("2025-10-21", "2026-03-09")
    bare = "<aside><h3>More posts</h3><p>August 30, 2024</p></aside>"
    assert extract(page(BODY + bare)).published is None


def test_a_forum_thread_started_by_someone_on_a_date() -> None:
    opening = "<p>Discussion in 'Hosting Advice' started by pelex, May 26, 2025.</p>"
    assert extract(page(opening + BODY)).published == "2025-05-26"
    # "started" alone, in a sentence, declares nothing about the page
    sentence = "<p>Construction started on May 26, 2025.</p>"
    assert extract(page(BODY * 4 + sentence)).published is None


def thread(stamps: list[str], template: str = '<p class="post-date">{}</p>') -> str:
    """A forum thread: each post's stamp printed by one template over its text."""
    return "".join(
        f'<div class="post">{template.format(stamp)}<p>Reply number {n} to the question about '
        f"which projector to buy for a small room, with a few words of advice.</p></div>"
        for n, stamp in enumerate(stamps)
    )


def test_a_threads_date_is_its_first_posts_stamp() -> None:
    stamps = ["11-29-2024, 09:03 AM", "11-29-2024, 01:50 PM", "12-01-2024, 04:23 AM"]
    assert extract(page(BODY * 3 + thread(stamps))).published == "2024-11-29T09:03"
    numbered = ["#1 2025-11-01 15:14:37", "#2 2025-11-02 06:23:21", "#3 2025-11-04 10:00:00"]
    html = page(BODY * 3 + thread(numbered, "<h2>{}</h2>"))
    assert extract(html).published == "2025-11-01T15:14:37"
    bylined = ["by Ana » Tue Aug 27, 2019 1:47 am", "by Sam » Tue Aug 27, 2019 4:08 am",
               "by Ana » Wed Aug 28, 2019 5:58 pm"]  # fmt: skip
    assert extract(page(BODY * 3 + thread(bylined))).published == "2019-08-27T01:47"


def test_stamps_newest_first_are_a_list_of_posts_not_a_thread() -> None:
    stamps = ["Mar 6, 2026 17:33", "Mar 5, 2026 19:13", "Mar 2, 2026 22:27"]
    assert extract(page(BODY * 3 + thread(stamps))).published is None
    # dates without a time are a list's entries, not post stamps
    days = ["Mar 2, 2026", "Mar 5, 2026", "Mar 6, 2026"]
    assert extract(page(BODY * 3 + thread(days))).published is None


def test_a_quote_or_a_box_of_other_threads_does_not_break_the_threads_order() -> None:
    stamps = ["2019-02-23, 09:14 PM", "2019-02-24, 02:31 AM", "2019-02-26, 01:13 AM"]
    quote = "<blockquote>(2019-02-23, 09:14 PM) Ana wrote: the first question again</blockquote>"
    others = "".join(
        f'<li class="similar">By {name} in forum Hosting Replies: 28 Last Post: {day}, 02:32 AM'
        "</li>"
        for name, day in (("pq", "2021-09-12"), ("darney", "2006-07-19"))
    )
    html = page(BODY * 3 + thread(stamps) + quote + f"<ul>{others}</ul>")
    assert extract(html).published == "2019-02-23T21:14"


def test_a_members_sign_up_date_is_not_the_pages() -> None:
    post = (
        '<div class="post"><h2>#1 2024-08-03 10:59:47</h2><dl><dt>ana</dt>'
        "<dd>Registered: 2024-01-27</dd><dd>Posts: 3</dd></dl></div>"
    )
    doc = extract(page(post + BODY))
    assert doc.published == "2024-08-03T10:59:47"
    assert "2024-01-27" not in {d.value[:10] for d in doc.dates}
    joined = "<p>Member since: March 3, 2019</p>"
    assert extract(page(joined + BODY)).published is None


def test_a_threads_time_elements_in_the_order_written_give_its_first_post() -> None:
    # the text shows no year: only the <time>s' machine-readable values say the order
    times = [("2024-09-11T16:36:25+00:00", "11 Sep, 18:36"),
             ("2024-09-12T06:42:29+00:00", "12 Sep, 08:42"),
             ("2024-09-13T14:19:48+00:00", "13 Sep, 16:19")]  # fmt: skip
    posts = "".join(
        f'<div class="post"><p class="author">Post by user{n} » <time datetime="{iso}">{shown}'
        f"</time></p><p>Reply number {n} about the release and its network problems.</p></div>"
        for n, (iso, shown) in enumerate(times)
    )
    assert extract(page(BODY * 3 + posts)).published == "2024-09-11T16:36:25+00:00"
    newest_first = posts.replace("2024-09-11", "2024-09-14")
    assert extract(page(BODY * 3 + newest_first)).published is None


def test_the_markup_says_which_way_round_a_numeric_date_goes() -> None:
    line = '<p class="post-date">03/10/2023</p>'
    # an English page reads it month first, unless its markup writes the other day only
    assert extract(page(line + BODY)).published == "2023-03-10"
    ld = '<script type="application/ld+json">{"@type": "WebPage", "datePublished": "%s"}</script>'
    assert extract(page(line + BODY, ld % "2023-10-03")).published == "2023-10-03"
    assert extract(page(line + BODY, ld % "2023-03-10")).published == "2023-03-10"
    dotted = '<p class="post-date">09.10.2024</p>'  # day first, unless the markup says not
    assert extract(page(dotted + BODY)).published == "2024-10-09"
    assert extract(page(dotted + BODY, ld % "2024-09-10")).published == "2024-09-10"
    # a date only one way round is never turned
    assert (
        extract(page('<p class="post-date">13/10/2023</p>' + BODY, ld % "2023-01-01")).published
        == "2023-10-13"
    )


@pytest.mark.parametrize(
    ("written", "lang", "published"),
    [
        ("16 February 2026", "en", "2023-10-03"),  # a writer who puts the day first
        ("February 16, 2026", "en", "2023-03-10"),
        ("", "en", "2023-03-10"),  # nothing else written: month first, as before
        ("16 February 2026", "en-GB", "2023-10-03"),  # the language already says day first
        ("February 16, 2026", "fr", "2023-10-03"),  # and the language wins over the writing
    ],
)
def test_the_pages_own_writing_says_which_way_round_a_numeric_date_goes(
    written: str, lang: str, published: str
) -> None:
    """A page in unmarked English that writes "16 February 2026" in words writes
    "03/10/2023" day first too."""
    related = (
        f"<aside class='related-posts'><p>Sea kayaking for clinics</p><p>{written}</p></aside>"
    )
    html = page('<p class="post-date">03/10/2023</p>' + BODY + related, lang=lang)
    assert extract(html).published == published


@pytest.mark.parametrize(
    "shown",
    [
        '<span class="updated">November 3, 2025</span>',
        '<p class="post-meta"><time class="entry-date updated">November 3, 2025</time></p>',
        '<div class="date-modified">2025-11-03</div>',
    ],
)
def test_a_date_by_the_title_its_theme_names_an_update(shown: str) -> None:
    """A theme that shows the day the post was last modified names it so: that date is the
    update, and the article's declared publish date stays its publish date."""
    head = '<meta property="article:published_time" content="2022-01-03T16:52:00+00:00">'
    doc = extract(page(shown + BODY, head))
    assert ("updated", "2025-11-03", "line") in seen(doc)
    assert doc.published == "2022-01-03T16:52:00+00:00"
    assert doc.updated == "2025-11-03"
    # with no declared publish date, the shown update stands in for it, as an update line does
    assert extract(page(shown + BODY)).published == "2025-11-03"


def test_a_date_by_the_title_on_the_day_the_markup_says_it_was_modified() -> None:
    """A theme that prints the day a post was last modified under its title: the markup
    says that day is the update, the publish date another day."""
    head = (
        '<meta property="article:published_time" content="2024-02-21T11:54:45+00:00">'
        '<meta property="article:modified_time" content="2025-10-26T18:41:45+00:00">'
    )
    doc = extract(page('<div class="post-date">October 26, 2025</div>' + BODY, head))
    assert ("updated", "2025-10-26", "line") in seen(doc)
    assert (doc.published, doc.updated) == (
        "2024-02-21T11:54:45+00:00",
        "2025-10-26T18:41:45+00:00",  # the shown day made precise by the markup's moment
    )
    # shown on the day it was published (and modified): the publish date, as before
    same_day = head.replace("2025-10-26T18:41:45", "2024-02-21T15:00:00")
    doc = extract(page('<div class="post-date">February 21, 2024</div>' + BODY, same_day))
    assert doc.published == "2024-02-21T11:54:45+00:00"
    assert ("published", "2024-02-21", "line") in seen(doc)
    # no declared publish date: nothing says the shown day is not the publish date
    modified_only = head.split("<meta", 2)[2]
    doc = extract(
        page('<div class="post-date">October 26, 2025</div>' + BODY, "<meta" + modified_only)
    )
    assert ("published", "2025-10-26", "line") in seen(doc)


def test_a_date_in_a_byline_box_away_from_the_title_is_not_the_pages() -> None:
    # a customer review's byline and date, far below a product's title
    review = '<div class="review-byline"><p>Sam Lee</p><p>Aug 31, 2023</p></div>'
    assert extract(page(BODY * 3 + review + BODY)).published is None


def test_a_title_that_names_a_date_is_not_a_date_line() -> None:
    html = page(
        '<div class="byline">Sep 21, 2025</div>' + BODY,
    ).replace(
        "<h1>Ozone therapy</h1>", '<h1 class="post-title published">Weekly news (2025-09-14)</h1>'
    )
    html = html.replace("<title>Ozone therapy</title>", "<title>Weekly news (2025-09-14)</title>")
    assert extract(html).published == "2025-09-21"


def test_separators_and_a_reading_time_between_a_byline_and_its_date() -> None:
    byline = "<div>By Ana Ruiz</div><div>|</div><div>6 min read</div><div>|</div>"
    html = page(BODY * 3 + byline + "<div>February 28, 2026</div>" + BODY)
    assert extract(html).published == "2026-02-28"


def test_labelled_post_lines_newest_first_are_a_list_not_the_pages_date() -> None:
    def posts(days: list[str]) -> str:
        return "".join(
            f"<h2>Story {n}</h2><p>Posted {day} by the editors</p><p>{BODY}</p>"
            for n, day in enumerate(days)
        )

    days = ["Mar 6, 2026", "Mar 5, 2026", "Mar 2, 2026", "Feb 27, 2026"]
    assert extract(page(posts(days))).published is None
    # a page's own "Posted" line, and a thread's in the order written, stay the page's
    assert extract(page("<p>Posted Mar 2, 2026</p>" + BODY)).published == "2026-03-02"
    assert extract(page(posts(days[::-1]))).published == "2026-02-27"


def test_a_date_before_an_update_label_on_one_line_is_the_publish_date() -> None:
    doc = extract(page("<p>Sweat August 16, 2019 - Updated July 9, 2025</p>" + BODY))
    assert (doc.published, doc.updated) == ("2019-08-16", "2025-07-09")
    doc = extract(page("<p>March 3, 2024 · Last updated March 5, 2024</p>" + BODY))
    assert (doc.published, doc.updated) == ("2024-03-03", "2024-03-05")
    # a date after the label's date is not a publish date
    doc = extract(page("<p>Updated July 9, 2025 (first draft May 1, 2025)</p>" + BODY))
    assert ("published", "2025-05-01", "line") not in seen(doc)


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("opening", "published"),
    [
        ("TARVILLE, Mar 4, 2025 (Coast News Agency) - Clinics in the port town", "2025-03-04"),
        ("NEW HARBOR, Ohio, March 4, 2025 /Wirewise/ -- Clinics in the port town", "2025-03-04"),
        ("Tarville, 4 March 2025 (CNA) — Clinics in the port town", "2025-03-04"),
        # a place in plain case with no agency, or a range of days, is no dateline
        ("Tarville Clinic, Main Street, March 4, 2025 - Clinics in the port town", None),
        ("HARBOR CLINIC, March 4, 2025 – April 9, 2025: clinics in the port town", None),
    ],
)
def test_a_news_dateline_opening_the_story_is_its_publish_date(opening, published):
    story = (
        f"<p>{opening} began offering ozone injections for back pain this winter, and "
        "doctors say the evidence behind them is thin.</p>"
    )
    doc = extract(page(story + BODY))
    assert doc.published == published


def test_a_dateline_further_down_the_story_is_not_the_pages():
    later = (
        "<p>TARVILLE, Mar 4, 2025 (Coast News Agency) - An earlier report on ozone clinics "
        "in the port town said the same, quoting the same two doctors at length.</p>"
    )
    doc = extract(page(BODY + later))
    assert doc.published is None


@pytest.mark.parametrize(
    ("page_type", "published"),
    [
        ("BlogPosting", "2021-04-01"),
        ("WebPage", "2021-04-01"),
        # a shop's product or category page, or a docs page, and no article: bookkeeping
        ("ItemPage", None),
        ("CollectionPage", None),
        ("TechArticle", None),
        (["TechArticle", "BlogPosting"], "2021-04-01"),
    ],
)
def test_a_hidden_article_date_counts_only_on_a_page_that_calls_itself_an_article(
    page_type, published
):
    head = (
        '<meta property="article:published_time" content="2021-04-01T10:00:00Z">'
        '<script type="application/ld+json">'
        + json.dumps({"@graph": [{"@type": page_type, "name": "Ozone therapy"}]})
        + "</script>"
    )
    doc = extract(page(BODY, head))
    assert (doc.published or "")[:10] == (published or "")


@pytest.mark.parametrize(
    ("open_graph_type", "published"),
    [
        ("article", "2021-04-01"),
        (None, "2021-04-01"),
        # a theme's article object on a page that tells Open Graph it is a website
        ("website", None),
    ],
)
def test_a_hidden_json_ld_article_date_on_a_page_open_graph_calls_a_website(
    open_graph_type, published
):
    head = (
        '<script type="application/ld+json">'
        + json.dumps({"@type": "BlogPosting", "datePublished": "2021-04-01T10:00:00Z"})
        + "</script>"
    )
    if open_graph_type:
        head += f'<meta property="og:type" content="{open_graph_type}">'
    doc = extract(page(BODY, head))
    assert (doc.published or "")[:10] == (published or "")
    assert ("published", "2021-04-01T10:00:00+00:00", "json_ld") in seen(doc)  # still evidence


def test_a_website_that_shows_its_json_ld_day_by_the_title_keeps_it() -> None:
    head = (
        '<meta property="og:type" content="website"><script type="application/ld+json">'
        '{"@type": "BlogPosting", "datePublished": "2021-04-01T10:00:00Z"}</script>'
    )
    assert (
        extract(page("<p>April 1, 2021</p>" + BODY, head)).published == "2021-04-01T10:00:00+00:00"
    )


OG_PUBLISHED = '<meta property="article:published_time" content="2023-07-22T03:47:21Z">'


@pytest.mark.parametrize(
    ("open_graph", "published"),
    [
        # JSON-LD alone: the page's readers see "Updated", and take it as its date
        ("", "2025-09-04"),
        # the Open Graph publish time is the one it gives every site that shows it
        (OG_PUBLISHED, "2023-07-22"),
    ],
)
def test_an_update_line_by_the_title_over_a_hidden_publish_date(open_graph, published):
    json_ld = '{"@type": "Article", "datePublished": "2023-07-22T03:47:21Z"}'
    head = f'<script type="application/ld+json">{json_ld}</script>{open_graph}'
    doc = extract(page("<p>Last updated: Sep 4, 2025</p>" + BODY, head))
    assert ((doc.published or "")[:10], doc.updated) == (published, "2025-09-04")


def test_a_date_box_under_an_author_card_with_its_own_heading_is_the_pages() -> None:
    # the author card (name heading, photo, bio, links) pushes the date box well past
    # the title's lines; its heading opens no section of the article
    card = (
        '<div class="author-card"><button>×</button><p>Photo of Ana Ruiz</p><h4>Ana Ruiz</h4>'
        "<p>Ana tests cars and writes about clinics.</p><p>View full profile</p>"
        "<p>Follow Ana</p></div>"
    )
    date_box = '<div class="post-date">2/24/2026</div>'
    assert extract(page(card + date_box + BODY)).published == "2026-02-24"
    # the same box below the article's first paragraph dates something else
    assert extract(page(card + BODY + date_box + BODY)).published is None


def test_a_day_shown_in_utc_takes_the_markups_moment() -> None:
    # the first post shown "Jan 15, 2024": the markup's 21:50 on the 14th, five hours west
    head = '<meta property="article:published_time" content="2024-01-14T21:50:50-05:00">'
    doc = extract(page('<p class="post-date">Jan 15, 2024</p>' + BODY, head))
    assert doc.published == "2024-01-14T21:50:50-05:00"


@pytest.mark.parametrize(
    ("second", "published"),
    [
        # the header's date shown again in a date line further down: the page's date
        ('<p class="post-date">Feb 6, 2026</p>', "2026-02-06"),
        # printed alike, the same day again (the header's copy for small screens)
        ('<span class="date">February 6, 2026</span>', "2026-02-06"),
        # printed alike on another day: a list's entries, no page date
        ('<span class="date">February 9, 2026</span>', None),
    ],
)
def test_one_day_shown_twice_by_the_title(second: str, published: str | None) -> None:
    first = '<span class="date">February 6, 2026</span>'
    html = page(BODY).replace("<h1>", first + "<h1>", 1)
    html = html.replace("</h1>", "</h1>" + second, 1)
    assert extract(html).published == published


def test_a_date_line_whose_rest_is_a_row_of_tags() -> None:
    line = "<p>Essay - Published: 2025.12.17 | artificial-intelligence | create | programming |</p>"
    assert extract(page(line + BODY)).published == "2025-12-17"
    # a sentence after the date is no row of tags: the line is not the page's date
    sentence = "<p>Published: 2025.12.17 | the study was stopped early for lack of funds</p>"
    assert extract(page(BODY + sentence)).published is None


def test_a_bylines_date_beside_its_comment_count() -> None:
    line = '<p class="meta">Mar 5, 2025 | 6 comments</p>'
    assert extract(page(line + BODY)).published == "2025-03-05"


def test_a_name_and_a_date_in_spans_joined_without_a_space() -> None:
    # <span>By</span><span>Ana Ruiz</span><span>Mar 5, 2025</span>: their text runs together
    assert [d.iso for d in find_dates("ByAna RuizMar 5, 2025 | 6 comments")] == ["2025-03-05"]
    assert find_dates("firstmay 5, 2024") == []  # no capital: the month is inside a word
    byline = "<p><span>By</span><span>Ana Ruiz</span><span>Mar 5, 2025</span></p>"
    assert extract(page(byline + BODY)).published == "2025-03-05"


def test_a_date_alone_in_an_aside_by_the_title_is_the_pages() -> None:
    aside = '<aside><time datetime="2021-06-06">June 6, 2021</time></aside>'
    html = page(BODY).replace("<h1>", aside + "<h1>", 1)
    assert extract(html).published == "2021-06-06"
    # a sidebar's list of other posts, with their bylines, far from the title: none is
    cards = "".join(
        f'<aside><h3>Other post {n}</h3><div class="byline"><p>By Sam Lee</p><p>{day}</p>'
        "</div></aside>"
        for n, day in enumerate(("Jan 2, 2025", "Oct 1, 2021"))
    )
    byline = "<p><span>By</span><span>Ana Ruiz</span><span>Mar 5, 2025</span></p>"
    assert extract(page(byline + BODY * 3 + cards)).published == "2025-03-05"


def test_a_thread_of_two_posts_and_a_log_in_a_code_sample() -> None:
    numbered = ["#1 2025-11-01 15:14:37", "#2 2025-11-02 06:23:21"]
    html = page(BODY * 3 + thread(numbered, "<h2>{}</h2>"))
    assert extract(html).published == "2025-11-01T15:14:37"
    # a program's output in a documentation page's code samples is no post
    logs = "".join(
        f"<pre>{stamp},612 is when this event was logged.</pre>"
        for stamp in ("2010-12-12 11:41:42", "2010-12-12 11:46:12")
    )
    assert extract(page(BODY * 3 + logs)).published is None


def test_a_documentation_articles_own_date_in_its_markup() -> None:
    head = '<meta name="ms.date" content="2025-03-06T00:00:00Z">'
    foot = "<h2>Additional resources</h2><p>Last updated on 2025-03-25</p>"
    doc = extract(page(BODY + foot, head))
    assert doc.published == "2025-03-06T00:00:00+00:00"
    assert ("updated", "2025-03-06T00:00:00+00:00", "meta") in seen(doc)  # its kind kept
    assert doc.updated == "2025-03-25"
    # an update line by the title is still the date the page shows first
    doc = extract(page("<p>Updated July 9, 2025</p>" + BODY, head))
    assert doc.published == "2025-07-09"


def test_a_forum_threads_opening_post_dates_it_in_its_microdata() -> None:
    def post(itemtype: str, iso: str) -> str:
        return (
            f'<div itemscope itemtype="https://schema.org/{itemtype}">'
            f'<meta itemprop="datePublished" content="{iso}"><p>{BODY}</p></div>'
        )

    thread = post("DiscussionForumPosting", "2023-03-09T14:21:23Z")
    doc = extract(page(thread + post("Comment", "2023-12-09T20:43:15Z")))
    assert doc.published == "2023-03-09T14:21:23+00:00"
    # a review's or a service page's microdata date is no thread's
    assert extract(page(post("Review", "2016-11-04"))).published is None


def test_a_section_heading_the_title_tag_names_is_not_the_title() -> None:
    """The <title> names a section further down; the date stands under the <h1>."""
    html = (
        "<html><head><title>How mapping works - Vacuums</title></head><body><article>"
        "<h1>How do robot vacuums find their way?</h1><h5>2024-11-06</h5>"
        f"{BODY * 2}<h2>How mapping works</h2>{BODY}</article></body></html>"
    )
    assert extract(html).published == "2024-11-06"


def test_a_heading_that_holds_every_word_of_the_title_is_the_title() -> None:
    """No <h1>, and the heading words the title longer: its date line is the page's."""
    html = (
        "<html><head><title>Introducing the Cayenne data engine | Spice</title></head><body>"
        "<article><h2>Introducing Cayenne: the next data engine</h2><p>Luke Kim</p>"
        f"<p>December 17, 2025</p>{BODY * 2}</article></body></html>"
    )
    assert extract(html).published == "2025-12-17"
    # a heading that holds only some of its words is a section's
    section = html.replace("Introducing Cayenne: the next data engine", "Why Cayenne")
    assert extract(section).published is None


def _front_page(entries: list[str]) -> str:
    return (
        "<html><head><title>Linux news</title></head><body><h1>Linux news</h1>"
        + "".join(entries)
        + "</body></html>"
    )


def test_times_of_many_moments_newest_first_are_a_list_of_posts() -> None:
    """A front page of two days' stories: each <time> is a story's, none the page's."""
    stamps = ["2026-03-08T03:34", "2026-03-07T23:44", "2026-03-07T21:34", "2026-03-07T19:16"]
    entries = [
        f"<h2>Story {n}</h2><div class='byline'><time datetime='{iso}'>on {iso}</time></div>{BODY}"
        for n, iso in enumerate(stamps)
    ]
    assert extract(_front_page([BODY * 3, *entries])).published is None
    # a thread's posts of one day in the order written still date the thread
    assert extract(_front_page([BODY * 3, *entries[::-1]])).published == "2026-03-07T19:16"


def test_publish_lines_each_under_a_posts_heading_are_a_list() -> None:
    """Two lists of posts side by side (each newest first, not the two together)."""
    days = ["Mar 6, 2026 17:33", "Mar 5, 2026 19:13", "Mar 7, 2026 20:52", "Mar 6, 2026 14:39"]
    entries = [f"<h3>Story {n}</h3><p>Posted {day} UTC</p>" for n, day in enumerate(days)]
    assert extract(_front_page(entries)).published is None


def test_the_pages_own_line_over_related_posts_lines() -> None:
    """The article's line, in a side column under its title, then related posts' lines."""
    related = "".join(
        f"<h3>Related {n}</h3><p>Published on {day}</p>"
        for n, day in enumerate(["Mar 11, 2026", "Mar 1, 2026", "Feb 26, 2026"])
    )
    html = (
        "<html><head><title>Private clouds compared | Cherry</title></head><body>"
        "<aside><h1>Private clouds compared</h1><p>Published on Oct 21, 2025</p></aside>"
        f"<article>{BODY * 2}</article><section><h2>Related articles</h2>{related}</section>"
        "</body></html>"
    )
    assert extract(html).published == "2025-10-21"


@pytest.mark.parametrize(
    "line",
    [
        "<p>Last active <relative-time datetime='2025-12-20T13:58Z'>Dec 20</relative-time></p>",
        "<p>Last active December 20, 2025 13:58</p>",
        "<div>Registration deadline</div><time datetime='2026-05-31'>Register by May 31</time>",
        "<p>Application deadline: <time datetime='2026-05-31'>May 31, 2026</time></p>",
    ],
)
def test_an_activity_stamp_or_a_deadline_by_the_title_is_not_the_pages_date(line: str) -> None:
    """The day someone was last active, or the day to register by, is no publish date."""
    doc = extract(page(line + BODY))
    assert (doc.published, doc.updated) == (None, None)


def test_a_date_label_after_a_deadline_still_labels_its_time() -> None:
    labelled = "<p>Registration deadline passed. Published <time>May 31, 2026</time></p>"
    assert extract(page(labelled + BODY)).published == "2026-05-31"


def test_json_ld_with_a_raw_line_break_in_a_string_still_dates_the_thread() -> None:
    """Forum software pastes the opening post's text into its JSON-LD as it is."""
    ld = (
        '<script type="application/ld+json">{"@type": "DiscussionForumPosting",'
        ' "text": "The stream starts\n\tin an hour.", "datePublished": "2024-02-21 13:00:00"}'
        "</script>"
    )
    assert extract(page(BODY, ld)).published == "2024-02-21T13:00:00"


def _news_entries(days: list[str]) -> str:
    return "".join(
        f"<h1>Harbor Clinic news item {n}</h1><div class='post-date'>{day}</div>"
        f"<p>{BODY[3:160]}</p><p>Comments</p><p>Share</p><p>Read more</p>"
        for n, day in enumerate(days)
    )


def test_a_news_pages_entries_printed_in_one_shape_give_it_no_date() -> None:
    """A news page opens with its first entry's title and date: the dates that follow
    closely in the same shape, on other days, make it a list, not that entry's article."""
    days = ["November 28, 2025", "November 27, 2025", "November 26, 2025"]
    html = (
        "<html><head><title>Clinic news</title></head><body>"
        f"<main>{_news_entries(days)}</main></body></html>"
    )
    assert extract(html).published is None


def test_an_articles_date_in_the_shape_its_related_posts_use_further_down() -> None:
    """Related posts after the article's text print their dates as the article does."""
    days = ["November 20, 2025", "November 12, 2025", "October 30, 2025"]
    html = (
        "<html><head><title>Ozone therapy</title></head><body><main>"
        "<h1>Ozone therapy</h1><div class='post-date'>December 1, 2025</div>"
        f"{BODY * 8}{_news_entries(days)}</main></body></html>"
    )
    assert extract(html).published == "2025-12-01"


@pytest.mark.parametrize("between", ["", "<h3 class='sr-only'>Publish date</h3>"])
def test_a_label_over_its_date_with_a_screen_readers_label_between(between: str) -> None:
    """'Published' over the date in a side column, a label for screen readers between."""
    html = page(
        BODY,
        lang="en-GB",
    ).replace(
        "<footer>",
        f"<aside><h4>Published</h4>{between}<div>15 November 2018</div>"
        "<h4>Reviewed</h4><div>8 October 2020</div></aside><footer>",
    )
    doc = extract(html)
    assert doc.published == "2018-11-15"
    assert ("reviewed", "2020-10-08", "line") in seen(doc)


@pytest.mark.parametrize(
    "name",
    ["parsely-pub-date", "published-date", "published", "cxenseparse:publishtime"],
)
def test_an_articles_publish_date_under_another_meta_name(name: str) -> None:
    """Analytics tags and CMSs name the article's publish date their own way: a
    declaration like Open Graph's, though the page shows no date."""
    html = page(BODY, head=f'<meta name="{name}" content="2020-02-10T16:48:12Z">')
    doc = extract(html)
    assert doc.published == "2020-02-10T16:48:12+00:00"
    assert ("published", "2020-02-10T16:48:12+00:00", "meta") in seen(doc)


@pytest.mark.parametrize("name", ["citation_publication_date", "citation_date"])
def test_a_scholarly_articles_publish_date_in_its_citation_tags(name: str) -> None:
    """The tags Google Scholar reads ("2019/1/22") declare the article's own date."""
    html = page(BODY, head=f'<meta name="{name}" content="2019/1/22">')
    assert extract(html).published == "2019-01-22"


def test_last_published_is_an_update_not_the_publish_date() -> None:
    """ "Last published" at a post's foot is when it was last put out again; the date
    under the title is when it first appeared."""
    doc = extract(
        page(
            "<p>Dec 30, 2013</p>" + BODY + "<h2>More from Ana</h2><p>Last published Apr 8, 2024</p>"
        )
    )
    assert (doc.published, doc.updated) == ("2013-12-30", "2024-04-08")


@pytest.mark.parametrize(
    "name", ["cdc:last_published", "published_at", "article:publisher", "auto-publish"]
)
def test_meta_names_that_are_no_publish_date_give_none(name: str) -> None:
    """A last publication, a CMS record's column, the publisher: not the article's date."""
    html = page(BODY, head=f'<meta name="{name}" content="2020-02-10T16:48:12Z">')
    assert extract(html).published is None


@pytest.mark.parametrize(
    "stamp",
    [
        '<faceplate-timeago ts="2026-03-03T09:47:05.754000+0000" format="narrow">'
        "</faceplate-timeago>",
        '<relative-time datetime="2026-03-03T09:47:05Z">3 days ago</relative-time>',
    ],
)
def test_a_custom_element_that_stands_for_a_time_dates_the_post(stamp: str) -> None:
    """A forum app prints a post's age by script from its own element's attribute."""
    html = page(f"<div class='post-meta'><span>r/clinics</span> • {stamp}</div>{BODY}")
    doc = extract(html)
    assert doc.published == "2026-03-03T09:47:05+00:00"
    assert ("published", "2026-03-03T09:47:05+00:00", "time") in seen(doc)


@pytest.mark.parametrize(
    "holder",
    [
        '<meta name="script:ld+json" content="{json}">',
        '<script type="application/ld+json" children="{json}"></script>',
    ],
)
def test_json_ld_written_escaped_in_an_attribute_is_read(holder: str) -> None:
    """A page rendered on its server writes its JSON-LD escaped in an attribute."""
    data = {"@type": "Article", "headline": "Ozone therapy", "datePublished": "2025-11-17"}
    escaped = json.dumps(data).replace('"', "&quot;")
    doc = extract(page(BODY, head=holder.format(json=escaped)))
    assert doc.published == "2025-11-17"
    assert ("published", "2025-11-17", "json_ld") in seen(doc)


def test_a_byline_printed_one_item_per_element_dates_the_page() -> None:
    """'By', the author, '|', '6', 'mins', '|', the date: each in its own element of one
    box under a long standfirst, the date further from the title than a byline's own."""
    items = ["By", "The Harbor Team", "|", "6", "mins", "|", "February 28, 2026"]
    byline = "".join(f"<div>{item}</div>" for item in items)
    standfirst = "<p class='excerpt'>Ozone injections compared: what the trials say. </p>" * 2
    html = page(f"{standfirst}<div class='post-card__meta'>{byline}</div>{BODY}")
    assert extract(html).published == "2026-02-28"


def test_a_threads_start_day_takes_its_own_moment_not_a_late_replys() -> None:
    """'Start date Oct 21, 2022' over a thread whose opening post was written at 23:17
    (UTC+1) and whose first reply came at 00:59 the next day: that reply's moment falls
    on Oct 21 in UTC, but the thread started at the opening post's."""
    posts = "".join(
        f"<article class='message'><ul class='message-attribution'><li class='u-concealed'>"
        f"<a href='#post-{number}'><time datetime='{moment}'>{shown}</time></a></li>"
        f"<li>#{number}</li></ul><div class='body'>{BODY}</div></article>"
        for number, (moment, shown) in enumerate(
            (
                ("2022-10-21T23:17:25+0100", "Oct 21, 2022"),
                ("2022-10-22T00:59:50+0100", "Oct 22, 2022"),
                ("2022-10-22T01:10:38+0100", "Oct 22, 2022"),
            ),
            1,
        )
    )
    html = (
        "<html><head><title>Best tracker under $200?</title></head><body>"
        "<h1>Best tracker under $200?</h1><ul><li>Thread starter Ana</li>"
        f"<li>Start date Oct 21, 2022</li></ul>{posts}</body></html>"
    )
    assert extract(html).published == "2022-10-21T23:17:25+01:00"


def test_a_date_alone_under_the_title_in_a_box_named_for_a_newsletter() -> None:
    """The theme names the article's header box after its sponsor line: the date alone in
    it, under the title, is still the page's."""
    box = (
        "<div class='newsletter-details-wrapper'><p>November 2, 2022</p><p>|</p>"
        "<p>This newsletter is sponsored by Harbor</p></div>"
    )
    assert extract(page(box + BODY)).published == "2022-11-02"


def test_a_microdata_publish_time_in_a_call_to_action_box() -> None:
    """'Published <time itemprop=datePublished>a day ago</time>' beside a 'Fund this
    blog' button, in a box its class calls a call to action."""
    box = (
        "<div class='article__cta'><span class='article__meta'>Published "
        "<time datetime='2025-12-19 12:00:00Z' itemprop='datePublished'>a day ago</time>"
        "</span><a class='fund-btn' href='/fund'>Fund this blog</a></div>"
    )
    assert extract(page(box + BODY)).published == "2025-12-19T12:00:00+00:00"


def test_a_time_in_a_call_to_action_box_without_microdata_is_not_the_pages() -> None:
    box = (
        "<div class='article__cta'><span>Webinar <time datetime='2025-12-19'>Dec 19</time>"
        "</span><a class='fund-btn' href='/join'>Join us</a></div>"
    )
    assert extract(page(BODY + box)).published is None


def test_page_updated_over_its_date_is_an_update_line() -> None:
    """'Page updated:' in one element over '12 November 2025' in the next."""
    html = page(
        "<div class='date-info'><div class='date-type'>Page updated:</div>"
        f"<div class='date'>12 November 2025</div></div>{BODY}",
        lang="en-GB",
    )
    doc = extract(html)
    assert doc.updated == "2025-11-12"
    assert ("updated", "2025-11-12", "line") in seen(doc)


# --------------------------------------------------------------------------- whose date a line is


def test_a_date_line_in_the_byline_box_over_a_date_in_an_update_note() -> None:
    """'This post was originally published on ... and updated on ...' in the text, and the
    post's own 'Posted on ...' in its byline box: the box's line is the page's date."""
    note = (
        "<p>Update note: this post was originally published on the 21st of June 2017 and "
        "updated on the 18th of July 2025.</p>"
    )
    html = page(BODY * 3 + note + "<div class='post-meta'>Posted on April 13, 2023</div>")
    doc = extract(html)
    assert doc.published == "2023-04-13"
    assert ("published", "2017-06-21", "line") in seen(doc)  # still evidence


def test_an_update_line_below_a_byline_printed_one_name_per_element() -> None:
    """'By', each author's name in a button that opens their card, the commas between,
    then the date: the date stands by the title however many items come between."""
    names = "".join(
        f"<div><div class='tooltip'><button>{name}</button></div><span>{comma}</span></div>"
        for name, comma in (("Ana Ruiz", ","), ("Sam Lee", ","), ("Li Wei", ", and"))
    )
    byline = f"<div><span>By</span>{names}<button>The Team</button></div>"
    html = page(byline + "<div>Updated on December 11, 2025</div>" + BODY)
    doc = extract(html)
    assert doc.published == "2025-12-11"  # the only date by the title stands for it
    assert doc.updated == "2025-12-11"


def _comments(heading: str, date: str) -> str:
    """Readers' comments under their heading, in a theme that names them nothing (each
    commenter's name a heading of its own under it)."""
    return (
        f"<h3>{heading}</h3><div><h4>Ana Ruiz</h4><p>by Ana Ruiz</p><p>{date}</p>"
        "<p>Thanks, this matches what my physiotherapist told me last spring.</p></div>"
    )


@pytest.mark.parametrize(
    ("heading", "lang"),
    [
        ("2 Responses to “Ozone therapy”", "en"),
        ("One thought on “Ozone therapy”", "en"),
        ("Leave a Reply", "en"),
        ("3 commentaires", "fr"),
        ("Comentarios (2)", "es"),
        ("Kommentare", "de"),
        ("Deixe um comentário", "pt"),
        ("Commenti", "it"),
    ],
)
def test_a_comments_date_under_the_comments_heading_is_not_the_pages(
    heading: str, lang: str
) -> None:
    """'by Ana Ruiz' over 'March 5, 2025' under '2 Responses': a reader's comment, whose
    date neither dates the page nor, beside the post's own date, hides it."""
    alone = page(BODY * 3 + _comments(heading, "March 5, 2025"), lang=lang)
    assert extract(alone).published is None
    dated = page("<p>January 2, 2025</p>" + BODY * 3 + _comments(heading, "March 5, 2025"))
    assert extract(dated).published == "2025-01-02"
    timed = _comments(heading, "<time datetime='2025-03-05T15:05'>March 5, 2025</time>")
    assert extract(page(BODY * 3 + timed, lang=lang)).published is None
    # two comments stamped in the order written are no thread: the post opens none
    stamped = (
        _comments(heading, "March 5, 2025 at 3:05 pm")
        + _comments(heading, "March 6, 2025 at 9:12 am").split("</h3>", 1)[1]
    )
    assert extract(page(BODY * 3 + stamped, lang=lang)).published is None


def test_a_threads_replies_under_their_heading_still_date_it_by_its_first_post() -> None:
    stamps = ["#1 2025-11-01 15:14:37", "#2 2025-11-02 06:23:21", "#3 2025-11-04 10:00:00"]
    first, *replies = thread(stamps, "<h2>{}</h2>").split('<div class="post">')[1:]
    html = page(BODY * 3 + '<div class="post">' + first + "<h2>2 Replies</h2>"
                + "".join('<div class="post">' + reply for reply in replies))  # fmt: skip
    assert extract(html).published == "2025-11-01T15:14:37"


def test_update_lines_of_cards_each_under_its_authors_byline_are_a_lists() -> None:
    """Related posts' cards after the article, each 'by NAME' over 'Updated DATE': on more
    days than a page has they are a list's, and the page's update is its own line's."""
    cards = "".join(
        f"<div class='card'><h3>Another guide {n}</h3><p>A short teaser of the guide.</p>"
        f"<p class='card-author'>by Sam Lee</p><p class='card-date'>Updated {day}</p></div>"
        for n, day in enumerate(["October 17, 2025", "August 29, 2025", "December 18, 2025"])
    )
    html = page("<p>Updated on December 11, 2025</p>" + BODY * 3 + cards)
    doc = extract(html)
    assert doc.updated == "2025-12-11"
    assert doc.published == "2025-12-11"
    # one card under its byline is the article's own closing byline ("Written by ...")
    closing = page(BODY * 3 + "<p>by Sam Lee</p><p>Updated December 18, 2025</p>")
    assert extract(closing).updated == "2025-12-18"


@pytest.mark.parametrize(
    ("line", "lang", "iso"),
    [
        ("Par Jean Dupont | le 01/08/2025", "fr", "2025-08-01"),
        ("Publié le mercredi 6 août 2025", "fr", "2025-08-06"),
        ("Por Ana Ruiz - 3 de marzo de 2024", "es", "2024-03-03"),
        ("lunes, 3 de marzo de 2025", "es", "2025-03-03"),
        ("Von Max Muster | 3. März 2025, 14:30 Uhr", "de", "2025-03-03T14:30"),
        ("Montag, 3. März 2025", "de", "2025-03-03"),
        ("Por Ana Souza — 3 de março de 2025, 14h30", "pt-BR", "2025-03-03T14:30"),
        ("Publicado a 1 de março de 2024", "pt-PT", "2024-03-01"),
        ("Di Mario Rossi - 3 marzo 2025 ore 14:30", "it", "2025-03-03T14:30"),
        ("lunedì 3 marzo 2025", "it", "2025-03-03"),
    ],
)
def test_a_byline_or_weekday_date_under_the_title_in_six_languages(
    line: str, lang: str, iso: str
) -> None:
    assert extract(page(f"<p>{line}</p>" + BODY, lang=lang)).published == iso


def test_a_sticky_headers_title_over_its_menu_and_todays_date() -> None:
    """A site header that repeats the article's title over its menu and today's date: the
    menu's items are no byline, and the day the page was served is not its date."""
    items = ("Donate", "The Corner", "Magazine", "Podcasts", "Events", "Subscribe", "Search")
    menu = "".join(f"<li>{item}</li>" for item in items)
    header = f"<header><h1>Ozone therapy</h1><ul>{menu}</ul><div>Nov. 20, 2019</div></header>"
    html = (
        "<html lang='en'><head><title>Ozone therapy</title></head><body>"
        f"{header}<main><article>{BODY}<div class='share'>Share</div>"
        "<time datetime='2019-11-19T06:30:42-05:00'>November 19, 2019 6:30 AM</time>"
        f"{BODY}</article></main></body></html>"
    )
    assert extract(html).published == "2019-11-19T06:30:42-05:00"


def test_date_boxes_of_many_days_are_a_lists_and_corroborate_no_markup_date() -> None:
    """A news index prints each card's day in its own date box: the newest card's day,
    which its WebPage markup also states, is not the page's publish date."""
    days = ["September 12, 2024", "August 29, 2024", "August 20, 2024", "July 25, 2024"]
    cards = "".join(
        f'<div class="post-card"><div class="post-date">{day}</div>'
        f'<h2><a href="/notes/{i}">Field note {i}</a></h2>'
        "<p>A short excerpt of the note about clinic visits and what patients said.</p></div>"
        for i, day in enumerate(days)
    )
    head = (
        '<script type="application/ld+json">'
        '{"@type": "WebPage", "datePublished": "2024-09-12T10:00:00Z"}</script>'
    )
    doc = extract(page(cards, head))
    assert doc.published is None
    assert ("published", "2024-09-12T10:00:00+00:00", "json_ld") in seen(doc)  # evidence


def test_dates_under_a_related_posts_heading_are_the_other_posts() -> None:
    """Each related post's "Updated on" line is that post's: the page's update is its own."""
    related = (
        "<h2>Related Articles</h2>"
        '<h3><a href="/costs">Clinic costs</a></h3>'
        "<p>Published on Mar 11, 2026</p><p>Updated on Mar 12, 2026</p>"
        '<h3><a href="/trials">Trials</a></h3>'
        "<p>Published on Mar 1, 2026</p><p>Updated on Mar 10, 2026</p>"
    )
    own = '<p class="byline">Published on Oct 21, 2025</p><p>Updated on Mar 9, 2026</p>'
    doc = extract(page(own + BODY + related))
    assert (doc.published, doc.updated) == ("2025-10-21", "2026-03-09")
    assert ("updated", "2026-03-12", "line") in seen(doc)  # kept as evidence


def test_a_last_updated_line_under_a_related_links_heading_is_the_pages() -> None:
    """One update line below a related heading's list of links is the page's own foot."""
    foot = '<h2>Related</h2><ul><li><a href="/a">Clinic costs</a></li></ul>'
    doc = extract(page(BODY + foot + "<p>Last updated March 3, 2025</p>"))
    assert doc.updated == "2025-03-03"


def test_the_times_are_the_time_elements_and_the_dated_custom_elements_in_page_order() -> None:
    root = parse(
        "<html><body><p>Posted <time>May 2, 2024</time> by Ana</p>"
        '<relative-time datetime="2024-05-03T10:00:00Z">3d ago</relative-time>'
        '<faceplate-timeago ts="2024-05-04T10:00:00Z"><span>1d</span></faceplate-timeago>'
        '<div datetime="2024-05-05">a plain element with a datetime</div>'
        "<x-clock>no datetime</x-clock>"
        '<time datetime="2024-05-06" class="updated">May 6</time>'
        '<my-time datetime="2024-05-07" ts="1715000000">both</my-time></body></html>'
    )
    written = etree.XPath("//time | //*[contains(local-name(), '-')][@datetime or @ts]")
    assert times(root) == written(root)
    assert [element.tag for element in times(root)] == [
        "time", "relative-time", "faceplate-timeago", "time", "my-time"
    ]  # fmt: skip


def test_a_threads_date_is_its_opening_posts_wherever_the_microdata_prints_it() -> None:
    root = parse(
        '<html itemprop="datePublished" content="2020-01-01"><body>'
        '<div itemscope itemtype="https://schema.org/WebPage">'
        '<meta itemprop="datePublished" content="2021-02-02"></div>'
        '<article itemscope itemtype="https://schema.org/DiscussionForumPosting/">'
        '<h1 itemprop="headline">Knee pain after a run</h1>'
        '<span itemprop="datePublished">March 3, 2024</span>'
        '<div itemscope itemtype="https://schema.org/Comment">'
        '<meta itemprop="datePublished" content="2024-03-04"></div></article></body></html>'
    )
    [date] = thread_dates(root)
    assert (date.value, date.detail) == ("2024-03-03", "DiscussionForumPosting datePublished")


@pytest.mark.parametrize(
    ("reasons", "speaks"),
    [
        ((), False),
        ((StripReason.NAVIGATION,), True),
        ((StripReason.HEADER,), False),
        # a byline box in a header menu, its text in the box's embed: this page's
        ((StripReason.NAVIGATION, StripReason.BYLINE), False),
        ((StripReason.NAVIGATION, StripReason.BYLINE, StripReason.EMBED), False),
        # an ad inside the box, in the menu: the menu's
        ((StripReason.NAVIGATION, StripReason.BYLINE, StripReason.AD), True),
        ((StripReason.BYLINE, StripReason.AD), True),
        ((StripReason.BYLINE, StripReason.FOOTER), False),
        # hidden, related or comments, anywhere: never this page's
        ((StripReason.RELATED, StripReason.BYLINE), True),
        ((StripReason.BYLINE, StripReason.EMBED, StripReason.HIDDEN), True),
    ],
)
def test_a_block_speaks_of_other_pages_by_its_marks_outermost_first(
    reasons: tuple[StripReason, ...], speaks: bool
) -> None:
    element = etree.Element("p")
    marks = tuple((reason, "", element) for reason in reasons)
    block = RawBlock(kind=BlockKind.PARAGRAPH, text="May 5, 2024", element=element, marks=marks)
    assert speaks_of_other_pages(block) is speaks


def test_a_threads_date_is_read_from_the_tree_of_a_text_that_names_it() -> None:
    """The page's text decides whether the tree is walked for the opening post's date: a
    text that writes "datePublished" is walked, and gives it; one that does not is not."""
    page = (
        '<html><body><article itemscope itemtype="https://schema.org/Question">'
        '<h1 itemprop="name">Which knee brace?</h1>'
        '<time itemprop="datePublished" datetime="2024-03-03">March 3</time></article>'
        "</body></html>"
    )
    root = parse(page)
    [date] = thread_dates(root, page)
    assert (date.value, date.detail) == ("2024-03-03", "Question datePublished")
    assert list(thread_dates(root, page.replace("datePublished", "dateCreated"))) == []


def test_an_update_line_under_a_title_in_a_hero_box_named_a_call_to_action() -> None:
    """The theme names the article's hero after a pop-up ("hero-banner-popup"): its <h1>
    is still the page's title, and the one "Page updated:" line by it is the page's date
    over a JSON-LD publish date the page does not show."""
    hero = (
        "<div class='hero-banner-popup'><h1>Ozone therapy</h1>"
        "<p>What the trials say about ozone injections for back pain, and what they do not.</p>"
        "<div class='date-info'><div>Page updated:</div><div>12 November 2025</div></div></div>"
    )
    head = (
        '<meta property="og:type" content="website"><script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "2025-11-13T09:21:40"}</script>'
    )
    html = (
        f"<html lang='en'><head><title>Ozone therapy</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a></nav>{hero}<main>{BODY}</main></body></html>"
    )
    assert extract(html).published == "2025-11-12"


def test_a_date_under_a_title_a_site_builder_prints_in_a_paragraph() -> None:
    """No heading on the page: the site builder prints its title and date in <p>s of one
    style. The date under the paragraph that states the title is the page's."""
    html = (
        "<html lang='en'><head><title>Ozone therapy in 2026</title></head><body>"
        "<div class='framer-nav'><a href='/'>Home</a></div><div class='framer-main'>"
        "<p class='framer-text'>Ozone therapy in 2026</p><p class='framer-text'>Feb 16, 2026</p>"
        f"{BODY}</div></body></html>"
    )
    assert extract(html).published == "2026-02-16"


def test_todays_date_in_the_sites_banner_is_not_the_pages() -> None:
    """A news site's banner prints the day the page was served in a box named for today:
    the date under the byline is the page's."""
    banner = (
        "<header role='banner'><div class='block-date'><p id='todays-date-custom'>"
        "Friday, December 19, 2025</p></div><ul><li>Money</li><li>Life</li></ul></header>"
    )
    html = (
        "<html lang='en'><head><title>Ozone therapy</title></head><body>"
        f"{banner}<main><h1>Ozone therapy</h1>"
        "<h4 class='author-name'>By The Clinic editors</h4><div>12.12.2025</div>"
        f"{BODY}</main></body></html>"
    )
    assert extract(html).published == "2025-12-12"


def test_created_lines_of_other_posts_cards_in_a_sidebar_are_theirs() -> None:
    """ "You might also like" in an <aside>: each card's linked title over its byline box
    ("Ana Ruiz", "Created: <time>Dec 19, 2025</time>"), two cards of one day. Neither
    the labelled line nor the <time> is the page's: its Open Graph date stands."""
    cards = "".join(
        f"<h2><a href='/blog/{slug}'>{title}</a></h2><div>A short excerpt of that post.</div>"
        "<ul class='post-info'><li><span class='post-info__item'>Ana Ruiz</span></li>"
        "<li itemprop='datePublished'><span class='post-info__item'>"
        "<span>Created: </span><time>Dec 19, 2025</time></span></li></ul>"
        for slug, title in (("costs", "What clinics charge"), ("trials", "Reading a trial"))
    )
    aside = f"<aside><h5>You might also like</h5>{cards}</aside>"
    head = '<meta property="article:published_time" content="2025-11-17T12:53:27+00:00">'
    html = (
        f"<html lang='en'><head><title>Ozone therapy</title>{head}</head><body>"
        f"<main><article><h1>Ozone therapy</h1>{BODY}</article>{aside}</main></body></html>"
    )
    assert extract(html).published == "2025-11-17T12:53:27+00:00"


def test_a_numeric_date_is_read_in_the_order_a_sidebars_times_write_it() -> None:
    """The header writes "02-12-2025" (in its <time>'s datetime too); the sidebar's recent
    posts, this one among them, write their datetimes year first: "2025-12-02" says the
    header's date is the 2nd of December."""
    recent = "".join(
        f"<li><h4><a href='/blog/{i}'>{title}</a></h4><time datetime='{iso}'>{shown}</time></li>"
        for i, (title, iso, shown) in enumerate(
            [
                ("Ozone therapy", "2025-12-02", "December 02, 2025"),
                ("Clinic costs", "2024-12-11", "December 11, 2024"),
                ("Reading a trial", "2024-06-03", "June 03, 2024"),
            ]
        )
    )
    html = (
        "<html lang='en'><head><title>Ozone therapy</title></head><body><main><article>"
        "<h1>Ozone therapy</h1><time datetime='02-12-2025'>02-12-2025</time>"
        f"{BODY}</article><aside><h3>Recent posts</h3><ul>{recent}</ul></aside></main>"
        "</body></html>"
    )
    doc = extract(html)
    assert doc.published == "2025-12-02"
    assert "2025-02-12" not in {d.value for d in doc.dates}  # the header's <time> too


def test_an_update_line_in_the_byline_box_below_a_products_summary() -> None:
    """A buying guide opens with its picks under the title; the byline box below them
    credits the writers and says "Updated March 13, 2024": the page's only date."""
    picks = "".join(
        f"<div class='pick'><div>{n}</div><h2>{name}</h2><p>{name} is the pick for readers "
        "who want a quiet unit that runs for years without a service visit.</p></div>"
        for n, name in enumerate(("Harbor One", "Harbor Two", "Coast Mini"), start=1)
    )
    byline = (
        "<div class='article-byline'><div class='article-byline__written-by'>Written by "
        "<a href='/ana'>Ana Ruiz</a>, a nurse with ten years of experience testing home "
        "devices, and <a href='/sam'>Sam Lee</a>, senior editor</div>"
        "<p class='article-byline__dates'>Updated March 13, 2024</p></div>"
    )
    html = (
        "<html lang='en'><head><title>Ozone therapy</title></head><body><main><article>"
        f"<h1>Ozone therapy</h1>{picks}{byline}{BODY}</article></main></body></html>"
    )
    assert extract(html).published == "2024-03-13"


def test_a_date_over_another_posts_linked_title_is_that_posts() -> None:
    """A blog's front page: under its name, the featured post's date over that post's
    linked title, then cards of their own shape. None of them is the page's date; an
    article's date over its first section's heading still is, and so is a buying guide's
    over its first pick's linked name."""
    cards = "".join(
        f"<div class='card'><div class='card__date'>{day}</div>"
        f"<h4><a href='/blog/{i}'>Field note {i}</a></h4><p>A short excerpt.</p></div>"
        for i, day in enumerate(("Feb 9, 2026", "Jan 22, 2026", "Jan 7, 2026"))
    )
    front = (
        "<h1>Ozone therapy</h1><p>Notes from the clinic's team.</p>"
        "<div class='featured__date'>Feb 19, 2026</div>"
        "<h4><a href='/blog/featured'>What the trials say</a></h4><p>The featured post.</p>"
        "<ul class='tags'><li>Trials</li><li>Pain</li><li>Clinics</li></ul>"
    )
    assert extract(page(front + cards)).published is None
    article = "<h1>Ozone therapy</h1><div>Feb 19, 2026</div><h2>What the trials say</h2>"
    assert extract(page(article + BODY)).published == "2026-02-19"
    guide = (
        "<h1>Ozone therapy</h1><div>Feb 19, 2026</div><h2><a href='/shop/one'>Harbor One</a></h2>"
    )
    assert extract(page(guide + BODY)).published == "2026-02-19"  # a pick, no cards after it


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Date Last Reviewed:", "reviewed"),
        ("Date last updated:", "updated"),
        ("Date modified", "updated"),
        ("Last updated", "updated"),
    ],
)
def test_a_time_under_a_block_that_is_only_its_label_takes_its_kind(label: str, kind: str) -> None:
    """A field printed as a label over its value ("Date Last Reviewed:" over "<time
    datetime=...>April 2025</time>") at the article's foot: the <time> is that kind of
    date, not the page's publish date."""
    field = (
        f"<div class='field'><div class='field__label'>{label}</div><div class='field__item'>"
        "<time datetime='2025-04-14T12:00:00Z'>April 2025</time></div></div>"
    )
    doc = extract(page(BODY + field))
    assert doc.published is None
    assert (kind, "2025-04-14T12:00:00+00:00", "time") in seen(doc)


def test_a_posted_line_of_a_sidebars_post_under_its_linked_header_is_that_posts() -> None:
    """A clinic's service page with its blog's latest post in the sidebar: the post's
    <header> links to it, and its "posted 12/17/2025" is that post's, not the page's."""
    aside = (
        "<aside class='sidebar'><div class='company-blog'><article><header class='post-header'>"
        "<a href='/blog/award'>Our team wins an award</a></header>"
        "<div class='posted'>posted <time title='December 17, 2025'>12/17/2025</time></div>"
        "<p>At the convention we were named agent of the year.</p></article></div></aside>"
    )
    html = (
        "<html lang='en'><head><title>Ozone therapy</title></head><body><main>"
        f"<h1>Ozone therapy</h1>{BODY}</main>{aside}</body></html>"
    )
    assert extract(html).published is None


def test_a_date_under_a_promotions_own_heading_by_the_title_is_the_promoted_items() -> None:
    """Under a service page's title, a promotion box (its class names a promo banner)
    with its own heading, a report's date, its reading time and its title: the report's
    date, not the page's. A date alone under the title in such a box still is."""
    promo = (
        "<div class='promo-banner cta'><h2>Survey</h2><div class='foldbox__date'>"
        "January 22, 2026</div><div>5 min read</div><h3>The year's top risks</h3>"
        "<div>Download the report to read what security teams expect.</div></div>"
    )
    assert extract(page(promo + BODY)).published is None
    box = "<div class='newsletter-details-wrapper'><p>January 22, 2026</p></div>"
    assert extract(page(box + BODY)).published == "2026-01-22"


def test_a_post_s_edit_note_is_furniture_whose_date_is_still_declared() -> None:
    """The note under an edited post is stripped as a date line, not as a clock: the date
    it gives is when the page last changed, and the date reader still reads it."""
    page = (
        "<html><head><title>Why did the install image grow?</title></head><body><main>"
        "<h1>Why did the install image grow?</h1>"
        "<p>The install image grew from about 800 MB to 1.4 GB within a year, nearly half of "
        "all the growth it has seen since the project began.</p>"
        "<p>Most of it is firmware for wireless cards and a second kernel for older "
        "machines, both added after the spring release.</p>"
        '<p class="postedit"><em>Last edited by ana (2025-11-01 15:15:18)</em></p>'
        "</main></body></html>"
    )
    doc = extract(page)
    assert "2025-11-01T15:15:18" in [date.value for date in doc.dates]
    assert any(s.reason == "date_line" and "Last edited" in s.text for s in doc.stripped)


@pytest.mark.parametrize(
    "title", ["Pricing changes for the spring clinics", "Clinic updates", "Ozone therapy"]
)
def test_the_date_under_a_title_that_speaks_of_changes_is_the_articles(title: str) -> None:
    """A title naming changes or updates heads an article: the date under it is its
    publish date, not a change-log entry (a log's heading over its entries still is)."""
    html = page('<p class="meta">December 15, 2025 // 8 min read</p>' + BODY)
    html = html.replace("<h1>Ozone therapy</h1>", f"<h1>{title}</h1>")
    doc = extract(html.replace("<title>Ozone therapy", f"<title>{title}"))
    assert doc.published == "2025-12-15"
    assert not [d for d in doc.dates if d.place is DatePlace.CHANGE_LOG]
    log = "<h2>Revision history</h2><p>January 8, 2026</p><p>New opening hours.</p>"
    doc = extract(page(BODY + log))
    assert [d.value for d in doc.dates if d.place is DatePlace.CHANGE_LOG] == ["2026-01-08"]


def test_a_post_date_and_its_modified_date_by_the_title() -> None:
    """A theme printing the day a post was published and the day it was last modified,
    the second in an element named for the update: one post's two dates, not a list."""
    header = (
        "<p>By: Harbor Clinic</p>"
        '<div class="wp-block-post-date">8/1/2025</div>'
        '<div class="wp-block-post-date__modified-date">8/27/2025</div>'
    )
    doc = extract(page(header + BODY))
    assert doc.published == "2025-08-01"
    assert doc.updated == "2025-08-27"
    # two dates by the title printed alike on two days: a list's, none the page's
    alike = '<div class="date">8/1/2025</div><div class="date">8/27/2025</div>'
    assert extract(page(alike + BODY)).published is None


def test_the_date_by_the_title_over_the_authors_other_articles() -> None:
    """An author box lists their other articles, each under 'by NAME' with its date: the
    date by the title stays the page's."""
    others = "".join(
        f"<li><p>by Sam Lee</p><p>{day}</p></li>"
        for day in ("Mar 13, 2026", "Mar 13, 2026", "Mar 8, 2026")
    )
    html = page('<p class="info">Mar 27, 2025 5 mins</p>' + BODY * 3 + f"<ul>{others}</ul>")
    assert extract(html).published == "2025-03-27"


def test_by_alone_in_its_element_opens_the_byline_over_its_date() -> None:
    """'By' in an element of its own, the name in the next: the date under them is the
    byline's, wherever it stands."""
    byline = "<div><p>By</p></div><div><a href='/ana'>Ana Ruiz</a></div><p>Dec. 18, 2025</p>"
    assert extract(page(BODY * 3 + byline + BODY)).published == "2025-12-18"


@pytest.mark.parametrize(
    "line", ["<p>Published on November 11, 2025</p>", "<p>November 11, 2025</p>"]
)
def test_a_date_in_the_box_that_shares_the_page_is_the_pages(line: str) -> None:
    """A theme's row of author, date and share buttons in one box named for sharing: the
    box speaks of this page, and its date by the title is the page's."""
    share = (
        '<div class="js-social-share"><p><span>Written by</span> <a href="/ana">Ana Ruiz</a>'
        f'</p>{line}<a href="https://x.example/share">Share</a></div>'
    )
    assert extract(page(share + BODY)).published == "2025-11-11"


def test_a_footers_h1_is_not_the_title_dates_stand_by() -> None:
    """A page built of styled boxes: its title in a short paragraph, the date in a heading
    under it, and "Contact Us" as the footer's <h1>."""
    html = (
        '<html lang="en"><head><title>Ozone therapy for back pain - Harbor Clinic</title></head>'
        "<body><div><div>Ozone therapy for back pain</div><h4>Written by Ana Ruiz</h4>"
        f"<h4>November 21, 2023</h4>{BODY * 3}</div>"
        "<footer><h1>Contact Us</h1><p>Call us on weekdays.</p></footer></body></html>"
    )
    assert extract(html).published == "2023-11-21"
