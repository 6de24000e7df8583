"""Dataset for bench/queue_bench.py: reps, companies, contacts, activities, events, score rows.

Rows go in with the driver's bulk path (COPY on PostgreSQL, executemany on SQLite); the score
rows are computed here with the same scoring weights the ingestion service uses, so the queue
reads exactly what incremental ingestion would have left behind.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from server.auth.tokens import issue_token
from server.extensions import db
from server.models import Team, User
from server.services import scoring
from server.services.score_state import HIGH_PRIORITY, HOT_SIGNALS

TIERS = [("small", 20), ("mid", 300), ("enterprise", 5000)]
INDUSTRIES = ["Software", "IT Services", "Healthcare", "Manufacturing", "Retail", "Education"]
SENIORITY = ["c_level", "vp", "director", "manager", "senior", "entry"]
EVENT_MIX = [("email_open", 35), ("website_visit", 30), ("email_sent", 12), ("email_click", 10),
             ("content_download", 3), ("email_reply", 2), ("form_submitted", 2), ("webinar_attended", 1),
             ("social_mention", 1), ("meeting_booked", 0.5), ("demo_request", 0.3),
             ("free_trial_signup", 0.2), ("unsubscribe", 0.2)]
PATHS = [("/", 40), ("/blog/post", 30), ("/pricing", 15), ("/careers", 10), ("/demo", 5)]
TOUCHES = ["call", "voicemail", "email", "connect"]
DAYS = 60


class Writer:
    """Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection, dialect: str) -> None:
        self.raw, self.dialect = connection, dialect

    def _value(self, value):
        if isinstance(value, (dict, list)):
            return json.dumps(value)
        if isinstance(value, datetime) and self.dialect == "sqlite":
            return value.strftime("%Y-%m-%d %H:%M:%S.%f")
        return value

    def write(self, table: str, columns: list[str], rows: Iterable[tuple], tick: Callable[[int], None]):
        cursor = self.raw.cursor()
        if self.dialect == "postgresql":
            n = 0
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for n, row in enumerate(rows, 1):
                    copy.write_row([self._value(v) for v in row])
                    if n % 10_000 == 0:
                        tick(10_000)
            tick(n % 10_000)
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            batch = []
            for row in rows:
                batch.append([self._value(v) for v in row])
                if len(batch) == 10_000:
                    cursor.executemany(sql, batch)
                    tick(len(batch))
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                tick(len(batch))
        self.raw.commit()


def make_people(reps: int) -> list[User]:
    """Teams of ten reps, a manager each; every user gets a token in ``plain_token``."""
    users = []
    for t in range(math.ceil(reps / 10)):
        team = Team(name=f"Bench team {t}", timezone="America/New_York")
        manager = User(name=f"Manager {t}", email=f"manager{t}@bench.test", role="manager", team=team)
        db.session.add(manager)
        for r in range(min(10, reps - t * 10)):
            user = User(name=f"Rep {t}-{r}", email=f"rep{t}-{r}@bench.test", role="rep", team=team,
                        timezone="America/New_York")
            db.session.add(user)
            user.plain_token = issue_token(user)
            users.append(user)
    admin = User(name="Bench admin", email="admin@bench.test", role="admin")
    db.session.add(admin)
    admin.plain_token = issue_token(admin, name="bench", kind="integration")
    db.session.commit()
    return users + [admin]


def companies_rows(rng, count: int, reps: list[User], now: datetime):
    for n in range(1, count + 1):
        tier, employees = rng.choice(TIERS)
        owner = rng.choice(reps).id if rng.random() < 0.6 else None
        yield (n, f"bench{n}.example", f"Bench {n}", rng.choice(INDUSTRIES), employees, tier, owner,
               now - timedelta(days=100) if owner else None, [], {}, {}, now, now)


COMPANY_COLUMNS = ["id", "domain", "name", "industry", "employees", "size_tier", "owner_id",
                   "owned_since", "phones", "socials", "provenance", "created_at", "updated_at"]
CONTACT_COLUMNS = ["id", "company_id", "first_name", "last_name", "title", "seniority", "email",
                   "phone", "lifecycle_stage", "sql_at", "do_not_contact", "owner_id", "provenance",
                   "created_at", "updated_at"]


def contacts_rows(rng, count: int, companies: int, owners: dict[int, int | None], reps, now):
    for n in range(1, count + 1):
        company = rng.randint(1, companies)
        sql = rng.random() < 0.03
        sql_at = now - timedelta(minutes=rng.randrange(0, 60 * 24 * 20)) if sql else None
        yield (n, company, "Dana", f"Person{n}", "Head of Sales", rng.choice(SENIORITY),
               f"dana{n}@bench{company}.example", "+15555550100", "sql" if sql else "lead", sql_at,
               rng.random() < 0.02, owners[company] or rng.choice(reps).id, {}, now, now)


def events_and_scores(rng, count: int, contacts: int, contact_company: list[int], now: datetime,
                      half_life: float, tick: Callable[[int], None]):
    """(event rows, score rows): events spread over 60 days, scores folded per contact."""
    types, weights = zip(*EVENT_MIX)
    paths, path_weights = zip(*PATHS)
    table = scoring.weights({})
    span = DAYS * 86400
    per_contact: dict[int, list[tuple[float, str, str]]] = {}
    events = []
    now_ts = now.timestamp()
    chosen = rng.choices(types, weights, k=count)
    for n, kind in enumerate(chosen, 1):
        contact = rng.randint(1, contacts)
        at = now_ts - rng.random() ** 1.5 * span  # more events lately
        props = {"path": rng.choices(paths, path_weights)[0]} if kind == "website_visit" else {}
        machine = kind == "email_open" and rng.random() < 0.2
        events.append((f"b{n}", kind, contact, contact_company[contact], datetime.fromtimestamp(at, now.tzinfo),
                       now, "bench", machine, props))
        if not machine:
            per_contact.setdefault(contact, []).append((at, kind, scoring.signal_of(kind, props)))
        if n % 100_000 == 0:
            tick(100_000)
    return events, list(_scores(per_contact, contact_company, table, half_life, now))


def _scores(per_contact, contact_company, table, half_life, now):
    h = half_life * 86400
    stamp = lambda ts: datetime.fromtimestamp(ts, now.tzinfo)
    for contact, rows in per_contact.items():
        rows.sort()
        last = rows[-1][0]
        engagement, contribution, stage = 0.0, [], None
        hot = high = high_type = unsub = None
        for at, kind, signal in rows:
            points = table.get(signal, 0)
            if points > 0:
                engagement += points * 0.5 ** ((last - at) / h)
                contribution.append((points * 0.5 ** ((last - at) / h), signal, at, points))
            stage = scoring.later_stage(stage, signal)
            hot = at if signal in HOT_SIGNALS else hot
            if kind in HIGH_PRIORITY:
                high, high_type = at, kind
            if kind == "unsubscribe" and unsub is None:
                unsub = at
        top = sorted(contribution, reverse=True)[:scoring.KEEP_CONTRIBUTIONS]
        yield (contact, contact_company[contact], engagement, stamp(last),
               [{"s": s, "at": stamp(a).isoformat(), "w": w} for _, s, a, w in top], stage,
               stamp(last), stamp(hot) if hot else None, stamp(high) if high else None, high_type,
               stamp(unsub) if unsub else None)


EVENT_COLUMNS = ["event_id", "type", "contact_id", "company_id", "occurred_at", "received_at",
                 "source", "machine", "properties"]
SCORE_COLUMNS = ["contact_id", "company_id", "engagement", "engagement_at", "contributions",
                 "buyer_stage", "last_event_at", "hot_at", "high_priority_at", "high_priority_type",
                 "unsubscribed_at"]
ACTIVITY_COLUMNS = ["type", "outcome", "user_id", "contact_id", "company_id", "occurred_at",
                    "source", "created_at"]


def activities_rows(rng, count: int, contacts: int, contact_company, contact_owner, now):
    for _ in range(count):
        contact = rng.randint(1, contacts)
        at = now - timedelta(seconds=rng.random() ** 1.5 * DAYS * 86400)
        yield (rng.choice(TOUCHES), None, contact_owner[contact], contact, contact_company[contact],
               at, "manual", at)
