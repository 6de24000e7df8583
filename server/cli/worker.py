"""``sidekick worker``: run queued background jobs (RQ on Redis) and the periodic tasks.

To add a periodic task (e.g. sending due cadence steps), append a ``PeriodicTask`` to
``PERIODIC_TASKS``; the worker calls it every ``every_s`` seconds inside an app context.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click
from flask import Flask, current_app
from rq import Worker

from server.extensions import db
from server.jobs import rq_queue

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    every_s: float
    run: Callable[[], Any]
    every_setting: str | None = None  # a config key that overrides ``every_s``

    def interval(self, app: Flask) -> float:
        return float(app.config.get(self.every_setting, self.every_s)) if self.every_setting else self.every_s


def _due_cadences() -> Any:
    from server.services.cadence_worker import run_due_cadences

    return run_due_cadences(current_app.config)


def _stale_ownership() -> Any:
    """Issue 5: accounts quiet for OWNERSHIP_RELEASE_DAYS go back to the pool (notices first)."""
    from server.models.types import utcnow
    from server.services.ownership import release_stale

    return len(release_stale(utcnow(), current_app.config))


def _stale_enrichment_runs() -> Any:
    """Issue 3: a crawl whose worker died is marked failed instead of staying partial forever."""
    from server.models.types import utcnow
    from server.services.enrichment_store import fail_stale_runs

    return fail_stale_runs(utcnow(), current_app.config["ENRICHMENT_STALE_S"])


PERIODIC_TASKS: list[PeriodicTask] = [
    PeriodicTask("cadences", 30.0, _due_cadences, every_setting="WORKER_INTERVAL_S"),
    PeriodicTask("ownership-release", 86400.0, _stale_ownership),
    PeriodicTask("stale-enrichment-runs", 300.0, _stale_enrichment_runs),
]


class AppWorker(Worker):
    """RQ's forking worker; each forked job drops the parent's pooled database connections."""

    def main_work_horse(self, job, queue):
        db.engine.dispose(close=False)  # SQLAlchemy's advice for connections inherited by fork
        super().main_work_horse(job, queue)


def run_periodic(app: Flask, task: PeriodicTask, stop: threading.Event) -> None:
    """Call ``task`` now and then every ``every_s`` seconds until ``stop`` is set.

    Running at start-up means a daily task still runs when the process restarts more often
    than once a day. A failure is logged, not fatal.
    """
    run_once(app, task)
    while not stop.wait(task.interval(app)):
        run_once(app, task)


def run_once(app: Flask, task: PeriodicTask) -> Any:
    """One run of ``task`` in its own app context; a failure is logged and returns None."""
    with app.app_context():
        try:
            return task.run()
        except Exception:
            db.session.rollback()
            log.exception("periodic task %s failed", task.name)
            return None


def start_periodic(app: Flask) -> threading.Event:
    """Start every periodic task in a daemon thread; set the returned event to stop them."""
    stop = threading.Event()
    for task in PERIODIC_TASKS:
        threading.Thread(target=run_periodic, args=(app, task, stop), name=task.name,
                         daemon=True).start()
    return stop


def start_embedded(app: Flask) -> threading.Event | None:
    """For ``sidekick run``: the periodic tasks inside the web process (never under tests)."""
    if not app.config["WORKER_EMBEDDED"] or app.config["ENV"] == "test":
        return None
    return start_periodic(app)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the queued jobs, then exit.")
@click.option("--once", is_flag=True,
              help="Run each periodic task once (what is due now) and the queued jobs, then exit.")
def worker(burst: bool, once: bool) -> None:
    """Run background jobs (needs SIDEKICK_REDIS_URL) and periodic tasks (cadence sends)."""
    app = current_app._get_current_object()
    if once:
        for task in PERIODIC_TASKS:
            click.echo(f"{task.name}: {run_once(app, task)}")
        burst = True
        if not app.config["REDIS_URL"]:
            return
    stop = threading.Event()
    threads = [threading.Thread(target=run_periodic, args=(app, task, stop), name=task.name, daemon=True)
               for task in ([] if burst else PERIODIC_TASKS)]
    for thread in threads:
        thread.start()
    try:
        if app.config["REDIS_URL"]:
            queue = rq_queue(app)
            click.echo(f"Working on queue {queue.name!r} at {app.config['REDIS_URL']}")
            AppWorker([queue], connection=queue.connection).work(burst=burst, with_scheduler=not burst)
        elif threads and not burst:
            click.echo("SIDEKICK_REDIS_URL is not set: running periodic tasks only (Ctrl+C to stop).")
            stop.wait()
        else:
            click.echo("SIDEKICK_REDIS_URL is not set: jobs run inside the web server; nothing to do.")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
