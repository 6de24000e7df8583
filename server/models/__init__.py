"""SQLAlchemy models; importing this package registers every table with the metadata."""

from server.models.accounts import ROLES, ApiToken, Team, User
from server.models.activity import ACTIVITY_SOURCES, ACTIVITY_TYPES, Activity
from server.models.cadence import (Cadence, CadenceStep, CadenceTask, EmailSuppression,
                                   Enrollment, InboundMessage, OutboundEmail)
from server.models.company import BUYER_STAGES, EMPLOYEE_RANGES, SIZE_TIERS, Company
from server.models.contact import LIFECYCLE_STAGES, SENIORITIES, Contact
from server.models.deal import DEAL_STAGES, OPEN_STAGES, QUALIFICATION_FIELDS, Deal
from server.models.enrichment_run import RUN_STATUSES, EnrichmentRun
from server.models.idempotency import IdempotentRequest

__all__ = [
    "ACTIVITY_SOURCES", "ACTIVITY_TYPES", "BUYER_STAGES", "DEAL_STAGES", "EMPLOYEE_RANGES",
    "LIFECYCLE_STAGES", "OPEN_STAGES", "QUALIFICATION_FIELDS", "ROLES", "SENIORITIES",
    "RUN_STATUSES", "SIZE_TIERS", "Activity", "ApiToken", "Company", "Contact", "Deal", "EnrichmentRun",
    "IdempotentRequest", "Team", "User",
    "Cadence", "CadenceStep", "CadenceTask", "EmailSuppression", "Enrollment", "InboundMessage",
    "OutboundEmail",
]
