"""What a check reads from a new body: the version, within bounds, and its comparison.

``check.py`` fetches, decides and records; this module does the expensive part in
between, on one worker thread: extraction of the new body through the site's
template and the watch's selectors, comparison with the stored version when the
article changed (``read_version``), and the site template learned again
afterwards. A daemon runs it on pages it does not control, so every step is bounded
by ``PageLimits`` before it is paid for, a page over a limit fails with its reason
(the capture is already kept as evidence), and what a page hands back is made
storable (a lone surrogate in its JSON-LD is text a page wrote, not a reason to lose
the check).
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tracker import comparison, extraction
from tracker.errors import EmptyFailure, IntegrityError, TooLargeFailure
from tracker.fetch.body import size as size_in_words
from tracker.model import Capture, ChangeReport, Document, Outcome, Reference
from tracker.outcome import CheckFacts, article_fingerprint, decide_outcome
from tracker.store import Index, WarcLocation, WatchState

if TYPE_CHECKING:
    from tracker.extraction import KnownReferences, SiteProfile
    from tracker.extraction.selection import Selection
    from tracker.store import SnapshotRow

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_READING",
    "SITE_PROFILE_PAGES",
    "Compare",
    "Extract",
    "PageLimits",
    "Reading",
    "Storable",
    "VersionReader",
    "needs_browser",
    "storable",
]

SITE_PROFILE_PAGES = 20  # current versions of a site's pages the template is learned from

# The two stages a body goes through, as callables: tests and benchmarks pass their own.
# A check calls extract with url, content_type, site_profile, captured_at, and selection and
# known_references when it has them (tracker.extraction.extract's keywords).
Extract = Callable[..., Document]
Compare = Callable[[Document, Document], ChangeReport]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """How a body is read into a version and two versions into a change report.

    One value for the two stages, so checks, backfill, import and reindex pass it
    through as one thing, and a test or a benchmark gives its own extractor or
    comparison in one place (``Reading(extract=simple_extract)``).
    """

    extract: Extract = extraction.extract
    compare: Compare = comparison.compare


DEFAULT_READING = Reading()  # tracker.extraction, then tracker.comparison


@dataclass(frozen=True, slots=True, kw_only=True)
class PageLimits:
    """What one page may cost a check; each bound is checked before its work is paid for.

    Measured on the shapes of ``benchmarks/page_bounds.py``: extraction costs about a
    second per MB of prose and half a millisecond per block (short paragraphs, list
    items, cells), comparison up to tens of milliseconds per changed claim sentence
    (the claim encoder reads each side).
    """

    max_page_bytes: int = 5 * 1024 * 1024  # the HTML extraction reads (bodies may be larger)
    max_tags: int = 250_000  # '<' in the markup: opening and closing tags, an upper bound
    max_blocks: int = 10_000  # block elements in the markup, and blocks of the Document
    max_compared_sentences: int = 20_000  # sentences of each version a comparison aligns
    max_changed_sentences: int = 1_000  # sentences only one version has, assessed as claims
    template_page_blocks: int = 5_000  # a page with more teaches the site template nothing
    template_total_blocks: int = 20_000  # blocks the site template is learned from, in all
    # CPU seconds reading one page may take (extraction and comparison), for what the
    # counts above do not foresee; None: no limit (tracker.cpu_limit)
    max_read_cpu_seconds: float | None = 20.0


DEFAULT_LIMITS = PageLimits()

# Where script frameworks mount the article they build (React, Next, Nuxt, Gatsby, Angular…).
_MOUNT_POINT = re.compile(
    rb"<(?:div|main|section|app-root)\b[^>]*\b(?:id|class)\s*=\s*[\"']?"
    rb"(?:root|app|__next|__nuxt|___gatsby|svelte|main-app|app-root)[\"'\s>][^>]*>\s*"
    rb"(?:<(?:div|span|p)[^>]*>\s*)*(?:loading\W*)?\s*(?:</(?:div|span|p)>\s*)*</",
    re.IGNORECASE,
)
_SCRIPT = re.compile(rb"<script\b", re.IGNORECASE)
# Elements the extractor makes a block of (a <div> of text may make one more).
_BLOCK_TAG = re.compile(
    rb"<(?:p|li|td|th|h[1-6]|dd|dt|blockquote|pre|figcaption|caption)[\s>/]", re.IGNORECASE
)
_SHELL_TEXT_CHARS = 200  # a served page with less visible text than this has no article


def over_limits(page: bytes, limits: PageLimits) -> str | None:
    """Why ``page`` is too big to extract, or None: cheap byte-level counts only."""
    if len(page) > limits.max_page_bytes:
        return (
            f"the page is {size_in_words(len(page))}, over the "
            f"{size_in_words(limits.max_page_bytes)} a page may have to be read"
        )
    if (tags := page.count(b"<")) > limits.max_tags:
        return f"the page has {tags:,} tags, over the {limits.max_tags:,} a page may have"
    if (blocks := len(_BLOCK_TAG.findall(page))) > limits.max_blocks:
        return _too_many_blocks(blocks, limits)
    return None


def _too_many_blocks(blocks: int, limits: PageLimits) -> str:
    return f"the page has {blocks:,} blocks, over the {limits.max_blocks:,} a page may have"


def needs_browser(page: bytes, document: Document) -> str | None:
    """Why ``document`` is a script-only shell rather than an article, or None.

    A page whose article is built by its scripts is served as an empty mount point
    (``<div id="root"></div>``, often with "Loading..."), scripts, and little else:
    what extraction finds there is the loading text, not the article.
    """
    text = sum(len(block.text) for block in document.blocks)
    if text >= _SHELL_TEXT_CHARS or not _SCRIPT.search(page):
        return None
    if not (_MOUNT_POINT.search(page) or b"<noscript" in page.lower()):
        return None
    scripts = len(_SCRIPT.findall(page))
    return (
        f"needs_browser: the page as served is a script-only shell ({text} characters of "
        f'text, {scripts} script(s)); set fetcher = "browser" on this watch to read the '
        "article its scripts build"
    )


@dataclass(frozen=True, slots=True)
class Storable:
    """A version made storable, and the canonical JSON that proved it: the store keeps
    these bytes, so a changed check serialises its Document once."""

    document: Document
    canonical_json: bytes


def storable(document: Document) -> Storable:
    """``document`` with every lone surrogate replaced (U+FFFD), so it encodes as UTF-8.

    JSON-LD may escape half of a surrogate pair (``"\\ud800"``); Python decodes that into
    a string that no UTF-8 writer accepts, and the version could never be stored.
    """
    try:
        return Storable(document, document.canonical_json())
    except UnicodeEncodeError:
        repaired = valid_text(json.dumps(document.to_json(), ensure_ascii=False))
        document = Document.from_json(json.loads(repaired))
        return Storable(document, document.canonical_json())


def valid_text(text: str) -> str:
    """``text`` encodable as UTF-8 (lone surrogates become U+FFFD): a reason may quote a page."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def _sentences(document: Document) -> list[str]:
    return [
        sentence.text
        for block in document.blocks
        for sentence in (block.sentences or [block])  # a block unsplit is one sentence
    ]


def _over_comparison_limits(old: Document, new: Document, limits: PageLimits) -> str | None:
    """Why comparing ``old`` with ``new`` would cost too much, or None (counts only)."""
    old_sentences, new_sentences = _sentences(old), _sentences(new)
    if (most := max(len(old_sentences), len(new_sentences))) > limits.max_compared_sentences:
        return f"{most:,} sentences, over the {limits.max_compared_sentences:,} a comparison reads"
    changed = len(set(old_sentences).symmetric_difference(new_sentences))
    if changed > limits.max_changed_sentences:
        return (
            f"{changed:,} sentences changed, over the {limits.max_changed_sentences:,} "
            "a comparison assesses"
        )
    return None


class VersionReader:
    """Reads one new body for one watch: its Document, and the stored one to compare with.

    The index is read on the caller's thread (``prepare``); ``extract_version`` and
    ``compare_with_previous`` run on a worker and read at most the previous version's
    files. A comparison error comes back as a note: a report can be made later with
    'tracker diff', a lost version cannot.
    """

    def __init__(
        self,
        store: Index,
        state: WatchState,
        *,
        reading: Reading = DEFAULT_READING,
        selection: Selection | None = None,
        limits: PageLimits = DEFAULT_LIMITS,
    ) -> None:
        self.store = store
        self.state = state
        self.reading = reading
        self.selection = selection  # the watch's include/exclude selectors, if any
        self.limits = limits
        self.profile: SiteProfile | None = None  # the site template the version is read with
        self.previous_row: SnapshotRow | None = None
        self.extract_ms = 0.0
        self.compare_ms = 0.0
        self._previous_document: Document | None = None

    def prepare(self, capture: Capture) -> None:
        """What the worker needs from the index, read on the caller's thread."""
        self.profile = self._site_profile(capture.final_url)
        if self.state.current_snapshot_id is not None:
            self.previous_row = self.store.snapshot(self.state.current_snapshot_id)

    def extract_version(self, capture: Capture) -> Storable:
        """The new version, or a FetchFailure saying which bound or shape stopped it."""
        start = time.perf_counter()
        try:
            page = capture.page
            if (problem := over_limits(page, self.limits)) is not None:
                raise TooLargeFailure(problem, status=capture.status)
            document = self._extract_body(
                page,
                capture.final_url,
                capture.page_content_type,
                captured_at=capture.fetched_at,
                known=self._known_references(),
            )
            blocks = len(document.blocks) + len(document.stripped)
            if blocks > self.limits.max_blocks:
                raise TooLargeFailure(_too_many_blocks(blocks, self.limits), status=capture.status)
            if capture.rendered is None and (shell := needs_browser(page, document)):
                raise EmptyFailure(shell, status=capture.status)
            return storable(document)
        finally:
            self.extract_ms = _ms(start)

    def previous_fingerprint_matches(self, fingerprint: str, of: Callable[[Document], str]) -> bool:
        """Whether the stored version, read as the new one was, has this fingerprint.

        A template learned or selectors changed since the last version: the stored
        version read through them now may be the same article.
        """
        with contextlib.suppress(IntegrityError):
            return of(self._previous()) == fingerprint
        return False

    def compare_with_previous(self, document: Document) -> tuple[ChangeReport | None, str | None]:
        """The change report against the stored version, or None and why not."""
        start = time.perf_counter()
        try:
            previous = self._previous()
            if (problem := _over_comparison_limits(previous, document, self.limits)) is not None:
                return None, f"stored without a change report: {problem}"
            return self.reading.compare(previous, document), None
        except IntegrityError as error:
            return None, (
                f"stored without a change report: the previous version is unreadable: {error}"
            )
        except Exception as error:
            return None, f"stored without a change report: comparison failed: {describe(error)}"
        finally:
            self.compare_ms = _ms(start)

    def read_version(
        self, capture: Capture, has_previous: bool
    ) -> tuple[Storable, str, CheckFacts, ChangeReport | None, str | None]:
        """Extract the new version and, when it changed, compare it with the stored one.

        Both run in one worker hop. An extraction error propagates (the check fails);
        a comparison error leaves the new version to be kept without a report, noted.
        """
        version = self.extract_version(capture)
        document = version.document
        fingerprint = article_fingerprint(document)
        same_article = fingerprint == self.state.current_article_sha256
        if not same_article and has_previous:
            same_article = self.previous_fingerprint_matches(fingerprint, article_fingerprint)
        facts = CheckFacts(
            article_found=bool(document.blocks),
            has_previous=has_previous,
            same_article=same_article,
            rendered=capture.rendered is not None,
        )
        report, note = None, None
        if decide_outcome(facts) is Outcome.CHANGED:
            report, note = self.compare_with_previous(document)
        return version, fingerprint, facts, report, note

    def naming_evidence(
        self,
        report: ChangeReport,
        capture: Capture,
        body_sha256: str,
        record: WarcLocation,
    ) -> ChangeReport:
        """``report`` naming the captures it compares: snapshot, time, body sha256 and WARC
        record of each side (the new snapshot's id is the store's to give)."""
        old = report.old
        if (previous := self.previous_row) is not None:
            old = old.captured_as(
                snapshot=previous.id,
                captured=previous.fetched_at,
                sha256=previous.body_sha256,
                warc_file=previous.warc_file,
                warc_offset=previous.warc_offset,
            )
        new = report.new.captured_as(
            snapshot=None,
            captured=capture.fetched_at,
            sha256=body_sha256,
            warc_file=record.file,
            warc_offset=record.offset,
        )
        return replace(report, old=old, new=new)

    def _extract_body(
        self,
        body: bytes,
        url: str,
        content_type: str | None,
        *,
        captured_at: datetime | None,
        known: KnownReferences | None = None,
    ) -> Document:
        chosen: dict[str, object] = {"selection": self.selection} if self.selection else {}
        if known is not None:
            chosen["known_references"] = known
        return self.reading.extract(
            body,
            url=url,
            content_type=content_type,
            site_profile=self.profile,
            captured_at=captured_at,
            **chosen,
        )

    def _known_references(self) -> KnownReferences | None:
        """The stored version's parsed reference entries, read only if extraction asks
        (an entry the process does not remember): a check in a process that has read
        many pages since this one does not parse its unchanged entries again."""
        sha = self.state.current_document_sha256
        if sha is None:
            return None

        def stored() -> list[Reference]:
            with contextlib.suppress(IntegrityError):  # unreadable: parsed afresh
                return self.store.load_document(sha).references
            return []

        return extraction.KnownReferences(stored)

    def _previous(self) -> Document:
        """The stored version (read once), seen through the new version's site profile and
        read again from its capture when it was read through other selectors."""
        if self._previous_document is None:
            previous = self.store.load_document(self.state.current_document_sha256 or "")
            wanted = self.selection.describe() if self.selection else []
            if previous.selection != wanted:
                previous = self._reread(previous)
            if self.profile is not None:
                previous = self.profile.apply(previous)
            self._previous_document = previous
        return self._previous_document

    def _reread(self, previous: Document) -> Document:
        """The previous version extracted again from its archived capture, as it is read now."""
        row = self.previous_row
        if row is None:
            return previous
        page = self.store.read_page(row)  # the rendered DOM, when a browser read the page
        if page is None or over_limits(page[0], self.limits):
            return previous  # a revisit holds no body: the stored reading is all there is
        body, content_type = page
        return self._extract_body(body, row.final_url, content_type, captured_at=row.fetched_at)

    def learn_site_template(self, url: str, *, changed: bool, new: bool) -> None:
        """Learn the site's template again from the current versions of its tracked pages.

        A changed page may change what the site's pages share; a new page teaches
        something only while the profile rests on fewer pages than it is learned from.
        The input is bounded per page and in all, so one huge page on a host never
        makes checking its neighbours expensive.
        """
        from tracker.extraction import SiteProfile

        full = self.profile is not None and self.profile.pages >= SITE_PROFILE_PAGES
        if not (changed or (new and not full)):
            return
        host = urlsplit(url).hostname or ""
        current = self.store.current_documents_on_host(host, SITE_PROFILE_PAGES)
        if len(current) < 2:
            return  # one page alone teaches no template
        documents, total = [], 0
        for sha in current:
            with contextlib.suppress(IntegrityError):  # 'tracker verify' reports it
                document = self.store.load_document(sha)
                blocks = len(document.blocks) + len(document.stripped)
                if blocks > self.limits.template_page_blocks:
                    continue
                if total + blocks > self.limits.template_total_blocks:
                    break
                total += blocks
                documents.append(document)
        profile = SiteProfile.learn_documents(documents)
        if profile.pages >= 2:
            self.store.set_site_profile(host, profile.to_json())

    def _site_profile(self, url: str) -> SiteProfile | None:
        """The learned template of the page's site, if one is stored and still readable."""
        stored = self.store.site_profile(urlsplit(url).hostname or "")
        if stored is None:
            return None
        from tracker.extraction import SiteProfile

        try:
            return SiteProfile.from_json(stored)
        except (ValueError, TypeError, KeyError):
            return None  # a profile from another version is relearned, never fatal


def describe(error: BaseException) -> str:
    """An unexpected exception as one short line: its type and the first line of its text."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    line = f"{type(error).__name__}: {text}" if text else type(error).__name__
    line = valid_text(line)
    return line if len(line) <= 200 else line[:197] + "..."
