"""Assemble the ChangeReport from the alignment, the reference match and the claim assessor.

Sentences are compared under their normalised keys (typography and citation
markers folded away), citations by the work they point to, so a renumbered list
or a new paragraph break is no change. A change lands in ``claim_changes`` when
either side is a claim, otherwise in ``text_changes``; stripped chrome is
compared on its own and only ever lands in ``boilerplate_changes``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from tracker.comparison.align import AlignOp, align
from tracker.comparison.claim_tags import (
    Assessment,
    Assessor,
    by_significance,
    categories_of,
    citation_tags,
    claim_tags,
    lone_claim_tags,
    significance,
)
from tracker.comparison.normalize import clean, match_key, strip_markers
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
    StrippedBlock,
    StripReason,
    TextChange,
    declares_published,
)


class Unit(NamedTuple):
    """One article sentence with what comparison needs to know about it (a named tuple:
    a page has hundreds and each comparison builds them for both versions)."""

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

    Built for both versions on every comparison, so the loop stays plain: positional
    units, each block's section and each sentence's fields read once.
    """
    units: list[Unit] = []
    for b, block in enumerate(doc.blocks):
        section = block.section
        if not block.sentences:
            if block.text.strip():
                units.append(Unit(block.text, match_key(block.text), (), (), section, b))
            continue
        for sentence in block.sentences:
            text, citations = sentence.text, sentence.citations
            if not citations:  # most sentences
                units.append(Unit(text, match_key(text), (), (), section, b))
                continue
            markers = tuple([citation.marker for citation in citations])
            labels = tuple(sentence.cited_labels)
            key = match_key(text, markers)
            if not key and labels and units and units[-1].block == b:
                last = units[-1]
                units[-1] = Unit(
                    f"{last.text} {text}",
                    last.key,
                    last.labels + labels,
                    last.markers + markers,
                    last.section,
                    b,
                )
                continue
            units.append(Unit(text, key, labels, markers, section, b))
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

    def _shares_work(self, i: int, j: int) -> bool:
        """Old sentence i and new sentence j cite a work in common: a rewrite that keeps
        its citation pairs as one claim."""
        return bool(self.old.cited((i,))[1] & self.new.cited((j,))[1])

    def build(self) -> ChangeReport:
        ops = align(
            [u.key for u in self.old.units],
            [u.key for u in self.new.units],
            shares_work=self._shares_work,
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
            silent_edit=article_changed and verdict.dated and not verdict.declared_moved,
            date_only_bump=not article_changed and verdict.shown_moved,
            date_changes=verdict.changes,
            metadata_changes=metadata_changes(self.old_doc, self.new_doc),
            claim_changes=by_significance(claim_changes),
            reference_changes=reference_changes,
            text_changes=[change for change, _ in self._text_runs(text_changes)],
            boilerplate_changes=boilerplate_changes(self.old_doc, self.new_doc),
        )

    # ------------------------------------------------------------------ one op

    def _cites_alike(self, i: int, j: int) -> bool:
        """Old unit i and new unit j print the same labels, each naming the same work on
        both sides (or, compared by label, one that did not leave the list): what
        ``_change`` would find no change in, told without building the citations."""
        labels = self.old.units[i].labels
        if labels != self.new.units[j].labels:
            return False
        old_work, removed = self.refs.old_work, self.refs.removed_works
        if self.old.works is None:
            return all(old_work.get(label) not in removed for label in labels)
        new_work = self.refs.new_work
        return all(
            (work := old_work.get(label)) is not None
            and work == new_work.get(label)
            and work not in removed
            for label in labels
        )

    def _change(self, op: AlignOp) -> ClaimChange | TextChange | None:
        if op.kind == "equal" and self._cites_alike(op.old[0], op.new[0]):
            return None  # the common case on long pages: same sentence, same citations
        old_labels, old_works, old_dangling = self.old.cited(op.old)
        new_labels, new_works, dangling = self.new.cited(op.new)
        orphaned = self._orphaned(op, old_labels, old_dangling, new_labels, dangling)
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
        categories = list(dict.fromkeys((*categories_of(old_a), *categories_of(new_a))))
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
        self,
        op: AlignOp,
        old_labels: list[str],
        old_dangling: list[str],
        new_labels: list[str],
        dangling: list[str],
    ) -> list[str]:
        """Labels of works that left the list while the sentence still cites something."""
        if not op.new or not new_labels:
            return []
        orphaned = [
            label
            for label in old_labels
            if self.refs.old_work.get(label) in self.refs.removed_works
        ]
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
    the markup carries) on a page that declares a date at all: a page that never
    states one cannot keep it still, and calling each of its edits silent would bury
    the pages that do; ``date_only_bump`` needs a date the reader is shown to move
    while the article stays.
    """

    changes: list[DateChange]
    declared_moved: bool
    shown_moved: bool
    dated: bool  # either version declares a date

    @classmethod
    def of(cls, old: Document, new: Document) -> DateVerdict:
        changes = date_changes(old.dates, new.dates)
        shown_moved = not same_date(old.updated, new.updated) or not same_date(
            old.published, new.published
        )
        shown_moved = shown_moved or any(change.place in SHOWN_PLACES for change in changes)
        dated = any(side.dates or side.published or side.updated for side in (old, new))
        return cls(changes, shown_moved or bool(changes), shown_moved, dated)


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
    # the same date: in the same place first, then anywhere
    _pair_off(
        left, right, lambda date, other: _same_value(date, other) and _same_place(date, other)
    )
    _pair_off(left, right, _same_value)
    # a date that took another value in its place: the same detail first
    moved = _pair_off(
        left, right, lambda date, other: _same_place(date, other) and other.detail == date.detail
    )
    moved += _pair_off(left, right, _same_place)
    changes = [DateChange(kind=ChangeKind.MODIFIED, old=date, new=twin) for date, twin in moved]
    changes += [DateChange(kind=ChangeKind.REMOVED, old=date, new=None) for date in left]
    changes += [DateChange(kind=ChangeKind.ADDED, old=None, new=date) for date in right]
    return changes


def _same_value(date: DeclaredDate, other: DeclaredDate) -> bool:
    return other.kind is date.kind and same_date(other.value, date.value)


def _same_place(date: DeclaredDate, other: DeclaredDate) -> bool:
    return other.kind is date.kind and other.place is date.place


def _pair_off(
    left: list[DeclaredDate],
    right: list[DeclaredDate],
    matches: Callable[[DeclaredDate, DeclaredDate], bool],
) -> list[tuple[DeclaredDate, DeclaredDate]]:
    """Each date ``left`` paired with the first date ``right`` that ``matches`` it, in order;
    both taken out of their lists, so a later, looser pass sees only what is left."""
    pairs = []
    for date in list(left):
        twin = next((other for other in right if matches(date, other)), None)
        if twin is not None:
            left.remove(date)
            right.remove(twin)
            pairs.append((date, twin))
    return pairs


# ---------------------------------------------------------------------- metadata, chrome


def metadata_changes(old: Document, new: Document) -> list[MetadataChange]:
    changes = []
    if not _same(old.title, new.title):
        changes.append(MetadataChange(field="title", old=old.title, new=new.title))
    for name in ("published", "updated"):
        before, after = getattr(old, name), getattr(new, name)
        if name == "published" and not any(
            declares_published(doc.published, doc.dates) for doc in (old, new)
        ):
            continue  # the update line stood in for it: its move is the update's
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
