"""The caller's own account."""

from __future__ import annotations

from marshmallow import Schema, fields

from server.api import resource_blueprint
from server.auth import current_user

blp = resource_blueprint("me", __name__, url_prefix="/me", description="The authenticated user.")


class MeSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    role = fields.String()
    team_id = fields.Integer(allow_none=True)
    timezone = fields.String()


@blp.route("")
@blp.response(200, MeSchema)
def get_me():
    """Who the token belongs to."""
    return current_user()
