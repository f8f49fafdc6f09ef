"""Department facts week by week (weeks start on Monday), for the pilot watch."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import Engine, func, select

from .models import Employee, Lead, Share, Story
from .sql_functions import week_start

WEEKLY_FIELDS = ("shares", "reach", "clicks", "leads", "stories", "sharers")


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def department_weekly_facts(engine: Engine, start: dt.date, end: dt.date,
                            department_ids: list[str] | None = None
                            ) -> dict[tuple[str, dt.date], dict[str, int]]:
    """{(department_id, week Monday): {shares, reach, clicks, leads, stories, sharers}} for
    events from `start` to `end` inclusive; department aggregates, so no people scope."""
    t0 = dt.datetime.combine(start, dt.time())
    t1 = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    dept = Employee.department_id
    keep = dept.in_(department_ids) if department_ids is not None else True
    share_week, lead_week, story_week = (week_start(Share.shared_at), week_start(Lead.created_at),
                                         week_start(Story.collected_on))
    queries = {
        ("shares", "reach", "clicks", "sharers"): select(
            dept, share_week, func.count(), func.coalesce(func.sum(Share.reach), 0),
            func.coalesce(func.sum(Share.clicks), 0), func.count(Share.employee_id.distinct()))
        .select_from(Share).join(Employee, Employee.employee_id == Share.employee_id)
        .where(Share.shared_at >= t0, Share.shared_at < t1, keep).group_by(dept, share_week),
        ("leads",): select(dept, lead_week, func.count())
        .select_from(Lead).join(Employee, Employee.employee_id == Lead.employee_id)
        .where(Lead.created_at >= t0, Lead.created_at < t1, keep).group_by(dept, lead_week),
        ("stories",): select(dept, story_week, func.count())
        .select_from(Story).join(Employee, Employee.employee_id == Story.employee_id)
        .where(Story.collected_on >= start, Story.collected_on <= end, keep)
        .group_by(dept, story_week),
    }
    out: dict[tuple[str, dt.date], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(WEEKLY_FIELDS, 0))
    with engine.connect() as conn:
        for names, query in queries.items():
            for dep_id, week, *values in conn.execute(query):
                row = out[(dep_id, _as_date(week))]
                for name, value in zip(names, values):
                    row[name] = int(value)
    return dict(out)
