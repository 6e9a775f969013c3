"""Hand-written pages for a site on 127.0.0.1 (support.server) whose answers tests change.

The extraction used here (``simple_extract``) is deliberately small: the store and
the check pipeline are tested on their own, without depending on the real extractor.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

import lxml.html

from support.server import LocalServer, Route, local_server
from tracker.config import FetchSettings
from tracker.model import (
    Block,
    BlockKind,
    Capture,
    Document,
    Reference,
    Sentence,
    StrippedBlock,
    StripReason,
)
from tracker.reading import Reading
from tracker.store import CaptureState, CheckEntry, Index, NewSnapshot
from tracker.store.rows import WarcLocation
from tracker.store.warc_records import RevisitTarget, build_capture_records

# No politeness pauses and no robots.txt round trip: the server is ours.
LOCAL = FetchSettings(allow_private=True, min_host_delay=0.0, respect_robots=False)


@dataclass
class Page(Route):
    """A page of the site: answered with an ETag, and 304 to it, unless told otherwise."""

    etag: bool = True


# The site's server is the one local server; a test's ``site`` is a LocalServer.
PageServer = LocalServer
page_server = local_server


def article_page(
    title: str,
    paragraphs: list[str],
    *,
    updated: str = "March 3, 2025",
    references: list[str] = (),  # type: ignore[assignment]
    sidebar: str = "Sign up for our newsletter",
) -> bytes:
    """A clinic-blog shaped page: nav, an article with a date line and references, a sidebar."""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    refs = "".join(f"<li>{text}</li>" for text in references)
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Riverside Wellness</title></head>
<body>
<nav class="navbar"><a href="/">Home</a> <a href="/blog">Blog</a>
<a href="/book">Book a visit</a></nav>
<main>
<article>
<h1>{title}</h1>
<div class="updated">Updated on {updated}</div>
{body}
<h2>References</h2>
<ol class="references">{refs}</ol>
</article>
<aside class="newsletter"><p>{sidebar}</p></aside>
</main>
<footer>© 2025 Riverside Wellness Clinic</footer>
</body></html>"""
    return html.encode("utf-8")


def simple_extract(
    html: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    site_profile=None,
    captured_at=None,
    known_references=None,
) -> Document:
    """Title, date line, paragraphs and references of pages made by ``article_page``."""
    root = lxml.html.fromstring(html)
    article = root.find(".//article")
    if article is None:
        return Document(url=url, title=None)
    heading = article.find("h1")
    updated = article.find(".//div[@class='updated']")
    blocks = [
        Block(kind=BlockKind.PARAGRAPH, text=text, sentences=[Sentence(text=text)])
        for p in article.iter("p")
        if (text := p.text_content().strip())
    ]
    references = [
        Reference(label=str(number), raw=li.text_content().strip())
        for number, li in enumerate(article.findall(".//ol[@class='references']/li"), start=1)
    ]
    stripped = [
        StrippedBlock(text=aside.text_content().strip(), reason=StripReason.NEWSLETTER)
        for aside in root.iter("aside")
    ]
    return Document(
        url=url,
        title=heading.text_content().strip() if heading is not None else None,
        updated=updated.text_content().replace("Updated on", "").strip()
        if updated is not None
        else None,
        blocks=blocks,
        references=references,
        stripped=stripped,
    )


SIMPLE_READING = Reading(extract=simple_extract)  # the real comparison, the small extractor


def make_document(*paragraphs: str, title: str = "Statins and memory", **extra: object) -> Document:
    return Document(
        title=title,
        blocks=[
            Block(kind=BlockKind.PARAGRAPH, text=text, sentences=[Sentence(text=text)])
            for text in paragraphs
        ],
        **extra,  # type: ignore[arg-type]
    )


FIRST = [
    "Intravenous vitamin infusions may support recovery after long illness.",
    "Our clinic has treated over 400 patients with this protocol since 2019 (1).",
]
SECOND = [
    "Intravenous vitamin infusions support recovery after long illness.",
    "Our clinic has treated over 900 patients with this protocol since 2019 (1).",
]
REFERENCES = ["Moreno A, Patel R. Micronutrients in convalescence. Nutrients. 2021;13(4):1122."]

# Long enough for the real extractor to call it an article (tests of the whole command line).
CLINIC_FIRST = [
    "Ozone therapy is offered at our Riverside clinic to patients with chronic fatigue.",
    "Several small studies suggest it may improve energy levels within six weeks (1).",
    "More than 300 patients have completed the programme since the clinic opened in 2018.",
    "Sessions last about forty minutes and are supervised by a licensed physician.",
    "Side effects are usually mild, such as brief tiredness after the first session (2).",
]
CLINIC_SECOND = [
    "Ozone therapy is offered at our Riverside clinic to patients with chronic fatigue.",
    "Clinical studies prove it improves energy levels within six weeks (1).",
    "More than 1200 patients have completed the programme since the clinic opened in 2018.",
    "Sessions last about forty minutes and are supervised by a licensed physician.",
    "Side effects are usually mild, such as brief tiredness after the first session (2).",
]
CLINIC_REFERENCES = [
    "Okafor N, Lindqvist E. Ozone in fatigue syndromes: a pilot study. J Integr Med. "
    "2019;17(2):101-108. doi:10.1016/j.joim.2019.01.004",
    "Hartmann P. Adverse events of medical ozone. Complement Ther Med. 2020;52:102491.",
]


# --------------------------------------------------------------------------- stored versions

URL = "https://clinic.example/blog/vitamin-drips"
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def capture(body: bytes, at: datetime, url: str = URL) -> Capture:
    return Capture(
        url=url,
        final_url=url,
        fetched_at=at,
        status=200,
        headers=(("Content-Type", "text/html; charset=utf-8"), ("ETag", '"v1"')),
        body=body,
        request_headers=(("User-Agent", "tracker-test"),),
    )


def new_snapshot(
    document: Document,
    at: datetime,
    body_sha256: str,
    url: str = URL,
    evidence: WarcLocation | None = None,
) -> NewSnapshot:
    """The version a new/changed check of ``url`` makes of ``document``."""
    return NewSnapshot(
        document=document,
        url=url,
        final_url=url,
        fetched_at=at,
        body_sha256=body_sha256,
        article_sha256=hashlib.sha256(document.text.encode()).hexdigest(),
        evidence=evidence,
    )


def store_version(
    store: Index, document: Document, at: datetime, body: bytes | None = None, url: str = URL
) -> int:
    """Record a new/changed check the way tracker.check does; returns the snapshot id."""
    state = store.ensure_watch(url)
    body = body if body is not None else document.canonical_json()
    cap = capture(body, at, url)
    location = store.archive(build_capture_records(cap))
    outcome = "changed" if state.current_snapshot_id else "new"
    recorded = store.record_check(
        CheckEntry(
            watch_id=state.id,
            checked_at=at,
            outcome=outcome,
            http_status=200,
            bytes=len(body),
            location=location,
            new_snapshot=new_snapshot(document, at, cap.sha256, url),
            report={"schema": "tracker.change-report/1"} if state.current_snapshot_id else None,
            previous_snapshot_id=state.current_snapshot_id,
            capture_state=CaptureState(
                etag='"v1"',
                last_modified=None,
                body_sha256=cap.sha256,
                payload_digest=location.payload_digest,
                payload_coded=False,
                target=RevisitTarget(
                    record_id=location.record_id, uri=url, warc_date=location.warc_date
                ),
            ),
        )
    )
    assert recorded.snapshot_id is not None
    return recorded.snapshot_id
