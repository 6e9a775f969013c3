"""Commands that compare versions: diff."""

from tracker.cli.options import not_built_command

COMMANDS = [
    not_built_command(
        "diff",
        "Compare two versions of an article.",
        "tracker diff old.html new.html --format json",
        "is being built",
    ),
]
