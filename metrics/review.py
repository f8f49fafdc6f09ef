"""The monthly review: every figure of a month for the company and each department,
with month-over-month change, target attainment, the phase and the alerts."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine

from data_access import facts, reference
from data_access.months import previous

from .alerts import Alert, month_alerts
from .figures import METRICS, attainment, change, figures
from .phases import phase_of
from .settings import Settings, load_settings

Figures = dict[str, float | int | None]


@dataclass
class ScopeReview:
    """One scope's month: figures, last month's, and targets set for it."""
    values: Figures
    previous: Figures
    targets: dict[str, float] = field(default_factory=dict)

    def changes(self) -> dict[str, dict]:
        return {m: change(self.values[m], self.previous[m]) for m in METRICS}

    def attainments(self) -> dict[str, dict]:
        return {m: {"target": tgt, "actual": self.values[m],
                    "attainment": attainment(self.values[m], tgt)}
                for m, tgt in self.targets.items()}

    def as_dict(self) -> dict:
        return {**self.values, "changes": self.changes(), "targets": self.attainments()}


@dataclass
class DepartmentReview(ScopeReview):
    department_id: str = ""
    name: str = ""
    in_pilot: bool = False


@dataclass
class MonthReview:
    month: str
    phase: str | None
    company: ScopeReview
    departments: list[DepartmentReview]
    alerts: list[Alert]

    def department(self, department_id: str) -> DepartmentReview | None:
        return next((d for d in self.departments if d.department_id == department_id), None)

    def as_dict(self, lang: str = "zh") -> dict:
        names = {d.department_id: d.name for d in self.departments}
        return {
            "month": self.month,
            "phase": self.phase,
            "company": self.company.as_dict(),
            "departments": [{"department_id": d.department_id, "name": d.name,
                             "in_pilot": d.in_pilot, **d.as_dict()} for d in self.departments],
            "alerts": [a.as_dict(lang, names.get(a.department_id)) for a in self.alerts],
        }


def month_figures(engine: Engine, month: str) -> tuple[Figures, dict[str, Figures]]:
    """(company figures, {department_id: figures}) of one month."""
    return _figures(facts.department_month_facts(engine, month))


def months_figures(engine: Engine, months: list[str]
                   ) -> dict[str, tuple[Figures, dict[str, Figures]]]:
    """`month_figures` of several months, read together (for trends)."""
    return {m: _figures(per_department)
            for m, per_department in facts.department_months_facts(engine, months).items()}


def _figures(per_department) -> tuple[Figures, dict[str, Figures]]:
    return (figures(facts.company_facts(per_department)),
            {d: figures(f) for d, f in per_department.items()})


def monthly_review(engine: Engine, month: str, settings: Settings | None = None,
                   today: dt.date | None = None) -> MonthReview:
    settings = settings or load_settings(engine)
    company, per_department = month_figures(engine, month)
    company_prev, per_department_prev = month_figures(engine, previous(month))
    goals = reference.targets(engine, [month])
    phase = phase_of(reference.phases(engine), month, today)

    def targets_for(department_id):
        return {metric: value for (_, d, metric), value in goals.items() if d == department_id}

    departments = []
    rows = reference.departments(engine)
    for dep in rows:
        values = per_department[dep.department_id]
        departments.append(DepartmentReview(
            values=values, previous=per_department_prev[dep.department_id],
            targets=targets_for(dep.department_id), department_id=dep.department_id,
            name=dep.name, in_pilot=dep.in_pilot))
    alerts = month_alerts(engine, month, phase, rows, per_department, per_department_prev,
                          company, goals, settings, today)
    return MonthReview(month, phase, ScopeReview(company, company_prev, targets_for(None)),
                       departments, alerts)


def alerts_of_month(engine: Engine, month: str, settings: Settings,
                    today: dt.date | None = None) -> list[Alert]:
    """Every alert the review of `month` lists (all types), without building the rest of
    the review: for looking back over earlier months (alert streaks)."""
    company, per_department = month_figures(engine, month)
    _, per_department_prev = month_figures(engine, previous(month))
    phase = phase_of(reference.phases(engine), month, today)
    return month_alerts(engine, month, phase, reference.departments(engine), per_department,
                        per_department_prev, company, reference.targets(engine, [month]),
                        settings, today)
