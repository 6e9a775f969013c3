"""Commands on one page: extract, references."""

from tracker.cli.options import not_built_command

COMMANDS = [
    not_built_command(
        "extract",
        "Extract the article from one HTML page.",
        "tracker extract page.html --format json",
        "is being built",
    ),
    not_built_command(
        "references",
        "Print a page's parsed references as JSON lines.",
        "tracker references page.html",
        "is being built",
    ),
]
