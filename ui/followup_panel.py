"""Alert follow-up on the pages: the state of each alert, and the form to acknowledge,
resolve or reopen one (rules: metrics.followup; scope enforced in data_access.followups)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from auth.roles import User
from data_access import followups as records
from data_access.followups import FollowUpError
from i18n import metric_name, t
from metrics import followup
from metrics.alert_history import key

from . import cached
from .session import engine, lang, tr
from .tables import table


def _label(alert, names: dict, lang_: str) -> str:
    return (f"{t(f'alert.{alert.type}', lang_)} · {names.get(alert.department_id, alert.department_id)}"
            f" · {metric_name(alert.metric, lang_)}")


def alerts_section(user: User, month: str, streaks: list, names: dict) -> None:
    """Follow-up table for the alerts shown, and the form for those the user may act on."""
    L = lang()
    states = followup.states(engine(), month, streaks)
    st.subheader(tr("followup.title"))
    st.caption(tr("followup.help"))
    if flash := st.session_state.pop("followup-flash", None):
        st.success(flash)
    if not user.scope.is_company:      # a head: their own departments' alerts
        streaks = [s for s in streaks if user.scope.allows(s.alert.department_id or None)]
    table(pd.DataFrame([{
        tr("col.department"): names.get(s.alert.department_id, s.alert.department_id),
        tr("col.alert"): tr(f"alert.{s.alert.type}"),
        tr("col.metric"): metric_name(s.alert.metric, L),
        tr("followup.col.state"): tr(f"followup.state.{states[key(s.alert)].state}"),
        tr("followup.col.detail"): followup.describe(states[key(s.alert)], L)
        if states[key(s.alert)].record else "—"} for s in streaks]),
        f"followup-{month}", "followup-table")
    if not followup.may_act(user):
        return
    mine = [s.alert for s in streaks if followup.may_act_on(user, s.alert.department_id)]
    if not mine:
        st.caption(tr("followup.none_actionable"))
        return
    by_key = {key(a): a for a in mine}
    picked = st.selectbox(tr("followup.pick"), list(by_key), key="followup-pick",
                          format_func=lambda k: _label(by_key[k], names, L))
    current = states[picked].record or {}
    suffix = "-".join(picked)            # each alert's fields start from its own record
    with st.form("followup-form"):
        note = st.text_area(tr("followup.note"), value=current.get("note") or "",
                            max_chars=records.NOTE_MAX, key=f"followup-note-{suffix}")
        owner = st.text_input(tr("followup.owner"), value=current.get("owner") or "",
                              max_chars=records.OWNER_MAX, key=f"followup-owner-{suffix}")
        resolution = st.text_area(tr("followup.resolution"),
                                  value=current.get("resolution") or "",
                                  max_chars=records.NOTE_MAX, key=f"followup-resolution-{suffix}")
        left, middle, right = st.columns(3)
        acknowledge = left.form_submit_button(tr("followup.acknowledge"), type="primary")
        resolve = middle.form_submit_button(tr("followup.resolve"))
        reopen = right.form_submit_button(tr("followup.reopen"), disabled=not current)
    if not (acknowledge or resolve or reopen):
        return
    try:
        if acknowledge:
            followup.acknowledge(engine(), user, picked, month, note, owner)
        elif resolve:
            followup.resolve(engine(), user, picked, month, resolution)
        else:
            followup.reopen(engine(), user, picked, month)
    except FollowUpError as exc:
        st.error(tr(f"followup.error.{exc.reason}"))
        return
    st.session_state["followup-flash"] = tr("followup.saved",
                                            alert=_label(by_key[picked], names, L))
    st.rerun()


def review_notes(user: User, month: str, alerts: list, names: dict) -> None:
    """Under the review's alerts: the follow-up of those that have one. Notes may name
    people, so a head sees those of their own departments only."""
    if not user.scope.is_company:
        alerts = [a for a in alerts if user.scope.allows(a.department_id or None)]
    if not alerts or not records.records(engine(), user.scope):
        return              # nothing followed up: no need to read the alert streaks
    L = lang()
    streaks = [s for s in cached.alert_streaks(month, dt.date.today())
               if key(s.alert) in {key(a) for a in alerts}]
    states = followup.states(engine(), month, streaks)
    for s in streaks:
        state = states[key(s.alert)]
        if state.record is None:
            continue
        department = names.get(s.alert.department_id) or tr("alerts.company")
        st.caption(tr("followup.review_line", alert=tr(f"alert.{s.alert.type}"),
                      department=department,
                      state=f"{tr(f'followup.state.{state.state}')} — "
                            f"{followup.describe(state, L)}"))
