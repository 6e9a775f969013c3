"""Fixtures of the daemon tests: a site, a webhook receiver and an SMTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.receivers import Mailbox, Receiver, serve_smtp, serve_webhook
from support.server import LocalServer, local_server


@pytest.fixture
def site() -> Iterator[LocalServer]:
    with local_server() as server:
        yield server


@pytest.fixture
def webhook() -> Iterator[Receiver]:
    with serve_webhook() as receiver:
        yield receiver


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    with serve_smtp() as mailbox:
        yield mailbox
