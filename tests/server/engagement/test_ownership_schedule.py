"""The worker releases stale accounts once a day (the same list runs in `sidekick run`)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from server.cli import worker
from server.extensions import db
from server.models.engagement import OwnershipRelease
from tests.server.engagement.conftest import NOW


def _daily_task() -> worker.PeriodicTask:
    return next(t for t in worker.PERIODIC_TASKS if t.name == "ownership-release")


def test_stale_ownership_release_is_a_daily_periodic_task(app):
    assert _daily_task().interval(app) == 86400


def test_the_periodic_task_releases_stale_accounts(app, make, frozen):
    rep = make.user("rep", make.team())
    quiet = make.company(owner=rep, owned_since=NOW - timedelta(days=120))
    kept = make.company(owner=rep, owned_since=NOW - timedelta(days=10))
    assert worker.run_once(app, _daily_task()) == 1
    db.session.expire_all()
    assert (quiet.owner_id, kept.owner_id) == (None, rep.id)
    assert db.session.scalars(select(OwnershipRelease.kind)).all() == ["released"]


def test_the_periodic_task_calls_release_stale_with_the_app_config(app, monkeypatch, frozen):
    calls = []
    monkeypatch.setattr("server.services.ownership.release_stale",
                        lambda now, config: calls.append((now, config)) or [])
    assert worker.run_once(app, _daily_task()) == 0
    assert calls == [(NOW, app.config)]
