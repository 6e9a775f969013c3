"""Never a crash: odd, hostile and broken input gives a Document or an ExtractionError."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.errors import ExtractionError
from tracker.extraction import extract
from tracker.extraction.clean import MAX_STYLE_CHARS
from tracker.model import BlockKind, Document, StripReason

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"

TAGS = ["div", "p", "span", "a", "li", "ul", "ol", "h2", "sup", "table", "td", "form", "nav",
        "script", "style", "template", "noscript", "br", "img", "blockquote", "pre"]  # fmt: skip
ATTRIBUTES = ['', ' class="w-form-done"', ' hidden', ' style="display:none"', ' href="#ref-2"',
              ' class="cookie-banner"', ' aria-hidden="true"', ' role="navigation"', ' start="x"',
              ' value="-3"', ' alt="Logo"']  # fmt: skip


@st.composite
def html_soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRIBUTES))}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(st.text(max_size=60)))
    return "".join(parts)


def check(result: Document) -> None:
    """A Document that survives its own JSON round trip, with no empty block."""
    assert isinstance(result, Document)
    Document.from_json(result.to_json())
    for block in result.blocks:
        assert block.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_soup())
def test_generated_markup_gives_a_document(html: str) -> None:
    check(extract(html))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_a_document(data: bytes) -> None:
    check(extract(data))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=500))
def test_arbitrary_text_gives_a_document(text: str) -> None:
    check(extract(text))


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.html")))
def test_truncated_pages_give_documents(name: str) -> None:
    raw = (PAGES / name).read_bytes()
    for cut in range(0, len(raw), max(1, len(raw) // 25)):
        check(extract(raw[:cut]))


@pytest.mark.parametrize(
    "html",
    [
        b"",
        b"   \n\t",
        "",
        b"\x00\x00\x00",
        b"\xff\xfe",
        b"<",
        b"<html",
        b"<!--",
        b"<![CDATA[",
        b"<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
        "<?xml version='1.0' encoding='utf-8'?><p>declared in a str</p>",
        b'<meta charset="no-such-charset"><p>caf\xe9</p>',
        b"<meta charset=utf-16><p>really utf-8</p>",
    ],
)
def test_degenerate_inputs(html: str | bytes) -> None:
    check(extract(html))


def test_short_page_keeps_its_only_paragraph() -> None:
    assert extract(b"<p>A short note.</p>").text == "A short note."


def test_binary_junk() -> None:
    check(extract(os.urandom(100_000)))


def test_markup_nested_ten_thousand_deep_is_a_clear_error() -> None:
    for tag in ("div", "b", "table"):
        html = (
            f"<{tag}>" * 10_000
            + "<p>deep, deep text, with commas, in it.</p>"
            + f"</{tag}>" * 10_000
        )
        with pytest.raises(ExtractionError, match="nested deeper"):
            extract(html)
    # <li> cannot nest in <li>: the parser closes each one, nothing is deep
    html = "<li>" * 10_000 + "<p>deep, deep text, with commas, in it.</p>"
    assert "deep, deep text" in extract(html).text


def test_markup_nested_a_thousand_deep_is_read_whole() -> None:
    html = (
        "<p>Before the deep part.</p>" + "<div>" * 1000 + "<p>Inside the deep part.</p>"
        + "</div>" * 1000 + "<p>After the deep part.</p>"
    )  # fmt: skip
    assert extract(html).text.splitlines() == [
        "Before the deep part.",
        "Inside the deep part.",
        "After the deep part.",
    ]


def test_a_page_of_megabytes() -> None:
    """Bigger than every size-gated path of extraction (the 2 MB style cap, the 1 MB JSON-LD
    cap; the parser runs "huge"), so a 10 MB page takes no other path, only 5x the CPU."""
    paragraph = "<div class='c'><p>Words, more words, and a few more words to make prose.</p></div>"
    html = "<html><body>" + paragraph * (3_000_000 // len(paragraph)) + "</body></html>"
    assert len(html) > MAX_STYLE_CHARS + 900_000
    check(extract(html.encode()))


def test_wrong_type_is_a_clear_error() -> None:
    with pytest.raises(ExtractionError):
        extract(12345)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data",
    [
        {"@type": [{"x": 1}], "author": 5},
        {"@type": "Article", "author": [{"name": ["A", "B"]}, None, "C"], "datePublished": 12},
        [1, 2, {"@graph": {"@type": "NewsArticle", "dateModified": "garbage"}}],
        {"@type": "Article", "mainEntity": [{"@type": "Article"}]},
        "just a string",
        None,
    ],
)
def test_odd_json_ld_is_ignored_not_fatal(data: object) -> None:
    import json

    html = f'<script type="application/ld+json">{json.dumps(data)}</script><p>Body text.</p>'
    check(extract(html))


def test_json_ld_nested_too_deep_is_ignored() -> None:
    html = '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script><p>x</p>"
    assert extract(html).text == "x"


@pytest.mark.parametrize(
    "html",
    [
        "<p>" + "A short sentence here. " * 40_000 + "</p>",  # one block, many sentences
        "<p>see <a href='#" + "r" * 200_000 + "1'>3</a></p>",  # a huge note href
        "<style>" + "/* a " * 200_000 + "</style><p>x</p>",  # unclosed CSS comments
        "<p>x" + "<sup>" * 2000 + "1" + "</sup>" * 2000 + "</p>",  # nested superscripts
        "<div>" + "<a href='/x'>link</a> " * 100_000 + "</div>",  # a wall of links
    ],
    ids=["many-sentences", "long-href", "css-comments", "nested-sup", "link-wall"],
)
def test_pathological_inputs_stay_linear(html: str) -> None:
    check(extract(html))


_WHITESPACE = st.sampled_from([" ", "\t", "\n", "\r", "\f", "\v", "\xa0", "\u2003", "\u3000"])
_INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])


@settings(max_examples=500)
@given(st.lists(st.one_of(st.text(max_size=8), _WHITESPACE, _INVISIBLE), max_size=30))
def test_spaces_collapse_as_the_regex_says(parts: list[str]) -> None:
    """Whitespace is what the regex ``\\s`` matches; zero-width characters vanish."""
    import re

    from tracker.extraction.dom import normalize_space

    text = "".join(parts)
    invisible = re.sub("[\u200b-\u200d\u2060\ufeff\u00ad]", "", text)
    assert normalize_space(text) == re.sub(r"\s+", " ", invisible).strip()


def test_the_page_after_a_stray_closing_body_tag_is_read() -> None:
    """A theme that closes ``</body></html>`` after its header still shows the rest of
    the page in the body: libxml2 parses that rest into a second ``<html>``, which must
    not be lost."""
    article = (
        "Human resources is about people: hiring them, paying them, training them and "
        "settling the conflicts that arise between them, which is why small firms outsource it."
    )
    page = (
        "<html><head><title>Outsourcing HR</title></head><body>"
        '<header><nav><a href="/">Home</a> <a href="/blog">Blog</a></nav></header>'
        f"</body></html><div class='post'><h1>Outsourcing HR</h1><p>{article}</p>"
        "<p>Payroll is the task most often handed over first, then benefits.</p></div>"
        "<footer><p>© Example Ltd</p></footer></body></html>"
    )
    doc = extract(page)
    assert article in doc.text


def test_a_main_the_parser_nested_in_the_banners_menu_is_read_after_the_banner() -> None:
    """A menu that leaves a ``<div>`` open in its last item makes libxml2 ignore
    ``</nav></header>`` and nest the rest of the page, ``<main>`` too, in that item; a
    browser closes them and shows the page after its banner: the menu is the navigation
    and the page's own text is read."""
    from tracker.extraction.dom import parse

    intro = (
        "Our clinic treats sports injuries of the knee and the shoulder, with a physiotherapist "
        "who sees each patient from the first visit to the last, and a plan written for them."
    )
    length = (
        "Most patients need six to eight sessions; each lasts forty minutes, and the exercises "
        "between sessions take a quarter of an hour a day, at home, without equipment."
    )
    page = (
        "<html><head><title>Sports injuries</title></head><body>"
        "<header><nav><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/services'>Services</a><div class='mega'><ul><li><a href='/knee'>Knee</a>"
        "</li></ul></li></ul></nav></header>"
        f"<main><div><h1>Sports injury clinic</h1><p>{intro}</p></div>"
        f"<div><h2>How long it takes</h2><p>{length}</p></div></main>"
        "<footer><p>Example Clinic, 1 High Street</p></footer></body></html>"
    )
    main = next(parse(page).iter("main"))
    assert [ancestor.tag for ancestor in main.iterancestors()] == ["body", "html"]
    assert main.getnext() is not None and main.getnext().tag == "footer"
    doc = extract(page)
    assert intro in doc.text and length in doc.text
    reasons = {stripped.text: stripped.reason for stripped in doc.stripped}
    assert reasons["Home"] is StripReason.NAVIGATION
    assert reasons["Knee"] is StripReason.NAVIGATION


def test_the_decoded_text_is_parsed_as_itself_whatever_its_markup_declares() -> None:
    """The parser reads the text as UTF-8 bytes (``dom.parse``): a page whose ``<meta>``
    names another charset, or whose characters need four bytes, reads as its text says;
    text that is no UTF-8 (a lone surrogate) or opens with a second XML declaration is
    read as lxml reads a ``str``."""
    from lxml import etree

    from tracker.extraction.dom import parse

    def as_str(text: str) -> bytes:
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True)
        return etree.tostring(etree.fromstring(text, parser=parser))

    for text in (
        '<meta charset="windows-1252"><p>Caf\u00e9 \u2019s menu \U0001f600 \u0151</p>',
        "<meta http-equiv='Content-Type' content='text/html; charset=utf-16'><p>\u00e9</p>",
        "<p>half a pair \ud83d here</p>",
    ):
        assert etree.tostring(parse(text)) == as_str(text)
    assert parse("<p>Caf\u00e9 \U0001f600</p>").findtext(".//p") == "Caf\u00e9 \U0001f600"
    with pytest.raises(ExtractionError):
        parse("<?xml version='1.0'?><?xml version='1.0' encoding='latin-1'?><p>x</p>")


def test_a_code_sample_is_one_block_whatever_its_highlighter_names_its_spans() -> None:
    """A syntax highlighter names the spans of a code sample by what they are in the code
    ("hljs-comment", "token comment", "nav"): inside a ``<pre>`` those names mark nothing,
    so the sample stays one block and its comments are not readers' comments."""
    intro = (
        "The dosage calculator below rounds every dose down to the nearest half tablet, "
        "which is what the clinic's pharmacists asked for after the audit last spring."
    )
    page = (
        "<html><head><title>Dose rounding</title></head><body><article><h1>Dose rounding</h1>"
        f"<p>{intro}</p><pre><code>"
        '<span class="hljs-keyword">def</span> dose(weight):\n'
        '    <span class="hljs-comment"># 0.5 mg per kilogram, never above 40 mg</span>\n'
        '    <span class="token comment">// halves only</span>\n'
        "    return min(weight * 0.5, 40)</code></pre>"
        f"<p>{intro}</p></article></body></html>"
    )
    doc = extract(page)
    code = [block for block in doc.blocks if block.kind is BlockKind.PREFORMATTED]
    assert len(code) == 1
    assert "# 0.5 mg per kilogram, never above 40 mg" in code[0].text
    assert "// halves only" in code[0].text
    assert not any("0.5 mg per kilogram" in block.text for block in doc.stripped)
