"""Small reference tables (departments, phases, targets) and the span of data held."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from .facts import in_headcount
from .models import Department, Employee, Lead, Phase, Share, Story, Target, Training
from .months import last_day, month_of, next_first_day


@dataclass(frozen=True)
class DepartmentRow:
    department_id: str
    name: str
    in_pilot: bool


@dataclass(frozen=True)
class PhaseRow:
    phase: str
    start_date: dt.date
    end_date: dt.date


def departments(engine: Engine) -> list[DepartmentRow]:
    with engine.connect() as conn:
        rows = conn.execute(select(Department.department_id, Department.name, Department.in_pilot)
                            .order_by(Department.department_id))
        return [DepartmentRow(r[0], r[1], bool(r[2])) for r in rows]


def phases(engine: Engine) -> list[PhaseRow]:
    with engine.connect() as conn:
        rows = conn.execute(select(Phase.phase, Phase.start_date, Phase.end_date)
                            .order_by(Phase.start_date))
        return [PhaseRow(*r) for r in rows]


def targets(engine: Engine, months: list[str]) -> dict[tuple[str, str | None, str], float]:
    """{(month, department_id or None for company-wide, metric): target} for these months."""
    with engine.connect() as conn:
        rows = conn.execute(select(Target.month, Target.department_id, Target.metric, Target.target)
                            .where(Target.month.in_(months)))
        return {(m, d, k): float(t) for m, d, k, t in rows}


def _day(value) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def data_span(engine: Engine) -> tuple[str, str] | None:
    """First and last month holding a share, lead or story; None without activity."""
    days: list[dt.date] = []
    with engine.connect() as conn:
        for col in (Share.shared_at, Lead.created_at, Story.collected_on):
            # min and max as two subqueries: SQLite answers a lone min() or max() from the
            # index, but scans the whole table for min() and max() in one SELECT
            bounds = select(select(func.min(col)).scalar_subquery(),
                            select(func.max(col)).scalar_subquery())
            days += [_day(v) for v in conn.execute(bounds).one() if v is not None]
    return (month_of(min(days)), month_of(max(days))) if days else None


def data_months(engine: Engine) -> list[str]:
    """The months holding a share, lead or story (data_span's columns), oldest first - only
    those: a stray date years away adds its own month, not every month in between. Each is
    found from the indexes as the first after the month before: one lookup per month."""
    columns = (Share.shared_at, Lead.created_at, Story.collected_on)
    months: list[str] = []
    with engine.connect() as conn:
        while True:
            after = next_first_day(months[-1]) if months else None
            firsts = conn.execute(select(*(
                select(func.min(c)).where(*(() if after is None else (
                    c >= (after if c is Story.collected_on else dt.datetime.combine(after, dt.time())),
                ))).scalar_subquery() for c in columns))).one()
            found = [month_of(_day(v)) for v in firsts if v is not None]
            if not found:
                return months
            months.append(min(found))


def best_session(engine: Engine, month: str) -> tuple[str | None, int]:
    """(session, attendees in m's headcount by its last day) of the best-attended session."""
    query = (select(Training.session, func.count(Training.employee_id.distinct()))
             .join(Employee, Employee.employee_id == Training.employee_id)
             .where(in_headcount(month), Training.attended_on <= last_day(month))
             .group_by(Training.session)
             .order_by(func.count(Training.employee_id.distinct()).desc(), Training.session)
             .limit(1))
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return (row[0], int(row[1])) if row else (None, 0)
