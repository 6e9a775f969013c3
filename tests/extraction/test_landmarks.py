"""What the page's landmarks say, on pages written here in shapes seen on product and
listing pages.

``<main>`` declares where the content is: a stylesheet that hides it until a script runs
does not hide it from the reader, and a footer of long legal notes beside it stays chrome
even when it outweighs the product text. A ``<header>`` (or a ``role="banner"``) inside an
``<article>`` or a ``<section>`` is that card's own title and lede, not the site's banner.
A box named "modal-…" is a pop-up wherever its name puts the word. A shop's customer
reviews are readers' comments, not the product.
"""

from __future__ import annotations

from lxml import etree

from tracker.extraction import extract, page_blocks
from tracker.extraction.boilerplate import PLACED, chrome_mark, placeless_mark
from tracker.model import StripReason

R = StripReason

PRODUCT = [
    "The studio microphone pairs a dynamic capsule with a built-in preamp, so quiet voices "
    "reach a usable level without a separate booster between the microphone and the mixer.",
    "Two switches shape the sound: a bass roll-off for close speech and a presence boost "
    "that lifts the middle frequencies when a voice has to cut through music.",
    "An internal shock mount and a shielded body keep handling noise and the hum of "
    "computer monitors out of the recording, which matters most in small home studios.",
]
NOTES = [
    f"{n}. Testing was conducted in September using preproduction units and software; "
    "results depend on configuration, settings, environment and many other factors, and "
    "prices, financing terms, trade-in values and availability may change without notice."
    for n in range(1, 9)
]
NAV = "Guitars Basses Drums Keyboards Studio Recording Live Sound Accessories Deals"


def _product_page(*, hidden_main: bool = False, notes: bool = False) -> str:
    style = "<style>main { display: none; }</style>" if hidden_main else ""
    body = "".join(f"<p>{text}</p>" for text in PRODUCT)
    footer = (
        "<footer><ol>" + "".join(f"<li>{note}</li>" for note in NOTES) + "</ol></footer>"
        if notes
        else "<footer><p>© 2025 Music Store</p></footer>"
    )
    return (
        f"<html><head><title>Studio microphone</title>{style}</head><body>"
        f'<header><nav><a href="/">{NAV}</a></nav></header>'
        f"<main><h1>Studio microphone</h1><div class='description'>{body}</div></main>"
        f"{footer}</body></html>"
    )


def test_a_main_hidden_by_a_stylesheet_until_a_script_runs_is_read() -> None:
    doc = extract(_product_page(hidden_main=True))
    for text in PRODUCT:
        assert text in doc.text
    assert NAV not in doc.text


def test_long_footer_notes_beside_main_stay_chrome() -> None:
    doc = extract(_product_page(notes=True))
    assert sum(map(len, NOTES)) > sum(map(len, PRODUCT))  # the notes hold more prose
    for text in PRODUCT:
        assert text in doc.text
    assert "preproduction units" not in doc.text
    assert {b.reason for b in doc.stripped if "preproduction" in b.text} == {R.FOOTER}


CARDS = [
    ("Firmware update for wireless headphones", "The maker released new firmware for its "
     "over-ear model, although it has not said what the update changes."),
    ("Hands on with the new earbuds", "We tested live translation and heart-rate tracking "
     "on the new earbuds for a week; both work better than we expected."),
    ("Price cut on noise-cancelling headphones", "Three retailers dropped the price of the "
     "previous generation by a hundred dollars, today only."),
    ("Headphone accommodations come to laptops", "The accessibility setting that tunes "
     "playback to a listener's hearing is now available on desktop computers too."),
]  # fmt: skip


def test_the_header_of_a_card_article_is_the_card_not_the_site_banner() -> None:
    cards = "".join(
        f'<article class="card"><header><h2><a href="/{n}">{title}</a></h2>'
        f"<p>{snippet}</p></header></article>"
        for n, (title, snippet) in enumerate(CARDS)
    )
    html = (
        "<html><head><title>Headphones</title></head><body>"
        f'<header class="site"><a href="/">Home</a> <a href="/news">News</a></header>'
        f"<main><h1>Headphones</h1><section>{cards}</section></main>"
        "<footer><p>© 2025 Gadget News</p></footer></body></html>"
    )
    doc = extract(html)
    for title, snippet in CARDS:
        assert snippet in doc.text
        assert title in doc.text
    assert {b.reason for b in doc.stripped if "Home" in b.text} == {R.HEADER}


def test_a_banner_role_inside_a_section_is_that_section_s_own() -> None:
    """A page builder that marks each feature's hero box ``role="banner"`` inside a
    ``<section>`` of the product writes the product's own text there, as a ``<header>``
    there is that part's own; the site's banner outside any section stays chrome."""
    features = "".join(
        f'<section><div role="banner"><h2>Feature {n}</h2><p>{text}</p></div></section>'
        for n, text in enumerate(PRODUCT)
    )
    html = (
        "<html><head><title>Studio microphone</title></head><body>"
        f'<div role="banner"><a href="/">{NAV}</a></div>'
        f"<main><h1>Studio microphone</h1>{features}</main>"
        "<footer><p>© 2025 Music Store</p></footer></body></html>"
    )
    doc = extract(html)
    for text in PRODUCT:
        assert text in doc.text
    assert NAV not in doc.text
    assert {b.reason for b in doc.stripped if "Guitars" in b.text} == {R.HEADER}


def test_a_box_named_modal_first_is_a_pop_up_not_evidence() -> None:
    """A modal named "modal-…" holding more than twice the article's prose is not read
    again as the article when the first choice looks short."""
    policy = "".join(
        f"<p>{n}. We process personal information to fulfil orders, to answer questions and "
        "to improve our services, and we keep it only as long as the law requires.</p>"
        for n in range(5)
    )
    html = (
        "<html><head><title>Wool runner</title></head><body>"
        f"<main><h1>Wool runner</h1><p>{PRODUCT[0]}</p><p>{PRODUCT[1]}</p></main>"
        f'<div id="modal-privacy-policy" class="fixed inset-0"><h2>Privacy policy</h2>'
        f"{policy}</div><aside><p>{PRODUCT[2]} {NOTES[0]} {NOTES[1]}</p></aside></body></html>"
    )
    doc = extract(html)
    assert PRODUCT[0] in doc.text
    assert "personal information" not in doc.text
    assert {b.reason for b in doc.stripped if "personal information" in b.text} == {
        R.CALL_TO_ACTION
    }


REVIEWS = [
    ("Great for podcasts", "Dana", "Sounds warm and clear on my voice, and I no longer need "
     "the inline booster I bought for my old microphone."),
    ("Heavy but solid", "Sam", "It is heavier than I expected, so get a sturdy arm, but the "
     "sound is worth it and the switches are easy to reach."),
    ("Hum is gone", "Lee", "My old microphone picked up the monitor's hum. This one does not, "
     "even with the computer right next to it on the desk."),
]  # fmt: skip


def test_customer_reviews_under_a_product_are_readers_comments() -> None:
    reviews = "".join(
        f'<div class="review"><h3>{title}</h3><p>{name}</p><p>{text}</p></div>'
        for title, name, text in REVIEWS
    )
    html = (
        "<html><head><title>Studio microphone</title></head><body>"
        f"<main><h1>Studio microphone</h1>{''.join(f'<p>{t}</p>' for t in PRODUCT)}"
        f'<section class="product-reviews"><h2>Reviews</h2>{reviews}</section></main>'
        "</body></html>"
    )
    doc = extract(html)
    for text in PRODUCT:
        assert text in doc.text
    for _, _, text in REVIEWS:
        assert text not in doc.text
        assert {b.reason for b in doc.stripped if b.text == text} == {R.COMMENTS}


def test_one_class_on_a_question_and_on_a_button_marks_only_the_button() -> None:
    """What a tag and class say is asked once per page, but a button's label still decides
    for each button: an FAQ's question styled as one opens its answer, "Add to cart" is a
    control."""
    html = (
        "<html><body><main><p>A studio microphone for quiet voices, with its own preamp.</p>"
        '<div><a class="btn" href="#a1">Does the preamp need phantom power?</a></div>'
        '<div><a class="btn" href="/cart">Add to cart</a></div>'
        '<div><a class="btn" href="#a2">Can it hang from a boom arm?</a></div>'
        "</main></body></html>"
    )
    marks = {block.text: [mark[0] for mark in block.marks] for block in page_blocks(html)}
    assert marks["Does the preamp need phantom power?"] == []
    assert marks["Can it hang from a boom arm?"] == []
    assert marks["Add to cart"] == [R.CALL_TO_ACTION]


def test_a_mark_without_the_element_is_given_only_where_the_element_cannot_change_it() -> None:
    element = etree.fromstring('<div class="share-buttons"><p>Share</p></div>')
    attributes = dict(element.items())
    assert placeless_mark("div", attributes) == chrome_mark(element, "div", attributes)
    assert placeless_mark("div", {"class": "entry-content"}) is None
    assert placeless_mark("a", {"class": "btn"}) is PLACED  # its label may ask a question
    assert placeless_mark("header", {}) is PLACED  # an article's own header is no banner
    assert placeless_mark("div", {"role": "banner"}) is PLACED  # so is a section's banner
    assert placeless_mark("section", {"class": "x", "id": "comments"}) is PLACED  # an anchor?


def test_a_control_asks_by_its_last_words_read_from_the_end() -> None:
    # the question is the last text that is not blank: a trailing blank tail, an empty
    # element and a comment's own text (a "?" too) count for nothing
    button = etree.fromstring(
        '<div class="btn-toggle"><span>Do you ship abroad?</span> \xa0<i></i>'
        "<!-- tooltip? -->\n</div>"
    )
    assert chrome_mark(button, "div", dict(button.items())) is None
    statement = etree.fromstring(
        '<div class="btn-toggle"><span>Is it free?</span> We ship abroad<!--?--></div>'
    )
    assert chrome_mark(statement, "div", dict(statement.items())) == (
        R.CALL_TO_ACTION,
        'class/id "btn-toggle"',
    )


def test_a_role_a_name_says_again_decides_as_the_role_alone_would() -> None:
    """A wiki's table of contents is a box named "toc" that also says it is navigation
    (``role="navigation"``): the name says what the role says, and the role's verdict
    holds, not a name's evidence that the entries' text outweighs."""
    sections = [
        "Asking good questions about slow queries",
        "General setup and tuning",
        "Routine maintenance that keeps tables fast",
        "Choosing hardware for a database server",
        "Running benchmark workloads of your own",
    ]
    toc = "".join(
        f'<li class="toclevel-1"><a href="#s{n}"><span class="tocnumber">{n}</span> '
        f'<span class="toctext">{title}</span></a></li>'
        for n, title in enumerate(sections, 1)
    )
    step = (
        "Each part of this guide explains one step of keeping a database quick under load, "
        "with the settings to check and the reasons behind them. "
    )
    body = "".join(
        f'<h2 id="s{n}">{title}</h2><p>{step * 3}</p>' for n, title in enumerate(sections, 1)
    )
    page = (
        "<html><head><title>Performance guide - Wiki</title></head><body>"
        '<div id="content" class="mw-body"><h1>Performance guide</h1>'
        f'<div id="toc" class="toc" role="navigation"><h2>Contents</h2><ul>{toc}</ul></div>'
        f"{body}</div></body></html>"
    )
    doc = extract(page)
    texts = [block.text for block in doc.blocks]
    assert texts.count(sections[0]) == 1  # the section's heading, not its entry in the toc
    assert "Contents" not in texts and not any(text.startswith("1 ") for text in texts)
    assert any(s.text == "Contents" and s.detail == 'role="navigation"' for s in doc.stripped)


def test_a_heading_s_link_to_itself_named_header_is_the_heading() -> None:
    """A book generator (mdBook) links each heading to its own place, the link named
    "header": the section's heading, kept; a box named so outside any heading is the
    site's banner still."""
    sections = ["Reading the manifest", "Checking the lock file", "Publishing a release"]
    body = "".join(
        f'<h2 id="s{n}"><a class="header" href="#s{n}">{title}</a></h2><p>{PRODUCT[n]}</p>'
        for n, title in enumerate(sections)
    )
    page = (
        '<html><head><title>Packaging</title></head><body><div class="header">'
        '<a href="/">The packaging book</a></div><main><h1>Packaging</h1>'
        f"{body}</main></body></html>"
    )
    doc = extract(page)
    kept = [block.text for block in doc.blocks]
    assert all(title in kept for title in sections)
    assert any(
        block.text == "The packaging book" and block.reason is R.HEADER for block in doc.stripped
    )


def test_a_line_styled_secondary_is_a_subtitle_not_a_sidebar() -> None:
    """A design system names a card's second line by its style ("plan-card-secondary-
    title" under each plan's name: its price): the page's own text, where the theme's
    secondary column ("secondary", "site-secondary") is a sidebar beside the article."""
    assert placeless_mark("p", {"class": "plan-card-secondary-title"}) is None
    assert placeless_mark("div", {"class": "secondary-label"}) is None
    assert placeless_mark("div", {"class": "secondary"}) == (
        StripReason.ASIDE,
        'class/id "secondary"',
    )
    plans = "".join(
        f'<div class="plan-card"><h3>{name}</h3><p class="plan-card-secondary-title">{price}</p>'
        f"<p>{line}</p></div>"
        for name, price, line in [
            ("Starter", "$12 per month", "One garden plan a season, sent as a printable sheet."),
            ("Grower", "$29 per month", "A plan a month, a call with a gardener and seed lists."),
        ]
    )
    page = (
        "<html><body><main><h1>Garden plans</h1><p>We draw a planting plan for your plot from "
        "its soil, its light and the crops you like to eat, and change it as the year goes on, "
        f"so the beds are never empty and never crowded.</p>{plans}</main></body></html>"
    )
    kept = [block.text for block in extract(page).blocks]
    assert "$29 per month" in kept
