"""Background jobs: one ``enqueue(fn, *args)`` whether or not Redis is configured.

With ``SIDEKICK_REDIS_URL`` set, jobs go to an RQ queue and run in ``sidekick worker``; without
it they run in a small in-process thread pool, each in its own app context. Either way a job that
raises runs again, up to ``JOB_ATTEMPTS`` times in all, so job functions must be safe to repeat.

Why RQ (not Celery or Huey): it needs nothing but the Redis we already use, a job is a plain
importable function, it is small enough to read, and it is actively maintained.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from flask import Flask, current_app, has_app_context

from server.extensions import db

log = logging.getLogger(__name__)
_EXTENSION = "sidekick_jobs"
_CREATE_LOCK = threading.Lock()


def enqueue(fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn(*args)`` in the background; returns an RQ Job or a Future."""
    app = current_app._get_current_object()
    if app.config.get("REDIS_URL"):
        from rq import Retry

        retries = app.config["JOB_ATTEMPTS"] - 1
        retry = Retry(max=retries, interval=int(app.config["JOB_RETRY_DELAY_S"])) if retries > 0 else None
        return rq_queue(app).enqueue_call(fn, args=args, retry=retry)
    return thread_queue(app).submit(fn, *args)


def rq_queue(app: Flask):
    """The RQ queue named ``JOB_QUEUE`` on ``REDIS_URL``."""
    from redis import Redis
    from rq import Queue

    return Queue(app.config["JOB_QUEUE"], connection=Redis.from_url(app.config["REDIS_URL"]))


def thread_queue(app: Flask) -> ThreadQueue:
    """The app's in-process pool, created on first use."""
    with _CREATE_LOCK:
        if _EXTENSION not in app.extensions:
            app.extensions[_EXTENSION] = ThreadQueue(app)
        return app.extensions[_EXTENSION]


def drain(timeout: float | None = 30) -> None:
    """Wait for this app's in-process jobs to finish (tests, orderly shutdown)."""
    queue = current_app.extensions.get(_EXTENSION)
    if queue is not None:
        queue.drain(timeout)


def in_app_context(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Give a job function an app context when its runner has none (e.g. a bare ``rq worker``)."""

    @functools.wraps(fn)
    def run(*args: Any) -> Any:
        if has_app_context():
            return fn(*args)
        from server import create_app

        with create_app().app_context():
            return fn(*args)

    return run


class ThreadQueue:
    """A thread pool that runs each job in a fresh app context and retries it when it raises."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._pool = ThreadPoolExecutor(app.config["JOB_THREADS"], thread_name_prefix="sidekick-job")
        self._futures: set[Future] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        future = self._pool.submit(self._run, fn, args)
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(self._forget)
        return future

    def drain(self, timeout: float | None) -> None:
        with self._lock:
            pending = set(self._futures)
        wait(pending, timeout=timeout)

    def _forget(self, future: Future) -> None:
        with self._lock:
            self._futures.discard(future)

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        name = getattr(fn, "__qualname__", repr(fn))
        attempts = max(1, self.app.config["JOB_ATTEMPTS"])
        for attempt in range(1, attempts + 1):
            with self.app.app_context():
                try:
                    return fn(*args)
                except Exception:
                    db.session.rollback()
                    if attempt == attempts:
                        log.exception("job %s failed for good after %d attempts", name, attempt)
                        raise
                    log.warning("job %s failed (attempt %d); retrying", name, attempt, exc_info=True)
            time.sleep(self.app.config["JOB_RETRY_DELAY_S"])
        return None
