"""A ChangeReport for the terminal: grouped, counted, with the inline word diff in colour.

rich does the colour and wrapping; page text goes in as Text objects, never as
markup, so a page cannot style or break the output. Without colour the word diff
falls back to wdiff-style ``[-deleted-]{+inserted+}`` so the text stays readable
in a file or a pipe.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from tracker.comparison.words import word_diff
from tracker.model import ChangeKind, ChangeReport, ClaimChange, ReferenceChange, TextChange
from tracker.render.dates import (
    DATE_ONLY_BUMP,
    SILENT_EDIT,
    change_words,
    date_words,
    evidence,
    shown_dates,
)
from tracker.render.evidence import evidence_lines

__all__ = ["render_text"]

# control codes (a page could drive the terminal) and bidi overrides (a page could make
# the text on screen read differently from the text stored)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SYMBOL = {
    ChangeKind.ADDED: ("+", "green"),
    ChangeKind.REMOVED: ("-", "red"),
    ChangeKind.MODIFIED: ("~", "yellow"),
    ChangeKind.MOVED: ("↕", "cyan"),
    ChangeKind.RENUMBERED: ("#", "blue"),
}
_TAG_STYLE = {
    "strengthened": "bold red",
    "weakened": "bold green",
    "hedge_removed": "red",
    "hedge_added": "green",
    "number_changed": "magenta",
    "negation_changed": "bold magenta",
    "disclaimer_removed": "bold red",
    "warning_removed": "bold red",
    "protection_weakened": "bold red",
    "warning_softened": "bold red",
    "status_raised": "bold red",
    "limitation_removed": "red",
    "limitation_added": "green",
}
_SIGNIFICANCE_STYLE = {"high": "bold white on red", "medium": "bold yellow", "low": "dim"}


def _safe(text: object) -> str:
    """Page text on one line, with no control characters that could drive the terminal."""
    return _CONTROL.sub(" ", str(text)).replace("\n", " ").replace("\t", " ")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


class _Writer:
    def __init__(self, color: bool, width: int) -> None:
        self.color = color
        self.buffer = io.StringIO()
        self.console = Console(
            file=self.buffer,
            force_terminal=color,
            no_color=not color,
            color_system="standard" if color else None,
            width=width,
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=False,
        )

    def line(self, *parts: tuple[str, str] | str, indent: int = 0) -> None:
        text = Text()
        for part in parts:
            if isinstance(part, str):
                text.append(_safe(part))
            else:
                text.append(_safe(part[0]), style=part[1] if self.color else "")
        self.console.print(Padding(text, (0, 0, 0, indent), expand=False))

    def diff(self, old: str | None, new: str | None, indent: int) -> None:
        """Old and new as one paragraph with the changed words marked."""
        text = Text()
        for segment in word_diff(_safe(old or ""), _safe(new or "")):
            if segment.op == "equal":
                text.append(segment.text)
            elif segment.op == "delete":
                if self.color:
                    text.append(segment.text, style="red strike")
                else:
                    text.append(f"[-{segment.text}-]")
            elif self.color:
                text.append(segment.text, style="bold green underline")
            else:
                text.append(f"{{+{segment.text}+}}")
        self.console.print(Padding(text, (0, 0, 0, indent), expand=False))

    def heading(self, title: str, count: int) -> None:
        self.console.print()
        self.line((f"{title} ({count})", "bold underline"))


def _change_line(writer: _Writer, change: ClaimChange | TextChange, indent: int = 2) -> None:
    """The changed text: a word diff for rewrites, the one side for the rest."""
    kind = change.kind
    if change.old is not None and change.new is not None and change.old != change.new:
        writer.diff(change.old, change.new, indent)
    elif kind == ChangeKind.REMOVED:
        writer.line((change.old or "", "red"), indent=indent)
    elif kind == ChangeKind.ADDED:
        writer.line((change.new or "", "green"), indent=indent)
    else:
        writer.line(change.new or change.old or "", indent=indent)


def _significance_parts(change: ClaimChange) -> list[tuple[str, str] | str]:
    """The change's significance and what the claim is about, before its tags."""
    level = str(change.significance)
    parts: list[tuple[str, str] | str] = [" ", (f"{level}", _SIGNIFICANCE_STYLE[level])]
    if change.categories:
        parts += [" ", (f"({', '.join(change.categories)})", "dim")]
    return parts


def _claims(writer: _Writer, changes: list[ClaimChange]) -> None:
    writer.heading("Claims", len(changes))
    for change in changes:
        symbol, style = _SYMBOL[change.kind]
        parts: list[tuple[str, str] | str] = [(f"{symbol} {change.kind}", f"bold {style}")]
        parts += _significance_parts(change)
        for tag in change.tags:
            parts += [" ", (f"[{tag}]", _TAG_STYLE.get(tag, "bold"))]
        if change.old_strength is not None and change.new_strength is not None:
            if change.old_strength != change.new_strength:
                parts.append(f"  strength {change.old_strength} → {change.new_strength}")
        elif change.new_strength is not None:
            parts.append(f"  strength {change.new_strength}")
        elif change.old_strength is not None:
            parts.append(f"  strength {change.old_strength}")
        if change.section:
            parts += ["  ", (f"§ {change.section}", "dim")]
        writer.line(*parts, indent=2)
        _change_line(writer, change, indent=4)
        for number in change.numbers:
            writer.line(
                ("numbers: ", "dim"),
                (number.old or "—", "red"),
                " → ",
                (number.new or "—", "green"),
                indent=4,
            )
        old_cites, new_cites = change.citations.get("old", []), change.citations.get("new", [])
        if old_cites != new_cites:
            same_works = not any(str(tag).startswith("citation_") for tag in change.tags)
            writer.line(
                ("citations: ", "dim"),
                ", ".join(old_cites) or "none",
                " → ",
                ", ".join(new_cites) or "none",
                (
                    "  (same works, renumbered)" if same_works and old_cites and new_cites else "",
                    "dim",
                ),
                indent=4,
            )
        if change.orphaned_citations:
            writer.line(
                ("cited work left the reference list: ", "bold red"),
                ", ".join(change.orphaned_citations),
                indent=4,
            )


def _label(entry: dict[str, object] | None) -> str:
    label = entry.get("label") if entry else None
    return f"[{label}] " if label else ""


def _references(writer: _Writer, changes: list[ReferenceChange]) -> None:
    writer.heading("References", len(changes))
    for change in changes:
        symbol, style = _SYMBOL[change.kind]
        parts: list[tuple[str, str] | str] = [(f"{symbol} {change.kind}", f"bold {style}"), " "]
        if change.kind in (ChangeKind.RENUMBERED, ChangeKind.MODIFIED) and _label(
            change.old
        ) != _label(change.new):
            parts.append(f"{_label(change.old).strip()} → {_label(change.new).strip()}")
        else:
            parts.append(_label(change.new or change.old).strip())
        if change.fields and change.kind == ChangeKind.MODIFIED:
            parts += ["  ", ("fields: " + ", ".join(change.fields), "dim")]
        writer.line(*parts, indent=2)
        old_text = str(change.old.get("text") or "") if change.old else None
        new_text = str(change.new.get("text") or "") if change.new else None
        _change_line(writer, TextChange(kind=change.kind, old=old_text, new=new_text), indent=4)


def _texts(writer: _Writer, title: str, changes: Iterable[TextChange]) -> None:
    changes = list(changes)
    writer.heading(title, len(changes))
    for change in changes:
        symbol, style = _SYMBOL[change.kind]
        writer.line((f"{symbol} {change.kind}", f"bold {style}"), indent=2)
        _change_line(writer, change, indent=4)


def _shout(verdict: str) -> str:
    """'silent edit: why' -> 'SILENT EDIT: why'."""
    name, _, why = verdict.partition(":")
    return f"{name.upper()}:{why}"


def _dates_seen(writer: _Writer, report: ChangeReport) -> None:
    """Which declared dates moved, then every date each version declares: the evidence."""
    old, new = report.old.dates, report.new.dates
    if not (old or new or report.date_changes):
        return
    writer.heading("Dates seen", len(old or []) + len(new or []))
    if report.date_changes:
        writer.line(("moved:", "bold"), indent=2)
        for change in report.date_changes:
            symbol, style = _SYMBOL[change.kind]
            writer.line((symbol, f"bold {style}"), " ", change_words(change), indent=4)
    for side, dates in (("before", old), ("after", new)):
        if dates is None:
            note = ("not kept for this stored version", "dim")
        else:
            note = ("", "") if dates else ("none", "dim")
        writer.line((f"{side}: ", "bold"), note, indent=2)
        for date in dates or []:
            writer.line(date_words(date), indent=4)


def render_text(report: ChangeReport, *, color: bool = False, width: int = 100) -> str:
    """The whole report as terminal text; ``color`` adds ANSI styles."""
    writer = _Writer(color, width)
    old, new = report.old, report.new
    title = new.title or old.title or "(untitled)"
    writer.line(("Changes to ", "bold"), (title, "bold"))
    if old.url and old.url == new.url:
        writer.line(("url: ", "dim"), old.url)
    else:
        for side, url in (("old url: ", old.url), ("new url: ", new.url)):
            if url:
                writer.line((side, "dim"), url)
    for side, words in evidence_lines(report):
        writer.line((f"{side}: ", "dim"), (words, "dim"))
    for name, before, after in shown_dates(report):
        if before == after:
            writer.line((f"{name}: ", "dim"), before, (" (unchanged)", "dim"))
        else:
            writer.line((f"{name}: ", "dim"), before or "—", " → ", after or "—")
    verdict: list[tuple[str, str] | str] = [
        ("article changed", "bold yellow")
        if report.article_changed
        else ("article unchanged", "bold green")
    ]
    if report.silent_edit:
        verdict += ["  ", (_shout(SILENT_EDIT), "bold red")]
    if report.date_only_bump:
        verdict += ["  ", (_shout(DATE_ONLY_BUMP), "bold red")]
    writer.line(*verdict)
    if report.unreachable is not None:
        writer.line((report.unreachable.describe(), "bold red"))
    for note in report.annotations:
        writer.line((f"annotated {note.words()}", "bold"))
    writer.line((f"dates: {evidence(report)}", "dim"))
    writer.line(
        ", ".join(
            [
                _plural(len(report.metadata_changes), "metadata change"),
                _plural(len(report.claim_changes), "claim change"),
                _plural(len(report.reference_changes), "reference change"),
                _plural(len(report.text_changes), "other text change"),
                _plural(len(report.boilerplate_changes), "boilerplate change"),
            ]
        ),
    )
    if report.metadata_changes:
        writer.heading("Metadata", len(report.metadata_changes))
        for change in report.metadata_changes:
            old_value = ", ".join(change.old) if isinstance(change.old, list) else change.old
            new_value = ", ".join(change.new) if isinstance(change.new, list) else change.new
            writer.line(
                (f"{change.field}: ", "bold"),
                (str(old_value) if old_value else "—", "red"),
                " → ",
                (str(new_value) if new_value else "—", "green"),
                indent=2,
            )
    _dates_seen(writer, report)
    if report.claim_changes:
        _claims(writer, report.claim_changes)
    if report.reference_changes:
        _references(writer, report.reference_changes)
    if report.text_changes:
        _texts(writer, "Other text", report.text_changes)
    if report.boilerplate_changes:
        _texts(writer, "Boilerplate (page chrome, not the article)", report.boilerplate_changes)
    # rich pads wrapped lines to the full width; trailing blanks only get in the way in files
    return "".join(line.rstrip(" ") + "\n" for line in writer.buffer.getvalue().splitlines())
