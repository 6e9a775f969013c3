"""Assemble the ChangeReport from the alignment, the reference match and the claim assessor.

Sentences are compared under their normalised keys (typography and citation
markers folded away), citations by the work they point to, so a renumbered list
or a new paragraph break is no change. A change lands in ``claim_changes`` when
either side is a claim, otherwise in ``text_changes``; stripped chrome is
compared on its own and only ever lands in ``boilerplate_changes``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from tracker.comparison.align import AlignOp, align, similarity
from tracker.comparison.normalize import clean, loose_key, match_key, strip_markers
from tracker.comparison.reference_match import ReferenceMatch, match_references
from tracker.comparison.rows import unit_rows
from tracker.model import (
    ChangeKind,
    ChangeReport,
    ClaimChange,
    ClaimTag,
    DateChange,
    DatePlace,
    DeclaredDate,
    Document,
    DocumentSummary,
    MetadataChange,
    NumberChange,
    Significance,
    StrippedBlock,
    StripReason,
    TextChange,
)

# Below this similarity (0-100, as align scores it) two versions of a claim are two
# different sentences, not one sentence edited.
REWRITE_SIMILARITY = 60.0
# Certainty must move by more than this for strengthened / weakened on its own.
CERTAINTY_STEP = 0.05
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|none|neither|nor|without)\b|n't\b", re.IGNORECASE)


class Quantity(Protocol):
    """A number as the claim assessor reads it (tracker.comparison.claim_numbers)."""

    text: str  # as written: "over 1,000 patients"
    value: str  # normalised for comparison: "1000"
    unit: str | None


class Assessment(Protocol):
    """What comparison reads of a claim; categories, limitations and protection are optional
    (read with getattr), so an assessor written for tests may leave them out."""

    text: str
    is_claim: bool
    strength: int
    certainty: float
    hedges: tuple[str, ...]
    boosters: tuple[str, ...]
    numbers: tuple[Quantity, ...]
    negated: bool


Assessor = Callable[..., Assessment]


@dataclass(frozen=True, slots=True)
class Unit:
    """One article sentence with what comparison needs to know about it."""

    text: str
    key: str
    labels: tuple[str, ...]
    markers: tuple[str, ...]
    section: str | None
    block: int


def article_units(doc: Document) -> list[Unit]:
    """The article's sentences in reading order, as comparison sees them.

    A sentence that is nothing but a citation marker (a quote followed by "(3)",
    split off by the sentence splitter) joins the sentence before it: the quote is
    what cites the work.
    """
    units: list[Unit] = []
    for b, block in enumerate(doc.blocks):
        if not block.sentences:
            if block.text.strip():
                units.append(Unit(block.text, match_key(block.text), (), (), block.section, b))
            continue
        for sentence in block.sentences:
            markers = tuple(c.marker for c in sentence.citations)
            unit = Unit(
                text=sentence.text,
                key=match_key(sentence.text, markers),
                labels=tuple(sentence.cited_labels),
                markers=markers,
                section=block.section,
                block=b,
            )
            if not unit.key and unit.labels and units and units[-1].block == b:
                last = units[-1]
                unit = Unit(
                    text=f"{last.text} {unit.text}",
                    key=last.key,
                    labels=last.labels + unit.labels,
                    markers=last.markers + unit.markers,
                    section=last.section,
                    block=b,
                )
                units[-1] = unit
                continue
            units.append(unit)
    return units


class _Side:
    """One version's units plus how its citation labels resolve to works."""

    def __init__(self, units: list[Unit], works: dict[str, str] | None) -> None:
        self.units = units
        self.works = works  # None: compare citations by their printed labels

    def cited(self, indices: Sequence[int]) -> tuple[list[str], set[str], list[str]]:
        """Labels as printed, the works they resolve to, and labels that resolve to nothing."""
        labels: list[str] = []
        for i in indices:
            for label in self.units[i].labels:
                if label not in labels:
                    labels.append(label)
        works: set[str] = set()
        dangling: list[str] = []
        for label in labels:
            if self.works is None:
                works.add(f"label:{label}")
            elif label in self.works:
                works.add(self.works[label])
            else:
                dangling.append(label)
        return labels, works, dangling

    def works_per_unit(self) -> list[frozenset[str]]:
        """What each sentence cites, so a rewrite that keeps its citation pairs as one claim."""
        return [
            frozenset(self.cited((i,))[1]) if unit.labels else frozenset()
            for i, unit in enumerate(self.units)
        ]

    def text(self, indices: Sequence[int]) -> str:
        return " ".join(self.units[i].text for i in indices)

    def plain(self, indices: Sequence[int]) -> str:
        """Text the assessor reads: typography folded, citation markers out."""
        return " ".join(
            clean(strip_markers(self.units[i].text, self.units[i].markers)) for i in indices
        )


class ReportBuilder:
    """One comparison: both versions' units, the reference match, assessments cached by text."""

    def __init__(self, old: Document, new: Document, assess: Assessor) -> None:
        self.old_doc = old
        self.new_doc = new
        self._assess = assess
        self._assessed: dict[tuple[str, bool], Assessment] = {}
        self.refs: ReferenceMatch = match_references(old.references, new.references)
        # Works need a list on both sides; when one version has none (never had one, or
        # extraction missed it) the printed labels are the only identity to compare.
        by_work = bool(old.references) and bool(new.references)
        self.old = _Side(article_units(old), self.refs.old_work if by_work else None)
        self.new = _Side(article_units(new), self.refs.new_work if by_work else None)

    def assessment(self, text: str, cites: bool) -> Assessment:
        key = (text, cites)
        found = self._assessed.get(key)
        if found is None:
            found = self._assess(text, cites_reference=cites)
            self._assessed[key] = found
        return found

    def build(self) -> ChangeReport:
        ops = align(
            [u.key for u in self.old.units],
            [u.key for u in self.new.units],
            works=(self.old.works_per_unit(), self.new.works_per_unit()),
            rows=unit_rows(
                (self.old_doc.blocks, [u.block for u in self.old.units]),
                (self.new_doc.blocks, [u.block for u in self.new.units]),
            ),
        )
        claim_changes: list[ClaimChange] = []
        text_changes: list[tuple[TextChange, AlignOp]] = []
        for op in ops:
            change = self._change(op)
            if isinstance(change, ClaimChange):
                claim_changes.append(change)
            elif isinstance(change, TextChange):
                text_changes.append((change, op))
        reference_changes = self.refs.changes
        article_changed = bool(claim_changes or text_changes or reference_changes)
        verdict = DateVerdict.of(self.old_doc, self.new_doc)
        return ChangeReport(
            old=DocumentSummary.of(self.old_doc),
            new=DocumentSummary.of(self.new_doc),
            article_changed=article_changed,
            silent_edit=article_changed and not verdict.declared_moved,
            date_only_bump=not article_changed and verdict.shown_moved,
            date_changes=verdict.changes,
            metadata_changes=metadata_changes(self.old_doc, self.new_doc),
            claim_changes=by_significance(claim_changes),
            reference_changes=reference_changes,
            text_changes=[change for change, _ in self._text_runs(text_changes)],
            boilerplate_changes=boilerplate_changes(self.old_doc, self.new_doc),
        )

    # ------------------------------------------------------------------ one op

    def _change(self, op: AlignOp) -> ClaimChange | TextChange | None:
        if op.kind == "equal" and not (
            self.old.units[op.old[0]].labels or self.new.units[op.new[0]].labels
        ):
            return None  # the common case on long pages: same sentence, nothing cited
        old_labels, old_works, _ = self.old.cited(op.old)
        new_labels, new_works, dangling = self.new.cited(op.new)
        orphaned = self._orphaned(op, old_labels, new_labels, dangling)
        if op.kind == "equal" and old_works == new_works and not orphaned:
            return None
        old_plain = self.old.plain(op.old) if op.old else None
        new_plain = self.new.plain(op.new) if op.new else None
        old_a = self.assessment(old_plain, bool(old_labels)) if old_plain is not None else None
        new_a = self.assessment(new_plain, bool(new_labels)) if new_plain is not None else None
        is_claim = bool((old_a and old_a.is_claim) or (new_a and new_a.is_claim))
        kind = _KINDS[op.kind]
        old_text = self.old.text(op.old) if op.old else None
        new_text = self.new.text(op.new) if op.new else None
        if not is_claim:
            if op.kind == "equal":  # a citation-only change on a sentence that cites nothing now
                kind = ChangeKind.MODIFIED
            return TextChange(kind=kind, old=old_text, new=new_text)
        tags: list[ClaimTag] = []
        numbers: list[NumberChange] = []
        if old_a is not None and new_a is not None:
            tags, numbers = claim_tags(old_a, new_a)
            tags += citation_tags(old_works, new_works)
        else:
            tags = lone_claim_tags(old_a, new_a)
        if op.kind == "equal":
            kind = ChangeKind.MODIFIED
        side = self.new if op.new else self.old
        categories = list(dict.fromkeys((*_categories_of(old_a), *_categories_of(new_a))))
        return ClaimChange(
            kind=kind,
            old=old_text,
            new=new_text,
            tags=tags,
            numbers=numbers,
            citations={"old": old_labels, "new": new_labels},
            old_strength=old_a.strength if old_a else None,
            new_strength=new_a.strength if new_a else None,
            section=side.units[(op.new or op.old)[0]].section,
            orphaned_citations=orphaned,
            categories=categories,
            significance=significance(kind, tags, categories, old_a, new_a, bool(orphaned)),
        )

    def _orphaned(
        self, op: AlignOp, old_labels: list[str], new_labels: list[str], dangling: list[str]
    ) -> list[str]:
        """Labels of works that left the list while the sentence still cites something."""
        if not op.new or not new_labels:
            return []
        orphaned = [
            label
            for label in old_labels
            if self.refs.old_work.get(label) in self.refs.removed_works
        ]
        old_dangling = set(self.old.cited(op.old)[2]) if op.old else set()
        orphaned += [
            label for label in dangling if label not in orphaned and label not in old_dangling
        ]
        return orphaned

    # ------------------------------------------------------------------ text runs

    def _text_runs(
        self, changes: list[tuple[TextChange, AlignOp]]
    ) -> list[tuple[TextChange, AlignOp]]:
        """Adjacent added (or removed, or moved) sentences of one paragraph read as one change."""
        runs: list[tuple[TextChange, AlignOp]] = []
        for change, op in changes:
            if runs and self._continues(runs[-1], change, op):
                last, last_op = runs[-1]
                merged = TextChange(
                    kind=last.kind,
                    old=_join(last.old, change.old),
                    new=_join(last.new, change.new),
                )
                runs[-1] = (merged, AlignOp(op.kind, last_op.old + op.old, last_op.new + op.new))
            else:
                runs.append((change, op))
        return runs

    def _continues(self, run: tuple[TextChange, AlignOp], change: TextChange, op: AlignOp) -> bool:
        last, last_op = run
        if last.kind != change.kind or op.kind not in ("added", "removed", "moved"):
            return False
        if op.kind == "moved" and (last.old != last.new or change.old != change.new):
            return False  # moved and rewritten: each its own change
        same_block = True
        for mine, theirs, side in (
            (op.old, last_op.old, self.old),
            (op.new, last_op.new, self.new),
        ):
            if not mine:
                continue
            if not theirs or mine[0] != theirs[-1] + 1:
                return False  # not adjacent in this version
            same_block = same_block and side.units[mine[0]].block == side.units[theirs[-1]].block
        # an added or removed paragraph is one change; a moved run may span paragraphs
        return same_block or op.kind == "moved"


_KINDS = {
    "equal": ChangeKind.MODIFIED,
    "modified": ChangeKind.MODIFIED,
    "moved": ChangeKind.MOVED,
    "added": ChangeKind.ADDED,
    "removed": ChangeKind.REMOVED,
}


def _join(left: str | None, right: str | None) -> str | None:
    if left is None:
        return right
    if right is None:
        return left
    return f"{left} {right}"


def _same(old: str | None, new: str | None) -> bool:
    return clean(old or "") == clean(new or "")


def same_date(old: str | None, new: str | None) -> bool:
    """ISO dates equal; when only one side gives a time, the day alone decides.

    A page may lose the meta tag that carried the time while its visible date stays:
    that is the same declared date, not a new one.
    """
    if not old or not new:
        return old == new
    old, new = old.strip(), new.strip()
    if ("T" in old) != ("T" in new):
        return old[:10] == new[:10]
    return old == new


# ---------------------------------------------------------------------- dates


@dataclass(frozen=True, slots=True)
class DateVerdict:
    """Which declared dates moved between two versions: the evidence for the verdicts.

    ``silent_edit`` needs an article change with no declared date of any kind moved (a
    new change-log entry or update note is a declared update, and so is a date only
    the markup carries); ``date_only_bump`` needs a date the reader is shown to move
    while the article stays.
    """

    changes: list[DateChange]
    declared_moved: bool
    shown_moved: bool

    @classmethod
    def of(cls, old: Document, new: Document) -> DateVerdict:
        changes = date_changes(old.dates, new.dates)
        shown_moved = not same_date(old.updated, new.updated) or not same_date(
            old.published, new.published
        )
        shown_moved = shown_moved or any(change.place in SHOWN_PLACES for change in changes)
        return cls(changes, shown_moved or bool(changes), shown_moved)


SHOWN_PLACES = {DatePlace.LINE, DatePlace.NOTE, DatePlace.CHANGE_LOG, DatePlace.TIME}


def date_changes(
    old: list[DeclaredDate] | None, new: list[DeclaredDate] | None
) -> list[DateChange]:
    """Declared dates that appeared, went, or took another value in the same place.

    A date read from another place on the other side (a meta tag now in JSON-LD) is
    the same declaration; a version stored before dates were kept (None) has none to
    compare.
    """
    if old is None or new is None:
        return []
    left, right = list(old), list(new)
    for same_place in (True, False):  # the same date in the same place first
        for date in list(left):
            twin = next(
                (
                    other
                    for other in right
                    if other.kind is date.kind
                    and same_date(other.value, date.value)
                    and (other.place is date.place or not same_place)
                ),
                None,
            )
            if twin is not None:
                left.remove(date)
                right.remove(twin)
    changes: list[DateChange] = []
    for exact in (True, False):  # a date that moved in its place: same detail first
        for date in list(left):
            twin = next(
                (
                    other
                    for other in right
                    if other.kind is date.kind
                    and other.place is date.place
                    and (other.detail == date.detail or not exact)
                ),
                None,
            )
            if twin is not None:
                left.remove(date)
                right.remove(twin)
                changes.append(DateChange(kind=ChangeKind.MODIFIED, old=date, new=twin))
    changes += [DateChange(kind=ChangeKind.REMOVED, old=date, new=None) for date in left]
    changes += [DateChange(kind=ChangeKind.ADDED, old=None, new=date) for date in right]
    return changes


# ---------------------------------------------------------------------- claim tags


def claim_tags(old: Assessment, new: Assessment) -> tuple[list[ClaimTag], list[NumberChange]]:
    """Tags from two assessments of the same claim, before and after."""
    tags: list[ClaimTag] = []
    hedges_added = set(new.hedges) - set(old.hedges)
    hedges_removed = set(old.hedges) - set(new.hedges)
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
    strength = _sign(new.strength - old.strength) if evidence else 0
    certainty = _sign(new.certainty - old.certainty, CERTAINTY_STEP)
    limits_added = set(_limitations(new)) - set(_limitations(old))
    limits_removed = set(_limitations(old)) - set(_limitations(new))
    narrower = hedges_added or boosters_removed or limits_added
    broader = hedges_removed or boosters_added or limits_removed
    cues = 1 if broader and not narrower else -1 if narrower and not broader else 0
    old_protection, new_protection = _protection(old), _protection(new)
    if old_protection is not None or new_protection is not None:
        # a promise: its direction is how much it binds the writer, not how sure it sounds
        vote = _sign((new_protection or 0) - (old_protection or 0))
    elif rewritten(old.text, new.text):
        # two different sentences of one claim: their hedges and certainty differ in a
        # hundred incidental ways, so the strength each one claims decides alone. On the
        # InSciOut pairs letting hedges or certainty vote too cost 0.1-0.2 macro-F1: "is
        # associated with" -> "may cause" adds a hedge and claims more. The hedge and
        # limitation tags still show what moved.
        vote = _sign(new.strength - old.strength)
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
        before, after = category in _categories_of(old), category in _categories_of(new)
        if after and not before:
            tags.append(added)
        elif before and not after:
            tags.append(removed)
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
    categories = _categories_of(present)
    for category, added, removed in _NOTICE_TAGS:
        if category in categories:
            tags.append(added if new is not None else removed)
    if _protection(present) is not None:
        tags.append(
            ClaimTag.PROTECTION_STRENGTHENED if new is not None else ClaimTag.PROTECTION_WEAKENED
        )
    return tags


def _categories_of(assessment: Assessment | None) -> tuple[str, ...]:
    return tuple(getattr(assessment, "categories", ())) if assessment is not None else ()


def _limitations(assessment: Assessment) -> tuple[str, ...]:
    return tuple(getattr(assessment, "limitations", ()))


def _protection(assessment: Assessment) -> int | None:
    return getattr(assessment, "protection", None)


# ---------------------------------------------------------------------- significance

# A reader loses a protection or a warning: the change a watchdog publishes first.
_HIGH_TAGS = frozenset(
    {ClaimTag.DISCLAIMER_REMOVED, ClaimTag.WARNING_REMOVED, ClaimTag.PROTECTION_WEAKENED}
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
    promise, or the claimed relation flips between asserted and denied; medium when the
    claim says more or less or its evidence changed; low for rewording and moves."""
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


# ---------------------------------------------------------------------- metadata, chrome


def metadata_changes(old: Document, new: Document) -> list[MetadataChange]:
    changes = []
    if not _same(old.title, new.title):
        changes.append(MetadataChange(field="title", old=old.title, new=new.title))
    for name in ("published", "updated"):
        before, after = getattr(old, name), getattr(new, name)
        if not same_date(before, after):
            changes.append(MetadataChange(field=name, old=before, new=after))
    if [clean(a) for a in old.authors] != [clean(a) for a in new.authors]:
        changes.append(
            MetadataChange(field="authors", old=list(old.authors), new=list(new.authors))
        )
    return changes


def boilerplate_changes(old: Document, new: Document) -> list[TextChange]:
    """Chrome compared on its own: reordered chrome is no change, rewritten chrome is.

    Date lines are declared dates: their changes are the report's ``date_changes``.
    """
    old_texts = [block.text for block in old.stripped if not _declared_date_line(block, old)]
    new_texts = [block.text for block in new.stripped if not _declared_date_line(block, new)]
    changes = []
    for op in align([clean(t) for t in old_texts], [clean(t) for t in new_texts]):
        if op.kind == "equal" or (op.kind == "moved" and op.score >= 100.0):
            continue
        old_text = " ".join(old_texts[i] for i in op.old) if op.old else None
        new_text = " ".join(new_texts[j] for j in op.new) if op.new else None
        kind = ChangeKind.MODIFIED if op.old and op.new else _KINDS[op.kind]
        changes.append(TextChange(kind=kind, old=old_text, new=new_text))
    return changes


def _declared_date_line(block: StrippedBlock, doc: Document) -> bool:
    """A date line whose dates the Document keeps (a version stored before dates were
    kept shows its date lines as chrome, as it always did)."""
    return block.reason is StripReason.DATE_LINE and doc.dates is not None


def build_report(old: Document, new: Document, assess: Assessor) -> ChangeReport:
    """The report, with the claim assessor passed in so tests can give their own."""
    return ReportBuilder(old, new, assess).build()
