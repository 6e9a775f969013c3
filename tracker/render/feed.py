"""Atom (RFC 4287) feed of change reports, and the short summary every notification shares.

A feed reader is how many researchers follow dozens of pages: one entry per
article change, titled by the page, dated by the check, summarising what changed
in claims, references and dates, linking to the full HTML report. The feed file is
its own state: new entries are merged into the entries already in the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from tracker.model import ChangeKind, ChangeReport, ClaimChange
from tracker.render.dates import SILENT_EDIT, change_words, evidence
from tracker.render.printable import clipped

__all__ = ["ATOM_NS", "FeedEntry", "parse_feed", "render_entry", "render_feed", "report_summary"]

ATOM_NS = "http://www.w3.org/2005/Atom"
_A = f"{{{ATOM_NS}}}"
# Characters XML 1.0 forbids; a hostile page may carry them into a claim's text.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CLIP = 160
_DECLARATION = b"<?xml version='1.0' encoding='utf-8'?>\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEntry:
    id: str  # a stable URI, e.g. "urn:tracker:snapshot:42"
    title: str
    updated: datetime
    summary: str
    link: str | None = None  # the HTML report, else the page
    page_url: str | None = None


def _clean(text: str) -> str:
    """Text XML can carry unchanged: no forbidden characters, line ends as XML reads them."""
    return _XML_INVALID.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _clip(text: str | None) -> str:
    return clipped(" ".join((text or "").split()), _CLIP)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _significance_counts(report: ChangeReport) -> str:
    """ "; 2 high significance": how many changes a reader should look at first."""
    high = sum(str(change.significance) == "high" for change in report.claim_changes)
    return f"; {high} high significance" if high else ""


def _claim_label(change: ClaimChange) -> str:
    """ "[high · disclaimer] ": a change's significance and what its claim is about."""
    about = ", ".join(change.categories)
    return f"[{change.significance}{f' · {about}' if about else ''}] "


def report_summary(report: ChangeReport) -> list[str]:
    """A few plain lines saying what changed in claims, references and dates."""
    lines: list[str] = []
    if report.silent_edit:
        lines.append(f"{SILENT_EDIT[0].upper()}{SILENT_EDIT[1:]} ({evidence(report)}).")
    for date_change in report.date_changes[:5]:
        lines.append(f"Date {date_change.kind.value}: {change_words(date_change)}")
    for change in report.metadata_changes:
        if change.field in {"updated", "published"}:
            old, new = change.old or "—", change.new or "—"
            lines.append(f"{change.field.capitalize()} date: {old} → {new}")
    if report.claim_changes:
        kinds = Counter(str(change.kind) for change in report.claim_changes)
        tags = Counter(str(tag).replace("_", " ") for c in report.claim_changes for tag in c.tags)
        line = f"{_plural(len(report.claim_changes), 'claim change')}: " + ", ".join(
            f"{count} {kind}" for kind, count in sorted(kinds.items())
        )
        if tags:
            line += " (" + ", ".join(f"{n} {tag}" for tag, n in tags.most_common()) + ")"
        lines.append(line + _significance_counts(report))
        for change in report.claim_changes[:5]:
            if change.kind == ChangeKind.MODIFIED:
                text = f"“{_clip(change.old)}” → “{_clip(change.new)}”"
            else:
                text = f"{change.kind}: “{_clip(change.new or change.old)}”"
            lines.append(f"  – {_claim_label(change)}{text}")
    if report.reference_changes:
        kinds = Counter(str(change.kind) for change in report.reference_changes)
        lines.append(
            f"{_plural(len(report.reference_changes), 'reference change')}: "
            + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        )
        for change in report.reference_changes[:5]:
            entry = change.new or change.old or {}
            label = entry.get("label")
            lines.append(
                f"  – {change.kind}: {f'[{label}] ' if label else ''}"
                f"{_clip(entry.get('text') or entry.get('raw') or entry.get('title'))}"
            )
    if report.text_changes:
        lines.append(f"{_plural(len(report.text_changes), 'other text change')}")
    if not lines:
        lines.append("The article text changed.")
    return lines


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)  # in the feed's default namespace
    element.text = _clean(text)
    return element


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def render_entry(entry: FeedEntry) -> bytes:
    """One entry's XML exactly as ``render_feed`` writes it inside the feed (one level in):
    a feed kept across writes keeps these, so a new entry costs its own rendering only."""
    node = ET.Element("entry")
    _text(node, "id", entry.id)
    _text(node, "title", entry.title)
    _text(node, "updated", _iso(entry.updated))
    if entry.link:
        ET.SubElement(node, "link", {"rel": "alternate", "href": _clean(entry.link)})
    if entry.page_url:
        ET.SubElement(node, "link", {"rel": "related", "href": _clean(entry.page_url)})
    _text(node, "summary", entry.summary, type="text")
    ET.indent(node, level=1)
    return f"  {ET.tostring(node, encoding='unicode')}\n".encode()


def render_feed(
    entries: Iterable[FeedEntry],
    *,
    feed_id: str,
    title: str,
    self_link: str | None = None,
    entry_xml: Callable[[FeedEntry], bytes] = render_entry,
) -> bytes:
    """The Atom document for ``entries`` (newest first), as UTF-8 bytes; ``entry_xml``
    gives each entry's XML (``render_entry``, or what a caller kept of it)."""
    entries = sorted(entries, key=lambda entry: entry.updated, reverse=True)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    updated = entries[0].updated if entries else datetime.now(UTC)
    _text(feed, "updated", _iso(updated))
    _text(ET.SubElement(feed, "author"), "name", "tracker")
    ET.SubElement(feed, "generator").text = "tracker"
    if self_link:
        ET.SubElement(feed, "link", {"rel": "self", "href": self_link})
    ET.indent(feed)
    head = ET.tostring(feed, encoding="unicode").removesuffix("</feed>")
    return b"".join(
        [_DECLARATION, head.encode(), *(entry_xml(entry) for entry in entries), b"</feed>\n"]
    )


def parse_feed(data: bytes) -> list[FeedEntry]:
    """The entries of an Atom document written by ``render_feed`` (to merge new ones in)."""
    root = ET.fromstring(data)
    entries = []
    for node in root.iter(_A + "entry"):
        links = {link.get("rel", "alternate"): link.get("href") for link in node.iter(_A + "link")}
        stamp = (node.findtext(_A + "updated") or "").replace("Z", "+00:00")
        entries.append(
            FeedEntry(
                id=node.findtext(_A + "id") or "",
                title=node.findtext(_A + "title") or "",
                updated=datetime.fromisoformat(stamp),
                summary=node.findtext(_A + "summary") or "",
                link=links.get("alternate"),
                page_url=links.get("related"),
            )
        )
    return entries
