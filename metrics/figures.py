"""The spec's metrics (section 3) from a scope's monthly facts."""
from __future__ import annotations

from data_access.contract import METRIC_NAMES
from data_access.facts import MonthFacts

METRICS = METRIC_NAMES
# Shown as fractions (0.25) and formatted as percentages.
RATE_METRICS = ("participation_rate", "ctr", "conversion_rate", "trained_rate", "activated_rate")
# Per-capita forms offered where departments of different sizes are compared.
PER_CAPITA_BASE = ("shares", "reach", "clicks", "leads", "won", "revenue", "stories")


def ratio(numerator, denominator) -> float | None:
    """numerator / denominator, undefined (None) when the denominator is 0."""
    return float(numerator) / float(denominator) if denominator else None


def enps(f: MonthFacts) -> float | None:
    if not f.pulse_responses:
        return None
    return 100.0 * (f.promoters - f.detractors) / f.pulse_responses


def figures(f: MonthFacts) -> dict[str, float | int | None]:
    """Every metric of the spec for one scope and month; undefined values are None."""
    return {
        "headcount": f.headcount,
        "participants": f.participants,
        "participation_rate": ratio(f.participants, f.headcount),
        "shares": f.shares,
        "shares_per_capita": ratio(f.shares, f.headcount),
        "reach": f.reach,
        "clicks": f.clicks,
        # over the shares whose clicks are known: unknown clicks never count as 0
        "ctr": ratio(f.clicks, f.ctr_reach),
        "leads": f.leads,
        "won": f.won,
        "conversion_rate": ratio(f.won, f.leads),
        "revenue": float(f.revenue),
        "stories": f.stories,
        "trained_rate": ratio(f.trained, f.headcount),
        "activated_rate": ratio(f.activated, f.headcount),
        "enps": enps(f),
    }


def per_capita(values: dict, metric: str) -> float | None:
    """A raw metric divided by headcount (rates are already per person)."""
    if metric in PER_CAPITA_BASE:
        return ratio(values[metric], values["headcount"])
    return values[metric]


def change(current, previous) -> dict[str, float | None]:
    """Month-over-month change: absolute delta and relative change (None when undefined)."""
    if current is None or previous is None:
        return {"previous": previous, "delta": None, "pct": None}
    delta = current - previous
    return {"previous": previous, "delta": delta, "pct": delta / abs(previous) if previous else None}


def attainment(actual, target) -> float | None:
    """actual / target; undefined when either is missing or the target is 0."""
    if actual is None or target is None or target == 0:
        return None
    return actual / target
