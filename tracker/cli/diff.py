"""Commands that compare: diff, claims."""

from tracker.cli.options import not_built_command

COMMANDS = [
    not_built_command(
        "diff",
        "Compare two versions of an article.",
        "tracker diff old.html new.html --format json",
        "is being built",
    ),
    not_built_command(
        "claims",
        "List a page's claims with their assessment.",
        "tracker claims page.html",
        "is being built",
    ),
]
