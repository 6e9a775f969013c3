"""The content rules of real pages, each on a page written here in the shape it was seen in.

A data table, a figure caption, a reference list of links, a section in a sibling
container and a block whose class says "footer" inside the article are all article; a
consent panel, a newsletter box and a modal never are, however much text they hold; a
banner or pop-up that comes and goes does not move the main content; every stripped
block says why.
"""

from __future__ import annotations

from tracker.extraction import extract
from tracker.model import BlockKind, Document, StripReason

R = StripReason

PARAGRAPHS = [
    "Our clinic reviewed every knee injection given between 2019 and 2023, comparing "
    "pain scores at six weeks, three months and one year after the first visit.",
    "Patients who received the injection reported lower pain at three months, although "
    "the difference narrowed by the end of the first year and was small in older adults.",
    "We publish the full table below so that patients and referring doctors can compare "
    "the treatments themselves, country by country, instead of relying on our summary.",
]
ROWS = [
    ("France", "412", "3.1", "2.4"),
    ("Germany", "388", "3.4", "2.2"),
    ("Portugal", "97", "2.9", "2.6"),
]
REFERENCES = [
    "Whitfield D, Osei K. Knee injections in osteoarthritis: a cohort study. "
    "J Orthop Res. 2021;39(4):101-109.",
    "Liu Y, Pike M. Long-term outcomes of intra-articular therapy. Lancet Rheumatol. 2020;2:e15.",
]
COOKIE_TEXT = (
    "We and our 214 partners use cookies and similar technologies to store and access "
    "information on your device, to personalise content and ads, to measure audiences and "
    "to improve our services. You can accept all, refuse all, or choose which purposes and "
    "which partners you allow, and change your mind at any time from the privacy settings."
)
NEWSLETTER_TEXT = (
    "Every Thursday our clinicians write a short, plain-language letter about new research "
    "in joint health, what it means for treatment decisions, and which claims in the news "
    "deserve caution. Thousands of patients and doctors read it; join them for free today."
)
MODAL_TEXT = (
    "Before you continue reading, tell us a little about yourself so that we can tailor "
    "the articles we recommend to you. Are you a patient, a carer or a clinician? Your "
    "answer is stored on this device only and you can change it whenever you like."
)


def clinic_page(*, banner: bool = False, popup: bool = False) -> str:
    """A treatment page: article body, a data table and references in sibling sections."""
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    rows = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in ROWS)
    references = "".join(
        f'<li><a href="https://doi.org/10.1000/{n}">{text}</a></li>'
        for n, text in enumerate(REFERENCES)
    )
    promo = (
        '<div class="promo-banner"><p>Winter offer: 20% off your first physiotherapy '
        'session this month only. <a href="/book">Book now</a></p></div>'
        if banner
        else ""
    )
    modal = (
        f'<div class="modal" role="dialog"><h2>Welcome</h2><p>{MODAL_TEXT}</p>'
        f"<p>{MODAL_TEXT}</p></div>"
        if popup
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><title>Knee injections: what our results show</title></head>
<body>
{promo}
<header class="site-header"><nav><a href="/">Home</a> <a href="/treatments">Treatments</a>
<a href="/about">About</a> <a href="/contact">Contact</a></nav></header>
<div id="cookie-consent" class="cookie-consent"><p>{COOKIE_TEXT}</p><p>{COOKIE_TEXT}</p>
<p>{COOKIE_TEXT}</p><button>Accept all</button></div>
<main>
  <div class="page-section intro"><h1>Knee injections: what our results show</h1>
    <div class="rich-text">{paragraphs}</div></div>
  <div class="section-footer notes">
    <p>Results were collected by the clinic's own staff and were not independently
    audited; patients who missed their one-year visit are not included in the table,
    which may make the treatment look better than it is for everyone who received it.</p>
  </div>
  <div class="page-section">
    <figure><img src="/chart.png" alt="chart">
      <figcaption>Pain fell by a third at three months in patients under sixty.</figcaption>
    </figure>
  </div>
  <div class="page-section results">
    <h2>Results by country</h2>
    <p>The table lists, for each country, the number of patients and the mean pain score
    before and after treatment on a ten-point scale, as recorded at the one-year visit.</p>
    <table class="legal-table footer-table">
      <tr><th>Country</th><th>Patients</th><th>Before</th><th>After</th></tr>{rows}
    </table>
  </div>
  <div class="page-section"><h2>References</h2><ol>{references}</ol></div>
  <div class="newsletter-signup"><h3>The Thursday letter</h3><p>{NEWSLETTER_TEXT}</p>
    <p>{NEWSLETTER_TEXT}</p><form><input type="email"><button>Subscribe</button></form></div>
</main>
{modal}
<footer class="site-footer"><p>© 2025 Riverside Joint Clinic. All rights reserved.
Registered in England, company number 01234567, 12 River Street, Bristol.</p></footer>
</body></html>"""


def stripped(doc: Document, fragment: str) -> list[StripReason]:
    return [block.reason for block in doc.stripped if fragment in block.text]


def test_a_data_table_is_content_cell_by_cell_even_named_like_a_footer() -> None:
    doc = extract(clinic_page())
    cells = [block.text for block in doc.blocks if block.kind is BlockKind.TABLE_CELL]
    for row in ROWS:
        for cell in row:
            assert cell in cells  # each cell its own block, so rows compare one by one
    assert cells.index("Germany") < cells.index("388") < cells.index("Portugal")
    assert all(block.section == "Results by country" for block in doc.blocks if block.text == "412")


def test_a_figure_caption_is_content() -> None:
    doc = extract(clinic_page())
    captions = [block for block in doc.blocks if block.kind is BlockKind.CAPTION]
    assert [block.text for block in captions] == [
        "Pain fell by a third at three months in patients under sixty."
    ]
    assert "chart" not in doc.text  # the image's alt text is not what a reader sees


def test_reference_entries_are_content_whatever_their_link_density() -> None:
    doc = extract(clinic_page())
    kept = [reference.raw for reference in doc.references] + [b.text for b in doc.blocks]
    for entry in REFERENCES:
        assert any(entry in text for text in kept), entry
        assert not stripped(doc, entry[:40])


def test_sections_in_sibling_containers_are_not_outside_the_main_content() -> None:
    doc = extract(clinic_page())
    for text in PARAGRAPHS:
        assert text in doc.text
    assert "The table lists, for each country" in doc.text
    assert "were not independently audited" in " ".join(doc.text.split())
    assert not [b for b in doc.stripped if b.reason is R.OUTSIDE_MAIN and "table" in b.text]


def test_consent_panels_newsletter_boxes_and_modals_are_never_the_article() -> None:
    doc = extract(clinic_page(popup=True))
    for text, reason in (
        (COOKIE_TEXT, R.COOKIE_BANNER),
        (NEWSLETTER_TEXT, R.NEWSLETTER),
        (MODAL_TEXT, R.CALL_TO_ACTION),
    ):
        assert text[:50] not in doc.text
        assert stripped(doc, text[:50]) and set(stripped(doc, text[:50])) == {reason}


def test_a_banner_or_pop_up_that_comes_and_goes_does_not_move_the_main_content() -> None:
    plain = extract(clinic_page())
    with_both = extract(clinic_page(banner=True, popup=True))
    assert with_both.text == plain.text
    assert [b.kind for b in with_both.blocks] == [b.kind for b in plain.blocks]
    assert stripped(with_both, "Winter offer")  # the banner is chrome, kept with its reason
    assert "Winter offer" not in plain.text + with_both.text


def test_a_class_name_is_a_verdict_outside_the_article() -> None:
    doc = extract(clinic_page())
    assert "All rights reserved" not in doc.text
    assert stripped(doc, "All rights reserved") == [R.FOOTER]


def test_every_stripped_block_keeps_its_reason() -> None:
    doc = extract(clinic_page(banner=True, popup=True))
    assert doc.stripped
    for block in doc.stripped:
        assert isinstance(block.reason, StripReason)
        assert block.detail, block


def test_an_html_embed_inside_the_article_is_content_outside_it_chrome() -> None:
    """Site builders give authors an "embed" block for markup of their own (Webflow's
    ``w-embed``): inside the article's text it holds a table or prose of the article;
    elsewhere on the page, a widget."""
    table = "".join(f"<tr>{''.join(f'<td>{cell}</td>' for cell in row)}</tr>" for row in ROWS)
    page = (
        "<html><head><title>Knee injections</title></head><body>"
        '<div class="blog-rich-text w-richtext"><h1>Knee injections</h1>'
        f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[2]}</p>"
        f'<div class="w-embed"><table>{table}</table></div><p>{PARAGRAPHS[1]}</p></div>'
        '<div class="w-embed"><p>Chat with our team: we usually answer within a few '
        "minutes on weekdays, and the next morning at weekends.</p></div></body></html>"
    )
    doc = extract(page)
    cells = [block.text for block in doc.blocks if block.kind is BlockKind.TABLE_CELL]
    assert [cell for row in ROWS for cell in row] == cells
    assert stripped(doc, "Chat with our team") == [R.EMBED]


def test_a_short_h1_that_is_one_side_of_the_title_is_the_title_not_the_site_name() -> None:
    """A legal page's short title beside a longer site name: the side its <h1> repeats is the
    page's, whichever is longer."""
    page = """<!doctype html><html lang="en"><head>
<title>Legal notice | Northgate Family Dental Practice</title></head><body>
<header><a href="/"><img src="/logo.png" alt="Northgate Family Dental Practice"></a></header>
<main><h1>Legal notice</h1><h2>Publisher</h2>
<p>Northgate Family Dental Practice Ltd, registered in England under number 0123456.</p>
<h2>Hosting</h2><p>The site is hosted by a provider in the European Union, who keeps
no copy of the forms you send us beyond thirty days.</p></main></body></html>"""
    document = extract(page)
    assert document.title == "Legal notice"
    assert "Legal notice" not in document.text  # the title heading is the Document's title
