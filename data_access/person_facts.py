"""Per-person monthly figures for incentives and recognition (metrics/incentives.py).

One row per employee and month, read from the employee_month rollup
(data_access.rollups) joined to employees: the database groups by employee, no raw
share or lead row is read. Definitions are the spec's, per person: shares / reach /
clicks by `shared_at`, leads and won by `created_at`, revenue = deal_amount of won
leads with `closed_at` in the month, stories by `collected_on`; so the rows of a month
add up to the department facts (data_access.facts) of that month.

These rows carry names, so every function takes a `Scope` and filters with it in SQL.
A person appears in a month when they have any figure in it (a rollup row), including
someone who left but whose deal closed that month. `participated` is the spec's test:
counted in the month's headcount with at least one share, lead or story.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, Engine, and_, case, cast, func, literal, or_, select

from .facts import in_headcount
from .models import Employee, EmployeeMonth
from .scope import Scope

FIGURES = ("shares", "reach", "clicks", "leads", "won", "revenue", "stories")
FIGURE_PLACES = {"revenue": 2}   # money is kept to the cent; every other figure is a count


def exact_score(weights: dict[str, Decimal]):
    """sum of weight x figure as an integer expression, scaled by a power of ten so that
    both databases compare equal scores as equal (as floats, reach 3,123 + 1 lead + 1 story
    and reach 8,123 + 1 story need not both come to 18.123)."""
    places = {f: max(0, -w.as_tuple().exponent) + FIGURE_PLACES.get(f, 0)
              for f, w in weights.items()}
    scale = max(places.values(), default=0)
    terms = []
    for f, w in weights.items():
        figure = getattr(EmployeeMonth, f)
        if FIGURE_PLACES.get(f):
            figure = func.round(figure * 10 ** FIGURE_PLACES[f])
        factor = int(w.scaleb(scale - FIGURE_PLACES.get(f, 0)))
        terms.append(cast(figure, BigInteger) * factor)
    return sum(terms, literal(0))


def _query(months: list[str], scope: Scope):
    em = EmployeeMonth
    counted = case(*((and_(em.month == m, in_headcount(m)), literal(1)) for m in months),
                   else_=literal(0))
    return (select(em.month, Employee.employee_id, Employee.name, Employee.department_id,
                   Employee.position, Employee.left_on, counted,
                   *(getattr(em, f) for f in FIGURES))
            .select_from(em).join(Employee, Employee.employee_id == em.employee_id)
            .where(em.month.in_(months), scope.filter(Employee.department_id))
            .order_by(em.month, Employee.employee_id))


def _row(r) -> dict:
    month, eid, name, dep, position, left_on, counted, *values = r
    row = {"month": month, "employee_id": eid, "name": name, "department_id": dep,
           "position": position, "left_on": left_on, "in_headcount": bool(counted)}
    for key, value in zip(FIGURES, values):
        row[key] = Decimal(str(value or 0)).quantize(Decimal("0.01")) if key == "revenue" \
            else int(value or 0)
    row["participated"] = row["in_headcount"] and (row["shares"] + row["leads"]
                                                   + row["stories"]) > 0
    return row


def employee_figures(engine: Engine, months: list[str], scope: Scope) -> dict[str, list[dict]]:
    """{month: rows} for these months, each row one employee with figures in that month
    (see the module doc), ordered by employee id; [] for a month without any."""
    out: dict[str, list[dict]] = {m: [] for m in months}
    if not months or (scope.department_ids is not None and not scope.department_ids):
        return out
    with engine.connect() as conn:
        for r in conn.execute(_query(list(months), scope)):
            out[r[0]].append(_row(r))
    return out


def employee_month_figures(engine: Engine, month: str, scope: Scope) -> list[dict]:
    """One month's rows: employee_id, name, department_id, position, left_on, in_headcount,
    participated and the figures (revenue as Decimal), limited to `scope`."""
    return employee_figures(engine, [month], scope)[month]


def star_ids(engine: Engine, months: list[str], weights: dict[str, Decimal]
             ) -> dict[str, dict[str | None, str]]:
    """The marketing stars of each month, ranked by the database: {month: {department_id:
    employee_id, None: the company's star}}.

    Among the month's participants (in the headcount, with a share, lead or story) whose
    score = sum of weight x figure is above 0; the highest score wins, ties go to the higher
    reach, then the smaller employee id. People-level, but ids only and the whole company:
    callers (metrics.incentives) keep what leaves them inside the user's Scope."""
    out: dict[str, dict[str | None, str]] = {m: {} for m in months}
    if not months or not weights:
        return out
    em = EmployeeMonth
    score = exact_score(weights)
    counted = or_(*(and_(em.month == m, in_headcount(m)) for m in months))
    base = (select(em.month.label("month"), Employee.department_id.label("dep"),
                   em.employee_id.label("eid"), score.label("score"), em.reach.label("reach"))
            .select_from(em).join(Employee, Employee.employee_id == em.employee_id)
            .where(em.month.in_(months), counted, (em.shares + em.leads + em.stories) > 0,
                   score > 0).subquery("base"))
    order = (base.c.score.desc(), base.c.reach.desc(), base.c.eid)
    ranked = (select(base.c.month, base.c.dep, base.c.eid,
                     func.row_number().over(partition_by=(base.c.month, base.c.dep),
                                            order_by=order).label("in_department"),
                     func.row_number().over(partition_by=base.c.month,
                                            order_by=order).label("in_company"))
              .subquery("ranked"))
    query = select(ranked).where(or_(ranked.c.in_department == 1, ranked.c.in_company == 1))
    with engine.connect() as conn:
        for month, dep, eid, in_department, in_company in conn.execute(query):
            if in_department == 1:
                out[month][dep] = eid
            if in_company == 1:
                out[month][None] = eid
    return out
