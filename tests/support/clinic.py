"""Hand-written article pages of a small clinic site, and a server for them on 127.0.0.1."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def clinic_page(
    *, patients: int = 400, hedge: str = "may help", chrome: str = "Book a visit"
) -> str:
    """A clinic blog post in the shape of a page-builder site: nav, article, references, footer."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Cartilage regeneration for knee arthritis | Northfield Joint Clinic</title>
<meta property="article:modified_time" content="2025-02-11T09:00:00Z">
</head><body>
<div class="navbar w-nav"><a href="/">Home</a><a href="/treatments">Treatments</a>
<a href="/contact" class="button">{chrome}</a></div>
<main><article class="blog-post w-richtext">
<h1>Cartilage regeneration for knee arthritis</h1>
<p class="post-date">Updated on February 11, 2025</p>
<p>Knee arthritis wears down the smooth cartilage that lets the joint glide. Our physicians
have treated {patients} patients with injections of concentrated cells drawn from the
patient's own bone marrow.</p>
<p>Regenerative injections {hedge} reduce pain and stiffness within three months (1). A
controlled trial reported better walking distance after one year (2).</p>
<h2>Who is a candidate?</h2>
<p>Adults with mild to moderate arthritis who have not improved with physiotherapy are
usually considered. Severe deformity of the joint is better served by surgery.</p>
<h2>References</h2>
<ol>
<li>Marsh K, Oduya T. Marrow aspirate injections for knee osteoarthritis. J Orthop Res.
2019;37(4):812-820. doi:10.1002/jor.24211</li>
<li>Lindqvist H, et al. Cell therapy versus saline in knee arthritis: a randomized trial.
Am J Sports Med. 2021;49(2):301-309.</li>
</ol>
</article></main>
<div class="w-form"><form><input type="email" placeholder="Your email"></form>
<div class="w-form-done">Thank you! Your submission has been received!</div></div>
<footer class="footer">© 2025 Northfield Joint Clinic. All rights reserved.</footer>
</body></html>
"""


@dataclass
class Site:
    """A tiny web server: ``pages[path]`` is served with an ETag; ``delay`` slows each answer."""

    url: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    requests: list[str] = field(default_factory=list)
    on_request: Callable[[str], None] | None = None

    def page_url(self, path: str) -> str:
        return self.url + path


def serve(site: Site) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            site.requests.append(self.path)
            if site.on_request is not None:
                site.on_request(self.path)
            body_text = site.pages.get(self.path)
            if body_text is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if site.delay:
                time.sleep(site.delay)
            body = body_text.encode("utf-8")
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
