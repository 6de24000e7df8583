"""Benchmark the cadence worker: 10,000 active enrollments, 1,000 of them due, SQLite and PostgreSQL.

Times the due-step query (median of repeated runs) and one worker pass, phase by phase:
housekeeping (stale sends, out-of-office resumes, meetings), hand-off (render 600 emails into
the outbox, turn 400 calls into tasks) and delivery (claim + log + build MIME + confirm +
engagement event for every email). SMTP is a null sender, so SMTP time is excluded; delivery
runs with spacing off (to time all 600 sends) — with the default 30 s spacing a pass sends
one email per rep mailbox. Target: <= 1 s per pass for 1,000 due steps.
Run: ``.venv/bin/python bench/cadence_bench.py [--enrollments N] [--due N] [--only sqlite|postgresql]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import func, insert, select
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade

from server import create_app
from server.config import Config
from server.extensions import db
from server.models import (
    Cadence,
    CadenceStep,
    Company,
    Contact,
    Enrollment,
    OutboundEmail,
    Team,
    User,
)
from server.services.cadence_handoff import due_steps, hand_off_due_steps
from server.services.cadence_mailer import MailSettings, NullSender
from server.services.cadence_outbox import recover_stale
from server.services.cadence_worker import (
    PassReport,
    deliver,
    keep_loaded_rows,
    resume_due,
    stop_on_meetings,
)

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # Monday 10:00 in New York
REPS = 50
STEPS = [
    {"type": "auto_email", "delay_days": 0, "subject": "Quick question for {{ company.name }}",
     "body": "Hi {{ contact.first_name | default('there') }},\n\nSee https://example.com/case "
             "for how {{ company.name }}'s peers prospect.\n\n{{ rep.name }}"},
    {"type": "call", "delay_days": 2, "instructions": "Ask for 15 minutes."},
    {"type": "auto_email", "delay_days": 2, "subject": "Re: {{ company.name }}",
     "body": "Hi {{ contact.first_name }}, following up.\n\n{{ rep.name }}"},
]


def seed(enrollments: int, due: int) -> None:
    """Reps, contacts, one cadence; `due` enrollments due now (60% emails, 40% calls)."""
    team = Team(name="Bench", timezone="America/New_York")
    reps = [User(name=f"Rep {n:02d}", email=f"rep{n}@bench.test", team=team,
                 timezone="America/New_York") for n in range(REPS)]
    cadence = Cadence(name="Bench cadence", owner=reps[0], team=team,
                      schedule={"weekdays": [1, 2, 3, 4, 5], "start": "08:00", "end": "18:00",
                                "holidays": None})
    cadence.steps = [CadenceStep(position=i, **step) for i, step in enumerate(STEPS)]
    db.session.add_all([*reps, cadence])
    db.session.flush()
    rep_ids = [rep.id for rep in reps]
    db.session.execute(insert(Company), [
        {"domain": f"c{n}.bench", "name": f"Company {n}", "phones": [], "socials": {},
         "provenance": {}, "created_at": NOW, "updated_at": NOW} for n in range(2000)])
    company_ids = list(db.session.scalars(select(Company.id).order_by(Company.id)))
    db.session.execute(insert(Contact), [
        {"company_id": company_ids[n % len(company_ids)], "first_name": f"Lead{n}",
         "last_name": "Bench", "email": f"lead{n}@bench.test", "timezone": "America/New_York",
         "owner_id": rep_ids[n % REPS], "do_not_contact": False, "lifecycle_stage": "lead",
         "provenance": {}, "created_at": NOW, "updated_at": NOW} for n in range(enrollments)])
    contact_ids = list(db.session.scalars(select(Contact.id).order_by(Contact.id)))
    rows = []
    for n, contact_id in enumerate(contact_ids):
        is_due = n < due
        step = (0 if n % 5 < 3 else 1) if is_due else n % 3
        when = NOW - timedelta(minutes=n % 50) if is_due else NOW + timedelta(days=2 + n % 5)
        rows.append({"cadence_id": cadence.id, "contact_id": contact_id,
                     "user_id": rep_ids[n % REPS], "status": "active", "step_index": step,
                     "next_due_at": when, "enrolled_at": NOW - timedelta(days=3),
                     "updated_at": NOW})
    db.session.execute(insert(Enrollment), rows)
    db.session.commit()


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def run(backend: str, url: str, enrollments: int, due: int) -> None:
    instance = tempfile.mkdtemp(prefix="sidekick-cadence-bench-")
    app = create_app(Config(ENV="test", SECRET_KEY="bench", INSTANCE_PATH=instance,
                            DATABASE_URL=url, MAIL_MIN_GAP_S=0, MAIL_DAILY_CAP=100_000))
    with app.app_context():
        upgrade(revision="heads")
        started = time.perf_counter()
        seed(enrollments, due)
        print(f"[{backend}] seeded {enrollments:,} active enrollments ({due:,} due) in "
              f"{time.perf_counter() - started:.1f} s")
        query = [timed(lambda: db.session.scalars(due_steps(NOW, limit=due)).all())
                 for _ in range(15)]
        print(f"[{backend}] due-step query ({due:,} rows of {enrollments:,}): median "
              f"{statistics.median(query):.1f} ms, max {max(query):.1f} ms")
        spaced = MailSettings.from_config({**app.config, "MAIL_MIN_GAP_S": 30})
        unspaced = MailSettings.from_config(app.config)
        sender, report = NullSender(), PassReport()
        with keep_loaded_rows():
            phases = {
                "housekeeping": timed(lambda: (recover_stale(NOW), resume_due(NOW),
                                               stop_on_meetings(NOW))),
                "hand-off": timed(lambda: hand_off_due_steps(NOW, spaced, report)),
                "delivery": timed(lambda: deliver(NOW, spaced, sender, report)),
            }
            first_sends = report.emails_sent
            rest = timed(lambda: deliver(NOW + timedelta(hours=1), unspaced, sender, report))
        total = sum(phases.values())
        print(f"[{backend}] worker pass over {due:,} due steps: {total:.0f} ms  ("
              + ", ".join(f"{name} {ms:.0f} ms" for name, ms in phases.items()) + ")")
        print(f"[{backend}]   -> {report.emails_queued} emails queued, {report.tasks_opened} "
              f"tasks opened, {first_sends} sent (default 30 s spacing: one per rep mailbox)")
        later = report.emails_sent - first_sends
        print(f"[{backend}] sending the other {later} with spacing off: {rest:.0f} ms "
              f"({rest / max(later, 1):.1f} ms per email: claim+log commit, MIME, confirm commit)")
        sent = db.session.scalar(select(func.count()).select_from(OutboundEmail)
                                 .where(OutboundEmail.status == "sent"))
        assert sent == report.emails_sent == len(sender.sent)
        idle = timed(lambda: (recover_stale(NOW), resume_due(NOW), stop_on_meetings(NOW),
                              hand_off_due_steps(NOW, spaced, PassReport()),
                              deliver(NOW, spaced, sender, PassReport())))
        print(f"[{backend}] idle pass (nothing due, {enrollments:,} active): {idle:.0f} ms")
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrollments", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    if args.only != "postgresql":
        path = Path(tempfile.mkdtemp(prefix="sidekick-cadence-bench-")) / "bench.db"
        run("sqlite", f"sqlite:///{path}", args.enrollments, args.due)
    if args.only != "sqlite":
        name = f"sidekick_cadence_bench_{uuid.uuid4().hex[:8]}"
        admin = make_url(POSTGRES).set(drivername="postgresql").render_as_string(False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            run("postgresql", make_url(POSTGRES).set(database=name).render_as_string(False),
                args.enrollments, args.due)
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
