"""A ChangeReport as one self-contained HTML file a researcher can keep, open offline and cite.

No external asset and no script at all: the inline / side-by-side switch is two
radio buttons and CSS, and a Content-Security-Policy forbids anything else from
loading. Every string that came from a page is escaped (and stripped of
characters HTML cannot carry), so hostile page text can never become markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from tracker import __version__
from tracker.comparison.claim_tags import by_significance
from tracker.comparison.words import Segment, word_diff
from tracker.model import (
    CHANGE_REPORT_SCHEMA,
    ChangeKind,
    ChangeNote,
    ChangeReport,
    ClaimChange,
    DeclaredDate,
    ReferenceChange,
    TextChange,
    Unreachable,
)
from tracker.render.dates import (
    DATE_ONLY_BUMP,
    SILENT_EDIT,
    change_words,
    evidence,
    place_words,
    shown_dates,
)
from tracker.render.evidence import evidence_lines

__all__ = [
    "REPORT_CSS",
    "annotations_html",
    "date_moves",
    "escape_text",
    "render_html",
    "report_badges",
    "report_sections",
    "unreachable_html",
]

# characters HTML cannot carry, and bidi overrides that would make a sentence display
# differently from what the page stored
_INVALID = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
_CITATION = re.compile(r"[(\[]\s*\d{1,3}(?:\s*[-,;–]\s*\d{1,3})*\s*[)\]]")

# Nothing may load or run: no network, no script, no form submission, no base rewrite.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
REPORT_CSS = """
:root{--ins:#d7f5dd;--del:#fbdada;--claim:#f2b705;--ref:#2f6fd0;--text:#888;--ink:#1d1d1f}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);margin:0;
background:#fafafa}
header,main,footer{max-width:72rem;margin:0 auto;padding:1rem 1.5rem}
header{border-bottom:1px solid #ddd;background:#fff;max-width:none}
h1{font-size:1.4rem;margin:.2rem 0}
h2{font-size:1.1rem;margin:1.6rem 0 .6rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.dates,.counts{color:#444;margin:.2rem 0}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:.8rem;font-size:.8rem;
font-weight:600;margin-right:.4rem}
.changed{background:#fff2c6}.unchanged{background:#dff3e3}
.alert{background:#b3261e;color:#fff}
.unreachable{color:#b3261e;font-weight:600}
.views{margin-top:.6rem}
.views label{cursor:pointer;border:1px solid #aaa;padding:.15rem .7rem;border-radius:.3rem;
margin-right:.3rem;font-size:.85rem}
#view-inline,#view-side{position:absolute;opacity:0}
#view-inline:checked~header label[for=view-inline],
#view-side:checked~header label[for=view-side]{background:#1d1d1f;color:#fff}
#view-inline:checked~main .side{display:none}
#view-side:checked~main .inline{display:none}
.change{background:#fff;border:1px solid #e2e2e2;border-left:5px solid var(--text);
border-radius:.3rem;padding:.5rem .8rem;margin:.5rem 0}
.change.claim{border-left-color:var(--claim)}
.change.reference{border-left-color:var(--ref)}
.change.boilerplate{opacity:.8}
.head{font-size:.85rem;color:#555;margin-bottom:.3rem}
.kind{font-weight:700;text-transform:uppercase;letter-spacing:.03em;margin-right:.4rem}
.kind-added{color:#137333}.kind-removed{color:#b3261e}.kind-modified{color:#8a6100}
.kind-moved{color:#006d77}.kind-renumbered{color:#2f6fd0}
.tag{display:inline-block;border:1px solid #999;border-radius:.7rem;padding:0 .45rem;
margin-right:.25rem;font-size:.78rem}
.tag-strengthened,.tag-hedge_removed{border-color:#b3261e;color:#b3261e}
.tag-disclaimer_removed,.tag-warning_removed,.tag-protection_weakened,.tag-warning_softened,.tag-status_raised{border-color:#b3261e;color:#b3261e;font-weight:bold}
.significance{padding:0 .4em;border-radius:3px;font-size:.85em;margin-right:.3em}
.significance-high{background:#b3261e;color:#fff}.significance-medium{background:#f2b705}.significance-low{color:#666}
.category{color:#555;font-size:.85em;margin-right:.3em}
.tag-weakened,.tag-hedge_added{border-color:#137333;color:#137333}
.tag-number_changed,.tag-negation_changed{border-color:#7b1fa2;color:#7b1fa2}
.tag-citation_added,.tag-citation_removed,.tag-citation_changed{border-color:var(--ref);
color:var(--ref)}
.section{color:#777}
p.text{margin:.2rem 0}
ins{background:var(--ins);text-decoration:none}
del{background:var(--del)}
table.side{width:100%;border-collapse:collapse;table-layout:fixed}
table.side td{vertical-align:top;padding:.2rem .5rem;width:50%}
table.side td.old{background:#fff8f8;border-right:1px solid #eee}
table.side td.new{background:#f7fff8}
table.side th{font-size:.75rem;color:#777;text-align:left;padding:0 .5rem}
ul.details{margin:.3rem 0 0;padding-left:1.2rem;font-size:.88rem;color:#444}
.orphan{color:#b3261e;font-weight:600}
mark.cite{background:#e3ecfa;color:inherit;border-radius:.2rem}
.empty{color:#777;font-style:italic}
table.dates-seen{border-collapse:collapse;font-size:.88rem;margin:.3rem 0}
table.dates-seen td,table.dates-seen th{border-bottom:1px solid #eee;padding:.15rem .5rem;
text-align:left;vertical-align:top}
"""


def escape_text(text: object) -> str:
    """Escaped for text and attribute positions alike."""
    return html.escape(_INVALID.sub("", str(text)), quote=True)


_e = escape_text


def _with_citations(text: str) -> str:
    """Escaped text with citation markers highlighted (markers hold only digits and brackets)."""
    out = []
    last = 0
    for match in _CITATION.finditer(text):
        out.append(_e(text[last : match.start()]))
        out.append(f'<mark class="cite">{_e(match.group(0))}</mark>')
        last = match.end()
    out.append(_e(text[last:]))
    return "".join(out)


def _inline(segments: list[Segment], markup: Callable[[str], str]) -> str:
    parts = []
    for segment in segments:
        body = markup(segment.text)
        if segment.op == "equal":
            parts.append(body)
        elif segment.op == "delete":
            parts.append(f"<del>{body}</del>")
        else:
            parts.append(f"<ins>{body}</ins>")
    return "".join(parts)


def _one_side(segments: list[Segment], side: str, markup: Callable[[str], str]) -> str:
    skip = "insert" if side == "old" else "delete"
    mark = "del" if side == "old" else "ins"
    parts = []
    for segment in segments:
        if segment.op == skip:
            continue
        body = markup(segment.text)
        parts.append(body if segment.op == "equal" else f"<{mark}>{body}</{mark}>")
    return "".join(parts)


def _texts(old: str | None, new: str | None, markup: Callable[[str], str] = _with_citations) -> str:
    """The inline view and the side-by-side view of one change, each piece of text escaped
    by ``markup`` (by default with the in-text citation markers highlighted)."""
    segments = word_diff(old or "", new or "")
    if old is None:
        inline = f"<ins>{markup(new or '')}</ins>"
    elif new is None:
        inline = f"<del>{markup(old)}</del>"
    else:
        inline = _inline(segments, markup)
    old_cell = (
        _one_side(segments, "old", markup) if old is not None else '<span class="empty">—</span>'
    )
    new_cell = (
        _one_side(segments, "new", markup) if new is not None else '<span class="empty">—</span>'
    )
    if old is None:
        new_cell = f"<ins>{markup(new or '')}</ins>"
    if new is None:
        old_cell = f"<del>{markup(old or '')}</del>"
    return (
        f'<p class="text inline">{inline}</p>'
        '<table class="side"><tr><th>before</th><th>after</th></tr>'
        f'<tr><td class="old">{old_cell}</td><td class="new">{new_cell}</td></tr></table>'
    )


def _head(kind: ChangeKind, extra: Iterable[str] = ()) -> str:
    label = f'<span class="kind kind-{_e(kind)}">{_e(kind)}</span>'
    return f'<div class="head">{label}{"".join(extra)}</div>'


def _claim_labels(change: ClaimChange) -> list[str]:
    """The change's significance and what the claim is about, before its tags."""
    level = _e(change.significance)
    labels = [f' <span class="significance significance-{level}">{level}</span>']
    labels += [
        f' <span class="category">{_e(category.replace("_", " "))}</span>'
        for category in change.categories
    ]
    return labels


def _claim(change: ClaimChange) -> str:
    extra = _claim_labels(change) + [
        f'<span class="tag tag-{_e(tag)}">{_e(str(tag).replace("_", " "))}</span>'
        for tag in change.tags
    ]
    if change.old_strength is not None and change.new_strength is not None:
        if change.old_strength != change.new_strength:
            extra.append(f" strength {change.old_strength} → {change.new_strength}")
    elif change.old_strength is not None or change.new_strength is not None:
        strength = change.new_strength if change.new_strength is not None else change.old_strength
        extra.append(f" strength {_e(strength)}")
    if change.section:
        extra.append(f' <span class="section">§ {_e(change.section)}</span>')
    details = [
        f"<li>number: <del>{_e(n.old or '—')}</del> → <ins>{_e(n.new or '—')}</ins></li>"
        for n in change.numbers
    ]
    old_cites, new_cites = change.citations.get("old", []), change.citations.get("new", [])
    if old_cites != new_cites:
        details.append(
            f"<li>citations: {_e(', '.join(old_cites) or 'none')} → "
            f"{_e(', '.join(new_cites) or 'none')}</li>"
        )
    if change.orphaned_citations:
        details.append(
            '<li class="orphan">cited work left the reference list: '
            f"{_e(', '.join(change.orphaned_citations))}</li>"
        )
    body = _texts(change.old, change.new)
    if details:
        body += f'<ul class="details">{"".join(details)}</ul>'
    return f'<article class="change claim">{_head(change.kind, extra)}{body}</article>'


def _reference(change: ReferenceChange) -> str:
    old_label = (change.old or {}).get("label")
    new_label = (change.new or {}).get("label")
    extra = []
    if old_label != new_label and change.old and change.new:
        extra.append(f" [{_e(old_label or '—')}] → [{_e(new_label or '—')}]")
    elif new_label or old_label:
        extra.append(f" [{_e(new_label or old_label)}]")
    if change.kind == ChangeKind.MODIFIED and change.fields:
        extra.append(f' <span class="section">fields: {_e(", ".join(change.fields))}</span>')
    old_text = str(change.old.get("text") or "") if change.old else None
    new_text = str(change.new.get("text") or "") if change.new else None
    ids = []
    entry = change.new or change.old or {}
    for key in ("doi", "pmid", "pmcid", "url"):
        if entry.get(key):
            ids.append(f"{key}: {_e(entry[key])}")
    # an entry holds no in-text citation: its "5(2)" is a volume and issue, "[3]" its label
    body = _texts(old_text, new_text, markup=_e)
    if ids:
        body += f'<ul class="details"><li>{" · ".join(ids)}</li></ul>'
    return f'<article class="change reference">{_head(change.kind, extra)}{body}</article>'


def _text(change: TextChange, css: str) -> str:
    body = _texts(change.old, change.new)
    return f'<article class="change {css}">{_head(change.kind)}{body}</article>'


def _section(title: str, items: list[str], anchor: str) -> str:
    if not items:
        return ""
    return f'<section id="{anchor}"><h2>{_e(title)} ({len(items)})</h2>{"".join(items)}</section>'


def report_badges(report: ChangeReport) -> str:
    """Whether the article changed, and the alarms a reader must not miss."""
    badges = [
        '<span class="badge changed">article changed</span>'
        if report.article_changed
        else '<span class="badge unchanged">article unchanged</span>'
    ]
    if report.silent_edit:
        badges.append(f'<span class="badge alert">{_e(SILENT_EDIT)}</span>')
    if report.date_only_bump:
        badges.append(f'<span class="badge alert">{_e(DATE_ONLY_BUMP)}</span>')
    return "".join(badges)


def report_sections(report: ChangeReport) -> dict[str, str]:
    """Each section of the report by its anchor (dates, metadata, claims, references, text,
    boilerplate), "" for one without changes; claims with the most significant first."""
    metadata_rows = [
        f'<article class="change"><div class="head"><span class="kind">{_e(c.field)}</span></div>'
        f'<p class="text"><del>{_e(_value(c.old))}</del> → '
        f"<ins>{_e(_value(c.new))}</ins></p></article>"
        for c in report.metadata_changes
    ]
    claims = by_significance(report.claim_changes)  # reports stored before it was ranked
    return {
        "dates": _dates_seen(report),
        "metadata": _section("Metadata", metadata_rows, "metadata"),
        "claims": _section("Claims", [_claim(c) for c in claims], "claims"),
        "references": _section(
            "References", [_reference(c) for c in report.reference_changes], "references"
        ),
        "text": _section("Other text", [_text(c, "text") for c in report.text_changes], "text"),
        "boilerplate": _section(
            "Boilerplate (page chrome, not the article)",
            [_text(c, "boilerplate") for c in report.boilerplate_changes],
            "boilerplate",
        ),
    }


def date_moves(report: ChangeReport) -> str:
    """'updated 2024-03-03 → 2024-05-20 · published 2024-03-03 (unchanged)', as the terminal
    says it, each date under the kind the page gives it; a date neither side declares is
    left out."""
    parts = []
    for name, before, after in shown_dates(report):
        if before == after:
            parts.append(f"{name} {_e(before)} (unchanged)")
        else:
            parts.append(f"{name} {_e(before or '—')} → {_e(after or '—')}")
    return " · ".join(parts) or "no date declared on either side"


def annotations_html(notes: Iterable[ChangeNote]) -> str:
    """Researchers' annotations of the change, one line each (empty when none)."""
    items = "".join(f"<li>{_e(note.words())}</li>" for note in notes)
    return f'<ul class="annotations"><b>Annotated</b>{items}</ul>' if items else ""


def unreachable_html(gap: Unreachable | None) -> str:
    """The header row that says the page could not be read between the two versions."""
    return "" if gap is None else f'<p class="unreachable">{_e(gap.describe())}</p>'


def render_html(report: ChangeReport) -> str:
    """The whole report as one HTML document."""
    old, new = report.old, report.new
    title = new.title or old.title or "(untitled)"
    counts = [
        (len(report.metadata_changes), "metadata", "metadata"),
        (len(report.claim_changes), "claims", "claims"),
        (len(report.reference_changes), "references", "references"),
        (len(report.text_changes), "other text", "text"),
        (len(report.boilerplate_changes), "boilerplate", "boilerplate"),
    ]
    count_line = " · ".join(
        f'<a href="#{anchor}">{n} {name}</a>' if n else f"0 {name}" for n, name, anchor in counts
    )
    body = "".join(report_sections(report).values()) or '<p class="empty">No changes.</p>'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="tracker">'
        f"<title>Changes: {_e(title)}</title><style>{REPORT_CSS}</style></head><body>"
        '<input type="radio" name="view" id="view-inline" checked>'
        '<input type="radio" name="view" id="view-side">'
        f"<header><h1>{_e(title)}</h1>{_urls(old.url, new.url)}{_evidence(report)}"
        f'<p class="dates">{date_moves(report)}</p>'
        f'<p>{report_badges(report)}</p><p class="dates">dates: {_e(evidence(report))}</p>'
        f"{unreachable_html(report.unreachable)}{annotations_html(report.annotations)}"
        f'<p class="counts">{count_line}</p>'
        '<div class="views"><label for="view-inline">Inline</label>'
        '<label for="view-side">Side by side</label></div></header>'
        f"<main>{body}</main>"
        f'<footer><p class="dates">{CHANGE_REPORT_SCHEMA} · tracker {_e(__version__)}</p></footer>'
        "</body></html>\n"
    )


def _date_rows(dates: list[DeclaredDate] | None) -> str:
    if dates is None:
        return '<tr><td colspan="4" class="empty">not kept for this stored version</td></tr>'
    if not dates:
        return '<tr><td colspan="4" class="empty">none</td></tr>'
    return "".join(
        f"<tr><td>{_e(d.kind.value)}</td><td>{_e(d.value)}</td><td>{_e(place_words(d))}</td>"
        f"<td>{_e(d.text)}</td></tr>"
        for d in dates
    )


def _dates_seen(report: ChangeReport) -> str:
    """Which declared dates moved, and every date each version declares: the evidence."""
    old, new = report.old.dates, report.new.dates
    if not (old or new or report.date_changes):
        return ""
    moved = "".join(
        f'<li><span class="kind kind-{_e(c.kind.value)}">{_e(c.kind.value)}</span>'
        f"{_e(change_words(c))}</li>"
        for c in report.date_changes
    )
    head = "<tr><th>kind</th><th>date</th><th>where</th><th>as the page says it</th></tr>"
    tables = "".join(
        f'<h3>{side}</h3><table class="dates-seen">{head}{_date_rows(dates)}</table>'
        for side, dates in (("Before", old), ("After", new))
    )
    return (
        '<section id="dates"><h2>Dates seen</h2>'
        + (f'<ul class="details">{moved}</ul>' if moved else "")
        + tables
        + "</section>"
    )


def _evidence(report: ChangeReport) -> str:
    """The captures compared, by snapshot, time, digest and WARC record."""
    lines = "<br>".join(f"{side}: {_e(words)}" for side, words in evidence_lines(report))
    return f'<p class="dates evidence">{lines}</p>' if lines else ""


def _urls(old: str | None, new: str | None) -> str:
    """The page address as text, never as a link: opening the report must not reach out."""
    if not old and not new:
        return ""
    if old == new or not old or not new:
        return f'<p class="dates">{_e(new or old)}</p>'
    return f'<p class="dates">before: {_e(old)}<br>after: {_e(new)}</p>'


def _value(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)
