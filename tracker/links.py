"""Where the workspace shows each thing: one place that spells its routes.

Every link the workspace writes goes through here: its pages, its redirects, a
dossier written to a file, and the notifications and feed that point at it (outside
tracker.web, so notifications spell them without importing the web stack). The base
is ``--base-url`` (the address the workspace is served at, e.g. behind a proxy under
a path) when it is set, so no link is ever a path on the serving machine; without
it pages link with the empty base (paths on this server).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from tracker.errors import UsageError

__all__ = ["Links", "checked_base_url"]


def checked_base_url(base_url: str) -> str:
    """An http(s) address without a trailing slash, or UsageError."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(f"--base-url must be an http:// or https:// address, got {base_url!r}")
    return base_url.strip().rstrip("/")


@dataclass(frozen=True, slots=True)
class Links:
    """The workspace's addresses under ``base`` ("" for this server's own pages)."""

    base: str = ""

    def path(self, path: str, **query: object) -> str:
        """Any other route of the workspace (a form's action, a stylesheet, the API),
        with its query (empty values left out)."""
        asked = {name: value for name, value in query.items() if value not in (None, "")}
        return f"{self.base}{path}" + (f"?{urlencode(asked)}" if asked else "")

    def home(self, **query: object) -> str:
        return self.path("/", **query)

    def annotations(self, tag: str | None = None) -> str:
        return self.path("/annotations", tag=tag)

    def annotate(self, snapshot_id: int) -> str:
        return f"{self.base}/changes/{snapshot_id}/annotations"

    def watch(self, url: str) -> str:
        return f"{self.base}/watch?{urlencode({'url': url})}"

    def version(self, url: str, snapshot_id: int) -> str:
        return f"{self.watch(url)}#version-{snapshot_id}"

    def change(self, snapshot_id: int) -> str:
        return f"{self.base}/changes/{snapshot_id}"

    def compare(self, old: int, new: int) -> str:
        return f"{self.base}/compare?{urlencode({'old': old, 'new': new})}"

    def capture(self, snapshot_id: int) -> str:
        return f"{self.base}/captures/{snapshot_id}"

    def record(self, snapshot_id: int) -> str:
        return f"{self.capture(snapshot_id)}/record"

    def dossier(self, url: str) -> str:
        return f"{self.base}/dossier?{urlencode({'url': url})}"

    def feed(self) -> str:
        return f"{self.base}/feed.atom"

    def ledger(self, text: str = "") -> str:
        return f"{self.base}/ledger" + (f"?{urlencode({'q': text})}" if text else "")
