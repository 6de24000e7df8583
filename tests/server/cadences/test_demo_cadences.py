"""The demo team starts with the book's cadences and reps part-way through them."""

from __future__ import annotations

from datetime import datetime

import time_machine
from sqlalchemy import func, select

from server.extensions import db
from server.models import Activity, Cadence, CadenceTask, Enrollment, User
from server.services.cadence_worker import run_cadence_pass
from server.services.demo import seed_demo

TUESDAY_10AM_NY = datetime.fromisoformat("2026-12-01T15:00:00+00:00")


def _demo_state() -> list[tuple]:
    return [(e.contact.email, e.cadence.name, e.step_index, e.next_due_at, e.status)
            for e in db.session.scalars(select(Enrollment).order_by(Enrollment.id))]


def _rep(row) -> User:
    user = db.session.scalar(select(User).where(User.email == row["email"]))
    user.plain_token = row["token"]
    return user


def test_demo_has_default_cadences_and_call_tasks_due_today(as_user, settings):
    with time_machine.travel(TUESDAY_10AM_NY, tick=False):
        tokens = seed_demo(now=TUESDAY_10AM_NY)
        names = {c.name: len(c.steps) for c in db.session.scalars(select(Cadence))}
        assert names == {"Small business – 5 touches": 5, "Mid-market – 8 touches": 8,
                         "Enterprise – 12 touches": 12}
        for row in (r for r in tokens if r["role"] == "rep"):
            rep = _rep(row)
            enrollments = as_user(rep).get("/api/v1/enrollments").get_json()["items"]
            assert len(enrollments) == 6 and all(e["status"] == "active" for e in enrollments)
            tasks = as_user(rep).get("/api/v1/tasks?date=2026-12-01").get_json()
            assert len(tasks) == 3 and {t["step_type"] for t in tasks} <= {"call", "voicemail"}
            queue = as_user(rep).get("/api/v1/queue").get_json()["items"]
            assert "cadence_step" in {item["kind"] for item in queue}
        touches = select(func.count()).select_from(Activity).where(
            Activity.idempotency_key.like("demo-cadence-%"))
        assert db.session.scalar(touches) > 24
        # The worker carries on: tomorrow's calls become tasks, nobody is stopped or paused,
        # today's tasks are not opened twice.
        report = run_cadence_pass(TUESDAY_10AM_NY, settings, None)
        assert (report.stopped_meeting, report.paused) == (0, 0)
        due_today = select(func.count()).select_from(CadenceTask).where(
            CadenceTask.due_at <= TUESDAY_10AM_NY)
        assert db.session.scalar(due_today) == 12


def test_demo_cadence_data_is_the_same_for_the_same_seed_and_clock(app):
    seed_demo(now=TUESDAY_10AM_NY)
    first = _demo_state()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    seed_demo(now=TUESDAY_10AM_NY)
    assert _demo_state() == first
