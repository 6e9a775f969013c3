"""For tests of the fetchers: one fetch that must end as a Capture, or as a FetchFailure,
and a mock response body exactly as on the wire."""

from __future__ import annotations

import httpx
import pytest

from tracker.config import FetchSettings
from tracker.errors import FetchFailure
from tracker.fetch import HttpFetcher
from tracker.model import Capture


async def capture_of(fetcher: HttpFetcher, url: str, settings: FetchSettings) -> Capture:
    result = await fetcher.fetch(url, settings)
    assert isinstance(result, Capture)
    return result


async def failure_of(fetcher: HttpFetcher, url: str, settings: FetchSettings) -> FetchFailure:
    with pytest.raises(FetchFailure) as caught:
        await fetcher.fetch(url, settings)
    return caught.value


class RawStream(httpx.AsyncByteStream):
    """Bytes exactly as on the wire: httpx.Response(content=...) would decode them eagerly."""

    def __init__(self, body: bytes, chunk: int = 7) -> None:
        self._body = body
        self._chunk = chunk

    async def __aiter__(self):
        for start in range(0, len(self._body), self._chunk):
            yield self._body[start : start + self._chunk]
