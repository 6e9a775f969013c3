"""Commands on captures and the store: check, history, show, verify, export."""

from tracker.cli.options import not_built_command

COMMANDS = [
    not_built_command(
        "check",
        "Fetch one page now and store it if it changed.",
        "tracker check https://example.org/post",
        "is being built",
    ),
    not_built_command(
        "history",
        "List every check of a tracked URL.",
        "tracker history https://example.org/post",
        "is being built",
    ),
    not_built_command("show", "Show one stored snapshot.", "tracker show 3", "is being built"),
    not_built_command(
        "verify", "Re-hash every stored file against the index.", "tracker verify", "is being built"
    ),
    not_built_command(
        "export",
        "Write one page's whole history as a WARC file.",
        "tracker export https://example.org/post --warc post.warc.gz",
        "is being built",
    ),
]
