"""Extracted Documents as content-addressed files: ``documents/ab/<sha256>.json.gz``.

A Document is named by the sha256 of its canonical JSON, so the same article seen
on many checks is stored once, and a file that no longer hashes to its name is
caught on reading. The last Documents stored or read stay in memory: a check
compares against the version the previous check stored.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from tracker.atomic import atomic_write
from tracker.errors import IntegrityError, StoreError
from tracker.memo import Recent
from tracker.model import Document
from tracker.store.rows import DOCUMENT_DIR

__all__ = ["RECENT_DOCUMENTS", "DocumentFiles", "is_sha256"]

RECENT_DOCUMENTS = 64  # versions kept in memory: a check reads the one the last check stored
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def is_sha256(text: str) -> bool:
    return _SHA256.match(text) is not None


class DocumentFiles:
    """The documents folder of one data directory; writes take the store's write lock."""

    def __init__(self, root: Path, write_lock: Callable[[], AbstractContextManager[None]]) -> None:
        self.root = root / DOCUMENT_DIR
        self._write_lock = write_lock
        self._made_dirs: set[Path] = set()
        self._recent: Recent[str, Document] = Recent(RECENT_DOCUMENTS)

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / f"{sha}.json.gz"

    def put(self, document: Document, canonical_json: bytes | None = None) -> str:
        """Store a Document once under the sha256 of its canonical JSON (``canonical_json``
        when the caller wrote it already); returns that hash."""
        data = document.canonical_json() if canonical_json is None else canonical_json
        sha = hashlib.sha256(data).hexdigest()
        self._recent.put(sha, document)
        path = self.path(sha)
        if path.exists():
            return sha
        with self._write_lock():
            if path.exists():
                return sha
            try:
                if path.parent not in self._made_dirs:
                    path.parent.mkdir(exist_ok=True)
                    self._made_dirs.add(path.parent)
                atomic_write(path, gzip.compress(data, compresslevel=6, mtime=0))
            except OSError as error:
                raise StoreError(f"cannot write document {path}: {error.strerror}") from None
        return sha

    def load(self, sha: str) -> Document:
        """A stored Document, checked to still hash to its name (or remembered: Documents
        are values, one from here is never mutated)."""
        recent = self._recent.get(sha)
        if recent is not None:
            return recent
        document = self.read(sha)
        self._recent.put(sha, document)
        return document

    def read(self, sha: str) -> Document:
        """A Document from its file, re-hashed: what verification trusts."""
        if not is_sha256(sha):
            raise IntegrityError(f"bad document hash {sha!r} in the index")
        path = self.path(sha)
        try:
            data = gzip.decompress(path.read_bytes())
        except FileNotFoundError:
            raise IntegrityError(f"document {path} is missing") from None
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise IntegrityError(f"document {path} is unreadable: {error}") from None
        if hashlib.sha256(data).hexdigest() != sha:
            raise IntegrityError(f"document {path} no longer matches its hash")
        try:
            return Document.from_json(json.loads(data))
        except (ValueError, KeyError, TypeError) as error:
            raise IntegrityError(f"document {path} is not a valid Document: {error}") from None
