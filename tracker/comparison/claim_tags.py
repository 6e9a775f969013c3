"""How one claim changed: its tags, the numbers that moved, and how much the change matters.

A claim is read through its ``Assessment`` (tracker.comparison.claims makes them): the
strength it claims, its hedges and boosters, its numbers, categories, limitations and,
for a promise, how much it binds. ``claim_tags`` turns two assessments of one claim
into the tags a report shows; ``significance`` ranks the change so a removed disclaimer
comes before a reworded sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol

from tracker.comparison.align import similarity
from tracker.comparison.claim_features import HEDGES, stem, tokens
from tracker.comparison.claim_model import compare_levels
from tracker.comparison.claim_reach import (
    NONE,
    PLAIN,
    Readings,
    denies_harm,
    further,
    harms_only,
    hedges_a_harm,
    only_frequencies_differ,
)
from tracker.comparison.normalize import clean, loose_key
from tracker.model import ChangeKind, ClaimChange, ClaimTag, NumberChange, Significance

# Below this similarity (0-100, as align scores it) two versions of a claim are two
# different sentences, not one sentence edited.
REWRITE_SIMILARITY = 60.0
# Certainty must move by more than this for strengthened / weakened on its own.
CERTAINTY_STEP = 0.05
# hedge weights summed within this are equal (floating-point sums)
_EQUAL_WEIGHT = 1e-9
_HEDGED_VERB = re.compile(r"^(?:might|could) ")
_CANNOT = re.compile(r"\bcan(?:not|'t|’t| not)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|none|neither|nor|without)\b|n't\b", re.IGNORECASE)


class Quantity(Protocol):
    """A number as the claim assessor reads it (tracker.comparison.claim_numbers); read-only,
    as the assessor's frozen records are."""

    @property
    def text(self) -> str: ...  # as written: "over 1,000 patients"
    @property
    def value(self) -> str: ...  # normalised for comparison: "1000"
    @property
    def unit(self) -> str | None: ...


class Assessment(Protocol):
    """What comparison reads of a claim; categories, limitations, protection, frequencies
    and regulatory_status are optional (read with getattr), so an assessor written for
    tests may leave them out. Read-only, as the assessor's frozen records are."""

    @property
    def text(self) -> str: ...
    @property
    def is_claim(self) -> bool: ...
    @property
    def strength(self) -> int: ...
    @property
    def certainty(self) -> float: ...
    @property
    def hedges(self) -> tuple[str, ...]: ...
    @property
    def boosters(self) -> tuple[str, ...]: ...
    @property
    def numbers(self) -> tuple[Quantity, ...]: ...
    @property
    def negated(self) -> bool: ...


Assessor = Callable[..., Assessment]


def claim_tags(old: Assessment, new: Assessment) -> tuple[list[ClaimTag], list[NumberChange]]:
    """Tags from two assessments of the same claim, before and after."""
    tags: list[ClaimTag] = []
    hedges_added, hedges_removed = _hedges_moved(old, new)
    boosters_added = set(new.boosters) - set(old.boosters)
    boosters_removed = set(old.boosters) - set(new.boosters)
    # Three signals vote: the strength level, the certainty, and the hedges and boosters
    # themselves. A classifier may read "may report" as a hedged causal claim (level 2)
    # above "report" (level 0); the added hedge and the lower certainty outvote it.
    # The level votes only when the words that carry strength changed (a hedge, a
    # booster, a negation, a causal or association phrase): a learned model can flip on
    # an edited number or an unrelated word, and a researcher must not be told the claim
    # grew stronger because of that.
    cue_moved = bool(hedges_added or hedges_removed or boosters_added or boosters_removed)
    evidence = (
        cue_moved
        or old.negated != new.negated
        or getattr(old, "relation_cues", ()) != getattr(new, "relation_cues", ())
    )
    strength = stronger(old, new) if evidence else 0
    # a negation put in moves certainty for no sureness of its own: "can reduce" ->
    # "cannot reduce" loses the hedge "can", and a negation caps certainty
    negations_moved = _negations(old.text) != _negations(new.text)
    certainty = 0 if negations_moved else _sign(new.certainty - old.certainty, CERTAINTY_STEP)
    limits_added = set(_limitations(new)) - set(_limitations(old))
    limits_removed = set(_limitations(old)) - set(_limitations(new))
    narrower = hedges_added or boosters_removed or limits_added
    broader = hedges_removed or boosters_added or limits_removed
    cues = 1 if broader and not narrower else -1 if narrower and not broader else 0
    old_protection, new_protection = _protection(old), _protection(new)
    if old_protection is not None or new_protection is not None:
        # a promise: its direction is how much it binds the writer, not how sure it sounds;
        # at a tie, a denial put in binds more ("never share" -> "share only with your
        # consent")
        vote = _sign((new_protection or 0) - (old_protection or 0))
        if not vote and negations_moved and old.negated != new.negated:
            vote = 1 if new.negated else -1
    elif disclaimed := _disclaimer_moved(old, new):
        # a regulatory disclaimer or stated limit put in narrows what the rest claims,
        # taken out frees it, however much the sentence around it was rewritten
        vote = disclaimed
    elif status := status_moved(old, new):
        # a regulator's decision claimed: "FDA-registered" -> "FDA-approved" claims more
        vote = status
    elif rewritten(old.text, new.text):
        # two different sentences of one claim: their hedges and certainty differ in a
        # hundred incidental ways, so the strength each one claims decides alone. On the
        # InSciOut pairs letting hedges or certainty vote too cost 0.1-0.2 macro-F1: "is
        # associated with" -> "may cause" adds a hedge and claims more. The hedge and
        # limitation tags still show what moved.
        vote = stronger(old, new)
    elif reach := _reach(old, new):
        # how often or to how many moved ("rare" -> "never", "most" -> "all patients"): the
        # frequency words say which way, and a harm made rarer claims more safety even as a
        # hedge is added ("can cause bleeding" -> "may rarely cause bleeding")
        vote = reach
    elif old.negated != new.negated and negations_moved:
        # a negation put in or taken out: the relation asserted where it was denied claims
        # more ("does not cure" -> "may cure"), unless what was denied is a harm: "does not
        # cause bleeding" claims more safety than "causes bleeding"
        denied = old if old.negated else new
        vote = (1 if new is not denied else -1) * (-1 if denies_harm(denied.text.lower()) else 1)
    elif not cue_moved and (related := _relation_moved(old, new)):
        # a relation claimed where none was ("offers injections for knee pain" -> "offers
        # injections that cure knee pain") claims more, and taking it out claims less,
        # however unsure the model is of either sentence's level
        vote = related
    else:
        vote = strength + certainty + cues
    if vote > 0:
        tags.append(ClaimTag.STRENGTHENED)
    elif vote < 0:
        tags.append(ClaimTag.WEAKENED)
    if old_protection is not None or new_protection is not None:
        if vote > 0:
            tags.append(ClaimTag.PROTECTION_STRENGTHENED)
        elif vote < 0:
            tags.append(ClaimTag.PROTECTION_WEAKENED)
    if hedges_added:
        tags.append(ClaimTag.HEDGE_ADDED)
    if hedges_removed:
        tags.append(ClaimTag.HEDGE_REMOVED)
    if limits_added:
        tags.append(ClaimTag.LIMITATION_ADDED)
    if limits_removed:
        tags.append(ClaimTag.LIMITATION_REMOVED)
    for category, added, removed in _NOTICE_TAGS:
        before, after = category in categories_of(old), category in categories_of(new)
        if after and not before:
            tags.append(added)
        elif before and not after:
            tags.append(removed)
    if softened_warning(old, new):
        tags.append(ClaimTag.WARNING_SOFTENED)
    if status := status_moved(old, new):
        tags.append(ClaimTag.STATUS_RAISED if status > 0 else ClaimTag.STATUS_LOWERED)
    numbers = number_changes(old.numbers, new.numbers)
    if numbers:
        tags.append(ClaimTag.NUMBER_CHANGED)
    # the assessor's flag is about the claimed relation; a "not" put in or taken out
    # anywhere in a claim ("is not cooled", "cannot expect") is worth a reader's look too
    if old.negated != new.negated or _negations(old.text) != _negations(new.text):
        tags.append(ClaimTag.NEGATION_CHANGED)
    return tags, numbers


# categories whose appearance or disappearance is itself news: a disclaimer, a warning
_NOTICE_TAGS = (
    ("disclaimer", ClaimTag.DISCLAIMER_ADDED, ClaimTag.DISCLAIMER_REMOVED),
    ("warning", ClaimTag.WARNING_ADDED, ClaimTag.WARNING_REMOVED),
)


def lone_claim_tags(old: Assessment | None, new: Assessment | None) -> list[ClaimTag]:
    """Tags of a claim added or removed whole: the disclaimers, warnings and promises it took."""
    tags: list[ClaimTag] = []
    present = new if new is not None else old
    if present is None:
        return tags
    categories = categories_of(present)
    for category, added, removed in _NOTICE_TAGS:
        if category in categories:
            tags.append(added if new is not None else removed)
    if _protection(present) is not None:
        tags.append(
            ClaimTag.PROTECTION_STRENGTHENED if new is not None else ClaimTag.PROTECTION_WEAKENED
        )
    return tags


def stronger(old: Assessment, new: Assessment) -> int:
    """Whether the new sentence claims a stronger relation (1), a weaker (-1) or the same (0):
    from both readings' level probabilities when the assessor gives them (`chances`), so an
    unsure reading counts for less than a sure one; else from the two levels."""
    old_chances, new_chances = getattr(old, "chances", ()), getattr(new, "chances", ())
    if old_chances and new_chances:
        return compare_levels(old_chances, new_chances)
    return _sign(new.strength - old.strength)


def categories_of(assessment: Assessment | None) -> tuple[str, ...]:
    return tuple(getattr(assessment, "categories", ())) if assessment is not None else ()


def _limitations(assessment: Assessment) -> tuple[str, ...]:
    """The limitations, a hedged verb's modal as one: "may reduce" -> "could reduce" keeps
    the limitation (a hedge swapped is read by the hedges alone)."""
    limitations = getattr(assessment, "limitations", ())
    return tuple(_HEDGED_VERB.sub("may ", limitation) for limitation in limitations)


def _protection(assessment: Assessment) -> int | None:
    return getattr(assessment, "protection", None)


def _disclaimer_moved(old: Assessment, new: Assessment) -> int:
    """1 when the new sentence lost the disclaimer the old one made, -1 when it gained one."""
    before, after = "disclaimer" in categories_of(old), "disclaimer" in categories_of(new)
    return int(before) - int(after)


def status_moved(old: Assessment, new: Assessment) -> int:
    """Whether both sentences claim a regulatory status and the new one a higher (1) or a
    lower (-1) one: under review < registered < cleared < approved."""
    old_status = getattr(old, "regulatory_status", 0)
    new_status = getattr(new, "regulatory_status", 0)
    return _sign(new_status - old_status) if old_status and new_status else 0


def _relation_moved(old: Assessment, new: Assessment) -> int:
    """1 when the new sentence names a causal or associative relation and the old one names
    none, -1 the other way. Asked only when no hedge or booster moved (a hedge brings its
    own cues: "may lengthen" reads as a hedged relation, "lengthens" as none), and only
    when the relation's verb is new to the other sentence in every form: "has treated" ->
    "has been treating" keeps the verb, whichever form the cue list knows."""
    old_verbs, new_verbs = _relation_verbs(old), _relation_verbs(new)
    if bool(old_verbs) == bool(new_verbs):
        return 0
    named, other = (new_verbs, old) if new_verbs else (old_verbs, new)
    other_stems = {stem(word) for word in tokens(other.text.lower())}
    if any(_shares_stem(verb, other_stems) for verb in named):
        return 0
    return 1 if new_verbs else -1


def _relation_verbs(assessment: Assessment) -> tuple[str, ...]:
    """The stems of the first words of the causal and associative cues."""
    cues = getattr(assessment, "relation_cues", ())
    return tuple(
        stem(cue.split(":", 1)[1].split()[0].lower())
        for cue in cues
        if not cue.startswith("cond:") and cue.split(":", 1)[1].strip()
    )


def _shares_stem(verb: str, stems: set[str]) -> bool:
    """A crude stem's forms overlap: "cur" (cures) and "cure" (cure) are one verb."""
    return any(word.startswith(verb) or verb.startswith(word) for word in stems if len(word) >= 3)


def _hedges_moved(old: Assessment, new: Assessment) -> tuple[set[str], set[str]]:
    """The hedges put in and taken out. One hedge swapped for another is one move, not
    two: "can reduce" -> "may reduce" puts in a hedge that weighs more (the fall in
    certainty each expresses), so it is a hedge added, not added and removed at once,
    and a swap of equal weight ("may" -> "could") moves none."""
    added, removed = _hedges(new) - _hedges(old), _hedges(old) - _hedges(new)
    if not (added and removed):
        return added, removed
    balance = sum(map(HEDGES.weight, added)) - sum(map(HEDGES.weight, removed))
    if abs(balance) < _EQUAL_WEIGHT:
        return set(), set()
    return (added, set()) if balance > 0 else (set(), removed)


def _hedges(assessment: Assessment) -> set[str]:
    """The hedges, "can" kept in "cannot": "can reduce" -> "cannot reduce" puts a negation
    in, it takes no hedge out (which would read as a claim made stronger)."""
    found = set(assessment.hedges)
    if _CANNOT.search(assessment.text):
        found.add("can")
    return found


def _frequencies(assessment: Assessment) -> Readings:
    return tuple(getattr(assessment, "frequencies", ()))


def _reach(old: Assessment, new: Assessment, harms: bool = False) -> int:
    """Whether the new sentence's frequencies claim more (1) or less (-1); a side without
    any sits at its plain place ("usually", a denial "never") only when the frequency
    word is all that was put in or taken out."""
    old_readings, new_readings = _frequencies(old), _frequencies(new)
    if harms:
        old_readings, new_readings = harms_only(old_readings), harms_only(new_readings)
    if bool(old_readings) != bool(new_readings) and not only_frequencies_differ(
        old.text.lower(), new.text.lower()
    ):
        return 0
    old_plain = NONE if old.negated else PLAIN
    new_plain = NONE if new.negated else PLAIN
    return further(old_readings, new_readings, old_plain, new_plain)


def softened_warning(old: Assessment, new: Assessment) -> bool:
    """A stated risk made rarer or hedged: "side effects are common" -> "... are rare",
    "can cause bleeding" -> "may cause bleeding"."""
    if "warning" not in categories_of(old):
        return False
    lowered = new.text.lower()
    hedged = any(hedges_a_harm(lowered, hedge) for hedge in set(new.hedges) - set(old.hedges))
    return hedged or _reach(old, new, harms=True) > 0


# ---------------------------------------------------------------------- significance

# A reader loses a protection or a warning: the change a watchdog publishes first.
_HIGH_TAGS = frozenset(
    {
        ClaimTag.DISCLAIMER_REMOVED,
        ClaimTag.WARNING_REMOVED,
        ClaimTag.WARNING_SOFTENED,
        ClaimTag.PROTECTION_WEAKENED,
        ClaimTag.STATUS_RAISED,
    }
)
# The claim says more or less, or its evidence changed.
_MEDIUM_TAGS = frozenset(
    {
        ClaimTag.STRENGTHENED,
        ClaimTag.WEAKENED,
        ClaimTag.HEDGE_ADDED,
        ClaimTag.HEDGE_REMOVED,
        ClaimTag.LIMITATION_ADDED,
        ClaimTag.LIMITATION_REMOVED,
        ClaimTag.NUMBER_CHANGED,
        ClaimTag.NEGATION_CHANGED,
        ClaimTag.CITATION_REMOVED,
        ClaimTag.CITATION_CHANGED,
        ClaimTag.DISCLAIMER_ADDED,
        ClaimTag.WARNING_ADDED,
        ClaimTag.PROTECTION_STRENGTHENED,
        ClaimTag.STATUS_LOWERED,
    }
)
# What a claim is about that makes adding or removing it more than a rewording.
_WEIGHTY = frozenset(
    {"efficacy", "safety", "warning", "approval", "disclaimer", "commitment", "price", "count"}
    | {"credential", "superlative"}
)
_RANK = {Significance.HIGH: 0, Significance.MEDIUM: 1, Significance.LOW: 2}


def significance(
    kind: ChangeKind,
    tags: Sequence[ClaimTag],
    categories: Sequence[str],
    old: Assessment | None,
    new: Assessment | None,
    orphaned: bool,
) -> Significance:
    """How much a claim change matters: high when a reader loses a disclaimer, a warning or a
    promise, a warning is softened, a higher regulatory status is claimed, or the claimed
    relation flips between asserted and denied; medium when the claim says more or less or
    its evidence changed; low for rewording and moves. A high level is always named by the
    change itself: a tag (`warning_softened`, `status_raised`…), a flipped negation, or an
    approval claim added."""
    found = set(tags)
    if found & _HIGH_TAGS:
        return Significance.HIGH
    if old is not None and new is not None and old.negated != new.negated:
        return Significance.HIGH  # "does not cure" <-> "cures"
    if kind == ChangeKind.ADDED and "approval" in categories and "disclaimer" not in categories:
        return Significance.HIGH  # a regulatory status newly claimed
    if found & _MEDIUM_TAGS or orphaned:
        return Significance.MEDIUM
    present = new if new is not None else old
    strong = present is not None and present.strength >= 2
    if kind in (ChangeKind.ADDED, ChangeKind.REMOVED) and (set(categories) & _WEIGHTY or strong):
        return Significance.MEDIUM
    return Significance.LOW


def by_significance(changes: list[ClaimChange]) -> list[ClaimChange]:
    """Highest significance first; within a level, reading order is kept."""
    return sorted(changes, key=lambda change: _RANK[change.significance])


def rewritten(old: str, new: str) -> bool:
    """Whether a claim was rewritten into another sentence rather than edited."""
    return similarity(loose_key(old), loose_key(new)) < REWRITE_SIMILARITY


def _negations(text: str) -> int:
    return len(_NEGATION.findall(clean(text)))


def _sign(delta: float, step: float = 0.0) -> int:
    if delta > step:
        return 1
    if delta < -step:
        return -1
    return 0


def number_changes(old: Sequence[Quantity], new: Sequence[Quantity]) -> list[NumberChange]:
    """Pair numbers by unit, then by position within a unit; report the ones that differ."""
    by_unit_old: dict[str | None, list[Quantity]] = {}
    by_unit_new: dict[str | None, list[Quantity]] = {}
    for q in old:
        by_unit_old.setdefault(q.unit, []).append(q)
    for q in new:
        by_unit_new.setdefault(q.unit, []).append(q)
    # numbers whose unit changed ("15 patients" -> "15 participants") pair up by position
    lonely_old = [q for unit, qs in by_unit_old.items() if unit not in by_unit_new for q in qs]
    lonely_new = [q for unit, qs in by_unit_new.items() if unit not in by_unit_old for q in qs]
    pairs: list[tuple[Quantity | None, Quantity | None]] = []
    for unit, olds in by_unit_old.items():
        news = by_unit_new.get(unit)
        if news is None:
            continue
        pairs += _zip_longest(olds, news)
    pairs += _zip_longest(lonely_old, lonely_new)
    changes = []
    for a, b in pairs:
        if a is not None and b is not None and a.value == b.value and a.unit == b.unit:
            continue
        changes.append(NumberChange(old=a.text if a else None, new=b.text if b else None))
    return changes


def _zip_longest(
    left: Sequence[Quantity], right: Sequence[Quantity]
) -> list[tuple[Quantity | None, Quantity | None]]:
    size = max(len(left), len(right))
    return [
        (left[k] if k < len(left) else None, right[k] if k < len(right) else None)
        for k in range(size)
    ]


def citation_tags(old_works: set[str], new_works: set[str]) -> list[ClaimTag]:
    added = new_works - old_works
    removed = old_works - new_works
    if added and removed:
        return [ClaimTag.CITATION_CHANGED]
    if added:
        return [ClaimTag.CITATION_ADDED]
    if removed:
        return [ClaimTag.CITATION_REMOVED]
    return []
