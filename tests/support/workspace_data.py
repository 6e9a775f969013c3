"""A data directory made by the real pipeline, for the workspace's tests.

Three watches, checked through fetch, WARC, extraction, store and comparison against
pages served on 127.0.0.1 (tracker.demo's local site): the bundled clinic article
through its four revisions and a 304; a page whose title and text are hostile
markup, in two versions; and a page that answers 404.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from tracker.check import check
from tracker.demo import DEMO_FETCH_SETTINGS, DemoRevision, DemoSite, load_revisions
from tracker.fetch import open_fetcher
from tracker.store import open_index

HOSTILE_TITLE = "<script>alert('title')</script> Knee clinic"
HOSTILE_TEXT = "<img src=x onerror=alert('text')>"
LOOPBACK = "http://127.0.0.1"


@dataclass(frozen=True)
class Built:
    """The data directory and what is in it."""

    data_dir: Path
    watchlist: Path
    demo_url: str
    hostile_url: str
    missing_url: str
    demo_versions: list[int]  # snapshot ids, oldest first
    hostile_versions: list[int]


def _hostile(revision: DemoRevision, claim: str) -> DemoRevision:
    """The demo page with markup-looking text (escaped in the page, so it is text there)."""
    html = revision.html.decode("utf-8")
    escaped = "&lt;script&gt;alert('title')&lt;/script&gt; Knee clinic"
    html = html.replace(
        "Stem Cell Therapy for Knee Osteoarthritis: Evidence &amp; Costs (2024)", escaped
    )
    paragraph = f"<p>Our treatment {claim} &lt;img src=x onerror=alert('text')&gt; in trials.</p>"
    html = html.replace("</h1>", "</h1>" + paragraph, 1)
    return DemoRevision(revision.number, revision.note, html.encode("utf-8"))


async def _track(data_dir: Path) -> tuple[list[int], list[int], str, str, str]:
    revisions = load_revisions()
    first = revisions[0]
    with DemoSite.serve() as demo, DemoSite.serve() as hostile, open_index(data_dir) as index:
        async with open_fetcher() as fetcher:

            async def run(site_url: str) -> int | None:
                result = await check(index, fetcher, site_url, DEMO_FETCH_SETTINGS)
                return result.snapshot_id if result.outcome in {"new", "changed"} else None

            demo_ids = []
            for revision in [*revisions, revisions[-1]]:
                demo.publish(revision)
                demo_ids.append(await run(demo.url))
            hostile_ids = []
            for claim in ("may reduce pain", "cures pain in every patient"):
                hostile.publish(_hostile(first, claim))
                hostile_ids.append(await run(hostile.url))
            missing = demo.url.replace("/blog/", "/gone/")
            await run(missing)
            await run(missing)
    return (
        [i for i in demo_ids if i is not None],
        [i for i in hostile_ids if i is not None],
        demo.url,
        hostile.url,
        missing,
    )


def build(root: Path) -> Built:
    """Check the three pages into ``root/data`` and write a watchlist naming two of them."""
    data_dir = root / "data"
    demo_ids, hostile_ids, demo_url, hostile_url, missing = asyncio.run(_track(data_dir))
    watchlist = root / "watchlist.toml"
    watchlist.write_text(
        f"""
[[watch]]
name = "knee-clinic"
url = "{demo_url}"
tags = ["clinic", "knee"]

[[watch]]
name = "gone-page"
url = "{missing}"
tags = ["clinic"]
""",
        encoding="utf-8",
    )
    return Built(data_dir, watchlist, demo_url, hostile_url, missing, demo_ids, hostile_ids)
