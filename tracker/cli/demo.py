"""The demo command."""

from tracker.cli.options import not_built_command

COMMANDS = [
    not_built_command(
        "demo",
        "Serve bundled article revisions on localhost and track them.",
        "tracker demo",
        "is being built",
    ),
]
