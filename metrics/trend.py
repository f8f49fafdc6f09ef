"""Twelve-month series for the company and each department.

Every point is `metrics.review.month_figures` of that month (all the months read at
once by `months_figures`), so a trend line shows exactly the numbers the monthly
review (and `manage.py review`) gives for that month. Months before the first month
holding tracking data are left out: with no shares, leads or stories recorded yet,
their zeros would read as "nobody took part" rather than "not tracked yet".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from data_access import reference
from data_access.months import window

from .figures import per_capita
from .review import Figures, months_figures

TREND_MONTHS = 12


@dataclass
class Trend:
    """Figures per month, oldest month first."""
    months: list[str]
    company: dict[str, Figures] = field(default_factory=dict)                 # month -> figures
    departments: dict[str, dict[str, Figures]] = field(default_factory=dict)  # month -> dep ->
    # company-wide targets: month -> metric -> target (for the target rule on a chart)
    targets: dict[str, dict[str, float]] = field(default_factory=dict)

    def target_rows(self, metric: str) -> list[dict]:
        """[{month, target}] of the months with a company-wide target on `metric`."""
        return [{"month": m, "target": self.targets[m][metric]} for m in self.months
                if metric in self.targets.get(m, {})]

    def value(self, month: str, metric: str, department_id: str | None = None,
              capita: bool = False):
        values = (self.company[month] if department_id is None
                  else self.departments[month].get(department_id))
        if values is None:
            return None
        return per_capita(values, metric) if capita else values[metric]

    def series(self, metric: str, department_id: str | None = None,
               capita: bool = False) -> list:
        """The metric month by month (None where undefined), oldest first."""
        return [self.value(m, metric, department_id, capita) for m in self.months]

    def rows(self, metric: str, capita: bool = False) -> list[dict]:
        """Long rows {month, department_id (None = company), value} for charts."""
        out = []
        for m in self.months:
            out.append({"month": m, "department_id": None,
                        "value": self.value(m, metric, None, capita)})
            for dep in sorted(self.departments[m]):
                out.append({"month": m, "department_id": dep,
                            "value": self.value(m, metric, dep, capita)})
        return out


def trend(engine: Engine, month: str, first_month: str | None = None,
          n: int = TREND_MONTHS) -> Trend:
    """The n months ending with `month`, starting no earlier than `first_month`."""
    months = [m for m in window(month, n) if first_month is None or m >= first_month]
    result = Trend(months)
    for m, (company, per_department) in months_figures(engine, months).items():
        result.company[m], result.departments[m] = company, per_department
    for (m, department_id, metric), value in reference.targets(engine, months).items():
        if department_id is None:
            result.targets.setdefault(m, {})[metric] = value
    return result
