"""WARC files written the way crawlers write them (warcinfo, request/response pairs,
revisits, bodies as they went over the wire), for the tests that import them."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import brotli
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tracker.store.warc_records import payload_digest


def chunked(body: bytes, size: int = 100) -> bytes:
    parts = [
        f"{len(body[i : i + size]):x}\r\n".encode() + body[i : i + size] + b"\r\n"
        for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


class Crawl:
    """Writes a WARC file the way crawlers do: warcinfo, request/response pairs, revisits."""

    def __init__(self, *, compress: bool = True) -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=compress)
        self.writer.write_record(
            self.writer.create_warcinfo_record("crawl.warc.gz", {"software": "Wget/1.21"})
        )

    def response(
        self,
        url: str,
        when: str,
        body: bytes,
        *,
        content_type: str = "text/html; charset=utf-8",
        status: str = "200 OK",
        wire: str = "plain",
    ) -> str:
        headers = [("Content-Type", content_type)]
        payload = body
        if wire == "chunked-gzip":  # as wget stores it: the bytes on the wire
            payload = chunked(gzip.compress(body))
            headers += [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
        elif wire == "br":
            payload = brotli.compress(body)
            headers += [("Content-Encoding", "br"), ("Content-Length", str(len(payload)))]
        elif wire == "decoded-but-labelled-gzip":  # a tool that decoded and kept the header
            headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))]
        else:
            headers.append(("Content-Length", str(len(body))))
        record = self.writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(payload),
            length=len(payload),
            http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": when},
        )
        request = self.writer.create_warc_record(
            url,
            "request",
            http_headers=StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "harbourjoint.example")], is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": when},
        )
        self.writer.write_record(record)
        self.writer.write_record(request)
        return record.rec_headers.get_header("WARC-Record-ID")

    def revisit(self, url: str, when: str, body: bytes, refers_to: str, refers_date: str) -> None:
        record = self.writer.create_revisit_record(
            url,
            payload_digest(body),
            url,
            refers_date,
            http_headers=StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            ),
            warc_headers_dict={"WARC-Date": when, "WARC-Refers-To": refers_to},
        )
        self.writer.write_record(record)

    def save(self, path: Path) -> Path:
        path.write_bytes(self.buffer.getvalue())
        return path
