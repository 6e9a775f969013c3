"""Where the workspace shows each thing: one place that spells its routes.

Pages link with the empty base (paths on this server); a notification, a feed or a
dossier written to a file links with ``--base-url`` (the address the workspace is
served at), so the same routes are reached from outside it.
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

    def dossier(self, url: str) -> str:
        return f"{self.base}/dossier?{urlencode({'url': url})}"

    def ledger(self, text: str = "") -> str:
        return f"{self.base}/ledger" + (f"?{urlencode({'q': text})}" if text else "")
