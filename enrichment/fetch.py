"""Safe page fetching for enrichment: public addresses only, pinned connections, bounded bodies.

Every hop (including each redirect) is resolved and vetted, and the socket connects to the vetted
address itself (Host header and TLS SNI carry the name), so DNS rebinding cannot redirect it.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from protego import Protego

from enrichment.addresses import Resolver, system_resolver, vetted_address
from enrichment.charsets import decode_html
from enrichment.errors import FetchError, UnsafeURLError

USER_AGENT = "SidekickBot/0.1 (+https://github.com/sidekick)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchSettings:
    """Limits for one fetcher; ``allow_loopback`` exists for tests against a local server only."""

    user_agent: str = USER_AGENT
    connect_timeout_s: float = 4.0
    read_timeout_s: float = 6.0
    deadline_s: float = 10.0
    max_bytes: int = 2 * 1024 * 1024
    max_redirects: int = 5
    cache_ttl_s: float = 900.0
    per_host_concurrency: int = 2
    respect_robots: bool = True
    allow_loopback: bool = False
    resolver: Resolver = system_resolver
    connect: Callable[[tuple[str, int], float], socket.socket] = socket.create_connection


@dataclass(frozen=True)
class FetchedPage:
    url: str
    status: int
    html: str
    content_type: str


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to a pre-vetted IP while speaking HTTP to the original host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float,
                 opener: Callable[[tuple[str, int], float], socket.socket]) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address
        self._opener = opener

    def connect(self) -> None:
        self.sock = self._opener((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


@dataclass
class SafeFetcher:
    """Fetches HTML pages for enrichment under FetchSettings; safe to share between threads."""

    settings: FetchSettings = field(default_factory=FetchSettings)
    clock: Callable[[], float] = time.monotonic
    _cache: dict[str, tuple[float, FetchedPage]] = field(default_factory=dict)
    _robots: dict[str, Protego | None] = field(default_factory=dict)
    _host_slots: dict[str, threading.BoundedSemaphore] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fetch(self, url: str, *, deadline: float | None = None) -> FetchedPage:
        """GET an HTML page, following up to max_redirects vetted redirects.

        :param deadline: absolute ``clock()`` time to give up by (default: now + deadline_s).
        :raises UnsafeURLError: bad scheme or a hop resolving to a non-public address.
        :raises FetchError: timeouts, robots.txt refusal, non-HTML or oversized bodies, HTTP errors.
        """
        now = self.clock()
        deadline = min(deadline or now + self.settings.deadline_s, now + self.settings.deadline_s)
        cached = self._cache.get(url)
        if cached and cached[0] > now:
            return cached[1]
        current = url
        for _ in range(self.settings.max_redirects + 1):
            if self.settings.respect_robots and not self._robots_allow(current, deadline):
                raise FetchError(f"robots.txt of {urlsplit(current).hostname} disallows {current}")
            status, headers, body = self._request(current, deadline, html_only=True)
            if status in _REDIRECTS and headers.get("location"):
                current = urljoin(current, headers["location"])
                continue
            if status >= 400:
                raise FetchError(f"{current} answered HTTP {status}")
            content_type = headers.get("content-type", "")
            page = FetchedPage(current, status, decode_html(body, content_type), content_type)
            with self._lock:
                self._cache[url] = (self.clock() + self.settings.cache_ttl_s, page)
            return page
        raise FetchError(f"{url} redirected more than {self.settings.max_redirects} times")

    def _request(self, url: str, deadline: float, html_only: bool) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise UnsafeURLError(f"only http and https URLs can be fetched, not {parts.scheme or 'none'}")
        if not parts.hostname:
            raise UnsafeURLError(f"{url} has no host name")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise UnsafeURLError(f"{url} has an invalid port") from exc
        address = vetted_address(parts.hostname, port, self.settings.resolver, self.settings.allow_loopback)
        connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        timeout = max(0.05, min(self.settings.connect_timeout_s, deadline - self.clock()))
        connection = connection_class(parts.hostname, port, address, timeout, self.settings.connect)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        with self._slot(parts.hostname):
            try:
                connection.request("GET", path, headers={
                    "User-Agent": self.settings.user_agent, "Accept": "text/html,application/xhtml+xml",
                    "Accept-Encoding": "identity"})
                if connection.sock is not None:
                    connection.sock.settimeout(min(self.settings.read_timeout_s, max(0.05, deadline - self.clock())))
                response = connection.getresponse()
                headers = {k.lower(): v for k, v in response.getheaders()}
                if response.status in _REDIRECTS or response.status >= 400:
                    return response.status, headers, b""
                if html_only and not headers.get("content-type", "").lower().startswith(_HTML_TYPES):
                    raise FetchError(f"{url} is {headers.get('content-type') or 'untyped'}, not an HTML page")
                return response.status, headers, self._read_capped(response, url, deadline)
            except (OSError, http.client.HTTPException) as exc:
                raise FetchError(f"could not fetch {url}: {exc}") from exc
            finally:
                connection.close()

    def _read_capped(self, response: http.client.HTTPResponse, url: str, deadline: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(_CHUNK):
            size += len(chunk)
            if size > self.settings.max_bytes:
                raise FetchError(f"{url} is larger than {self.settings.max_bytes} bytes")
            if self.clock() > deadline:
                raise FetchError(f"{url} took longer than the deadline")
            chunks.append(chunk)
        return b"".join(chunks)

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        """At most per_host_concurrency requests in flight to one host, to stay polite."""
        with self._lock:
            if host not in self._host_slots:
                self._host_slots[host] = threading.BoundedSemaphore(self.settings.per_host_concurrency)
            return self._host_slots[host]

    def _robots_allow(self, url: str, deadline: float) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            rules: Protego | None = None
            try:
                status, _, body = self._request(origin + "/robots.txt", deadline, html_only=False)
                if status < 300:
                    rules = Protego.parse(body.decode("utf-8", "replace"))
            except UnsafeURLError:
                raise
            except FetchError:
                rules = None  # no readable robots.txt: crawling is allowed
            self._robots[origin] = rules
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(url, self.settings.user_agent)
