"""Regular expressions written where they are used, compiled once.

The ``regex`` module's own module-level functions (``regex.sub(pattern, ...)``) look
their pattern up in a cache on every call, and that lookup costs several times the
match itself on the short strings of a reference entry or a citation: about 2.5 µs
a call, some fifty calls per reference. ``compiled`` keeps each pattern beside the
code that reads it while paying the compilation once per process.

``one_of`` writes a list of words as one group of alternatives, so that a word list
reads (and changes) as a tuple, a word a line, rather than as one long ``a|b|c``.

``EdgeVocabulary`` matches one class or id token against a list of name patterns at
its word edges, the first pattern in order deciding, by looking strings up rather than
searching.

``Caseless`` searches a pattern written in lower case whatever the case of the text.

``remembered_match`` asks a pattern whether a text opens as it reads, remembered by
text: for the patterns asked of every heading or short line on every version of a page,
which a new version repeats.

``word_openings`` reads from a pattern itself which word character can open the lines it
matches, so a cheap gate in front of it ("is this line's first word character one of
these?") follows every edit of the pattern.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
import string
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, Generic, TypeVar

import regex

from tracker.memo import once, remembered

__all__ = [
    "CaseBlind",
    "Caseless",
    "EdgeVocabulary",
    "FirstWords",
    "compiled",
    "first_words",
    "one_of",
    "remembered_match",
    "word_openings",
]

T = TypeVar("T")
_SPECIAL: Final = frozenset("\\.^$*+?{}[]|()")
_EDGE: Final = re.compile("[-_]")
MAX_SPELLINGS: Final = 4096  # a pattern naming more strings than this is searched, not looked up


@once(1024)  # bounded: a few patterns interpolate a year
def compiled(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    return regex.compile(pattern, flags)


def remembered_match(pattern: re.Pattern[str], size: int) -> Callable[[str], bool]:
    """Whether a text opens as ``pattern`` reads (``pattern.match``), its last ``size``
    answers remembered (``memo.remembered``): a case-blind alternation costs about a
    microsecond a match, a look-up far less."""

    @remembered(size)
    def matches(text: str) -> bool:
        return pattern.match(text) is not None

    return matches


def one_of(words: Iterable[str]) -> str:
    """A non-capturing group matching any of ``words`` (each a regular expression), tried
    in their order."""
    return "(?:" + "|".join(words) + ")"


class Caseless:
    """A pattern written in lower case, searched whatever the case of the text: an ASCII
    text lower-cased and searched as written, any other ignoring case. Ignoring case, the
    engine folds every character it tries, at each of the text's positions (four to five
    times the cost of the plain search on class names); lower-casing keeps an ASCII text's
    positions, and no ASCII character folds to a letter but its other case (beyond ASCII,
    "ſ" is an "s" and "K" a "k" to ``re.IGNORECASE``: that text is searched so)."""

    def __init__(self, pattern: str) -> None:
        if any(character.isupper() for character in re.sub(r"\\.", "", pattern)):
            raise ValueError(f"a caseless pattern is written in lower case: {pattern!r}")
        self._plain = re.compile(pattern)
        self._folded = re.compile(pattern, re.IGNORECASE)

    def search(self, text: str) -> bool:
        """Whether the pattern occurs in ``text``, in any case."""
        if text.isascii():
            return self._plain.search(text.lower()) is not None
        return self._folded.search(text) is not None


class CaseBlind:
    """A case-blind pattern (``re.IGNORECASE``, written in lower case) matched as ``Caseless``
    searches: an ASCII text by its lower-cased copy and the pattern read case-sensitively, any
    other text by the pattern as compiled. Ignoring case, the engine cannot skip a branch of
    an alternation at its first letter, and tries every branch's every word: a line's rules
    as one (``volatile._LABELS``, share buttons' twenty network names among them) cost eight
    times as much on a line they do not read."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        written = re.sub(r"\\.", "", pattern.pattern)
        if not pattern.flags & re.IGNORECASE or any(c.isupper() for c in written):
            raise ValueError(f"a case-blind pattern is written in lower case: {pattern.pattern!r}")
        if re.search(r"\\[xuUN0-7]", pattern.pattern):  # a letter written by its code
            raise ValueError(f"a case-blind pattern writes its letters: {pattern.pattern!r}")
        self.folded = pattern
        self._plain = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

    def fullmatch(self, text: str, lowered: str) -> re.Match[str] | None:
        """``fullmatch`` of ``text`` ignoring case (``lowered``: ``text.lower()``); an ASCII
        text's match is made on ``lowered``, at the same positions."""
        if text.isascii():
            return self._plain.fullmatch(lowered)
        return self.folded.fullmatch(text)


class _Open(Exception):
    """A pattern that is not a short finite list of strings (a class, a repeat, an escape)."""


def spellings(pattern: str) -> frozenset[str] | None:
    """Every string ``pattern`` matches, when it is written with literals, groups,
    alternatives and ``?`` alone (``cookie-?(banner|bar)``); None for any other pattern."""
    try:
        found, end = _alternation(pattern, 0)
    except _Open:
        return None
    return frozenset(found) if end == len(pattern) else None


def _alternation(pattern: str, index: int) -> tuple[set[str], int]:
    found, index = _sequence(pattern, index)
    while index < len(pattern) and pattern[index] == "|":
        more, index = _sequence(pattern, index + 1)
        found |= more
    return found, index


def _sequence(pattern: str, index: int) -> tuple[set[str], int]:
    found = {""}
    while index < len(pattern) and pattern[index] not in "|)":
        if pattern[index] == "(":
            index += 3 if pattern.startswith("(?:", index) else 1
            atom, index = _alternation(pattern, index)
            if index >= len(pattern) or pattern[index] != ")":
                raise _Open
            index += 1
        elif pattern[index] in _SPECIAL:
            raise _Open
        else:
            atom, index = {pattern[index]}, index + 1
        if pattern.startswith("?", index):
            atom, index = atom | {""}, index + 1
        if index < len(pattern) and pattern[index] in "?*+{":
            raise _Open
        found = {head + tail for head in found for tail in atom}
        if len(found) > MAX_SPELLINGS:
            raise _Open
    return found, index


class EdgeVocabulary(Generic[T]):
    """Patterns matched against a class or id token with word edges at the token's ends
    and at '-' and '_' ("share-buttons" names "share", "shareholder" does not); the first
    pattern in order that matches anywhere in the token gives its value.

    Nearly every token names nothing, and a regular-expression search per pattern (or
    even one search of them all) for each of them was a large part of a page's
    segmentation. The patterns name short finite lists of strings, so each string is
    filed with the first pattern that names it, and a token is read as the stretches
    between its word edges: the first pattern to name one of them is the first to
    match the token. A pattern that is not such a list is searched as written.
    """

    def __init__(self, vocabulary: Sequence[tuple[T, str]]) -> None:
        # the values in order, and None past them: what no pattern named answers
        self._values: list[T | None] = [*(value for value, _ in vocabulary), None]
        self._nothing = len(vocabulary)  # the index of that None
        self._named: dict[str, int] = {}  # a string -> the first pattern naming it
        self._searched: list[tuple[int, re.Pattern[str]]] = []
        for index, (_, pattern) in enumerate(vocabulary):
            named = spellings(pattern)
            if named is None:
                self._searched.append((index, re.compile(rf"(?<![^-_])(?:{pattern})(?:$|[-_])")))
                continue
            for spelling in named:
                self._named.setdefault(spelling, index)
        # a string named starts at a token's word edge only where its first word does: the
        # strings by their first word, the first pattern's first (a token has few words
        # that open one, each opening few strings)
        by_word: dict[str, list[tuple[int, str]]] = {}
        for spelling, index in self._named.items():
            by_word.setdefault(_EDGE.split(spelling, maxsplit=1)[0], []).append((index, spelling))
        self._by_first_word = {word: sorted(named) for word, named in by_word.items()}

    def first(self, token: str, words: list[str] | None = None) -> T | None:
        """The value of the first pattern naming ``token``; ``words``: the token split at its
        word edges, where the caller has read them (``_EDGE``'s split, made by ``str.replace``
        and ``str.split`` at a fifth of its cost)."""
        if words is None:
            words = token.replace("_", "-").split("-")
        found = self._nothing
        if len(words) == 1:
            found = self._named.get(token, found)
        else:
            found = self._first_named(token, words, found)
        for index, pattern in self._searched:
            if index >= found:
                break
            if pattern.search(token):
                found = index
                break
        return self._values[found]

    def _first_named(self, token: str, words: list[str], found: int) -> int:
        """The first pattern (before ``found``) naming a stretch of ``token`` between two of
        its word edges, ``words`` the token split at them; most tokens have no word that
        opens one, looked up once each."""
        by_first_word = self._by_first_word
        start = 0  # where the word starts in the token
        for word in words:
            named = by_first_word.get(word)
            if named is not None:
                for index, spelling in named:
                    if index >= found:
                        break
                    end = start + len(spelling)
                    # the slice compared, not ``startswith(spelling, start)``: compiled, a
                    # method given a start is called as Python's (~1,000 instructions)
                    if token[start:end] == spelling and (end == len(token) or token[end] in "-_"):
                        found = index  # the first of the strings this word opens, the rest later
                        break
            start += len(word) + 1
        return found


# The ASCII word characters as ``_opening``-style gates name them (lower-cased), and what
# a gate admits when a pattern's lines may open with anything: every one of them, a text
# with no word character (" ") and one whose first is beyond ASCII ("").
_ASCII_WORD: Final = frozenset(string.ascii_lowercase + string.digits + "_")
ANY_OPENING: Final = _ASCII_WORD | {" ", ""}


def word_openings(pattern: re.Pattern[str]) -> frozenset[str]:
    """The first word character (lower-cased, ASCII) of every text the pattern matches from
    its start, read from the pattern's parse: what it must consume before a word character
    is skipped, as a line's gate skips it. "" (a first word character beyond ASCII) is
    always in; a pattern that may match without a word character admits any opening."""
    firsts, passes = _firsts(_parsed(pattern))
    return ANY_OPENING if passes else frozenset(firsts | {""})


@once(256)  # a line's gates read a pattern twice (``word_openings``, ``first_words``)
def _parsed(pattern: re.Pattern[str]) -> Any:  # re._parser's SubPattern
    """A pattern's parse: in Python, about a million instructions a pattern at import."""
    return sre_parse.parse(pattern.pattern, pattern.flags)


_Firsts = tuple[frozenset[str], bool]  # the word characters it may open with; may it pass


def _firsts(items: Iterable[tuple[object, Any]]) -> _Firsts:
    """A sequence's first word characters, and whether it can match without one."""
    found: set[str] = set()
    for op, arg in items:
        firsts, passes = _item_firsts(op, arg)
        found |= firsts
        if not passes:
            return frozenset(found), False
    return frozenset(found), True


def _item_firsts(op: object, arg: Any) -> _Firsts:  # arg: what re._parser gives op
    if op is sre.LITERAL:
        character = chr(arg)
        if not _is_word(character):
            return frozenset(), True
        return frozenset({character.lower()} & _ASCII_WORD), False
    if op is sre.IN:
        return _set_firsts(arg)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        least, _, body = arg
        firsts, passes = _firsts(body)
        return firsts, passes or least == 0
    if op is sre.SUBPATTERN:
        return _firsts(arg[-1])
    if op is sre.ATOMIC_GROUP:
        return _firsts(arg)
    if op is sre.BRANCH:
        branches = [_firsts(branch) for branch in arg[1]]
        return frozenset().union(*(f for f, _ in branches)), any(p for _, p in branches)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return frozenset(), True  # consumes nothing
    return _ASCII_WORD, True  # any character, a back-reference, a conditional: anything


def _set_firsts(members: list[tuple[object, Any]]) -> _Firsts:
    """A character set's word characters, and whether it holds a character that is not one."""
    if any(op is sre.NEGATE for op, _ in members):
        return _ASCII_WORD, True
    found: set[str] = set()
    other = False
    for op, arg in members:
        if op is sre.LITERAL:
            characters = [chr(arg)]
        elif op is sre.RANGE:
            low, high = arg
            characters = [chr(code) for code in range(low, min(high, 0x7F) + 1)]
            other = other or high > 0x7F
        elif arg is sre.CATEGORY_DIGIT:
            characters = list(string.digits)
        elif arg in (sre.CATEGORY_NOT_WORD, sre.CATEGORY_SPACE):
            characters, other = [], True
        else:  # \w, \S, \D: word characters and others
            return _ASCII_WORD, True
        for character in characters:
            if _is_word(character):
                found |= {character.lower()} & _ASCII_WORD
            else:
                other = True
    return frozenset(found), other


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


class FirstWords:
    """The first words (the first run of word characters, lower-cased) that the ASCII texts
    a pattern matches whole may open with, read from the pattern (``first_words``): a line
    whose first word is none of them is not asked, a set's look-up where the pattern's call
    costs thirty times more. ``words`` are whole words; a word that opens with one of
    ``prefixes`` is admitted too (a pattern that may run its word on: "linkedinx")."""

    def __init__(self, words: frozenset[str], prefixes: tuple[str, ...]) -> None:
        self.words = words
        self.prefixes = prefixes

    def admits(self, word: str | None) -> bool:
        """Whether a text of this first word (``None``: one beyond ASCII) may match."""
        if word is None:
            return True
        return word in self.words or (bool(self.prefixes) and word.startswith(self.prefixes))


# where a pattern's reading of the text's first word stands: not yet ended (or not yet
# begun, as the word ""), ended by a character that is no word character or by the text's
# end, or open (a word character the pattern does not spell may follow)
_GOES_ON: Final = 0
_ENDED: Final = 1
_RUNS_ON: Final = 2
_WordState = tuple[str, int]


def first_words(pattern: re.Pattern[str], whole: bool = True) -> FirstWords | None:
    """The first words of the ASCII texts ``pattern`` matches whole (``fullmatch``), or from
    their start where not ``whole`` (``match``: a word the pattern ends in may run on in the
    text), read from its parse as ``word_openings`` reads their first character; None where
    the pattern may open with a word it does not spell (``\\d+``, ``\\w``, ``.``)."""
    try:
        states = _words(_parsed(pattern), {("", _GOES_ON)})
    except _Open:
        return None
    if not whole:
        states = {(word, _RUNS_ON if state == _GOES_ON else state) for word, state in states}
    prefixes = tuple(sorted(word for word, state in states if state == _RUNS_ON))
    if "" in prefixes:
        return None
    return FirstWords(frozenset(word for word, state in states if state != _RUNS_ON), prefixes)


def _words(items: Iterable[tuple[object, Any]], states: set[_WordState]) -> set[_WordState]:
    """The states of the first word after a sequence, from ``states`` before it."""
    for op, arg in items:
        going = {state for state in states if state[1] == _GOES_ON}
        if not going:
            break
        states = (states - going) | _item_words(op, arg, going)
        if len(states) > MAX_SPELLINGS:
            raise _Open
    return states


def _item_words(op: object, arg: Any, going: set[_WordState]) -> set[_WordState]:
    if op is sre.LITERAL:
        character = chr(arg)
        if not _is_word(character):
            return _ended(going)
        if not character.isascii():  # ignoring case, "ſ" reads an "s"
            raise _Open
        return {(word + character.lower(), _GOES_ON) for word, _ in going}
    if op is sre.IN and not _may_be_word(arg):
        return _ended(going)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        least, most, body = arg
        found = _words(body, going) | (going if least == 0 else set())
        if most == 1 or not _adds_to_a_word(body):
            return found  # once more, a run of characters that are no word's ends what it ends
        return {
            (word, _RUNS_ON) if state == _GOES_ON and word else (word, state)
            for word, state in found
        }
    if op is sre.SUBPATTERN:
        return _words(arg[-1], going)
    if op is sre.ATOMIC_GROUP:
        return _words(arg, going)
    if op is sre.BRANCH:
        return set().union(*(_words(branch, going) for branch in arg[1]))
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return going  # consumes nothing
    # a word character the pattern does not spell (a class, any character): a word begun
    # runs on, an opening word is any word
    if any(not word for word, _ in going):
        raise _Open
    return {(word, _RUNS_ON) for word, _ in going}


def _ended(going: set[_WordState]) -> set[_WordState]:
    """After a character that is no word character: a word begun has ended; before the
    first word, the pattern reads on as a line's gate skips it."""
    return {(word, _ENDED if word else _GOES_ON) for word, _ in going}


def _adds_to_a_word(body: Iterable[tuple[object, Any]]) -> bool:
    """Whether a repeat's body may read a word character (after a word begun)."""
    return any(word != "_" or state == _RUNS_ON for word, state in _words(body, {("_", _GOES_ON)}))


def _may_be_word(members: Iterable[tuple[object, Any]]) -> bool:
    """Whether a character set may match a word character, or a character beyond ASCII
    (ignoring case, "ſ" in a set reads an "s")."""
    for op, arg in members:
        if op is sre.LITERAL:
            if _is_word(chr(arg)) or arg > 0x7F:
                return True
        elif op is sre.RANGE:
            low, high = arg
            if high > 0x7F or any(_is_word(chr(code)) for code in range(low, high + 1)):
                return True
        elif arg not in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD):
            return True  # a negated set, \d, \w, \S
    return False
