"""Open-pixel load: serve Sidekick under gunicorn and hit /t/o/<token>.gif from this process.

``run_under_gunicorn`` starts gunicorn on a free loopback port and runs this file as a second
process that fires bounded requests (count and time) over keep-alive-less HTTP/1.1.
Standalone: ``python bench/pixel_load.py --base http://127.0.0.1:PORT --paths FILE``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
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


def run_under_gunicorn(database_url: str, secret: str, instance: str, paths: list[str],
                       requests: int, seconds: float, workers: int, threads: int = 1) -> dict:
    """``threads`` > 1 runs gthread workers (a sync worker idles while a client closes)."""
    port = _free_port()
    worker_class = ["-k", "gthread", "--threads", str(threads)] if threads > 1 else []
    env = dict(os.environ, SIDEKICK_DATABASE_URL=database_url, SIDEKICK_SECRET_KEY=secret,
               SIDEKICK_INSTANCE_PATH=instance, SIDEKICK_ENV="production",
               SIDEKICK_MACHINE_HIT_SECONDS="0", SIDEKICK_WORKER_EMBEDDED="false")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", str(workers), *worker_class,
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "server:create_app()"], cwd=ROOT, env=env)
    try:
        _wait_for(port)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(paths, handle)
        out = subprocess.run(
            [sys.executable, __file__, "--base", f"http://127.0.0.1:{port}", "--paths", handle.name,
             "--requests", str(requests), "--seconds", str(seconds)],
            capture_output=True, text=True, check=True, timeout=seconds + 60)
        return json.loads(out.stdout)
    finally:
        server.terminate()
        server.wait(timeout=30)


def load(base: str, paths: list[str], requests: int, seconds: float, threads: int = 16) -> dict:
    host, port = base.removeprefix("http://").split(":")
    counts = {"ok": 0, "errors": 0}
    lock, next_index = threading.Lock(), [0]
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline:
            with lock:
                n = next_index[0]
                if n >= requests:
                    return
                next_index[0] += 1
            try:
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
                conn.request("GET", f"/t/o/{paths[n % len(paths)]}", headers={"User-Agent": BROWSER})
                status = conn.getresponse().status
                conn.close()
                key = "ok" if status == 200 else "errors"
            except OSError:
                key = "errors"
            with lock:
                counts[key] += 1

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    return {**counts, "seconds": elapsed, "rate": (counts["ok"]) / elapsed}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--paths", required=True)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    print(json.dumps(load(args.base, json.loads(Path(args.paths).read_text()), args.requests, args.seconds)))
