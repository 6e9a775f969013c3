"""The verdict on each block once the article is chosen, on pages written here in the
shapes real pages share: lists of links inside the article's flow, a thread's posts."""

from __future__ import annotations

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
