"""Commands on claims: claims."""

from tracker.cli.options import not_built_command

COMMANDS = [
    not_built_command(
        "claims",
        "List a page's claims with their assessment.",
        "tracker claims page.html",
        "is being built",
    ),
]
