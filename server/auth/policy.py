"""Who may do what: one table of rules, consulted by every view and iterated by the tests.

A rule answers for one record (``allows``) and for a query (``clause``), so lists and single
records can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import ColumnElement, false, or_, select, true

from server.errors import fail
from server.models import User


@dataclass(frozen=True)
class Rule:
    name: str
    allows: Callable[[User, User | None], bool]
    clause: Callable[[User, Any], ColumnElement[bool]]


def _team_ids(user: User):
    return select(User.id).where(User.team_id == user.team_id)


def _same_team(user: User, owner: User | None) -> bool:
    return owner is not None and user.team_id is not None and owner.team_id == user.team_id


ANYONE = Rule("anyone", lambda user, owner: True, lambda user, col: true())
NOBODY = Rule("nobody", lambda user, owner: False, lambda user, col: false())
OWN = Rule("own", lambda user, owner: owner is not None and owner.id == user.id,
           lambda user, col: col == user.id)
OWN_OR_UNOWNED = Rule(
    "own or unowned", lambda user, owner: owner is None or owner.id == user.id,
    lambda user, col: or_(col.is_(None), col == user.id))
TEAM = Rule("team", _same_team, lambda user, col: col.in_(_team_ids(user)))
TEAM_OR_UNOWNED = Rule(
    "team or unowned", lambda user, owner: owner is None or _same_team(user, owner),
    lambda user, col: or_(col.is_(None), col.in_(_team_ids(user))))
OWN_OR_TEAM = Rule(
    "own or team", lambda user, owner: OWN.allows(user, owner) or _same_team(user, owner),
    lambda user, col: or_(col == user.id, col.in_(_team_ids(user))))

_CRM_RECORD = {
    "read": {"rep": ANYONE, "manager": ANYONE, "admin": ANYONE},
    "write": {"rep": OWN_OR_UNOWNED, "manager": TEAM_OR_UNOWNED, "admin": ANYONE},
}
_PRIVATE_RECORD = {
    "read": {"rep": OWN, "manager": TEAM, "admin": ANYONE},
    "write": {"rep": OWN, "manager": TEAM, "admin": ANYONE},
}

# resource -> action -> role -> rule. The owner a rule looks at is the record's owner
# (for activities: the user who logged it; for users: the user themselves).
POLICY: dict[str, dict[str, dict[str, Rule]]] = {
    "company": _CRM_RECORD,
    "contact": _CRM_RECORD,
    "deal": _PRIVATE_RECORD,
    "activity": _PRIVATE_RECORD,
    # Any signed-in user may enrich any site (it reads and fills in shared company data).
    "enrichment": {"read": {"rep": ANYONE, "manager": ANYONE, "admin": ANYONE},
                   "write": {"rep": ANYONE, "manager": ANYONE, "admin": ANYONE}},
    "user": {
        "read": {"rep": OWN, "manager": TEAM, "admin": ANYONE},
        "write": {"rep": NOBODY, "manager": NOBODY, "admin": ANYONE},
    },
    # Engagement (issue 5). Events: owner = the lead's owner. Queue: owner = the rep whose
    # queue it is (managers may read their team's queues).
    "event": {"write": {"rep": TEAM_OR_UNOWNED, "manager": TEAM_OR_UNOWNED, "admin": ANYONE}},
    "queue": {"read": {"rep": OWN, "manager": TEAM, "admin": ANYONE},
              "write": {"rep": OWN, "manager": OWN, "admin": OWN}},
    # Reports about one rep (owner = that rep) and about a whole team (owner = any member).
    "report": {"read": {"rep": OWN, "manager": TEAM, "admin": ANYONE}},
    "team_report": {"read": {"rep": NOBODY, "manager": TEAM, "admin": ANYONE}},
    # Cadences are shared with the team (owner = who wrote it); enrollments and their tasks
    # belong to the rep working them. Inbound mail is posted by an admin's integration token.
    "cadence": {
        "read": {"rep": OWN_OR_TEAM, "manager": OWN_OR_TEAM, "admin": ANYONE},
        "write": {"rep": OWN, "manager": OWN_OR_TEAM, "admin": ANYONE},
    },
    "enrollment": _PRIVATE_RECORD,
    "task": _PRIVATE_RECORD,
    "inbound_email": {"write": {"rep": NOBODY, "manager": NOBODY, "admin": ANYONE}},
}


def rule_for(user: User, resource: str, action: str) -> Rule:
    return POLICY[resource][action][user.role]


def can(user: User, resource: str, action: str, owner: User | None) -> bool:
    return rule_for(user, resource, action).allows(user, owner)


def authorize(user: User, resource: str, action: str, owner: User | None) -> None:
    """Raise a 403 JSON error unless ``user`` may ``action`` a ``resource`` owned by ``owner``."""
    if not can(user, resource, action, owner):
        verb = {"read": "see", "write": "change"}.get(action, action)
        whose = f"{owner.name}'s" if owner is not None and owner.id != user.id else "this"
        fail(403, f"You may not {verb} {whose} {resource.replace('_', ' ')}.", code="forbidden")


def visible(user: User, resource: str, owner_column: Any) -> ColumnElement[bool]:
    """The SQL condition selecting the records of ``resource`` that ``user`` may read."""
    return rule_for(user, resource, "read").clause(user, owner_column)
