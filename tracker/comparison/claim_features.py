"""The linguistic reading of one sentence: which relation cues it uses, where, and under what scope.

Both the rule reading of claim strength and the shipped linear model start from the
same Cues, so what the model weighs is always something a linguist can name:
a causal verb in the main clause, a modal right before it, an association phrase,
a negation that scopes over the relation, a reporting frame ("the study found that").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from tracker.comparison import claim_lexicon as lex


def bounded(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """Lexicon entries matched as whole words (a hyphen joins words), the longest entry
    first so that "raise the risk" is read before "raise"."""
    ordered = sorted(patterns, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(ordered) + r")(?![\w-])")


class WeightedLexicon:
    """A weighted word list matched in one pass: leftmost, longest phrase first, no overlaps."""

    def __init__(self, entries: tuple[tuple[str, float], ...]) -> None:
        ordered = sorted(entries, key=lambda item: -len(item[0]))
        self._entries = [(re.compile(f"(?:{p})"), w) for p, w in ordered]
        self._pattern = bounded(tuple(p for p, _ in ordered))

    def weight(self, found: str) -> float:
        return next((w for pattern, w in self._entries if pattern.fullmatch(found)), 0.0)

    def find(self, lowered: str) -> list[tuple[str, float, int, int]]:
        return [
            (match.group(0), self.weight(match.group(0)), match.start(), match.end())
            for match in self._pattern.finditer(lowered)
        ]


# hedges and boosters with the fall (or rise) in certainty each expresses
HEDGES = WeightedLexicon(lex.HEDGES)
BOOSTERS = WeightedLexicon(lex.BOOSTERS)
_CAUSAL_RE = bounded(lex.CAUSAL)
_ASSOC_RE = bounded(lex.ASSOCIATION)
_COND_RE = bounded(lex.CONDITIONAL)
_NEG_RE = re.compile(r"(?<![\w-])(?:" + "|".join(lex.NEGATION) + r")(?![\w-])|n't\b")
_NEG_EXCEPT_RE = bounded(lex.NEGATION_EXCEPTIONS)
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*|[^\sa-z0-9]")
_CLAUSE_BREAK_RE = re.compile(r"[;:]|,\s+(?:but|while|whereas|although|though|and)\b|\bbut\b")
_REPORT_RE = re.compile(r"\b(?:" + "|".join(lex.REPORTING) + r")\b")
_RELATIVE_RE = re.compile(r"\b(?:who|which|whose|whom)\b")
_SUBORD_RE = re.compile(r"\b(?:" + "|".join(lex.SUBORDINATORS) + r")\b")
_QUESTION_START_RE = re.compile(
    r"^(?:what|why|how|who|when|where|which|is|are|can|could|does|do|did|should|will|would)\b"
)
_PUBLICATION_RE = bounded(lex.PUBLICATION)
_AIM_RE = bounded(lex.AIM)
_DEONTIC_RE = bounded(lex.DEONTIC)
_PREVALENCE_RE = bounded(lex.PREVALENCE)
_PRIOR_RE = bounded(lex.PRIOR_KNOWLEDGE)
# "the increase in", "on the rise", "a reduction of": a change named as a noun, not asserted
_NOMINAL_AFTER_RE = re.compile(r"\s+(?:in|of)\b")
_NOMINAL_BEFORE_RE = re.compile(r"\b(?:the|a|an|no|on the|any)\s+$")
_TREND_AFTER_RE = re.compile(r"\s*(?:" + "|".join(lex.TREND_AFTER) + r")")
# "X is a disease that ...", "Thyroid is the official journal": a definition, not a relation
_COPULA_DEFINITION_RE = re.compile(
    r"^[^,;:]{0,80}?\b(?:is|are|was|were|remains?)\s+(?:a|an|the|one of|among|now|often|"
    r"still|not|also|currently|increasingly)\b"
)
# "Researchers followed 2,000 patients", "The study used data from": a method, not a finding
_METHOD_SUBJECT_RE = re.compile(
    r"\b(?:researchers?|investigators?|scientists?|team|authors?|study|trial|survey|analysis"
    r"|participants|volunteers|subjects)\s+(?:\w+\s+){0,3}?(?:examin|analy[sz]|compar|used?\b|"
    r"using|follow|enrol|recruit|collect|review|survey|interview|conduct|look|track|measur|"
    r"assess|evaluat|studi|tested|gave|randomi[sz]|assign|included|involv|focus|administer)\w*"
)
_SPEECH_RE = re.compile(r"\b(?:said|says|explain(?:s|ed)|add(?:s|ed)|noted?|notes)\b|\"")
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
_MODAL_BEFORE_GAP = 5
_MODAL_SCOPE_CHARS = 300  # "suggest that ... may": how far back a modal can scope
# "patients who did not exercise": the negation is inside the relative clause, not the claim
_RELATIVE_NEG_RE = re.compile(
    r"\b(?:who|that|which)(?:\s+(?:did|do|does|had|have|has|is|are|was|were|could|would))?\s*$"
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "its", "their", "of", "for"})
_CONDITIONAL_MODALS = frozenset({"may", "might", "could"})
_MODAL_PREDICATE_RE = re.compile(
    r"\s+(?:also\s+|even\s+|actually\s+|partly\s+|one\s+day\s+|someday\s+|help\s+|"
    r"well\s+|potentially\s+|not\s+|be\s+(?!associated|linked|related|tied|correlated))*"
    r"([a-z]{3,})"
)
# "may contain", "might include": what something has or is made of relates nothing to anything
_STATE_VERBS = frozenset(
    {"contain", "include", "have", "exist", "consist", "comprise", "remain", "occur", "hold"}
)
# "can reduce" asserts a capacity: research on causal language scores it as direct causal
_ABILITY_MODALS = frozenset({"can"})


def normalise(text: str) -> str:
    """Lowercase NFKC text with straight quotes and plain dashes, for matching only."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(
        {
            0x2018: "'",
            0x2019: "'",
            0x201C: '"',
            0x201D: '"',
            0x2013: "-",
            0x2014: " - ",
            0x00A0: " ",
        }
    )
    return text.lower()


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str  # causal, assoc, cond, neg
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Cues:
    """Relation cues of one sentence, with the spans they were found at."""

    lowered: str
    causal: tuple[Cue, ...]
    assoc: tuple[Cue, ...]
    cond: tuple[Cue, ...]
    neg: tuple[Cue, ...]
    hedged_causal: tuple[Cue, ...]  # causal cues under a modal or epistemic verb
    hedged_by: tuple[str, ...]  # the modal or epistemic cue over each hedged causal cue
    negated: bool


def _find(pattern: re.Pattern[str], kind: str, text: str) -> list[Cue]:
    return [Cue(kind, m.group(0), m.start(), m.end()) for m in pattern.finditer(text)]


def _overlaps(cue: Cue, others: list[Cue]) -> bool:
    """Whether ``cue`` overlaps one of ``others`` (sorted, non-overlapping: one regex's matches)."""
    index = bisect_left(others, cue.end, key=_start)
    return index > 0 and others[index - 1].end > cue.start


def _start(cue: Cue) -> int:
    return cue.start


def _words_between(text: str, start: int, end: int) -> int:
    return len(_TOKEN_RE.findall(text[start:end]))


def _is_name_part(original: str, cue: Cue, title_case: bool) -> bool:
    """A cue inside a proper name ("American Heart Association") asserts nothing."""
    if title_case or cue.start == 0:
        return False
    first = original[cue.start : cue.start + 1]
    if not first.isupper():
        return False
    neighbours = re.findall(r"\w+", original[max(0, cue.start - 30) : cue.start])[-1:]
    return bool(neighbours and neighbours[0][:1].isupper())


def _title_case(original: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'-]*", original)
    long_words = [w for w in words if len(w) > 3]
    if len(long_words) < 3:
        return False
    return sum(w[0].isupper() for w in long_words) / len(long_words) > 0.6


def read_cues(text: str) -> Cues:
    lowered = normalise(text)
    original = unicodedata.normalize("NFKC", text)
    if len(original) != len(lowered):
        original = lowered
    title_case = _title_case(original)
    assoc = [
        c for c in _find(_ASSOC_RE, "assoc", lowered) if not _is_name_part(original, c, title_case)
    ]
    causal = [
        c
        for c in _find(_CAUSAL_RE, "causal", lowered)
        if not _overlaps(c, assoc) and not _is_name_part(original, c, title_case)
    ]
    # "more likely to" is a comparison of rates, not a modal
    cond = [c for c in _find(_COND_RE, "cond", lowered) if not _overlaps(c, assoc)]
    exceptions = _find(_NEG_EXCEPT_RE, "except", lowered)
    neg = [
        c
        for c in _find(_NEG_RE, "neg", lowered)
        if not _overlaps(c, exceptions)
        and not _RELATIVE_NEG_RE.search(lowered, max(0, c.start - 40), c.start)
    ]

    hedged: list[Cue] = []
    hedged_by: list[str] = []
    for cue in causal:
        # only modals close enough before the cue: long pages must stay linear
        for modal in reversed(cond[: bisect_left(cond, cue.start, key=_start)]):
            if modal.end < cue.start - _MODAL_SCOPE_CHARS:
                break
            if modal.end > cue.start or modal.text in _ABILITY_MODALS:
                continue
            gap = lowered[modal.end : cue.start]
            near = _words_between(lowered, modal.end, cue.start) <= _MODAL_BEFORE_GAP
            epistemic = modal.text.startswith(("suggest", "indicat", "propos", "hypothes"))
            if (near and not _CLAUSE_BREAK_RE.search(gap)) or (
                epistemic and (" that " in gap or not gap.strip())
            ):
                hedged.append(cue)
                hedged_by.append(modal.text)
                break

    # "may be dangerous", "could save lives": a conditional claim whatever the verb
    first_pass = list(hedged)
    relation_starts = sorted(c.start for c in (*causal, *assoc))
    for modal in cond:
        if modal.text not in _CONDITIONAL_MODALS or _overlaps(modal, first_pass):
            continue
        predicate = _MODAL_PREDICATE_RE.match(lowered, modal.end)
        if predicate is None or predicate.group(1) in _STATE_VERBS:
            continue
        index = bisect_left(relation_starts, modal.end)
        if index < len(relation_starts) and relation_starts[index] <= predicate.end() + 1:
            continue
        cue = Cue("causal", predicate.group(1), predicate.start(1), predicate.end(1))
        causal.append(cue)
        hedged.append(cue)
        hedged_by.append(modal.text)
    causal.sort(key=lambda c: c.start)

    relations = sorted(causal + assoc, key=lambda c: c.start)
    negated = False
    for cue in neg:
        index = bisect_left(relations, cue.end, key=_start)
        if index < len(relations):
            nearest = relations[index]
            gap = lowered[cue.end : nearest.start]
            if _words_between(lowered, cue.end, nearest.start) <= 4 and not _CLAUSE_BREAK_RE.search(
                gap
            ):
                negated = True
                break
        elif not relations:
            before = lowered[: cue.start]
            if not _RELATIVE_RE.search(before[-40:]):
                negated = True
                break
    return Cues(
        lowered=lowered,
        causal=tuple(causal),
        assoc=tuple(assoc),
        cond=tuple(cond),
        neg=tuple(neg),
        hedged_causal=tuple(hedged),
        hedged_by=tuple(hedged_by),
        negated=negated,
    )


def _level(cues: Cues, cue: Cue) -> int:
    if cue.kind == "assoc":
        return 1
    return 2 if cue in cues.hedged_causal else 3


def main_relation(cues: Cues) -> Cue | None:
    """The relation the sentence asserts: the first causal or association cue in a main clause."""
    relations = sorted((*cues.causal, *cues.assoc), key=lambda c: c.start)
    for cue in relations:
        if _scope(cues.lowered, cue) in ("main", "passive"):
            return cue
    return relations[0] if relations else None


def rule_strength(cues: Cues) -> int:
    """The strength a careful keyword reader gives: the level of the main clause's relation."""
    cue = main_relation(cues)
    if cue is None:
        return 0
    return _level(cues, cue)


_RELATIVE_BEFORE_RE = re.compile(r"\b(?:which|who|that|whose|whom)\b(?:\s+\S+){0,4}\s*$")
# a subordinate clause, or one of time ("after it reduced"), that the cue ends
_SUBORDINATE_BEFORE_RE = re.compile(
    r"\b(?:" + "|".join((*lex.SUBORDINATORS, "after", "before")) + r")\b(?:\s+\S+){0,6}\s*$"
)
# "examined how X affects Y", "to learn whether": the relation is asked about, not claimed
_INDIRECT_QUESTION_BEFORE_RE = re.compile(
    r"\b(?:examin|investigat|stud|analy[sz]|assess|evaluat|explor|test|determin|measur|"
    r"look|understand|learn|know|ask|see|identify|clarify|predict)\w*\s+"
    r"(?:\w+\s+){0,2}(?:how|whether|if|what|which|why)\b(?:\s+\S+){0,8}\s*$"
)
# the study's own activity: describing what was done is not claiming what was found
_ACTIVITY_RE = re.compile(
    r"\b(?:examin|investigat|analy[sz]|assess|evaluat|explor|compar|aim|track|follow|"
    r"enrol|recruit|survey|interview|review|measur|design|conduct|launch|plan|will)\w*"
)


def _scope(lowered: str, cue: Cue) -> str:
    """Where a cue sits: main clause, relative or subordinate clause, infinitive, participle."""
    before = lowered[max(0, cue.start - 60) : cue.start]
    clause = re.split(r"[,;:()]|\s-\s", before)[-1]
    if _INDIRECT_QUESTION_BEFORE_RE.search(before):
        return "question"
    if re.search(r"\bto\s+$", clause):
        return "infinitive"
    if cue.text.endswith("ing"):
        return "gerund"
    if _RELATIVE_BEFORE_RE.search(clause):
        return "relative"
    if _SUBORDINATE_BEFORE_RE.search(clause):
        return "subordinate"
    if re.match(r"\s+(?:by|with)\b", lowered[cue.end : cue.end + 6]) and cue.text.endswith("ed"):
        return "passive"
    return "main"


_SUFFIX_RE = re.compile(r"(?:ational|ations|ation|ings|ing|edly|ed|ies|es|s|ly)$")


def stem(word: str) -> str:
    """A crude suffix strip, so "reduces", "reduced" and "reducing" share a feature."""
    if len(word) <= 4 or not word.isalpha():
        return word
    return _SUFFIX_RE.sub("", word) or word


def tokens(lowered: str) -> list[str]:
    return _TOKEN_RE.findall(lowered)


def features(text: str, cues: Cues | None = None) -> dict[str, float]:
    """Named features of a sentence for the linear strength model.

    Each feature is a fact about the sentence's language (a cue and where it sits),
    plus word unigrams and bigrams so the model can learn what the lexicon missed.
    """
    if cues is None:
        cues = read_cues(text)
    lowered = cues.lowered
    words = [w for w in tokens(lowered) if w.isalnum() or "-" in w or "'" in w]
    feats: dict[str, float] = {"bias": 1.0}

    def add(name: str, value: float = 1.0) -> None:
        feats[name] = feats.get(name, 0.0) + value

    for word in words:
        add("w:" + word)
        add("s:" + stem(word))
    for first, second in itertools.pairwise(words):
        add("b:" + first + "_" + second)
    # skip-bigrams: "may _ reduce", "linked _ to" survive one inserted word
    for first, second in zip(words, words[2:], strict=False):
        add("k:" + first + "__" + second)

    length = len(words)
    add("len:short" if length <= 12 else "len:long" if length > 30 else "len:mid")
    main = main_relation(cues)
    if main is None:
        add("rule:0")
    else:
        add("rule:" + str(_level(cues, main)))
        add("main:" + main.kind + ":" + _scope(lowered, main))
        add("main_cue:" + main.text[:20])
    for kind, found in (("causal", cues.causal), ("assoc", cues.assoc), ("cond", cues.cond)):
        if found:
            add("has:" + kind)
            first_cue = found[0]
            add(kind + ":" + first_cue.text.split()[0][:6])
            position = first_cue.start / max(len(lowered), 1)
            add(kind + ":pos" + str(min(int(position * 3), 2)))
            for cue in found:
                add(kind + "_cue:" + cue.text[:20])
    if cues.hedged_causal:
        add("has:hedged_causal")
        for cue, modal in zip(cues.hedged_causal, cues.hedged_by, strict=True):
            add("hedged_causal:" + cue.text[:20])
            add("hedged_by:" + modal)
    for cue in (*cues.causal, *cues.assoc, *cues.cond):
        before = tokens(lowered[max(0, cue.start - 40) : cue.start])[-2:]
        after = tokens(lowered[cue.end : cue.end + 40])[:2]
        head = cue.kind + ":" + cue.text.split()[0][:8]
        if before:
            add(head + "<" + before[-1])
            if before[-1] in _DETERMINERS:
                add(cue.kind + ":after_determiner")  # "the increased risk": a noun phrase
        else:
            add(head + "<START")
        if after:
            add(head + ">" + after[0])
        if len(before) == 2:
            add(head + "<<" + before[0])
        add(cue.kind + ":scope_" + _scope(lowered, cue))
    if cues.causal and cues.assoc:
        add(
            "order:causal_first"
            if cues.causal[0].start < cues.assoc[0].start
            else "order:assoc_first"
        )
    if cues.negated:
        add("negated")
    if cues.neg:
        add("has:neg")
    report = _REPORT_RE.search(lowered)
    if report:
        add("report:" + report.group(0)[:6])
        relations = [c for c in (*cues.causal, *cues.assoc) if c.start > report.end()]
        if relations:
            add("report_then_relation")
    activity = _ACTIVITY_RE.search(lowered)
    if activity:
        add("activity:" + activity.group(0)[:7])
        if main is not None and activity.start() < main.start:
            add("activity_before_relation")
        elif main is None:
            add("activity_no_relation")
    if _SUBORD_RE.search(lowered):
        add("has:subordinate")
    if _RELATIVE_RE.search(lowered):
        add("has:relative")
    if lowered.rstrip().endswith("?") or _QUESTION_START_RE.match(lowered):
        add("question")
    if not lowered.rstrip().endswith((".", "!", "?", '"')):
        add("no_final_punct")  # headlines
    if re.search(r"\d", lowered):
        add("has:digit")
    frames = _add_frame_features(lowered, cues, main, add)
    # the same frame weighs differently over a direct causal, hedged or associational main clause
    level = "0" if main is None else str(_level(cues, main))
    for frame in frames:
        add("lvl" + level + "&" + frame)
    if report:
        add("lvl" + level + "&report")
    return feats


def _add_frame_features(lowered: str, cues: Cues, main: Cue | None, add) -> list[str]:
    """What kind of sentence carries (or fails to carry) the relation.

    Descriptive sentences (publication notes, aims and methods, definitions, prevalence
    and time trends, recommendations) often contain a relation word without asserting
    that one thing changes or goes with another.
    """
    frames: list[str] = []
    relations = (*cues.causal, *cues.assoc)
    scopes = [_scope(lowered, cue) for cue in relations]
    asserted = sum(scope in ("main", "passive") for scope in scopes)
    if relations and not asserted:
        add("frame:no_asserted_relation")  # every relation is asked about, embedded or nominal
    add("frame:asserted_" + str(min(asserted, 2)))
    main_start = main.start if main is not None else len(lowered)
    for name, pattern in (
        ("publication", _PUBLICATION_RE),
        ("aim", _AIM_RE),
        ("deontic", _DEONTIC_RE),
        ("prevalence", _PREVALENCE_RE),
        ("prior", _PRIOR_RE),
    ):
        found = pattern.search(lowered)
        if found is None:
            continue
        add("frame:" + name)
        frames.append(name)
        if main is None:
            add("frame:" + name + "_no_relation")
        elif found.start() < main_start:
            add("frame:" + name + "_before_relation")
        else:
            add("frame:" + name + "_after_relation")
    if (copula := _COPULA_DEFINITION_RE.match(lowered)) and (
        main is None or main.start > copula.end()
    ):
        add("frame:copula_definition")
        frames.append("copula")
    if main is not None and (
        _NOMINAL_BEFORE_RE.search(lowered, max(0, main.start - 8), main.start)
        and _NOMINAL_AFTER_RE.match(lowered, main.end)
    ):
        add("frame:main_nominal")
        frames.append("nominal")
    method = _METHOD_SUBJECT_RE.search(lowered)
    if method is not None:
        add("frame:method")
        frames.append("method")
        if main is None or method.start() < main.start:
            add("frame:method_first")
    if _SPEECH_RE.search(lowered):
        add("frame:speech")
        frames.append("speech")
    if _YEAR_RE.search(lowered):
        add("frame:year")
    for cue in cues.causal:
        if _TREND_AFTER_RE.match(lowered, cue.end):
            add("frame:trend")  # "rates increased 37% between 1995 and 2008"
            frames.append("trend")
            if cue is main:
                add("frame:main_is_trend")
            break
    if main is not None:
        # a relation needs two arguments: a bare change verb at the end has none after it
        rest = tokens(lowered[main.end :])
        if len([w for w in rest if w.isalnum()]) <= 1:
            add("frame:relation_sentence_final")
            frames.append("final")
    return frames
