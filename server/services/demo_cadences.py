"""Demo cadences: the book's three starter cadences and a handful of contacts working through them.

Each demo rep gets a few of their own contacts enrolled in the cadence sized to the company
(5, 8 or 12 touches), part-way through: earlier touches logged, and for about half of them a
call or voicemail due today, already in the rep's queue as a task. Deterministic for a seed
and a clock; the worker carries them on from there like any other enrollment.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select

import cadences as lib
from server.extensions import db
from server.models import Activity, Cadence, CadenceStep, CadenceTask, Contact, Enrollment, User
from server.models.engagement import ContactScore, EngagementEvent
from server.services.cadence_plans import DEFAULT_SCHEDULE, plan_of, zone

CADENCE_NAMES = {"small": "Small business – 5 touches", "mid": "Mid-market – 8 touches",
                 "enterprise": "Enterprise – 12 touches"}
PER_REP = 6
RECENT = timedelta(days=30)  # the queue's attempt window (ATTEMPT_WINDOW_DAYS)
PAST_OUTCOMES = {"call": "no_answer", "voicemail": "voicemail", "email": "sent"}


def seed_cadences(users: list[User], contacts: list[Contact], now: datetime, *,
                  seed: int = 42) -> list[Enrollment]:
    """Create the team's default cadences and enroll PER_REP contacts of each rep."""
    rng = random.Random(seed * 13 + 6)
    manager = next(u for u in users if u.role == "manager")
    cadences = {tier: _default_cadence(tier, manager) for tier in lib.TIERS}
    db.session.add_all(cadences.values())
    db.session.flush()
    blocked = _contacts_not_to_enroll(now - RECENT)
    touches = dict(db.session.execute(
        select(Activity.contact_id, func.count()).where(Activity.occurred_at >= now - RECENT)
        .group_by(Activity.contact_id)).all())
    enrollments = []
    for rep in (u for u in users if u.role == "rep"):
        # Prospects, not opportunities; those not yet SQL first (an SQL already has its own
        # queue item), then the least touched lately (the queue caps attempts per contact).
        mine = sorted((c for c in contacts if c.owner_id == rep.id and c.email
                       and not c.do_not_contact and c.id not in blocked
                       and c.lifecycle_stage in ("subscriber", "lead", "mql", "sql")),
                      key=lambda c: (c.lifecycle_stage == "sql", touches.get(c.id, 0),
                                     rng.random()))
        for n, contact in enumerate(mine[:PER_REP]):
            cadence = cadences[contact.company.size_tier or "small"]
            enrollments.append(_enroll(rng, cadence, contact, rep, now, due_today=n % 2 == 0))
    return enrollments


def _default_cadence(tier: str, manager: User) -> Cadence:
    plan = lib.default_cadence(tier)
    cadence = Cadence(name=CADENCE_NAMES[tier], owner=manager, team_id=manager.team_id,
                      schedule=dict(DEFAULT_SCHEDULE))
    cadence.steps = [CadenceStep(position=i, type=step.type, delay_days=step.delay_days,
                                 subject=step.subject, body=step.body,
                                 instructions=step.instructions)
                     for i, step in enumerate(plan.steps)]
    return cadence


def _contacts_not_to_enroll(since: datetime) -> set[int]:
    """Contacts the worker would stop at once: unsubscribed, or a meeting booked lately."""
    unsubscribed = select(ContactScore.contact_id).where(ContactScore.unsubscribed_at.is_not(None))
    met = select(EngagementEvent.contact_id).where(EngagementEvent.type == "meeting_booked",
                                                   EngagementEvent.occurred_at >= since)
    meetings = select(Activity.contact_id).where(
        or_(Activity.type == "meeting", Activity.outcome == "meeting_booked"),
        Activity.occurred_at >= since)
    return {i for query in (unsubscribed, met, meetings) for i in db.session.scalars(query)}


def _enroll(rng: random.Random, cadence: Cadence, contact: Contact, rep: User, now: datetime,
            *, due_today: bool) -> Enrollment:
    """Part-way through: a manual touch due today (with its task), or the next touch ahead."""
    plan = plan_of(cadence)
    manual = [i for i, step in enumerate(plan.steps) if i > 0 and not step.kind.automatic]
    index = manual[0] if due_today else rng.randrange(1, len(plan.steps) - 1)
    tz = zone(contact.timezone) or zone(rep.timezone)
    if due_today:
        due = now - timedelta(minutes=rng.randrange(5, 180))
    else:
        due = lib.next_step_due(now, rng.randint(1, 3), plan.schedule, tz)
    enrolled_at = due - timedelta(days=2 * index + 1)
    enrollment = Enrollment(cadence=cadence, contact=contact, user=rep, status="active",
                            step_index=index, next_due_at=due, enrolled_at=enrolled_at,
                            updated_at=now, handed_off_at=now if due_today else None)
    db.session.add(enrollment)
    for past in range(index):
        _log_past_touch(enrollment, plan.steps[past], past, enrolled_at + timedelta(days=2 * past))
    if due_today:
        step = plan.steps[index]
        db.session.add(CadenceTask(enrollment=enrollment, step_index=index,
                                   kind="cadence_step", user_id=rep.id, contact_id=contact.id,
                                   step_type=step.type, instructions=step.instructions,
                                   status="open", due_at=due, created_at=due))
    return enrollment


def _log_past_touch(enrollment: Enrollment, step: lib.Step, index: int, when: datetime) -> None:
    kind = step.kind.activity_type
    db.session.add(Activity(
        type=kind, outcome=PAST_OUTCOMES.get(kind), user_id=enrollment.user.id,
        contact_id=enrollment.contact.id, company_id=enrollment.contact.company_id,
        occurred_at=when, source="cadence", notes=step.subject or None,
        idempotency_key=f"demo-cadence-{enrollment.contact.id}-{index}"))
