"""Load benchmark of the daemon: N watches over many local sites, a fraction of pages changing.

A child process serves N article pages from many origins on loopback (one address
and port per simulated site, so the fetcher's per-host politeness holds as on the web),
with ETags, a robots.txt, and a fraction of the pages changing every
``--change-period`` seconds. This process runs the real daemon (tracker.daemon
with tracker.check, the real store and fetcher) on those watches and samples its
CPU time and resident memory. It prints:

- checks per second, overall and in the steady state after the first pass
  (the first pass stores every page: extraction dominates it);
- CPU per check in the steady state, where nearly every check is unchanged (a
  304), against a named baseline measured in the same run: a bare conditional
  GET with httpx to the same servers (no politeness, no store);
- how late checks were against their interval;
- resident memory over the run: after warm-up, at the end, peak, and the slope.

Targets (issue 6): >= 50 checks/s sustained on unchanged pages; RSS under 500 MB
and flat after warm-up.

With ``--notify`` and/or ``--huge-mb MB`` the same watches run once with no notifier
and ordinary pages (the baseline), then once per case asked for, each daemon in its
own process so its RSS is its own, and every case is printed against that baseline:

- ``--notify``: delivery on and one receiver down: a webhook that accepts connections
  and never answers (each attempt waits out its 10 s timeout), beside a webhook that
  accepts and an Atom feed. Target (issue 12): checks per second and RSS no worse than
  with no notifier.
- ``--huge-mb MB``: one page among them answering a huge article (MB megabytes of
  short paragraphs, changing with the others). Target (issue 12): RSS flat, and no
  worse than the baseline's; checks per second no worse.

    .venv/bin/python benchmarks/daemon_load.py                       # short run
    .venv/bin/python benchmarks/daemon_load.py --watches 5000 --interval 60 --minutes 30
    .venv/bin/python benchmarks/daemon_load.py --notify --huge-mb 19 --watches 2000 \
        --interval 60 --minutes 4 --change-fraction 0.1 --change-period 30
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import logging
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TOPICS = [
    ("knee", "cartilage", "injections of concentrated marrow cells"),
    ("hip", "joint lining", "platelet-rich plasma"),
    ("shoulder", "rotator cuff", "amniotic tissue grafts"),
    ("spine", "disc", "cultured stromal cells"),
    ("ankle", "tendon", "fat-derived cell concentrate"),
]


def page_html(site: int, page: int, version: int) -> bytes:
    """A clinic article page; ``version`` changes a number and a hedge in its claims."""
    part, tissue, product = TOPICS[(site + page) % len(TOPICS)]
    patients = 120 + 7 * page + 50 * version
    hedge = "may help" if version % 2 == 0 else "will"
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{part.title()} treatment with {product} | Clinic {site}</title>
<meta property="article:modified_time" content="2025-0{1 + page % 9}-1{page % 10}T08:00:00Z">
</head><body><nav class="w-nav"><a href="/">Home</a><a href="/book">Book now</a></nav>
<main><article class="post-body w-richtext">
<h1>{part.title()} treatment with {product}</h1>
<p>Updated on March {1 + page % 28}, 2025</p>
<p>Damage to the {tissue} of the {part} is a common cause of pain in adults over forty.
Clinic {site} has treated {patients} patients with {product} since it opened.</p>
<p>Our {product} {hedge} restore the {tissue} and reduce pain within weeks (1). Results
vary between patients, and a review of smaller trials found mixed evidence (2).</p>
<h2>What to expect</h2>
<p>A first visit takes about an hour. The procedure itself is done under local anaesthetic
and most patients walk out the same day. Page {page} of site {site}.</p>
<h2>References</h2><ol>
<li>Okafor N, Brandt L. {product.capitalize()} for {part} pain. J Regen Med. 2020;12:44-51.</li>
<li>Silva R, et al. A systematic review of cell therapy trials. BMJ Open. 2022;12:e0{page}.</li>
</ol></article></main>
<footer class="footer">© 2025 Clinic {site}. Newsletter: subscribe for offers.</footer>
</body></html>""".encode()


def _changing(site: int, page: int, fraction: float) -> bool:
    digest = hashlib.sha256(f"{site}/{page}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < fraction


def huge_html(megabytes: float, version: int) -> bytes:
    """An article of ``megabytes`` of short paragraphs (the shape that once took gigabytes)."""
    paragraph = "<p>Visit {n}: the patient reported less pain ({v}).</p>\n"
    count = int(megabytes * 2**20 / len(paragraph))
    body = "".join(paragraph.format(n=n, v=version) for n in range(count))
    return f"<html><body><article><h1>Huge</h1>{body}</article></body></html>".encode()


# The watch that answers the huge page in a --huge-mb run: site 0's first page.
HUGE_PAGE = (0, 0)


def serve(
    sites: int, per_site: int, fraction: float, period: float, queue: mp.Queue, huge: float = 0
) -> None:
    """The child process: one asyncio server per site, all answering from page_html (and
    one huge page at HUGE_PAGE when ``huge`` megabytes are asked)."""
    started = time.time()
    cache: dict[tuple[int, int, int], tuple[bytes, str]] = {}

    def answer(site: int, path: str, etag_in: str | None) -> bytes:
        if path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
            return (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s"
                % (
                    len(body),
                    body,
                )
            )
        try:
            page = int(path.rsplit("/", 1)[-1])
        except ValueError:
            page = -1
        if not 0 <= page < per_site:
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        version = 0
        if _changing(site, page, fraction):
            version = int((time.time() - started) / period + (page % 7) / 7)
        key = (site, page, version)
        if key not in cache:
            if huge and (site, page) == HUGE_PAGE:
                cache.pop((site, page, version - 1), None)
                body = huge_html(huge, version)
            else:
                body = page_html(site, page, version)
            cache[key] = (body, f'"{site}-{page}-{version}"')
        body, etag = cache[key]
        if etag_in == etag:
            return (
                f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nContent-Length: 0\r\n\r\n".encode()
            )
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"ETag: {etag}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    accepted = [0]

    async def receive(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """A webhook receiver that is up: POSTs accepted and counted, GET says how many."""
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                length = next(
                    (
                        int(line.split(":")[1])
                        for line in head.split("\r\n")
                        if line.lower().startswith("content-length:")
                    ),
                    0,
                )
                await reader.readexactly(length)
                if head.startswith("POST"):
                    accepted[0] += 1
                body = str(accepted[0]).encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """A receiver that is down the slow way: it takes the connection and never answers."""
        await reader.read()
        writer.close()

    async def handle(site: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                writer.write(answer(site, path, headers.get("if-none-match")))
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        ports = []
        servers = []
        for site in range(sites):
            server = await asyncio.start_server(
                lambda r, w, s=site: handle(s, r, w), site_address(site), 0, backlog=512
            )
            servers.append(server)
            ports.append(server.sockets[0].getsockname()[1])
        for receiver in (receive, hang):
            server = await asyncio.start_server(receiver, "127.0.0.1", 0, backlog=512)
            servers.append(server)
            ports.append(server.sockets[0].getsockname()[1])
        queue.put(ports)
        await asyncio.Event().wait()

    asyncio.run(main())


def site_address(site: int) -> str:
    """Each simulated site has its own loopback address (all of 127/8 is loopback on Linux),
    so per-host politeness in the fetcher and the daemon treats them as separate sites."""
    return f"127.0.{site // 250}.{site % 250 + 1}"


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


async def baseline(urls: list[str], count: int) -> float:
    """CPU ms of a bare conditional GET answered 304 (httpx, keep-alive, nothing stored)."""
    import httpx

    async with httpx.AsyncClient() as client:
        etags = {}
        for url in urls[:count]:
            etags[url] = (await client.get(url)).headers["etag"]
        semaphore = asyncio.Semaphore(16)

        async def one(url: str) -> None:
            async with semaphore:
                response = await client.get(url, headers={"If-None-Match": etags[url]})
                assert response.status_code == 304

        start = time.process_time()
        await asyncio.gather(*(one(url) for url in list(etags) * 3))
        return (time.process_time() - start) * 1000 / (len(etags) * 3)


@dataclass
class Sample:
    at: float
    checks: int
    cpu: float
    rss: float
    outcomes: Counter[str] = field(default_factory=Counter)


def notifiers_with_one_down(receivers: tuple[str, str], data_dir: Path) -> list:  # type: ignore[type-arg]
    """A webhook that accepts, one that never answers, and an Atom feed."""
    from tracker.notify import FeedNotifier, WebhookNotifier

    up, down = receivers
    return [
        WebhookNotifier(up, name="up"),
        WebhookNotifier(down, name="down", timeout=10.0),
        FeedNotifier(data_dir / "feed.atom"),
    ]


def daemon_parts() -> tuple[Any, Any, Any, Any]:
    """setup_logging, the fetcher, the store's opener and notify's Plan (None before it).

    ``against_ref.py daemon_load`` runs this script on the tree before the architecture
    work (issue 14) too: the same objects there had other names and places, and checks
    had no notification plan."""
    try:
        from tracker.daemon import setup_logging
        from tracker.fetch import HttpFetcher
        from tracker.notify import Plan
        from tracker.store import open_index
    except ImportError:  # the tree before the architecture work
        from tracker import fetch, logs, store

        return logs.setup_logging, fetch.Fetcher, store.Store, None
    return setup_logging, HttpFetcher, open_index, Plan


async def run(
    args: argparse.Namespace,
    urls: list[str],
    data_dir: Path,
    receivers: tuple[str, str] | None = None,
) -> dict[str, float]:
    """Run the daemon for ``args.minutes``; with ``receivers``, delivery on and one down."""
    from tracker.config import Watch
    from tracker.daemon import Checked, Daemon, DaemonSettings, pipeline_checker

    setup_logging, HttpFetcher, open_index, Plan = daemon_parts()
    if receivers and Plan is None:
        raise SystemExit("--notify: this tracker has no notifiers to deliver through")

    setup_logging("text", stream=open(os.devnull, "w"))  # noqa: SIM115 - the log cost counts
    lines = ["[defaults]", f"interval = {args.interval}", f"jitter = {args.jitter}"]
    lines += [f'min_host_delay = "{args.host_delay}"', ""]
    for n, url in enumerate(urls):
        lines += ["[[watch]]", f'name = "w{n}"', f'url = "{url}"', ""]
    watchlist = data_dir.parent / "load.toml"
    watchlist.write_text("\n".join(lines), encoding="utf-8")

    # The baseline asks only pages that never change, so every answer is a 304 (and never
    # the huge page of a --huge-mb run, whose first answer is megabytes).
    still = [
        url
        for n, url in enumerate(urls)
        if not _changing(n // args.per_site, n % args.per_site, args.change_fraction)
        and (n // args.per_site, n % args.per_site) != HUGE_PAGE
    ]
    base_ms = await baseline(still, min(len(still), 1000))
    print(f"baseline: bare conditional GET (httpx, 304, no store): {base_ms:.3f} ms CPU")

    last_check: dict[str, float] = {}
    # Gap between two checks of a watch over its interval, in 1/100 steps: a histogram,
    # so the benchmark's own bookkeeping stays the same size however long it runs.
    lateness: Counter[int] = Counter()

    with open_index(data_dir) as store:
        if args.no_fsync:
            # Diagnostic only: what the daemon does when the disk's flush latency is taken
            # away (NOT durable; never how tracker runs).
            os.fsync = lambda fd: None
            store._db.execute("PRAGMA synchronous=OFF")
        notifiers = notifiers_with_one_down(receivers, data_dir) if receivers else []
        async with HttpFetcher() as fetcher:
            if Plan is None:  # the tree before the architecture work
                real = pipeline_checker(store, fetcher, allow_private=True)
            else:
                real = pipeline_checker(store, fetcher, Plan(notifiers), allow_private=True)

            async def checker(watch: Watch) -> Checked:
                result = await real(watch)
                now = time.monotonic()
                if watch.name in last_check:
                    lateness[round(100 * (now - last_check[watch.name]) / args.interval)] += 1
                last_check[watch.name] = now
                return result

            settings = DaemonSettings(
                data_dir=data_dir,
                watchlists=(watchlist,),
                max_concurrency=args.concurrency,
                per_host=2,
                startup_spread=min(args.interval, 300.0),
                reload_poll=30.0,
                allow_private=True,
            )
            with_notifiers = {"notifiers": notifiers} if notifiers else {}
            daemon = Daemon(settings, store=store, checker=checker, **with_notifiers)
            task = asyncio.create_task(daemon.run())
            start = time.monotonic()
            samples = [Sample(0.0, 0, time.process_time(), rss_mb())]
            deadline = start + args.minutes * 60
            while time.monotonic() < deadline:
                await asyncio.sleep(min(args.sample, max(deadline - time.monotonic(), 0.01)))
                sample = Sample(
                    time.monotonic() - start,
                    daemon.checks_done,
                    time.process_time(),
                    rss_mb(),
                    Counter(daemon.outcomes),
                )
                samples.append(sample)
                previous = samples[-2]
                rate = (sample.checks - previous.checks) / (sample.at - previous.at)
                print(
                    f"  t={sample.at:6.0f}s checks={sample.checks:7d} ({rate:6.1f}/s) "
                    f"cpu={sample.cpu - samples[0].cpu:7.1f}s rss={sample.rss:6.1f} MB "
                    f"{dict(sample.outcomes)}",
                    flush=True,
                )
            daemon.request_stop()
            await task
            problems = store.verify() if args.verify else []
            owed = Counter(
                [delivery.notifier for delivery in store.owed_deliveries(10**6)]
                if receivers
                else []
            )

    figures = report(args, samples, lateness, base_ms, problems)
    if receivers:
        import httpx

        async with httpx.AsyncClient() as client:
            accepted = int((await client.get(receivers[0])).text)
        print(f"  deliveries:          {accepted} accepted by the receiver up; owed {dict(owed)}")
        figures["accepted"] = accepted
        figures["owed_down"] = owed.get("down", 0)
    return figures


def report(
    args: argparse.Namespace,
    samples: list[Sample],
    lateness: Counter[int],
    base_ms: float,
    problems: list[object],
) -> dict[str, float]:
    """Print the run's figures; return the steady state's (checks/s, CPU ms, RSS)."""
    first, last = samples[0], samples[-1]
    # Warm-up ends one interval after every watch was stored once (the first pass), when
    # every code path (comparison of changed pages included) has run at least once.
    first_pass = next(
        (s.at for s in samples if s.outcomes["new"] + s.outcomes["failed"] >= args.watches), None
    )
    warm = None
    if first_pass is not None:
        warm = next((s for s in samples if s.at >= first_pass + args.interval), None)
    print("\nresults")
    total_rate = (last.checks - first.checks) / max(last.at - first.at, 1e-9)
    print(f"  checks:              {last.checks} in {last.at:.0f} s ({total_rate:.1f}/s overall)")
    print(f"  outcomes:            {dict(last.outcomes)}")
    need = args.watches / args.interval
    print(f"  required rate:       {need:.1f}/s ({args.watches} watches every {args.interval:g} s)")
    if warm is None or warm is last:
        print("  steady state:        not reached (the first pass did not finish); run longer")
        return {"rate": total_rate, "rss": last.rss, "peak": max(s.rss for s in samples)}
    steady = last.checks - warm.checks
    span = last.at - warm.at
    cpu_ms = (last.cpu - warm.cpu) * 1000 / max(steady, 1)
    unchanged = last.outcomes.get("unchanged", 0) - warm.outcomes.get("unchanged", 0)
    print(
        f"  first pass:          {first_pass:.0f} s; warm-up until {warm.at:.0f} s, "
        f"rss {warm.rss:.1f} MB"
    )
    print(
        f"  steady state:        {steady / span:.1f} checks/s over {span:.0f} s "
        f"({100 * unchanged / max(steady, 1):.1f}% unchanged)  target >= 50/s"
    )
    print(
        f"  CPU per check:       {cpu_ms:.2f} ms in the steady state; baseline bare 304 GET "
        f"{base_ms:.2f} ms; ratio {cpu_ms / base_ms:.1f}x"
    )
    print(f"  CPU use:             {(last.cpu - warm.cpu) / span * 100:.0f}% of one core")
    if lateness:
        total = sum(lateness.values())

        def quantile(q: float) -> float:
            seen = 0
            for step in sorted(lateness):
                seen += lateness[step]
                if seen >= q * total:
                    return step / 100
            return max(lateness) / 100

        limit = 100 * (1.0 + (args.jitter + 5) / args.interval)
        late = sum(count for step, count in lateness.items() if step > limit)
        print(
            f"  gap/interval:        median {quantile(0.5):.2f}, p99 {quantile(0.99):.2f}; "
            f"{late} of {total} gaps beyond interval + jitter + 5 s"
        )
    after = [s.rss for s in samples if s.at >= warm.at]
    slope = 0.0
    if len(after) >= 3:
        times = [s.at for s in samples if s.at >= warm.at]
        slope = statistics.linear_regression(times, after).slope * 60
    print(
        f"  rss:                 after warm-up {warm.rss:.1f} MB, end {last.rss:.1f} MB, "
        f"peak {max(s.rss for s in samples):.1f} MB, slope {slope:+.2f} MB/min"
        "  target < 500 MB, flat"
    )
    if args.verify:
        print(
            f"  store verify:        {'sound' if not problems else f'{len(problems)} problem(s)'}"
        )
    return {
        "rate": steady / span,
        "cpu_ms": cpu_ms,
        "rss": last.rss,
        "peak": max(s.rss for s in samples),
        "slope": slope,
    }


def phase(
    args: argparse.Namespace,
    urls: list[str],
    receivers: tuple[str, str] | None,
    results: mp.Queue,
) -> None:
    """One daemon run in a process of its own (its RSS is its own), figures sent back."""
    with tempfile.TemporaryDirectory(prefix="tracker-load-") as temp:
        results.put(asyncio.run(run(args, urls, Path(temp) / "data", receivers)))


def in_own_process(
    args: argparse.Namespace, urls: list[str], receivers: tuple[str, str] | None
) -> dict[str, float]:
    results: mp.Queue = mp.Queue()
    child = mp.Process(target=phase, args=(args, urls, receivers, results))
    child.start()
    figures: dict[str, float] = results.get()
    child.join()
    return figures


def print_against(title: str, base: dict[str, float], other: dict[str, float]) -> None:
    """The figures of two runs side by side, the baseline first."""
    print(f"\n{title}")
    rows = (
        ("rate", "checks/s"),
        ("cpu_ms", "ms CPU/check"),
        ("rss", "MB RSS end"),
        ("peak", "MB RSS peak"),
        ("slope", "MB/min slope"),
    )
    for key, unit in rows:
        if key in base and key in other:
            print(f"  {unit:14} baseline {base[key]:8.2f}   this run {other[key]:8.2f}")


def compare_cases(
    args: argparse.Namespace,
    urls: list[str],
    receivers: tuple[str, str],
    huge_urls: list[str] | None,
) -> None:
    """The same watches with no notifier (the baseline, run once), then each case asked
    for: delivery on with one receiver down (``--notify``), one huge page among them
    (``--huge-mb``); every case printed against that one baseline."""
    print("\n== no notifier, every page an ordinary article (baseline)", flush=True)
    base = in_own_process(args, urls, None)
    cases: list[tuple[str, dict[str, float]]] = []
    if args.notify:
        print("\n== delivery on, one receiver down", flush=True)
        cases.append(
            (
                "notify: delivery on with one receiver down, against no notifier",
                in_own_process(args, urls, receivers),
            )
        )
    if huge_urls is not None:
        print(f"\n== one page of {args.huge_mb:g} MB among them", flush=True)
        cases.append(
            (
                f"huge: one {args.huge_mb:g} MB page among the watches, against none",
                in_own_process(args, huge_urls, None),
            )
        )
    for title, figures in cases:
        print_against(title, base, figures)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--watches", type=int, default=5000)
    parser.add_argument("--per-site", type=int, default=25, help="pages per simulated site (port)")
    parser.add_argument(
        "--interval", type=float, default=60.0, help="seconds between checks of a watch"
    )
    parser.add_argument("--jitter", type=float, default=2.0)
    parser.add_argument(
        "--host-delay", type=float, default=0.1, help="fetcher's min delay per host"
    )
    parser.add_argument("--change-fraction", type=float, default=0.02)
    parser.add_argument("--change-period", type=float, default=120.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--minutes", type=float, default=4.0)
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between samples")
    parser.add_argument("--verify", action="store_true", help="verify the store at the end")
    parser.add_argument(
        "--notify",
        action="store_true",
        help="also run with delivery on and one receiver down; print it against no notifier",
    )
    parser.add_argument(
        "--huge-mb",
        type=float,
        default=0.0,
        help="also run with one page answering MB megabytes; print it against the baseline",
    )
    parser.add_argument(
        "--no-fsync",
        action="store_true",
        help="diagnostic: skip fsync to separate the daemon's own cost from the disk's flushes",
    )
    args = parser.parse_args()

    sites = -(-args.watches // args.per_site)
    servers, ports_of = [], []
    for huge in (0.0, args.huge_mb) if args.huge_mb else (0.0,):
        queue: mp.Queue = mp.Queue()
        server = mp.Process(
            target=serve,
            args=(sites, args.per_site, args.change_fraction, args.change_period, queue, huge),
            daemon=True,
        )
        server.start()
        servers.append(server)
        ports_of.append(queue.get(timeout=60))
    ports = ports_of[0]
    up_port, down_port = ports[-2:]
    receivers = (f"http://127.0.0.1:{up_port}/hook", f"http://127.0.0.1:{down_port}/hook")

    def urls_of(ports: list[int]) -> list[str]:
        return [
            f"http://{site_address(n // args.per_site)}:{ports[n // args.per_site]}"
            f"/article/{n % args.per_site}"
            for n in range(args.watches)
        ]

    urls = urls_of(ports)
    print(
        f"daemon_load: {args.watches} watches on {sites} local sites, every {args.interval:g} s, "
        f"{args.change_fraction:.0%} of pages changing every {args.change_period:g} s, "
        f"{'NO FSYNC (diagnostic), ' if args.no_fsync else ''}"
        f"{args.minutes:g} min, python {sys.version.split()[0]}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    try:
        if args.notify or args.huge_mb:
            huge_urls = urls_of(ports_of[1]) if args.huge_mb else None
            compare_cases(args, urls, receivers, huge_urls)
        else:
            with tempfile.TemporaryDirectory(prefix="tracker-load-") as temp:
                asyncio.run(run(args, urls, Path(temp) / "data"))
    finally:
        for server in servers:
            server.terminate()
    logging.shutdown()


if __name__ == "__main__":
    main()
