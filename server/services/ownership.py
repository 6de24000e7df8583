"""Account ownership does not rot: stale accounts are released back to the pool.

An owned company with no activity by its owner for OWNERSHIP_RELEASE_DAYS (default 90) is
released; OWNERSHIP_NOTICE_DAYS (default 7) before that the owner gets a notice in their feed.
Both are logged in ``ownership_releases``. The clock starts at the later of the owner's last
activity on the account and the day they claimed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, select

from server.extensions import db
from server.models import Activity, Company
from server.models.engagement import Notification, OwnershipRelease


@dataclass(frozen=True)
class StaleAccount:
    company_id: int
    owner_id: int
    last_activity_at: datetime  # or owned_since when the owner never worked it
    action: str  # notice | release


def stale_accounts(now: datetime, config: Mapping[str, Any]) -> list[StaleAccount]:
    """Owned accounts due a notice or a release at ``now`` (one aggregate query)."""
    release_days = int(config["OWNERSHIP_RELEASE_DAYS"])
    notice_at = now - timedelta(days=release_days - int(config["OWNERSHIP_NOTICE_DAYS"]))
    last = (select(Activity.company_id, func.max(Activity.occurred_at).label("at"))
            .join(Company, and_(Company.id == Activity.company_id, Company.owner_id == Activity.user_id))
            .group_by(Activity.company_id).subquery())
    rows = db.session.execute(
        select(Company.id, Company.owner_id, Company.owned_since, last.c.at)
        .outerjoin(last, last.c.company_id == Company.id)
        .where(Company.owner_id.is_not(None)).order_by(Company.id)).all()
    found = []
    for company_id, owner_id, owned_since, last_at in rows:
        since = max(d for d in (owned_since, last_at) if d is not None) if (owned_since or last_at) else None
        if since is None or since > notice_at:
            continue
        action = "release" if since <= now - timedelta(days=release_days) else "notice"
        found.append(StaleAccount(company_id, owner_id, since, action))
    return found


def _noticed(account: StaleAccount) -> bool:
    return db.session.scalar(select(exists().where(
        OwnershipRelease.company_id == account.company_id, OwnershipRelease.owner_id == account.owner_id,
        OwnershipRelease.kind == "notice", OwnershipRelease.last_activity_at == account.last_activity_at)))


def release_stale(now: datetime, config: Mapping[str, Any], *, dry_run: bool = False) -> list[StaleAccount]:
    """Send due notices (once per quiet spell) and release due accounts; returns what was done."""
    done = []
    for account in stale_accounts(now, config):
        if account.action == "notice" and _noticed(account):
            continue
        done.append(account)
        if dry_run:
            continue
        company = db.session.get(Company, account.company_id)
        name = company.name or company.domain
        db.session.add(OwnershipRelease(company_id=company.id, owner_id=account.owner_id,
                                        kind="notice" if account.action == "notice" else "released",
                                        last_activity_at=account.last_activity_at, at=now))
        if account.action == "notice":
            release_on = account.last_activity_at + timedelta(days=int(config["OWNERSHIP_RELEASE_DAYS"]))
            message = (f"{name} goes back to the pool on {release_on:%b %d} unless you log an "
                       f"activity there: nothing since {account.last_activity_at:%b %d}.")
        else:
            company.owner_id, company.owned_since = None, None
            message = f"{name} was released to the pool: no activity since {account.last_activity_at:%b %d}."
        db.session.add(Notification(user_id=account.owner_id, kind=f"ownership_{account.action}",
                                    company_id=company.id, message=message, created_at=now))
    db.session.commit()
    return done
