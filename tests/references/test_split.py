"""split_references: the reference list leaves the body, and body text never goes with it."""

from __future__ import annotations

from tracker.extraction.reference_list import split_references
from tracker.model import Block, BlockKind

H = BlockKind.HEADING
P = BlockKind.PARAGRAPH
LI = BlockKind.LIST_ITEM


def b(kind: BlockKind, text: str, ordinal: int | None = None) -> Block:
    return Block(kind=kind, text=text, ordinal=ordinal, level=2 if kind is H else None)


BODY = [
    b(H, "What is lupus?"),
    b(P, "Lupus is an autoimmune disease that can affect the skin and joints (1)."),
    b(P, "Treatment options have grown over the last decade (2)."),
]


def test_heading_and_list_items_with_ordinals() -> None:
    blocks = [*BODY, b(H, "References"),
              b(LI, "Okafor N. Lupus care. Lupus. 2021;8:1-2.", ordinal=1),
              b(LI, "Brandt K. Flares. J Rheum. 2019;25:211.", ordinal=2)]  # fmt: skip
    body, refs = split_references(blocks)
    assert body == BODY
    assert [r.label for r in refs] == ["1", "2"]
    assert refs[0].container == "Lupus" and refs[1].year == "2019"


def test_text_label_wins_over_list_position() -> None:
    blocks = [*BODY, b(H, "Sources:"),
              b(LI, "[4] Okafor N. Lupus care. Lupus. 2021;8:1-2.", ordinal=1)]  # fmt: skip
    _, refs = split_references(blocks)
    assert [r.label for r in refs] == ["4"]


def test_heading_then_paragraphs_then_more_body_after_next_heading() -> None:
    after = [b(H, "About the author"), b(P, "Dr. Vale has practised for twenty years.")]
    blocks = [*BODY, b(H, "Bibliography"),
              b(P, "(1) Okafor N. Lupus care. Lupus. 2021;8:1-2."),
              b(P, "(2) Brandt K. Flares. J Rheum. 2019;25:211."), *after]  # fmt: skip
    body, refs = split_references(blocks)
    assert body == BODY + after
    assert [r.label for r in refs] == ["1", "2"]


def test_trailing_numbered_paragraphs_without_heading() -> None:
    blocks = [*BODY, b(P, "1. Okafor N. Lupus care. Lupus. 2021;8:1-2."),
              b(P, "2. Brandt K. Flares. J Rheum. 2019;25:211. doi:10.1097/x.1")]  # fmt: skip
    body, refs = split_references(blocks)
    assert body == BODY
    assert [r.label for r in refs] == ["1", "2"]
    assert refs[1].doi == "10.1097/x.1"


def test_trailing_numbered_paragraphs_followed_by_short_leftovers() -> None:
    leftovers = [b(P, "Board-certified physicians"), b(P, "Ready to get started?")]
    blocks = [*BODY, b(P, "(1) Okafor N. Lupus care. Lupus. 2021;8:1-2."),
              b(P, "(2) Brandt, K. (2019). Flares. Retrieved from"), *leftovers]  # fmt: skip
    body, refs = split_references(blocks)
    assert body == BODY + leftovers
    assert [r.label for r in refs] == ["1", "2"]


def test_numbered_studies_followed_by_prose_stay_in_the_body() -> None:
    prose = b(P, "These two trials were small, and neither was blinded, so the clinic's claim "
                 "that the treatment works rests on weak evidence at best.")  # fmt: skip
    blocks = [*BODY, b(P, "1. A 2019 trial of 40 patients."), b(P, "2. A 2021 trial of 12."), prose]
    assert split_references(blocks) == (blocks, [])


def test_single_numbered_paragraph_mid_article_is_body() -> None:
    blocks = [BODY[0], b(P, "1. Drink water before the appointment in 2024."), *BODY[1:]]
    assert split_references(blocks) == (blocks, [])


def test_trailing_steps_list_is_not_a_reference_list() -> None:
    steps = [b(LI, "Call the clinic to book.", ordinal=1),
             b(LI, "Bring your medication list.", ordinal=2),
             b(LI, "Arrive ten minutes early.", ordinal=3)]  # fmt: skip
    blocks = [*BODY, *steps]
    assert split_references(blocks) == (blocks, [])


def test_reference_section_stops_at_prose_without_a_heading() -> None:
    prose = b(P, " ".join(["This long paragraph is plainly more of the article body text."] * 5))
    blocks = [*BODY, b(H, "Notes"), b(P, "1. Okafor N. Lupus care. Lupus. 2021;8:1-2."), prose]
    body, refs = split_references(blocks)
    assert body == [*BODY, prose]
    assert len(refs) == 1


def test_heading_without_entries_is_left_alone() -> None:
    blocks = [*BODY, b(H, "Sources")]
    assert split_references(blocks) == (blocks, [])


def test_unnumbered_author_year_list_gets_author_year_labels() -> None:
    blocks = [*BODY, b(H, "Works cited"),
              b(P, "Liu, X. (2018). Sleep. Lupus, 1, 2."),
              b(P, "Liu, X. (2018). Diet. Lupus, 1, 3."),
              b(P, "Lee, A. (2020). Sun. Skin, 3, 6.")]  # fmt: skip
    _, refs = split_references(blocks)
    assert [r.label for r in refs] == ["Liu 2018a", "Liu 2018b", "Lee 2020"]


def test_no_reference_list() -> None:
    assert split_references(BODY) == (BODY, [])
    assert split_references([]) == ([], [])


def test_a_repeated_list_is_parsed_alike_and_each_result_is_its_own() -> None:
    """Entries are parsed once per process; a caller changing its copy changes no other."""
    blocks = [*BODY, b(H, "References"),
              b(P, "Okafor, N. (2021). Lupus care. Lupus, 8, 1-2."),
              b(P, "Okafor, N. (2021). Flares in winter. Lupus, 9, 3-4.")]  # fmt: skip
    _, first = split_references(blocks)
    assert [r.label for r in first] == ["Okafor 2021a", "Okafor 2021b"]
    first[0].label = "changed"
    first[0].authors.append("Someone Else")
    _, second = split_references(blocks)
    assert [r.label for r in second] == ["Okafor 2021a", "Okafor 2021b"]
    assert second[0].authors == ["Okafor, N."]
    assert second[0] is not first[0]
