"""CSV column names: ours, and HubSpot's export names mapped onto ours."""

from __future__ import annotations

COMPANY_COLUMNS = ("domain", "name", "industry", "employees", "employee_range", "street", "city",
                   "region", "postal_code", "country", "phones", "linkedin", "description",
                   "owner_email")
CONTACT_COLUMNS = ("email", "first_name", "last_name", "title", "seniority", "department",
                   "phone", "linkedin", "company_domain", "lifecycle_stage", "do_not_contact",
                   "owner_email")

HUBSPOT_COMPANY = {
    "company name": "name", "name": "name",
    "company domain name": "domain", "website url": "domain", "website": "domain",
    "industry": "industry", "number of employees": "employees",
    "street address": "street", "address": "street", "city": "city",
    "state/region": "region", "postal code": "postal_code", "zip": "postal_code",
    "country/region": "country", "country": "country", "phone number": "phones",
    "linkedin company page": "linkedin", "description": "description",
    "company owner": "owner",
}
HUBSPOT_CONTACT = {
    "first name": "first_name", "last name": "last_name", "email": "email",
    "job title": "title", "phone number": "phone", "mobile phone number": "phone",
    "associated company": "company", "company name": "company",
    "lifecycle stage": "lifecycle_stage", "contact owner": "owner",
    "linkedin url": "linkedin",
}
HUBSPOT_LIFECYCLE = {
    "subscriber": "subscriber", "lead": "lead", "marketing qualified lead": "mql",
    "marketingqualifiedlead": "mql", "sales qualified lead": "sql", "salesqualifiedlead": "sql",
    "opportunity": "opportunity", "customer": "customer", "evangelist": "customer",
}


def canonical_name(column: str, ours: tuple[str, ...], theirs: dict[str, str]) -> str | None:
    """Our name for a header's column (ours or HubSpot's, any case), None for one we do not read."""
    key = column.strip().lower()
    return key if key in ours else theirs.get(key)


def canonical_row(row: dict[str, str], ours: tuple[str, ...], theirs: dict[str, str]) -> dict[str, str]:
    """Rename a row's columns to our names; unknown columns are dropped, blanks removed."""
    renamed: dict[str, str] = {}
    for column, value in row.items():
        if column is None or value is None or not str(value).strip():
            continue
        name = canonical_name(column, ours, theirs)
        if name and name not in renamed:
            renamed[name] = str(value).strip()
    return renamed
