"""The words of a notification, shared by every channel: subject, plain text, HTML.

Page text is the page author's: a title may carry NUL, ESC, CR/LF, C1 controls or
bidi overrides. ``header_text`` is what may enter an e-mail header or a chat title
(the one printable filter, whitespace folded, clipped); the HTML is escaped and
self-contained (inline styles, no remote resources).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from tracker.notify.events import ChangeEvent, Event, HealthNotice
from tracker.notify.registry import Links
from tracker.render.printable import printable

__all__ = ["batch_subject", "event_lines", "header_text", "html_body", "subject", "text_body"]

HEADER_LIMIT = 200


def header_text(text: str, limit: int = HEADER_LIMIT) -> str:
    """``text`` fit for one header line: no control or format character, one space between
    words, at most ``limit`` characters."""
    folded = " ".join(printable(text).split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


def subject(event: Event) -> str:
    if isinstance(event, HealthNotice):
        return header_text(f"[tracker] {event.title}")
    suffix = " (silent edit)" if event.report.silent_edit else ""
    return header_text(f"[tracker] {event.title} changed{suffix}")


def batch_subject(events: Sequence[Event]) -> str:
    if len(events) == 1:
        return subject(events[0])
    changes = sum(isinstance(event, ChangeEvent) for event in events)
    health = len(events) - changes
    return header_text(f"[tracker] digest: {changes} change(s), {health} health notice(s)")


def event_lines(event: Event, links: Links) -> list[str]:
    """The plain lines of one event: what happened, where, and the evidence it rests on."""
    if isinstance(event, HealthNotice):
        return [printable(event.message), event.url, f"Link: {links.of(event)}"]
    lines = [printable(event.title), event.url, ""]
    lines += [printable(line) for line in event.summary]
    checked = f"Checked at {event.checked_at.isoformat(timespec='seconds')}"
    lines += ["", *event.evidence(links.base_url), checked]
    lines.append(f"Report: {links.of(event)}")
    return lines


def text_body(events: Sequence[Event], links: Links) -> str:
    blocks = ["\n".join(event_lines(event, links)) for event in events]
    return "\n\n---\n\n".join(blocks) + "\n"


def _html_event(event: Event, links: Links) -> str:
    link = escape(links.of(event))
    if isinstance(event, HealthNotice):
        return (
            f'<h2 style="font-size:16px">{escape(printable(event.title))}</h2>'
            f"<p>{escape(printable(event.message))}</p>"
            f'<p><a href="{link}">{escape(event.url)}</a></p>'
        )
    items = "".join(f"<li>{escape(printable(line))}</li>" for line in event.summary)
    evidence = "".join(f"<li>{escape(line)}</li>" for line in event.evidence(links.base_url))
    checked = escape(event.checked_at.isoformat(timespec="seconds"))
    return (
        f'<h2 style="font-size:16px">{escape(printable(event.title))} changed</h2>'
        f'<p><a href="{escape(event.url)}">{escape(event.url)}</a></p>'
        f"<ul>{items}</ul>"
        f'<p style="color:#555;font-size:12px">Checked at {checked}</p>'
        f'<ul style="color:#555;font-size:12px;font-family:monospace">{evidence}</ul>'
        f'<p><a href="{link}">Full report</a></p>'
    )


def html_body(events: Sequence[Event], links: Links) -> str:
    """A self-contained HTML document (escaped, inline styles only) of ``events``."""
    title = escape(batch_subject(events))
    parts = '<hr style="border:0;border-top:1px solid #ddd">'.join(
        _html_event(event, links) for event in events
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{title}</title></head>"
        '<body style="font-family:sans-serif;max-width:720px;line-height:1.4">'
        f"{parts}</body></html>"
    )
