"""Product, listing and collection pages, written here in the shapes they were seen in.

What a shop's or a catalogue's page shows its reader is short lines (a name, a price, a
specification) more than paragraphs; the rules that read them are tested on pages of
that shape.
"""

from __future__ import annotations

from tracker.extraction import extract
from tracker.model import Document, StripReason

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
    kept = _kept(extract(page))
    for title, snippet in STORIES:
        assert title in kept
        assert snippet in kept
    assert "Load more stories" not in kept
