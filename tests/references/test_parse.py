"""parse_reference on hand-written references in the styles reference lists use."""

from __future__ import annotations

import pytest

from tracker.extraction.reference_authors import author_family, split_authors
from tracker.extraction.references import parse_reference, reference_key

# (raw, expected fields); authors are compared by family name, titles and containers exactly
CASES = [
    (
        "Okafor N, Lindqvist P. Hydroxychloroquine adherence in cutaneous lupus: a cohort study. "
        "Lupus Sci Med. 2021 Mar 4;8(1):e000512. doi: 10.1136/lupus-2021-000512. "
        "PMID: 33661234; PMCID: PMC7934211.",
        {
            "families": ["Okafor", "Lindqvist"],
            "year": "2021",
            "title": "Hydroxychloroquine adherence in cutaneous lupus: a cohort study",
            "container": "Lupus Sci Med",
            "volume": "8",
            "issue": "1",
            "pages": "e000512",
            "doi": "10.1136/lupus-2021-000512",
            "pmid": "33661234",
            "pmcid": "PMC7934211",
        },
    ),
    (
        "Brandt, K. L., Moreau, S., & Tanaka, H. (2019). Fasting and autoimmune flares: "
        "A randomized trial. Journal of Clinical Rheumatology, 25(4), 211–219. "
        "https://doi.org/10.1097/RHU.0000000000000901",
        {
            "families": ["Brandt", "Moreau", "Tanaka"],
            "year": "2019",
            "title": "Fasting and autoimmune flares: A randomized trial",
            "container": "Journal of Clinical Rheumatology",
            "volume": "25",
            "issue": "4",
            "pages": "211–219",
            "doi": "10.1097/RHU.0000000000000901",
        },
    ),
    (
        "Hallström, E. & Park, J. Type I interferon signatures in skin. "
        "Nature 587, 402–407 (2020).",
        {
            "families": ["Hallström", "Park"],
            "year": "2020",
            "title": "Type I interferon signatures in skin",
            "container": "Nature",
            "volume": "587",
            "pages": "402–407",
        },
    ),
    (
        "Delacroix, Marianne, and Tomás Vidal. “The Clinic as Storefront.” Health Affairs "
        "Quarterly, vol. 12, no. 3, 2018, pp. 45–67.",
        {
            "families": ["Delacroix", "Vidal"],
            "year": "2018",
            "title": "The Clinic as Storefront",
            "container": "Health Affairs Quarterly",
            "volume": "12",
            "issue": "3",
            "pages": "45–67",
        },
    ),
    (
        "[7] R. Kowalski, A. Menon, and L. Osei, “Sparse sensing for wearable ECG monitors,” "
        "IEEE Trans. Biomed. Eng., vol. 68, no. 2, pp. 512–520, Feb. 2021.",
        {
            "label": "7",
            "families": ["Kowalski", "Menon", "Osei"],
            "year": "2021",
            "title": "Sparse sensing for wearable ECG monitors",
            "container": "IEEE Trans. Biomed. Eng",
            "volume": "68",
            "issue": "2",
            "pages": "512–520",
        },
    ),
    (
        "Whitfield, Gareth. 2016. “Vitamin Drips and the Wellness Market.” Sociology of Health "
        "37 (2): 118–34.",
        {
            "families": ["Whitfield"],
            "year": "2016",
            "title": "Vitamin Drips and the Wellness Market",
            "container": "Sociology of Health",
            "volume": "37",
            "issue": "2",
        },
    ),
    (
        "(4) Nakamura Y, Ferreira L, Adeyemi T, et al. Stem cell therapy for knee osteoarthritis: "
        "a meta-analysis. Am J Sports Med. 2019;47(3):740-748.",
        {
            "label": "4",
            "families": ["Nakamura", "Ferreira", "Adeyemi"],
            "year": "2019",
            "title": "Stem cell therapy for knee osteoarthritis: a meta-analysis",
            "container": "Am J Sports Med",
            "volume": "47",
            "issue": "3",
            "pages": "740-748",
        },
    ),
    (
        "12. Food and Drug Administration. Important patient information about stem cell "
        "products. Retrieved from https://www.fda.gov/vaccines-blood-biologics/consumers",
        {
            "label": "12",
            "families": ["Food and Drug Administration"],
            "title": "Important patient information about stem cell products",
            "url": "https://www.fda.gov/vaccines-blood-biologics/consumers",
        },
    ),
    (
        "https://www.niams.nih.gov/health-topics/lupus",
        {"url": "https://www.niams.nih.gov/health-topics/lupus", "container": "niams.nih.gov"},
    ),
    (
        "3) Arlen Mitchell, “Clinic fined over stem cell claims,” The Courier, 14 May 2023, "
        "https://example-courier.com/news/clinic-fined",
        {
            "label": "3",
            "families": ["Mitchell"],
            "year": "2023",
            "title": "Clinic fined over stem cell claims",
            "container": "The Courier",
            "url": "https://example-courier.com/news/clinic-fined",
        },
    ),
    (
        "Sato H, Greene RA. Ozone therapy: a review. Altern Ther Health Med. 2020;26(2):22-9. "
        "Available from: https://pubmed.ncbi.nlm.nih.gov/31221234/",
        {
            "families": ["Sato", "Greene"],
            "year": "2020",
            "container": "Altern Ther Health Med",
            "pmid": "31221234",
        },
    ),
    (
        "Lancaster PJ, Oyelaran K (2017) Platelet-rich plasma in tendinopathy. "
        "BMC Musculoskelet Disord 18:301. https://doi.org/10.1186/s12891-017-1653-x",
        {
            "families": ["Lancaster", "Oyelaran"],
            "year": "2017",
            "title": "Platelet-rich plasma in tendinopathy",
            "doi": "10.1186/s12891-017-1653-x",
        },
    ),
    (
        "Ortega, L. (2015). Evidence in the clinic (doi:10.1016/S0140-6736(15)60123-4).",
        {"families": ["Ortega"], "year": "2015", "doi": "10.1016/S0140-6736(15)60123-4"},
    ),
    (
        "Harbor Spine Center Staff. (2022, October 21). Sciatica - Symptoms and causes. "
        "Harbor Spine Center. https://www.harborspine.example/conditions/sciatica",
        {
            "families": ["Harbor Spine Center Staff"],
            "year": "2022",
            "title": "Sciatica - Symptoms and causes",
            "container": "Harbor Spine Center",
        },
    ),
    (
        "World Health Organization. Obesity and overweight. Published June 9, 2021. Accessed "
        "March 3, 2024. https://www.who.int/news-room/fact-sheets/detail/obesity-and-overweight",
        {
            "families": ["World Health Organization"],
            "year": "2021",
            "title": "Obesity and overweight",
            "container": "who.int",
        },
    ),
    (
        "Grant PL, Osei K, eds. Clinical Rheumatology Handbook. 3rd ed. Norbridge; 2019.",
        {
            "families": ["Grant", "Osei"],
            "year": "2019",
            "title": "Clinical Rheumatology Handbook",
            "container": "Norbridge",
        },
    ),
    (
        "Mercer L, Abiodun T, Halvorsen K. Outcomes of autologous fat grafting in the hand. "
        "J Hand Surg Am. 2018 Jun 8;43(6):512-520. doi: 10.1016/j.jhsa.2018.02.011. "
        "Epub 2018 Mar 14. PMID: 29551234.",
        {
            "families": ["Mercer", "Abiodun", "Halvorsen"],
            "year": "2018",
            "title": "Outcomes of autologous fat grafting in the hand",
            "container": "J Hand Surg Am",
            "doi": "10.1016/j.jhsa.2018.02.011",
            "pmid": "29551234",
        },
    ),
    (
        "Ferro A, Lund M, Baptiste R, et al. 2020 Joint Society guideline for the care of "
        "chronic gout. Ann Rheum Dis. 2020;79(4):401-412.",
        {
            "families": ["Ferro", "Lund", "Baptiste"],
            "year": "2020",
            "title": "2020 Joint Society guideline for the care of chronic gout",
            "container": "Ann Rheum Dis",
        },
    ),
    (
        "Platelet-Rich Plasma: What It Is & Benefits. Lakeside Clinic. "
        "https://www.lakeside-clinic.example/treatments/prp",
        {
            "families": [],
            "title": "Platelet-Rich Plasma: What It Is & Benefits",
            "container": "Lakeside Clinic",
        },
    ),
    (
        "Osterberg, K. Tendon healing and growth factors. Nat. Rev. Rheumatol. 16, 223–231 (2020).",
        {
            "families": ["Osterberg"],
            "year": "2020",
            "title": "Tendon healing and growth factors",
            "container": "Nat. Rev. Rheumatol",
            "volume": "16",
        },
    ),
    (
        "National Institute of Dental Research. Gum disease. "
        "Retrieved from https://www.nidr.example.gov/gum-disease",
        {
            "families": ["National Institute of Dental Research"],
            "title": "Gum disease",
            "container": "nidr.example.gov",
        },
    ),
    (
        "Gout Foundation of Canada. What is gout? https://www.goutfoundation.example.ca/what-is",
        {"families": ["Gout Foundation of Canada"], "title": "What is gout?"},
    ),
]


def _check(raw: str, expected: dict[str, object]) -> None:
    ref = parse_reference(raw)
    assert ref.raw == raw
    for key, value in expected.items():
        if key == "families":
            assert [author_family(a) for a in ref.authors] == value, ref.authors
        else:
            assert getattr(ref, key) == value, (key, getattr(ref, key))


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_styles(raw: str, expected: dict[str, object]) -> None:
    _check(raw, expected)


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_rules_alone_find_identifiers_and_year(raw: str, expected: dict[str, object]) -> None:
    ref = parse_reference(raw, tagger=None)
    for key in ("label", "year", "doi", "pmid", "pmcid", "url"):
        if key in expected:
            assert getattr(ref, key) == expected[key], key


@pytest.mark.parametrize(
    ("raw", "label"),
    [("(3) Smith J. T. 2020.", "3"), ("[12] Smith J. T.", "12"), ("3. Smith J.", "3"),
     ("4) Smith J.", "4"), ("Smith J. 1990. Title.", None), ("2019. Title.", None)],
)  # fmt: skip
def test_leading_label_is_split_off(raw: str, label: str | None) -> None:
    ref = parse_reference(raw)
    assert ref.label == label
    if label:
        assert not (ref.title or "").startswith(label)


def test_given_label_wins_over_none_in_text() -> None:
    assert parse_reference("Smith J. Title. J Med. 2020;1:2.", label="9").label == "9"


def test_doi_keeps_balanced_parentheses_and_drops_sentence_punctuation() -> None:
    assert parse_reference("See doi:10.1016/S0140-6736(20)30183-5.").doi == (
        "10.1016/S0140-6736(20)30183-5"
    )
    assert parse_reference("x (https://doi.org/10.1000/abc).").doi == "10.1000/abc"


@pytest.mark.parametrize(
    ("written", "people"),
    [
        ("Yuan X, Sun L", ["Yuan X", "Sun L"]),
        ("Romero, C., Paunesku, D., & Dweck, C.", ["Romero, C.", "Paunesku, D.", "Dweck, C."]),
        ("Adams, Nicholson B., and Jane Doe", ["Adams, Nicholson B.", "Jane Doe"]),
        ("S. E. Han, G. Chen", ["S. E. Han", "G. Chen"]),
        ("Van Dyke, J., & de la Cruz, M.", ["Van Dyke, J.", "de la Cruz, M."]),
        (
            "Lee, L. L., W. E. Howard, and R. E. Marsh",
            ["Lee, L. L.", "W. E. Howard", "R. E. Marsh"],
        ),
        ("Ng A, Li B, et al.", ["Ng A", "Li B"]),
    ],
)
def test_split_authors(written: str, people: list[str]) -> None:
    assert split_authors(written) == people


@pytest.mark.parametrize(
    ("name", "family"),
    [("Yuan X", "Yuan"), ("Romero, C.", "Romero"), ("S. E. Han", "Han"), ("Jane Doe", "Doe"),
     ("de la Macorra JC", "de la Macorra"), ("Ludwig van Beethoven", "van Beethoven")],
)  # fmt: skip
def test_author_family(name: str, family: str) -> None:
    assert author_family(name) == family


def test_empty_and_label_only() -> None:
    assert parse_reference("").raw == ""
    ref = parse_reference("[3]")
    assert ref.label == "3" and ref.title is None


def test_reference_key_prefers_identifiers() -> None:
    assert reference_key(parse_reference("X. Title. J. 2020. doi:10.1000/ABC.Def")) == (
        "doi:10.1000/abc.def"
    )
    assert reference_key(parse_reference("X. Title. J. 2020. PMID: 123456")) == "pmid:123456"
    assert reference_key(parse_reference("X. Title. J. 2020. PMCID: PMC765432")) == (
        "pmcid:PMC765432"
    )


def test_reference_key_is_the_same_work_across_styles_and_labels() -> None:
    vancouver = parse_reference(
        "(2) Okafor N, Lindqvist P. Hydroxychloroquine adherence in cutaneous lupus. "
        "Lupus Sci Med. 2021;8(1):e000512."
    )
    apa = parse_reference(
        "[7] Okafor, N., & Lindqvist, P. (2021). Hydroxychloroquine adherence in cutaneous "
        "lupus. Lupus Science & Medicine, 8(1), e000512."
    )
    other = parse_reference(
        "Okafor N. Hydroxychloroquine adherence in discoid lupus. Lupus Sci Med. 2021;8:1."
    )
    assert reference_key(vancouver) == reference_key(apa)
    assert reference_key(vancouver) != reference_key(other)


def test_reference_key_of_a_bare_url_and_of_nothing() -> None:
    assert (
        reference_key(parse_reference("https://Example.org/Page/"))
        == "url:https://example.org/page"
    )
    assert reference_key(parse_reference("")).startswith("raw:")


def test_without_crfsuite_the_rules_parse_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from tracker.extraction import ref_model

    monkeypatch.setitem(sys.modules, "pycrfsuite", None)  # import fails as if not installed
    ref_model.default_tagger.cache_clear()
    try:
        assert ref_model.default_tagger() is None
        ref = parse_reference(CASES[0][0])
        assert ref.pmid == "33661234" and ref.container == "Lupus Sci Med"
    finally:
        ref_model.default_tagger.cache_clear()


def test_shipped_model_is_loaded() -> None:
    from tracker.extraction import ref_model

    assert ref_model.default_tagger() is not None
