"""Signed-cookie sessions for the report pages: sign-in with email + password or an API token.

The cookie is HttpOnly and SameSite=Lax; forms carry a per-session CSRF token. A session
remembers how it was opened, so changing the password or revoking the token ends it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import Flask, abort, request, session
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from server.auth.tokens import user_for_token
from server.extensions import db
from server.models import ApiToken, User

CSRF_FIELD = "csrf_token"
# Checked when the email is unknown too, so that the answer takes as long either way.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(8))


def _password_mark(user: User) -> str:
    return "p:" + hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def user_for_password(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower(),
                                                User.is_active.is_(True)))
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def sign_in_with_password(email: str, password: str) -> User | None:
    user = user_for_password(email, password)
    if user is not None:
        _start(user, _password_mark(user))
    return user


def sign_in_with_token(token: str) -> User | None:
    found = user_for_token(token.strip())
    if found is None:
        return None
    user, api_token = found
    _start(user, f"t:{api_token.id}")
    return user


def _start(user: User, mark: str) -> None:
    session.clear()
    session.permanent = True
    session.update(uid=user.id, mark=mark, csrf=secrets.token_urlsafe(32))


def sign_out() -> None:
    session.clear()


def session_user() -> User | None:
    """The signed-in, still active user whose password or token has not changed since."""
    uid, mark = session.get("uid"), session.get("mark", "")
    if uid is None:
        return None
    user = db.session.get(User, uid)
    if user is None or not user.is_active:
        return None
    if mark.startswith("p:") and hmac.compare_digest(mark, _password_mark(user)):
        return user
    if mark.startswith("t:"):
        token = db.session.get(ApiToken, int(mark[2:]))
        if token is not None and token.user_id == user.id and token.revoked_at is None:
            return user
    return None


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """400 unless the posted form carries this session's CSRF token."""
    sent, expected = request.form.get(CSRF_FIELD, ""), session.get("csrf")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, "The form expired or did not come from this site; reload the page and try again.")


def init_app(app: Flask) -> None:
    app.config.update(
        SESSION_COOKIE_NAME="sidekick_session", SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config.get("PUBLIC_URL", "").startswith("https://"),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12))
    app.jinja_env.globals["csrf_token"] = csrf_token
