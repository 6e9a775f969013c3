"""A check hands extraction the stored version's parsed references: a process that has
forgotten the page parses only the entries that are new, and stores the same Document."""

from __future__ import annotations

import pytest
from support.checks import run_checks
from support.parsing import parsed_texts
from support.site import (
    CLINIC_FIRST,
    CLINIC_REFERENCES,
    CLINIC_SECOND,
    Page,
    PageServer,
    article_page,
)

from tracker.extraction import extract
from tracker.memo import forget_all
from tracker.model import Outcome
from tracker.store import Index

ADDED = "Vries M de. Ozone and sleep quality. Sleep Med Rev. 2022;61:101577."


def test_a_changed_check_parses_only_new_entries(
    site: PageServer, store: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.url("/blog/ozone")
    site.pages["/blog/ozone"] = Page(
        body=article_page("Ozone", CLINIC_FIRST, references=CLINIC_REFERENCES)
    )
    (first,) = run_checks(store, url)
    assert first.outcome is Outcome.NEW
    later = article_page("Ozone", CLINIC_SECOND, references=[*CLINIC_REFERENCES, ADDED])
    site.pages["/blog/ozone"] = Page(body=later, etag=False)
    forget_all()  # a process that has read many pages since: nothing of this one remembered
    asked = parsed_texts(monkeypatch)
    (second,) = run_checks(store, url)
    assert second.outcome is Outcome.CHANGED
    assert asked == [ADDED]

    stored = store.resolve_version(url)
    row = store.snapshot(second.snapshot_id or 0)
    assert row is not None
    forget_all()  # a fresh parse to compare with
    fresh = extract(
        later,
        url=row.final_url,
        content_type="text/html; charset=utf-8",
        captured_at=row.fetched_at,
    )
    assert [ref.raw for ref in stored.references] == [*CLINIC_REFERENCES, ADDED]
    assert stored.canonical_json() == fresh.canonical_json()


def test_an_unreadable_stored_version_leaves_every_entry_to_be_parsed(
    site: PageServer, store: Index
) -> None:
    url = site.url("/blog/ozone")
    site.pages["/blog/ozone"] = Page(
        body=article_page("Ozone", CLINIC_FIRST, references=CLINIC_REFERENCES)
    )
    run_checks(store, url)
    for path in (store.root / "documents").rglob("*.json.gz"):
        path.unlink()
    forget_all()  # the store's memory of its Documents too
    later = article_page("Ozone", CLINIC_SECOND, references=[*CLINIC_REFERENCES, ADDED])
    site.pages["/blog/ozone"] = Page(body=later, etag=False)
    (second,) = run_checks(store, url)
    assert second.outcome is Outcome.CHANGED
    assert second.error is not None and "unreadable" in second.error
    stored = store.resolve_version(url)
    assert [ref.raw for ref in stored.references] == [*CLINIC_REFERENCES, ADDED]
