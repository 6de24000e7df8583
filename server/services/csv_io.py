"""Import and export companies and contacts as CSV; each row is its own transaction."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Iterable

from marshmallow import ValidationError
from sqlalchemy import func, or_, select

from server.errors import ApiError
from server.extensions import db
from server.models import Company, Contact, User
from server.models.types import utcnow
from server.schemas.companies import CompanyWriteSchema
from server.schemas.contacts import ContactWriteSchema
from server.services.companies import apply_fields, domain_or_422
from server.services.csv_columns import (
    COMPANY_COLUMNS, CONTACT_COLUMNS, HUBSPOT_COMPANY, HUBSPOT_CONTACT, HUBSPOT_LIFECYCLE,
    canonical_name, canonical_row,
)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _owner(value: str | None) -> User | None:
    """An owner named by email or by full name, as HubSpot exports it."""
    if not value:
        return None
    found = db.session.scalar(select(User).where(or_(func.lower(User.email) == value.lower(),
                                                     func.lower(User.name) == value.lower())))
    if found is None:
        raise ValueError(f"unknown owner {value!r}")
    return found


def _messages(error: ValidationError) -> str:
    return "; ".join(f"{name}: {' '.join(map(str, msgs)) if isinstance(msgs, list) else msgs}"
                     for name, msgs in error.normalized_messages().items())


def _company_row(row: dict[str, str]) -> bool:
    owner = _owner(row.pop("owner", None) or row.pop("owner_email", None))
    if "domain" not in row:
        raise ValueError("no domain or website")
    linkedin = row.pop("linkedin", None)
    if "employees" in row:
        row["employees"] = row["employees"].replace(",", "").split(".")[0]
    row["phones"] = [row["phones"]] if row.get("phones") else []
    data = CompanyWriteSchema().load(row)
    domain = domain_or_422(data.pop("domain"))
    company = db.session.scalar(select(Company).where(Company.domain == domain))
    created = company is None
    if created:
        company = Company(domain=domain, phones=[], socials={}, provenance={})
        db.session.add(company)
    if linkedin:
        data["socials"] = {**(company.socials or {}), "linkedin": linkedin}
    apply_fields(company, data, source="import")
    if owner is not None and company.owner_id is None:
        company.owner, company.owned_since = owner, utcnow()
    return created


def _contact_row(row: dict[str, str]) -> bool:
    owner = _owner(row.pop("owner", None) or row.pop("owner_email", None))
    company_ref = row.pop("company", None) or row.pop("company_domain", None)
    if "lifecycle_stage" in row:
        stage = row["lifecycle_stage"].strip().lower()
        row["lifecycle_stage"] = HUBSPOT_LIFECYCLE.get(stage, stage)
    if "do_not_contact" in row:
        row["do_not_contact"] = row["do_not_contact"].strip().lower() in {"1", "true", "yes"}
    data = ContactWriteSchema().load(row)
    if not data.get("email"):
        raise ValueError("no email (contacts are matched by email)")
    data["email"] = data["email"].lower()
    if company_ref:
        data["company_id"] = _company_id(company_ref)
    contact = db.session.scalar(select(Contact).where(Contact.email == data["email"]))
    created = contact is None
    if created:
        contact = Contact(provenance={}, owner=owner)
        db.session.add(contact)
    for name, value in data.items():
        setattr(contact, name, value)
    return created


def _company_id(reference: str) -> int:
    by_name = db.session.scalar(select(Company.id).where(func.lower(Company.name) == reference.lower()))
    if by_name is not None:
        return by_name
    try:
        domain = domain_or_422(reference)
    except ApiError:
        raise ValueError(f"unknown company {reference!r}") from None
    found = db.session.scalar(select(Company.id).where(Company.domain == domain))
    if found is None:
        raise ValueError(f"unknown company {reference!r}")
    return found


IMPORTERS: dict[str, tuple[Callable[[dict[str, str]], bool], tuple[str, ...], dict[str, str]]] = {
    "companies": (_company_row, COMPANY_COLUMNS, HUBSPOT_COMPANY),
    "contacts": (_contact_row, CONTACT_COLUMNS, HUBSPOT_CONTACT),
}
KEY_COLUMNS = {"companies": "domain", "contacts": "email"}  # what a row is upserted by


class NotAnImport(ValueError):
    """The file as a whole cannot be imported (nothing was): a message for the admin."""


def _check_header(kind: str, header: list[str], ours: tuple[str, ...], theirs: dict[str, str]) -> None:
    """Without its key column every row would be refused: a file with no header row, say."""
    if not header:
        raise NotAnImport("The file is empty.")
    key = KEY_COLUMNS[kind]
    if key not in {canonical_name(column, ours, theirs) for column in header}:
        raise NotAnImport(
            f"The first row names no {key} column (it reads: {', '.join(header[:6])}). It must be "
            f"the header: our column names ({', '.join(ours)}) or HubSpot's export names.")


def import_csv(kind: str, stream: IO[str], *, on_row: Callable[[], None] = lambda: None) -> ImportReport:
    """Upsert every row (companies by domain, contacts by email); bad rows are reported, not fatal."""
    handle, ours, theirs = IMPORTERS[kind]
    reader = csv.DictReader(stream)
    _check_header(kind, reader.fieldnames or [], ours, theirs)
    report = ImportReport()
    for number, raw in enumerate(reader, start=2):  # row 1 is the header
        try:
            with db.session.begin_nested():
                created = handle(canonical_row(raw, ours, theirs))
            db.session.commit()
        except ValidationError as error:
            report.rejected.append((number, _messages(error)))
        except ApiError as error:
            report.rejected.append((number, f"{error.description} {_fields(error)}".strip()))
        except ValueError as error:
            report.rejected.append((number, str(error)))
        else:
            if created:
                report.created += 1
            else:
                report.updated += 1
        on_row()
    db.session.commit()
    return report


def _fields(error: ApiError) -> str:
    return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.fields.items())


def export_csv(kind: str, stream: IO[str]) -> int:
    """Write every company or contact with the same columns the importer reads."""
    columns = COMPANY_COLUMNS if kind == "companies" else CONTACT_COLUMNS
    writer = csv.DictWriter(stream, fieldnames=columns)
    writer.writeheader()
    count = 0
    for row in (_company_rows() if kind == "companies" else _contact_rows()):
        writer.writerow(row)
        count += 1
    return count


def _company_rows() -> Iterable[dict[str, Any]]:
    for company in db.session.scalars(select(Company).order_by(Company.id)):
        yield {name: getattr(company, name, None) for name in COMPANY_COLUMNS} | {
            "phones": " ".join(company.phones or []),
            "linkedin": (company.socials or {}).get("linkedin"),
            "owner_email": company.owner.email if company.owner else None}


def _contact_rows() -> Iterable[dict[str, Any]]:
    for contact in db.session.scalars(select(Contact).order_by(Contact.id)):
        yield {name: getattr(contact, name, None) for name in CONTACT_COLUMNS} | {
            "company_domain": contact.company.domain if contact.company else None,
            "owner_email": contact.owner.email if contact.owner else None}
