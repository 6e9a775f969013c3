"""What a watchdog publishes: direction of a change, its significance, one change per claim.

Pages are written here in the shapes of the issue's real cases (a clinic page with
author-year citations, a privacy statement, a product page with an FDA disclaimer).
"""

from __future__ import annotations

import pytest
from support.documents import doc, paragraph, ref

from tracker import compare, extract
from tracker.comparison.claim_tags import claim_tags
from tracker.comparison.claims import assess
from tracker.model import ChangeKind, ClaimChange, ClaimTag, Significance
from tracker.render.feed import report_summary
from tracker.render.html import render_html
from tracker.render.json import report_json
from tracker.render.terminal import render_text

_PAGE = """<html><head><title>Amniotic injections for knees</title></head><body><article>
<h1>Amniotic injections for knees</h1>{body}
<h2>References</h2><ol>
<li>Lin J, Wu K. Amniotic fluid cells in osteoarthritis. J Orthop Res. 2019;37(2):100-110.</li>
<li>Song H, Park S. Cartilage repair outcomes. Stem Cells Int. 2020;16(4):22-30.</li>
</ol></article></body></html>"""


def page(*paragraphs: str):
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return extract(_PAGE.format(body=body), "https://clinic.example/knees")


def one_change(old: str, new: str) -> ClaimChange:
    report = compare(doc([old]), doc([new]))
    assert len(report.claim_changes) == 1, report.claim_changes
    return report.claim_changes[0]


# ------------------------------------------------------------------ direction


def test_removing_may_only_from_a_promise_weakens_the_protection() -> None:
    change = one_change(
        "We may only use the data consistent with this statement.",
        "We may use the data consistent with this statement.",
    )
    assert change.tags[:2] == [ClaimTag.WEAKENED, ClaimTag.PROTECTION_WEAKENED]
    assert ClaimTag.STRENGTHENED not in change.tags
    assert ClaimTag.LIMITATION_REMOVED in change.tags
    assert change.significance == Significance.HIGH
    assert "commitment" in change.categories


def test_adding_only_to_a_promise_strengthens_it() -> None:
    change = one_change(
        "We may use the data consistent with this statement.",
        "We may only use the data consistent with this statement.",
    )
    assert ClaimTag.PROTECTION_STRENGTHENED in change.tags
    assert ClaimTag.STRENGTHENED in change.tags
    assert change.significance == Significance.MEDIUM


def test_dropping_the_consent_exception_binds_the_promise_more() -> None:
    change = one_change(
        "The app does not access private data without your consent.",
        "The app does not access private data.",
    )
    assert ClaimTag.PROTECTION_STRENGTHENED in change.tags
    assert ClaimTag.PROTECTION_WEAKENED not in change.tags


def test_a_promise_that_loses_its_never_is_weakened() -> None:
    change = one_change(
        "We will never sell your personal information.",
        "We will sell your personal information to partners.",
    )
    assert ClaimTag.PROTECTION_WEAKENED in change.tags
    assert change.significance == Significance.HIGH


def test_removing_a_population_limit_strengthens_an_efficacy_claim() -> None:
    change = one_change(
        "Stem cell therapy relieves pain in some patients.",
        "Stem cell therapy relieves pain in patients.",
    )
    assert ClaimTag.STRENGTHENED in change.tags
    assert ClaimTag.LIMITATION_REMOVED in change.tags
    assert ClaimTag.PROTECTION_WEAKENED not in change.tags


def test_removing_not_approved_from_a_claim_strengthens_it_and_drops_a_disclaimer() -> None:
    change = one_change(
        "Our stem cell injection, which is not approved by the FDA, relieves knee pain.",
        "Our stem cell injection relieves knee pain.",
    )
    assert ClaimTag.STRENGTHENED in change.tags
    assert ClaimTag.DISCLAIMER_REMOVED in change.tags
    assert ClaimTag.LIMITATION_REMOVED in change.tags
    assert change.significance == Significance.HIGH


# ------------------------------------------------------------------ significance and order


def test_a_removed_fda_disclaimer_is_not_as_minor_as_a_typo() -> None:
    old = doc(
        [
            "Our injections relieve knee pain in most patients.",
            "This treatment is not approved by the FDA for knee arthritis.",
        ]
    )
    new = doc(["Our injections relieve knee pain in most patiens."])
    report = compare(old, new)
    first, *rest = report.claim_changes
    assert first.kind == ChangeKind.REMOVED
    assert first.tags == [ClaimTag.DISCLAIMER_REMOVED]
    assert first.significance == Significance.HIGH
    assert "disclaimer" in first.categories
    assert [change.significance for change in rest] == [Significance.LOW]


def test_a_removed_safety_warning_comes_before_a_reworded_sentence() -> None:
    old = doc(
        ["Our clinic has treated knees for ten years."],
        ["Injections may cause infection or bleeding at the site."],
    )
    new = doc(["Our clinic has been treating knees for ten years."])
    report = compare(old, new)
    assert report.claim_changes[0].tags == [ClaimTag.WARNING_REMOVED]
    assert report.claim_changes[0].significance == Significance.HIGH
    assert report.claim_changes[-1].significance == Significance.LOW


def test_a_newly_claimed_approval_is_high_and_a_new_warning_medium() -> None:
    old = doc(["Our device treats chronic back pain."])
    new = doc(
        [
            "Our device treats chronic back pain.",
            "It is FDA-cleared for home use.",
            "It may cause mild skin irritation.",
        ]
    )
    report = compare(old, new)
    by_text = {change.new: change for change in report.claim_changes}
    assert by_text["It is FDA-cleared for home use."].significance == Significance.HIGH
    warning = by_text["It may cause mild skin irritation."]
    assert warning.tags == [ClaimTag.WARNING_ADDED]
    assert warning.significance == Significance.MEDIUM
    assert [c.significance for c in report.claim_changes] == sorted(
        (c.significance for c in report.claim_changes),
        key=[Significance.HIGH, Significance.MEDIUM, Significance.LOW].index,
    )


def test_a_flipped_claim_is_high() -> None:
    change = one_change(
        "Stem cells do not cure arthritis.",
        "Stem cells cure arthritis.",
    )
    assert change.significance == Significance.HIGH


# ------------------------------------------------------------------ pairing


def test_a_heavy_hedged_rewrite_of_one_cited_claim_is_one_modified_change() -> None:
    old = page(
        "Our injections contain living stem cells that grow new cartilage (Lin et al., 2019).",
        "Patients can walk the same day.",
    )
    new = page(
        "Some amniotic injections may contain small numbers of living cells (Lin et al., 2019).",
        "Patients can walk the same day.",
    )
    report = compare(old, new)
    assert len(report.claim_changes) == 1
    change = report.claim_changes[0]
    assert change.kind == ChangeKind.MODIFIED
    assert ClaimTag.HEDGE_ADDED in change.tags and ClaimTag.LIMITATION_ADDED in change.tags
    assert ClaimTag.STRENGTHENED not in change.tags
    assert not {ClaimTag.CITATION_ADDED, ClaimTag.CITATION_REMOVED} & set(change.tags)
    assert change.citations == {"old": ["1"], "new": ["1"]}


def test_a_different_claim_in_the_same_place_is_not_paired() -> None:
    report = compare(
        doc(["Knee injections relieve arthritis pain.", "We are open on Sundays."]),
        doc(["Our clinic accepts most insurance plans.", "We are open on Sundays."]),
    )
    assert sorted(str(c.kind) for c in report.claim_changes) == ["added", "removed"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Earlier work agreed (Song et al. 2020).", "Earlier work agreed (Song et al. (2020))."),
        (
            "Cartilage grew back in 12 patients (Stem Cells Int. 16(4):22-30).",
            "Cartilage grew back in 12 patients (Stem Cells Int. 16(4), 22-30).",
        ),
        ("In 2019 we treated 300 patients.", "In 2021 we treated 300 patients."),
    ],
)
def test_author_years_issue_numbers_and_years_are_no_number_change(old: str, new: str) -> None:
    report = compare(page(old), page(new))
    for change in report.claim_changes:
        assert ClaimTag.NUMBER_CHANGED not in change.tags
        assert change.numbers == []


def test_a_count_that_changed_still_is_one() -> None:
    change = one_change(
        "Song et al. 2020 treated 40 patients.", "Song et al. 2020 treated 400 patients."
    )
    assert ClaimTag.NUMBER_CHANGED in change.tags
    assert [(n.old, n.new) for n in change.numbers] == [("40 patients", "400 patients")]


# ------------------------------------------------------------------ every format


def test_categories_and_significance_show_in_every_format() -> None:
    old = doc(
        paragraph("This treatment is not approved by the FDA (1)."),
        refs=[ref("1", "Regulatory status of stem cell products")],
    )
    new = doc(["Stem cells relieve pain."], refs=[ref("1", "Regulatory status")])
    report = compare(old, new)
    claim = report_json(report)["claim_changes"][0]
    assert claim["significance"] == "high"
    assert "disclaimer" in claim["categories"]
    assert "high (approval, disclaimer, cites_reference)" in render_text(report, color=False)
    html = render_html(report)
    assert 'class="significance significance-high"' in html
    assert '<span class="category">disclaimer</span>' in html
    assert any("[high · approval, disclaimer" in line for line in report_summary(report))
    assert "1 high significance" in report_summary(report)[1]


# ------------------------------------------------------------ how often, how many


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a harm made rarer claims more safety
        (
            "Serious adverse events were rare among the treated knees.",
            "Serious adverse events were never seen among the treated knees.",
        ),
        (
            "Infections are uncommon after the laser session.",
            "Infections never occur after the laser session.",
        ),
        ("The balm has few side effects.", "The balm has no side effects."),
        ("Pain often returns after the nerve block.", "Pain rarely returns after the nerve block."),
        # a benefit made more frequent, or given to more people, claims more
        ("The balm occasionally relieves sunburn pain.", "The balm always relieves sunburn pain."),
        (
            "Most patients had less knee pain after the graft.",
            "All patients had less knee pain after the graft.",
        ),
        (
            "Knee pain rarely eases after the first session.",
            "Knee pain usually eases after the first session.",
        ),
    ],
)
def test_a_frequency_moving_toward_the_claim_strengthens_it(old: str, new: str) -> None:
    forward, backward = one_change(old, new), one_change(new, old)
    assert ClaimTag.STRENGTHENED in forward.tags and ClaimTag.WEAKENED not in forward.tags
    assert ClaimTag.WEAKENED in backward.tags and ClaimTag.STRENGTHENED not in backward.tags


def test_a_softened_warning_claims_more_safety_and_ranks_high() -> None:
    change = one_change(
        "Side effects of the gel are common and include itching.",
        "Side effects of the gel are rare and include itching.",
    )
    # the tag says why it ranks high: "strengthened" alone reads like any bolder claim
    assert change.tags == [ClaimTag.STRENGTHENED, ClaimTag.WARNING_SOFTENED]
    assert change.significance == Significance.HIGH
    hardened = one_change(
        "Side effects of the gel are rare and include itching.",
        "Side effects of the gel are common and include itching.",
    )
    assert hardened.tags == [ClaimTag.WEAKENED]
    assert hardened.significance == Significance.MEDIUM


def test_a_harm_made_rarer_outvotes_the_hedge_that_came_with_it() -> None:
    change = one_change(
        "The peel can cause severe redness and scarring.",
        "The peel may rarely cause mild scarring.",
    )
    assert ClaimTag.STRENGTHENED in change.tags and ClaimTag.WEAKENED not in change.tags
    assert ClaimTag.WARNING_SOFTENED in change.tags
    assert change.significance == Significance.HIGH


def test_a_hedge_put_over_a_harm_is_named_a_softened_warning() -> None:
    change = one_change(
        "The filler can cause swelling around the lips.",
        "The filler may cause swelling around the lips.",
    )
    assert ClaimTag.WARNING_SOFTENED in change.tags
    assert change.significance == Significance.HIGH


def test_a_frequency_word_of_another_kind_of_thing_is_no_direction() -> None:
    # "rare" names a kind of disease here, not how often something happens
    change = one_change(
        "The clinic treats a rare disease of the liver with diet.",
        "The clinic treats a common disease of the liver with diet.",
    )
    assert ClaimTag.STRENGTHENED not in change.tags and ClaimTag.WEAKENED not in change.tags


def test_a_promise_kept_for_now_only_is_weaker() -> None:
    change = one_change(
        "We do not sell your contact details to advertisers.",
        "We do not currently sell your contact details to advertisers.",
    )
    assert ClaimTag.PROTECTION_WEAKENED in change.tags
    assert change.significance == Significance.HIGH


def test_a_relation_asserted_where_it_was_denied_claims_more() -> None:
    change = one_change("The balm does not heal cracked heels.", "The balm heals cracked heels.")
    assert ClaimTag.STRENGTHENED in change.tags and ClaimTag.NEGATION_CHANGED in change.tags
    assert change.significance == Significance.HIGH
    back = one_change("The balm heals cracked heels.", "The balm does not heal cracked heels.")
    assert ClaimTag.WEAKENED in back.tags


def test_denying_a_harm_claims_more_safety() -> None:
    change = one_change(
        "The peel causes scarring in dark skin.", "The peel does not cause scarring in dark skin."
    )
    assert ClaimTag.STRENGTHENED in change.tags and ClaimTag.WEAKENED not in change.tags
    # "never" and a plain denial are the same place on the scale: no direction
    same = one_change(
        "Infections never occur after the peel.", "Infections do not occur after the peel."
    )
    assert ClaimTag.STRENGTHENED not in same.tags and ClaimTag.WEAKENED not in same.tags


@pytest.mark.parametrize(
    ("old", "new", "tag"),
    [
        (
            "It is thought that the brace eases knee pain.",
            "The brace eases knee pain.",
            ClaimTag.HEDGE_REMOVED,
        ),
        ("We believe the drops ease dry eyes.", "The drops ease dry eyes.", ClaimTag.HEDGE_REMOVED),
        (
            "The gel reduced redness in a pilot study.",
            "The gel reduced redness.",
            ClaimTag.LIMITATION_REMOVED,
        ),
        (
            "The gel reduced redness in early-stage rosacea.",
            "The gel reduced redness.",
            ClaimTag.LIMITATION_REMOVED,
        ),
        (
            "The gel reduces redness when used with a cleanser.",
            "The gel reduces redness.",
            ClaimTag.LIMITATION_REMOVED,
        ),
        (
            "The gel reduces redness for up to a day.",
            "The gel reduces redness.",
            ClaimTag.LIMITATION_REMOVED,
        ),
    ],
)
def test_dropping_a_hedge_or_a_limit_strengthens(old: str, new: str, tag: ClaimTag) -> None:
    change = one_change(old, new)
    assert change.tags[0] == ClaimTag.STRENGTHENED and tag in change.tags


def test_only_before_a_harm_says_few_and_is_no_limit() -> None:
    # dropping it claims less safety, not a claim freed of a limit
    change = one_change(
        "Only 3% of patients had side effects from the gel.",
        "3% of patients had side effects from the gel.",
    )
    assert ClaimTag.WEAKENED in change.tags
    assert ClaimTag.LIMITATION_REMOVED not in change.tags


def test_for_any_purpose_widens_a_denial_and_loosens_a_permission() -> None:
    denial = one_change(
        "We will not rent your phone number to advertisers.",
        "We will not rent your phone number to advertisers for any purpose.",
    )
    assert ClaimTag.PROTECTION_WEAKENED not in denial.tags
    permission = one_change(
        "We may use your phone number to send reminders.",
        "We may use your phone number for any purpose.",
    )
    assert ClaimTag.PROTECTION_WEAKENED in permission.tags


def test_may_over_an_action_done_for_the_reader_loosens_the_promise() -> None:
    change = one_change(
        "We will notify you by e-mail before your plan renews.",
        "We may notify you by e-mail before your plan renews.",
    )
    assert ClaimTag.PROTECTION_WEAKENED in change.tags
    assert change.significance == Significance.HIGH
    kept = one_change(
        "We delete your photos after 30 days.", "We will delete your photos after 30 days."
    )
    assert ClaimTag.PROTECTION_STRENGTHENED in kept.tags


def test_a_contracted_denial_binds_like_a_spelled_out_one() -> None:
    change = one_change("We don't rent your contact list.", "We rent your contact list.")
    assert ClaimTag.PROTECTION_WEAKENED in change.tags


def test_a_sentence_without_a_frequency_word_is_read_as_usually_only_beside_one_put_in() -> None:
    added = one_change("The gel may cause a rash.", "The gel may rarely cause a rash.")
    assert ClaimTag.STRENGTHENED in added.tags
    # "were gone" says how often in words the scale does not know: no direction from it
    tags, _ = claim_tags(
        assess("Infections were uncommon in the first week of the gel."),
        assess("Infections were gone in the first week of the gel."),
    )
    assert ClaimTag.WEAKENED not in tags


def test_a_hedge_put_over_a_stated_harm_softens_the_warning() -> None:
    change = one_change(
        "The injection can cause infection at the site.",
        "The injection may cause infection at the site.",
    )
    assert ClaimTag.WEAKENED in change.tags and change.significance == Significance.HIGH
    # a hedge over the benefit beside it softens no warning
    benefit = one_change(
        "The injection can ease pain but can cause infection.",
        "The injection may ease pain but can cause infection.",
    )
    assert benefit.significance == Significance.MEDIUM


def test_can_made_cannot_is_a_denial_not_a_hedge_taken_out() -> None:
    tags, _ = claim_tags(
        assess("The brace can ease knee pain in runners."),
        assess("The brace cannot ease knee pain in runners."),
    )
    assert ClaimTag.HEDGE_REMOVED not in tags and ClaimTag.STRENGTHENED not in tags
    assert ClaimTag.NEGATION_CHANGED in tags


def test_a_low_harm_denied_is_more_harm() -> None:
    # "not small" says the risk is large: less safety, not a harm denied
    tags, _ = claim_tags(
        assess("The risk of infection after the peel is small."),
        assess("The risk of infection after the peel is not small."),
    )
    assert ClaimTag.WEAKENED in tags and ClaimTag.STRENGTHENED not in tags


def test_a_higher_regulatory_status_claimed_strengthens_and_ranks_high() -> None:
    change = one_change(
        "Our imaging centre is FDA-registered and reads scans in a day.",
        "Our imaging centre is FDA-approved and reads scans in a day.",
    )
    assert ClaimTag.STRENGTHENED in change.tags and change.significance == Significance.HIGH
    assert ClaimTag.STATUS_RAISED in change.tags
    lower = one_change(
        "The light wand is FDA-approved for acne.", "The light wand is FDA-cleared for acne."
    )
    assert ClaimTag.WEAKENED in lower.tags and lower.significance == Significance.MEDIUM
    assert ClaimTag.STATUS_LOWERED in lower.tags and ClaimTag.STATUS_RAISED not in lower.tags


def test_an_approval_for_some_people_or_some_place_is_a_limit() -> None:
    change = one_change(
        "The nasal spray is approved in Canada for seasonal allergies.",
        "The nasal spray is approved for seasonal allergies.",
    )
    assert ClaimTag.STRENGTHENED in change.tags and ClaimTag.LIMITATION_REMOVED in change.tags


def test_a_denial_taken_out_of_a_promise_loosens_it_at_a_tie() -> None:
    change = one_change(
        "We never share your reading list with publishers.",
        "We share your reading list with publishers only with your consent.",
    )
    assert ClaimTag.PROTECTION_WEAKENED in change.tags
    assert ClaimTag.PROTECTION_STRENGTHENED not in change.tags


def test_a_disclaimer_taken_out_frees_a_rewritten_claim() -> None:
    tags, _ = claim_tags(
        assess(
            "This tea is not intended to diagnose or cure any illness, and it eases a sore throat."
        ),
        assess("This tea eases a sore throat."),
    )
    assert ClaimTag.STRENGTHENED in tags and ClaimTag.DISCLAIMER_REMOVED in tags
    denied = one_change(
        "The sleep app is FDA-approved for insomnia.",
        "The sleep app is not FDA-approved for insomnia.",
    )
    assert ClaimTag.WEAKENED in denied.tags and ClaimTag.DISCLAIMER_ADDED in denied.tags


def test_a_harm_felt_made_rarer_claims_more_safety() -> None:
    tags, _ = claim_tags(
        assess("Patients occasionally feel dizzy after the drip."),
        assess("Patients rarely feel dizzy after the drip."),
    )
    assert ClaimTag.STRENGTHENED in tags


def test_a_promise_about_the_reader_watched_is_a_commitment() -> None:
    change = one_change(
        "We don't track you across other shops' pages.", "We track you across other shops' pages."
    )
    assert "commitment" in change.categories
    assert ClaimTag.PROTECTION_WEAKENED in change.tags


def test_a_right_taken_from_the_reader_weakens_the_protection() -> None:
    change = one_change(
        "You can opt out of personalised offers at any time.",
        "You cannot opt out of personalised offers.",
    )
    assert ClaimTag.PROTECTION_WEAKENED in change.tags
    assert change.significance == Significance.HIGH


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a weaker modal made a hedge that weighs more: one hedge put in, none taken out
        (
            "The balm can soothe a cracked heel overnight.",
            "The balm may soothe a cracked heel overnight.",
            [ClaimTag.WEAKENED, ClaimTag.HEDGE_ADDED],
        ),
        (
            "The balm might soothe a cracked heel overnight.",
            "The balm can soothe a cracked heel overnight.",
            [ClaimTag.STRENGTHENED, ClaimTag.HEDGE_REMOVED],
        ),
        # one hedge for another of the same weight: the claim stays as hedged
        (
            "The balm may improve a cracked heel overnight.",
            "The balm could improve a cracked heel overnight.",
            [],
        ),
    ],
)
def test_a_hedge_swapped_for_another_is_one_move(
    old: str, new: str, expected: list[ClaimTag]
) -> None:
    assert claim_tags(assess(old), assess(new))[0] == expected
