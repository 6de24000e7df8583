"""``Idempotency-Key``: a POST sent twice (a double click, a retry after a lost answer) is done
once, and the second request gets the first one's answer.

The key is the client's, per user, kept for a day. The record of it is written in the request's
own transaction, so it exists exactly when the request's writes do; the answer is added once the
view has answered (should the process die in between, the key answers 409 until it expires:
never a second write). Only successes are kept: a request that failed changed nothing, and may
be sent again, fixed, with the same key.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from flask import Response, g, request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from server.auth import current_user
from server.errors import fail
from server.extensions import db
from server.models import IdempotentRequest
from server.models.types import utcnow

HEADER = "Idempotency-Key"
KEY = re.compile(r"[\x21-\x7e]{1,100}")  # printable ASCII, as a header value can hold it
KEPT_FOR = timedelta(hours=24)


def _fingerprint() -> str:
    """The request as sent: the same key with anything else is a client's mistake."""
    digest = hashlib.sha256(f"{request.method} {request.full_path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def replay_or_claim() -> Response | None:
    """Before a keyed POST: the first answer again, or a claim on the key for this request."""
    if request.method != "POST" or HEADER not in request.headers:
        return None
    key = request.headers[HEADER]
    if not KEY.fullmatch(key):
        fail(422, "The Idempotency-Key header is not one we can keep.",
             fields={HEADER: ["Use 1 to 100 printable ASCII characters, e.g. a UUID."]})
    user_id, now = current_user().id, utcnow()
    db.session.execute(delete(IdempotentRequest).where(
        IdempotentRequest.user_id == user_id, IdempotentRequest.created_at < now - KEPT_FOR))
    seen = db.session.scalar(select(IdempotentRequest).where(
        IdempotentRequest.user_id == user_id, IdempotentRequest.key == key))
    if seen is None:
        g.idempotent = IdempotentRequest(user_id=user_id, key=key, fingerprint=_fingerprint(), created_at=now)
        db.session.add(g.idempotent)
        try:
            db.session.flush()  # a racing request with the key waits here for this one to end
        except IntegrityError:
            db.session.rollback()
            _in_progress()
        return None
    if seen.fingerprint != _fingerprint():
        fail(422, "This Idempotency-Key was sent with a different request.", code="idempotency_key_reused",
             fields={HEADER: ["Use a new key for a new request."]})
    if seen.status is None:
        _in_progress()
    return Response(seen.body, status=seen.status, mimetype="application/json",
                    headers={"Idempotent-Replayed": "true"})


def _in_progress() -> None:
    fail(409, "A request with this Idempotency-Key is under way; send it again in a moment.",
         code="idempotency_conflict")


def remember(response: Response) -> Response:
    """After a keyed POST: keep a success's answer; forget the key of anything else."""
    record = g.pop("idempotent", None)
    if record is None:
        return response
    if 200 <= response.status_code < 300:
        record.status, record.body = response.status_code, response.get_data(as_text=True)
        db.session.add(record)  # back in the session if the view rolled a race back
        db.session.commit()
    else:
        db.session.rollback()
    return response
