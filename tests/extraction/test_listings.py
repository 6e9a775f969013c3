"""Listings and pages that would come out empty, on pages written here in real shapes.

A news index is its cards: each linked title, date line and snippet is content, even
when the whole card is one link and the page's introduction outscores any one card. A
thread's posts keep their text without their author-and-date lines; an article's own
"more stories" strip stays out. A page hidden by its stylesheet until a script runs,
or a thread whose posts are all marked as comments, is read rather than left empty.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tracker.extraction import extract
from tracker.extraction.cards import (
    _PRICE,
    CARD_DEPTH,
    MIN_CARDS,
    Climbs,
    card_groups,
    is_priced,
    template_name,
)
from tracker.extraction.segment import RawBlock
from tracker.model import BlockKind, Document, StripReason

R = StripReason

STORIES = [
    ("Tutoring programme shows promise in three districts", "12/09/2025 | Chalkbeat",
     "Researchers found that tutoring works when it is embedded into the school day and "
     "happens at least three times per week in small groups."),
    ("County schools ramp up reading support", "11/22/2025 | Democrat-Gazette",
     "The district is not alone in funding tutoring for struggling readers. Dozens of "
     "other states run similar programmes, according to the national accelerator."),
    ("Why one-on-one tutoring outperforms two-on-one", "11/19/2025 | FutureEd",
     "A new study suggests why one-on-one tutoring has been found to produce double the "
     "gains in student learning of two-on-one sessions."),
    ("Lessons from a failed tutoring programme", "11/10/2025 | The 74",
     "Experts view the findings as a cautionary tale. The district waited months on "
     "background checks for tutors, and many students were never matched."),
]  # fmt: skip
INTRO = "News and research about tutoring from our partners and the press."


def _kept(doc: Document) -> str:
    return "\n".join(block.text for block in doc.blocks)


def news_index(*, whole_card_link: bool) -> str:
    def card(n: int, title: str, meta: str, snippet: str) -> str:
        if whole_card_link:
            return (
                f'<div class="card"><a href="/news/{n}"><h3>{title}</h3>'
                f'<div class="teaser">{snippet}</div></a><div class="source">{meta}</div></div>'
            )
        return (
            f'<li class="views-row"><h3><a href="/news/{n}">{title}</a></h3>'
            f'<div class="views-field-article-date">{meta}</div><p>{snippet}</p></li>'
        )

    cards = "".join(card(n, *story) for n, story in enumerate(STORIES))
    wrapper = f'<div class="grid">{cards}</div>' if whole_card_link else f"<ul>{cards}</ul>"
    return (
        "<html><head><title>News | Tutoring Accelerator</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/about">About</a> <a href="/news">News</a></nav>'
        f'<main><section class="intro"><h1>News</h1><p>{INTRO}</p></section>{wrapper}'
        '<nav class="pager"><a href="?page=2">Next page</a></nav></main>'
        "<footer><p>© 2025 Tutoring Accelerator. All rights reserved.</p></footer>"
        "</body></html>"
    )


def test_the_cards_of_a_news_index_are_its_content_title_date_and_snippet() -> None:
    doc = extract(news_index(whole_card_link=False))
    kept = _kept(doc)
    for title, meta, snippet in STORIES:
        assert title in kept and meta in kept and snippet in kept
    assert "Next page" not in kept and "All rights reserved" not in kept


def test_cards_that_are_one_link_each_are_content_beside_a_short_introduction() -> None:
    doc = extract(news_index(whole_card_link=True))
    kept = _kept(doc)
    for title, _, snippet in STORIES:
        assert title in kept and snippet in kept
    assert "All rights reserved" not in kept


def test_a_cards_source_and_its_age_told_from_now_are_no_content() -> None:
    """A news river prints each card's source or authors and its age from now ("Chalkbeat
    • 3 hours ago", "Ana Ruiz and Ben Li | 2 days ago"): the line says another thing each
    day the page is read; the cards' titles and snippets stay, and so does a snippet that
    says how long ago something happened."""
    ages = ["Chalkbeat • 3 hours ago", "Ana Ruiz and Ben Li | 2 days ago", "FutureEd - 1 week ago"]
    stories = [
        (title, age, snippet)
        for (title, _, snippet), age in zip(STORIES, [*ages, "The 74 · 5 days ago"], strict=True)
    ]
    told = "The district opened its first tutoring centre 3 days ago, with forty places."
    stories[0] = (stories[0][0], stories[0][1], told)
    cards = "".join(
        f'<article class="card"><h3><a href="/news/{n}">{title}</a></h3>'
        f'<div class="card-source">{age}</div><p>{snippet}</p></article>'
        for n, (title, age, snippet) in enumerate(stories)
    )
    page = (
        "<html><head><title>News</title></head><body>"
        f'<main><h1>News</h1><p>{INTRO}</p><div class="river">{cards}</div></main></body></html>'
    )
    doc = extract(page)
    kept = _kept(doc).split("\n")
    for title, age, snippet in stories:
        assert title in kept and snippet in kept
        assert age not in kept
        assert any(b.text == age and b.reason is R.DATE_LINE for b in doc.stripped)


def test_a_cards_second_link_kept_from_screen_readers_is_still_shown() -> None:
    """A news river's card links its picture and its excerpt to the story again, each
    ``aria-hidden="true" tabindex="-1"`` so that a screen reader and the keyboard meet the
    card's link once: the excerpt is on screen for every reader and is the card's text."""
    cards = "".join(
        f'<article class="river-article"><a href="/news/{n}" aria-hidden="true" tabindex="-1">'
        f'<img src="/img/{n}.jpg" alt=""></a><header><h2><a href="/news/{n}">{title}</a></h2>'
        f'<p class="river-desc"><a href="/news/{n}" aria-hidden="true" tabindex="-1">{snippet}'
        f'</a></p><div class="river-aux">{meta}</div></header></article>'
        for n, (title, meta, snippet) in enumerate(STORIES)
    )
    page = (
        "<html><head><title>Tutoring - News</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f'<div class="col-main"><h1>Tutoring</h1><section>{cards}</section></div>'
        "<footer><p>© 2025 Tutoring News. All rights reserved.</p></footer></body></html>"
    )
    kept = _kept(extract(page))
    for title, _, snippet in STORIES:
        assert title in kept and snippet in kept
    assert "All rights reserved" not in kept


ARTICLE = [
    "The council approved the new tutoring budget on Tuesday after a three-hour debate, "
    "with seven votes in favour, two against and one abstention from the finance chair.",
    "Under the plan, every pupil who reads below grade level will be offered three "
    "sessions a week during school hours, taught by the same tutor all year long.",
    "Parents' groups welcomed the decision but warned that the district still has to "
    "recruit nearly two hundred tutors before the spring term, a target it missed last year.",
    "The finance chair said the cost, about four million a year, would be reviewed in "
    "twelve months against reading scores, attendance and the number of tutors retained.",
]


def _article_then(section: str) -> str:
    """The tutoring article in its <main>, then ``section`` after the <article>."""
    return (
        "<html><body><main><article><h1>Council backs tutoring budget</h1>"
        + "".join(f"<p>{text}</p>" for text in ARTICLE)
        + f"</article>{section}</main></body></html>"
    )


def test_an_articles_more_stories_strip_stays_out_of_the_article() -> None:
    strip = "".join(
        f'<div class="card"><h3><a href="/news/{n}">{title}</a></h3><p>{snippet[:90]}.</p></div>'
        for n, (title, _, snippet) in enumerate(STORIES)
    )
    page = _article_then(
        f'<section><h2>More stories</h2><div class="cards">{strip}</div></section>'
    )
    kept = _kept(extract(page))
    assert all(text in kept for text in ARTICLE)
    assert not any(title in kept for title, _, _ in STORIES)


def _article_with_dated_teasers(kind: str) -> str:
    """The tutoring article as a page of ``og:type`` ``kind``, its <div> holding, after the
    article's last paragraph and under no heading, a grid of other posts: each a linked
    title, a byline, a date and an excerpt (a blog's "more from the blog" under a post)."""
    cards = "".join(
        f'<div class="post-card"><h3><a href="/news/{n}">{title}</a></h3>'
        f'<span class="author">Webmaster</span><span class="post-date">{meta[:10]}</span>'
        f"<p>{snippet}</p></div>"
        for n, (title, meta, snippet) in enumerate(STORIES)
    )
    return (
        f'<html><head><meta property="og:type" content="{kind}"></head><body>'
        '<div class="content"><h1>Council backs tutoring budget</h1>'
        + "".join(f"<p>{text}</p>" for text in ARTICLE)
        + f'<div class="grid">{cards}</div></div></body></html>'
    )


def test_dated_teasers_of_other_posts_after_an_articles_end_are_related() -> None:
    """Under an article declared as one, a run of cards of other posts (linked title,
    author, date, excerpt) with none of its prose after them is the site's related posts:
    each part, excerpts included, is stripped as related. The same cards on a page that
    is not declared an article (a blog's index with a long introduction) stay its content."""
    doc = extract(_article_with_dated_teasers("article"))
    kept = _kept(doc)
    assert all(text in kept for text in ARTICLE)
    assert not any(title in kept or snippet in kept for title, _, snippet in STORIES)
    related = {s.text for s in doc.stripped if s.reason is R.RELATED}
    assert all(title in related and snippet in related for title, _, snippet in STORIES)
    index = _kept(extract(_article_with_dated_teasers("website")))
    assert all(title in index and snippet in index for title, _, snippet in STORIES)


POSTS = [
    ("brian", "September 26, 2025, 1:38pm",
     "Has anyone managed to run the exporter against the new schema? It fails on the "
     "second table for me, with a foreign key error that I cannot explain."),
    ("thiago", "September 26, 2025, 1:55pm",
     "Yes, you need to migrate the lookup table first. The exporter reads them in "
     "alphabetical order, which breaks when a table refers to one later in the list."),
    ("brian", "September 29, 2025, 3:28pm",
     "That was it, thank you. Migrating the lookup table first fixed the error, and the "
     "export of the whole database now finishes in about ten minutes."),
]  # fmt: skip


def _kept_thread(posts: str, head: str = "") -> str:
    """What is kept of the thread page holding ``posts``, which must keep every post."""
    page = f"<html>{head}<body><main><h1>Exporter fails</h1>{posts}</main></body></html>"
    kept = _kept(extract(page))
    assert all(text in kept for _, _, text in POSTS)
    return kept


def test_a_threads_posts_are_content_without_their_author_and_date_lines() -> None:
    posts = "".join(
        f'<div class="topic-post"><div class="post-meta"><span class="author">{name}</span>'
        f'<span class="post-date">{when}</span></div><div class="cooked"><p>{text}</p></div>'
        "</div>"
        for name, when, text in POSTS
    )
    kept = _kept_thread(posts)
    assert not any(when in kept for _, when, _ in POSTS)


def test_a_page_hidden_by_its_stylesheet_until_a_script_runs_is_read_not_left_empty() -> None:
    page = (
        "<html><head><style>.app-container{display:none}</style></head><body>"
        '<nav><a href="/">Home</a></nav><div class="app-container"><main>'
        "<h1>Finance and accounting talent</h1>"
        + "".join(f"<p>{text}</p>" for text in ARTICLE)
        + "</main></div></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert all(text in kept for text in ARTICLE)
    assert "Home" not in kept


def test_a_page_hidden_inline_until_a_script_runs_is_read_but_not_its_small_pop_ups() -> None:
    popup = "Share this product with a friend: enter their address and we send them the link."
    toast = "Your preference has been saved for this session only."
    page = (
        '<html><body><nav><a href="/">Home</a></nav>'
        f'<div id="messages" style="display: none!important"><p>{toast}</p></div>'
        '<div class="product-wrapper" style="display: none"><h1>Garden kneeler</h1>'
        + "".join(f"<p>{text}</p>" for text in ARTICLE)
        + f'</div><div id="share-popup" style="display:none"><p>{popup}</p></div>'
        "</body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert all(text in kept for text in ARTICLE)
    assert popup not in kept and toast not in kept
    hidden = {block.text for block in doc.stripped if block.reason is R.HIDDEN}
    assert {popup, toast} <= hidden


def test_a_page_split_among_many_small_boxes_hidden_inline_is_still_read() -> None:
    """No one box holds a tenth of the page: all of them are read rather than none."""
    lines = [f"{text} (note {n} of the council's minutes)" for n, text in enumerate(ARTICLE * 3)]
    page = (
        '<html><body><nav><a href="/">Home</a></nav><main><h1>Council minutes</h1>'
        "<p>The minutes of the meeting of 3 March.</p>"
        + "".join(f'<div class="step" style="display:none"><p>{line}</p></div>' for line in lines)
        + "</main></body></html>"
    )
    kept = _kept(extract(page))
    assert all(line in kept for line in lines)


def test_a_page_with_no_prose_at_all_stays_empty() -> None:
    page = (
        "<html><head><style>.panel{display:none}</style></head><body>"
        '<nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>'
        '<div class="panel"><p>Loading…</p></div><footer>© Shop</footer></body></html>'
    )
    assert extract(page).blocks == []


def test_a_themes_messages_for_screen_readers_are_no_article_of_an_empty_shell() -> None:
    """A shop's theme hides a list of messages that its links and controls describe
    themselves by for screen readers ("Opens in a new window."); on a page whose grid its
    script fills, the reading that undoes the page's hiding would show them as the article:
    they are hidden text, and the shell stays empty."""
    messages = ["Choosing a selection results in a full page refresh.", "Opens in a new window."]
    page = (
        "<html><head><title>Used jackets</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>'
        '<main><h1>Used jackets</h1><div id="grid"></div></main>'
        f'<ul hidden><li id="a11y-refresh">{messages[0]}</li>'
        f'<li id="a11y-new">{messages[1]}</li></ul>'
        "<footer><p>© 2026 Shop</p></footer></body></html>"
    )
    doc = extract(page)
    assert doc.blocks == []
    for message in messages:
        assert any(b.text == message and b.reason is R.HIDDEN for b in doc.stripped)


def test_a_thread_whose_posts_are_all_marked_as_comments_is_read() -> None:
    posts = "".join(
        f'<div class="comment"><div class="comment_text"><p>{text}</p></div></div>'
        for _, _, text in POSTS
    )
    _kept_thread(posts, head='<head><meta property="og:type" content="article"></head>')


@given(
    st.lists(
        st.sampled_from(["$", "€", "£", "USD", "EUR ", "kr", "zł", "usd", "19", ".99", ",50"])
        | st.text(alphabet="aZ 1.,€$k", max_size=4)
    ).map("".join)
)
def test_a_line_is_priced_exactly_where_the_price_pattern_finds_an_amount(text: str) -> None:
    block = RawBlock(BlockKind.PARAGRAPH, text, etree.Element("p"), ())
    assert is_priced(block) == (len(text) < 300 and bool(_PRICE.search(text)))


SHELVES = ["Garden Tools (12)", "Watering Cans (4)", "Seed Trays (31)", "Plant Labels (9)"]


def test_a_category_grid_of_linked_titles_is_content_beside_the_shops_description() -> None:
    grid = "".join(
        f'<li class="product-category"><a href="/c/{n}"><img src="/i/{n}.jpg" alt="">'
        f'<h2 class="category-title">{name}</h2></a></li>'
        for n, name in enumerate(SHELVES)
    )
    page = (
        "<html><head><title>Gardening | Greenhouse Supply</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/cart">Cart</a></nav><main>'
        "<h1>Gardening</h1><p>Everything for the allotment and the windowsill, from trays "
        "for sowing in spring to the cans and tools for the rest of the year.</p>"
        f'<ul class="products">{grid}</ul></main></body></html>'
    )
    kept = _kept(extract(page))
    assert all(name in kept for name in SHELVES)


TEAS = [
    ("Breakfast Blend", "$12.99"),
    ("Smoky Lapsang", "$14.50"),
    ("Green Sencha", "$11.00"),
    ("Chamomile Calm", "$9.75"),
    ("Earl Grey Cream", "$13.25"),
    ("Rooibos Vanilla", "$10.40"),
]


def test_a_product_card_a_subscription_can_be_had_for_is_no_sign_up_box() -> None:
    """A shop's theme names each card of a product that can be bought on subscription
    "subscription-eligible": the name says what the item allows, as a state says what it
    is in ("menu-open"), not that the card is a newsletter's sign-up box."""
    grid = "".join(
        f'<li class="grid__item"><div class="card-wrapper subscription-eligible">'
        f'<h3><a href="/p/{n}">{name}</a></h3><span class="price">{price}</span></div></li>'
        for n, (name, price) in enumerate(TEAS)
    )
    page = (
        "<html><head><title>Black teas | Leaf & Cup</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/cart">Cart</a></nav><main>'
        f'<h1>All teas</h1><ul class="product-grid">{grid}</ul></main>'
        "<footer><p>© 2025 Leaf & Cup. All rights reserved.</p></footer></body></html>"
    )
    kept = _kept(extract(page))
    assert all(name in kept and price in kept for name, price in TEAS)
    assert "All rights reserved" not in kept


def test_a_grid_items_title_box_named_a_header_is_the_items_title() -> None:
    """A marketplace prints each listing's linked title in a box its component library
    names a header ("tile--header"), the template numbered per item ("tile tile--3"):
    the titles are the items', while the site's banner named a header stays chrome."""
    grid = "".join(
        f'<li class="tile tile--{n}"><div class="tile__body"><div class="tile--header">'
        f'<a href="/item/{n}"><h3>{name}</h3></a></div><div class="tile__price">{price}</div>'
        "</div></li>"
        for n, (name, price) in enumerate(TEAS)
    )
    page = (
        "<html><head><title>Loose tea | Market Hall</title></head><body>"
        '<div class="site-header"><a href="/">Market Hall</a> <a href="/sell">Sell</a></div>'
        f'<main><h1>Loose tea</h1><ul class="results">{grid}</ul></main></body></html>'
    )
    kept = _kept(extract(page))
    assert all(name in kept and price in kept for name, price in TEAS)
    assert "Sell" not in kept


def test_a_sales_struck_out_and_new_prices_hidden_from_screen_readers_are_shown() -> None:
    """A shop draws a sale as the old price struck out and the new one beside it, each
    ``aria-hidden`` (``<del>``, ``<ins>``), and spells them out for screen readers in a
    visually hidden line ("Current price is: $9.00."): the drawn prices are what a
    reader sees and are the cards' text; the spelled-out line stays hidden."""
    grid = "".join(
        f'<li class="product"><h2 class="product-title"><a href="/p/{n}">{name}</a></h2>'
        f'<span class="price"><del aria-hidden="true">{price}</del> '
        f'<span class="screen-reader-text">Original price was: {price}.</span>'
        f'<ins aria-hidden="true">$9.00</ins>'
        '<span class="screen-reader-text">Current price is: $9.00.</span></span></li>'
        for n, (name, price) in enumerate(TEAS)
    )
    page = (
        "<html><head><title>Sale | Leaf & Cup</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/cart">Cart</a></nav><main>'
        f'<h1>Sale</h1><ul class="products">{grid}</ul></main>'
        "<footer><p>© 2025 Leaf & Cup. All rights reserved.</p></footer></body></html>"
    )
    lines = [block.text for block in extract(page).blocks]
    for name, price in TEAS:
        assert lines[lines.index(name) + 1 : lines.index(name) + 3] == [price, "$9.00"]
    assert "Current price is" not in "\n".join(lines)


def test_figures_drawn_for_sight_beside_their_spoken_twin_are_shown() -> None:
    """A card draws its rating count, its rating and its monthly price for the eye and hides
    them from screen readers (``aria-hidden``) because they are told otherwise: by a
    visually hidden twin beside them ("12 total reviews" beside "(12)") or by the label of
    the link they are drawn in ("4.5 out of 5 stars, 12 ratings"). The drawn figures are
    what a reader sees: the cards' text. An icon's word in a labelled link (no figure), and
    a drawing whose long label describes it, stay hidden."""
    grid = "".join(
        f'<li class="product"><h2 class="product-title"><a href="/p/{n}">{name}</a></h2>'
        f'<a href="/p/{n}#reviews" aria-label="4.5 out of 5 stars, {n + 12} ratings">'
        f'<i aria-hidden="true">4.5 out of 5 stars</i> <span aria-hidden="true">{n + 12}</span></a>'
        f'<p class="rating-count"><span aria-hidden="true">({n + 12})</span>'
        f'<span class="visually-hidden">{n + 12} total reviews</span></p>'
        f'<p class="price">{price} <span aria-hidden="true">/mo.</span>'
        '<span class="sr-only">per month</span></p>'
        '<a href="/wishlist" aria-label="Add to wishlist"><span aria-hidden="true">wishlist'
        "</span></a>"
        "</li>"
        for n, (name, price) in enumerate(TEAS)
    )
    drawing = (
        '<div aria-label="Three tea tins stacked on a shelf, each labelled with the name of '
        'the blend inside it: Breakfast, Sencha and Rooibos.">'
        '<div aria-hidden="true"><span>Tin labels</span></div></div>'
    )
    page = (
        "<html><head><title>Tea club | Leaf & Cup</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/cart">Cart</a></nav><main>'
        f'<h1>Tea club</h1>{drawing}<ul class="products">{grid}</ul></main>'
        "<footer><p>© 2025 Leaf & Cup. All rights reserved.</p></footer></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    for n, (_, price) in enumerate(TEAS):
        assert f"4.5 out of 5 stars {n + 12}" in kept
        assert f"({n + 12})" in kept
        assert f"{price} /mo." in kept
    assert "total reviews" not in kept and "per month" not in kept
    assert "Tin labels" not in kept and "wishlist" not in kept
    stripped = {(item.reason, item.text) for item in doc.stripped}
    assert (R.HIDDEN, "Tin labels") in stripped and (R.HIDDEN, "wishlist") in stripped


COURSES = [
    ("Pruning fruit trees", "A morning in the orchard learning when and where to cut "
     "apples, pears and plums so they crop well for years."),
    ("Raised beds from scratch", "Build a bed from untreated larch, fill it in layers and "
     "plan the first season's sowing with us."),
    ("Seed saving", "Which vegetables come true from saved seed, how to dry and store it, "
     "and how to swap it with neighbours."),
]  # fmt: skip


def test_a_thumbnail_cards_body_named_caption_is_the_cards_text() -> None:
    """Bootstrap's thumbnail card names its body "caption": a title over its text is the
    card's, not a picture's caption, while a caption box with no title stays a caption."""
    cards = "".join(
        f'<div class="col-sm-4"><div class="thumbnail"><img src="/c/{n}.jpg" alt="">'
        f'<div class="caption"><h3>{title}</h3><p>{text}</p></div></div></div>'
        for n, (title, text) in enumerate(COURSES)
    )
    page = (
        "<html><head><title>Courses | Greenhouse Supply</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/courses">Courses</a></nav><main>'
        "<h1>Courses</h1><p>Day courses at the nursery, taught by our growers.</p>"
        f'<div class="row">{cards}</div>'
        '<div class="wp-caption"><img src="/nursery.jpg" alt="">'
        '<p class="wp-caption-text">The nursery in its first spring.</p></div>'
        "</main></body></html>"
    )
    kinds = {block.text: block.kind for block in extract(page).blocks}
    for title, text in COURSES:
        assert kinds[title] is BlockKind.HEADING and kinds[text] is BlockKind.PARAGRAPH
    assert kinds["The nursery in its first spring."] is BlockKind.CAPTION


def test_a_paged_list_named_for_its_pagination_is_the_listing_not_its_pager() -> None:
    """A list that is paged sits in a box named for pagination (a blog module's
    "ajax-pagination-container", loading the next page in place): its items, titles over
    text that is no link, are the page's; the link to the next page inside, the pager
    itself, stays navigation."""
    posts = "".join(
        f'<div class="post"><h2><a href="/blog/{n}">{title}</a></h2><p>{text}</p></div>'
        for n, (title, text) in enumerate(COURSES)
    )
    page = (
        "<html><head><title>Greenhouse Supply</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/courses">Courses</a></nav><main>'
        "<h1>Greenhouse Supply</h1><h2>What we grow</h2><p>Our nursery grows fruit trees, "
        "hedging and perennials on eleven acres outside the town, without peat and without "
        "heated glass, so that what we sell is hardy from the day it leaves us.</p>"
        "<h2>How we deliver</h2><p>Bare-root trees go out between November and March wrapped "
        "in damp straw; potted plants travel all year round in our own vans within forty "
        "miles of the nursery.</p><h2>From the blog</h2>"
        f'<div class="blog-grid"><div class="ajax-pagination-container">{posts}'
        '<div class="pagination"><a href="/?page=2">Older entries</a></div></div></div>'
        "</main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    for title, text in COURSES:
        assert title in kept and text in kept
    assert any(s.reason is R.NAVIGATION and s.text == "Older entries" for s in doc.stripped)


ENTRIES = [
    ("Faster builds with the new cache", "3 March 2026", "Rosa Lindqvist",
     "How the build cache now shares compiled modules between branches of one checkout."),
    ("Release 2.4 is out", "17 February 2026", "the release team",
     "Release 2.4 brings a new scheduler, smaller binaries and a reworked plugin loader."),
    ("Results of the 2025 user survey", "30 January 2026", "Amir Haddad",
     "What seven thousand users told us about the tools, the docs and the pace of change."),
    ("A year of the formatter", "12 December 2025", "Lena Vogt",
     "Twelve months after it became the default, a look at what the formatter changed."),
]  # fmt: skip


def test_a_flat_indexs_title_lines_before_each_summary_are_its_content() -> None:
    """A blog index printing each entry as a title line (link, date, author) followed by
    its summary, siblings with no box around the pair: the title lines are the items'."""
    entries = "".join(
        f'<p class="entrytitle"><a href="/blog/{n}">{title}</a>, '
        f'<span class="date">{when}</span><br><span class="author">{who}</span></p>'
        f'<p class="entrysummary">{summary}</p>'
        for n, (title, when, who, summary) in enumerate(ENTRIES)
    )
    page = (
        "<html><head><title>Blog index | Example Build Tool</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/docs">Docs</a> <a href="/blog">Blog</a></nav>'
        f'<main><h1>Blog index</h1><div class="entries">{entries}</div></main>'
        "<footer><p>Copyright 2026 the project authors.</p></footer></body></html>"
    )
    kept = _kept(extract(page))
    for title, when, who, summary in ENTRIES:
        assert title in kept and when in kept and who in kept and summary in kept
    assert "Copyright 2026" not in kept


def test_a_flat_threads_author_and_date_lines_before_each_post_stay_out() -> None:
    """The same shape as a flat index, a line before each body, but a thread's: each
    post's author (a link to the profile) and date line stay out, the posts stay in."""
    posts = "".join(
        f'<div class="post-head"><a href="/u/{name}" class="username">{name}</a> '
        f'<span class="post-date">{when}</span></div><div class="post-body"><p>{text}</p></div>'
        for name, when, text in POSTS
    )
    kept = _kept_thread(f'<div class="thread">{posts}</div>')
    assert not any(when in kept for _, when, _ in POSTS)


def test_the_blocks_an_item_holds_are_read_as_separate_lines() -> None:
    """A card's byline paragraph, its summary in a box and its price in another, all inside
    one list item (or a heading built of two boxes), read as the words a reader sees: a
    block-level element breaks its line even where the item absorbs it."""
    cards = "".join(
        f'<li><a href="/g/{n}"><h3><div>{name}</div><div>{tag}</div></h3></a>'
        f"<p>by Marta Quiroga</p><div><p>Although {name.lower()} holds up on long hikes, "
        f"its straps need care and its frame is heavier than the others we walked with.</p></div>"
        f"<div><span>${price}.00</span></div></li>"
        for n, (name, tag, price) in enumerate(
            [("Ridgeline pack", "Top rated", 205), ("Canyon pack", "New arrival", 185),
             ("Summit pack", "Editors' pick", 240), ("Valley pack", "Best value", 150)]
        )
    )  # fmt: skip
    page = f"<html><body><main><h1>Packs we tested</h1><ul>{cards}</ul></main></body></html>"
    text = _kept(extract(page))
    assert "by Marta Quiroga Although ridgeline pack holds up" in text
    assert "Ridgeline pack Top rated" in text
    assert "walked with. $205.00" in text
    assert "QuirogaAlthough" not in text and "packTop" not in text


RECIPES = [
    ("Crispy Chicken Thighs", "8 reviews / 5 average"),
    ("Chicken Shawarma with Lemon Rice", "7 reviews / 4.9 average"),
    ("Smashed Potato Salad", "11 reviews / 4.8 average"),
    ("Honey Garlic Salmon Bites", "15 reviews / 4.9 average"),
    ("Buffalo Tofu with Caesar Salad", "6 reviews / 5 average"),
    ("Sweet Potato Fries", "21 reviews / 4.7 average"),
    ("Parmesan Brussels Sprouts", "9 reviews / 4.8 average"),
    ("Sticky Pork Belly Bites", "12 reviews / 4.9 average"),
]  # fmt: skip


def _recipe_cards(recipes: list[tuple[str, str]]) -> str:
    return "".join(
        f'<article class="post recipe-card"><a href="/recipes/{n}"><img src="/{n}.jpg" alt="">'
        f'<h3 class="entry-title">{title}</h3></a><p class="rating">{rating}</p></article>'
        for n, (title, rating) in enumerate(recipes)
    )


def test_a_run_of_linked_titles_each_over_a_line_is_the_listing_beside_its_introduction() -> None:
    """A recipe site's category page: an introduction of two sentences, then a grid of
    cards that are a linked title and a rating line each, none of them a sentence; the
    cards hold more text than the introduction's prose, and are what the page lists."""
    page = (
        "<html><head><title>Air Fryer Recipes | Simple Kitchen</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/recipes">Recipes</a></nav><div id="primary">'
        "<header><h1>Air Fryer Recipes</h1><p>The air fryer is a weeknight dinner hero: "
        "crisp proteins, the crispiest vegetables and snacks in minutes, with a fraction of "
        "the oil. These are the recipes readers cook again and again, all of them tested in "
        "our own kitchen, with the times and temperatures that work in baskets and ovens "
        "alike.</p></header>"
        f'<section class="grid">{_recipe_cards(RECIPES)}</section></div></body></html>'
    )
    kept = _kept(extract(page))
    assert "weeknight dinner hero" in kept
    assert all(title in kept and rating in kept for title, rating in RECIPES)


def test_an_articles_strip_of_linked_titles_stays_out_of_the_article() -> None:
    """Six linked titles with a line each after an article of several paragraphs hold
    less text than its prose: a "Latest recipes" strip, not the page."""
    page = _article_then(f"<section><h2>Latest recipes</h2>{_recipe_cards(RECIPES[:6])}</section>")
    kept = _kept(extract(page))
    assert all(text in kept for text in ARTICLE)
    assert not any(title in kept for title, _ in RECIPES)


REPOSITORIES = [
    ("ada / tide-gauge", "Sea level readings from harbour gauges, cleaned, merged and checked."),
    ("ben / quill", "Lab notebook sites"),
    ("cleo / fieldnotes", "Offline survey forms"),
    ("dev / sparrow", "Bird song classifier"),
    ("eli / ledger-lite", "Plain text accounts"),
    ("fay / kiln", "Reproducible papers"),
    ("gus / meadow", "Pollinator counts"),
    ("hal / drift", "Ocean buoy tiles"),
    ("ida / marrow", "Anonymised bone scans"),
    ("jon / tessera", "Drone photo mosaics"),
    ("kai / sundial", "Solar output forecasts"),
    ("lea / sieve", "Survey deduplication"),
]  # fmt: skip
TOPICS = ("python", "data", "science", "open-data", "research", "csv", "maps")


def test_a_run_of_repository_cards_each_with_a_row_of_topic_tags_is_the_listing() -> None:
    """A topic page of a code host: two paragraphs on the topic, then a dozen repositories,
    each a linked name, a short line describing it (one of them a sentence), a row of seven
    topic tags (each a link) and its update line. A card of eight links is no menu column
    when a dozen of them run (a menu has a handful of columns), and one description that
    ends with a full stop does not make the cards teasers weighed by their sentences."""
    cards = "".join(
        f'<article class="repo-card"><h3><a href="/{name}">{name}</a></h3>'
        f'<p class="description">{description}</p><div>'
        + "".join(f'<a class="topic-tag" href="/topics/{t}">{t}</a> ' for t in TOPICS)
        + f"</div><p>Updated Mar {n + 1}, 2026</p></article>"
        for n, (name, description) in enumerate(REPOSITORIES)
    )
    page = (
        "<html><head><title>open-science topics</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/topics">Topics</a></nav>'
        '<div class="topic-about"><div class="topic-intro"><h1>open-science</h1>'
        "<p>Open science makes research data, methods and papers free for anyone to read, "
        "reuse and check. Its projects publish the code behind each figure, share raw "
        "measurements under open licences and invite others to repeat the work, so that a "
        "finding stands on evidence anyone can inspect rather than on a journal's "
        "reputation.</p><p>The repositories below "
        "are tagged open-science by their authors, sorted by stars, and updated daily, with "
        "their languages, licences and the topics they list.</p></div></div>"
        f'<div class="results"><div class="repositories">{cards}</div></div></body></html>'
    )
    kept = _kept(extract(page))
    assert "free for anyone to read" in kept
    assert all(name in kept and description in kept for name, description in REPOSITORIES)


SECTIONS = ("services", "research", "teaching", "people", "library", "events", "press", "jobs")


def test_a_menus_few_columns_of_links_stay_out_beside_a_short_page() -> None:
    """Eight columns, each a linked title over seven links, under a short notice: a menu's
    columns (fewer than ``MENU_COLUMNS``), not a listing, though their text outweighs it."""
    columns = "".join(
        f'<div class="links-block"><h4><a href="/{section}">{section.title()}</a></h4><ul>'
        + "".join(
            f'<li><a href="/{section}/{n}">{section.title()} page {n}</a></li>' for n in range(7)
        )
        + "</ul></div>"
        for section in SECTIONS
    )
    page = (
        "<html><head><title>Closed for the holidays</title></head><body><main>"
        "<h1>Closed for the holidays</h1><p>The institute is closed from 24 December to 2 "
        "January. Urgent requests can be sent to the duty office, which reads its messages "
        "every morning.</p></main>"
        f'<div class="directory">{columns}</div></body></html>'
    )
    kept = _kept(extract(page))
    assert "duty office" in kept
    assert "Teaching page 3" not in kept


TOOLS = [
    ("Ledgerly", "9.4"), ("Tallybook", "9.1"), ("Sumwise", "8.8"), ("Countwell", "8.7"),
    ("Booksmith", "8.5"), ("Fig Accounts", "8.2"), ("Paperless Pro", "8.0"),
    ("Clearsheet", "7.9"), ("Abacus Cloud", "7.6"), ("Receipt Hound", "7.2"),
]  # fmt: skip


def test_a_ranked_lists_rows_are_the_page_when_it_shows_next_to_no_prose() -> None:
    """A ranking with no prose and no declared main content: ten rows of a rank, a linked
    name and a score. The scores find a line of introduction; the rows, a run of cards of
    three lines each, hold more and are what the page shows (a watchdog sees a product
    fall from second to fifth)."""
    rows = "".join(
        f'<div class="entry-row"><div class="rank">{n + 1}.</div><div class="name">'
        f'<a href="/products/{n}">{name}</a></div><div class="score">{score}</div></div>'
        for n, (name, score) in enumerate(TOOLS)
    )
    page = (
        "<html><head><title>Top accounting software</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/categories">Categories</a></nav>'
        '<div class="hero"><h1>Top Ranked Accounting Software</h1><p>See how the top '
        "products rank on their score.</p></div>"
        f'<div class="rankings"><div class="list">{rows}</div></div>'
        '<div class="legal"><p>© 2026 Rankings Ltd.</p></div></body></html>'
    )
    kept = _kept(extract(page))
    assert all(name in kept and score in kept for name, score in TOOLS)


def test_a_list_of_links_is_no_run_of_cards_beside_a_short_choice() -> None:
    """The same bare page with a list of ten category links instead of the ranking: one
    line an item is a menu's list, not cards, and the address line stays the choice."""
    items = "".join(
        f'<li class="item"><a href="/c/{n}">{name}</a></li>' for n, (name, _) in enumerate(TOOLS)
    )
    page = (
        "<html><head><title>News of the town hall</title></head><body>"
        f'<div class="box"><ul>{items}</ul></div>'
        '<div class="address"><p>Town hall, 1 Market Street, Riverside. Open on weekdays '
        "from nine to five.</p></div></body></html>"
    )
    kept = _kept(extract(page))
    assert "Market Street" in kept
    assert "Ledgerly" not in kept


TREATMENTS = [
    ("Dental implants", "A titanium post set in the jaw replaces the root of a lost tooth, "
     "and a crown made to match the others is fixed on it once the bone has healed."),
    ("Root canal treatment", "The infected pulp inside a tooth is removed, the canals are "
     "cleaned and sealed, and the tooth is kept rather than pulled out."),
    ("Teeth whitening", "A gel applied in the chair or in trays worn at home lightens the "
     "enamel by several shades over two to three weeks, under a dentist's watch."),
    ("Clear aligners", "A series of clear trays, each worn for two weeks, moves crooked "
     "teeth into line without brackets or wires, checked at the clinic every six weeks."),
    ("Gum treatment", "Deep cleaning below the gum line removes the tartar behind gum "
     "disease, and a hygienist shows how to keep the pockets from coming back."),
    ("Children's dentistry", "Check-ups from the first tooth, fissure sealants and "
     "fluoride varnish keep young teeth free of decay, in a room made for children."),
]  # fmt: skip
INTRODUCTION = (
    "Our clinic in Lyon offers every treatment a family needs, from a first check-up to "
    "implants, each planned with you and priced before it starts."
)


def _treatments_page(head: str = "", header: str = "", box: str = "hero") -> str:
    """A clinic's hub of treatments: its title and introduction in a banner box over the
    grid of cards, each a linked name and a sentence."""
    cards = "".join(
        f'<div class="card"><h3><a href="/treatments/{number}">{name}</a></h3><p>{text}</p></div>'
        for number, (name, text) in enumerate(TREATMENTS)
    )
    return (
        f"<html><head><title>Treatments | Smile Clinic</title>{head}</head><body>"
        '<nav><a href="/">Home</a> <a href="/contact">Contact</a></nav>'
        f'<div class="{box}"><div class="container"><h1>Our treatments</h1>'
        f"<p>{INTRODUCTION}</p>{header}</div></div>"
        f'<div class="listing"><div class="row">{cards}</div></div></body></html>'
    )


def test_a_hubs_title_and_introduction_over_its_items_are_content() -> None:
    """A hub's title and the sentences introducing its items sit in a banner box apart
    from the grid that scores: they are what a reader reads first, kept with the items."""
    kept = _kept(extract(_treatments_page()))
    assert "Our treatments" in kept
    assert INTRODUCTION in kept
    for _, text in TREATMENTS:
        assert text in kept
    assert "Contact" not in kept


def test_a_hubs_own_header_box_named_a_header_is_its_introduction() -> None:
    """A theme names the box of a category's title and introduction for what it is, the
    listing's header ("listing-header"): it is the hub's own, not the site's banner."""
    kept = _kept(extract(_treatments_page(box="listing-header")))
    assert "Our treatments" in kept
    assert INTRODUCTION in kept
    assert "Contact" not in kept


def test_a_line_of_facts_under_a_title_is_no_introduction() -> None:
    """A question's header box holds its title and a line of facts ("Asked 3 years, 2
    months ago"): no sentence, no introduction; the question's text is read alone."""
    question = (
        "Our clinic keeps patient records on two mirrored disks in one server. Someone told "
        "us that mirroring is not a backup, but the disks hold the same data at all times, "
        "so we would like to understand what could go wrong before we spend money on tapes "
        "or a second site. What do other small practices do about this?"
    )
    page = (
        "<html><head><title>Is a mirrored disk a backup?</title></head><body>"
        '<div class="question-header"><h1>Is a mirrored disk a backup?</h1>'
        "<p>Asked 3 years, 2 months ago</p></div>"
        f'<div class="post"><div class="post-text"><p>{question}</p></div></div></body></html>'
    )
    kept = _kept(extract(page))
    assert question in kept
    assert "Asked 3 years" not in kept


def test_an_articles_standfirst_over_its_body_stays_with_its_headline() -> None:
    """The same shape on a page that declares itself an article with its publication date,
    or with a date line in its header: the lines under its headline are its standfirst,
    read with the headline, not with the text."""
    for page in (
        _treatments_page(
            head='<meta property="og:type" content="article">'
            '<meta property="article:published_time" content="2025-03-03T09:00:00+00:00">'
        ),
        _treatments_page(header="<p>Published 3 March 2025</p>"),
    ):
        kept = _kept(extract(page))
        assert INTRODUCTION not in kept
        for _, text in TREATMENTS:
            assert text in kept


def test_a_page_declared_an_article_without_a_date_keeps_its_introduction() -> None:
    """A site's page that its CMS declares an article by default (og:type "article" on
    every page) and that names no date anywhere is no dated piece of writing: its title and
    the sentences under it introduce the items, as on an undeclared hub."""
    kept = _kept(extract(_treatments_page(head='<meta property="og:type" content="article">')))
    assert "Our treatments" in kept
    assert INTRODUCTION in kept
    for _, text in TREATMENTS:
        assert text in kept


POST_TITLES = [
    "How to Season a Cast Iron Pan", "Ten Pantry Staples Worth Buying in Bulk",
    "Why Your Bread Dough Will Not Rise", "A Week of Lunches from One Pot of Beans",
    "The Case for Cooking Rice in the Oven", "What to Do with Leftover Egg Whites",
    "Sharpening a Kitchen Knife at Home", "Freezing Herbs in Olive Oil",
    "Our Favourite Soups for Cold Evenings", "Making Stock from Vegetable Scraps",
    "Three Sauces Every Cook Should Know", "Keeping Salad Leaves Crisp for a Week",
]  # fmt: skip


def _post_cards(titles: list[str]) -> str:
    """A blog theme's index entries: each post an <article> whose <header> (named
    "entry-header") holds its picture and its linked title, nothing under it."""
    return "".join(
        f'<article class="post entry"><header class="entry-header"><a href="/p/{n}">'
        f'<img src="/{n}.jpg" alt="A plate on a table"></a><h2 class="entry-title">'
        f'<a href="/p/{n}">{title}</a></h2></header></article>'
        for n, title in enumerate(titles)
    )


def test_an_index_of_posts_shown_by_their_titles_alone_is_the_category_page() -> None:
    """A blog's category page: its introduction in a box of its own, then a dozen posts,
    each an <article> shown by its linked title alone, in the theme's box around the
    posts and the sidebar ("content-sidebar-wrap"). The titles are the category's entries,
    beside its introduction; the sidebar stays out."""
    introduction = (
        "Simple kitchen skills that make weeknight cooking faster and cheaper, from "
        "looking after your pans to using up what is left in the fridge. None of them "
        "needs special equipment, and most take less than ten minutes once you have "
        "done them twice."
    )
    page = (
        "<html><head><title>Kitchen Basics Archives</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/recipes">Recipes</a></nav>'
        '<div class="archive-description"><h1>Kitchen Basics</h1>'
        f"<p>{introduction}</p></div>"
        '<div class="content-sidebar-wrap"><main class="content">'
        f"{_post_cards(POST_TITLES)}</main>"
        '<aside class="sidebar"><h3>About me</h3><p>I cook for a family of five.</p></aside>'
        "</div></body></html>"
    )
    kept = _kept(extract(page))
    assert introduction in kept
    assert all(title in kept for title in POST_TITLES)
    assert "family of five" not in kept


def test_an_articles_strip_of_post_titles_stays_out_of_the_article() -> None:
    """Posts shown by their titles after an article: six of them are a "More posts" strip,
    and so are a dozen whose titles weigh little beside the article's prose."""
    for titles, article in ((POST_TITLES[:6], ARTICLE), (POST_TITLES, ARTICLE * 3)):
        page = (
            "<html><body><main><article><h1>Council backs tutoring budget</h1>"
            + "".join(f"<p>{text}</p>" for text in article)
            + f"</article><section><h2>More posts</h2>{_post_cards(titles)}</section>"
            "</main></body></html>"
        )
        kept = _kept(extract(page))
        assert all(text in kept for text in ARTICLE)
        assert not any(title in kept for title in titles)


def test_a_tables_rows_of_links_alone_are_its_list_like_the_rows_before_them() -> None:
    """A list printed as a table of years and winners: the earlier years plain text, the
    later ones links like the winners' names. The later rows hold nothing kept read
    alone, but they are rows of the same table as the earlier ones: its list goes on."""
    winners = [
        "Ana Lima", "Ben Okafor", "Chen Wei", "Dara Singh", "Eli Novak", "Femi Bello",
        "Gus Moreau", "Hana Sato", "Ivo Petrov", "Jia Park", "Kofi Mensah", "Lena Berg",
        "Mia Rossi", "Noor Haddad",
    ]  # fmt: skip

    def row(year: int, name: str) -> str:
        shown = str(year) if year < 2020 else f'<a href="/y/{year}">{year}</a>'
        return f'<tr><th>{shown}</th><td><a href="/w/{year}">{name}</a></td></tr>'

    rows = "".join(row(2010 + n, name) for n, name in enumerate(winners))
    page = (
        "<html><head><title>List of prize winners</title></head><body><main>"
        "<h1>List of prize winners</h1><p>The prize has been awarded every year since 2010 "
        "to a young researcher whose work changed how a field reads its own data.</p>"
        f"<table><tbody><tr><th>Year</th><th>Winner</th></tr>{rows}</tbody></table>"
        "</main></body></html>"
    )
    kept = _kept(extract(page))
    assert all(name in kept for name in winners)


def test_a_listings_cards_named_for_an_option_they_leave_out_are_its_entries() -> None:
    """Cards whose class names an option of the theme ("hide-read-more-ad": no "read
    more" promotion in this card) are the listing's entries, not a "read more" box."""
    cards = "".join(
        f'<div class="summary-item hide-read-more-ad"><h3><a href="/s/{n}">{title}</a></h3>'
        f"<p>{snippet}</p><p>{meta.split(' | ')[1]}</p></div>"
        for n, (title, meta, snippet) in enumerate(STORIES)
    )
    page = (
        "<html><head><title>Science | The Review</title></head><body>"
        f'<nav><a href="/">Home</a></nav><main><h1>Science</h1><div class="grid">{cards}</div>'
        "</main></body></html>"
    )
    kept = _kept(extract(page))
    assert all(title in kept and snippet in kept for title, _, snippet in STORIES)


def _dawn_card(n: int, name: str, price: str, on_sale: bool) -> str:
    """A product card as Shopify's Dawn theme prints it: the title and badge in the
    picture's box too (for a card without a picture), the price as a regular and a sale
    amount with a badge for each state, of which the theme's linked sheets show one."""
    state = " price--on-sale" if on_sale else ""
    info = f'<div class="card__information"><h3 class="card__heading">{name}</h3></div>'
    badge = '<div class="card__badge"><span class="badge">Sold out</span></div>'
    return (
        f'<li class="grid__item"><div class="card card--standard card--media">'
        f'<div class="card__inner"><div class="card__media"><img src="/i/{n}.jpg" alt=""></div>'
        f'<div class="card__content">{info}{badge}</div></div>'
        f'<div class="card__content"><div class="card__information">'
        f'<h3 class="card__heading"><a href="/p/{n}">{name}</a></h3>'
        f'<div class="price{state}"><div class="price__container">'
        f'<div class="price__regular"><span class="price-item">{price}</span></div>'
        f'<div class="price__sale"><span class="price-item">$5.00</span>'
        f"<s>{price}</s></div></div>"
        '<span class="badge price__badge-sale">On sale</span>'
        '<span class="badge price__badge-sold-out">Gone</span>'
        f"</div></div>{badge}</div></div></li>"
    )


def test_a_themes_copies_its_linked_sheets_hide_are_read_once() -> None:
    """Shopify's Dawn theme prints each card's title and badge twice and its price as a
    regular and a sale amount; its style sheets, which the page links rather than holds,
    show one title, one badge and the amount the card's state names. A page that links no
    such sheet keeps every copy (nothing says which one is hidden)."""
    grid = "".join(
        _dawn_card(n, name, price, on_sale=n == 0) for n, (name, price) in enumerate(TEAS)
    )
    body = (
        "<body><nav><a href='/'>Home</a> <a href='/cart'>Cart</a></nav><main>"
        f'<h1>All teas</h1><ul class="product-grid">{grid}</ul></main></body></html>'
    )
    sheets = "".join(
        f'<link href="//shop.example/cdn/shop/t/4/assets/{name}?v=12" rel="stylesheet">'
        for name in ("component-card.css", "component-price.css")
    )
    doc = extract(f"<html><head><title>Teas</title>{sheets}</head>{body}")
    kept = _kept(doc)
    for n, (name, price) in enumerate(TEAS):
        assert kept.count(name) == 1
        assert ("$5.00" if n == 0 else price) in kept
    assert kept.count("$5.00") == 1  # the sale amount of the one card on sale
    assert kept.count("On sale") == 1 and "Gone" not in kept  # the badge of its state
    # each card's badge, its stock level, is read once, as a counter; its copy is hidden
    assert "Sold out" not in kept
    sold_out = [block.reason for block in doc.stripped if block.text == "Sold out"]
    assert sold_out.count(StripReason.COUNTER) == len(TEAS)
    assert sold_out.count(StripReason.HIDDEN) == len(TEAS)
    unlinked = _kept(extract(f"<html><head><title>Teas</title></head>{body}"))
    assert unlinked.count("Breakfast Blend") == 2


GUIDE = [
    ("How to choose a tent", "A tent for three seasons keeps rain out, lets damp air escape "
     "through its vents, and packs small enough for a weekend's walk in the hills, while a "
     "winter tent adds poles, a lower shape and heavier fabric to stand up to snow."),
    ("How heavy should a tent be?", "For a walker carrying everything, under two kilograms "
     "a person is a fair aim, although a family camping beside the car can carry more, and "
     "the extra space, headroom and porches are worth having on a wet evening."),
    ("Do I need a footprint?", "A groundsheet under the tent protects its floor from stones "
     "and roots, keeps the underside clean when you pack it away, and is far cheaper to "
     "replace than the tent itself after a few seasons of hard use."),
    ("How do I look after a tent?", "Dry it fully before storing it, loosely folded in a "
     "cool place, clean the zips with water rather than soap, and pitch it once at home "
     "before every trip so that a broken pole or a torn guy line shows up in time."),
]  # fmt: skip


def _tent_shop(grid_first: bool) -> str:
    cards = "".join(
        f'<div class="product-tile"><a href="/p/{n}">Trail tent {n} person</a>'
        f'<span class="tile-price">${100 + 7 * n}.00</span></div>'
        for n in range(24)
    )
    guide = "".join(f"<h3>{question}</h3><p>{answer}</p>" for question, answer in GUIDE * 2)
    grid = f'<div class="tiles">{cards}</div>'
    text = f'<div class="seo-text"><h2>Tents buying guide</h2>{guide}</div>'
    return (
        "<html><head><title>Tents | Hill & Dale</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/cart">Cart</a></nav><div class="page">'
        f"<h1>Tents</h1>{grid + text if grid_first else text + grid}</div></body></html>"
    )


def test_a_catalogues_grid_before_its_text_for_search_engines_is_kept() -> None:
    """A shop's category page shows its products first and puts a buying guide for search
    engines under them: the guide's prose outscores the cards, which hold less than half
    its text, yet the grid is what the page shows first and is kept beside it. After a
    long text, the same grid is no part of it."""
    kept = _kept(extract(_tent_shop(grid_first=True)))
    assert "Trail tent 0 person" in kept and "$261.00" in kept
    assert "How heavy should a tent be?" in kept
    kept = _kept(extract(_tent_shop(grid_first=False)))
    assert "Trail tent 0 person" not in kept
    assert "How heavy should a tent be?" in kept


WORKSHOPS = [
    ("Pottery for beginners", "Sat, Apr 11, 10:00 AM"),
    ("Glazing with two colours", "Sun, Apr 12, 2:00 PM"),
    ("Throwing a teapot", "Wed, Apr 15, 6:00 PM"),
    ("Kiln safety", "Thu, Apr 16, 9:30 AM"),
]


def _workshop_results(mobile: str, desktop: str) -> str:
    cards = "".join(
        f'<li><div class="{mobile}"><a href="/w/{n}"><h3>{title}</h3></a><p>{when}</p></div>'
        f'<div class="{desktop}"><a href="/w/{n}"><h3>{title}</h3></a><p>{when}</p></div></li>'
        for n, (title, when) in enumerate(WORKSHOPS)
    )
    return (
        "<html><head><title>Pottery workshops</title></head><body><main>"
        f"<h1>Pottery workshops</h1><p>{INTRO}</p><ul>{cards}</ul></main></body></html>"
    )


def test_a_result_printed_once_per_layout_beside_its_desktop_twin_is_kept_once() -> None:
    """A search page prints each result twice, a card for phones beside its twin for
    desktops ("search-mobile-card", "search-desktop-card"), its stylesheet's media
    queries showing one: the phone's copy of a title is a duplicate, the hash CSS Modules
    put after each name aside ("Results_mobileCard__x7Qa2" beside
    "Results_desktopCard__Lm3pZ"). A name that speaks of phones with no desktop twin
    beside it says nothing of copies (a card's second title may still be its card's
    copy: ``test_a_cards_title_printed_twice_in_the_card_is_read_once``)."""
    for mobile, desktop in (
        ("search-mobile-card", "search-desktop-card"),
        ("Results_mobileCard__x7Qa2", "Results_desktopCard__Lm3pZ"),
    ):
        doc = extract(_workshop_results(mobile, desktop))
        texts = [block.text for block in doc.blocks]
        for title, _ in WORKSHOPS:
            assert texts.count(title) == 1
        assert any(s.reason is R.DUPLICATE and s.text == WORKSHOPS[0][0] for s in doc.stripped)
    alone = extract(_workshop_results("search-mobile-card", "search-card"))
    assert not any(s.detail == "a phone's copy of a block kept" for s in alone.stripped)


def test_a_cards_items_printed_side_by_side_read_as_words_apart() -> None:
    """A chart prints each film's year, running time and rating as spans of one class with
    nothing between them, a stylesheet's margins parting them on screen: they read as
    words apart ("2026 1h 54m R"), while a word whose letters an animation splits one a
    span stays one word."""
    films = [("Harbour Lights", "2026", "1h 54m", "R"), ("The Last Ferry", "2025", "2h 6m", "PG")]
    rows = "".join(
        f'<li><h3>{title}</h3><div><span class="meta">{year}</span>'
        f'<span class="meta">{length}</span><span class="meta">{rating}</span></div></li>'
        for title, year, length, rating in films
    )
    letters = "".join(f'<span class="char">{letter}</span>' for letter in "Charts")
    page = (
        "<html><head><title>Films this week</title></head><body><main>"
        f"<h1>Films this week</h1><p>{letters} of the week: {INTRO}</p><ol>{rows}</ol>"
        "</main></body></html>"
    )
    kept = _kept(extract(page))
    assert "2026 1h 54m R" in kept and "2025 2h 6m PG" in kept
    assert "Charts of the week" in kept


def test_a_cards_brand_and_name_in_two_spans_read_as_words_apart() -> None:
    """A shop's card prints its brand and its product's name as two spans with nothing
    between them, a stylesheet setting each on a line of its own: they read as words
    apart ("Harbour Lights Storm Lantern"), not "LightsStorm"; a word split across two
    spans between small letters ("Lan" "tern") stays one word."""
    products = [
        ("Harbour Lights", "Storm Lantern", "34"),
        ("Meadow Co", "Field Kettle", "58"),
        ("Ember Works", "Camp Stove", "120"),
        ("Slate Goods", "Tin Mug", "12"),
    ]
    cards = "".join(
        f'<li class="card"><a href="/p/{n}"><span class="brand">{brand}</span>'
        f'<span class="name">{name}</span></a><p>${price}.00</p></li>'
        for n, (brand, name, price) in enumerate(products)
    )
    page = (
        "<html><head><title>Lanterns</title></head><body><main>"
        f"<h1>Lanterns</h1><p>Our <span>lan</span><span>terns</span> and more: {INTRO}</p>"
        f"<ul>{cards}</ul></main></body></html>"
    )
    kept = _kept(extract(page))
    assert "Harbour Lights Storm Lantern" in kept and "Meadow Co Field Kettle" in kept
    assert "Our lanterns and more" in kept


def _blog_index(*, tags: str) -> str:
    """A blog's index: a line of introduction, then each post as an ``<article>`` card, its
    linked title, its excerpt, a row of topic links in a box named ``tags`` and its own
    ``<footer>`` naming the author and the date."""
    cards = "".join(
        f'<article class="post-card"><h2><a href="/blog/{n}">{title}</a></h2>'
        f"<p>{snippet}</p>"
        f'<div class="{tags}"><a href="/tag/schools">schools</a> '
        f'<a href="/tag/{n}-reading">reading{n}</a></div>'
        f"<footer><span>Staff writer {n}</span> · {meta[:10]}</footer></article>"
        for n, (title, meta, snippet) in enumerate(STORIES)
    )
    return (
        "<html><head><title>Blog | Tutoring Accelerator</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>'
        f'<main><h1>Blog</h1><p>{INTRO}</p><div class="feed">{cards}</div></main>'
        "<footer><p>© 2025 Tutoring Accelerator. All rights reserved.</p></footer>"
        "</body></html>"
    )


def test_a_blog_indexs_cards_keep_their_tag_rows_and_their_own_footers() -> None:
    """On an index whose posts are cards led by linked titles, each card's row of tags and
    its own ``<footer>`` (author and date) recur in every card: they are the listing's, as
    its titles are, while the page's footer stays out."""
    doc = extract(_blog_index(tags="post-card__tags"))
    kept = _kept(doc)
    for n, (title, meta, snippet) in enumerate(STORIES):
        assert title in kept and snippet in kept
        assert f"reading{n}" in kept and f"Staff writer {n}" in kept and meta[:10] in kept
    assert "All rights reserved" not in kept
    assert any(s.reason is R.FOOTER and "All rights reserved" in s.text for s in doc.stripped)


def test_an_articles_row_of_tags_stays_navigation() -> None:
    """An article's own row of tags, once under its text, is no card's: it stays
    navigation."""
    doc = extract(
        _article_then(
            '<div class="post-tags"><a href="/tag/schools">schools</a> '
            '<a href="/tag/budget">budget</a></div>'
        )
    )
    kept = _kept(doc)
    assert all(text in kept for text in ARTICLE)
    assert "budget" not in kept.split("\n")[-1]
    assert any(s.reason is R.NAVIGATION and "budget" in s.text for s in doc.stripped)


def test_a_form_named_a_form_is_chrome_by_its_tag_beside_a_shops_grid() -> None:
    """A shop's filters are a ``<form>`` its theme names a form ("facets__form"), each
    filter's title over its values beside a checkbox: the name says what the tag says, and
    the tag's verdict holds, so the filters stay out of the grid they sit beside, as under
    a bare ``<form>``, however many values they list."""
    grid = "".join(
        f'<li class="grid__item"><div class="card"><h3><a href="/p/{n}">{name}</a></h3>'
        f'<span class="price">{price}</span></div></li>'
        for n, (name, price) in enumerate(TEAS)
    )
    facets = {
        "Leaf grade": ["Whole leaf", "Broken leaf", "Fannings", "Dust", "Tips and buds"],
        "Caffeine level": ["None", "Low", "Medium", "High", "Very high"],
        "Origin": ["China", "India", "Japan", "Kenya", "Nepal", "Sri Lanka", "Taiwan"],
        "Packaging": ["Loose leaf tin", "Pyramid bags", "Refill pouch", "Gift box"],
    }
    filters = "".join(
        f'<details class="facets__disclosure"><summary class="facets__summary">'
        f'<span>{name}</span></summary><ul class="facets__list">'
        + "".join(
            f'<li><input type="checkbox" id="filter-{value}">'
            f'<span class="facet-checkbox__text">{value}</span></li>'
            for value in values
        )
        + "</ul></details>"
        for name, values in facets.items()
    )
    page = (
        "<html><head><title>Black teas | Leaf & Cup</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/cart">Cart</a></nav><main><h1>All teas</h1>'
        "<p>Our black teas come from small gardens and are packed by hand in our shop.</p>"
        '<div class="collection facets-vertical"><div class="facets-container">'
        f'<form class="facets__form" id="FacetFiltersForm">{filters}</form></div>'
        f'<div class="product-grid-container"><ul class="product-grid">{grid}</ul></div>'
        "</div></main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert all(name in kept and price in kept for name, price in TEAS)
    assert not any(name in kept for name in facets)
    assert "Sri Lanka" not in kept and "Pyramid bags" not in kept
    assert any(s.text == "Origin" and s.detail == "<form>" for s in doc.stripped)


ROWERS = [
    ("Harbour folding rowing machine", "$449.00", "Quiet magnetic resistance, folds flat."),
    ("Quayside water rower in ash", "$899.00", "A tank of water for the feel of a river."),
    ("Lakeside air rower with monitor", "$629.00", "Air resistance that grows with effort."),
    ("Canal compact rowing machine", "$299.00", "Fits under a bed when it is put away."),
]


def _rower_grid(*, twice: bool) -> str:
    """A shop's grid of cards, each printing its item's name over its picture (a link) and
    again beside its price when ``twice``."""
    cards = "".join(
        f'<div class="product-card"><a class="tile-link" href="/p/{n}"><span>{name}</span></a>'
        f'<div class="tile-body"><p>{name if twice else "In stock"}</p><p>{price}</p>'
        f"<p>{blurb}</p></div></div>"
        for n, (name, price, blurb) in enumerate(ROWERS)
    )
    return (
        "<html><head><title>Rowing machines</title></head><body><main>"
        f"<h1>Rowing machines</h1><p>{INTRO}</p><div class='grid'>{cards}</div>"
        "</main></body></html>"
    )


def test_a_cards_title_printed_twice_in_the_card_is_read_once() -> None:
    """A grid's card prints its item's name twice, over the picture and beside the price:
    the second print is the card's copy of its title (a duplicate), as a reader reads the
    card. Printed once, the name stays as it is."""
    doc = extract(_rower_grid(twice=True))
    texts = [block.text for block in doc.blocks]
    for name, price, _ in ROWERS:
        assert texts.count(name) == 1 and price in texts
    assert any(
        s.reason is R.DUPLICATE
        and s.detail == "repeats its card's title"
        and s.text == ROWERS[0][0]
        for s in doc.stripped
    )
    once = [block.text for block in extract(_rower_grid(twice=False)).blocks]
    assert all(once.count(name) == 1 for name, _, _ in ROWERS)


def test_a_line_each_item_of_a_card_repeats_is_kept_each_time() -> None:
    """A plan's week is a card of days, each day printing the same line ("Easy jog in zone
    two"): the card holds a run of days, and each day's line is that day's, not a copy."""
    days = "".join(
        f'<div class="day"><h3>Day {n}</h3><p>Easy jog in zone two</p><p>{text}</p></div>'
        for n, text in enumerate(
            ["Strides on grass.", "Hills, six times.", "Tempo for twenty minutes."], start=1
        )
    )
    weeks = "".join(
        f'<section class="week"><h2>Week {n}</h2><div class="days">{days}</div></section>'
        for n in (1, 2, 3)
    )
    page = (
        "<html><head><title>Ten-kilometre plan</title></head><body><main>"
        f"<h1>Ten-kilometre plan</h1><p>{INTRO}</p>{weeks}</main></body></html>"
    )
    texts = [block.text for block in extract(page).blocks]
    assert texts.count("Easy jog in zone two") == 9


TOWN_FEED = [
    ("Harbour authority approves the new ferry terminal",
     "The terminal will take three years to build and replaces the pier that storms "
     "damaged in the winter of last year."),
    ("Library extends its opening hours on weekdays",
     "From next month the central branch stays open until nine in the evening, after a "
     "survey of more than two thousand readers."),
    ("Council publishes the audit of its road repairs",
     "The audit found that one in five repairs failed within a year, and the council "
     "promised to change its contractors."),
    ("Rail line reopens after the landslide clearance",
     "Engineers worked through the weekend to clear the cutting, and trains ran to the "
     "timetable again on Monday morning."),
]  # fmt: skip
TOWN_FEATURED = [
    "Mayor opens the restored market hall",
    "Floods close the river path until spring",
    "School choir wins the national final",
]


def _front_page(*, featured_as_cards: bool) -> str:
    """A town paper's front page: a featured strip above the feed, and a most-read box
    beside it, both printed with the feed's card template (or the strip with its own)."""

    def card(n: int, title: str, snippet: str = "") -> str:
        excerpt = f'<p class="story-card__excerpt">{snippet}</p>' if snippet else ""
        return (
            f'<article class="story-card"><h2 class="story-card__title">'
            f'<a href="/story/{n}">{title}</a></h2>{excerpt}</article>'
        )

    featured = "".join(
        f'<li class="featured-item">{card(n, title)}</li>'
        if featured_as_cards
        else f'<li class="featured-item"><h2 class="lead"><a href="/f/{n}">{title}</a></h2></li>'
        for n, title in enumerate(TOWN_FEATURED)
    )
    feed = "".join(card(10 + n, *story) for n, story in enumerate(TOWN_FEED))
    most_read = "".join(card(20 + n, title) for n, title in enumerate(TOWN_FEATURED))
    return (
        "<html><head><title>Town News</title></head><body><header><nav>"
        '<a href="/">Home</a> <a href="/news">News</a></nav></header>'
        f'<div class="top"><ul class="featured">{featured}</ul></div>'
        f'<div class="layout"><section class="feed">{feed}</section>'
        f'<aside class="most-read"><h2>Most read</h2>{most_read}</aside></div>'
        "<footer><p>Town News, 1 High Street</p></footer></body></html>"
    )


def test_a_front_pages_other_runs_of_the_feeds_cards_are_content() -> None:
    """The feed won the main content; the featured strip above it prints its stories with
    the feed's card template (the same title's class), so it is the front page's too. The
    most-read box of the same cards stays related, and a strip printed by another template
    stays outside the main content."""
    doc = extract(_front_page(featured_as_cards=True))
    kept = [block.text for block in doc.blocks]
    assert all(kept.count(title) == 1 for title in TOWN_FEATURED)
    assert all(title in kept and snippet in kept for title, snippet in TOWN_FEED)
    assert {s.text for s in doc.stripped if s.reason is R.RELATED} >= set(TOWN_FEATURED)
    other = extract(_front_page(featured_as_cards=False))
    assert not set(TOWN_FEATURED) & {block.text for block in other.blocks}
    assert {s.text for s in other.stripped if s.reason is R.OUTSIDE_MAIN} == set(TOWN_FEATURED)


def test_a_shop_cards_categories_are_its_navigation() -> None:
    """A WooCommerce card lists the categories its product is filed under ("posted_in",
    "posted-in": links to category pages) beside its name and price: the shop's
    navigation, not the product's; the names and prices stay."""
    products = [
        ("Canvas tool roll", "$34.00"),
        ("Waxed gear bag", "$58.00"),
        ("Folding camp stool", "$41.00"),
        ("Enamel camp mug", "$16.00"),
        ("Cast iron skillet", "$72.00"),
        ("Cotton picnic blanket", "$49.00"),
    ]
    cards = "".join(
        f'<li class="product"><a href="/p/{n}"><img src="/{n}.jpg" alt=""></a>'
        f'<div class="product-caption"><div class="posted-in"><a href="/c/outdoor" rel="tag">'
        f'Outdoor Gear</a> / <a href="/c/sale" rel="tag">Clearance Corner</a></div>'
        f'<h2><a href="/p/{n}">{name}</a></h2><span class="price">{price}</span></div></li>'
        for n, (name, price) in enumerate(products)
    )
    page = (
        "<html><head><title>Outdoor gear</title></head><body><main><h1>Outdoor gear</h1>"
        "<p>Everything we carry for a weekend outdoors, from the car to the campfire, tested "
        f"on our own trips before it goes on the shelf.</p><ul>{cards}</ul></main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    for name, price in products:
        assert name in kept
        assert price in kept
    assert "Clearance Corner" not in kept
    assert any(
        s.reason is StripReason.NAVIGATION and "Clearance Corner" in s.text for s in doc.stripped
    )


def test_a_category_pages_sibling_categories_are_navigation() -> None:
    """Under a category page's grid, a box titled "More In <parent>" lists the categories
    beside this one in the site's taxonomy (a class naming "sibling-nodes"): links to other
    index pages, navigation; the cards above stay."""
    recipes = [
        ("Roasted pepper romesco", "A smoky almond and pepper sauce for grilled leeks."),
        ("Quick pan tomato sauce", "Ten minutes, one pan, and a can of whole tomatoes."),
        ("Brown butter sage sauce", "Nutty butter and crisp leaves for stuffed pasta."),
        ("Green herb salsa", "Parsley, capers and lemon, chopped by hand."),
    ]
    cards = "".join(
        f'<a class="card" href="/r/{n}"><div class="card__content">'
        f'<span class="card__title">{name}</span><p>{blurb}</p></div></a>'
        for n, (name, blurb) in enumerate(recipes)
    )
    siblings = "".join(
        f'<a class="tax-sibling-node" href="/c/{n}"><span>{name}</span></a> '
        for n, name in enumerate(["Chutneys", "Gravies", "Vinaigrettes", "Nut Butters"])
    )
    page = (
        "<html><head><title>Pan sauces</title></head><body><main><h1>Pan sauces</h1>"
        "<p>Sauces you can make in the pan you cooked in, while the meat rests.</p>"
        f'<div class="card-list">{cards}</div>'
        '<div class="comp tax-sibling-nodes"><h3 class="tax-sibling-nodes__title">'
        f'More In Sauces &amp; Dressings</h3><div class="sibling-container">{siblings}</div>'
        "</div></main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    for name, blurb in recipes:
        assert name in kept
        assert blurb in kept
    assert "Vinaigrettes" not in kept
    assert "More In Sauces" not in kept
    assert any(s.reason is R.NAVIGATION and "Vinaigrettes" in s.text for s in doc.stripped)


def test_a_featured_storys_linked_title_is_a_card_title() -> None:
    """A blog index opens on its featured story, whose title links to it as every card's
    does below, in a template of its own that no run of cards joins: with four linked
    titles of its tag kept, it is one of them, not a teaser of another page. A linked
    title after the last one kept ("From the archive") is a teaser and stays out."""
    posts = [
        ("Moving our build cache to a new store", "Cold builds went from forty to nine minutes."),
        ("What a year of on-call taught us", "Pages halved once every alert had an owner."),
        ("Sharding the search index by tenant", "The biggest customers get nodes of their own."),
        ("A smaller client for our events API", "Three hundred lines replaced a generated client."),
        ("Testing payments against a fake bank", "A fake of the bank's protocol found real bugs."),
    ]  # fmt: skip
    cards = "".join(
        f'<article class="post-card"><h2><a href="/p/{n}">{title}</a></h2><p>{excerpt}</p>'
        f"<span>Mar {n + 2}, 2026</span></article>"
        for n, (title, excerpt) in enumerate(posts)
    )
    featured = "Rewriting the scheduler in a weekend"
    archive = "From the archive: our first outage"
    page = (
        "<html><head><title>Engineering</title></head><body><main><h1>Engineering</h1>"
        '<div class="posts"><section class="hero-story"><img src="/f.jpg" alt="">'
        f'<h2 class="hero-story__title"><a href="/p/featured">{featured}</a></h2>'
        "<p>The old scheduler had grown three queues and a lock nobody understood. Two of us "
        "replaced it with one queue and a timer wheel, and the tests kept passing.</p></section>"
        f'<div class="post-list">{cards}</div>'
        f'<div class="next-up"><h2><a href="/p/old">{archive}</a></h2></div></div>'
        "</main></body></html>"
    )
    doc = extract(page)
    kept = [block.text for block in doc.blocks]
    assert featured in kept
    assert all(title in kept for title, _ in posts)
    assert archive not in kept


def _groups_block_by_block(blocks: list[RawBlock]) -> list[tuple[list[etree._Element], int]]:
    """``card_groups`` counted the plain way: every block's characters credited to each
    of its ancestors' groups in turn, the body and the page left out."""
    members: dict[tuple[etree._Element, str, str], dict[etree._Element, int]] = {}
    for block in blocks:
        element = block.element
        for _ in range(CARD_DEPTH):
            parent = element.getparent()
            if parent is None or parent.tag in {"body", "html"}:
                break
            group = members.setdefault((parent, element.tag, template_name(element)), {})
            group[element] = group.get(element, 0) + len(block.text)
            element = parent
    return [
        (list(cards), sum(cards.values())) for cards in members.values() if len(cards) >= MIN_CARDS
    ]


@given(
    st.lists(
        st.lists(st.sampled_from(["h3", "p", "span"]), min_size=1, max_size=3),
        min_size=1,
        max_size=5,
    ),
    st.lists(st.sampled_from(["card", "card wide", "tile"]), min_size=5, max_size=5),
)
def test_card_runs_and_their_characters_are_those_of_a_count_block_by_block(
    rows: list[list[str]], names: list[str]
) -> None:
    body = "".join(
        f'<section class="row"><div class="{names[n]}">'
        + "".join(f"<{tag}>{tag} {n} {'x' * n}</{tag}>" for tag in lines)
        + f'</div><div class="{names[-1 - n]}"><p>more {n}</p></div>'
        f'<div class="{names[n]}"><p>again</p><p>and again {n}</p></div></section>'
        for n, lines in enumerate(rows)
    )
    root = etree.fromstring(f'<html><body><main class="grid">{body}</main></body></html>')
    blocks = [
        RawBlock(BlockKind.PARAGRAPH, element.text, element, ())
        for element in root.iter("h3", "p", "span")
    ]
    climbs: Climbs = {}
    assert card_groups(blocks, climbs) == _groups_block_by_block(blocks)
    # a second run of blocks, the climbs already worked out for their parents
    assert card_groups(blocks[::2], climbs) == _groups_block_by_block(blocks[::2])
