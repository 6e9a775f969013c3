"""Commands that bring in history from before tracking began: backfill, import."""

from tracker.cli.options import not_built_command

COMMANDS = [
    not_built_command(
        "backfill",
        "Fetch a page's past versions from web archives.",
        "tracker backfill https://example.org/post --from 2019-01-01",
        "needs web-archive backfill (issue: History before tracking began)",
    ),
    not_built_command(
        "import",
        "Import captures of watched URLs from WARC files.",
        "tracker import crawl.warc.gz",
        "needs WARC import (issue: History before tracking began)",
    ),
]
