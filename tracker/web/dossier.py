"""The evidence dossier of one article: a printable page, its PDF, its WARC and a WACZ.

What a researcher hands over: the timeline (versions and the gaps between them),
every stored change report, each version's capture provenance (time, URL and final
URL, HTTP status, sha256, WARC file and record id), ``verify``'s verdict at the time
of printing, and the annotations. The PDF is the system Chromium's print-to-PDF of
that same page; the WACZ is the article's WARC with the CDXJ index and page list
ReplayWeb.page reads, built with zipfile (the ``wacz`` package would bring a data
validation framework and a suffix list fetched at run time for this one zip).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup
from warcio.archiveiterator import ArchiveIterator

from tracker import __version__
from tracker.errors import UsageError
from tracker.links import Links
from tracker.model import ChangeReport
from tracker.render.html import REPORT_CSS
from tracker.store import Annotation, AnnotationQuery, Index, Problem
from tracker.store.rows import iso_utc, utc_now
from tracker.web.data import Listed, Timeline, Version, timeline, version_record
from tracker.web.templating import render

__all__ = [
    "DOSSIER_CSS",
    "Dossier",
    "VersionEvidence",
    "build_dossier",
    "dossier_html",
    "print_pdf",
    "write_evidence",
    "write_wacz",
]

_STATIC = resources.files("tracker.web") / "static"
DOSSIER_CSS = (_STATIC / "dossier.css").read_text("utf-8")

PDF_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-pdf-header-footer",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
PDF_TIMEOUT_S = 120


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionEvidence:
    """One version with where it came from and what was said of the change it made."""

    version: Version
    status: int | None  # the HTTP status of the capture that stored it
    record_id: str | None
    warc_date: str | None
    report: ChangeReport | None  # the change that introduced it; None for the first
    report_json: dict[str, Any] | None
    annotations: list[Annotation]

    def to_json(self) -> dict[str, Any]:
        row = self.version.row
        return {
            "number": self.version.number,
            "snapshot": row.id,
            "origin": self.version.origin,
            "captured_at": iso_utc(row.fetched_at),
            "url": row.url,
            "final_url": row.final_url,
            "http_status": self.status,
            "body_sha256": row.body_sha256,
            "warc_file": row.warc_file,
            "warc_offset": row.warc_offset,
            "warc_record_id": self.record_id,
            "warc_date": self.warc_date,
            "report": self.report_json,
            "annotations": [annotation.to_json() for annotation in self.annotations],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Dossier:
    timeline: Timeline
    versions: list[VersionEvidence]  # oldest first
    problems: list[Problem]  # what verify found wrong with this article's evidence
    other_problems: int  # and elsewhere in the data directory
    printed_at: datetime

    @property
    def verdict(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problem(s) in this article's evidence"
        if self.other_problems:
            return f"this article's evidence is intact ({self.other_problems} problem(s) elsewhere)"
        return "intact: every stored file matches its hash"

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.timeline.url,
            "name": self.timeline.name,
            "printed_at": iso_utc(self.printed_at),
            "tracker": __version__,
            "verify": {
                "verdict": self.verdict,
                "problems": [str(problem) for problem in self.problems],
                "other_problems": self.other_problems,
            },
            "versions": [version.to_json() for version in self.versions],
            "checks": [check.to_json() for check in self.timeline.checks[::-1]],
            "gaps": [gap.to_json() for gap in self.timeline.gaps[::-1]],
        }


def _concerns(problem: Problem, rows: set[str], files: set[str]) -> bool:
    """Whether a problem ``verify`` found is in one of these rows or stored files."""
    return problem.where in rows or any(name in problem.where for name in files)


def build_dossier(index: Index, url: str, listed: Mapping[str, Listed]) -> Dossier:
    """Everything the dossier of ``url`` shows, read now (verify included)."""
    line = timeline(index, url, "", listed)
    statuses = {check.id: check.http_status for check in line.checks}
    versions = []
    for version in line.versions[::-1]:
        record = version_record(index, version.row)
        stored = index.report_for_snapshot(version.row.id)
        versions.append(
            VersionEvidence(
                version=version,
                status=statuses.get(version.row.check_id, record.status),
                record_id=record.record_id,
                warc_date=record.warc_date,
                report=ChangeReport.from_json(stored) if stored is not None else None,
                report_json=stored,
                annotations=index.annotations(AnnotationQuery(snapshot_id=version.row.id)),
            )
        )
    rows = {f"check {check.id}" for check in line.checks}
    rows |= {f"snapshot {v.row.id}" for v in line.versions}
    files = {v.row.warc_file for v in line.versions} | {
        v.row.document_sha256 for v in line.versions
    }
    problems = index.verify()
    concerning = [problem for problem in problems if _concerns(problem, rows, files)]
    return Dossier(
        timeline=line,
        versions=versions,
        problems=concerning,
        other_problems=len(problems) - len(concerning),
        printed_at=utc_now(),
    )


def print_pdf(html: str, out: Path, chromium: str) -> None:
    """``html`` printed to ``out`` by Chromium's print-to-PDF (UsageError when it fails)."""
    with tempfile.TemporaryDirectory(prefix="tracker-dossier-") as scratch:
        page = Path(scratch) / "dossier.html"
        page.write_text(html, encoding="utf-8")
        command = [
            chromium,
            *PDF_FLAGS,
            f"--user-data-dir={Path(scratch) / 'profile'}",
            f"--print-to-pdf={out.resolve()}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=PDF_TIMEOUT_S, check=False, text=True
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise UsageError(f"Chromium could not print the dossier: {error}") from None
    if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        detail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise UsageError(f"Chromium could not print the dossier: {detail[0]}")


def _surt(url: str) -> str:
    """The SURT key CDXJ indexes sort by: host labels reversed, then the path."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host.replace(".", "").isdigit():  # an IPv4 address keeps its order
        host = ",".join(reversed(host.split(".")))
    key = host + ")" + (parts.path or "/").lower()
    return key + (f"?{parts.query}" if parts.query else "")


def _cdxj_lines(warc: Path) -> tuple[list[str], list[dict[str, Any]]]:
    """CDXJ lines for every response and revisit of ``warc``, and pages.jsonl's pages."""
    lines: list[tuple[str, str]] = []
    pages: list[dict[str, Any]] = []
    with warc.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            kind = record.rec_type
            if kind not in {"response", "revisit"}:
                continue
            headers = record.rec_headers
            url = headers.get_header("WARC-Target-URI") or ""
            date = headers.get_header("WARC-Date") or ""
            stamp = "".join(ch for ch in date if ch.isdigit())[:14]
            fields: dict[str, Any] = {"url": url, "mime": "text/html"}
            if record.http_headers is not None:
                fields["status"] = record.http_headers.get_statuscode()
                fields["mime"] = (record.http_headers.get_header("Content-Type") or "").split(";")[
                    0
                ] or "unk"
            if digest := headers.get_header("WARC-Payload-Digest"):
                fields["digest"] = digest
            if kind == "revisit":
                fields["mime"] = "warc/revisit"
            record.content_stream().read()
            fields["offset"] = records.get_record_offset()
            fields["length"] = records.get_record_length()
            fields["filename"] = warc.name
            lines.append((f"{_surt(url)} {stamp}", json.dumps(fields, sort_keys=True)))
            if kind == "response":
                pages.append({"id": headers.get_header("WARC-Record-ID"), "url": url, "ts": date})
    return [f"{key} {value}" for key, value in sorted(lines)], pages


def write_wacz(warc: Path, out: Path, title: str) -> None:
    """Package ``warc`` as a WACZ 1.1.1 file ReplayWeb.page opens."""
    index, pages = _cdxj_lines(warc)
    files = {
        f"archive/{warc.name}": warc.read_bytes(),
        "indexes/index.cdxj": ("\n".join(index) + "\n").encode("utf-8"),
        "pages/pages.jsonl": "\n".join(
            json.dumps(line, ensure_ascii=False)
            for line in [{"format": "json-pages-1.0", "id": "pages", "title": title}, *pages]
        ).encode("utf-8")
        + b"\n",
    }
    package = {
        "profile": "data-package",
        "wacz_version": "1.1.1",
        "title": title,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "software": f"tracker {__version__}",
        "mainPageUrl": pages[0]["url"] if pages else None,
        "resources": [
            {
                "name": Path(name).name,
                "path": name,
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
            }
            for name, data in files.items()
        ],
    }
    with zipfile.ZipFile(out, "w") as package_zip:
        for name, data in files.items():
            stored = zipfile.ZIP_STORED if name.endswith(".gz") else zipfile.ZIP_DEFLATED
            package_zip.writestr(name, data, compress_type=stored)
        package_zip.writestr(
            "datapackage.json", json.dumps(package, indent=2), compress_type=zipfile.ZIP_DEFLATED
        )


def dossier_html(
    dossier: Dossier,
    downloads: Mapping[str, str],
    *,
    standalone: bool,
    base_url: str | None = None,
) -> str:
    """The dossier as a page: ``standalone`` carries its stylesheets inside (a file), else
    it links the workspace's (served under the workspace's Content-Security-Policy).
    A file links into the workspace only when told where it is served (``base_url``)."""
    css = None
    if standalone:
        workspace = (_STATIC / "workspace.css").read_text("utf-8")
        css = Markup("\n".join((workspace, REPORT_CSS, DOSSIER_CSS)))
    return render(
        "dossier.html",
        d=dossier,
        evidence={item.version.row.id: item for item in dossier.versions},
        downloads=downloads,
        css=css,
        version=__version__,
        links=Links(base_url or ""),
        workspace=not standalone or base_url is not None,
    )


def write_evidence(index: Index, url: str, warc: Path, wacz: Path, title: str) -> None:
    """The article's captures as a WARC file and as a WACZ package of it."""
    index.export_warc(url, warc)
    write_wacz(warc, wacz, title)
