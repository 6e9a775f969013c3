"""CPU of one delivery to the Atom feed when the feed is full, and where it goes.

The feed notifier merges each batch into the file. It remembers what it last wrote and
each entry's XML, so while the file is as it left it a send renders only the new
entries. The baseline, measured in the same run on the same file, is a notifier that
starts fresh for every send (as a send did before: the whole file read back, parsed and
rendered again), which is also what a send costs after another writer (a ``tracker
check`` beside the daemon) replaced the file.

    .venv/bin/python benchmarks/feed_write.py [--entries 500] [--sends 50]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tracker.notify import Batch, ChangeEvent, FeedNotifier, VersionRef
from tracker.render.feed import parse_feed, render_feed

AT = datetime(2026, 11, 24, tzinfo=UTC)


def change(number: int) -> ChangeEvent:
    """A change event whose report compares two versions of PAGE (a patient count moved)."""
    from tracker.comparison import compare
    from tracker.extraction import extract

    old = extract(PAGE.replace("{n}", "120").encode(), url="https://clinic.example/knee")
    new = extract(
        PAGE.replace("{n}", str(121 + number)).encode(), url="https://clinic.example/knee"
    )
    return ChangeEvent(
        watch=f"w{number}",
        url="https://clinic.example/knee",
        checked_at=AT + timedelta(minutes=number),
        report=compare(old, new),
        snapshot=number + 2,
        old=VersionRef(snapshot=number + 1, captured=AT, sha256="a" * 64, record="w.warc.gz@0"),
        new=VersionRef(snapshot=number + 2, captured=AT, sha256="b" * 64, record="w.warc.gz@9"),
    )


PAGE = """<html><head><title>Knee cartilage repair</title></head><body><article>
<h1>Knee cartilage repair with cell therapy</h1>
<p>Our clinic has treated more than {n} patients with knee pain since 2016.</p>
<p>Several small trials suggest the treatment may reduce pain for up to six months (1).</p>
<h2>References</h2><ol><li>Marston K. A pilot trial. Knee Res. 2018;12:101-9.</li></ol>
</article></body></html>"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=500, help="entries the full feed keeps")
    parser.add_argument("--sends", type=int, default=50, help="sends timed each way")
    args = parser.parse_args()
    events = [change(n) for n in range(40)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.atom"

        def event(number: int) -> ChangeEvent:
            template = events[number % len(events)]
            return ChangeEvent(
                watch=template.watch,
                url=template.url,
                checked_at=AT + timedelta(minutes=number),
                report=template.report,
                snapshot=number + 2,
                old=template.old,
                new=template.new,
            )

        async def fill(feed: FeedNotifier, start: int, count: int) -> None:
            for number in range(start, start + count):
                await feed.send(Batch(key=f"k{number}", events=(event(number),)))

        asyncio.run(fill(FeedNotifier(path, max_entries=args.entries), 0, args.entries))
        size = path.stat().st_size

        def timed(fresh: bool, start: int) -> float:
            kept = FeedNotifier(path, max_entries=args.entries)
            asyncio.run(fill(kept, start, 1))  # the notifier has written the file once

            async def sends() -> None:
                feed = kept
                for number in range(start + 1, start + 1 + args.sends):
                    if fresh:
                        feed = FeedNotifier(path, max_entries=args.entries)
                    await feed.send(Batch(key=f"k{number}", events=(event(number),)))

            began = time.process_time()
            asyncio.run(sends())
            return (time.process_time() - began) * 1000 / args.sends

        fresh_ms = timed(True, 10_000)
        kept_ms = timed(False, 20_000)
        entries = parse_feed(path.read_bytes())
        assert len(entries) == args.entries
        assert path.read_bytes() == render_feed(
            entries, feed_id="urn:tracker:feed:feed.atom", title="tracker changes"
        )
    print(
        f"feed_write: a full feed of {args.entries} entries ({size / 1024:.0f} KB), "
        f"{args.sends} sends each way, CPU ms per send (time.process_time)"
    )
    print(f"  baseline, read back and rendered whole every send: {fresh_ms:7.2f} ms")
    print(
        f"  kept (what it last wrote, each entry's XML):       {kept_ms:7.2f} ms"
        f"   ratio {fresh_ms / kept_ms:.1f}x"
    )


if __name__ == "__main__":
    main()
