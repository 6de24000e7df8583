"""Enrollments: where a contact stands in a cadence, and pause/resume/stop."""

from __future__ import annotations

from sqlalchemy import select

from server.api import resource_blueprint
from server.auth import current_user
from server.auth.policy import authorize, visible
from server.errors import fail
from server.models import Enrollment
from server.models.types import utcnow
from server.schemas.cadences import EnrollmentListArgs, EnrollmentSchema
from server.schemas.common import page_of
from server.services.cadence_enrollment import COMMANDS, run_command
from server.services.pagination import paginate
from server.services.records import record_or_404

blp = resource_blueprint("enrollments", __name__, url_prefix="/enrollments",
                         description="Contacts in cadences: status and next step.")


def _enrollment(enrollment_id: int, action: str) -> Enrollment:
    enrollment = record_or_404(Enrollment, enrollment_id)
    authorize(current_user(), "enrollment", action, enrollment.user)
    return enrollment


@blp.route("")
@blp.arguments(EnrollmentListArgs, location="query")
@blp.response(200, page_of(EnrollmentSchema))
def list_enrollments(args):
    """Enrollments you may see, by contact, cadence or status."""
    stmt = select(Enrollment).where(visible(current_user(), "enrollment", Enrollment.user_id))
    for name in ("contact_id", "cadence_id", "status"):
        if args[name] is not None:
            stmt = stmt.where(getattr(Enrollment, name) == args[name])
    return paginate(stmt, Enrollment.id, limit=args["limit"], cursor=args["cursor"])


@blp.route("/<int:enrollment_id>")
@blp.response(200, EnrollmentSchema)
def get_enrollment(enrollment_id):
    """One enrollment: its status and its next step."""
    return _enrollment(enrollment_id, "read")


@blp.route("/<int:enrollment_id>/<string:command>", methods=["POST"])
@blp.response(200, EnrollmentSchema)
def command_enrollment(enrollment_id, command):
    """Pause, resume or stop; 409 when the enrollment's status does not allow it."""
    if command not in COMMANDS:
        fail(404, "Enrollments take pause, resume or stop.")
    return run_command(_enrollment(enrollment_id, "write"), command, utcnow())
