"""Numbers with their units, normalised so old and new versions compare by value."""

from __future__ import annotations

import pytest

from tracker.comparison.claim_numbers import Quantity, find_quantities
from tracker.comparison.claims import assess


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The study followed over 200 participants.",
            [("over 200 participants", "200", "participants")],
        ),
        ("Lupus affects 5 million people worldwide.", [("5 million people", "5000000", "people")]),
        ("Scores ranged from 15 to 45.", [("15 to 45", "15-45", None)]),
        ("Each session costs $12,000.", [("$12,000", "12000", "USD")]),
        ("Take 2.5 mg twice a day.", [("2.5 mg", "2.5", "mg")]),
        ("Results last ten years.", [("ten years", "10", "years")]),
        ("It helped 85% of patients.", [("85%", "85", "%")]),
        ("It helped 85 percent of patients.", [("85 percent", "85", "%")]),
        ("Prices start at €4,500.", [("€4,500", "4500", "EUR")]),
        ("A course costs £950.", [("£950", "950", "GBP")]),
        ("We infuse 100 million cells.", [("100 million cells", "100000000", "cells")]),
        ("Nearly 2,287 patients were enrolled.", [("Nearly 2,287 patients", "2287", "patients")]),
        ("Twenty-five women joined.", [("Twenty-five women", "25", "women")]),
        ("A 15-year study.", [("15-year", "15", "years")]),
        ("Dose: 5mg.", [("5mg", "5", "mg")]),
        ("Risk rose 3x.", [("3x", "3", "times")]),
        (
            "The trial lasted 12 weeks (n = 48).",
            [("12 weeks", "12", "weeks"), ("n = 48", "48", "participants")],
        ),
        (
            "More than 1,000 studies have been published.",
            [("More than 1,000 studies", "1000", "studies")],
        ),
        ("Fees rose to $1.2 million.", [("$1.2 million", "1200000", "USD")]),
        (
            "It is diagnosed between 15 and 45 years of age.",
            [("between 15 and 45 years", "15-45", "years")],
        ),
        (
            "Between 2010 and 2020, 300 clinics opened.",  # years say when, not how many
            [("300 clinics", "300", "clinics")],
        ),
        (
            "Between 15 and 45 patients improved.",
            [("Between 15 and 45 patients", "15-45", "patients")],
        ),
        ("Song et al. 2020 treated 40 knees.", [("40 knees", "40", "knees")]),
        ("Song et al. (2020) and Lin and Wu, 2019, agree.", []),
        ("See Stem Cells Int. 16(4):22-30 for 12 patients.", [("12 patients", "12", "patients")]),
        ("In 2019 the clinic charged $2,019.", [("$2,019", "2019", "USD")]),
    ],
)
def test_quantities(sentence: str, expected: list[tuple[str, str, str | None]]) -> None:
    found = find_quantities(sentence)
    assert [(q.text, q.value, q.unit) for q in found] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "It is one of the best clinics.",
        "Stem cells reduce inflammation [3].",
        "Stem cells reduce inflammation (2, 4).",
        "COVID-19 changed everything.",
        "No one knows.",
    ],
)
def test_not_numbers(sentence: str) -> None:
    assert find_quantities(sentence) == ()


def test_value_change_is_visible_through_assess() -> None:
    old = assess("We have treated over 1000 patients.")
    new = assess("We have treated over 2000 patients.")
    assert old.numbers == (Quantity(text="over 1000 patients", value="1000", unit="patients"),)
    assert new.numbers[0].value == "2000"
    assert "count" in old.categories


def test_years_say_when_not_how_many() -> None:
    # a year is no checkable quantity: "opened in 2012" -> "in 2013" is not number_changed
    assert find_quantities("The clinic opened in 2012.") == ()
    assert find_quantities("The clinic treated 2012 patients.") == (
        Quantity(text="2012 patients", value="2012", unit="patients"),
    )


@pytest.mark.parametrize(
    "text",
    ["1" * 5000 + " mg", "$" + "9" * 6000 + " million", "1," * 5000, "0." + "0" * 4000 + "1 %"],
)
def test_absurdly_long_numbers_do_not_crash(text: str) -> None:
    found = find_quantities(text)
    assert all(q.value and q.value[0].isdigit() for q in found)


@pytest.mark.parametrize(
    "text",
    [
        "© 2025 Harbor Clinic. All rights reserved.",
        "Call (555) 123-4567 today.",
        "Call 555-123-4567 to book.",
        "Copyright 2019-2024 Example Health.",
    ],
)
def test_phone_numbers_and_copyright_years_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == ()


def test_a_capitalised_name_after_a_number_is_not_its_unit() -> None:
    assert find_quantities("With 12 Harbor Clinics we have grown.")[0].unit is None
