"""The workspace's HTML pages and forms.

Requests are served in the event loop's thread, one at a time, because they read
one Index; only comparing two versions (pure, and the slow part) runs in a worker
thread. Every form goes through ``checked_form`` (CSRF) and ends in a redirect, so
reloading a page never sends it again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from tracker.comparison import compare
from tracker.comparison.claims import CATEGORIES
from tracker.errors import UsageError
from tracker.fetch.browser import find_chromium
from tracker.links import Links
from tracker.model import ChangeReport
from tracker.render.evidence import with_between
from tracker.render.html import REPORT_CSS
from tracker.store import AnnotationQuery, Judgement, SnapshotRow
from tracker.store.ledger import CHANGE_KINDS
from tracker.web import data
from tracker.web.dossier import DOSSIER_CSS, build_dossier, dossier_html, print_pdf, write_evidence
from tracker.web.guard import (
    USER_COOKIE,
    Forbidden,
    checked_form,
    grant_session,
    user_of,
    valid_user_name,
)
from tracker.web.search import request_from, search_ledger
from tracker.web.space import space_of
from tracker.web.templating import page, report_context

__all__ = ["ROUTES", "int_param", "parse_annotation"]

_WORKSPACE_CSS = (resources.files("tracker.web") / "static" / "workspace.css").read_text("utf-8")
MAX_NOTE = 10_000
WATCHES_PER_PAGE = 200  # a page of rows renders in tens of milliseconds at any size
MAX_TAGS = 20


def int_param(request: Request, name: str) -> int:
    """A required whole-number query parameter (UsageError, answered 400, otherwise)."""
    value = request.query_params.get(name, "")
    if not value.isdigit():
        raise UsageError(f"'{name}' must be a version's number (a snapshot id), got {value!r}")
    return int(value)


def _next(value: object) -> str:
    """Where a form returns to: a path of this workspace, never another site."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return "/"


def _back(request: Request, to: str) -> RedirectResponse:
    """After a form: back to ``to``, a path of this workspace, under its --base-url."""
    return RedirectResponse(space_of(request).links.path(to), status_code=303)


async def watches(request: Request) -> Response:
    space = space_of(request)
    tag = request.query_params.get("tag") or None
    text = request.query_params.get("q", "")
    rows = data.watch_rows(space.index, user_of(request), space.listed, tag=tag, text=text)
    number = request.query_params.get("page", "1")
    pages = max(1, -(-len(rows) // WATCHES_PER_PAGE))
    page_number = min(int(number), pages) if number.isdigit() and int(number) > 0 else 1
    start = (page_number - 1) * WATCHES_PER_PAGE

    def page_link(n: int) -> str:
        return space.links.home(**{**request.query_params, "page": str(n)})

    return page(
        request,
        "watches.html",
        rows=rows,
        shown=rows[start : start + WATCHES_PER_PAGE],
        page_number=page_number,
        pages=pages,
        page_size=WATCHES_PER_PAGE,
        page_link=page_link,
        tags=data.all_tags(space.listed),
        tag=tag,
        q=text,
        unseen=sum(1 for row in rows if row.summary.unseen_changes),
    )


async def watch(request: Request) -> Response:
    space = space_of(request)
    url = request.query_params.get("url", "")
    line = data.timeline(space.index, url, user_of(request), space.listed)
    return page(request, "timeline.html", t=line)


async def change(request: Request) -> Response:
    view = data.change_view(space_of(request).index, request.path_params["snapshot"])
    context = report_context(view.report) if view.report is not None else {}
    context.setdefault("title", view.version.row.url)
    return page(request, "change.html", view=view, **context)


async def compared(request: Request) -> tuple[data.ToCompare, ChangeReport]:
    """The stored versions ``old`` and ``new`` the request names, and their report with
    what lies between them (failed checks, annotations), as ``tracker diff`` gives it."""
    versions = data.versions_to_compare(
        space_of(request).index, int_param(request, "old"), int_param(request, "new")
    )
    report = await run_in_threadpool(compare, versions.old_document, versions.new_document)
    return versions, with_between(report, versions.between)


async def compare_page(request: Request) -> Response:
    versions, report = await compared(request)
    return page(
        request, "compare.html", old=versions.old, new=versions.new, **report_context(report)
    )


async def ledger(request: Request) -> Response:
    space = space_of(request)
    asked = request_from(request.query_params)
    result = search_ledger(space.index, asked, space.listed)
    shown = len(result.works if asked.works else result.claims)
    later = {**request.query_params, "offset": str(asked.offset + shown)}
    return page(
        request,
        "ledger.html",
        asked=asked,
        result=result,
        shown=shown,
        tags=data.all_tags(space.listed),
        categories=CATEGORIES,
        change_kinds=CHANGE_KINDS,
        query=request.url.query,
        next_query=urlencode(later),
    )


def _downloads(links: Links, url: str) -> dict[str, str]:
    return {
        name: links.path(f"/dossier.{suffix}", url=url)
        for name, suffix in (("warc", "warc.gz"), ("wacz", "wacz"), ("pdf", "pdf"))
    } | {"json": links.path("/api/dossier", url=url)}


async def dossier(request: Request) -> Response:
    space = space_of(request)
    found = build_dossier(space.index, request.query_params.get("url", ""), space.listed)
    downloads = _downloads(space.links, found.timeline.url)
    html = dossier_html(found, downloads, standalone=False, base_url=space.links.base)
    return HTMLResponse(html)


async def dossier_pdf(request: Request) -> Response:
    """The dossier printed by this machine's Chromium (off the event loop: it takes seconds)."""
    space = space_of(request)
    found = build_dossier(space.index, request.query_params.get("url", ""), space.listed)
    # a file leaves the workspace: it links back only when told where it is served
    html = dossier_html(
        found,
        _downloads(space.links, found.timeline.url),
        standalone=True,
        base_url=space.settings.base_url or None,
    )
    with tempfile.TemporaryDirectory(prefix="tracker-pdf-") as scratch:
        out = Path(scratch) / "dossier.pdf"
        await run_in_threadpool(print_pdf, html, out, find_chromium())
        body = out.read_bytes()
    return _attachment(body, "application/pdf", "dossier.pdf")


async def dossier_evidence(request: Request) -> Response:
    """The article's WARC, or a WACZ of it."""
    space = space_of(request)
    url = request.query_params.get("url", "")
    wanted = request.path_params["kind"]
    with tempfile.TemporaryDirectory(prefix="tracker-evidence-") as scratch:
        warc, wacz = Path(scratch) / "article.warc.gz", Path(scratch) / "article.wacz"
        write_evidence(space.index, url, warc, wacz, url)
        body = (warc if wanted == "warc.gz" else wacz).read_bytes()
    media = "application/warc" if wanted == "warc.gz" else "application/wacz+zip"
    return _attachment(body, media, f"article.{wanted}")


def _attachment(body: bytes, media_type: str, name: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def annotations(request: Request) -> Response:
    tag = request.query_params.get("tag") or None
    items = space_of(request).index.annotations(AnnotationQuery(tag=tag))
    return page(request, "annotations.html", items=items, tag=tag)


def parse_annotation(significant: object, note: object, tags: object) -> Judgement:
    """An annotation's verdict, note and tags as sent (a form's, the API's or the CLI's),
    checked."""
    verdicts = {"yes": True, "no": False, "": None, True: True, False: False, None: None}
    if not isinstance(significant, str | bool | None) or significant not in verdicts:
        raise UsageError("'significant' must be yes, no or empty (true, false or null in JSON)")
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        raise UsageError(f"'note' must be text of at most {MAX_NOTE} characters")
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise UsageError("'tags' must be a list of words (comma-separated in a form)")
    cleaned = tuple(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))
    if len(cleaned) > MAX_TAGS or any(len(tag) > 64 for tag in cleaned):
        raise UsageError(f"at most {MAX_TAGS} tags of at most 64 characters each")
    return Judgement(verdicts[significant], note.strip(), cleaned)


async def annotate(request: Request) -> Response:
    form = await checked_form(request)
    snapshot = request.path_params["snapshot"]
    judgement = parse_annotation(
        form.get("significant", ""), form.get("note", ""), form.get("tags", "")
    )
    space_of(request).index.add_annotation(snapshot, user_of(request), judgement)
    return _back(request, f"/changes/{snapshot}#annotations")


async def mark_seen(request: Request) -> Response:
    form = await checked_form(request)
    snapshot = form.get("snapshot", "")
    if not isinstance(snapshot, str) or not snapshot.isdigit():
        raise UsageError("'snapshot' must be a version's number")
    space_of(request).index.mark_seen(user_of(request), int(snapshot))
    return _back(request, _next(form.get("next")))


async def choose_user(request: Request) -> Response:
    form = await checked_form(request)
    name = form.get("user", "")
    if not isinstance(name, str) or not valid_user_name(name):
        raise UsageError("a researcher's name is 1 to 64 letters, digits, '.', '_', '@' or '-'")
    response = _back(request, _next(form.get("next")))
    response.set_cookie(USER_COOKIE, name, httponly=True, samesite="strict", path="/")
    return response


async def login_form(request: Request) -> Response:
    return page(request, "login.html", message=None)


async def login(request: Request) -> Response:
    form = await checked_form(request)
    token = form.get("token", "")
    response = _back(request, "/")
    if isinstance(token, str) and grant_session(space_of(request).settings, token, response):
        return response
    return page(request, "login.html", 401, message="That is not this workspace's token.")


async def capture(request: Request) -> Response:
    """The page as it was served, in a sandbox: no script runs, nothing loads from anywhere,
    and it cannot read the workspace (its origin is opaque)."""
    view = _version_row(request)
    record = data.version_record(space_of(request).index, view)
    content_type = record.http_headers.get("content-type") or "text/html"
    return Response(
        record.body(),
        media_type=content_type,
        headers={
            "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:",
            "Content-Disposition": "inline",
        },
    )


async def capture_record(request: Request) -> Response:
    """The WARC record holding a version: its headers and the HTTP answer's, as text."""
    row = _version_row(request)
    record = data.version_record(space_of(request).index, row)
    lines = [
        f"WARC file: {row.warc_file}",
        f"offset: {row.warc_offset}  length: {row.warc_length}",
        f"WARC-Type: {record.record_type}",
        f"WARC-Record-ID: {record.record_id or '-'}",
        f"WARC-Date: {record.warc_date or '-'}",
        f"WARC-Target-URI: {record.target_uri or '-'}",
        f"WARC-Payload-Digest: {record.recorded_digest or '-'}",
        f"payload digest computed now: {record.computed_digest}",
        f"payload: {len(record.payload)} bytes" + (" (truncated)" if record.truncated else ""),
        "",
        f"HTTP status: {record.status}",
        *(f"{name}: {value}" for name, value in record.http_headers),
    ]
    return Response("\n".join(lines) + "\n", media_type="text/plain; charset=utf-8")


def _version_row(request: Request) -> SnapshotRow:
    snapshot = request.path_params["snapshot"]
    row = space_of(request).index.snapshot(snapshot)
    if row is None:
        raise Forbidden(f"no stored version {snapshot}", 404)
    return row


async def feed(request: Request) -> Response:
    path = space_of(request).feed
    if not path.is_file():
        raise Forbidden("this data directory has no Atom feed (the daemon writes one)", 404)
    return FileResponse(path, media_type="application/atom+xml")


_STYLESHEETS = {
    "workspace.css": _WORKSPACE_CSS,
    "report.css": REPORT_CSS,
    "dossier.css": DOSSIER_CSS,
}


def _stylesheet(text: str) -> Callable[[Request], Awaitable[Response]]:
    """The handler serving one of the stylesheets above: each is fixed text."""

    async def serve(request: Request) -> Response:
        return Response(text, media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    return serve


ROUTES = [
    Route("/", watches),
    Route("/watch", watch),
    Route("/changes/{snapshot:int}", change),
    Route("/changes/{snapshot:int}/annotations", annotate, methods=["POST"]),
    Route("/compare", compare_page),
    Route("/ledger", ledger),
    Route("/dossier", dossier),
    Route("/dossier.pdf", dossier_pdf),
    Route("/dossier.{kind:str}", dossier_evidence),
    Route("/annotations", annotations),
    Route("/seen", mark_seen, methods=["POST"]),
    Route("/user", choose_user, methods=["POST"]),
    Route("/login", login_form),
    Route("/login", login, methods=["POST"]),
    Route("/captures/{snapshot:int}", capture),
    Route("/captures/{snapshot:int}/record", capture_record),
    Route("/feed.atom", feed),
    *(Route(f"/static/{name}", _stylesheet(text)) for name, text in _STYLESHEETS.items()),
]
