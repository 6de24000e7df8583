"""Marketing-to-sales hand-off by Roberge's buyer matrix: tier × buyer stage → SQL.

Enterprise leads become SQLs at the education stage, mid-size at research and small at
selection (thresholds from config). The new SQL goes to the company's owner, else the contact's
owner, else the next inbound rep round-robin; the SLA clock starts at ``sql_at``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from server.extensions import db
from server.models import Company, Contact, User
from server.models.engagement import ContactScore, LeadHandoff, Notification
from server.services import lead_value
from server.services.scoring import BUYER_STAGES, LABELS

OPEN_LIFECYCLES = ("subscriber", "lead", "mql")
TIER_SETTING = {"small": "HANDOFF_STAGE_SMALL", "mid": "HANDOFF_STAGE_MID",
                "enterprise": "HANDOFF_STAGE_ENTERPRISE"}


def handoff_stage(size_tier: str | None, config: Mapping[str, Any]) -> str:
    """The buyer stage at which a lead of this tier is sales-ready (unknown size: as small)."""
    return config[TIER_SETTING.get(size_tier or "", "HANDOFF_STAGE_SMALL")]


def is_sales_ready(size_tier: str | None, stage: str | None, config: Mapping[str, Any]) -> bool:
    if stage is None:
        return False
    return BUYER_STAGES.index(stage) >= BUYER_STAGES.index(handoff_stage(size_tier, config))


def inbound_reps(config: Mapping[str, Any]) -> list[User]:
    """The reps who receive unowned SQLs: HANDOFF_REP_EMAILS, else every active rep."""
    stmt = select(User).where(User.is_active.is_(True), User.role == "rep")
    emails = [e.strip().lower() for e in (config.get("HANDOFF_REP_EMAILS") or "").split(",")
              if e.strip()]
    if emails:
        stmt = stmt.where(User.email.in_(emails))
    return list(db.session.scalars(stmt.order_by(User.id)))


def next_inbound_rep(config: Mapping[str, Any]) -> User | None:
    """Round-robin: the inbound rep whose latest hand-off is the oldest (never-assigned first)."""
    reps = inbound_reps(config)
    if not reps:
        return None
    latest = dict(db.session.execute(
        select(LeadHandoff.assigned_to_id, func.max(LeadHandoff.id))
        .where(LeadHandoff.assigned_to_id.in_([r.id for r in reps]))
        .group_by(LeadHandoff.assigned_to_id)).all())
    return min(reps, key=lambda rep: (latest.get(rep.id, 0), rep.id))


def _assignee(contact: Contact, config: Mapping[str, Any]) -> User | None:
    company = contact.company
    if company is not None and company.owner is not None and company.owner.is_active:
        return company.owner
    if contact.owner is not None and contact.owner.is_active:
        return contact.owner
    return next_inbound_rep(config)


def hand_off(contact: Contact, state: ContactScore, at: datetime,
             config: Mapping[str, Any]) -> LeadHandoff:
    """Make the contact an SQL now: set ``sql_at``, assign it, log the hand-off, tell the rep."""
    company = contact.company
    tier = company.size_tier if company is not None else None
    stage = state.buyer_stage
    rep = _assignee(contact, config)
    contact.lifecycle_stage, contact.sql_at = "sql", at
    if rep is not None:
        contact.owner_id = rep.id
        if company is not None and company.owner_id is None:
            company.owner_id, company.owned_since = rep.id, at
    trigger = LABELS.get(state.contributions[0]["s"], stage) if state.contributions else stage
    reason = f"{(tier or 'unknown size').capitalize()} lead at the {stage} stage: {trigger.lower()}"
    record = LeadHandoff(contact_id=contact.id, company_id=contact.company_id,
                         assigned_to_id=rep.id if rep else None, at=at, size_tier=tier,
                         buyer_stage=stage, reason=reason[:300],
                         lead_value=lead_value.estimate(tier, stage).value)
    db.session.add(record)
    if rep is not None:
        where = f" at {company.name or company.domain}" if company is not None else ""
        db.session.add(Notification(
            user_id=rep.id, kind="new_sql", contact_id=contact.id, company_id=contact.company_id,
            message=f"New SQL: {contact.name or contact.email}{where} — {reason}. "
                    f"Call within {config['SQL_SLA_MINUTES']} minutes."))
    return record


def consider(moved: dict[int, tuple[ContactScore, datetime]], *, config: Mapping[str, Any],
             now: datetime) -> list[LeadHandoff]:
    """Hand off those contacts whose buyer stage just moved and who are now sales-ready.

    Stages move for a hundred contacts in a busy batch, and few of them become sales-ready:
    the tiers are read first, and only the ready contacts are loaded whole.
    """
    tiers = db.session.execute(select(Contact.id, Company.size_tier).outerjoin(Contact.company).where(
        Contact.id.in_(moved), Contact.lifecycle_stage.in_(OPEN_LIFECYCLES),
        Contact.do_not_contact.is_(False),
        Contact.id.not_in(select(LeadHandoff.contact_id).where(LeadHandoff.contact_id.in_(moved))),
    ))
    ready = [cid for cid, tier in tiers if is_sales_ready(tier, moved[cid][0].buyer_stage, config)]
    if not ready:
        return []
    contacts = db.session.scalars(select(Contact).where(Contact.id.in_(ready)).order_by(Contact.id).options(
        selectinload(Contact.owner), selectinload(Contact.company).selectinload(Company.owner))).all()
    return [hand_off(contact, *moved[contact.id], config) for contact in contacts]
