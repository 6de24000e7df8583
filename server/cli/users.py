"""``sidekick users``: create users and issue API tokens."""

from __future__ import annotations

import click
from sqlalchemy import select

from server.auth.tokens import issue_token
from server.extensions import db
from server.models import ROLES, Team, User


@click.group()
def users() -> None:
    """Manage users and their API tokens."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="rep", show_default=True)
@click.option("--team", "team_name", help="Team name (created when new).")
@click.option("--timezone", default="UTC", show_default=True)
@click.option("--password", help="Password for the report pages (managers).")
@click.option("--token-only", is_flag=True, help="Print only the token, for scripts.")
def create(email: str, name: str, role: str, team_name: str | None, timezone: str,
           password: str | None, token_only: bool) -> None:
    """Create a user and print their first API token (shown once)."""
    email = email.strip().lower()
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise click.ClickException(f"A user with email {email} exists already.")
    team = None
    if team_name:
        team = db.session.scalar(select(Team).where(Team.name == team_name)) or Team(name=team_name)
    user = User(email=email, name=name, role=role, team=team, timezone=timezone)
    if password:
        from werkzeug.security import generate_password_hash

        user.password_hash = generate_password_hash(password)
    db.session.add(user)
    token = issue_token(user)
    db.session.commit()
    click.echo(token if token_only else f"Created {role} {name} <{email}> (id {user.id}).\nAPI token (shown once): {token}")


@users.command("token")
@click.option("--email", required=True)
@click.option("--name", "token_name", default="default", show_default=True)
def token(email: str, token_name: str) -> None:
    """Issue a new API token for an existing user."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user with email {email}.")
    plain = issue_token(user, name=token_name)
    db.session.commit()
    click.echo(plain)
