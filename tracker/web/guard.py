"""What keeps the workspace safe to run: where it may listen, who may ask, what may be sent.

- It listens on loopback unless a token is set; bound elsewhere, every request needs
  the token (``Authorization: Bearer``, or the cookie the login form sets from it).
- On loopback without a token, only requests naming a loopback host are answered,
  so a web page cannot reach the workspace by pointing its own name at 127.0.0.1
  (DNS rebinding).
- Every form carries a CSRF token that must equal the browser's own cookie (a
  double-submit check; the cookie is SameSite=Strict), and no write is taken from
  another origin. JSON writes must be sent as ``application/json``, which a page on
  another origin cannot do without a preflight the workspace never grants.
- ``--read-only`` refuses every write, and every answer carries a strict
  Content-Security-Policy: nothing loads from another origin and no script runs.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp

from tracker.errors import UsageError

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "POLICY",
    "USER_COOKIE",
    "Forbidden",
    "Guard",
    "WebSettings",
    "check_bind",
    "checked_form",
    "grant_session",
    "is_loopback",
    "user_of",
    "valid_user_name",
]

# Pages load only their own stylesheet; nothing runs, frames, or leaves by a form
# except back to the workspace.
POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
CSRF_COOKIE = "tracker_csrf"
CSRF_FIELD = "csrf"
AUTH_COOKIE = "tracker_auth"
USER_COOKIE = "tracker_user"
DEFAULT_USER = "default"
_USER_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_OPEN_PATHS = ("/login", "/static/")  # reachable before the token is given


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    read_only: bool = False
    base_url: str = ""  # where the workspace is served (--base-url): every link's base


class Forbidden(Exception):
    """A request the workspace refuses; ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.status = status


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(settings: WebSettings) -> None:
    """Refuse to listen beyond this machine without a token: the index holds evidence."""
    if not is_loopback(settings.host) and not settings.token:
        raise UsageError(
            f"refusing to listen on {settings.host} without a token: anyone who can reach it "
            "could read and annotate the evidence; pass --token or set TRACKER_TOKEN"
        )


def _auth_value(token: str) -> str:
    """What the login cookie holds: derived from the token, never the token itself."""
    return hmac.new(token.encode(), b"tracker-web-session", hashlib.sha256).hexdigest()


def _request_host(request: Request) -> str:
    host = request.headers.get("host", "")
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0]


def _foreign_origin(request: Request, base_url: str) -> bool:
    """A write sent by a page of another origin (browsers name it in Origin) than this
    server or the address it is served at (``--base-url``, behind a proxy)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin == "null"
    ours = {request.headers.get("host", ""), urlsplit(base_url).netloc} - {""}
    return urlsplit(origin).netloc not in ours


def user_of(request: Request) -> str:
    """The researcher this browser says it is (a cookie chosen on the page), else the default."""
    name = request.cookies.get(USER_COOKIE, "")
    return name if _USER_NAME.match(name) else DEFAULT_USER


def valid_user_name(name: str) -> bool:
    return bool(_USER_NAME.match(name))


async def checked_form(request: Request) -> FormData:
    """The form sent, once its CSRF token matched this browser's cookie."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = request.cookies.get(CSRF_COOKIE)
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent, expected):
        raise Forbidden("the form's CSRF token is missing or wrong; reload the page and retry")
    return form


class Guard(BaseHTTPMiddleware):
    """Host, token, origin and read-only checks before a request; headers after it."""

    def __init__(
        self,
        app: ASGIApp,
        settings: WebSettings,
        refuse: Callable[[Request, Forbidden], Response],
    ) -> None:
        super().__init__(app)
        self.settings = settings
        self.refuse = refuse
        self._auth = _auth_value(settings.token) if settings.token else None

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        csrf = request.cookies.get(CSRF_COOKIE)
        new_csrf = None if csrf else secrets.token_urlsafe(32)
        request.state.csrf = csrf or new_csrf
        try:
            self._admit(request)
        except Forbidden as refused:
            response = self.refuse(request, refused)
        else:
            response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        # not no-referrer: Chromium then sends "Origin: null" with the workspace's own forms
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        if new_csrf is not None:
            response.set_cookie(CSRF_COOKIE, new_csrf, httponly=True, samesite="strict", path="/")
        return response

    def _admit(self, request: Request) -> None:
        if self._auth is None and not is_loopback(_request_host(request)):
            raise Forbidden("this workspace answers only to 127.0.0.1 and localhost", 421)
        path = request.url.path
        if self._auth is not None and not path.startswith(_OPEN_PATHS):
            bearer = request.headers.get("authorization", "")
            settings_token = self.settings.token or ""
            by_header = bearer.startswith("Bearer ") and hmac.compare_digest(
                bearer[7:].strip(), settings_token
            )
            by_cookie = hmac.compare_digest(request.cookies.get(AUTH_COOKIE, ""), self._auth)
            if not (by_header or by_cookie):
                raise Forbidden("this workspace needs its token", 401)
        if request.method in _SAFE_METHODS:
            return
        if _foreign_origin(request, self.settings.base_url):
            raise Forbidden("a write from another origin is refused")
        if self.settings.read_only and path != "/login":
            raise Forbidden("this workspace is read-only: nothing can be changed here", 405)


def grant_session(settings: WebSettings, token: str, response: Response) -> bool:
    """Set the session cookie on ``response`` when ``token`` is the workspace's; whether it was."""
    if not settings.token or not hmac.compare_digest(token, settings.token):
        return False
    response.set_cookie(
        AUTH_COOKIE, _auth_value(settings.token), httponly=True, samesite="strict", path="/"
    )
    return True
