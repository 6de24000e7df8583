"""Public tracking endpoints (no token): email open pixel, click redirect, site.js and visits.

Nothing here sets cookies; forged tokens get a 404 and record nothing; redirects go only to
the destination signed into the token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import uuid
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, Flask, Response, abort, current_app, redirect, request
from sqlalchemy import Row, bindparam, func, select, text

from server.errors import fail
from server.extensions import db, dialect_name
from server.models import Contact
from server.models.engagement import EngagementEvent
from server.models.types import storable_text, utcnow
from server.services import tracking_tokens as tokens
from server.services.companies import company_with_domain
from server.services.event_intake import domain_of
from server.services.events import Event, ingest, new_lead
from server.services.machine_hits import BURST_SECONDS, machine_reason
from server.services.rate_limit import limiter
from server.services.visitors import identify, visitor

bp = Blueprint("tracking", __name__, url_prefix="/t")
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
SITE_JS = (Path(__file__).parent / "static" / "site.js").read_text()
VISITOR_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
NO_STORE = {"Cache-Control": "no-store, max-age=0", "Pragma": "no-cache"}


def site_key() -> str:
    """The public key site.js sends: configured, else derived from the secret (stable, not secret)."""
    configured = current_app.config.get("SITE_KEY")
    if configured:
        return configured
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), b"sidekick-site-key", hashlib.sha256)
    return "pk_" + digest.hexdigest()[:24]


def relaxed_durability() -> None:
    """Tracking hits are weak signals: on PostgreSQL this transaction does not wait for its WAL
    flush (a crash may lose the last fraction of a second of hits, never corrupt anything).
    SQLite connections already run WAL with synchronous=NORMAL (server/extensions.py)."""
    if dialect_name() == "postgresql":
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))


@lru_cache(maxsize=4)
def _contact_statement(dialect: str):
    """The token's contact and company; on PostgreSQL the same round trip also relaxes
    durability (``set_config(…, true)`` is ``SET LOCAL``, see ``relaxed_durability``)."""
    stmt = select(Contact.id, Contact.company_id).where(Contact.id == bindparam("contact_id"))
    if dialect == "postgresql":
        stmt = stmt.add_columns(func.set_config("synchronous_commit", "off", True))
    return stmt


def _contact_or_404(payload: dict) -> Row:
    """The token's contact (``id``, ``company_id``); 404 when it no longer exists."""
    row = db.session.execute(_contact_statement(dialect_name()), {"contact_id": payload["c"]}).first()
    if row is None:
        abort(404)
    return row


def _reason(signed_at, other_links: int = 0) -> str | None:
    return machine_reason(method=request.method, user_agent=request.user_agent.string,
                          sent_at=signed_at, now=utcnow(),
                          min_seconds=int(current_app.config["MACHINE_HIT_SECONDS"]),
                          other_links_just_clicked=other_links)


def _record(kind: str, contact: Row, payload: dict, reason: str | None, **properties) -> None:
    properties.update(user_agent=request.user_agent.string[:300], machine_reason=reason)
    ingest([Event(f"{kind}:{uuid.uuid4().hex}", kind, utcnow(), contact_id=contact.id,
                  company_id=contact.company_id, activity_id=payload.get("a"),
                  properties=properties, source="tracking", machine=reason is not None)])


@bp.route("/o/<token>.gif", methods=["GET", "HEAD"])
def open_pixel(token: str):
    found = tokens.read(token, tokens.OPEN_SALT)
    if found is None:
        abort(404)
    payload, signed_at = found
    _record("email_open", _contact_or_404(payload), payload, _reason(signed_at))
    return Response(GIF, mimetype="image/gif", headers=NO_STORE)


def _links_just_clicked(activity_id: int | None, url: str) -> int:
    if activity_id is None:
        return 0
    rows = db.session.scalars(select(EngagementEvent.properties).where(
        EngagementEvent.activity_id == activity_id, EngagementEvent.type == "email_click",
        EngagementEvent.occurred_at >= utcnow() - timedelta(seconds=BURST_SECONDS))).all()
    return len({(p or {}).get("url") for p in rows} - {url})


def _with_identity(url: str, contact_id: int) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + [(tokens.IDENTITY_PARAM,
                                                               tokens.identity_token(contact_id))]
    return urlunsplit(parts._replace(query=urlencode(query)))


@bp.route("/c/<token>", methods=["GET", "HEAD"])
def click(token: str):
    found = tokens.read(token, tokens.CLICK_SALT)
    if found is None or not str(found[0].get("u", "")).lower().startswith(("http://", "https://")):
        abort(404)
    payload, signed_at = found
    contact, url = _contact_or_404(payload), payload["u"]
    reason = _reason(signed_at, _links_just_clicked(payload.get("a"), url))
    _record("email_click", contact, payload, reason, url=url)
    destination = url if reason else _with_identity(url, contact.id)
    return redirect(destination, code=302, Response=Response)


@bp.route("/site.js")
def site_js():
    return Response(SITE_JS, mimetype="application/javascript",
                    headers={"Cache-Control": "public, max-age=3600"})


def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "POST"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    return response


def _visit_body() -> dict:
    try:
        body = json.loads(request.get_data(cache=False, as_text=True)[:8000] or "null")
    except ValueError:
        body = None
    visitor = body.get("v") if isinstance(body, dict) else None
    if not (isinstance(visitor, str) and VISITOR_ID.match(visitor)):
        fail(400, 'Post page views as site.js does: a JSON object with its visitor id "v".')
    # Anyone may post here: what PostgreSQL cannot store is dropped or replaced, not refused.
    return {key: storable_text(value) if isinstance(value, str) else value for key, value in body.items()}


@bp.route("/v", methods=["POST", "OPTIONS"])
def visit():
    """A page view or form from site.js (any content type: sendBeacon posts text/plain)."""
    if request.method == "OPTIONS":
        return _cors(Response(status=204))
    body = _visit_body()
    key = str(body.get("k", ""))
    if not (key.isascii() and hmac.compare_digest(key, site_key())):  # compare_digest: ASCII only
        abort(404)
    if not limiter(current_app.config, current_app.extensions).allow(f"{key}:{request.remote_addr}"):
        return _cors(Response("rate limited", status=429))
    now, config = utcnow(), current_app.config
    relaxed_durability()
    seen = visitor(body["v"], now)
    contact = _visitor_contact(body)
    if contact is not None:
        identify(seen, contact, now=now, config=config)
    path = str(body.get("p") or "/")[:500]
    kind = "form_submitted" if body.get("f") == "form" else "website_visit"
    nonce = re.sub(r"[^A-Za-z0-9]", "", str(body.get("n") or uuid.uuid4().hex))[:24]
    known = seen.contact_id
    company = db.session.get(Contact, known).company_id if known else None
    ingest([Event(f"site:{body['v']}:{nonce}", kind, now, contact_id=known, company_id=company,
                  visitor_id=seen.id, source="site.js",
                  properties={"path": path, "title": str(body.get("t") or "")[:200],
                              "referrer": str(body.get("r") or "")[:500]})])
    return _cors(Response(status=204))


def _visitor_contact(body: dict) -> Contact | None:
    """Who the visitor is: a signed identity from a tracked click, or the email of a form."""
    contact_id = tokens.read_identity(str(body["i"])) if body.get("i") else None
    if contact_id is not None:
        return db.session.get(Contact, contact_id)
    email = str(body.get("e") or "").strip().lower()[:320]
    if body.get("f") != "form" or not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email):
        return None
    found = db.session.scalar(select(Contact).where(Contact.email == email))
    if found is not None:
        return found
    return new_lead(email, {}, company_with_domain(domain_of(email)))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
