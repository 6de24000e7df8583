"""A deterministic demo team: 1 manager, 4 reps, ~200 companies and 60 days of history."""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Callable

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from server.auth.tokens import issue_token
from server.extensions import db
from server.models import Activity, Company, Contact, Deal, Team, User
from server.services.companies import size_tier
from server.services.demo_cadences import seed_cadences
from server.services.demo_engagement import seed_engagement

DEMO_TEAM = "Demo Sales"
PEOPLE = [("manager", "Morgan Manager", "manager@demo.sidekick"),
          ("rep", "Riley Rep", "riley@demo.sidekick"),
          ("rep", "Sam Seller", "sam@demo.sidekick"),
          ("rep", "Casey Closer", "casey@demo.sidekick"),
          ("rep", "Jordan Hunter", "jordan@demo.sidekick"),
          ("admin", "Ada Admin", "admin@demo.sidekick")]
INDUSTRIES = ["Software", "IT Services", "Marketing & Advertising", "Financial Services",
              "Healthcare", "Manufacturing", "Retail & E-commerce", "Education", "Consulting",
              "Real Estate", "Transportation & Logistics", "Energy"]
RANGES = [("1-10", 7), ("11-50", 35), ("51-200", 120), ("201-500", 340), ("501-1000", 800),
          ("1001-5000", 2400), ("5001-10000", 7000), ("10001+", 25000)]
WORDS = ["North", "Blue", "Apex", "Cedar", "Lumen", "Harbor", "Quartz", "Summit", "Nimbus",
         "Bright", "Iron", "Willow", "Vertex", "Pioneer", "Atlas", "Copper", "Silver", "Orbit"]
NOUNS = ["Labs", "Systems", "Works", "Partners", "Analytics", "Logistics", "Health", "Digital",
         "Foods", "Energy", "Capital", "Robotics", "Media", "Cloud", "Supply", "Learning"]
FIRST = ["Dana", "Alex", "Priya", "Jonas", "Mei", "Carlos", "Fatima", "Liam", "Sofia", "Noah",
         "Aisha", "Lucas", "Elena", "Omar", "Hannah", "Kenji", "Chloe", "Mateo", "Zoe", "Ivan"]
LAST = ["Nguyen", "Schmidt", "Garcia", "Okafor", "Rossi", "Kowalski", "Tanaka", "Dubois",
        "Smith", "Haddad", "Jensen", "Silva", "Novak", "Brown", "Costa", "Meyer"]
TITLES = [("CEO", "c_level", "executive"), ("VP of Sales", "vp", "sales"),
          ("Head of Marketing", "director", "marketing"), ("CTO", "c_level", "engineering"),
          ("Operations Manager", "manager", "operations"), ("Finance Director", "director", "finance"),
          ("Sales Manager", "manager", "sales"), ("Software Engineer", "entry", "engineering")]
CITIES = [("Boston", "MA", "United States", "America/New_York"),
          ("Austin", "TX", "United States", "America/Chicago"),
          ("Berlin", None, "Germany", "Europe/Berlin"), ("London", None, "United Kingdom", "Europe/London"),
          ("Denver", "CO", "United States", "America/Denver"), ("Toronto", "ON", "Canada", "America/Toronto")]
DAYS = 60


def demo_is_seeded() -> bool:
    return db.session.scalar(select(Team.id).where(Team.name == DEMO_TEAM)) is not None


def seed_demo(*, seed: int = 42, now: datetime | None = None,
              progress: Callable[[int], None] = lambda step: None) -> list[dict[str, str]]:
    """Create the demo team and its history; returns each demo user's new API token."""
    rng = random.Random(seed)
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    team = Team(name=DEMO_TEAM, timezone="America/New_York")
    users = [User(name=name, email=email, role=role, team=team if role != "admin" else None,
                  timezone="America/New_York", monthly_quota=Decimal(0 if role != "rep" else 12000))
             for role, name, email in PEOPLE]
    db.session.add_all(users)
    tokens = [{"role": u.role, "name": u.name, "email": u.email, "token": issue_token(u, name="demo")}
              for u in users]
    # The manager signs in to the /reports pages with a random password, shown like the tokens.
    for user, row in zip(users, tokens):
        if user.role == "manager":
            row["password"] = secrets.token_urlsafe(12)
            user.password_hash = generate_password_hash(row["password"])
    reps = [u for u in users if u.role == "rep"]
    db.session.flush()
    progress(10)
    companies = _companies(rng, reps, now)
    progress(30)
    contacts = _contacts(rng, companies)
    db.session.flush()
    progress(50)
    _deals(rng, companies, contacts, now)
    _activities(rng, contacts, reps, now)
    seed_engagement(contacts, now, seed=seed)  # engagement (issue 5)
    _first_touches(rng, contacts, reps, now)
    seed_cadences(users, contacts, now, seed=seed)  # cadences (issue 6)
    progress(40)
    db.session.commit()
    progress(10)
    return tokens


# How often each demo rep calls a new SQL inside the hour: the SLA report has someone to coach.
SLA_DISCIPLINE = (0.9, 0.7, 0.5, 0.3)


def _first_touches(rng: random.Random, contacts: list[Contact], reps: list[User], now: datetime) -> None:
    """A first call after each older SQL's hand-off: in time or late, by each rep's habit."""
    db.session.flush()
    discipline = {rep.id: SLA_DISCIPLINE[i % len(SLA_DISCIPLINE)] for i, rep in enumerate(reps)}
    for contact in contacts:
        if contact.sql_at is None or contact.owner_id not in discipline or contact.do_not_contact:
            continue
        if now - contact.sql_at < timedelta(hours=3) or rng.random() < 0.1:
            continue  # fresh SQLs are today's queue; a few stay untouched
        in_time = rng.random() < discipline[contact.owner_id]
        delay = timedelta(minutes=rng.randrange(3, 55) if in_time else rng.randrange(70, 2880))
        db.session.add(Activity(
            type="call", outcome=rng.choice(["no_answer", "connected", "no_answer"]),
            user_id=contact.owner_id, contact_id=contact.id, company_id=contact.company_id,
            occurred_at=min(contact.sql_at + delay, now - timedelta(minutes=1)), source="manual",
            idempotency_key=f"demo-first-touch-{contact.id}"))


def _companies(rng: random.Random, reps: list[User], now: datetime) -> list[Company]:
    names = sorted({f"{a} {b}" for a in WORDS for b in NOUNS})
    rng.shuffle(names)
    companies = []
    for name in names[:200]:
        employee_range, employees = rng.choice(RANGES)
        city, region, country, _ = rng.choice(CITIES)
        owner = rng.choice(reps) if rng.random() < 0.55 else None
        company = Company(
            domain=name.lower().replace(" ", "") + rng.choice([".com", ".io", ".co"]),
            name=name, industry=rng.choice(INDUSTRIES), employee_range=employee_range,
            employees=employees, size_tier=size_tier(employees, employee_range), city=city,
            region=region, country=country, phones=[f"+1617555{rng.randrange(1000, 9999)}"],
            socials={"linkedin": f"https://www.linkedin.com/company/{name.lower().replace(' ', '-')}"},
            description=f"{name} is a {employee_range}-person company.",
            owner=owner, owned_since=now - timedelta(days=rng.randrange(5, 300)) if owner else None,
            buyer_stage=rng.choice([None, "education", "research", "selection"]),
            provenance={"name": {"source": "import", "at": now.isoformat()}},
        )
        companies.append(company)
    db.session.add_all(companies)
    return companies


def _contacts(rng: random.Random, companies: list[Company]) -> list[Contact]:
    contacts = []
    for company in companies:
        tz = next(c[3] for c in CITIES if c[0] == company.city)
        for _ in range(rng.randint(1, 4)):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            title, seniority, department = rng.choice(TITLES)
            contacts.append(Contact(
                company=company, first_name=first, last_name=last, title=title,
                seniority=seniority, department=department, timezone=tz,
                email=f"{first}.{last}.{len(contacts)}@{company.domain}".lower(),
                phone=f"+1617555{rng.randrange(1000, 9999)}", owner=company.owner,
                lifecycle_stage=rng.choice(["subscriber", "lead", "lead", "mql", "sql", "opportunity"]),
                do_not_contact=rng.random() < 0.03, provenance={}))
    db.session.add_all(contacts)
    return contacts


def _deals(rng: random.Random, companies: list[Company], contacts: list[Contact], now: datetime) -> None:
    stages = ["appointment", "qualified", "demo", "proposal", "negotiation", "won", "lost"]
    for company in [c for c in companies if c.owner is not None][:70]:
        stage = rng.choice(stages)
        created = now - timedelta(days=rng.randrange(1, DAYS))
        db.session.add(Deal(
            name=f"{company.name} – {rng.choice(['Starter', 'Growth', 'Enterprise'])}",
            company=company, owner=company.owner, stage=stage,
            mrr=Decimal(rng.choice([300, 800, 1500, 3000, 6000])),
            close_date=(now + timedelta(days=rng.randrange(-10, 90))).date(),
            confidence=rng.choice([10, 30, 50, 70, 90]), created_at=created,
            closed_at=created + timedelta(days=rng.randrange(1, 20)) if stage in ("won", "lost") else None,
            goals="Grow outbound pipeline 30%" if stage != "appointment" else None))


def _activities(rng: random.Random, contacts: list[Contact], reps: list[User], now: datetime) -> None:
    kinds = [("call", "no_answer"), ("call", "connected"), ("voicemail", "left"), ("email", "sent"),
             ("meeting", "booked"), ("note", None), ("linkedin", "sent"), ("demo", "held")]
    weights = [30, 10, 15, 30, 4, 5, 5, 2]
    for index in range(2400):
        contact = rng.choice(contacts)
        user = contact.owner or rng.choice(reps)
        kind, outcome = rng.choices(kinds, weights)[0]
        db.session.add(Activity(
            type=kind, outcome=outcome, user=user, contact_id=contact.id,
            company_id=contact.company_id,
            occurred_at=now - timedelta(minutes=rng.randrange(0, DAYS * 24 * 60)),
            source=rng.choice(["manual", "extension", "cadence"]), idempotency_key=f"demo-{index}"))
