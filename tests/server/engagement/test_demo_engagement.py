"""The demo team's engagement history gives every demo rep a queue to work today."""

from __future__ import annotations

from sqlalchemy import func, select

from server.extensions import db
from server.models import User
from server.models.engagement import EngagementEvent, LeadHandoff
from server.services.demo import seed_demo
from tests.server.engagement.conftest import NOW


def test_every_demo_rep_has_a_queue_today(as_user, frozen):
    tokens = seed_demo(now=NOW)
    assert db.session.scalar(select(func.count()).select_from(EngagementEvent)) > 5000
    assert db.session.scalar(select(func.count()).select_from(LeadHandoff)) > 0
    kinds = set()
    for row in tokens:
        if row["role"] != "rep":
            continue
        user = db.session.scalar(select(User).where(User.email == row["email"]))
        user.plain_token = row["token"]
        items = as_user(user).get("/api/v1/queue").get_json()["items"]
        assert items, f"{row['name']} has an empty queue"
        kinds |= {item["kind"] for item in items}
    assert {"new_sql", "hot_lead"} <= kinds
