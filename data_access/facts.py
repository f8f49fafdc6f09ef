"""The query layer: monthly department facts (counts and sums) computed by the database.

Every figure of the spec is derived from these facts in `metrics/`. Raw share
and lead rows never leave the database; only grouped aggregates do.

`department_month_facts` reads the employee_month rollup (data_access.rollups)
joined to employees, so a month costs one pass over the staff instead of one
over millions of share rows. `department_month_facts_raw` computes the same
facts from the raw rows; it is kept as the reference the rollup is tested
against and as the naive side of the benchmark.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from sqlalchemy import Engine, and_, case, exists, func, or_, select, union

from .models import (Department, Employee, EmployeeMonth, Lead, PulseResponse, Share, Story,
                     Training)
from .months import bounds, first_day, last_day


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
    pulse_responses: int = 0
    promoters: int = 0
    detractors: int = 0

    def __add__(self, other: "MonthFacts") -> "MonthFacts":
        return MonthFacts(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                             for f in fields(self)})


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def in_headcount(month: str):
    """Employees counted in a month's headcount (spec: hired by its end, not left before it)."""
    return and_(Employee.hired_on <= last_day(month),
                or_(Employee.left_on.is_(None), Employee.left_on >= first_day(month)))


def active_employee_ids(month: str):
    """Employees with at least one share, story or lead created in the month."""
    start, end = bounds(month)
    return union(
        select(Share.employee_id).where(Share.shared_at >= start, Share.shared_at < end),
        select(Story.employee_id).where(Story.collected_on >= first_day(month),
                                        Story.collected_on <= last_day(month)),
        select(Lead.employee_id).where(Lead.created_at >= start, Lead.created_at < end),
    ).subquery("active")


PEOPLE_FACTS = ("headcount", "participants", "trained", "activated")
ROLLUP_FACTS = ("shares", "reach", "clicks", "leads", "won", "revenue", "stories")
PULSE_FACTS = ("pulse_responses", "promoters", "detractors")


def _pulse(month: str):
    return (select(PulseResponse.department_id, func.count(), _count_if(PulseResponse.score >= 9),
                   _count_if(PulseResponse.score <= 6))
            .where(PulseResponse.answered_on >= first_day(month),
                   PulseResponse.answered_on <= last_day(month))
            .group_by(PulseResponse.department_id))


def _run(engine: Engine, queries) -> dict[str, MonthFacts]:
    """Every department as zeros, filled from (query -> (department_id, *values), names)."""
    with engine.connect() as conn:
        facts = {d: MonthFacts() for d in conn.scalars(select(Department.department_id))}
        for query, names in queries:
            for dep_id, *values in conn.execute(query):
                f = facts.setdefault(dep_id, MonthFacts())
                for name, value in zip(names, values):
                    setattr(f, name, Decimal(value) if name == "revenue" else int(value))
    return facts


def department_month_facts(engine: Engine, month: str) -> dict[str, MonthFacts]:
    """Facts per department id for one month; every department appears, idle ones as zeros.

    One pass over employees, each joined to their employee_month row of the month (a
    primary-key lookup): the event facts are summed over every employee of the department,
    the people facts over those in the month's headcount.
    """
    month_end = last_day(month)
    em = EmployeeMonth
    counted = in_headcount(month)
    active = (em.shares + em.leads + em.stories) > 0     # NULL (no row) is not active
    trained = exists().where(Training.employee_id == Employee.employee_id,
                             Training.attended_on <= month_end)
    query = (
        select(Employee.department_id,
               _count_if(counted), _count_if(and_(counted, active)),
               _count_if(and_(counted, trained)),
               _count_if(and_(counted, Employee.tools_activated_on <= month_end)),
               *(func.coalesce(func.sum(getattr(em, n)), 0) for n in ROLLUP_FACTS))
        .select_from(Employee)
        .outerjoin(em, and_(em.employee_id == Employee.employee_id, em.month == month))
        .group_by(Employee.department_id))
    return _run(engine, [(query, PEOPLE_FACTS + ROLLUP_FACTS), (_pulse(month), PULSE_FACTS)])


def department_month_facts_raw(engine: Engine, month: str) -> dict[str, MonthFacts]:
    """`department_month_facts` computed from the raw share, lead and story rows."""
    start, end = bounds(month)
    month_end = last_day(month)
    active = active_employee_ids(month)
    trained = (select(Training.employee_id).where(Training.attended_on <= month_end)
               .group_by(Training.employee_id).subquery("trained"))
    dept = Employee.department_id

    people = (
        select(dept, func.count(), func.count(active.c.employee_id),
               func.count(trained.c.employee_id),
               _count_if(Employee.tools_activated_on <= month_end))
        .select_from(Employee)
        .outerjoin(active, active.c.employee_id == Employee.employee_id)
        .outerjoin(trained, trained.c.employee_id == Employee.employee_id)
        .where(in_headcount(month)).group_by(dept))
    shares = (
        select(dept, func.count(), func.coalesce(func.sum(Share.reach), 0),
               func.coalesce(func.sum(Share.clicks), 0))
        .select_from(Share).join(Employee, Employee.employee_id == Share.employee_id)
        .where(Share.shared_at >= start, Share.shared_at < end).group_by(dept))
    leads = (
        select(dept, func.count(), _count_if(Lead.status == "won"))
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
        .where(Story.collected_on >= first_day(month), Story.collected_on <= month_end)
        .group_by(dept))
    return _run(engine, [(people, ("headcount", "participants", "trained", "activated")),
                         (shares, ("shares", "reach", "clicks")), (leads, ("leads", "won")),
                         (revenue, ("revenue",)), (stories, ("stories",)),
                         (_pulse(month), PULSE_FACTS)])


def company_facts(per_department: dict[str, MonthFacts]) -> MonthFacts:
    """The company's facts: sums over departments (rates are recomputed from them, never averaged)."""
    total = MonthFacts()
    for f in per_department.values():
        total = total + f
    return total
