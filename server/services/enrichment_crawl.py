"""The background crawl that turns a partial enrichment run into a complete one.

``crawl_company`` is the one job function, run by RQ or by the in-process pool alike. It is safe to
repeat: a finished run is left alone, and the crawl's result is applied in a single transaction,
so a crash leaves the run partial with nothing half-written until a retry completes it.
"""

from __future__ import annotations

from flask import current_app

from enrichment import EnrichmentError, profile_from_site
from enrichment.addresses import system_resolver
from enrichment.fetch import FetchSettings, SafeFetcher
from server.extensions import db
from server.jobs import in_app_context
from server.models import EnrichmentRun
from server.services.enrichment_store import complete_run, fail_run

_FETCHER = "sidekick_crawl_fetcher"


def resolve_host(host: str, port: int) -> list[str]:
    """DNS for the crawler (a seam: tests point prospect host names at a local server)."""
    return system_resolver(host, port)


def crawl_fetcher() -> SafeFetcher:
    """The app's shared safe fetcher, so its page cache and per-host limits span jobs."""
    fetchers = current_app.extensions.setdefault(_FETCHER, {})
    allow_loopback = bool(current_app.config["CRAWL_ALLOW_LOOPBACK"])
    if allow_loopback not in fetchers:
        settings = FetchSettings(allow_loopback=allow_loopback,
                                 resolver=lambda host, port: resolve_host(host, port))
        fetchers[allow_loopback] = SafeFetcher(settings)
    return fetchers[allow_loopback]


@in_app_context
def crawl_company(run_id: int, html: str | None = None) -> str | None:
    """Crawl the run's site, merge it with the start page and apply it; returns the new status.

    :param html: the start page as the rep's browser saw it; fetched when None.
    :raises Exception: anything unexpected, after counting the attempt, so the queue retries.
    """
    run = db.session.get(EnrichmentRun, run_id)
    if run is None or run.status != "partial":
        return run.status if run else None  # a retry of a job that already finished
    run.attempts += 1
    db.session.commit()  # counted first, so a run that keeps crashing is given up on
    config = current_app.config
    try:
        profile = profile_from_site(run.url, crawl_fetcher(), html=html,
                                    max_pages=config["CRAWL_MAX_PAGES"],
                                    deadline_s=config["CRAWL_DEADLINE_S"])
        complete_run(run, profile.to_dict())
    except EnrichmentError as exc:  # the site itself cannot be read: retrying will not help
        fail_run(run, str(exc))
    except Exception as exc:
        db.session.rollback()
        run = db.session.get(EnrichmentRun, run_id)
        if run.attempts >= config["JOB_ATTEMPTS"]:
            fail_run(run, f"the crawl crashed: {type(exc).__name__}")
        raise
    return run.status
