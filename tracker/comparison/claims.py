"""Is a sentence a claim, and how strongly does it claim it?

A claim asserts something checkable: efficacy, safety, counts of patients or studies,
prices, evidence, approvals and credentials, superlatives, or it cites a reference.
Strength follows the 4-level scale of research on causal language in science
writing (0 no relationship, 1 correlational, 2 conditional or hedged causal,
3 direct causal); certainty is finer, so a comparison can show "some" -> "most" or
a dropped "may" even when the level stays the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from tracker.comparison import claim_lexicon as lex
from tracker.comparison.claim_features import BOOSTERS, HEDGES, Cues, bounded, read_cues
from tracker.comparison.claim_model import level_chances, likeliest_level
from tracker.comparison.claim_numbers import Quantity, find_quantities
from tracker.comparison.claim_reach import frequencies, minimises_harm
from tracker.memo import Recent

__all__ = [
    "CATEGORIES",
    "ClaimAssessment",
    "Quantity",
    "assess",
    "assess_many",
]

CATEGORIES = (
    "efficacy",
    "safety",  # a claim of safety: "well tolerated", "no side effects"
    "warning",  # a stated risk or warning: "may cause bleeding", "do not use if pregnant"
    "count",
    "price",
    "evidence",
    "approval",  # regulatory status claimed: "FDA-cleared", "licensed"
    "disclaimer",  # a regulatory disclaimer or stated limit: "not evaluated by the FDA"
    "commitment",  # a promise to the reader: "we never sell your data", "may only use"
    "credential",
    "superlative",
    "cites_reference",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimAssessment:
    text: str
    is_claim: bool
    strength: int  # 0 no relationship, 1 correlational, 2 conditional/hedged causal, 3 causal
    certainty: float  # 0..1: hedges lower it, boosters raise it
    hedges: tuple[str, ...]  # as found, lowercased, in sentence order
    boosters: tuple[str, ...]  # likewise
    numbers: tuple[Quantity, ...]
    negated: bool
    categories: tuple[str, ...]
    # the relation words read, in order ("causal:reduces", "hedged causal:help"): the
    # evidence a strength move must show before a comparison reports it
    relation_cues: tuple[str, ...] = ()
    # qualifiers that narrow the claim ("in some patients", "only", "not approved"), in order
    limitations: tuple[str, ...] = ()
    # a commitment's binding words less its exceptions; None when the sentence promises nothing
    protection: int | None = None
    # each frequency word or quantifier in order ("rare", "all patients"): its place from
    # none (0) to all (5) and whether it counts a harm (claim_reach)
    frequencies: tuple[tuple[int, bool], ...] = ()
    # the highest regulatory status claimed and not denied (REGULATORY_STATUS: 1 under
    # review .. 4 approved), 0 when the sentence names no regulator's decision
    regulatory_status: int = 0
    # the probability of each strength level 0-3 as the model reads the sentence (its
    # `strength` is the likeliest): two sentences' strengths are compared through these
    chances: tuple[float, ...] = ()

    def to_json(self) -> dict[str, Any]:
        # four places say all a reader can use of a probability
        return {**asdict(self), "chances": [round(chance, 4) for chance in self.chances]}


_CATEGORY_RES = {name: bounded(cues) for name, cues in lex.CATEGORY_CUES.items()}
_SUPERLATIVE_RE = bounded(lex.SUPERLATIVES)
_RANKING_LABEL_RE = re.compile(lex.RANKING_LABEL)
_DEGREE_RE = re.compile(r"(?<![\w.-])(?:" + lex.CREDENTIAL_DEGREES + r")(?![\w-]|\.\w)")
# a degree after a name ("Jane Doe, MD") or before a field ("a PhD in biology"), not "a DC motor"
_AFTER_NAME_RE = re.compile(r",\s*$")
_BEFORE_FIELD_RE = re.compile(r"\b(?:a|an|her|his|their|with)\s+$")
_FIELD_RE = re.compile(r"\s+(?:in|from|degree)\b")
# an infinitive of purpose before a relation verb ("in order to reduce", "a plan to cut"),
# unless a word makes it a claim ("helps to reduce", "shown to improve")
_PURPOSE_RE = re.compile("".join(rf"(?<!\b{word})" for word in lex.CLAIM_BEFORE_TO) + " to $")
# a sentence that opens with a bare verb tells the reader what to do ("Reduce stock by…");
# "Relieves joint pain" claims
_INSTRUCTION_RE = re.compile(r"\W*[a-z]+(?<![^s]s)(?<!ed)(?<!ing)")
_NAMED_SOURCE_RE = re.compile(r"\b[Aa]ccording to (?:the |a |an )?(?:[\w-]+ ){0,3}?[A-Z][\w.&'-]+")
_NON_EFFECT_RE = re.compile(r"(?:" + "|".join(lex.NON_EFFECT_RELATIONS) + r")")
_GREETING_RE = re.compile(r"^\W*(?:" + "|".join(lex.GREETINGS) + r")\b")
_NAVIGATION_RE = re.compile(r"^\W*(?:" + "|".join(lex.NAVIGATION) + r")\b")
_COUNT_UNIT_RE = re.compile(r"^(?:" + "|".join(lex.COUNTED_PEOPLE_AND_STUDIES) + r")$")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")
_PRICE_UNITS = frozenset(lex.CURRENCIES.values())
_DISCLAIMER_RE = bounded(lex.DISCLAIMERS)
_WARNING_RE = bounded(lex.WARNINGS)
# "no side effects", "without complications": a safety claim, not a warning
# and "reduces your risk of": a lowered risk is a benefit claimed
_WARNING_DENIED_RE = re.compile(
    r"(?:\b(?:no|without|free of|zero|not any|minimal|few|nor|reduc\w*|lower\w*|decreas\w*"
    r"|cut\w*|minimi[sz]\w*)\s+(?:\w+\s+)?)$"
)
_LIMITATION_RE = bounded(lex.LIMITATIONS + lex.DISCLAIMERS)
_UNDERTAKING_RE = bounded(lex.COMMITMENT_UNDERTAKINGS)
_COMMITMENT_ACTION_RE = re.compile(
    r"(?:\s+(?:\w+ly|also|ever|not|be|to))*\s+(?:" + "|".join(lex.COMMITMENT_ACTIONS) + r")\b"
)
_COMMITMENT_OBJECT_RE = bounded(lex.COMMITMENT_OBJECTS)
_RESTRICTION_RE = bounded(lex.COMMITMENT_RESTRICTIONS)
_READER_RIGHTS_RE = bounded(lex.READER_RIGHTS)
_EXCEPTION_RE = bounded(lex.COMMITMENT_EXCEPTIONS)
# "FDA-cleared": a status may follow a hyphen
_STATUS_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(pattern for pattern, _ in lex.REGULATORY_STATUS) + r")(?![\w-])"
)
_STATUS_PLACES = tuple((re.compile(pattern), place) for pattern, place in lex.REGULATORY_STATUS)
_STATUS_DENIED_RE = re.compile(
    r"\b(?:not|never|no|nor|without|yet to)\b(?:\s+[\w-]+){0,2}\s+(?:[\w.]+-)?$"
    r"|n't\s+(?:\w+\s+){0,2}$|\b(?:non|un)-$"
)
_CLAUSE_BREAK_RE = re.compile(r"[,;:]|\b(?:but|however)\b")
_DENIAL_RE = re.compile(r"\b(?:not|never|no)\b|n't\b")
# a modal or a negation over an action done for the reader ("we may notify you")
_PROTECTIVE_RE = re.compile(
    r"(?:(?<![\w-])(?:(?P<binding>"
    + "|".join(lex.BINDING_MODALS)
    + r")|(?P<permissive>"
    + "|".join(lex.PERMISSIVE_MODALS)
    + r")|(?P<negation>not|never|no longer))|(?P<contracted>n['’]t))"
    r"(?:\s+(?:\w+ly|also|always|be))*\s+(?:" + "|".join(lex.PROTECTIVE_ACTIONS) + r")(?![\w-])"
)
_BASE_CERTAINTY = 0.6  # a plain assertion; hedges and boosters move it


# "can" is only a hedge when it modalises a verb, not in "a can of" or "yes we can."
_CAN_VERB_RE = re.compile(r"\bcan\s+(?:also\s+|often\s+|even\s+|still\s+)?[a-z]{3,}")


def _hedges_and_boosters(cues: Cues) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    lowered = cues.lowered
    found = HEDGES.find(lowered)
    hedges = [
        (text, weight)
        for text, weight, start, _ in found
        if text != "can" or _CAN_VERB_RE.match(lowered, start)
    ]
    # "not proven" is a hedge; its "proven" is no booster
    boosters = [
        (text, weight)
        for text, weight, start, end in BOOSTERS.find(lowered)
        if not any(start < e and s < end for _, _, s, e in found)
        and not (text == "never" and cues.negated)
    ]
    return hedges, boosters


def _categories(
    text: str, cues: Cues, numbers: tuple[Quantity, ...], cites_reference: bool
) -> list[str]:
    lowered = cues.lowered
    found: list[str] = []
    # "because", "works in", "allows" link two facts, and "in order to reduce costs" names
    # an aim: neither says that something produces an effect
    relations = (*cues.causal, *cues.assoc)
    instruction = any(_INSTRUCTION_RE.fullmatch(lowered[: cue.end]) for cue in relations)
    relation = not instruction and any(
        not _NON_EFFECT_RE.fullmatch(cue.text) and not _PURPOSE_RE.search(lowered, 0, cue.start)
        for cue in relations
    )
    measured = any(q.unit == "%" for q in numbers)  # "our success rate is 94%"
    for name in ("efficacy", "safety"):
        if _CATEGORY_RES[name].search(lowered) and (relation or measured or name == "safety"):
            found.append(name)
    if any(q.unit and _COUNT_UNIT_RE.match(q.unit) for q in numbers):
        found.append("count")
    if any(q.unit in _PRICE_UNITS for q in numbers) or _CATEGORY_RES["price"].search(lowered):
        found.append("price")
    commitment = is_commitment(lowered)
    for name in ("evidence", "approval", "credential"):
        matches = {m.group(0) for m in _CATEGORY_RES[name].finditer(lowered)}
        if commitment and name == "evidence":
            matches.discard("data")  # a privacy policy's "data" is no study's data
        if (
            matches
            or (name == "credential" and has_degree(text))
            or (name == "evidence" and _NAMED_SOURCE_RE.search(text))
        ):
            found.append(name)
    if _SUPERLATIVE_RE.search(lowered) or _RANKING_LABEL_RE.match(lowered):
        found.append("superlative")
    if _DISCLAIMER_RE.search(lowered):
        found.append("disclaimer")
    if is_warning(lowered):
        found.append("warning")
    if commitment:
        found.append("commitment")
    if cites_reference:
        found.append("cites_reference")
    return found


def has_degree(text: str) -> bool:
    """A degree or post-nominal written after a name or before a field: "Jane Doe, MD"."""
    return any(
        _AFTER_NAME_RE.search(text, max(0, match.start() - 8), match.start())
        or (
            _BEFORE_FIELD_RE.search(text, max(0, match.start() - 8), match.start())
            and _FIELD_RE.match(text, match.end())
        )
        or (match.group(0).endswith(".") and "." in match.group(0)[:-1])
        for match in _DEGREE_RE.finditer(text)
    )


def is_warning(lowered: str) -> bool:
    """A risk stated as a risk: "may cause bleeding", not "no side effects" (a safety claim)."""
    return any(
        not _WARNING_DENIED_RE.search(lowered, max(0, match.start() - 24), match.start())
        for match in _WARNING_RE.finditer(lowered)
    )


def is_commitment(lowered: str) -> bool:
    """An undertaking over an action on something of the reader's ("will never sell your data"),
    or a right granted to the reader ("you can opt out at any time")."""
    if _READER_RIGHTS_RE.search(lowered):
        return True
    if not _COMMITMENT_OBJECT_RE.search(lowered):
        return False
    return any(
        _COMMITMENT_ACTION_RE.match(lowered, match.end())
        for match in _UNDERTAKING_RE.finditer(lowered)
    )


def protection(lowered: str) -> int:
    """How much a commitment binds: its restricting words less the exceptions that loosen it,
    and for an action done for the reader its modal ("will notify" binds, "may notify" not).

    "does not access your data without your consent" (1 - 1) binds less than "does not
    access your data" (1); "may only use" (1) more than "may use" (0).
    """
    exceptions = [
        match for match in _EXCEPTION_RE.finditer(lowered) if not _widens_a_denial(lowered, match)
    ]
    restrictions = [
        match
        for match in _RESTRICTION_RE.finditer(lowered)
        if not any(e.start() <= match.start() < e.end() for e in exceptions)
    ]
    return len(restrictions) - len(exceptions) + _protective_balance(lowered)


def _protective_balance(lowered: str) -> int:
    """What modals and negations over an action done for the reader add to a promise:
    "will notify" binds (+1), "may notify" loosens (-1), and the "not" of "will not
    notify" loosens (-1) where it counted as a restriction (+1)."""
    balance = 0
    for match in _PROTECTIVE_RE.finditer(lowered):
        if match.group("binding"):
            balance += 1
        elif match.group("permissive"):
            balance -= 1
        else:
            balance -= 2
    return balance


def regulatory_status(lowered: str) -> int:
    """The highest regulatory status a sentence claims: "FDA-cleared" 3, "approved" 4;
    a status denied ("not approved", "has yet to be cleared") claims none."""
    return max(
        (
            next(place for pattern, place in _STATUS_PLACES if pattern.fullmatch(match.group(0)))
            for match in _STATUS_RE.finditer(lowered)
            if not _STATUS_DENIED_RE.search(lowered, max(0, match.start() - 24), match.start())
        ),
        default=0,
    )


def _widens_a_denial(lowered: str, exception: re.Match[str]) -> bool:
    """ "will not sell your data for any purpose": "for any" after a negation in its clause
    widens the denial, where "may use your data for any purpose" loosens a promise."""
    if not exception.group(0).startswith("for any"):
        return False
    clause = _CLAUSE_BREAK_RE.split(lowered[: exception.start()])[-1]
    return _DENIAL_RE.search(clause) is not None


def _limitations(lowered: str) -> tuple[str, ...]:
    # "only 2% had side effects" narrows the harm, not the claim: a frequency (claim_reach)
    return tuple(
        match.group(0)
        for match in _LIMITATION_RE.finditer(lowered)
        if match.group(0) != "only" or not minimises_harm(lowered, match.start())
    )


def _looks_like_non_claim(text: str, lowered: str) -> bool:
    """Headings asked as questions, greetings, navigation and other fragments."""
    return _asks_or_points(lowered) or len(_WORD_RE.findall(text)) < 3


def _asks_or_points(lowered: str) -> bool:
    """A question, or a short greeting or navigation line."""
    stripped = lowered.strip()
    if not stripped or stripped.endswith("?"):
        return True
    if _GREETING_RE.match(stripped) or _NAVIGATION_RE.match(stripped):
        return len(_WORD_RE.findall(stripped)) <= 8
    return False


def _relation_cues(cues: Cues) -> tuple[str, ...]:
    hedged = set(cues.hedged_causal)
    found = sorted((*cues.causal, *cues.assoc, *cues.cond), key=lambda cue: cue.start)
    return tuple(("hedged " if cue in hedged else "") + f"{cue.kind}:{cue.text}" for cue in found)


RECENT_ASSESSMENTS = 4096
# a page's new version repeats the sentences the last comparison read
_assessed: Recent[tuple[str, bool], ClaimAssessment] = Recent(RECENT_ASSESSMENTS)


def assess(text: str, *, cites_reference: bool = False) -> ClaimAssessment:
    """Read one sentence: is it a claim, how strong, hedged or boosted, with which numbers."""
    return assess_many([text], cites_reference=[cites_reference])[0]


def assess_many(
    texts: Sequence[str], *, cites_reference: Sequence[bool] | None = None
) -> list[ClaimAssessment]:
    """Assess a list of sentences (a page, stdin): the answers are those of assess() one by one."""
    cites = list(cites_reference) if cites_reference is not None else [False] * len(texts)
    if len(cites) != len(texts):
        raise ValueError("cites_reference needs one flag per sentence")
    keys = list(zip(texts, cites, strict=True))
    answers: dict[tuple[str, bool], ClaimAssessment] = {}
    new: list[tuple[str, bool]] = []
    for key in dict.fromkeys(keys):
        remembered = _assessed.get(key)
        if remembered is None:
            new.append(key)
        else:
            answers[key] = remembered
    if new:
        all_cues = [read_cues(text) for text, _ in new]
        read = level_chances([text for text, _ in new], all_cues)
        for key, cues, chances in zip(new, all_cues, read, strict=True):
            answers[key] = _assessment(key[0], cues, chances, key[1])
            _assessed.put(key, answers[key])
    return [answers[key] for key in keys]


def _assessment(
    text: str, cues: Cues, chances: tuple[float, ...], cites_reference: bool
) -> ClaimAssessment:
    strength = likeliest_level(chances)
    numbers = find_quantities(text)
    hedges, boosters = _hedges_and_boosters(cues)
    non_claim = not cites_reference and _looks_like_non_claim(text, cues.lowered)
    # a question, a greeting or a link asserts nothing, so it is about nothing either; a
    # short fragment ("$34.99", "Relieves joint pain") keeps what it names
    asks = non_claim and _asks_or_points(cues.lowered)
    categories = [] if asks else _categories(text, cues, numbers, cites_reference)

    certainty = _BASE_CERTAINTY
    certainty -= sum(weight for _, weight in hedges)
    certainty += sum(weight for _, weight in boosters)
    if cues.negated:
        certainty = min(certainty, 0.9)
    certainty = round(min(1.0, max(0.0, certainty)), 3)

    if cites_reference:
        is_claim = True
    elif non_claim:
        is_claim = False
    else:
        checkable_number = any(q.unit is not None for q in numbers)
        is_claim = bool(categories) or strength > 0 or checkable_number

    return ClaimAssessment(
        text=text,
        is_claim=is_claim,
        strength=strength,
        certainty=certainty,
        hedges=tuple(text for text, _ in hedges),
        boosters=tuple(text for text, _ in boosters),
        numbers=numbers,
        negated=cues.negated,
        categories=tuple(categories),
        relation_cues=_relation_cues(cues),
        limitations=_limitations(cues.lowered),
        protection=protection(cues.lowered) if "commitment" in categories else None,
        frequencies=frequencies(cues.lowered),
        regulatory_status=regulatory_status(cues.lowered) if "approval" in categories else 0,
        chances=chances,
    )
