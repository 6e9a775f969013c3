"""The workspace's JSON API under /api/, and its OpenAPI description.

The same values as the pages, as JSON: a change report is exactly what
``tracker diff --format json`` prints (``tracker.change-report/1`` with each
rewrite's word diff), and a timeline's checks are ``tracker history --format json``
rows. Writes take ``application/json`` only (tracker.web.guard explains why).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tracker import __version__
from tracker.comparison.claims import CATEGORIES
from tracker.errors import UnknownVersionError, UsageError
from tracker.model import CHANGE_REPORT_SCHEMA, ChangeReport
from tracker.render.json import report_json
from tracker.store import AnnotationQuery
from tracker.store.ledger import CHANGE_KINDS
from tracker.web import data
from tracker.web.dossier import build_dossier
from tracker.web.guard import Forbidden, user_of, valid_user_name
from tracker.web.pages import compared, parse_annotation
from tracker.web.search import request_from, search_ledger
from tracker.web.space import space_of

__all__ = ["OPENAPI", "ROUTES"]


def _user(request: Request, sent: object = None) -> str:
    """The researcher a call is for: as sent (body or ``user`` parameter), else the cookie's."""
    name = sent if sent is not None else request.query_params.get("user")
    if name is None:
        return user_of(request)
    if not isinstance(name, str) or not valid_user_name(name):
        raise UsageError("'user' is 1 to 64 letters, digits, '.', '_', '@' or '-'")
    return name


async def _json_body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise Forbidden("send the body as application/json", 415)
    try:
        body = json.loads(await request.body())
    except ValueError as error:
        raise UsageError(f"the body is not JSON: {error}") from None
    if not isinstance(body, dict):
        raise UsageError("the body must be a JSON object")
    return body


async def watches(request: Request) -> Response:
    space = space_of(request)
    rows = data.watch_rows(
        space.index,
        _user(request),
        space.listed,
        tag=request.query_params.get("tag") or None,
        text=request.query_params.get("q"),
    )
    return JSONResponse({"watches": [row.to_json() for row in rows]})


async def timeline(request: Request) -> Response:
    space = space_of(request)
    url = request.query_params.get("url", "")
    line = data.timeline(space.index, url, _user(request), space.listed)
    return JSONResponse(line.to_json())


async def change(request: Request) -> Response:
    snapshot = request.path_params["snapshot"]
    stored = space_of(request).index.report_for_snapshot(snapshot)
    if stored is None:
        if space_of(request).index.snapshot(snapshot) is None:
            raise UnknownVersionError(f"no stored version {snapshot}")
        raise Forbidden(f"version {snapshot} is a first version: no change leads to it", 404)
    return JSONResponse(report_json(ChangeReport.from_json(stored)))


async def compare_versions(request: Request) -> Response:
    _, report = await compared(request)
    return JSONResponse(report_json(report))


async def annotations(request: Request) -> Response:
    index = space_of(request).index
    snapshot = request.path_params.get("snapshot")
    if snapshot is not None and index.snapshot(snapshot) is None:
        raise UnknownVersionError(f"no stored version {snapshot}")
    items = index.annotations(
        AnnotationQuery(snapshot_id=snapshot, tag=request.query_params.get("tag") or None)
    )
    return JSONResponse({"annotations": [item.to_json() for item in items]})


async def annotate(request: Request) -> Response:
    body = await _json_body(request)
    judgement = parse_annotation(
        body.get("significant"), body.get("note", ""), body.get("tags", [])
    )
    annotation = space_of(request).index.add_annotation(
        request.path_params["snapshot"], _user(request, body.get("user")), judgement
    )
    return JSONResponse(annotation.to_json(), status_code=201)


async def mark_seen(request: Request) -> Response:
    body = await _json_body(request)
    snapshot = body.get("snapshot")
    if not isinstance(snapshot, int) or isinstance(snapshot, bool):
        raise UsageError("'snapshot' must be a version's number")
    user = _user(request, body.get("user"))
    space_of(request).index.mark_seen(user, snapshot)
    return JSONResponse({"user": user, "seen_snapshot": snapshot})


async def ledger(request: Request) -> Response:
    space = space_of(request)
    result = search_ledger(space.index, request_from(request.query_params), space.listed)
    return JSONResponse(result.to_json())


async def dossier(request: Request) -> Response:
    space = space_of(request)
    found = build_dossier(space.index, request.query_params.get("url", ""), space.listed)
    return JSONResponse(found.to_json())


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


ROUTES = [
    Route("/api/watches", watches),
    Route("/api/timeline", timeline),
    Route("/api/changes/{snapshot:int}", change),
    Route("/api/changes/{snapshot:int}/annotations", annotations),
    Route("/api/changes/{snapshot:int}/annotations", annotate, methods=["POST"]),
    Route("/api/compare", compare_versions),
    Route("/api/annotations", annotations),
    Route("/api/seen", mark_seen, methods=["POST"]),
    Route("/api/ledger", ledger),
    Route("/api/dossier", dossier),
    Route("/api/openapi.json", openapi),
]


# ----------------------------------------------------------------------------- OpenAPI


def _query(name: str, description: str, *, required: bool = False, kind: str = "string") -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": kind},
    }


def _ok(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


_ERRORS = {
    "400": _ok("a bad parameter or body", "Error"),
    "404": _ok("no such watch or version", "Error"),
}
_WRITE_ERRORS = {
    **_ERRORS,
    "403": _ok("a write from another origin", "Error"),
    "405": _ok("the workspace is read-only", "Error"),
    "415": _ok("a body that is not application/json", "Error"),
}
_SNAPSHOT = {
    "name": "snapshot",
    "in": "path",
    "required": True,
    "description": "the version the change introduced (a snapshot id)",
    "schema": {"type": "integer"},
}
_USER = _query("user", "whose seen-state to count from (default: the browser's chosen user)")
_TAG = _query("tag", "only those with this tag")
_OBJECT = {"type": "object", "additionalProperties": True}
_OBJECTS = {"type": "array", "items": _OBJECT}
_STRING = {"type": "string"}
_STRINGS = {"type": "array", "items": _STRING}
_INTEGER = {"type": "integer"}
_INTEGER_OR_NULL = {"type": ["integer", "null"]}
_TIME = {"type": "string", "format": "date-time"}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "tracker research workspace",
        "version": __version__,
        "description": "Watches, timelines, change reports, comparisons and annotations of a "
        "tracker data directory. With a token, send 'Authorization: Bearer TOKEN'.",
    },
    "paths": {
        "/api/watches": {
            "get": {
                "summary": "Every watch: last check, health, last change, unseen changes",
                "parameters": [_TAG, _query("q", "text in the name, URL or tags"), _USER],
                "responses": {"200": _ok("the watches", "WatchList")},
            }
        },
        "/api/timeline": {
            "get": {
                "summary": "Every check and version of one watched URL, newest first",
                "parameters": [_query("url", "the watched URL", required=True), _USER],
                "responses": {"200": _ok("the timeline", "Timeline"), **_ERRORS},
            }
        },
        "/api/changes/{snapshot}": {
            "get": {
                "summary": "The stored change report that introduced a version "
                f"({CHANGE_REPORT_SCHEMA})",
                "parameters": [_SNAPSHOT],
                "responses": {"200": _ok("the report", "ChangeReport"), **_ERRORS},
            }
        },
        "/api/changes/{snapshot}/annotations": {
            "get": {
                "summary": "The annotations of one change, newest first",
                "parameters": [_SNAPSHOT, _TAG],
                "responses": {"200": _ok("the annotations", "AnnotationList"), **_ERRORS},
            },
            "post": {
                "summary": "Annotate a change: significant or not, a note, tags",
                "parameters": [_SNAPSHOT],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/AnnotationInput"}
                        }
                    },
                },
                "responses": {"201": _ok("the annotation stored", "Annotation"), **_WRITE_ERRORS},
            },
        },
        "/api/compare": {
            "get": {
                "summary": f"Any two stored versions compared now ({CHANGE_REPORT_SCHEMA})",
                "parameters": [
                    _query("old", "a version (snapshot id)", required=True, kind="integer"),
                    _query("new", "another version of it", required=True, kind="integer"),
                ],
                "responses": {"200": _ok("the report", "ChangeReport"), **_ERRORS},
            }
        },
        "/api/annotations": {
            "get": {
                "summary": "Every annotation, newest first",
                "parameters": [_TAG],
                "responses": {"200": _ok("the annotations", "AnnotationList")},
            }
        },
        "/api/seen": {
            "post": {
                "summary": "Mark a watch seen up to a version, for one user",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/SeenInput"}}
                    },
                },
                "responses": {"200": _ok("the seen-state", "Seen"), **_WRITE_ERRORS},
            }
        },
        "/api/ledger": {
            "get": {
                "summary": "Search every claim (or, with works=true, cited work) ever seen",
                "parameters": [
                    _query("q", "words, each matched stemmed, in any wording the claim had"),
                    _query("site", "only pages of this host"),
                    _TAG,
                    _query("category", f"one of {', '.join(CATEGORIES)}"),
                    _query("change_kind", f"one of {', '.join(CHANGE_KINDS)}"),
                    _query("since", "from this day (YYYY-MM-DD): of the change kind, if asked"),
                    _query("until", "up to this day (YYYY-MM-DD)"),
                    _query("works", "true: search cited works instead", kind="boolean"),
                    _query("limit", "at most this many (1 to 1000, default 100)", kind="integer"),
                    _query("offset", "skip this many", kind="integer"),
                ],
                "responses": {"200": _ok("the claims or works found", "LedgerResult"), **_ERRORS},
            }
        },
        "/api/dossier": {
            "get": {
                "summary": "An article's evidence: every version's capture provenance, its "
                "change report and annotations, the checks and gaps, verify's verdict now",
                "parameters": [_query("url", "the watched URL", required=True)],
                "responses": {"200": _ok("the dossier", "Dossier"), **_ERRORS},
            }
        },
        "/api/openapi.json": {
            "get": {
                "summary": "This description",
                "responses": {
                    "200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}
                },
            }
        },
    },
    "components": {
        "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "properties": {"error": _STRING, "status": _INTEGER},
            },
            "Watch": {
                "type": "object",
                "properties": {
                    "id": _INTEGER,
                    "url": _STRING,
                    "name": _STRING,
                    "tags": _STRINGS,
                    "health": {"enum": ["ok", "failing", "unchecked"]},
                    "last_check": {"type": ["object", "null"]},
                    "failing_checks": _INTEGER,
                    "last_change_at": {"type": ["string", "null"], "format": "date-time"},
                    "last_change": _INTEGER_OR_NULL,
                    "current_snapshot": _INTEGER_OR_NULL,
                    "versions": _INTEGER,
                    "seen_snapshot": _INTEGER_OR_NULL,
                    "unseen_changes": _INTEGER,
                },
            },
            "WatchList": {
                "type": "object",
                "properties": {
                    "watches": {"type": "array", "items": {"$ref": "#/components/schemas/Watch"}}
                },
            },
            "Timeline": {
                "type": "object",
                "properties": {
                    "url": _STRING,
                    "name": _STRING,
                    "tags": _STRINGS,
                    "seen_snapshot": _INTEGER_OR_NULL,
                    "versions": _OBJECTS,
                    "checks": _OBJECTS,
                },
            },
            "ChangeReport": {
                "type": "object",
                "description": "DESIGN.md's stable contract, with each rewrite's word diff",
                "properties": {"schema": {"const": CHANGE_REPORT_SCHEMA}},
                "additionalProperties": True,
            },
            "Annotation": {
                "type": "object",
                "properties": {
                    "id": _INTEGER,
                    "snapshot": _INTEGER,
                    "url": _STRING,
                    "user": _STRING,
                    "significant": {"type": ["boolean", "null"]},
                    "note": _STRING,
                    "tags": _STRINGS,
                    "created_at": _TIME,
                },
            },
            "AnnotationList": {
                "type": "object",
                "properties": {
                    "annotations": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Annotation"},
                    }
                },
            },
            "AnnotationInput": {
                "type": "object",
                "properties": {
                    "significant": {"type": ["boolean", "null"]},
                    "note": _STRING,
                    "tags": _STRINGS,
                    "user": _STRING,
                },
            },
            "LedgerResult": {
                "type": "object",
                "properties": {
                    "total": _INTEGER,
                    "claims": {"type": "array", "items": {"$ref": "#/components/schemas/Claim"}},
                    "works": _OBJECTS,
                    "stale_watches": _INTEGER,
                },
            },
            "Claim": {
                "type": "object",
                "properties": {
                    "id": _INTEGER,
                    "url": _STRING,
                    "text": _STRING,
                    "categories": _STRINGS,
                    "strength": _INTEGER_OR_NULL,
                    "citations": _STRINGS,
                    "first_snapshot": _INTEGER,
                    "first_seen": _TIME,
                    "last_snapshot": _INTEGER,
                    "last_seen": _TIME,
                    "removed_snapshot": _INTEGER_OR_NULL,
                    "events": _OBJECTS,
                },
            },
            "Dossier": {
                "type": "object",
                "properties": {
                    "url": _STRING,
                    "name": _STRING,
                    "printed_at": _TIME,
                    "verify": _OBJECT,
                    "versions": _OBJECTS,
                    "checks": _OBJECTS,
                    "gaps": _OBJECTS,
                },
            },
            "SeenInput": {
                "type": "object",
                "required": ["snapshot"],
                "properties": {"snapshot": _INTEGER, "user": _STRING},
            },
            "Seen": {
                "type": "object",
                "properties": {
                    "user": _STRING,
                    "seen_snapshot": _INTEGER,
                },
            },
        },
    },
    "security": [{}, {"token": []}],
}
