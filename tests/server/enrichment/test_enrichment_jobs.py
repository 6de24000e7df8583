"""The crawl job: retried when it crashes, never half-applied, the same on RQ and in-process."""

from __future__ import annotations

import os
import signal
import uuid

import pytest
from sqlalchemy import func, select

from server import jobs
from server.extensions import db
from server.models import Company, Contact, EnrichmentRun
from server.services import enrichment_store
from tests.server.enrichment.conftest import HOME

REDIS_URL = os.environ.get("SIDEKICK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def crash_once(monkeypatch):
    """Make storing the crawl's contacts crash the first time, after the company was updated."""
    crashes = []
    real = enrichment_store.upsert_contacts

    def flaky(company, people, at):
        if people and not crashes:
            crashes.append(company.id)
            raise RuntimeError("worker died mid-write")
        return real(company, people, at)

    monkeypatch.setattr(enrichment_store, "upsert_contacts", flaky)
    return crashes


def start(client, site):
    body = client.post("/api/v1/enrich", json={"url": site.url, "html": HOME}).get_json()
    return body["run_id"], body["crm"]["company_id"]


def test_a_crashed_crawl_is_retried_and_completes(as_user, rep, site, crash_once):
    run_id, company_id = start(as_user(rep), site)
    jobs.drain()

    run = db.session.get(EnrichmentRun, run_id)
    assert crash_once == [company_id]
    assert (run.status, run.attempts, run.error) == ("complete", 2, None)
    assert db.session.scalar(select(func.count(Contact.id))) == 2


def test_a_crawl_that_keeps_crashing_fails_without_half_applying(as_user, rep, site, crash_once,
                                                                  app, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_ATTEMPTS", 1)
    run_id, company_id = start(as_user(rep), site)
    jobs.drain()

    run = db.session.get(EnrichmentRun, run_id)
    assert (run.status, run.attempts) == ("failed", 1)
    assert "RuntimeError" in run.error
    company = db.session.get(Company, company_id)
    assert company.employee_range is None  # stated only on /about: the crawl's company update rolled back
    assert company.enrichment["people"] == []
    assert db.session.scalar(select(func.count(Contact.id))) == 0


@pytest.fixture
def rq_queue(app, monkeypatch):
    """The app switched to RQ on a private queue of the test Redis; skipped without Redis."""
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "JOB_QUEUE", f"sidekick-test-{uuid.uuid4().hex[:8]}")
    queue = jobs.rq_queue(app)
    yield queue
    queue.delete(delete_jobs=True)


def work_off(queue) -> None:
    """Run the queued jobs in this process, as `sidekick worker --burst` would (without forking)."""
    from rq import SimpleWorker

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def test_on_redis_the_crawl_waits_for_the_rq_worker(as_user, rep, site, rq_queue):
    run_id, company_id = start(as_user(rep), site)

    assert rq_queue.count == 1
    assert db.session.get(EnrichmentRun, run_id).status == "partial"
    work_off(rq_queue)

    done = as_user(rep).get(f"/api/v1/companies/{company_id}/enrichment").get_json()
    assert done["status"] == "complete"
    assert {c["name"] for c in done["crm"]["contacts"]} == {"Jane Doe", "Raj Patel"}


def test_on_redis_a_crashed_crawl_is_retried_by_rq(as_user, rep, site, rq_queue, crash_once):
    run_id, _ = start(as_user(rep), site)
    work_off(rq_queue)

    run = db.session.get(EnrichmentRun, run_id)
    assert crash_once and (run.status, run.attempts) == ("complete", 2)
    assert db.session.scalar(select(func.count(Contact.id))) == 2


def test_sidekick_worker_burst_runs_the_queued_crawl(as_user, rep, site, rq_queue, runner):
    run_id, _ = start(as_user(rep), site)

    result = runner.invoke(args=["worker", "--burst"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(EnrichmentRun, run_id).status == "complete"


def test_sidekick_worker_without_redis_says_there_is_nothing_to_do(runner):
    result = runner.invoke(args=["worker", "--burst"])

    assert result.exit_code == 0 and "SIDEKICK_REDIS_URL is not set" in result.output


def test_runs_left_partial_by_a_lost_worker_are_marked_failed(make):
    from datetime import datetime, timedelta, timezone

    from server.cli.worker import PERIODIC_TASKS

    company = make.company()
    now = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    lost = EnrichmentRun(company=company, url="https://x.com/", status="partial",
                         started_at=now - timedelta(minutes=20))
    running = EnrichmentRun(company=company, url="https://x.com/", status="partial",
                            started_at=now - timedelta(minutes=2))
    db.session.add_all([lost, running])
    db.session.commit()
    assert enrichment_store.fail_stale_runs(now, older_than_s=900) == 1
    db.session.refresh(lost)
    db.session.refresh(running)
    assert (lost.status, running.status) == ("failed", "partial")
    assert "Enrich again" in lost.error
    assert "stale-enrichment-runs" in {task.name for task in PERIODIC_TASKS}


def test_periodic_tasks_run_at_start_up_without_waiting_an_interval(app):
    """A daily task must not depend on the process living a whole day."""
    import threading

    from server.cli.worker import PeriodicTask, run_periodic

    calls, stop = [], threading.Event()
    stop.set()  # asked to stop before the first interval has passed
    run_periodic(app, PeriodicTask("daily", 86400.0, lambda: calls.append(1)), stop)
    assert calls == [1]
