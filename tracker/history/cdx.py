"""Listing an archive's captures through the Wayback CDX API.

JSON with a header row, ``collapse=digest``, ``from``/``to``, paged with
``showResumeKey``/``resumeKey``: what the Internet Archive and pywb serve.
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlencode

from tracker.errors import FetchFailure
from tracker.history.archives import Archive, ArchivedCapture, replay_url, wayback_timestamp

__all__ = ["CDX_FIELDS", "CDX_PAGE_SIZE", "cdx_url", "parse_cdx_json"]

CDX_FIELDS = ("timestamp", "original", "statuscode", "mimetype", "digest", "length")
CDX_PAGE_SIZE = 1000


def parse_cdx_json(text: str, replay: str) -> tuple[list[ArchivedCapture], str | None]:
    """Rows of a CDX ``output=json`` answer, and its resume key when there is one.

    The first row names the fields; with ``showResumeKey=true`` an empty row and then a
    one-element row holding the key follow the captures. Rows that cannot be read are
    dropped rather than guessed at.
    """
    if not text.strip():
        return [], None
    try:
        rows = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise FetchFailure(f"the CDX server sent no valid JSON: {error}") from None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise FetchFailure("the CDX server sent JSON that is not a list of rows")
    if not rows:
        return [], None
    header = [str(name) for name in rows[0]]
    body = rows[1:] if "timestamp" in header else rows
    if "timestamp" not in header:
        header = list(CDX_FIELDS)
    resume: str | None = None
    captures: list[ArchivedCapture] = []
    for index, row in enumerate(body):
        if not row:
            tail = body[index + 1 : index + 2]
            if tail and tail[0]:
                resume = str(tail[0][0])
            break
        values = dict(zip(header, (str(value) for value in row), strict=False))
        timestamp = values.get("timestamp", "")
        original = values.get("original", "")
        try:
            moment = wayback_timestamp(timestamp)
        except ValueError:
            continue
        if not original:
            continue
        length = values.get("length", "")
        captures.append(
            ArchivedCapture(
                original=original,
                timestamp=timestamp,
                captured_at=moment,
                memento_url=replay_url(replay, timestamp, original),
                status=values.get("statuscode") or None,
                mimetype=(values.get("mimetype") or "").lower() or None,
                digest=values.get("digest") or None,
                length=int(length) if length.isdigit() else None,
            )
        )
    return captures, resume


def cdx_url(
    archive: Archive, url: str, start: date | None, end: date | None, resume: str | None
) -> str:
    params: list[tuple[str, str]] = [
        ("url", url),
        ("output", "json"),
        ("fl", ",".join(CDX_FIELDS)),
        ("collapse", "digest"),
        ("showResumeKey", "true"),
        ("limit", str(CDX_PAGE_SIZE)),
    ]
    if start is not None:
        params.append(("from", start.strftime("%Y%m%d")))
    if end is not None:
        params.append(("to", end.strftime("%Y%m%d")))
    if resume is not None:
        params.append(("resumeKey", resume))
    return f"{archive.endpoint}?{urlencode(params)}"
