"""Per-watch include and exclude CSS selectors: the user's word over the automatic decision.

The page is a terms page of the shape that fools the classifier: the terms table sits
in a box whose class says "footer", and a promotion sits inside the article's flow.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.terms import SELECTION, terms_page

from tracker import compare, extract
from tracker.cli import cli
from tracker.errors import WatchlistError
from tracker.extraction import Selection
from tracker.model import StripReason
from tracker.watchlist import load_watchlist


def test_include_and_exclude_override_the_automatic_decision_and_say_so() -> None:
    automatic = extract(terms_page())
    assert "monthly fee" not in automatic.text  # the class name "footer" decided
    chosen = extract(terms_page(), selection=SELECTION)
    assert "monthly fee" in chosen.text
    assert "20% off" not in chosen.text
    fee = next(block for block in chosen.blocks if "monthly fee" in block.text)
    assert fee.selected is not None and ".legal-footer" in fee.selected
    promo = next(block for block in chosen.stripped if "20% off" in block.text)
    assert promo.reason is StripReason.EXCLUDED_BY_SELECTOR and ".spring-notice" in promo.detail
    home = next(block for block in chosen.stripped if block.text == "Home")
    assert home.reason is StripReason.EXCLUDED_BY_SELECTOR and "outside" in home.detail
    assert chosen.selection == [
        "include article",
        "include .legal-footer",
        "exclude .spring-notice",
    ]


def test_an_include_that_matches_nothing_leaves_the_automatic_decision() -> None:
    selection = Selection.of(include=["#gone-after-a-redesign"])
    assert extract(terms_page(), selection=selection).text == extract(terms_page()).text


def test_a_row_edited_in_the_included_table_is_an_article_change() -> None:
    old = extract(terms_page(fee="10"), selection=SELECTION)
    new = extract(terms_page(fee="12"), selection=SELECTION)
    report = compare(old, new)
    assert report.article_changed
    changes = report.claim_changes + report.text_changes
    assert [change.kind.value for change in changes] == ["modified"]


def test_invalid_selectors_are_refused() -> None:
    with pytest.raises(ValueError, match="not a CSS selector"):
        Selection.of(include=["article >> p"])


def test_watchlist_selectors_are_validated_with_file_watch_and_field(tmp_path: Path) -> None:
    path = tmp_path / "watchlist.toml"
    path.write_text(
        '[[watch]]\nname = "terms"\nurl = "https://example.org/terms"\n'
        'include = "main .terms"\nexclude = [".promo", "#cookie-panel"]\n'
    )
    (watch,) = load_watchlist(path).watches
    assert watch.include == ("main .terms",)
    assert watch.exclude == (".promo", "#cookie-panel")
    path.write_text(
        '[[watch]]\nname = "terms"\nurl = "https://example.org/terms"\nexclude = ["a[["]\n'
    )
    with pytest.raises(WatchlistError) as raised:
        load_watchlist(path)
    assert "watch 'terms'" in str(raised.value) and "field 'exclude'" in str(raised.value)


def test_extract_and_diff_take_the_selectors(tmp_path: Path) -> None:
    old, new = tmp_path / "old.html", tmp_path / "new.html"
    old.write_text(terms_page(promo="Get 20% off this week."))
    new.write_text(terms_page(promo="Get 30% off this month."))
    runner = CliRunner()
    flags = ["--include", "article", "--include", ".legal-footer", "--exclude", ".spring-notice"]
    extracted = runner.invoke(cli, ["extract", str(old), *flags])
    assert extracted.exit_code == 0 and "monthly fee" in extracted.output
    assert "20% off" not in extracted.output
    assert runner.invoke(cli, ["diff", str(old), str(new)]).exit_code == 1
    same = runner.invoke(cli, ["diff", str(old), str(new), *flags, "--format", "json"])
    assert same.exit_code == 0, same.output
    assert not json.loads(same.output)["article_changed"]
    bad = runner.invoke(cli, ["extract", str(old), "--exclude", "a[["])
    assert bad.exit_code != 0 and "not a CSS selector" in bad.output
