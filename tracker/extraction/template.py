"""The site template, learned: blocks that recur across pages of one site are chrome.

``SiteProfile.learn(htmls)`` reads several pages of one site and keeps a
fingerprint of every block that appears on at least half of them (and on two at
least). Snapshots of one page share their article, so pages that share most of
their blocks count as one page: learning never turns an article into template.
``extract(..., site_profile=profile)`` then strips those blocks as
``site_template``. Headings and very short blocks are never template:
"References" or "Summary" recur on every article of a site and still belong to
each article. The profile is plain JSON so the store can keep one per site.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Final

from tracker.memo import remembered
from tracker.model import Block, BlockKind, Document, StrippedBlock, StripReason

SITE_PROFILE_SCHEMA: Final = "tracker.site-profile/1"
MIN_CHARS: Final = 20
SAME_PAGE_SHARE: Final = 0.6
_FOLD: Final = re.compile(r"\W+")


@remembered(16384)  # relearning reads the same blocks of a site's pages again
def fingerprint(text: str) -> str:
    folded = _FOLD.sub(" ", text.lower()).strip()
    return hashlib.blake2b(folded.encode(), digest_size=8).hexdigest()


def eligible(kind: BlockKind, text: str) -> bool:
    return kind is not BlockKind.HEADING and len(text) >= MIN_CHARS


def _similar(a: set[str], b: set[str]) -> bool:
    """Two pages sharing most of their blocks are one article, seen twice."""
    return bool(a and b) and len(a & b) >= SAME_PAGE_SHARE * min(len(a), len(b))


@dataclass(slots=True)
class SiteProfile:
    pages: int = 0
    fingerprints: set[str] = field(default_factory=set)

    def __contains__(self, text: str) -> bool:
        return fingerprint(text) in self.fingerprints

    def is_template(self, kind: BlockKind, text: str) -> bool:
        return eligible(kind, text) and fingerprint(text) in self.fingerprints

    @classmethod
    def learn(cls, htmls: Iterable[str | bytes]) -> SiteProfile:
        """Learn the template from pages of one site; fewer than two pages learn nothing."""
        from tracker.extraction import page_blocks

        return cls._learn(
            [(block.kind, block.text) for block in page_blocks(html)] for html in htmls
        )

    @classmethod
    def learn_documents(cls, documents: Iterable[Document]) -> SiteProfile:
        """Learn from stored versions of a site's pages: their article and stripped blocks."""
        return cls._learn(
            [
                *((block.kind, block.text) for block in document.blocks),
                *((BlockKind.PARAGRAPH, block.text) for block in document.stripped),
            ]
            for document in documents
        )

    @classmethod
    def _learn(cls, pages: Iterable[list[tuple[BlockKind, str]]]) -> SiteProfile:
        counts: Counter[str] = Counter()
        learned: list[set[str]] = []
        for blocks in pages:
            seen = {fingerprint(text) for kind, text in blocks if eligible(kind, text)}
            if any(_similar(seen, other) for other in learned):
                continue  # a snapshot of a page already read counts once
            learned.append(seen)
            counts.update(seen)
        if len(learned) < 2:
            return cls(pages=len(learned))
        needed = max(2, (len(learned) + 1) // 2)
        return cls(pages=len(learned), fingerprints={fp for fp, n in counts.items() if n >= needed})

    def apply(self, document: Document) -> Document:
        """``document`` as if extracted with this profile: template blocks moved to stripped.

        A version stored before the profile was learned is compared through this, so a
        newly learned template never reads as text removed from the article.
        """
        kept: list[Block] = []
        template: list[Block] = []
        for block in document.blocks:
            (template if self.is_template(block.kind, block.text) else kept).append(block)
        if not template:
            return document
        detail = f"recurs on pages of the site ({self.pages} learned)"
        return replace(
            document,
            blocks=kept,
            stripped=[
                *document.stripped,
                *(
                    StrippedBlock(text=block.text, reason=StripReason.SITE_TEMPLATE, detail=detail)
                    for block in template
                ),
            ],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SITE_PROFILE_SCHEMA,
            "pages": self.pages,
            "fingerprints": sorted(self.fingerprints),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SiteProfile:
        if data.get("schema") != SITE_PROFILE_SCHEMA:
            raise ValueError(f"not a {SITE_PROFILE_SCHEMA} object: schema={data.get('schema')!r}")
        return cls(pages=int(data.get("pages", 0)), fingerprints=set(data.get("fingerprints", [])))
