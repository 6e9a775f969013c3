"""Notifications: article changes and health news, owed through the outbox until accepted.

Only an article change notifies: a change in the chrome alone (menus, forms,
newsletter boxes) or a bare date bump never does, and a watch's ``notify`` filters
narrow it further. Health news (a watch failing, gone, blocked, recovered; a
watchlist entry gone invalid; a redirect that started) goes to every notifier that
takes it. The parts, each with one job:

    events.py    ChangeEvent, HealthNotice (a kind and plain details), their JSON
    registry.py  the Notifier protocol and the channels registered by kind
    config.py    notifiers from [notify.<name>] tables or the command-line flags
    dispatch.py  Plan (what a finding owes each notifier) and Dispatcher (send what is owed)
    text.py      subject, plain text and HTML every channel shares; header hygiene
    feed.py webhook.py email.py apprise.py   one module a channel

What is owed is kept by the index (tracker.store.outbox), queued in the same
transaction as the finding it tells; the daemon's sender (tracker.daemon.sender)
delivers it with retries that survive restarts.
"""

from __future__ import annotations

from tracker.notify.apprise import AppriseNotifier
from tracker.notify.config import (
    NotifierFlags,
    NotifierSpec,
    build_notifiers,
    default_watch,
    load_specs,
    notifiers_for,
    specs_from_flags,
    specs_from_tables,
    watch_for_url,
)
from tracker.notify.dispatch import DEFAULT_RETRY, Dispatcher, Plan, RetryBackoff, next_digest
from tracker.notify.email import EmailNotifier, SmtpSettings
from tracker.notify.events import (
    ChangeEvent,
    Event,
    HealthKind,
    HealthNotice,
    Unreachable,
    VersionRef,
    event_from_json,
    is_article_change,
    wants,
)
from tracker.notify.feed import FeedNotifier
from tracker.notify.registry import (
    CHANNELS,
    COMMON_SETTINGS,
    Batch,
    ChannelContext,
    DeliveryError,
    Links,
    Notifier,
    register,
)
from tracker.notify.webhook import WebhookNotifier

__all__ = [
    "CHANNELS",
    "COMMON_SETTINGS",
    "DEFAULT_RETRY",
    "AppriseNotifier",
    "Batch",
    "ChangeEvent",
    "ChannelContext",
    "DeliveryError",
    "Dispatcher",
    "EmailNotifier",
    "Event",
    "FeedNotifier",
    "HealthKind",
    "HealthNotice",
    "Links",
    "Notifier",
    "NotifierFlags",
    "NotifierSpec",
    "Plan",
    "RetryBackoff",
    "SmtpSettings",
    "Unreachable",
    "VersionRef",
    "WebhookNotifier",
    "build_notifiers",
    "default_watch",
    "event_from_json",
    "is_article_change",
    "load_specs",
    "next_digest",
    "notifiers_for",
    "register",
    "specs_from_flags",
    "specs_from_tables",
    "wants",
    "watch_for_url",
]
