"""The workspace in a real headless Chromium: what a researcher clicks through in a review.

One browser and one server (uvicorn on 127.0.0.1, as ``tracker serve`` runs it) for
the module, over one data directory, as one session would; each test makes what it
checks (the suite's workers may run any of them apart from the others).
Screenshots land in pytest's temporary folder (printed at the end) for a person to
look at. Without Chromium or Playwright these tests are skipped on a developer's
machine and fail under CI, so CI cannot pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from support.workspace_data import Built

from tracker.errors import UsageError
from tracker.fetch.browser import CHROMIUM_FLAGS, find_chromium
from tracker.store import AnnotationQuery, Index, open_index
from tracker.web import create_app
from tracker.web.data import listed_watches

# The fetcher's flags, less those that cut Chromium off the network (loopback included):
# here it must reach the workspace on 127.0.0.1.
FLAGS = [flag for flag in CHROMIUM_FLAGS if not flag.startswith(("--proxy", "--host-resolver"))]


@pytest.fixture(scope="module")
def chromium() -> str:
    try:
        executable = find_chromium()
        import playwright  # noqa: F401
    except (UsageError, ImportError) as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests must run under CI: {error}")
        pytest.skip(f"no browser to drive: {error}")
    return executable


@pytest.fixture(scope="module")
def served(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Index]]:
    """The workspace on a free port of 127.0.0.1, over a copy of the built data."""
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(built.data_dir, data_dir)
    with open_index(data_dir, create=False) as index:
        app = create_app(index, listed=listed_watches([built.watchlist]))
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            thread.join(0.02)
        try:
            yield f"http://127.0.0.1:{sock.getsockname()[1]}", index
        finally:
            server.should_exit = True
            thread.join(10)
            sock.close()


@pytest.fixture(scope="module")
def console() -> list[str]:
    """What the pages logged: a Content-Security-Policy violation would show here."""
    return []


@pytest.fixture(scope="module")
def page(chromium: str, served: tuple[str, Index], console: list[str]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=FLAGS, headless=True)
        context = browser.new_context(base_url=served[0], viewport={"width": 1280, "height": 900})
        opened = context.new_page()
        opened.on("console", lambda message: console.append(message.text))
        opened.on(
            "response",
            lambda answer: (
                console.append(f"{answer.status} {answer.url}") if answer.status >= 400 else None
            ),
        )
        yield opened
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def click_through(page: Any, text: str) -> None:
    """Click a link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(f"text={text}")


def annotate(page: Any, change: int, note: str, tags: str) -> None:
    """Annotate the change that led to version ``change`` as significant, by its form."""
    page.goto(f"/changes/{change}")
    page.check("input[name=significant][value=yes]")
    page.fill("textarea[name=note]", note)
    page.fill("input[name=tags]", tags)
    click_through(page, "Add annotation")


def bold(locator: Any) -> bool:
    return int(locator.evaluate("node => getComputedStyle(node).fontWeight")) >= 700


def test_the_watch_list_shows_unseen_changes_in_bold(page: Any, shots: Path) -> None:
    page.goto("/")
    knee = page.locator("tr", has_text="knee-clinic")
    assert bold(knee.locator("td").first)
    assert not bold(page.locator("tr", has_text="gone-page").locator("td").first)
    assert "failing" in page.locator("tr", has_text="gone-page").inner_text()
    page.screenshot(path=shots / "watches.png", full_page=True)
    page.select_option("select[name=tag]", "knee")
    click_through(page, "filter")
    assert page.locator("table.watches tbody tr").count() == 1


def test_a_timeline_and_a_comparison_of_two_chosen_versions(page: Any, shots: Path) -> None:
    page.goto("/")
    click_through(page, "knee-clinic")
    assert page.locator("text=3 changes since you last looked").is_visible()
    page.screenshot(path=shots / "timeline.png", full_page=True)
    page.check("input[aria-label='compare from version 1']")
    page.check("input[aria-label='compare to version 4']")
    click_through(page, "Compare the two chosen versions")
    assert "Version 1 (" in page.locator("p.facts").inner_text()
    claims = page.locator("section#claims")
    assert claims.is_visible() and claims.locator("article.change").count() > 0
    assert claims.locator("table.side").first.is_hidden()
    page.screenshot(path=shots / "compare-inline.png", full_page=True)
    page.click("label[for=view-side]")
    assert claims.locator("table.side").first.is_visible()
    assert claims.locator("p.inline").first.is_hidden()
    page.screenshot(path=shots / "compare-side-by-side.png", full_page=True)


def test_annotating_a_change_and_marking_it_seen(
    page: Any, shots: Path, built: Built, served: tuple[str, Index], console: list[str]
) -> None:
    change = built.demo_versions[2]
    annotate(
        page, change, "The FDA sentence was removed without a date change.", "fda, silent-edit"
    )
    annotation = page.locator("div.annotation")
    assert annotation.count() == 1, (console, page.inner_text("body"))
    assert "significant" in annotation.inner_text()
    assert "FDA sentence was removed" in annotation.inner_text()
    page.screenshot(path=shots / "change-annotated.png", full_page=True)
    (stored,) = served[1].annotations(AnnotationQuery(snapshot_id=change))
    assert stored.tags == ("fda", "silent-edit")
    click_through(page, "Mark seen up to this version")
    page.goto("/")
    assert "1 new" in page.locator("tr", has_text="knee-clinic").inner_text()
    page.goto("/annotations")
    assert page.locator("table.annotations tbody tr").count() == 1
    page.screenshot(path=shots / "annotations.png", full_page=True)
    assert console == []  # nothing on any page was blocked by its policy
    print(f"\nscreenshots: {shots}")


def test_searching_the_ledger_and_following_a_claim_to_its_versions(
    page: Any, shots: Path, built: Built
) -> None:
    page.goto("/")
    click_through(page, "Ledger")
    page.fill("input[name=q]", "not approved by the FDA")
    page.select_option("select[name=change_kind]", "removed")
    with page.expect_navigation():
        page.click("form.ledger-filters button[type=submit]")
    rows = page.locator("table.claims tbody tr")
    assert rows.count() == 1
    assert "removed" in rows.first.inner_text() and "disclaimer" in rows.first.inner_text()
    page.screenshot(path=shots / "ledger.png", full_page=True)
    with page.expect_navigation():
        rows.first.locator(f"a[href='/changes/{built.demo_versions[2]}']").first.click()
    assert "not approved by the FDA" in page.locator("section#claims").inner_text()


def test_printing_the_evidence_dossier(
    page: Any, shots: Path, built: Built, console: list[str]
) -> None:
    # its own annotation: the suite's workers may run this test apart from the others
    annotate(page, built.demo_versions[2], "Dossier check: the FDA line went.", "fda")
    page.goto(f"/watch?url={built.demo_url}")
    click_through(page, "evidence dossier")
    assert "intact: every stored file matches its hash" in page.inner_text("dd.verified")
    assert page.locator("section.version").count() == len(built.demo_versions)
    assert "Dossier check: the FDA line went." in page.inner_text("body")  # the annotation
    page.screenshot(path=shots / "dossier.png", full_page=True)
    page.emulate_media(media="print")
    assert (
        page.locator("section.version")
        .nth(1)
        .evaluate("node => getComputedStyle(node).breakBefore")
        == "page"
    )
    page.screenshot(path=shots / "dossier-print.png", full_page=True)
    page.emulate_media(media="screen")
    printed = page.request.get(f"/dossier.pdf?url={built.demo_url}")
    assert printed.status == 200 and printed.body()[:5] == b"%PDF-"
    (shots / "dossier.pdf").write_bytes(printed.body())
    for kind, magic in (("warc.gz", b"\x1f\x8b"), ("wacz", b"PK")):
        evidence = page.request.get(f"/dossier.{kind}?url={built.demo_url}")
        assert evidence.status == 200 and evidence.body()[:2] == magic
    assert console == []
