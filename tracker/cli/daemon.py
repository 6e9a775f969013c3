"""Commands of the daemon: run, status, watch."""

from tracker.cli.options import not_built_command

COMMANDS = [
    not_built_command(
        "run",
        "Run until stopped, checking every watch on its schedule.",
        "tracker run seeds/watchlist.toml",
        "needs the scheduler daemon (issue: The daemon)",
    ),
    not_built_command(
        "status",
        "Show per watch: last check, last change, next run, failures.",
        "tracker status",
        "needs the scheduler daemon (issue: The daemon)",
    ),
    not_built_command(
        "watch",
        "Add, remove or list the watches of a watchlist.",
        "tracker watch list seeds/watchlist.toml",
        "needs the scheduler daemon (issue: The daemon)",
    ),
]
