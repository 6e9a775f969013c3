"""Expected Document facts on hand-written pages of six site shapes.

Every page carries chrome of its kind (forms, newsletters, calls to action, logo
strips, cookie banners, share and related blocks, comments, hidden messages); none
of it may reach the article, all of it must stay in ``doc.stripped`` with a reason.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tracker.extraction import extract
from tracker.model import BlockKind, Document, StripReason

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
R = StripReason


@cache
def page(name: str) -> Document:
    return extract((PAGES / name).read_bytes(), url=f"https://example.test/{name}")


def stripped_reason(doc: Document, fragment: str) -> StripReason:
    reasons = [block.reason for block in doc.stripped if fragment in block.text]
    assert reasons, f"{fragment!r} is not among the stripped blocks"
    return reasons[0]


def assert_not_in_article(doc: Document, *fragments: str) -> None:
    for fragment in fragments:
        assert fragment not in doc.text, f"chrome {fragment!r} leaked into the article"
        for ref in doc.references:
            assert fragment not in ref.raw, f"chrome {fragment!r} leaked into the references"


# --------------------------------------------------------------------------- Webflow clinic


def test_webflow_clinic_metadata() -> None:
    doc = page("webflow_clinic.html")
    assert doc.title == "Stem Cell Therapy for Knee Osteoarthritis: What the Evidence Says (2025)"
    assert doc.authors == ["Dana R. Whitfield, MD"]
    assert doc.updated == "2025-03-03"
    assert doc.language == "en"
    seen = {(d.kind.value, d.place.value, d.text) for d in doc.dates}
    assert ("updated", "line", "Updated on Mar 3, 2025") in seen


def test_webflow_clinic_chrome_is_stripped_with_reasons() -> None:
    doc = page("webflow_clinic.html")
    assert_not_in_article(
        doc,
        "Global css",
        "Active Subscribers",
        "Join our newsletter",
        "Thanks! You are on the list.",
        "Sorry, the form could not be sent",
        "Logo",
        "Ready to get started?",
        "Onboarding | Step 2",
        "Continue Onboarding",
        "intake questionnaire",
        "See if you qualify",
        "Book a free call",
        "All rights reserved",
        "Why Patients Trust Meridian",
    )
    assert stripped_reason(doc, "Global css") is R.EMBED
    assert stripped_reason(doc, "Thanks! You are on the list.") is R.HIDDEN
    assert stripped_reason(doc, "Sorry, the form could not be sent") is R.HIDDEN
    assert stripped_reason(doc, "Join our newsletter") is R.NEWSLETTER
    assert stripped_reason(doc, "Quest Labs Logo") is R.LOGO_STRIP
    assert stripped_reason(doc, "Onboarding | Step 2") is R.CALL_TO_ACTION
    assert stripped_reason(doc, "Ready to get started?") is R.CALL_TO_ACTION
    assert stripped_reason(doc, "Book a free call") is R.HIDDEN  # the page's own <style> rule
    assert stripped_reason(doc, "Mar 3, 2025") is R.DATE_LINE
    # the four logos are one logo strip, not four entries
    logos = [b for b in doc.stripped if b.reason is R.LOGO_STRIP]
    assert len(logos) == 1 and logos[0].text.count("Logo") == 4


def test_webflow_clinic_article_blocks_and_references() -> None:
    doc = page("webflow_clinic.html")
    assert doc.text.startswith("Knee osteoarthritis slowly wears away")
    headings = [b.text for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert headings == [
        "How stem cells may help an arthritic knee",
        "Who might be a candidate?",
        "Steps in a typical treatment",
        "What are the risks?",
    ]
    steps = [b for b in doc.blocks if b.kind is BlockKind.LIST_ITEM and b.ordinal]
    assert [b.ordinal for b in steps] == [1, 2, 3]
    assert all(b.section == "Steps in a typical treatment" for b in steps)
    assert any(b.kind is BlockKind.QUOTE for b in doc.blocks)
    assert [ref.label for ref in doc.references] == ["1", "2", "3", "4", "5"]
    assert doc.reference("3").pmid == "27565858"
    assert "References" not in doc.text  # the section went to doc.references
    cited = {label for s in doc.sentences for label in s.cited_labels}
    assert cited == {"1", "2", "3", "4", "5"}


# --------------------------------------------------------------------------- WordPress


def test_wordpress_post() -> None:
    doc = page("wordpress_post.html")
    assert doc.title == "Does Intermittent Fasting Lower Blood Pressure?"
    assert doc.authors == ["Priya Natarajan"]
    assert doc.published == "2023-08-14T09:30:00+00:00"
    assert doc.updated == "2024-01-22T16:05:12+00:00"
    assert doc.text.startswith("Time-restricted eating has become")
    assert "talk to your doctor" in doc.text
    assert_not_in_article(
        doc,
        "Share this:",
        "Facebook",
        "What a ketogenic diet does",  # related posts and the sidebar
        "Recent Posts",
        "The Evidence Kitchen reads",
        "I tried a 16:8 schedule",  # comments
        "Leave a Reply",
        "Powered by WordPress",
        "Skip to the content",
        "registered dietitian",  # the author box
    )
    assert stripped_reason(doc, "Share this:") is R.SHARE
    assert stripped_reason(doc, "I tried a 16:8 schedule") is R.COMMENTS
    assert stripped_reason(doc, "Recent Posts") is R.ASIDE
    assert stripped_reason(doc, "Five salt myths") in {R.RELATED, R.ASIDE}
    assert len(doc.references) == 2
    assert doc.references[0].doi == "10.1056/NEJMoa2114833"
    items = [b.text for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert "Pregnant or breastfeeding women" in items


# --------------------------------------------------------------------------- news


def test_news_article() -> None:
    doc = page("news_article.html")
    assert doc.title == "Hospital admissions for heatstroke doubled last summer, report finds"
    assert doc.authors == ["Marta Kowalczyk", "Tom Aldridge"]
    assert doc.published == "2024-06-18T05:00:00+00:00"
    assert doc.updated == "2024-06-18T14:47:00+00:00"
    places = {d.place.value for d in doc.dates if d.kind.value == "updated"}
    # the <time class="updated"> under the title is read as the update it names (once, as
    # a line: a <time> in a date line is that line's date), never as a second publish date
    assert {"json_ld", "line"} <= places
    assert [
        d.value for d in doc.dates if d.kind.value == "published" and d.place.value == "line"
    ] == ["2024-06-18"]
    assert_not_in_article(
        doc,
        "We use cookies",
        "Accept all cookies",
        "Advertisement",
        "air conditioner deals",
        "Get the Health Briefing",
        "Subscribe to keep reading",
        "Share on X",
        "Rail strike called off",
        "Registered in England",
    )
    assert stripped_reason(doc, "We use cookies") is R.COOKIE_BANNER
    assert stripped_reason(doc, "air conditioner deals") is R.AD
    assert stripped_reason(doc, "Get the Health Briefing") is R.NEWSLETTER
    assert stripped_reason(doc, "Rail strike called off") is R.RELATED
    assert stripped_reason(doc, "Subscribe to keep reading") is R.HIDDEN
    assert len(doc.references) == 3
    cited = {s.text: s.cited_labels for s in doc.sentences if s.citations}
    cooling = next(text for text in cited if text.startswith("The report recommends cooling"))
    assert cited[cooling] == ["2", "3"]
    assert ["1", "2"] in cited.values()


# --------------------------------------------------------------------------- <sup> citations


def test_sup_citations_and_ordered_reference_list() -> None:
    doc = page("sup_citations.html")  # windows-1252 bytes, declared in <meta>
    assert doc.title == "Vitamin D and Respiratory Infections"
    assert doc.authors == ["Graham Pettigrew"]
    assert doc.updated == "2017-10-05T11:32"
    # "2016-02-09" is only in a <meta> tag: kept as evidence, not shown to a reader; the
    # update line under the title is the only date the page shows, so it is its date
    assert doc.published == "2017-10-05T11:32"
    assert any(d.value == "2016-02-09" for d in doc.dates or [])
    assert ("published", "2016-02-09", "meta") in {
        (d.kind.value, d.value, d.place.value) for d in doc.dates
    }
    assert "Children 1–4 years" in doc.text  # en dash decoded from cp1252
    assert "northern latitudes.[1]" in doc.text
    assert "below 25 nmol/L.[2,3]" in doc.text
    assert "10^6 IU" in doc.text  # an exponent, not a citation
    cells = [b.text for b in doc.blocks if b.kind is BlockKind.TABLE_CELL]
    assert cells.count("10 micrograms (400 IU)") == 2
    assert [ref.label for ref in doc.references][:5] == ["1", "2", "3", "4", "5"]
    assert doc.reference("2").pmcid == "PMC5310969"
    cited = [s.cited_labels for s in doc.sentences if s.citations]
    assert ["3", "4"] in cited
    assert_not_in_article(doc, "Other leaflets", "Order printed copies", "Registered charity")
    assert stripped_reason(doc, "Last Updated: 10/05/2017 - 11:32") is R.DATE_LINE


# --------------------------------------------------------------------------- Squarespace


def test_squarespace_page() -> None:
    doc = page("squarespace_page.html")
    assert doc.title == "Red Light Therapy for Hair Loss: Does It Work?"
    assert doc.authors == ["Sophie Marchetti"]
    assert doc.published == "2022-11-02T10:15:00+00:00"
    assert doc.updated == "2024-02-27T08:40:00+00:00"
    assert ("reviewed", "line", "Last reviewed: 27 February 2024") in {
        (d.kind.value, d.place.value, d.text) for d in doc.dates
    }
    # the article is split over several sqs-blocks: all of them are kept
    assert "Low-level laser and LED devices" in doc.text
    assert "Red light therapy appears safe" in doc.text
    assert_not_in_article(
        doc,
        "Winter offer",
        "The Lumen Letter",
        "You are now subscribed",
        "Book a consultation",
        "Loading booking calendar",
        "Why blue light keeps you awake",
        "This site uses cookies",
        "Opening hours",
    )
    assert stripped_reason(doc, "The Lumen Letter") is R.NEWSLETTER
    assert stripped_reason(doc, "You are now subscribed") is R.HIDDEN
    assert stripped_reason(doc, "This site uses cookies") is R.COOKIE_BANNER
    assert stripped_reason(doc, "Book a consultation") is R.CALL_TO_ACTION


# ---------------------------------------------------------------- Ghost, cookies, related


def test_ghost_page_hidden_cookie_and_related() -> None:
    doc = page("ghost_cookie_related.html")
    assert doc.title == "The Truth About Collagen Supplements and Joint Pain"
    assert doc.authors == ["Amara Obi"]
    # the update time is only in a <meta> tag: the reader is shown the published date
    assert doc.updated is None
    assert doc.published == "2023-04-05T07:00:00+00:00"
    assert doc.published == "2023-04-05T07:00:00+00:00"
    assert "Bottom line: cheap to try" in doc.text
    hidden = {
        "Collagen Collagen": 'aria-hidden="true"',
        "Editor note": "hidden attribute",
        "paying subscribers only": "<template>",
        "Please enable JavaScript": "<noscript>",
        "Ref code ZX-4411": "display: none",
        "Subscribe to our newsletter": ".gh-portal-triggerbtn-wrapper",
        "grab our free joint health guide": "#modal-overlay",
    }
    for fragment, detail in hidden.items():
        assert fragment not in doc.text
        block = next(b for b in doc.stripped if fragment in b.text)
        assert block.reason is R.HIDDEN and detail in block.detail
    assert_not_in_article(
        doc, "Sign up for Plain Science Notes", "Join the discussion", "Turmeric", "Got it!"
    )
    assert stripped_reason(doc, "This website uses cookies") is R.COOKIE_BANNER
    assert stripped_reason(doc, "Glucosamine, twenty years on") in {R.RELATED, R.HEADER}
    assert stripped_reason(doc, "The early trials looked promising") is R.RELATED
    assert stripped_reason(doc, "Email sent!") is R.NEWSLETTER


# --------------------------------------------------------------------------- all pages


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.html")))
def test_every_page_round_trips_and_keeps_no_chrome_words(name: str) -> None:
    doc = page(name)
    assert doc.blocks and doc.title and doc.authors
    assert doc.updated or doc.published
    assert Document.from_json(doc.to_json()) == doc
    for block in doc.blocks:
        assert block.text.strip() == block.text and block.text
        assert block.sentences, block.text
    for fragment in ("Subscribe", "newsletter", "cookies", "Sign up", "Apply Now"):
        assert fragment not in doc.text, f"{name}: {fragment!r} in the article"


# --------------------------------------------------------------------------- stability


def test_article_text_is_stable_when_only_chrome_changes() -> None:
    """A tracker diffs snapshots: chrome that grows or changes must not move the article."""
    html = (PAGES / "wordpress_post.html").read_text(encoding="utf-8")
    comment = (
        '<div class="comment-body"><p>I have followed a strict eating window for two years, '
        "and my blood pressure readings, taken every morning, have not changed at all, which "
        "surprised my doctor as much as it surprised me. {n}</p></div>"
    )
    many = "".join(comment.format(n=n) for n in range(40))
    grown = html.replace('<div id="respond"', many + '<div id="respond"')
    assert extract(grown).text == page("wordpress_post.html").text

    html = (PAGES / "webflow_clinic.html").read_text(encoding="utf-8")
    edited = (
        html.replace("Join our newsletter for plain-language", "Sign up today for weekly")
        .replace("Ready to get started?", "Start your journey today")
        .replace("Quest Labs Logo", "Mayo Partners Logo")
        .replace("Over 40,000 Active Subscribers", "Over 45,000 Active Subscribers")
    )
    doc = extract(edited)
    assert doc.text == page("webflow_clinic.html").text
    assert any("Sign up today for weekly" in b.text for b in doc.stripped)
