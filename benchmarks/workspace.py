"""The research workspace at scale: a generated data directory of N watches x V versions.

Rows are generated through the store's own API (``record_check``, as a check stores
a version), each version one claim reworded, hedged, added or removed against the
one before, with a change report saying so. Documents come from 50 topics so that
most are stored once and the benchmark times the index, not the disk. Every
version's capture points at one real WARC record (the evidence is not what is
measured here). It prints, each beside a baseline measured in the same run:

- ledger fill: the time to store the versions with the ledger filled in the same
  transaction, against storing the first watches' versions with the ledger off;
  and ``ledger rebuild`` of a sample of watches;
- search latency over the ledger, each query class (common and rare words, a word in
  every claim, with a site, a category, a change kind, dates, a later page) beside the
  same query with its words matched by LIKE instead of FTS5 (what a search without a
  full-text index costs), then the median and the slowest;
- the watch list page rendered (target < 300 ms), against the summaries query alone;
- the server's resident memory after those pages (target < 300 MB), against the same
  server idle after start.

    .venv/bin/python benchmarks/workspace.py                        # 5,000 x 20
    .venv/bin/python benchmarks/workspace.py --watches 500 --keep /tmp/ws-data
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from unittest import mock

from tracker.model import Block, BlockKind, Capture, Document, Headers, Sentence
from tracker.store import CheckEntry, Index, NewSnapshot, SqliteIndex, open_index
from tracker.store.ledger import LedgerQuery
from tracker.store.ledger_search import claim_filters

T = TypeVar("T")
TOPICS = 50  # their distinct sentences fit the claim assessor's memory, as one site's do
SUBJECTS = (
    "Stem cell injections",
    "Platelet-rich plasma",
    "Our knee programme",
    "Intravenous vitamin drips",
    "Cold laser therapy",
    "The detox protocol",
    "Hyperbaric oxygen",
    "Collagen supplements",
)
VERBS = ("reduce", "may reduce", "cure", "can help with", "are linked to less", "eliminate")
OBJECTS = (
    "knee pain in most patients",
    "joint stiffness after six weeks",
    "inflammation in older adults",
    "the need for surgery",
    "fatigue within days",
    "recovery time after sport injuries",
)
FIXED = (
    "This treatment is not approved by the FDA.",
    "Results vary from patient to patient.",
    "A single session costs $450, including a follow-up visit.",
    "We have treated over 900 patients since 2016.",
    "Talk to your doctor before stopping any medication.",
)
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def claim(topic: int, slot: int, variant: int) -> str:
    subject = SUBJECTS[(topic + slot) % len(SUBJECTS)]
    verb = VERBS[(topic * 3 + slot + variant) % len(VERBS)]
    thing = OBJECTS[(topic + slot * 5) % len(OBJECTS)]
    return f"{subject} {verb} {thing} in study {topic}-{slot}."


def claim_slots(topic: int, version: int) -> dict[int, str]:
    """Twelve claims of a topic by slot: version v rewords slot v % 12 and drops one."""
    slots = {slot: claim(topic, slot, version // 12 + (slot <= version % 12)) for slot in range(12)}
    if version % 3 == 1:
        del slots[version % 12]
    return slots


def version_sentences(topic: int, version: int) -> list[str]:
    """A version's sentences: its claims, sometimes a new study, and the fixed lines."""
    sentences = list(claim_slots(topic, version).values())
    if version % 4 == 2:
        sentences.append(f"A new study {topic}-{version} found the benefit lasted a year.")
    return [*sentences, *FIXED]


def document(topic: int, version: int) -> Document:
    texts = version_sentences(topic, version)
    return Document(
        title=f"Topic {topic}",
        blocks=[
            Block(kind=BlockKind.PARAGRAPH, text=text, sentences=[Sentence(text=text)])
            for text in texts
        ],
    )


def report(topic: int, version: int) -> dict[str, object]:
    """What a comparison reports for version v: each reworded slot as a modified claim."""
    old, new = claim_slots(topic, version - 1), claim_slots(topic, version)
    changes = [
        {"kind": "modified", "old": old[slot], "new": new[slot], "tags": ["hedge_added"]}
        for slot in old.keys() & new.keys()
        if old[slot] != new[slot]
    ]
    return {"schema": "tracker.change-report/1", "claim_changes": changes}


def generate(index: Index, watches: range, versions: int) -> int:
    """Store ``versions`` versions of each watch; the number stored."""
    body = b"<html><body><p>generated</p></body></html>"
    capture = Capture(
        url="https://gen.example/",
        final_url="https://gen.example/",
        fetched_at=T0,
        status=200,
        headers=Headers((("Content-Type", "text/html"),)),
        body=body,
    )
    location = index.keep_past_capture(capture)  # one real record all versions point at
    body_sha = hashlib.sha256(body).hexdigest()
    stored = 0
    for number in watches:
        topic = number % TOPICS
        url = f"https://site{number % 250}.example/article/{number}"
        state = index.ensure_watch(url)
        previous = None
        for version in range(versions):
            at = T0 + timedelta(days=version * 7, minutes=number)
            recorded = index.record_check(
                CheckEntry(
                    watch_id=state.id,
                    checked_at=at,
                    outcome="changed" if previous else "new",
                    http_status=200,
                    location=location,
                    new_snapshot=NewSnapshot(
                        document=document(topic, version),
                        url=url,
                        final_url=url,
                        fetched_at=at,
                        body_sha256=body_sha,
                        article_sha256=f"{topic:04d}{version:04d}".ljust(64, "0"),
                    ),
                    report=report(topic, version) if previous else None,
                    previous_snapshot_id=previous,
                )
            )
            previous = recorded.snapshot_id
            stored += 1
    return stored


class Best:
    """The fastest of several runs, in wall and CPU seconds (the machine may be shared)."""

    def __init__(self) -> None:
        self.wall = self.cpu = float("inf")

    def __str__(self) -> str:
        return f"{self.wall * 1000:7.1f} ms ({self.cpu * 1000:.1f} ms CPU)"


def timed(action: Callable[[], T], repeat: int = 1) -> tuple[Best, T]:
    """The fastest of ``repeat`` runs, and its (last) answer."""
    best = Best()
    answer = action()  # a first run, not timed: caches warm as in a serving process
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        answer = action()
        best.wall = min(best.wall, time.perf_counter() - wall)
        best.cpu = min(best.cpu, time.process_time() - cpu)
    return best, answer


def cpu_timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run: the machine may be shared, the CPU time is ours."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def assess_sentences(versions: int) -> int:
    """Assess every distinct sentence once, as each version's comparison would have."""
    from tracker.comparison.claims import assess_many

    texts = sorted(
        {t for topic in range(TOPICS) for v in range(versions) for t in version_sentences(topic, v)}
    )
    assess_many(texts)
    return len(texts)


def fill(data_dir: Path, watches: int, versions: int, sample: int) -> None:
    print(f"generating {watches} watches x {versions} versions in {data_dir} ...", flush=True)
    count = 0

    def assess() -> None:
        nonlocal count
        count = assess_sentences(versions)

    wall, cpu = cpu_timed(assess)
    print(f"claim assessment {wall:8.1f} s ({cpu:.1f} s CPU) for {count} distinct sentences,")
    print("  paid once per new sentence by the comparison of a real check, remembered since")
    with open_index(data_dir) as index:
        wall, cpu = cpu_timed(lambda: generate(index, range(sample), versions))
        rest_wall, rest_cpu = cpu_timed(lambda: generate(index, range(sample, watches), versions))
    with (
        tempfile.TemporaryDirectory() as scratch,
        open_index(scratch) as bare,
        mock.patch.object(SqliteIndex, "_note_version", lambda *args: None),
        mock.patch.object(SqliteIndex, "_warm_ledger", lambda *args: None),
    ):
        base_wall, base_cpu = cpu_timed(lambda: generate(bare, range(sample), versions))
    total = watches * versions
    print(
        f"store + ledger   {wall + rest_wall:8.1f} s ({cpu + rest_cpu:.1f} s CPU) for {total}"
        f" versions: {(cpu + rest_cpu) / total * 1000:.2f} ms CPU a version"
    )
    per = sample * versions
    print(
        f"  first {sample} watches: {cpu / per * 1000:.2f} ms CPU a version with the ledger;"
        f" baseline with it off {base_cpu / per * 1000:.2f} ms"
        f" (wall {wall:.1f} s vs {base_wall:.1f} s)"
    )
    with open_index(data_dir) as index:
        ids = [watch.id for watch in index.watch_summaries("bench")[:sample]]
        wall, cpu = cpu_timed(lambda: [index.rebuild_ledger_watch(i) for i in ids])
        print(f"ledger rebuild   {wall:8.1f} s ({cpu:.1f} s CPU) for {sample} watches")
        counts = index.search_claims(LedgerQuery(limit=1))
        print(f"ledger holds     {counts.total} claims")


QUERIES = (
    LedgerQuery(text="knee pain"),  # common words: one claim in six
    LedgerQuery(text="not approved by the FDA", change_kind="removed"),  # none found
    LedgerQuery(text="stem cell injections reduce", category="efficacy"),
    LedgerQuery(change_kind="hedged", since=T0 + timedelta(days=60)),  # no words
    LedgerQuery(text="study", sites=("site7.example",)),  # a word in every claim, one site
    LedgerQuery(text="benefit lasted a year", until=T0 + timedelta(days=90)),
    LedgerQuery(text="study"),  # a word in every claim, every page
    LedgerQuery(text="eliminate", offset=1000),  # a later page
)


def like_baseline(index: SqliteIndex, query: LedgerQuery) -> int:
    """The query's count with its words matched by LIKE over every claim's wording instead
    of FTS5 (what a search without a full-text index costs), its other filters as ours."""
    where, values = claim_filters(replace(query, text=""))
    for word in query.text.split():
        where.append("c.text LIKE ?")
        values.append(f"%{word}%")
    clause = " AND ".join(where) or "1"
    return index._db.execute(
        f"SELECT count(*) FROM ledger_claims c WHERE {clause}", values
    ).fetchone()[0]


def search(data_dir: Path) -> None:
    from tracker.store.sqlite import SqliteIndex as Opened

    with open_index(data_dir, create=False) as index:
        assert isinstance(index, Opened)
        latencies = []
        print("  search (the page of 100 with their events, and the total) vs LIKE baseline")
        for query in QUERIES:
            best, result = timed(lambda query=query: index.search_claims(query), repeat=5)
            like, _ = timed(lambda query=query: like_baseline(index, query), repeat=3)
            latencies.append(best)
            asked = ", ".join(
                f"{name}={value!r}"
                for name, value in (
                    ("text", query.text),
                    ("kind", query.change_kind),
                    ("category", query.category),
                    ("sites", query.sites),
                    ("since", query.since and f"{query.since:%Y-%m-%d}"),
                    ("until", query.until and f"{query.until:%Y-%m-%d}"),
                    ("offset", query.offset),
                )
                if value
            )
            print(f"  {best}  {result.total:7d} found; LIKE baseline {like}  {asked}")
        works, _ = timed(lambda: index.search_works(LedgerQuery(text="study")), repeat=5)
    by_cpu = sorted(latencies, key=lambda best: best.cpu)
    print(
        f"search           {by_cpu[len(by_cpu) // 2]} median, {by_cpu[-1]} slowest"
        f" (target < 100 ms); works {works}"
    )


def watch_list(data_dir: Path) -> None:
    from starlette.testclient import TestClient

    from tracker.web import create_app

    with open_index(data_dir, create=False) as index:
        query, _ = timed(lambda: index.watch_summaries("bench"), repeat=3)
        with TestClient(create_app(index), base_url="http://127.0.0.1") as client:
            page, answer = timed(lambda: client.get("/"), repeat=3)
            ledger, _ = timed(lambda: client.get("/ledger", params={"q": "knee pain"}), repeat=3)
    size = len(answer.content) // 1024
    print(
        f"watch list page  {page} ({size} KB; target < 300 ms);"
        f" baseline summaries query {query}; ledger page {ledger}"
    )


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def server_memory(data_dir: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tracker = Path(sys.executable).with_name("tracker")
    command = [str(tracker), "serve", "--port", str(port), "--data-dir", str(data_dir)]
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir())
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/api/openapi.json", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        idle = rss_kb(server.pid)
        for path in ("/", "/ledger?q=knee+pain", "/api/ledger?q=study&limit=1000", "/api/watches"):
            for _ in range(3):
                urllib.request.urlopen(base + path, timeout=120).read()
        busy = rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(30)
    print(
        f"server RSS       {busy / 1024:8.1f} MB after the pages (target < 300 MB); "
        f"baseline idle after start {idle / 1024:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--watches", type=int, default=5000)
    parser.add_argument("--versions", type=int, default=20)
    parser.add_argument("--sample", type=int, default=100, help="watches timed both ways")
    parser.add_argument("--keep", type=Path, help="generate here (or reuse it) and keep it")
    args = parser.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="tracker-workspace-bench-"))
    try:
        if not (data_dir / "index.sqlite3").exists():
            fill(data_dir, args.watches, args.versions, min(args.sample, args.watches))
        search(data_dir)
        watch_list(data_dir)
        server_memory(data_dir)
    finally:
        if args.keep is None:
            shutil.rmtree(data_dir, ignore_errors=True)
    print(f"(cpu count {os.cpu_count()}; figures from one run on this machine)")


if __name__ == "__main__":
    main()
