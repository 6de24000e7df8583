"""The ``sidekick`` CLI: users, tokens, CSV import/export and the demo seed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from server.auth.tokens import user_for_token
from server.extensions import db
from server.models import Activity, Company, Contact, Team, User

HUBSPOT_COMPANIES = """\
Record ID,Company name,Company Domain Name,Industry,Number of Employees,City,State/Region,Country/Region,Phone Number,Company owner
1,Acme Corp,acme.com,COMPUTER_SOFTWARE,"1,200",Boston,MA,United States,+1 617 555 0100,Riley Rep
2,Globex,https://www.globex.co.uk/about,Manufacturing,40,Leeds,,United Kingdom,,
3,No Domain Inc,,Software,10,,,,,
4,Bad Size,badsize.com,Software,lots,,,,,
5,Ghost Owner,ghost.com,Software,5,,,,,Nobody Known
6,Acme Again,ACME.COM,COMPUTER_SOFTWARE,1300,Boston,MA,United States,,
"""
HUBSPOT_CONTACTS = """\
First Name,Last Name,Email,Job Title,Phone Number,Associated Company,Lifecycle Stage
Dana,Scully,Dana@Acme.com,VP Sales,+16175550101,Acme Again,Sales Qualified Lead
Fox,Mulder,not-an-email,Agent,,Acme Again,Lead
Walter,Skinner,walter@globex.co.uk,Director,,globex.co.uk,Marketing Qualified Lead
Nobody,Here,nobody@nowhere.com,,,Unknown Company,Lead
"""


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_users_create_prints_a_working_token_once(runner):
    result = runner.invoke(args=["users", "create", "--email", "Riley@Example.com", "--name", "Riley Rep",
                                 "--role", "rep", "--team", "East", "--token-only"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    user, _ = user_for_token(token)
    assert (user.email, user.role, user.team.name) == ("riley@example.com", "rep", "East")


def test_users_create_refuses_a_duplicate_email(runner, make):
    make.user(email="dup@example.com")
    result = runner.invoke(args=["users", "create", "--email", "dup@example.com", "--name", "X"])
    assert result.exit_code != 0
    assert "exists already" in result.output


def test_users_token_issues_a_new_token(runner, make):
    user = make.user(email="t@example.com")
    result = runner.invoke(args=["users", "token", "--email", "t@example.com"])
    assert user_for_token(result.output.strip())[0].id == user.id


def test_hubspot_company_import_keeps_good_rows_and_names_bad_ones(runner, make, tmp_path):
    make.user(name="Riley Rep", email="riley@example.com")
    result = runner.invoke(args=["import", "companies", write(tmp_path, "c.csv", HUBSPOT_COMPANIES)])
    assert result.exit_code == 0, result.output
    assert "companies: 2 created, 1 updated, 3 rejected" in result.output
    assert "row 4: no domain or website" in result.output
    assert "row 5: employees:" in result.output
    assert "row 6: unknown owner 'Nobody Known'" in result.output
    acme = db.session.scalar(select(Company).where(Company.domain == "acme.com"))
    assert (acme.name, acme.employees, acme.size_tier, acme.region) == ("Acme Again", 1300, "enterprise", "MA")
    assert acme.owner.name == "Riley Rep"
    assert acme.provenance["name"]["source"] == "import"
    assert db.session.scalar(select(Company.domain).where(Company.name == "Globex")) == "globex.co.uk"


def test_reimport_never_duplicates(runner, tmp_path):
    path = write(tmp_path, "c.csv", HUBSPOT_COMPANIES.replace(",Riley Rep", ","))
    runner.invoke(args=["import", "companies", path])
    second = runner.invoke(args=["import", "companies", path])
    assert "0 created" in second.output
    assert db.session.scalar(select(func.count(Company.id))) == 2


def test_hubspot_contact_import_maps_lifecycle_and_company(runner, tmp_path):
    runner.invoke(args=["import", "companies", write(tmp_path, "c.csv", HUBSPOT_COMPANIES.replace(",Riley Rep", ","))])
    result = runner.invoke(args=["import", "contacts", write(tmp_path, "p.csv", HUBSPOT_CONTACTS)])
    assert "contacts: 2 created, 0 updated, 2 rejected" in result.output
    assert "row 3: email:" in result.output
    assert "row 5: unknown company 'Unknown Company'" in result.output
    dana = db.session.scalar(select(Contact).where(Contact.email == "dana@acme.com"))
    assert (dana.lifecycle_stage, dana.company.domain, dana.title) == ("sql", "acme.com", "VP Sales")
    walter = db.session.scalar(select(Contact).where(Contact.email == "walter@globex.co.uk"))
    assert walter.lifecycle_stage == "mql"


def test_export_writes_what_import_reads(runner, make, tmp_path):
    owner = make.user(email="o@example.com")
    make.company(domain="acme.com", name="Acme", city="Boston", phones=["+16175550100"],
                 socials={"linkedin": "https://www.linkedin.com/company/acme"}, owner=owner)
    path = tmp_path / "out.csv"
    assert runner.invoke(args=["export", "companies", str(path)]).exit_code == 0
    rows = list(csv.DictReader(path.read_text().splitlines()))
    assert rows[0]["domain"] == "acme.com" and rows[0]["owner_email"] == "o@example.com"
    assert rows[0]["linkedin"] == "https://www.linkedin.com/company/acme"
    again = runner.invoke(args=["import", "companies", str(path)])
    assert "0 created, 1 updated, 0 rejected" in again.output


def test_demo_seed_is_a_full_team_with_history(runner, app):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    team = db.session.scalar(select(Team).where(Team.name == "Demo Sales"))
    roles = sorted(u.role for u in db.session.scalars(select(User).where(User.team_id == team.id)))
    assert roles == ["manager", "rep", "rep", "rep", "rep"]
    assert db.session.scalar(select(func.count(Company.id))) == 200
    assert db.session.scalar(select(func.count(Contact.id))) > 300
    assert db.session.scalar(select(func.count(Activity.id))) > 1000
    tokens = json.loads((Path(app.config["INSTANCE_PATH"]) / "demo-tokens.json").read_text())
    assert user_for_token(tokens[1]["token"])[0].email == tokens[1]["email"]
    assert runner.invoke(args=["demo", "--if-empty"]).exit_code == 0
    assert db.session.scalar(select(func.count(Company.id))) == 200


@pytest.mark.parametrize(("kind", "content", "says"), [
    ("companies", "domain,name\nzurich.ch,Zürich AG\n".encode("cp1252"),
     'is not UTF-8 text (it holds the byte 0xfc): save it as "CSV UTF-8"'),
    ("companies", b"", "The file is empty."),
    ("companies", b"acme.com,Acme\n", "The first row names no domain column (it reads: acme.com, Acme)."),
    ("contacts", b"domain,name\nacme.com,Acme\n", "The first row names no email column"),
])
def test_a_file_that_cannot_be_imported_imports_nothing_and_says_why(runner, tmp_path, kind, content, says):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    result = runner.invoke(args=["import", kind, str(path)])
    assert result.exit_code == 1
    assert says in result.output and "Nothing was imported." in result.output
    assert db.session.scalar(select(func.count(Company.id))) == 0


@pytest.mark.parametrize("kind", ["companies", "contacts"])
def test_import_of_a_missing_file_is_a_clear_error(runner, kind):
    result = runner.invoke(args=["import", kind, "/nonexistent.csv"])
    assert result.exit_code != 0
    assert "does not exist" in result.output


def test_demo_reps_differ_in_sla_discipline(runner, as_user, app):
    runner.invoke(args=["demo"])
    manager = db.session.scalar(select(User).where(User.role == "manager"))
    manager.plain_token = json.loads(
        (Path(app.config["INSTANCE_PATH"]) / "demo-tokens.json").read_text())[0]["token"]
    reps = as_user(manager).get("/api/v1/reports/sla").get_json()["reps"]
    within = sorted(rep["pct_within_1h"] for rep in reps)
    assert within[0] < 50 < within[-1]
