"""Daemon logs: one readable line per event by default, JSON lines for log collectors.

Modules log through the stdlib ``logging`` with structured fields passed as
``extra={"watch": ..., "outcome": ...}``; the formatter chosen here decides how
they look, so no call site knows about the output format.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

from tracker.render.printable import printable, printable_json, printable_lines

__all__ = ["FIELDS", "JsonFormatter", "TextFormatter", "setup_logging"]

# Structured fields a log call may attach; both formatters show them, in this order.
FIELDS = (
    "watch",
    "url",
    "outcome",
    "snapshot",
    "error",
    "seconds",
    "next_run",
    "failures",
    "notifier",
    "pid",
    "path",
)


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    values = ((name, getattr(record, name, None)) for name in FIELDS)
    return {name: value for name, value in values if value is not None}


class TextFormatter(logging.Formatter):
    """``2026-11-24 22:40:01 INFO  message  watch=x outcome=unchanged``"""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%d %H:%M:%S")
        line = f"{when} {record.levelname:<7} {record.getMessage()}"
        if extra := _fields(record):
            line += "  " + " ".join(f"{key}={value}" for key, value in extra.items())
        line = printable(line)  # a page's words never reach a log raw
        if record.exc_info:
            line += "\n" + printable_lines(self.formatException(record.exc_info))
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO, UTC), level, logger, message and the fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return printable_json(entry, default=str)


def setup_logging(
    log_format: str = "text", *, level: int | str = logging.INFO, stream: IO[str] | None = None
) -> logging.Handler:
    """Send the ``tracker`` loggers to ``stream`` (stderr) in ``log_format`` (text or json)."""
    if log_format not in {"text", "json"}:
        raise ValueError(f"unknown log format {log_format!r}; choose text or json")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler._tracker_handler = True  # type: ignore[attr-defined]
    # APScheduler logs every job run at INFO; only its warnings matter to a person.
    for name, logger_level in (("tracker", level), ("apscheduler", logging.WARNING)):
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            if getattr(old, "_tracker_handler", False):
                logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(logger_level)
        logger.propagate = False
    return handler
