"""A webhook receiver and an SMTP mailbox on 127.0.0.1, for notifications to arrive at."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from support.server import Request, Route, local_server


@dataclass
class Receiver:
    url: str
    posts: list[dict[str, Any]] = field(default_factory=list)
    keys: list[str | None] = field(default_factory=list)  # each accepted post's Idempotency-Key
    fail_first: int = 0  # answer 503 to this many requests before accepting
    status: int = 200
    refused: int = 0  # requests answered with something other than 200


@contextmanager
def serve_webhook() -> Iterator[Receiver]:
    """A Receiver whose URL is the one local server's /hook: a specialised handler of it."""
    receiver = Receiver(url="")
    lock = threading.Lock()

    def receive(request: Request) -> Route:
        with lock:
            if receiver.fail_first > 0:
                receiver.fail_first -= 1
                code = 503
            else:
                code = receiver.status
                if code == 200:
                    receiver.posts.append(json.loads(request.body))
                    receiver.keys.append(request.headers.get("Idempotency-Key"))
            if code != 200:
                receiver.refused += 1
        return Route(status=code, content_type=None)

    with local_server(handler=receive) as server:
        receiver.url = server.url("/hook")
        yield receiver


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[Any] = field(default_factory=list)


@contextmanager
def serve_smtp() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    mailbox = Mailbox(host="127.0.0.1", port=0)

    class Collect(Message):
        def handle_message(self, message: Any) -> None:
            mailbox.messages.append(message)

    # aiosmtpd's Controller connects to its own port to confirm it started, so it needs a
    # real port number up front.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        mailbox.port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    yield mailbox
    controller.stop()
