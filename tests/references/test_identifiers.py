"""DOI, PMID and PMCID in the forms real reference lists write them."""

from __future__ import annotations

import pytest

from tracker.extraction.references import parse_reference

HEAD = "Okafor B, Lee H. Safety of autologous cell injections. J Clin Med. 2020;9(4):112-9."


@pytest.mark.parametrize(
    ("tail", "doi", "pmid", "pmcid"),
    [
        # MEDLINE export: the publisher's id tagged [pii], then the DOI tagged [doi]
        (
            "S0140-6736(20)30183-5 [pii] 10.1016/S0140-6736(20)30183-5 [doi]",
            "10.1016/S0140-6736(20)30183-5",
            None,
            None,
        ),
        ("10.1000/xyz123[doi]", "10.1000/xyz123", None, None),
        ("PMCID: PMCPMC1234567", None, None, "PMC1234567"),
        ("PMCID: 1234567", None, None, "PMC1234567"),
        ("doi:10.1000/abc.PMID:123", "10.1000/abc", "123", None),
        ("doi: 10.1016/ j.cub.2016.05.047.", "10.1016/j.cub.2016.05.047", None, None),
        ("[doi:10.1000/xyz.9].", "10.1000/xyz.9", None, None),
        ("(doi:10.1017/aog.2016.20).", "10.1017/aog.2016.20", None, None),
        ("[doi>10.1007/s10207-013-0222-9]", "10.1007/s10207-013-0222-9", None, None),
        ("doi:10.1000/abc PMID: 31234567 PMCID: PMC765432", "10.1000/abc", "31234567", "PMC765432"),
        # MEDLINE's own field, and NIH manuscripts' PubMed bracket
        ("PMID- 31234567 doi: 10.1000/abc", "10.1000/abc", "31234567", None),
        ("doi: 10.1000/abc. [PubMed: 31234567]", "10.1000/abc", "31234567", None),
        # a "doi:" label names what follows the slash even when it holds no digit
        ("doi: 10.3389/ fimmu.", "10.3389/fimmu", None, None),
        (
            "doi: 10.1016/S0140-6736(20)30183-5. Epub 2020 Jan 24. PMID: 31986264; "
            "PMCID: PMC7159299.",
            "10.1016/S0140-6736(20)30183-5",
            "31986264",
            "PMC7159299",
        ),
    ],
)
def test_identifier_forms(tail: str, doi: str | None, pmid: str | None, pmcid: str | None) -> None:
    ref = parse_reference(f"{HEAD} {tail}", tagger=None)
    assert (ref.doi, ref.pmid, ref.pmcid) == (doi, pmid, pmcid)
    assert ref.container == "J Clin Med" and ref.title == "Safety of autologous cell injections"


def test_a_doi_prefix_followed_by_a_word_takes_no_word() -> None:
    ref = parse_reference("Lee H. Prefixes such as 10.1000/ and others. J Clin Med. 2020.")
    assert ref.doi is None


@pytest.mark.parametrize(
    "tail",
    [
        "S0140-6736(20)30183-5 [pii] 10.1016/S0140-6736(20)30183-5 [doi]",
        "PMID- 31234567 doi: 10.1000/abc",
        "doi: 10.1000/abc. [PubMed: 31234567] [Google Scholar]",
    ],
)
def test_identifier_tags_leave_no_trace_in_the_fields(tail: str) -> None:
    """MEDLINE's tags and the id a "[pii]" names leave the text the rules read."""
    ref = parse_reference(f"{HEAD} {tail}", tagger=None)
    assert ref.container == "J Clin Med" and ref.title == "Safety of autologous cell injections"
    assert ref.authors and ref.year == "2020"


@pytest.mark.parametrize(
    "body",
    [
        "Pearson, R. (1994). Reasoning under uncertainty in clinical practice. Academic Press.",
        "Cohen, W. W. (1992). Compiling knowledge into an explicit bias. "
        "In Proceedings of the Ninth Conference on Learning.",
        "Rosen, P. S., Laird, J. E., & Newton, A. (1988). The chunking of skill and knowledge.",
    ],
)
def test_the_model_never_runs_a_field_into_an_identifier(body: str) -> None:
    """The token model reads MEDLINE's "PMID- 123" as context, never as the container's end."""
    plain = parse_reference(f"{body} doi:10.1000/abc.")
    medline = parse_reference(f"{body} PMID- 30039595 doi: 10.1000/abc")
    assert (medline.container, medline.title) == (plain.container, plain.title)
    assert medline.pmid == "30039595" and medline.doi == "10.1000/abc"


@pytest.mark.parametrize(
    "text",
    [
        "Smith J. Title. Available from: http://x.org",
        "Smith J. Title. ACCESSED 2 May 2019.",
        "Smith J. Title [Internet]. 2019 [cited 2020 Jan 3].",
        "Smith J. Title. EPUB 2020 Jan 24.",
        "Smith J. Title. J Med. 2020;4:1-9. PMID: 123 PMCID: PMC456",
        "Smith J. Title. J Med. 2020 ( ; ) [ ]",
        "Smith J. Title. Retrieved from the archive",
        "Smith J. Title. Viewed on 3 March 2019.",
        "Smith J. Title. DOI:",
        "Smith J. Title. Acceſſed 2 May 2019.",  # a long s is read as an s ignoring case
    ],
)
def test_the_cue_gate_passes_every_text_a_cue_is_in(text: str) -> None:
    """The look for a cue's words stops no text the cue pattern matches in."""
    from tracker.extraction.reference_ids import _CUES, _may_cue

    assert _CUES.search(text) and _may_cue(text)


def test_the_cue_gate_stops_a_text_without_cues() -> None:
    from tracker.extraction.reference_ids import _may_cue

    assert not _may_cue("Smith J. (2019). A title (in two parts). J Med, 4(2), 1–9.")
