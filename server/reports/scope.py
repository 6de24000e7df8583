"""Whose numbers a report shows: managers their team, reps only themselves, admins anyone."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select

from server.auth.policy import can, visible
from server.errors import fail
from server.extensions import db
from server.models import Team, User
from server.reports.periods import zone


@dataclass
class Scope:
    """The reps shown as rows and the users whose records count toward the totals.

    Rows are the active reps; totals also count users who have since been deactivated,
    so that last quarter's team figures do not change when someone leaves.
    """

    team: Team | None
    reps: list[User]
    member_ids: Select | list[int]
    tz: ZoneInfo
    compare_to_team: bool = True
    subject: User | None = field(default=None)

    def as_json(self) -> dict[str, Any] | None:
        if self.team is None:
            return None
        return {"id": self.team.id, "name": self.team.name, "timezone": self.team.timezone}


def _team_members(team_id: int | None) -> Select:
    return select(User.id).where(User.team_id == team_id)


def _active_reps(stmt: Select) -> list[User]:
    return list(db.session.scalars(
        stmt.where(User.is_active.is_(True), User.role == "rep").order_by(User.name, User.id)))


def for_rep(user: User, rep_id: int) -> Scope:
    rep = db.session.get(User, rep_id)
    if rep is None:
        fail(404, f"There is no user {rep_id}.", fields={"rep_id": ["Unknown user."]})
    if not can(user, "report", "read", rep):
        fail(403, f"You may not see {rep.name}'s reports.", code="forbidden")
    tz = zone(rep.team.timezone if rep.team else rep.timezone)
    return Scope(rep.team, [rep], [rep.id], tz, compare_to_team=False, subject=rep)


def for_team(user: User, team_id: int) -> Scope:
    team = db.session.get(Team, team_id)
    if team is None:
        fail(404, f"There is no team {team_id}.", fields={"team_id": ["Unknown team."]})
    if not can(user, "team_report", "read", SimpleNamespace(id=None, team_id=team.id)):
        fail(403, "You may only see the reports of your own team.", code="forbidden")
    members = _team_members(team.id)
    return Scope(team, _active_reps(select(User).where(User.team_id == team.id)), members,
                 zone(team.timezone))


def resolve(user: User, *, team_id: int | None = None, rep_id: int | None = None) -> Scope:
    """The scope asked for, or the caller's default: own team (manager), self (rep), all (admin)."""
    if rep_id is not None:
        return for_rep(user, rep_id)
    if team_id is not None:
        return for_team(user, team_id)
    if user.role == "rep":
        return for_rep(user, user.id)
    if user.role == "manager":
        if user.team_id is None:
            fail(422, "You are not in a team: pass team_id or rep_id.", code="validation_error")
        return for_team(user, user.team_id)
    everyone = select(User).where(visible(user, "user", User.id))
    return Scope(None, _active_reps(everyone), select(User.id), zone(user.timezone))
