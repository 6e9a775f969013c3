"""Commands on claims: claims."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.options import (
    allow_private_option,
    format_option,
    output_option,
    page_article,
    page_or_lines_options,
    stdin_lines,
)
from tracker.comparison.claims import ClaimAssessment, assess_many
from tracker.errors import UsageError
from tracker.render.printable import printable, printable_json


def _text_line(item: ClaimAssessment) -> str:
    parts = [f"[{item.strength}] {item.certainty:.2f}  {item.text}"]
    details = []
    if item.categories:
        details.append("categories: " + ", ".join(item.categories))
    if item.hedges:
        details.append("hedges: " + ", ".join(item.hedges))
    if item.boosters:
        details.append("boosters: " + ", ".join(item.boosters))
    if item.numbers:
        details.append(
            "numbers: " + ", ".join(f"{q.value} {q.unit or ''}".strip() for q in item.numbers)
        )
    if item.negated:
        details.append("negated")
    if details:
        parts.append("      " + "; ".join(details))
    return "\n".join(parts)


def _emit(lines: list[str], output: Path | None) -> None:
    text = "\n".join(lines) + ("\n" if lines else "")
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from error


@click.command("claims")
@page_or_lines_options("Read one sentence per stdin line; print one JSON object per line.")
@click.option("--all", "show_all", is_flag=True, help="List every sentence, not only claims.")
@format_option("text", "json")
@output_option()
@allow_private_option
def claims_command(
    source: str | None,
    lines: bool,
    show_all: bool,
    output_format: str,
    output: Path | None,
    allow_private: bool,
) -> None:
    """List a page's claims with their assessment.

    Strength: 0 no relationship, 1 correlational, 2 hedged or conditional causal,
    3 direct causal. Certainty (0-1) falls with each hedge and rises with each booster.

    \b
    SOURCE is a saved HTML file or a URL (fetched once, politely).

    \b
    Examples:
        tracker claims page.html
        tracker claims https://clinic.example/blog/prp
        tracker claims page.html --format json
        printf 'Aspirin may reduce risk.\\n' | tracker claims --lines
    """
    if lines:
        sentences = list(stdin_lines(source, "sentences"))
        out = [printable_json(item.to_json()) for item in assess_many(sentences)]
        _emit(out, output)
        return
    document = page_article(source, "sentences", allow_private=allow_private)
    found = assess_many(
        [sentence.text for sentence in document.sentences],
        cites_reference=[bool(sentence.cited_labels) for sentence in document.sentences],
    )
    if not show_all:
        found = [item for item in found if item.is_claim]
    if output_format == "json":
        _emit([printable_json(item.to_json()) for item in found], output)
    else:
        _emit([printable(_text_line(item)) for item in found], output)


COMMANDS = [claims_command]
