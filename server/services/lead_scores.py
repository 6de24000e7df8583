"""A contact's or company's score as the API shows it: both parts, reasons, stage, value."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from server.extensions import db
from server.models import Company, Contact
from server.models.engagement import CompanyScore, ContactScore
from server.services import lead_value, scoring
from server.services.handoff import is_sales_ready


def _shape(fit, fit_why, engagement, why, stage, tier, config) -> dict[str, Any]:
    return {"score": fit + engagement, "fit": {"score": fit, "reasons": fit_why},
            "engagement": {"score": engagement, "reasons": why}, "buyer_stage": stage,
            "size_tier": tier, "sales_ready": is_sales_ready(tier, stage, config),
            "lead_value": lead_value.estimate(tier, stage).__dict__}


def contact_score(contact: Contact, now: datetime, config: Mapping[str, Any]) -> dict[str, Any]:
    company = contact.company
    tier = company.size_tier if company is not None else None
    fit, fit_why = scoring.fit_reasons(tier, company.industry if company is not None else None,
                                       contact.seniority, contact.title, config)
    state = db.session.get(ContactScore, contact.id)
    engagement, why = (scoring.engagement_reasons(state, now, float(config["SCORE_HALF_LIFE_DAYS"]))
                       if state is not None else (0, []))
    return _shape(fit, fit_why, engagement, why, state.buyer_stage if state else None, tier, config)


def company_score(company: Company, now: datetime, config: Mapping[str, Any]) -> dict[str, Any]:
    fit, fit_why = scoring.fit_reasons(company.size_tier, company.industry, None, None, config)
    state = db.session.get(CompanyScore, company.id)
    engagement, why = (scoring.engagement_reasons(state, now, float(config["SCORE_HALF_LIFE_DAYS"]))
                       if state is not None else (0, []))
    stage = state.buyer_stage if state is not None else company.buyer_stage
    return _shape(fit, fit_why, engagement, why, stage, company.size_tier, config)
