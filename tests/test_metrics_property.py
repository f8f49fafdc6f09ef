"""Random small companies: the SQL figures equal a plain-Python reading of the spec."""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete

from data_access import rollups
from data_access.models import (Department, DepartmentMonth, Employee, EmployeeMonth, Lead,
                                PulseResponse, Share, Story, Training)
from metrics.figures import METRICS
from metrics.review import monthly_review
from tests.reference_metrics import reference_figures

MONTHS = ("2026-02", "2026-03", "2026-04")
BASE = dt.date(2026, 2, 1)
DEPARTMENTS = ("d1", "d2", "d3")

# Any day from late 2025 to May 2026, with the first and last days of months drawn often
# because that is where off-by-one mistakes live.
EDGES = [dt.date(2026, m, 1) for m in range(1, 6)] + [dt.date(2026, m, 1) - dt.timedelta(days=1)
                                                      for m in range(1, 7)]
days = st.one_of(st.sampled_from(EDGES),
                 st.integers(min_value=-40, max_value=100).map(lambda n: BASE + dt.timedelta(days=n)))
edge_times = st.sampled_from([dt.time(0, 0), dt.time(0, 0, 1), dt.time(12, 30),
                              dt.time(23, 59, 59)])
stamps = st.builds(dt.datetime.combine, days, edge_times)


@st.composite
def companies(draw):
    n_emp = draw(st.integers(1, 8))
    employees = []
    for i in range(n_emp):
        hired = draw(days)
        left = draw(st.none() | days.filter(lambda d, h=hired: d >= h))
        employees.append({
            "employee_id": f"e{i}", "name": f"员工{i}",
            "department_id": draw(st.sampled_from(DEPARTMENTS)), "position": None,
            "hired_on": hired, "left_on": left,
            "tools_activated_on": draw(st.none() | days)})
    ids = [e["employee_id"] for e in employees]
    emp = st.sampled_from(ids)
    trainings = [{"employee_id": e, "session": s, "attended_on": draw(days)}
                 for e in ids for s in ("kickoff", "writing") if draw(st.booleans())]
    shares = [{"share_id": f"s{i}", "employee_id": draw(emp), "content_id": None,
               "channel": "wecom_moments", "shared_at": draw(stamps),
               "reach": draw(st.integers(0, 5000)), "clicks": draw(st.integers(0, 300))}
              for i in range(draw(st.integers(0, 15)))]
    leads = []
    for i in range(draw(st.integers(0, 12))):
        created = draw(stamps)
        status = draw(st.sampled_from(("open", "won", "lost")))
        closed = draw(st.builds(lambda c, d: c + dt.timedelta(days=d), st.just(created),
                                st.integers(0, 40))) if status != "open" else None
        amount = (Decimal(draw(st.integers(0, 10_000_000))) / 100) if status == "won" else None
        leads.append({"lead_id": f"l{i}", "employee_id": draw(emp), "share_id": None,
                      "created_at": created, "status": status, "closed_at": closed,
                      "deal_amount": amount})
    stories = [{"story_id": f"t{i}", "employee_id": draw(emp), "collected_on": draw(days)}
               for i in range(draw(st.integers(0, 6)))]
    pulse = [{"response_id": f"p{i}", "department_id": draw(st.sampled_from(DEPARTMENTS)),
              "answered_on": draw(days), "score": draw(st.integers(0, 10))}
             for i in range(draw(st.integers(0, 8)))]
    return dict(employees=employees, trainings=trainings, shares=shares, leads=leads,
                stories=stories, pulse=pulse)


def _store(engine, company) -> None:
    with engine.begin() as conn:
        for model in (DepartmentMonth, EmployeeMonth, Lead, Share, Story, Training,
                      PulseResponse, Employee, Department):
            conn.execute(delete(model))
        conn.execute(Department.__table__.insert(),
                     [{"department_id": d, "name": d, "in_pilot": False} for d in DEPARTMENTS])
        for model, key in ((Employee, "employees"), (Training, "trainings"), (Share, "shares"),
                           (Lead, "leads"), (Story, "stories"), (PulseResponse, "pulse")):
            if company[key]:
                conn.execute(model.__table__.insert(), company[key])
        rollups.rebuild(conn)   # rows written directly, not through the importer


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(company=companies(), month=st.sampled_from(MONTHS))
def test_sql_figures_equal_plain_python(engine, company, month):
    _store(engine, company)
    review = monthly_review(engine, month)
    args = (month, company["employees"], company["trainings"], company["shares"],
            company["leads"], company["stories"], company["pulse"])
    expected = reference_figures(*args)
    for metric in METRICS:
        assert _same(review.company.values[metric], expected[metric]), (metric, "company")
    for dep in review.departments:
        expected = reference_figures(*args, department_id=dep.department_id)
        for metric in METRICS:
            assert _same(dep.values[metric], expected[metric]), (metric, dep.department_id)
