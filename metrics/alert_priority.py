"""What matters first: alerts ranked by a documented priority, and similar ones grouped.

Pure functions over the alerts metrics/alerts.py makes (`Alert`), or over items that carry
one as `.alert` (`alert_history.AlertStreak`, whose `.months` is the streak). Nothing here
reads the database: the streaks and department sizes come in as arguments.

Priority (docs/alerts.md, "What matters first"), compared key by key:

1. severity: high before medium;
2. core types first: the spec's own alerts (low_participation, low_conversion) before the
   further types;
3. streak: more months in a row first (an item's `.months`, else `streaks[key]`, else 1);
4. size of the department: larger headcount first; a company-level alert counts the whole
   company (the sum of `headcounts`, or else it comes before every department);
5. distance from the threshold: further first, relative to the threshold,
   |value - threshold| / |threshold| (|value - threshold| for a threshold of 0);
6. then ALERT_TYPES order, department id and metric, so the order is total and stable.

Grouping: alerts of the same type and department are one item (all company target misses
as one, listing the metrics; a department's three gaming patterns as one). A group takes
the place of its most important member; its members keep their order.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .alerts import ALERT_TYPES, COMPANY, Alert

CORE_TYPES = ("low_participation", "low_conversion")
SHORT_LIST = 6          # groups the monthly review shows (the rest: the Risk alerts page)
SEVERITY_ORDER = {"high": 0, "medium": 1}


def _alert(item) -> Alert:
    return getattr(item, "alert", item)


def streak_key(alert: Alert) -> tuple[str, str, str]:
    """The key streaks are given by (as alert_history.key)."""
    return alert.type, alert.department_id, alert.metric


def distance(alert: Alert) -> float:
    """How far the value lies beyond its threshold, relative to the threshold."""
    gap = abs(alert.value - alert.threshold)
    return gap / abs(alert.threshold) if alert.threshold else gap


def priority(item, streaks: dict | None = None, headcounts: dict[str, int] | None = None
             ) -> tuple:
    """The sort key of one alert (smaller first), by the rules above."""
    a = _alert(item)
    months = getattr(item, "months", None) or (streaks or {}).get(streak_key(a), 1)
    sizes = headcounts or {}
    if a.department_id == COMPANY:
        size = sum(sizes.values()) if sizes else float("inf")
    else:
        size = sizes.get(a.department_id, 0)
    types = ALERT_TYPES.index(a.type) if a.type in ALERT_TYPES else len(ALERT_TYPES)
    return (SEVERITY_ORDER.get(a.severity, len(SEVERITY_ORDER)),
            0 if a.type in CORE_TYPES else 1, -months, -size, -distance(a),
            types, a.department_id, a.metric)


def rank(alerts, streaks: dict | None = None, headcounts: dict[str, int] | None = None
         ) -> list:
    """The alerts (or streak items) most important first; a new list, the input untouched.

    streaks: {(type, department_id, metric): months in a row}; headcounts:
    {department_id: headcount of the month}."""
    return sorted(alerts, key=lambda item: priority(item, streaks, headcounts))


@dataclass
class AlertGroup:
    """Alerts of one type and department, most important first."""
    type: str
    department_id: str
    items: list = field(default_factory=list)

    @property
    def alerts(self) -> list[Alert]:
        return [_alert(i) for i in self.items]

    @property
    def first(self) -> Alert:
        return self.alerts[0]

    @property
    def severity(self) -> str:
        return "high" if any(a.severity == "high" for a in self.alerts) else "medium"

    @property
    def metrics(self) -> list[str]:
        return [a.metric for a in self.alerts]

    def as_dict(self, lang: str = "zh", department_name: str | None = None) -> dict:
        from i18n import t
        first = self.first.as_dict(lang, department_name)
        return {"type": self.type, "department_id": self.department_id,
                "department_name": first["department_name"], "severity": self.severity,
                "title": first["title"], "cause": first["cause"], "action": first["action"],
                "metrics": self.metrics,
                "alerts": [a.as_dict(lang, department_name) for a in self.alerts],
                "core": self.type in CORE_TYPES,
                "label": t(f"alert.{self.type}", lang)}


def group(alerts, streaks: dict | None = None, headcounts: dict[str, int] | None = None
          ) -> list[AlertGroup]:
    """Ranked groups: one per (type, department), in the order of their first member."""
    groups: dict[tuple[str, str], AlertGroup] = {}
    for item in rank(alerts, streaks, headcounts):
        a = _alert(item)
        groups.setdefault((a.type, a.department_id),
                          AlertGroup(a.type, a.department_id)).items.append(item)
    return list(groups.values())


def headcounts_of(review) -> dict[str, int]:
    """{department_id: headcount} of a metrics.review.MonthReview, for `rank` and `group`."""
    return {d.department_id: int(d.values.get("headcount") or 0) for d in review.departments}
