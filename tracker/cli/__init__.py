"""The command line: each command parses its arguments, calls one function and formats.

Commands live in small modules by area; this module only assembles the group and
turns TrackerError into a one-line message and an exit status (no traceback for
expected failures), adding what to do where the fix is the user's (``advice``):
the stages below never name a command.
"""

from __future__ import annotations

import sys

import click

from tracker import __version__
from tracker.errors import (
    DamagedIndexError,
    IntegrityError,
    MigrationPending,
    NoDataError,
    TrackerError,
    UnindexedError,
    UnknownURLError,
    UnknownVersionError,
    UsageError,
)

EXIT_FAILURE = 1
EXIT_ERROR = 2


def advice(error: TrackerError) -> str | None:
    """The command that fixes ``error``, when there is one."""
    if isinstance(error, NoDataError):
        return "run 'tracker check URL' first or pass the right --data-dir"
    if isinstance(error, UnknownURLError):
        return f"run 'tracker check {error.url}' first"
    if isinstance(error, UnknownVersionError):
        return "list them with 'tracker history URL --format json'"
    if isinstance(error, IntegrityError):
        return "run 'tracker verify'"
    if isinstance(error, DamagedIndexError):
        return (
            "'tracker verify' checks the files beside it; 'tracker reindex' moves the"
            " damaged index aside and rebuilds it from the WARC files"
        )
    if isinstance(error, UnindexedError):
        return "'tracker reindex' rebuilds the index from them"
    if isinstance(error, MigrationPending):
        return "open it once without --read-only to upgrade it"
    return None


def _message(error: TrackerError) -> str:
    hint = advice(error)
    return f"{error}; {hint}" if hint else str(error)


class TrackerGroup(click.Group):
    """Translates tracker's own errors into messages and exit statuses, once, for all commands."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            click.echo(f"tracker: error: {_message(error)}", err=True)
            sys.exit(EXIT_ERROR)
        except TrackerError as error:
            click.echo(f"tracker: {_message(error)}", err=True)
            sys.exit(EXIT_FAILURE)


@click.group(cls=TrackerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracker")
def cli() -> None:
    """Track what web articles claim and cite, and how that changes over time.

    \b
    Start with the demo, which needs no network:
        tracker demo
    """


def _register() -> None:
    from tracker.cli import (
        capture,
        claims,
        daemon,
        demo,
        diff,
        dossier,
        extract,
        history_import,
        ledger,
        outbox,
        references,
        serve,
    )

    for module in (
        extract,
        references,
        claims,
        diff,
        capture,
        daemon,
        demo,
        history_import,
        serve,
        ledger,
        dossier,
        outbox,
    ):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli()
