"""Control and bidi characters from a page never reach a terminal or a log raw."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tracker.cli import cli
from tracker.daemon.logs import JsonFormatter, TextFormatter
from tracker.render.printable import clipped, printable_json, printable_lines

HOSTILE = "\x1b]52;c;cm0gLXJmIH4=\x07 \x9b31m \u202egnp.exe\u202c \x85 \u2028 \U000e0041"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\x85", "\u2028", "\U000e0041")


def assert_safe(text: str) -> None:
    assert not any(ch in text for ch in RAW), repr(text)


@given(st.recursive(st.text() | st.none(), lambda inner: st.lists(inner, max_size=3)))
def test_printable_json_is_printable_and_reads_back_the_same(value: object) -> None:
    text = printable_json(value, indent=2)
    assert all(ch.isprintable() or ch == "\n" for ch in text)
    assert json.loads(text) == value


def test_printable_lines_keeps_line_breaks_and_tabs() -> None:
    assert printable_lines("a\tb\n\x1bc\u202e") == "a\tb\n c "


HOSTILE_PARAGRAPH = (
    "Our clinic treated over 400 patients with this therapy, which may reduce pain "
    f"in most of them. {HOSTILE}"
)
PAGE = f"""<!DOCTYPE html><html><head><title>Knee {HOSTILE}</title></head><body><main><article>
<h1>Knee pain {HOSTILE}</h1><p>{HOSTILE_PARAGRAPH}</p><p>{HOSTILE_PARAGRAPH} Again.</p>
</article></main></body></html>"""


def test_extract_and_claims_print_no_raw_control_or_bidi_character(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    for command in (["extract"], ["extract", "--format", "json"], ["claims", "--all"]):
        result = CliRunner().invoke(cli, [*command, str(page)])
        assert result.exit_code == 0, result.output
        assert "400 patients" in result.output
        assert_safe(result.output)
    printed = CliRunner().invoke(cli, ["claims", "--all", "--format", "json", str(page)])
    assert_safe(printed.output)
    texts = [json.loads(line)["text"] for line in printed.output.splitlines()]
    assert any("\u202e" in text for text in texts)  # escaped in print, the same when read


def test_log_lines_carry_no_raw_control_or_bidi_character() -> None:
    record = logging.LogRecord("tracker", logging.WARNING, __file__, 1, HOSTILE, (), None)
    record.watch = HOSTILE
    text = TextFormatter().format(record)
    assert_safe(text)
    entry = JsonFormatter().format(record)
    assert_safe(entry)
    assert json.loads(entry)["message"] == HOSTILE


@given(st.text(alphabet="ab ", max_size=40), st.integers(2, 30))
def test_a_clipped_quotation_fits_and_says_where_it_was_cut(text: str, limit: int) -> None:
    shown = clipped(text, limit)
    assert len(shown) <= limit
    if len(text) <= limit:
        assert shown == text
    else:
        assert shown.endswith("…") and text.startswith(shown[:-1])
        kept = shown[:-1]
        if " " in text[:limit]:  # cut after a whole word: a space follows what is kept
            assert text[len(kept)] == " "
        else:  # one word longer than the room: cut inside it, as far as it fits
            assert len(kept) == limit - 1


def test_a_date_lines_heading_is_quoted_to_a_words_end() -> None:
    heading = "Stem cell therapy for knee osteoarthritis: evidence & costs (2024)"
    assert clipped(heading, 60) == "Stem cell therapy for knee osteoarthritis: evidence & costs…"
