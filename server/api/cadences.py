"""Cadences: define a sequence of touches, preview its emails, enroll contacts in it."""

from __future__ import annotations

from flask import current_app, jsonify
from flask.views import MethodView
from sqlalchemy import select

from server.api import resource_blueprint
from server.auth import current_user
from server.auth.policy import authorize, visible
from server.errors import fail
from server.models import Cadence, Contact
from server.models.types import utcnow
from server.schemas.cadences import (
    CadenceListArgs,
    CadencePatchSchema,
    CadenceSchema,
    CadenceWriteSchema,
    EnrollmentSchema,
    EnrollResultSchema,
    EnrollSchema,
    PreviewArgsSchema,
    PreviewSchema,
)
from server.schemas.common import page_of
from server.services.cadence_definitions import (
    archive_cadence,
    create_cadence,
    preview_email,
    update_cadence,
)
from server.services.cadence_enrollment import REFUSALS, enroll_contacts
from server.services.pagination import paginate
from server.services.records import record_or_404

blp = resource_blueprint("cadences", __name__, url_prefix="/cadences",
                         description="Multi-step call and email sequences.")


def _cadence(cadence_id: int, action: str) -> Cadence:
    cadence = record_or_404(Cadence, cadence_id)
    if cadence.archived_at is not None:
        fail(404, f"There is no cadence with id {cadence_id}.")
    authorize(current_user(), "cadence", action, cadence.owner)
    return cadence


@blp.route("")
class Cadences(MethodView):
    @blp.arguments(CadenceListArgs, location="query")
    @blp.response(200, page_of(CadenceSchema))
    def get(self, args):
        """Cadences you may use: yours and your team's."""
        stmt = select(Cadence).where(visible(current_user(), "cadence", Cadence.owner_id),
                                     Cadence.archived_at.is_(None))
        if args["owner_id"] is not None:
            stmt = stmt.where(Cadence.owner_id == args["owner_id"])
        return paginate(stmt, Cadence.id, limit=args["limit"], cursor=args["cursor"])

    @blp.arguments(CadenceWriteSchema)
    @blp.response(201, CadenceSchema)
    def post(self, data):
        """Create a cadence; the schedule defaults to Monday-Friday 08:00-18:00, no holidays."""
        return create_cadence(current_user(), data)


@blp.route("/<int:cadence_id>")
class CadenceById(MethodView):
    @blp.response(200, CadenceSchema)
    def get(self, cadence_id):
        """One cadence with its steps."""
        return _cadence(cadence_id, "read")

    @blp.arguments(CadencePatchSchema)
    @blp.response(200, CadenceSchema)
    def patch(self, data, cadence_id):
        """Change a cadence; its steps only while nobody is enrolled (409 otherwise)."""
        return update_cadence(_cadence(cadence_id, "write"), data)

    @blp.response(204)
    def delete(self, cadence_id):
        """Archive a cadence nobody is enrolled in any more (409 otherwise)."""
        archive_cadence(_cadence(cadence_id, "write"))


@blp.route("/<int:cadence_id>/enrollments")
class CadenceEnrollments(MethodView):
    @blp.arguments(EnrollSchema)
    @blp.response(201, EnrollResultSchema,
                  description="With `contact_ids`: `items` enrolled and `refused` with a reason "
                              "each. With `contact_id`: the one enrollment (EnrollmentSchema).")
    def post(self, data, cadence_id):
        """Enroll contacts you work: refused if already active, do-not-contact,
        unsubscribed, bounced or owned by another rep."""
        cadence = _cadence(cadence_id, "read")
        single = "contact_id" in data
        ids = [data["contact_id"]] if single else data["contact_ids"]
        enrolled, refused = enroll_contacts(cadence, ids, current_user(), utcnow())
        if not single:
            return {"items": enrolled, "refused": refused}
        if refused:
            reason = refused[0].reason
            status = 422 if reason == "not_found" else 409
            fail(status, REFUSALS[reason], code="enrollment_refused",
                 fields={"contact_id": [REFUSALS[reason]]},
                 extra={"contact_id": ids[0], "reason": reason})
        return jsonify(EnrollmentSchema().dump(enrolled[0])), 201


@blp.route("/<int:cadence_id>/preview", methods=["POST"])
@blp.arguments(PreviewArgsSchema)
@blp.response(200, PreviewSchema)
def preview(args, cadence_id):
    """Render a step (or a draft `subject`/`body`) for a contact; gaps show as [field]."""
    cadence = _cadence(cadence_id, "read")
    contact = record_or_404(Contact, args["contact_id"], "contact_id")
    return preview_email(cadence, contact, current_user(), args,
                         current_app.config["PUBLIC_URL"])
