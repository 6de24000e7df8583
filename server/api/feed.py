"""The rep's notifications feed, polled by the extension."""

from __future__ import annotations

from server.api import resource_blueprint
from server.auth import current_user
from server.models.types import utcnow
from server.schemas.engagement import FeedArgs, FeedSchema
from server.services.feed import feed

blp = resource_blueprint("feed", __name__, url_prefix="/feed",
                         description="What your leads just did: opens, clicks, visits, new SQLs.")


@blp.route("", methods=["GET"])
@blp.arguments(FeedArgs, location="query")
@blp.response(200, FeedSchema)
def get_feed(args):
    """News about your leads and accounts since `since` (default: the last day, at most 7).

    Poll with the `now` of the previous answer as `since`; machine opens are left out.
    """
    return feed(current_user(), args["since"], utcnow())
