"""Filling the ledger: one version of a watch applied, the next in time, to its rows.

Split from tracker.store.ledger (the tables, the index's face and the searches): this
is how a version's sentences become claims, how a rewording is followed through the
version's change report, and how its references become citing spans of works.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from tracker.comparison.claims import ClaimAssessment, assess_many
from tracker.comparison.normalize import loose_key_of_clean, match_key
from tracker.extraction.references import reference_key
from tracker.memo import Recent, remembered
from tracker.model import BlockKind, Document, Reference
from tracker.store.rows import iso_utc

__all__ = [
    "WORDING_BITS",
    "ClaimSentences",
    "HeldVersion",
    "LedgerVersion",
    "apply_version",
    "assess_all",
    "assessments_of",
    "claim_sentences",
    "claim_sentences_of",
    "forget_watch",
    "unassessed",
]

# A reworded claim's kind: the first of these its change report tagged it with.
_TAG_KINDS = (
    ("negation_changed", "negation_changed"),
    ("strengthened", "strengthened"),
    ("weakened", "weakened"),
    ("hedge_added", "hedged"),
    ("hedge_removed", "unhedged"),
    ("number_changed", "number_changed"),
)
WORDING_BITS = 10  # up to 1,024 wordings of one claim are searchable
_CLAIM_BLOCKS = {BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.QUOTE, BlockKind.TABLE_CELL}


class _Sentence(NamedTuple):
    """One sentence of a version that may be a claim (a named tuple: a version has
    hundreds, made afresh for each new version a check stores)."""

    key: str
    text: str
    plain: str  # what the claim assessor reads, as a comparison hands it over
    cites: bool  # whether it cites an entry of the reference list
    section: str | None
    citations: tuple[str, ...]  # the cited works, as the reference list names them


ClaimSentences = dict[str, _Sentence]  # a version's sentences that may be claims, by key


def _claim_key(text: str, markers: Sequence[str] = ()) -> str:
    return _keyed(text, tuple(markers))[0]


@remembered(32768)
def _keyed(text: str, markers: tuple[str, ...]) -> tuple[str, str]:
    """(ledger key, the text the assessor reads) of a sentence. Remembered: every check
    keys both versions, and nearly every sentence of each was keyed last time. The text
    the assessor reads is the sentence's comparison key, asked as the comparison asks it
    (markers only when it has some), so a version's comparison has cleaned it already."""
    plain = match_key(text, markers) if markers else match_key(text)
    return loose_key_of_clean(plain), plain


def claim_sentences(document: Document) -> ClaimSentences:
    """The sentences of a version's article that may be claims, by their key (first wins)."""
    by_label = {ref.label: ref for ref in document.references if ref.label}
    found: dict[str, _Sentence] = {}
    for block in document.blocks:
        if block.kind not in _CLAIM_BLOCKS:
            continue
        for sentence in block.sentences:
            citations = sentence.citations
            key, plain = _keyed(
                sentence.text, tuple([c.marker for c in citations]) if citations else ()
            )
            if not key or key in found:
                continue
            cited = (
                dict.fromkeys(
                    _work_text(by_label[label]) if label in by_label else label
                    for citation in citations
                    for label in citation.labels
                )
                if citations
                else {}
            )
            found[key] = _Sentence(
                key=key,
                text=sentence.text,
                plain=plain,
                cites=bool(cited),
                section=block.section,
                citations=tuple(cited),
            )
    return found


# a version's claim sentences by its Document's sha256: each check reads the last
# version's again, as the version the ledger holds (see ``HeldVersion``)
_sentences_by_document: Recent[str, ClaimSentences] = Recent(64)


def claim_sentences_of(document_sha: str, document: Callable[[], Document]) -> ClaimSentences:
    """``claim_sentences`` of the stored Document named ``document_sha`` (read through
    ``document`` only when they are not remembered)."""
    found = _sentences_by_document.get(document_sha)
    if found is None:
        found = claim_sentences(document())
        _sentences_by_document.put(document_sha, found)
    return found


def _work_text(ref: Reference) -> str:
    return ref.title or ref.raw


def _tags_kind(tags: Iterable[str]) -> str:
    present = set(tags)
    return next((kind for tag, kind in _TAG_KINDS if tag in present), "reworded")


@dataclass(frozen=True, slots=True)
class HeldVersion:
    """The version the ledger holds for a watch (its last applied), as claim sentences.

    Each of its sentences is an open claim of the watch now or was assessed as no claim
    when it was applied (a claim would have been added, restored or followed). So a
    new version's sentence the watch holds no claim for, read exactly as this one was
    (the same text for the assessor, the same citing), is no claim either: applying
    the new version needs no assessment of it, which is most of a page's sentences
    when nothing of the page is remembered (its prose, its menus' lines)."""

    snapshot_id: int
    sentences: ClaimSentences


def unassessed(
    current: ClaimSentences, held: HeldVersion | None, claims: Iterable[str]
) -> list[_Sentence]:
    """The sentences of ``current`` a version's application may ask the assessor about:
    those not among ``claims`` (the watch's claim keys), less those ``held`` settles."""
    known = set(claims)
    before = held.sentences if held is not None else {}
    return [
        sentence
        for key, sentence in current.items()
        if key not in known and not _same_reading(before.get(key), sentence)
    ]


def _same_reading(before: _Sentence | None, sentence: _Sentence) -> bool:
    """Whether the assessor reads both alike: its answer depends on these alone."""
    return before is not None and (before.plain, before.cites) == (sentence.plain, sentence.cites)


def assess_all(documents: Iterable[Document]) -> None:
    """Assess every sentence of these versions once, so replaying them hits the memory."""
    assessments_of([s for document in documents for s in claim_sentences(document).values()])


def assessments_of(sentences: Iterable[_Sentence]) -> dict[str, ClaimAssessment]:
    """Each sentence's assessment by its key, read as a comparison reads it (so what the
    comparison of this version assessed is remembered, not assessed again)."""
    chosen = list(sentences)
    found = assess_many([s.plain for s in chosen], cites_reference=[s.cites for s in chosen])
    return {sentence.key: answer for sentence, answer in zip(chosen, found, strict=True)}


def forget_watch(db: sqlite3.Connection, watch_id: int) -> None:
    claims = "SELECT id FROM ledger_claims WHERE watch_id = ?"
    db.execute(f"DELETE FROM ledger_claim_events WHERE claim_id IN ({claims})", (watch_id,))
    db.execute(f"DELETE FROM ledger_claim_text WHERE claim_id IN ({claims})", (watch_id,))
    db.execute("DELETE FROM ledger_claims WHERE watch_id = ?", (watch_id,))
    db.execute("DELETE FROM ledger_citings WHERE watch_id = ?", (watch_id,))
    db.execute("DELETE FROM ledger_watches WHERE watch_id = ?", (watch_id,))


@dataclass(frozen=True, slots=True)
class LedgerVersion:
    """A stored version of a watch as the ledger takes it (``sentences``: its
    ``claim_sentences``, when the caller has read them already; ``held``: the version
    the ledger held for the watch when they were read, used only if it still does)."""

    watch_id: int
    snapshot_id: int
    fetched_at: datetime
    document: Document
    report: dict[str, Any] | None
    sentences: ClaimSentences | None = None
    held: HeldVersion | None = None


@dataclass
class _Version:
    """One version being applied: where it is, and the events it adds."""

    db: sqlite3.Connection
    watch_id: int
    snapshot_id: int
    seen_at: str
    events: list[tuple[int, str, str | None, int | None]] = field(default_factory=list)

    def event(self, claim_id: int, kind: str, text: str | None, strength: int | None) -> None:
        self.events.append((claim_id, kind, text, strength))

    def first_seen(self) -> tuple[int, str, int, str]:
        """A new claim's or citing's span columns: first and last seen at this version."""
        return (self.snapshot_id, self.seen_at, self.snapshot_id, self.seen_at)

    def mark_removed(self, table: str, row_id: int) -> None:
        """Close a claim's or a citing's run at this version (``table``: whose row)."""
        self.db.execute(
            f"UPDATE {table} SET removed_snapshot_id = ?, removed_at = ? WHERE id = ?",
            (self.snapshot_id, self.seen_at, row_id),
        )

    def mark_still_seen(self, table: str) -> None:
        """Carry every open claim or citing of the watch (``table``: which) to this version."""
        self.db.execute(
            f"UPDATE {table} SET last_snapshot_id = ?, last_seen = ?"
            " WHERE watch_id = ? AND removed_snapshot_id IS NULL",
            (self.snapshot_id, self.seen_at, self.watch_id),
        )

    def flush(self) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO ledger_claim_events"
            " (claim_id, snapshot_id, seen_at, kind, text, strength) VALUES (?,?,?,?,?,?)",
            [
                (claim_id, self.snapshot_id, self.seen_at, kind, text, strength)
                for claim_id, kind, text, strength in self.events
            ],
        )


def apply_version(db: sqlite3.Connection, stored: LedgerVersion) -> None:
    """Add one version, the next in time of its watch, to the ledger."""
    watch_id = stored.watch_id
    version = _Version(db, watch_id, stored.snapshot_id, iso_utc(stored.fetched_at))
    row = db.execute(
        "SELECT snapshot_id FROM ledger_watches WHERE watch_id = ?", (watch_id,)
    ).fetchone()
    sentences = stored.sentences
    if sentences is None:
        sentences = claim_sentences(stored.document)
    held = stored.held
    if held is not None and (row is None or held.snapshot_id != row[0]):
        held = None  # read before another version was applied: it settles nothing
    _apply_claims(version, sentences, stored.report, row is None, held)
    _apply_references(version, stored.document.references)
    version.flush()
    db.execute(
        "INSERT INTO ledger_watches (watch_id, snapshot_id, fetched_at) VALUES (?, ?, ?)"
        " ON CONFLICT(watch_id) DO UPDATE SET snapshot_id = excluded.snapshot_id,"
        " fetched_at = excluded.fetched_at",
        (watch_id, stored.snapshot_id, version.seen_at),
    )


def _apply_claims(
    version: _Version,
    current: dict[str, _Sentence],
    report: dict[str, Any] | None,
    first_version: bool,
    held: HeldVersion | None,
) -> None:
    db = version.db
    on_page: dict[str, int] = {}
    gone: dict[str, int] = {}
    for claim_id, key, removed in db.execute(
        "SELECT id, claim_key, removed_snapshot_id FROM ledger_claims WHERE watch_id = ?",
        (version.watch_id,),
    ):
        (gone if removed is not None else on_page)[key] = claim_id
    new_keys = [key for key in current if key not in on_page]
    reworded = _rewordings(report, on_page, current)
    reworded_to = {new_key for new_key, _ in reworded.values()}
    # no claim in the version held, read alike now: no claim now (HeldVersion)
    before = held.sentences if held is not None else {}
    settled = {
        key
        for key in new_keys
        if key not in gone
        and key not in reworded_to
        and _same_reading(before.get(key), current[key])
    }
    assessed = assessments_of(current[key] for key in new_keys if key not in settled)
    for old_key, (new_key, tags) in reworded.items():
        claim_id = on_page.pop(old_key)
        sentence = current[new_key]
        assessment = assessed[new_key]
        _update_claim(db, claim_id, sentence, assessment)
        version.event(claim_id, _tags_kind(tags), sentence.text, assessment.strength)
        on_page[new_key] = claim_id
    for key, claim_id in on_page.items():
        if key not in current:
            version.mark_removed("ledger_claims", claim_id)
            version.event(claim_id, "removed", None, None)
    for key in new_keys:
        if key in reworded_to or key in settled:
            continue
        sentence = current[key]
        assessment = assessed[key]
        if key in gone:
            db.execute(
                "UPDATE ledger_claims SET removed_snapshot_id = NULL, removed_at = NULL"
                " WHERE id = ?",
                (gone[key],),
            )
            version.event(gone[key], "restored", sentence.text, assessment.strength)
        elif assessment.is_claim:
            claim_id = _insert_claim(version, sentence, assessment)
            kind = "seen" if first_version else "added"
            version.event(claim_id, kind, sentence.text, assessment.strength)
    version.mark_still_seen("ledger_claims")


def _rewordings(
    report: dict[str, Any] | None, on_page: dict[str, int], current: dict[str, _Sentence]
) -> dict[str, tuple[str, list[str]]]:
    """Old key -> (new key, tags) for each claim the report says was reworded."""
    found: dict[str, tuple[str, list[str]]] = {}
    taken: set[str] = set()
    for change in (report or {}).get("claim_changes", []):
        if change.get("kind") != "modified" or not change.get("old") or not change.get("new"):
            continue
        old_key, new_key = _claim_key(change["old"]), _claim_key(change["new"])
        if (
            old_key in on_page
            and old_key not in current
            and new_key in current
            and new_key not in on_page
            and new_key not in taken
        ):
            found[old_key] = (new_key, list(change.get("tags", [])))
            taken.add(new_key)
    return found


def _insert_claim(version: _Version, sentence: _Sentence, assessment: ClaimAssessment) -> int:
    cursor = version.db.execute(
        "INSERT INTO ledger_claims (watch_id, claim_key, text, section, categories, strength,"
        " citations, first_snapshot_id, first_seen, last_snapshot_id, last_seen)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (version.watch_id, *_claim_columns(sentence, assessment), *version.first_seen()),
    )
    claim_id = int(cursor.lastrowid or 0)
    _index_wording(version.db, claim_id, sentence.text)
    return claim_id


def _update_claim(
    db: sqlite3.Connection, claim_id: int, sentence: _Sentence, assessment: ClaimAssessment
) -> None:
    db.execute(
        "UPDATE ledger_claims SET claim_key = ?, text = ?, section = ?, categories = ?,"
        " strength = ?, citations = ? WHERE id = ?",
        (*_claim_columns(sentence, assessment), claim_id),
    )
    _index_wording(db, claim_id, sentence.text)


def _claim_columns(sentence: _Sentence, assessment: ClaimAssessment) -> tuple[object, ...]:
    """A claim's columns from its wording and assessment: claim_key, text, section,
    categories, strength, citations."""
    return (
        sentence.key,
        sentence.text,
        sentence.section,
        json.dumps(list(assessment.categories)),
        assessment.strength,
        json.dumps(list(sentence.citations), ensure_ascii=False),
    )


def _index_wording(db: sqlite3.Connection, claim_id: int, text: str) -> None:
    """Make a wording of a claim searchable. Its row is numbered from the claim's id
    (``claim_id << WORDING_BITS`` plus the wording's number), so a search reads only
    row numbers, never the stored columns (a word in every claim costs a third as
    much); a claim reworded more times than that keeps its first wordings searchable."""
    low = claim_id << WORDING_BITS
    (count,) = db.execute(
        "SELECT count(*) FROM ledger_claim_text WHERE rowid BETWEEN ? AND ?",
        (low, low + (1 << WORDING_BITS) - 1),
    ).fetchone()
    if count < 1 << WORDING_BITS:
        db.execute(
            "INSERT INTO ledger_claim_text (rowid, text, claim_id) VALUES (?, ?, ?)",
            (low + count, text, claim_id),
        )


def _apply_references(version: _Version, references: Sequence[Reference]) -> None:
    db = version.db
    current = {reference_key(ref): ref for ref in references}
    open_citings = {
        key: citing_id
        for citing_id, key in db.execute(
            "SELECT g.id, k.work_key FROM ledger_citings g JOIN ledger_works k"
            " ON k.id = g.work_id WHERE g.watch_id = ? AND g.removed_snapshot_id IS NULL",
            (version.watch_id,),
        )
    }
    for key, citing_id in open_citings.items():
        if key not in current:
            version.mark_removed("ledger_citings", citing_id)
    for key, ref in current.items():
        if key in open_citings:
            continue
        db.execute(
            "INSERT INTO ledger_citings (work_id, watch_id, label, first_snapshot_id,"
            " first_seen, last_snapshot_id, last_seen) VALUES (?,?,?,?,?,?,?)",
            (_work_id(db, key, ref), version.watch_id, ref.label, *version.first_seen()),
        )
    version.mark_still_seen("ledger_citings")


def _work_id(db: sqlite3.Connection, key: str, ref: Reference) -> int:
    row = db.execute("SELECT id FROM ledger_works WHERE work_key = ?", (key,)).fetchone()
    if row is not None:
        return int(row[0])
    cursor = db.execute(
        "INSERT INTO ledger_works (work_key, text, title, authors, year, doi, pmid, url)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (
            key,
            ref.raw,
            ref.title,
            json.dumps(list(ref.authors), ensure_ascii=False),
            ref.year,
            ref.doi,
            ref.pmid,
            ref.url,
        ),
    )
    work_id = int(cursor.lastrowid or 0)
    searchable = " ".join(filter(None, [ref.raw, ref.title, " ".join(ref.authors), ref.doi]))
    db.execute("INSERT INTO ledger_work_text (text, work_id) VALUES (?, ?)", (searchable, work_id))
    return work_id
