"""The monthly review: every figure of a month for the company and each department,
with month-over-month change, target attainment, the phase and the alerts.

A month whose data end before its last day is in progress (metrics/coverage.py): its
change on last month compares the same days of last month, and `pace()` holds its counts
against targets pro-rated to the days covered. A complete month: whole figures, the whole
previous month, as `manage.py review` always gave."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine

from data_access import coverage as data_coverage
from data_access import facts, reference
from data_access.months import previous

from .alerts import NOT_JUDGED_MID_MONTH, Alert, month_alerts
from .coverage import PRO_RATED, MonthCoverage, month_coverage
from .figures import METRICS, attainment, change, figures
from .phases import phase_of
from .settings import Settings, load_settings

Figures = dict[str, float | int | None]


@dataclass
class ScopeReview:
    """One scope's month: figures, last month's, and targets set for it.

    `previous` is what the month is compared with: the whole previous month, or for a month
    in progress the same days of it (`previous_through` their last day); `progress` < 1
    for a month in progress (days covered / days in the month)."""
    values: Figures
    previous: Figures
    targets: dict[str, float] = field(default_factory=dict)
    progress: float = 1.0
    previous_through: str | None = None     # YYYY-MM-DD; None: the whole previous month

    def changes(self) -> dict[str, dict]:
        return {m: change(self.values[m], self.previous[m]) for m in METRICS}

    def attainments(self) -> dict[str, dict]:
        """actual / the month's whole target (the spec's target attainment)."""
        return {m: {"target": tgt, "actual": self.values[m],
                    "attainment": attainment(self.values[m], tgt)}
                for m, tgt in self.targets.items()}

    def pace(self) -> dict[str, dict]:
        """Each target as the month is judged against it: for a month in progress counts
        and sums against the target x progress (`pro_rated`), participants and the
        participation and conversion rates not judged yet (`judged` False), other rates as
        they are. For a complete month this is `attainments()`."""
        out = {}
        for m, tgt in self.targets.items():
            partial = self.progress < 1
            pro_rated = partial and m in PRO_RATED and tgt is not None
            to_date = tgt * self.progress if pro_rated else tgt
            out[m] = {"target": tgt, "target_to_date": to_date, "actual": self.values[m],
                      "attainment_to_date": attainment(self.values[m], to_date),
                      "pro_rated": pro_rated,
                      "judged": not (partial and m in NOT_JUDGED_MID_MONTH)}
        return out

    def as_dict(self) -> dict:
        return {**self.values, "changes": self.changes(), "targets": self.attainments(),
                "pace": self.pace(),
                "changes_basis": {"like_for_like": self.previous_through is not None,
                                  "previous_through": self.previous_through}}


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
    coverage: MonthCoverage | None = None
    # {(type, department_id, metric): months in a row}, from `review_streaks` (optional)
    streaks: dict | None = None

    @property
    def month_complete(self) -> bool:
        return self.coverage is None or self.coverage.complete

    def department(self, department_id: str) -> DepartmentReview | None:
        return next((d for d in self.departments if d.department_id == department_id), None)

    def ranked_alerts(self) -> list:
        """The alerts most important first (metrics.alert_priority.rank)."""
        from .alert_priority import headcounts_of, rank
        return rank(self.alerts, self.streaks, headcounts_of(self))

    def alert_groups(self, streaks: dict | None = None) -> list:
        """The alerts grouped and ranked by metrics.alert_priority (streaks optional)."""
        from .alert_priority import group, headcounts_of
        return group(self.alerts, self.streaks if streaks is None else streaks,
                     headcounts_of(self))

    def as_dict(self, lang: str = "zh", streaks: dict | None = None) -> dict:
        """The review as JSON. `alerts` keep their order (company first, then by
        department); `alert_groups` are the same alerts by priority, grouped, and
        `top_alerts` the first SHORT_LIST of those (streaks: {(type, department_id,
        metric): months in a row}, else `self.streaks`, else every alert counts as its
        first month)."""
        from .alert_priority import SHORT_LIST
        names = {d.department_id: d.name for d in self.departments}
        groups = [g.as_dict(lang, names.get(g.department_id))
                  for g in self.alert_groups(streaks)]
        cov = self.coverage.as_dict() if self.coverage else {}
        return {
            "month": self.month,
            "phase": self.phase,
            "data_as_of": cov.get("data_as_of"),
            "month_complete": self.month_complete,
            "coverage": cov,
            "company": self.company.as_dict(),
            "departments": [{"department_id": d.department_id, "name": d.name,
                             "in_pilot": d.in_pilot, **d.as_dict()} for d in self.departments],
            "alerts": [a.as_dict(lang, names.get(a.department_id)) for a in self.alerts],
            "alert_groups": groups,
            "top_alerts": groups[:SHORT_LIST],
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


def month_coverage_of(engine: Engine, month: str, today: dt.date | None = None
                      ) -> MonthCoverage:
    """How much of `month` the data cover, as of `today`."""
    return month_coverage(month, data_coverage.data_as_of(engine, today))


def same_days_figures(engine: Engine, month: str, coverage: MonthCoverage
                      ) -> tuple[Figures, dict[str, Figures]] | None:
    """The previous month's figures over the days `coverage` covers of `month` (None for a
    complete month, or one the data do not reach: compare with the whole month)."""
    through = coverage.previous_through()
    if through is None:
        return None
    return _figures(facts.department_month_facts_raw(engine, previous(month), through))


def monthly_review(engine: Engine, month: str, settings: Settings | None = None,
                   today: dt.date | None = None) -> MonthReview:
    settings = settings or load_settings(engine)
    company, per_department = month_figures(engine, month)
    company_prev, per_department_prev = month_figures(engine, previous(month))
    coverage = month_coverage_of(engine, month, today)
    same_days = same_days_figures(engine, month, coverage)
    compare_company, compare_departments = same_days or (company_prev, per_department_prev)
    through = coverage.previous_through()
    basis = dict(progress=coverage.progress if coverage.started else 1.0,
                 previous_through=through.isoformat() if through else None)
    goals = reference.targets(engine, [month])
    phase = phase_of(reference.phases(engine), month, today)

    def targets_for(department_id):
        return {metric: value for (_, d, metric), value in goals.items() if d == department_id}

    departments = []
    rows = reference.departments(engine)
    for dep in rows:
        values = per_department[dep.department_id]
        departments.append(DepartmentReview(
            values=values, previous=compare_departments[dep.department_id],
            targets=targets_for(dep.department_id), **basis, department_id=dep.department_id,
            name=dep.name, in_pilot=dep.in_pilot))
    # reach_drop holds the month against the whole previous month x progress
    alerts = month_alerts(engine, month, phase, rows, per_department, per_department_prev,
                          company, goals, settings, today, coverage)
    return MonthReview(month, phase,
                       ScopeReview(company, compare_company, targets_for(None), **basis),
                       departments, alerts, coverage)


def review_streaks(engine: Engine, review: MonthReview, settings: Settings,
                   today: dt.date | None = None) -> dict:
    """{(type, department_id, metric): months in a row} of the review's alerts
    (metrics.alert_history), for ranking them (`review.streaks = review_streaks(...)`)."""
    from .alert_history import alert_streaks, key
    span = reference.data_span(engine)
    return {key(s.alert): s.months
            for s in alert_streaks(engine, review, settings, span[0] if span else None, today)}


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
