"""A fast path gives the answer of the general way it stands in front of, on any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from tracker.extraction import boilerplate, clean, date_cues, markup_dates, volatile
from tracker.extraction.clean import hidden_rules
from tracker.extraction.dom import parse, word_chars
from tracker.extraction.main_content import declared_main
from tracker.extraction.patterns import (
    ANY_OPENING,
    CaseBlind,
    FirstWords,
    first_words,
    word_openings,
)
from tracker.extraction.segment import _CAPTION_CLASS, _names_caption, segment

_NOT_WORD = re.compile(r"\W+")


@settings(max_examples=400)
@given(st.text(st.characters(max_codepoint=0x7F)) | st.text())
def test_word_chars_of_ascii_bytes_are_the_patterns(text: str) -> None:
    # word_chars folds an ASCII text through its bytes, any other through the pattern
    assert word_chars(text) == _NOT_WORD.sub("", text).casefold()


@settings(max_examples=400)
@given(
    st.lists(
        st.sampled_from(["owl", "slider", "swiper", "slick", "sliders", "x", "", "é", "Owl"])
        | st.text(st.characters(blacklist_categories=("Z", "Cc")), max_size=6),
        max_size=5,
    ),
    st.lists(st.sampled_from(["-", "_", "--", "-_", "."]), min_size=4, max_size=4),
)
def test_a_token_names_a_carousel_as_the_pattern_finds_it(
    parts: list[str], separators: list[str]
) -> None:
    token = "".join(part + separators[index % 4] for index, part in enumerate(parts))
    token = "".join(token.split())
    expected = boilerplate.ROTATING.search(token) is not None
    assert boilerplate.names_rotating(token) is expected
    assert boilerplate.names_rotating(token.rstrip("-_.")) is (
        boilerplate.ROTATING.search(token.rstrip("-_.")) is not None
    )


_TOKEN_PARTS = ["owl", "post", "views", "view", "count", "counter", "like", "number", "live"]
_TOKEN_PARTS += ["clock", "current", "date", "today", "page", "x", "", "é"]


@settings(max_examples=400)
@given(
    st.lists(
        st.sampled_from(_TOKEN_PARTS)
        | st.text(st.characters(blacklist_categories=("Z", "Cc")), max_size=6),
        max_size=4,
    ),
    st.sampled_from(["-", "_", ""]),
)
def test_a_tokens_furniture_is_what_the_patterns_find_in_order(
    parts: list[str], separator: str
) -> None:
    # volatile._token_reason looks a carousel's name up and asks each pattern only of a
    # token holding a word all its matches hold
    token = "".join(separator.join(parts).split())
    expected = next(
        (
            reason
            for reason, pattern in (
                (volatile.R.CAROUSEL, boilerplate.ROTATING),
                (volatile.R.COUNTER, volatile._COUNTER_TOKEN),
                (volatile.R.CLOCK, volatile._CLOCK_TOKEN),
            )
            if pattern.search(token)
        ),
        None,
    )
    assert volatile._token_reason(token) is expected


def test_word_chars_keep_letters_digits_and_underscores() -> None:
    assert word_chars("Re: The Clinic's 2nd_Floor -- OPEN!") == "retheclinics2nd_flooropen"
    assert word_chars("Ärzte am Zürichsee") == "ärzteamzürichsee"


def test_a_blocks_marked_elements_are_its_element_and_ancestors() -> None:
    # revoke_wrapping_marks credits a block's text to its marked elements without climbing
    # to them: the segmenter passes an element's mark down to the blocks inside it
    html = (
        "<html><body><div class='sidebar'><section id='newsletter'><p>Sign up for the "
        "weekly letter <span class='share-count'>12</span></p><ul><li>One item</li></ul>"
        "</section></div><article><p>The clinic opens on Monday.</p></article></body></html>"
    )
    root = parse(html)
    blocks = segment(root, hidden_rules(root))
    assert any(block.marks for block in blocks)
    for block in blocks:
        path = {block.element, *block.element.iterancestors()}
        assert all(mark[2] in path for mark in block.marks)


_EMPTY_ELEMENTS = [
    "<p>Read the <span class='share-icon'></span>whole story</p>",
    "<div>One line<div class='clearfix'></div>and the next</div>",
    "<ul><li>An item<div class='sidebar'></div>its rest<p></p>and more</li></ul>",
    "<ol><li></li><li value='7'></li><li>The third</li></ol>",
    "<p>A rate of 10<sup></sup>6 per year<a href='#fn1'></a> in all</p>",
    "<div><i class='icon-mail'></i>Write to us<span id='nav'></span></div>",
    "<h2>A title<p class='newsletter'></p>in two parts<hr></h2><pre>x<b></b>y</pre>",
]


@pytest.mark.parametrize("body", _EMPTY_ELEMENTS)
def test_an_empty_element_segments_as_one_walked_in_full(body: str) -> None:
    # the walk passes over an element with no text and no child without reading its marks;
    # given a comment, it is walked in full: the blocks are the same
    def blocks(walked: bool) -> list[tuple[object, ...]]:
        root = parse(f"<html><body><article>{body}</article></body></html>")
        if walked:
            for element in root.iter():
                if isinstance(element.tag, str) and not element.text and not len(element):
                    element.append(etree.Comment("x"))
        return [
            (b.kind, b.text, b.element.tag, [m[:2] for m in b.marks], b.ordinal, b.link_chars)
            for b in segment(root, hidden_rules(root))
        ]

    assert blocks(walked=False) == blocks(walked=True)


_LINE_RULES = [
    (volatile._LABELS, volatile._LABEL_RULES),
    (volatile._PROMPTS, volatile._PROMPT_RULES),
]


def _line_texts(rules: volatile.LineRules) -> st.SearchStrategy[str]:
    """Lines each rule's pattern matches, lines beside them and any text."""
    matched = st.one_of([st.from_regex(pattern, fullmatch=True) for pattern, _, _ in rules])
    return (
        matched
        | matched.map(str.upper)
        | st.text(max_size=40)
        | st.sampled_from(["Sponsored", "Your Answer", "OP", "ſponſored", "FACEBOOK TWITTER"])
    )


@pytest.mark.parametrize(("rules", "gated"), _LINE_RULES)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_line_rules_asked_by_their_openings_give_the_first_rule_matching(
    rules: volatile.LineRules, gated: volatile.OpeningRules, data: st.DataObject
) -> None:
    # OpeningRules asks the patterns of the rules that may read a line of its opening and
    # first word, in their order, an ASCII line lower-cased and read case-sensitively
    text = data.draw(_line_texts(rules))
    first = next(((r, d) for pattern, r, d in rules if pattern.fullmatch(text)), None)
    lowered = text.lower()
    word = volatile._first_word(text, lowered, text.split())
    assert gated.reason(text, lowered, volatile._opening(text), word) == first


def test_a_case_blind_pattern_matches_an_ascii_line_in_any_case_and_others_folded() -> None:
    blind = CaseBlind(re.compile(r"\W*share (?:this|on)\W*", re.IGNORECASE))
    for text in ("Share this", "SHARE ON:", "share this"):
        assert blind.fullmatch(text, text.lower())
    assert blind.fullmatch("ſhare this", "ſhare this")  # "ſ" is an "s" ignoring case
    assert not blind.fullmatch("Share that", "share that")


def test_a_case_blind_pattern_is_written_in_lower_case() -> None:
    # a capital in the pattern would never match the lower-cased copy
    with pytest.raises(ValueError):
        CaseBlind(re.compile("Share", re.IGNORECASE))
    with pytest.raises(ValueError):
        CaseBlind(re.compile("\\x53hare", re.IGNORECASE))
    with pytest.raises(ValueError):
        CaseBlind(re.compile("share"))


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from([*volatile._COUNTER_STEMS, "VIEWS", "Vote", "12", " ", "x"]), max_size=5
    ).map("".join)
    | st.text(max_size=30)
)
def test_a_counter_stem_is_found_by_one_search_as_by_a_look_for_each(text: str) -> None:
    # _may_count looks for every stem with one pattern
    lowered = text.lower()
    expected = not text.isascii() or any(stem in lowered for stem in volatile._COUNTER_STEMS)
    assert volatile._may_count(text, text.lower()) is expected


@pytest.mark.parametrize(
    ("pattern", "opens"),
    [
        *volatile.OPENINGS,
        *((pattern, word_openings(pattern)) for pattern, _, _ in volatile._LABELS),
        *((pattern, word_openings(pattern)) for pattern, _, _ in volatile._PROMPTS),
    ],
)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_line_a_pattern_reads_opens_with_a_character_its_gate_admits(
    pattern: re.Pattern[str], opens: str, data: st.DataObject
) -> None:
    # _short_text_reason asks each of these patterns only of a line whose first word
    # character is one of its openings (or beyond ASCII)
    text = data.draw(st.from_regex(pattern))
    if pattern.match(text):  # the line as _short_text_reason asks it: from its start
        assert volatile._opening(text) in opens


@settings(max_examples=400)
@given(st.text(st.characters(max_codepoint=0x7F)) | st.text())
def test_a_lines_opening_is_its_first_word_character_as_the_pattern_finds_it(text: str) -> None:
    # a line opening with an ASCII word character is answered without the pattern
    found = re.search(r"\w", text)
    character = found.group() if found else " "
    assert volatile._opening(text) == (character.lower() if character.isascii() else "")


def test_a_line_opening_with_no_word_character_is_asked_of_no_pattern() -> None:
    assert volatile._opening(" -- ") == " "
    assert volatile._opening("«Share this»") == "s"
    assert volatile._opening("ſhare this") == ""  # beyond ASCII: every pattern asked
    assert volatile._opening("  Reply") == "r"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(volatile._CREDIT, fullmatch=True))
def test_every_credit_line_holds_a_word_its_gate_looks_for(text: str) -> None:
    # _short_text_reason asks the credit's pattern only of a line _may_credit admits
    assert volatile._may_credit(text, text.lower())


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(volatile._TOLD_FROM_NOW, fullmatch=True))
def test_every_time_told_from_now_says_ago(text: str) -> None:
    # _short_text_reason asks the pattern only of a line holding "ago", lower-cased
    assert "ago" in text.lower()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(volatile._EDIT_NOTE))
def test_every_edit_note_holds_a_word_its_gate_looks_for(text: str) -> None:
    # _short_text_reason asks the edit note's pattern only of a line _may_note_edit admits
    assert volatile._may_note_edit(text, text.lower())


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(boilerplate._NOTICE) | st.text())
def test_a_notice_is_named_where_its_pattern_finds_one(names: str) -> None:
    # the words are looked for first: the pattern's every match holds one
    assert boilerplate._names_notice(names) == bool(boilerplate._NOTICE.search(names))


@settings(max_examples=400)
@given(
    st.from_regex(boilerplate._STYLE_TOKEN) | st.text(st.sampled_from("abtexfg-_ "), max_size=12)
)
def test_a_style_utility_is_named_where_its_pattern_finds_one(token: str) -> None:
    # its words are looked up first: the pattern's every match holds one, first or second
    expected = boilerplate._STYLE_TOKEN.match(token) is not None
    assert boilerplate._styles(token, boilerplate._words(token)) is expected


# the words of the vocabulary and of the rules beside it, where a number may follow
_NUMBERED_STEMS = ["menu-item", "widget", "widgets", "graphic_", "tag-link", "ad", "comment"]
_NUMBERED_STEMS += ["elementor-widget", "hide", "md:col", "post-with", "x" * 55, "", "é", "cmp"]


@settings(max_examples=500)
@given(
    st.lists(
        st.sampled_from(_NUMBERED_STEMS)
        | st.sampled_from(_NUMBERED_STEMS)
        | st.text(st.characters(max_codepoint=0x7F), max_size=6),
        max_size=2,
    ),
    st.sampled_from(["-", "_", "__", "--", ""]),
    st.from_regex(r"[0-9]{1,8}", fullmatch=True),
)
@example(["widget"], "_", "1755214676739")  # a page builder's module: six digits or more
@example(["graphic"], "__", "12345")  # a picture named with a CSS module's five characters
def test_a_numbered_token_reads_as_its_numbers_shape(
    parts: list[str], edge: str, number: str
) -> None:
    # a token whose last word is a number is read once for every number of its length
    token = "".join(("-".join(parts) + edge + number).split())
    assert boilerplate._token_verdict(token) == boilerplate._read_token(token)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(_CAPTION_CLASS) | st.text())
def test_a_caption_is_named_where_its_pattern_finds_one(names: str) -> None:
    # the words are looked for first: the pattern's every match holds them
    assert _names_caption(names) == bool(_CAPTION_CLASS.search(names))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(clean._CAROUSEL) | st.text())
def test_a_carousel_is_named_where_its_pattern_finds_one(names: str) -> None:
    # the words are looked for first: the pattern's every match holds one
    assert clean._names_carousel(names) == bool(clean._CAROUSEL.search(names))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(clean._HIDDEN_DECLARATION) | st.text())
def test_an_inline_style_hides_where_its_pattern_says(style: str) -> None:
    # the words are looked for first: the pattern's every match holds one
    assert clean._declares_hidden(style) == bool(clean._HIDDEN_DECLARATION.search(style))


def _marquee_unbounded(text: str) -> bool:
    period = text.find(text[:8], 1)
    if period <= 0 or period > volatile.MARQUEE_LINE or len(text) < volatile.MARQUEE_TIMES * period:
        return False
    return (text[:period] * (len(text) // period + 1)).startswith(text)


@settings(max_examples=300)
@given(st.text("ab *", min_size=1, max_size=70), st.integers(1, 12), st.text("ab *", max_size=9))
def test_a_marquee_is_found_in_its_first_characters_as_in_the_whole_text(
    line: str, times: int, rest: str
) -> None:
    text = line * times + rest
    if len(text) >= volatile.MARQUEE_CHARS:
        assert volatile._marquee(text) == _marquee_unbounded(text)


def test_a_patterns_openings_are_read_from_the_pattern() -> None:
    assert word_openings(re.compile(r"\W*(?:see|Show) more")) == {"s", ""}
    assert word_openings(re.compile(r"[#·]?\d+ (?:posts|replies)")) == {*"0123456789", ""}
    assert word_openings(re.compile(r"(?i)(?:was|is) this helpful\?")) == {"w", "i", ""}
    assert word_openings(re.compile(r"(?:top)?\s*\d")) == {"t", *"0123456789", ""}
    # a line it may match without a word character: every opening; a character class it
    # negates: every word character
    assert word_openings(re.compile(r"[-–]+")) == ANY_OPENING
    assert word_openings(re.compile(r"[^a]bc")) == ANY_OPENING - {" "}


@pytest.mark.parametrize(
    ("pattern", "words", "whole"),
    [
        (volatile._TODAY, volatile._TODAY_WORDS, False),
        (volatile._CONTROL, volatile._CONTROL_WORDS, False),
        (volatile._POST_CONTROL, volatile._POST_CONTROL_WORDS, True),
        (volatile._PLACEHOLDER, volatile._PLACEHOLDER_WORDS, True),
    ],
)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_line_a_pattern_reads_opens_with_a_word_its_gate_admits(
    pattern: re.Pattern[str], words: FirstWords | None, whole: bool, data: st.DataObject
) -> None:
    # _short_text_reason asks each of these patterns only of a line whose first word
    # its gate admits (any beyond ASCII)
    text = data.draw(
        st.from_regex(pattern, fullmatch=whole).map(str.upper)
        | st.from_regex(pattern, fullmatch=whole)
    )
    if (pattern.fullmatch(text) if whole else pattern.match(text)) and words is not None:
        assert words.admits(volatile._first_word(text, text.lower(), text.split()))


def test_a_patterns_first_words_are_read_from_the_pattern() -> None:
    found = first_words(re.compile(r"\W*(?:see|Show)(?: more)?\W*"))
    assert found is not None and found.words == {"see", "show"} and not found.prefixes
    assert found.admits("see") and not found.admits("seen") and found.admits(None)
    # a word run on by a repeat, or by ``match``, which reads the text's opening alone
    buttons = first_words(re.compile(r"(?:(?:x|sms)[\s|]*){2,}"))
    assert buttons is not None and buttons.admits("xsms") and not buttons.admits("share")
    opening = first_words(re.compile(r"\W*load(?:ing)?"), whole=False)
    assert opening is not None and opening.admits("loadings") and not opening.admits("lo")
    # a word the pattern does not spell: any
    assert first_words(re.compile(r"\d+ views")) is None
    assert first_words(re.compile(r"\W*\w+ ago")) is None
    assert first_words(re.compile(r"(?i)ſhare")) is None  # "ſ" reads an "s"


@settings(max_examples=300)
@given(st.text(st.characters(max_codepoint=0x7F)) | st.text())
def test_a_lines_first_word_is_its_first_run_of_word_characters(text: str) -> None:
    found = re.search(r"\w+", text.lower())
    expected = (found.group() if found else "") if text.isascii() else None
    assert volatile._first_word(text, text.lower(), text.split()) == expected


def test_the_declared_main_is_the_first_element_whose_role_is_main() -> None:
    # declared_main reads role="main" from the role attributes, as the predicate over every
    # element ``//*[@role="main"]`` would
    root = parse(
        '<html><body><nav role="navigation"><p>Menu</p></nav><div role="Main">Not it</div>'
        '<div role="mainx">Nor this</div><section><div role="main" id="first">The notes'
        '</div></section><div role="main" id="second">Later</div></body></html>'
    )
    assert root.xpath('//*[@role="main"]')[0] is declared_main(root)
    assert declared_main(root).get("id") == "first"
    assert declared_main(parse("<html><body><p role='banner'>Hi</p></body></html>")) is None
    assert declared_main(parse("<html><body><main><p>Notes</p></main></body></html>")).tag == "main"


def test_the_attribute_walks_by_element_gather_what_every_nodes_attributes_hold() -> None:
    # markup_dates, clean and boilerplate ask the elements for an attribute (``//*/@name``)
    # where ``//@name`` asked every node, text and comments too: only an element has one
    root = parse(
        '<html id="top" itemprop="x"><body><!-- a note --><p id="a" role="main">Text '
        '<time datetime="2024-05-02">May 2</time></p><x-age ts="1">1d</x-age>'
        '<button aria-controls="a" itemprop="y">Open</button>tail<div id="b"></div>'
        "</body></html>"
    )
    for name in ("id", "itemprop", "datetime", "ts", "aria-controls"):
        assert root.xpath(f"//*/@{name}/..") == root.xpath(f"//@{name}/..")
    assert markup_dates._WITH_ITEMPROP(root) == root.xpath(".//@itemprop/..")
    assert len(markup_dates._WITH_ITEMPROP(root)) == 2


def test_the_times_of_a_page_without_a_dated_custom_element_are_its_time_elements() -> None:
    # times lists a page's <time>s by tag when no element with a datetime or a ts is a
    # custom one, as the union with the dated elements would
    root = parse(
        '<html><body><p>Posted <time datetime="2024-05-02">May 2</time></p>'
        '<div datetime="2024-05-05">a plain element with a datetime</div><span ts="1">x</span>'
        "<x-clock>no datetime</x-clock><time>May 6</time></body></html>"
    )
    union = root.xpath("//time | //@datetime/.. | //@ts/..")
    assert markup_dates.times(root) == [element for element in union if element.tag == "time"]
    assert len(markup_dates.times(root)) == 2


def test_a_panel_follows_a_toggle_held_in_the_element_before_it_not_a_bare_one() -> None:
    # _after_toggle asks the XPath for a toggle below the element before the panel only
    # when that element has children
    root = parse(
        "<html><body><div><h3><button aria-expanded='false'>Hours</button></h3>"
        "<div id='p1'>Open daily</div></div>"
        "<div><span>Hours</span><div id='p2'>Open daily</div></div>"
        "<div><h3><b>Hours</b></h3><div id='p3'>Open daily</div></div></body></html>"
    )
    panels = {element.get("id"): element for element in root.iter("div") if element.get("id")}
    assert clean._after_toggle(panels["p1"])
    assert not clean._after_toggle(panels["p2"])
    assert not clean._after_toggle(panels["p3"])


def test_a_sheets_shadow_keeps_its_braces_and_shades_every_other_byte() -> None:
    sheet = ("".join(map(chr, range(0x80))) + "\u2192\U0001f441\ud841").encode(
        "utf-8", "surrogatepass"
    )
    shadow = clean._shadow(sheet)
    assert len(shadow) == len(sheet) and shadow.replace(b"a", b"") == b"{}"
    assert (shadow.index(b"{"), shadow.index(b"}")) == (sheet.index(b"{"), sheet.index(b"}"))


@settings(max_examples=300)
@given(st.text(st.sampled_from("{}@;: .ab\n\u2192\U0001f441\ud841")))
def test_the_items_read_in_a_sheets_shadow_are_those_read_in_the_sheet(css: str) -> None:
    # the patterns read the shadow's runs of "a", as [^{}] reads the sheet
    sheet = css.encode("utf-8", "surrogatepass")
    shadow = clean._shadow(sheet)
    negated = clean._ITEM.replace(b"a", b"[^{}]")
    for pattern, general in (
        (clean._ITEMS, b"(?>(?:" + negated + b")*)"),
        (clean._ONE_ITEM, negated),
    ):
        read, expected = pattern.match(shadow), re.match(general, sheet)
        assert (read and read.regs) == (expected and expected.regs)


@settings(max_examples=400)
@given(
    st.sampled_from(["", " ", "  \t", "\u3000"]),
    st.sampled_from(["By", "by", "written by", "Posted By", "BY:", "bye", "Medically reviewed by"])
    | st.text(max_size=4),
    st.text(max_size=8),
)
def test_a_text_opens_as_a_byline_as_the_pattern_reads_it(
    spaces: str, opening: str, rest: str
) -> None:
    text = spaces + opening + rest
    assert date_cues.opens_byline(text) is (date_cues.BYLINE.match(text) is not None)
