"""The workspace as an ASGI application: routes, the guard, and errors as pages or JSON."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response

from tracker.errors import (
    IntegrityError,
    TrackerError,
    UnknownURLError,
    UnknownVersionError,
    UsageError,
)
from tracker.store import Index
from tracker.web import api, pages
from tracker.web.data import Listed
from tracker.web.guard import Forbidden, Guard, WebSettings
from tracker.web.space import Space
from tracker.web.templating import refusal

__all__ = ["FEED_NAME", "create_app"]

FEED_NAME = "feed.atom"  # where the daemon's feed notifier writes by default


def _status(error: TrackerError) -> int:
    if isinstance(error, UnknownURLError | UnknownVersionError):
        return 404
    if isinstance(error, UsageError):
        return 400
    return 500


async def _tracker_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, TrackerError)
    message = str(error)
    if isinstance(error, IntegrityError):
        message += " (run 'tracker verify' on the data directory)"
    return refusal(request, message, _status(error))


async def _forbidden(request: Request, error: Exception) -> Response:
    assert isinstance(error, Forbidden)
    return refusal(request, str(error), error.status)


def _refuse(request: Request, error: Forbidden) -> Response:
    return refusal(request, str(error), error.status)


def create_app(
    index: Index,
    settings: WebSettings | None = None,
    *,
    listed: Mapping[str, Listed] | None = None,
) -> Starlette:
    """The workspace over an open ``index`` (the caller closes it after serving)."""
    settings = settings or WebSettings()
    app = Starlette(
        routes=[*pages.ROUTES, *api.ROUTES],
        middleware=[Middleware(Guard, settings=settings, refuse=_refuse)],
        exception_handlers={TrackerError: _tracker_error, Forbidden: _forbidden},
    )
    app.state.space = Space(
        index=index,
        settings=settings,
        listed=dict(listed or {}),
        feed=Path(index.root) / FEED_NAME,
    )
    return app
