"""Pages from Jinja2 templates in which every value is escaped, whatever the template says.

Autoescaping is on, and ``finalize`` passes every printed value through the same
escaping as the HTML report (tracker.render.html.escape_text, which also drops
characters HTML cannot carry and bidi overrides), so page text reaches a page only
as text. The one way in for markup is the report's own sections, built escaped by
tracker.render.html and marked as such here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from tracker.model import ChangeReport
from tracker.render.dates import evidence
from tracker.render.html import (
    annotations_html,
    date_moves,
    escape_text,
    report_badges,
    report_sections,
    unreachable_html,
)
from tracker.web.data import Gap
from tracker.web.guard import user_of
from tracker.web.space import space_of

__all__ = ["page", "refusal", "render", "report_context"]


def _finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(escape_text(value))


def when(moment: datetime | None) -> str:
    """A time as researchers cite it: UTC, to the second."""
    if moment is None:
        return "—"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def gap_line(gap: Gap) -> str:
    """A gap as one line: its span, how many checks, and why they got no page."""
    span = when(gap.start) if gap.start == gap.end else f"{when(gap.start)} to {when(gap.end)}"
    reasons = "; ".join(gap.errors[:3]) or ", ".join(gap.outcomes)
    checks = "1 check" if gap.checks == 1 else f"{gap.checks} checks"
    return f"gap: no page {span} ({checks} {'/'.join(gap.outcomes)}: {reasons})"


def change_summary(report: ChangeReport) -> str:
    """One line for a timeline: what kinds of change a report holds, and how many."""
    high = sum(1 for change in report.claim_changes if change.significance == "high")
    parts = [
        f"{len(items)} {name}{'' if len(items) == 1 else 's'}"
        for name, items in (
            ("claim change", report.claim_changes),
            ("reference change", report.reference_changes),
            ("date change", report.date_changes),
            ("other text change", report.text_changes),
        )
        if items
    ]
    if high:
        parts.insert(0, f"{high} of high significance")
    if report.silent_edit:
        parts.append("silent edit")
    return "; ".join(parts) or "no article change"


def all_sections(report: ChangeReport) -> Markup:
    """The report's sections in reading order, built escaped by tracker.render.html."""
    built = report_sections(report)
    order = ("claims", "references", "dates", "metadata", "text", "boilerplate")
    return Markup("".join(built.get(name, "") for name in order))


_ENV = Environment(
    loader=PackageLoader("tracker.web", "templates"),
    autoescape=True,
    finalize=_finalize,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals.update(
    when=when,
    gap_line=gap_line,
    summary=change_summary,
    sections=all_sections,
    badges=lambda report: Markup(report_badges(report)),
)


def report_context(report: ChangeReport) -> dict[str, Any]:
    """What templates/report.html needs: the sections tracker.render.html built, escaped."""
    return {
        "report": report,
        "badges": Markup(report_badges(report)),
        "date_moves": Markup(date_moves(report)),  # escaped by tracker.render.html
        "dates": evidence(report),
        # the checks that failed between the two versions, and the annotated changes
        "between": Markup(
            unreachable_html(report.unreachable) + annotations_html(report.annotations)
        ),
        "sections": {name: Markup(html) for name, html in report_sections(report).items()},
        "title": report.new.title or report.old.title or "(untitled)",
    }


def render(template: str, **context: Any) -> str:
    """A template outside any request (a dossier written to a file)."""
    return _ENV.get_template(template).render(**context)


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """One page, with what every page shows: who is looking, whether writes are allowed."""
    space = space_of(request)
    html = _ENV.get_template(template).render(
        csrf=request.state.csrf,
        user=user_of(request),
        read_only=space.settings.read_only,
        feed=space.feed.is_file(),
        links=space.links,
        here=_here(request),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


_HEADINGS = {
    400: "That request cannot be answered",
    401: "This workspace needs its token",
    403: "Refused",
    404: "Not found",
    405: "Read-only",
    421: "Wrong host",
}


def refusal(request: Request, message: str, status: int) -> Response:
    """An error as JSON under /api/, as a page elsewhere (the login form for a 401)."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    if status == 401:
        return page(request, "login.html", status, message=None)
    heading = _HEADINGS.get(status, "Something went wrong")
    return page(request, "error.html", status, status=status, heading=heading, message=message)
