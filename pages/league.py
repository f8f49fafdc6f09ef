"""League table: departments ranked by any metric, per capita by default.

Per capita is the default so that departments of different sizes compete fairly;
ranks, ties, movement and the department of the month follow the rules written in
metrics/league.py. Department aggregates only, so department heads may open it.
"""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from i18n import metric_name
from metrics.figures import METRICS, PER_CAPITA_BASE, RATE_METRICS
from ui import cached
from ui.charts import department_scale
from ui.format import metric_value, month_label
from ui.gate import require_page
from ui.safe_text import md
from ui.session import lang, tr
from ui.tables import download_buttons
from ui.widgets import month_picker
from ui.vega import on

user = require_page("league")
month = month_picker()
if month is None:
    st.info(tr("empty.no_data"))
    st.stop()

L = lang()
OPTIONS = tuple(m for m in METRICS if m != "headcount")
st.title(tr("league.title", month=month_label(month, L)))

left, right = st.columns([2, 1], vertical_alignment="bottom")
metric = left.selectbox(tr("league.metric"), OPTIONS, index=OPTIONS.index("reach"),
                        key="league_metric", format_func=lambda m: metric_name(m, L))
capita = right.toggle(tr("league.per_capita"), value=True, key="league_capita",
                      help=tr("league.per_capita_help"))
scaled = capita and metric in PER_CAPITA_BASE
label = tr("league.per_capita_of", metric=metric_name(metric, L)) if scaled else metric_name(
    metric, L)
if capita and not scaled:
    st.caption(tr("league.already_per_person", metric=metric_name(metric, L)))

with st.spinner(tr("league.loading")):
    rows = cached.league_rows(month, metric, capita)
    award = cached.award(month)


def shown(value) -> str:
    """Per-capita counts need decimals; everything else formats as its metric does."""
    if value is None or not scaled:
        return metric_value(metric, value, L)
    return (metric_value("revenue", value, L) if metric == "revenue"
            else metric_value("shares_per_capita", value, L))


# --- department of the month ---------------------------------------------------------
if award is None:
    st.caption(tr("league.no_award"))
else:
    st.success(tr("league.award", name=md(award.name),
                  value=metric_value("shares_per_capita", award.value, L)),
               icon=":material/emoji_events:")
st.caption(tr("league.award_rule"))


# --- the table -----------------------------------------------------------------------
def movement(row) -> str:
    if row.status == "up":
        return f"▲{row.movement}"
    if row.status == "down":
        return f"▼{-row.movement}"
    if row.status == "new":
        return tr("league.new")
    return "—"


frame = pd.DataFrame([{
    tr("col.rank"): row.rank, tr("league.movement"): movement(row),
    tr("col.department"): row.name,
    tr("col.in_pilot"): tr("common.yes" if row.in_pilot else "common.no"),
    tr("metric.headcount"): row.headcount, label: row.value,
    tr("league.last_12"): [v for v in row.history if v is not None]} for row in rows])
value_column = (st.column_config.ProgressColumn(label, format="percent", min_value=0.0,
                                                max_value=1.0)
                if metric in RATE_METRICS else
                st.column_config.NumberColumn(label, format="%.2f" if scaled or metric in (
                    "revenue", "shares_per_capita", "enps") else "localized"))
st.dataframe(frame, hide_index=True, width="stretch", column_config={
    label: value_column,
    tr("col.rank"): st.column_config.NumberColumn(format="%d"),
    tr("league.last_12"): st.column_config.LineChartColumn(tr("league.last_12"),
                                                           help=tr("league.last_12_help"))})
st.caption(tr("league.rules"))
download_buttons(frame.drop(columns=[tr("league.last_12")]), f"league-{metric}-{month}",
                 "league")

# --- chart ---------------------------------------------------------------------------
bars = pd.DataFrame([{"department": r.name, "value": r.value, "shown": shown(r.value),
                      "rank": r.rank} for r in rows if r.value is not None])
if not bars.empty:
    on(st).altair_chart(alt.Chart(bars).mark_bar().encode(
        x=alt.X("value:Q", title=label, axis=alt.Axis(format="%" if metric in RATE_METRICS
                                                      else ",~f")),
        y=alt.Y("department:N", sort=[r.name for r in rows], title=None),
        color=alt.Color("department:N", scale=department_scale(), legend=None),
        tooltip=[alt.Tooltip("rank:Q", title=tr("col.rank")),
                 alt.Tooltip("department:N", title=tr("col.department")),
                 alt.Tooltip("shown:N", title=label)]), width="stretch")
