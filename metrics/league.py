"""The department league table: ranks by any metric, raw or per capita, and movement.

Rules (documented here because the page and the README rely on them):

- Score: the metric's value for the month, or with `capita=True` its per-capita
  form from `metrics.figures.per_capita` (counts and revenue divided by headcount;
  rates and eNPS are already per person and stay as they are). Per capita is the
  page default, so a 30-person department can top a 300-person one.
- Higher is better for every metric. Ties share a rank ("standard competition"
  ranking: 1, 2, 2, 4); within a tie rows are listed by department id.
  A department whose score is undefined (e.g. conversion rate with no leads,
  per capita with no headcount) gets no rank and is listed last.
- Movement = last month's rank - this month's rank (+2 climbed two places).
  Status: up / down / same, "new" when the department had no rank last month
  (undefined then, or last month is before the first month with data),
  "unranked" when it has no rank this month.
- Department of the month: the department with the highest reach per capita
  (reach / headcount) — the programme's aim is people reached, and per capita
  keeps it fair across sizes. It stays fixed whatever metric a viewer ranks by.
  Ties go to the higher participation rate, then the department id. No
  department of the month when no department reached anyone.
"""
from __future__ import annotations

from dataclasses import dataclass

from .figures import per_capita
from .review import Figures, MonthReview
from .trend import Trend

AWARD_METRIC = "reach"


@dataclass(frozen=True)
class LeagueRow:
    rank: int | None
    department_id: str
    name: str
    in_pilot: bool
    headcount: int
    value: float | None
    previous_rank: int | None
    movement: int | None       # previous_rank - rank; positive = climbed
    status: str                # up | down | same | new | unranked
    history: tuple = ()        # the score month by month (oldest first), for sparklines


def score(values: Figures, metric: str, capita: bool):
    return per_capita(values, metric) if capita else values[metric]


def ranks(scores: dict[str, float | None]) -> dict[str, int | None]:
    """Competition ranks, highest score first; undefined scores get None."""
    defined = sorted((v for v in scores.values() if v is not None), reverse=True)
    first = {}
    for i, v in enumerate(defined, start=1):
        first.setdefault(v, i)
    return {d: (None if v is None else first[v]) for d, v in scores.items()}


def _status(rank, previous_rank) -> tuple[int | None, str]:
    if rank is None:
        return None, "unranked"
    if previous_rank is None:
        return None, "new"
    move = previous_rank - rank
    return move, "up" if move > 0 else "down" if move < 0 else "same"


def league(review: MonthReview, metric: str, capita: bool = True, compare: bool = True,
           trend: Trend | None = None) -> list[LeagueRow]:
    """Departments ranked by `metric`; `compare=False` when there is no previous month
    with data (then every ranked department is "new")."""
    now = ranks({d.department_id: score(d.values, metric, capita) for d in review.departments})
    before = (ranks({d.department_id: score(d.previous, metric, capita)
                     for d in review.departments}) if compare else {})
    rows = []
    for d in review.departments:
        rank, prev = now[d.department_id], before.get(d.department_id)
        move, status = _status(rank, prev)
        history = tuple(trend.series(metric, d.department_id, capita)) if trend else ()
        rows.append(LeagueRow(rank, d.department_id, d.name, d.in_pilot, d.values["headcount"],
                              score(d.values, metric, capita), prev, move, status, history))
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.department_id))


def comparable(month_before: str, first_month: str | None) -> bool:
    """Whether last month holds data to rank against (not before the first data month)."""
    return first_month is not None and month_before >= first_month


@dataclass(frozen=True)
class Award:
    department_id: str
    name: str
    metric: str
    value: float
    participation_rate: float | None


def department_of_the_month(review: MonthReview) -> Award | None:
    """Highest reach per capita; ties to the higher participation rate, then the id."""
    best = None
    for d in review.departments:
        value = score(d.values, AWARD_METRIC, True)
        if value is None or value <= 0:
            continue
        key = (-value, -(d.values["participation_rate"] or 0), d.department_id)
        if best is None or key < best[0]:
            best = (key, Award(d.department_id, d.name, AWARD_METRIC, value,
                               d.values["participation_rate"]))
    return best[1] if best else None
