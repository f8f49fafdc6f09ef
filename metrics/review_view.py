"""What the review and My team pages show beside the figures: how the phase judges a KPI,
which departments a trend shows first, the rules a trend chart draws and its y-scale.

Pure functions over metrics objects (MonthReview, Scorecard, Trend): no widgets here.
"""
from __future__ import annotations

from .phase_scorecard import Check, Scorecard
from .review import MonthReview

# checks that judge a KPI by something else than its target (spec section 4)
_NOT_BY_TARGET = {"growth_reach": "reach", "growth_conversion_rate": "conversion_rate",
                  "participation": "participation_rate"}


def phase_judged_by(cards: list[Scorecard], phase: str | None) -> dict[str, Check]:
    """{metric: check} for the KPIs the month's phase judges by growth on last month or by
    the participation threshold rather than by a target (optimization: reach and
    conversion by growth, participation by the threshold)."""
    card = next((c for c in cards if c.phase == phase and c.status == "current"), None)
    if card is None:
        return {}
    return {_NOT_BY_TARGET[c.key]: c for c in card.checks if c.key in _NOT_BY_TARGET}


def default_departments(review: MonthReview, metric: str) -> list[str]:
    """The departments a trend shows first: the best and the worst on `metric` this month
    (undefined values left out; ties by department id) and the pilot departments."""
    scored = sorted(((d.values.get(metric), d.department_id) for d in review.departments
                     if d.values.get(metric) is not None), key=lambda x: (-x[0], x[1]))
    chosen = []
    if scored:
        chosen += [scored[0][1], scored[-1][1]]
    chosen += [d.department_id for d in review.departments if d.in_pilot]
    return list(dict.fromkeys(chosen))


def y_domain(values, rules=()) -> list[float] | None:
    """One y-scale [low, high] for charts side by side: from 0 (or the lowest value when
    negative, e.g. eNPS) to the highest value or rule, with 5 % headroom."""
    numbers = [float(v) for v in [*values, *rules] if v is not None and v == v]
    if not numbers:
        return None
    low, high = min(0.0, min(numbers)), max(numbers)
    if high <= low:
        high = low + 1.0
    return [low * 1.05 if low < 0 else 0.0, high * 1.05]
