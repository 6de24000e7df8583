"""Deals: CRUD for the deals you (or your team) own."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from server.api import resource_blueprint
from server.auth import current_user
from server.auth.policy import authorize, visible
from server.extensions import db
from server.models import Company, Contact, Deal, User
from server.models.types import utcnow
from server.schemas.common import page_of
from server.schemas.deals import DealCreateSchema, DealListArgs, DealSchema, DealWriteSchema
from server.services.pagination import paginate
from server.services.records import owner_or_422, record_or_404

blp = resource_blueprint("deals", __name__, url_prefix="/deals", description="Deals and their qualification.")


def _apply(deal: Deal, data: dict, user: User) -> None:
    if "company_id" in data:
        record_or_404(Company, data["company_id"], "company_id")
    if data.get("contact_id") is not None:
        record_or_404(Contact, data["contact_id"], "contact_id")
    if "owner_id" in data:
        deal.owner = owner_or_422(data.pop("owner_id"))
    for name, value in (data.pop("qualification", None) or {}).items():
        setattr(deal, name, value)
    for name, value in data.items():
        setattr(deal, name, value)
    if deal.stage in ("won", "lost") and deal.closed_at is None:
        deal.closed_at = utcnow()
    elif deal.stage not in ("won", "lost"):
        deal.closed_at = None
    authorize(user, "deal", "write", deal.owner)


@blp.route("")
class Deals(MethodView):
    @blp.arguments(DealListArgs, location="query")
    @blp.response(200, page_of(DealSchema))
    def get(self, args):
        """Deals you may see, filtered by company, owner and stage."""
        stmt = select(Deal).where(visible(current_user(), "deal", Deal.owner_id))
        for name in ("company_id", "owner_id", "stage"):
            if args[name] is not None:
                stmt = stmt.where(getattr(Deal, name) == args[name])
        return paginate(stmt, Deal.id, limit=args["limit"], cursor=args["cursor"])

    @blp.arguments(DealCreateSchema)
    @blp.response(201, DealSchema)
    def post(self, data):
        """Open a deal (owned by you unless a manager names another owner)."""
        user = current_user()
        deal = Deal(owner=user)
        _apply(deal, data, user)
        db.session.add(deal)
        db.session.commit()
        return deal


@blp.route("/<int:deal_id>")
class DealById(MethodView):
    def _readable(self, deal_id: int) -> Deal:
        deal = record_or_404(Deal, deal_id)
        authorize(current_user(), "deal", "read", deal.owner)
        return deal

    @blp.response(200, DealSchema)
    def get(self, deal_id):
        """One deal."""
        return self._readable(deal_id)

    @blp.arguments(DealWriteSchema(partial=True))
    @blp.response(200, DealSchema)
    def patch(self, data, deal_id):
        """Move a deal through its stages, update MRR or qualification."""
        deal = self._readable(deal_id)
        _apply(deal, data, current_user())
        db.session.commit()
        return deal

    @blp.response(204)
    def delete(self, deal_id):
        """Delete a deal."""
        deal = self._readable(deal_id)
        authorize(current_user(), "deal", "write", deal.owner)
        db.session.delete(deal)
        db.session.commit()
