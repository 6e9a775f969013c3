"""Commands as a user runs them, against a local clinic article served on 127.0.0.1."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace

import pytest
from click.testing import CliRunner

from support.site import (
    CLINIC_FIRST,
    CLINIC_REFERENCES,
    Page,
    PageServer,
    article_page,
    page_server,
)
from tracker.cli import cli
from tracker.cli.notify_options import WatchOverrides
from tracker.config import Watch

TITLE = "Ozone therapy for chronic fatigue"
ARTICLE_PATH = "/blog/ozone"


def pace_checks(monkeypatch: pytest.MonkeyPatch, min_host_delay: float) -> None:
    """``tracker check`` pauses ``min_host_delay`` between requests to a host (not 2 s)."""
    as_watch = WatchOverrides.apply

    def paced(overrides: WatchOverrides, watch: Watch) -> Watch:
        watch = as_watch(overrides, watch)
        return replace(watch, fetch=replace(watch.fetch, min_host_delay=min_host_delay))

    monkeypatch.setattr(WatchOverrides, "apply", paced)


@contextlib.contextmanager
def clinic_site(
    monkeypatch: pytest.MonkeyPatch, *, min_host_delay: float = 0.0
) -> Iterator[PageServer]:
    """The clinic article on a local server; ``tracker check`` pauses ``min_host_delay``."""
    pace_checks(monkeypatch, min_host_delay)
    with page_server() as server:
        server.pages[ARTICLE_PATH] = Page(
            body=article_page(TITLE, CLINIC_FIRST, references=CLINIC_REFERENCES)
        )
        yield server


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``tracker ARGS``."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr
