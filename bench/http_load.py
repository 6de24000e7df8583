"""HTTP load on Sidekick under gunicorn, fired from a second process on loopback.

``serve`` starts gunicorn on a free loopback port; ``run`` runs this file as a second process
that fires bounded requests (count and time) over keep-alive-less HTTP/1.1, in one of two kinds:
  * ``pixel``: GET /t/o/<token>.gif, one path per request;
  * ``events``: POST /api/v1/events, one prepared batch per request, with an integration token.
Standalone: ``python bench/http_load.py --base http://127.0.0.1:PORT --kind pixel --requests FILE``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


@contextlib.contextmanager
def serve(database_url: str, secret: str, instance: str, workers: int, threads: int = 1) -> Iterator[str]:
    """Sidekick under gunicorn; yields its base URL. ``threads`` > 1 runs gthread workers."""
    port = _free_port()
    worker_class = ["-k", "gthread", "--threads", str(threads)] if threads > 1 else []
    env = dict(os.environ, SIDEKICK_DATABASE_URL=database_url, SIDEKICK_SECRET_KEY=secret,
               SIDEKICK_INSTANCE_PATH=instance, SIDEKICK_ENV="production",
               SIDEKICK_MACHINE_HIT_SECONDS="0", SIDEKICK_WORKER_EMBEDDED="false")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", str(workers), *worker_class,
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "server.wsgi:app"], cwd=ROOT, env=env)
    try:
        _wait_for(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(base: str, kind: str, requests: list, count: int, seconds: float, threads: int) -> dict:
    """Fire ``count`` requests (at most ``seconds``) of ``kind`` from a second process."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(requests, handle)
    out = subprocess.run(
        [sys.executable, __file__, "--base", base, "--kind", kind, "--requests", handle.name,
         "--count", str(count), "--seconds", str(seconds), "--threads", str(threads)],
        capture_output=True, text=True, check=True, timeout=seconds + 60)
    os.unlink(handle.name)
    return json.loads(out.stdout)


def _pixel(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", f"/t/o/{path}", headers={"User-Agent": BROWSER})
    return 1 if conn.getresponse().status == 200 else 0


def _events(conn: http.client.HTTPConnection, batch: dict) -> int:
    conn.request("POST", "/api/v1/events", body=json.dumps({"events": batch["events"]}),
                 headers={"Authorization": f"Bearer {batch['token']}", "Content-Type": "application/json"})
    response = conn.getresponse()
    body = json.loads(response.read())
    return body["created"] + body["duplicates"] if response.status == 200 and not body["rejected"] else 0


def load(base: str, kind: str, requests: list, count: int, seconds: float, threads: int) -> dict:
    """``ok``: what succeeded (pixels served, events taken); ``rate``: ``ok`` per second."""
    send = {"pixel": _pixel, "events": _events}[kind]
    host, port = base.removeprefix("http://").split(":")
    counts = {"ok": 0, "errors": 0}
    lock, next_index = threading.Lock(), [0]
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline:
            with lock:
                n = next_index[0]
                if n >= count:
                    return
                next_index[0] += 1
            try:
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
                ok = send(conn, requests[n % len(requests)])
                conn.close()
            except OSError:
                ok = 0
            with lock:
                counts["ok"] += ok
                counts["errors"] += not ok

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    return {**counts, "seconds": elapsed, "rate": counts["ok"] / elapsed}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--kind", choices=("pixel", "events"), required=True)
    parser.add_argument("--requests", required=True, help="JSON file: pixel paths or event batches")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    print(json.dumps(load(args.base, args.kind, json.loads(Path(args.requests).read_text()),
                          args.count, args.seconds, args.threads)))
