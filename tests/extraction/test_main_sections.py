"""Which sibling sections join the main content: written here in the shapes of service and
documentation pages, whose sections sit in containers beside the one that scored best and
whose headings often carry links."""

from __future__ import annotations

from tracker.extraction import extract
from tracker.model import Document

TREATMENT = (
    '<div class="hero"><div class="hero__text entry-content"><h1>Hearing tests</h1>'
    "<p>An audiologist measures how well you hear each pitch, in a quiet booth, and explains "
    "the result to you the same day, with advice on what, if anything, should come next.</p>"
    "<p>The test takes forty minutes, costs nothing with a referral, and suits children "
    "from the age of four as well as adults.</p></div></div>"
)
CLINICS = (
    '<div class="locations"><h2>Where we test</h2>'
    "<p>Both of our clinics have a booth, an audiologist on every weekday and parking for "
    "patients, so you can choose the one nearer to your home or your work.</p>"
    '<h3><a href="/clinics/riverside">Riverside clinic</a></h3>'
    "<p>The Riverside clinic sits on the ground floor by the river bridge, with step-free "
    "access from the car park and a hearing loop at the reception desk.</p>"
    "<h3>Old town clinic</h3>"
    "<p>The old town clinic is above the pharmacy on the market square, reached by a lift, "
    "and opens late on Thursdays for those who cannot come during working hours.</p></div>"
)
TEASER = (
    '<div class="more"><div class="teaser"><h3><a href="/blog/tinnitus">Living with '
    "tinnitus</a></h3><p>What helps when the ringing will not stop, from sound therapy to "
    "sleep habits, explained by our audiologists in plain words.</p></div></div>"
)


def _kept(doc: Document) -> str:
    return "\n".join(block.text for block in doc.blocks)


def _page(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body>"
        f'<nav><a href="/">Home</a></nav><div class="page">{body}</div>'
        "<footer><p>Call us on weekdays.</p></footer></body></html>"
    )


def test_a_section_under_a_plain_heading_joins_though_a_heading_inside_it_is_a_link() -> None:
    """A service page's "Where we test" names each clinic with a link to its page: the
    section opens under its own plain heading and holds as much prose as the treatment's
    text, so it is the page's, not a teaser; a card that opens with its link stays out."""
    doc = extract(_page("Hearing tests", TREATMENT + CLINICS + TEASER))
    kept = _kept(doc)
    assert "Where we test" in kept
    assert "The Riverside clinic sits on the ground floor" in kept
    assert "opens late on Thursdays" in kept
    assert "What helps when the ringing will not stop" not in kept


def test_a_short_section_with_a_linked_heading_beside_the_article_stays_out() -> None:
    """The same section cut to one short paragraph under its plain heading and its linked
    one is smaller than the article beside it: a box of links to the clinics' pages."""
    short = (
        '<div class="locations"><h2>Our clinics</h2><h3><a href="/clinics/riverside">'
        "Riverside clinic</a></h3><p>On the ground floor by the river bridge, with step-free "
        "access from the car park.</p></div>"
    )
    kept = _kept(extract(_page("Hearing tests", TREATMENT + short)))
    assert "An audiologist measures" in kept
    assert "step-free access" not in kept


def test_a_box_of_linked_headings_under_a_plain_one_stays_out() -> None:
    """A "More from our clinic" box under a plain heading, each story a linked heading with
    its snippet, may hold more prose than the article: most of its headings link to other
    pages, so it is a box of teasers, not a section."""
    stories = [
        ("/blog/tinnitus", "Living with tinnitus", "What helps when the ringing will not "
         "stop, from sound therapy to sleep habits, explained by our audiologists."),
        ("/blog/aids", "Choosing a hearing aid", "Behind the ear or in the canal, with or "
         "without a phone link: what each kind suits, and what it costs to run."),
        ("/blog/noise", "Noise at work", "How loud is too loud, how long a shift can be "
         "near a machine, and what your employer must provide to protect you."),
    ]  # fmt: skip
    box = '<div class="below"><h2>More from our clinic</h2>' + "".join(
        f'<h3><a href="{href}">{title}</a></h3><p>{text}</p>' for href, title, text in stories
    )
    kept = _kept(extract(_page("Hearing tests", TREATMENT + box + "</div>")))
    assert "An audiologist measures" in kept
    assert "What helps when the ringing" not in kept
    assert "How loud is too loud" not in kept


def _manual_section(ident: str, title: str, paragraphs: list[str]) -> str:
    text = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<section id="{ident}"><h2>{title}<a class="headerlink" href="#{ident}">¶</a></h2>'
        f'<div class="body">{text}</div></section>'
    )


def test_a_heading_s_permalink_into_the_page_does_not_make_its_section_a_teaser() -> None:
    """Documentation generators end each section's heading with a link to the section
    itself ("¶"): a way into this page, not to another one, so the sections beside the
    longest one are the manual's, headings included."""
    install = _manual_section(
        "install",
        "Installing",
        [
            "Install the package with your system's package manager, or from source with "
            "the make file, which builds the library, the command and the manual pages.",
            "A build from source needs a C compiler, make and the headers of zlib, which "
            "most systems ship, and takes about a minute on a laptop.",
            "After installing, run the command with --version to check that the shell "
            "finds it, and that the version is the one you meant to install.",
        ],
    )
    usage = _manual_section(
        "usage",
        "Usage",
        [
            "Give the command a file to read, or pipe text into it, and it prints the "
            "summary to standard output, one line a section."
        ],
    )
    limits = _manual_section(
        "limits",
        "Limits",
        [
            "Files larger than two gigabytes are read in chunks, so the summary of a very "
            "large file may take a while, but it never needs more memory than a small one."
        ],
    )
    kept = [block.text for block in extract(_page("Manual", install + usage + limits)).blocks]
    # (the permalink's sign itself is no word of the heading: clean.drop_permalink_signs)
    assert "Usage" in kept
    assert "Limits" in kept


_GARDEN = [
    "Tomatoes want six hours of sun, a sheltered spot and soil that drains well; a south "
    "wall gives them all three, and a pot on a balcony does as well as a bed in the garden.",
    "Sow the seeds indoors eight weeks before the last frost, one to a small pot, and keep "
    "them warm on a sill until the first true leaves open and the stems stand firm.",
    "Harden the seedlings off for a week before planting out: a few hours outside on the "
    "first day, a whole day and night by the end, so that the wind and the cold nights "
    "thicken their stems instead of setting them back.",
    "Plant them deep, up to the first leaves, since a buried stem grows roots along its "
    "length, and put the stake in at the same time so that no root is speared later on.",
    "Water at the base, in the morning, as much every time: uneven watering splits the "
    "fruit and starves it of calcium, which shows as a dark patch at its end.",
    "Pinch out the shoots that grow between the stem and the leaves every week, and feed "
    "with a potash-rich fertiliser once the first flowers have set, every ten days.",
    "Pick the fruit when it is fully coloured and still firm, and leave the last green ones "
    "to ripen indoors in a drawer beside a banana once the nights turn cold in autumn.",
]
_NOTE = (
    '<div class="note"><p>The sowing dates above are for a temperate climate; move them a '
    "fortnight earlier in the south and later in the hills.</p></div>"
)
_FAQ = (
    '<section class="faq-box"><h2>Frequently asked questions</h2>'
    "<h3>Do you deliver on weekends?</h3><p>Our couriers deliver seeds and compost from "
    "Monday to Saturday, and orders placed before noon leave the warehouse the same day.</p>"
    "<h3>Can I return an opened packet?</h3><p>Opened packets cannot be returned, but write "
    "to us if your seeds failed to germinate and we will send a new packet free of charge.</p>"
    "</section>"
)


def _growing_guide(paragraphs: list[str], dated: bool = True) -> str:
    lede = (
        '<div class="lede"><p>A short guide for first-time growers, from the seed tray to '
        "the first ripe fruit in late summer.</p></div>"
    )
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    page = _page(
        "Growing tomatoes",
        f'{lede}<article><div class="entry-content"><h1>Growing tomatoes</h1>{body}</div>'
        f"</article>{_FAQ}{_NOTE}",
    )
    published = '<meta property="article:published_time" content="2024-03-02T08:00:00Z">'
    return page.replace("</head>", published + "</head>") if dated else page


def test_what_follows_an_article_holding_two_thirds_of_the_prose_is_its_tail() -> None:
    """The guide's body holds two thirds of the page's prose: it is the article, and the
    shop's FAQ box after it, under a plain heading of its own in the same region, is a
    part of the page apart; the lede before the body and the untitled note after it, the
    article's own footnote, still join."""
    kept = _kept(extract(_growing_guide(_GARDEN)))
    assert "Harden the seedlings off" in kept
    assert "A short guide for first-time growers" in kept
    assert "The sowing dates above" in kept
    assert "Frequently asked questions" not in kept
    assert "Our couriers deliver" not in kept


_PROCESS = (
    '<section class="process"><h2>How we work with you</h2>'
    "<h3>1. Visit</h3><p>We walk your plot with you, test its soil and note where the sun "
    "falls at noon, so the plan fits the garden you have and not one from a catalogue.</p>"
    "<h3>2. Plan</h3><p>Within a week you get a planting plan with dates, a list of seeds "
    "and a price for each bed, which you may change as often as you like before we dig.</p>"
    "</section>"
)


def test_a_titled_section_after_the_long_text_of_an_undated_page_joins_it() -> None:
    """A service page gives no publication date: its long introduction holds two thirds
    of the prose, but it is one section of the page, and "How we work with you" under its
    own title after it is the page's too, not a part apart."""
    page = _growing_guide(_GARDEN, dated=False).replace(_FAQ, _PROCESS)
    kept = _kept(extract(page))
    assert "Harden the seedlings off" in kept
    assert "Within a week you get a planting plan" in kept
    dated = _kept(extract(_growing_guide(_GARDEN).replace(_FAQ, _PROCESS)))
    assert "Within a week you get a planting plan" not in dated


def test_a_section_after_a_shorter_article_still_joins_it() -> None:
    """The same page with half the guide: the body holds less than two thirds of the
    prose, so the section after it may be the article's own and joins the region."""
    kept = _kept(extract(_growing_guide(_GARDEN[:3])))
    assert "Harden the seedlings off" in kept
    assert "Our couriers deliver" in kept


def _grid(title: str, cards: list[tuple[str, str, str]]) -> str:
    """A grid under a plain title, each card one link around its title and line."""
    return (
        f'<div class="grid"><h2>{title}</h2>'
        + "".join(
            f'<a class="card" href="{href}"><h3>{name}</h3><p>{line}</p></a>'
            for href, name, line in cards
        )
        + "</div>"
    )


_AFTERCARE = (
    '<div class="aftercare"><h2>After your test</h2><p>We send the audiogram to your '
    "doctor within a week, keep a copy for your next visit, and call you if anything in it "
    "needs a closer look by a specialist at the hospital.</p><p>A follow-up test a year "
    "later shows whether your hearing has changed, and costs nothing for children.</p></div>"
)


def test_a_grid_of_linked_cards_between_two_sections_of_the_page_is_one_of_them() -> None:
    """A service page's "What we offer" between its sections: each card is a link to the
    service's own page, so the grid is mostly link text, but it opens under a plain title
    and sits between two sections that joined, in the flow of the page."""
    offer = _grid(
        "What we offer",
        [
            ("/ear-wax", "Ear wax removal", "Gentle suction by a trained nurse"),
            ("/tinnitus", "Tinnitus care", "Sound therapy and counselling"),
            ("/aids", "Hearing aids", "Fitted and tuned to your audiogram"),
            ("/children", "Children's hearing", "Play-based tests from age four"),
        ],
    )
    kept = _kept(extract(_page("Hearing tests", TREATMENT + offer + _AFTERCARE)))
    assert "An audiologist measures" in kept
    assert "We send the audiogram" in kept
    assert "Gentle suction by a trained nurse" in kept
    assert "Play-based tests from age four" in kept


def test_a_grid_of_priced_cards_between_two_sections_stays_out() -> None:
    """The same place holding a catalogue's cards, each naming its price: products the
    shop features, not a part of the page."""
    shop = _grid(
        "Featured products",
        [
            ("/p/plugs", "Foam ear plugs", "Pack of twenty, $4.99"),
            ("/p/drops", "Ear drops", "Softens wax, $6.50"),
            ("/p/dryer", "Hearing aid dryer", "Overnight drying box, $39.00"),
            ("/p/cells", "Batteries", "Size 312, sixty cells, $18.00"),
        ],
    )
    kept = _kept(extract(_page("Hearing tests", TREATMENT + shop + _AFTERCARE)))
    assert "We send the audiogram" in kept
    assert "Overnight drying box" not in kept


def test_a_titled_section_of_links_with_words_of_its_own_between_two_sections_joins() -> None:
    """A "Before you come" section between the page's sections whose lines are mostly
    links to forms, with a sentence of its own around them, is a part of the page; a
    "Related searches" list of links alone in the same place is not."""
    before = (
        '<div class="prepare"><h2>Before you come</h2><p>Bring the letter from your doctor '
        'and fill in <a href="/forms/history">the hearing history form</a>, or ask for help '
        "with it at the desk.</p><ul>"
        '<li><a href="/forms/consent">Consent form for children under sixteen</a></li>'
        '<li><a href="/forms/interpreter">Request an interpreter for your visit</a></li>'
        '<li><a href="/forms/transport">Book patient transport to the clinic</a></li>'
        '<li><a href="/forms/access">Tell us about your access needs</a></li></ul></div>'
    )
    searches = (
        '<div class="searches"><h2>Related searches</h2><ul>'
        '<li><a href="/s/hearing-test-near-me">Hearing test near me today</a></li>'
        '<li><a href="/s/free-hearing-test">Free hearing test for adults</a></li>'
        '<li><a href="/s/ear-test-children">Ear test for children at school</a></li>'
        '<li><a href="/s/tinnitus-clinic">Tinnitus clinic open on Saturdays</a></li></ul></div>'
    )
    kept = _kept(extract(_page("Hearing tests", TREATMENT + before + _AFTERCARE)))
    assert "Request an interpreter for your visit" in kept
    kept = _kept(extract(_page("Hearing tests", TREATMENT + searches + _AFTERCARE)))
    assert "We send the audiogram" in kept
    assert "Free hearing test for adults" not in kept


# the body of a buying guide: how its kettles were tested, one sentence a line
KETTLE_TESTS = [
    "Each kettle boiled a full litre of cold tap water ten times, and we took the mean.",
    "We measured the noise at one metre with a phone held at the height of a counter.",
    "Limescale builds up fastest in hard water, so we used water from a chalky town.",
    "A kettle that switches off the moment it boils wastes less power than a slow one.",
    "Handles that stay cool matter more than the colour of the body to most readers.",
    "The lids that open with a button were easier to fill than those you pull off.",
]


def _kettle_guide() -> str:
    """A buying guide printed in parts of one template ("story-part"): its title and picks,
    each pick's heading a link to the shop, then its long body."""
    picks = (
        '<div class="story-part"><h1>Choosing a kettle</h1><p>We boiled a litre of water '
        "in each kettle twice a day for a month, timed it, and listened to how loud it was.</p>"
        '<h3><a href="https://shop.example/steel">Best steel kettle</a></h3><p>It boils a '
        "litre in three minutes, stays cool on the outside and pours without a drip.</p>"
        '<h3><a href="https://shop.example/glass">Best glass kettle</a></h3><p>You can see '
        "the water boil, and its filter lifts out for cleaning under the tap.</p></div>"
    )
    sentences = KETTLE_TESTS
    body = "".join(f"<p>{line} {line}</p>" for line in sentences)
    method = f'<div class="story-part"><div class="story-body"><h2>How we tested</h2>{body}'
    return _page("Choosing a kettle", f"{picks}{method}</div></div>")


def test_a_part_of_the_articles_template_beside_it_joins_though_its_headings_link() -> None:
    """The guide's body scored and holds most of the prose; the part before it, printed by
    the same template, holds the guide's title and picks under headings that link to the
    shop, and is the guide's own, not a teaser box."""
    kept = _kept(extract(_kettle_guide()))
    assert "We boiled a litre of water" in kept
    assert "It boils a litre in three minutes" in kept
    assert "Limescale builds up fastest" in kept


def test_a_lede_in_a_box_of_the_bodys_template_with_a_modifier_joins() -> None:
    """The guide's lede sits in a box its theme names by the body's names and one more
    ("copy intro"), before the body that scored: a part of the same article however
    short, while the site's line in a box of another name stays out."""
    lines = KETTLE_TESTS
    body = "".join(f"<p>{line} {line} {line}</p>" for line in lines * 3)
    page = _page(
        "Choosing a kettle",
        '<div class="kit"><div class="tagline"><p>Our site reviews things for the kitchen '
        "and the home, tested by people who cook.</p></div>"
        '<div class="copy intro"><p>Six kettles, a month of mornings, and one clear '
        "winner for most kitchens: the steel one, which boils fast, pours clean and keeps "
        "its handle cool.</p></div>"
        f'<div class="copy"><h2>How we tested</h2>{body}</div></div>',
    )
    kept = _kept(extract(page))
    assert "Six kettles, a month of mornings" in kept
    assert "Limescale builds up fastest" in kept
    assert "Our site reviews things" not in kept


GARDEN_TEXT = (
    "<p>We mow every second week from April to October, weather allowing, and text you the "
    "day before so that the gate is open and the dog is inside.</p>"
)


def test_a_section_s_heading_beside_its_text_box_is_its_title() -> None:
    """A page builder prints a section's heading in a widget of its own over the text
    widget that scores: the heading just before a chosen box is its title, and so is the
    next section's heading between two chosen boxes; a heading before the boxes' wrapper,
    one that holds nothing but a link away, or a box of more than a title does not join."""
    page = _page(
        "Garden care",
        '<div class="row"><div class="block-heading"><h2>Lawn mowing</h2></div>'
        '<div class="spacer"></div>'
        f'<div class="block-text">{GARDEN_TEXT * 5}</div>'
        '<div class="block-heading"><h2>Hedge trimming</h2></div>'
        '<div class="block-text"><p>Hedges are cut twice a year, in June and in September, '
        "and the cuttings leave with us the same day.</p></div>"
        '<div class="block-heading"><h2><a href="/blog">From our blog</a></h2></div>'
        '<div class="block-text"><p>Read what our gardeners write about the seasons, '
        "the tools they trust and the lawns they bring back to life.</p></div></div>",
    )
    kept = _kept(extract(page))
    assert "Lawn mowing" in kept
    assert "Hedge trimming" in kept
    assert "From our blog" not in kept
