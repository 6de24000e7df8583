"""Figures that come from engagement events (issue 5): email opens and replies.

TODO(2026-11-27, issue 5): wire opens/replies once the engagement events model lands;
until then these figures are ``null`` in every report and listed in ``not_wired``.
"""

from __future__ import annotations

from typing import Any

WIRED: set[str] = set()
ENGAGEMENT_METRICS = ("opens", "replies")


def is_wired(metric: str) -> bool:
    return metric not in ENGAGEMENT_METRICS or metric in WIRED


def email_counts(members: Any, bounds: list) -> dict[tuple[int, int], dict[str, int]]:
    """``{(user_id, bucket): {"opens": n, "replies": n}}``: nothing until events exist."""
    return {}


def high_priority_clause(contact: Any, company: Any) -> Any:
    """SQL: the SQL lead asked for a demo or a free trial (a high-priority request).

    Until engagement events exist, a company at the *selection* buyer stage (which the
    engagement issue infers from exactly those requests) stands in for them.
    """
    return company.buyer_stage == "selection"


HIGH_PRIORITY_SOURCE = "company buyer_stage = selection (until demo_request/free_trial_signup events exist)"
