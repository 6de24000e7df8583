"""Sidekick's Flask application: ``create_app`` wires config, database, API and CLI."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.orm import configure_mappers
from werkzeug.routing import IntegerConverter

from server.config import Config
from server.models.types import INT_MAX

MIGRATIONS = Path(__file__).parent / "migrations"
# A batch of 500 events allocates some 100,000 objects. With Python's default of a young-
# generation collection every 700 allocations the collector took 10% of a batch (11 of 120 ms
# in bench/queue_bench.py); every 10,000 it takes 1 ms, and cyclic garbage still goes quickly.
GC_YOUNG_THRESHOLD = 10_000


class StorableIntConverter(IntegerConverter):
    """``<int:…>`` up to an INTEGER column's largest: a longer id in a URL names nothing (404)
    instead of failing in the database (500)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", INT_MAX)
        super().__init__(map, *args, **kwargs)


def freeze_start_up() -> None:
    """Take every object alive now out of the garbage collector's sight, for a process that
    is about to serve (``server.wsgi``; the queue bench, timed like one).

    Start-up leaves some 180,000 objects (routes, schemas, mappers) that live as long as the
    process. Python's full collections traversed them all, 80–140 ms on a 2-core machine, in
    whichever request set one off: once every few dozen batches of events. Garbage made
    afterwards is collected as before.
    """
    configure_mappers()  # otherwise done by the first query, after the freeze
    gc.collect()  # what start-up left as garbage is not kept forever
    gc.freeze()


def create_app(config: Config | None = None) -> Flask:
    """Build the app from ``config`` (default: ``SIDEKICK_*`` environment variables)."""
    config = config or Config.from_env()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    settings = config.to_flask()
    app = Flask(__name__, instance_path=settings["INSTANCE_PATH"], instance_relative_config=False)
    app.config.update(settings)
    app.url_map.converters["int"] = StorableIntConverter  # before any route is added

    from server import docs, errors, extension_zip, health, unsubscribe
    from server.api import init_app as init_api
    from server.cli import init_app as init_cli
    from server.reports import init_app as init_reports
    from server.errors import JsonErrorApi, spec_plugin
    from server.extensions import db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    # One Api (and so one OpenAPI spec) per app: tests build several apps in one process.
    api = JsonErrorApi(app, spec_kwargs={"marshmallow_plugin": spec_plugin()})
    errors.init_app(app)
    init_api(api)
    health.init_app(app)
    docs.init_app(app)
    extension_zip.init_app(app)
    init_reports(app)
    unsubscribe.init_app(app)
    from server import tracking  # engagement (issue 5): /t/ pixel, clicks, site.js

    tracking.init_app(app)
    init_cli(app)
    return app
