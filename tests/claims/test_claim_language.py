"""Hedges, boosters, certainty, negation and categories: what a comparison tags changes by."""

from __future__ import annotations

import pytest

from tracker.comparison.claims import assess


@pytest.mark.parametrize(
    ("sentence", "hedges"),
    [
        ("Stem cells may reduce flares.", ("may",)),
        ("This could potentially help some patients.", ("could", "potentially", "some patients")),
        ("Early results suggest the therapy is safe.", ("early results", "suggest")),
        ("Ozone therapy appears to ease pain in some cases.", ("appears to", "in some cases")),
        ("Some studies show a benefit.", ("some studies",)),
        ("It is not yet proven to work.", ("not yet proven",)),
        ("The treatment cures lupus.", ()),
    ],
)
def test_hedges(sentence: str, hedges: tuple[str, ...]) -> None:
    assert assess(sentence).hedges == hedges


@pytest.mark.parametrize(
    ("sentence", "boosters"),
    [
        ("The therapy significantly reduces pain.", ("significantly",)),
        ("It is clinically proven to work.", ("clinically proven",)),
        ("Most patients clearly improve.", ("most", "clearly")),
        ("It always works, guaranteed.", ("always", "guaranteed")),
        ("The drug reduces pain.", ()),
    ],
)
def test_boosters(sentence: str, boosters: tuple[str, ...]) -> None:
    assert assess(sentence).boosters == boosters


def test_some_to_most_raises_certainty_at_the_same_strength() -> None:
    some = assess("Some patients improve after the first infusion.")
    most = assess("Most patients improve after the first infusion.")
    assert some.strength == most.strength
    assert most.certainty > some.certainty


def test_each_hedge_lowers_certainty_further() -> None:
    plain = assess("The injection relieves knee pain.")
    one = assess("The injection may relieve knee pain.")
    two = assess("The injection may possibly relieve knee pain in some cases.")
    assert plain.certainty > one.certainty > two.certainty
    assert all(0.0 <= a.certainty <= 1.0 for a in (plain, one, two))


@pytest.mark.parametrize(
    "sentence",
    [
        "Stem cell therapy does not cure lupus.",
        "The drug did not reduce mortality.",
        "Coffee is not associated with heart disease.",
        "There is no link between vaccines and autism.",
        "The supplement never causes side effects.",
        "Aspirin failed to prevent strokes in the trial.",
    ],
)
def test_negated(sentence: str) -> None:
    assert assess(sentence).negated


@pytest.mark.parametrize(
    "sentence",
    [
        "Stem cell therapy cures lupus.",
        "Not only does the therapy reduce pain, it also restores mobility.",
        "Patients who did not exercise had a higher risk of stroke.",
        "There is no doubt that smoking causes cancer.",
    ],
)
def test_not_negated(sentence: str) -> None:
    assert not assess(sentence).negated


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("The therapy reduces pain in 80% of patients.", "efficacy"),
        ("Our success rate is 94%.", "efficacy"),
        ("The procedure is safe, with no serious side effects.", "safety"),
        ("We have treated over 1000 patients since 2012.", "count"),
        ("Treatment costs $12,000 per session.", "price"),
        ("A 2021 randomized trial published in JAMA found no benefit.", "evidence"),
        ("Our cell lab is approved by COFEPRIS.", "approval"),
        ("Dr. Lee is a board-certified orthopedic surgeon.", "credential"),
        ("We are the leading stem cell clinic in Latin America.", "superlative"),
    ],
)
def test_categories(sentence: str, category: str) -> None:
    found = assess(sentence)
    assert category in found.categories
    assert found.is_claim


@pytest.mark.parametrize(
    "sentence",
    [
        "What is lupus?",
        "How does stem cell therapy work?",
        "Read more",
        "Contact us",
        "Welcome to our clinic!",
        "Thank you for reading.",
        "Share this article",
        "Table of contents",
        "",
    ],
)
def test_not_claims(sentence: str) -> None:
    assert not assess(sentence).is_claim


def test_citing_a_reference_makes_a_claim() -> None:
    sentence = "Lupus affects the skin, joints and kidneys."
    cited = assess(sentence, cites_reference=True)
    assert cited.is_claim
    assert "cites_reference" in cited.categories
    assert "cites_reference" not in assess(sentence).categories


def test_to_json_has_the_cli_fields() -> None:
    data = assess("Over 200 participants took 2.5 mg daily.").to_json()
    assert {"text", "is_claim", "strength", "hedges", "boosters", "numbers", "negated"} <= set(data)
    assert data["numbers"][0] == {
        "text": "Over 200 participants",
        "value": "200",
        "unit": "participants",
    }
