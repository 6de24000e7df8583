"""Stale accounts: a notice a week before, release after 90 quiet days, both logged."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from server.extensions import db
from server.models.engagement import Notification, OwnershipRelease
from tests.server.engagement.conftest import NOW


def _claimed(make, rep, days_ago, activity_days_ago=None):
    company = make.company(owner=rep, owned_since=NOW - timedelta(days=days_ago))
    if activity_days_ago is not None:
        make.activity(rep, company_id=company.id, occurred_at=NOW - timedelta(days=activity_days_ago))
    return company


def test_quiet_accounts_get_a_notice_then_are_released(runner, make, rep, frozen):
    fresh = _claimed(make, rep, 200, activity_days_ago=10)
    warned = _claimed(make, rep, 200, activity_days_ago=85)
    quiet = _claimed(make, rep, 200, activity_days_ago=91)
    never = _claimed(make, rep, 95)
    result = runner.invoke(args=["ownership", "release-stale"])
    assert result.exit_code == 0, result.output
    assert "2 released, 1 notices" in result.output
    db.session.expire_all()
    assert [c.owner_id for c in (fresh, warned, quiet, never)] == [rep.id, rep.id, None, None]
    log = db.session.execute(select(OwnershipRelease.company_id, OwnershipRelease.kind)
                             .order_by(OwnershipRelease.id)).all()
    assert log == [(warned.id, "notice"), (quiet.id, "released"), (never.id, "released")]
    notes = db.session.scalars(select(Notification.message).order_by(Notification.id)).all()
    assert notes[0].startswith(f"{warned.name} goes back to the pool on Dec 02")


def test_notice_is_sent_once_and_activity_by_someone_else_does_not_count(runner, make, rep, team, frozen):
    company = _claimed(make, rep, 200, activity_days_ago=86)
    make.activity(make.user("rep", team), company_id=company.id, occurred_at=NOW - timedelta(days=1))
    runner.invoke(args=["ownership", "release-stale"])
    second = runner.invoke(args=["ownership", "release-stale"])
    assert "0 released, 0 notices" in second.output
    frozen.move_to(NOW + timedelta(days=5))
    runner.invoke(args=["ownership", "release-stale"])
    db.session.expire_all()
    assert company.owner_id is None


def test_dry_run_changes_nothing(runner, make, rep, frozen):
    company = _claimed(make, rep, 100)
    result = runner.invoke(args=["ownership", "release-stale", "--dry-run"])
    assert "would release company" in result.output
    db.session.expire_all()
    assert company.owner_id == rep.id and db.session.scalar(select(OwnershipRelease)) is None


def test_integration_token_needs_an_admin(runner, make):
    admin, rep = make.user("admin"), make.user("rep")
    ok = runner.invoke(args=["integrations", "token", "--admin-email", admin.email, "--name", "webinars"])
    assert ok.exit_code == 0 and ok.output.startswith("sk_")
    refused = runner.invoke(args=["integrations", "token", "--admin-email", rep.email, "--name", "x"])
    assert refused.exit_code != 0 and "not an active admin" in refused.output
