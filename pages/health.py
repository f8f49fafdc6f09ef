"""Value and health: the programme's earned media value (EMV) and the pulse (eNPS) beside
participation, by department. Department and company aggregates only, so every role may
open it. Formulas: metrics/value.py and metrics/health.py."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from i18n import metric_name
from metrics import health
from metrics.alerts import COMPANY
from metrics.value import ValueRates, formula_text, review_value, value_of
from ui import data, programme
from ui.charts import department_scale
from ui.format import month_label, number, percent
from ui.gate import require_page
from ui.session import lang, settings, tr
from ui.widgets import month_picker
from ui.vega import on

user = require_page("health")
month = month_picker()
L = lang()
if month is None:
    st.title(tr("page.health"))
    st.info(tr("empty.no_data"))
    st.stop()
st.title(tr("health.title", month=month_label(month, L)))

rates = ValueRates.from_settings(settings())
with st.spinner(tr("health.loading")):
    review = data.review(month)
    frame = programme.health_frame(month, tr("alert.company"))


def money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f} {rates.currency}"


# --- earned media value ----------------------------------------------------------------------
st.subheader(tr("value.header"))
value = review_value(review, rates)
now, before = value["company"], value["previous"]
cols = st.columns(3)
cols[0].metric(tr("value.emv"), money(now.emv),
               f"{now.emv - before.emv:+,.2f}" if before.emv else None)
cols[1].metric(tr("value.reach_part"), money(now.reach_value))
cols[2].metric(tr("value.click_part"), money(now.click_value))
st.caption(formula_text(rates, L))

left, right = st.columns(2)
with left:
    st.markdown(f"**{tr('value.by_department')}**")
    rows = []
    for dep in review.departments:
        v = value["departments"][dep.department_id]
        headcount = dep.values["headcount"]
        rows.append({tr("col.department"): dep.name,
                     metric_name("reach", L): dep.values["reach"],
                     metric_name("clicks", L): dep.values["clicks"],
                     tr("value.col.emv"): round(v.emv, 2),
                     tr("value.col.emv_per_capita"): round(v.emv / headcount, 2) if headcount
                     else None})
    by_department = pd.DataFrame(rows)
    if not by_department.empty:
        by_department = by_department.sort_values(tr("value.col.emv"), ascending=False)
    st.dataframe(by_department, hide_index=True, width="stretch", column_config={
        tr("value.col.emv"): st.column_config.NumberColumn(format="%.2f"),
        tr("value.col.emv_per_capita"): st.column_config.NumberColumn(format="%.2f")})
with right:
    st.markdown(f"**{tr('value.trend')}**")
    company = frame[frame["department_id"] == COMPANY].copy()
    if company.empty:
        st.caption(tr("table.empty"))
    else:
        company["emv"] = [value_of(r, c, rates).emv for r, c in zip(company["reach"],
                                                                     company["clicks"])]
        company["label"] = [money(v) for v in company["emv"]]
        on(st).altair_chart(alt.Chart(company).mark_bar().encode(
            x=alt.X("month:O", title=tr("widget.month")),
            y=alt.Y("emv:Q", title=f"{tr('value.col.emv')} ({rates.currency})"),
            tooltip=[alt.Tooltip("month:O", title=tr("widget.month")),
                     alt.Tooltip("label:N", title=tr("value.col.emv"))]), width="stretch")

# --- pulse beside participation ----------------------------------------------------------------
st.subheader(tr("health.header"))
st.caption(tr("health.caption"))
departments = frame[frame["department_id"] != COMPANY].copy()
if departments.empty:
    st.caption(tr("table.empty"))
else:
    scale = department_scale()
    charts = st.columns(2)
    for col, metric, title, axis in (
            (charts[0], "participation_rate", tr("health.participation_chart"), "%"),
            (charts[1], "enps", tr("health.enps_chart"), ",~f")):
        points = departments.dropna(subset=[metric]).copy()
        with col:
            st.markdown(f"**{title}**")
            if points.empty:
                st.caption(tr("health.no_pulse") if metric == "enps" else tr("table.empty"))
                continue
            points["label"] = [percent(v) if metric == "participation_rate" else number(v, 1)
                               for v in points[metric]]
            on(st).altair_chart(alt.Chart(points).mark_line(point=True).encode(
                x=alt.X("month:O", title=tr("widget.month")),
                y=alt.Y(f"{metric}:Q", title=title, axis=alt.Axis(format=axis)),
                color=alt.Color("department:N", scale=scale, title=tr("col.department")),
                tooltip=[alt.Tooltip("month:O", title=tr("widget.month")),
                         alt.Tooltip("department:N", title=tr("col.department")),
                         alt.Tooltip("label:N", title=title)]), width="stretch")

    n = 3
    st.markdown(f"**{tr('health.signals', n=n)}**", help=tr("health.signals_help", n=n))
    summary = health.signals(frame, month, n)
    st.dataframe(pd.DataFrame([{
        tr("col.department"): r["department"],
        metric_name("participation_rate", L): percent(r["participation_rate"]),
        tr("health.col.participation_change"): (
            "—" if r["participation_change"] is None
            else f"{r['participation_change'] * 100:+.1f} pp"),
        tr("health.col.enps_recent"): number(r["enps_recent"], 1),
        tr("health.col.enps_before"): number(r["enps_before"], 1),
        tr("health.col.enps_change"): (
            "—" if r["enps_change"] is None else f"{r['enps_change']:+.1f}"),
        tr("health.col.verdict"): tr(f"health.verdict.{r['reading']}")}
        for r in summary.to_dict("records")]), hide_index=True, width="stretch")
