"""Engagement commands: ``sidekick ownership release-stale`` (run daily) and
``sidekick integrations token`` (a token that may post events about any lead)."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from server.auth.tokens import issue_token
from server.extensions import db
from server.models import User
from server.models.types import utcnow
from server.services.ownership import release_stale


@click.group()
def ownership() -> None:
    """Account ownership."""


@ownership.command("release-stale")
@click.option("--dry-run", is_flag=True, help="List what would happen; change nothing.")
def release_stale_command(dry_run: bool) -> None:
    """Notify owners of accounts going quiet and release those quiet for too long."""
    done = release_stale(utcnow(), current_app.config, dry_run=dry_run)
    for account in done:
        verb = "would " if dry_run else ""
        what = "release" if account.action == "release" else "notify the owner of"
        click.echo(f"{verb}{what} company {account.company_id} (owner {account.owner_id}, "
                   f"last activity {account.last_activity_at:%Y-%m-%d})")
    released = sum(1 for a in done if a.action == "release")
    click.echo(f"{released} released, {len(done) - released} notices{' (dry run)' if dry_run else ''}")


@click.group()
def integrations() -> None:
    """Tokens for systems that post engagement events (site, webinar or marketing tools)."""


@integrations.command("token")
@click.option("--admin-email", required=True, help="The admin who issues (and owns) the token.")
@click.option("--name", required=True, help="What it is for, e.g. 'webinar-tool'.")
def integration_token(admin_email: str, name: str) -> None:
    """Print a new integration token (shown once) for POST /api/v1/events."""
    admin = db.session.scalar(select(User).where(User.email == admin_email.strip().lower()))
    if admin is None or admin.role != "admin" or not admin.is_active:
        raise click.ClickException(f"{admin_email} is not an active admin.")
    plain = issue_token(admin, name=name, kind="integration")
    db.session.commit()
    click.echo(plain)
