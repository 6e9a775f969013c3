"""What a claim is about: every category a watchdog reads, on sentences written for it."""

from __future__ import annotations

import pytest

from tracker.comparison.claims import CATEGORIES, assess


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("Knee injections relieve arthritis pain within weeks.", "efficacy"),
        ("Our success rate is 94% for rotator cuff repair.", "efficacy"),
        ("The procedure is safe and well tolerated.", "safety"),
        ("There are no side effects.", "safety"),
        ("Injections may cause bleeding or infection at the site.", "warning"),
        ("Do not use this product if you are pregnant.", "warning"),
        ("Serious risks include stroke and pulmonary embolism.", "warning"),
        ("We have treated over 1,200 patients since opening.", "count"),
        ("Our findings rest on 14 randomized trials.", "count"),
        ("Results from a registry of 2,300 treated knees", "count"),
        ("Outcomes in 312 treated eyes were excellent.", "count"),
        ("Our surgeons have performed 1,200 hip replacements.", "count"),
        ("A review of 12 randomized controlled trials found less pain.", "count"),
        ("The study enrolled 48 consecutive participants.", "count"),
        ("A single injection costs $4,500.", "price"),
        ("Most plans of insurance do not cover the procedure.", "price"),
        ("A 2021 systematic review found the same benefit.", "evidence"),
        ("Our device is FDA-cleared for chronic back pain.", "approval"),
        ("The laboratory is licensed and registered with the state.", "approval"),
        ("This treatment is not approved by the FDA.", "disclaimer"),
        (
            "These statements have not been evaluated by the Food and Drug Administration.",
            "disclaimer",
        ),
        ("The kit is sold for research use only.", "disclaimer"),
        (
            "This product is not intended to diagnose, treat, cure or prevent any disease.",
            "disclaimer",
        ),
        ("Individual results may vary.", "disclaimer"),
        ("Microsoft does not access private data without your consent.", "commitment"),
        ("We may only use the data consistent with this statement.", "commitment"),
        ("We will never sell your personal information to third parties.", "commitment"),
        ("We delete your account data within 30 days of a request.", "commitment"),
        ("Dr. Reyes is a board-certified orthopedic surgeon.", "credential"),
        ("Our clinic is accredited by the Joint Commission.", "credential"),
        ("We are the leading stem cell clinic in Texas.", "superlative"),
        ("It is the only treatment of its kind in Mexico.", "superlative"),
    ],
)
def test_each_category_is_read(sentence: str, category: str) -> None:
    assessment = assess(sentence)
    assert assessment.is_claim
    assert category in assessment.categories, assessment.categories


def test_categories_are_the_declared_vocabulary() -> None:
    found = {
        c
        for s in ("We may only use your data.", "Not approved by the FDA.")
        for c in assess(s).categories
    }
    assert found <= set(CATEGORIES)


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("There are no side effects and no complications.", "warning"),  # a safety claim
        ("We may only use the data consistent with this statement.", "superlative"),
        ("We may only use the data consistent with this statement.", "evidence"),
        ("Cells were stored in liquid nitrogen.", "commitment"),  # no promise, nothing of yours
        ("The study data were shared with the journal.", "commitment"),
        ("The clinic opened its doors in 2012.", "count"),
        ("Set the blade height so one tooth is over the board.", "count"),
        ("15 years treating patients with arthritis.", "count"),
    ],
)
def test_what_a_sentence_is_not_about(sentence: str, absent: str) -> None:
    assert absent not in assess(sentence).categories


def test_a_commitment_measures_how_much_it_binds() -> None:
    assert assess("We may only use the data consistent with this statement.").protection == 1
    assert assess("We may use the data consistent with this statement.").protection == 0
    assert assess("The app does not access private data without your consent.").protection == 0
    assert assess("The app does not access private data.").protection == 1
    assert assess("Stem cells relieve pain.").protection is None  # no promise at all


def test_limitations_are_listed_in_order() -> None:
    found = assess("In some patients the injections may help, but they are not FDA approved.")
    assert found.limitations[0] == "in some patients"
    assert any("not" in limit and "approved" in limit for limit in found.limitations)
    assert assess("Stem cells relieve pain.").limitations == ()


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("Louis Moreno, MD, leads the regenerative team.", "credential"),
        ("She holds a PhD in molecular biology.", "credential"),
        ("Dr. Hale completed his residency at a teaching hospital.", "credential"),
        ("Our surgeons are fellowship-trained in sports medicine.", "credential"),
        ("He graduated from the University of Michigan Medical School.", "credential"),
        ("It was the first clinic in the state to offer the procedure.", "superlative"),
        ("We are one of the largest stem cell providers in Panama.", "superlative"),
        ("The lab is the world's first to culture the cells at scale.", "superlative"),
        ("Our industry-leading protocol uses fresh cells.", "superlative"),
        ("Best Knee Brace Overall: the Ossur Rebound", "superlative"),
        ("Studies have shown that exercise lowers blood pressure.", "evidence"),
        ("According to the National Institute on Aging, balance training helps.", "evidence"),
        ("The device is cleared by the FDA for home use.", "approval"),
        ("Sessions cost 2.9% of the plan's annual limit, about $40.", "price"),
        ("The first consultation is free of charge.", "price"),
        ("The serum is safe for pregnant women.", "safety"),
    ],
)
def test_each_category_is_read_in_more_shapes(sentence: str, category: str) -> None:
    assert category in assess(sentence).categories, assess(sentence).categories


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        # ordinary words that name no credential: a role, a skill, a file name
        ("Our specialists will call you within a day.", "credential"),
        ("With expertise in fitness design, we bring your vision to life.", "credential"),
        ("Document common operations in your README.md file.", "credential"),
        ("Experienced staff answer the phone around the clock.", "credential"),
        # "first", "best" and "top" that boast of nothing
        ("First, apply ice to the knee for twenty minutes.", "superlative"),
        ("The first step is a short phone call with our team.", "superlative"),
        ("Follow these best practices when you publish the module.", "superlative"),
        ("One of the best ways to learn is to attend a workshop.", "superlative"),
        ("Keep your brand top of mind with regular posts.", "superlative"),
        ("These cameras first appeared in 2004.", "superlative"),
        # a date, a log level, a data table and a legal team are no claim of these kinds
        ("Effective January 1st, 2025, we will stop updating the old version.", "efficacy"),
        ("The deprecation warning will be emitted once per call.", "warning"),
        ("Build a data warehouse that supports your analytics needs.", "evidence"),
        ("Our legal team can draft the agreements you need.", "approval"),
        ("Adhering to local regulations keeps the project on schedule.", "approval"),
        ("Experimental Design and Data Utilization", "disclaimer"),
        ("Pricing tips for small agencies and freelancers", "price"),
        ("Homeowners insurance protects the belongings in your home.", "price"),
        ("In order to reduce costs, some schools use open textbooks.", "efficacy"),
        ("My sister works in early years education.", "efficacy"),
        ("We create a safe and welcoming space for every guest.", "safety"),
    ],
)
def test_ordinary_sentences_get_no_category_they_do_not_claim(sentence: str, absent: str) -> None:
    assert absent not in assess(sentence).categories, assess(sentence).categories


def test_a_question_is_about_nothing_but_a_bare_price_is_a_price() -> None:
    assert assess("How much does a knee injection cost?").categories == ()
    assert "price" in assess("$4,500").categories


@pytest.mark.parametrize(
    ("sentence", "category", "present"),
    [
        ("According to the National Sleep Council, adults need seven hours.", "evidence", True),
        ("Refund requests are handled according to your plan's terms.", "evidence", False),
        ("Stem Cell Clinic Panama - Best Regenerative Clinic", "superlative", True),
        ("Reduce swelling by raising the leg above the heart.", "efficacy", False),
        ("Relieves joint pain and stiffness in weeks.", "efficacy", True),
        ("A plant-based diet may reduce your risk of heart disease.", "warning", False),
        ("Stalling a DC motor shortens its life.", "credential", False),
        ("The Twilight Saga (Book #1) sold well.", "superlative", False),
        ("We have two young kids at home.", "count", False),
        ("The device is rated 4.5 stars from 1,860 reviews.", "count", False),
        ("Our clinic has treated 1,860 patients.", "count", True),
    ],
)
def test_category_evidence_in_context(sentence: str, category: str, present: bool) -> None:
    assert (category in assess(sentence).categories) is present, assess(sentence).categories


def test_frequencies_have_a_place_and_say_whether_they_count_a_harm() -> None:
    assert assess("Headaches were rare after the nerve block.").frequencies == ((1, True),)
    assert assess("The balm rarely relieves a headache.").frequencies == ((1, False),)
    assert assess("All patients reported less pain at six weeks.").frequencies == ((5, False),)
    assert assess("All patients developed infections at the port.").frequencies == ((5, True),)
    assert assess("The procedure carries a small risk of scarring.").frequencies == ((1, True),)
    assert assess("Our team looks for common risk factors.").frequencies == ()


def test_a_promise_to_act_for_the_reader_binds_by_its_modal() -> None:
    assert (
        assess("We don't sell your data.").protection
        == assess("We do not sell your data.").protection
        == 1
    )
    assert assess("We will encrypt your files.").protection == 1
    assert assess("We may encrypt your files.").protection == -1
    assert assess("We do not encrypt your files.").protection == -1


def test_the_regulatory_status_claimed_is_the_highest_not_denied() -> None:
    assert assess("The light wand is under FDA review.").regulatory_status == 1
    assert assess("The light wand is FDA-cleared for acne.").regulatory_status == 3
    assert assess("The light wand is not FDA-approved.").regulatory_status == 0
    assert (
        assess("The wand is FDA-cleared but has not been approved by the FDA.").regulatory_status
        == 3
    )
    assert assess("Our registered nurses answer the phone at night.").regulatory_status == 0


def test_a_right_granted_to_the_reader_is_a_commitment_and_a_task_is_not() -> None:
    assert "commitment" in assess("You can unsubscribe from the newsletter at any time.").categories
    assert "commitment" not in assess("You can track your steps in the app each day.").categories
