"""Benchmark the reports: 50 reps, 1,000,000 activities over 365 days, SQLite and PostgreSQL.

Builds the dataset with bulk inserts (executemany on SQLite, COPY on PostgreSQL), then times
each report as the API builds it (SQL + assembly), median of several runs. Target: a team's
weekly activity report over a quarter in <= 300 ms.
Run: ``.venv/bin/python bench/reports_bench.py [--activities N] [--only sqlite|postgresql]``
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
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import click
import psycopg
from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402

from server import create_app  # noqa: E402
from server.config import Config  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import Company, Contact, Deal, Team, User  # noqa: E402
from server.reports.registry import run_report  # noqa: E402

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
KINDS = [("call", "no_answer"), ("call", "connected"), ("voicemail", "left"), ("email", "sent"),
         ("meeting", "booked"), ("note", None), ("linkedin", "sent"), ("demo", "held")]
WEIGHTS = [30, 10, 15, 30, 4, 5, 5, 2]
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def _stamp(moment: datetime, dialect: str) -> str:
    # SQLite stores naive UTC text in SQLAlchemy's format; PostgreSQL takes ISO with the zone.
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f") if dialect == "sqlite" else moment.isoformat()


def seed_people_and_accounts(rng: random.Random, reps: int) -> tuple[User, list[int], dict[int, list[int]]]:
    team = Team(name="Bench", timezone="America/New_York")
    manager = User(name="Bench Manager", email="manager@bench.test", role="manager", team=team)
    people = [User(name=f"Rep {n:02d}", email=f"rep{n}@bench.test", role="rep", team=team,
                   monthly_quota=Decimal(20000)) for n in range(reps)]
    db.session.add_all([manager, *people])
    db.session.flush()
    rep_ids = [u.id for u in people]
    tiers, stages = ["small", "mid", "enterprise", None], ["education", "research", "selection", None]
    db.session.execute(insert(Company), [
        {"domain": f"c{n}.bench", "name": f"Company {n}", "size_tier": rng.choice(tiers),
         "buyer_stage": rng.choice(stages), "phones": [], "socials": {}, "provenance": {},
         "owner_id": rng.choice(rep_ids), "created_at": NOW, "updated_at": NOW} for n in range(5000)])
    company_ids = list(db.session.scalars(select(Company.id)))
    contacts = []
    for n in range(20000):
        sql_at = NOW - timedelta(minutes=rng.randrange(365 * 24 * 60)) if rng.random() < 0.25 else None
        contacts.append({"company_id": rng.choice(company_ids), "first_name": "Lead", "last_name": str(n),
                         "email": f"lead{n}@bench.test", "owner_id": rng.choice(rep_ids), "sql_at": sql_at,
                         "lifecycle_stage": "sql" if sql_at else rng.choice(["lead", "mql", "customer"]),
                         "do_not_contact": False, "provenance": {}, "created_at": NOW, "updated_at": NOW})
    db.session.execute(insert(Contact), contacts)
    by_rep: dict[int, list[int]] = {rep: [] for rep in rep_ids}
    for contact_id, owner_id in db.session.execute(select(Contact.id, Contact.owner_id)):
        by_rep[owner_id].append(contact_id)
    deals = []
    for n in range(5000):
        stage = rng.choice(["appointment", "qualified", "demo", "proposal", "negotiation", "won", "lost"])
        closed = NOW - timedelta(days=rng.randrange(365)) if stage in ("won", "lost") else None
        deals.append({"name": f"Deal {n}", "company_id": rng.choice(company_ids), "owner_id": rng.choice(rep_ids),
                      "stage": stage, "mrr": Decimal(rng.choice([300, 800, 1500, 3000, 6000])),
                      "closed_at": closed, "close_date": (NOW + timedelta(days=rng.randrange(-30, 120))).date(),
                      "created_at": NOW, "updated_at": NOW})
    db.session.execute(insert(Deal), deals)
    db.session.commit()
    return manager, rep_ids, by_rep


def activity_rows(rng: random.Random, count: int, rep_ids: list[int], by_rep: dict[int, list[int]], dialect: str):
    span = 365 * 24 * 3600
    for _ in range(count):
        user_id = rng.choice(rep_ids)
        kind, outcome = rng.choices(KINDS, WEIGHTS)[0]
        contact = rng.choice(by_rep[user_id]) if rng.random() < 0.8 else None
        at = _stamp(NOW - timedelta(seconds=rng.randrange(span)), dialect)
        yield (kind, outcome, user_id, contact, at, "manual", at)


def bulk_insert_activities(rows, count: int, dialect: str) -> float:
    columns = "type, outcome, user_id, contact_id, occurred_at, source, created_at"
    started = time.perf_counter()
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        with click.progressbar(length=count, label=f"{dialect}: inserting activities", file=sys.stderr) as bar:
            if dialect == "postgresql":
                with cursor.copy(f"COPY activities ({columns}) FROM STDIN") as copy:
                    for n, row in enumerate(rows, 1):
                        copy.write_row(row)
                        if n % 50000 == 0:
                            bar.update(50000)
            else:
                batch = []
                for row in rows:
                    batch.append(row)
                    if len(batch) == 50000:
                        cursor.executemany(f"INSERT INTO activities ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
                        bar.update(len(batch))
                        batch = []
                if batch:
                    cursor.executemany(f"INSERT INTO activities ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
            bar.update(count - bar.pos)
        raw.commit()
    finally:
        raw.close()
    return time.perf_counter() - started


def analyze(dialect: str) -> None:
    if dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def cases(today) -> list[tuple[str, str, dict]]:
    quarter_ago = today - timedelta(weeks=13)
    return [
        ("activity: team, weekly, one quarter", "activity", {"group": "week", "start": quarter_ago, "end": today}),
        ("activity: team, daily, 30 days", "activity", {"group": "day", "start": today - timedelta(days=29), "end": today}),
        ("activity: team, monthly, 12 months", "activity", {"group": "month", "start": today - timedelta(days=364), "end": today}),
        ("sla: team, one quarter", "sla", {"start": quarter_ago, "end": today}),
        ("funnel: team, quarter vs previous", "funnel", {"start": quarter_ago, "end": today,
                                                         "compare_from": quarter_ago - timedelta(weeks=13),
                                                         "compare_to": quarter_ago - timedelta(days=1)}),
        ("pipeline: team, this quarter", "pipeline", {}),
        ("marketing-sla: 12 months", "marketing-sla", {"start": today - timedelta(days=364), "end": today}),
        ("me: one rep", "me", {}),
    ]


def time_reports(manager: User, runs: int) -> list[tuple[str, float, float]]:
    results = []
    today = NOW.date()
    for label, name, extra in cases(today):
        args = {"format": "json", "team_id": None, "rep_id": None, "goal": None, "quarter": None,
                "compare_from": None, "compare_to": None, **extra}
        user = manager if name != "me" else db.session.scalar(select(User).where(User.role == "rep"))
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            run_report(name, user, args)
            timings.append((time.perf_counter() - started) * 1000)
            db.session.rollback()
        results.append((label, statistics.median(timings), min(timings)))
    return results


def bench_backend(dialect: str, url: str, activities: int, reps: int, runs: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="reports-bench-"))
    app = create_app(Config(ENV="test", SECRET_KEY="bench", INSTANCE_PATH=str(folder), DATABASE_URL=url))
    rng = random.Random(7)
    with app.app_context():
        upgrade(revision="heads")
        started = time.perf_counter()
        manager, rep_ids, by_rep = seed_people_and_accounts(rng, reps)
        seconds = bulk_insert_activities(activity_rows(rng, activities, rep_ids, by_rep, dialect),
                                         activities, dialect)
        analyze(dialect)
        load = time.perf_counter() - started
        manager = db.session.get(User, manager.id)
        results = time_reports(manager, runs)
        db.session.remove()
        db.engine.dispose()
    return {"dialect": dialect, "activities": activities, "insert_rate": activities / seconds,
            "load_seconds": load, "reports": results}


def postgres_database(server: str) -> tuple[str, callable]:
    name = f"sidekick_bench_{uuid.uuid4().hex[:8]}"
    admin = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return make_url(server).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--postgres", default=POSTGRES, help="server URL to create a scratch database on")
    options = parser.parse_args()
    outcomes = []
    if options.only in (None, "sqlite"):
        path = Path(tempfile.mkdtemp(prefix="reports-bench-db-")) / "bench.db"
        outcomes.append(bench_backend("sqlite", f"sqlite:///{path}", options.activities, options.reps, options.runs))
    if options.only in (None, "postgresql"):
        url, drop = postgres_database(options.postgres)
        try:
            outcomes.append(bench_backend("postgresql", url, options.activities, options.reps, options.runs))
        finally:
            drop()
    for outcome in outcomes:
        print(f"\n{outcome['dialect']}: {outcome['activities']:,} activities, bulk insert "
              f"{outcome['insert_rate']:,.0f} rows/s, whole load {outcome['load_seconds']:.1f} s")
        print(f"  {'report':<40} {'median ms':>10} {'best ms':>9}")
        for label, median_ms, best_ms in outcome["reports"]:
            flag = "  (target 300 ms)" if label.startswith("activity: team, weekly") else ""
            print(f"  {label:<40} {median_ms:>10.1f} {best_ms:>9.1f}{flag}")
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "reports_bench.json").write_text(json.dumps(outcomes, indent=1, default=str))


if __name__ == "__main__":
    main()
