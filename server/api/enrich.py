"""Enrichment: profile the page a rep is viewing now, and complete it with a background crawl."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from enrichment import EnrichmentError, profile_from_html
from server.api import resource_blueprint
from server.auth import current_user
from server.auth.policy import authorize
from server.errors import fail
from server.extensions import db
from server.jobs import enqueue
from server.models import Company, EnrichmentRun, User
from server.schemas.enrichment import MAX_HTML_BYTES, EnrichmentSchema, EnrichRequestSchema
from server.services.companies import domain_or_422
from server.services.crm_summary import crm_summary
from server.services.enrichment_crawl import crawl_company
from server.services.enrichment_store import company_for_domain, latest_run, start_run
from server.services.records import record_or_404

blp = resource_blueprint("enrichment", __name__, url_prefix="",
                         description="Company profiles from websites, merged into the CRM.")


@blp.route("/enrich")
class Enrich(MethodView):
    @blp.arguments(EnrichRequestSchema)
    @blp.response(200, EnrichmentSchema)
    def post(self, data):
        """Profile a page now (status partial) and queue the crawl of its site's other pages.

        The company is created, unowned, when its domain is not in the CRM yet. Values a person
        entered are never overwritten; people with names become (or update) contacts.
        """
        user = current_user()
        authorize(user, "enrichment", "write", None)
        html = page_html(data["html"])
        domain = domain_or_422(data["url"], "url")
        profile = None
        if html is not None:
            try:
                profile = profile_from_html(html, data["url"]).to_dict()
            except EnrichmentError as exc:
                fail(422, f"That page cannot be read: {exc}", fields={"html": [str(exc)]})
        company = company_for_domain(domain)
        db.session.commit()
        run = start_run(company, data["url"], user, profile)
        state = enrichment_state(run, user)  # as of now: a fast crawl must not race the answer
        enqueue(crawl_company, run.id, html)
        return state


@blp.route("/companies/<int:company_id>/enrichment")
@blp.response(200, EnrichmentSchema)
def latest(company_id):
    """The company's latest enrichment (poll it until status is no longer partial)."""
    user = current_user()
    authorize(user, "enrichment", "read", None)
    record_or_404(Company, company_id)
    run = latest_run(company_id)
    if run is None:
        fail(404, "This company has not been enriched yet.", code="not_enriched")
    return enrichment_state(run, user)


def page_html(html: str | None) -> str | None:
    """413 beyond 2 MB (UTF-8); lone surrogates, which no parser accepts, become U+FFFD."""
    if html is None:
        return None
    encoded = html.encode("utf-8", "surrogatepass")
    if len(encoded) > MAX_HTML_BYTES:
        fail(413, "The page is larger than 2 MB; enrich it by URL instead.", code="payload_too_large")
    return encoded.decode("utf-8", "replace")


def enrichment_state(run: EnrichmentRun, user: User) -> dict[str, Any]:
    return {"run_id": run.id, "status": run.status, "url": run.url, "started_at": run.started_at,
            "finished_at": run.finished_at, "error": run.error, "profile": run.profile,
            "crm": crm_summary(run.company, user)}
