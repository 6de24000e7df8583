"""Enrichment fixtures: a prospect's website on 127.0.0.1, crawler settings for tests, jobs drained."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from enrichment import UnsafeURLError
from server import jobs
from server.services import enrichment_crawl

SITE_HOST = "acme-robotics.com"


def _jsonld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _person(name: str, title: str, email: str | None = None) -> dict:
    return {"@context": "https://schema.org", "@type": "Person", "name": name, "jobTitle": title,
            **({"email": email} if email else {})}


HOME = f"""<!doctype html><html><head><title>Acme Robotics | Warehouse robots</title>
<meta name="description" content="Acme Robotics builds warehouse picking robots.">
{_jsonld({"@context": "https://schema.org", "@type": "Organization", "name": "Acme Robotics",
          "url": "https://acme-robotics.com/", "telephone": "+1 617 555 0100"})}
</head><body><h1>Acme Robotics</h1><nav><a href="/about">About us</a> <a href="/team">Our team</a>
<a href="/blog">Blog</a></nav><p>Call us: <a href="tel:+16175550100">+1 617 555 0100</a></p></body></html>"""

TEAM = f"""<!doctype html><html><head><title>Our team | Acme Robotics</title>
{_jsonld(_person("Jane Doe", "Chief Executive Officer", "jane@acme-robotics.com"))}
{_jsonld(_person("Raj Patel", "VP of Sales"))}
</head><body><h1>Our team</h1><div class="person"><h3>Jane Doe</h3><p>Chief Executive Officer</p></div>
<div class="person"><h3>Raj Patel</h3><p>VP of Sales</p></div></body></html>"""

ABOUT = """<!doctype html><html><head><title>About | Acme Robotics</title></head><body>
<h1>About Acme Robotics</h1><p>We are a team of 40 engineers in Boston.</p>
<p>Write to <a href="mailto:hello@acme-robotics.com">hello@acme-robotics.com</a></p></body></html>"""


class Site:
    """A small prospect website served from 127.0.0.1 under a realistic host name."""

    def __init__(self, pages: dict[str, str]) -> None:
        self.pages, self.requests = pages, []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(self.path)
                body = site.pages.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write((body or "not found").encode())

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://{SITE_HOST}:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def crawler_for_tests(app, monkeypatch):
    """Loopback allowed, no real network (only SITE_HOST resolves), retries without delay.

    Background jobs are drained before the tables are emptied.
    """
    monkeypatch.setitem(app.config, "CRAWL_ALLOW_LOOPBACK", True)
    monkeypatch.setitem(app.config, "CRAWL_DEADLINE_S", 5.0)
    monkeypatch.setitem(app.config, "JOB_RETRY_DELAY_S", 0)

    def resolve(host: str, port: int) -> list[str]:
        if host == SITE_HOST:
            return ["127.0.0.1"]
        raise UnsafeURLError(f"{host} does not resolve in tests")

    monkeypatch.setattr(enrichment_crawl, "resolve_host", resolve)
    yield
    jobs.drain(timeout=30)


@pytest.fixture
def site():
    served = Site({"/": HOME, "/team": TEAM, "/about": ABOUT})
    yield served
    served.close()


@pytest.fixture
def rep(make):
    return make.user("rep", make.team())
