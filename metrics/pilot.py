"""Pilot monitor: pilot departments week by week against pro-rated monthly targets.

Targets are set per month (targets table), the pilot is watched per week, so:

- Weeks start on Monday. A calendar week that crosses a month end is cut in
  two at the month boundary; each part is a row of its own month. That keeps
  every part's actual and target inside one month, so a month's weekly rows
  add up exactly to the month's actual and the month's target.
- Weekly target = monthly target x (days of that week inside the month) /
  (days in the month). E.g. a 31-day month with target 31 leads gives 7 per
  full week and 2 for a two-day part week.
- Only the department's own target counts (targets.department_id = the
  department); company-wide targets are not split over departments. Without
  a target for that month and metric, target and attainment are undefined.
- Attainment = actual / weekly target (undefined when the target is 0 or missing).
- Week parts that start after `today` have not happened yet: their actual and
  attainment are undefined (shown "—"), not a 0 % that reads as failure.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from data_access.months import first_day, last_day
from data_access.reference import DepartmentRow
from data_access.weekly import department_weekly_facts
from i18n import metric_name, t

from .figures import attainment, ratio
from .team import channel_name

PILOT_METRICS = ("reach", "leads", "stories")


def week_parts(month: str) -> list[tuple[dt.date, dt.date, dt.date]]:
    """(week Monday, first day in month, last day in month) of every week touching the month."""
    start, end = first_day(month), last_day(month)
    monday = start - dt.timedelta(days=start.weekday())
    parts = []
    while monday <= end:
        parts.append((monday, max(monday, start), min(monday + dt.timedelta(days=6), end)))
        monday += dt.timedelta(days=7)
    return parts


def weekly_target(monthly_target: float | None, days: int, days_in_month: int) -> float | None:
    """The monthly target pro-rated by the days of the week inside the month."""
    if monthly_target is None:
        return None
    return monthly_target * days / days_in_month


def pilot_weeks(engine: Engine, months: list[str], departments: list[DepartmentRow],
                targets: dict[tuple[str, str | None, str], float],
                today: dt.date | None = None) -> list[dict]:
    """Rows {department_id, name, month, week, start, end, days, metric, actual, target,
    attainment} for every pilot metric, week part and department; department aggregates."""
    ids = [d.department_id for d in departments]
    today = today or dt.date.today()
    rows = []
    for month in months:
        facts = department_weekly_facts(engine, first_day(month), last_day(month), ids)
        days_in_month = last_day(month).day
        for dep in departments:
            for monday, start, end in week_parts(month):
                days = (end - start).days + 1
                values = facts.get((dep.department_id, monday), {})
                for metric in PILOT_METRICS:
                    actual = values.get(metric, 0) if start <= today else None
                    goal = weekly_target(targets.get((month, dep.department_id, metric)), days,
                                         days_in_month)
                    rows.append({"department_id": dep.department_id, "name": dep.name,
                                 "month": month, "week": monday, "start": start, "end": end,
                                 "days": days, "metric": metric, "actual": actual,
                                 "target": goal, "attainment": attainment(actual, goal)})
    return rows


def has_targets(rows: list[dict]) -> bool:
    return any(r["target"] is not None for r in rows)


def weekly_frame(rows: list[dict], lang: str) -> pd.DataFrame:
    """Wide frame: one row per department and week part, actual / target / attainment per metric."""
    out: dict[tuple, dict] = {}
    for r in rows:
        key = (r["department_id"], r["start"])
        row = out.setdefault(key, {
            t("col.department", lang): r["name"],
            t("pilot.col.week", lang): r["week"].isoformat(),
            t("pilot.col.days", lang): f"{r['start']:%m-%d} – {r['end']:%m-%d}"})
        name = metric_name(r["metric"], lang)
        row[name] = r["actual"]
        row[f"{name} {t('col.target', lang)}"] = (None if r["target"] is None
                                                  else round(r["target"], 2))
        row[f"{name} {t('col.attainment', lang)}"] = r["attainment"]
    return pd.DataFrame(list(out.values()))


def chart_frame(rows: list[dict], metric: str) -> pd.DataFrame:
    """Long frame of one metric for the weekly chart (week label = first day of the part)."""
    keep = [r for r in rows if r["metric"] == metric]
    return pd.DataFrame([{"department": r["name"], "week": r["start"].isoformat(),
                          "range": f"{r['start']:%m-%d} – {r['end']:%m-%d}",
                          "actual": r["actual"], "target": r["target"],
                          "attainment": r["attainment"]} for r in keep],
                        columns=["department", "week", "range", "actual", "target", "attainment"])


def channel_frame(rows: list[dict], lang: str) -> pd.DataFrame:
    """Channel mix: shares, reach, clicks and click-through rate per channel."""
    return pd.DataFrame([{"channel": channel_name(r["channel"], lang), "shares": r["shares"],
                          "reach": r["reach"], "clicks": r["clicks"],
                          "ctr": ratio(r["clicks"], r["ctr_reach"])} for r in rows],
                        columns=["channel", "shares", "reach", "clicks", "ctr"])


def content_frame(rows: list[dict], lang: str) -> pd.DataFrame:
    """Content rows (title, type, review status, shares, sharers, reach, clicks, leads)."""
    columns = {"title": t("pilot.col.title", lang), "content_type": t("pilot.col.type", lang),
               "review_status": t("pilot.col.review_status", lang),
               "shares": metric_name("shares", lang), "sharers": t("pilot.col.sharers", lang),
               "reach": metric_name("reach", lang), "clicks": metric_name("clicks", lang),
               "leads": metric_name("leads", lang)}
    data = [{**{k: r[k] for k in columns},
             "review_status": t(f"pilot.status.{r['review_status']}", lang)} for r in rows]
    return pd.DataFrame(data, columns=list(columns)).rename(columns=columns)


@dataclass(frozen=True)
class Unapproved:
    """Shares of never-approved content: the table (most shared first) and its totals."""
    frame: pd.DataFrame
    shares: int
    content: int


def unapproved(rows: list[dict], department_names: dict[str, str], lang: str) -> Unapproved:
    return Unapproved(unapproved_frame(rows, department_names, lang),
                      sum(r["shares"] for r in rows), len({r["content_id"] for r in rows}))


def unapproved_frame(rows: list[dict], department_names: dict[str, str],
                     lang: str) -> pd.DataFrame:
    """Shares of never-approved content per content and department (no people)."""
    columns = {"title": t("pilot.col.title", lang), "content_type": t("pilot.col.type", lang),
               "review_status": t("pilot.col.review_status", lang),
               "department": t("col.department", lang), "shares": metric_name("shares", lang),
               "sharers": t("pilot.col.sharers", lang), "reach": metric_name("reach", lang)}
    # built column by column: thousands of rows (content x department)
    status_text = {s: t(f"pilot.status.{s}", lang) for s in {r["review_status"] for r in rows}}
    data = {k: [r.get(k) for r in rows] for k in columns}
    data["department"] = [department_names.get(r["department_id"], r["department_id"])
                          for r in rows]
    data["review_status"] = [status_text[r["review_status"]] for r in rows]
    return pd.DataFrame(data, columns=list(columns)).rename(columns=columns)
