"""Product, listing and collection pages, written here in the shapes they were seen in.

What a shop's or a catalogue's page shows its reader is short lines (a name, a price, a
specification) more than paragraphs; the rules that read them are tested on pages of
that shape.
"""

from __future__ import annotations

import pytest

from tracker.extraction import extract
from tracker.model import BlockKind, Document, StripReason

R = StripReason

DESCRIPTION = (
    "A hand-thrown stoneware mug glazed in two colours, made in a small workshop in Porto "
    "and fired twice so that the glaze is food-safe, dishwasher-safe and hard to chip. "
    "Each mug is thrown by hand, so its size and the line where the two glazes meet vary "
    "a little from one to the next; the handle is pulled, not cast, and fits three fingers."
)


def _kept(doc: Document) -> str:
    return "\n".join(block.text for block in doc.blocks)


def test_a_style_utility_class_is_not_a_sidebar() -> None:
    """ "text-secondary", "a-color-secondary", "bg-body-secondary" say how a line looks;
    the WordPress sidebar named "secondary" is still a sidebar."""
    specs = "".join(
        f'<li><span class="{style}">{name}</span> <span>{value}</span></li>'
        for style, name, value in [
            ("text-secondary", "Capacity", "350 ml"),
            ("a-color-secondary", "Material", "Stoneware"),
            ("bg-body-secondary", "Care", "Dishwasher safe"),
        ]
    )
    page = (
        "<html><head><title>Two-tone mug</title></head><body>"
        '<main><h1>Two-tone mug</h1><p class="text-secondary">€28.00</p>'
        f"<p>{DESCRIPTION}</p><ul>{specs}</ul></main>"
        '<div id="secondary"><p>Browse our other collections: plates, bowls and vases for '
        "every table, every season and every budget, shipped from Porto.</p></div>"
        "</body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    for line in ("€28.00", "Capacity", "Stoneware", "Dishwasher safe"):
        assert line in kept
    assert "Browse our other collections" not in kept


PACKS = [
    ("Osprey", "Rook 65 Pack - Men's", "$205.00"),
    ("Osprey", "Atmos AG 65 Pack - Men's", "$370.00"),
    ("Gregory", "Baltoro 75 Pack - Men's", "$349.95"),
    ("REI Co-op", "Flash 55 Pack - Women's", "$229.00"),
    ("Deuter", "Aircontact Core 60+10 Pack", "€239,95"),
]


def _catalogue(cards: str) -> str:
    return (
        "<html><head><title>Backpacking packs</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/camp">Camp</a> <a href="/hike">Hike</a></nav>'
        "<main><h1>Backpacking packs</h1>"
        "<p>Carry everything you need for a night or a week on the trail: packs from 40 to "
        "80 litres, fitted in our stores, with frames, hip belts and rain covers to match.</p>"
        f'<ul class="product-grid">{cards}</ul></main>'
        "<footer><p>© 2025 The Outfitters co-op. All rights reserved.</p></footer>"
        "</body></html>"
    )


def test_a_catalogue_s_priced_cards_are_its_content_even_when_each_is_one_link() -> None:
    """Each item of a shop's category page is one link (brand, name, price), so its
    whole text is link text; a run of such priced cards is what the page lists."""
    cards = "".join(
        f'<li class="product-tile"><a href="/product/{n}"><span>{brand}</span>'
        f"<span>{name}</span></a> <span>{price}</span></li>"
        for n, (brand, name, price) in enumerate(PACKS)
    )
    kept = _kept(extract(_catalogue(cards)))
    for _, name, price in PACKS:
        assert name in kept
        assert price in kept


def test_a_run_of_links_without_prices_is_not_a_catalogue() -> None:
    """Category links in the same shape but naming no price stay link lists."""
    cards = "".join(
        f'<li class="category-tile"><a href="/c/{n}"><span>{brand}</span> '
        f"<span>{name}</span></a></li>"
        for n, (brand, name, _) in enumerate(PACKS)
    )
    kept = _kept(extract(_catalogue(cards)))
    assert not any(name in kept for _, name, _ in PACKS)


def _shop_page(cards: str) -> str:
    """A shop's category page with no declared main content: a promotion's sentences
    above a grid of products that hold no sentence at all."""
    return (
        "<html><head><title>Desk accessories</title></head><body>"
        '<div class="menu"><a href="/">Home</a> <a href="/desks">Desks</a></div>'
        '<div class="intro"><p>Choose from hundreds of accessories designed to complement '
        "your workspace, and help you work better and live healthier than ever.</p>"
        "<p>Buy more, save more when you outfit your full office: use the coupon code at "
        "checkout, while supplies last.</p></div>"
        f'<div class="grid"><ul class="products">{cards}</ul></div>'
        "<div class='legal'><p>© 2025 Uplift Office Co. All rights reserved.</p></div>"
        "</body></html>"
    )


SWATCHES = ["Amber", "Bluestone", "Flaxen", "Lilac", "Meadow", "Ruby", "Sandstone"]
ACCESSORIES = [
    ("Bamboo Motion-X Board", "$99"),
    ("Inclining Walking Pad", "$349"),
    ("3-Drawer Narrow Square File Cabinet", "$269"),
    ("2-Drawer File Cabinet with Seat", "$299"),
    ("Bamboo Desk Organizer Set", "$59"),
    ("Under-Desk Headphone Hanger", "$19"),
    ("Dual Monitor Arm with USB Hub", "$189"),
    ("Anti-Fatigue Standing Mat", "$79"),
]


def test_a_grid_of_priced_cards_beside_an_introduction_is_the_page_s_content() -> None:
    """A catalogue's items (a name, a price, colour swatches: no sentence, every line a
    link) outside the introduction that the prose scores pick are what the page lists,
    each card printed by one template although it adds its own class names (WooCommerce's
    "post-101 first instock"), and many links a card do not make them a menu."""
    cards = "".join(
        f'<li class="product post-{100 + n} {"first" if n % 4 == 0 else ""} instock">'
        f'<a href="/p/{n}"><h2>{name}</h2></a>'
        + "".join(f'<a href="/p/{n}?c={c}">{c}</a>' for c in SWATCHES)
        + f'<span class="price">{price}</span></li>'
        for n, (name, price) in enumerate(ACCESSORIES)
    )
    kept = _kept(extract(_shop_page(cards)))
    for name, price in ACCESSORIES:
        assert name in kept
        assert price in kept
    assert "All rights reserved" not in kept


STORIES = [
    ("Left-handed players win more duels, a study finds",
     "Researchers compared fencing and table-tennis results over ten seasons and found "
     "that left-handed players win more of the points they contest."),
    ("Sleep apnoea often goes undetected in women",
     "Questionnaires built on men's symptoms miss many women with the disorder, and "
     "clinics are now testing new screening forms in several hospitals."),
    ("A cheaper way to store solar power for the night",
     "Engineers have built a sand battery that keeps heat for weeks, at a fraction of "
     "the cost of lithium cells, and a town in Finland already uses one."),
]  # fmt: skip


def test_a_card_made_clickable_by_role_button_is_a_card_not_a_control() -> None:
    """A news index whose cards carry role="button" (the whole card opens the story):
    their titles and snippets are the listing; a real control's label stays out."""
    cards = "".join(
        f'<div class="summary-item" role="button" tabindex="0"><h3>{title}</h3>'
        f"<p>{snippet}</p></div>"
        for title, snippet in STORIES
    )
    page = (
        "<html><head><title>Science | The Review</title></head><body>"
        f'<main><h1>Science</h1><div class="river">{cards}</div>'
        '<div role="button" class="load">Load more stories</div></main></body></html>'
    )
    _keeps_pairs_not_label(page, STORIES, "Load more stories")


def _keeps_pairs_not_label(page: str, pairs: list[tuple[str, str]], label: str) -> None:
    """Both lines of each pair (a card's title and snippet, a question and its answer) are
    kept; the control's label is not."""
    kept = _kept(extract(page))
    for first, second in pairs:
        assert first in kept
        assert second in kept
    assert label not in kept


SUBCATEGORIES = [
    "Compiled programming languages (28 P)",
    "Concurrent programming languages (6 C, 86 P)",
    "Declarative programming languages (6 C, 67 P)",
    "Dynamically typed programming languages (3 C, 88 P)",
    "Esoteric programming languages (19 P)",
    "Functional languages (8 C, 123 P)",
    "Procedural programming languages (9 C, 145 P)",
    "Visual programming languages (1 C, 72 P)",
]


def _category_page(main_open: str, main_close: str) -> str:
    items = "".join(f'<li><a href="/c/{n}">{name}</a></li>' for n, name in enumerate(SUBCATEGORIES))
    return (
        "<html><head><title>Category: Programming languages</title></head><body>"
        '<nav><ul><li><a href="/">Main page</a></li><li><a href="/random">Random page'
        "</a></li><li><a href='/help'>Help</a></li></ul></nav>"
        f"{main_open}<h1>Category: Programming languages</h1>"
        "<p>This category lists individual programming languages.</p>"
        f"<h2>Subcategories</h2><ul>{items}</ul>{main_close}"
        "<footer><p>Text is available under a free licence.</p></footer></body></html>"
    )


def test_a_page_of_links_that_declares_its_main_content_keeps_them() -> None:
    """A category page, a catalogue of names and prices, a board of job titles: no
    prose to score, only a sentence of introduction and a list of links. When the page
    says where its main content is (<main>, role="main"), that list is what it shows."""
    for main_open, main_close in [("<main>", "</main>"), ('<div role="main">', "</div>")]:
        doc = extract(_category_page(main_open, main_close))
        kept = _kept(doc)
        assert "This category lists individual programming languages." in kept
        for name in SUBCATEGORIES:
            assert name in kept
        assert "Random page" not in kept
        assert "free licence" not in kept


def test_a_page_of_links_that_declares_no_main_content_keeps_only_its_prose() -> None:
    """Without a declared main content the links are read as they were: link text."""
    kept = _kept(extract(_category_page("<div>", "</div>")))
    assert not any(name in kept for name in SUBCATEGORIES)


FAQ = [
    ("How long does a crown take to fit?",
     "Two visits about two weeks apart: the tooth is shaped and a temporary crown fitted "
     "at the first, and the permanent crown is cemented at the second."),
    ("Is the treatment painful?",
     "The tooth is numbed with a local anaesthetic, so most patients feel pressure but no "
     "pain; it may be sensitive for a few days afterwards."),
    ("Can I eat normally afterwards?",
     "Wait until the anaesthetic wears off, then eat as usual, avoiding very hard or "
     "sticky food on the temporary crown."),
]  # fmt: skip


def test_an_faq_question_on_an_accordion_button_is_the_heading_of_its_answer() -> None:
    """A service page's FAQ opens each answer with a <button> labelled with the question
    (the WAI-ARIA accordion): the question is content; a control's plain label is not."""
    items = "".join(
        f'<div class="faq-item"><h3><button aria-expanded="false" aria-controls="a{n}">'
        f'{question}</button></h3><div id="a{n}"><p>{answer}</p></div></div>'
        for n, (question, answer) in enumerate(FAQ)
    )
    page = (
        "<html><head><title>Dental crowns</title></head><body><main><h1>Dental crowns</h1>"
        "<p>A crown covers a damaged tooth to restore its shape, strength and look, and is "
        f"made to match the colour of the teeth beside it.</p>{items}"
        "<button>Book an appointment</button></main></body></html>"
    )
    _keeps_pairs_not_label(page, FAQ, "Book an appointment")


def _clinic_page(items: str, head: str = "") -> str:
    """A treatment page whose panels a script opens, beside a site menu and a booking
    dialog that are hidden the same ways."""
    return (
        f"<html><head><title>Dental crowns</title><style>{head}</style></head><body>"
        '<nav><button aria-expanded="false" aria-controls="m1">Treatments</button>'
        '<ul id="m1" hidden><li><a href="/implants">Dental implants and bridges</a></li>'
        "</ul></nav><main><h1>Dental crowns</h1><p>A crown covers a damaged tooth to restore "
        "its shape, strength and look, and is made to match the teeth beside it.</p><p>It is "
        "advised after a root canal treatment, for a tooth worn down by grinding, or where a "
        "filling has grown too large for the tooth to hold it, and it lasts ten to fifteen "
        "years with good care, regular check-ups and a night guard for those who grind.</p>"
        f"{items}"
        '<button aria-expanded="false" aria-controls="book">Book a visit</button>'
        '<div id="book" role="dialog" hidden><p>Choose a clinic and a time for your first '
        "visit, and we will confirm it by e-mail.</p></div></main></body></html>"
    )


def _hides_panels_until_a_click(page: str) -> None:
    doc = extract(page)
    kept = _kept(doc)
    for question, answer in FAQ:
        assert question in kept
        assert answer in kept
    hidden = {block.text for block in doc.stripped if block.reason is R.HIDDEN}
    assert "Dental implants and bridges" in hidden  # a menu a button opens stays hidden
    assert any(text.startswith("Choose a clinic") for text in hidden)  # and a dialog too


def test_a_panel_after_its_toggle_is_content_though_a_stylesheet_hides_it() -> None:
    """An accordion whose panels carry generated class names (CSS-in-JS) and no id: the
    button just before each panel says whether it is open (``aria-expanded``), so the
    panel is text the reader opens, not text kept from them."""
    items = "".join(
        f'<li><div role="button" aria-expanded="false" class="css-h1">{question}</div>'
        f'<div class="css-w2"><div class="css-p3"><p>{answer}</p></div></div></li>'
        for question, answer in FAQ
    )
    _hides_panels_until_a_click(_clinic_page(f"<ul>{items}</ul>", ".css-p3{display:none}"))


def test_a_panel_after_its_toggle_is_content_past_the_style_sheet_written_before_it() -> None:
    """A CSS-in-JS library writes each panel's <style> just before the panel: the toggle
    before that sheet is still the one the panel follows."""
    items = "".join(
        f'<div><div role="button" aria-expanded="false" class="css-q{n}">{question}</div>'
        f'<style>.css-a{n}{{display:none}}</style><div class="css-a{n}"><p>{answer}</p></div>'
        "</div>"
        for n, (question, answer) in enumerate(FAQ)
    )
    _hides_panels_until_a_click(_clinic_page(items))


def test_a_panel_after_an_element_made_a_button_is_content() -> None:
    """A script's own toggle, a box made a button (``role="button"``) that says nothing of
    its state, opens the panel after it; a form's submit button does not open the message
    hidden after it, nor a notice's "Got it" the box after the notice."""
    items = "".join(
        f'<div class="item"><div class="q"><div role="button" tabindex="0">{title}</div>'
        f'</div><div style="display:none"><p>{text}</p></div></div>'
        for title, text in TREATMENT_STEPS
    )
    form = (
        '<form action="/check"><input name="tooth"><button type="submit">Check</button></form>'
        '<div style="display:none"><p>You have used all your free checks for today.</p></div>'
        '<div class="notice"><span>We use cookies to remember your clinic.</span>'
        '<a role="button" tabindex="0">Got it</a></div>'
        '<div style="display:none"><p>Join our mailing list for monthly dental tips.</p></div>'
    )
    kept = _kept(extract(_clinic_page(items + form)))
    for _, text in TREATMENT_STEPS:
        assert text in kept
    assert "free checks" not in kept and "mailing list" not in kept
    assert "Dental implants and bridges" not in kept


def test_a_hidden_box_after_a_menu_of_toggles_stays_hidden() -> None:
    """A menu holds a toggle for each of its submenus, which open inside it: the hidden
    box after the menu (a script's strings for its cart drawer, a locked page's message
    for a shop app) is opened by none of them, while a box after one toggle still opens."""
    menu = (
        '<div class="menu"><ul><li><a href="/laptops">Laptops</a>'
        '<button aria-expanded="false">Laptops</button></li><li><a href="/desktops">'
        'Desktops</a><button aria-expanded="false">Desktops</button></li></ul></div>'
        '<div style="display:none"><div>Your basket holds nothing yet: find a mug '
        "you like and add it.</div><div>Proceed to the checkout</div></div>"
    )
    items = "".join(
        f'<div class="item"><div class="q"><button aria-expanded="false">{title}</button>'
        f'</div><div style="display:none"><p>{text}</p></div></div>'
        for title, text in TREATMENT_STEPS
    )
    doc = extract(_clinic_page(items, "").replace("<main>", f"{menu}<main>"))
    kept = _kept(doc)
    for _, text in TREATMENT_STEPS:
        assert text in kept
    assert "basket" not in kept and "checkout" not in kept
    hidden = {block.text for block in doc.stripped if block.reason is R.HIDDEN}
    assert "Proceed to the checkout" in hidden


def test_a_panel_a_tab_or_a_disclosure_button_controls_is_content() -> None:
    """Tabs and disclosure buttons name the panel they open (``aria-controls``), wherever
    it sits: a hidden panel so named is shown on a click."""
    tabs = "".join(
        f'<button role="tab" aria-controls="t{n}">{question}</button>'
        for n, (question, _) in enumerate(FAQ)
    )
    panels = "".join(
        f'<div id="t{n}" hidden><p>{answer}</p></div>' for n, (_, answer) in enumerate(FAQ)
    )
    _hides_panels_until_a_click(_clinic_page(f"<div>{tabs}</div><div>{panels}</div>"))


def test_a_panel_a_plain_button_names_is_content_and_reads_the_same_open() -> None:
    """An accordion whose buttons name their answers (``aria-controls``) and leave
    ``aria-expanded`` to the script: a click opens the answer, so it is the page's, and
    the page reads the same in a capture where one answer is open."""

    def page(opened: int | None) -> str:
        items = "".join(
            f'<div class="item"><button type="button" aria-controls="q{n}">{question}'
            f'</button><div id="q{n}"{"" if n == opened else " hidden"}><p>{answer}</p></div>'
            "</div>"
            for n, (question, answer) in enumerate(FAQ)
        )
        return _clinic_page(items)

    _hides_panels_until_a_click(page(None))
    closed, opened = extract(page(None)), extract(page(1))
    assert [block.text for block in closed.blocks] == [block.text for block in opened.blocks]


def test_a_panel_a_utility_class_closes_opens_when_its_control_names_it() -> None:
    """Scripts open and close panels by a utility class ("hidden", "d-none"): a panel so
    closed that its button names is content, the page reading the same with it open,
    while the same class on a tooltip beside a toggle, or on a dialog a button names,
    keeps them hidden."""
    items = "".join(
        f'<div><button aria-expanded="false" aria-controls="c{n}">{question}</button>'
        f'<div id="c{n}" class="answer-body hidden"><p>{answer}</p></div>'
        '<button aria-expanded="false">Save</button><div class="tip hidden">Saved to your '
        "reading list for later</div></div>"
        for n, (question, answer) in enumerate(FAQ)
    )
    page = _clinic_page(items).replace('role="dialog" hidden', 'class="modal d-none"')
    doc = extract(page)
    kept = _kept(doc)
    for question, answer in FAQ:
        assert question in kept and answer in kept
    assert "reading list" not in kept
    assert "Choose a clinic" not in kept
    opened = extract(
        page.replace('id="c1" class="answer-body hidden"', 'id="c1" class="answer-body"')
    )
    assert [block.text for block in opened.blocks] == [block.text for block in doc.blocks]


def test_an_answer_just_after_its_question_is_content_whatever_hides_it() -> None:
    """An FAQ printed in boxes that say nothing (generated class names, no button, no
    ``aria-expanded``) and closed by a style: each answer follows its question, so a click
    on the question shows it; the page reads the same with one answer open. A hidden
    ``<time>`` after a reader's question is the markup's date, not an answer."""
    icon = ("\n" + " " * 40 + "<svg><path d='M1 0L9 9'/></svg>") * 6  # indented after the "?"

    def page(opened: int | None) -> str:
        items = "".join(
            f'<div class="sc-1"><div class="sc-2">{question}<span>{icon}</span></div>'
            '<div class="sc-3" '
            f'style="{"" if n == opened else "visibility:hidden"}"><p>{answer}</p></div></div>'
            for n, (question, answer) in enumerate(FAQ)
        )
        comment = (
            '<div class="comment"><p>Can I bring my child to the appointment?</p>'
            '<time class="d-none">2024-03-13T00:37:53Z</time></div>'
        )
        return _clinic_page(items + comment)

    _hides_panels_until_a_click(page(None))
    closed, opened = extract(page(None)), extract(page(2))
    assert [block.text for block in closed.blocks] == [block.text for block in opened.blocks]
    assert "2024-03-13" not in _kept(closed)


def test_a_description_printed_twice_for_two_screen_sizes_is_kept_once() -> None:
    """Responsive shops print a product's description twice (one copy for phones, one for
    desktops, a stylesheet showing one): the second copy is a duplicate, not more text,
    and so is a quotation of it further down; a short line that recurs (a table's "Yes")
    is not."""
    copy = f"<p>{DESCRIPTION}</p><p>Capacity: 350 ml</p><p>Dishwasher safe.</p>"
    table = "<table><tr><td>Glazed</td><td>Yes</td></tr><tr><td>Handmade</td><td>Yes</td></tr>"
    page = (
        "<html><head><title>Two-tone mug</title></head><body><main><h1>Two-tone mug</h1>"
        f'<p>€28.00</p><div class="mobile-only">{copy}</div>'
        f'<div class="desktop-only">{copy}</div>{table}</table>'
        "<h2>Questions</h2><p>Is it microwave safe? Yes, as the description says:</p>"
        f"<blockquote><p>{DESCRIPTION}</p></blockquote></main></body></html>"
    )
    doc = extract(page)
    texts = [block.text for block in doc.blocks]
    assert texts.count(DESCRIPTION) == 1
    assert texts.count("Capacity: 350 ml") == 1
    assert texts.count("Yes") == 2
    assert "Is it microwave safe? Yes, as the description says:" in texts
    copies = [s.detail for s in doc.stripped if s.text == DESCRIPTION]
    assert copies == ["repeats a run of blocks above", "quotes a passage above"]


def test_a_phone_s_copy_of_a_block_printed_for_desktops_too_is_kept_once() -> None:
    """A block a class hides on a desktop screen ("hide-on-desktop", Tailwind's
    "md:hidden", Bootstrap 4's "hidden-md-up", the Webflow utilities "show-tablet" and
    "show-mobile-landscape", a page builder's bare "mobile" or "tablet" beside its
    "desktop") is a phone's copy when the page prints its text for desktops too, far
    from it (the description in the buy box for phones, in a tab for desktops): read once,
    where the desktop reader sees it. A phone's line printed nowhere else stays, and so
    does a block a wider breakpoint shows again ("md:hidden xl:block")."""

    def page(phone_class: str) -> str:
        return (
            "<html><head><title>Two-tone mug</title></head><body><main><h1>Two-tone mug</h1>"
            f'<p>€28.00</p><div class="{phone_class}"><p>{DESCRIPTION}</p>'
            "<p>Free returns within 30 days on phones and tablets.</p></div>"
            "<h2>Sizes</h2><p>Small holds 250 ml and large holds 350 ml; both take a saucer.</p>"
            f'<div class="tab-content"><p>{DESCRIPTION}</p></div></main></body></html>'
        )

    for phone_class in (
        "hide-on-desktop prod-desc-mobile",
        "flex md:hidden",
        "hidden-md-up",
        "show-tablet",
        "features_list show-mobile-landscape",
        "mobile",
        "tablet",
    ):
        doc = extract(page(phone_class))
        texts = [block.text for block in doc.blocks]
        assert texts.count(DESCRIPTION) == 1
        assert "Free returns within 30 days on phones and tablets." in texts
        assert [s.detail for s in doc.stripped if s.text == DESCRIPTION] == [
            "a phone's copy of a block kept"
        ]
    shown = [block.text for block in extract(page("md:hidden xl:block")).blocks]
    assert shown.count(DESCRIPTION) == 2


def test_a_copy_the_page_s_style_sheet_hides_at_a_desktop_s_width_is_kept_once() -> None:
    """A site builder prints a section once per screen width, each copy under a class its
    own style sheet hides at the other widths (``@media (min-width: 1200px) {
    .hidden-wide { display: none } }``): the copy hidden at a desktop's width is read as a
    phone's copy of the text the desktop copy prints. A block hidden so and printed
    nowhere else stays: the style sheet hides it on some screens only."""
    section = (
        "<h2>Plan a season in an afternoon</h2>"
        "<p>Every crew member sees the same board, so a change of venue reaches the drivers, "
        "the caterers and the printers before lunch.</p>"
    )
    page = (
        "<html><head><title>Tour planning</title><style>"
        "@media (min-width: 1200px) { .hidden-wide { display: none !important } }"
        "@media (max-width: 1199.98px) { .hidden-narrow { display: none !important } }"
        "</style></head><body><main><h1>Tour planning</h1>"
        "<p>Routes, riders and rooms for a band on the road, kept in one shared place.</p>"
        f'<div class="variant hidden-narrow">{section}</div>'
        f'<div class="variant hidden-wide">{section}'
        "<p>Swipe the board sideways to see the next city on the tour.</p></div>"
        "</main></body></html>"
    )
    doc = extract(page)
    texts = [block.text for block in doc.blocks]
    assert texts.count("Plan a season in an afternoon") == 1
    assert sum("reaches the drivers" in text for text in texts) == 1
    assert "Swipe the board sideways to see the next city on the tour." in texts
    assert any(
        s.reason is R.DUPLICATE and s.detail == "a phone's copy of a block kept"
        for s in doc.stripped
        if "reaches the drivers" in s.text
    )


def test_a_table_of_contents_for_phones_is_no_copy_of_the_headings_it_lists() -> None:
    """A table of contents the style sheet shows below a desktop's width only repeats the
    headings of the sections it links to, each as an entry of its list: an index to
    them, not a copy of them (a terms page that adds one has changed)."""
    headings = ["What we collect", "Why we keep it", "How to ask for it back"]
    entries = "".join(
        f'<li><a href="#part-{number}">{heading}</a></li>'
        for number, heading in enumerate(headings)
    )
    sections = "".join(
        f'<h2 id="part-{number}">{heading}</h2><p>{heading} is answered here at length: '
        "the records, the people who read them and the weeks they are held before they go.</p>"
        for number, heading in enumerate(headings)
    )
    page = (
        "<html><head><title>Privacy questions</title><style>"
        "@media (min-width: 1012px) { .qa-list-small { display: none } }"
        "</style></head><body><main><h1>Privacy questions</h1>"
        f'<div class="qa-list-small"><p>Table of contents</p><ul>{entries}</ul></div>'
        f"{sections}</main></body></html>"
    )
    doc = extract(page)
    for heading in headings:
        assert [block.kind for block in doc.blocks if block.text == heading] == [
            BlockKind.LIST_ITEM,
            BlockKind.HEADING,
        ]


CARE_STEPS = [
    "Rinse the mug in warm water before its first use, to take off the dust of the kiln.",
    "Let it cool before it goes in the freezer: a sudden change of temperature can craze "
    "the glaze, and a crazed glaze lets water into the clay beneath it.",
]


def test_sections_printed_again_further_down_for_phones_are_kept_once() -> None:
    """A page builder prints its sections twice, one copy for desktops and one for
    phones, with other parts between: the second box holds the same text as the first
    and is a duplicate. The same lines in two boxes that hold other text (two plans
    listing the same features, a reply quoting a post) are the page's own."""
    care = "".join(f"<p>{step}</p>" for step in CARE_STEPS)
    features = "".join(f"<li>{step}</li>" for step in CARE_STEPS)
    plans = "".join(
        f'<div class="plan"><h3>{name}</h3><p>{price}</p><ul>{features}</ul></div>'
        for name, price in (("One mug", "€28.00"), ("Set of four", "€98.00"))
    )
    page = (
        "<html><head><title>Two-tone mug</title></head><body><main><h1>Two-tone mug</h1>"
        f'<div class="desktop"><h2>Care</h2>{care}</div><p>{DESCRIPTION}</p>'
        f'<div class="phone"><h2>Care</h2>{care}</div>{plans}</main></body></html>'
    )
    doc = extract(page)
    texts = [block.text for block in doc.blocks]
    assert texts.count(CARE_STEPS[1]) == 3  # the care section once, then both plans
    assert texts.count("Care") == 1
    assert any(s.reason is R.DUPLICATE and s.text == CARE_STEPS[0] for s in doc.stripped)


def test_a_slide_printed_for_desktops_then_for_phones_is_kept_once() -> None:
    """A scrolling story prints each slide twice, the desktop copy and the phone copy side
    by side in boxes of their own: short as each slide is, its second box repeats the
    first word for word."""
    slides = [
        (
            "Universal appeal",
            "More visitors for a space museum, from a campaign on buses and in the city's trams.",
        ),
        (
            "Picture of health",
            "A hospital's leaders brought into the creative process from the very first sketch.",
        ),
    ]
    printed = "".join(
        f'<section class="{screen}"><h2>{title}</h2><p>{text}</p></section>'
        for title, text in slides
        for screen in ("slide desktop", "slide mobile")
    )
    page = (
        "<html><head><title>Our work</title></head><body><main><h1>Our work</h1>"
        f"<p>{DESCRIPTION}</p>{printed}</main></body></html>"
    )
    texts = [block.text for block in extract(page).blocks]
    for title, text in slides:
        assert texts.count(title) == 1 and texts.count(text) == 1


TREATMENT_INTRO = [
    "Root canal treatment removes the infected pulp from inside a tooth, cleans and shapes "
    "the canals, and seals them, so that a tooth that would otherwise be extracted can be "
    "kept for many years with a crown on top of it.",
    "Most treatments take one or two visits of about an hour under local anaesthetic. You "
    "will feel pressure but not pain, and you can drive home and go back to work afterwards.",
]
TREATMENT_STEPS = [
    ("Diagnosis", "An X-ray shows the shape of the canals and how far the infection reaches."),
    ("Cleaning", "The pulp is removed and each canal is rinsed with a disinfecting solution."),
    ("Filling", "The canals are filled with a rubber-like material and sealed with cement."),
    ("Crown", "A few weeks later a crown protects the tooth, which is now more brittle."),
]

OTHER_POST = (
    "Why your gums bleed when you floss, and when to see a dentist about it: our hygienist "
    "explains what healthy gums look like and which habits help them heal within weeks."
)


def _elementor_widget(kind: str, inner: str) -> str:
    return (
        f'<div class="elementor-element elementor-widget elementor-widget-{kind}">'
        f'<div class="elementor-widget-container">{inner}</div></div>'
    )


def test_a_page_builders_module_named_widget_is_not_a_sidebar() -> None:
    """Elementor calls every module of a page a "widget": a treatment's short sections, each
    in its own text module, are the page's content; a WordPress sidebar widget is not, nor
    the builder's module that lists the site's other posts."""
    intro = "".join(f"<p>{text}</p>" for text in TREATMENT_INTRO)
    steps = "".join(
        '<section class="elementor-section">'
        + _elementor_widget("heading", f"<h2>{name}</h2>")
        + _elementor_widget("text-editor", f"<p>{text}</p>")
        + "</section>"
        for name, text in TREATMENT_STEPS
    )
    page = (
        "<html><head><title>Root canal treatment</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/treatments">Treatments</a></nav>'
        '<div class="elementor elementor-42">'
        '<section class="elementor-section">'
        + _elementor_widget("heading", "<h1>Root canal treatment</h1>")
        + _elementor_widget("text-editor", intro)
        + f"</section>{steps}"
        + _elementor_widget("posts", f"<article><p>{OTHER_POST}</p></article>")
        + "</div>"
        '<aside id="secondary" class="widget-area"><section class="widget">'
        "<p>Opening hours: Monday to Friday, 8 am to 6 pm, Saturday mornings by appointment."
        "</p></section></aside><footer>© Smile Clinic</footer></body></html>"
    )
    kept = _kept(extract(page))
    assert all(text in kept for text in TREATMENT_INTRO)
    assert all(name in kept and text in kept for name, text in TREATMENT_STEPS)
    assert "Opening hours" not in kept and OTHER_POST not in kept


@pytest.mark.parametrize(
    "module", ["widget_1755214700000", "widget_135f7097-4588-4575-a48c-727eee2c48e0"]
)
def test_a_module_named_by_its_instance_number_is_not_a_sidebar(module: str) -> None:
    """A page builder names each placed module by a generated number or UUID
    ("widget_1755214676739"): the module is a section of the page like its neighbours, not
    a sidebar's box, which a CMS names by its type ("widget")."""
    steps = "".join(
        f'<section id="{module}" class="row"><h2>{name}</h2><p>{text}</p></section>'
        if index == 0
        else f'<section class="row"><h2>{name}</h2><p>{text}</p></section>'
        for index, (name, text) in enumerate(TREATMENT_STEPS)
    )
    page = (
        "<html><head><title>Root canal treatment</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/treatments">Treatments</a></nav>'
        '<main><section class="row"><h1>Root canal treatment</h1>'
        + "".join(f"<p>{text}</p>" for text in TREATMENT_INTRO)
        + f"</section>{steps}</main>"
        '<div id="sidebar"><div class="widget"><p>Opening hours: Monday to Friday, 8 am to '
        "6 pm, Saturday mornings by appointment.</p></div></div>"
        "<footer>© Smile Clinic</footer></body></html>"
    )
    kept = _kept(extract(page))
    assert all(name in kept and text in kept for name, text in TREATMENT_STEPS)
    assert "Opening hours" not in kept


FABRICS = [
    ("Washed linen", "Soft, airy and relaxed, for warm nights: made of flax grown in Normandy and "
     "washed twice for a lived-in feel."),
    ("Brushed cotton", "Cozy and breathable for cold sleepers, brushed on both sides for warmth "
     "that lasts through the winter."),
    ("Cotton sateen", "Smooth with a soft sheen, woven from long-staple cotton for every season "
     "and every kind of sleeper."),
]  # fmt: skip


def test_a_page_whose_every_section_is_named_like_furniture_is_not_empty() -> None:
    """A shop's theme that names each section of a product page a "slider" module: every
    reading that heeds class names keeps nothing, and an empty page is one on which no
    change is ever seen. Read with names aside, the sections are what it shows; the
    menus, the newsletter box and the footer stay chrome."""
    modules = "".join(
        f'<div class="slider-module"><div class="slider__header"><h3>{name}</h3></div>'
        f'<div class="slide"><p>{text}</p></div></div>'
        for name, text in FABRICS
    )
    page = (
        "<html><head><title>Sheet set | Bedding Co</title></head><body>"
        '<header><a href="/">Bedding Co</a><nav><a href="/sheets">Sheets</a></nav></header>'
        f'{modules}<div class="newsletter-box"><p>Sign up to know when we launch new products '
        "and get our news.</p></div><footer><p>Bedding Co, 12 Mill Lane</p></footer></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    for _, text in FABRICS:
        assert text in kept
    assert "Sign up" not in kept
    assert "Mill Lane" not in kept
    assert "Sheets" not in kept


SERVICES = [
    ("Root canal treatment", "The infected pulp is removed under local anaesthetic, the canals are "
     "cleaned and sealed, and the tooth is kept rather than taken out."),
    ("Dental implants", "A titanium post replaces the root of a missing tooth and carries a crown "
     "made to match its neighbours, after three months of healing."),
    ("Teeth whitening", "Two sessions at the clinic and trays for home lighten the enamel by "
     "several shades without harming it, with results that last for years."),
]  # fmt: skip


def test_a_heading_named_a_header_is_its_section_s_title() -> None:
    """Page builders name the heading of each module or card a "header" ("card-header",
    "et_pb_module_header"): the heading is its section's title, kept with it; a heading
    inside the site's banner stays chrome with the banner."""
    sections = "".join(
        f'<div class="card"><h3 class="card-header">{name}</h3><p>{text}</p></div>'
        for name, text in SERVICES
    )
    page = (
        "<html><head><title>Treatments | Smile Clinic</title></head><body>"
        '<div class="site-header"><h2 class="site-header__title">Smile Clinic Lyon</h2>'
        '<a href="/">Home</a></div>'
        f"<main><h1>Treatments</h1>{sections}</main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    for name, text in SERVICES:
        assert name in kept
        assert text in kept
    assert "Smile Clinic Lyon" not in kept
    headings = {block.text for block in doc.blocks if block.kind is BlockKind.HEADING}
    assert {name for name, _ in SERVICES} <= headings


def test_a_hidden_dialog_holding_most_of_the_prose_stays_hidden() -> None:
    """A shop's page of short lines beside a consent tool's settings dialog, hidden by a
    stylesheet until a click opens it and holding most of the page's sentences: a script
    shows an article hidden on load, but a dialog is opened over the page, never its
    article."""
    purposes = "".join(
        f"<h3>{name}</h3><p>{text}</p>"
        for name, text in [
            ("Necessary", "These technologies are needed to provide the services of this site "
             "and to use some of its features, such as access to secure areas."),
            ("Functional", "These remember the choices you have made in the past, like the "
             "language you prefer or the region you are in, to give you a better visit."),
            ("Marketing", "These track your activity online to help advertisers deliver more "
             "relevant advertising or to limit how many times you see an advertisement."),
        ]
    )  # fmt: skip
    page = (
        "<html><head><title>Road case | Stage Supply</title>"
        "<style>#prefs{display:none}</style></head><body>"
        "<div><h1>Road case for four lights</h1><p>$1,772.00</p><p>Free standard shipping</p>"
        "<p>Holds four fixtures in foam cut to fit, with a lid that locks.</p>"
        "<p>Built of birch plywood with steel corners and recessed handles, on four wheels "
        "that brake, for touring crews who load a truck every night.</p>"
        "<p>Expected in 2-4 weeks</p></div>"
        f'<section id="prefs" role="dialog" aria-modal="true"><h2>Your settings</h2>{purposes}'
        "</section></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert "Holds four fixtures in foam cut to fit, with a lid that locks." in kept
    assert "advertisement" not in kept
    assert "secure areas" not in kept


GUIDE_SECTIONS = [
    (
        "respond-to-review-comments",
        "Respond to review comments",
        "Reviewers will answer your patch with questions and suggestions. Reply to each of "
        "them in the same thread, say which ones you took up and why you left the others, "
        "and send a new version of the whole series rather than a fix on top of it.",
    ),
    (
        "s-sharing-one-form-between-views",
        "Sharing one form between views",
        "A form class can serve several views: declare its fields once, then instantiate it "
        "in each view with the data that view received, so that validation and error "
        "messages stay the same wherever the form is shown to a visitor.",
    ),
]


def test_a_documentation_section_s_anchor_id_is_not_a_role() -> None:
    """Documentation generators give each section the slug of its heading as id, and the
    heading a permalink to it: "respond-to-review-comments" names the section's subject,
    not a comment thread. An id without such a heading still names a box."""
    sections = "".join(
        f'<section id="{ident}"><span id="{ident.removeprefix("s-")}"></span>'
        f'<h2>{title}<a class="headerlink" href="#{ident.removeprefix("s-")}">¶</a></h2>'
        f"<p>{text}</p></section>"
        for ident, title, text in GUIDE_SECTIONS
    )
    page = (
        "<html><head><title>Submitting patches</title></head><body><main>"
        "<h1>Submitting patches</h1><p>This guide walks through sending a change for review, "
        "from the first version of a patch to the version that is finally merged.</p>"
        f'{sections}<div id="comments"><h2>2 Comments</h2><p>Great guide, thanks a lot for '
        "writing it up, it helped me send my very first patch last week.</p></div>"
        "</main></body></html>"
    )
    kept = _kept(extract(page))
    for _, title, text in GUIDE_SECTIONS:
        assert title in kept and text in kept
    assert "Great guide" not in kept


def _product_page(details: str, ld_description: str) -> str:
    """A product page whose JSON-LD declares one product and its description; the long
    "complete your set" box beside the buy box outscores the short product text."""
    ld = (
        '{"@context": "https://schema.org", "@type": "Product", "name": "Two-tone mug", '
        f'"description": "{ld_description}", "offers": {{"price": "28.00"}}}}'
    )
    others = "".join(
        f"<p>Our {name} is glazed to match the mug, fired twice like it and made in the same "
        f"small workshop in Porto, so the set shares one colour, one weight and one finish.</p>"
        for name in ("plate", "bowl", "saucer", "jug")
    )
    return (
        "<html><head><title>Two-tone mug</title>"
        f'<script type="application/ld+json">{ld}</script></head><body>'
        '<div class="buy-box"><h1>Two-tone mug</h1><p>€28.00</p>'
        '<button aria-controls="details">Details</button></div>'
        f"{details}"
        f'<div class="set-story"><h2>Complete your set</h2>{others}</div>'
        "</body></html>"
    )


def test_the_declared_product_description_is_the_products_text_in_a_drawer() -> None:
    """The description a shop declares for its one product (JSON-LD ``Product``) is the
    product's own text though a drawer or a details modal prints it, a box a role or a class
    name calls chrome; the rest of that box (care notes) comes with it, hidden text stays
    hidden."""
    details = (
        '<aside class="details-modal" role="dialog" id="details">'
        f'<div class="details-modal__body"><p>{DESCRIPTION}</p>'
        '<p class="details-modal__note">Care: wash by hand or in the dishwasher; do not '
        "put it in the microwave.</p></div></aside>"
    )
    doc = extract(_product_page(details, DESCRIPTION))
    kept = _kept(doc)
    assert "hand-thrown stoneware mug" in kept
    assert "do not put it in the microwave" in kept
    # without the declaration the drawer stays chrome
    plain = _kept(extract(_product_page(details, "A mug.")))
    assert "hand-thrown stoneware mug" not in plain


def test_a_declared_description_beside_the_chosen_part_joins_it() -> None:
    """A description printed in the buy box, among the colour and size links that keep the
    box out of the main content, is still the product's text; a description the page does
    not print in full is no sign of where it is, and one printed hidden stays hidden."""
    swatches = "".join(
        f'<li><a href="/mug?colour={colour}">{colour} glaze, {size}</a></li>'
        for colour in ("Sea blue", "Moss green", "Sand", "Charcoal")
        for size in ("small", "large")
    )

    def buy_box(description: str) -> str:
        return f'<div class="options"><ul>{swatches}</ul>{description}</div>'

    shown = buy_box(f"<p>{DESCRIPTION}</p>")
    assert "hand-thrown stoneware mug" not in _kept(extract(_product_page(shown, "A mug.")))
    assert "hand-thrown stoneware mug" in _kept(extract(_product_page(shown, DESCRIPTION)))
    hidden = buy_box(f'<p style="display:none">{DESCRIPTION}</p>')
    assert "hand-thrown stoneware mug" not in _kept(extract(_product_page(hidden, DESCRIPTION)))
    longer = DESCRIPTION + " " + DESCRIPTION.replace("mug", "cup")
    assert "hand-thrown stoneware mug" not in _kept(extract(_product_page(shown, longer)))


MUGS = [
    ("Two-tone mug", "€28.00"),
    ("Speckled mug", "€26.00"),
    ("Tall latte mug", "€31.00"),
    ("Espresso cup", "€18.00"),
]


def _mug_grid(items: list[tuple[str, str]]) -> str:
    """A shop's category: an introduction, then its products two a row in boxes whose
    hashed class names (a build tool's) name no template."""
    cards = [
        f'<div class="c1a2x"><h3><a href="/p/{number}">{name}</a></h3><p>{price}</p></div>'
        for number, (name, price) in enumerate(items)
    ]
    rows = "".join(
        f'<div class="r9k3">{"".join(cards[start : start + 2])}</div>'
        for start in range(0, len(cards), 2)
    )
    return (
        "<html><head><title>Stoneware mugs</title></head><body><main>"
        "<h1>Stoneware mugs</h1>"
        f"<p>{DESCRIPTION}</p>{rows}</main></body></html>"
    )


def test_many_linked_titles_in_the_main_content_are_its_items() -> None:
    """Four linked headings of one tag inside the main content are a listing's item titles,
    though no run of sibling cards is found (two a row); two are teasers of other pages."""
    kept = _kept(extract(_mug_grid(MUGS)))
    for name, price in MUGS:
        assert name in kept and price in kept
    doc = extract(_mug_grid(MUGS[:2]))
    assert "Two-tone mug" not in _kept(doc)
    assert any(s.text == "Two-tone mug" and s.reason is R.LOW_CONTENT for s in doc.stripped)


def test_a_featured_card_does_not_outweigh_its_own_listing() -> None:
    """A news index whose first card carries a long excerpt: the scores choose that card,
    but its prose is the listing's, not an article's beside it, so the run of cards joins
    though the rest, each a link, holds less than twice as much."""
    featured = (
        '<article class="teaser"><h2><a href="/story-0">Harbour ferries return</a></h2>'
        + "".join(
            f"<p>{sentence} The council said the timetable, the fares and the stops stay "
            f"as they were before the works began last spring, and that the pier is open.</p>"
            for sentence in (
                "The ferries run again from Monday after eight months of repairs.",
                "Cyclists may take their bikes on board at no charge until June.",
                "The night service returns on Fridays and Saturdays from May.",
                "Tickets bought for last year's season remain valid on every line.",
            )
        )
        + "</article>"
    )
    others = "".join(
        f'<article class="teaser"><a href="/story-{n}"><h2>{title}</h2><p>{title} was '
        f"discussed at the council meeting on Tuesday evening, with a decision due in the "
        f"autumn.</p></a></article>"
        for n, title in enumerate(
            ("The library extension", "The new cycle lanes", "The market hall roof", "A school"),
            1,
        )
    )
    page = (
        "<html><head><title>Local news</title></head><body><main><h1>Local news</h1>"
        f"{featured}{others}</main></body></html>"
    )
    kept = _kept(extract(page))
    assert "The ferries run again from Monday" in kept
    assert "The new cycle lanes was discussed" in kept


def _gallery_page(items: str) -> str:
    return (
        "<html><head><title>Trail lamp</title></head><body><main><h1>Trail lamp</h1>"
        f"<p>{DESCRIPTION}</p>"
        f'<div class="product-gallery">{items}</div></main></body></html>'
    )


FEATURES = [
    (
        "Light for a whole night",
        "The lamp runs for eleven hours on its brightest setting and for three nights on "
        "its lowest, and a ring of four lights on its side tells you how much is left "
        "before you set out, so a long walk never ends in the dark halfway home.",
    ),
    (
        "Made to be dropped",
        "Its aluminium body survives a fall of two metres onto rock and a night in the "
        "rain, and the lens is set back behind a rim so that it lands on the metal, not "
        "the glass, whichever way the lamp falls from a rucksack's strap.",
    ),
]


def test_a_gallery_of_feature_cards_is_the_products_text() -> None:
    """A gallery whose items each hold a title over their text (a feature's heading and
    paragraph) shows the product's features: its name is evidence, outweighed by that
    prose; a gallery of photos and their captions alone stays furniture."""
    cards = "".join(
        f'<div class="gallery-content"><div role="heading" aria-level="3">{title}</div>'
        f"<p>{text}</p></div>"
        for title, text in FEATURES
    )
    kept = _kept(extract(_gallery_page(cards)))
    for title, text in FEATURES:
        assert title in kept and text in kept
    photos = "".join(
        f'<div class="gallery-content"><img src="/lamp.jpg" alt=""><p>{text}</p></div>'
        for _, text in FEATURES
    )
    doc = extract(_gallery_page(photos))
    assert FEATURES[0][1] not in _kept(doc)
    assert any(s.reason is R.LOW_CONTENT and "gallery" in s.detail for s in doc.stripped)


SHIPPING_NOTE = (
    "Delivery dates are estimates: they count the workshop's own packing time and the "
    "carrier's, and a parcel sent abroad may wait at customs for a few days more, which "
    "no one at the workshop can speed up or foresee."
)


CAPACITY_NOTE = (
    "Capacity is measured to the brim; filled to a finger's width below it, as most people "
    "fill a mug, it holds about a tenth less."
)


def test_a_tooltip_s_note_beside_a_product_is_not_its_text() -> None:
    """The bubble a tooltip or a popover opens over the page is the shop's note on its
    policy, printed beside every product, not the product's text; a glossary term a hover
    explains, a few words in a sentence, stays in the sentence."""
    page = (
        "<html><head><title>Stoneware mug</title></head><body><main><h1>Stoneware mug</h1>"
        f"<p>{DESCRIPTION}</p>"
        '<p>The glaze is <a class="glossary-tooltip" href="/glossary#slip">a slip</a> of '
        "two clays, poured over the mug before its second firing.</p>"
        '<div class="delivery-line">Ships in three days'
        f'<div class="delivery-popover"><p>{SHIPPING_NOTE}</p></div></div>'
        '<table><tr><td class="spec-name">Capacity<tool-tip class="tool-tip">'
        f'<div class="tool-tip__content">{CAPACITY_NOTE}</div></tool-tip></td>'
        "<td>350 ml</td></tr></table></main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert DESCRIPTION in kept
    assert "The glaze is a slip of two clays" in kept
    assert "350 ml" in kept
    for note in (SHIPPING_NOTE, CAPACITY_NOTE):
        assert note not in kept
        assert any(s.reason is R.CALL_TO_ACTION and s.text == note for s in doc.stripped)


RECALLS = [
    ("2019", "Kettle KX-200", "Brightway Appliances"),
    ("2020", "Space heater SH-9", "Northwind Home"),
    ("2021", "Baby monitor BM-3", "Little Owl Electronics"),
    ("2022", "Desk lamp DL-40", "Lumen & Co"),
    ("2023", "Pressure cooker PC-6", "Kitchen Republic"),
    ("2024", "Toaster TR-2", "Brightway Appliances"),
]


def test_a_table_named_for_its_header_row_is_no_banner() -> None:
    """A list page's table whose header row stays in view as it scrolls is named for it
    ("sticky-header"): the table is the list, its rows kept though each entry links to
    its page; the site's banner named a header stays chrome."""
    rows = "".join(
        f'<tr><td>{year}</td><td><a href="/recalls/{year}">{product}</a></td>'
        f'<td><a href="/makers/{year}">{maker}</a></td></tr>'
        for year, product, maker in RECALLS
    )
    page = (
        "<html><head><title>List of product recalls</title></head><body>"
        '<div class="site-header"><a href="/">Consumer Watch</a> <a href="/news">News</a></div>'
        "<main><h1>List of product recalls</h1>"
        "<p>This list gathers the household products recalled by their makers since 2019, "
        "with the maker of each, as the makers announced them to the regulator.</p>"
        '<table class="wikitable sortable sticky-header">'
        "<tr><th>Year</th><th>Product</th><th>Maker</th></tr>"
        f"{rows}</table></main></body></html>"
    )
    kept = _kept(extract(page))
    for _, product, maker in RECALLS:
        assert product in kept
        assert maker in kept
    assert "Consumer Watch" not in kept


LISTING_NOTE = "The seller assumes all responsibility for this listing and its description."


def test_a_tab_strip_s_header_is_no_banner() -> None:
    """A listing's details under a tab strip whose head is named for it ("item-details-tab-
    header": the seller's legal note and the item number over the tabs) are the listing's
    own lines; the site's banner named a header stays chrome."""
    page = (
        "<html><head><title>Stoneware mug</title></head><body>"
        '<div class="site-header"><a href="/">Potters Market</a> <a href="/sell">Sell</a></div>'
        "<main><h1>Stoneware mug</h1><p>€28.00</p>"
        f'<div class="item-details-tab-header"><div><span>{LISTING_NOTE}</span></div>'
        "<div><span>Item number: 402118877</span></div></div>"
        f"<div><p>{DESCRIPTION}</p></div></main></body></html>"
    )
    kept = _kept(extract(page))
    assert DESCRIPTION in kept
    assert LISTING_NOTE in kept
    assert "Item number: 402118877" in kept
    assert "Potters Market" not in kept


GRINDER_SECTIONS = [
    ("Built to last.", "Sealed bearings and a steel frame carry the grinder through ten "
     "years of daily use, and every part of it can be ordered again."),
    ("Quiet by design.", "A slower burr and a padded housing keep the noise below a kettle's, "
     "so the morning grind no longer wakes the house."),
]  # fmt: skip


def test_a_section_s_header_box_is_no_banner() -> None:
    """A product page's sections each open with a box named for the section's header
    ("section-header", "section__header") holding the section's title: the page's own
    words, kept with the section; the site's banner named a header stays chrome."""
    sections = "".join(
        f'<section><div class="section-header"><h2>{title}</h2></div><p>{text}</p></section>'
        for title, text in GRINDER_SECTIONS
    )
    page = (
        "<html><head><title>Burr grinder</title></head><body>"
        '<div class="site-header"><a href="/">Grind Works</a> <a href="/cart">Cart</a></div>'
        f"<main><h1>Burr grinder</h1><p>{DESCRIPTION}</p>{sections}</main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    for title, text in GRINDER_SECTIONS:
        assert title in kept
        assert text in kept
    assert "Grind Works" not in kept
    assert any(s.reason is R.HEADER and "Grind Works" in s.text for s in doc.stripped)


def test_a_product_s_trust_badge_is_no_text_of_it() -> None:
    """A shop theme prints one trust badge under every product ("product-trust-badge":
    the shop's service, returns and reviews in a line over a strip of payment logos): the
    shop's, not the product's, as a strip of trust badges is."""
    page = (
        "<html><head><title>Stoneware mug</title></head><body><main><h1>Stoneware mug</h1>"
        f"<p>€28.00</p><p>{DESCRIPTION}</p>"
        '<div class="product-trust-badge"><div class="trust-badge-text">Friendly customer '
        "service, easy returns and over 500 five-star reviews</div></div></main></body></html>"
    )
    doc = extract(page)
    assert DESCRIPTION in _kept(doc)
    assert "easy returns" not in _kept(doc)
    assert any(s.reason is R.LOGO_STRIP and "easy returns" in s.text for s in doc.stripped)


SUBSCRIBE_AND_SAVE = (
    "Subscribe and save: a new bag every month at a tenth off, skipped or stopped "
    "whenever you like from your account."
)


def test_a_product_sold_by_subscription_is_no_newsletter() -> None:
    """A product's box named for the subscription it is sold by ("product-subscription",
    "subscription-eligible": subscribe and save) is the product's own, not an e-mail
    sign-up; a box named for the newsletter stays one."""
    page = (
        "<html><head><title>Dark roast coffee</title></head><body><main>"
        '<div class="product subscription-eligible"><h1>Dark roast coffee</h1>'
        f"<p>$19.99</p><p>{DESCRIPTION}</p>"
        f'<div class="product-subscription"><p>{SUBSCRIBE_AND_SAVE}</p></div></div>'
        '<div class="newsletter-signup"><p>Join our list for news of every roast, '
        "sent once a week to your inbox, with offers for subscribers only.</p></div>"
        "</main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert DESCRIPTION in kept
    assert SUBSCRIBE_AND_SAVE in kept
    assert "Join our list" not in kept
    assert any(s.reason is R.NEWSLETTER and "Join our list" in s.text for s in doc.stripped)


PITCH = (
    "We build dashboards from the data you already have, in weeks rather than months, and "
    "train your team to keep them up to date once we have gone."
)


def test_a_section_named_by_the_form_beside_it_is_no_form() -> None:
    """A section named by the form it holds or sits by ("block-has-form",
    "columns-form-with-speakers", "below-form-blocks") is the page's text beside a form,
    not the form; the form itself and a box named a form stay out."""
    page = (
        "<html><head><title>Data dashboards</title></head><body><main>"
        '<div class="intro"><section class="block-has-form"><h2>Dashboards in weeks</h2>'
        f"<p>{PITCH}</p><form><label>Work email</label><input name='email'>"
        "<button>Send</button></form></section></div>"
        f'<div class="body"><h2>How we work</h2><p>{DESCRIPTION}</p>'
        f"<p>{SUBSCRIBE_AND_SAVE}</p><p>{LISTING_NOTE}</p></div>"
        '<div class="contact-form-intro"><p>Tell us about your project and the '
        "team will answer within two working days with a first plan.</p></div>"
        "</main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert DESCRIPTION in kept
    assert PITCH in kept
    assert "Work email" not in kept
    assert "Tell us about your project" not in kept


def test_a_box_named_with_a_part_it_holds_is_the_box_not_the_part() -> None:
    """A name that says what its box holds or lacks after "with", "has" or "no"
    ("card__title--with-reviews", "section-with-header") is named by the words before:
    a card's title beside its stars is no reviews, a section with a header no banner;
    a box whose first words name chrome ("comments-no-avatars") stays chrome."""
    cards = "".join(
        f'<li class="card"><div class="card__title--with-reviews"><a href="/m/{n}">{name} mug'
        f'</a><span class="stars">4.{n} stars</span></div><p>${n}8.00</p></li>'
        for n, name in enumerate(("Harbour", "Meadow", "Ember", "Slate"), start=1)
    )
    page = (
        "<html><head><title>Mugs</title></head><body><main>"
        f'<section class="section-with-header"><h2>Stoneware mugs</h2><p>{DESCRIPTION}</p>'
        f"<ul>{cards}</ul></section>"
        '<div class="comments-no-avatars"><p>Lovely mugs, the glaze is even nicer than in '
        "the pictures and mine arrived well packed.</p></div>"
        "</main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert DESCRIPTION in kept
    assert all(f"{name} mug" in kept for name in ("Harbour", "Meadow", "Ember", "Slate"))
    assert "Lovely mugs" not in kept
    assert any(s.reason is R.COMMENTS and "Lovely mugs" in s.text for s in doc.stripped)


def test_words_clipped_for_screen_readers_after_the_same_words_are_read_once() -> None:
    """A marketplace prints a price or a label, then the same words clipped out of sight
    for screen readers ("clipped"): one line, read once; clipped words beside a shown copy
    hidden from screen readers (a title) are the only copy read and stay."""
    page = (
        "<html><head><title>Stoneware mug | Potters Market</title></head><body><main>"
        '<div class="item-title"><span aria-hidden="true">Stoneware mug, two-tone glaze</span>'
        '<span class="clipped">Stoneware mug, two-tone glaze</span></div>'
        '<div class="item-price"><span>EUR 28.00<span class="clipped">EUR 28.00</span></span>'
        "</div>"
        '<div><span>Ships from Lisbon<span class="clipped">Ships from Lisbon</span>'
        f"</span></div><div><p>{DESCRIPTION}</p></div></main></body></html>"
    )
    kept = _kept(extract(page))
    assert kept.count("Stoneware mug, two-tone glaze") == 1
    assert kept.count("EUR 28.00") == 1
    assert kept.count("Ships from Lisbon") == 1
    assert DESCRIPTION in kept


def test_a_panel_that_says_it_is_closed_beside_its_class_opens_after_its_toggle() -> None:
    """A calculator's "How it works" sits closed under a link that says it is collapsed
    (``aria-expanded``, in a box of its own), the panel closed both by a utility class and
    by ``aria-hidden``, which the script keeps as it opens it: the panel is content. The
    same class without that state after a toggle (a tooltip's note) stays hidden."""
    method = (
        "The estimate assumes your savings grow with the returns you chose until you retire "
        "and are then drawn down each year by the income you asked for."
    )
    items = (
        '<div><a href="javascript:void(0)" aria-expanded="false">How the estimate works</a>'
        f'</div><div id="method" class="hide" aria-hidden="true"><p>{method}</p></div>'
        '<button aria-expanded="false">Save</button><div class="tip hide">Saved to your '
        "reading list for later</div>"
    )
    kept = _kept(extract(_clinic_page(items)))
    assert method in kept
    assert "reading list" not in kept


MUG_DETAILS = [
    "Capacity: 350 ml, filled to a finger's width below the rim. Height 9.5 cm, diameter "
    "8 cm at the rim and 7 cm at the foot; it weighs about 380 grams empty.",
    "Care: the glaze is lead-free and tested for food contact. Safe in the dishwasher and "
    "the microwave; not for the oven or the hob, and let it cool before you wash it after "
    "a very hot drink, since a sudden change of temperature can craze the glaze.",
    "Each order ships in a recycled box with paper padding, and a mug that arrives chipped "
    "or cracked is replaced free of charge if you send a photograph within thirty days.",
]
ADD_ONS = [
    (
        "Saucer in the same glaze",
        "A saucer thrown to match the mug, wide enough to hold a biscuit beside the cup and "
        "glazed in the same two colours.",
    ),
    (
        "Linen tea towel",
        "A heavy linen towel woven in Guimarães and washed soft before it is sewn, the right "
        "size for drying a mug without leaving lint.",
    ),
]


def test_a_shop_s_add_ons_with_descriptions_are_a_related_box() -> None:
    """ "Choose your add-ons", "Pairs well with": each card's text under such a heading
    describes another product, however long and however few links it holds, so the box
    goes as a related box; the product's own description stays."""
    cards = "".join(
        f'<div class="addon"><h3>{name}</h3><p>{text}</p><span>$ 18.00</span></div>'
        for name, text in ADD_ONS
    )
    page = (
        "<html><head><title>Two-tone stoneware mug</title></head><body>"
        '<div class="menu"><a href="/">Home</a> <a href="/mugs">Mugs</a></div>'
        "<main><h1>Two-tone stoneware mug</h1><p>$ 32.00</p>"
        f"<p>{DESCRIPTION}</p>"
        + "".join(f"<p>{text}</p>" for text in MUG_DETAILS)
        + f"<section><h2>Choose your add-ons</h2>{cards}</section></main>"
        "<footer><p>© 2025 Example Pottery</p></footer></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert DESCRIPTION in kept
    for name, text in ADD_ONS:
        assert name not in kept
        assert text not in kept
    assert any(s.reason is R.RELATED and s.text == "Choose your add-ons" for s in doc.stripped)


PRODUCT_JSON_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@type": "Product", "name": "Two-tone stoneware mug"}</script>'
)
SYSTEM_LINES = [
    "Works with every kettle and coffee machine sold in the EU",
    "Ships in a recycled box with paper padding",
]


def _mug_page(head: str, body: str) -> str:
    return (
        f"<html><head><title>Two-tone stoneware mug</title>{head}</head><body>"
        '<div class="menu"><a href="/">Home</a> <a href="/mugs">Mugs</a></div>'
        f"<main><h1>Two-tone stoneware mug</h1><p>$ 32.00</p><p>{DESCRIPTION}</p>"
        + "".join(f"<p>{text}</p>" for text in MUG_DETAILS)
        + f"{body}</main><footer><p>© 2025 Example Pottery</p></footer></body></html>"
    )


def test_a_product_page_s_line_printed_again_is_read_once() -> None:
    """A page that declares its product (JSON-LD, or microdata naming its price's currency)
    prints a line once per tab or layout (each tab listing the same facts, a sticky bar
    with its price): the reader reads it once; lines that each card of a grid prints by
    one template ("Free shipping") stay, and a page that declares no product keeps its
    repeated lines."""
    tabs = "".join(
        f'<div class="specs-panel{" active" if n == 0 else ""}"><h3>{name}</h3>'
        + "".join(f"<p>{line}</p>" for line in SYSTEM_LINES)
        + "</div>"
        for n, name in enumerate(["Gift box", "Plain box"])
    )
    cards = "".join(
        f'<li class="set"><h3>{name}</h3><p>Free shipping on this set to every EU country</p></li>'
        for name in ["Mug and saucer", "Two mugs", "Four mugs"]
    )
    sticky = '<div class="sticky-bar"><p>Two-tone stoneware mug</p><p>$ 32.00</p></div>'
    body = f'<section class="specs">{tabs}</section><ul class="sets">{cards}</ul>{sticky}'
    kept = _kept(extract(_mug_page(PRODUCT_JSON_LD, body)))
    for line in SYSTEM_LINES:
        assert kept.count(line) == 1
    assert kept.count("Free shipping on this set to every EU country") == 3
    assert kept.count("$ 32.00") == 1
    offer = (
        '<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
        '<meta itemprop="priceCurrency" content="EUR"></div>'
    )
    microdata = f'<div itemscope itemtype="https://schema.org/Product">{offer}{body}</div>'
    assert _kept(extract(_mug_page("", microdata))).count(SYSTEM_LINES[0]) == 1
    undeclared = _kept(extract(_mug_page("", body)))
    assert undeclared.count(SYSTEM_LINES[0]) == 2


GARDEN_GUIDE = [
    "A spade, a fork and a hoe do most of the work in a small garden, and each of them "
    "lasts for decades when its blade is cleaned after use and its handle oiled in autumn.",
    "Pruning shears should cut cleanly without crushing the stem: a bypass blade suits "
    "living wood, while an anvil blade is kinder to dead branches and to tired hands.",
    "Watering cans with a long spout and a fine rose reach the back of a border without "
    "flattening seedlings, and hold enough to water a dozen pots in one trip.",
]


def _garden_page(heading_box: str, beside: bool) -> str:
    """A shop's category page: the site's banner (its logo, menu and a delivery
    promise), then the category's heading box, then its guide, in one box with it or
    ``beside`` it."""
    guide = "".join(f"<p>{text}</p>" for text in GARDEN_GUIDE)
    guide = f'<div class="guide"><div class="body">{guide}</div></div>' if beside else guide
    return (
        "<html><head><title>Garden tools | Greenhouse Co.</title></head><body>"
        '<div class="site-header"><a href="/">Greenhouse Co.</a><ul role="menu">'
        '<li><a href="/tools">Tools</a></li><li><a href="/seeds">Seeds</a></li></ul>'
        "<p>Free delivery on every order over fifty euros, all year round.</p></div>"
        f'<main><div class="category">{heading_box}{guide}</div></main>'
        "<footer><p>Greenhouse Co., 12 Orchard Lane.</p></footer></body></html>"
    )


CATEGORY_INTRODUCTION = "Tools that outlive their owners, forged in steel with ash handles."


def test_a_box_named_a_header_holding_the_title_and_its_introduction_is_the_page_s() -> None:
    """A category's name and the sentences introducing it sit in a box its theme calls a
    header ("category-header"): the page's heading area, not the site's banner, which
    keeps its menu and its promise stripped."""
    page = _garden_page(
        f'<div class="category-header"><h1>Garden tools</h1><p>{CATEGORY_INTRODUCTION}</p></div>',
        beside=False,
    )
    kept = _kept(extract(page))
    assert CATEGORY_INTRODUCTION in kept
    assert all(text in kept for text in GARDEN_GUIDE)
    assert "Free delivery" not in kept
    assert "Seeds" not in kept


def test_a_box_named_a_header_before_the_content_is_the_page_s() -> None:
    """A product's short description in a box named a header ("product_header_ctn")
    under its name (a line, no heading) and before the text the scores choose, in the
    page's declared main content: the page's heading area too."""
    page = _garden_page(
        '<div class="title-area"><div class="name">Garden tools</div></div><div class="glance">'
        f'<div class="product_header_ctn"><p>{CATEGORY_INTRODUCTION}</p></div></div>',
        beside=True,
    )
    kept = _kept(extract(page))
    assert CATEGORY_INTRODUCTION in kept
    assert "Free delivery" not in kept
