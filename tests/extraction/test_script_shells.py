"""Pages whose markup shows no article before their scripts run, written here in the
shapes they are served in: a forum app's empty shell whose posts sit in the JSON it
preloads, a thread or a question whose text is in its schema.org JSON-LD. The article
is read from that data, each block says where it came from, and a page that carries
no article text stays empty."""

from __future__ import annotations

import html
import json

from tracker.extraction import extract
from tracker.model import Document, StripReason

OPENING = (
    "I have nothing smart in my flat yet and want to start with the door and the heating. "
    "Which hub should I buy first, and does it matter which radio standard it speaks?"
)
REPLY = (
    "Start with a hub that speaks Zigbee and Z-Wave both, then add door sensors first: "
    "they are cheap, they teach you automations, and the heating can come next winter."
)
QUOTE = "Which hub should I buy first"


def _shell(head: str = "", body: str = "") -> str:
    """An app's page as served: a title, a few links, an empty mount point."""
    return (
        f"<html><head><title>Where should I start? - Community</title>{head}</head><body>"
        '<header><a href="/">Community</a> <a href="/latest">Latest</a></header>'
        f'<section id="main"></section>{body}</body></html>'
    )


def _discourse(posts: list[str]) -> str:
    topic = {
        "post_stream": {"posts": [{"id": n, "cooked": cooked} for n, cooked in enumerate(posts)]}
    }
    preloaded = json.dumps({"topic_68911": json.dumps(topic), "site": json.dumps({})})
    holder = (
        f'<div class="hidden" id="data-preloaded" data-preloaded="{html.escape(preloaded)}"></div>'
    )
    return _shell(body=holder)


def _json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _kept(doc: Document) -> str:
    return "\n".join(block.text for block in doc.blocks)


def test_a_forum_app_s_shell_is_read_from_the_posts_it_preloads() -> None:
    """Discourse serves browsers an empty ``<section id="main">`` and the topic's posts as
    JSON in ``#data-preloaded``: the posts are the thread, a reply's quotation box of a
    passage of an earlier post is read once, where it was written, and each block names
    its source."""
    page = _discourse(
        [
            f"<p>{OPENING}</p>",
            f'<aside class="quote"><blockquote><p>{QUOTE}</p></blockquote></aside><p>{REPLY}</p>',
        ]
    )
    doc = extract(page)
    assert _kept(doc) == f"{OPENING}\n{REPLY}"
    assert {block.source for block in doc.blocks} == {"Discourse preloaded post"}
    quoted = [item for item in doc.stripped if item.text == QUOTE]
    assert quoted and quoted[0].reason is StripReason.DUPLICATE


def test_a_thread_s_posts_are_read_from_its_json_ld_in_order() -> None:
    """A ``DiscussionForumPosting`` carries the opening post's ``text`` and its replies'
    as ``comment``: read in that order, the opening post first."""
    posting = {
        "@context": "https://schema.org",
        "@type": "DiscussionForumPosting",
        "headline": "Where should I start?",
        "text": OPENING,
        "comment": [{"@type": "Comment", "text": REPLY}],
    }
    doc = extract(_shell(head=_json_ld(posting)))
    assert _kept(doc) == f"{OPENING}\n{REPLY}"
    assert doc.blocks[0].source == "JSON-LD DiscussionForumPosting text"
    assert doc.blocks[1].source == "JSON-LD Comment text"
    # the header's links the markup gave are still there, stripped with their reason
    assert any(item.text.startswith("Community") for item in doc.stripped)


def test_a_question_page_is_read_from_its_question_and_answers() -> None:
    qa = {
        "@type": "QAPage",
        "mainEntity": {
            "@type": "Question",
            "name": "Where should I start?",
            "text": f"<p>{OPENING}</p>",
            "acceptedAnswer": {
                "@type": "Answer",
                "text": f"<p>{REPLY}</p><ul><li>Door sensors</li></ul>",
            },
        },
    }
    doc = extract(_shell(head=_json_ld([qa])))
    assert _kept(doc) == f"{OPENING}\n{REPLY}\nDoor sensors"
    assert [block.kind.value for block in doc.blocks] == ["paragraph", "paragraph", "list_item"]


def test_the_same_json_ld_printed_twice_is_read_once() -> None:
    article = {"@type": "NewsArticle", "headline": "Start", "articleBody": f"{OPENING}\n{REPLY}"}
    doc = extract(_shell(head=_json_ld(article) + _json_ld(article)))
    assert _kept(doc) == f"{OPENING}\n{REPLY}"


def test_a_page_that_shows_its_article_is_not_read_from_its_data() -> None:
    """The data is read only when the markup shows next to no article: a page that shows
    one is read from its markup, even when its JSON-LD says something else."""
    article = {"@type": "NewsArticle", "articleBody": REPLY}
    page = _shell(head=_json_ld(article), body=f"<main><p>{OPENING}</p><p>{OPENING}</p></main>")
    doc = extract(page)
    assert REPLY not in _kept(doc)
    assert all(block.source is None for block in doc.blocks)


def test_a_shell_with_only_a_description_or_customer_reviews_stays_empty() -> None:
    """A description is a teaser and a product's reviews are its readers' comments: a
    page that carries no article text gives none, rather than one made up of those."""
    product = {
        "@type": "Product",
        "name": "Two-tone mug",
        "description": OPENING,
        "review": [{"@type": "Review", "reviewBody": REPLY}],
    }
    page = _shell(head=f'<meta name="description" content="{OPENING}">' + _json_ld(product))
    assert extract(page).blocks == []


def _discourse_topic_without_posts(generator: str = "Discourse 3.4.0") -> str:
    """A Discourse topic served without its preloaded posts: the opening post's first words
    are only in the description Discourse writes for crawlers."""
    head = (
        f'<meta name="generator" content="{generator}">'
        f'<meta property="og:description" content="{OPENING[:120]}&hellip;">'
        '<meta property="article:published_time" content="2024-09-16T20:53:14+00:00">'
    )
    return _shell(head=head, body='<div class="hidden" id="data-preloaded"></div>')


def test_a_forum_topic_served_without_its_posts_is_read_from_its_excerpt() -> None:
    """Rather than an empty page on which no change is ever seen, the opening post's
    excerpt Discourse writes as the topic's description, saying where it came from."""
    doc = extract(_discourse_topic_without_posts())
    assert _kept(doc) == f"{OPENING[:120]}…"
    assert [block.source for block in doc.blocks] == ["Discourse topic excerpt (og:description)"]


def test_another_app_s_description_is_not_read_as_its_text() -> None:
    """Only a Discourse topic's description is its opening post's words."""
    assert extract(_discourse_topic_without_posts(generator="Ghost 5.2")).blocks == []


def test_where_a_block_came_from_survives_the_stored_json() -> None:
    doc = extract(_discourse([f"<p>{OPENING}</p>"]))
    again = Document.from_json(json.loads(doc.canonical_json()))
    assert again.blocks[0].source == "Discourse preloaded post"
    assert again == doc


def test_a_table_read_from_the_page_s_data_keeps_its_row_keys() -> None:
    """The page's markup has no table but the post the app preloads has one: its cells
    are named by their row, as a table in markup would be, so an edited fee compares
    row by row."""
    table = (
        "<table><tr><th>Visit</th><th>Fee</th></tr>"
        "<tr><td>First consultation with the surgeon</td><td>120 euros</td></tr></table>"
    )
    doc = extract(_discourse([f"<p>{OPENING}</p>{table}"]).encode())
    cells = [block for block in doc.blocks if block.text == "120 euros"]
    assert cells and cells[0].row == "First consultation with the surgeon"
    assert cells[0].source == "Discourse preloaded post"


STREAMED = [
    "Index funds track a market index, so their fees stay low: nobody is paid to pick "
    "the stocks, and the fund trades only when the index itself changes its members.",
    "Buy them through a broker or from the fund company directly; most let you start "
    "with a small sum and add to it every month without paying a commission each time.",
]


def test_parts_a_page_streams_after_its_shell_are_read_in_their_places() -> None:
    """A server-rendered React page streams its slow parts as hidden ``<div hidden
    id="S:n">`` boxes at the end of the body, which its scripts move into the
    placeholders ``<template id="B:n">`` / ``"P:n"`` of the shell: what the reader sees
    is the article in place, not hidden text."""
    streamed = "".join(
        f'<div hidden id="S:{n}"><p>{text}</p></div>' for n, text in enumerate(STREAMED)
    )
    page = (
        "<html><head><title>How to invest in index funds</title></head><body><main>"
        "<h1>How to invest in index funds</h1>"
        '<template id="B:0"></template><div>Loading paragraph...</div>'
        '<h2>Where to buy</h2><template id="P:1"></template>'
        "<p>Whichever you choose, check the fund's expense ratio before you buy it.</p>"
        f'</main>{streamed}<script>$RC("B:0","S:0");$RS("S:1","P:1")</script>'
        "</body></html>"
    )
    texts = [block.text for block in extract(page).blocks]
    assert texts.index(STREAMED[0]) < texts.index("Where to buy") < texts.index(STREAMED[1])
    assert texts.index(STREAMED[1]) < len(texts) - 1  # before the shell's last paragraph


def test_an_app_s_notice_asking_for_scripts_is_no_article() -> None:
    """A single-page app served as its mount point and the ``<noscript>`` line its
    template writes ("You need to enable JavaScript to run this app."): the line is what a
    reader without scripts is told, not the page's text, and the page stays empty rather
    than report the notice as its article."""
    page = (
        "<html><head><title>Spring dresses - Shop</title></head><body>"
        "<noscript>You need to enable JavaScript to run this app.</noscript>"
        '<main class="content"><div id="root"></div></main></body></html>'
    )
    assert extract(page).blocks == []


def test_a_page_written_whole_in_noscript_is_still_read() -> None:
    """A page that prints its article inside ``<noscript>`` for readers without scripts
    (the app shows the same text once it runs) is read from it: only a short notice is
    set aside."""
    body = "".join(f"<p>{text}</p>" for text in STREAMED)
    page = (
        "<html><head><title>How to invest in index funds</title></head><body>"
        f'<noscript><h1>How to invest in index funds</h1>{body}</noscript><div id="app"></div>'
        "</body></html>"
    )
    assert [block.text for block in extract(page).blocks] == STREAMED


def test_a_catalogue_written_in_noscript_is_read_rather_than_the_footer() -> None:
    """A shop's app shell that prints its catalogue for readers without scripts inside
    ``<noscript>``, each product a name, a line and a price: no line is long enough to
    count as prose, so no share of prose reveals it, and the last resort reads it rather
    than leave the footer's line as the page's text."""
    cards = "".join(
        f'<div class="tile"><h3><a href="/p/{n}">Walnut stool no. {n}</a></h3>'
        f"<p>Oiled seat, steel legs</p><span>EUR {n}9.00</span></div>"
        for n in range(1, 11)
    )
    page = (
        "<html><head><title>Stools - Workshop</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/shop">Shop</a></nav><div id="app"></div>'
        f"<noscript><h1>Stools</h1>{cards}</noscript>"
        "<footer><p>Workshop Ltd, 4 Mill Lane, Leeds. We reply within two days.</p></footer>"
        "</body></html>"
    )
    texts = [block.text for block in extract(page).blocks]
    assert "Walnut stool no. 7" in texts and "EUR 79.00" in texts
    assert not any("Mill Lane" in text for text in texts)
