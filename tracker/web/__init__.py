"""The research workspace: ``tracker serve``'s web pages and JSON API over a data directory.

It reads through the store's Index and writes only its own tables (annotations,
seen-state) through it. The parts:

    app.py         the ASGI application: routes, the guard, errors as pages or JSON
    guard.py       loopback or token, host and origin checks, CSRF, read-only, CSP
    data.py        what the pages and the API show, read from the Index
    pages.py       the HTML pages and forms (templates/, static/)
    api.py         the JSON API under /api/ and its OpenAPI description
    templating.py  Jinja2 with every printed value escaped
    space.py       the one workspace a server runs
"""

from __future__ import annotations

from tracker.web.app import create_app
from tracker.web.guard import WebSettings, check_bind

__all__ = ["WebSettings", "check_bind", "create_app"]
