"""Inbound mail: a mail server's pipe or webhook posts each received message here."""

from __future__ import annotations

from flask import request

from server.api import resource_blueprint
from server.auth import current_user
from server.auth.policy import authorize
from server.errors import fail
from server.models.types import utcnow
from server.schemas.cadences import InboundMessageSchema
from server.services.cadence_inbound import receive_message

blp = resource_blueprint("inbound_email", __name__, url_prefix="/inbound-email",
                         description="Replies, bounces and auto-replies to cadence emails.",
                         accepts=("message/rfc822",))


@blp.route("", methods=["POST"])
@blp.response(201, InboundMessageSchema)
@blp.alt_response(200, schema=InboundMessageSchema, description="This message was seen before.")
def post_inbound_email():
    """Post one raw RFC 822 message (`Content-Type: message/rfc822`).

    It is matched to our emails by In-Reply-To/References (a bounce: by the original
    message inside the DSN); a reply or bounce stops the enrollment, an out-of-office
    auto-reply pauses it until the stated return date.
    """
    authorize(current_user(), "inbound_email", "write", None)
    raw = request.get_data(cache=False)
    if not raw.strip():
        fail(422, "Post the raw message as the request body.", fields={"body": ["Empty."]})
    message, created = receive_message(raw, utcnow())
    return message, 201 if created else 200
