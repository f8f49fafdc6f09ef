"""My team: a department's members this month, who has not taken part yet, trend, alerts,
and one person's drill-down. People-level rows come from data_access.people with the
user's Scope, so a department head only ever receives their own departments' people."""
from __future__ import annotations

import altair as alt
import streamlit as st

from i18n import metric_name
from metrics import team
from metrics.figures import RATE_METRICS
from ui import cached_people as cached
from ui import data
from ui.charts import department_scale
from ui.format import metric_value, money, month_label, number
from ui.gate import require_page
from ui.review_parts import as_of_notice, kpi_cards, threshold_rule
from ui.safe_text import md
from ui.session import lang, settings, tr
from ui.tables import table
from ui.widgets import department_picker, month_picker
from ui.vega import on

user = require_page("team")
MONEY = st.column_config.NumberColumn(format="¥%.2f")
PERCENT = st.column_config.NumberColumn(format="percent")
month = month_picker()
st.title(tr("page.team"))
if month is None:
    st.info(tr("empty.no_data"))
    st.stop()

wanted = st.query_params.get("department")
department_id = department_picker(user)
if department_id is None:
    st.info(tr("team.no_department"))
    st.stop()
names = {d.department_id: d.name for d in data.departments()}
dep_name = names.get(department_id, department_id)
if wanted and wanted != department_id and not user.scope.allows(wanted):
    st.info(tr("team.other_department", department=md(dep_name)))
scope = user.scope
with st.spinner(tr("team.loading")):
    rows = cached.team_month(month, scope, department_id)
    review = data.review(month)
st.caption(tr("team.caption", department=md(dep_name), month=month_label(month, lang())))

# --- department KPIs (the monthly review's own figures) ---------------------------------
# change on last month and target attainment as on the company cards, on the same footing
# for a month in progress (the same days of last month, targets pro-rated)
dep_review = review.department(department_id)
if dep_review is not None:
    st.subheader(tr("myteam.kpis"))
    as_of_notice(review, lang())
    kpis = ("headcount", "participation_rate", "shares", "reach", "leads", "conversion_rate",
            "revenue", "stories")
    kpi_cards(dep_review, review, kpis, lang(), per_row=4, none_key="myteam.no_target")

# --- members --------------------------------------------------------------------------
st.subheader(tr("team.members"))
if not rows:
    st.info(tr("team.no_members"))
else:
    members = team.members_frame(rows, lang())
    table(members, f"team-{department_id}-{month}", "team-members",
          column_config={metric_name("revenue", lang()): MONEY})
    if any(not r["in_headcount"] for r in rows):
        st.caption(tr("team.left_note"))

    st.subheader(tr("team.not_yet"))
    st.caption(tr("team.not_yet_note"))
    waiting = team.not_yet_participated(rows, lang())
    if waiting.empty:
        st.success(tr("team.everyone_took_part"))
    else:
        table(waiting, f"team-not-yet-{department_id}-{month}", "team-not-yet")

# --- trend ----------------------------------------------------------------------------
st.subheader(tr("team.trend"))
with st.spinner(tr("team.loading")):
    points = cached.department_trend(month, department_id)
# labels bound now: AppTest calls format_func where session state is not at hand
trend_labels = {m: metric_name(m, lang()) for m in team.TREND_METRICS}
metric = st.selectbox(tr("team.trend_metric"), team.TREND_METRICS, key="team-trend-metric",
                      format_func=trend_labels.get)
frame = team.trend_frame(points, metric, dep_name)
if frame.empty:
    st.caption(tr("table.empty"))
else:
    frame["label"] = [metric_value(metric, v, lang()) for v in frame["value"]]
    chart = (alt.Chart(frame).mark_line(point=True)
             .encode(x=alt.X("month:O", title=tr("widget.month")),
                     y=alt.Y("value:Q", title=metric_name(metric, lang()),
                             axis=alt.Axis(format="%" if metric in RATE_METRICS else ",~f")),
                     color=alt.Color("department:N", scale=department_scale(), legend=None),
                     tooltip=[alt.Tooltip("month:O", title=tr("widget.month")),
                              alt.Tooltip("department:N", title=tr("widget.department")),
                              alt.Tooltip("label:N", title=metric_name(metric, lang()))]))
    if metric == "participation_rate":      # the alert threshold, as on the review's charts
        chart = chart + threshold_rule(settings().low_participation_threshold)
    on(st).altair_chart(chart, width="stretch")
    shown = metric_name(metric, lang())
    table(frame[["month", "value"]].rename(columns={"month": tr("widget.month"), "value": shown}),
          f"team-trend-{department_id}-{metric}", "team-trend",
          column_config={shown: PERCENT if metric in RATE_METRICS
                         else MONEY if metric == "revenue" else None})

# --- alerts ---------------------------------------------------------------------------
st.subheader(tr("team.alerts"))
alerts = team.alerts_frame(review.alerts, department_id, dep_name, lang())
if alerts.empty:
    st.caption(tr("team.no_alerts"))
else:
    table(alerts, f"team-alerts-{department_id}-{month}", "team-alerts")

# --- one person -----------------------------------------------------------------------
st.subheader(tr("team.person"))
if rows:
    labels = {r["employee_id"]: f"{r['name']} ({r['employee_id']})" for r in rows}
    employee_id = st.selectbox(tr("team.pick_person"), list(labels), key="team-person",
                               format_func=labels.get)
    person = cached.person_month(month, scope, employee_id)
    if person is None:
        st.caption(tr("table.empty"))
    else:
        n = len(person["share_leads"])
        key = {0: "team.person_no_leads", 1: "team.person_one_lead"}.get(n, "team.person_leads")
        st.markdown(tr(key, name=md(person["name"]), n=number(n)))
        cols = st.columns(4)
        for col, key in zip(cols, ("shares", "reach", "clicks", "stories")):
            col.metric(metric_name(key, lang()), number(person[key]))
        cols = st.columns(4)
        cols[0].metric(metric_name("leads", lang()), number(person["leads"]))
        cols[1].metric(metric_name("won", lang()), number(person["won"]))
        cols[2].metric(metric_name("revenue", lang()), money(person["revenue"], lang()))
        st.markdown(f"**{tr('team.person_top_shares')}**")
        table(team.top_shares_frame(person, lang()), f"person-shares-{employee_id}-{month}",
              "person-shares")
        st.markdown(f"**{tr('team.person_share_leads')}**")
        table(team.share_leads_frame(person, lang()), f"person-leads-{employee_id}-{month}",
              "person-leads", column_config={tr("team.col.deal_amount"): MONEY})
