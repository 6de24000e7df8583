"""HTTPS through the pinned connection: the socket goes to the vetted address, while TLS verifies
the certificate against the host name from the URL (so pinning never weakens verification)."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from enrichment import fetch as fetch_module
from enrichment.errors import FetchError
from enrichment.fetch import FetchSettings, SafeFetcher
from tests.ci import need

PAGE = b"<html><head><title>Acme over TLS</title></head><body>Hi</body></html>"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway self-signed certificate for acme.test, made with the openssl command."""
    need(shutil.which("openssl") is not None, "openssl is needed for the TLS fetch tests")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=acme.test",
         "-addext", "subjectAltName=DNS:acme.test", "-keyout", str(folder / "key.pem"),
         "-out", str(folder / "cert.pem")],
        check=True, capture_output=True, timeout=60,
    )
    return folder


@pytest.fixture
def tls_site(certificate: Path) -> Iterator[int]:
    """An HTTPS server on 127.0.0.1 presenting the acme.test certificate; yields its port."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            body = PAGE if self.path == "/" else b""
            self.send_response(200 if self.path == "/" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate / "cert.pem", certificate / "key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def trust_test_ca(monkeypatch: pytest.MonkeyPatch, certificate: Path) -> None:
    """The fetcher's default TLS context, but trusting only the throwaway certificate."""
    real = ssl.create_default_context
    monkeypatch.setattr(fetch_module.ssl, "create_default_context",
                        lambda *a, **k: real(cafile=str(certificate / "cert.pem")))


def tls_fetcher(port: int, dns: dict[str, list[str]], connected: list[str]) -> SafeFetcher:
    def connect(address: tuple[str, int], timeout: float) -> socket.socket:
        connected.append(address[0])
        return socket.create_connection(("127.0.0.1", port), timeout=timeout)

    return SafeFetcher(FetchSettings(resolver=lambda host, _port: dns[host], connect=connect,
                                     respect_robots=False))


def test_https_connects_to_the_vetted_address_and_verifies_the_host_name(tls_site, trust_test_ca) -> None:
    connected: list[str] = []
    page = tls_fetcher(tls_site, {"acme.test": ["93.184.216.34"]}, connected).fetch("https://acme.test/")
    assert "Acme over TLS" in page.html
    assert connected == ["93.184.216.34"]


def test_certificate_for_another_name_is_refused_even_at_a_vetted_address(tls_site, trust_test_ca) -> None:
    connected: list[str] = []
    fetcher = tls_fetcher(tls_site, {"impostor.test": ["93.184.216.34"]}, connected)
    with pytest.raises(FetchError, match="(?i)certificate|hostname"):
        fetcher.fetch("https://impostor.test/")
    assert connected == ["93.184.216.34"]


def test_untrusted_certificate_is_refused(tls_site) -> None:
    with pytest.raises(FetchError, match="(?i)certificate"):
        tls_fetcher(tls_site, {"acme.test": ["93.184.216.34"]}, []).fetch("https://acme.test/")
