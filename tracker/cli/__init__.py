"""The command line: each command parses its arguments, calls one function and formats.

Commands live in small modules by area; this module only assembles the group and
turns TrackerError into a one-line message and an exit status (no traceback for
expected failures).
"""

from __future__ import annotations

import sys

import click

from tracker import __version__
from tracker.errors import TrackerError, UsageError

EXIT_FAILURE = 1
EXIT_ERROR = 2


class TrackerGroup(click.Group):
    """Translates tracker's own errors into messages and exit statuses, once, for all commands."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            click.echo(f"tracker: error: {error}", err=True)
            sys.exit(EXIT_ERROR)
        except TrackerError as error:
            click.echo(f"tracker: {error}", err=True)
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
        extract,
        history_import,
        references,
    )

    for module in (extract, references, claims, diff, capture, daemon, demo, history_import):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli()
