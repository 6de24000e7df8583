"""Fixtures for site.js in a real Chromium: Sidekick on a live server, a customer's marketing
site on www.customer.test, and one fresh browser context (a new visitor) per test.

Chromium maps www.customer.test to 127.0.0.1 (--host-resolver-rules); the page and Sidekick are
then both on loopback, so Local Network Access lets the beacon through. Chromium runs in a
thread of its own (tests/browser_thread.py). Outside CI the tests skip when /usr/bin/chromium is
missing; under CI=true they fail.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from server.extensions import db
from server.tracking import site_key
from tests import databases
from tests.browser_thread import BrowserThread, browser_thread, collect_errors
from tests.databases import sqlite_app
from tests.factories import Factory
from tests.server.live_server import serving

CUSTOMER_HOST = "www.customer.test"
RESOLVE_CUSTOMER_HOST = f"--host-resolver-rules=MAP {CUSTOMER_HOST} 127.0.0.1"
WAIT_S = 10.0  # generous: the machine may be busy with other work

# The customer's marketing site: path -> (title, body). Every page carries the snippet.
PAGES = {
    "/": ("Customer – Home", '<h1>Welcome</h1><a id="pricing" href="/pricing">Pricing</a>'),
    "/pricing": ("Customer – Pricing", "<h1>Pricing</h1>"),
    "/features": ("Customer – Features", '<h1>Features</h1><h2 id="plans">Plans</h2>'),
    "/contact": ("Customer – Contact us", (
        '<h1>Talk to sales</h1><form method="post" action="/thanks"><input type="text" name="name">'
        '<input type="email" name="email"><button type="submit">Send</button></form>')),
    "/thanks": ("Customer – Thanks", "<h1>Thanks, we will be in touch</h1>"),
}


# --- Sidekick -------------------------------------------------------------------------------

@dataclass
class Exchanges:
    """WSGI middleware keeping each request's method, path, status and response headers:
    Playwright shows a beacon's response without its headers, so Set-Cookie is checked here."""

    app: Any
    log: list[tuple[str, str, str, dict[str, str]]] = field(default_factory=list)

    def __call__(self, environ, start_response):
        def start(status, headers, *args):
            self.log.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], status,
                             {name.lower(): value for name, value in headers}))
            return start_response(status, headers, *args)
        return self.app(environ, start)

    def to(self, path: str) -> list[tuple[str, str, dict[str, str]]]:
        return [(method, status, headers) for method, p, status, headers in self.log if p == path]


@dataclass
class Sidekick:
    url: str
    exchanges: Exchanges
    site_key: str


@pytest.fixture(scope="module")
def site_app(tmp_path_factory):
    with sqlite_app(tmp_path_factory.mktemp("site-js")) as app:
        yield app


@pytest.fixture(scope="module")
def live_sidekick(site_app) -> Iterator[Sidekick]:
    exchanges = Exchanges(site_app)
    with site_app.app_context():
        key = site_key()
    with serving(exchanges) as url:
        yield Sidekick(url, exchanges, key)


@pytest.fixture
def sidekick(site_app, live_sidekick) -> Iterator[Sidekick]:
    """The live server for one test, inside an app context; the tables are emptied afterwards."""
    live_sidekick.exchanges.log.clear()
    with site_app.app_context():
        yield live_sidekick
        db.session.remove()
        databases.empty_all_tables(db)


@pytest.fixture
def make(sidekick) -> Factory:
    return Factory()


def eventually(read: Callable[[], Any], what: str, timeout: float = WAIT_S) -> Any:
    """Poll ``read()`` against fresh database state until it is truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()  # end the read transaction so the server's commits show
        value = read()
        if value or time.monotonic() > deadline:
            assert value, f"waited {timeout:g} s for {what}"
            return value
        time.sleep(0.05)


# --- the customer's site --------------------------------------------------------------------

@pytest.fixture(scope="module")
def customer_site(live_sidekick) -> Iterator[str]:
    """The marketing site with the snippet in every page; yields its base URL."""
    snippet = (f'<script src="{live_sidekick.url}/t/site.js"'
               f' data-site-key="{live_sidekick.site_key}" async></script>')

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            found = PAGES.get(self.path.split("?")[0])
            body = (_page(*found, snippet) if found else "not found").encode()
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.do_GET()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://{CUSTOMER_HOST}:{server.server_port}"
    server.shutdown()
    server.server_close()


def _page(title: str, body: str, snippet: str) -> str:
    # The empty icon keeps Chromium from asking for /favicon.ico (a 404 in the console).
    return (f'<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">'
            f"<title>{title}</title>{snippet}</head><body>{body}</body></html>")


# --- Chromium ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser() -> Iterator[BrowserThread]:
    with browser_thread("site-js-browser", RESOLVE_CUSTOMER_HOST) as opened:
        yield opened


class Visitor:
    """One person browsing the customer's site: a fresh context (own localStorage, cookies).

    Methods run on the browser thread; ``errors`` collects console errors and page errors,
    ``beacons`` the hits to /t/v the page started.
    """

    def __init__(self, browser: BrowserThread, site: str, do_not_track: bool = False) -> None:
        self.browser, self.site, self.errors, self.beacons = browser, site, [], []
        browser.call(self._open, do_not_track)

    def _open(self, do_not_track: bool) -> None:
        self.context = self.browser.chromium.new_context()
        if do_not_track:  # what Chromium reports with "Send a Do Not Track request" on
            self.context.add_init_script(
                "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'})")
        self.page = self.context.new_page()
        collect_errors(self.page, self.errors)
        self.page.on("request", lambda r: r.url.endswith("/t/v") and self.beacons.append(r.method))

    def do(self, fn: Callable[[Any], Any]) -> Any:
        """Run ``fn(page)`` on the browser thread."""
        return self.browser.call(fn, self.page)

    def goes_to(self, path: str) -> str:
        """Open ``path`` on the customer's site; the address after the snippet has run (an async
        script delays the load event, which ``goto`` waits for)."""
        def go(page):
            page.goto(self.site + path)
            return page.url
        return self.do(go)

    @property
    def visitor_id(self) -> str | None:
        return self.do(lambda page: page.evaluate("localStorage.getItem('sk_vid')"))

    @property
    def cookies(self) -> list[dict]:
        return self.browser.call(self.context.cookies)

    def close(self) -> None:
        self.browser.call(self.context.close)


@pytest.fixture
def visitor(browser, customer_site, sidekick) -> Iterator[Visitor]:
    person = Visitor(browser, customer_site)
    yield person
    person.close()


@pytest.fixture
def private_visitor(browser, customer_site, sidekick) -> Iterator[Visitor]:
    """A visitor whose browser sends Do Not Track."""
    person = Visitor(browser, customer_site, do_not_track=True)
    yield person
    person.close()
