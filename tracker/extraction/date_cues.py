"""What on a page says that a date is the page's own, and what kind of date it is.

The words that label a date in English, Spanish, French, German, Portuguese and Italian
("Last updated", "Effective date", "Dernière mise à jour", "Gültig ab"), the words of
change logs and version lists, bylines, and the marks of chrome that speaks of other
pages (navigation, related posts, comments...) rather than of this one.
"""

from __future__ import annotations

import re
from typing import Final

from tracker.extraction.patterns import one_of, remembered_match, word_openings
from tracker.extraction.segment import RawBlock
from tracker.memo import remembered
from tracker.model import DateKind, StripReason

# the label before a date says what the date declares (English, Spanish, French, German,
# Portuguese, Italian); longer phrases first within each kind
_KIND_WORDS: Final = {
    DateKind.EFFECTIVE: (
        r"effective(?:\s+date)?|in\s+effect|takes?\s+effect|valid\s+(?:from|as\s+of)"
        r"|date\s+d['’]effet|(?:date\s+d['’])?entrée\s+en\s+vigueur|en\s+vigueur"
        r"|(?:fecha\s+de\s+)?entrada\s+en\s+vigor|vigente|en\s+vigor"
        r"|gültig|in\s+kraft(?:\s+getreten)?|inkrafttreten"
        r"|data\s+de\s+vigência|vigência|em\s+vigor"
        r"|(?:data\s+di\s+)?entrata\s+in\s+vigore|in\s+vigore|valido"
    ),
    DateKind.REVIEWED: (
        r"(?:date\s+)?(?:last\s+|medically\s+|clinically\s+|expert[- ])?reviewed|fact[- ]checked"
        r"|(?:zuletzt\s+)?(?:medizinisch\s+)?(?:geprüft|überprüft)|revisado\s+médicamente"
        r"|revisionato"
    ),
    DateKind.UPDATED: (
        r"(?:page\s+|date\s+)?last\s+(?:updated|modified|revised|edited|changed|update|revision"
        r"|modification|published)(?:\s+date)?"
        r"|(?:page\s+|date\s+)?(?:updated|modified|revised|edited|changed)(?:\s+date)?"
        r"|updates?"
        r"|(?:última|ultima)\s+(?:actualización|actualizacion|modificación|revisión"
        r"|atualização|atualizacao|modificação|alteração)"
        r"|actualizado|actualización|modificado|atualizado|alterado|revisado|revisto"
        r"|(?:dernière\s+)?mise\s+à\s+jour|mis\s+à\s+jour|modifié|révisé"
        r"|(?:zuletzt\s+)?(?:aktualisiert|geändert|bearbeitet)|letzte\s+(?:aktualisierung"
        r"|änderung)|aktualisierung|stand"
        r"|(?:ultimo\s+)?aggiornamento|aggiornato|modificato|revisione"
    ),
    DateKind.PUBLISHED: (
        r"(?:first\s+|originally\s+)?(?:published|posted|written|created|released|issued)"
        r"(?:\s+date)?"
        r"|started(?=\s+by\b)"
        r"|publication\s+date|publish(?:ed)?\s+date|date\s+(?:of\s+)?publication"
        r"|date\s+published|publicado|publicada|fecha\s+de\s+publicación"
        r"|publié|publiée|date\s+de\s+publication|veröffentlicht|erschienen|erstellt"
        r"|data\s+de\s+publicação|pubblicato|pubblicata|data\s+di\s+pubblicazione"
    ),
}
_GROUPS = {"effective": DateKind.EFFECTIVE, "reviewed": DateKind.REVIEWED}
_GROUPS |= {"updated": DateKind.UPDATED, "published": DateKind.PUBLISHED}
# a label, then the little words between it and its date ("on", "as of", "le", "am"...)
DATE_LABEL: Final = re.compile(
    r"(?:^|(?<=[\s·|•,;(\[*_]))(?P<label>"
    + "|".join(f"(?P<{name}>{_KIND_WORDS[kind]})" for name, kind in _GROUPS.items())
    + r")(?![\w])\s*"
    # "Posted by Ana at", "Updated by the editors, ": the credit between label and date
    # and "Reviewed by Ana Ruiz, MD on": credentials after the name
    r"(?:by\s+[^\d\s,;:|·•—–]+(?:\s+[^\d\s,;:|·•—–]+){0,3}?"
    r"(?:,\s*[A-Z][A-Za-z.-]{0,7}(?=\s+(?:on|at)\b))*(?:\s*,|\s+(?=on\b|at\b)))?"
    # (Italian "il 03/02/2025", but not French "il y a 2 jours": that is the date)
    r"\s*(?:(?:on(?:\s+the)?|at|as\s+of|from|since|le|la|el|em|il(?!\s+y\s+a\b)|am|au|du|dal"
    r"|del|desde|ab|seit|a\s+partir\s+del?|à\s+compter\s+du)\b)?\s*[:(–—-]?\s*"
    r"(?:(?:on|at|as\s+of|from|since|le|el|em|il(?!\s+y\s+a\b)|am|au|du|dal|del|desde|ab"
    r"|seit)\b)?\s*",
    re.IGNORECASE,
)
VERSIONS: Final = re.compile(
    r"^\s*(?:(?:previous|archived|older|past|other)\s+)?versions?(?:\s+history)?"
    r"|^\s*(?:historique\s+des\s+versions|versions\s+précédentes|versiones(?:\s+anteriores)?"
    r"|frühere\s+versionen|versionen|versões(?:\s+anteriores)?|versioni(?:\s+precedenti)?)",
    re.IGNORECASE,
)
# the heading of a change log or a version list
_CHANGE_LOG_WORDS: Final = (
    r"change\s*log",
    "changes",
    r"revision\s+history",
    r"version\s+history",
    r"document\s+history",
    r"history\s+of\s+(?:changes|revisions)",
    r"updates\s+to\s+this",
    "amendments",
    "modifications",
    "updates",
    "versions",
    "historique",  # French
    "historial",  # Spanish
    "änderung",  # German
    "versionen",
    "histórico",  # Portuguese
    "alterações",
    "cronologia",  # Italian
    "modifiche",
    "revisioni",
)
CHANGE_LOG_HEADING: Final = re.compile(one_of(_CHANGE_LOG_WORDS), re.IGNORECASE)
# the heading over readers' comments, where a theme names them nothing ("3 Responses to
# “Ozone therapy”", "Leave a Reply", "Kommentare"): the dates under it are the comments'
_COMMENTS_HEADING_WORDS: Final = (
    r"(?:\d+|one|no)\s+(?:comments?|responses?|replies|thoughts?)(?:\s+(?:to|on)\b.*)?",
    r"(?:reader\s+)?comments|leave\s+a\s+(?:comment|reply)|post\s+a\s+comment",
    r"(?:\d+\s+)?commentaires?|laisser\s+un\s+commentaire",  # French
    r"(?:\d+\s+)?comentarios|deja\s+(?:un\s+comentario|una\s+respuesta)",  # Spanish
    r"(?:\d+\s+)?kommentare|schreibe\s+einen\s+kommentar",  # German
    r"(?:\d+\s+)?comentários|deixe\s+(?:um\s+comentário|uma\s+resposta)",  # Portuguese
    r"(?:\d+\s+)?commenti|lascia\s+un\s+commento",  # Italian
)
COMMENTS_HEADING: Final = re.compile(
    r"^\W*" + one_of(_COMMENTS_HEADING_WORDS) + r"(?:\s*\(\d+\))?\W*$", re.IGNORECASE | re.DOTALL
)
# a heading over readers' comments ("3 Responses"), asked of each heading by the date reader
comments_heading = remembered_match(COMMENTS_HEADING, 4096)

# the verb a change log's entry opens with (a stem where the language inflects it)
_CHANGE_VERBS: Final = (
    "added",
    "adds",
    "updated",
    "updates",
    "removed",
    "removes",
    "changed",
    "changes",
    "revised",
    "clarified",
    "corrected",
    "amended",
    "deleted",
    "introduced",
    "new",
    "replaced",
    "moved",
    "fixed",
    "expanded",
    "published",
    "initial",
    "ajout",  # French
    r"mise\s+à\s+jour",
    "modifi",
    "suppr",
    "añadid",  # Spanish
    "actualiz",
    "elimin",
    "hinzugefügt",  # German
    "aktualisiert",
    "entfernt",
    "geändert",
    "adicionad",  # Portuguese
    "atualiz",
    "removid",
    "aggiunt",  # Italian
    "aggiornat",
    "rimoss",
)
CHANGE_VERB: Final = re.compile("^" + one_of(_CHANGE_VERBS), re.IGNORECASE)
# "...2022-08-27: added a table": what follows the date says what changed (a note)
NOTE_TAIL: Final = re.compile(r"\)?\s*[:–—]\s*\w+\s+\w+")
# a date of a person or a group beside the page's ("Registered: 2024-01-27" under a forum
# post's author, "Member since", "Founded: Dec 11, 2021", "Last active"), or a day still
# to come that the page announces ("Register by May 31", "Application deadline"), never
# the page's own
_NOT_THE_PAGES_WORDS: Final = (
    "registered",
    "joined",
    r"join\s+date",
    r"member\s+since",
    "founded",
    r"last\s+(?:active|activity|seen|online)",
    r"(?:register|apply|enrol+|sign\s+up)\s+by",
    "deadline",
    "inscrit",  # French
    "inscription",
    r"date\s+limite",
    "registriert",  # German
    r"dabei\s+seit",
    r"mitglied\s+seit",
    r"zuletzt\s+(?:aktiv|online)",
    r"anmelde(?:schluss|frist)",
    r"miembro\s+desde",  # Spanish
    "registrado",
    r"fecha\s+límite",
    r"membro\s+desde",  # Portuguese
    r"prazo\s+(?:final|de\s+inscrição)",
    "iscritto",  # Italian
    "iscrizione",
    r"scadenza",
)
NOT_THE_PAGES: Final = re.compile(rf"\b{one_of(_NOT_THE_PAGES_WORDS)}\b", re.IGNORECASE)
# a news agency's dateline opening a story: "RAJSHAHI, Dec 20, 2025 (BSS) - ...",
# "NEW YORK, Dec. 5, 2025 /PRNewswire/ -- ...": the place (its first word in capitals, or
# an agency after the date) before the date, a dash after it and words, not a second date
DATELINE_PLACE: Final = re.compile(
    r"^\s*[^\W\d_][\w.'’ -]{1,40}(?:,\s*[^\W\d_][\w.'’ -]{1,30}){0,2},\s*$"
)
DATELINE_TAIL: Final = re.compile(
    r"^,?\s*(?P<agency>\([^()\d]{2,40}\)|/\s*[^/\d]{2,40}\s*/)?\s*(?:--|[-–—])\s+(?=[^\W\d_])"
)
_CAPITAL_PLACE: Final = re.compile(r"^\s*[A-ZÀ-Ý]{2,}\b(?![a-zà-ÿ])")


def dateline(head: str, tail: str) -> bool:
    """Whether a date with these words before and after it is a news dateline."""
    place = DATELINE_PLACE.match(head)
    ending = DATELINE_TAIL.match(tail)
    if place is None or ending is None:
        return False
    return bool(ending.group("agency") or _CAPITAL_PLACE.match(head))


READ_TIME: Final = re.compile(
    r"\d+\s*(?:min(?:ute)?s?|mins?)\.?(?:\s+(?:read|de\s+lecture|Lesezeit))?"
    r"|\b(?:by|par|por|von|di)\b",
    re.IGNORECASE,
)
ENTRY_SEPARATOR: Final = re.compile(r"^\s*(?:[:–—-]|\)\s*[:–—-]?)\s*")
BULLET: Final = re.compile(r"^[\s•*·–—-]*(?:v?\d+(?:\.\d+)+\s*[(:–—-]?\s*)?")
NOT_WORD: Final = re.compile(r"[\W_]+")
_CREDIT_SEPARATORS: Final = re.compile(r"\s[—–|·•]\s|\s{2,}")
BYLINE: Final = re.compile(
    r"^\s*(?:(?:written|posted|reviewed|medically reviewed|edited|fact[- ]checked)\s+)?by\s*:?\s+",
    re.IGNORECASE,
)
# whether a text opens as a byline ("By Ana Ruiz"): the date reader and the author reader
# ask it of every short block
_opens_byline = remembered_match(BYLINE, 16384)
# the letters a byline's first word opens with ("by", "written by", "posted by"...), read
# from the pattern (and "", a first character beyond ASCII, which case-blind may fold)
_BYLINE_OPENS: Final = word_openings(BYLINE)


def opens_byline(text: str) -> bool:
    """Whether ``text`` opens as ``BYLINE`` reads: a text whose first character after its
    spaces is an ASCII one no byline opens with is not asked (most lines: a look-up in a
    set, where the case-blind pattern cost half a microsecond a line)."""
    first = text.lstrip()[:1]
    if first and first.isascii() and first.lower() not in _BYLINE_OPENS:
        return False
    return _opens_byline(text)


# elements whose class says byline or date: a date alone in one is the page's
BYLINE_BOX: Final = {StripReason.BYLINE, StripReason.DATE_LINE}
# those and the article's header: their lines may mix names and dates
META_BOX: Final = BYLINE_BOX | {StripReason.HEADER}
# chrome that speaks of other pages (or of readers), never of this one
_OTHER_PAGES: Final = {
    StripReason.HIDDEN,
    StripReason.NAVIGATION,
    StripReason.ASIDE,
    StripReason.RELATED,
    StripReason.COMMENTS,
    StripReason.AD,
    StripReason.SHARE,
    StripReason.CALL_TO_ACTION,
    StripReason.NEWSLETTER,
    StripReason.COOKIE_BANNER,
    StripReason.FORM,
    StripReason.EMBED,
    StripReason.LOGO_STRIP,
}
# wrappers a byline or date box may hold its text in (a widget's embed, the byline's
# own aside) without speaking of other pages
_INSIDE_META_BOX: Final = {StripReason.EMBED, StripReason.ASIDE}
MAX_CREDIT_WORDS: Final = 16
_NEVER_THIS_PAGE: Final = {StripReason.HIDDEN, StripReason.RELATED, StripReason.COMMENTS}


def speaks_of_other_pages(block: RawBlock) -> bool:
    """Chrome about other pages or readers; a byline or date box inside a wider wrapper
    (a header menu, a sticky bar) still speaks of this page."""
    if block.image_alt:
        return True
    # one pass over the marks, outermost first, no list made (asked of every marks tuple)
    other = boxed = inside = False  # inside: every mark after the last box's is a wrapper's
    for reason, _, _ in block.marks:
        if reason in _NEVER_THIS_PAGE:
            return True
        if reason in META_BOX:
            boxed = inside = True
        else:  # (no box's mark is another page's)
            other = other or reason in _OTHER_PAGES
            inside = inside and reason in _INSIDE_META_BOX
    return other and not (boxed and inside)


def each_speaks_of_other_pages(blocks: list[RawBlock]) -> list[bool]:
    """``speaks_of_other_pages`` of each block, asked once for each marks tuple: the
    blocks of a box share theirs, and most blocks have none."""
    said: dict[int, bool] = {}  # by the tuple's id: the blocks hold their tuples alive
    answers = []
    for block in blocks:
        marks = block.marks
        if block.image_alt or not marks:
            answers.append(block.image_alt)
            continue
        known = said.get(id(marks))
        if known is None:
            known = said[id(marks)] = speaks_of_other_pages(block)
        answers.append(known)
    return answers


# chrome beside the article that may still print its date: a sidebar, a box whose class
# names it a call to action or a newsletter (themes call an article's header box
# "article__cta" or "newsletter-details-wrapper" after what else it holds), and a box
# named for sharing the page ("js-social-share" round its author, date and buttons)
_BESIDE_ARTICLE: Final = {
    StripReason.ASIDE,
    StripReason.CALL_TO_ACTION,
    StripReason.NEWSLETTER,
    StripReason.SHARE,
}


def in_sidebar_only(block: RawBlock) -> bool:
    """A block whose only chrome is a sidebar (an <aside>, a "secondary" column) or a call
    to action's or newsletter's box: its labelled "Published: ..." line is this page's,
    its bare dates may be other posts'."""
    others = False  # a loop over the marks, no set made: asked of every line of chrome
    for reason, _, _ in block.marks:
        if reason in _OTHER_PAGES:
            if reason not in _BESIDE_ARTICLE:
                return False
            others = True
    return others and not block.image_alt


def names_page_date(block: RawBlock, itemprop: str | None) -> bool:
    """A <time> the microdata names as the page's date (``itemprop="datePublished"``) in
    chrome beside the article, where other <time>s would be other pages'."""
    return (itemprop or "").lower() in ("datepublished", "datemodified") and in_sidebar_only(block)


def in_box(block: RawBlock, reasons: set[StripReason]) -> bool:
    """Whether the block stands inside an element marked for one of the reasons (a loop,
    not any() over a generator: asked several times of every block)."""
    for reason, _, _ in block.marks:
        if reason in reasons:
            break
    else:
        return False
    return True


# a box its class or id names for today's date: a site's clock in its banner
_TODAY: Final = re.compile(r"today|current[-_]?date", re.IGNORECASE)


def names_today(block: RawBlock) -> bool:
    """The block stands in a box named for today's date ("todays-date", "the-date-today"):
    the site's clock over every page, not a date of this one."""
    element = block.element
    for _ in range(3):  # the block's element, or the box or two it is printed in
        if element is None:
            return False
        if _TODAY.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            return True
        element = element.getparent()
    return False


def credit_line(text: str) -> bool:
    """'by Agatha Caleo, Candidate Representative to the Committee' (what is left of a
    line once its date is read): a credit, not a sentence."""
    text = text.strip(" ·|•,;:–—-")
    return bool(BYLINE.match(text)) and len(text.split()) <= MAX_CREDIT_WORDS


def only_bylines(text: str) -> bool:
    """'Medically reviewed by Ana Ruiz, MD — Written by Sam Lee —': credits, no sentence."""
    parts = _credit_parts(text)
    return bool(parts) and all(BYLINE.match(part) and len(part.split()) <= 9 for part in parts)


MAX_TAG_WORDS: Final = 3


def only_tags(text: str) -> bool:
    """'Essay - | artificial-intelligence | programming |': what is left of a date line once
    its date is read is a row of short items a separator parts (a kind, tags, a name), not
    a sentence."""
    parts = _credit_parts(text)
    return len(parts) > 1 and all(len(part.split()) <= MAX_TAG_WORDS for part in parts)


def _credit_parts(text: str) -> list[str]:
    parts = [part.strip(" ,;:–—-") for part in _CREDIT_SEPARATORS.split(text)]
    return [part for part in parts if NOT_WORD.sub("", part)]


# the first word of every label above, as written: a label starts where DATE_LABEL may
# start one (the text's start, or after a separator) with one of these as a whole word, or
# with one of the first two words below (prepositions, too common to look for alone)
LABEL_FIRST_WORDS: Final = frozenset((
    # effective
    "effective", "take", "takes", "valid", "date", "entrée", "fecha", "entrada",
    "vigente", "gültig", "inkrafttreten", "data", "vigência", "entrata", "valido",
    # reviewed
    "last", "medically", "clinically", "expert", "reviewed", "fact", "zuletzt", "medizinisch",
    "geprüft", "überprüft", "revisado", "revisionato",
    # updated
    "page", "updated", "modified", "revised", "edited", "changed", "update", "updates",
    "última", "ultima", "actualizado", "actualización", "modificado", "atualizado", "alterado",
    "revisto", "dernière", "mise", "mis", "modifié", "révisé", "aktualisiert", "geändert",
    "bearbeitet", "letzte", "aktualisierung", "stand", "ultimo", "aggiornamento", "aggiornato",
    "modificato", "revisione",
    # published
    "first", "originally", "published", "posted", "written", "created", "released", "issued",
    "started", "publication", "publish", "publicado", "publicada", "publié", "publiée",
    "veröffentlicht", "erschienen", "erstellt", "pubblicato", "pubblicata",
))  # fmt: skip
LABEL_FIRST_PAIRS: Final = frozenset((
    ("in", "effect"), ("in", "kraft"), ("in", "vigore"), ("en", "vigueur"), ("en", "vigor"),
    ("em", "vigor"),
))  # fmt: skip
# where a label may start: its first word, and its second (words part at spaces, hyphens
# and apostrophes)
_WORDS_AT_LABEL_START: Final = re.compile(r"(?:^|(?<=[\s·|•,;(\[*_]))(?=(\w+)(?:[\s'-]+(\w+))?)")
# every first word of a label above, and every second word of a pair: each is one of a
# text's words (its runs of letters and digits) where it stands
_ANY_LABEL_WORDS: Final = LABEL_FIRST_WORDS | {second for _, second in LABEL_FIRST_PAIRS}
_PLAIN_WORD: Final = re.compile(r"[^\W_]+")
# an ASCII text's words the same, its bytes other than letters and digits made spaces:
# bytes are translated in C at a fraction of the cost of finding the words with a
# pattern, on the opening of every block of a page
_PLAIN_BYTES: Final = bytes(
    byte if chr(byte).isalnum() and byte < 128 else 32 for byte in range(256)
)
_LABEL_WORDS: Final = frozenset(word.encode() for word in _ANY_LABEL_WORDS if word.isascii())
# the letters that ignoring case matches to an ASCII one but ``str.lower`` does not lower
# to it ("ı" and "İ" for "i", "ſ" for "s"; "İ" lowers to two characters)
_FOLDED_APART: Final = re.compile("[\u0130\u0131\u017f]")


def _label_starts(text: str) -> list[int] | None:
    """Where a date label may start: at its label's first words, where a label could
    start; None for a text that holds a letter ``str.lower`` folds apart from the
    pattern's case-blind reading (the pattern decides). Looking up each word is far cheaper
    than trying every label at every word (for a news paragraph's opening, whose curly
    quote or dash is beyond ASCII, a sixth of the cost); and most texts name none of
    those words anywhere, which is cheaper still to see."""
    if text.isascii():
        if _LABEL_WORDS.isdisjoint(text.encode("ascii").translate(_PLAIN_BYTES).lower().split()):
            return []
        lowered = text.lower()
    elif _FOLDED_APART.search(text):
        return None
    else:
        lowered = text.lower()
        if _ANY_LABEL_WORDS.isdisjoint(_PLAIN_WORD.findall(lowered)):
            return []
    return [
        opening.start()
        for opening in _WORDS_AT_LABEL_START.finditer(lowered)
        if opening[1] in LABEL_FIRST_WORDS or opening.groups() in LABEL_FIRST_PAIRS
    ]


# a text's first word (the pattern's ``\w+``, as ``_WORDS_AT_LABEL_START`` reads it)
_FIRST_WORD: Final = re.compile(r"\w+")
_PAIR_FIRST_WORDS: Final = frozenset(first for first, _ in LABEL_FIRST_PAIRS)


def label_line(text: str) -> re.Match[str] | None:
    """The text is a date label and nothing else ('Last updated:'), over its date: a label
    that opens the text, so an ASCII text is asked only when its first word opens one
    (beyond ASCII the pattern decides)."""
    if text.isascii():
        first = _FIRST_WORD.match(text)
        word = first.group().lower() if first else ""
        if word not in LABEL_FIRST_WORDS and word not in _PAIR_FIRST_WORDS:
            return None
    return DATE_LABEL.fullmatch(text)


@remembered(16384)
def date_labels(text: str) -> tuple[re.Match[str], ...]:
    """The date labels in a block's opening ("Last updated", "Effective date"), by text: a
    page's new version repeats almost every block of the last. The pattern is tried only
    where a label may start, as its ``finditer`` would find them: left to right, none
    overlapping."""
    starts = _label_starts(text)
    if starts is None:
        return tuple(DATE_LABEL.finditer(text))
    labels: list[re.Match[str]] = []
    for start in starts:
        if (not labels or start >= labels[-1].end()) and (label := DATE_LABEL.match(text, start)):
            labels.append(label)
    return tuple(labels)


def label_kind(label: re.Match[str]) -> DateKind:
    return next(kind for name, kind in _GROUPS.items() if label.group(name))
