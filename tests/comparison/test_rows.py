"""Lists and tables compared row by row, by the key that names each row.

The pages are a privacy policy's list of sub-processors in the three shapes sites
publish it: a list of "Name: purpose, location" items, a table whose first cell
names the row, and a definition list. Rows look alike, so likeness alone pairs a new
row with its neighbour or a removed one with a look-alike elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tracker import compare, extract
from tracker.comparison.rows import block_key, row_keys
from tracker.model import Block, BlockKind, ChangeKind, TextChange
from tracker.render.json import report_json

INTRO = (
    "<h1>Sub-processors</h1><p>We share personal data only with the sub-processors "
    "listed below, each bound by a data processing agreement with us.</p>"
)
Row = tuple[str, str, str]
ROWS: list[Row] = [
    ("Amazon Web Services", "cloud hosting and storage", "United States"),
    ("Stripe", "payment processing", "United States"),
    ("Zendesk", "customer support tickets", "United States"),
    ("Sendgrid", "transactional e-mail", "United States"),
    ("Datadog", "infrastructure monitoring", "United States"),
]


def as_list(rows: list[Row]) -> str:
    items = "".join(f"<li><strong>{n}</strong>: {p}, {c}</li>" for n, p, c in rows)
    return f"<ul>{items}</ul>"


def as_table(rows: list[Row]) -> str:
    body = "".join(f"<tr><td>{n}</td><td>{p}</td><td>{c}</td></tr>" for n, p, c in rows)
    return (
        "<table><thead><tr><th>Sub-processor</th><th>Purpose</th><th>Location</th></tr>"
        f"</thead><tbody>{body}</tbody></table>"
    )


def as_definitions(rows: list[Row]) -> str:
    items = "".join(f"<dt>{n}</dt><dd>{p}, located in the {c}</dd>" for n, p, c in rows)
    return f"<dl>{items}</dl>"


SHAPES = [as_list, as_table, as_definitions]


def page(shape: Callable[[list[Row]], str], rows: list[Row]) -> str:
    return f"<html><body><main><article>{INTRO}{shape(rows)}</article></main></body></html>"


def changes(shape: Callable[[list[Row]], str], old: list[Row], new: list[Row]) -> list[TextChange]:
    report = compare(extract(page(shape, old)), extract(page(shape, new)))
    found = [TextChange(kind=c.kind, old=c.old, new=c.new) for c in report.claim_changes]
    return found + report.text_changes


def kinds(found: list[TextChange]) -> list[tuple[ChangeKind, str]]:
    return sorted((c.kind, c.new or c.old or "") for c in found)


@pytest.mark.parametrize("shape", SHAPES)
def test_an_added_row_beside_an_edited_one_is_added(shape: Callable[[list[Row]], str]) -> None:
    new = list(ROWS)
    new[1] = ("Stripe", "payment processing", "Ireland")
    new.insert(2, ("Segment", "product analytics", "United States"))
    found = changes(shape, ROWS, new)
    assert {c.kind for c in found} == {ChangeKind.ADDED, ChangeKind.MODIFIED}
    added = [c for c in found if c.kind is ChangeKind.ADDED]
    modified = [c for c in found if c.kind is ChangeKind.MODIFIED]
    assert any("Segment" in (c.new or "") for c in added)
    assert not any("Ireland" in (c.new or "") for c in added)
    assert all("Ireland" in (c.new or "") for c in modified)
    assert not any("Segment" in (c.old or "") for c in found)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_replaced_row_is_removed_and_added_not_modified(
    shape: Callable[[list[Row]], str],
) -> None:
    new = list(ROWS)
    new[3] = ("Mailgun", "transactional e-mail", "United States")
    found = changes(shape, ROWS, new)
    assert ChangeKind.MODIFIED not in {c.kind for c in found}
    assert any(c.kind is ChangeKind.REMOVED and "Sendgrid" in (c.old or "") for c in found)
    assert any(c.kind is ChangeKind.ADDED and "Mailgun" in (c.new or "") for c in found)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_removed_row_is_removed_not_moved_into_another(
    shape: Callable[[list[Row]], str],
) -> None:
    old = [*ROWS, ("Intercom", "customer support chat", "United States")]
    new = [row for row in old if row[0] != "Zendesk"]
    found = changes(shape, old, new)
    assert found and {c.kind for c in found} == {ChangeKind.REMOVED}
    assert any("Zendesk" in (c.old or "") for c in found)
    assert not any("Intercom" in (c.old or "") for c in found)


def test_an_edited_row_is_modified_with_its_word_diff() -> None:
    new = list(ROWS)
    new[2] = ("Zendesk", "customer support tickets and chat", "United States")
    old_doc, new_doc = extract(page(as_list, ROWS)), extract(page(as_list, new))
    data = report_json(compare(old_doc, new_doc))
    rewritten = data["text_changes"] + data["claim_changes"]
    assert [c["kind"] for c in rewritten] == ["modified"]
    inserted = [s["text"] for s in rewritten[0]["diff"] if s["op"] == "insert"]
    assert "and chat" in " ".join(inserted)


def test_table_cells_carry_their_row_and_definitions_their_term() -> None:
    table = extract(page(as_table, ROWS))
    cells = [b for b in table.blocks if b.kind is BlockKind.TABLE_CELL]
    assert {b.row for b in cells if "payment" in b.text} == {"Stripe"}
    definitions = extract(page(as_definitions, ROWS))
    assert {b.row for b in definitions.blocks if "payment" in b.text} == {"Stripe"}


def test_block_keys() -> None:
    def item(text: str) -> Block:
        return Block(kind=BlockKind.LIST_ITEM, text=text)

    assert block_key(item("Stripe: payment processing, United States")) == "stripe"
    assert block_key(item("Stripe – payment processing")) == "stripe"
    assert block_key(item("Pay by card, or by bank transfer.")) is None
    assert block_key(Block(kind=BlockKind.PARAGRAPH, text="Note: nothing")) is None
    assert block_key(Block(kind=BlockKind.TABLE_CELL, text="Ireland", row="Stripe")) == "stripe"


def test_a_key_that_names_two_rows_names_none() -> None:
    blocks = [
        Block(kind=BlockKind.TABLE_CELL, text="Yes", row="Yes"),
        Block(kind=BlockKind.TABLE_CELL, text="hosting", row="Yes"),
        Block(kind=BlockKind.TABLE_CELL, text="No", row="No"),
        Block(kind=BlockKind.TABLE_CELL, text="Yes", row="Yes"),
    ]
    assert row_keys(blocks, [0, 1, 2, 3]) == [None, None, "no", None]
