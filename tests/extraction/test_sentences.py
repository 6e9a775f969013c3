from __future__ import annotations

import pytest

from tracker.extraction.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One sentence.", ["One sentence."]),
        ("First one. Second one.", ["First one.", "Second one."]),
        (
            "Liu et al. found a benefit. It was small.",
            ["Liu et al. found a benefit.", "It was small."],
        ),
        (
            "A study by Jun Liang et al. Found nothing new.",
            ["A study by Jun Liang et al. Found nothing new."],
        ),
        ("Dr. Osei said so. Mrs. Pike agreed.", ["Dr. Osei said so.", "Mrs. Pike agreed."]),
        (
            "Some drugs, e.g. hydralazine, cause it. Others do not.",
            ["Some drugs, e.g. hydralazine, cause it.", "Others do not."],
        ),
        (
            "Dose A vs. dose B was tested. Both worked.",
            ["Dose A vs. dose B was tested.", "Both worked."],
        ),
        (
            "Most trials ran in the U.S. and Europe. None ran in Asia.",
            ["Most trials ran in the U.S. and Europe.", "None ran in Asia."],
        ),
        (
            "The odds ratio was 0.88 overall. It was 0.75 in men.",
            ["The odds ratio was 0.88 overall.", "It was 0.75 in men."],
        ),
        ("Louis A. Cona wrote it. He is a doctor.", ["Louis A. Cona wrote it.", "He is a doctor."]),
        (
            "It reduced activity. (3) A second trial agreed. (4)",
            ["It reduced activity. (3)", "A second trial agreed. (4)"],
        ),
        (
            "It helped.[2] Then it stopped [3]. Why?",
            ["It helped.[2]", "Then it stopped [3].", "Why?"],
        ),
        (
            "Over 200 patients took part.[1, 3] Results varied.",
            ["Over 200 patients took part.[1, 3]", "Results varied."],
        ),
        ("“It works,” she said. “We are sure.”", ["“It works,” she said.", "“We are sure.”"]),
        ("See Fig. 2 for details. The end!", ["See Fig. 2 for details.", "The end!"]),
        ("Hydralazine, a hypertension medication", ["Hydralazine, a hypertension medication"]),
        ("1. Screening visit", ["1. Screening visit"]),
        ("", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_no_text_is_lost() -> None:
    text = "Alpha beta. Gamma (2). Delta et al. Epsilon? Zeta! [4] Eta 3.5 mg. Theta"
    assert " ".join(split_sentences(text)).split() == text.split()
