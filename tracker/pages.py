"""One page from wherever a command points: a saved HTML file, or a URL fetched once.

Commands that read a single page (extract, references, claims) share this, so a
URL is always fetched through the same polite, bounded fetcher as a tracked page.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path

from tracker.config import FetchSettings
from tracker.errors import UsageError
from tracker.fetch import open_fetcher
from tracker.model import NotModified

__all__ = ["Page", "load_page"]

_URL = re.compile(r"(?i)https?://")


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    html: bytes
    url: str | None  # the final URL when fetched, None for a file
    content_type: str | None  # the HTTP Content-Type, which may name the charset


async def _fetch(url: str, settings: FetchSettings) -> Page:
    async with open_fetcher() as fetcher:
        result = await fetcher.fetch(url, settings)
    if isinstance(result, NotModified):
        raise UsageError(f"{url}: the server answered 304 Not Modified to a plain GET")
    return Page(html=result.page, url=result.final_url, content_type=result.page_content_type)


def load_page(source: str, *, allow_private: bool = False) -> Page:
    """The page's bytes; a fetch failure raises its FetchFailure, a bad path a UsageError."""
    if _URL.match(source):
        return asyncio.run(_fetch(source, FetchSettings(allow_private=allow_private)))
    try:
        return Page(html=Path(source).read_bytes(), url=None, content_type=None)
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{source}: is a directory, give an HTML file") from None
    except OSError as error:
        raise UsageError(f"{source}: cannot read: {error.strerror or error}") from None
