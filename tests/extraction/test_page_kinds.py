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
