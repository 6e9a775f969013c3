"""Strength on the 4-level scale, for hand-written sentences in clinic, health and news style."""

from __future__ import annotations

import pytest

from tracker.comparison.claims import assess

DIRECT_CAUSAL = [
    "Stem cell therapy reduces inflammation in patients with lupus.",
    "Our treatment cures chronic back pain.",
    "Daily aspirin lowers the risk of a second heart attack.",
    "Smoking causes lung cancer.",
    "The new protocol halts the progression of multiple sclerosis.",
    "Regular exercise improves memory in older adults, a new study finds.",
    "Vitamin D supplements prevent fractures in elderly women.",
    "Mesenchymal stem cells repair damaged cartilage.",
    "Air pollution increases the risk of dementia.",
    "The injection relieves joint pain within two weeks.",
    "Sugar-sweetened drinks lead to weight gain in children.",
    "This therapy can reverse the damage caused by diabetes.",
    "Poor sleep worsens symptoms of depression.",
    "The drug extends survival in advanced melanoma.",
]

HEDGED_CAUSAL = [
    "Stem cell therapy may reduce inflammation in patients with lupus.",
    "Green tea could help prevent certain cancers.",
    "Daily aspirin might lower the risk of a second heart attack.",
    "Regular exercise may improve memory in older adults.",
    "The findings suggest that vitamin D supplements may prevent fractures.",
    "Mesenchymal stem cells appear to repair damaged cartilage.",
    "Air pollution could increase the risk of dementia.",
    "This approach may potentially slow the progression of the disease.",
    "Eating more fibre might protect against colon cancer.",
    "The treatment may help patients recover faster after surgery.",
]

CORRELATIONAL = [
    "Lupus is associated with a higher risk of heart disease.",
    "Poor sleep is linked to depression in teenagers.",
    "Coffee consumption was correlated with lower mortality.",
    "Obese patients were more likely to develop complications.",
    "Women who ate more fish had a lower risk of stroke.",
    "Higher vitamin D levels are associated with better outcomes.",
    "Depression is tied to heart failure in older adults.",
    "Children of smokers are twice as likely to develop asthma.",
    "Long working hours are linked with a greater risk of stroke.",
]

NO_RELATIONSHIP = [
    "Lupus is a chronic autoimmune disease.",
    "The study was published in the journal Lancet Rheumatology.",
    "Researchers enrolled 240 patients at three hospitals.",
    "Dr. Smith is a board-certified rheumatologist.",
    "Our clinic is located in Tijuana, Mexico.",
    "The trial will run for two years.",
    "About 5 million people worldwide live with lupus.",
    "Mesenchymal stem cells are found in bone marrow and fat tissue.",
]


@pytest.mark.parametrize("sentence", DIRECT_CAUSAL)
def test_direct_causal_is_3(sentence: str) -> None:
    assert assess(sentence).strength == 3


@pytest.mark.parametrize("sentence", HEDGED_CAUSAL)
def test_hedged_causal_is_2(sentence: str) -> None:
    assert assess(sentence).strength == 2


@pytest.mark.parametrize("sentence", CORRELATIONAL)
def test_correlational_is_1(sentence: str) -> None:
    assert assess(sentence).strength == 1


@pytest.mark.parametrize("sentence", NO_RELATIONSHIP)
def test_no_relationship_is_0(sentence: str) -> None:
    assert assess(sentence).strength == 0


@pytest.mark.parametrize(
    ("hedged", "plain"),
    [
        ("Stem cells may reduce pain.", "Stem cells reduce pain."),
        ("Acupuncture could relieve migraines.", "Acupuncture relieves migraines."),
        ("The supplement might boost immunity.", "The supplement boosts immunity."),
    ],
)
def test_removing_the_modal_strengthens(hedged: str, plain: str) -> None:
    before, after = assess(hedged), assess(plain)
    assert (before.strength, after.strength) == (2, 3)
    assert after.certainty > before.certainty
