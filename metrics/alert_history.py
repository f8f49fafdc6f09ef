"""How many months in a row each alert has fired, ending with the month shown.

An alert is "the same alert" from month to month when its type, department (""
for a company-level alert) and metric are the same: the metric tells apart the
patterns one type can hold (a target missed on reach and one on leads, say).
Earlier months are judged by `metrics.review.alerts_of_month` — the very rules,
settings and phase of each month that its own monthly review uses — so a streak
counts months whose review listed the alert.

Counting stops at the first month holding tracking data: before it, zero
participation means "not tracked yet", not "did not take part".
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from data_access.months import previous

from .alerts import Alert
from .review import MonthReview, alerts_of_month
from .settings import Settings

AlertKey = tuple[str, str, str]   # (type, department_id, metric)


def key(alert: Alert) -> AlertKey:
    return alert.type, alert.department_id, alert.metric


@dataclass(frozen=True)
class AlertStreak:
    alert: Alert
    months: int          # months in a row the alert fired, this month included
    since: str           # the first month of the run


def alert_streaks(engine: Engine, review: MonthReview, settings: Settings,
                  first_month: str | None, today: dt.date | None = None,
                  limit: int = 36) -> list[AlertStreak]:
    """Each alert of `review`, in its order, with the length of its run of months."""
    count = {key(a): 1 for a in review.alerts}
    since = {k: review.month for k in count}
    running, month = set(count), previous(review.month)
    while running and first_month is not None and month >= first_month and limit > 0:
        running &= {key(a) for a in alerts_of_month(engine, month, settings, today)}
        for k in running:
            count[k] += 1
            since[k] = month
        month, limit = previous(month), limit - 1
    return [AlertStreak(a, count[key(a)], since[key(a)]) for a in review.alerts]
