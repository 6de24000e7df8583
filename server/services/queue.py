"""The daily call queue: one ordered list per rep and day, built from the registered sources.

Work is bounded by the rep's own leads (indexed lookups by owner, score rows by primary key and
one aggregate over the candidates' activities), never by all events.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from itertools import chain, islice
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select, text

from server.extensions import db, dialect_name
from server.models import Activity, Company, Contact, User
from server.models.contact import full_name
from server.models.engagement import ContactScore, QueueSnooze
from server.models.types import utcnow
from server.services import scoring
from server.services.pg_bulk import one_of
from server.services.queue_builtin import TOUCH_TYPES
from server.services.queue_sources import Candidate, QueueContext, Source, load_sources

ATTEMPT_SETTING = {"small": "ATTEMPTS_SMALL", "mid": "ATTEMPTS_MID", "enterprise": "ATTEMPTS_ENTERPRISE"}
CHUNK = 200


def local_day(user: User, day: date | None, now: datetime) -> tuple[date, datetime, datetime]:
    """The rep's day (default: today where they are) as [start, end) in UTC."""
    zone = ZoneInfo(user.timezone or "UTC")
    day = day or now.astimezone(zone).date()
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return day, start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))


def queue_context(rep: User, day: date | None, config: Mapping[str, Any],
                  now: datetime | None = None) -> QueueContext:
    now = now or utcnow()
    day, start, end = local_day(rep, day, now)
    as_of = min(max(now, start), end - timedelta(microseconds=1))
    return QueueContext(rep=rep, day=day, day_start=start, day_end=end, as_of=as_of, config=config)


def attempts_allowed(size_tier: str | None, config: Mapping[str, Any]) -> int:
    return int(config[ATTEMPT_SETTING.get(size_tier or "", "ATTEMPTS_SMALL")])


def _facts(ctx: QueueContext, contact_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per contact: what the exclusions need, attempts since sql_at (or the window), last touch."""
    window = ctx.as_of - timedelta(days=int(ctx.config["ATTEMPT_WINDOW_DAYS"]))
    rows = db.session.execute(
        select(Contact.id, Contact.do_not_contact, Company.size_tier, ContactScore.unsubscribed_at)
        .outerjoin(Company, Company.id == Contact.company_id)
        .outerjoin(ContactScore, ContactScore.contact_id == Contact.id)
        .where(one_of(Contact.id, "ids")), {"ids": contact_ids}).all()
    facts = {cid: {"do_not_contact": dnc, "size_tier": tier, "unsubscribed": unsub is not None,
                   "attempts": 0, "last_touch": None} for cid, dnc, tier, unsub in rows}
    since = func.coalesce(Contact.sql_at, window)
    touches = db.session.execute(
        select(Activity.contact_id,
               func.sum(case((Activity.occurred_at >= since, 1), else_=0)),
               func.max(Activity.occurred_at))
        .join(Contact, Contact.id == Activity.contact_id)
        .where(one_of(Activity.contact_id, "ids"), Activity.type.in_(TOUCH_TYPES),
               Activity.occurred_at <= ctx.as_of)
        .group_by(Activity.contact_id), {"ids": contact_ids}).all()
    for contact_id, attempts, last in touches:
        facts[contact_id].update(attempts=int(attempts or 0), last_touch=last)
    return facts


def _snoozed(ctx: QueueContext) -> set[int]:
    return set(db.session.scalars(select(QueueSnooze.contact_id).where(
        QueueSnooze.user_id == ctx.rep.id, QueueSnooze.until > ctx.as_of)))


def _keep(candidate: Candidate, fact: dict[str, Any] | None, ctx: QueueContext) -> bool:
    if fact is None or fact["do_not_contact"] or fact["unsubscribed"]:
        return False
    allowed = attempts_allowed(fact["size_tier"], ctx.config)
    made = fact["attempts"] if candidate.attempts_made is None else candidate.attempts_made
    if made >= allowed:
        return False
    last = fact["last_touch"]
    return not (candidate.done_when_touched_today and last is not None and last >= ctx.day_start)


def _without_parallel_workers() -> None:
    """PostgreSQL: plan this transaction's queries for one process.

    The queue's queries each look up one rep's accounts (a few thousand rows by index); a
    parallel plan only adds worker start-up and builds its hash tables twice. On the bench
    (2 cores) that was 10-13 % of the queue's time.
    """
    if dialect_name() == "postgresql":
        db.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def _limit(source: Source, ctx: QueueContext) -> int | None:
    return source.limit if not isinstance(source.limit, str) else int(ctx.config[source.limit])


def _chunk_size(limit: int | None) -> int:
    return CHUNK if limit is None else min(CHUNK, 2 * limit)


def build_queue(ctx: QueueContext) -> list[dict[str, Any]]:
    """The rep's ordered queue for ``ctx.day``: each contact once, exclusions applied.

    Unordered sources are read whole (to sort them) and ordered ones a chunk at a time; one
    facts lookup covers the unordered sources and the first chunk of each ordered one, later
    chunks are looked up as they are read.
    """
    _without_parallel_workers()
    seen = _snoozed(ctx)
    sources = load_sources()
    produced, upfront = {}, set()
    for source in sources:
        if source.ordered:
            later = iter(source.produce(ctx))
            first = list(islice(later, _chunk_size(_limit(source, ctx))))
            produced[source.kind] = chain(first, later)
        else:
            first = produced[source.kind] = sorted(source.produce(ctx), key=lambda c: c.sort_key)
        upfront.update(c.contact_id for c in first)
    upfront -= seen
    facts = _facts(ctx, sorted(upfront)) if upfront else {}
    chosen: list[tuple[Candidate, dict[str, Any]]] = []
    for source in sources:
        limit = _limit(source, ctx)
        pending = iter(produced[source.kind])
        taken, size = 0, _chunk_size(limit)
        while limit is None or taken < limit:
            raw = list(islice(pending, size))
            if not raw:
                break
            chunk = [c for c in raw if c.contact_id not in seen]
            missing = sorted({c.contact_id for c in chunk} - facts.keys())
            if missing:
                facts.update(_facts(ctx, missing))
            for candidate in chunk:
                if limit is not None and taken >= limit:
                    break
                if candidate.contact_id in seen or not _keep(candidate, facts.get(candidate.contact_id), ctx):
                    continue
                seen.add(candidate.contact_id)
                chosen.append((candidate, facts[candidate.contact_id]))
                taken += 1
    return _render(ctx, chosen)


def _render(ctx: QueueContext, chosen: list[tuple[Candidate, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The items as the API shows them, with their reasons (columns only: no ORM objects)."""
    if not chosen:
        return []
    ids = [c.contact_id for c, _ in chosen]
    people = {row.id: row for row in db.session.execute(
        select(Contact.id, Contact.first_name, Contact.last_name, Contact.title, Contact.email,
               Contact.phone, Contact.seniority, Company.id.label("company_id"),
               Company.name.label("company_name"), Company.domain, Company.size_tier, Company.industry,
               ContactScore.engagement, ContactScore.engagement_at, ContactScore.contributions)
        .outerjoin(Company, Company.id == Contact.company_id)
        .outerjoin(ContactScore, ContactScore.contact_id == Contact.id)
        .where(one_of(Contact.id, "ids")), {"ids": ids})}
    half_life = float(ctx.config["SCORE_HALF_LIFE_DAYS"])
    items = []
    for candidate, fact in chosen:
        person = people[candidate.contact_id]
        fit, fit_why = scoring.fit_reasons(person.size_tier, person.industry, person.seniority,
                                           person.title, ctx.config)
        # A contact without a score row reads as no engagement (NULL columns).
        engagement, why = scoring.engagement_reasons(person, ctx.as_of, half_life)
        reasons = sorted(why + fit_why, key=lambda r: -r["points"])
        reason = candidate.reason
        if candidate.kind == "hot_lead" and why:
            reason = why[0]["text"]
        items.append({
            "id": candidate.item_id, "kind": candidate.kind, "reason": reason, "reasons": reasons,
            "contact": {"id": person.id, "name": full_name(person.first_name, person.last_name),
                        "title": person.title, "email": person.email, "phone": person.phone},
            "company": ({"id": person.company_id, "name": person.company_name, "domain": person.domain}
                        if person.company_id is not None else None),
            "score": round(fit + engagement), "due_at": candidate.due_at,
            "sla_deadline": candidate.sla_deadline,
            "attempts_made": (fact["attempts"] if candidate.attempts_made is None
                              else candidate.attempts_made),
            "attempts_allowed": attempts_allowed(person.size_tier, ctx.config),
            "overdue": candidate.overdue, "task_id": candidate.task_id})
    return items


def snooze(rep: User, item_id: str, contact_id: int | None, until: datetime) -> QueueSnooze:
    record = QueueSnooze(user_id=rep.id, item_id=item_id, contact_id=contact_id, until=until)
    db.session.add(record)
    db.session.commit()
    return record
