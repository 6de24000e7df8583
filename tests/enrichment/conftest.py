"""Fixtures for enrichment tests: a local HTTP site, fake DNS and page factories. No internet."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from enrichment.fetch import FetchSettings, SafeFetcher


@dataclass
class Route:
    status: int = 200
    body: bytes = b"<html><body><h1>Acme</h1></body></html>"
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class LocalSite:
    """A tiny web server on 127.0.0.1 whose pages the tests define per path."""

    port: int
    routes: dict[str, Route]
    hits: list[str]
    agents: list[str]

    def serve(self, path: str, **route: object) -> None:
        """Define what the site answers at path (status, body, content_type, headers)."""
        self.routes[path] = Route(**route)  # type: ignore[arg-type]

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def local_site() -> Iterator[LocalSite]:
    routes: dict[str, Route] = {"/": Route(), "/robots.txt": Route(body=b"User-agent: *\nDisallow: /private\n",
                                                      content_type="text/plain")}
    hits: list[str] = []
    agents: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            hits.append(self.path)
            agents.append(self.headers.get("User-Agent", ""))
            route = routes.get(self.path, Route(status=404, body=b"missing"))
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield LocalSite(port=server.server_address[1], routes=routes, hits=hits, agents=agents)
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_dns() -> dict[str, list[str]]:
    """Host name -> addresses, edited per test; unknown names fail like NXDOMAIN."""
    return {"acme.test": ["93.184.216.34"], "evil.test": ["10.0.0.1"]}


@pytest.fixture
def make_fetcher(local_site: LocalSite, fake_dns: dict[str, list[str]]) -> Callable[..., SafeFetcher]:
    """A SafeFetcher whose DNS is fake_dns and whose sockets all land on the local site.

    The connector records which vetted address each connection was pinned to.
    """

    def build(connected_to: list[str] | None = None, clock: Callable[[], float] | None = None,
              **overrides: object) -> SafeFetcher:
        def resolver(host: str, port: int) -> list[str]:
            if host == "127.0.0.1":
                return ["127.0.0.1"]
            if host not in fake_dns:
                from enrichment.errors import UnsafeURLError
                raise UnsafeURLError(f"{host} does not resolve")
            return fake_dns[host]

        def connect(address: tuple[str, int], timeout: float) -> socket.socket:
            if connected_to is not None:
                connected_to.append(address[0])
            return socket.create_connection(("127.0.0.1", local_site.port), timeout=timeout)

        settings = FetchSettings(resolver=resolver, connect=connect, **overrides)
        return SafeFetcher(settings=settings, clock=clock) if clock else SafeFetcher(settings=settings)

    return build
