from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.extraction import extract
from tracker.extraction.dates import _names_a_year, parse_date
from tracker.extraction.decode import (
    _CONTROL_CHARACTERS,
    _NONCHARACTER_LEAD,
    clean_text,
    decode_html,
    decode_page,
)
from tracker.extraction.dom import parse
from tracker.extraction.metadata import split_authors, strip_site_name


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Apr 11, 2024", "2024-04-11"),
        ("Updated on April 11th, 2024", "2024-04-11"),
        ("11 April 2024", "2024-04-11"),
        ("Last Updated: 10/05/2017 - 11:32", "2017-10-05T11:32"),
        ("25/12/2020", "2020-12-25"),
        ("2024-04-11T08:15:00Z", "2024-04-11T08:15:00+00:00"),
        ("2022-11-02T10:15:00+0000", "2022-11-02T10:15:00+00:00"),
        ("March 3, 2023 at 3:05 pm", "2023-03-03T15:05"),
        ("11.04.2024", "2024-04-11"),
        ("April 2024", None),
        ("2019-13-01", None),
        ("Posted 1890-01-01", None),
        (None, None),
    ],
)
def test_parse_date(text: str | None, iso: str | None) -> None:
    assert parse_date(text) == iso


@given(st.lists(st.sampled_from(["1", "9", "2", "0", "2024", "1999", "12", "x", " ", "٢"])))
def test_a_year_is_a_run_of_exactly_four_digits_in_range(pieces: list[str]) -> None:
    text = "".join(pieces)
    runs = re.findall(r"(?<!\d)\d{4}(?!\d)", text)
    assert _names_a_year(text) == any(1990 <= int(run) <= 2100 for run in runs)


@pytest.mark.parametrize(
    ("data", "content_type", "expected", "encoding"),
    [
        ("café".encode(), None, "café", "utf-8"),
        ("café".encode("cp1252"), "text/html; charset=windows-1252", "café", "cp1252"),
        (b'<meta charset="iso-8859-1"><p>caf\xe9', None, "café", "cp1252"),
        ("\ufeffcafé".encode(), "text/html; charset=latin-1", "café", "utf-8"),  # BOM wins
        ("café".encode("utf-16"), None, "café", "utf-16-le"),
        ("café".encode(), "text/html; charset=windows-1252", "café", None),  # header lied
    ],
)
def test_decode(data: bytes, content_type: str | None, expected: str, encoding: str | None) -> None:
    text, used = decode_html(data, content_type)
    assert expected in text
    if encoding:
        assert used == encoding


def test_control_characters_are_dropped() -> None:
    assert decode_html(b"a\x00b\x07c")[0] == "abc"


def test_the_control_characters_beyond_one_byte_open_with_the_byte_looked_for_first() -> None:
    longer = [c.encode() for c in _CONTROL_CHARACTERS if len(c.encode()) > 1]
    assert longer and all(sequence.startswith(_NONCHARACTER_LEAD) for sequence in longer)


@given(st.text(alphabet=st.sampled_from("ab é\n\t\r\x00\x1f\x7f\x80\ufffe\uffff\ufffd\uff01€😀")))
def test_control_characters_are_found_in_the_bytes_as_in_the_text(text: str) -> None:
    assert clean_text(text, text.encode()) == clean_text(text)


@pytest.mark.parametrize(
    ("data", "content_type", "exact"),
    [
        ("<p>Café – naïve</p>".encode(), None, True),
        ("\ufeff<p>Café</p>".encode(), None, True),  # the BOM goes before the bytes are handed on
        ("<p>Café</p>".encode(), "text/html; charset=windows-1252", True),  # a stale label
        (b"<p>caf\xe9</p>", "text/html; charset=windows-1252", False),  # not UTF-8
        (b"<p>caf\xe9 \xc3\xa9</p>", "text/html; charset=utf-8", False),  # a byte replaced
        (b"<p>a\x00b</p>", None, False),  # a control character dropped
    ],
)
def test_a_page_read_as_utf8_hands_on_its_bytes(
    data: bytes, content_type: str | None, exact: bool
) -> None:
    text, _, utf8 = decode_page(data, content_type)
    assert (utf8 is not None) is exact
    if utf8 is not None:
        assert utf8 == text.encode("utf-8")
        assert parse(text, utf8).xpath("string(//p)") == parse(text).xpath("string(//p)")


def test_split_authors_keeps_credentials() -> None:
    assert split_authors("By Jane Roe, MD and John Doe, PhD") == ["Jane Roe, MD", "John Doe, PhD"]
    assert split_authors("Marta Kowalczyk & Tom Aldridge") == ["Marta Kowalczyk", "Tom Aldridge"]
    assert split_authors("Updated 4 min ago") == []


def test_a_byline_s_role_after_the_name_is_no_name() -> None:
    """ "By Ana Ruiz | Staff Writer": the role is the byline's, so the line is a byline with
    one author, not a line rejected for a part that is no name."""
    assert split_authors("By Ana Ruiz | Staff Writer", strict=True) == ["Ana Ruiz"]
    assert split_authors("By Ben Li, Senior Health Reporter", strict=True) == ["Ben Li"]
    doc = extract("<h1>Knee care</h1><p>By Ana Ruiz | Staff Writer</p>" + "<p>Rest it.</p>" * 3)
    assert doc.authors == ["Ana Ruiz"]
    assert "Staff Writer" not in doc.text


def test_strip_site_name() -> None:
    assert strip_site_name("Lupus and stem cells | Meridian Clinic", []) == "Lupus and stem cells"
    assert strip_site_name("Meridian: Lupus and stem cells explained", ["Meridian"]) == (
        "Lupus and stem cells explained"
    )
    assert strip_site_name("No separator here", []) == "No separator here"


def test_title_falls_back_to_title_element_without_site_name() -> None:
    html = "<title>Why sleep matters - The Night Desk</title><p>Short body text here.</p>"
    assert extract(html).title == "Why sleep matters"


def test_date_line_in_a_sentence_is_not_a_date_line() -> None:
    html = (
        "<article><p>The trial was published on March 3, 2021 in a journal that few clinicians "
        "read, and it has been cited only twice since then by other groups.</p></article>"
    )
    doc = extract(html)
    assert doc.published is None and "March 3, 2021" in doc.text


def test_ordered_list_ordinals_honour_start_and_value() -> None:
    html = (
        "<article><p>Steps that the guideline lists for the procedure, in order, are these:</p>"
        '<ol start="4"><li>four</li><li>five</li><li value="9">nine</li><li>ten</li></ol>'
        "</article>"
    )
    doc = extract(html)
    assert [b.ordinal for b in doc.blocks if b.ordinal] == [4, 5, 9, 10]


def test_citation_links_render_as_bracket_markers() -> None:
    html = (
        "<article><p>Evidence is mixed, as several reviews and trials have reported over the "
        'years<a href="#cite_note-4">4</a> and others disagree<sup>[5]</sup>.</p></article>'
    )
    assert "years[4] and others disagree[5]." in extract(html).text


def test_markdown_footnotes_section_becomes_references_without_back_arrows() -> None:
    note = (
        '<li id="fn:{0}"><p>Author{0} B, Other C. A trial of magnesium for sleep in older adults. '
        'J Sleep Res. 2012;{0}(2):11-19. <a href="#fnref:{0}" class="footnote-backref">↩︎</a>'
        "</p></li>"
    )
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><article><div class='post-body'>"
        "<p>Magnesium is sold as a sleep aid, and small trials suggest it may help older "
        'adults fall asleep.<sup id="fnref:1"><a href="#fn:1">1</a></sup> Larger studies are '
        'missing.<sup><a href="#fn:2">2</a></sup></p></div>'
        '<section class="footnotes" role="doc-endnotes"><hr><ol>'
        + note.format(1) + note.format(2)
        + "</ol></section></article><footer>(c) Sleep Notes</footer></body></html>"
    )  # fmt: skip
    doc = extract(html)
    assert [ref.label for ref in doc.references] == ["1", "2"]
    assert all("↩" not in ref.raw for ref in doc.references)
    assert [s.cited_labels for s in doc.sentences] == [["1"], ["2"]]
    assert "Sleep Notes" not in doc.text


def test_site_name_in_h1_is_not_the_title() -> None:
    html = (
        '<meta property="og:site_name" content="Harbor Clinic">'
        '<meta property="og:title" content="Ozone therapy: what the trials show">'
        "<header><h1 class='logo'>Harbor Clinic</h1></header>"
        "<article><h2>Ozone therapy: what the trials show</h2><p>Ozone injections are offered "
        "for back pain, and a few small trials, most without blinding, report relief.</p>"
        "<div class='author-box'><h3>About the author</h3></div></article>"
    )
    doc = extract(html)
    assert doc.title == "Ozone therapy: what the trials show"
    assert doc.authors == []


def test_combined_byline_and_date_line() -> None:
    html = (
        "<article><div class='article-meta'><p>Medically reviewed by Dr. Ana Ruiz, MD — Written "
        "by Sam Lee — Updated on March 5, 2024</p></div><p>Zinc lozenges are popular for colds, "
        "and several trials found a shorter illness when taken early.</p>"
        "<p>By the end of the trial, Smith and Jones agreed.</p></article>"
    )
    doc = extract(html)
    assert doc.updated == "2024-03-05"
    assert doc.authors == ["Dr. Ana Ruiz, MD", "Sam Lee"]
    assert "By the end of the trial, Smith and Jones agreed." in doc.text  # a sentence, kept
    assert "Medically reviewed" not in doc.text


def test_script_revealed_page_is_not_all_hidden() -> None:
    html = (
        "<body><div id='app' style='display:none'><nav>Home</nav><article><p>Iron supplements "
        "are widely used in pregnancy, and trials show they reduce anaemia at term.</p><p>Side "
        "effects such as constipation are common, and some women stop early.</p></article></div>"
        "<div class='w-form-done'>Thanks!</div></body>"
    )
    doc = extract(html)
    assert doc.text.startswith("Iron supplements are widely used")
    assert [(b.reason.value, b.text) for b in doc.stripped] == [
        ("navigation", "Home"),
        ("hidden", "Thanks!"),
    ]


def test_a_hidden_markdown_copy_of_the_article_stays_hidden() -> None:
    """A blog prints its article and, hidden, the same article as Markdown for machines
    (a <pre hidden> as long as the article): not a shell a script reveals, a second copy."""
    paragraphs = [
        "Iron supplements are widely used in pregnancy, and trials show they reduce anaemia.",
        "Side effects such as constipation are common, and some women stop taking them early.",
        "Ask your midwife which dose suits you before you buy a supplement over the counter.",
    ]
    markdown = "# Iron in pregnancy\n\n" + "\n\n".join(f"_{text}_" for text in paragraphs)
    html = (
        "<html><body><article><h1>Iron in pregnancy</h1>"
        + "".join(f"<p>{text}</p>" for text in paragraphs)
        + f'</article><pre hidden aria-hidden="true" class="raw-markdown">{markdown}</pre>'
        "</body></html>"
    )
    doc = extract(html)
    assert [block.text for block in doc.blocks] == paragraphs
    assert [block.reason.value for block in doc.stripped if "# Iron" in block.text] == ["hidden"]


def test_credit_line_without_class_names() -> None:
    html = (
        "<article><div class='css-1x2y3'><span>Medically reviewed by Dr. Ana Ruiz, MD — Written "
        "by Sam Lee — Updated on March 5, 2024</span></div><p>Zinc lozenges are popular for "
        "colds, and several trials found a shorter illness when taken early.</p>"
        "<p>The label was updated on March 5, 2024 without any notice to the buyers who had "
        "relied on the old dosing advice for years.</p></article>"
    )
    doc = extract(html)
    assert doc.updated == "2024-03-05"
    assert doc.authors == ["Dr. Ana Ruiz, MD", "Sam Lee"]
    assert "Medically reviewed" not in doc.text
    assert "The label was updated on March 5, 2024 without any notice" in doc.text


def test_collapsed_accordion_is_not_hidden_text() -> None:
    html = (
        "<article><p>Omega-3 supplements are sold for heart health, and large trials gave mixed "
        "results (1). A later review was more positive (2).</p><div class='accordion-item'>"
        "<button class='accordion-header'>References</button>"
        "<div class='accordion-body' style='display:none' aria-hidden='true'><h2>References</h2>"
        "<p>(1) Manson JE, Cook NR, Lee IM, et al. Marine n-3 fatty acids and prevention of "
        "cardiovascular disease and cancer. N Engl J Med. 2019;380(1):23-32.</p>"
        "<p>(2) Hu Y, Hu FB, Manson JE. Marine omega-3 supplementation and cardiovascular "
        "disease: an updated meta-analysis. J Am Heart Assoc. 2019;8(19):e013543.</p></div></div>"
        "<div class='w-form-done' style='display:none'>Thanks!</div></article>"
    )
    doc = extract(html)
    assert [ref.label for ref in doc.references] == ["1", "2"]
    assert [b.text for b in doc.stripped if b.reason.value == "hidden"] == ["Thanks!"]


def test_sources_in_the_article_footer_are_found_and_the_footer_stays_chrome() -> None:
    html = (
        "<body><article><div class='story-body'><p>Hospitals reported a rise in measles cases "
        "this spring, and officials urged parents to check vaccination records.</p><p>Most "
        "cases were in children under five who had not been vaccinated, the agency said.</p>"
        "</div><footer class='story-footer'><h3>Sources</h3><ul><li>Health Agency. Measles "
        "surveillance report, week 14. 2024. https://agency.example.org/measles-14</li><li>Smith "
        "J, Roe A. Measles outbreaks in Europe, 2023. Euro Surveill. 2024;29(3):2300123.</li>"
        "</ul><p class='copyright'>© 2024 Daily Courier</p></footer></article>"
        "<footer class='site-footer'><p>Contact us</p></footer></body>"
    )
    doc = extract(html)
    assert len(doc.references) == 2
    assert doc.references[0].url == "https://agency.example.org/measles-14"
    assert {b.text for b in doc.stripped} == {"© 2024 Daily Courier", "Contact us"}


def test_dublin_core_meta_dates_are_kept_as_evidence_but_not_shown() -> None:
    html = (
        '<html><head><meta name="DCTERMS.modified" content="2024-02-01">'
        '<meta name="dcterms.issued" content="2023-09-12"><title>Review</title></head>'
        "<body><article><h1>Review</h1><p>"
        + "Plain article text that is long enough to be the body of the page. " * 4
        + "</p></article></body></html>"
    )
    document = extract(html)
    seen = {(d.kind.value, d.value, d.place.value, d.detail) for d in document.dates}
    assert seen == {
        ("updated", "2024-02-01", "meta", "dcterms.modified"),
        ("published", "2023-09-12", "meta", "dcterms.issued"),
    }
    # the page shows no date: a reader is told none, only the markup carries them
    assert (document.published, document.updated) == (None, None)
