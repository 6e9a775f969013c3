"""Volatile furniture and protected e-mail addresses, on pages written in the shapes real sites use.

Each page is a clinic article with one kind of furniture that changes between two
loads; both versions must extract to the same article, keep the furniture among
the stripped blocks with its own reason, and compare as no article change and no
silent edit.
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tracker import compare, extract
from tracker.extraction import boilerplate, volatile
from tracker.extraction.dom import parse, text_of
from tracker.extraction.emails import (
    SPACE_CHARACTERS,
    _lowered,
    _says_at_closed,
    _says_bidi_override,
    decode_cfemail,
    reveal_emails,
)
from tracker.extraction.volatile import text_reason
from tracker.model import BlockKind, Document, StripReason

ARTICLE = """
<h1>Stem cell therapy for knee arthritis</h1>
<p class="updated">Updated on March 3, 2024</p>
<p>Our clinic has treated knee arthritis with stem cells since 2015, and the results
we see in our patients keep improving from one year to the next.</p>
<p>In a study of 120 patients, pain scores fell by half within six months of a single
injection, and most patients returned to their usual activities.</p>
<p>Talk to your doctor about whether this treatment suits you, since every knee and
every patient is different and no treatment works for everyone.</p>
"""


def page(inside: str = "", after: str = "") -> str:
    """The article with ``inside`` at the end of its flow and ``after`` beside it."""
    return (
        "<html><head><title>Stem cell therapy for knee arthritis</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>'
        f"<main><article>{ARTICLE}{inside}</article>{after}</main>"
        "<footer><p>© 2024 Example Clinic</p></footer></body></html>"
    )


def encode(address: str, key: int) -> str:
    """An address as Cloudflare's e-mail protection writes it (hex, XOR with a key byte)."""
    return f"{key:02x}" + "".join(f"{ord(c) ^ key:02x}" for c in address)


def unchanged(old_html: str, new_html: str) -> tuple[Document, Document]:
    old, new = extract(old_html), extract(new_html)
    report = compare(old, new)
    assert not report.article_changed, report.text_changes + report.claim_changes
    assert not report.silent_edit
    assert old.text == new.text
    return old, new


def stripped_as(doc: Document, text: str) -> StripReason:
    reasons = [block.reason for block in doc.stripped if text in block.text]
    assert reasons, f"{text!r} not among the stripped blocks"
    return reasons[0]


def scrambled_label(load: int) -> str:
    """A label whose letters a shop hides among ids generated anew on every load (long
    enough to pass for prose by its length alone)."""
    ids = [
        f"{load * 7919 + n:08x}-{n:04x}-4{n:03x}-a{load:03x}-{(load + 1) * n:012x}"
        for n in range(1, 12)
    ]
    return "".join(letter + uuid for letter, uuid in zip("Sponsored  ", ids, strict=True))


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (
            '<p class="post-meta">Number of views (1203)</p>',
            '<p class="post-meta">Number of views (1250)</p>',
            StripReason.COUNTER,
        ),
        ("<p>1,203 views · 4 comments</p>", "<p>1,260 views · 5 comments</p>", StripReason.COUNTER),
        (
            '<div><span class="like-count">12</span></div>',
            '<div><span class="like-count">15</span></div>',
            StripReason.COUNTER,
        ),
        (
            "<p>Today is Monday, March 4, 2024</p>",
            "<p>Today is Tuesday, March 5, 2024</p>",
            StripReason.CLOCK,
        ),
        ('<div id="clock">10:41:07</div>', '<div id="clock">16:02:55</div>', StripReason.CLOCK),
        ("<p>build 8f3a2c1d9e</p>", "<p>build 77be01c4aa</p>", StripReason.TOKEN),
        # schema.org's count of a post's votes, printed beside it
        (
            '<div class="score"><span itemprop="upvoteCount">12</span></div>',
            '<div class="score"><span itemprop="upvoteCount">15</span></div>',
            StripReason.COUNTER,
        ),
        # a forum member's standing beside their post grows with every post they write
        ("<p>1,076 posts</p>", "<p>1,077 posts</p>", StripReason.COUNTER),
        ("<p>155 helpful votes</p>", "<p>156 helpful votes</p>", StripReason.COUNTER),
        ("<dd>Posts: 2,817</dd>", "<dd>Posts: 2,818</dd>", StripReason.COUNTER),
        (
            "<p>Posts: 96 Topics: 11 Joined: Feb 2011 Reputation: 1 #3</p>",
            "<p>Posts: 97 Topics: 11 Joined: Feb 2011 Reputation: 2 #3</p>",
            StripReason.COUNTER,
        ),
        (f"<p>{scrambled_label(1)}</p>", f"<p>{scrambled_label(2)}</p>", StripReason.TOKEN),
        # a forum's clock under its thread (vBulletin's, phpBB's)
        (
            "<p>All times are GMT -5. The time now is 09:12 PM.</p>",
            "<p>All times are GMT -5. The time now is 11:40 PM.</p>",
            StripReason.CLOCK,
        ),
        (
            "<p>It is currently Sat Mar 02, 2024 9:12 pm</p>",
            "<p>It is currently Sun Mar 03, 2024 8:05 am</p>",
            StripReason.CLOCK,
        ),
        # the note under an edited post: who edited it last and when
        (
            "<p>Last edited by ana_r; Mar 3, 2024 at 9:17 am</p>",
            "<p>Last edited by ana_r; Mar 4, 2024 at 8:02 pm</p>",
            StripReason.DATE_LINE,
        ),
        (
            "<p>Edited March 3, 2024 by ana_r (see edit history)</p>",
            "<p>Edited March 4, 2024 by ben_k (see edit history)</p>",
            StripReason.DATE_LINE,
        ),
        # a shop's live count of its shoppers, rewritten on every visit
        (
            "<p>16 people are viewing this right now</p>",
            "<p>1 person is viewing this right now</p>",
            StripReason.COUNTER,
        ),
        ("<p>23 sold in last 24 hours</p>", "<p>31 sold in last 24 hours</p>", StripReason.COUNTER),
        ("<p>In 5 carts</p>", "<p>In 7 carts</p>", StripReason.COUNTER),
        # a shop's summary of its reviews: the stars given and how many, or none yet
        (
            "<p>4.4 stars out of 1935 reviews</p>",
            "<p>4.5 stars out of 1942 reviews</p>",
            StripReason.COUNTER,
        ),
        (
            "<p>Rated 4.4 out of 5 stars.</p>",
            "<p>Rated 4.3 out of 5 stars.</p>",
            StripReason.COUNTER,
        ),
        ("<p>No reviews yet</p>", "<p>12 Reviews</p>", StripReason.COUNTER),
        # the site's copyright notice printed in the article's flow: its year moves on
        (
            "<p>© 2023 Example Clinic. All rights reserved.</p>",
            "<p>© 2024 Example Clinic. All rights reserved.</p>",
            StripReason.FOOTER,
        ),
        (
            "<p>Copyright © 2016-2023 Example Clinic, Inc.</p>",
            "<p>Copyright © 2016-2024 Example Clinic, Inc.</p>",
            StripReason.FOOTER,
        ),
    ],
)
def test_counters_clocks_and_tokens_in_the_article_are_no_change(
    old: str, new: str, reason: StripReason
) -> None:
    before, after = unchanged(page(inside=old), page(inside=new))
    assert stripped_as(before, text_of(parse(old))) is reason
    assert stripped_as(after, text_of(parse(new))) is reason


@pytest.mark.parametrize(
    "text",
    [
        "Copyright law protects the expression of an idea, not the idea itself.",
        "It is currently the only treatment approved for this use.",
        "All times are approximate and depend on the patient.",
        "© Example Images, used by permission",
        "Edited by Ana Ruiz and Ben Kahn",
        "Edited 2024 collection of essays, reviewed by our team",
    ],
)
def test_sentences_about_copyright_or_the_time_are_no_furniture(text: str) -> None:
    """Prose on copyright or on what is current, a credit with no year and a book's
    editors are no notice, clock or edit note."""
    assert text_reason(text) is None


def test_a_marquee_s_line_printed_again_and_again_is_furniture() -> None:
    """A marquee prints its short line over and over so that it scrolls without a gap: the
    copies are no text of the page. A sentence that says a thing twice is prose."""
    assert text_reason("Book a free assessment * " * 12) == (
        StripReason.LOW_CONTENT,
        "a marquee's line, printed again and again",
    )
    assert text_reason("Book Now *" * 9 + "Book")  # cut where the box ends
    twice = (
        "Rest the knee for two days after each session, then rest the knee for two days "
        "after the last session as well, before you run again."
    )
    assert text_reason(twice) is None


def carousel(first: str, second: str) -> str:
    return (
        '<section class="testimonials"><div class="swiper-wrapper">'
        f'<div class="swiper-slide"><blockquote><p>{first}</p></blockquote></div>'
        f'<div class="swiper-slide"><blockquote><p>{second}</p></blockquote></div>'
        "</div></section>"
    )


def test_a_rotating_testimonial_carousel_is_no_change() -> None:
    old_html = page(
        inside=carousel(
            "I walked without pain again within weeks, thank you to the whole team here.",
            "The staff were kind and the injection was quick and easy for me.",
        )
    )
    new_html = page(
        inside=carousel(
            "The staff were kind and the injection was quick and easy for me.",
            "My knee feels ten years younger and I am back on the tennis court.",
        )
    )
    _old, new = unchanged(old_html, new_html)
    assert stripped_as(new, "tennis court") is StripReason.CAROUSEL
    assert "tennis" not in new.text


def related_box(titles: list[str], heading: str = "More posts") -> str:
    items = "".join(f'<li><a href="/blog/{n}">{title}</a></li>' for n, title in enumerate(titles))
    return f"<div><h3>{heading}</h3><ul>{items}</ul></div>"


@pytest.mark.parametrize(
    "heading",
    [
        "More posts",
        "You may also like",
        "À lire aussi",
        "More articles by Ana Ruiz, PT",
        "Other posts you may enjoy",
        "What to read next",
        "Similar threads",
        "Related questions",
        "Most Popular Posts",
        "Trending stories",
        "Top Posters In This Topic",
        "Related products",
        "Recommended accessories",
        "Similar items to consider",
        "Featured products",
        "Explore related items",
        "Better together",
        "Often viewed together",
        "Choose your add-ons",
        "Pairs well with",
        "Variations of this style",
        "Others like you also bought:",
        "Sponsored products related to this item",
        "Sponsored by our brands",
        "Related Insights",
        "Latest insights",
        "Related services",
        "From the blog",
    ],
)
def test_a_related_box_and_its_heading_are_no_change(heading: str) -> None:
    old_html = page(inside=related_box(["Hip pain explained", "What is PRP?"], heading))
    new_html = page(inside=related_box(["Shoulder injuries", "Hip pain explained"], heading))
    _old, new = unchanged(old_html, new_html)
    assert stripped_as(new, heading) is StripReason.RELATED
    assert stripped_as(new, "Shoulder injuries") is StripReason.RELATED
    assert heading not in new.text


@pytest.mark.parametrize(
    "title",
    [
        "We know you'll love these too",
        "Your recently viewed items",
        "Ideas based on your recently viewed products",
        "Get the look",
        "Ils vont bien ensemble",
    ],
)
def test_a_shop_s_box_of_other_products_titled_by_a_paragraph_is_related(title: str) -> None:
    """A shop titles its grid of other products with a styled paragraph, not a heading, and
    its cards are drawn by a script or hidden until the carousel turns: the title names
    other products wherever it stands, the page's own words after it stay."""
    grid = (
        f'<p class="section-title">{title}</p>'
        '<div class="product-slider" data-source="/api/recommendations"></div>'
        "<p>Each brace is fitted by our physiotherapists at the clinic before you take it"
        " home, and refitted free of charge within the first month of wearing it.</p>"
    )
    doc = extract(page(inside=grid))
    assert stripped_as(doc, title) is StripReason.RELATED
    assert title not in doc.text
    assert "refitted free of charge" in doc.text


def test_a_related_heading_alone_in_its_panel_titles_nothing_kept() -> None:
    """A shop's panel holds its title and a loader a script fills with other products: the
    title names other pages even though the section after the panel has text of its own."""
    panel = (
        '<div class="recommendation-panel"><h2>Recommended for you</h2>'
        '<div class="recommendation-panel__content">'
        '<fragment-loader src="/fragments/recommended?product=42"></fragment-loader></div></div>'
        "<div><h2>Caring for your brace</h2><p>Hand wash the sleeve in cold water and let it"
        " dry flat, away from radiators, so the fabric keeps its compression.</p></div>"
    )
    doc = extract(page(inside=panel))
    assert stripped_as(doc, "Recommended for you") is StripReason.RELATED
    assert "Caring for your brace" in doc.text
    assert "keeps its compression" in doc.text


def picture_box(titles: list[str]) -> str:
    """A shop's "shop the look" box: a heading printed as a title over a tagline, and
    each item a described picture over its linked name."""
    items = "".join(
        f'<li><img alt="A patient in a knee brace walking a dog along a beach at sunrise, '
        f'pictured for item {n}"><a href="/shop/{n}">{title}</a></li>'
        for n, title in enumerate(titles)
    )
    return f"<div><h2><div>Shop the look</div> <div>Picked for you</div></h2><ul>{items}</ul></div>"


def test_a_related_box_under_a_title_and_tagline_with_pictures_is_no_change() -> None:
    """Named by the first line of its heading, and mostly links in what it would keep:
    its pictures' descriptions are stripped anyway, so they make it no article."""
    old_html = page(inside=picture_box(["Knee brace", "Cold pack"]))
    new_html = page(inside=picture_box(["Walking cane", "Knee brace"]))
    _old, new = unchanged(old_html, new_html)
    assert stripped_as(new, "Walking cane") is StripReason.RELATED
    assert "Shop the look" not in new.text


def row_box(titles: list[str]) -> str:
    """A shop's box of other products whose heading sits in a title row of its own, beside
    the box's "View all" link, over the grid."""
    items = "".join(
        f'<li><a href="/shop/{n}">{title}</a> <span>${20 + n}.00</span></li>'
        for n, title in enumerate(titles)
    )
    return (
        '<div class="recs"><div class="recs-head"><h3>More from Example Clinic</h3>'
        f'<a href="/shop">View all</a></div><ul>{items}</ul></div>'
    )


def test_a_related_box_under_a_title_row_with_its_link_is_no_change() -> None:
    """The heading and its "View all" link in a row of their own open the box that holds
    the row and the grid under it, not the row alone."""
    old_html = page(inside=row_box(["Knee brace", "Cold pack", "Walking cane"]))
    new_html = page(inside=row_box(["Heat wrap", "Knee brace", "Cold pack"]))
    _old, new = unchanged(old_html, new_html)
    assert stripped_as(new, "Heat wrap") is StripReason.RELATED
    assert "More from Example Clinic" not in new.text


def tagline_box(titles: list[str]) -> str:
    """A service's box of its other services: the title over a tagline in a header row of
    their own, each card a link to another page."""
    cards = "".join(
        f'<div class="card"><a href="/services/{n}"><h4>{title}</h4><p>Booked online</p></a></div>'
        for n, title in enumerate(titles)
    )
    return (
        '<section class="services-grid"><div class="section-header"><h2>Related services</h2>'
        "<p>Explore more treatments that go well with your recovery plan</p></div>"
        f'<div class="cards">{cards}</div></section>'
    )


def test_a_related_box_under_a_title_and_its_tagline_is_no_change() -> None:
    """The tagline printed in the title's row is the row's, not the page's text: the box
    the row opens is the section holding the cards, title, tagline and cards related."""
    old_html = page(inside=tagline_box(["Sports massage", "Knee taping", "Hydrotherapy"]))
    new_html = page(inside=tagline_box(["Dry needling", "Sports massage", "Knee taping"]))
    _old, new = unchanged(old_html, new_html)
    assert stripped_as(new, "go well with your recovery plan") is StripReason.RELATED
    assert stripped_as(new, "Related services") is StripReason.RELATED
    assert "Dry needling" not in new.text


def excerpt_box(excerpts: list[str]) -> str:
    """A firm's latest insights: each card a kind, a title that is no link and an excerpt
    cut by an ellipsis, its "Read more" link apart."""
    cards = "".join(
        f'<div class="card"><p class="label">Blog</p><h3>Insight {n}</h3>'
        f'<p>{excerpt}...</p><p><a href="/insights/{n}">Read more</a></p></div>'
        for n, excerpt in enumerate(excerpts)
    )
    return f'<section><h2>Latest insights</h2><div class="row">{cards}</div></section>'


def test_a_related_box_of_cut_excerpts_is_no_change() -> None:
    """Excerpts cut off by an ellipsis are teasers of other pages, though the cards' lines
    are few links; the page's own text is never cut mid-sentence."""
    first = "Most knee injuries in runners heal with rest and a plan, but some"
    second = "Choosing a clinic for your rehabilitation means weighing its staff"
    third = "Hydrotherapy pools are warmer than the local pool, which lets stiff"
    old_html = page(inside=excerpt_box([first, second]))
    new_html = page(inside=excerpt_box([third, first]))
    _old, new = unchanged(old_html, new_html)
    assert stripped_as(new, "Hydrotherapy pools") is StripReason.RELATED
    assert "Latest insights" not in new.text


def test_a_heading_that_only_mentions_posts_stays_article() -> None:
    html = page(
        inside="<h2>More posts on stem cells are coming soon</h2><p>" + "Soon. " * 40 + "</p>"
    )
    assert "More posts on stem cells are coming soon" in extract(html).text


def test_a_control_label_that_comes_and_goes_is_no_change() -> None:
    """A disclosure widget's default label ("See details") shown in one capture only."""
    toc = "<details><summary>{}</summary><ul><li>Eligibility</li><li>Risks</li></ul></details>"
    old, _ = unchanged(page(inside=toc.format("See details")), page(inside=toc.format("")))
    assert stripped_as(old, "See details") is StripReason.CALL_TO_ACTION
    assert text_reason("See the results of our study") is None
    # a documentation generator's fold over a type's description (rustdoc's summary)
    assert text_reason("Expand description") == (StripReason.CALL_TO_ACTION, "a control's label")


def test_a_link_back_to_a_place_on_the_page_is_its_navigation() -> None:
    """A long list's "Back to the clinics" under each entry, a guide's "Jump to review":
    one link into the page itself, a way around it, no text of the article. A title
    worded so stays."""
    entries = "".join(
        f"<h3>Clinic in {town}</h3><p>Our {town} clinic treats knees and hips with the same"
        f" injections, six days a week.</p><p><a href='#clinics'>Back to the clinics</a></p>"
        for town in ("Leeds", "York", "Hull")
    )
    html = page(
        inside=f"<div id='clinics'>{entries}</div>"
        "<p><a href='#review-1'>Jump to review</a></p>"
        "<h2>Back to school sports injuries</h2>"
        "<p>Knee injuries rise every autumn, when school sports begin again.</p>"
    )
    doc = extract(html)
    assert stripped_as(doc, "Back to the clinics") is StripReason.NAVIGATION
    assert stripped_as(doc, "Jump to review") is StripReason.NAVIGATION
    assert "Back to the clinics" not in doc.text
    assert "Our York clinic treats knees" in doc.text
    assert "Back to school sports injuries" in doc.text


def test_a_link_past_a_block_of_the_page_is_its_navigation() -> None:
    """Moodle prints before each block of its page a link past it, named by the block's
    title ("Skip Course introduction and Topic navigation block", to "#sb-1"): a way around
    the page. A line so worded that is no link into the page stays."""
    skip = "<p><a class='skip-block' href='#sb-1'>Skip Knee exercises and Clinic news block</a></p>"
    doc = extract(top(skip + "<span id='sb-1'></span>"))
    assert stripped_as(doc, "Skip Knee exercises") is StripReason.NAVIGATION
    line = "Skip the squats in the warm-up block"
    doc = extract(top(f"<p>{line}</p>"))
    assert line in doc.text


def test_a_labelled_link_to_another_story_between_paragraphs_is_related() -> None:
    """ "See also: <title>" between the article's paragraphs, its title one link to another
    story: the site's teaser, not the article's words. A sentence after the same label,
    or a label whose title is no link, stays."""
    html = page(
        inside="<p>Most patients walk without a cane within two weeks.</p>"
        "<p>See also: <a href='/blog/hip-injections'>What hip injections can and cannot do</a></p>"
        "<h3>Read more: <a href='/blog/recovery'>A week-by-week recovery plan</a></h3>"
        "<p>Rest the knee for two days, then resume walking on flat ground.</p>"
        "<p>See also: the consent form you signed before the injection.</p>"
        "<p>Related: <a href='/blog/costs'>costs</a> are covered for most patients.</p>"
    )
    doc = extract(html)
    assert stripped_as(doc, "What hip injections can and cannot do") is StripReason.RELATED
    assert stripped_as(doc, "A week-by-week recovery plan") is StripReason.RELATED
    assert "See also: the consent form you signed" in doc.text
    assert "Related: costs are covered for most patients." in doc.text
    assert "Rest the knee for two days" in doc.text


def test_a_contents_title_over_stripped_entries_is_navigation() -> None:
    """A theme's "toc" box stripped as navigation leaves its title, "Table of Contents",
    over nothing kept: the page's way around itself. Over entries kept, a contents list of
    the article's own, the title stays with them."""
    toc = (
        "<p>Table of Contents</p><div class='toc'><ul><li><a href='#a'>Before the injection</a>"
        "</li><li><a href='#b'>After the injection</a></li></ul></div>"
    )
    doc = extract(page(inside=toc + "<p>Most patients walk without a cane within weeks.</p>"))
    assert stripped_as(doc, "Table of Contents") is StripReason.NAVIGATION
    assert "Most patients walk without a cane" in doc.text
    kept = (
        "<h2>In this article</h2><ol><li>Why the knee wears out with age and use</li>"
        "<li>What the injection does to the cartilage</li></ol>"
    )
    doc = extract(page(inside=kept))
    assert "In this article" in doc.text
    assert "What the injection does to the cartilage" in doc.text


def test_a_post_s_tags_written_as_a_line_are_its_filing() -> None:
    """ "Tags: Knees, Injections" and "Category: Patient stories" under a post are the
    site's filing of it, not the article's words. A sentence that opens so, or a line of
    code naming such a field, stays."""
    html = page(
        inside="<p>Tags: Knees, Injections, Sports medicine</p>"
        "<p>Category: Patient stories</p>"
        "<p>Categories: the clinic sorts referrals by urgency. Urgent ones come first.</p>"
        "<pre>tags: [knee, hip]</pre>"
    )
    doc = extract(html)
    assert stripped_as(doc, "Tags: Knees, Injections") is StripReason.NAVIGATION
    assert stripped_as(doc, "Category: Patient stories") is StripReason.NAVIGATION
    assert "the clinic sorts referrals by urgency" in doc.text
    assert "tags: [knee, hip]" in doc.text


def test_a_card_s_controls_are_no_text_of_the_list() -> None:
    """A shop's or a list's controls printed on each card ("Quick shop", "Compare", a
    rating widget's "Clear rating") are widgets' labels; a title that opens so stays."""
    cards = "".join(
        f"<div class='card'><h3>{name} knee brace</h3><p>A {name} brace that steadies the"
        " knee on walks and stairs, washable and light.</p><div>Quick shop</div>"
        "<div>Compare</div><div class='stars'>Clear rating</div></div>"
        for name in ("Soft", "Hinged", "Open", "Sport")
    )
    doc = extract(page(inside=f"<div class='grid'>{cards}</div><h2>Compare braces by size</h2>"))
    for label in ("Quick shop", "Compare", "Clear rating"):
        assert stripped_as(doc, label) is StripReason.CALL_TO_ACTION
    assert "A Hinged brace that steadies" in doc.text
    assert "Compare braces by size" in doc.text
    assert text_reason("Quick view") == (StripReason.CALL_TO_ACTION, "a control's label")


def _brace_card(name: str, line: str) -> str:
    """One card of a shop's grid of knee braces, ``line`` under its description."""
    return (
        f"<div class='card'><h3>{name} knee brace</h3><p>A {name} brace that steadies the knee"
        f" on walks and stairs, washable and light.</p><div class='note'>{line}</div></div>"
    )


def _brace_grid(line: str) -> str:
    """Four braces' cards, each with ``line``."""
    names = ("Soft", "Hinged", "Open", "Sport")
    return "<div class='grid'>{}</div>".format("".join(_brace_card(n, line) for n in names))


def test_a_product_s_stock_level_is_no_change() -> None:
    """A card's "In stock" becomes "Sold out" or "Only 2 left" with the shop's sales: a
    level that moves, not the page's text; a sentence about stock stays."""
    old_html = page(inside=_brace_grid("In stock"))
    new_html = page(inside=_brace_grid("Only 2 left"))
    old, _ = unchanged(old_html, new_html)
    assert stripped_as(old, "In stock") is StripReason.COUNTER
    for line in ("Sold out", "Back-ordered", "En stock", "Low in stock, only 1 left"):
        assert text_reason(line) == (StripReason.COUNTER, "a product's stock level")
    assert text_reason("In stock at your local store today") is None
    assert text_reason("Stock up on braces, only 2 left") is None


def test_a_delivery_date_moving_with_the_day_is_no_change() -> None:
    """A shop's "Get it by Thu, Mar 12" is "Get it by Fri, Mar 13" when read a day later,
    and its countdown to the day's cut-off ticks: no change of the page. A standing promise
    that names no date, and a sentence that tells of a shipping date, stay."""
    standing = "<p>Same day shipping if ordered by 4PM Eastern.</p>"
    told = "<p>The hinged brace ships by March 10 to clinics that ordered it in the trial.</p>"
    old_html = page(
        inside="<p>Get it by Thu, Mar 12</p><p>Order within 3 hr 52 min</p>" + standing + told
    )
    new_html = page(
        inside="<p>Get it by Fri, Mar 13</p><p>Order within 2 hr 7 min</p>" + standing + told
    )
    old, _ = unchanged(old_html, new_html)
    assert stripped_as(old, "Get it by Thu, Mar 12") is StripReason.CLOCK
    assert stripped_as(old, "Order within 3 hr 52 min") is StripReason.CLOCK
    assert "Same day shipping if ordered by 4PM Eastern." in old.text
    assert "ships by March 10 to clinics" in old.text
    for line in ("Order today to get by Mar 17-27", "Restock: Ships by March 10th"):
        doc = extract(page(inside=f"<p>{line}</p>"))
        assert stripped_as(doc, line) is StripReason.CLOCK


def test_a_listing_s_count_of_its_results_is_no_change() -> None:
    """A grid's "14 items" over its cards moves with the shop's stock: the count is
    furniture, its cards and a sentence that counts stay."""
    old_html = page(inside="<p class='count'>14 items</p>" + _brace_grid("Washable"))
    new_html = page(inside="<p class='count'>15 items</p>" + _brace_grid("Washable"))
    old, _ = unchanged(old_html, new_html)
    assert stripped_as(old, "14 items") is StripReason.COUNTER
    assert "A Hinged brace that steadies" in old.text
    counted = "a listing's count of its results"
    for line in ("1–30 of 338 products", "Showing 1–16 of 29 results", "84295 matches"):
        assert text_reason(line) == (StripReason.COUNTER, counted)
    for line in ("Pack of 12 items", "Top 10 products", "We stock 514 items from local makers."):
        assert text_reason(line) is None


def test_a_sale_s_end_date_is_no_change() -> None:
    """A promotion's end date ("Sale ends Mar 9") is the shop's offer of the week, gone or
    moved with the next one; a sentence of the article about when a thing ends stays."""
    old_html = page(inside="<p class='promo'>Spring sale ends Mar 9. While supplies last.</p>")
    new_html = page(inside="<p class='promo'>Spring sale ends Apr 2. While supplies last.</p>")
    old, _ = unchanged(old_html, new_html)
    assert stripped_as(old, "Spring sale ends Mar 9") is StripReason.CALL_TO_ACTION
    ends = "a sale's or an offer's end date"
    for line in (
        "Offer ends Mar 09 at 5:59 AM",
        "Ends Dec 26",
        "Hurry, this offer is valid thru 3/15.",
    ):
        assert text_reason(line) == (StripReason.CALL_TO_ACTION, ends)
    for line in ("The course ends March 3 with an exam.", "Your trial ends today"):
        assert text_reason(line) is None


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(volatile._RESULT_COUNT, fullmatch=True))
@example("showing 1–16 of 29 résultats")
def test_a_count_of_results_is_never_passed_over_by_its_gate(lowered: str) -> None:
    # the pattern reads a lower-cased text, after the gate found a word in it
    assert volatile._RESULT_WORD.search(lowered)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(volatile._OFFER_ENDS))
@example("promo expires friday")
def test_an_offer_s_end_date_is_never_passed_over_by_its_gates(lowered: str) -> None:
    assert volatile._may_end_offer(lowered)
    assert volatile._OFFER_VERB.search(lowered)


def test_a_card_s_count_of_more_options_and_its_badge_are_no_change() -> None:
    """ "+ More" beside a card's swatches and its "New arrival" badge move with the shop's
    stock and season; "+98" alone may be a figure, and a badge in a table's cell is a fact."""
    card = (
        "<div class='card'><div class='badge'>{1}</div><h3>{0} knee brace</h3><p>A {0}"
        " brace that steadies the knee on walks and stairs, washable and light.</p>"
        "<div class='swatches'>{2}</div></div>"
    )
    names = ("Soft", "Hinged", "Open", "Sport")
    grid = "<div class='grid'>{}</div>"
    table = (
        "<table><tr><th>Brace</th><th>Rank</th></tr>"
        "<tr><td>Soft</td><td>Best seller</td></tr></table>"
    )
    old_html = page(
        inside=grid.format("".join(card.format(n, "New arrival", "+ More") for n in names)) + table
    )
    new_html = page(
        inside=grid.format("".join(card.format(n, "", "3 more colors") for n in names)) + table
    )
    old, new = unchanged(old_html, new_html)
    assert stripped_as(old, "New arrival") is StripReason.COUNTER
    assert stripped_as(old, "+ More") is StripReason.COUNTER
    assert stripped_as(new, "3 more colors") is StripReason.COUNTER
    assert "Best seller" in new.text
    assert "+98" in extract(page(inside="<p>Passed tests this month:</p><p>+98</p>")).text


def test_a_bare_count_of_more_swatches_on_every_card_is_no_change() -> None:
    """A bare "+3" beside each card's swatches counts the colours the card does not show:
    it moves with the shop's stock; printed once, or in a table's cells, it is a figure."""
    old, _ = unchanged(page(inside=_brace_grid("+3")), page(inside=_brace_grid("+5")))
    assert stripped_as(old, "+3") is StripReason.COUNTER
    once = page(inside=_brace_card("Soft", "+3") + _brace_card("Open", "+4"))
    assert "+3" in extract(once).text
    cells = "".join(f"<tr><td>Week {n}</td><td>+{n}</td></tr>" for n in (2, 3, 4, 5))
    assert "+4" in extract(page(inside=f"<table>{cells}</table>")).text


def test_a_shop_s_services_under_its_grid_are_no_text_of_the_page() -> None:
    """ "Delivery", "Financing options", "Easy Returns", each over one line, are what the
    shop offers on every page; a manual's "Returns" over each function's result and a
    product's "Shipping:" field stay."""
    services = "".join(
        f"<div class='perk'><h3>{title}</h3><p>{line}</p></div>"
        for title, line in (
            ("Delivery", "Order from home and get it brought to your door."),
            ("Financing options", "Spread the cost of a new sofa over twelve months."),
            ("Easy Returns", "Changed your mind? Send it back within a year."),
        )
    )
    doc = extract(page(inside=_brace_grid("") + f"<div class='perks'>{services}</div>"))
    for line in (
        "Delivery",
        "Financing options",
        "Spread the cost of a new sofa over twelve months.",
    ):
        assert stripped_as(doc, line) is StripReason.CALL_TO_ACTION
    assert "Soft knee brace" in doc.text
    manual = "".join(
        f"<h3>{name}()</h3><p>Reads the {name} of a record from the open file.</p>"
        f"<h4>Returns</h4><p>The {name}, or None.</p>"
        for name in ("size", "owner", "mode")
    )
    assert [b.text for b in extract(page(inside=manual)).blocks].count("Returns") == 3
    fields = "<p>Shipping:</p><p>Free</p><p>Delivery:</p><p>Varies</p><p>Returns:</p><p>None</p>"
    assert "Delivery:" in extract(page(inside=_brace_card("Soft", "") + fields)).text


def test_a_one_word_badge_on_several_cards_is_no_change() -> None:
    """ "New" or "Sale" over two cards or more is the shop's badge, gone with the season;
    one "New" over a service's announcement and a changelog's "New" heading stay."""
    old, _ = unchanged(page(inside=_brace_grid("New")), page(inside=_brace_grid("")))
    assert stripped_as(old, "New") is StripReason.COUNTER
    one = extract(page(inside="<p>New</p>" + _brace_card("Soft", "")))
    assert "New" in [block.text for block in one.blocks]
    log = "".join(
        f"<h3>Version {n}</h3><h4>New</h4><p>Version {n} reads the brace's fit from a photo.</p>"
        for n in (2, 3)
    )
    assert [block.text for block in extract(page(inside=log)).blocks].count("New") == 2


def test_a_shop_s_free_shipping_over_an_amount_is_its_banner_s_offer() -> None:
    """ "Free Shipping on Domestic Orders $75+" is the season's term in the shop's banner;
    "Free shipping" alone on one card and a sentence that tells of the offer stay."""
    for line in (
        "Free Shipping on Domestic Orders $75+",
        "Members Get Free Shipping on orders over $49",
        "Free Standard Delivery for orders over £75",
    ):
        assert text_reason(line) == (
            StripReason.CALL_TO_ACTION,
            "a shop's offer of free shipping over an amount",
        )
    banner = "<div class='promo'><p>Free Shipping on Orders Over $50</p></div>"
    old, _ = unchanged(
        page(inside=banner + _brace_grid("")),
        page(inside=banner.replace("$50", "$75") + _brace_grid("")),
    )
    assert stripped_as(old, "Free Shipping on Orders Over $50") is StripReason.CALL_TO_ACTION
    assert text_reason("Free shipping") is None
    told = "We offer free shipping on orders over $50 to every patient in the state."
    assert text_reason(told) is None


def test_a_card_s_saving_as_an_amount_is_no_change() -> None:
    """ "Save $30.00" under a card's two prices is their difference, which moves with
    either; a plan's "Save 16%" and a table's cell stay."""
    old, _ = unchanged(page(inside=_brace_grid("Save $30.00")), page(inside=_brace_grid("")))
    assert stripped_as(old, "Save $30.00") is StripReason.COUNTER
    minus = extract(page(inside=_brace_grid("-40,00 €")))
    assert stripped_as(minus, "-40,00 €") is StripReason.COUNTER
    assert "Save 16%" in extract(page(inside=_brace_grid("Save 16%"))).text
    cells = "".join(f"<tr><td>Month {n}</td><td>-${n}0</td></tr>" for n in (2, 3, 4))
    assert "-$30" in extract(page(inside=f"<table>{cells}</table>")).text


def test_a_listing_s_filter_and_sort_controls_are_no_text() -> None:
    """ "Filters (2)", "Sort by:" over a shop's grid are buttons whose label moves with what
    the reader picked; a section titled "Filters" and a lower-case word in a list stay."""
    bar = "<div class='bar'><p>{}</p><p>Sort by:</p></div>"
    old, _ = unchanged(
        page(inside=bar.format("Filters (0)") + _brace_grid("")),
        page(inside=bar.format("Filters (2)") + _brace_grid("")),
    )
    assert stripped_as(old, "Filters (0)") is StripReason.CALL_TO_ACTION
    assert stripped_as(old, "Sort by:") is StripReason.CALL_TO_ACTION
    manual = extract(
        page(
            inside="<h2>Filters</h2><p>A filter keeps the rows whose value matches, and the"
            " others are left out of the result.</p><ul><li>filter</li><li>map</li></ul>"
        )
    )
    assert "Filters" in [block.text for block in manual.blocks]
    assert "filter" in [block.text for block in manual.blocks]


def test_a_review_s_button_to_a_shop_s_price_is_a_control() -> None:
    """ "Check price", "See price at Amazon": a review's button under each product, the
    price itself on the shop's page; a sentence about prices stays."""
    for line in ("Check price", "See price at Amazon", "CHECK PRICE ON WALMART"):
        assert text_reason(line) == (StripReason.CALL_TO_ACTION, "a control's label")
    for line in ("Check the price of a brace before you buy", "View price history"):
        assert text_reason(line) is None


def test_a_widget_s_loading_placeholder_is_no_change() -> None:
    """ "Loading..." stands where a script's widget will be (a shop's recommendations, a
    map): there on a capture taken before it loaded, gone on the next one."""
    box = "<div class='recs'><p>{}</p></div>"
    old, _ = unchanged(page(inside=box.format("Loading...")), page(inside=box.format("")))
    assert stripped_as(old, "Loading...") is StripReason.CALL_TO_ACTION
    assert text_reason("Loading recommendations") is not None
    # what it loads, then the dots: a news site's paragraphs and a shop's prices
    for line in ("Loading paragraph...", "Loading prices for your region…"):
        assert text_reason(line) == (
            StripReason.CALL_TO_ACTION,
            "a widget's placeholder until its script loads",
        )
    for line in (
        "Loading dock equipment",
        "Loading the dishwasher takes a minute",
        "Loading time of your pages",
    ):
        assert text_reason(line) is None


def test_a_sign_up_form_s_consent_to_its_terms_is_the_form_s() -> None:
    """Under a sign-up box's button, "By signing up, you agree to ..." is the form's fine
    print, printed under every page's form; an article's sentence that opens with "By"
    stays."""
    box = (
        '<div class="deal-alerts"><p>Get deal alerts by text.</p>'
        "<p>By signing up, you agree to receive recurring automated text messages from "
        "Example Deals at the number provided. Consent is not a condition of purchase. "
        "Message and data rates may apply.</p></div>"
    )
    doc = extract(page(inside=box))
    assert stripped_as(doc, "By signing up, you agree") is StripReason.FORM
    for line in (
        "By continuing, you agree to our User Agreement and Privacy Policy.",
        "By clicking Join now, you confirm you are 16+ and accept our Terms of Use.",
    ):
        assert text_reason(line) == (StripReason.FORM, "a form's consent to its terms")
    for sentence in (
        "By the end of the trial, most patients agreed that the pain had eased.",
        "By signing up for the trial early, patients got the first injection in May.",
    ):
        assert text_reason(sentence) is None


def test_a_site_s_disclosure_that_its_links_earn_it_money_stays_in_the_article() -> None:
    """The notice that a post's links earn its site money ("This post contains affiliate
    links ...") is a disclosure of interest, like a product's FDA disclaimer: a watchdog
    reports the day it goes, so it is the article's text, never furniture."""
    notice = (
        "Disclosure: this article contains affiliate links. If you book a consultation "
        "through them, we may earn a small commission at no cost to you."
    )
    doc = extract(page(inside=f"<p><em>{notice}</em></p>"))
    assert notice in doc.text
    for line in (
        "As an Amazon Associate I earn from qualifying purchases.",
        "The clinic's blog may contain affiliate links to the braces we review.",
    ):
        assert text_reason(line) is None


def test_a_newsletter_s_sign_up_prompt_written_as_a_line_is_the_site_s() -> None:
    """A line asking the reader to sign up ("Sign up for our newsletter ...", "Join our
    mailing list!", "... delivered right to your inbox") is the site asking for an
    address, wherever the page prints it; a line that tells of a newsletter stays."""
    prompt = "<p>Join our mailing list! Get a note when the clinic publishes a new guide.</p>"
    doc = extract(page(inside=prompt))
    assert stripped_as(doc, "Join our mailing list!") is StripReason.NEWSLETTER
    reason = (StripReason.NEWSLETTER, "a newsletter's sign-up prompt")
    for line in (
        "Sign up for our newsletter for knee health tips, updates, and events",
        "Was this guide forwarded to you? Sign up to get it in your inbox.",
        "Get recovery tips and clinic news delivered right to your inbox:",
    ):
        assert text_reason(line) == reason
    for sentence in (
        "Twelve patients signed up for the clinic's newsletter after the trial.",
        "I started my newsletter to answer the questions patients ask after surgery.",
    ):
        assert text_reason(sentence) is None


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(volatile._NEWSLETTER_PROMPT))
def test_a_sign_up_prompt_is_never_passed_over_by_the_gate_before_its_pattern(text: str) -> None:
    assert volatile._may_prompt(text.lower())


def test_a_picture_s_credit_alone_is_furniture_its_caption_is_content() -> None:
    """Under a figure, who took or lent the picture ("Photo: ...", "Image courtesy of
    ...", "Name / Getty Images") is the picture's credit, no text of the article; the
    caption that says what the picture shows stays, and so do a figure's number and a
    chart's source."""
    figure = (
        '<figure><img src="/knee.jpg" alt="">'
        "<figcaption>The injection site, three weeks after treatment.</figcaption>"
        "<p>Photo: Ana Ruiz / Getty Images</p></figure>"
    )
    doc = extract(page(inside=figure))
    assert "The injection site, three weeks after treatment." in doc.text
    assert stripped_as(doc, "Photo: Ana Ruiz / Getty Images") is StripReason.LOW_CONTENT
    for credit in (
        "Image credit: Example Press",
        "Photo courtesy of the Riverside Museum",
        "Photo by Ana Ruiz on Unsplash",
        "Ben Ode | Getty Images",
        "Ben Ode via Getty Images",
        "Getty Images",
        "Image credit: © Example Press/ana_ruiz",
        "Photo credit: ©iStock.com/anaruiz, ©iStock.com/benode",
        "Getty Images / Ana Ruiz",
        "Image used under license from Shutterstock",
        "Getty Images / Ana J. Ruiz",
        "Photographer: Ana Ruiz | Source: Unsplash",
        "Icons by Ana Ruiz",
        "Courtesy of the brand",
        "Photo by: 'Ana Ruiz'.",
    ):
        assert text_reason(credit) == (StripReason.LOW_CONTENT, "a picture's credit")
    for line in (
        "Image 1: the pipeline from intake to report",
        "Source: Bureau of Labor Statistics",
        "Picture: Full HD",
        "Supports Unsplash",
        "Image: Ana Ruiz, left, has replaced Ben Ode at the clinic",
        "Patients wait outside the clinic. The queue formed at dawn. Ana Ruiz / Getty Images",
        "Getty Images / Ana Ruiz. Patients wait outside the clinic.",
        "Source: © Bureau of Labor Statistics",
        "Courtesy of the museum, the exhibit runs until May. It closes soon after.",
    ):
        assert text_reason(line) is None


def test_a_line_after_a_picture_closed_by_its_credit_is_the_picture_s_caption() -> None:
    """A caption printed as a plain line after its picture (no <figcaption>, no caption
    class) and closed by the picture's credit is the picture's caption: kept in the
    Document, as a caption. The same words with no picture before them, a sentence whose
    "by" or "courtesy" is no credit, and a long paragraph after a picture stay prose."""
    picture = '<div><img src="/knee.jpg" alt=""></div>'
    for line in (
        "The injection site, three weeks after treatment. | Photo by Ana Ruiz",
        "The clinic's new scanner arrived this spring Credit: Example Press",
        "Our surgeon with the first patient of the year. Image courtesy of the clinic",
    ):
        doc = extract(page(inside=f"{picture}<div>{line}</div>"))
        kinds = [block.kind for block in doc.blocks if block.text == line]
        assert kinds == [BlockKind.CAPTION], line
        plain = extract(page(inside=f"<div>{line}</div>"))
        assert [block.kind for block in plain.blocks if block.text == line] == [BlockKind.PARAGRAPH]
    for prose in (
        "Our patients take photographs by the river to track how far they walk each week.",
        "The brace comes with a cold pack, courtesy of the clinic.",
    ):
        doc = extract(page(inside=f"{picture}<p>{prose}</p>"))
        assert [block.kind for block in doc.blocks if block.text == prose] == [BlockKind.PARAGRAPH]


def test_an_advertisement_s_label_is_no_change() -> None:
    """The label over an ad slot ("Advertisement", "Sponsored") is printed when the slot
    is filled, and not when a blocker or the ad network leaves it empty."""
    slot = "<p>Advertisement</p><div class='slot'></div>"
    old, _ = unchanged(page(inside=slot), page())
    assert stripped_as(old, "Advertisement") is StripReason.AD
    for label in ("• SPONSORED •", "Advertisement - Members don't see this ad"):
        assert text_reason(label) == (StripReason.AD, "an advertisement's label")
    for sentence in ("Advertisement revenue fell by half", "Sponsored by the city council"):
        assert text_reason(sentence) is None


def top(above: str) -> str:
    """The article with ``above`` between its title and its first paragraph."""
    return page().replace("</h1>", "</h1>" + above, 1)


def test_a_sponsor_s_label_over_its_logo_is_the_slot_s() -> None:
    """ "In partnership with" over a sponsor's logo at the top of a story: the slot's label,
    its name a picture, gone when the slot is empty. A sentence that opens so stays."""
    label = "<p>In partnership with</p><img src='/sponsor.png' alt=''>"
    old, _ = unchanged(top(label), page())
    assert stripped_as(old, "In partnership with") is StripReason.AD
    for line in ("Presented by:", "Brought to you by"):
        assert text_reason(line) == (StripReason.AD, "a sponsor's label over its logo")
    sentence = "In partnership with Leeds University, we followed 120 patients for a year."
    assert sentence in extract(top(f"<p>{sentence}</p>")).text


def test_a_newsletter_s_link_to_its_web_copy_is_no_text_of_the_issue() -> None:
    """A newsletter's issue printed as a page keeps the mail's "View this email in your
    browser" (with its question, or after the issue's title and "::") over the issue: the
    mail's way out to this very page. A sentence about browsers stays."""
    lines = (
        "Is this email not displaying correctly? View it in your browser.",
        "Knee Notes #12 :: View in Browser",
    )
    for line in lines:
        old, _ = unchanged(top(f"<p>{line}</p>"), page())
        assert stripped_as(old, line[:20]) is StripReason.NAVIGATION
    doc = extract(top("<p>View the exercises in your browser before each session.</p>"))
    assert "View the exercises in your browser" in doc.text


def test_an_audio_player_s_label_is_no_text_of_the_story() -> None:
    """ "Listen to this article" over a text-to-speech player the script draws: the player's
    label, not the story's words. A sentence that opens so stays."""
    old, _ = unchanged(top("<p>Listen to this article (4 min)</p>"), page())
    assert stripped_as(old, "Listen to this article") is StripReason.CALL_TO_ACTION
    doc = extract(top("<p>Listen to the story of how our clinic began.</p>"))
    assert "Listen to the story of how our clinic began." in doc.text


def test_a_notice_of_the_post_s_age_is_the_clock_s() -> None:
    """ "This post is over 3 years old" over an old post is worked out from its date on each
    view: next year it says 4, and the article has not changed. A sentence of the article
    that tells an age stays."""
    notice = "<p class='note'>This post is over {} years old. It may be out of date.</p>"
    old, _ = unchanged(top(notice.format(3)), top(notice.format(4)))
    assert stripped_as(old, "This post is over 3 years old") is StripReason.CLOCK
    assert text_reason("This article was published more than a year ago.") == (
        StripReason.CLOCK,
        "a notice of the post's age, growing with the clock",
    )
    for line in (
        "This clinic is over 30 years old and still growing.",
        "This page was written two years ago by our founder, who has since retired.",
    ):
        assert line in extract(top(f"<p>{line}</p>")).text


def test_a_caption_named_by_styled_components_is_a_caption() -> None:
    """styled-components names a component's box by its name, "-sc-", a hash and a count
    ("styles__Caption-sc-1y47awc-0"): the paragraph in such a caption box under a picture
    is its caption, as in a "wp-caption-text" box. A paragraph component stays a paragraph."""
    figure = (
        "<div class='styles__Image-sc-9x8y7z-0 kQpLm'><img src='/room.jpg' alt=''></div>"
        "<div class='styles__Caption-sc-9x8y7z-1 aBcDe'><p>The waiting room of our Leeds"
        " clinic, rebuilt last spring. Picture: Ana Ruiz</p></div>"
        "<div class='styles__Paragraph-sc-4r5t6y-0 fGhIj'><p>Most patients wait less than"
        " ten minutes for their appointment.</p></div>"
    )
    kinds = {block.text[:20]: block.kind for block in extract(top(figure)).blocks}
    assert kinds["The waiting room of "] is BlockKind.CAPTION
    assert kinds["Most patients wait l"] is BlockKind.PARAGRAPH


def test_a_share_bar_s_title_is_no_change() -> None:
    """The title over a share bar's buttons ("Share this article") goes with the bar."""
    bar = '<h3>Share this article</h3><a href="https://x.example/share">Post</a>'
    old, _ = unchanged(page(inside=bar), page())
    assert stripped_as(old, "Share this article") is StripReason.SHARE
    assert text_reason("Follow us on social media") == (StripReason.SHARE, "a share bar's title")
    assert text_reason("Share this article with a colleague who treats knees") is None


def test_an_article_sentence_with_a_count_is_not_a_counter() -> None:
    for text in (
        "Over 1000 patients shared their views on the treatment with us.",
        "We reviewed 2 comments from readers",
        "Opening hours: 9:00 to 17:00",
        "Version 2.1",
        "Registered: a charity in England since 1998",
        "Points: 3 of the 5 were about pricing",
        "We sold 5 in the last year and more",
        "People are viewing this treatment as routine now",
        "10K+ bought in past month",
    ):
        assert text_reason(text) is None, text


def test_a_product_s_review_summary_goes_and_a_list_s_ratings_stay() -> None:
    """A product's summary of its reviews, printed once, moves with every review; the same
    line on each entry of a list is that entry's rating, and stays. A sentence that counts
    reviews is prose."""
    summary = "<p>4.6 out of 5 stars</p><p>128 reviews</p>"
    prose = "<p>12 reviews of the knee braces we tested this winter</p>"
    doc = extract(page(inside=summary + prose))
    assert stripped_as(doc, "4.6 out of 5 stars") is StripReason.COUNTER
    assert stripped_as(doc, "128 reviews") is StripReason.COUNTER
    assert "12 reviews of the knee braces" in doc.text
    entries = "".join(
        f"<li><h3>Knee brace {n}</h3><p>A brace for runners, size {n}.</p>"
        f"<p>4.{n} of 5 stars from {n}00 reviews</p></li>"
        for n in range(1, 4)
    )
    listed = extract(page(inside=f"<ul>{entries}</ul>"))
    for n in range(1, 4):
        assert f"4.{n} of 5 stars from {n}00 reviews" in listed.text


def test_a_product_s_fit_as_its_reviews_tell_it_goes_and_the_shop_s_advice_stays() -> None:
    """A line that tells a product's fit as its buyers' reviews do moves with the reviews;
    the shop's own sizing advice, which names no buyer, is its claim and stays."""
    tallies = (
        "<p>Shoppers say it runs small</p><p>Based on 64 reviews, shoppers recommend sizing up</p>"
    )
    advice = "<p>This brace runs small: order one size up from your usual size.</p>"
    doc = extract(page(inside=tallies + advice))
    assert stripped_as(doc, "Shoppers say it runs small") is StripReason.COUNTER
    assert stripped_as(doc, "shoppers recommend sizing up") is StripReason.COUNTER
    assert "This brace runs small: order one size up" in doc.text


def test_a_prompt_to_report_a_mistake_is_the_site_s() -> None:
    """The link under every product to report a mistake in its page is the site's; a line
    that tells of reporting one is the page's text."""
    prompt = "<p>Report an issue with this product or seller</p><p>See any errors on this page?</p>"
    told = "<p>Report an error regarding the brace's fit to the clinic within two weeks.</p>"
    doc = extract(page(inside=prompt + told))
    assert stripped_as(doc, "Report an issue with this product") is StripReason.CALL_TO_ACTION
    assert stripped_as(doc, "See any errors on this page?") is StripReason.CALL_TO_ACTION
    assert "Report an error regarding the brace's fit" in doc.text


def test_a_variant_picker_s_prompt_is_a_control() -> None:
    """The prompt over a product's swatches or sizes labels the picker, whose options are
    the form's; a sentence of advice on choosing a size is the page's text."""
    picker = (
        "<p>Select a size</p>"
        '<fieldset><label><input type="radio" name="size"> S</label>'
        '<label><input type="radio" name="size"> M</label></fieldset>'
        "<p>Current selected color</p>"
        "<p>Choose a size that lets the brace sit snugly above the kneecap without pinching.</p>"
    )
    doc = extract(page(inside=picker))
    assert stripped_as(doc, "Select a size") is StripReason.CALL_TO_ACTION
    assert stripped_as(doc, "Current selected color") is StripReason.CALL_TO_ACTION
    assert "Choose a size that lets the brace sit snugly" in doc.text


def test_a_label_over_the_product_s_other_versions_is_related() -> None:
    """A label, "Also available in:", over links to the product's other sizes names other pages; a
    line that tells which colours the product comes in is the product's text."""
    versions = (
        '<p>Also available in: <a href="/products/brace-kids">Children\'s Sizes</a></p>'
        "<p>Also available in black and grey.</p>"
    )
    doc = extract(page(inside=versions))
    assert stripped_as(doc, "Also available in: Children's Sizes") is StripReason.RELATED
    assert "Also available in black and grey." in doc.text


def test_a_slider_wrapping_the_whole_article_is_not_furniture() -> None:
    html = page().replace("<main>", '<main class="page-slider">')
    doc = extract(html)
    assert "120 patients" in doc.text


# --------------------------------------------------------------------- e-mail protection


def protected(address: str, key: int) -> str:
    """The two shapes Cloudflare writes: a placeholder span, and a link with the hex after '#'."""
    code = encode(address, key)
    return (
        "<p>For questions about your data, write to our data protection officer at "
        f'<a href="/cdn-cgi/l/email-protection" class="__cf_email__" data-cfemail="{code}">'
        "[email&#160;protected]</a> or use "
        f'<a href="/cdn-cgi/l/email-protection#{code}">this address</a>.</p>'
    )


def test_decode_cfemail() -> None:
    assert decode_cfemail(encode("dpo@example.org", 0x5A)) == "dpo@example.org"
    assert decode_cfemail(encode("josé@exemple.fr".encode().decode("latin-1"), 0x11)) == (
        "josé@exemple.fr"
    )
    assert decode_cfemail("zz") is None
    assert decode_cfemail(encode("not an address", 0x33)) is None


def test_reveal_emails_restores_the_address_and_keeps_link_text() -> None:
    root = parse(f"<html><body>{protected('dpo@example.org', 0x42)}</body></html>")
    assert reveal_emails(root) == 2
    text = text_of(root)
    assert "dpo@example.org or use this address" in text
    assert "protected" not in text
    assert [a.get("href") for a in root.iter("a")] == ["mailto:dpo@example.org"] * 2


def test_a_new_protection_key_is_no_change_and_a_new_address_is() -> None:
    first = page(inside=protected("dpo@example.org", 0x42))
    again = page(inside=protected("dpo@example.org", 0x9C))  # a new key on every response
    old, _ = unchanged(first, again)
    assert "dpo@example.org" in old.text
    moved = page(inside=protected("privacy@example.org", 0x17))
    report = compare(old, extract(moved))
    assert report.article_changed
    changed = report.claim_changes + report.text_changes
    assert any("privacy@example.org" in (change.new or "") for change in changed)


OFFICER = "<p>For questions about your data, write to our data protection officer at {}.</p>"


@pytest.mark.parametrize(
    "written",
    [
        "dpo [at] example [dot] org",
        "dpo [ at ] example [ dot ] org",
        "dpo(at)example(dot)org",
        "dpo {at} example.org",
        '<span style="unicode-bidi: bidi-override; direction: rtl">gro.elpmaxe@opd</span>',
        '<a href="mailto:&#100;&#112;&#111;&#64;example.org">&#100;&#112;&#111;&#64;'
        "&#101;xample&#46;org</a>",
    ],
)
def test_an_obfuscated_address_compares_as_the_address_itself(written: str) -> None:
    plain, obfuscated = (
        page(inside=OFFICER.format("dpo@example.org")),
        page(inside=OFFICER.format(written)),
    )
    _, new = unchanged(plain, obfuscated)
    assert "dpo@example.org" in new.text
    other = page(inside=OFFICER.format("privacy@example.org"))
    assert compare(new, extract(other)).article_changed


# pieces of the words looked for, in any case, between other text (non-ASCII included:
# "İ" and the Kelvin sign lower-case to ASCII letters)
PIECES = st.sampled_from(
    ["a", "A", "t", "T", "at", "]", ")", "}", "bidi", "BiDi", "-", "İ", "\u212a"]
)
SOURCES = st.lists(
    PIECES
    | st.sampled_from(["-override", "-OVERRIDE", "x", " ", "\xa0", "\u2003", "\x1c", "é"])
    | st.text(max_size=3)
)
# what the looks read in the text: "at" in ASCII's cases closed by a bracket, whitespace
# allowed between; "bidi-override" in ASCII's cases
AT_CLOSED = re.compile(r"(?:at|At|aT|AT)\s*[\])}]")
BIDI_OVERRIDE = re.compile("bidi-override", re.ASCII | re.IGNORECASE)


@given(SOURCES.map("".join))
@example("name [ AT ] example")  # spaces before the bracket, as the spelled pattern allows
def test_the_page_scans_of_its_bytes_answer_as_the_text_patterns_would(source: str) -> None:
    for utf8 in (None, source.encode("utf-8", "surrogatepass")):
        page = _lowered(source, utf8)
        assert _says_at_closed(page) == bool(AT_CLOSED.search(source))
        assert _says_bidi_override(page) == bool(BIDI_OVERRIDE.search(source))


def test_the_whitespace_the_byte_scan_reads_is_what_a_text_pattern_reads() -> None:
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))}
    assert set(SPACE_CHARACTERS) == spaces


def test_a_spelled_address_is_read_in_text_but_not_in_a_script_or_a_style_sheet() -> None:
    spelled = "dpo [at] example [dot] org"
    root = parse(
        f'<html><head><script type="application/ld+json">{{"email": "{spelled}"}}</script>'
        f"<style>/* {spelled} */</style></head><body><p>Write to {spelled}.</p></body></html>"
    )
    assert reveal_emails(root, spelled) == 1
    assert spelled in root.findtext(".//script") and spelled in root.findtext(".//style")
    assert root.findtext(".//p") == "Write to dpo@example.org."


def test_a_spelled_address_after_a_script_is_read_as_the_text_it_is() -> None:
    """The text after an inline script (its tail) is the paragraph's, read by a reader;
    the script's own text is not."""
    root = parse(
        "<html><body><p>Mail <b>the officer</b> at ana (at) example (dot) org"
        '<script>var mail = "x (at) y (dot) z";</script> or (at) the desk,'
        " bo {at} example.org.</p></body></html>"
    )
    assert reveal_emails(root, "at)") == 2
    assert root.findtext(".//script") == 'var mail = "x (at) y (dot) z";'
    assert text_of(root.find(".//p")).endswith(
        'at ana@example.orgvar mail = "x (at) y (dot) z"; or (at) the desk, bo@example.org.'
    )


def test_text_that_only_looks_spelled_out_is_left_alone() -> None:
    sentence = "Results (at) six months [dot] plots are in the appendix."
    doc = extract(page(inside=f"<p>{sentence}</p>"))
    assert sentence in doc.text


def test_a_cache_busting_token_inside_a_sentence_is_no_change() -> None:
    def terms(token: str) -> str:
        return page(
            inside=f"<p>The full terms are at https://example.org/terms.pdf?v={token} and in "
            "every clinic's waiting room, printed on request.</p>"
        )

    old, new = unchanged(terms("1712345678"), terms("1712399999"))
    assert "https://example.org/terms.pdf and in every clinic" in new.text
    assert stripped_as(new, "?v=1712399999") is StripReason.TOKEN
    moved = page(
        inside="<p>The full terms are at https://example.org/terms-2025.pdf and in every "
        "clinic's waiting room, printed on request.</p>"
    )
    assert compare(old, extract(moved)).article_changed


def test_the_author_s_box_under_about_the_author_is_no_change() -> None:
    """The bio a site prints under each of an author's posts changes with the author's
    profile (a new title, a new book), not with the article."""

    def bio(title: str) -> str:
        return (
            "<h2>About the author</h2><p>Dr. Ana Ruiz is an orthopaedic surgeon and "
            f"{title} at the clinic, where she has led the knee programme since 2015.</p>"
        )

    old_html = page(inside=bio("a senior partner"))
    new_html = page(inside=bio("the medical director"))
    _old, new = unchanged(old_html, new_html)
    assert stripped_as(new, "medical director") is StripReason.BYLINE
    assert "About the author" not in new.text


# a count's parts in any case: each counter word, the words around it, numbers, spaces
COUNT_PIECES = st.lists(
    st.sampled_from(
        [
            *volatile._COUNTER_WORD.replace("(?:helpful )?", "helpful |").split("|"),
            *("number of ", "Viewed ", "READ ", "seen", "lu ", "times", "fois", "mal", "k"),
            *("1,203", "12", "4.5", " ", "\u00a0", ":", "(", ")", "·", "Posted in News", "ſ"),
        ]
    ).flatmap(lambda piece: st.sampled_from([piece, piece.upper(), piece.title()])),
    max_size=8,
)


@given(COUNT_PIECES.map("".join))
@example("1,203 VIEWS")
@example("Comments (12)")
@example("read 40 Times")
def test_a_line_the_count_pattern_reads_is_never_passed_over(text: str) -> None:
    """The stems looked for before the count pattern is tried are in every line it reads."""
    if volatile._COUNTER.search(text):
        assert volatile._may_count(text, text.lower())


# the count pattern as first written, its number's run backtracking
_BACKTRACKING_COUNTER = re.compile(
    volatile._COUNTER.pattern.replace("]*+(?:[kKmM]", "]*(?:[kKmM]"), re.IGNORECASE
)


@given(COUNT_PIECES.map("".join))
@example("score: 1,385,611, and 14,445 people voted")
@example("5 k views")
@example("12\u00a0 kommentare")
def test_the_count_pattern_reads_as_its_backtracking_form(text: str) -> None:
    """The possessive run of a number's digits and spaces finds what the backtracking one
    found, where it found it, and strikes out the same."""
    assert _BACKTRACKING_COUNTER.pattern != volatile._COUNTER.pattern
    found = volatile._COUNTER.search(text)
    before = _BACKTRACKING_COUNTER.search(text)
    assert (found and found.span()) == (before and before.span())
    assert volatile._COUNTER.sub(" ", text) == _BACKTRACKING_COUNTER.sub(" ", text)


def _counter_words() -> list[str]:
    """Every word the count pattern's alternation spells, its optional letters both ways."""
    words = []
    for word in volatile._COUNTER_WORD.split("|"):
        if word.startswith("(?:helpful )?"):
            words += [word.removeprefix("(?:helpful )?"), "helpful " + word[13:]]
        elif word.endswith("?"):
            words += [word[:-2], word[:-1]]
        else:
            words.append(word)
    return words


def test_every_word_a_count_is_read_by_holds_a_stem() -> None:
    lines = [f"12 {word}" for word in _counter_words()] + [
        f"{verb} 3 {unit}"
        for verb in ("viewed", "read", "seen", "visited", "lu", "vu")
        for unit in ("times", "fois", "mal")
    ]
    for line in lines:
        for written in (line, line.upper(), line.title()):
            assert volatile._COUNTER.search(written), written
            assert volatile._may_count(written, written.lower()), written


def test_a_line_of_numbers_with_no_counter_word_is_no_count() -> None:
    years = "2019 2020 2021 2022 2023 2024 1 2 3 4 5 6 7 8 9 10"
    assert not volatile._may_count(years, years)
    assert text_reason(years) is None
    assert volatile._may_count("1,203 views", "1,203 views")


def test_a_feedback_widget_s_question_is_no_change() -> None:
    """A help centre's "Was this page helpful?" over its Yes/No buttons is a control: its
    script swaps it for a thank-you once a reader answers, and a blocker leaves it out."""
    widget = "<div class='rate'><p>Was this page helpful?</p><button>Yes</button></div>"
    old, _ = unchanged(page(inside=widget), page())
    assert stripped_as(old, "Was this page helpful?") is StripReason.CALL_TO_ACTION
    for question in ("Did this article help you?", "Was this answer useful to you?"):
        assert text_reason(question) == (StripReason.CALL_TO_ACTION, "a feedback widget's question")
    for sentence in (
        "Was this injection helpful for your knee?",
        "Is this page helpful to nurses?",
    ):
        assert text_reason(sentence) is None


def test_a_rating_widget_s_prompt_and_stars_are_no_change() -> None:
    """A list's "Rate this book" over the five stars a reader clicks, each labelled "N of 5
    stars": controls printed under every entry. A rating given is the entry's own."""
    stars = "".join(f"<a href='#' title='{n} of 5 stars'>{n} of 5 stars</a>" for n in range(1, 6))
    widget = f"<div><p>Rate this book</p><div>{stars}</div></div>"
    old, _ = unchanged(page(inside=widget), page())
    assert stripped_as(old, "Rate this book") is StripReason.CALL_TO_ACTION
    for control in ("1 of 5 stars2 of 5 stars3 of 5 stars4 of 5 stars5 of 5 stars",
                    "rate this product 4 stars", "Rate this recipe"):  # fmt: skip
        assert text_reason(control) == (StripReason.CALL_TO_ACTION, "a rating widget's control")
    for rating in ("4.9 of 5 stars from 3347 reviews", "Rate this week's issue with one click."):
        assert text_reason(rating) is None


def test_skip_links_are_no_text() -> None:
    """A screen reader's ways around the page ("Skip to main content", a wiki's "Jump to
    navigation" beside "Jump to search") say nothing of the article."""
    links = '<a href="#nav">Jump to navigation</a><a href="#search">Jump to search</a>'
    old = extract(page(inside=f"<div>{links}</div>"))
    assert stripped_as(old, "Jump to navigation") is StripReason.NAVIGATION
    assert text_reason("Skip to main content") == (StripReason.NAVIGATION, "skip links")
    for sentence in (
        "Jump to the list of clinics below",
        "Skip to step four if you have a referral",
    ):
        assert text_reason(sentence) is None


def test_a_form_s_message_once_sent_or_failed_is_no_change() -> None:
    """A booking box's answer ("Oops! Something went wrong. Please try again.", "Your
    message has been sent.") is printed hidden until the form is sent: a capture whose
    style sheet was late shows it, the next one does not."""
    form = (
        "<div class='booking'><p>Ask about a consultation and we will call you back.</p>"
        "<p>{}</p></div>"
    )
    message = "Oops! Something went wrong. Please try again."
    old, _ = unchanged(page(inside=form.format(message)), page(inside=form.format("")))
    assert stripped_as(old, message) is StripReason.CALL_TO_ACTION
    for line in (
        "We could not check your postcode. Please try again later.",
        "Thank you! Your message has been sent.",
        "Your email is being processed.",
    ):
        assert text_reason(line) == (
            StripReason.CALL_TO_ACTION,
            "a form's message once it is sent or fails",
        )
    for sentence in (
        "If the swelling returns, rest the knee and please try again after a week.",
        "Your request was received by the clinic in May.",
        "Something went wrong with the graft in two of the 120 patients.",
    ):
        assert text_reason(sentence) is None


@pytest.mark.parametrize(
    ("pattern", "match", "needs"),
    [
        (volatile._COPYRIGHT, "match", ("©", "(")),
        (volatile._MEMBER_STATS, "fullmatch", (":",)),
        (volatile._REACTIONS, "fullmatch", (":",)),
        (volatile._TICKING, "fullmatch", (":",)),
    ],
)
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_short_text_pattern_only_matches_text_holding_the_character_its_gate_asks(
    pattern: re.Pattern[str], match: str, needs: tuple[str, ...], data: st.DataObject
) -> None:
    # _short_text_reason asks each pattern only of texts holding one of these characters
    text = data.draw(st.from_regex(pattern, fullmatch=match == "fullmatch"))
    assert any(character in text for character in needs)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(volatile._FORM_OUTCOME, fullmatch=True))
def test_a_form_s_message_is_never_passed_over_by_the_gate_before_its_pattern(
    text: str,
) -> None:
    assert volatile._may_tell_outcome(text, text.lower())


@settings(max_examples=300)
@given(st.from_regex(boilerplate._CONTENT_TOKEN, fullmatch=True))
def test_every_content_wrapper_name_ends_as_the_gate_before_its_pattern_expects(
    token: str,
) -> None:
    # _token_verdict tries the pattern only on tokens ending in _CONTENT_ENDINGS
    assert token.endswith(boilerplate._CONTENT_ENDINGS)


def test_a_related_box_s_title_written_as_a_paragraph_at_the_article_s_end() -> None:
    """A paragraph of its own, "Related Posts:", over links the page strips (a box named
    for related posts) titles other pages; the same words with the article's text kept
    after them ("Also read:" over a linked guide mid-article) stay as written."""
    links = related_box(["Hip pain explained", "What is PRP?"]).replace(
        "<div><h3>More posts</h3>", '<div class="related-posts">'
    )
    doc = extract(page(inside=f"<p><strong>Related Posts:</strong></p>{links}"))
    assert stripped_as(doc, "Related Posts:") is StripReason.RELATED
    assert "Hip pain explained" not in doc.text
    middle = (
        "<p>Also read:</p><p>Knee arthritis is the wear of the cartilage that cushions the "
        "joint, and it grows more common with age, weight and old injuries.</p>"
    )
    doc = extract(page(inside=middle))
    assert "Also read:" in doc.text


@pytest.mark.parametrize(
    ("old_line", "new_line"),
    [("5 min read", "6 min read"), ("Reading time: 4 minutes", "Reading time: 5 minutes")],
)
def test_a_post_s_reading_time_is_no_change(old_line: str, new_line: str) -> None:
    """A reading time is worked out from the text's length and printed by the byline: it
    is no sentence of the article, while a recipe's "5 mins" stays as written."""
    _old, new = unchanged(page(inside=f"<p>{old_line}</p>"), page(inside=f"<p>{new_line}</p>"))
    assert stripped_as(new, new_line) is StripReason.BYLINE
    assert text_reason("5 mins") is None
    assert text_reason("We read aloud for 5 minutes a day") is None


def test_a_prompt_to_follow_on_a_social_network_is_no_change() -> None:
    """A prompt under a post, "Follow us on Instagram", is printed under every post, names no
    fact of the article: a sentence about X-rays or a weekend fair stays."""
    _old, new = unchanged(
        page(inside="<p>Follow us on Instagram</p>"),
        page(inside="<p>Follow the clinic on Facebook, X and TikTok: @exampleclinic</p>"),
    )
    assert stripped_as(new, "Follow the clinic") is StripReason.CALL_TO_ACTION
    assert text_reason("Follow the guidance on X-rays from your dentist.") is None
    assert text_reason("Join us on Saturday for the fair") is None


def test_a_table_of_contents_in_the_article_stays_article_text() -> None:
    """A terms page that adds a table of contents changes the text its readers are shown
    (Open Terms Archive's curators record it as a version): its title and entries stay
    in the article, and its headings below are kept as well."""
    contents = (
        '<div class="box"><h3>Table of Contents</h3><ul><li><a href="#results">Results in'
        ' our patients</a></li><li><a href="#risks">Risks and side effects</a></li></ul></div>'
    )
    sections = (
        '<h2 id="results">Results in our patients</h2><p>Pain scores fell by half within six'
        " months of a single injection in most of the patients we followed.</p>"
        '<h2 id="risks">Risks and side effects</h2><p>Swelling of the knee for a day or two is'
        " the most common side effect we see after the injection.</p>"
    )
    doc = extract(page(inside=contents + sections))
    kept = [b.text for b in doc.blocks]
    assert "Table of Contents" in kept
    assert kept.count("Results in our patients") == 2


def test_a_byline_s_by_alone_goes_with_its_stripped_name() -> None:
    """A byline's "By" printed apart from the author's name, a link to the author's page
    that is stripped, is no word of the article; with the name kept beside it, it stays."""
    linked = '<p>By</p><p><a href="/authors/ana-ruiz">Ana Ruiz</a></p>'
    doc = extract(page().replace("</h1>", "</h1>" + linked, 1))
    assert stripped_as(doc, "By") is StripReason.BYLINE
    assert "By" not in [b.text for b in doc.blocks]
    plain = extract(page().replace("</h1>", "</h1><p>By</p><p>Ana Ruiz</p>", 1))
    assert [b.text for b in plain.blocks][:2] == ["By", "Ana Ruiz"]


def test_a_shipping_promise_on_every_card_is_no_text_of_the_grid() -> None:
    """ "Free Shipping" printed on each card of a shop's grid is the day's offer, not what a
    card sells; one product's buy box keeps its own promise, and a service's tier stays."""
    html = page(inside=_brace_grid("Free Shipping"))
    assert stripped_as(extract(html), "Free Shipping") is StripReason.COUNTER
    one = extract(page(inside=_brace_card("Soft", "FREE 2-Day Delivery")))
    assert "FREE 2-Day Delivery" in one.text
    tiers = _brace_grid("48-Hour Express Delivery")
    assert "48-Hour Express Delivery" in extract(page(inside=tiers)).text


def test_the_site_s_notices_and_a_label_over_nothing_end_no_article() -> None:
    """The site's copyright and licence lines printed after every article, and a label whose
    list of links was stripped, are the site's; a notice that goes on about the article and
    a label with its list kept under it stay."""
    prose = "".join(
        f"<p>The {n} trail climbs through pine woods to a quiet lake, and the walk back is"
        " gentle enough for children and for anyone carrying a heavy pack.</p>"
        for n in ("north", "south", "east")
    )
    links = "<ul>" + "".join(f"<li><a href='/c/{n}'>Trail {n}</a></li>" for n in "abcdef") + "</ul>"
    ended = extract(
        page(
            inside=prose
            + "<p>© Hill Walks, 2026</p>"
            + "<p>Except as otherwise noted, the content of this page is licensed under it.</p>"
            + f"<div class='catlinks'><p>Filed under:</p>{links}</div>"
        )
    )
    assert stripped_as(ended, "© Hill Walks, 2026") is StripReason.FOOTER
    assert "licensed under" not in ended.text
    assert "Filed under:" not in ended.text
    assert "quiet lake" in ended.text
    kept = extract(
        page(
            inside=prose
            + "<p>Copyright © 2011, the Hill Club. For more about the north trail, write to us"
            " and we will send the map.</p><p>What to bring:</p><ul><li>Water and a hat for the"
            " sun on the open ridge</li></ul>"
        )
    )
    assert "Copyright © 2011" in kept.text
    assert "What to bring:" in kept.text


def test_a_share_bar_s_buttons_read_as_a_line_of_network_names_are_no_text() -> None:
    """A share bar's buttons read out as their networks' names are the site's furniture; the
    names in a sentence or a list written with commas stay."""
    for line in ("SMS Facebook Twitter Email", "LinkedInX", "Share Pinterest | Reddit"):
        assert text_reason(line) == (StripReason.SHARE, "a share bar's buttons")
    for line in ("X, Facebook", "Facebook", "Facebook and Twitter ran the same ad."):
        assert text_reason(line) is None


def test_a_heading_left_last_of_a_dated_article_goes_with_the_box_it_titled() -> None:
    """A heading kept as the last block of a dated article titles a box after the story
    whose contents were stripped (other posts' links): it goes with their reason. One with
    its paragraph kept under it stays, and so does the last heading of a page that does not
    declare itself an article (a landing page's grid of headed cards)."""
    box = (
        "<h3>More walks near you</h3><ul>"
        + "".join(
            f"<li><a href='/walks/{n}'>The {n} ridge loop</a></li>"
            for n in ("long", "short", "old")
        )
        + "</ul>"
    )
    dated = (
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2025-03-01T10:00:00Z">'
    )
    declared = extract(page(inside=box).replace("</title>", "</title>" + dated, 1))
    assert "More walks near you" not in [b.text for b in declared.blocks]
    assert stripped_as(declared, "More walks near you") is stripped_as(declared, "ridge loop")
    assert "injection" in declared.text
    undeclared = extract(page(inside=box))
    assert [b.text for b in undeclared.blocks][-1] == "More walks near you"
    own = "<h3>Before your visit</h3><p>Bring the results of your last knee scan with you.</p>"
    kept = extract(page(inside=own).replace("</title>", "</title>" + dated, 1))
    assert [b.text for b in kept.blocks][-2:] == [
        "Before your visit",
        "Bring the results of your last knee scan with you.",
    ]


def test_a_section_its_heading_labels_an_advertisement_is_the_ad() -> None:
    """A newsletter sells a slot between its sections and heads it "Advertisement: …" or
    "… (Sponsored)": the advertiser's prose under that heading, up to the next heading of
    its level, is the ad, not the issue; a heading that only names advertising or a
    sponsor as its subject stays with its section."""
    slot = (
        "<h2>Advertisement: The Knee Course, spring intake</h2>"
        "<p>Learn the injection technique from our surgeons in a two-day course held in "
        "our clinic, with places limited to twelve doctors for each session.</p>"
        "<h2>What patients ask us</h2>"
        "<p>Most patients ask how long the effect of a single injection lasts, and we "
        "answer that it differs from one knee to the next.</p>"
    )
    doc = extract(page(inside=slot))
    assert stripped_as(doc, "Learn the injection technique") is StripReason.AD
    assert stripped_as(doc, "Advertisement: The Knee Course") is StripReason.AD
    assert "Most patients ask how long" in doc.text
    own = slot.replace("Advertisement: The Knee Course, spring intake", "Advertising our clinic")
    assert "Learn the injection technique" in extract(page(inside=own)).text
    for heading in ("Observability for every build (Sponsored)", "Sponsor: Example Labs"):
        assert volatile._AD_HEADING.fullmatch(heading)
    for heading in (
        "Sponsorship deals",
        "Pay-per-click advertising",
        "1. Project sponsor",
        "Ana Ruiz (Partner)",
    ):
        assert not volatile._AD_HEADING.fullmatch(heading)


def test_an_author_s_label_written_as_a_paragraph_after_the_article_opens_their_bio() -> None:
    """A site prints its author's box in the article's flow, its label a paragraph:
    "About the Author:" alone over the bio, or opening it. Among the last blocks kept,
    the label and the bio go as the byline; the same words inside the article stay."""
    bio = (
        "Ana Ruiz is an orthopaedic surgeon who has written about knee care for ten years "
        "and lives in Lisbon with her two dogs."
    )
    for inside in (
        f"<p>About the Author:</p><p>{bio}</p>",
        f"<p><strong>About the author:</strong> {bio}</p>",
    ):
        doc = extract(page(inside=inside))
        assert stripped_as(doc, "Ana Ruiz is an orthopaedic surgeon") is StripReason.BYLINE
        assert "Talk to your doctor" in doc.text
    early = page().replace(
        "<p>Talk to your doctor", f"<p>About the Author:</p><p>{bio}</p><p>Talk to your doctor"
    )
    early = early.replace("every patient is different", "every patient is different. " * 3)
    assert "Ana Ruiz is an orthopaedic surgeon" in extract(early).text


def test_a_closing_prompt_to_follow_on_a_social_network_is_the_site_s() -> None:
    """A site prints under every post a paragraph asking the reader to follow it on a social
    network, too long for a one-line prompt; among the last blocks kept it goes as a call to
    action. A story's sentence about someone followed there, and the same ask written before
    the article's last paragraphs, stay."""
    ask = (
        "<p>Our surgeons answer a new question about knees every week. Follow the Knee Desk"
        " on Instagram, YouTube or Pinterest for their answers and for our clinic's news.</p>"
    )
    doc = extract(page(inside=ask))
    assert stripped_as(doc, "Follow the Knee Desk") is StripReason.CALL_TO_ACTION
    assert "Talk to your doctor" in doc.text
    story = (
        "<p>After her recovery, thousands of runners began to follow her on Instagram, where"
        " she posts her training runs along the river every morning.</p>"
    )
    assert "follow her on Instagram" in extract(page(inside=story)).text
    after = "".join(
        f"<p>The {n} week after the injection, most patients walk without pain and return"
        " to light exercise such as swimming or cycling.</p>"
        for n in ("first", "second", "third")
    )
    assert "Follow the Knee Desk" in extract(page(inside=ask + after)).text


def test_a_sign_off_line_after_the_post_is_the_site_s() -> None:
    """ "Thanks for visiting!" alone among the last blocks kept is the site's greeting over
    its author box; the thanks closing a paragraph of the post stays."""
    doc = extract(page(inside="<p>Thanks for visiting!</p>"))
    assert stripped_as(doc, "Thanks for visiting!") is StripReason.LOW_CONTENT
    own = "<p>Ask us anything about your knee in the comments. Thanks for reading!</p>"
    assert "Thanks for reading!" in extract(page(inside=own)).text


def test_the_comment_section_s_notice_after_the_post_is_the_site_s() -> None:
    """A blog prints under every post where its comment form was: the thread's closed state
    with a line after it, a pointer to its comment rules, the form's consent. Among the
    last blocks kept each goes as comments; the author's closing question to readers, and
    a sentence of the post about comments closed to something else, stay."""
    notices = (
        "Comments are closed for this post, but if you have spotted a mistake in it, write"
        " to the clinic's desk and we will correct it.",
        "Thanks for being part of our community. Read our Comment Policy before posting.",
        "By posting a comment, you consent to have your details stored and used in line"
        " with our privacy policy.",
    )
    for notice in notices:
        doc = extract(page(inside=f"<p>{notice}</p>"))
        assert stripped_as(doc, notice[:30]) is StripReason.COMMENTS
        assert "Talk to your doctor" in doc.text
    for own in (
        "Have you tried the injection yourself? Tell us how it went in the comments below.",
        "Comments are closed to new patients until the spring, when the clinic reopens.",
    ):
        assert own in extract(page(inside=f"<p>{own}</p>")).text


def test_a_caption_toggle_a_continue_link_and_a_closed_thread_are_no_text() -> None:
    """A caption's "Show Caption" toggle, a card's "Continue Reading", an ad slot's "Article
    Continues Below" and a blog's "Comments are closed." are the page's furniture; sentences
    that open with the same words stay."""
    assert text_reason("Show Caption") == (StripReason.CALL_TO_ACTION, "a control's label")
    assert text_reason("Continue Reading →") == (StripReason.CALL_TO_ACTION, "a control's label")
    assert text_reason("Article Continues Below") == (StripReason.AD, "an advertisement's label")
    assert text_reason("Comments are closed.") == (
        StripReason.COMMENTS,
        "a comment thread's closed notice",
    )
    for sentence in (
        "Continue reading your scan results with your doctor before the injection.",
        "Comments are closed to new patients until the spring.",
        "The article continues below the fold on the printed page of the journal.",
    ):
        assert text_reason(sentence) is None


def test_a_closing_appeal_for_donations_is_the_site_s() -> None:
    """A newsroom asks for money after every story ("please consider pitching in", "Your
    monthly donations play a part…"): among the last blocks kept, a call to action. A
    story's last paragraph about people who give stays."""
    appeal = (
        "<p>Our clinic's newsletter is free for every patient. If these guides help you, please"
        " consider pitching in what you can so that they stay free for everyone.</p>"
    )
    doc = extract(page(inside=appeal))
    assert stripped_as(doc, "please consider pitching in") is StripReason.CALL_TO_ACTION
    assert "Talk to your doctor" in doc.text
    story = (
        "<p>Many of our patients donate their time to the knee support group, where they help"
        " others through the first weeks after the injection.</p>"
    )
    assert "donate their time" in extract(page(inside=story)).text


def test_an_up_next_title_and_a_post_pager_name_other_pages() -> None:
    """ "Up Next", "Watch Next" and a pager's "Previous Post" title a box of other pages:
    left last over nothing kept, the title goes as related. A heading that only opens with
    the same words stays."""
    for label in ("Up Next", "Watch Next", "Previous Post"):
        doc = extract(page(inside=f"<p>{label}</p>"))
        assert stripped_as(doc, label) is StripReason.RELATED
        assert volatile.related_heading(label)
    for heading in ("Next steps after the injection", "Up next for the clinic: a new wing"):
        assert not volatile.related_heading(heading)
