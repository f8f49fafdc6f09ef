"""Risk alerts: rules, thresholds from settings, cause and action (docs/alerts.md).

Every alert is a department aggregate (or a company one, department_id ""): its value
and threshold are department-level numbers, never a person's name, so every role may see
every alert. People-level evidence (who shared what, when) is fetched separately with
`alert_evidence(engine, month, scope, alert[, settings])`, filtered by the caller's Scope
in SQL.

Watched phases (spec section 5), the same for every type: the pilot phase for pilot
departments only, promotion and optimization for every department. Company-level
alerts (target_miss on a company-wide target) are watched in promotion and optimization.

Each type fires for a department in month m when (defaults; settings [alerts.<type>]):

- low_participation: participation_rate < 30 % (headcount > 0);
- low_conversion: leads >= 10 and conversion_rate < 15 %;
- target_miss: a metric with a target for m (the department's, or the company's) is
  below 80 % of it; targets <= 0 and undefined actuals are skipped; one alert per metric;
- reach_drop: reach fell more than 30 % from m-1 (reach of m-1 > 0);
- low_reach_per_share: reach / shares < 0.5 x the median of that ratio over the
  departments with >= 10 shares in m (the department too has >= 10);
- concentration: the top 10 % of the department's sharers (>= 5 sharers) produced more
  than 60 % of its reach;
- unapproved_content: >= 1 share in m of content whose review_status is not approved;
- suspected_gaming, one alert per pattern (the metric): burst_shares - one employee
  shared the same content >= 20 times within 15 minutes; suspect_ctr - an employee with
  >= 20 shares in m and a click-through < 25 % of the department's; unwon_leads - an
  employee with >= 10 leads created in the 3 months ending with m, none won.

A month in progress is one whose data end before its last day (metrics/coverage.py: the
data reach the latest day holding a share, lead or story, at most today - whatever the
calendar says); `progress` = the days covered / days in the month. target_miss pro-rates
the targets of additive metrics (shares, shares_per_capita, reach, clicks, leads, won,
revenue, stories) by `progress`, skips participants, participation_rate and
conversion_rate (they grow through the month and lag) and compares the other rates as
they are; reach_drop compares the month's reach with last month's x `progress`. Both are
skipped while the data cover fewer than `alerts.partial_month.min_days` days (7). The
other types compare figures within the month. A complete month is judged on its whole
figures.

Severity (alerts.high_ratio = 0.5): for "below" alerts high when value < threshold x
0.5 (low_participation, low_conversion, target_miss, low_reach_per_share, the CTR
pattern); for count alerts high when value >= threshold / 0.5, i.e. twice the threshold
(burst and lead patterns); reach_drop high when the drop is at least drop / 0.5 (60 %);
concentration high when the top group's share is at least halfway from the threshold to
100 % (80 %); unapproved_content high when any of the content was rejected (pending
only: medium).
"""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import asdict, dataclass

from sqlalchemy import Engine

from data_access import alert_facts, coverage as data_coverage
from data_access.scope import Scope
from i18n import t

from .coverage import PRO_RATED, MonthCoverage, month_coverage
from .settings import Settings, load_settings

# Phases in which departments are watched; in the pilot only pilot departments are.
WATCHED_PHASES = ("pilot", "promotion", "optimization")
COMPANY = ""     # department_id of a company-level alert, as in targets.csv

ALERT_TYPES = ("low_participation", "low_conversion", "target_miss", "reach_drop",
               "low_reach_per_share", "concentration", "unapproved_content", "suspected_gaming")
# Metrics the new alerts report beside the spec's own; the first three are fractions.
FRACTION_METRICS = ("reach_change", "suspect_ctr", "top_reach_share")
ALERT_METRICS = FRACTION_METRICS + ("reach_per_share", "unapproved_shares", "burst_shares",
                                    "unwon_leads")
GAMING_METRICS = ("burst_shares", "suspect_ctr", "unwon_leads")

# Targets in the month in progress: additive metrics (PRO_RATED) are pro-rated, these skipped.
NOT_JUDGED_MID_MONTH = ("participants", "participation_rate", "conversion_rate")

# Used when a settings file (DASHBOARD_SETTINGS) predates these keys.
DEFAULTS: dict[str, float] = {
    "alerts.target_miss.ratio": 0.80,
    "alerts.reach_drop.drop": 0.30,
    "alerts.low_reach_per_share.ratio": 0.5,
    "alerts.low_reach_per_share.min_shares": 10,
    "alerts.unapproved_content.min_shares": 1,
    "alerts.suspected_gaming.min_shares": 20,
    "alerts.suspected_gaming.ctr_ratio": 0.25,
    "alerts.suspected_gaming.burst_shares": 20,
    "alerts.suspected_gaming.burst_minutes": 15,
    "alerts.suspected_gaming.lead_months": 3,
    "alerts.suspected_gaming.lead_min": 10,
    "alerts.concentration.top_fraction": 0.10,
    "alerts.concentration.max_share": 0.60,
    "alerts.concentration.min_participants": 5,
    "alerts.partial_month.min_days": 7,
}


@dataclass(frozen=True)
class Alert:
    type: str
    department_id: str     # COMPANY ("") for a company-level alert
    metric: str
    value: float
    threshold: float
    severity: str          # high | medium
    # what the threshold is derived from, for stating the rule: the month's whole target
    # (target_miss), last month's reach (reach_drop), the median reach per share
    # (low_reach_per_share), the department's click-through (suspect_ctr); else None
    reference: float | None = None
    progress: float = 1.0  # < 1: the reference was pro-rated to the days the data cover

    def as_dict(self, lang: str = "zh", department_name: str | None = None) -> dict:
        """Department-level fields only: no alert carries a person's name or id."""
        from .alert_rules import rule_text
        out = asdict(self)
        if department_name is None and self.department_id == COMPANY:
            department_name = t("alert.company", lang)
        out.update(department_name=department_name,
                   title=t(f"alert.{self.type}", lang),
                   cause=t(f"alert.{self.type}.cause", lang),
                   action=t(f"alert.{self.type}.action", lang),
                   rule=rule_text(self, lang))
        return out


def _below(value: float, limit: float) -> bool:
    """value < limit, not fooled by float rounding at the boundary (700 / 1000 - 1 is
    -0.30000000000000004): a value equal to the limit up to 1e-9 does not fire."""
    return value < limit - 1e-9 * max(1.0, abs(limit))


def _above(value: float, limit: float) -> bool:
    return value > limit + 1e-9 * max(1.0, abs(limit))


def setting(settings: Settings, key: str) -> float:
    """A numeric alert setting, from the settings or else the built-in default."""
    if key in settings.values:
        return settings.number(key)
    return float(DEFAULTS[key])


def _severity(value: float, threshold: float, settings: Settings) -> str:
    """For alerts firing below a threshold."""
    return "high" if value < threshold * settings.high_severity_ratio else "medium"


def _severity_above(value: float, threshold: float, settings: Settings) -> str:
    """For alerts firing at or above a count: high from threshold / high_ratio (twice it)."""
    ratio = settings.high_severity_ratio
    return "high" if ratio > 0 and value >= threshold / ratio else "medium"


def _severity_share(value: float, threshold: float, settings: Settings) -> str:
    """For a share (0..1) above a threshold: high once the gap to 1 is under high_ratio x
    the threshold's gap to 1 (0.8 for a threshold of 0.6)."""
    ratio = settings.high_severity_ratio
    return "high" if value >= threshold + (1.0 - threshold) * (1.0 - ratio) else "medium"


def is_watched(phase: str | None, in_pilot: bool) -> bool:
    return phase in WATCHED_PHASES and (phase != "pilot" or in_pilot)


def company_watched(phase: str | None) -> bool:
    """Company-level alerts: promotion and optimization (the pilot is about pilot departments)."""
    return phase in ("promotion", "optimization")


def department_alerts(department_id: str, in_pilot: bool, phase: str | None,
                      values: dict, settings: Settings) -> list[Alert]:
    """The spec's two alerts for one department's month figures."""
    if not is_watched(phase, in_pilot):
        return []
    alerts = []
    rate, limit = values["participation_rate"], settings.low_participation_threshold
    if values["headcount"] > 0 and rate is not None and rate < limit:
        alerts.append(Alert("low_participation", department_id, "participation_rate", rate, limit,
                            _severity(rate, limit, settings)))
    rate, limit = values["conversion_rate"], settings.low_conversion_threshold
    if values["leads"] >= settings.low_conversion_min_leads and rate is not None and rate < limit:
        alerts.append(Alert("low_conversion", department_id, "conversion_rate", rate, limit,
                            _severity(rate, limit, settings)))
    return alerts


# --- the month in progress -------------------------------------------------------------------

def month_progress(coverage: MonthCoverage, settings: Settings) -> float | None:
    """1.0 for a complete month; for a month in progress the share of its days the data
    cover; None when that is too little to judge (fewer than alerts.partial_month.min_days
    days) or the data do not reach the month at all."""
    if coverage.complete:
        return 1.0
    if coverage.days < max(1.0, setting(settings, "alerts.partial_month.min_days")):
        return None
    return coverage.progress


# --- rules on figures (no database) ----------------------------------------------------------

def target_alerts(department_id: str, values: dict, targets: dict[str, float],
                  progress: float | None, settings: Settings) -> list[Alert]:
    """target_miss for one scope: each metric below ratio x its (pro-rated) target."""
    if progress is None:
        return []
    ratio = setting(settings, "alerts.target_miss.ratio")
    alerts = []
    for metric in sorted(targets, key=_metric_order):
        whole, actual = targets[metric], values.get(metric)
        if whole is None or whole <= 0 or actual is None:
            continue
        share = 1.0
        if progress < 1.0:
            if metric in NOT_JUDGED_MID_MONTH:
                continue
            if metric in PRO_RATED:
                share = progress
        limit = ratio * whole * share
        if _below(actual, limit):
            alerts.append(Alert("target_miss", department_id, metric, actual, limit,
                                _severity(actual, limit, settings), whole, share))
    return alerts


def _metric_order(metric: str) -> int:
    from .figures import METRICS
    return METRICS.index(metric) if metric in METRICS else len(METRICS)


def reach_drop_alert(department_id: str, values: dict, previous: dict, progress: float | None,
                     settings: Settings) -> Alert | None:
    """reach_drop: value = relative change of reach (last month pro rata), threshold = -drop."""
    prev = previous.get("reach") or 0
    if progress is None or prev <= 0:
        return None
    drop = setting(settings, "alerts.reach_drop.drop")
    change = values["reach"] / (prev * progress) - 1.0
    if _below(change, -drop):
        return Alert("reach_drop", department_id, "reach_change", change, -drop,
                     _severity_above(-change, drop, settings), float(prev), progress)
    return None


def reach_per_share_alerts(per_department: dict[str, dict], watched: set[str],
                           settings: Settings) -> list[Alert]:
    """low_reach_per_share: below ratio x the median over departments with enough shares."""
    min_shares = setting(settings, "alerts.low_reach_per_share.min_shares")
    ratio = setting(settings, "alerts.low_reach_per_share.ratio")
    rps = {d: v["reach"] / v["shares"] for d, v in per_department.items()
           if v["shares"] and v["shares"] >= min_shares}
    if len(rps) < 2:
        return []
    median = statistics.median(rps.values())
    limit = ratio * median
    return [Alert("low_reach_per_share", d, "reach_per_share", value, limit,
                  _severity(value, limit, settings), median)
            for d, value in rps.items() if d in watched and _below(value, limit)]


def concentration_alerts(concentration: dict[str, dict], watched: set[str],
                         settings: Settings) -> list[Alert]:
    """concentration: the top group's share of the department's reach above max_share."""
    min_people = setting(settings, "alerts.concentration.min_participants")
    limit = setting(settings, "alerts.concentration.max_share")
    alerts = []
    for d, c in concentration.items():
        if d not in watched or c["sharers"] < min_people or c["reach"] <= 0:
            continue
        share = c["top_reach"] / c["reach"]
        if _above(share, limit):
            alerts.append(Alert("concentration", d, "top_reach_share", share, limit,
                                _severity_share(share, limit, settings)))
    return alerts


def unapproved_alerts(unapproved: dict[str, dict], watched: set[str],
                      settings: Settings) -> list[Alert]:
    """unapproved_content: the count of shares of content not approved."""
    limit = setting(settings, "alerts.unapproved_content.min_shares")
    return [Alert("unapproved_content", d, "unapproved_shares", u["shares"], limit,
                  "high" if u["rejected"] else "medium")
            for d, u in unapproved.items() if d in watched and u["shares"] >= limit]


def gaming_alerts(bursts: list[dict], low_ctr: list[dict], unwon: list[dict],
                  watched: set[str], settings: Settings) -> list[Alert]:
    """suspected_gaming, one alert per department and pattern, department-level numbers only:
    the largest burst, the lowest click-through of a flagged sharer against ctr_ratio x the
    department's, the most leads of one person with none won."""
    alerts = []
    burst_min = setting(settings, "alerts.suspected_gaming.burst_shares")
    ctr_ratio = setting(settings, "alerts.suspected_gaming.ctr_ratio")
    lead_min = setting(settings, "alerts.suspected_gaming.lead_min")
    for d in sorted(watched):
        mine = [r["shares"] for r in bursts if r["department_id"] == d]
        if mine:
            alerts.append(Alert("suspected_gaming", d, "burst_shares", max(mine), burst_min,
                                _severity_above(max(mine), burst_min, settings)))
        mine = [r for r in low_ctr if r["department_id"] == d]
        if mine:
            low = min(r["ctr"] for r in mine)
            limit = ctr_ratio * mine[0]["department_ctr"]
            alerts.append(Alert("suspected_gaming", d, "suspect_ctr", low, limit,
                                _severity(low, limit, settings), mine[0]["department_ctr"]))
        mine = [r["leads"] for r in unwon if r["department_id"] == d]
        if mine:
            alerts.append(Alert("suspected_gaming", d, "unwon_leads", max(mine), lead_min,
                                _severity_above(max(mine), lead_min, settings)))
    return alerts


# --- the month's alerts ------------------------------------------------------------------------

def gaming_rows(engine: Engine, month: str, scope: Scope, settings: Settings
                ) -> tuple[list[dict], list[dict], list[dict]]:
    """(bursts, low-CTR sharers, unwon-lead people) of the month within `scope`."""
    s = lambda key: setting(settings, f"alerts.suspected_gaming.{key}")  # noqa: E731
    return (alert_facts.share_bursts(engine, month, scope, int(s("burst_shares")),
                                     s("burst_minutes")),
            alert_facts.low_ctr_sharers(engine, month, scope, int(s("min_shares")),
                                        s("ctr_ratio")),
            alert_facts.unwon_lead_people(engine, month, scope, int(s("lead_months")),
                                          int(s("lead_min"))))


def month_alerts(engine: Engine, month: str, phase: str | None, departments: list,
                 per_department: dict[str, dict], per_department_prev: dict[str, dict],
                 company: dict, goals: dict, settings: Settings,
                 today: dt.date | None = None,
                 coverage: MonthCoverage | None = None) -> list[Alert]:
    """Every alert of a month: company-level first, then department by department (in the
    order of `departments`), each department's in the order of ALERT_TYPES.

    `departments` are reference.DepartmentRow; `goals` is reference.targets() of the month:
    {(month, department_id or None, metric): target}; `coverage` is how much of the month
    the data cover (read from the database, as of `today`, when not given)."""
    watched = {d.department_id for d in departments if is_watched(phase, d.in_pilot)}
    alerts: list[Alert] = []
    for dep in departments:
        alerts += department_alerts(dep.department_id, dep.in_pilot, phase,
                                    per_department[dep.department_id], settings)
    if not watched and not company_watched(phase):
        return alerts
    if coverage is None:
        coverage = month_coverage(month, data_coverage.data_as_of(engine, today))
    progress = month_progress(coverage, settings)

    def targets_for(department_id):
        return {m: v for (mo, d, m), v in goals.items() if d == department_id and mo == month}

    if company_watched(phase):
        alerts += target_alerts(COMPANY, company, targets_for(None), progress, settings)
    for dep in departments:
        d = dep.department_id
        if d not in watched:
            continue
        alerts += target_alerts(d, per_department[d], targets_for(d), progress, settings)
        drop = reach_drop_alert(d, per_department[d], per_department_prev.get(d, {}), progress,
                                settings)
        alerts += [drop] if drop else []
    if watched:
        alerts += reach_per_share_alerts(per_department, watched, settings)
        alerts += concentration_alerts(alert_facts.reach_concentration(
            engine, month, setting(settings, "alerts.concentration.top_fraction")),
            watched, settings)
        alerts += unapproved_alerts(alert_facts.unapproved_by_department(engine, month),
                                    watched, settings)
        alerts += gaming_alerts(*gaming_rows(engine, month, Scope.company(), settings),
                                watched, settings)
    order = {d.department_id: i for i, d in enumerate(departments)}
    types = {name: i for i, name in enumerate(ALERT_TYPES)}
    return sorted(alerts, key=lambda a: (a.department_id != COMPANY,
                                         order.get(a.department_id, len(order)),
                                         types.get(a.type, len(types))))


# --- people-level evidence -------------------------------------------------------------------

def alert_evidence(engine: Engine, month: str, scope: Scope, alert: Alert,
                   settings: Settings | None = None) -> list[dict]:
    """The people-level rows behind an alert, limited to `scope` (in SQL): a department head
    asking about another department's alert gets []. Types without people evidence
    (department or company figures only) give []. Each row has employee_id, name,
    department_id and the pattern's own fields."""
    settings = settings or load_settings(engine)
    narrowed = scope.narrow(alert.department_id or None)
    if alert.department_id == COMPANY:
        return []
    if alert.type == "unapproved_content":
        return alert_facts.unapproved_share_rows(engine, month, narrowed)
    if alert.type != "suspected_gaming":
        return []
    s = lambda key: setting(settings, f"alerts.suspected_gaming.{key}")  # noqa: E731
    if alert.metric == "burst_shares":
        return alert_facts.share_bursts(engine, month, narrowed, int(s("burst_shares")),
                                        s("burst_minutes"))
    if alert.metric == "suspect_ctr":
        return alert_facts.low_ctr_sharers(engine, month, narrowed, int(s("min_shares")),
                                           s("ctr_ratio"))
    if alert.metric == "unwon_leads":
        return alert_facts.unwon_lead_people(engine, month, narrowed, int(s("lead_months")),
                                             int(s("lead_min")))
    return []


def gaming_evidence(engine: Engine, month: str, scope: Scope,
                    settings: Settings | None = None) -> list[dict]:
    """Every suspected-gaming evidence row of the month within `scope`, whatever the phase,
    each with `pattern` (burst_shares, suspect_ctr, unwon_leads): for marketing to check
    before bonuses are paid."""
    bursts, low_ctr, unwon = gaming_rows(engine, month, scope, settings or load_settings(engine))
    return ([{**r, "pattern": "burst_shares"} for r in bursts]
            + [{**r, "pattern": "suspect_ctr"} for r in low_ctr]
            + [{**r, "pattern": "unwon_leads"} for r in unwon])
