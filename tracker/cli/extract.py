"""Commands on one page: extract."""

from tracker.cli.options import not_built_command

COMMANDS = [
    not_built_command(
        "extract",
        "Extract the article from one HTML page.",
        "tracker extract page.html --format json",
        "is being built",
    ),
]
