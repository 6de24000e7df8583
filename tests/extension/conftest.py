"""Fixtures for the browser tests: the real app on loopback, a prospect-page server and
Chromium with the unpacked extension, one persistent profile per rep.

Chromium maps every host name to 127.0.0.1 (--host-resolver-rules), so prospect pages are
served under realistic names (www.fluxfederation.com:PORT) by one local server that routes by
the Host header. Outside CI the tests skip when /usr/bin/chromium is missing; under CI=true
they fail instead.
"""

from __future__ import annotations

import json
import shutil
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from server.extensions import db
from server.jobs import drain
from tests import databases
from tests.browser_thread import CHROMIUM
from tests.ci import need
from tests.databases import sqlite_app
from tests.factories import Factory

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
ARTIFACTS = ROOT / "tests" / "artifacts"
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURE_PAGES = Path(__file__).parent / "pages"
EXTENSION_ID = "hcdhehekgekfajpebdpfhmaakjdnbnkl"  # pinned by the manifest's "key"


# --- the API server -----------------------------------------------------------------------

class TimedApp:
    """WSGI middleware recording how long the server spent on each request path, and how
    large each request body was."""

    def __init__(self, app) -> None:
        self.app, self.timings, self.body_sizes = app, [], []

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        self.body_sizes.append((environ["PATH_INFO"], int(environ.get("CONTENT_LENGTH") or 0)))
        try:
            return self.app(environ, start_response)
        finally:
            self.timings.append((environ["PATH_INFO"], time.perf_counter() - started))


class ApiServer:
    """The real app served threaded on a loopback port; ``stop``/``start`` keep the port."""

    def __init__(self, app) -> None:
        self.app, self.wsgi, self.port, self._server = app, TimedApp(app), 0, None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._server = make_server("127.0.0.1", self.port, self.wsgi, threaded=True)
        self.port = self._server.server_port
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="session")
def browser_app(tmp_path_factory):
    """One app on a temporary SQLite database; the crawler may reach the local page server."""
    with sqlite_app(tmp_path_factory.mktemp("browser-app"), CRAWL_ALLOW_LOOPBACK=True,
                    CRAWL_DEADLINE_S=4.0, CRAWL_MAX_PAGES=3) as app:
        yield app


@pytest.fixture(scope="session")
def api_server(browser_app) -> Iterator[ApiServer]:
    server = ApiServer(browser_app)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def api(browser_app, api_server, monkeypatch):
    """The live server for one test; prospect hosts resolve to loopback for the crawler too;
    the tables are emptied afterwards."""
    monkeypatch.setattr("server.services.enrichment_crawl.resolve_host",
                        lambda host, port: ["127.0.0.1"])
    api_server.wsgi.timings.clear()
    api_server.wsgi.body_sizes.clear()
    with browser_app.app_context():
        yield api_server
        drain(30)
        db.session.remove()
        databases.empty_all_tables(db)


@pytest.fixture
def make(api) -> Factory:
    return Factory()


# --- prospect pages -----------------------------------------------------------------------

@dataclass
class PageServer:
    """Serves pages by (host, path); logs every request so tests can prove nothing leaked.

    The same routes are also served over TLS (self-signed) on ``https_port``, to which
    Chromium maps every host's port 443: links the extension builds as https://domain/ work.
    """

    port: int = 0
    https_port: int = 0
    routes: dict[tuple[str, str], tuple[bytes, str]] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)

    def serve(self, host: str, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8") -> str:
        self.routes[(host, path)] = (body.encode() if isinstance(body, str) else body, content_type)
        return self.url(host, path)

    def serve_corpus(self, host: str, path: str, filename: str) -> str:
        need(CORPUS.is_dir(), f"the corpus is missing at {CORPUS}")
        return self.serve(host, path, (CORPUS / "pages" / filename).read_bytes())

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture(scope="session")
def page_server(tmp_path_factory) -> Iterator[PageServer]:
    pages = PageServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            host = (self.headers.get("Host") or "").split(":")[0]
            pages.log.append((host, self.path))
            found = pages.routes.get((host, self.path.split("?")[0]))
            body, content_type = found or (b"not found", "text/plain")
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler)]
    pages.port = servers[0].server_port
    certificate = _self_signed_certificate(tmp_path_factory.mktemp("page-tls"))
    if certificate is not None:
        tls = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*certificate)
        tls.socket = context.wrap_socket(tls.socket, server_side=True)
        pages.https_port = tls.server_port
        servers.append(tls)
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield pages
    for server in servers:
        server.shutdown()
        server.server_close()


def _self_signed_certificate(folder: Path) -> tuple[str, str] | None:
    """(cert, key) files made with the openssl CLI; None when openssl is missing."""
    if shutil.which("openssl") is None:
        return None
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=prospect.test", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    return cert, key


@pytest.fixture
def pages(page_server) -> Iterator[PageServer]:
    yield page_server
    page_server.routes.clear()
    page_server.log.clear()


# --- Chromium with the extension ----------------------------------------------------------

@pytest.fixture(scope="session")
def playwright_session():
    need(CHROMIUM.exists(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@dataclass
class Profile:
    """One rep's browser: a persistent context with the extension loaded."""

    context: object
    directory: str

    @property
    def worker(self):
        return self.context.service_workers[-1]

    def configure(self, server_url: str, token: str, **settings) -> None:
        values = {"serverUrl": server_url, "apiToken": token, "schemaVersion": 1, **settings}
        self.worker.evaluate(f"chrome.storage.local.set({json.dumps(values)})")

    def extension_page(self, name: str):
        page = self.context.new_page()
        page.goto(f"chrome-extension://{EXTENSION_ID}/{name}")
        return page

    def open_sidebar(self, url: str):
        """Go to ``url``, click the tab; returns (page, frame locator of the sidebar)."""
        page = self.context.new_page()
        page.goto(url)
        page.locator("#sidekick-tab").click()
        return page, page.frame_locator("#sidekick-sidebar")


@pytest.fixture
def launch(playwright_session, page_server) -> Iterator:
    """``launch()`` starts a fresh profile; all are closed and removed after the test."""
    profiles: list[Profile] = []

    def start() -> Profile:
        directory = tempfile.mkdtemp(prefix="sidekick-profile-")
        rules = "MAP * 127.0.0.1"
        if page_server.https_port:  # https://any-host/ goes to the TLS page server
            rules = f"MAP *:443 127.0.0.1:{page_server.https_port}, {rules}"
        context = playwright_session.chromium.launch_persistent_context(
            directory, executable_path=str(CHROMIUM), headless=True,
            viewport={"width": 1280, "height": 800},
            args=[f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}",
                  f"--host-resolver-rules={rules}", "--ignore-certificate-errors",
                  "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        if not context.service_workers:
            context.wait_for_event("serviceworker")
        profile = Profile(context, directory)
        assert EXTENSION_ID in profile.worker.url
        profiles.append(profile)
        return profile

    yield start
    for profile in profiles:
        profile.context.close()
        shutil.rmtree(profile.directory, ignore_errors=True)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
