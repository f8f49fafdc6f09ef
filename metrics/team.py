"""My team: page-ready frames from data_access.people rows, the department trend and alerts.

Participation is voluntary, so the "not yet taken part" list is neutral on
purpose: members in the month's headcount without a share, lead or story,
listed by employee id (never by any figure), with no rank or score.

The department trend is `metrics.review.month_figures` of each month, so every
point equals the monthly review's figure for that department and month.
Months before the first month holding tracking data are left out (their zeros
would read as "nobody took part" rather than "not tracked yet").
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from data_access.months import window
from data_access.people import FIGURES
from i18n import metric_name, t

from .alerts import Alert
from .review import months_figures

TREND_MONTHS = 12
TREND_METRICS = ("participation_rate", "shares", "reach", "clicks", "leads", "won",
                 "conversion_rate", "revenue", "stories")


def members_frame(rows: list[dict], lang: str) -> pd.DataFrame:
    """One row per member: id, name, position, the month's figures, whether they took part."""
    yes, no = t("common.yes", lang), t("common.no", lang)
    columns = {"employee_id": t("team.col.employee_id", lang), "name": t("team.col.name", lang),
               "position": t("team.col.position", lang),
               **{f: metric_name(f, lang) for f in FIGURES},
               "participated": t("team.col.participated", lang)}
    frame = pd.DataFrame([{**{k: r[k] for k in columns if k != "participated"},
                           "participated": yes if r["participated"] else no} for r in rows],
                         columns=list(columns))
    return frame.rename(columns=columns)


def not_yet_participated(rows: list[dict], lang: str) -> pd.DataFrame:
    """Members counted this month who have not taken part yet, by employee id (no ranking)."""
    columns = {"name": t("team.col.name", lang), "position": t("team.col.position", lang)}
    waiting = [{"name": r["name"], "position": r["position"]} for r in rows
               if r["in_headcount"] and not r["participated"]]
    return pd.DataFrame(waiting, columns=list(columns)).rename(columns=columns)


def team_totals(rows: list[dict]) -> dict[str, int | float]:
    """Sums of the members' figures (equal to the department's facts for the month)."""
    return {f: sum(r[f] for r in rows) for f in FIGURES}


def department_trend(engine: Engine, month: str, department_id: str,
                     first_month: str | None = None, n: int = TREND_MONTHS) -> list[dict]:
    """[{month, metric: value, ...}] for the n months ending with `month`, oldest first."""
    months = [m for m in window(month, n) if first_month is None or m >= first_month]
    out = []
    for m, (_, per_department) in sorted(months_figures(engine, months).items()):
        values = per_department.get(department_id)
        if values is not None:
            out.append({"month": m, **{k: values[k] for k in TREND_METRICS}})
    return out


def trend_frame(points: list[dict], metric: str, department_name: str) -> pd.DataFrame:
    """Long frame (month, department, value) of one metric, for an Altair line."""
    return pd.DataFrame([{"month": p["month"], "department": department_name,
                          "value": p[metric]} for p in points],
                        columns=["month", "department", "value"])


def alerts_frame(alerts: list[Alert], department_id: str, department_name: str,
                 lang: str) -> pd.DataFrame:
    """This department's alerts of the month with cause and suggested action."""
    rows = [a.as_dict(lang, department_name) for a in alerts if a.department_id == department_id]
    columns = {"title": t("col.alert", lang), "metric": t("col.metric", lang),
               "value": t("col.value", lang), "threshold": t("col.threshold", lang),
               "severity": t("col.severity", lang), "cause": t("col.cause", lang),
               "action": t("col.action", lang)}
    frame = pd.DataFrame([{**{k: r[k] for k in columns},
                           "metric": metric_name(r["metric"], lang),
                           "severity": t(f"severity.{r['severity']}", lang)} for r in rows],
                         columns=list(columns))
    return frame.rename(columns=columns)


def share_leads_frame(person: dict, lang: str) -> pd.DataFrame:
    """The leads this person's shares brought in the month."""
    columns = {"lead_id": t("team.col.lead_id", lang), "created_at": t("team.col.created_at", lang),
               "status": t("team.col.status", lang), "closed_at": t("team.col.closed_at", lang),
               "deal_amount": t("team.col.deal_amount", lang),
               "title": t("team.col.content", lang), "channel": t("team.col.channel", lang)}
    rows = [{**{k: r[k] for k in columns}, "status": t(f"team.lead.{r['status']}", lang),
             "channel": channel_name(r["channel"], lang)} for r in person["share_leads"]]
    return pd.DataFrame(rows, columns=list(columns)).rename(columns=columns)


def top_shares_frame(person: dict, lang: str) -> pd.DataFrame:
    """The person's shares of the month with the largest reach."""
    columns = {"shared_at": t("team.col.shared_at", lang), "title": t("team.col.content", lang),
               "channel": t("team.col.channel", lang), "reach": metric_name("reach", lang),
               "clicks": metric_name("clicks", lang), "leads": t("team.col.share_leads", lang)}
    rows = [{**{k: r[k] for k in columns}, "channel": channel_name(r["channel"], lang)}
            for r in person["top_shares"]]
    return pd.DataFrame(rows, columns=list(columns)).rename(columns=columns)


def channel_name(code: str | None, lang: str) -> str:
    """The channel's display name; codes the catalog does not know are shown as they are."""
    if not code:
        return "—"
    key = f"pilot.channel.{code}"
    text = t(key, lang)
    return code if text == key else text
