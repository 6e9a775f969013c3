"""One fetch that must end as a Capture, or as a FetchFailure, for tests of the fetchers."""

from __future__ import annotations

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
