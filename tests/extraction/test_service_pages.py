"""Service pages (a clinic's treatment page, an agency's offer), written here in the shapes
real ones were seen in: their content sits in slides, tabs and disclosures that a script
hides until the reader moves to them, and a shop's page beside them lists other products
under headings of its own."""

from __future__ import annotations

import pytest

from tracker.extraction import extract, readings
from tracker.extraction.clean import hidden_rules
from tracker.extraction.dom import parse
from tracker.extraction.metadata import extract_metadata
from tracker.extraction.segment import segment
from tracker.extraction.verdicts import apply_main, kept_chars
from tracker.model import Document, StripReason

R = StripReason

INTRO = (
    "<h1>Physiotherapy after knee surgery</h1><p>Our physiotherapists guide you from the "
    "first days after the operation to a full return to walking, work and sport, with a "
    "plan written for your knee, your surgery and the goals you set with us.</p><p>Each "
    "session lasts forty-five minutes and combines manual therapy, exercises you learn to "
    "do at home and a short review of how the knee responded since the last visit.</p>"
)
STAGES = [
    ("Weeks one to two", "The first sessions bring the swelling down and restore the bend "
     "of the knee, with gentle movements you repeat at home three times a day."),
    ("Weeks three to six", "Strength comes back through exercises on the bike and on steps, "
     "and we check how you walk so that the other leg does not take the whole load."),
    ("Months two to four", "Balance, running drills and jumps prepare a return to sport, "
     "tested against the other knee before we agree that you are ready."),
]  # fmt: skip


def _kept(doc: Document) -> str:
    return "\n".join(block.text for block in doc.blocks)


def _hidden(doc: Document) -> set[str]:
    return {block.text for block in doc.stripped if block.reason is R.HIDDEN}


def _page(body: str) -> str:
    return (
        "<html><head><title>Knee physiotherapy</title></head><body>"
        '<nav><ul class="menu"><li><a href="/">Home</a></li><li><a href="/knee">Knee</a>'
        f"</li></ul></nav><main>{INTRO}{body}</main></body></html>"
    )


def test_a_carousel_s_slides_hidden_until_the_reader_moves_to_them_are_content() -> None:
    """Slick and Swiper hide every slide but the current one (``aria-hidden``) and copy
    some for an endless loop: the other slides are what the reader moves to, the copies
    are not read twice."""
    shown = '<div class="swiper-slide swiper-slide-active">'
    hidden = '<div class="swiper-slide" aria-hidden="true">'
    slides = "".join(
        f"{hidden if n else shown}<h3>{title}</h3><p>{text}</p></div>"
        for n, (title, text) in enumerate(STAGES)
    )
    clone = (
        '<div class="swiper-slide swiper-slide-duplicate" aria-hidden="true">'
        f"<p>{STAGES[0][1]}</p></div>"
    )
    carousel = f'<div class="swiper"><div class="swiper-wrapper">{slides}{clone}</div></div>'
    doc = extract(_page(carousel))
    kept = _kept(doc)
    for title, text in STAGES:
        assert title in kept
        assert kept.count(text) == 1


def test_a_hidden_block_beside_a_shown_one_outside_any_carousel_stays_hidden() -> None:
    """Two boxes of one template, one shown and one hidden, are not slides unless a
    carousel or a tab strip holds them: a template's placeholder stays hidden."""
    boxes = (
        f'<div class="box"><p>{STAGES[0][1]}</p></div>'
        f'<div class="box" aria-hidden="true"><p>{STAGES[1][1]}</p></div>'
    )
    doc = extract(_page(f"<div>{boxes}</div>"))
    assert STAGES[0][1] in _kept(doc)
    assert STAGES[1][1] in _hidden(doc)


def test_the_panels_of_a_tab_strip_are_content_though_all_but_one_are_hidden() -> None:
    panels = "".join(
        f'<div class="tab__content"{"" if n == 0 else " hidden"}><h3>{title}</h3>'
        f"<p>{text}</p></div>"
        for n, (title, text) in enumerate(STAGES)
    )
    kept = _kept(extract(_page(f'<div class="tabs__right">{panels}</div>')))
    for _, text in STAGES:
        assert text in kept


def test_a_disclosure_s_panel_is_content_though_a_script_hides_it() -> None:
    """``<details>`` opens its panel on a click on its ``<summary>``; scripts that animate
    it hide the panel with ``aria-hidden`` meanwhile."""
    items = "".join(
        f'<details><summary>{title}</summary><div class="content" aria-hidden="true">'
        f"<p>{text}</p></div></details>"
        for title, text in STAGES
    )
    doc = extract(_page(f"<section>{items}</section>"))
    kept = _kept(doc)
    for _, text in STAGES:
        assert text in kept


def _grid(heading: str, names: list[str]) -> str:
    cards = "".join(
        f'<li class="card"><a href="/p/{n}"><h4>{name}</h4><span>$ {20 + n}.00</span></a></li>'
        for n, name in enumerate(names)
    )
    return f"<h2>{heading}</h2><ul>{cards}</ul>"


def test_a_shop_s_grid_of_other_products_is_a_related_box() -> None:
    """ "Customers also viewed", "Recently viewed", "Similar items": a shop's grids of other
    products under a heading of their own are not the product on the page, and change with
    the shop's stock and the reader's history."""
    names = ["Resistance band set", "Foam roller", "Knee support sleeve", "Ice pack wrap"]
    for heading in ("Customers who viewed this item also viewed", "Recently viewed",
                    "Similar items", "Frequently bought together"):  # fmt: skip
        doc = extract(_page(_grid(heading, names)))
        related = {block.text for block in doc.stripped if block.reason is R.RELATED}
        assert heading in related
        assert not any(name in _kept(doc) for name in names)
        assert "Each session lasts forty-five minutes" in _kept(doc)


def test_the_title_of_a_shop_s_grid_with_nothing_kept_under_it_is_no_content() -> None:
    """A shop prints "People who viewed this item also viewed" over an empty box its script
    fills in later, over its placeholder ("Loading..."), or over a carousel of other
    products (stripped): the heading titles nothing the page keeps and goes with the box;
    over the page's own prose it stays."""
    heading = "People who viewed this item also viewed"
    slides = "".join(
        f'<li class="carousel__item"><a href="/p/{n}">{name}</a><span>$ {20 + n}.00</span></li>'
        for n, name in enumerate(["Foam roller", "Knee support sleeve", "Ice pack wrap"])
    )
    boxes = (
        '<div class="recs"></div>',
        '<div class="recs"><p>Loading...</p></div>',
        f'<ul class="carousel">{slides}</ul>',
    )
    for under in boxes:
        doc = extract(_page(f"<section><h2>{heading}</h2>{under}</section>"))
        assert heading not in _kept(doc)
        assert "Each session lasts forty-five minutes" in _kept(doc)
        assert any(s.reason is R.RELATED and s.text == heading for s in doc.stripped)


def test_a_service_s_stages_in_a_slider_are_content() -> None:
    """A class name that says "slider" or "carousel" is evidence, not a verdict: the stages
    of a treatment shown as slides are the page's own text (only slides of testimonials,
    quotes, links or other products are furniture)."""
    slides = "".join(
        f'<div class="stages-slider__item"><h3>{title}</h3><p>{text}</p>'
        "<p>Your physiotherapist writes down what changed at each visit.</p></div>"
        for title, text in STAGES
    )
    doc = extract(_page(f'<div class="stages-slider">{slides}</div>'))
    kept = _kept(doc)
    for title, text in STAGES:
        assert title in kept
        assert text in kept


def test_a_carousel_of_other_products_with_their_prices_is_furniture() -> None:
    names = ["Resistance band set", "Foam roller", "Knee support sleeve", "Ice pack wrap"]
    cards = "".join(
        f'<div class="product-carousel__slide"><h4>{name}</h4><p>Pre-owned</p>'
        f"<p>$ {20 + n}.00</p></div>"
        for n, name in enumerate(names)
    )
    doc = extract(_page(f'<div class="product-carousel">{cards}</div>'))
    kept = _kept(doc)
    assert "Each session lasts forty-five minutes" in kept
    carousel = {block.text for block in doc.stripped if block.reason is R.CAROUSEL}
    assert set(names) <= carousel


def test_an_faq_s_questions_styled_as_buttons_are_content_and_a_booking_button_is_not() -> None:
    """An accordion's button ("accordion-button", "accordion__btn") or a question on a
    link styled as a button is the heading of the answer it opens; a button that asks
    nothing ("Book a consultation") is a call to action."""
    faq = (
        '<h2>Questions</h2><div class="accordion">'
        '<h3 class="accordion-header"><button class="accordion-button collapsed">'
        "Recovery milestones</button></h3>"
        "<div><p>Most patients walk without crutches after two weeks.</p></div>"
        '<h4 class="panel-title"><a class="btn btn-link collapsed" href="#a2">'
        "Do I need a referral from my surgeon?</a></h4>"
        "<div><p>No, you can book the first session yourself.</p></div></div>"
        '<p><a class="btn btn-primary" href="/book">Book a consultation</a></p>'
    )
    doc = extract(_page(faq))
    kept = _kept(doc)
    assert "Recovery milestones" in kept
    assert "Do I need a referral from my surgeon?" in kept
    assert "Book a consultation" not in kept
    assert any(
        block.text == "Book a consultation" and block.reason is R.CALL_TO_ACTION
        for block in doc.stripped
    )


def test_an_faq_s_items_named_as_its_buttons_are_content() -> None:
    """A box an FAQ names as its button ("faq-button"), holding the question and the short
    answer it opens, is an accordion's item, not a call to action."""
    answers = [
        ("How long is each session?", "Forty-five minutes, one to one."),
        ("Is parking available?", "Yes, behind the clinic, free for patients."),
        ("Can I bring a relative?", "Of course: they may stay for the whole session."),
    ]
    items = "".join(
        f'<div class="faq-item"><div class="faq-button"><h4>{question}</h4>'
        f"<div><p>{answer}</p></div></div></div>"
        for question, answer in answers
    )
    doc = extract(_page(f"<h2>Questions</h2>{items}"))
    kept = _kept(doc)
    for question, answer in answers:
        assert question in kept
        assert answer in kept


def test_an_accordion_s_answers_folded_by_a_hiding_class_are_content() -> None:
    """A utility class ("hidden") folds a closed panel as a style would: the answer a click
    on its question shows. A "hidden" box that is no panel stays hidden."""
    items = "".join(
        f'<div class="faq-item"><button aria-expanded="false">{title}</button>'
        f'<div class="faq-accordion-content pl-2 hidden"><p>{text}</p></div></div>'
        for title, text in STAGES
    )
    notice = '<div class="hidden"><p>Your basket has been updated.</p></div>'
    doc = extract(_page(f"<section>{items}{notice}</section>"))
    kept = _kept(doc)
    for _, text in STAGES:
        assert text in kept
    assert "Your basket has been updated." in _hidden(doc)


def test_a_tailwind_utility_under_a_variant_names_no_chrome() -> None:
    """ "dark:text-secondary" says how the text looks in dark mode: "secondary" there is a
    colour, not a sidebar; the same word as a name of its own still marks one."""
    aside = (
        '<p class="mt-4 dark:text-secondary-dark hover:bg-secondary-700">'
        "Most insurers cover the sessions.</p>"
        '<div class="secondary"><p>Opening hours: Monday to Friday.</p></div>'
    )
    doc = extract(_page(aside))
    assert "Most insurers cover the sessions." in _kept(doc)
    assert "Opening hours: Monday to Friday." not in _kept(doc)


def test_a_tab_s_name_and_a_disclosure_s_title_are_content_and_a_pop_up_s_control_is_not() -> None:
    """A tab ("role=tab") and a button that names the panel it unfolds (``aria-controls``
    beside ``aria-expanded``) carry that panel's title; a button that opens a pop-up
    (``aria-haspopup``), or names a dialog or a modal, and a booking button are controls."""
    tabs = "".join(
        f'<button role="tab" aria-controls="stage-{n}">{title}</button>'
        for n, (title, _) in enumerate(STAGES)
    )
    panels = "".join(
        f'<div role="tabpanel" id="stage-{n}"><p>{text}</p></div>'
        for n, (_, text) in enumerate(STAGES)
    )
    body = (
        f'<div role="tablist">{tabs}</div>{panels}'
        '<button class="btn" aria-expanded="false" aria-controls="costs">Costs and insurance'
        '</button><div id="costs"><p>Most insurers cover twelve sessions a year when a doctor '
        "prescribes them, and we send the invoice to them directly.</p></div>"
        '<button aria-haspopup="dialog" aria-expanded="false" aria-controls="pick">'
        'Choose a clinic</button><p><button class="btn">Book a session</button></p>'
        '<button aria-expanded="false" aria-controls="visit">Request a call back</button>'
        '<div id="visit" class="modal d-none"><p>Leave your number.</p></div>'
    )
    kept = _kept(extract(_page(body)))
    for title, _ in STAGES:
        assert title in kept
    assert "Costs and insurance" in kept
    assert "Choose a clinic" not in kept
    assert "Book a session" not in kept
    assert "Request a call back" not in kept  # it names a modal: a control, not a title


def test_an_accordion_s_button_its_panel_names_as_its_label_is_that_panel_s_title() -> None:
    """An accordion written as WAI-ARIA describes it: the button names its panel
    (``aria-controls``), the panel names the button as its label (``aria-labelledby``),
    and the script keeps the open state in an attribute of its own, not ``aria-expanded``:
    the button's words are the panel's title; a button naming a panel that does not name
    it back stays a control."""
    items = "".join(
        f'<div><button type="button" id="s{n}-head" aria-controls="s{n}-body" '
        f'data-expanded="false">{title}</button><div id="s{n}-body" '
        f'aria-labelledby="s{n}-head" aria-hidden="true" hidden><p>{text}</p></div></div>'
        for n, (title, text) in enumerate(STAGES)
    )
    body = (
        f'<h2>How the programme runs</h2><div class="stages">{items}</div>'
        "<p>We send a short report to your surgeon after the sixth session and again before "
        "you are discharged from our care.</p>"
        '<p><button type="button" id="book" aria-controls="slots">Pick a time</button></p>'
        '<div id="slots"><p>Mornings and evenings on weekdays.</p></div>'
    )
    kept = _kept(extract(_page(body)))
    for title, text in STAGES:
        assert title in kept
        assert text in kept
    assert "Pick a time" not in kept


def test_the_title_of_the_accordion_panel_that_scored_is_its_button() -> None:
    """The same accordion straight under the page's introduction: the scores choose the
    last panel, its kin panels join it, and the button before it, a line to the markup and
    no heading, is its title as the others' are: it names the panel (``aria-controls``)."""
    items = "".join(
        f'<div class="item"><button type="button" id="s{n}-head" aria-controls="s{n}-body" '
        f'aria-expanded="false">{title}</button><div id="s{n}-body" '
        f'aria-labelledby="s{n}-head" hidden><p>{text}</p></div></div>'
        for n, (title, text) in enumerate(STAGES)
    )
    kept = _kept(extract(_page(items)))
    for title, text in STAGES:
        assert title in kept
        assert text in kept


def test_a_hero_s_header_inside_main_is_the_page_s_and_the_site_s_header_is_not() -> None:
    """HTML reads a ``<header>`` as the site's banner only outside ``<main>``, an
    ``<article>`` or a ``<section>``: a landing page's hero in ``<main>``, its title and the
    line under it, is the page's own; the banner before ``<main>`` stays chrome."""
    page = (
        "<html><head><title>Knee physiotherapy</title></head><body>"
        '<header class="site"><p>Riverside Physio, open six days a week</p>'
        '<nav><a href="/">Home</a> <a href="/knee">Knee</a></nav></header>'
        '<main><header class="hero"><h1>Physiotherapy after knee surgery</h1>'
        "<p>A plan written for your knee that gets you walking, working and training again"
        f"</p></header>{INTRO.split('</h1>', 1)[1]}"
        + "".join(f"<h2>{title}</h2><p>{text}</p>" for title, text in STAGES)
        + "</main></body></html>"
    )
    doc = extract(page)
    kept = _kept(doc)
    assert "A plan written for your knee" in kept
    assert "Riverside Physio" not in kept


WORDS = [
    ("I walked up the stairs at home without holding the rail after six weeks of sessions, "
     "and the exercises were explained so clearly that I kept doing them on my own.", "Ruth"),
    ("The plan changed each week with how my knee answered, and I was back on my bike for "
     "the whole commute to work well before the date my surgeon had hoped for.", "Tomasz"),
    ("Every session started with what had gone well since the last one, which kept me "
     "going through the hard weeks when bending the knee still hurt in the mornings.", "Amara"),
]  # fmt: skip


def _testimonials(box: str, card: str) -> str:
    cards = "".join(
        f'<div class="{card}"><p>{words}</p><span>{name}</span></div>' for words, name in WORDS
    )
    stages = "".join(f"<section><h2>{title}</h2><p>{text}</p></section>" for title, text in STAGES)
    return f'{stages}<h2>What our patients say</h2><div class="{box}">{cards}</div>'


def test_testimonials_that_stand_still_are_the_service_page_s_own_claims() -> None:
    """A grid of patients' words under the treatment is what the page says of its work: its
    name ("testimonials") is evidence, outweighed by the prose it carries in the page's
    flow; the same words in a carousel rotate, furniture stripped as such."""
    grid = extract(_page(_testimonials("testimonials", "card")))
    assert all(words in _kept(grid) for words, _ in WORDS)
    rotating = extract(_page(_testimonials("testimonials-slider", "card")))
    assert not any(words in _kept(rotating) for words, _ in WORDS)
    assert {block.reason for block in rotating.stripped if "stairs" in block.text} == {R.CAROUSEL}


SHORT_WORDS = [
    ("Back on my bike six weeks after the operation.", "Ruth"),
    ("Clear exercises, and a plan that changed with my knee.", "Tomasz"),
    ("They kept me going through the hard weeks.", "Amara"),
]


def test_short_testimonials_standing_still_stay_on_an_undated_page_only() -> None:
    """Patients' few words, too short to outweigh their cards' name, are what a service
    page (which names no date of its own) says of its work; on a post with its date the
    same cards are furniture beside the story."""
    cards = "".join(
        f'<div class="testimonial-card"><p>{words}</p><span>{name}</span></div>'
        for words, name in SHORT_WORDS
    )
    stages = "".join(f"<section><h2>{title}</h2><p>{text}</p></section>" for title, text in STAGES)
    body = f"{stages}<h2>What our patients say</h2><div>{cards}</div>"
    undated = _kept(extract(_page(body)))
    assert all(words in undated for words, _ in SHORT_WORDS)
    dated_page = _page(body).replace(
        "</title>",
        '</title><meta property="article:published_time" content="2026-03-02T09:00:00Z">',
    )
    dated = _kept(extract(dated_page))
    assert not any(words in dated for words, _ in SHORT_WORDS)


def test_a_section_of_short_lines_under_its_own_title_is_part_of_the_service_page() -> None:
    """A landing page's section lists what the service includes in short lines, none long
    enough to count as prose: under a plain title of its own, with no links, it is a part
    of the page beside the sections the scores chose, not only between two of them."""
    stages = "".join(f"<h3>{title}</h3><p>{text}</p>" for title, text in STAGES)
    lines = ["Gait analysis", "Sports taping", "A written home plan", "Weekly video review"]
    items = "".join(f"<li>{line}</li>" for line in lines)
    page = (
        '<html><head><title>Knee physiotherapy</title></head><body><div class="page">'
        f'<div class="hero">{INTRO}</div><div class="stages">{stages}</div>'
        f'<div class="includes"><h2>Every plan includes</h2><ul>{items}</ul></div>'
        "</div></body></html>"
    )
    kept = _kept(extract(page))
    assert "Every plan includes" in kept
    assert all(line in kept for line in lines)


def test_an_accordion_s_answers_inside_a_form_around_the_whole_page_are_content() -> None:
    """ASP.NET prints every page inside one ``<form>``: the page, not a form to fill in, so
    the answers its accordion hides (``aria-hidden``) open on a click as anywhere else;
    inside a small form beside the page (a call-back request) a hidden box stays hidden."""
    faq = "".join(
        f'<h3><a href="#" aria-controls="a{n}" aria-expanded="false">{title}</a></h3>'
        f'<div id="a{n}" aria-hidden="true">{text}</div>'
        for n, (title, text) in enumerate(STAGES)
    )
    callback = (
        '<form action="/call"><input name="phone"><a href="#" aria-controls="why" '
        'aria-expanded="false">Why we ask</a><div id="why" aria-hidden="true">'
        "We only call about your appointment.</div></form>"
    )
    page = (
        '<html><head><title>Knee physiotherapy</title></head><body><form id="aspnetForm" '
        f'method="post" action="./knee"><main>{INTRO}{faq}</main></form>{callback}</body></html>'
    )
    doc = extract(page)
    for _, text in STAGES:
        assert text in _kept(doc)
    assert "We only call about your appointment." in _hidden(doc)


def test_service_cards_a_theme_names_promo_and_makes_clickable_whole_are_content() -> None:
    """A grid of the services offered, each card one link holding its title, two
    sentences and "Find out more", in a box the theme names "promo": the card's text is
    prose under a title of its own, not link text, and outweighs its name; a promo box
    with a lone linked title is still a call to action."""
    cards = "".join(
        f'<div class="promo"><a href="/stage-{n}"><h3>{title}</h3><p>{text}</p>'
        "<span>Find out more</span></a></div>"
        for n, (title, text) in enumerate(STAGES)
    )
    teaser = '<div class="promo"><a href="/offer"><h3>Spring offer</h3></a></div>'
    grid = f'<section><h2>Our services</h2><div class="grid">{cards}</div></section>'
    kept = _kept(extract(_page(grid + teaser)))
    for title, text in STAGES:
        assert title in kept
        assert text in kept
    assert "Spring offer" not in kept


@pytest.mark.parametrize("wrapper", ["div", "article"])
def test_the_declared_main_is_read_when_the_scores_chose_a_small_part_of_it(
    wrapper: str,
) -> None:
    """A landing page's <main> holds its sections; when the scores chose a part of it and
    <main>, read by the same rules, keeps more than twice as much, <main> is the reading.
    A page that marks its article (the choice in an <article>) keeps it: the rest of its
    <main> is other posts."""
    stages = "".join(f"<section><h2>{title}</h2><p>{text}</p></section>" for title, text in STAGES)
    page = (
        "<html><head><title>Knee physiotherapy</title></head><body><main>"
        f'<{wrapper}><div class="intro">{INTRO}</div></{wrapper}>'
        f"<div>{stages}{stages.replace('Week', 'Later week')}</div></main></body></html>"
    )
    root = parse(page)
    blocks = segment(root, hidden_rules(root))
    meta = extract_metadata(root, blocks)
    chosen = [next(box for box in root.iter("div") if box.get("class") == "intro")]
    kept = kept_chars(apply_main(blocks, chosen, meta, None))
    widened = readings.through_declared_main(blocks, chosen, kept, meta, None)
    if wrapper == "article":
        assert widened is None
    else:
        assert widened is not None
        read = "\n".join(block.text for block, reason, _ in widened if reason is None)
        assert all(text in read for _, text in STAGES)


OFFERS = [
    ("Home visits", "A physiotherapist comes to you in the first week after surgery."),
    ("Video sessions", "Exercises checked on a call when the clinic is too far away."),
    ("Hydrotherapy", "Walking drills in a warm pool take the weight off the knee."),
]


def test_slides_of_one_template_outweigh_their_carousel_name_together() -> None:
    """A service's offers in slides a theme names "carousel__slide", each a title over one
    line, too short to outweigh the name alone: the slides of one template weigh together
    and are content. A card's labels of one template (the places it is open in, named
    "categories") are no lines and stay out."""
    slides = "".join(
        f'<div class="carousel__slide"><h3>{title}</h3><p>{line}</p></div>'
        for title, line in OFFERS
    )
    places = "".join(
        f'<p class="card__categories">{town}</p>'
        for town in ("Leeds", "York", "Hull", "Bradford", "Sheffield", "Wakefield", "Harrogate") * 5
    )
    after = (
        "<p>Whichever way you choose, the same physiotherapist follows your knee from the "
        "first session to the last, so nothing you told us has to be said twice.</p>"
    )
    body = (
        f'<section><h2>Ways to see us</h2><div class="carousel">{slides}</div>{places}'
        f"{after}</section>"
    )
    doc = extract(_page(body))
    kept = _kept(doc)
    for title, line in OFFERS:
        assert title in kept
        assert line in kept
    assert "Harrogate" not in kept


def test_panels_a_class_shows_one_at_a_time_are_a_strip_of_tabs() -> None:
    """A service page's programmes for three groups, each a list printed by one template
    and all but the first closed by "hidden" (tabs above them, named nothing, switch the
    class): the closed lists are the tabs' panels and content. A list's own items past
    its first ("Show more") stay hidden."""
    groups = {
        "Runners": [
            "Gait analysis on a treadmill with video",
            "A plan back to your weekly mileage",
        ],
        "Office workers": ["A desk and chair set up for your back", "Stretches to do every hour"],
        "Older adults": ["Balance training to prevent falls at home", "Strength work for stairs"],
    }
    panels = "".join(
        f'<ul class="plan-list{" hidden" if n else ""}">'
        + "".join(f"<li><h3>{group}</h3><p>{item}, in sessions of forty minutes.</p></li>"
                  for item in items)
        + "</ul>"
        for n, (group, items) in enumerate(groups.items())
    )  # fmt: skip
    more = "".join(
        f'<li class="town{" hidden" if n > 1 else ""}">Physiotherapy in {town}, near the '
        "station, open on Saturdays</li>"
        for n, town in enumerate(["Leeds", "York", "Harrogate", "Wakefield"])
    )
    body = f"<section><h2>Programmes</h2>{panels}</section><ul>{more}</ul>"
    kept = _kept(extract(_page(body)))
    for items in groups.values():
        for item in items:
            assert item in kept
    assert "York" in kept
    assert "Harrogate" not in kept


KNEE_FAQ = [
    ("How soon after surgery can I start?", "Most patients start within a week of the "
     "operation, once the surgeon has checked the wound."),
    ("Do I need a referral?", "No: you can book directly, though we ask for the surgeon's "
     "notes before the first session."),
]  # fmt: skip


def test_an_accordion_item_s_head_is_its_question_not_the_banner() -> None:
    """An FAQ's question in a box named its item's head ("faq-item__header", "accordion-
    header") and a layout option saying how such heads are aligned ("pane-header-alignment-
    left" on the accordion) are the page's FAQ, not the site's banner; a box named the
    site's header stays chrome."""
    items = "".join(
        f'<div class="accordion{option}"><div class="faq-item">'
        f'<div class="faq-item__header"><span>{question}</span></div>'
        f'<div class="faq-item__body"><p>{answer}</p></div></div></div>'
        for option, (question, answer) in zip(
            [" pane-header-alignment-left", ""], KNEE_FAQ, strict=True
        )
    )
    page = _page(items).replace(
        "<nav>", '<div class="site-header"><a href="/">Knee Clinic Porto</a></div><nav>'
    )
    kept = _kept(extract(page))
    for question, answer in KNEE_FAQ:
        assert question in kept
        assert answer in kept
    assert "Knee Clinic Porto" not in kept


def test_a_strip_of_tabs_is_the_page_s_own_text_not_its_menu() -> None:
    """Boxes named for a strip of tabs ("faq_tabs-menu-link", "tabs-nav") hold the titles
    and the text of the panels they show, not the site's menu; a box named the menu of
    the site stays navigation."""
    items = "".join(
        f'<div class="faq-item"><div class="faq_tabs-menu-link">'
        f'<div class="faq_tabs-menu-title">{question}</div><p>{answer}</p></div></div>'
        for question, answer in KNEE_FAQ
    )
    menu = '<div class="site-menu"><p>Find a clinic near your home or work.</p></div>'
    page = _page(items).replace("</main>", f"{menu}</main>")
    doc = extract(page)
    kept = _kept(doc)
    for question, answer in KNEE_FAQ:
        assert question in kept
        assert answer in kept
    menus = [s.text for s in doc.stripped if s.reason is R.NAVIGATION]
    assert any(text.startswith("Find a clinic") for text in menus)


PLANS = [
    ("Single visit", "One assessment of the knee and a written plan of exercises to do at home."),
    ("Course of six", "Six sessions over six weeks, each reviewing the plan and moving it on."),
]  # fmt: skip


def test_a_box_named_for_a_date_that_holds_a_title_is_no_date_line() -> None:
    """A collection's items a site builder names after a field of theirs ("date-item": a
    price list's plans) hold a title and text: they are the page's own, not a date line;
    a box named for a date that holds only the date stays one."""
    plans = "".join(
        f'<div class="date-item"><h3>{name}</h3><p>{text}</p></div>' for name, text in PLANS
    )
    page = _page(f'<p class="post-date">Updated 12 March 2026</p><div>{plans}</div>')
    doc = extract(page)
    kept = _kept(doc)
    for name, text in PLANS:
        assert name in kept
        assert text in kept
    assert "Updated 12 March 2026" not in kept


EDITOR_FEATURES = [
    ("Plan the work", "Write the plan with your team in one shared board, with owners, "
     "dates and the files each step touches, so that nobody waits for an update."),
    ("Review each change", "Every change opens a review with its diff, its checks and the "
     "notes of the people who asked for it, and merges when the checks pass."),
]  # fmt: skip
MOCK_TURNS = [
    "Please split the invoice screen into a list and a detail view, keeping the filters "
    "the customers already use and the keyboard shortcuts they rely on every morning.",
    "I read invoices.ts and filters.ts first, then moved the list into its own file and "
    "kept the shortcuts in one table, so the detail view only receives the chosen invoice.",
    "Done: three files changed, the tests for the filters still pass, and the detail view "
    "now loads the invoice lines lazily when the reader opens it from the list.",
]


def _drawn_page(hero: str) -> str:
    """A code editor's landing page: a hero, feature sections, and beside them the product
    drawn in markup (a mock chat with its long turns, file names, a diff's counts)."""
    features = "".join(f"<section><h2>{t}</h2><p>{x}</p></section>" for t, x in EDITOR_FEATURES)
    turns = "".join(f'<div class="bubble"><p>{turn}</p></div>' for turn in MOCK_TURNS)
    drawing = (
        '<section class="feature-graphic"><div class="tabs-mock"><span>invoices.ts</span>'
        f"<span>filters.ts</span><span>+42 -24</span></div>{turns}</section>"
    )
    return (
        "<html><head><title>Editor</title></head><body><main>"
        f"{hero}{features}{drawing}</main></body></html>"
    )


def test_a_product_drawn_in_markup_is_a_picture_not_the_page_s_prose() -> None:
    """A box named for the picture it is ("feature-graphic") is a mock interface drawn in
    markup: its chat turns and file names are stripped, though they hold more of the page's
    prose than the page's own text. A hero's box so named that holds the page's title is
    the hero, and a picture with its caption keeps it; a name that goes on ("graphic-list")
    names a subject, and "has-graphic" what a box has beside its text."""
    hero = (
        '<div class="hero-graphic"><h1>The editor that plans with you</h1>'
        "<p>Plan, write and review code with a team that sees the same board.</p></div>"
        '<ul class="graphic-list"><li>Works in the browser and on the desktop</li></ul>'
        '<p class="has-graphic">Free for teams of up to five people, with no card asked.</p>'
        '<figure class="illustration"><img src="board.png" alt=""><figcaption>The shared '
        "board, with each step's owner and date.</figcaption></figure>"
    )
    doc = extract(_drawn_page(hero))
    kept = _kept(doc)
    for title, text in EDITOR_FEATURES:
        assert title in kept and text in kept
    assert "Plan, write and review code with a team that sees the same board." in kept
    assert "Works in the browser and on the desktop" in kept
    assert "Free for teams of up to five people, with no card asked." in kept
    drawn = {block.text for block in doc.stripped if block.reason is R.LOW_CONTENT}
    assert "The editor that plans with you" not in drawn  # the page's title
    assert "The shared board, with each step's owner and date." not in drawn  # its caption
    assert all(turn in drawn for turn in MOCK_TURNS)
    assert "invoices.ts" not in kept
