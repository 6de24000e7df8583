"""``sidekick worker``: run queued background jobs (RQ on Redis) and the periodic tasks.

To add a periodic task (e.g. sending due cadence steps), append a ``PeriodicTask`` to
``PERIODIC_TASKS``; the worker calls it every ``every_s`` seconds inside an app context.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any, Callable

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


PERIODIC_TASKS: list[PeriodicTask] = []


class AppWorker(Worker):
    """RQ's forking worker; each forked job drops the parent's pooled database connections."""

    def main_work_horse(self, job, queue):
        db.engine.dispose(close=False)  # SQLAlchemy's advice for connections inherited by fork
        super().main_work_horse(job, queue)


def run_periodic(app: Flask, task: PeriodicTask, stop: threading.Event) -> None:
    """Call ``task`` every ``every_s`` seconds until ``stop`` is set; a failure is logged, not fatal."""
    while not stop.wait(task.every_s):
        with app.app_context():
            try:
                task.run()
            except Exception:
                db.session.rollback()
                log.exception("periodic task %s failed", task.name)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the queued jobs, then exit.")
def worker(burst: bool) -> None:
    """Run background jobs (needs SIDEKICK_REDIS_URL) and periodic tasks."""
    app = current_app._get_current_object()
    stop = threading.Event()
    threads = [threading.Thread(target=run_periodic, args=(app, task, stop), name=task.name, daemon=True)
               for task in PERIODIC_TASKS]
    for thread in threads:
        thread.start()
    try:
        if app.config["REDIS_URL"]:
            db.engine.dispose()  # the parent holds no connections for the forked jobs to inherit
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
