"""Monthly review — the committee's home: the month at a glance, as `manage.py review` has it.

Phase banner, KPI cards (value, change on last month, target attainment), 12-month
trends, the department league table, open alerts and the review pack download.
Every figure comes from metrics/ (ui.data.review / ui.cached); this file only lays
them out. Only department aggregates appear, so department heads may open it too.
"""
from __future__ import annotations

from functools import partial

import altair as alt
import pandas as pd
import streamlit as st

from exports.review_pack import review_pack
from i18n import metric_name
from metrics.figures import METRICS, RATE_METRICS
from metrics.value import ValueRates, formula_text, value_of
from ui import cached, data
from ui.charts import department_scale
from ui.format import alert_value, delta, metric_value, money, month_label, percent
from ui.gate import require_page
from ui.session import lang, settings, tr
from ui.tables import table
from ui.widgets import month_picker
from ui.vega import on

user = require_page("review")
month = month_picker()
if month is None:
    st.info(tr("empty.no_data"))
    st.stop()

KPIS = ("participation_rate", "shares", "reach", "clicks", "leads", "conversion_rate", "revenue",
        "stories", "enps")
LEAGUE_COLUMNS = ("headcount", "participation_rate", "shares", "shares_per_capita", "reach",
                  "clicks", "ctr", "leads", "won", "conversion_rate", "revenue", "stories",
                  "trained_rate", "activated_rate", "enps")
L = lang()

with st.spinner(tr("review.loading")):
    review = data.review(month)
    trend = cached.trend(month)
    league = cached.league_rows(month, "participation_rate", False)

head, button = st.columns([3, 1], vertical_alignment="bottom")
head.title(tr("review.title", month=month_label(month, L)))
# built when clicked (in Streamlit's download thread), not on every run of the page
button.download_button(tr("review.download_pack"), partial(review_pack, review, L),
                       f"review-{month}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="review-pack", icon=":material/download:", type="primary",
                       help=tr("review.download_pack_help"))

# --- phase banner --------------------------------------------------------------------
span = next((p for p in data.phases() if p.phase == review.phase), None)
if span is None:
    st.warning(tr("review.no_phase"), icon=":material/event_busy:")
else:
    st.info(tr("review.phase_banner", phase=tr(f"phase.{span.phase}"),
               start=span.start_date.isoformat(), end=span.end_date.isoformat()),
            icon=":material/flag:")

# --- KPI cards -----------------------------------------------------------------------
company = review.company
changes, goals = company.changes(), company.attainments()
st.subheader(tr("review.kpis"))
for start in range(0, len(KPIS), 3):
    for col, metric in zip(st.columns(3), KPIS[start:start + 3]):
        with col.container(border=True):
            history = [v for v in trend.series(metric) if v is not None]
            st.metric(metric_name(metric, L), metric_value(metric, company.values[metric], L),
                      delta=delta(metric, changes[metric]["delta"]),
                      delta_description=tr("review.vs_last_month"),
                      chart_data=history if len(history) > 1 else None)
            goal = goals.get(metric)
            st.caption(tr("review.target_line", target=metric_value(metric, goal["target"], L),
                          attainment=percent(goal["attainment"], 0))
                       if goal else tr("review.no_target"))

# --- earned media value --------------------------------------------------------------
rates = ValueRates.from_settings(settings())
now = value_of(company.values["reach"], company.values["clicks"], rates)
before = value_of(changes["reach"]["previous"], changes["clicks"]["previous"], rates)
with st.container(border=True):
    total, reach_part, click_part = st.columns(3)
    total.metric(tr("value.emv"), money(now.emv, L), delta=f"{now.emv - before.emv:+,.2f}",
                 delta_description=tr("review.vs_last_month"))
    reach_part.metric(tr("value.reach_part"), money(now.reach_value, L))
    click_part.metric(tr("value.click_part"), money(now.click_value, L))
    st.caption(formula_text(rates, L))

# --- 12-month trends -----------------------------------------------------------------
st.subheader(tr("review.trend"))
chosen = st.selectbox(tr("review.trend_metric"), METRICS, key="review_trend_metric",
                      index=METRICS.index("reach"), format_func=lambda m: metric_name(m, L))
names = {d.department_id: d.name for d in review.departments}
points = pd.DataFrame(trend.rows(chosen))
if points.empty:
    st.caption(tr("table.empty"))
else:
    points["who"] = points["department_id"].map(names).fillna(tr("review.company"))
    points["date"] = pd.to_datetime(points["month"] + "-01")
    points["shown"] = [metric_value(chosen, v, L) for v in points["value"]]
    points["value"] = pd.to_numeric(points["value"], errors="coerce")
    axis = alt.Axis(format="%" if chosen in RATE_METRICS else ",~f")
    tips = [alt.Tooltip("who:N", title=tr("col.department")),
            alt.Tooltip("month:N", title=tr("widget.month")),
            alt.Tooltip("shown:N", title=metric_name(chosen, L))]
    x = alt.X("date:T", timeUnit="yearmonth", title=None, axis=alt.Axis(format="%Y-%m"))
    y = alt.Y("value:Q", title=metric_name(chosen, L), axis=axis)
    is_company = points["department_id"].isna()
    left, right = st.columns(2)
    left.caption(tr("review.company_trend"))
    # the specs kept per metric, data and language (ui.vega.cached_chart)
    on(left).cached_chart(f"review.trend.company.{chosen}", (points[is_company],),
                          lambda frame: alt.Chart(frame).mark_line(
                              color="#333333", point=alt.OverlayMarkDef(color="#333333"))
                          .encode(x=x, y=y, tooltip=tips), width="stretch")
    right.caption(tr("review.department_trend"))
    on(right).cached_chart(f"review.trend.departments.{chosen}", (points[~is_company],),
                           lambda frame: alt.Chart(frame).mark_line(point=True).encode(
                               x=x, y=y, tooltip=tips, color=alt.Color(
                                   "who:N", scale=department_scale(),
                                   title=tr("col.department"))), width="stretch")
    if len(trend.months) < 12:
        st.caption(tr("review.trend_short", months=len(trend.months)))

# --- league table --------------------------------------------------------------------
st.subheader(tr("review.league"))
frame = pd.DataFrame([
    {tr("col.rank"): row.rank, tr("col.department"): row.name,
     tr("col.in_pilot"): tr("common.yes" if row.in_pilot else "common.no"),
     **{metric_name(m, L): review.department(row.department_id).values[m]
        for m in LEAGUE_COLUMNS}}
    for row in league])
config = {}
for m in LEAGUE_COLUMNS:
    if m in RATE_METRICS:
        config[metric_name(m, L)] = st.column_config.ProgressColumn(
            metric_name(m, L), format="percent", min_value=0.0, max_value=1.0)
    elif m == "revenue":
        config[metric_name(m, L)] = st.column_config.NumberColumn(format="¥%.2f")
    elif m in ("shares_per_capita", "enps"):
        config[metric_name(m, L)] = st.column_config.NumberColumn(format="%.1f")
    else:
        config[metric_name(m, L)] = st.column_config.NumberColumn(format="localized")
st.caption(tr("review.league_note"))
table(frame, f"league-{month}", "review-league", column_config=config)

# --- open alerts ---------------------------------------------------------------------
st.subheader(tr("review.alerts"))
if not review.alerts:
    st.success(tr("review.no_alerts"), icon=":material/check_circle:")


SHOWN_ALERTS = 6        # the rest is one click away, on the Risk alerts page
ordered = sorted(review.alerts, key=lambda a: a.severity != "high")
for alert in ordered[:SHOWN_ALERTS]:
    text = tr("review.alert_line", title=tr(f"alert.{alert.type}"),
              department=names.get(alert.department_id, alert.department_id)
              if alert.department_id else tr("alerts.company"),
              metric=metric_name(alert.metric, L),
              value=alert_value(alert.metric, alert.value, L),
              threshold=alert_value(alert.metric, alert.threshold, L),
              severity=tr(f"severity.{alert.severity}"),
              cause=tr(f"alert.{alert.type}.cause"), action=tr(f"alert.{alert.type}.action"))
    (st.error if alert.severity == "high" else st.warning)(text, icon=":material/warning:")
if len(ordered) > SHOWN_ALERTS:
    st.caption(tr("review.more_alerts", more=len(ordered) - SHOWN_ALERTS))
