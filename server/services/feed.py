"""The rep's real-time feed: what their leads just did, grouped into sentences, plus notices."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from server.extensions import db
from server.models import Company, Contact, User
from server.models.engagement import EngagementEvent, Notification
from server.services.scoring import signal_of

MAX_LOOKBACK = timedelta(days=7)
MAX_EVENTS = 2000
SKIPPED = {"email_sent"}
VERBS = {
    "email_open": "opened your email", "email_click": "clicked a link in your email",
    "email_reply": "replied to your email", "email_bounce": "bounced your email",
    "website_visit": "visited your website", "blog_visit": "read your blog",
    "pricing_visit": "visited the pricing page", "demo_page_visit": "visited the demo page",
    "careers_visit": "visited the careers page", "content_download": "downloaded content",
    "webinar_attended": "attended a webinar", "form_submitted": "submitted a form",
    "demo_request": "requested a demo", "free_trial_signup": "signed up for a free trial",
    "meeting_booked": "booked a meeting", "social_mention": "was mentioned on social media",
    "unsubscribe": "unsubscribed",
}


def _who(contact: Contact | None, company: Company | None) -> str:
    account = (company.name or company.domain) if company is not None else None
    if contact is None:
        return account or "Someone"
    person = contact.first_name or contact.name or contact.email or "Someone"
    return f"{person} at {account}" if account else person


def _ref(contact: Contact | None, company: Company | None) -> tuple[dict | None, dict | None]:
    return (({"id": contact.id, "name": contact.name, "title": contact.title, "email": contact.email,
              "phone": contact.phone} if contact is not None else None),
            ({"id": company.id, "name": company.name, "domain": company.domain}
             if company is not None else None))


def event_items(user: User, since: datetime, now: datetime) -> list[dict[str, Any]]:
    mine_contacts = select(Contact.id).where(Contact.owner_id == user.id)
    mine_companies = select(Company.id).where(Company.owner_id == user.id)
    rows = db.session.execute(
        select(EngagementEvent, Contact, Company)
        .outerjoin(Contact, Contact.id == EngagementEvent.contact_id)
        .outerjoin(Company, Company.id == EngagementEvent.company_id)
        .where(EngagementEvent.received_at > since, EngagementEvent.received_at <= now,
               EngagementEvent.machine.is_(False), EngagementEvent.type.not_in(SKIPPED),
               or_(EngagementEvent.contact_id.in_(mine_contacts),
                   EngagementEvent.company_id.in_(mine_companies)))
        .order_by(EngagementEvent.received_at, EngagementEvent.id).limit(MAX_EVENTS)).all()
    groups: dict[tuple, dict[str, Any]] = {}
    for event, contact, company in rows:
        signal = signal_of(event.type, event.properties)
        key = (event.contact_id, event.company_id, signal)
        group = groups.setdefault(key, {"contact": contact, "company": company, "signal": signal,
                                        "count": 0, "at": event.received_at, "first_id": event.id})
        group["count"] += 1
        group["at"] = max(group["at"], event.received_at)
    items = []
    for group in groups.values():
        times = f" {group['count']}×" if group["count"] > 1 else ""
        contact_ref, company_ref = _ref(group["contact"], group["company"])
        items.append({"id": f"event:{group['first_id']}", "kind": group["signal"],
                      "message": f"{_who(group['contact'], group['company'])} "
                                 f"{VERBS.get(group['signal'], group['signal'])}{times}",
                      "count": group["count"], "at": group["at"], "contact": contact_ref,
                      "company": company_ref})
    return items


def notice_items(user: User, since: datetime, now: datetime) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(Notification, Contact, Company)
        .outerjoin(Contact, Contact.id == Notification.contact_id)
        .outerjoin(Company, Company.id == Notification.company_id)
        .where(Notification.user_id == user.id, Notification.created_at > since,
               Notification.created_at <= now)).all()
    items = []
    for note, contact, company in rows:
        contact_ref, company_ref = _ref(contact, company)
        items.append({"id": f"notice:{note.id}", "kind": note.kind, "message": note.message,
                      "count": 1, "at": note.created_at, "contact": contact_ref,
                      "company": company_ref})
    return items


def feed(user: User, since: datetime | None, now: datetime) -> dict[str, Any]:
    """Everything new for ``user`` since ``since`` (default: a day), newest first."""
    since = max(since or now - timedelta(days=1), now - MAX_LOOKBACK)
    items = event_items(user, since, now) + notice_items(user, since, now)
    items.sort(key=lambda item: (item["at"], item["id"]), reverse=True)
    return {"items": items, "now": now}
