"""find_citations / attach_citations: markers found, resolved, and non-markers left alone."""

from __future__ import annotations

import pytest

from tracker.extraction.citations import attach_citations, find_citations
from tracker.extraction.references import parse_reference
from tracker.model import Block, BlockKind, Sentence


def numbered(count: int) -> list:
    return [parse_reference(f"Author{n} A. Title {n}. J Test. 2020;{n}:1-2.", label=str(n))
            for n in range(1, count + 1)]  # fmt: skip


AUTHOR_YEAR = [
    parse_reference("Liu, X., & Wang, Y. (2018). Sleep and flares. Lupus, 1, 2-3."),
    parse_reference("Smith, J., & Jones, K. (2019). Diet and lupus. Lupus, 2, 4-5."),
    parse_reference("Lee, A. (2020). Sunlight. Skin, 3, 6-7."),
    parse_reference("Müller, B. (2021a). First. Skin, 4, 1."),
    parse_reference("Müller, B. (2021b). Second. Skin, 4, 2."),
]
for ref, label in zip(AUTHOR_YEAR, ["Liu 2018", "Smith 2019", "Lee 2020", "M1", "M2"], strict=True):
    ref.label = label


def labels_of(text: str, refs: list) -> list[list[str]]:
    return [citation.labels for citation in find_citations(text, refs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lupus affects the skin (3).", [["3"]]),
        ("It is common [2].", [["2"]]),
        ("Two studies agree [1, 3].", [["1", "3"]]),
        ("Several trials [2-4] and more [5–6].", [["2", "3", "4"], ["5", "6"]]),
        ("Mixed list (3, 5).", [["3", "5"]]),
        ("Ranges with gaps [1, 3-4; 6].", [["1", "3", "4", "6"]]),
        ("Stacked markers[1][2].", [["1"], ["2"]]),
        ("Lupus is common (1) and serious (2) in women.", [["1"], ["2"]]),
        ("IEEE ranges [2]–[4] and [6].", [["2", "3", "4"], ["6"]]),
    ],
)
def test_numeric_markers(text: str, expected: list[list[str]]) -> None:
    assert labels_of(text, numbered(6)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The drug was approved in (2018).",
        "Response was 45 (12%) of patients.",
        "A small trial (n = 15) found no effect.",
        "Patients were (1) older and (2) sicker than controls.",
        "Two aims: (1) measure pain and (2) compare doses.",
        "Costs rose (from 3 to 5).",
        "Nothing cites reference (9) because there are six.",
    ],
)
def test_non_markers(text: str) -> None:
    assert find_citations(text, numbered(6)) == []


def test_marker_pointing_partly_outside_the_list_keeps_only_existing_labels() -> None:
    assert labels_of("As shown [5-8].", numbered(6)) == [["5", "6"]]


def test_without_a_reference_list_only_brackets_count() -> None:
    found = find_citations("Shown [3] and (4) and (2019).", [])
    assert [(c.marker, c.labels) for c in found] == [("[3]", ["3"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sleep matters (Liu et al., 2018).", [["Liu 2018"]]),
        ("Liu et al. (2018) found it.", [["Liu 2018"]]),
        ("Both (Smith & Jones 2019; Lee 2020).", [["Smith 2019", "Lee 2020"]]),
        ("Smith and Jones (2019) disagree.", [["Smith 2019"]]),
        ("Two papers (Müller, 2021a, 2021b).", [["M1", "M2"]]),
        ("See (e.g., Lee, 2020).", [["Lee 2020"]]),
        ("Unknown work (Doe et al., 2001).", [[]]),
    ],
)
def test_author_year(text: str, expected: list[list[str]]) -> None:
    assert labels_of(text, AUTHOR_YEAR) == expected


@pytest.mark.parametrize(
    "text",
    ["It launched in March (2018).", "Since (2019) the clinic grew.", "In Europe (2017) it sold."],
)
def test_years_after_words_are_not_author_year_markers(text: str) -> None:
    assert find_citations(text, AUTHOR_YEAR) == []


def test_renumbered_list_resolves_to_the_new_labels() -> None:
    old = [
        parse_reference(raw)
        for raw in ("(1) Ames B. A. J. 2001;1:1.", "(2) Cole D. C. J. 2003;1:1.")
    ]
    inserted = (
        "(1) Ames B. A. J. 2001;1:1.",
        "(2) Bell C. B. J. 2002;1:1.",
        "(3) Cole D. C. J. 2003;1:1.",
    )
    new = [parse_reference(raw) for raw in inserted]
    assert labels_of("Cole showed it (2).", old) == [["2"]]
    assert labels_of("Cole showed it (3).", new) == [["3"]]
    cited = next(ref for ref in new if ref.label == "3")
    assert cited.authors == ["Cole D"]


def test_attach_citations_fills_every_sentence_in_place() -> None:
    blocks = [
        Block(kind=BlockKind.PARAGRAPH, text="A (1). B [2].",
              sentences=[Sentence(text="A (1)."), Sentence(text="B [2].")]),
        Block(kind=BlockKind.HEADING, text="Why", sentences=[Sentence(text="Why")]),
    ]  # fmt: skip
    attach_citations(blocks, numbered(2))
    assert [s.cited_labels for b in blocks for s in b.sentences] == [["1"], ["2"], []]
