"""Rollout phases: where the programme stands and how each phase is judged (spec section 4).

A timeline of the four phases with today marked; per phase the scorecard of
metrics.phase_scorecard (verdict badge and the checks that make it so; the pilot's
week-by-week targets); the pilot cohort against the other departments. The
verdict rules live in metrics/phase_scorecard.py; this file only lays them out.
"""
from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from data_access.contract import PHASES
from i18n import metric_name
from metrics.phase_scorecard import timeline
from ui import cached, data
from ui.format import metric_value, month_label, percent
from ui.gate import require_page
from ui.safe_text import md
from ui.session import lang, tr
from ui.tables import table
from ui.widgets import month_picker
from ui.vega import on

user = require_page("phases")
month = month_picker()
if month is None:
    st.info(tr("empty.no_data"))
    st.stop()

L = lang()
TODAY = dt.date.today()
BADGE = {"on_track": ("green", ":material/check_circle:"),
         "at_risk": ("orange", ":material/error:"),
         "off_track": ("red", ":material/cancel:"), "no_data": ("gray", ":material/help:")}
names = {d.department_id: d.name for d in data.departments()}

st.title(tr("phases.title"))
with st.spinner(tr("phases.loading")):
    spans = timeline(data.phases(), month, TODAY)
    cards = cached.scorecards(month, TODAY)
    comparison = cached.cohort_comparison(month)

# --- timeline ------------------------------------------------------------------------
st.subheader(tr("phases.timeline"))
if not spans:
    st.info(tr("phases.no_phases"), icon=":material/event_busy:")
else:
    bars = pd.DataFrame([{
        "phase": tr(f"phase.{s.phase}"), "order": PHASES.index(s.phase),
        "start": pd.Timestamp(s.start), "end": pd.Timestamp(s.end + dt.timedelta(days=1)),
        "dates": f"{s.start.isoformat()} – {s.end.isoformat()}",
        "when": tr(f"phases.when.{s.when}"),
        "selected": tr("common.yes" if s.selected else "common.no")} for s in spans])
    order = [tr(f"phase.{p}") for p in PHASES]
    today = pd.DataFrame({"day": [pd.Timestamp(TODAY)], "label": [tr("phases.today")],
                          "date": [TODAY.isoformat()]})

    def timeline_chart(bars, today):
        gantt = alt.Chart(bars).mark_bar(cornerRadius=3, height=22).encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y-%m")), x2="end:T",
            y=alt.Y("phase:N", sort=order, title=None),
            color=alt.Color("when:N", title=tr("phases.when"),
                            scale=alt.Scale(domain=[tr(f"phases.when.{w}") for w in
                                                    ("past", "now", "upcoming")],
                                            range=["#9ecae1", "#f58518", "#d9d9d9"])),
            opacity=alt.condition(alt.datum.selected == tr("common.yes"), alt.value(1.0),
                                  alt.value(0.7)),
            tooltip=[alt.Tooltip("phase:N", title=tr("phases.phase")),
                     alt.Tooltip("dates:N", title=tr("phases.dates")),
                     alt.Tooltip("when:N", title=tr("phases.when"))])
        rule = alt.Chart(today).mark_rule(color="#e45756", strokeWidth=2).encode(
            x="day:T", tooltip=[alt.Tooltip("label:N", title=" "),
                                alt.Tooltip("date:N", title=" ")])
        label = alt.Chart(today).mark_text(align="left", dx=4, dy=-8, color="#e45756").encode(
            x="day:T", text="label:N")
        return gantt + rule + label

    on(st).cached_chart("phases.timeline", (bars, today), timeline_chart, width="stretch")
    missing = [tr(f"phase.{p}") for p in PHASES if p not in {s.phase for s in spans}]
    if missing:
        st.caption(tr("phases.missing_phases", phases="、".join(missing) if L == "zh"
                      else ", ".join(missing)))


# --- scorecards ----------------------------------------------------------------------
def fmt(metric: str | None, value) -> str:
    return metric_value(metric, value, L) if metric else "—"


def reason(check) -> str:
    return tr(f"phases.check.{check.key}", metric=metric_name(check.metric, L) if check.metric
              else "", department=md(names.get(check.department_id, check.department_id or "")),
              actual=fmt(check.metric, check.actual), expected=fmt(check.metric, check.expected),
              ratio=percent(check.ratio, 0), session=md(check.detail) or "—") + (
        tr("phases.pro_rated") if check.pro_rated else "")


def weekly_chart(chart: pd.DataFrame):
    tips = [alt.Tooltip("series:N", title=tr("col.metric")),
            alt.Tooltip("week:N", title=tr("phases.week")),
            alt.Tooltip("actual:Q", title=tr("phases.actual")),
            alt.Tooltip("target:Q", title=tr("phases.week_target"), format=".2f")]
    base = alt.Chart(chart).encode(x=alt.X("week:N", title=tr("phases.week")), tooltip=tips)
    layered = alt.layer(base.mark_bar(color="#4c78a8").encode(y=alt.Y("actual:Q", title=None)),
                        base.mark_tick(color="#e45756", thickness=3, size=24)
                        .encode(y="target:Q"))
    return layered.properties(height=180).facet(
        facet=alt.Facet("series:N", title=None), columns=2).resolve_scale(y="independent")


def weekly(card) -> None:
    frame = pd.DataFrame([{
        tr("col.department"): names.get(w.department_id, w.department_id),
        tr("col.metric"): metric_name(w.metric, L), tr("phases.week"): w.week.isoformat(),
        tr("phases.days"): w.days, tr("phases.actual"): w.actual,
        tr("phases.week_target"): w.target, tr("col.attainment"): w.ratio,
        tr("phases.verdict"): tr(f"phases.verdict.{w.verdict}")} for w in card.weeks])
    st.markdown(f"**{tr('phases.weekly')}**")
    st.caption(tr("phases.prorate_note"))
    chart = frame.rename(columns={tr("phases.week"): "week", tr("phases.actual"): "actual",
                                  tr("phases.week_target"): "target",
                                  tr("col.department"): "department",
                                  tr("col.metric"): "metric"})
    chart["series"] = chart["department"] + " · " + chart["metric"]
    on(st).cached_chart("phases.weekly", (chart,), weekly_chart, width="content")
    table(frame, f"pilot-weeks-{card.month}", f"weeks-{card.phase}", column_config={
        tr("phases.week_target"): st.column_config.NumberColumn(format="%.2f"),
        tr("col.attainment"): st.column_config.ProgressColumn(format="percent", min_value=0.0,
                                                              max_value=1.0)})


def scorecard(card) -> None:
    with st.container(border=True):
        top, badge = st.columns([4, 1], vertical_alignment="center")
        top.markdown(f"### {tr(f'phase.{card.phase}')}")
        color, icon = BADGE[card.verdict]
        if card.status in ("past", "current"):
            badge.badge(tr(f"phases.verdict.{card.verdict}"), color=color, icon=icon)
        if card.status == "unscheduled":
            st.caption(tr("phases.unscheduled"))
            return
        if card.status == "upcoming":
            st.caption(tr("phases.upcoming", start=card.start.isoformat()))
            return
        st.caption(tr(f"phases.status.{card.status}", month=month_label(card.month, L)))
        st.markdown(tr("phases.why"))
        st.markdown("\n".join(f"- {tr(f'phases.verdict.{c.verdict}')}: {reason(c)}"
                              for c in card.reasons()))
        others = [c for c in card.checks if c not in card.reasons()]
        if others:
            st.markdown(tr("phases.also"))
            st.markdown("\n".join(f"- {tr(f'phases.verdict.{c.verdict}')}: {reason(c)}"
                                  for c in others))
        if card.weeks:
            weekly(card)


st.subheader(tr("phases.scorecards"))
st.caption(tr("phases.rules"))
current = next((c for c in cards if c.status == "current"), None)
if current is None:
    st.caption(tr("phases.no_current", month=month_label(month, L)))
for card in sorted(cards, key=lambda c: c is not current):
    scorecard(card)

# --- pilot vs non-pilot --------------------------------------------------------------
def shown(measure: str, value) -> str:
    """Participation as a percentage; the per-capita measures as numbers with decimals."""
    return percent(value) if measure == "participation_rate" else metric_value(
        "shares_per_capita", value, L)


st.subheader(tr("phases.cohorts", month=month_label(month, L)))
if all(row["pilot"] is None for row in comparison):
    st.info(tr("phases.no_pilot"), icon=":material/science:")
else:
    cohorts = ("pilot", "non_pilot")
    long = pd.DataFrame([{"measure": tr(f"phases.measure.{row['measure']}"),
                          "cohort": tr(f"phases.{c}"), "value": row[c],
                          "shown": shown(row["measure"], row[c])}
                         for row in comparison for c in cohorts])
    labels = [tr(f"phases.{c}") for c in cohorts]

    def cohort_chart(long):
        return (alt.Chart(long).mark_bar().encode(
            x=alt.X("cohort:N", title=None, sort=labels, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=None),
            color=alt.Color("cohort:N", title=None, legend=None,
                            scale=alt.Scale(domain=labels, range=["#f58518", "#9d9d9d"])),
            tooltip=[alt.Tooltip("measure:N", title=tr("phases.measure")),
                     alt.Tooltip("cohort:N", title=tr("phases.cohort")),
                     alt.Tooltip("shown:N", title=tr("col.value"))])
            .properties(width=180, height=200)
            # the measures in the comparison's order (each appears once per cohort)
            .facet(column=alt.Column("measure:N", title=None,
                                     sort=list(dict.fromkeys(long["measure"]))))
            .resolve_scale(y="independent"))

    on(st).cached_chart("phases.cohorts", (long,), cohort_chart, width="content")
    frame = pd.DataFrame([{tr("phases.measure"): tr(f"phases.measure.{row['measure']}"),
                           **{tr(f"phases.{c}"): shown(row["measure"], row[c]) for c in cohorts}}
                          for row in comparison])
    table(frame, f"pilot-vs-non-pilot-{month}", "cohorts")
