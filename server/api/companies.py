"""Companies: search, look-up by URL, create/update, claim and release."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import func, or_, select

from server.api import resource_blueprint
from server.auth import current_user
from server.auth.policy import authorize
from server.errors import fail
from server.extensions import db
from server.models import Company
from server.schemas.common import page_of
from server.schemas.companies import (
    CompanyCreateSchema, CompanyListArgs, CompanySchema, CompanyWriteSchema, LookupArgs,
)
from server.services.companies import (
    apply_fields, claim_company, company_with_domain, domain_or_422, release_company,
)
from server.services.pagination import paginate
from server.services.records import record_or_404

blp = resource_blueprint("companies", __name__, url_prefix="/companies",
                         description="Prospect and customer companies.")


def unused_domain(url_or_domain: str, company_id: int | None = None) -> str:
    """The registered domain of ``url_or_domain``; 409 when another company has it."""
    domain = domain_or_422(url_or_domain)
    other = db.session.scalar(select(Company.id).where(Company.domain == domain))
    if other is not None and other != company_id:
        fail(409, f"{domain} is already in the CRM.", code="duplicate_domain",
             extra={"company_id": other})
    return domain


@blp.route("")
class Companies(MethodView):
    @blp.arguments(CompanyListArgs, location="query")
    @blp.response(200, page_of(CompanySchema))
    def get(self, args):
        """Search companies by name or domain; filter by owner, industry and size tier."""
        stmt = select(Company)
        if args["q"]:
            pattern = f"%{args['q'].lower()}%"
            stmt = stmt.where(or_(func.lower(Company.name).like(pattern),
                                  Company.domain.like(pattern)))
        for name in ("owner_id", "industry", "size_tier"):
            if args[name] is not None:
                stmt = stmt.where(getattr(Company, name) == args[name])
        return paginate(stmt, Company.id, limit=args["limit"], cursor=args["cursor"])

    @blp.arguments(CompanyCreateSchema)
    @blp.response(201, CompanySchema)
    def post(self, data):
        """Create a company; the domain is normalised to the registered domain."""
        user = current_user()
        company = Company(domain=unused_domain(data.pop("domain")), phones=[], socials={},
                          provenance={})
        apply_fields(company, data, source=f"user:{user.id}")
        db.session.add(company)
        db.session.commit()
        return company


@blp.route("/lookup")
@blp.arguments(LookupArgs, location="query")
@blp.response(200, CompanySchema)
def lookup(args):
    """Find the company of any URL on its site (404 when it is not in the CRM)."""
    domain = domain_or_422(args["url"], "url")
    company = company_with_domain(domain)
    if company is None:
        fail(404, f"{domain} is not in the CRM yet.", extra={"domain": domain})
    return company


@blp.route("/<int:company_id>")
class CompanyById(MethodView):
    @blp.response(200, CompanySchema)
    def get(self, company_id):
        """One company."""
        return record_or_404(Company, company_id)

    @blp.arguments(CompanyWriteSchema(partial=True))
    @blp.response(200, CompanySchema)
    def patch(self, data, company_id):
        """Change fields of a company you own (or an unowned one)."""
        user = current_user()
        company = record_or_404(Company, company_id)
        authorize(user, "company", "write", company.owner)
        if "domain" in data:
            data["domain"] = unused_domain(data["domain"], company.id)
        apply_fields(company, data, source=f"user:{user.id}")
        db.session.commit()
        return company


@blp.route("/<int:company_id>/claim")
class CompanyClaim(MethodView):
    @blp.response(200, CompanySchema)
    def post(self, company_id):
        """Become the owner of an unowned company; 409 names the owner when it is taken."""
        record_or_404(Company, company_id)
        return claim_company(company_id, current_user())

    @blp.response(200, CompanySchema)
    def delete(self, company_id):
        """Give a company back to the pool."""
        company = record_or_404(Company, company_id)
        if company.owner is None:
            return company
        authorize(current_user(), "company", "write", company.owner)
        return release_company(company)
