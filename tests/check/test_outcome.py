"""The one rule that names a check's outcome, tested as the pure function it is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.site import make_document

from tracker.model import Outcome, StrippedBlock, StripReason
from tracker.outcome import CheckFacts, article_fingerprint, decide_outcome

facts = st.builds(
    CheckFacts,
    failure=st.one_of(st.none(), st.sampled_from(["failed", "blocked", "gone"])),
    not_modified=st.booleans(),
    same_body=st.booleans(),
    article_found=st.booleans(),
    has_previous=st.booleans(),
    same_article=st.booleans(),
)


@pytest.mark.parametrize(
    ("given_facts", "expected"),
    [
        (CheckFacts(article_found=True), Outcome.NEW),
        (CheckFacts(article_found=True, has_previous=True), Outcome.CHANGED),
        (CheckFacts(article_found=True, has_previous=True, same_article=True), Outcome.UNCHANGED),
        (CheckFacts(not_modified=True, has_previous=True), Outcome.UNCHANGED),
        (CheckFacts(same_body=True, has_previous=True), Outcome.UNCHANGED),
        (CheckFacts(not_modified=True), Outcome.FAILED),
        (CheckFacts(has_previous=True), Outcome.FAILED),  # no article on the page
        (CheckFacts(), Outcome.FAILED),
        (CheckFacts(failure="gone", has_previous=True), Outcome.GONE),
        (CheckFacts(failure="blocked", article_found=True), Outcome.BLOCKED),
        (CheckFacts(failure="failed", not_modified=True, has_previous=True), Outcome.FAILED),
    ],
)
def test_decide_outcome_table(given_facts: CheckFacts, expected: Outcome) -> None:
    assert decide_outcome(given_facts) is expected


@given(facts)
def test_a_failure_always_names_the_outcome(value: CheckFacts) -> None:
    outcome = decide_outcome(value)
    if value.failure is not None:
        assert outcome == value.failure
    else:
        assert outcome not in {Outcome.BLOCKED, Outcome.GONE}


@given(facts)
def test_only_a_found_article_makes_a_version(value: CheckFacts) -> None:
    outcome = decide_outcome(value)
    if outcome in {Outcome.NEW, Outcome.CHANGED}:
        assert value.article_found and value.failure is None
        assert not value.not_modified and not value.same_body
    if outcome is Outcome.NEW:
        assert not value.has_previous
    if outcome is Outcome.UNCHANGED:
        assert value.has_previous


def test_fingerprint_ignores_chrome_but_not_metadata() -> None:
    base = make_document("Fasting lowers blood pressure.", updated="2025-01-02")
    chrome = make_document("Fasting lowers blood pressure.", updated="2025-01-02")
    chrome.stripped.append(StrippedBlock(text="Join our newsletter", reason=StripReason.NEWSLETTER))
    assert article_fingerprint(base) == article_fingerprint(chrome)
    bumped = make_document("Fasting lowers blood pressure.", updated="2025-02-02")
    assert article_fingerprint(base) != article_fingerprint(bumped)
    edited = make_document("Fasting may lower blood pressure.", updated="2025-01-02")
    assert article_fingerprint(base) != article_fingerprint(edited)
