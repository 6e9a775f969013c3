"""Match reference-list entries across two versions by the work they describe.

Never by label: inserting a reference renumbers every later one, and "(4)" in the
new version may be "(3)" of the old. Identity comes first from identifiers (DOI,
PMID, PMCID), then from the same entry text, then from a fuzzy match (rapidfuzz) of
the title and first author, or of the whole entry, so an entry whose spelling or
year was corrected still counts as the same work, edited. A corrected identifier
counts only when title, first author and year all agree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy
from rapidfuzz import fuzz, process

from tracker.comparison.normalize import clean, loose_key
from tracker.model import ChangeKind, Reference, ReferenceChange

# Fuzzy identity: title (or whole entry when there is no parsed title) similarity.
TITLE_THRESHOLD = 88.0
ENTRY_THRESHOLD = 82.0
_LEADING_LABEL = re.compile(r"^\s*(?:\[\s*\w{1,4}\s*\]|\(\s*\w{1,4}\s*\)|\w{1,4}[.)])\s*")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
COMPARED_FIELDS = (
    "text",
    "authors",
    "year",
    "title",
    "container",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "url",
)


@dataclass(slots=True)
class ReferenceMatch:
    """Which old entry is which new entry, plus the changes a reader should see."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    changes: list[ReferenceChange] = field(default_factory=list)
    old_work: dict[str, str] = field(default_factory=dict)  # old label -> work id
    new_work: dict[str, str] = field(default_factory=dict)  # new label -> work id
    removed_works: set[str] = field(default_factory=set)


def normalise_doi(doi: str | None) -> str | None:
    if not doi:
        return None
    return _DOI_PREFIX.sub("", doi.strip()).rstrip(".").lower() or None


def normalise_pmcid(pmcid: str | None) -> str | None:
    if not pmcid:
        return None
    digits = re.sub(r"\D", "", pmcid)
    return f"PMC{digits}" if digits else None


def normalise_pmid(pmid: str | None) -> str | None:
    if not pmid:
        return None
    digits = re.sub(r"\D", "", pmid)
    return digits.lstrip("0") or None


def entry_text(ref: Reference) -> str:
    """The entry's text without its printed label: what the reader sees as the work."""
    text = clean(ref.raw)
    if ref.label and text.startswith(ref.label):
        text = text[len(ref.label) :]
    return _LEADING_LABEL.sub("", text, count=1).strip()


def reference_json(ref: Reference) -> dict[str, Any]:
    """The JSON shape of an entry in a reference change."""
    return {
        "label": ref.label,
        "text": ref.raw,
        "authors": list(ref.authors),
        "year": ref.year,
        "title": ref.title,
        "container": ref.container,
        "volume": ref.volume,
        "issue": ref.issue,
        "pages": ref.pages,
        "doi": ref.doi,
        "pmid": ref.pmid,
        "pmcid": ref.pmcid,
        "url": ref.url,
    }


Ids = dict[str, str]  # an entry's normalised identifiers by kind: doi, pmid, pmcid


def _ids(ref: Reference) -> Ids:
    """Worked out once per entry and comparison: every step of the match asks for them."""
    ids = {}
    if doi := normalise_doi(ref.doi):
        ids["doi"] = doi
    if pmid := normalise_pmid(ref.pmid):
        ids["pmid"] = pmid
    if pmcid := normalise_pmcid(ref.pmcid):
        ids["pmcid"] = pmcid
    return ids


def _identifiers(ids: Ids) -> list[str]:
    return [f"{kind}:{value}" for kind, value in ids.items()]


def _fuzzy_key(ref: Reference) -> tuple[str, str, str]:
    title = loose_key(ref.title or "")
    first_author = loose_key(ref.authors[0]).split()[:1] if ref.authors else []
    return title, " ".join(first_author), loose_key(entry_text(ref))


def match_references(old: Sequence[Reference], new: Sequence[Reference]) -> ReferenceMatch:
    """Pair entries, then describe each pair and each leftover as a reference change."""
    free_old = set(range(len(old)))
    free_new = set(range(len(new)))
    pairs: list[tuple[int, int]] = []
    old_ids, new_ids = [_ids(ref) for ref in old], [_ids(ref) for ref in new]

    def assign(candidates: list[tuple[float, int, int]]) -> None:
        """Take candidate pairs best score first: the same pairs whichever version is old.

        Scores are symmetric; ties go to the pair earliest in both lists (smallest i + j),
        then the one nearest the diagonal. Pairs that tie on all three are mirror images
        (i, j) and (j, i), which never compete for an entry, so no tie is left to the sides.
        """
        candidates.sort(key=lambda c: (-c[0], c[1] + c[2], abs(c[1] - c[2]), c[1]))
        for _, i, j in candidates:
            if i in free_old and j in free_new:
                pairs.append((i, j))
                free_old.discard(i)
                free_new.discard(j)

    # 1. identifiers: the entries sharing most DOI / PMID / PMCID, unless another contradicts
    by_id: dict[str, list[int]] = {}
    for j in sorted(free_new):
        for ident in _identifiers(new_ids[j]):
            by_id.setdefault(ident, []).append(j)
    shared: Counter[tuple[int, int]] = Counter(
        (i, j)
        for i in sorted(free_old)
        for ident in _identifiers(old_ids[i])
        for j in by_id.get(ident, ())
    )
    assign(
        [(n, i, j) for (i, j), n in shared.items() if not _conflicting_ids(old_ids[i], new_ids[j])]
    )
    # 2. the same entry text
    by_text: dict[str, list[int]] = {}
    for j in sorted(free_new):
        by_text.setdefault(loose_key(entry_text(new[j])), []).append(j)
    assign(
        [
            (1.0, i, j)
            for i in sorted(free_old)
            for j in by_text.get(loose_key(entry_text(old[i])), ())
            if not _conflicting_ids(old_ids[i], new_ids[j])
        ]
    )
    # 3. fuzzy title + first author + year, or whole entry text
    if free_old and free_new:
        assign(_fuzzy_candidates(old, new, sorted(free_old), sorted(free_new), (old_ids, new_ids)))

    result = ReferenceMatch(pairs=sorted(pairs), removed=sorted(free_old), added=sorted(free_new))
    _describe(old, new, result, (old_ids, new_ids))
    return result


def _conflicting_ids(a: Ids, b: Ids) -> bool:
    """Two entries with different DOIs (or PMIDs) are different works whatever their text."""
    return any(kind in b and b[kind] != value for kind, value in a.items())


def _score_all(
    old_keys: list[tuple[str, str, str]],
    new_keys: list[tuple[str, str, str]],
    part: int,
    scorer: Callable[..., float],
    cutoff: float,
) -> numpy.ndarray:
    """One part of every old key scored against the same part of every new key (0 below cutoff)."""
    return process.cdist(
        [key[part] for key in old_keys],
        [key[part] for key in new_keys],
        scorer=scorer,
        score_cutoff=cutoff,
        dtype=numpy.float64,
        workers=1,
    )


def _fuzzy_candidates(
    old: Sequence[Reference],
    new: Sequence[Reference],
    rows: list[int],
    columns: list[int],
    ids: tuple[list[Ids], list[Ids]],
) -> list[tuple[float, int, int]]:
    """Every pair similar enough by title or whole entry, scored the same from either side.

    All pairs are scored (rapidfuzz's cdist, in C), never a few best per entry: a shortlist
    taken from one side only changes with the side when many entries look alike.
    """
    old_keys = [_fuzzy_key(old[i]) for i in rows]
    new_keys = [_fuzzy_key(new[j]) for j in columns]
    entry_scores = _score_all(old_keys, new_keys, 2, fuzz.token_sort_ratio, ENTRY_THRESHOLD)
    title_scores = _score_all(old_keys, new_keys, 0, fuzz.ratio, TITLE_THRESHOLD)
    titled = numpy.outer([bool(key[0]) for key in old_keys], [bool(key[0]) for key in new_keys])
    title_scores[~titled] = 0.0
    candidates: list[tuple[float, int, int]] = []
    for row, column in zip(*numpy.nonzero(entry_scores + title_scores), strict=True):
        i, j = rows[row], columns[column]
        title_score, entry_score = (
            float(title_scores[row, column]),
            float(entry_scores[row, column]),
        )
        author_old, author_new = old_keys[row][1], new_keys[column][1]
        same_author = not (author_old and author_new) or author_old == author_new
        if _conflicting_ids(ids[0][i], ids[1][j]):
            # a corrected identifier: only the same title, first author and year say so
            if title_score >= 97 and same_author and old[i].year == new[j].year:
                candidates.append((title_score, i, j))
            continue
        if title_score >= TITLE_THRESHOLD and (same_author or title_score >= 97):
            candidates.append((max(title_score, entry_score), i, j))
        elif entry_score >= ENTRY_THRESHOLD:
            candidates.append((entry_score, i, j))
    return candidates


def _field_value(ref: Reference, name: str) -> Any:
    if name == "text":
        return loose_key(entry_text(ref))
    if name == "authors":
        return [loose_key(author) for author in ref.authors]
    if name == "doi":
        return normalise_doi(ref.doi)
    if name == "pmid":
        return normalise_pmid(ref.pmid)
    if name == "pmcid":
        return normalise_pmcid(ref.pmcid)
    value = getattr(ref, name)
    return clean(value) if isinstance(value, str) else value


def _work_id(ids: Ids, index: int, side: str) -> str:
    identifiers = _identifiers(ids)
    return identifiers[0] if identifiers else f"{side}:{index}"


def _describe(
    old: Sequence[Reference],
    new: Sequence[Reference],
    result: ReferenceMatch,
    ids: tuple[list[Ids], list[Ids]],
) -> None:
    changes: list[tuple[float, ReferenceChange]] = []
    for i, j in result.pairs:
        work = _work_id(ids[0][i], i, "old")
        if old_label := old[i].label:
            result.old_work.setdefault(old_label, work)
        if new_label := new[j].label:
            result.new_work.setdefault(new_label, work)
        if old[i] == new[j]:  # the usual case: an entry the new version repeats unchanged
            continue
        fields = [
            name
            for name in COMPARED_FIELDS
            if _field_value(old[i], name) != _field_value(new[j], name)
        ]
        relabelled = clean(old[i].label or "") != clean(new[j].label or "")
        if fields:
            kind = ChangeKind.MODIFIED
            if relabelled:
                fields.insert(0, "label")
        elif relabelled:
            kind = ChangeKind.RENUMBERED
            fields = ["label"]
        else:
            continue
        changes.append(
            (
                j,
                ReferenceChange(
                    kind=kind, old=reference_json(old[i]), new=reference_json(new[j]), fields=fields
                ),
            )
        )
    for i in result.removed:
        work = _work_id(ids[0][i], i, "old")
        result.removed_works.add(work)
        if old_label := old[i].label:
            result.old_work.setdefault(old_label, work)
        position = _removed_position(i, result.pairs)
        changes.append(
            (
                position,
                ReferenceChange(kind=ChangeKind.REMOVED, old=reference_json(old[i]), new=None),
            )
        )
    for j in result.added:
        work = _work_id(ids[1][j], j, "new")
        if new_label := new[j].label:
            result.new_work.setdefault(new_label, work)
        changes.append(
            (j, ReferenceChange(kind=ChangeKind.ADDED, old=None, new=reference_json(new[j])))
        )
    changes.sort(key=lambda item: item[0])
    result.changes = [change for _, change in changes]


def _removed_position(i: int, pairs: list[tuple[int, int]]) -> float:
    """Where a removed entry sits in the new list: right after its old predecessor's match."""
    before = [j for old_index, j in pairs if old_index < i]
    return max(before) + 0.5 if before else -0.5
