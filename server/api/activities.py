"""Activities: one-click logging (idempotent) and the activity list."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from server.api import resource_blueprint
from server.auth import current_user
from server.auth.policy import authorize, visible
from server.extensions import db
from server.models import Activity, User
from server.schemas.activities import ActivityCreateSchema, ActivityListArgs, ActivitySchema
from server.schemas.common import page_of
from server.services.activities import log_activity
from server.services.pagination import paginate
from server.services.records import record_or_404

blp = resource_blueprint("activities", __name__, url_prefix="/activities",
                         description="Calls, emails, meetings and other touches.")


@blp.route("")
class Activities(MethodView):
    @blp.arguments(ActivityListArgs, location="query")
    @blp.response(200, page_of(ActivitySchema))
    def get(self, args):
        """Activities you may see, filtered by user, contact, company, type and time."""
        stmt = select(Activity).where(visible(current_user(), "activity", Activity.user_id))
        for name in ("user_id", "contact_id", "company_id", "type"):
            if args[name] is not None:
                stmt = stmt.where(getattr(Activity, name) == args[name])
        if args["from_"]:
            stmt = stmt.where(Activity.occurred_at >= args["from_"])
        if args["to"]:
            stmt = stmt.where(Activity.occurred_at < args["to"])
        return paginate(stmt, Activity.id, limit=args["limit"], cursor=args["cursor"])

    @blp.arguments(ActivityCreateSchema)
    @blp.response(201, ActivitySchema)
    @blp.alt_response(200, schema=ActivitySchema, description="Already logged with this key.")
    def post(self, data):
        """Log an activity; the same idempotency key again returns the first record (200)."""
        activity, created = log_activity(current_user(), data)
        return activity, 201 if created else 200


@blp.route("/<int:activity_id>")
@blp.response(200, ActivitySchema)
def get_activity(activity_id):
    """One activity."""
    activity = record_or_404(Activity, activity_id)
    authorize(current_user(), "activity", "read", db.session.get(User, activity.user_id))
    return activity
