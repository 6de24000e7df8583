"""The queue's own sources: new and overdue SQLs, high-priority requests and hot leads."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import (
    ARRAY,
    Integer,
    and_,
    any_,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union,
    union_all,
)

from server.extensions import db, dialect_name
from server.models import Activity, Company, Contact
from server.models.engagement import ContactScore
from server.models.types import UTCDateTime
from server.services import scoring
from server.services.queue_sources import Candidate, QueueContext, register_source

# Activities that count as a rep touching a lead (attempts, first touch, "touched today").
TOUCH_TYPES = ("call", "voicemail", "email", "connect")
REQUEST_WORDS = {"demo_request": "Requested a demo", "free_trial_signup": "Started a free trial"}


def touched_since(when) -> exists:
    """SQL: the contact got a rep touch at or after ``when`` (a column or a value)."""
    return exists().where(Activity.contact_id == Contact.id, Activity.type.in_(TOUCH_TYPES),
                          Activity.occurred_at >= when)


def _untouched_sqls(ctx: QueueContext):
    """(contact id, sql_at) of the rep's SQLs nobody has touched since; read once per build."""
    if "untouched_sqls" not in ctx.shared:
        ctx.shared["untouched_sqls"] = db.session.execute(
            select(Contact.id, Contact.sql_at)
            .where(Contact.owner_id == ctx.rep.id, Contact.lifecycle_stage == "sql",
                   Contact.sql_at.is_not(None), Contact.sql_at <= ctx.as_of,
                   ~touched_since(Contact.sql_at))).all()
    return ctx.shared["untouched_sqls"]


def _sql_candidates(ctx: QueueContext, *, overdue: bool):
    sla = timedelta(minutes=int(ctx.config["SQL_SLA_MINUTES"]))
    for contact_id, sql_at in _untouched_sqls(ctx):
        deadline = sql_at + sla
        if (deadline <= ctx.as_of) != overdue:
            continue
        minutes = int((ctx.as_of - sql_at).total_seconds() // 60)
        reason = (f"New SQL {minutes} min ago: call within the hour" if not overdue
                  else f"SQL waiting since {sql_at:%b %d %H:%M} UTC: the one-hour SLA was missed")
        yield Candidate(item_id=f"sql:{contact_id}:{int(sql_at.timestamp())}",
                        kind="overdue_sql" if overdue else "new_sql", contact_id=contact_id,
                        reason=reason, due_at=sql_at, sla_deadline=deadline, overdue=overdue,
                        sort_key=(deadline, contact_id))


@register_source("new_sql", priority=10)
def new_sqls(ctx: QueueContext):
    """SQLs still inside their SLA, earliest deadline first."""
    return _sql_candidates(ctx, overdue=False)


@register_source("overdue_sql", priority=20)
def overdue_sqls(ctx: QueueContext):
    """SQLs never touched whose SLA has passed (flagged), earliest deadline first."""
    return _sql_candidates(ctx, overdue=True)


def in_rep_accounts(ctx: QueueContext):
    """SQL: the contact is in the rep's accounts, theirs or at a company they own.

    Written for each planner. PostgreSQL gets one OR over the owner_id and company_id indexes,
    the owned companies' ids as one array (as a subquery it hashed every contact instead).
    SQLite would test that OR row by row; a union of the two index lookups it plans well.
    """
    owned = Company.owner_id == ctx.rep.id
    if dialect_name() == "postgresql":
        ids = select(func.array_agg(Company.id)).where(owned).scalar_subquery()
        return or_(Contact.owner_id == ctx.rep.id, Contact.company_id == any_(cast(ids, ARRAY(Integer))))
    return Contact.id.in_(union(select(Contact.id).where(Contact.owner_id == ctx.rep.id),
                                select(Contact.id).join(Company, Company.id == Contact.company_id)
                                .where(owned)))


PAGE = 100  # hot leads per read: a day's QUEUE_HOT_LIMIT after exclusions, most days


def _engaged(ctx: QueueContext):
    """SQL (a CTE): the rep's account contacts with an untouched demo or trial request or with
    recent engagement: ``request_at`` (NULL unless an untouched request), ``request_type``,
    ``hot_at`` and ``score`` (the ranking score; NULL unless a hot lead).

    Both sources look up the same few thousand account contacts and their score rows: this
    does it once.
    """
    since = ctx.as_of - timedelta(hours=int(ctx.config["HOT_WINDOW_HOURS"]))
    asked = ContactScore.high_priority_at
    requested = and_(asked.is_not(None), asked <= ctx.as_of)
    hot = and_(ContactScore.hot_at >= since, ContactScore.hot_at <= ctx.as_of,
               ContactScore.unsubscribed_at.is_(None), Contact.do_not_contact.is_(False),
               or_(Contact.lifecycle_stage.is_(None), Contact.lifecycle_stage != "customer"))
    # CASE evaluates its branches in order: the touch lookup runs for requests only, the
    # company lookup of the score for hot leads only.
    untouched = case((~requested, None), (touched_since(asked), None), else_=asked)
    return (select(ContactScore.contact_id, untouched.label("request_at"),
                   ContactScore.high_priority_type.label("request_type"), ContactScore.hot_at,
                   case((hot, hot_score(ctx)), else_=None).label("score"))
            .join(Contact, Contact.id == ContactScore.contact_id)
            .where(in_rep_accounts(ctx), or_(requested, hot)).cte("engaged"))


def _hot_page(engaged, offset: int):
    """SQL: one page of hot leads, highest score first: ("hot", contact id, hot_at, NULL, score)."""
    return (select(literal("hot").label("part"), engaged.c.contact_id, engaged.c.hot_at, null(),
                   engaged.c.score)
            .where(engaged.c.score.is_not(None))
            .order_by(engaged.c.score.desc(), engaged.c.contact_id).limit(PAGE).offset(offset))


def _requests_and_hot(ctx: QueueContext):
    """The untouched requests and the first page of hot leads in one query, once per build:
    ("request", contact id, request_at, request type, NULL) and ``_hot_page`` rows."""
    if "engaged" not in ctx.shared:
        engaged = _engaged(ctx)
        requests = select(literal("request").label("part"), engaged.c.contact_id,
                          engaged.c.request_at, engaged.c.request_type, null()
                          ).where(engaged.c.request_at.is_not(None))
        ctx.shared["engaged"] = db.session.execute(
            union_all(requests, select(_hot_page(engaged, 0).subquery()))).all()
    return ctx.shared["engaged"]


@register_source("high_priority", priority=30)
def high_priority_requests(ctx: QueueContext):
    """Demo and free-trial requests nobody has touched since, however old, oldest first."""
    for part, contact_id, at, kind, _ in _requests_and_hot(ctx):
        if part == "request":
            yield Candidate(item_id=f"hp:{contact_id}:{int(at.timestamp())}", kind="high_priority",
                            contact_id=contact_id, due_at=at, sort_key=(at, contact_id),
                            reason=f"{REQUEST_WORDS.get(kind, kind)} {at:%b %d} and has not been called")


def _age_days(ctx: QueueContext, column):
    """SQL: days between ``column`` and the queue's moment, on either database."""
    if dialect_name() == "postgresql":
        return func.extract("epoch", literal(ctx.as_of, UTCDateTime()) - column) / 86400.0
    return func.julianday(literal(ctx.as_of.strftime("%Y-%m-%d %H:%M:%S.%f"))) - func.julianday(column)


def hot_score(ctx: QueueContext):
    """SQL: fit + decayed engagement, the same numbers ``scoring`` computes in Python.

    The company's part is a subquery per candidate (a primary-key lookup): as a join,
    PostgreSQL hashed every company for the rep's ~1,600 hot candidates.
    """
    icp = sorted(scoring.icp_industries(ctx.config.get("ICP_INDUSTRIES") or ""))
    tier = case({name: points for name, (_, points) in scoring.TIER_FIT.items()},
                value=Company.size_tier, else_=0)
    industry = case((func.lower(Company.industry).in_(icp), scoring.ICP_INDUSTRY_POINTS), else_=0)
    company = select(tier + industry).where(Company.id == Contact.company_id).scalar_subquery()
    senior = case(scoring.SENIORITY_FIT, value=Contact.seniority, else_=0)
    decay = func.power(0.5, _age_days(ctx, ContactScore.engagement_at)
                       / float(ctx.config["SCORE_HALF_LIFE_DAYS"]))
    return func.coalesce(company, 0) + senior + ContactScore.engagement * decay


@register_source("hot_lead", priority=50, limit="QUEUE_HOT_LIMIT", ordered=True)
def hot_leads(ctx: QueueContext):
    """Contacts in the rep's accounts with recent human opens, clicks or visits, by score.

    Ranked in SQL and read a page at a time: the builder stops once it has enough.
    """
    rows = [row for row in _requests_and_hot(ctx) if row.part == "hot"]
    offset = 0
    while True:
        for _, contact_id, hot_at, _, points in rows:
            yield Candidate(item_id=f"hot:{contact_id}", kind="hot_lead", contact_id=contact_id,
                            due_at=hot_at, score=float(points), sort_key=(-float(points), contact_id),
                            reason="Engaged recently")
        if len(rows) < PAGE:
            return
        offset += PAGE
        rows = db.session.execute(_hot_page(_engaged(ctx), offset)).all()
