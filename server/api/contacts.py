"""Contacts: CRUD with filters by company, owner and lifecycle stage."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import func, or_, select

from server.api import resource_blueprint
from server.auth import current_user
from server.auth.policy import authorize
from server.errors import fail
from server.extensions import db
from server.models import Company, Contact, User
from server.models.types import utcnow
from server.schemas.common import page_of
from server.schemas.contacts import ContactListArgs, ContactSchema, ContactWriteSchema
from server.services.pagination import paginate
from server.services.records import owner_or_422, record_or_404

blp = resource_blueprint("contacts", __name__, url_prefix="/contacts",
                         description="People at prospect companies.")


def _apply(contact: Contact, data: dict, user: User) -> None:
    """Set fields, checking the user may write both the contact and the company it moves to."""
    if "company_id" in data and data["company_id"] is not None:
        company = record_or_404(Company, data["company_id"], "company_id")
        authorize(user, "company", "write", company.owner)
    if "owner_id" in data:
        contact.owner = owner_or_422(data.pop("owner_id"))
    if data.get("email"):
        data["email"] = data["email"].lower()
        clash = db.session.scalar(select(Contact.id).where(Contact.email == data["email"]))
        if clash is not None and clash != contact.id:
            fail(409, f"{data['email']} belongs to another contact.", code="duplicate_email",
                 extra={"contact_id": clash})
    for name, value in data.items():
        setattr(contact, name, value)
    if contact.lifecycle_stage == "sql" and contact.sql_at is None:
        contact.sql_at = utcnow()
    authorize(user, "contact", "write", contact.owner)


@blp.route("")
class Contacts(MethodView):
    @blp.arguments(ContactListArgs, location="query")
    @blp.response(200, page_of(ContactSchema))
    def get(self, args):
        """List contacts, filtered by company, owner, lifecycle stage or a name/email search."""
        stmt = select(Contact)
        for name in ("company_id", "owner_id", "lifecycle_stage"):
            if args[name] is not None:
                stmt = stmt.where(getattr(Contact, name) == args[name])
        if args["q"]:
            pattern = f"%{args['q'].lower()}%"
            stmt = stmt.where(or_(*(func.lower(column).like(pattern) for column in
                                    (Contact.first_name, Contact.last_name, Contact.email))))
        return paginate(stmt, Contact.id, limit=args["limit"], cursor=args["cursor"])

    @blp.arguments(ContactWriteSchema)
    @blp.response(201, ContactSchema)
    def post(self, data):
        """Create a contact (owned by you unless you name another owner)."""
        user = current_user()
        contact = Contact(owner=user, provenance={})
        _apply(contact, data, user)
        db.session.add(contact)
        db.session.commit()
        return contact


@blp.route("/<int:contact_id>")
class ContactById(MethodView):
    @blp.response(200, ContactSchema)
    def get(self, contact_id):
        """One contact."""
        return record_or_404(Contact, contact_id)

    @blp.arguments(ContactWriteSchema(partial=True))
    @blp.response(200, ContactSchema)
    def patch(self, data, contact_id):
        """Change a contact you own (or an unowned one)."""
        user = current_user()
        contact = record_or_404(Contact, contact_id)
        authorize(user, "contact", "write", contact.owner)
        _apply(contact, data, user)
        db.session.commit()
        return contact

    @blp.response(204)
    def delete(self, contact_id):
        """Delete a contact you own."""
        contact = record_or_404(Contact, contact_id)
        authorize(current_user(), "contact", "write", contact.owner)
        db.session.delete(contact)
        db.session.commit()
