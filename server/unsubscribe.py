"""One-click unsubscribe for cadence emails (RFC 8058): `/u/<signed token>`.

GET shows a confirmation button rather than unsubscribing, because mail scanners fetch every
link in a message; POST (the button, or the mail client's List-Unsubscribe-Post) opts out.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, render_template_string

from server.extensions import db
from server.models import Contact
from server.models.types import utcnow
from server.services.cadence_inbound import unsubscribe_contact
from server.services.cadence_tracking import read_unsubscribe_token

bp = Blueprint("unsubscribe", __name__)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Unsubscribe</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1rem}</style></head><body>
{% if done %}<h1>You are unsubscribed</h1>
<p>{{ email }} will not receive further emails from us.</p>
{% else %}<h1>Unsubscribe?</h1>
<p>Stop all further emails to {{ email }}.</p>
<form method="post"><button type="submit">Unsubscribe</button></form>{% endif %}
</body></html>"""


def _contact(token: str) -> Contact:
    found = read_unsubscribe_token(current_app.config["SECRET_KEY"], token)
    contact = db.session.get(Contact, found[0]) if found else None
    if contact is None:
        abort(404)
    return contact


@bp.get("/u/<token>")
def confirm(token: str):
    contact = _contact(token)
    return render_template_string(PAGE, done=False, email=contact.email or "this address")


@bp.post("/u/<token>")
def unsubscribe(token: str):
    contact = _contact(token)
    unsubscribe_contact(contact, utcnow(), event_id=f"unsubscribe-{contact.id}")
    db.session.commit()
    return render_template_string(PAGE, done=True, email=contact.email or "this address")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
