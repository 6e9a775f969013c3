"""How often, or to how many, a claim says something happens: its place from none to all.

"Serious adverse events were rare" -> "... were never seen" and "most patients" -> "all
patients" claim more without a hedge or a booster moving the way the comparison reads
them, so each frequency word and quantifier is read with its place on a scale (0 none,
5 all) and whether it counts a harm: a rarer harm is a stronger claim of safety, a
rarer benefit a weaker claim of efficacy.
"""

from __future__ import annotations

import re

from tracker.comparison import claim_lexicon as lex

# the ends of the scale: "never", "no patients"; "always", "all patients"
NONE = 0
ALL = 5

# what a plain statement claims beside a version that says how often: "the drug causes
# bleeding" is read as "usually", so "rarely causes bleeding" claims more safety; a plain
# denial ("bleeding was not seen") reads as "never"
PLAIN = 4
Readings = tuple[tuple[int, bool], ...]


def _alternatives(entries: tuple[tuple[str, int], ...]) -> str:
    return "|".join(f"(?:{pattern})" for pattern, _ in sorted(entries, key=lambda e: -len(e[0])))


def _position_of(entries: tuple[tuple[str, int], ...]) -> list[tuple[re.Pattern[str], int]]:
    return [(re.compile(f"(?:{pattern})"), place) for pattern, place in entries]


_HARM = "|".join(lex.HARMS)
_PEOPLE = "|".join((*lex.COUNTED_PEOPLE_AND_STUDIES, *lex.HARMS))
_COPULA = r"(?:is|are|was|were|be|been|remains?|remained|seems?|seemed|appears?|appeared)"
# each reading names the group that holds the word whose place it is; one that names a
# harm ("harm") is a reading only when it counts that harm
_ONLY_BEFORE_HARM = rf"(?<![\w-])(?P<before>only)\s+(?:\S+\s+){{0,5}}?(?P<harm>{_HARM})(?![\w-])"
_READINGS = (
    (lex.ONLY_BEFORE_HARM, _ONLY_BEFORE_HARM),  # first: "only a few ... side effects"
    (
        lex.FREQUENCY_ADVERBS,
        rf"(?<![\w-])(?P<word>{_alternatives(lex.FREQUENCY_ADVERBS)})(?![\w-])",
    ),
    (
        lex.FREQUENCY_ADJECTIVES,
        rf"(?<![\w-]){_COPULA}\s+(?:\w+ly\s+|quite\s+)?"
        rf"(?P<word>{_alternatives(lex.FREQUENCY_ADJECTIVES)})(?![\w-])"
        rf"|(?<![\w-])(?P<before>{_alternatives(lex.FREQUENCY_ADJECTIVES)})\s+(?:[\w-]+\s+)?"
        rf"(?P<harm>{_HARM})(?![\w-])",
    ),
    (
        lex.QUANTIFIERS,
        rf"(?<![\w-])(?P<word>{_alternatives(lex.QUANTIFIERS)})\s+"
        r"(?:of\s+)?(?:the\s+|these\s+|those\s+|our\s+|its\s+|their\s+)?(?:[\w-]+\s+)?"
        rf"(?P<noun>{_PEOPLE})(?![\w-])",
    ),
    (
        lex.SEVERITIES,
        rf"(?<![\w-])(?P<before>{_alternatives(lex.SEVERITIES)})\s+(?P<harm>{_HARM})(?![\w-])",
    ),
    (
        lex.QUANTIFIED_PEOPLE,
        rf"(?<![\w-])(?P<word>{_alternatives(lex.QUANTIFIED_PEOPLE)})(?![\w-])",
    ),
)
_COMPILED = tuple((_position_of(entries), re.compile(pattern)) for entries, pattern in _READINGS)
_ONLY_RE = re.compile(_ONLY_BEFORE_HARM)
_HARM_RE = re.compile(rf"(?<![\w-])(?:{_HARM})(?![\w-])")
_REDUCER_RE = re.compile(r"(?<![\w-])(?:" + "|".join(lex.HARM_REDUCERS) + r")(?![\w-])")
# a clause's edge, and a relative clause's ("death in women who have never smoked")
_CLAUSE_BREAK_RE = re.compile(
    r"[,;:()]|\b(?:and|but|while|whereas|although|because|who|which|that|whose|whom|where)\b"
)
_WORD_RE = re.compile(r"[\w-]+")
# "the risk is not low", "not uncommon": a low place denied says the harm is more
_LITOTES_RE = re.compile(
    r"\s+(?:(?:so|very|that|too)\s+)?(?:"
    + "|".join(p for p, place in (*lex.FREQUENCY_ADJECTIVES, *lex.SEVERITIES) if 0 < place < 3)
    + r")(?![\w-])"
)
_NEGATION_RE = re.compile(r"(?<![\w-])(?:not|no|never|cannot|without)(?![\w-])|n't\b")
# how far a harm may sit from the frequency word it is the subject or object of
_WORDS_BEFORE = 5
_WORDS_AFTER = 3


def frequencies(lowered: str) -> Readings:
    """Each frequency word or quantifier in a lowercased sentence, in order: its place on
    the scale from none (0) to all (5), and whether it counts a harm."""
    return tuple((place, harm) for _, _, place, harm in _readings(lowered))


def only_frequencies_differ(old: str, new: str) -> bool:
    """Whether two lowercased sentences are the same words once their frequency words are
    taken out: "may cause infection" and "may rarely cause infection", not "nausea was
    uncommon" and "nausea was absent" (whose "absent" says how often too)."""
    return _other_words(old) == _other_words(new)


def _other_words(lowered: str) -> list[str]:
    kept, last = [], 0
    for start, end, _, _ in _readings(lowered):
        kept.append(lowered[last:start])
        last = end
    kept.append(lowered[last:])
    return _WORD_RE.findall(" ".join(kept))


def _readings(lowered: str) -> list[tuple[int, int, int, bool]]:
    """(start, end) of each frequency word, its place and whether it counts a harm."""
    found: list[tuple[int, int, int, bool]] = []
    taken: list[tuple[int, int]] = []
    for places, pattern in _COMPILED:
        for match in pattern.finditer(lowered):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            harm = _counts_harm(lowered, match)
            if match.groupdict().get("harm") is not None and not harm:
                continue  # "relief of minor pain", "only relief of pain": no harm counted
            group = "word" if match.groupdict().get("word") is not None else "before"
            word = match.group(group)
            place = next(p for compiled, p in places if compiled.fullmatch(word))
            taken.append((start, end))
            found.append((*match.span(group), place, harm))
    return sorted(found)


def minimises_harm(lowered: str, start: int) -> bool:
    """Whether the "only" at start says a harm is few ("only 2% had side effects")."""
    match = _ONLY_RE.match(lowered, start)
    return match is not None and _counts_harm(lowered, match)


def _counts_harm(lowered: str, match: re.Match[str]) -> bool:
    """Whether the frequency is of a harm: the harm it names, or one that is its subject
    ("headaches were rare") or its object ("rarely causes bleeding") with no word between
    that makes the harm a benefit ("rarely relieves pain", "symptoms never improved")."""
    groups = match.groupdict()
    noun = "harm" if groups.get("harm") is not None else "noun"
    named = groups.get(noun)
    if named is not None and _HARM_RE.fullmatch(named):
        word = "word" if groups.get("word") is not None else "before"
        between = lowered[match.end(word) : match.start(noun)]
        return not _reduced(lowered, match.start()) and not _REDUCER_RE.search(between)
    start, end = match.span()
    if named is None and _subject_harm(lowered, start, end):
        return True
    return _object_harm(lowered, end)


def denies_harm(lowered: str) -> bool:
    """Whether a negation denies a harm ("does not cause bleeding", "bleeding was not
    seen"): denying it claims more safety, where denying a benefit claims less."""
    return any(
        not _LITOTES_RE.match(lowered, match.end())
        and (
            _subject_harm(lowered, match.start(), match.end()) or _object_harm(lowered, match.end())
        )
        for match in _NEGATION_RE.finditer(lowered)
    )


def hedges_a_harm(lowered: str, hedge: str) -> bool:
    """Whether a hedge governs a harm ("may cause bleeding"), not a benefit ("may ease pain")."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(hedge)}(?![\w-])")
    return any(_object_harm(lowered, match.end()) for match in pattern.finditer(lowered))


def _object_harm(lowered: str, end: int) -> bool:
    """A harm in the few words after, with no word between that makes it go."""
    for count, word in enumerate(_WORD_RE.finditer(lowered, end)):
        if count == _WORDS_AFTER or _REDUCER_RE.fullmatch(word.group(0)):
            return False
        if _HARM_RE.match(lowered, word.start()):
            return True
    return False


def _subject_harm(lowered: str, start: int, end: int) -> bool:
    """A harm a few words before in the same clause, the frequency's subject, unless the
    verb after it makes the harm go ("symptoms rarely improve")."""
    clause = lowered[:start]
    breaks = list(_CLAUSE_BREAK_RE.finditer(clause))
    clause = clause[breaks[-1].end() :] if breaks else clause
    harms = list(_HARM_RE.finditer(clause))
    if not harms:
        return False
    between = clause[harms[-1].end() :]
    next_words = " ".join(_WORD_RE.findall(lowered[end:])[:2])
    return (
        len(_WORD_RE.findall(between)) <= _WORDS_BEFORE
        and not _REDUCER_RE.search(between)
        and not _REDUCER_RE.search(next_words)
        and not _reduced(clause, harms[-1].start())
    )


def _reduced(text: str, start: int) -> bool:
    """A reducer just before a harm: "fewer side effects", "relief of minor pain"."""
    words = _WORD_RE.findall(text[:start])[-2:]
    return any(_REDUCER_RE.fullmatch(word) for word in words)


def further(old: Readings, new: Readings, old_plain: int = PLAIN, new_plain: int = PLAIN) -> int:
    """Whether the new frequencies claim more (1), less (-1) or as much (0): each reading's
    place for a benefit, its mirror for a harm, averaged; a side without any reads at its
    plain place, of a harm when the other side's are."""
    if not old and not new:
        return 0
    delta = _reach(new or _plain(old, new_plain)) - _reach(old or _plain(new, old_plain))
    return (delta > 0) - (delta < 0)


def harms_only(readings: Readings) -> Readings:
    return tuple(reading for reading in readings if reading[1])


def _plain(readings: Readings, place: int) -> Readings:
    return ((place, any(harm for _, harm in readings)),)


def _reach(readings: Readings) -> float:
    return sum((ALL - place if harm else place) for place, harm in readings) / len(readings)
