"""Logs: a readable line per event by default, one JSON object per line on request."""

from __future__ import annotations

import io
import json
import logging

import pytest

from tracker.daemon.logs import setup_logging


def emit(log_format: str) -> str:
    stream = io.StringIO()
    setup_logging(log_format, stream=stream)
    log = logging.getLogger("tracker.daemon")
    log.info("checked", extra={"watch": "knee", "outcome": "unchanged", "seconds": 0.02})
    log.warning("watch skipped: bad url", extra={"path": "seeds/x.toml"})
    logging.getLogger("tracker.daemon").debug("not shown at info")
    return stream.getvalue()


def test_text_logs_read_as_one_line_per_event_with_its_fields() -> None:
    lines = emit("text").splitlines()
    assert len(lines) == 2
    assert "INFO" in lines[0] and "checked" in lines[0]
    assert lines[0].endswith("watch=knee outcome=unchanged seconds=0.02")
    assert "WARNING" in lines[1] and "path=seeds/x.toml" in lines[1]


def test_json_logs_are_one_object_per_line() -> None:
    first, second = (json.loads(line) for line in emit("json").splitlines())
    assert first["level"] == "info" and first["message"] == "checked"
    assert first["watch"] == "knee" and first["outcome"] == "unchanged" and first["seconds"] == 0.02
    assert first["time"].endswith("+00:00")
    assert second["level"] == "warning" and second["path"] == "seeds/x.toml"


def test_setting_up_twice_does_not_duplicate_lines() -> None:
    stream = io.StringIO()
    setup_logging("text", stream=io.StringIO())
    setup_logging("text", stream=stream)
    logging.getLogger("tracker.daemon").info("once")
    assert stream.getvalue().count("once") == 1
    with pytest.raises(ValueError, match="unknown log format"):
        setup_logging("xml")
