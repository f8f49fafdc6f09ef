"""The query layer: monthly department facts (counts and sums) computed by the database.

Every figure of the spec is derived from these facts in `metrics/`. Raw share
and lead rows never leave the database; only grouped aggregates do.

`department_month_facts` (and `department_months_facts`, several months at once)
reads the department_month rollup (data_access.rollups) for the event facts, so a
month costs one row per department instead of a pass over millions of share rows.
`department_month_facts_raw` computes the same facts from the raw rows; it is kept
as the reference the rollup is tested against and as the naive side of the benchmark.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, fields
from decimal import Decimal

from sqlalchemy import (Date, Engine, String, and_, case, func, literal, or_, select, union,
                        union_all)

from .models import (Department, DepartmentMonth, Employee, Lead, PulseResponse, Share, Story,
                     Training)
from .months import bounds, first_day, last_day
from .rollups import FACT_COLUMNS
from .sql_functions import count_if, month_key


@dataclass
class MonthFacts:
    """Additive facts of one scope and month: sums of these are the company's facts."""
    headcount: int = 0
    participants: int = 0
    trained: int = 0
    activated: int = 0
    shares: int = 0
    reach: int = 0
    clicks: int = 0
    leads: int = 0
    won: int = 0
    revenue: Decimal = Decimal(0)
    stories: int = 0
    ctr_reach: int = 0        # reach of the shares whose clicks are known (ctr's denominator)
    pulse_responses: int = 0
    promoters: int = 0
    detractors: int = 0

    def __add__(self, other: "MonthFacts") -> "MonthFacts":
        return MonthFacts(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                             for f in fields(self)})


def in_headcount(month: str):
    """Employees counted in a month's headcount (spec: hired by its end, not left before it)."""
    return _in_headcount_between(first_day(month), last_day(month))


def _in_headcount_between(first, last):
    """`in_headcount` for a month given by its first and last day (values or columns)."""
    return and_(Employee.hired_on <= last,
                or_(Employee.left_on.is_(None), Employee.left_on >= first))


def _window(month: str, through: dt.date | None):
    """[start, end) timestamps and the last day of the month's first days up to `through`
    (the whole month when None)."""
    start, end = bounds(month)
    last = last_day(month)
    if through is not None and through < last:
        last = through
        end = dt.datetime.combine(through + dt.timedelta(days=1), dt.time())
    return start, end, last


def active_employee_ids(month: str, through: dt.date | None = None):
    """Employees with at least one share, story or lead created in the month (up to
    `through`)."""
    start, end, last = _window(month, through)
    return union(
        select(Share.employee_id).where(Share.shared_at >= start, Share.shared_at < end),
        select(Story.employee_id).where(Story.collected_on >= first_day(month),
                                        Story.collected_on <= last),
        select(Lead.employee_id).where(Lead.created_at >= start, Lead.created_at < end),
    ).subquery("active")


EVENT_FACTS = ("participants",) + FACT_COLUMNS     # the department_month rollup's facts
PULSE_FACTS = ("pulse_responses", "promoters", "detractors")


def _pulse_counts():
    """The PULSE_FACTS aggregates: answers, promoters (9-10), detractors (0-6)."""
    return (func.count(), count_if(PulseResponse.score >= 9), count_if(PulseResponse.score <= 6))


def _pulse(month: str, last: dt.date | None = None):
    return (select(PulseResponse.department_id, *_pulse_counts())
            .where(PulseResponse.answered_on >= first_day(month),
                   PulseResponse.answered_on <= (last or last_day(month)))
            .group_by(PulseResponse.department_id))


def _fill(f: MonthFacts, names, values) -> None:
    for name, value in zip(names, values):
        setattr(f, name, Decimal(value) if name == "revenue" else int(value))


def _run(engine: Engine, queries) -> dict[str, MonthFacts]:
    """Every department as zeros, filled from (query -> (department_id, *values), names)."""
    with engine.connect() as conn:
        facts = {d: MonthFacts() for d in conn.scalars(select(Department.department_id))}
        for query, names in queries:
            for dep_id, *values in conn.execute(query):
                _fill(facts.setdefault(dep_id, MonthFacts()), names, values)
    return facts


def department_month_facts(engine: Engine, month: str) -> dict[str, MonthFacts]:
    """Facts per department id for one month; every department appears, idle ones as zeros.

    The event facts and participants: the month's department_month rows. The people
    facts: one pass over the employees in the month's headcount.
    """
    month_end = last_day(month)
    # IN over the trainings (one set per query) rather than EXISTS per employee
    trained = Employee.employee_id.in_(select(Training.employee_id)
                                       .where(Training.attended_on <= month_end))
    people = (
        select(Employee.department_id, func.count(), count_if(trained),
               count_if(Employee.tools_activated_on <= month_end))
        .where(in_headcount(month))
        .group_by(Employee.department_id))
    dm = DepartmentMonth
    events = (select(dm.department_id, *(getattr(dm, n) for n in EVENT_FACTS))
              .where(dm.month == month))
    return _run(engine, [(people, ("headcount", "trained", "activated")),
                         (events, EVENT_FACTS), (_pulse(month), PULSE_FACTS)])


def _months_table(months: list[str]):
    """The months as rows (month, first_day, last_day), to join on."""
    rows = [select(literal(m, String(7)).label("month"),
                   literal(first_day(m), Date).label("first_day"),
                   literal(last_day(m), Date).label("last_day")) for m in months]
    return (rows[0] if len(rows) == 1 else union_all(*rows)).subquery("months")


def department_months_facts(engine: Engine, months: list[str]
                            ) -> dict[str, dict[str, MonthFacts]]:
    """`department_month_facts` of each month, {month: {department_id: facts}}, with one
    query per kind of fact whatever the number of months (a trend asks for twelve): the
    event facts and participants as there, the people facts from `_people_facts`.
    """
    months = sorted(set(months))
    if not months:
        return {}
    mt = _months_table(months)
    dm = DepartmentMonth
    events = (select(dm.month, dm.department_id, *(getattr(dm, n) for n in EVENT_FACTS))
              .where(dm.month.in_(months)))
    pulse = (
        select(mt.c.month, PulseResponse.department_id, *_pulse_counts())
        .select_from(mt)
        .join(PulseResponse, and_(PulseResponse.answered_on >= mt.c.first_day,
                                  PulseResponse.answered_on <= mt.c.last_day))
        .group_by(mt.c.month, PulseResponse.department_id))
    with engine.connect() as conn:
        departments = list(conn.scalars(select(Department.department_id)))
        out = {m: {d: MonthFacts() for d in departments} for m in months}
        _people_facts(conn, months, out)
        for query, names in ((events, EVENT_FACTS), (pulse, PULSE_FACTS)):
            for month, dep_id, *values in conn.execute(query):
                _fill(out[month].setdefault(dep_id, MonthFacts()), names, values)
    return out


def _people_facts(conn, months: list[str], out: dict[str, dict[str, MonthFacts]]) -> None:
    """Headcount, trained and activated of the (sorted) months into `out`.

    One read of the staff (months of hiring, leaving, activation and first training)
    instead of a pass per month: an employee counts in the months from their hiring -
    their activation, their first training - to their leaving, which is a run of the
    months; the runs are added up per department with difference arrays. A date is on or
    before a month's last day exactly when its month is not later, and on or after the
    first day exactly when its month is not earlier, so this is `in_headcount` and the
    trained and activated tests of the spec.
    """
    first_training = (select(Training.employee_id, func.min(Training.attended_on).label("day"))
                      .group_by(Training.employee_id).subquery("first_training"))
    keys = (Employee.department_id, month_key(Employee.hired_on), month_key(Employee.left_on),
            month_key(first_training.c.day), month_key(Employee.tools_activated_on))
    # employees alike in all five (most of a department hired in the same month) come as one
    staff = (select(*keys, func.count())
             .outerjoin(first_training, first_training.c.employee_id == Employee.employee_id)
             .group_by(*keys))
    n = len(months)
    steps: dict[str, list[list[int]]] = {}   # department -> per fact, changes at each month
    for dep_id, hired, left, trained, activated, alike in conn.execute(staff).all():
        if hired is None:
            continue
        end = n if left is None else bisect_right(months, left)
        runs = steps.get(dep_id) or steps.setdefault(dep_id, [[0] * (n + 1) for _ in range(3)])
        for changes, since in zip(runs, (hired, trained, activated)):
            if since is not None:
                start = bisect_left(months, max(hired, since))
                if start < end:
                    changes[start] += alike
                    changes[end] -= alike
    for dep_id, runs in steps.items():
        for name, changes in zip(("headcount", "trained", "activated"), runs):
            count = 0
            for month, change in zip(months, changes):
                count += change
                setattr(out[month].setdefault(dep_id, MonthFacts()), name, count)


def department_month_facts_raw(engine: Engine, month: str,
                               through: dt.date | None = None) -> dict[str, MonthFacts]:
    """`department_month_facts` computed from the raw share, lead and story rows.

    With `through`, the events (and pulse answers) of the month's first days only, up to
    that day: the same days of a month, to compare a month in progress with. The people
    facts (headcount, trained, activated) stay the month's."""
    start, end, events_end = _window(month, through)
    month_end = last_day(month)
    active = active_employee_ids(month, through)
    trained = (select(Training.employee_id).where(Training.attended_on <= month_end)
               .group_by(Training.employee_id).subquery("trained"))
    dept = Employee.department_id

    people = (
        select(dept, func.count(), func.count(active.c.employee_id),
               func.count(trained.c.employee_id),
               count_if(Employee.tools_activated_on <= month_end))
        .select_from(Employee)
        .outerjoin(active, active.c.employee_id == Employee.employee_id)
        .outerjoin(trained, trained.c.employee_id == Employee.employee_id)
        .where(in_headcount(month)).group_by(dept))
    shares = (
        select(dept, func.count(), func.coalesce(func.sum(Share.reach), 0),
               func.coalesce(func.sum(Share.clicks), 0),
               func.coalesce(func.sum(case((Share.clicks.is_not(None), Share.reach),
                                           else_=0)), 0))
        .select_from(Share).join(Employee, Employee.employee_id == Share.employee_id)
        .where(Share.shared_at >= start, Share.shared_at < end).group_by(dept))
    leads = (
        select(dept, func.count(), count_if(Lead.status == "won"))
        .select_from(Lead).join(Employee, Employee.employee_id == Lead.employee_id)
        .where(Lead.created_at >= start, Lead.created_at < end).group_by(dept))
    revenue = (
        select(dept, func.coalesce(func.sum(Lead.deal_amount), 0))
        .select_from(Lead).join(Employee, Employee.employee_id == Lead.employee_id)
        .where(Lead.status == "won", Lead.closed_at >= start, Lead.closed_at < end)
        .group_by(dept))
    stories = (
        select(dept, func.count())
        .select_from(Story).join(Employee, Employee.employee_id == Story.employee_id)
        .where(Story.collected_on >= first_day(month), Story.collected_on <= events_end)
        .group_by(dept))
    return _run(engine, [(people, ("headcount", "participants", "trained", "activated")),
                         (shares, ("shares", "reach", "clicks", "ctr_reach")), (leads, ("leads", "won")),
                         (revenue, ("revenue",)), (stories, ("stories",)),
                         (_pulse(month, events_end), PULSE_FACTS)])


def company_facts(per_department: dict[str, MonthFacts]) -> MonthFacts:
    """The company's facts: sums over departments (rates are recomputed from them, never averaged)."""
    total = MonthFacts()
    for f in per_department.values():
        total = total + f
    return total
