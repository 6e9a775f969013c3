"""Options shared by several commands, as decorators, so every command spells them alike."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tracker.config import DEFAULT_DATA_DIR
from tracker.errors import UsageError
from tracker.pages import load_page

if TYPE_CHECKING:
    from tracker.model import Document

F = TypeVar("F", bound=Callable[..., Any])

FILE = click.Path(dir_okay=False, path_type=Path)  # a file argument or option: never a directory


def data_dir_option(function: F) -> F:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="TRACKER_DATA_DIR",
        default=DEFAULT_DATA_DIR,
        show_default=True,
        help="Data directory with the WARC captures, documents and index (env TRACKER_DATA_DIR).",
    )(function)


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    def decorate(function: F) -> F:
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(choices),
            default=default,
            show_default=True,
            help="Output format.",
        )(function)

    return decorate


def output_option(
    *names: str, required: bool = False, help: str = "Write to FILE instead of stdout."
) -> Callable[[F], F]:
    """A file the command writes: ``--output``/``-o`` unless ``names`` name it otherwise
    (click's option declarations: flags, then the parameter's name)."""
    return click.option(*(names or ("--output", "-o")), type=FILE, required=required, help=help)


def allow_private_option(function: F) -> F:
    return click.option(
        "--allow-private",
        is_flag=True,
        envvar="TRACKER_ALLOW_PRIVATE",
        help="Allow targets on loopback or private addresses (env TRACKER_ALLOW_PRIVATE=1).",
    )(function)


def selection_options(function: F) -> F:
    """--include / --exclude: CSS selectors over the automatic article decision."""
    function = click.option(
        "--exclude",
        multiple=True,
        metavar="CSS",
        help="Never article: blocks inside elements matching this CSS selector (repeatable).",
    )(function)
    return click.option(
        "--include",
        multiple=True,
        metavar="CSS",
        help="The article is inside elements matching this CSS selector (repeatable); "
        "blocks outside are stripped as excluded_by_selector.",
    )(function)


def watchlists_option(purpose: str, *, seeds_by_default: bool = True) -> Callable[[F], F]:
    """--watchlist FILE (repeatable): where names and tags of watches come from, or (with
    ``seeds_by_default=False``, when none means none) which watches a command takes."""
    default = "; default: seeds/*.toml" if seeds_by_default else ""

    def decorate(function: F) -> F:
        return click.option(
            "--watchlist",
            "watchlists",
            multiple=True,
            type=FILE,
            help=f"Watchlist {purpose} (repeatable{default}).",
        )(function)

    return decorate


def notify_filters_option(default: str) -> Callable[[F], F]:
    """--notify FILTER (repeatable): which article changes are notified, as a watch's
    ``notify`` list; ``default`` says what applies without it."""
    from tracker.model import REPORT_FILTERS

    return click.option(
        "--notify",
        "notify_filters",
        multiple=True,
        type=click.Choice(list(REPORT_FILTERS)),
        help=f"Notify only for these changes (repeatable) [default: {default}].",
    )


def page_or_lines_options(lines_help: str) -> Callable[[F], F]:
    """SOURCE, a saved HTML file or a URL, or ``--lines``: items read one per stdin line
    (read them with ``stdin_lines`` and the page with ``page_article``)."""

    def decorate(function: F) -> F:
        function = click.option("--lines", is_flag=True, help=lines_help)(function)
        return click.argument("source", required=False)(function)

    return decorate


def stdin_lines(source: str | None, what: str) -> Iterator[str]:
    """``--lines``: stdin's lines as they come, each one of ``what`` (then no SOURCE)."""
    if source is not None:
        raise UsageError(f"--lines reads {what} from stdin; give no FILE or URL with it")
    return (line.rstrip("\r\n") for line in sys.stdin)


def page_article(source: str | None, what: str, *, allow_private: bool) -> Document:
    """The Document of SOURCE (a saved HTML file, or a URL fetched once)."""
    if source is None:
        raise UsageError(f"give a saved HTML file or a URL, or --lines to read {what} from stdin")
    from tracker.extraction import extract

    page = load_page(source, allow_private=allow_private)
    return extract(page.html, url=page.url, content_type=page.content_type)
