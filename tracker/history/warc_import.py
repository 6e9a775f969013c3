"""Captures of watched pages out of WARC files someone already made.

Heritrix, Browsertrix, Webrecorder and ``wget --warc-file`` all write ISO 28500 WARC,
read here with warcio (gzip per record, whole-file gzip or plain; ARC is refused);
the WACZ packages Browsertrix and ArchiveWeb.page export are opened with zipfile and
their WARC members read the same way. A first pass
lists the records without reading bodies: response records of the wanted URLs, and
revisit records, which hold no body of their own and are resolved to the response
they point at (by WARC-Refers-To, by target URI and date, or by payload digest) or
skipped with the reason. A second pass reads each wanted body, decoded of chunking
and content coding, and hands it to ``tracker.history.place_past_capture`` dated at
its WARC-Date. Non-HTML records, error responses and request or metadata records
are skipped with the reason, and so are the answers tracker kept for its own failed
checks (a login wall, a 404 page: records with ``Tracker-Failure``). The WARC-Record-ID
is the ledger key, so importing the same file twice stores nothing twice.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from tracker.config import DEFAULT_MAX_DECOMPRESSED_BYTES
from tracker.errors import ContentTypeFailure, FetchFailure, UsageError
from tracker.fetch.body import HTML_TYPES, looks_like_html
from tracker.fetch.contentcoding import ContentDecoder
from tracker.history.placement import (
    PastOutcome,
    PastResult,
    done_before,
    place_kept_capture,
    unusable,
)
from tracker.model import Capture, Headers
from tracker.reading import DEFAULT_READING, Reading
from tracker.store import Index, PastSource, Provenance, WatchState, normalize_url
from tracker.store.warc_records import FAILURE_FIELD

__all__ = ["ImportRun", "WarcEntry", "import_warcs", "scan_warc"]

_READ_ERRORS = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    EOFError,
    ValueError,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class WarcEntry:
    """One response or revisit record found by the first pass (no body read yet)."""

    path: Path
    source: str  # the file as the user knows it (a WACZ member is named inside its package)
    offset: int
    record_type: str
    record_id: str
    target_uri: str
    warc_date: str
    captured_at: datetime
    payload_digest: str | None
    status: int | None
    content_type: str | None
    refers_to: str | None = None
    refers_to_uri: str | None = None
    refers_to_date: str | None = None
    failure: str | None = None  # tracker's own record of a failed check's answer


def _uri(value: str | None) -> str:
    text = (value or "").strip()
    return text[1:-1] if text.startswith("<") and text.endswith(">") else text


def _warc_datetime(text: str) -> datetime:
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _media(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _open(path: Path) -> IO[bytes]:
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise UsageError(f"no such WARC file: {path}") from None
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None


def _status(record: ArcWarcRecord) -> int | None:
    if record.http_headers is None:
        return None
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError):
        return None


def scan_warc(path: Path, skipped: Counter[str], source: str | None = None) -> Iterator[WarcEntry]:
    """Response and revisit records of one file; every other record counted in ``skipped``."""
    with _open(path) as handle:
        iterator = ArchiveIterator(handle, check_digests=False)
        count = 0
        try:
            for record in iterator:
                kind = record.rec_type
                count += 1
                if count == 1 and not _looks_archived(record):
                    raise UsageError(
                        f"{path} is not a readable WARC file (an old ARC file, or no web "
                        "archive at all); tracker import reads WARC and WACZ"
                    )
                headers = record.rec_headers
                # A record concurrent to another is part of that capture (tracker's revisit
                # of a rendered DOM), not a capture of its own.
                if kind not in {"response", "revisit"} or headers.get_header("WARC-Concurrent-To"):
                    skipped[f"{kind} record (not a capture)"] += 1
                    continue
                target = _uri(headers.get_header("WARC-Target-URI"))
                date_text = headers.get_header("WARC-Date") or ""
                try:
                    moment = _warc_datetime(date_text)
                except ValueError:
                    skipped["record without a readable WARC-Date"] += 1
                    continue
                http = record.http_headers
                yield WarcEntry(
                    path=path,
                    source=source or path.name,
                    offset=iterator.get_record_offset(),
                    record_type=kind,
                    record_id=headers.get_header("WARC-Record-ID") or f"{path.name}@{moment}",
                    target_uri=target,
                    warc_date=date_text,
                    captured_at=moment,
                    payload_digest=headers.get_header("WARC-Payload-Digest"),
                    status=_status(record),
                    content_type=http.get_header("Content-Type") if http is not None else None,
                    refers_to=headers.get_header("WARC-Refers-To"),
                    refers_to_uri=_uri(headers.get_header("WARC-Refers-To-Target-URI")) or None,
                    refers_to_date=headers.get_header("WARC-Refers-To-Date"),
                    failure=headers.get_header(FAILURE_FIELD),
                )
        except _READ_ERRORS as error:
            detail = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
            raise UsageError(f"{path} is not a readable WARC file: {detail}") from None
        if count == 0:
            raise UsageError(f"{path} is not a readable WARC file: it holds no records")


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S")


def _looks_archived(record: ArcWarcRecord) -> bool:
    """Whether a first record is a WARC record (warcio reads any five words as an ARC header)."""
    if record.format != "warc":
        return False
    if record.rec_type == "warcinfo":
        return True
    return bool(_SCHEME.match(_uri(record.rec_headers.get_header("WARC-Target-URI"))))


def _decoded(wire: bytes, content_encoding: str | None, limit: int) -> bytes | str:
    """``wire`` with its content coding undone in bounded pieces, or why it cannot be.

    A body that is not its coding's data from the first byte was stored decoded under
    a header still naming the coding (some tools do): it is the body as it is, as
    warcio and replay tools read it too.
    """
    try:
        decoder = ContentDecoder(content_encoding)
    except FetchFailure as failure:  # a coding no one here can undo
        return f"the record's body cannot be decoded: {failure.reason}"
    body = bytearray()
    try:
        for piece in chain(decoder.feed(wire), decoder.finish()):
            body += piece
            if len(body) > limit:
                return f"the decoded body is over the {limit // (1 << 20)} MB limit"
    except ContentTypeFailure as failure:
        if body:
            return f"the record's body cannot be decoded: {failure.reason}"
        return wire
    except FetchFailure as failure:
        return f"the record's body cannot be decoded: {failure.reason}"
    return bytes(body)


def _read_capture(entry: WarcEntry, source: WarcEntry, limit: int) -> Capture | str:
    """``entry`` as a capture whose answer is the response record ``source`` (the entry
    itself, or the response a revisit points to), its body as recorded and decoded; or
    why it cannot be used.

    Chunking is undone through warcio; the content coding here, in bounded pieces
    (warcio's own brotli decoding needs brotlipy, which tracker does not use).
    """
    with _open(source.path) as handle:
        record = _record_at(handle, source)
        if record is None:
            return "the record could not be found again in its file"
        http = record.http_headers
        chunked = (
            http is not None and "chunked" in (http.get_header("Transfer-Encoding") or "").lower()
        )
        try:
            stream = ChunkedDataReader(record.raw_stream) if chunked else record.raw_stream
            wire = stream.read(limit + 1)
        except _READ_ERRORS as error:
            return f"the record's body cannot be read: {error}"
        if len(wire) > limit:
            return f"the body is over the {limit // (1 << 20)} MB limit"
        headers = Headers(http.headers if http is not None else ())
        coding = headers.joined("content-encoding")
        body = _decoded(wire, coding, limit)
        if isinstance(body, str):
            return body
        return Capture(
            url=entry.target_uri,
            final_url=entry.target_uri,
            fetched_at=entry.captured_at,
            status=_status(record) or 200,
            headers=headers,
            body=body,
            http_version=(http.protocol if http is not None else "") or "HTTP/1.1",
            wire_body=None if body == wire else wire,
        )


def _record_at(handle: IO[bytes], entry: WarcEntry) -> ArcWarcRecord | None:
    """The record at the entry's offset; a whole-file gzip is walked from the start instead."""
    try:
        handle.seek(entry.offset)
        record = next(iter(ArchiveIterator(handle, check_digests=False)), None)
        if (
            record is not None
            and record.rec_headers.get_header("WARC-Record-ID") == entry.record_id
        ):
            return record
    except _READ_ERRORS:
        pass
    handle.seek(0)
    try:
        for record in ArchiveIterator(handle, check_digests=False):
            if record.rec_headers.get_header("WARC-Record-ID") == entry.record_id:
                return record
    except _READ_ERRORS:
        return None
    return None


class _Index:
    """Response records of all the files, to resolve revisits against."""

    def __init__(self, entries: Iterable[WarcEntry]) -> None:
        self.by_id: dict[str, WarcEntry] = {}
        self.by_uri_date: dict[tuple[str, str], WarcEntry] = {}
        self.by_digest: dict[tuple[str, str], WarcEntry] = {}
        for entry in entries:
            if entry.record_type != "response":
                continue
            self.by_id[entry.record_id] = entry
            self.by_uri_date[(entry.target_uri, entry.warc_date)] = entry
            if entry.payload_digest:
                self.by_digest.setdefault((entry.target_uri, entry.payload_digest), entry)

    def original(self, revisit: WarcEntry) -> WarcEntry | None:
        if revisit.refers_to and (found := self.by_id.get(revisit.refers_to)):
            return found
        if revisit.refers_to_uri and revisit.refers_to_date:
            found = self.by_uri_date.get((revisit.refers_to_uri, revisit.refers_to_date))
            if found is not None:
                return found
        if revisit.payload_digest:
            return self.by_digest.get((revisit.target_uri, revisit.payload_digest))
        return None


@dataclass(slots=True, kw_only=True)
class ImportRun:
    """What an import found and did; skipped records are counted by reason."""

    files: list[str]
    results: list[tuple[str, PastResult]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    def count(self, outcome: str) -> int:
        return sum(1 for _, result in self.results if result.outcome == outcome)

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "origin": "imported",
            "counts": dict(Counter(result.outcome for _, result in self.results)),
            "skipped_records": dict(sorted(self.skipped.items())),
            "captures": [{"url": url, **result.to_json()} for url, result in self.results],
        }


def _wanted_url(target: str, urls: set[str] | None) -> str | None:
    try:
        key = normalize_url(target)
    except UsageError:
        return None
    if urls is not None and key not in urls:
        return None
    return key


def import_warcs(
    store: Index,
    paths: Iterable[Path],
    *,
    urls: Iterable[str] | None = None,
    reading: Reading = DEFAULT_READING,
    max_body_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES,
    progress: Callable[[str, PastResult], None] | None = None,
) -> ImportRun:
    """Import the captures of ``urls`` (every HTML page when None) from WARC or WACZ files."""
    given = [Path(path) for path in paths]
    wanted = {normalize_url(url) for url in urls} if urls is not None else None
    with tempfile.TemporaryDirectory(prefix="tracker-import-") as scratch:
        files = [item for path in given for item in _unpack(path, Path(scratch))]
        run = ImportRun(files=[str(path) for path in given])
        _import(store, run, files, wanted, reading, max_body_bytes, progress)
    return run


def _unpack(path: Path, scratch: Path) -> list[tuple[Path, str]]:
    """A WARC file as is; a WACZ package (Browsertrix, ArchiveWeb.page) as its WARC members."""
    with _open(path) as handle:
        magic = handle.read(4)
    if magic[:2] == b"\x1f\x8b":
        whole = _gunzip_whole(path, scratch / f"whole-{path.name}.warc")
        return [(whole or path, path.name)]
    if magic != b"PK\x03\x04":
        return [(path, path.name)]
    try:
        with zipfile.ZipFile(path) as package:
            members = [
                info
                for info in package.infolist()
                if not info.is_dir() and re.search(r"\.(warc|arc)(\.gz)?$", info.filename)
            ]
            if not members:
                raise UsageError(f"{path} is a zip file with no WARC files in it (not a WACZ)")
            unpacked = []
            for number, info in enumerate(members):
                # Members are copied under our own names: a hostile name cannot escape.
                target = scratch / f"{number:05d}-{Path(info.filename).name}"
                with package.open(info) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
                unpacked.append((target, f"{path.name}/{info.filename}"))
            return unpacked
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise UsageError(f"{path} is not a readable WACZ package: {error}") from None


def _gunzip_whole(path: Path, target: Path) -> Path | None:
    """A file gzipped as a whole (``gzip crawl.warc``), which warcio refuses, unpacked.

    A proper .warc.gz has one gzip member per record: its first member ends long before
    the file does, and the file is read in place (None).
    """
    inflater = zlib.decompressobj(31)
    try:
        with open(path, "rb") as source, open(target, "wb") as out:
            while chunk := source.read(1 << 20):
                while chunk:
                    out.write(inflater.decompress(chunk, 1 << 20))
                    chunk = inflater.unconsumed_tail
                    if inflater.eof:
                        rest = inflater.unused_data + source.read(64)
                        if rest.strip(b"\x00"):
                            target.unlink()
                            return None  # another member follows: gzip per record
                        return target
    except (OSError, zlib.error, EOFError):
        target.unlink(missing_ok=True)
        return None  # let warcio say what is wrong with it
    return target


def _import(
    store: Index,
    run: ImportRun,
    files: list[tuple[Path, str]],
    wanted: set[str] | None,
    reading: Reading,
    max_body_bytes: int,
    progress: Callable[[str, PastResult], None] | None,
) -> None:
    entries = [entry for path, name in files for entry in scan_warc(path, run.skipped, name)]
    index = _Index(entries)
    chosen: list[tuple[str, WarcEntry, WarcEntry | str]] = []
    for entry in entries:
        key = _wanted_url(entry.target_uri, wanted)
        if key is None:
            run.skipped["not a watched URL" if wanted is not None else "not an http(s) URL"] += 1
            continue
        source: WarcEntry | str = entry
        if entry.failure is not None:
            source = f"the answer to a failed check, not a page ({entry.failure[:60]})"
        elif entry.record_type == "revisit":
            source = index.original(entry) or "revisit of a record that is not in these files"
        problem = source if isinstance(source, str) else _unusable(source)
        if problem is not None and wanted is None:
            run.skipped[problem] += 1  # --all: a crawl's images and errors are no one's pages
            continue
        chosen.append((key, entry, problem if problem is not None else source))
    chosen.sort(key=lambda item: (item[0], item[1].captured_at, item[1].record_id))
    watches: dict[str, WatchState] = {}
    states: dict[str, dict[str, str]] = {}
    for key, entry, source in chosen:
        if key not in watches:
            watches[key] = store.ensure_watch(key)
            states[key] = store.past_capture_states(watches[key].id)
        watch, done = watches[key], states[key]
        earlier = done_before(done, entry.record_id, _provenance(entry), "import")
        if earlier is not None:
            result = earlier
        elif isinstance(source, str):
            result = _skip(store, watch, entry, source)
        else:
            result = _import_one(store, watch, entry, source, reading, max_body_bytes)
        run.results.append((key, result))
        if progress is not None:
            progress(key, result)


def _unusable(entry: WarcEntry) -> str | None:
    if entry.status is not None and not 200 <= entry.status < 300:
        return f"HTTP {entry.status} response, not a page"
    media = _media(entry.content_type)
    if media is not None and media not in HTML_TYPES:
        return f"not HTML: {media}"
    return None


def _provenance(entry: WarcEntry) -> Provenance:
    return Provenance(
        origin="imported",
        source=entry.source,
        original_timestamp=entry.warc_date,
        captured_at=entry.captured_at,
        record_id=entry.record_id,
        digest=entry.payload_digest,
    )


def _skip(store: Index, watch: WatchState, entry: WarcEntry, reason: str) -> PastResult:
    provenance = _provenance(entry)
    return unusable(store, watch.id, provenance, entry.record_id, PastOutcome.SKIPPED, reason)


def _import_one(
    store: Index,
    watch: WatchState,
    entry: WarcEntry,
    source: WarcEntry,
    reading: Reading,
    limit: int,
) -> PastResult:
    provenance = _provenance(entry)
    capture = _read_capture(entry, source, limit)
    if isinstance(capture, str):
        return _skip(store, watch, entry, capture)
    if _media(source.content_type) is None and not looks_like_html(capture.body):
        return _skip(store, watch, entry, "not HTML: no Content-Type and no HTML in the body")
    source = PastSource(
        page=watch.url, original_url=entry.target_uri, key=entry.record_id, provenance=provenance
    )
    location = store.keep_past_capture(capture, source)
    return place_kept_capture(store, watch, capture, source, location, reading=reading)
