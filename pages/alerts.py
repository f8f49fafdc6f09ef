"""Risk alerts: every alert of the month (spec section 5) and how long it has been firing.

Alerts are department aggregates (a department's rate against a threshold), so
every role that may open the page sees all of them. The rules and thresholds are
metrics/alerts.py and the settings; the streak rule is metrics/alert_history.py.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from i18n import metric_name, t
from metrics.alert_priority import headcounts_of, rank
from metrics.alert_rules import rule_text
from ui import cached, data, followup_panel, programme
from ui.format import alert_value, month_label
from ui.gate import require_page
from ui.safe_text import md
from ui.session import lang, tr
from ui.tables import table, with_field_labels
from ui.widgets import month_picker

user = require_page("alerts")
EVIDENCE_TYPES = ("suspected_gaming", "unapproved_content")
month = month_picker()
if month is None:
    st.info(tr("empty.no_data"))
    st.stop()

L = lang()
st.title(tr("alerts.title", month=month_label(month, L)))
with st.spinner(tr("alerts.loading")):
    # most important first (metrics/alert_priority.py: severity, core types, streak, size,
    # distance from the threshold)
    streaks = rank(cached.alert_streaks(month, dt.date.today()), None,
                   headcounts_of(data.review(month)))
# "" is a company-level alert (e.g. a company-wide target missed)
names = {"": tr("alerts.company"), **{d.department_id: d.name for d in data.departments()}}


if not streaks:
    st.success(tr("alerts.none", month=month_label(month, L)), icon=":material/check_circle:")
    st.caption(tr("alerts.rules"))
    st.stop()

left, right = st.columns(2)
types = sorted({s.alert.type for s in streaks})
# every department, so a head can look for their own; "company" only when it has alerts
departments = [d for d in names if d or any(not s.alert.department_id for s in streaks)]
chosen_types = left.multiselect(tr("alerts.filter_type"), types, key="alerts_types",
                                format_func=lambda a: t(f"alert.{a}", L),
                                placeholder=tr("alerts.all"))
chosen_departments = right.multiselect(tr("alerts.filter_department"), departments,
                                       key="alerts_departments",
                                       format_func=lambda d: names.get(d, d),
                                       placeholder=tr("alerts.all"))
shown = [s for s in streaks
         if (not chosen_types or s.alert.type in chosen_types)
         and (not chosen_departments or s.alert.department_id in chosen_departments)]

st.caption(tr("alerts.showing", shown=len(shown), total=len(streaks)))
st.caption(tr("prio.order_note"))

frame = pd.DataFrame([{
    tr("col.department"): names.get(s.alert.department_id, s.alert.department_id),
    tr("col.alert"): tr(f"alert.{s.alert.type}"),
    tr("col.severity"): tr(f"severity.{s.alert.severity}"),
    tr("col.metric"): metric_name(s.alert.metric, L),
    tr("col.value"): alert_value(s.alert.metric, s.alert.value, L),
    tr("col.threshold"): alert_value(s.alert.metric, s.alert.threshold, L),
    tr("col.cause"): tr(f"alert.{s.alert.type}.cause"),
    tr("col.action"): tr(f"alert.{s.alert.type}.action"),
    tr("alerts.months_in_row"): s.months,
    tr("alerts.since"): month_label(s.since, L),
    tr("prio.col_rule"): rule_text(s.alert, L)} for s in shown])
if frame.empty:
    st.info(tr("alerts.none_match"))
else:
    # cause and action are read in full below (a table cell cuts them off); the downloads
    # keep them as columns
    table(frame, f"alerts-{month}", "alerts", column_config={
        tr("col.cause"): None, tr("col.action"): None,
        tr("prio.col_rule"): st.column_config.TextColumn(width="large"),
        tr("alerts.months_in_row"): st.column_config.NumberColumn(
            help=tr("alerts.months_in_row_help"), format="%d")})
    st.subheader(tr("prio.what_to_do"))
    for kind in dict.fromkeys(s.alert.type for s in shown):
        with st.container(border=True):
            st.markdown(f"**{tr(f'alert.{kind}')}**")
            st.markdown(tr("prio.cause_action", cause=tr(f"alert.{kind}.cause"),
                           action=tr(f"alert.{kind}.action")))

followup_panel.alerts_section(user, month, shown, names)

# --- evidence: the people behind an alert, within the viewer's own scope ---------------
with_evidence = [s.alert for s in shown if user.scope.allows(s.alert.department_id or None)
                 and s.alert.type in EVIDENCE_TYPES]
if with_evidence:
    st.subheader(tr("alerts.evidence"))
    st.caption(tr("alerts.evidence_help"))
for n, alert in enumerate(with_evidence):
    rows = programme.evidence(month, user.scope, alert)
    label = f"{tr(f'alert.{alert.type}')} · {md(names.get(alert.department_id, alert.department_id))}"
    with st.expander(f"{label} ({len(rows)})"):
        table(with_field_labels(pd.DataFrame(rows)), f"evidence-{alert.type}-{alert.department_id}-{month}",
              f"evidence-{n}")
st.caption(tr("alerts.rules"))
