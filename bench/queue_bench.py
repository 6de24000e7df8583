"""Benchmark the daily call queue, event ingestion and the open pixel, on SQLite or PostgreSQL.

Builds reps, companies, contacts, activities and engagement events (default 50 / 25,000 /
100,000 / 300,000 / 2,000,000; progress on stderr), then prints:
  * queue build time per rep through GET /api/v1/queue (median, p95) and the same queue as one
    hand-written SQL query (median, p95, the ratio, and whether both give the same items);
  * ingestion rate of POST /api/v1/events in batches of 500, posted one after another in this
    process, and under gunicorn by posting threads in a second process on loopback;
  * open-pixel requests/s under gunicorn, loaded from a second process on loopback.
Targets (issue 5): queue p95 <= 100 ms and <= 2x the SQL; >= 5,000 events/s; pixel >= 500/s.
Run: ``.venv/bin/python bench/queue_bench.py [--database URL] [--contacts N] [--events N] ...``
(default database: a new SQLite file; for PostgreSQL pass an empty database's URL or
``--database postgresql+psycopg://postgres@127.0.0.1/postgres --create`` for a throwaway one).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import _queue_data as data
import _queue_reference as reference
import http_load
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.engine import make_url

from server import create_app, freeze_start_up
from server.config import Config
from server.extensions import db
from server.services.queue import queue_context
from server.services.tracking_tokens import open_pixel_url

SECRET = "bench-secret-" + "x" * 20


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL of an empty database (default: new SQLite file)")
    parser.add_argument("--create", action="store_true", help="create (and drop) a PostgreSQL database")
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--companies", type=int, default=None, help="default: contacts / 4")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--activities", type=int, default=None, help="default: 3 x contacts")
    # On SQLite one batch in about 40 meets the writers' backstop checkpoint and pays for it
    # (server/sqlite_checkpoints.py): 100 batches take in two or three of them.
    parser.add_argument("--ingest-batches", type=int, default=100, help="batches of 500 to post")
    parser.add_argument("--ingest-posters", type=int, default=2,
                        help="threads posting batches to gunicorn at once")
    parser.add_argument("--pixel-requests", type=int, default=5000)
    parser.add_argument("--pixel-seconds", type=float, default=30.0)
    # On a 2-core machine that also runs the load, 2 sync workers served the most (2: 386-414,
    # 4: 314, 8: 260 req/s on SQLite); more only adds lock waits and context switches.
    parser.add_argument("--gunicorn-workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--gunicorn-threads", type=int, default=1,
                        help="threads per gunicorn worker (> 1: gthread workers)")
    parser.add_argument("--skip-gunicorn", action="store_true", help="skip both loads under gunicorn")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


def bar(label: str, length: int):
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True)


def fresh_database(args) -> tuple[str, callable]:
    if not args.database:
        path = Path(tempfile.mkdtemp(prefix="queue-bench-")) / "bench.db"
        return f"sqlite:///{path}", lambda: None
    if not args.create:
        return args.database, lambda: None
    import psycopg

    url = make_url(args.database)
    name = f"sidekick_queue_bench_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return url.set(database=name).render_as_string(hide_password=False), drop


def build(app, args, now: datetime):
    rng = random.Random(args.seed)
    companies = args.companies or max(args.contacts // 4, 1)
    activities = args.activities if args.activities is not None else 3 * args.contacts
    dialect = db.engine.dialect.name
    users = data.make_people(args.reps)
    reps = users[:-1]
    raw = db.engine.raw_connection()
    writer = data.Writer(raw.driver_connection, dialect)
    with bar("companies", companies) as b:
        company_rows = list(data.companies_rows(rng, companies, reps, now))
        writer.write("companies", data.COMPANY_COLUMNS, company_rows, b.update)
    owners = {row[0]: row[6] for row in company_rows}
    with bar("contacts", args.contacts) as b:
        contact_rows = list(data.contacts_rows(rng, args.contacts, companies, owners, reps, now))
        writer.write("contacts", data.CONTACT_COLUMNS, contact_rows, b.update)
    contact_company = [0] + [row[1] for row in contact_rows]
    contact_owner = [0] + [row[11] for row in contact_rows]
    with bar("activities", activities) as b:
        writer.write("activities", data.ACTIVITY_COLUMNS,
                     data.activities_rows(rng, activities, args.contacts, contact_company, contact_owner, now),
                     b.update)
    with bar("events (generate)", args.events) as b:
        events, scores = data.events_and_scores(rng, args.events, args.contacts, contact_company, now,
                                                app.config["SCORE_HALF_LIFE_DAYS"], b.update)
    with bar("events (insert)", args.events) as b:
        writer.write("engagement_events", data.EVENT_COLUMNS, events, b.update)
    with bar("score rows", len(scores)) as b:
        writer.write("contact_scores", data.SCORE_COLUMNS, scores, b.update)
    raw.close()
    if dialect == "postgresql":
        for table in ("companies", "contacts"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT max(id) FROM {table}))"))
    if dialect == "sqlite":
        db.session.execute(text("ANALYZE"))
    db.session.commit()
    if dialect == "postgresql":
        # What autovacuum does after a bulk load (it is off on some servers): statistics, and
        # the visibility map that index-only scans need.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    return users


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_queues(app, reps, now):
    client = app.test_client()
    service, sql, same = [], [], 0
    client.get("/api/v1/queue", headers={"Authorization": f"Bearer {reps[0].plain_token}"})
    dialect = db.engine.dialect.name
    with bar("queues", len(reps)) as b:
        for rep in reps:
            start = time.perf_counter()
            response = client.get("/api/v1/queue", headers={"Authorization": f"Bearer {rep.plain_token}"})
            service.append(time.perf_counter() - start)
            items = [(i["kind"], i["contact"]["id"]) for i in response.get_json()["items"]]
            ctx = queue_context(rep, None, app.config)
            start = time.perf_counter()
            expected = reference.reference_queue(db.session, dialect, rep.id, ctx.as_of, ctx.day_start)
            sql.append(time.perf_counter() - start)
            same += items == expected
            db.session.rollback()
            b.update(1)
    sizes = len(response.get_json()["items"])
    return service, sql, same, sizes


def event_batch(name: str, contacts: int, rng) -> list[dict]:
    """500 new events about random contacts."""
    kinds = ["email_open", "website_visit", "email_click", "content_download"]
    return [{"event_id": f"{name}-{i}", "type": rng.choice(kinds), "contact_id": rng.randint(1, contacts),
             "properties": {"path": "/blog/x"}} for i in range(500)]


def time_ingestion(app, admin, contacts: int, batches: int, rng) -> list[float]:
    """Each batch's time, in seconds."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {admin.plain_token}"}
    times = []
    with bar("ingest", batches) as b:
        for n in range(batches):
            events = event_batch(f"ingest-{n}", contacts, rng)
            start = time.perf_counter()
            response = client.post("/api/v1/events", json={"events": events}, headers=headers)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200 and response.get_json()["rejected"] == 0, response.get_json()
            b.update(1)
    return times


def pixel_urls(app, contacts: int, count: int, rng) -> list[str]:
    with app.test_request_context():
        # Signed "in the past" would need a clock; the load starts > MACHINE_HIT_SECONDS later.
        return [open_pixel_url(None, rng.randint(1, contacts)).split("/t/o/", 1)[1] for _ in range(count)]


def main(argv=None) -> None:
    args = parse_args(argv)
    url, drop = fresh_database(args)
    instance = tempfile.mkdtemp(prefix="queue-bench-instance-")
    app = create_app(Config(ENV="production", SECRET_KEY=SECRET, DATABASE_URL=url,
                            INSTANCE_PATH=instance, PUBLIC_URL="http://127.0.0.1"))
    now = datetime.now(UTC)
    rng = random.Random(args.seed + 1)
    try:
        with app.app_context():
            upgrade(revision="heads")
            started = time.perf_counter()
            users = build(app, args, now)
            built = time.perf_counter() - started
            freeze_start_up()  # timed like a served process (server.wsgi); the build is start-up here
            reps, admin = users[:-1], users[-1]
            service, sql, same, last_size = time_queues(app, reps, now)
            batch_times = time_ingestion(app, admin, args.contacts, args.ingest_batches, rng)
            urls = [] if args.skip_gunicorn else pixel_urls(app, args.contacts, 2000, rng)
            batches = [{"token": admin.plain_token, "events": event_batch(f"load-{n}", args.contacts, rng)}
                       for n in range(0 if args.skip_gunicorn else args.ingest_batches)]
            dialect = db.engine.dialect.name
            db.session.remove()
            db.engine.dispose()
        if not args.skip_gunicorn:
            with http_load.serve(url, SECRET, instance, args.gunicorn_workers, args.gunicorn_threads) as base:
                served = http_load.run(base, "events", batches, len(batches), 300, args.ingest_posters)
                pixel = http_load.run(base, "pixel", urls, args.pixel_requests, args.pixel_seconds, 16)
    finally:
        drop()
    ms = lambda s: f"{s * 1000:.1f} ms"
    print(f"database: {dialect}; {args.reps} reps, {args.contacts:,} contacts, {args.events:,} events "
          f"(dataset built in {built:.0f} s)")
    print(f"queue per rep (GET /api/v1/queue): median {ms(statistics.median(service))}, "
          f"p95 {ms(percentile(service, 0.95))}  (last queue: {last_size} items)")
    print(f"hand-written SQL: median {ms(statistics.median(sql))}, p95 {ms(percentile(sql, 0.95))}; "
          f"ratio p95 {percentile(service, 0.95) / percentile(sql, 0.95):.2f}x, "
          f"median {statistics.median(service) / statistics.median(sql):.2f}x; "
          f"same items for {same}/{len(reps)} reps")
    print(f"ingestion (POST /api/v1/events, batches of 500, one after another): "
          f"{500 * len(batch_times) / sum(batch_times):,.0f} events/s (a batch: median "
          f"{ms(statistics.median(batch_times))}, p95 {ms(percentile(batch_times, 0.95))}, "
          f"slowest {ms(max(batch_times))})")
    if not args.skip_gunicorn:
        kind = f"{args.gunicorn_threads} gthread threads each" if args.gunicorn_threads > 1 else "sync"
        print(f"ingestion under gunicorn ({args.gunicorn_workers} workers, {kind}; {args.ingest_posters} "
              f"posting threads): {served['rate']:,.0f} events/s ({served['ok']:,} events taken, "
              f"{served['errors']} batches failed in {served['seconds']:.1f} s)")
        print(f"open pixel under gunicorn ({args.gunicorn_workers} workers, {kind}): {pixel['rate']:,.0f} req/s "
              f"({pixel['ok']} ok, {pixel['errors']} errors in {pixel['seconds']:.1f} s)")
    print(json.dumps({"queue_ms": [round(s * 1000, 2) for s in service][:5], "dialect": dialect}),
          file=sys.stderr)


if __name__ == "__main__":
    main()
