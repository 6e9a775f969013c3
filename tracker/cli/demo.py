"""The demo command: the whole pipeline on bundled revisions, served on 127.0.0.1."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import click

from tracker.comparison.claims import assess
from tracker.demo import DemoStep, run_demo
from tracker.model import Outcome
from tracker.render import render_report


def _describe_first(step: DemoStep) -> str:
    document = step.document
    if document is None:
        return ""
    cited = [bool(sentence.cited_labels) for sentence in document.sentences]
    claims = sum(
        assess(sentence.text, cites_reference=cites).is_claim
        for sentence, cites in zip(document.sentences, cited, strict=True)
    )
    stripped = Counter(str(block.reason) for block in document.stripped)
    lines = [
        f"  title:      {document.title}",
        f"  authors:    {', '.join(document.authors) or '—'}",
        f"  updated:    {document.updated or '—'}",
        f"  article:    {len(document.blocks)} blocks, {len(document.sentences)} sentences,"
        f" {claims} claims ({sum(cited)} citing a reference)",
        f"  references: {len(document.references)}",
        "  stripped:   "
        + (", ".join(f"{count} {reason}" for reason, count in sorted(stripped.items())) or "—"),
    ]
    return "\n".join(lines)


def _print_step(step: DemoStep) -> None:
    result = step.result
    if result.because is not None:  # the same revision checked again: nothing to report
        heading = f"revision {step.revision.number} checked again"
    else:
        heading = f"revision {step.revision.number}: {step.revision.note}"
    click.secho(f"\n=== {heading}", bold=True)
    click.echo(
        f"check: {result.outcome} (HTTP {result.http_status}), snapshot {result.snapshot_id}"
        + (f"; {result.because}" if result.because else "")
    )
    if result.error:
        click.echo(f"error: {result.error}")
    if result.report is not None:
        click.echo(render_report(result.report, "text", color=sys.stdout.isatty()))
    elif result.outcome is Outcome.NEW:
        click.echo(_describe_first(step))


@click.command("demo")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep what the demo stores here (default: a temporary directory, removed after).",
)
def demo_command(data_dir: Path | None) -> None:
    """Serve bundled revisions of a clinic article on 127.0.0.1 and track them.

    The article changes the way real ones do: a hedged claim is strengthened,
    numbers change, a study and its reference are added, the page is edited
    without moving its "Updated on" date, and its reference list is renumbered.
    Each revision goes through the real pipeline (fetch, WARC, extract, store,
    compare) and its change report is printed. No network is needed.

    \b
    Example:
        tracker demo
        tracker demo --data-dir demo-data && tracker history --data-dir demo-data URL
    """
    if data_dir is not None:
        steps = run_demo(data_dir, _print_step)
        click.echo(
            f"\nStored in {data_dir}; try: tracker history --data-dir {data_dir} "
            f"{steps[0].result.url}"
        )
        return
    with tempfile.TemporaryDirectory(prefix="tracker-demo-") as temporary:
        run_demo(Path(temporary), _print_step)


COMMANDS = [demo_command]
