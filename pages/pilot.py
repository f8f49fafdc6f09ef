"""Pilot monitor: pilot departments week by week against pro-rated targets (metrics.pilot),
channel mix, top content, and content shared although it was never approved.
Department and content aggregates only: no person appears on this page."""
from __future__ import annotations

import datetime as dt

import altair as alt
import streamlit as st

from data_access.months import first_day, last_day, month_of, shift
from i18n import metric_name
from metrics import pilot
from ui import cached_people as cached
from ui import data
from ui.charts import department_scale
from ui.format import number, percent
from ui.gate import require_page
from ui.safe_text import md
from ui.session import lang, tr
from ui.tables import table
from ui.widgets import month_picker
from ui.vega import on

user = require_page("pilot")
PERCENT = st.column_config.NumberColumn(format="percent")
UNAPPROVED_SHOWN = 200      # rows of the compliance table on the page; the downloads hold all
month = month_picker()
st.title(tr("page.pilot"))
if month is None:
    st.info(tr("empty.no_data"))
    st.stop()

pilots = [d for d in data.departments() if d.in_pilot]
if not pilots:
    st.info(tr("pilot.no_pilot_departments"))
    st.stop()
st.caption(tr("pilot.departments", names="、".join(md(d.name) for d in pilots)))

# --- period: the chosen month, or every month of the pilot phase -------------------------
phase = next((p for p in data.phases() if p.phase == "pilot"), None)
months = [month]
if phase is not None:
    phase_months, m = [], month_of(phase.start_date)
    while m <= month_of(phase.end_date):
        phase_months.append(m)
        m = shift(m, 1)
    period_labels = {p: tr(f"pilot.period.{p}") for p in ("month", "phase")}
    period = st.radio(tr("pilot.period"), ("month", "phase"), horizontal=True, key="pilot-period",
                      format_func=period_labels.get)
    if period == "phase":
        months = phase_months
start, end = first_day(months[0]), last_day(months[-1])
st.caption(tr("pilot.range", start=start.isoformat(), end=end.isoformat()))
ids = tuple(d.department_id for d in pilots)

# --- week by week -----------------------------------------------------------------------
st.subheader(tr("pilot.weekly"))
st.caption(tr("pilot.weekly_rule"))
with st.spinner(tr("pilot.loading")):
    weeks = cached.pilot_weeks(tuple(months), ids, dt.date.today())
if not pilot.has_targets(weeks):
    st.info(tr("pilot.no_targets"))
# labels bound now: AppTest calls format_func where session state is not at hand
metric_labels = {m: metric_name(m, lang()) for m in pilot.PILOT_METRICS}
metric = st.selectbox(tr("pilot.metric"), pilot.PILOT_METRICS, key="pilot-metric",
                      format_func=metric_labels.get)
chart_data = pilot.chart_frame(weeks, metric)
if not chart_data.empty:
    chart_data["attainment_text"] = [percent(v) for v in chart_data["attainment"]]
    chart_data["target_text"] = [number(v, 1) for v in chart_data["target"]]
    tips = [alt.Tooltip("department:N", title=tr("col.department")),
            alt.Tooltip("range:N", title=tr("pilot.col.days")),
            alt.Tooltip("actual:Q", title=metric_name(metric, lang()), format=",.0f"),
            alt.Tooltip("target_text:N", title=tr("col.target")),
            alt.Tooltip("attainment_text:N", title=tr("col.attainment"))]
    colour = alt.Color("department:N", scale=department_scale(), title=tr("col.department"))
    base = alt.Chart(chart_data).encode(x=alt.X("week:O", title=tr("pilot.col.week")),
                                        xOffset="department:N", color=colour, tooltip=tips)
    bars = base.mark_bar().encode(y=alt.Y("actual:Q", title=metric_name(metric, lang())))
    ticks = (base.transform_filter("datum.target != null")
             .mark_tick(thickness=3, color="black").encode(y="target:Q"))
    on(st).altair_chart(bars + ticks, width="stretch")
    st.caption(tr("pilot.chart_note"))
weekly = pilot.weekly_frame(weeks, lang())
table(weekly, f"pilot-weekly-{months[0]}-{months[-1]}", "pilot-weekly",
      column_config={c: PERCENT for c in weekly.columns if c.endswith(tr("col.attainment"))})

# --- channel mix ------------------------------------------------------------------------
st.subheader(tr("pilot.channels"))
with st.spinner(tr("pilot.loading")):
    channels = pilot.channel_frame(cached.channel_mix(ids, start, end), lang())
if channels.empty:
    st.caption(tr("pilot.no_shares"))
else:
    channels["ctr_text"] = [percent(v) for v in channels["ctr"]]
    on(st).altair_chart(
        alt.Chart(channels).mark_bar().encode(
            x=alt.X("reach:Q", title=metric_name("reach", lang())),
            y=alt.Y("channel:N", sort="-x", title=tr("pilot.col.channel")),
            tooltip=[alt.Tooltip("channel:N", title=tr("pilot.col.channel")),
                     alt.Tooltip("shares:Q", title=metric_name("shares", lang()), format=",.0f"),
                     alt.Tooltip("reach:Q", title=metric_name("reach", lang()), format=",.0f"),
                     alt.Tooltip("clicks:Q", title=metric_name("clicks", lang()), format=",.0f"),
                     alt.Tooltip("ctr_text:N", title=metric_name("ctr", lang()))]),
        width="stretch")
    shown = channels.drop(columns=["ctr_text"]).rename(columns={
        "channel": tr("pilot.col.channel"), "shares": metric_name("shares", lang()),
        "reach": metric_name("reach", lang()), "clicks": metric_name("clicks", lang()),
        "ctr": metric_name("ctr", lang())})
    table(shown, "pilot-channels", "pilot-channels",
          column_config={metric_name("ctr", lang()): PERCENT})

# --- top content ------------------------------------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(tr("pilot.top_reach"))
    table(pilot.content_frame(cached.top_content(ids, start, end, "reach"), lang()),
          "pilot-top-reach", "pilot-top-reach")
with right:
    st.subheader(tr("pilot.top_leads"))
    table(pilot.content_frame(cached.top_content(ids, start, end, "leads"), lang()),
          "pilot-top-leads", "pilot-top-leads")

# --- compliance: every department, since any share of unapproved content is a risk --------
st.subheader(tr("pilot.unapproved"))
st.caption(tr("pilot.unapproved_scope"))
unapproved = cached.unapproved_table(start, end, lang())
if unapproved.shares:
    st.warning(tr("pilot.unapproved_warning", shares=number(unapproved.shares),
                  content=number(unapproved.content)))
    table(unapproved.frame, "pilot-unapproved", "pilot-unapproved", shown_rows=UNAPPROVED_SHOWN)
else:
    st.success(tr("pilot.all_approved"))
