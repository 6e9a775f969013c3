"""The one workspace a server runs: its index, settings, watchlists' names and tags, feed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request

from tracker.links import Links
from tracker.store import Index
from tracker.web.data import Listed
from tracker.web.guard import WebSettings

__all__ = ["Space", "space_of"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Space:
    index: Index
    settings: WebSettings
    listed: Mapping[str, Listed]  # names and tags from the watchlists, by URL key
    feed: Path  # where the daemon's Atom feed is, when the data directory has one

    @property
    def links(self) -> Links:
        """Where this workspace's pages and redirects point (its --base-url, if any)."""
        return Links(self.settings.base_url)


def space_of(request: Request) -> Space:
    space: Space = request.app.state.space
    return space
