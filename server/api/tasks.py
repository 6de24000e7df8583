"""Cadence tasks: the manual steps due for a rep, completed with one click."""

from __future__ import annotations

from datetime import datetime

from server.api import resource_blueprint
from server.auth import current_user
from server.auth.policy import authorize
from server.extensions import db
from server.models import CadenceTask, User
from server.models.types import utcnow
from server.schemas.cadences import TaskCompleteSchema, TaskListArgs, TaskSchema
from server.services.cadence_plans import zone
from server.services.cadence_tasks import complete_task, due_tasks
from server.services.records import record_or_404

blp = resource_blueprint("tasks", __name__, url_prefix="/tasks",
                         description="Calls, voicemails and other manual cadence steps.")


@blp.route("")
@blp.arguments(TaskListArgs, location="query")
@blp.response(200, TaskSchema(many=True))
def list_tasks(args):
    """Open tasks due by the end of `date` (default today, in the rep's zone), oldest first;
    managers may pass `rep_id`."""
    user = current_user()
    rep = user if args["rep_id"] is None else record_or_404(User, args["rep_id"])
    authorize(user, "task", "read", rep)
    day = args["date"] or datetime.now(zone(rep.timezone) or zone("UTC")).date()
    return db.session.scalars(due_tasks(rep, day)).all()


@blp.route("/<int:task_id>/complete", methods=["POST"])
@blp.arguments(TaskCompleteSchema)
@blp.response(200, TaskSchema)
def complete(data, task_id):
    """Log the step's activity, advance the enrollment and schedule the next step, at once.

    The same `idempotency_key` again returns the completed task and logs nothing more.
    """
    task = record_or_404(CadenceTask, task_id)
    authorize(current_user(), "task", "write", task.user)
    return complete_task(task, current_user(), outcome=data["outcome"], notes=data["notes"],
                         key=data["idempotency_key"], now=utcnow())
