"""Filling the ledger as versions are stored: what the claim assessor is asked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from support.site import T0, URL, make_document, store_version

from tracker.comparison.claims import ClaimAssessment
from tracker.memo import forget_all
from tracker.store import Index, ledger_fill, open_index

GARDEN = "The garden opens at nine on weekdays."
PARKING = "Parking is behind the library."
BATHS = "Magnesium baths cure insomnia in 90% of adults."
FIRST = [GARDEN, PARKING, BATHS]
# the same page later: one line re-punctuated (same ledger key, read otherwise), one new
SECOND = ["The garden opens at nine, on weekdays.", PARKING, BATHS, "Saunas may ease back pain."]


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every sentence the ledger hands the claim assessor, in order."""
    seen: list[str] = []
    assess_many = ledger_fill.assess_many

    def spy(texts: Sequence[str], **options: object) -> list[ClaimAssessment]:
        seen.extend(texts)
        return assess_many(texts, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(ledger_fill, "assess_many", spy)
    return seen


def _claims(index: Index) -> list[tuple[object, ...]]:
    with index._mutex:  # type: ignore[attr-defined]
        return index._db.execute(  # type: ignore[attr-defined]
            "SELECT claim_key, text, strength, first_snapshot_id, removed_snapshot_id"
            " FROM ledger_claims ORDER BY id"
        ).fetchall()


def test_a_line_that_was_no_claim_and_reads_alike_is_not_assessed_again(
    tmp_path: Path, asked: list[str]
) -> None:
    with open_index(tmp_path / "data") as index:
        store_version(index, make_document(*FIRST), T0)
        assert {GARDEN, PARKING, BATHS} <= set(asked)
        asked.clear()
        forget_all()  # as in a process that has read many other pages since
        store_version(index, make_document(*SECOND), T0 + timedelta(days=1))
        assert "The garden opens at nine, on weekdays." in asked
        assert "Saunas may ease back pain." in asked
        assert PARKING not in asked  # no claim in the version held, and read alike
        assert BATHS not in asked  # a claim the watch holds
        filled = _claims(index)
        index.rebuild_ledger_watch(
            index.ensure_watch(URL).id
        )  # replays every version, each assessed whole
        assert _claims(index) == filled
    assert [text for _, text, *_ in filled] == [BATHS, "Saunas may ease back pain."]
