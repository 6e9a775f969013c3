"""Which rules of a page's own style sheets hide elements outright, read from sheets
written here: a top-level rule whose declarations hide counts, in any case and with any
spacing; a rule inside an ``@media`` block counts only as a desktop screen reads it (it
hides, or shows again), one nested in a rule does not, nor one whose hiding words sit in
its selector; a stray closing brace closes the rule before it again, as a browser's
tokenizer reads it.
"""

from __future__ import annotations

import re
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tracker.extraction import clean
from tracker.extraction.clean import hidden_rules, hiding_selectors, on_desktop
from tracker.extraction.segment import segment
from tracker.memo import forget_all
from tracker.model import StripReason


def _read(css: str) -> tuple[bytes, str, bytes]:
    """A sheet written here as ``hidden_rules`` reads it: its bytes, lowered, and shadow."""
    sheet = clean._sheet(css.encode("utf-8", "surrogatepass"))
    return sheet, clean._lowered(sheet), clean._shadow(sheet)


def test_top_level_rules_that_hide_are_read_in_order() -> None:
    css = (
        "@charset 'utf-8'; .promo-bar { DISPLAY : None } p { color: red }"
        " @media (max-width: 600px) { .wide-menu { display: none } }"
        " .card { .card-extra { display: none } color: blue }"
        " #signup-dialog, .toast { visibility:hidden; }"
    )
    assert hiding_selectors(css) == [".promo-bar", "#signup-dialog, .toast"]


def test_a_block_of_rules_counts_by_its_own_declarations_after_them() -> None:
    css = ".panel { .inner { color: red } display: none } @font-face { font-display: none }"
    assert hiding_selectors(css) == [".panel"]


def test_hiding_words_in_a_selector_or_a_comment_hide_nothing() -> None:
    css = "/* .old { display: none } */ .display\\:none-toggle { color: red }"
    assert hiding_selectors(css) == []


def test_deeper_blocks_stray_and_unclosed_braces() -> None:
    css = (
        "@supports (display: grid) { @media print { .ad { display: none } } }"
        " .note { color: red } } display: none }"
        " .kept { color: red } } x; display: none; }"
        " .banner { display: none } .open { display: none"
    )
    # a stray '}' closes the rule before it again with what follows the last ';' before it
    assert hiding_selectors(css) == [".note", ".banner"]


def test_letters_beyond_ascii_are_read_as_the_browser_would() -> None:
    assert hiding_selectors(".café-popup { display: none } .menu { content: '→' }") == [
        ".café-popup"
    ]
    # "ı" and "ſ" are taken for "i" and "s" when case is ignored: the same rules either way
    assert hiding_selectors(".a { dıſplay: none } .b { visibility: hidden }") == [".a", ".b"]


def test_hidden_rules_of_a_page() -> None:
    page = (
        "<html><head><style>.cookie-note{display:none}</style>"
        "<style media='print'>.article{display:none}</style></head>"
        "<body><div class='cookie-note'>We use cookies</div></body></html>"
    )
    rules = hidden_rules(etree.fromstring(page, etree.HTMLParser()))
    assert rules.match("div", {"class": "cookie-note"}) == ".cookie-note"
    assert rules.match("div", {"class": "article"}) is None


def _sheet_page(css: str) -> etree._Element:
    return etree.fromstring(
        f"<html><head><style>{css}</style></head><body></body></html>", etree.HTMLParser()
    )


def test_a_sheet_read_again_is_remembered_by_all_its_bytes() -> None:
    """A site's next page carries the same sheet: it is read once; a sheet of the same
    length and the same ends, but another rule between them, is read for itself."""
    opening, closing = ".site-header{color:red}" * 4, ".site-footer{color:blue}" * 4
    first = opening + ".promo-a{display:none}" + closing
    second = opening + ".promo-b{display:none}" + closing
    forget_all()
    assert hidden_rules(_sheet_page(first)).match("div", {"class": "promo-a"}) == ".promo-a"
    again = hidden_rules(_sheet_page(first))
    assert clean._sheet_rules.cache_info().hits == 1
    assert again.match("div", {"class": "promo-a"}) == ".promo-a"
    other = hidden_rules(_sheet_page(second))
    assert other.match("div", {"class": "promo-a"}) is None
    assert other.match("div", {"class": "promo-b"}) == ".promo-b"


def test_elements_without_class_id_or_style_are_hidden_or_marked_by_their_tag() -> None:
    """Most elements carry no attribute that hides or marks them (``segment`` asks once per
    tag for those): a rule naming their tag still hides each of them, a chrome tag still
    marks each, and a sibling with a class of its own is read by its class."""
    page = (
        "<html><head><style>small { display: none } .aside-note { visibility: hidden }"
        "</style></head><body>"
        "<p>An opening paragraph about the trial. <small>fine print one</small></p>"
        "<p data-id='2'>A second paragraph. <small title='x'>fine print two</small></p>"
        "<nav><a href='/'>Home</a></nav>"
        "<p class='aside-note'>A note the sheet hides.</p><p>The last paragraph.</p>"
        "</body></html>"
    )
    reasons = _reasons_by_text(page)
    assert reasons == {
        "An opening paragraph about the trial.": [],
        "fine print one": [StripReason.HIDDEN],
        "A second paragraph.": [],
        "fine print two": [StripReason.HIDDEN],
        "Home": [StripReason.NAVIGATION],
        "A note the sheet hides.": [StripReason.HIDDEN],
        "The last paragraph.": [],
    }


def test_a_popover_is_hidden_until_opened() -> None:
    """An element with the ``popover`` attribute is not rendered until a button or a
    script opens it (the browser's own stylesheet hides it): an app's install guide or
    a card of settings printed after the article is no part of it."""
    page = (
        "<html><body><p>The thread's opening post about choosing a headphone.</p>"
        "<div popover id='install'><p>Tap the share icon, then Add to Home Screen.</p></div>"
        "<div popover='manual'><p>Allow notifications in your browser settings.</p></div>"
        "<button popovertarget='install'>Install the app</button></body></html>"
    )
    reasons = _reasons_by_text(page)
    assert reasons["The thread's opening post about choosing a headphone."] == []
    assert reasons["Tap the share icon, then Add to Home Screen."] == [StripReason.HIDDEN]
    assert reasons["Allow notifications in your browser settings."] == [StripReason.HIDDEN]


def test_a_cloaked_template_shown_on_a_condition_is_hidden() -> None:
    """Vue's ``v-cloak`` and Alpine's ``x-cloak`` hide a template until its script has
    compiled it, which then shows it only while its condition holds: a modal's sign-up,
    a drawer's strings, wait for a state no reader is in when the page opens. A cloaked
    root without a condition is the app itself, shown once compiled."""
    page = (
        "<html><body><div id='app' v-cloak><p>A wool runner knit from merino, light and "
        "soft enough to wear without socks.</p>"
        "<div v-cloak v-if='isNotifyOpen'><h3>Tell me when it is back</h3>"
        "<p>Leave your address and we will write when your size returns.</p></div>"
        "<div x-cloak x-show='drawerOpen'><p>Nothing in your basket yet.</p></div>"
        "</div></body></html>"
    )
    reasons = _reasons_by_text(page)
    assert (
        reasons["A wool runner knit from merino, light and soft enough to wear without socks."]
        == []
    )
    assert reasons["Tell me when it is back"] == [StripReason.HIDDEN]
    assert reasons["Leave your address and we will write when your size returns."] == [
        StripReason.HIDDEN
    ]
    assert reasons["Nothing in your basket yet."] == [StripReason.HIDDEN]


def test_media_queries_are_read_as_a_desktop_screen_answers_them() -> None:
    assert on_desktop("all and (min-width: 1080px)")
    assert on_desktop("only screen and (min-width: 48em) and (orientation: landscape)")
    assert on_desktop("(max-width: 600px), (min-width: 1000px)")
    assert not on_desktop("all and (max-width: 727.98px)")
    assert not on_desktop("screen and (min-width: 90em)")
    assert not on_desktop("print")
    assert not on_desktop("not all and (min-width: 768px)")
    assert not on_desktop("(prefers-reduced-motion: reduce)")


def test_rules_for_some_screens_hide_nothing_and_a_desktops_show_again() -> None:
    """A sheet or an ``@media`` block for some screens hides nothing (a phone's layout
    hides the wide one's copy of a card, a desktop's the phone's menu button: each is
    what some reader sees); a desktop screen's rule shows again what a rule for every
    screen hid before it ("hidden lg:block", a build tool's class names), a phone's
    does not."""
    page = (
        "<html><head><style media='all and (max-width: 551.98px)'>.wide{display:none}</style>"
        "<style>.hidden{display:none} .phone-menu{display:block} .card-b{display:none}"
        " .note{display:none}"
        " @media (min-width: 1024px) { .lg\\:block{display:block} .phone-menu{display:none} }"
        " @media (max-width: 767px) { .card-a{display:none} .card-b{display:flex} }"
        "</style><style media='screen and (min-width: 1080px)'>.note{display:block}</style>"
        "</head><body></body></html>"
    )
    rules = hidden_rules(etree.fromstring(page, etree.HTMLParser()))
    assert rules.match("div", {"class": "wide"}) is None
    assert rules.match("div", {"class": "hidden lg:block"}) is None
    assert rules.match("div", {"class": "hidden"}) == ".hidden"
    assert rules.match("button", {"class": "phone-menu"}) is None
    assert rules.match("div", {"class": "card-a"}) is None
    assert rules.match("div", {"class": "card-b"}) == ".card-b"
    assert rules.match("p", {"class": "note"}) is None


def test_of_a_rules_declarations_the_last_one_counts() -> None:
    """A theme's rule that sets ``display: none`` and then another display shows its
    element (a grid's product cards), unless the first is ``!important``; a turned card's
    ``backface-visibility: hidden`` hides only its back, ``content-visibility: hidden``
    its whole content."""
    css = (
        ".card { position: relative; display: none; width: 50%; display: inline-block }"
        " .toast { display: none !important; display: block }"
        " .tip { visibility: hidden; color: red }"
        " .flip { -webkit-backface-visibility: hidden; backface-visibility: hidden }"
        " .later { content-visibility: hidden }"
    )
    assert hiding_selectors(css) == [".toast", ".tip", ".later"]


# the item patterns as first written, backtracking through every run of characters other
# than braces: what the possessive and atomic ones in clean.py must read the same
_BACKTRACKING_ITEM = r"([^{}]*)\{((?:[^{}]*\{[^{}]*\})*)([^{}]*)\}"
_SHEET_PIECES = st.sampled_from(
    ["{", "}", "{", "}", ";", ".x", " ", "a", "display:none", "visibility: hidden",
     "display: block", "@media screen", "@media (min-width: 1300px)", "@media print",
     "x{display:none}", "\u2192"]
)  # fmt: skip


@given(st.lists(_SHEET_PIECES, max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_the_item_patterns_read_as_backtracking_ones(css: str) -> None:
    read = hiding_selectors(css), clean._shown_on_desktop(*_read(css))
    with (
        patch.object(clean, "_ONE_ITEM", re.compile(_BACKTRACKING_ITEM.encode())),
        patch.object(clean, "_ITEMS", re.compile(f"(?:{_BACKTRACKING_ITEM})*".encode())),
    ):
        assert (
            hiding_selectors(css),
            clean._shown_on_desktop(*_read(css)),
        ) == read


# characters beyond ASCII whose UTF-32 bytes hold an upper-case letter of ASCII ("Ł" is
# 41 01 00 00), spaces beyond ASCII, a lone surrogate, and the two that lower-case oddly
_BEYOND_ASCII = st.sampled_from(
    ["\u0141", "\u4e4d", "\U0001f441", "\u00a0", "\u2003", "\u3000", "\ud841", "\u0130",
     "\u212a", "\u0131", "DISPLAY", "@MEDIA", "Visibility"]
)  # fmt: skip
# a hiding declaration's words apart, with spaces of ASCII and beyond it (and "\u200b",
# which is none) around its colon
_SPACES = st.sampled_from(
    ["display", "visibility", ":", "none", "hidden", "\x1c", "\x85", "\u1680", "\u2029",
     "\u205f", "\u200b", "\u017f", "\u0131"]
)  # fmt: skip


@given(st.lists(st.one_of(_SHEET_PIECES, _BEYOND_ASCII, _SPACES), max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_a_sheets_hiding_declarations_in_its_bytes_are_those_in_its_text(css: str) -> None:
    sheet, lowered, _ = _read(css)
    assert clean._hiding_declarations(sheet, lowered) == [
        len(css[: match.start()].encode("utf-8", "surrogatepass"))
        for match in clean._HIDDEN_DECLARATION.finditer(css)
    ]


def test_the_spaces_read_in_a_sheets_bytes_are_those_a_text_pattern_reads() -> None:
    space = re.compile(clean._SPACE)
    for code in range(0x10000):  # no space lies beyond
        if not 0xD800 <= code < 0xE000:
            assert (space.fullmatch(chr(code).encode()) is not None) is chr(code).isspace()


def _reasons_by_text(page: str) -> dict[str, list[StripReason]]:
    """Each block's text of ``page`` segmented under its own style rules, with its marks'
    reasons."""
    root = etree.fromstring(page, etree.HTMLParser())
    return {
        block.text: [mark[0] for mark in block.marks] for block in segment(root, hidden_rules(root))
    }


_MEDIA_PIECES = st.sampled_from(
    ["@media screen {", "@media (min-width: 1300px) {", " .x {", " .y { color: red }", "}",
     "Display: Block;", "VISIBILITY: visible;", "content-visibility: hidden;", "display: none;",
     "d\u0131\u017fplay: block;", "\u0130", "\u212a", "\u2192"]
)  # fmt: skip


@given(st.lists(_MEDIA_PIECES, max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_a_block_that_names_no_display_is_passed_over_with_no_rule_lost(css: str) -> None:
    read = [clean._shown_on_desktop(*_read(css), hides) for hides in (False, True)]
    with patch.object(clean, "_names_display", lambda lowered, start, end: True):
        assert [clean._shown_on_desktop(*_read(css), hides) for hides in (False, True)] == read


def test_a_desktop_block_showing_with_letters_a_case_blind_browser_reads_shows() -> None:
    css = (
        ".menu { display: none } @media (min-width: 1024px) { .menu { d\u0131\u017fplay: block } }"
    )
    assert clean._shown_on_desktop(*_read(css)) == [(css.index(" .menu {", 40), ".menu")]
