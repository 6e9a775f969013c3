"""Every way tracker can fail, in one hierarchy.

Foreign exceptions (httpx, sqlite3, OSError, tomllib, warcio) are translated into
these at the boundary of the module that calls the foreign code, so callers,
the CLI and the daemon only ever handle the classes below. Each message is one
line a person understands; where the fix is the user's, the CLI adds what to do
(tracker.cli.advice), so the store and the stages never name a command.

    TrackerError
    ├── UsageError              bad input from the user: a missing file, a bad argument
    │   ├── WatchlistError      a watchlist file, watch or field is invalid (names all three)
    │   ├── NoDataError         a data directory with no index in it
    │   ├── UnknownURLError     a URL the data directory has never checked or stored
    │   └── UnknownVersionError no stored version answers to the name given
    ├── FetchFailure            a check that did not yield a usable page; ``outcome`` says which
    │   ├── TimeoutFailure      connect, read or total deadline exceeded
    │   ├── TooLargeFailure     body or decompressed body over its limit
    │   ├── RedirectFailure     too many redirects, or a redirect loop
    │   ├── ContentTypeFailure  the response is not HTML
    │   ├── RobotsFailure       robots.txt disallows the URL
    │   ├── AddressFailure      the target resolves to a private or loopback address
    │   ├── HTTPStatusFailure   an error status (5xx, 429, other 4xx)
    │   ├── NetworkFailure      DNS, connection refused or reset, TLS
    │   ├── BlockedFailure      a challenge, captcha, access-denied or login wall ("blocked")
    │   ├── GoneFailure         404 or 410 (outcome "gone")
    │   └── EmptyFailure        an empty body, or a page with no article in it
    ├── ExtractionError         HTML that cannot be turned into a Document at all
    ├── StaleBuildError         the compiled extraction stage is older than its source
    └── StoreError              the data directory cannot be read or written
        ├── IntegrityError      a stored file no longer matches its recorded hash
        ├── DamagedIndexError   the index file is damaged, cut short or no index at all
        ├── UnindexedError      WARC files hold captures an empty or missing index lacks
        └── MigrationPending    a read-only opening of an index that needs upgrading
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.model import Capture

__all__ = [
    "AddressFailure",
    "BlockedFailure",
    "ContentTypeFailure",
    "DamagedIndexError",
    "EmptyFailure",
    "ExtractionError",
    "FetchFailure",
    "GoneFailure",
    "HTTPStatusFailure",
    "IntegrityError",
    "MigrationPending",
    "NetworkFailure",
    "NoDataError",
    "RedirectFailure",
    "RobotsFailure",
    "StaleBuildError",
    "StoreError",
    "TimeoutFailure",
    "TooLargeFailure",
    "TrackerError",
    "UnindexedError",
    "UnknownURLError",
    "UnknownVersionError",
    "UsageError",
    "WatchlistError",
]


class TrackerError(Exception):
    """Base of every error tracker raises on purpose."""


class UsageError(TrackerError):
    """The user asked for something that cannot be done as asked."""


class WatchlistError(UsageError):
    def __init__(self, path: str, watch: str | None, field: str | None, problem: str) -> None:
        self.path = path
        self.watch = watch
        self.field = field
        self.problem = problem
        where = path
        if watch is not None:
            where += f": watch {watch!r}"
        if field is not None:
            where += f": field {field!r}"
        super().__init__(f"{where}: {problem}")


class NoDataError(UsageError):
    def __init__(self, root: str, problem: str) -> None:
        self.root = root
        super().__init__(problem)


class UnknownURLError(UsageError):
    def __init__(self, url: str, problem: str) -> None:
        self.url = url
        super().__init__(problem)


class UnknownVersionError(UsageError):
    pass


class FetchFailure(TrackerError):
    """A check that produced no new version of the article; recorded, never swallowed.

    ``response`` is what the server answered, when it answered at all (a 404 page, a
    login wall, a 500 page, a PDF): the check keeps it as WARC evidence. Failures
    below HTTP (timeouts, resets, DNS) have none.
    """

    outcome = "failed"

    def __init__(
        self, reason: str, *, status: int | None = None, response: Capture | None = None
    ) -> None:
        self.reason = reason
        self.status = status
        self.response = response
        super().__init__(reason)


class TimeoutFailure(FetchFailure):
    pass


class TooLargeFailure(FetchFailure):
    pass


class RedirectFailure(FetchFailure):
    pass


class ContentTypeFailure(FetchFailure):
    pass


class RobotsFailure(FetchFailure):
    pass


class AddressFailure(FetchFailure):
    pass


class HTTPStatusFailure(FetchFailure):
    def __init__(
        self,
        reason: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        response: Capture | None = None,
    ):
        super().__init__(reason, status=status, response=response)
        self.retry_after = retry_after


class NetworkFailure(FetchFailure):
    pass


class BlockedFailure(FetchFailure):
    outcome = "blocked"


class GoneFailure(FetchFailure):
    outcome = "gone"


class EmptyFailure(FetchFailure):
    pass


class ExtractionError(TrackerError):
    pass


class StaleBuildError(TrackerError, ImportError):
    """Raised on import, before any command runs: its message says how to rebuild."""


class StoreError(TrackerError):
    pass


class IntegrityError(StoreError):
    pass


class DamagedIndexError(StoreError):
    """The index cannot be read as an index; the evidence beside it is untouched."""


class UnindexedError(StoreError):
    """The WARC files hold captures the index does not (it is missing or empty)."""


class MigrationPending(StoreError):
    """An index opened read-only needs a schema upgrade, which only a writer may run."""
