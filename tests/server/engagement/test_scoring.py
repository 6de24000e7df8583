"""Pure scoring rules: the kept contributions are the largest ones, whatever the arrival order."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from server.services import scoring

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def _row():
    return SimpleNamespace(engagement=0.0, engagement_at=None, contributions=[])


@pytest.mark.parametrize("seed", range(5))
def test_kept_contributions_are_the_largest_decayed_ones_largest_first(seed):
    rng, row, folded = random.Random(seed), _row(), []
    for _ in range(40):
        at = NOW - timedelta(days=rng.uniform(0, 400))
        points = rng.choice([2, 3, 6, 12, 18, 25, 40])
        scoring.add_contribution(row, "x", points, at, 14.0)
        folded.append((points, at))
    reference = row.engagement_at
    expected = sorted((scoring.decayed(w, at, reference, 14.0) for w, at in folded), reverse=True)
    kept = [scoring.decayed(e["w"], datetime.fromisoformat(e["at"]), reference, 14.0)
            for e in row.contributions]
    assert kept == pytest.approx(expected[:scoring.KEEP_CONTRIBUTIONS])


def test_weights_setting_overrides_defaults_and_is_not_shared_between_callers():
    table = scoring.weights({"SCORE_WEIGHTS": "email_open=0, pricing_visit=30"})
    assert (table["email_open"], table["pricing_visit"], table["email_reply"]) == (0.0, 30.0, 25)
    table["email_reply"] = 99
    assert scoring.weights({"SCORE_WEIGHTS": "email_open=0, pricing_visit=30"})["email_reply"] == 25
