"""Tag rules on assessments given directly: the vote on direction, numbers, citations."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from support.documents import doc, ref

from tracker.comparison.claim_tags import citation_tags, claim_tags, number_changes
from tracker.comparison.claims import assess
from tracker.comparison.report import build_report
from tracker.model import ClaimTag


@dataclass(frozen=True)
class Q:
    text: str
    value: str
    unit: str | None


@dataclass(frozen=True)
class A:
    text: str = "Stem cells reduce pain."
    is_claim: bool = True
    strength: int = 2
    certainty: float = 0.5
    hedges: tuple[str, ...] = ()
    boosters: tuple[str, ...] = ()
    numbers: tuple[Q, ...] = field(default_factory=tuple)
    negated: bool = False
    relation_cues: tuple[str, ...] = ()
    chances: tuple[float, ...] = ()


def test_hedge_removed_and_stronger_level_strengthen() -> None:
    tags, _ = claim_tags(
        A(strength=2, certainty=0.4, hedges=("may",)), A(strength=3, certainty=0.8)
    )
    assert tags == [ClaimTag.STRENGTHENED, ClaimTag.HEDGE_REMOVED]


def test_added_hedge_and_lower_certainty_outvote_a_higher_level() -> None:
    old = A(strength=0, certainty=0.7, boosters=("most",))
    new = A(strength=2, certainty=0.3, hedges=("may", "some patients"))
    tags, _ = claim_tags(old, new)
    assert tags == [ClaimTag.WEAKENED, ClaimTag.HEDGE_ADDED]


def test_booster_alone_strengthens() -> None:
    tags, _ = claim_tags(A(), A(boosters=("clearly",)))
    assert tags == [ClaimTag.STRENGTHENED]


def test_a_level_move_without_a_cue_change_is_no_direction() -> None:
    # a learned model flipping on an edited number or word is not a stronger claim
    assert claim_tags(A(strength=2), A(strength=3)) == ([], [])
    moved = A(strength=3, relation_cues=("causal:cures",))
    tags, _ = claim_tags(A(strength=2, relation_cues=("causal:eases",)), moved)
    assert tags == [ClaimTag.STRENGTHENED]


def test_a_rewritten_claim_compares_how_sure_each_reading_is() -> None:
    """Two sentences of one claim: a level apart by their likeliest levels, but the second
    reading is torn between the two, so neither claims more; a sure move still counts."""
    old = A(text="Tea drinkers had fewer colds last winter.", strength=1)
    torn = (0.0, 0.45, 0.55, 0.0)
    new = A(text="Drinking green tea every day could keep colds away.", strength=2, chances=torn)
    assert claim_tags(old, new)[0] == [ClaimTag.STRENGTHENED]  # levels alone
    sure_one = (0.0, 1.0, 0.0, 0.0)
    assert claim_tags(replace(old, chances=sure_one), new)[0] == []
    sure_two = (0.0, 0.05, 0.9, 0.05)
    tags, _ = claim_tags(replace(old, chances=sure_one), replace(new, chances=sure_two))
    assert tags == [ClaimTag.STRENGTHENED]


def test_a_relation_named_where_none_was_strengthens_whatever_the_levels() -> None:
    """The model may read both sentences as level 0; the cure now claimed is still more."""
    sure_nothing = (0.8, 0.1, 0.05, 0.05)
    offer = A(text="The spa offers massages for sore backs.", strength=0, chances=sure_nothing)
    cure = replace(
        offer,
        text="The spa offers massages that heal sore backs.",
        relation_cues=("causal:heal",),
    )
    assert claim_tags(offer, cure)[0] == [ClaimTag.STRENGTHENED]
    assert claim_tags(cure, offer)[0] == [ClaimTag.WEAKENED]
    # a hedge's own cue ("cond:may") names no relation
    hedged = replace(offer, relation_cues=("cond:may",))
    assert claim_tags(offer, hedged)[0] == []


def test_a_relation_put_into_a_real_sentence_strengthens() -> None:
    old = "Our physiotherapists offer dry needling for tennis elbow."
    new = "Our physiotherapists offer dry needling that cures tennis elbow."
    assert claim_tags(assess(old), assess(new))[0] == [ClaimTag.STRENGTHENED]
    assert claim_tags(assess(new), assess(old))[0] == [ClaimTag.WEAKENED]
    # the cue list knows "treated" and not "treating": the same verb is no relation put in
    tense = "Our physiotherapists have treated elbows since 2001."
    assert (
        claim_tags(assess(tense), assess(tense.replace("have treated", "have been treating")))[0]
        == []
    )


def test_no_movement_no_direction() -> None:
    assert claim_tags(A(), A()) == ([], [])


def test_negation_changed() -> None:
    tags, _ = claim_tags(A(), A(negated=True))
    assert ClaimTag.NEGATION_CHANGED in tags


def test_a_not_put_in_anywhere_is_a_negation_change() -> None:
    tags, _ = claim_tags(A(text="The dose is cooled."), A(text="The dose is not cooled."))
    assert tags == [ClaimTag.NEGATION_CHANGED]
    tags, _ = claim_tags(A(text="It doesn\u2019t help."), A(text="It helps."))
    assert tags == [ClaimTag.NEGATION_CHANGED]
    assert claim_tags(A(text="No pain."), A(text="No pain at all."))[0] == []


def test_numbers_pair_by_unit_then_position() -> None:
    old = (Q("15 patients", "15", "patients"), Q("2 years", "2", "years"))
    new = (Q("3 years", "3", "years"), Q("15 patients", "15", "patients"))
    assert [(n.old, n.new) for n in number_changes(old, new)] == [("2 years", "3 years")]


def test_numbers_added_removed_and_relabelled() -> None:
    old = (Q("15 patients", "15", "patients"),)
    new = (Q("15 participants", "15", "participants"), Q("$900", "900", "USD"))
    changes = [(n.old, n.new) for n in number_changes(old, new)]
    assert ("15 patients", "15 participants") in changes
    assert (None, "$900") in changes


def test_citation_tags_by_work() -> None:
    assert citation_tags({"w1"}, {"w1"}) == []
    assert citation_tags(set(), {"w1"}) == [ClaimTag.CITATION_ADDED]
    assert citation_tags({"w1", "w2"}, {"w1"}) == [ClaimTag.CITATION_REMOVED]
    assert citation_tags({"w1"}, {"w2"}) == [ClaimTag.CITATION_CHANGED]


def fake_assess(text: str, *, cites_reference: bool = False) -> A:
    """Claims are the sentences that say "claim" (or cite): routing without the real model."""
    return A(text=text, is_claim=cites_reference or "claim" in text.lower(), strength=0)


def test_changes_are_routed_by_the_assessor() -> None:
    old = doc(
        ["A claim about pain.", "Plain words here.", "Another claim (1)."], refs=[ref("1", "T")]
    )
    new = doc(
        ["A claim about less pain.", "Plain words there.", "Another claim."], refs=[ref("1", "T")]
    )
    report = build_report(old, new, fake_assess)
    # a citation gone (medium) is listed before a reworded claim (low)
    assert [c.new for c in report.claim_changes] == ["Another claim.", "A claim about less pain."]
    assert [c.new for c in report.text_changes] == ["Plain words there."]
    assert report.claim_changes[0].tags == [ClaimTag.CITATION_REMOVED]
