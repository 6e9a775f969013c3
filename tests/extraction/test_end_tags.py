"""An end tag libxml2 ignores while a ``<div>`` is open inside its element is read as a
browser reads it (``dom._close_in_scope``): it closes that div, and what follows is shown
after the element, not inside it."""

from __future__ import annotations

import pytest
from lxml import etree

from tracker.extraction.dom import parse

AFTER = (
    "The village hall reopens in spring after a year of repairs, with a new roof, a ramp at "
    "the side door and a kitchen that the cooking club will share with the nursery."
)


def _path(root: etree._Element, text: str) -> list[str]:
    """The tags from ``<html>`` down to the element whose own text is ``text``."""
    found = next(element for element in root.iter() if element.text == text)
    return [ancestor.tag for ancestor in reversed([found, *found.iterancestors()])]


@pytest.mark.parametrize("box", ["figure", "nav", "section", "ul"])
@pytest.mark.parametrize("divs", [1, 2])
@pytest.mark.parametrize("joint", ["", "\n  "])
def test_an_end_tag_closes_the_divs_left_open_inside_its_element(
    box: str, divs: int, joint: str
) -> None:
    """``<figure><div class="table-wrapper"><table>…</table></figure>``: the figure closes
    with its wrapper, whether the page is one line or many, after text beyond ASCII."""
    inner = (
        "<li>Opening hours</li>"
        if box == "ul"
        else "<table><tr><td>Opening hours</td></tr></table>"
    )
    page = joint.join(
        [
            "<html><body><h1>Café «Été» — notes</h1><p>Ça coûte 5 € à l’entrée.</p>",
            f"<{box}>",
            *["<div class='wrapper'>"] * divs,
            inner,
            f"</{box}>",
            f"<p>{AFTER}</p>",
            "</body></html>",
        ]
    )
    root = parse(page)
    assert _path(root, AFTER) == ["html", "body", "p"]
    assert next(root.iter(box)).getnext().tag == "p"
    assert next(root.iter("h1")).text == "Café «Été» — notes"
    assert not list(root.iter("tracker-end-tag"))


def test_an_end_tag_whose_element_is_outside_an_open_table_stays_ignored() -> None:
    """A table cell bounds the scope: a browser ignores ``</figure>`` inside it, as
    libxml2 does, so the text after it stays in the cell."""
    page = (
        "<html><body><figure><div><table><tr><td>Hours</figure>nine to five</td></tr>"
        "</table></div></figure><p>After</p></body></html>"
    )
    root = parse(page)
    assert next(root.iter("td")).xpath("string()") == "Hoursnine to five"
    assert _path(root, "After") == ["html", "body", "p"]


def test_a_later_end_tag_closes_what_a_browser_has_open_then() -> None:
    """Once the figure has closed its div, the page's next ``</div>`` closes the div
    around the figure, as in a browser, and the text after it is outside both."""
    page = (
        "<html><body><div id='outer'><section><div><figure><div>Photo</figure>"
        "<p>Caption</p></section><p>Below</p></div><p>Last</p></body></html>"
    )
    root = parse(page)
    assert _path(root, "Caption") == ["html", "body", "div", "section", "div", "p"]
    assert _path(root, "Below") == ["html", "body", "div", "p"]
    assert _path(root, "Last") == ["html", "body", "p"]


def test_an_end_tag_written_in_a_script_or_a_comment_changes_nothing() -> None:
    """The same letters in a script or a comment are no end tag: they stay as written,
    and the markup's own ignored ``</nav>`` is still repaired."""
    script = "var menu = '<nav><div></nav>';"
    page = (
        f"<html><body><script>{script}</script><!-- </nav> --><nav><div><a href='/'>Home</a>"
        f"</nav><p>{AFTER}</p></body></html>"
    )
    root = parse(page)
    assert next(root.iter("script")).text == script
    assert _path(root, AFTER) == ["html", "body", "p"]
