"""Monthly review — the committee's home: the month at a glance, as `manage.py review` has it.

Phase banner, KPI cards (value, change on last month, target attainment), 12-month
trends, the department league table, open alerts and the review pack download.
Every figure comes from metrics/ (ui.data.review / ui.cached); this file only lays
them out. Only department aggregates appear, so department heads may open it too.
"""
from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from exports.deck import MIME as DECK_MIME
from exports.deck import deck_bytes
from exports.review_pack import review_pack
from i18n import metric_name
from metrics.alert_priority import SHORT_LIST
from metrics.figures import METRICS, RATE_METRICS
from metrics.review_view import phase_judged_by
from metrics.value import ValueRates, formula_text, value_of
from ui import cached, data, followup_panel
from ui.format import delta, metric_value, money, month_label
from ui.review_parts import (alert_group_text, as_of_notice, judged_by_text, target_caption,
                             trend_charts)
from ui.gate import require_page
from ui.session import engine, lang, settings, tr
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

st.title(tr("review.title", month=month_label(month, L)))
# the three files for the meeting, side by side (they wrap on a phone); each is built when
# clicked (in Streamlit's download thread), not on every run of the page
button = st.container(horizontal=True)
button.download_button(tr("review.download_pack"),
                       partial(review_pack, review, L, engine(), settings()),
                       f"review-{month}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="review-pack", icon=":material/download:", type="primary",
                       help=tr("review.download_pack_help"))
for kind in ("pptx", "pdf"):     # the meeting deck and its printable handout
    button.download_button(tr(f"deck.download_{kind}"),
                           partial(deck_bytes, engine(), month, L, kind, settings(), user.scope,
                                   review),
                           f"review-{month}.{kind}", DECK_MIME[kind], key=f"review-{kind}",
                           icon=":material/download:", help=tr(f"deck.download_{kind}_help"))

as_of_notice(review, L)

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
changes = company.changes()
coverage = review.coverage
compared = (tr("asof.vs_same_days", day=coverage.days) if company.previous_through
            else tr("review.vs_last_month"))
# where the phase judges a KPI otherwise than by its target, the card says by what
judged_by = phase_judged_by(cached.scorecards(month, dt.date.today()), review.phase)
st.subheader(tr("review.kpis"))
for start in range(0, len(KPIS), 3):
    for col, metric in zip(st.columns(3), KPIS[start:start + 3]):
        with col.container(border=True):
            history = [v for v in trend.series(metric) if v is not None]
            st.metric(metric_name(metric, L), metric_value(metric, company.values[metric], L),
                      delta=delta(metric, changes[metric]["delta"]),
                      delta_description=compared,
                      chart_data=history if len(history) > 1 else None)
            st.caption(target_caption(company, metric, coverage.days, L))
            if metric in judged_by:
                st.caption(judged_by_text(judged_by[metric], review.phase, L))

# --- earned media value --------------------------------------------------------------
rates = ValueRates.from_settings(settings())
now = value_of(company.values["reach"], company.values["clicks"], rates)
before = value_of(changes["reach"]["previous"], changes["clicks"]["previous"], rates)
with st.container(border=True):
    total, reach_part, click_part = st.columns(3)
    total.metric(tr("value.emv"), money(now.emv, L), delta=f"{now.emv - before.emv:+,.2f}",
                 delta_description=compared)
    reach_part.metric(tr("value.reach_part"), money(now.reach_value, L))
    click_part.metric(tr("value.click_part"), money(now.click_value, L))
    st.caption(formula_text(rates, L))

# --- 12-month trends -----------------------------------------------------------------
st.subheader(tr("review.trend"))
chosen = st.selectbox(tr("review.trend_metric"), METRICS, key="review_trend_metric",
                      index=METRICS.index("reach"), format_func=lambda m: metric_name(m, L))
names = {d.department_id: d.name for d in review.departments}
trend_charts(review, trend, chosen, names, settings().low_participation_threshold, L)

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


# by the documented priority (metrics/alert_priority.py), one item per type and department
streaks = {(x.alert.type, x.alert.department_id, x.alert.metric): x.months
           for x in cached.alert_streaks(month, dt.date.today())}
groups = review.alert_groups(streaks)
if groups:
    st.caption(tr("prio.order_note"))
for item in groups[:SHORT_LIST]:
    text = alert_group_text(item, names, streaks, L)
    (st.error if item.severity == "high" else st.warning)(text, icon=":material/warning:")
if len(groups) > SHORT_LIST:
    st.caption(tr("prio.more", more=len(groups) - SHORT_LIST, alerts=len(review.alerts)))
followup_panel.review_notes(user, month, [x for g in groups[:SHORT_LIST] for x in g.alerts], names)
