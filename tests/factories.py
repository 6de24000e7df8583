"""Small factories: each makes one valid record with sensible defaults, committed."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone
from typing import Any

from server.auth.tokens import issue_token
from server.extensions import db
from server.models import Activity, Company, Contact, Deal, Team, User

_serial = itertools.count(1)


class Factory:
    def _save(self, record: Any) -> Any:
        db.session.add(record)
        db.session.commit()
        return record

    def team(self, name: str | None = None, **fields: Any) -> Team:
        return self._save(Team(name=name or f"Team {next(_serial)}", **fields))

    def user(self, role: str = "rep", team: Team | None = None, **fields: Any) -> User:
        """A user with a live API token in ``user.plain_token``."""
        n = next(_serial)
        fields.setdefault("name", f"{role.title()} {n}")
        fields.setdefault("email", f"{role}{n}@example.test")
        user = User(role=role, team=team, **fields)
        db.session.add(user)
        user.plain_token = issue_token(user)
        db.session.commit()
        return user

    def company(self, **fields: Any) -> Company:
        n = next(_serial)
        fields.setdefault("domain", f"company{n}.example")
        fields.setdefault("name", f"Company {n}")
        fields.setdefault("phones", [])
        fields.setdefault("socials", {})
        fields.setdefault("provenance", {})
        if fields.get("owner") is not None:
            fields.setdefault("owned_since", datetime(2026, 1, 5, tzinfo=timezone.utc))
        return self._save(Company(**fields))

    def contact(self, **fields: Any) -> Contact:
        n = next(_serial)
        fields.setdefault("first_name", "Dana")
        fields.setdefault("last_name", f"Person{n}")
        fields.setdefault("email", f"dana{n}@example.test")
        fields.setdefault("provenance", {})
        return self._save(Contact(**fields))

    def deal(self, **fields: Any) -> Deal:
        fields.setdefault("name", f"Deal {next(_serial)}")
        if "company" not in fields and "company_id" not in fields:
            fields["company"] = self.company(owner=fields.get("owner"))
        return self._save(Deal(**fields))

    def activity(self, user: User, **fields: Any) -> Activity:
        fields.setdefault("type", "call")
        fields.setdefault("idempotency_key", f"key-{next(_serial)}")
        return self._save(Activity(user_id=user.id, **fields))
