"""The verdict on each block once the article is chosen, on pages written here in the
shapes real pages share: lists of links inside the article's flow, a thread's posts."""

from __future__ import annotations

import pytest

from tracker.extraction import extract
from tracker.model import Document, StripReason

R = StripReason

INTRO = (
    "Slow queries are most often a missing index, a planner misled by old statistics or a "
    "server that was never told how much memory it has. Start with the reading below."
)
OUTRO = (
    "Once the slow queries are known, measure again after each change: a setting that "
    "helps one workload can hurt another, and only numbers from your own server tell."
)
GUIDES = ["Reading a query plan", "Keeping statistics fresh", "Sizing shared buffers"]


def _kept(doc: Document) -> str:
    return "\n".join(block.text for block in doc.blocks)


def _links(titles: list[str], prefix: str) -> str:
    items = "".join(
        f'<li><a href="/{prefix}/{n}">{title}</a></li>' for n, title in enumerate(titles)
    )
    return f"<ul>{items}</ul>"


def test_a_list_of_links_between_the_article_s_paragraphs_is_the_article_s() -> None:
    """A resource list in the middle of a guide is what the guide points its reader to;
    the same kind of list after the article's last paragraph is a box of other pages."""
    others = ["Our spring sale", "Meet the team", "Careers at the co-op"]
    page = (
        "<html><head><title>Tuning slow queries</title></head><body><main><article>"
        f"<h1>Tuning slow queries</h1><p>{INTRO}</p>{_links(GUIDES, 'guide')}<p>{OUTRO}</p>"
        f"{_links(others, 'page')}</article></main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    for title in GUIDES:
        assert title in kept
    for title in others:
        assert title not in kept
        assert any(block.text == title and block.reason is R.LOW_CONTENT for block in doc.stripped)


def test_a_list_of_links_under_its_sections_heading_and_edit_link_is_the_article_s() -> None:
    """An index page of a wiki: each section a heading whose box also holds an "edit"
    link, then a list of links, then the next section's heading. The edit link is the
    heading's, and the list is the section's body, between two of the article's blocks."""
    sections = {
        "A": ["Ada", "Algol 68", "APL", "AWK"],
        "B": ["BASIC", "BCPL", "Bash", "Boo"],
        "C": ["C", "COBOL", "Clojure", "Crystal"],
    }
    body = "".join(
        f'<div class="mw-heading"><h2>{letter}</h2><span class="mw-editsection">'
        f'<a href="/edit/{letter}">edit</a></span></div>{_links(names, letter)}'
        for letter, names in sections.items()
    )
    page = (
        "<html><head><title>Index of languages</title></head><body><main><article>"
        f"<h1>Index of languages</h1><p>{INTRO}</p>{body}<p>{OUTRO}</p>"
        "</article></main></body></html>"
    )
    kept = _kept(extract(page))
    assert all(name in kept for names in sections.values() for name in names)


def test_a_sentence_pointing_to_another_page_between_the_article_s_paragraphs_is_its() -> None:
    """A documentation page points its reader on in a sentence of its own ("See ...",
    "For more information, see ..."), its object a link: between two of the article's
    paragraphs it is the article's; the same words linked whole (a shop's button) or
    "See also" over a related link are no sentence of the text."""
    pointers = [
        f'See <a href="/guide/plans">{GUIDES[0]}</a>.',
        f'For more information, see <a href="/guide/stats">{GUIDES[1]}</a>.',
    ]
    others = [
        '<a href="/shop/buffers">See prices at the shop</a>',
        f'See also <a href="/guide/buffers">{GUIDES[2]}</a>',
    ]
    body = "".join(f"<p>{line}</p><p>{INTRO}</p>" for line in pointers + others)
    page = (
        "<html><head><title>Tuning slow queries</title></head><body><main><article>"
        f"<h1>Tuning slow queries</h1><p>{INTRO}</p>{body}<p>{OUTRO}</p>"
        "</article></main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc).split("\n")
    assert f"See {GUIDES[0]}." in kept
    assert f"For more information, see {GUIDES[1]}." in kept
    for line in ("See prices at the shop", f"See also {GUIDES[2]}"):
        assert line not in kept
        assert any(block.text == line and block.reason is R.LOW_CONTENT for block in doc.stripped)


def test_a_written_sentence_whose_objects_are_links_beside_the_article_s_paragraphs_is_its() -> (
    None
):
    """A sentence of the text whose objects are linked ("Read the guide and the checklist.")
    beside one of the article's paragraphs is the article's, whatever verb opens it, even
    as its last line before a box of links; a related box's linked title, without a full
    stop, a sentence linked whole and a call to act that asks first stay out."""
    sentences = [
        f'Read <a href="/guide/plans">{GUIDES[0]}</a> and <a href="/guide/stats">{GUIDES[1]}'
        "</a> first.",
    ]
    others = [
        f'Next: <a href="/guide/buffers">{GUIDES[2]}</a>',
        '<a href="/shop/buffers">Buy the printed edition of this guide today.</a>',
        'Questions? <a href="/contact">Book a call or write to our support team</a>.',
    ]
    body = "".join(f"<p>{line}</p><p>{INTRO}</p>" for line in sentences + others)
    last = f'Read <a href="/guide/buffers">{GUIDES[2]}</a> next.'
    related = _links(["Our spring sale", "Meet the team", "Careers at the co-op"], "page")
    page = (
        "<html><head><title>Tuning slow queries</title></head><body><main><article>"
        f"<h1>Tuning slow queries</h1><p>{INTRO}</p>{body}<p>{OUTRO}</p><p>{last}</p>"
        f"{related}</article></main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc).split("\n")
    assert f"Read {GUIDES[0]} and {GUIDES[1]} first." in kept
    assert f"Read {GUIDES[2]} next." in kept
    for line in (
        f"Next: {GUIDES[2]}",
        "Buy the printed edition of this guide today.",
        "Questions? Book a call or write to our support team.",
    ):
        assert line not in kept
        assert any(block.text == line and block.reason is R.LOW_CONTENT for block in doc.stripped)


MUG = (
    "Each mug is thrown by hand on the wheel, so its size and the line where the two glazes "
    "meet vary a little from one to the next. The handle is pulled, not cast, and fits three "
    "fingers; the stoneware is fired twice, so the glaze is food-safe and hard to chip."
)


CARE = (
    "Care: the mug goes in the dishwasher and the microwave, but not in the oven or on a "
    "flame. Sudden changes of temperature can crack stoneware, so let it cool before you "
    "rinse it in cold water, and do not pour boiling water into a mug straight from the "
    "freezer. Scratches from metal spoons wash off with a little baking soda."
)


def test_a_read_more_panel_is_the_text_it_folds() -> None:
    """ "read-more" names the toggle that unfolds a long description, not a box of other
    pages: the description inside it is the product's."""
    page = (
        "<html><head><title>Two-tone mug</title></head><body><main>"
        f"<h1>Two-tone mug</h1><p>€28.00</p><p>{CARE}</p>"
        f'<div class="listing-description-read-more"><p>{MUG}</p></div>'
        '<div class="related-products"><p>You may also like: the matching saucer, a teapot '
        "for four and a set of six espresso cups in the same two glazes.</p></div>"
        "</main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert MUG in kept
    assert "matching saucer" not in kept


QUESTION = (
    "Which glue holds a ceramic handle that snapped off a mug used every day? The break is "
    "clean, in two pieces, and the mug goes through the dishwasher most evenings, so "
    "whatever I use has to take heat and water. I would rather mend it than buy another."
)
ANSWERS = [
    f"I mended a {thing} with {glue} {years} years ago: clean both faces, sand the glaze off "
    "the break a little, clamp it for a day and let it cure for a week before it meets hot "
    "water. It is still in use, though the seam shows as a thin dark line. Keep the glue "
    "line thin and wipe off what squeezes out before it sets."
    for thing, glue, years in [
        ("mug", "a two-part epoxy", "five"),
        ("teapot", "a dishwasher-rated epoxy", "three"),
        ("jug", "a slow-setting epoxy", "two"),
        ("cup", "a clear epoxy", "four"),
        ("bowl", "a food-safe epoxy", "six"),
        ("vase", "a ceramic repair epoxy", "seven"),
        ("saucer", "an epoxy putty", "eight"),
        ("plate", "a marine epoxy", "nine"),
        ("pitcher", "a heat-resistant epoxy", "ten"),
        ("tile", "a grout-coloured epoxy", "eleven"),
        ("lid", "a two-part epoxy", "twelve"),
    ]
]
BOARDS = ["Pottery", "Glazes", "Kilns", "Woodwork", "Metalwork", "Textiles", "Glass", "Paper"]
MENU = "".join(
    f'<li><a href="/c/{n}">{name}</a> <span>threads about {name.lower()} and its tools, '
    "techniques and the problems members ran into</span></li>"
    for n, name in enumerate(BOARDS)
)
INSTALL = [
    "A better way to browse: install the forum as an app on your phone.",
    "Open the share menu of your browser and choose Add to Home Screen.",
    "Confirm with Add, and the forum opens full screen with notifications.",
    "On Android, open the browser's menu and choose Install app instead.",
]


def test_a_thread_whose_opening_post_is_a_comment_is_its_posts() -> None:
    """A forum prints its opening post with the replies' template, named "comment": when
    the page's first long paragraph is such a post, the page is the thread, however much
    text its menus, footer and app prompt hold besides."""
    posts = "".join(
        f'<div class="comment" id="comment-{n}_wrap"><p class="author">member{n}</p>'
        f"<p>{text}</p></div>"
        for n, text in enumerate([QUESTION, *ANSWERS])
    )
    prompt = "".join(f"<p>{line}</p>" for line in INSTALL)
    page = (
        "<html><head><title>Gluing a mug handle</title></head><body>"
        f'<nav><ul class="menu">{MENU}</ul></nav><div class="app-prompt">{prompt}</div>'
        f"<main><h1>Gluing a mug handle</h1>{posts}</main>"
        f'<footer><ul class="menu">{MENU}</ul><p>© The makers forum</p></footer>'
        "</body></html>"
    )
    kept = _kept(extract(page))
    assert QUESTION in kept
    assert all(answer in kept for answer in ANSWERS)
    assert "techniques and the problems" not in kept


def test_a_post_s_signature_is_furniture_a_signature_feature_is_not() -> None:
    """A signature is printed under every post of its author: a motto, links, a badge.
    A class name that ends in "signature" names it; a product's "digital-signature"
    feature or a "signature-dishes" menu is the page's own."""
    posts = "".join(
        f'<div class="post"><p class="author">member{n}</p><div class="content"><p>{text}</p>'
        '</div><div class="signature">Mending since 1998 · my kiln log · no DMs please</div>'
        "</div>"
        for n, text in enumerate([QUESTION, *ANSWERS[:3]])
    )
    thread = (
        "<html><head><title>Gluing a mug handle</title></head><body>"
        f"<main><h1>Gluing a mug handle</h1>{posts}</main></body></html>"
    )
    kept = _kept(extract(thread))
    assert QUESTION in kept and all(answer in kept for answer in ANSWERS[:3])
    assert "Mending since 1998" not in kept

    feature = (
        "Sign contracts on the tablet itself: the pen's pressure and timing are recorded with "
        "each stroke, so a signature made here holds up as a qualified electronic signature."
    )
    product = (
        "<html><head><title>Field tablet</title></head><body><main><h1>Field tablet</h1>"
        f"<p>{CARE}</p>"
        f'<div class="feature-digital-signature-compatible"><h2>Signature ready</h2>'
        f"<p>{feature}</p></div></main></body></html>"
    )
    assert feature in _kept(extract(product))


WORKERS = (
    "Workers do not share memory: each one gets a copy of the data it is sent, so a large "
    "table passed to every worker is copied as many times. Put it in a shared memory block "
    "instead, pass the block's name, and attach to it inside each worker."
)


def test_a_section_s_id_made_of_its_heading_names_its_subject_not_chrome() -> None:
    """Documentation generators give each section an id made of its heading's words:
    "sharing-data-between-workers" says what the section is about, not that it is a share
    bar. An id with a word of its own ("share-buttons") is still a name."""
    page = (
        "<html><head><title>Parallel processing</title></head><body><main>"
        f"<h1>Parallel processing</h1><p>{CARE}</p>"
        '<section id="s-sharing-data-between-workers"><h2>Sharing data between workers</h2>'
        f"<p>{WORKERS}</p></section>"
        '<div id="share-buttons"><h3>Share this page</h3><p>Send this guide to a colleague '
        "by e-mail, or post it to your team's chat with one click.</p></div>"
        "</main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert WORKERS in kept and "Sharing data between workers" in kept
    assert "Send this guide" not in kept


def test_a_service_card_named_like_a_promotion_is_content_by_its_two_sentences() -> None:
    """A theme names each service's card inside the page a "promo": a card that carries two
    sentences below its own title (120 characters, mostly not links) is the page's text,
    whatever its name; a one-line button box named the same way stays out."""
    services = [
        ("Boiler servicing", "An engineer checks the burner, the flue and the pressure of the "
         "boiler once a year. You get a written report and a reminder when the next visit is due."),
        ("Radiator balancing", "We adjust every valve so that each room warms at the same "
         "pace. Cold rooms upstairs and noisy old pipes are often both fixed in a single "
         "afternoon visit."),
        ("Leak repairs", "A plumber finds the leak with a thermal camera before lifting any floor. "
         "Most of the joints and valves are replaced on the first visit, with parts included."),
    ]  # fmt: skip
    cards = "".join(
        f'<div class="promo-card"><h3>{name}</h3><p>{text}</p></div>' for name, text in services
    )
    doc = extract(
        "<html><head><title>Heating services</title></head><body>"
        '<nav><ul class="menu"><li><a href="/">Home</a></li></ul></nav><main>'
        f"<h1>Heating services</h1><p>{INTRO}</p>{cards}"
        '<div class="promo-button"><a href="/book">Book a visit</a></div>'
        f"<p>{OUTRO}</p></main></body></html>"
    )
    kept = _kept(doc)
    for name, text in services:
        assert 120 <= len(text) < 200  # the card's text below its title
        assert name in kept
        assert text in kept
    assert "Book a visit" not in kept


AUTHOR_BIO = (
    "Ana Ruiz runs a small database consultancy and has tuned Postgres servers for "
    "shops and clinics since 2009."
)


@pytest.mark.parametrize(
    "box",
    [
        # a WordPress author-box plugin ("abh_box") prints the bio under every post
        f'<div class="abh_box abh_box_down"><div class="abh_text"><p>{AUTHOR_BIO}</p></div></div>',
        # Simple Author Box names its parts "saboxplugin-desc", "saboxplugin-authorname"
        # (no word edge before "author")
        '<div class="saboxplugin-wrap"><div class="saboxplugin-tab">'
        '<div class="saboxplugin-authorname"><a href="/author/ana">Ana Ruiz</a></div>'
        f'<div class="saboxplugin-desc"><p>{AUTHOR_BIO}</p></div></div></div>',
    ],
)
def test_an_author_box_plugin_s_name_marks_the_author_s_box(box: str) -> None:
    """WordPress author-box plugins print the author's name and bio under every post: a
    byline box, not the article."""
    page = (
        "<html><head><title>Tuning slow queries</title></head><body><main><article>"
        f"<h1>Tuning slow queries</h1><p>{INTRO}</p><p>{OUTRO}</p>{box}"
        "</article></main></body></html>"
    )
    doc = extract(page)
    assert OUTRO in _kept(doc)
    assert any(block.text == AUTHOR_BIO and block.reason is R.BYLINE for block in doc.stripped)


def test_a_table_of_contents_plugin_s_name_marks_its_links() -> None:
    """LuckyWP's and SimpleTOC's tables of contents spell "toc" inside a word ("lwptoc",
    "simpletoc-list"): the article's headings again, as links, not its text."""
    for box in ("lwptoc lwptoc-light", "simpletoc-list"):
        page = (
            "<html><head><title>Tuning slow queries</title></head><body><main><article>"
            f'<h1>Tuning slow queries</h1><p>{INTRO}</p><div class="{box}">'
            '<a href="#plans">Reading the plans</a> <a href="#indexes">Choosing indexes</a>'
            f'</div><h2 id="plans">Reading the plans</h2><p>{OUTRO}</p>'
            f'<h2 id="indexes">Choosing indexes</h2><p>{INTRO}</p>'
            "</article></main></body></html>"
        )
        doc = extract(page)
        assert [block.text for block in doc.blocks].count("Reading the plans") == 1
        assert any(
            "Choosing indexes" in block.text and block.reason is R.NAVIGATION
            for block in doc.stripped
        )


def _elementor_widget(kind: str, inner: str) -> str:
    return (
        f'<div class="elementor-element elementor-widget elementor-widget-{kind}">'
        f'<div class="elementor-widget-container">{inner}</div></div>'
    )


def test_an_elementor_single_post_template_s_own_text_is_not_the_post() -> None:
    """Elementor's Theme Builder prints the post's body through its post-content widget
    into a single-post template whose other widgets print the same text under every post
    (a newsletter prompt, a grid of other posts): stripped, while the post's title, its
    excerpt and the template's headings stay."""
    prompt = (
        "Want the next guide in your inbox? Join our weekly letter and we will send each "
        "new post the morning it goes out, nothing else."
    )
    teaser = "Choosing indexes for a busy table without slowing down every write to it."
    excerpt = "Why a query slows down, and the three settings worth checking first."
    page = (
        "<html><head><title>Tuning slow queries</title></head><body>"
        '<div class="elementor elementor-location-single post-7 post">'
        + _elementor_widget("theme-post-title", "<h1>Tuning slow queries</h1>")
        + _elementor_widget("theme-post-excerpt", f"<p>{excerpt}</p>")
        + _elementor_widget("theme-post-content", f"<p>{INTRO}</p><p>{OUTRO}</p>")
        + _elementor_widget("heading", "<h2>Stay in touch</h2>")
        + _elementor_widget("text-editor", f"<p>{prompt}</p>")
        + _elementor_widget(
            "posts", f'<article><h3><a href="/indexes">Indexes</a></h3><p>{teaser}</p></article>'
        )
        + "</div></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert INTRO in kept and OUTRO in kept and excerpt in kept and "Stay in touch" in kept
    assert prompt not in kept and teaser not in kept
    assert any(block.text == prompt and block.reason is R.OUTSIDE_MAIN for block in doc.stripped)


def test_an_elementor_template_with_an_empty_post_content_widget_keeps_its_text() -> None:
    """A template whose post-content widget prints nothing (the post's text typed into a
    text-editor widget of its own) has no template text apart from the post's."""
    page = (
        "<html><head><title>Tuning slow queries</title></head><body>"
        '<div class="elementor elementor-location-single">'
        + _elementor_widget("heading", "<h1>Tuning slow queries</h1>")
        + _elementor_widget("theme-post-content", "")
        + _elementor_widget("text-editor", f"<p>{INTRO}</p><p>{OUTRO}</p>")
        + "</div></body></html>"
    )
    kept = _kept(extract(page))
    assert INTRO in kept and OUTRO in kept


def test_the_author_s_bio_the_page_declares_in_json_ld_is_a_byline() -> None:
    """A page's JSON-LD describes its author (a Person's description, with its markup as
    the site wrote it) and the page prints that bio in a box its theme names nothing
    telling: the author's box, stripped as a byline; the article's own paragraph that
    speaks of the author stays."""
    bio = (
        "Ana Ruiz is a database engineer who has tuned Postgres servers for twenty years "
        "and writes about performance for our readers."
    )
    about = (
        "Ana Ruiz tuned the servers for this guide herself, over a month of measurements "
        "on a copy of a shop's database, and kept every plan she read."
    )
    person = f'{{"@type": "Person", "name": "Ana Ruiz", "description": "<p>{bio}</p>"}}'
    page = (
        "<html><head><title>Tuning slow queries</title>"
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        f'"@type": "Article", "headline": "Tuning slow queries", "author": {person}}}'
        "</script></head><body><main><article>"
        f"<h1>Tuning slow queries</h1><p>{INTRO}</p><p>{about}</p><p>{OUTRO}</p>"
        f'<div class="box-3"><p>{bio}</p></div></article></main></body></html>'
    )
    doc = extract(page)
    kept = _kept(doc)
    assert OUTRO in kept
    assert about in kept
    assert bio not in kept
    assert any(block.text == bio and block.reason is R.BYLINE for block in doc.stripped)


def test_a_bem_modifier_that_hides_its_block_hides_it() -> None:
    """A documentation page's "Was this page helpful?" box prints its thanks in a block a
    BEM modifier hides ("feedback--response__hidden") until a script takes it off: hidden
    text. A block hidden on phones only ("table__mobile__hidden"), a box that clips what
    overflows it ("card--overflow--hidden") and a section that fades in as the reader
    scrolls ("blockAnim--hidden") are what a desktop reader sees."""
    thanks = (
        "Thanks for the feedback. If you have a question about this page, ask it on the "
        "forum where the people who wrote it answer."
    )
    shown = {
        "table__mobile__hidden": "The planner reads the statistics the last ANALYZE wrote.",
        "card--overflow--hidden": "A sequential scan reads every page of the table in order.",
        "blockAnim--hidden": "An index scan reads the index first, then the rows it points at.",
    }
    boxes = "".join(f'<p class="{name}">{text}</p>' for name, text in shown.items())
    page = (
        "<html><head><title>Query plans</title></head><body><main><h1>Query plans</h1>"
        f"<p>{INTRO}</p>{boxes}<p>{OUTRO}</p>"
        '<div class="feedback"><p>Was this page helpful?</p>'
        '<button class="feedback--yes">Yes</button><button class="feedback--no">No</button>'
        f'<div class="feedback--response feedback--response__hidden"><p>{thanks}</p></div>'
        "</div></main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    for text in shown.values():
        assert text in kept
    assert thanks not in kept
    assert any(block.reason is R.HIDDEN and block.text == thanks for block in doc.stripped)


def test_a_footer_s_telephone_number_is_no_numbered_reference_after_the_article() -> None:
    """A telephone number in the footer under a guide, "(802) 555-0148", opens as "(1) ..."
    does; it is the site's contact line and stays stripped, while a run of "(n)" notes
    right after the article is still kept as its references."""
    footer = (
        '<div class="site-footer"><p>Maple Row Co-op, 12 Elm Street</p>'
        '<p><a href="tel:+18025550148">(802) 555-0148</a></p></div>'
    )
    notes = (
        '<div class="endnotes-box"><p>(1) Ruiz, A. Planner statistics, 2019.</p>'
        "<p>(2) Chen, B. Shared buffers in practice, 2021.</p></div>"
    )
    for tail, kept_lines in ((footer, []), (notes + footer, ["(1) Ruiz", "(2) Chen"])):
        page = (
            "<html><head><title>Tuning slow queries</title></head><body><main><article>"
            f"<h1>Tuning slow queries</h1><p>{INTRO}</p><p>{OUTRO}</p></article></main>"
            f"{tail}</body></html>"
        )
        doc = extract(page)
        kept = "\n".join([_kept(doc), *(reference.raw for reference in doc.references)])
        assert "(802) 555-0148" not in kept
        assert OUTRO in kept
        for line in kept_lines:
            assert line in kept


CATALOGUE = [
    ("Tide tables", "Ann Lee"),
    ("Harbour charts", "Ben Ode"),
    ("Rope and knots", "Cy Fenn"),
    ("Illustrated price list of anchors, chains, shackles, swivels, blocks and winches", "Di Roe"),
    ("Sail lofts", "Ed Vane"),
    ("Boat hooks", "Flo Marr"),
    ("Catalogue of lamps, lanterns, bells, whistles, horns and other signalling gear", "Gus Teal"),
    ("Oars", "Hal Pike"),
]  # fmt: skip


def test_a_catalogues_entries_that_are_mostly_their_link_stay_with_the_others() -> None:
    """A library's subject page ends with its list of holdings, each a linked title and
    its imprint, then its author and a note: an entry with a long title is mostly its
    link, and is an entry as much as the others of the list, most of which are kept."""
    entries = "".join(
        f'<li><a href="/book/{n}"><cite>{title}</cite> (Harbour Press, 1901)</a>, by {author} '
        "(scans at the archive)</li>"
        for n, (title, author) in enumerate(CATALOGUE)
    )
    page = (
        "<html><head><title>Ships -- Catalogs</title></head><body><main>"
        f"<h1>Ships -- Catalogs</h1><p>{INTRO}</p><ul>{entries}</ul></main></body></html>"
    )
    kept = _kept(extract(page))
    assert all(title in kept and author in kept for title, author in CATALOGUE)


def test_a_table_of_contents_sub_list_named_as_its_list_is_the_article_s_as_the_list() -> None:
    """A policy's table of contents, its entries the sections' headings linked to their
    places, whose sub-lists carry the list's own class ("toc-list is-collapsible"): a
    section with one subsection puts one short entry in a sub-list, too little to outweigh
    the name alone, and yet it is as much the article's as the list that holds it (a
    subsection added is a change)."""
    sections = [
        ("What data does the service collect about me?", ["Data about your account"]),
        ("How does the service use the data it collects?", []),
        ("Does the service share data about me with others?", ["Cookies we set"]),
        ("How long does the service keep the data about me?", []),
        ("How can I see and change the data about me?", []),
        ("Who can I contact about the service and my privacy?", []),
    ]
    step = (
        "This section says what the service does with the data it holds, why it does so, "
        "and which of your rights apply to it under the law of the place where you live. "
    )

    def slug(title: str) -> str:
        return title.lower().replace(" ", "-")

    def entry(title: str, subs: list[str]) -> str:
        inner = "".join(f'<li><a href="#{slug(sub)}">{sub}</a></li>' for sub in subs)
        nested = f'<ul class="toc-list is-collapsible">{inner}</ul>' if subs else ""
        return f'<li><a href="#{slug(title)}">{title}</a>{nested}</li>'

    toc = "".join(entry(title, subs) for title, subs in sections)
    body = "".join(
        f'<h2 id="{slug(title)}">{title}</h2><p>{step * 2}</p>'
        + "".join(f'<h3 id="{slug(sub)}">{sub}</h3><p>{step}</p>' for sub in subs)
        for title, subs in sections
    )
    page = (
        "<html><head><title>Privacy policy</title></head><body><main>"
        f"<h1>Privacy policy</h1><p>{INTRO}</p><p>Table of contents</p>"
        f'<ul class="toc-list">{toc}</ul>{body}</main></body></html>'
    )
    texts = [block.text for block in extract(page).blocks]
    assert texts.count("Data about your account") == 2  # the toc's entry and the heading
    assert texts.count("Cookies we set") == 2
