"""What the CRM already knows about a company, as a rep sees it beside the enriched profile."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.auth.policy import visible
from server.extensions import db
from server.models import OPEN_STAGES, Activity, Company, Contact, Deal, User

DECISION_MAKERS = ("owner", "founder", "c_level", "partner", "vp", "director")
MAX_CONTACTS = 100


def crm_summary(company: Company, user: User) -> dict[str, Any]:
    """Owner, last touch, the open deal the user may see, and known contacts of ``company``.

    The last activity is shown as a bare "who touched it when" (no notes or outcome) to everyone,
    because reps need it to avoid stepping on a colleague's account; the deal follows the deal
    read rule.
    """
    return {
        "company_id": company.id,
        "domain": company.domain,
        "name": company.name,
        "owner": _user_ref(company.owner),
        "owned_since": company.owned_since,
        "last_activity": _last_activity(company),
        "open_deal": _open_deal(company, user),
        "contacts": [_contact(contact) for contact in db.session.scalars(
            select(Contact).where(Contact.company_id == company.id).order_by(Contact.id)
            .limit(MAX_CONTACTS))],
    }


def _user_ref(user: User | None) -> dict[str, Any] | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def _last_activity(company: Company) -> dict[str, Any] | None:
    activity = db.session.scalar(select(Activity).where(Activity.company_id == company.id)
                                 .order_by(Activity.occurred_at.desc(), Activity.id.desc()).limit(1))
    if activity is None:
        return None
    return {"occurred_at": activity.occurred_at, "type": activity.type, "user": _user_ref(activity.user)}


def _open_deal(company: Company, user: User) -> dict[str, Any] | None:
    deal = db.session.scalar(
        select(Deal).where(Deal.company_id == company.id, Deal.stage.in_(OPEN_STAGES),
                           visible(user, "deal", Deal.owner_id))
        .order_by(Deal.updated_at.desc(), Deal.id.desc()).limit(1))
    if deal is None:
        return None
    return {"id": deal.id, "name": deal.name, "stage": deal.stage, "mrr": deal.mrr}


def _contact(contact: Contact) -> dict[str, Any]:
    return {"id": contact.id, "name": contact.name, "title": contact.title,
            "seniority": contact.seniority, "department": contact.department,
            "is_decision_maker": contact.seniority in DECISION_MAKERS,
            "email": contact.email, "phone": contact.phone, "linkedin": contact.linkedin}
