"""Acting on received mail and opt-outs: replies and bounces stop enrollments, auto-replies
pause them, unsubscribes stop everything for the contact."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

import cadences as lib
from server.extensions import db
from server.models import Contact, Enrollment, InboundMessage, OutboundEmail, User
from server.services.cadence_events import record_engagement
from server.services.cadence_mail_parse import InboundFacts, parse_message
from server.services.cadence_transitions import (
    apply_to_contact,
    flag_contact,
    stop_company_on_reply,
)


def receive_message(raw: bytes, now: datetime) -> tuple[InboundMessage, bool]:
    """Record a raw message once (by Message-ID) and apply what it means; (row, created)."""
    facts = parse_message(raw, now.date())
    found = _inbound(facts.dedupe_key)
    if found is not None:
        return found, False
    outbound = _match(facts)
    row = InboundMessage(
        dedupe_key=facts.dedupe_key[:255], message_id=(facts.message_id or "")[:255] or None,
        kind=facts.kind if outbound else "unmatched", from_address=facts.from_address,
        subject=facts.subject, received_at=now,
        outbound_email_id=outbound.id if outbound else None,
        contact_id=outbound.contact_id if outbound else None,
        details=_details(facts))
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return _inbound(facts.dedupe_key), False  # the same message posted twice at once
    if outbound is not None:
        _apply(facts, outbound, now)
    db.session.commit()
    return row, True


def _inbound(key: str) -> InboundMessage | None:
    return db.session.scalar(select(InboundMessage).where(InboundMessage.dedupe_key == key[:255]))


def _details(facts: InboundFacts) -> dict:
    details = {"references": list(facts.references[:20]), "summary": facts.summary,
               "message_kind": facts.kind}
    if facts.failed_recipient:
        details["failed_recipient"] = facts.failed_recipient
    if facts.diagnostic:
        details["status"] = facts.diagnostic
    if facts.return_on:
        details["return_on"] = facts.return_on.isoformat()
    return details


def _match(facts: InboundFacts) -> OutboundEmail | None:
    """Our email this message answers: by Message-ID first, else by the address we wrote to."""
    if facts.references:
        found = db.session.scalar(select(OutboundEmail).where(
            OutboundEmail.message_id.in_(facts.references)).order_by(OutboundEmail.id.desc()))
        if found is not None:
            return found
    address = facts.failed_recipient if facts.kind in ("bounce", "delayed") else facts.from_address
    if not address:
        return None
    return db.session.scalar(
        select(OutboundEmail).where(func.lower(OutboundEmail.to_address) == address,
                                    OutboundEmail.status.in_(("sent", "sent_unconfirmed")))
        .order_by(OutboundEmail.id.desc()).limit(1))


def _apply(facts: InboundFacts, outbound: OutboundEmail, now: datetime) -> None:
    contact, rep = outbound.contact, outbound.user
    event_id = f"inbound-{facts.dedupe_key}"[:100]
    properties = {"message_id": facts.message_id, "subject": facts.subject,
                  "summary": facts.summary or facts.diagnostic, "in_reply_to": outbound.message_id}
    if facts.kind == "reply":
        record_engagement("email_reply", contact=contact, user=rep, occurred_at=now,
                          event_id=event_id, properties=properties,
                          activity_id=outbound.activity_id)
        apply_to_contact(contact.id, lib.Replied(), now)
        stop_company_on_reply(contact.company_id, now)
    elif facts.kind == "bounce":
        record_engagement("email_bounce", contact=contact, user=rep, occurred_at=now,
                          event_id=event_id, properties=properties,
                          activity_id=outbound.activity_id)
        apply_to_contact(contact.id, lib.Bounced(), now)
        flag_contact(contact, "email_bounced", now)
    elif facts.kind == "out_of_office":
        apply_to_contact(contact.id, lib.OutOfOffice(return_on=facts.return_on), now)
    elif facts.kind == "unsubscribe":
        unsubscribe_contact(contact, now, event_id=event_id, rep=rep)


def unsubscribe_contact(contact: Contact, now: datetime, *, event_id: str,
                        rep: User | None = None) -> None:
    """Opt the contact out: do-not-contact, address suppressed, every enrollment stopped.

    Idempotent; does not commit.
    """
    if rep is None:
        rep = db.session.scalar(select(User).join(Enrollment, Enrollment.user_id == User.id)
                                .where(Enrollment.contact_id == contact.id)
                                .order_by(Enrollment.id.desc()).limit(1)) or contact.owner
    apply_to_contact(contact.id, lib.Unsubscribed(), now)
    flag_contact(contact, "unsubscribed", now)
    if rep is not None:
        record_engagement("unsubscribe", contact=contact, user=rep, occurred_at=now,
                          event_id=event_id)
