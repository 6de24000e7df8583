"""Demo engagement: 60 days of deterministic events so each demo rep's queue has work today."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from server.models import Contact
from server.services.events import Event, ingest

DAYS = 60
MIX = [("email_open", 30), ("website_visit", 28), ("email_sent", 14), ("email_click", 9),
       ("content_download", 5), ("email_reply", 3), ("webinar_attended", 2), ("form_submitted", 3),
       ("social_mention", 2), ("meeting_booked", 1), ("demo_request", 1), ("free_trial_signup", 1),
       ("unsubscribe", 1)]
PATHS = ["/", "/blog/cold-calling-tips", "/pricing", "/careers", "/demo", "/features"]


def seed_engagement(contacts: list[Contact], now: datetime, *, seed: int = 42, count: int = 6000) -> None:
    """Backfill SQL times, then post events (hand-offs and scores follow as in production)."""
    rng = random.Random(seed * 7 + 5)
    for contact in contacts:
        if contact.lifecycle_stage == "sql" and contact.sql_at is None:
            contact.sql_at = now - timedelta(minutes=rng.randrange(120, DAYS * 24 * 60))
    owned = [c for c in contacts if c.owner_id is not None and not c.do_not_contact]
    kinds, weights = zip(*MIX)
    events = []
    for n in range(count):
        contact = rng.choice(owned) if rng.random() < 0.8 else rng.choice(contacts)
        kind = rng.choices(kinds, weights)[0]
        # More recent than not: the last three days are busy, so there are hot leads today.
        age = timedelta(minutes=int((rng.random() ** 3) * DAYS * 24 * 60) + 5)
        props = {"path": rng.choice(PATHS)} if kind == "website_visit" else {}
        events.append(Event(f"demo-ev-{n}", kind, now - age, contact_id=contact.id, properties=props,
                            source="demo", machine=kind == "email_open" and rng.random() < 0.15))
    _fresh_requests(rng, owned, now, events)
    events.sort(key=lambda e: e.occurred_at)
    for start in range(0, len(events), 500):
        ingest(events[start:start + 500], now=now, commit=False)


def _fresh_requests(rng: random.Random, owned: list[Contact], now: datetime, events: list[Event]) -> None:
    """A demo request or two in the last hour per rep: new SQLs inside their SLA today."""
    by_rep: dict[int, list[Contact]] = {}
    for contact in owned:
        if contact.lifecycle_stage in ("lead", "mql", "subscriber"):
            by_rep.setdefault(contact.owner_id, []).append(contact)
    for rep_id in sorted(by_rep):
        for n, contact in enumerate(rng.sample(by_rep[rep_id], min(2, len(by_rep[rep_id])))):
            events.append(Event(f"demo-fresh-{rep_id}-{n}", rng.choice(["demo_request", "free_trial_signup"]),
                                now - timedelta(minutes=rng.randrange(5, 50)), contact_id=contact.id,
                                source="demo"))
