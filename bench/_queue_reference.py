"""The same queue as one hand-written SQL statement: the floor the service is compared with.

Same rules as server/services/queue*.py with default settings: untouched SQLs (new inside the
SLA, then overdue), untouched demo/trial requests, hot leads by fit + decayed engagement
(top 25); one item per contact; do-not-contact, unsubscribed, tier attempt caps, touched today
and snoozed contacts excluded.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text

SQL = """
WITH mine AS ({mine}),
candidates AS (
    SELECT c.id AS contact_id,
           CASE WHEN c.sql_at > :sla_cut THEN 10 ELSE 20 END AS priority,
           CASE WHEN c.sql_at > :sla_cut THEN 'new_sql' ELSE 'overdue_sql' END AS kind,
           {epoch_sql_at} AS sort1, 0.0 AS score
    FROM contacts c
    WHERE c.owner_id = :rep AND c.lifecycle_stage = 'sql' AND c.sql_at IS NOT NULL
      AND c.sql_at <= :as_of
      AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = c.id
                      AND a.type IN ('call', 'voicemail', 'email', 'connect')
                      AND a.occurred_at >= c.sql_at)
    UNION ALL
    SELECT s.contact_id, 30, 'high_priority', {epoch_hp}, 0.0
    FROM contact_scores s
    WHERE s.contact_id IN (SELECT id FROM mine) AND s.high_priority_at IS NOT NULL
      AND s.high_priority_at <= :as_of
      AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = s.contact_id
                      AND a.type IN ('call', 'voicemail', 'email', 'connect')
                      AND a.occurred_at >= s.high_priority_at)
    UNION ALL
    SELECT s.contact_id, 50, 'hot_lead', 0.0,
           (CASE co.size_tier WHEN 'enterprise' THEN 10 WHEN 'mid' THEN 7 WHEN 'small' THEN 4 ELSE 0 END
            + CASE WHEN lower(co.industry) IN ('software', 'it services') THEN 5 ELSE 0 END
            + CASE c.seniority WHEN 'owner' THEN 15 WHEN 'founder' THEN 15 WHEN 'c_level' THEN 15
                   WHEN 'partner' THEN 12 WHEN 'vp' THEN 12 WHEN 'director' THEN 10
                   WHEN 'manager' THEN 6 WHEN 'senior' THEN 3 ELSE 0 END
            + s.engagement * power(0.5, {age_days} / :half_life))
    FROM contact_scores s JOIN contacts c ON c.id = s.contact_id
    LEFT JOIN companies co ON co.id = c.company_id
    WHERE s.contact_id IN (SELECT id FROM mine) AND s.hot_at >= :hot_since AND s.hot_at <= :as_of
      AND c.lifecycle_stage <> 'customer'
),
facts AS (
    SELECT a.contact_id,
           SUM(CASE WHEN a.occurred_at >= COALESCE(c.sql_at, :window) THEN 1 ELSE 0 END) AS attempts,
           MAX(a.occurred_at) AS last_touch
    FROM activities a JOIN contacts c ON c.id = a.contact_id
    WHERE a.contact_id IN (SELECT contact_id FROM candidates)
      AND a.type IN ('call', 'voicemail', 'email', 'connect') AND a.occurred_at <= :as_of
    GROUP BY a.contact_id
),
kept AS (
    SELECT k.*, ROW_NUMBER() OVER (PARTITION BY k.contact_id ORDER BY k.priority) AS nth
    FROM candidates k
    JOIN contacts c ON c.id = k.contact_id
    LEFT JOIN companies co ON co.id = c.company_id
    LEFT JOIN contact_scores s ON s.contact_id = k.contact_id
    LEFT JOIN facts f ON f.contact_id = k.contact_id
    WHERE c.do_not_contact = :false AND s.unsubscribed_at IS NULL
      AND COALESCE(f.attempts, 0) < CASE co.size_tier WHEN 'mid' THEN 8 WHEN 'enterprise' THEN 12 ELSE 5 END
      AND (f.last_touch IS NULL OR f.last_touch < :day_start)
      AND k.contact_id NOT IN (SELECT contact_id FROM queue_snoozes
                               WHERE user_id = :rep AND until > :as_of AND contact_id IS NOT NULL)
),
ranked AS (
    SELECT kept.*, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY score DESC, contact_id) AS in_kind
    FROM kept WHERE nth = 1
)
SELECT kind, contact_id FROM ranked
WHERE kind <> 'hot_lead' OR in_kind <= 25
ORDER BY priority, CASE WHEN kind = 'hot_lead' THEN -score ELSE sort1 END, contact_id
"""

DIALECT = {
    "postgresql": {"mine": "SELECT id FROM contacts WHERE owner_id = :rep OR company_id = "
                           "ANY(ARRAY(SELECT id FROM companies WHERE owner_id = :rep))",
                   "epoch_sql_at": "extract(epoch from c.sql_at)",
                   "epoch_hp": "extract(epoch from s.high_priority_at)",
                   "age_days": "(extract(epoch from (CAST(:as_of AS timestamptz) - s.engagement_at)) / 86400.0)"},
    "sqlite": {"mine": "SELECT id FROM contacts WHERE owner_id = :rep UNION SELECT c.id FROM contacts c "
                       "JOIN companies co ON co.id = c.company_id WHERE co.owner_id = :rep",
               "epoch_sql_at": "julianday(c.sql_at)", "epoch_hp": "julianday(s.high_priority_at)",
               "age_days": "(julianday(:as_of) - julianday(s.engagement_at))"},
}


def reference_queue(session, dialect: str, rep_id: int, as_of: datetime, day_start: datetime,
                    half_life: float = 14.0):
    """[(kind, contact_id)] for one rep, in queue order."""
    sql = SQL.format(**DIALECT[dialect])

    def when(value: datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f") if dialect == "sqlite" else value

    params = {"rep": rep_id, "as_of": when(as_of), "sla_cut": when(as_of - timedelta(hours=1)),
              "hot_since": when(as_of - timedelta(hours=72)), "window": when(as_of - timedelta(days=30)),
              "day_start": when(day_start), "half_life": half_life, "false": False}
    return [tuple(row) for row in session.execute(text(sql), params).all()]
