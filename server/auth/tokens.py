"""API tokens: random, shown once, stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from server.extensions import db
from server.models import ApiToken, User
from server.models.types import utcnow

TOKEN_PREFIX = "sk_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(user: User, *, name: str = "default", kind: str = "user") -> str:
    """Create a token for ``user`` and return its plain text (the only time it exists)."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, name=name, kind=kind, token_hash=_digest(plain),
                            prefix=plain[:10]))
    return plain


def revoke_tokens(user: User, *, name: str | None = None) -> int:
    """Revoke the user's live tokens (those called ``name`` only, when given)."""
    count = 0
    for token in user.tokens:
        if token.revoked_at is None and (name is None or token.name == name):
            token.revoked_at = utcnow()
            count += 1
    return count


def user_for_token(plain: str) -> tuple[User, ApiToken] | None:
    """The active user behind a live token, recording when it was last used."""
    row = db.session.execute(
        select(ApiToken, User).join(User, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == _digest(plain), ApiToken.revoked_at.is_(None),
               User.is_active.is_(True))
    ).first()
    if row is None:
        return None
    token, user = row
    now = utcnow()
    # Touch at most once a minute so that reads do not turn into a write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        token.last_used_at = now
        db.session.commit()
    return user, token
