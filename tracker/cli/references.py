"""Commands on reference lists: references."""

from tracker.cli.options import not_built_command

COMMANDS = [
    not_built_command(
        "references",
        "Print a page's parsed references as JSON lines.",
        "tracker references page.html",
        "is being built",
    ),
]
